//! Recording into every generated probe kind performs no allocation: a counting global
//! allocator around each recording. Open-key maps allocate only the first time they see a key
//! (measured here on a key already present), and events always allocate their strings (not
//! measured).

// The counting allocator the runtime's own zero-allocation test uses.
#[path = "../../../telemetry-runtime/tests/counting_alloc/mod.rs"]
mod counting_alloc;

use counting_alloc::allocations;
use instrumented_example::extra::probes as x;
use instrumented_example::probes::{histograms as h, scalars::normandy as sc};

#[test]
fn recording_into_every_static_probe_kind_does_not_allocate() {
    telemetry_runtime::set_recording_enabled(true);
    telemetry_runtime::set_extended_collection(true);
    // Open-key maps: the first sample under a key allocates it; later ones must not.
    h::SEARCH_COUNTS.add("google.urlbar");
    x::histograms::EXAMPLE_FEATURE_USED.accumulate("sidebar", true);
    sc::RECIPE_FRESHNESS.set("recipe-42", 1);
    x::scalars::example::settings::FEATURE_FLAGS.set("sidebar", true);

    type Case = (&'static str, Box<dyn Fn()>);
    let cases: Vec<Case> = vec![
        ("exponential", Box::new(|| h::GC_MS.accumulate(42))),
        (
            "exponential (opt-in)",
            Box::new(|| h::TELEMETRY_TUTORIAL_PROBE.accumulate(7)),
        ),
        (
            // Records in content processes only.
            "linear",
            Box::new(|| {
                telemetry_runtime::set_current_process(telemetry_runtime::Process::Content);
                h::PAGE_SCROLL_PERCENT.accumulate(50);
                telemetry_runtime::set_current_process(telemetry_runtime::Process::Parent);
            }),
        ),
        (
            "enumerated",
            Box::new(|| h::HTTP_RESPONSE_VERSION.accumulate(3)),
        ),
        (
            "categorical",
            Box::new(|| h::DEVICE_RESET_REASON.accumulate(h::DeviceResetReason::Hung)),
        ),
        (
            "boolean",
            Box::new(|| h::STARTUP_CRASH_DETECTED.accumulate(true)),
        ),
        (
            "flag",
            Box::new(|| x::histograms::EXAMPLE_STARTUP_FLAG.set()),
        ),
        (
            "keyed exponential, declared keys",
            Box::new(|| {
                h::GFX_COMPOSITOR_INIT_MS.accumulate(h::GfxCompositorInitMsKey::Basic, 250)
            }),
        ),
        (
            "keyed categorical, declared keys",
            Box::new(|| {
                x::histograms::EXAMPLE_TAB_STATE.accumulate(
                    x::histograms::ExampleTabStateKey::Pinned,
                    x::histograms::ExampleTabState::Crashed,
                )
            }),
        ),
        ("uint scalar", Box::new(|| sc::UPTAKE_RECIPE_COUNT.add(1))),
        ("boolean scalar", Box::new(|| sc::STUDIES_ENABLED.set(true))),
        (
            "string scalar",
            Box::new(|| sc::LAST_RECIPE_SLUG.set("pref-study-42")),
        ),
        (
            "keyed uint scalar, declared keys",
            Box::new(|| sc::UPTAKE_RUNNER.add(sc::UptakeRunnerKey::Success, 1)),
        ),
        (
            "keyed boolean scalar, declared keys",
            Box::new(|| {
                x::scalars::example::settings::SYNC_ENGINES
                    .set(x::scalars::example::settings::SyncEnginesKey::History, true)
            }),
        ),
        // Open-key maps, on a key they already hold.
        (
            "keyed count, open keys (existing key)",
            Box::new(|| h::SEARCH_COUNTS.add("google.urlbar")),
        ),
        (
            "keyed boolean, open keys (existing key)",
            Box::new(|| x::histograms::EXAMPLE_FEATURE_USED.accumulate("sidebar", false)),
        ),
        (
            "keyed uint scalar, open keys (existing key)",
            Box::new(|| sc::RECIPE_FRESHNESS.set("recipe-42", 2)),
        ),
        (
            "keyed boolean scalar, open keys (existing key)",
            Box::new(|| x::scalars::example::settings::FEATURE_FLAGS.set("sidebar", false)),
        ),
    ];
    let mut report = Vec::new();
    for (name, record) in &cases {
        // Many recordings per case: a lazily allocated structure would show up.
        let n = allocations(|| {
            for _ in 0..1000 {
                record();
            }
        });
        report.push(format!("{name}: {n}"));
        assert_eq!(n, 0, "{name} allocated {n} times in 1000 recordings");
    }
    eprintln!(
        "allocations per 1000 recordings:\n  {}",
        report.join("\n  ")
    );
    // Sanity: the counter counts, and the recordings above did land.
    assert!(allocations(|| drop(std::hint::black_box(vec![1u8; 16]))) > 0);
    let payload = telemetry_runtime::snapshot_set(&instrumented_example::probes::PROBES, false);
    assert!(
        payload
            .histogram("GC_MS")
            .is_some_and(|h| h.total_count() == 1000)
    );
}
