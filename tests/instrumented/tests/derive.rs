//! `telemetry_derive::probes!` expands to the same module as the Builder's `build.rs`: the
//! same probes, types and metadata, from the same pipeline.

mod via_macro {
    telemetry_derive::probes!("../../definitions", current_version = "130.0a1");
}

use instrumented_example::probes as via_builder;

#[test]
fn the_macro_and_the_builder_generate_the_same_probes() {
    let (a, b) = (&via_macro::probes::PROBES, &via_builder::PROBES);
    let histograms =
        |set: &telemetry_runtime::ProbeSet| -> Vec<(String, usize, &'static [&'static str])> {
            set.histograms
                .iter()
                .map(|h| {
                    (
                        h.meta().name.to_string(),
                        h.meta().bounds.len(),
                        h.meta().labels,
                    )
                })
                .collect()
        };
    assert_eq!(histograms(a), histograms(b));
    let scalars = |set: &telemetry_runtime::ProbeSet| -> Vec<String> {
        set.scalars
            .iter()
            .map(|s| s.meta().name.to_string())
            .collect()
    };
    assert_eq!(scalars(a), scalars(b));
    let events = |set: &telemetry_runtime::ProbeSet| -> Vec<(&str, &[&str], &[&str])> {
        set.events
            .iter()
            .map(|e| (e.meta().category, e.meta().methods, e.meta().objects))
            .collect()
    };
    assert_eq!(events(a), events(b));

    // The same typed API.
    use via_macro::probes::{events::normandy as ev, histograms as h};
    h::DEVICE_RESET_REASON.accumulate(h::DeviceResetReason::Hung);
    h::GFX_COMPOSITOR_INIT_MS.accumulate(h::GfxCompositorInitMsKey::Basic, 3);
    ev::enroll_preference_study(None, ev::EnrollExtra::default());
    let payload = telemetry_runtime::snapshot_set(a, false);
    assert_eq!(
        payload.histogram("DEVICE_RESET_REASON").map(|h| h.sum),
        Some(1)
    );
}
