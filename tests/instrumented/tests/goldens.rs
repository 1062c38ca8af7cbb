//! The generator's goldens (`telemetry-registry/tests/snapshots/codegen_goldens__*.snap`),
//! compiled: `build.rs` extracts each one's code into `$OUT_DIR/goldens/`, and each becomes a
//! module here. A golden that stopped compiling fails this test's build.

macro_rules! goldens {
    ($($name:ident),* $(,)?) => {
        $(
            #[allow(deprecated)]
            mod $name {
                include!(concat!(env!("OUT_DIR"), "/goldens/", stringify!($name), ".rs"));
            }
        )*

        const NAMES: &[&str] = &[$(stringify!($name)),*];

        /// Every live probe set of the goldens, by golden.
        fn sets() -> Vec<(&'static str, &'static telemetry_runtime::ProbeSet)> {
            vec![$((stringify!($name), &$name::probes::PROBES)),*]
        }
    };
}

goldens!(
    events,
    expired,
    histogram_boolean,
    histogram_categorical,
    histogram_count,
    histogram_enumerated,
    histogram_exponential,
    histogram_flag,
    histogram_keyed,
    histogram_linear,
    hostile_text,
    scalars_keyed,
    scalars_plain,
);

#[test]
fn every_golden_is_compiled() {
    let dir = std::path::Path::new(env!("OUT_DIR")).join("goldens");
    let mut found: Vec<String> = std::fs::read_dir(&dir)
        .expect("goldens extracted by build.rs")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".rs"))
                .map(str::to_string)
        })
        .collect();
    found.sort();
    assert_eq!(found, NAMES, "update the list in tests/goldens.rs");
}

#[test]
fn goldens_record_and_snapshot() {
    use telemetry_runtime::snapshot_set;
    telemetry_runtime::set_extended_collection(true);
    histogram_exponential::probes::histograms::GC_MS.accumulate(42);
    histogram_keyed::probes::histograms::TAB_STATE.accumulate(
        histogram_keyed::probes::histograms::TabStateKey::Pinned,
        histogram_keyed::probes::histograms::TabState::Unloaded,
    );
    scalars_plain::probes::scalars::normandy::LAST_RECIPE_SLUG.set("x");
    let exponential = snapshot_set(&histogram_exponential::probes::PROBES, true);
    assert_eq!(exponential.histogram("GC_MS").map(|h| h.sum), Some(42));
    let keyed = snapshot_set(&histogram_keyed::probes::PROBES, true);
    assert_eq!(keyed.keyed_histogram("TAB_STATE").map(|k| k.len()), Some(1));
    let counts: Vec<(&str, usize)> = sets()
        .into_iter()
        .map(|(name, set)| {
            (
                name,
                set.histograms.len() + set.scalars.len() + set.events.len(),
            )
        })
        .collect();
    // Expired probes have no storage: only the exempt test probe is live.
    assert!(counts.contains(&("expired", 1)), "{counts:?}");
}
