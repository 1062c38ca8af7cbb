//! An instrumented example: a crate that declares probes in definition files, generates their
//! typed API with `telemetry_registry::Builder` in `build.rs`, and records into every kind.
//!
//! - [`probes`]: the sample definitions of the workspace (`definitions/`): every histogram kind
//!   of ESR 140, Normandy's scalars and enrollment events;
//! - [`extra::probes`]: more shapes under Firefox 76's rules (`definitions-extra/`): a flag
//!   histogram, a keyed categorical histogram with declared keys, keyed boolean histograms and
//!   scalars, events without extra keys, and expired probes.
//!
//! [`record_parent`] and [`record_content`] are what the payload test snapshots.

include!(concat!(env!("OUT_DIR"), "/probes.rs"));

/// The probes of `definitions-extra/`.
pub mod extra {
    include!(concat!(env!("OUT_DIR"), "/extra.rs"));
}

use extra::probes::histograms::{ExampleTabState, ExampleTabStateKey};
use extra::probes::scalars::example::settings::SyncEnginesKey;
use probes::events::normandy::{EnrollExtra, UnenrollExtra};
use probes::histograms::{DeviceResetReason, GfxCompositorInitMsKey};
use probes::scalars::normandy::UptakeRunnerKey;

/// Registers both probe sets with the runtime, so that snapshots include them.
pub fn register() {
    probes::register();
    extra::probes::register();
}

/// Records into every live probe of both sets, as the parent process would.
pub fn record_parent() {
    use extra::probes as x;
    use probes::{events::normandy as ev, histograms as h, scalars::normandy as sc};

    // Histograms: exponential (opt-in and opt-out), boolean, enumerated, categorical, keyed
    // count with open keys, keyed exponential with declared keys.
    for ms in [5, 7, 30] {
        h::TELEMETRY_TUTORIAL_PROBE.accumulate(ms);
    }
    h::GC_MS.accumulate(42);
    h::GC_MS.accumulate(0);
    h::GC_MS.accumulate(20_000);
    h::STARTUP_CRASH_DETECTED.accumulate(true);
    h::STARTUP_CRASH_DETECTED.accumulate(false);
    h::STARTUP_CRASH_DETECTED.accumulate(false);
    for version in [0, 3, 3, 15] {
        h::HTTP_RESPONSE_VERSION.accumulate(version);
    }
    h::DEVICE_RESET_REASON.accumulate(DeviceResetReason::Hung);
    h::DEVICE_RESET_REASON.accumulate(DeviceResetReason::Hung);
    h::DEVICE_RESET_REASON.accumulate(DeviceResetReason::Reset);
    h::SEARCH_COUNTS.add("google.urlbar");
    h::SEARCH_COUNTS.add("google.urlbar");
    h::SEARCH_COUNTS.accumulate("bing.searchbar", 3);
    h::GFX_COMPOSITOR_INIT_MS.accumulate(GfxCompositorInitMsKey::Webrender, 12);
    h::GFX_COMPOSITOR_INIT_MS.accumulate(GfxCompositorInitMsKey::Basic, 250);

    // Flag, count, keyed categorical with declared keys, keyed boolean with open keys.
    x::histograms::EXAMPLE_STARTUP_FLAG.set();
    x::histograms::EXAMPLE_PAGE_LOADS.add();
    x::histograms::EXAMPLE_PAGE_LOADS.add();
    x::histograms::EXAMPLE_TAB_STATE
        .accumulate(ExampleTabStateKey::Pinned, ExampleTabState::Loaded);
    x::histograms::EXAMPLE_TAB_STATE
        .accumulate(ExampleTabStateKey::Regular, ExampleTabState::Crashed);
    x::histograms::EXAMPLE_FEATURE_USED.accumulate("sidebar", true);
    x::histograms::EXAMPLE_FEATURE_USED.accumulate("sidebar", false);

    // Scalars: keyed uint (open and declared keys), uint, string, boolean, keyed boolean (open
    // and declared keys).
    sc::RECIPE_FRESHNESS.set("recipe-42", 1_700_000_000);
    sc::RECIPE_FRESHNESS.set("recipe-7", 1_690_000_000);
    sc::UPTAKE_RUNNER.add(UptakeRunnerKey::Success, 1);
    sc::UPTAKE_RUNNER.add(UptakeRunnerKey::Success, 1);
    sc::UPTAKE_RUNNER.add(UptakeRunnerKey::NetworkError, 1);
    sc::UPTAKE_RECIPE_COUNT.add(3);
    sc::UPTAKE_RECIPE_COUNT.add(2);
    sc::LAST_RECIPE_SLUG.set("pref-study-42");
    sc::STUDIES_ENABLED.set(true);
    x::scalars::example::settings::FEATURE_FLAGS.set("sidebar", true);
    x::scalars::example::settings::SYNC_ENGINES.set(SyncEnginesKey::Bookmarks, true);
    x::scalars::example::settings::SYNC_ENGINES.set(SyncEnginesKey::Passwords, false);

    // Events: typed extras (some left out), a value, several methods and objects, none.
    ev::enroll_preference_study(
        "pref-study-42",
        EnrollExtra {
            branch: Some("control"),
            enrollment_id: Some("e-1"),
            ..EnrollExtra::default()
        },
    );
    ev::unenroll_addon_study(
        "addon-study-7",
        UnenrollExtra {
            reason: Some("recipe-not-seen"),
            did_reset_value: None,
            addon_id: Some("addon@example.com"),
            addon_version: Some("1.2"),
            branch: Some("treatment"),
            enrollment_id: Some("e-2"),
            changed_pref: None,
        },
    );
    x::events::example::ui::click_button(None);
    x::events::example::ui::click_link("about:preferences");
}

/// Records what a content process would (samples in `content`-only and shared probes).
pub fn record_content() {
    use probes::histograms as h;
    h::PAGE_SCROLL_PERCENT.accumulate(50);
    h::TELEMETRY_TUTORIAL_PROBE.accumulate(10_000);
    h::TELEMETRY_TUTORIAL_PROBE.accumulate(20_000);
    h::GC_MS.accumulate(3);
}
