//! Expired probes compile to zero-sized handles that record nothing, and are not in the probe
//! set; keyed string scalars likewise (Firefox never creates them).

use instrumented_example::extra::probes;

#[test]
#[allow(deprecated)]
fn expired_probes_are_zero_sized_no_ops() {
    assert_eq!(
        std::mem::size_of_val(&probes::histograms::EXAMPLE_OLD_LOAD_MS),
        0
    );
    assert_eq!(
        std::mem::size_of_val(&probes::scalars::example::settings::OLD_COUNTER),
        0
    );
    probes::histograms::EXAMPLE_OLD_LOAD_MS.accumulate(5);
    probes::scalars::example::settings::OLD_COUNTER.add(1);
    probes::events::example::ui::open_panel(
        "x",
        probes::events::example::ui::OldOpenExtra {
            source: Some("menu"),
        },
    );
    let set = &probes::PROBES;
    let names: Vec<&str> = set.histograms.iter().map(|h| h.meta().name).collect();
    assert!(!names.contains(&"EXAMPLE_OLD_LOAD_MS"), "{names:?}");
    assert_eq!(names.len(), 4);
    assert!(
        set.scalars
            .iter()
            .all(|s| s.meta().name != "example.settings.old_counter")
    );
    assert_eq!(set.events.len(), 1);
    let payload = telemetry_runtime::snapshot_set(set, false);
    assert!(payload.histogram("EXAMPLE_OLD_LOAD_MS").is_none());
}
