//! Firefox's recording rules, per probe kind, and the recording gates (ping-payload.md (a),
//! (b), (c), (d), (f)).

mod common;

use common::*;
use telemetry_runtime::*;

// ---------------------------------------------------------------------------------------------
// Exponential and linear

static EXP_META: HistogramMeta = meta(
    "T_EXP",
    HistogramKind::Exponential,
    1,
    10000,
    &EXP_1_10000_10,
);
static EXP_STORAGE: HistogramStorage<10> = HistogramStorage::new();
const EXP: Histogram<Exponential, 10> = Histogram::new(&EXP_META, &EXP_STORAGE);

#[test]
fn exponential_buckets_follow_the_bound_table() {
    let _g = serial();
    for v in [5, 7, 30] {
        EXP.accumulate(v);
    }
    let h = EXP.snapshot(true).unwrap();
    assert_eq!(h.values, vec![(1, 0), (3, 2), (10, 1), (32, 0)]);
    assert_eq!(h.sum, 42);
    assert_eq!(
        (h.bucket_count, h.histogram_type, h.range),
        (10, 0, [1, 10000])
    );
    // Cleared.
    assert_eq!(EXP.snapshot(false), None);
}

#[test]
fn exponential_clamps_below_low_and_above_high() {
    let _g = serial();
    EXP.accumulate(0); // below low: bucket 0
    EXP.accumulate(10000); // high: last bucket
    EXP.accumulate(20000); // above high: last bucket, full value in sum
    let h = EXP.snapshot(true).unwrap();
    // Bucket 0 and the last bucket: no neighbours to add, interior zeros left out.
    assert_eq!(h.values, vec![(0, 1), (10000, 2)]);
    assert_eq!(h.sum, 30000);
}

#[test]
fn samples_above_int_max_are_clamped_and_counted() {
    let _g = serial();
    let int_max = i32::MAX as u32;
    EXP.accumulate(int_max - 1); // stored as is
    EXP.accumulate(int_max); // capped to INT_MAX - 1, not counted as clamped
    EXP.accumulate(u32::MAX); // clamped to INT_MAX (counted), capped to INT_MAX - 1
    EXP.accumulate(int_max + 1); // clamped, counted
    let h = EXP.snapshot(false).unwrap();
    assert_eq!(h.values, vec![(3172, 0), (10000, 4)]);
    assert_eq!(h.sum, 4 * u64::from(SAMPLE_MAX));
    let set = set!([EXP], []);
    let payload = snapshot_set(set, true);
    assert_eq!(
        payload.keyed_scalar("telemetry.accumulate_clamped_values"),
        Some(&[("T_EXP".to_string(), ScalarValue::Uint(2))][..])
    );
    // The counter was cleared with the snapshot.
    EXP.accumulate(1);
    let payload = snapshot_set(set, true);
    assert_eq!(
        payload.keyed_scalar("telemetry.accumulate_clamped_values"),
        None
    );
}

#[test]
fn clamped_values_scalar_is_opt_in() {
    let _g = serial();
    set_extended_collection(false);
    static OUT_META: HistogramMeta = meta(
        "T_EXP_OPT_OUT",
        HistogramKind::Exponential,
        1,
        10000,
        &EXP_1_10000_10,
    );
    static OUT_STORAGE: HistogramStorage<10> = HistogramStorage::new();
    const OUT: Histogram<Exponential, 10> = Histogram::new(&OUT_META, &OUT_STORAGE);
    OUT.accumulate(u32::MAX);
    let payload = snapshot_set(set!([OUT], []), true);
    assert!(payload.histogram("T_EXP_OPT_OUT").is_some());
    assert_eq!(
        payload.keyed_scalar("telemetry.accumulate_clamped_values"),
        None
    );
}

static LIN_META: HistogramMeta = meta("T_LIN", HistogramKind::Linear, 1, 100, &LIN_1_100_11);
static LIN_STORAGE: HistogramStorage<11> = HistogramStorage::new();
const LIN: Histogram<Linear, 11> = Histogram::new(&LIN_META, &LIN_STORAGE);

#[test]
fn linear_buckets() {
    let _g = serial();
    LIN.accumulate(50);
    let h = LIN.snapshot(true).unwrap();
    assert_eq!(h.values, vec![(34, 0), (45, 1), (56, 0)]);
    assert_eq!((h.sum, h.histogram_type, h.bucket_count), (50, 1, 11));
    LIN.accumulate(11); // between 1 and 12: bucket 1
    LIN.accumulate(12);
    LIN.accumulate(100);
    let h = LIN.snapshot(true).unwrap();
    assert_eq!(h.values, vec![(0, 0), (1, 1), (12, 1), (100, 1)]);
}

/// Linear 5..7 in 6 buckets repeats bounds (Firefox's ranges: 0, 5, 6, 6, 7, 7).
static NARROW_BOUNDS: [u32; 6] = [0, 5, 6, 6, 7, 7];
static NARROW_META: HistogramMeta = meta("T_NARROW", HistogramKind::Linear, 5, 7, &NARROW_BOUNDS);
static NARROW_STORAGE: HistogramStorage<6> = HistogramStorage::new();
const NARROW: Histogram<Linear, 6> = Histogram::new(&NARROW_META, &NARROW_STORAGE);

#[test]
fn repeated_bounds_record_into_the_later_bucket_and_report_one_value_per_bound() {
    let _g = serial();
    NARROW.accumulate(6);
    NARROW.accumulate(6);
    NARROW.accumulate(9);
    let h = NARROW.snapshot(true).unwrap();
    // Bucket 2 (bound 6) is the zero neighbour below bucket 3 (bound 6, count 2): one key "6"
    // holding the later bucket's count, as Firefox's snapshot defines it.
    assert_eq!(h.values, vec![(6, 2), (7, 1)]);
    assert_eq!((h.sum, h.bucket_count), (21, 6));
    NARROW.accumulate(5);
    let h = NARROW.snapshot(true).unwrap();
    assert_eq!(h.values, vec![(0, 0), (5, 1), (6, 0)]);
}

// ---------------------------------------------------------------------------------------------
// Enumerated, categorical, boolean, count, flag

static ENUM_META: HistogramMeta = meta("T_ENUM", HistogramKind::Enumerated, 1, 10, &ENUM_11);
static ENUM_STORAGE: HistogramStorage<11> = HistogramStorage::new();
const ENUM: Histogram<Enumerated, 11> = Histogram::new(&ENUM_META, &ENUM_STORAGE);

#[test]
fn enumerated_leaves_interior_zero_buckets_out() {
    let _g = serial();
    ENUM.accumulate(0);
    ENUM.accumulate(3);
    let h = ENUM.snapshot(true).unwrap();
    assert_eq!(h.values, vec![(0, 1), (3, 1), (4, 0)]);
    assert_eq!((h.sum, h.histogram_type, h.range), (3, 1, [1, 10]));
}

#[test]
fn enumerated_out_of_range_shares_the_last_bucket() {
    let _g = serial();
    ENUM.accumulate(10);
    ENUM.accumulate(11);
    ENUM.accumulate(1000);
    let h = ENUM.snapshot(true).unwrap();
    assert_eq!(h.values, vec![(9, 0), (10, 3)]);
    assert_eq!(h.sum, 1021);
}

#[derive(Clone, Copy)]
enum Letter {
    A,
    B,
    C,
}

impl Label for Letter {
    fn index(self) -> u32 {
        self as u32
    }
}

static CAT_META: HistogramMeta = HistogramMeta {
    labels: &["a", "b", "c"],
    ..meta("T_CAT", HistogramKind::Categorical, 1, 50, &CAT_51)
};
static CAT_STORAGE: HistogramStorage<51> = HistogramStorage::new();
const CAT: Histogram<Categorical<Letter>, 51> = Histogram::new(&CAT_META, &CAT_STORAGE);

#[test]
fn categorical_by_label_and_index() {
    let _g = serial();
    CAT.accumulate(Letter::B);
    CAT.accumulate(Letter::B);
    assert!(CAT.accumulate_label("c"));
    CAT.accumulate(Letter::C);
    assert!(!CAT.accumulate_label("C"), "labels are case-sensitive");
    assert!(!CAT.accumulate_label("nope"));
    let h = CAT.snapshot(true).unwrap();
    assert_eq!(h.values, vec![(0, 0), (1, 2), (2, 2), (3, 0)]);
    assert_eq!(
        (h.sum, h.histogram_type, h.bucket_count, h.range),
        (6, 5, 51, [1, 50])
    );

    CAT.accumulate(Letter::A);
    CAT.accumulate_raw(70); // index >= N shares the last bucket, sum += index
    let h = CAT.snapshot(true).unwrap();
    assert_eq!(h.values, vec![(0, 1), (50, 1)]);
    assert_eq!(h.sum, 70);
}

static BOOL_META: HistogramMeta = meta(
    "T_BOOL",
    HistogramKind::Boolean,
    1,
    2,
    HistogramMeta::SMALL_BOUNDS,
);
static BOOL_STORAGE: HistogramStorage<3> = HistogramStorage::new();
const BOOL: Histogram<Boolean, 3> = Histogram::new(&BOOL_META, &BOOL_STORAGE);

#[test]
fn boolean_counts_non_zero_as_true() {
    let _g = serial();
    for v in [false, false, false, true, true] {
        BOOL.accumulate(v);
    }
    let h = BOOL.snapshot(true).unwrap();
    assert_eq!(h.values, vec![(0, 3), (1, 2), (2, 0)]);
    assert_eq!(
        (h.sum, h.histogram_type, h.range, h.bucket_count),
        (2, 2, [1, 2], 3)
    );

    BOOL.accumulate_raw(7);
    BOOL.accumulate_raw(u32::MAX);
    let h = BOOL.snapshot(true).unwrap();
    assert_eq!(
        h.values,
        vec![(0, 0), (1, 2), (2, 0)],
        "bucket 2 never receives a count"
    );
    assert_eq!(h.sum, 2, "sum is the number of trues");
}

static COUNT_META: HistogramMeta = meta(
    "T_COUNT",
    HistogramKind::Count,
    1,
    2,
    HistogramMeta::SMALL_BOUNDS,
);
static COUNT_STORAGE: HistogramStorage<3> = HistogramStorage::new();
const COUNT: Histogram<Count, 3> = Histogram::new(&COUNT_META, &COUNT_STORAGE);

#[test]
fn count_adds_one_to_bucket_zero_and_the_value_to_sum() {
    let _g = serial();
    for _ in 0..4 {
        COUNT.add();
    }
    let h = COUNT.snapshot(true).unwrap();
    assert_eq!(h.values, vec![(0, 4), (1, 0)]);
    assert_eq!((h.sum, h.histogram_type), (4, 4));

    COUNT.accumulate(5);
    COUNT.accumulate(0);
    let h = COUNT.snapshot(true).unwrap();
    assert_eq!(h.values, vec![(0, 2), (1, 0)]);
    assert_eq!(h.sum, 5);
}

static FLAG_META: HistogramMeta = meta(
    "T_FLAG",
    HistogramKind::Flag,
    1,
    2,
    HistogramMeta::SMALL_BOUNDS,
);
static FLAG_STORAGE: HistogramStorage<3> = HistogramStorage::new();
const FLAG: Histogram<Flag, 3> = Histogram::new(&FLAG_META, &FLAG_STORAGE);

#[test]
fn flag_switches_once_per_subsession() {
    let _g = serial();
    FLAG.clear();
    let unset = FLAG.snapshot(false).unwrap();
    assert_eq!(unset.values, vec![(0, 1), (1, 0)]);
    assert_eq!((unset.sum, unset.histogram_type), (0, 3));

    FLAG.set();
    FLAG.accumulate_raw(0); // ignored: cannot turn a set flag back
    let h = FLAG.snapshot(true).unwrap();
    assert_eq!(h.values, vec![(0, 0), (1, 1), (2, 0)]);
    assert_eq!(h.sum, 1);

    // Cleared: unset again.
    assert_eq!(FLAG.snapshot(false).unwrap(), unset);
    // A first recording of 0 looks unset but locks the flag.
    FLAG.accumulate_raw(0);
    FLAG.set();
    assert_eq!(FLAG.snapshot(true).unwrap(), unset);
    FLAG.set();
    assert_eq!(FLAG.snapshot(true).unwrap().sum, 1);
}

#[test]
fn unset_flags_are_always_reported_empty_counts_are_not() {
    let _g = serial();
    FLAG.clear();
    COUNT.clear();
    let set = set!([FLAG, COUNT], []);
    let p = snapshot_set(set, true);
    assert_eq!(p.histogram("T_FLAG").unwrap().values, vec![(0, 1), (1, 0)]);
    assert!(p.histogram("T_COUNT").is_none());
}

// ---------------------------------------------------------------------------------------------
// Gates

static OPT_IN_META: HistogramMeta = HistogramMeta {
    collection: Collection::OptIn,
    ..meta(
        "T_OPT_IN",
        HistogramKind::Boolean,
        1,
        2,
        HistogramMeta::SMALL_BOUNDS,
    )
};
static OPT_IN_STORAGE: HistogramStorage<3> = HistogramStorage::new();
const OPT_IN: Histogram<Boolean, 3> = Histogram::new(&OPT_IN_META, &OPT_IN_STORAGE);
static CONTENT_ONLY_META: HistogramMeta = HistogramMeta {
    record_in: ProcessSet::CONTENT,
    ..meta(
        "T_CONTENT",
        HistogramKind::Boolean,
        1,
        2,
        HistogramMeta::SMALL_BOUNDS,
    )
};
static CONTENT_ONLY_STORAGE: HistogramStorage<3> = HistogramStorage::new();
const CONTENT_ONLY: Histogram<Boolean, 3> =
    Histogram::new(&CONTENT_ONLY_META, &CONTENT_ONLY_STORAGE);
static FENNEC_META: HistogramMeta = HistogramMeta {
    products: ProductSet::FENNEC,
    ..meta(
        "T_FENNEC",
        HistogramKind::Boolean,
        1,
        2,
        HistogramMeta::SMALL_BOUNDS,
    )
};
static FENNEC_STORAGE: HistogramStorage<3> = HistogramStorage::new();
const FENNEC: Histogram<Boolean, 3> = Histogram::new(&FENNEC_META, &FENNEC_STORAGE);

#[test]
fn recording_switch_drops_everything() {
    let _g = serial();
    set_recording_enabled(false);
    BOOL.accumulate(true);
    OPT_IN.accumulate(true);
    assert!(!recording_enabled());
    set_recording_enabled(true);
    assert_eq!(BOOL.snapshot(true), None);
    assert_eq!(OPT_IN.snapshot(true), None);
}

#[test]
fn opt_in_records_only_with_extended_collection() {
    let _g = serial();
    set_extended_collection(false);
    OPT_IN.accumulate(true);
    BOOL.accumulate(true); // opt-out: records
    assert_eq!(OPT_IN.snapshot(false), None);
    assert_eq!(BOOL.snapshot(true).unwrap().sum, 1);

    set_extended_collection(true);
    OPT_IN.accumulate(true);
    set_extended_collection(false);
    // Not reported (and not cleared) while extended collection is off.
    let set = set!([OPT_IN], []);
    assert!(snapshot_set(set, true).histogram("T_OPT_IN").is_none());
    set_extended_collection(true);
    assert_eq!(
        snapshot_set(set, true).histogram("T_OPT_IN").unwrap().sum,
        1
    );
}

#[test]
fn process_gate() {
    let _g = serial();
    CONTENT_ONLY.accumulate(true); // parent: dropped
    assert_eq!(CONTENT_ONLY.snapshot(false), None);
    set_current_process(Process::Extension); // `content` covers the extension process
    assert_eq!(current_process(), Process::Extension);
    CONTENT_ONLY.accumulate(true);
    let p = snapshot_set(set!([CONTENT_ONLY], []), true);
    assert_eq!(p.process, Process::Extension);
    assert_eq!(p.histogram("T_CONTENT").unwrap().sum, 1);
    set_current_process(Process::Gpu);
    CONTENT_ONLY.accumulate(true);
    assert_eq!(CONTENT_ONLY.snapshot(false), None);
}

#[test]
fn product_gate() {
    let _g = serial();
    FENNEC.accumulate(true);
    assert_eq!(FENNEC.snapshot(false), None);
    set_product(Product::Fennec);
    assert_eq!(current_product(), Product::Fennec);
    FENNEC.accumulate(true);
    assert_eq!(FENNEC.snapshot(true).unwrap().sum, 1);
}

#[test]
fn set_names() {
    assert_eq!(
        ProcessSet::from_name("all_childs"),
        Some(ProcessSet::ALL_CHILDREN)
    );
    assert!(!ProcessSet::ALL_CHILDREN.contains(Process::Parent));
    assert!(
        ProcessSet::from_name("content")
            .unwrap()
            .contains(Process::Extension)
    );
    assert_eq!(ProcessSet::from_name("nope"), None);
    assert_eq!(Process::from_name("socket"), Some(Process::Socket));
    assert_eq!(
        ProductSet::from_name("thunderbird"),
        Some(ProductSet::THUNDERBIRD)
    );
    assert!(ProductSet::ALL.contains(Product::GeckoviewStreaming));
}

// ---------------------------------------------------------------------------------------------
// Keyed histograms

#[derive(Clone, Copy)]
enum Source {
    Search,
    Urlbar,
}

impl Key for Source {
    fn index(self) -> usize {
        self as usize
    }
}

static KEYED_META: HistogramMeta = HistogramMeta {
    keys: &["search", "urlbar"],
    ..meta(
        "T_KEYED_BOOL",
        HistogramKind::Boolean,
        1,
        2,
        HistogramMeta::SMALL_BOUNDS,
    )
};
static KEYED_STORAGE: KeyedHistogramStorage<3, 2> = KeyedHistogramStorage::new();
const KEYED: KeyedHistogram<Boolean, Source, 3, 2> =
    KeyedHistogram::new(&KEYED_META, &KEYED_STORAGE);

#[test]
fn declared_keys() {
    let _g = serial();
    let set = set!([KEYED], []);
    assert!(
        snapshot_set(set, true)
            .keyed_histogram("T_KEYED_BOOL")
            .is_none(),
        "no keys: left out"
    );

    KEYED.accumulate(Source::Search, true);
    KEYED.accumulate(Source::Search, false);
    KEYED.accumulate(Source::Urlbar, false);
    assert!(KEYED.accumulate_raw_str("search", 1));
    assert!(
        !KEYED.accumulate_raw_str("Search", 1),
        "keys are case-sensitive"
    );
    assert!(!KEYED.accumulate_raw_str("other", 1));
    let p = snapshot_set(set, true);
    let keys = p.keyed_histogram("T_KEYED_BOOL").unwrap();
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0].0, "search");
    assert_eq!(keys[0].1.values, vec![(0, 1), (1, 2), (2, 0)]);
    assert_eq!(keys[1].0, "urlbar");
    assert_eq!(keys[1].1.values, vec![(0, 1), (1, 0)]);
    KEYED.accumulate(Source::Urlbar, true);
    let keys = KEYED.snapshot(true);
    assert_eq!(keys.len(), 1, "a key exists only once it has a sample");
    assert_eq!(
        p.keyed_scalar("telemetry.accumulate_unknown_histogram_keys"),
        Some(&[("T_KEYED_BOOL".to_string(), ScalarValue::Uint(2))][..])
    );
}

static RAW_KEYED_META: HistogramMeta = HistogramMeta {
    keys: &["a", "b", "c"],
    ..meta("T_RAW_KEYED", HistogramKind::Linear, 1, 100, &LIN_1_100_11)
};
static RAW_KEYED_STORAGE: KeyedHistogramStorage<11, 3> = KeyedHistogramStorage::new();
const RAW_KEYED: KeyedHistogram<Linear, usize, 11, 3> =
    KeyedHistogram::new(&RAW_KEYED_META, &RAW_KEYED_STORAGE);

#[test]
fn raw_key_index_out_of_range_is_dropped() {
    let _g = serial();
    RAW_KEYED.accumulate(3, 50);
    RAW_KEYED.accumulate(usize::MAX, 50);
    assert!(RAW_KEYED.snapshot(false).is_empty());
    RAW_KEYED.accumulate(2, 50);
    let keys = RAW_KEYED.snapshot(true);
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].0, "c");
}

static OPEN_META: HistogramMeta = meta(
    "T_OPEN_COUNT",
    HistogramKind::Count,
    1,
    2,
    HistogramMeta::SMALL_BOUNDS,
);
static OPEN_STORAGE: OpenKeyedHistogramStorage<3> = OpenKeyedHistogramStorage::new();
const OPEN: OpenKeyedHistogram<Count, 3> = OpenKeyedHistogram::new(&OPEN_META, &OPEN_STORAGE);

#[test]
fn open_keys_accept_anything_and_are_removed_on_clear() {
    let _g = serial();
    OPEN.accumulate("google", 1);
    OPEN.accumulate("google", 3);
    OPEN.add("");
    OPEN.add("ünïcødé 😀");
    let keys = OPEN.snapshot(true);
    let names: Vec<&str> = keys.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, ["", "google", "ünïcødé 😀"]);
    assert_eq!(keys[1].1.values, vec![(0, 2), (1, 0)]);
    assert_eq!(keys[1].1.sum, 4);
    assert!(OPEN.snapshot(false).is_empty(), "clearing removes the keys");
}

#[test]
fn open_keys_are_bounded_and_overflow_is_counted() {
    let _g = serial();
    OPEN.clear();
    let _ = OPEN.counters(true);
    for i in 0..OPEN_HISTOGRAM_MAX_KEYS + 5 {
        OPEN.add(&format!("k{i}"));
    }
    OPEN.add("k0"); // existing key still records
    OPEN.add(&"x".repeat(OPEN_HISTOGRAM_MAX_KEY_BYTES + 1));
    assert_eq!(OPEN.dropped_keys(), 6);
    let keys = OPEN.snapshot(true);
    assert_eq!(keys.len(), OPEN_HISTOGRAM_MAX_KEYS);
    assert_eq!(keys.iter().find(|(k, _)| k == "k0").unwrap().1.sum, 2);
    assert_eq!(OPEN.counters(true).key_limit, 6);
    // After the clear the budget is back.
    OPEN.add("fresh");
    assert_eq!(OPEN.snapshot(true).len(), 1);
}

static OPEN_DECLARED_META: HistogramMeta = HistogramMeta {
    keys: &["only"],
    ..meta(
        "T_OPEN_DECLARED",
        HistogramKind::Count,
        1,
        2,
        HistogramMeta::SMALL_BOUNDS,
    )
};
static OPEN_DECLARED_STORAGE: OpenKeyedHistogramStorage<3> = OpenKeyedHistogramStorage::new();
const OPEN_DECLARED: OpenKeyedHistogram<Count, 3> =
    OpenKeyedHistogram::new(&OPEN_DECLARED_META, &OPEN_DECLARED_STORAGE);

#[test]
fn open_map_with_declared_keys_rejects_others() {
    let _g = serial();
    OPEN_DECLARED.add("only");
    OPEN_DECLARED.add("other");
    assert_eq!(OPEN_DECLARED.snapshot(true).len(), 1);
    assert_eq!(OPEN_DECLARED.counters(true).unknown_keys, 1);
}

// ---------------------------------------------------------------------------------------------
// Scalars

static UINT_META: ScalarMeta = scalar_meta("t.uint", ScalarKind::Uint);
static UINT: UintScalar = UintScalar::new(&UINT_META);
static BOOLS_META: ScalarMeta = scalar_meta("t.bool", ScalarKind::Boolean);
static BOOLS: BoolScalar = BoolScalar::new(&BOOLS_META);
static STR_META: ScalarMeta = scalar_meta("t.str", ScalarKind::String);
static STR: StringScalar = StringScalar::new(&STR_META);

#[test]
fn uint_scalar_adds_wrapping_and_sets() {
    let _g = serial();
    let set = set!([], [UINT]);
    assert_eq!(snapshot_set(set, true).scalar("t.uint"), None);
    UINT.add(3);
    UINT.add(4);
    assert_eq!(UINT.value(), Some(7));
    UINT.set(u32::MAX);
    UINT.add(2);
    assert_eq!(UINT.value(), Some(1), "add wraps modulo 2^32");
    UINT.set(0);
    assert_eq!(
        snapshot_set(set, true).scalar("t.uint"),
        Some(&ScalarValue::Uint(0)),
        "0 is a value"
    );
    assert_eq!(UINT.value(), None, "cleared");
    UINT.set_maximum(5);
    UINT.set_maximum(3);
    assert_eq!(UINT.value(), Some(5));
    UINT.set_maximum(9);
    assert_eq!(
        snapshot_set(set, true).scalar("t.uint"),
        Some(&ScalarValue::Uint(9))
    );
}

#[test]
fn bool_scalar_false_is_a_value() {
    let _g = serial();
    let set = set!([], [BOOLS]);
    BOOLS.set(false);
    assert_eq!(
        snapshot_set(set, true).scalar("t.bool"),
        Some(&ScalarValue::Bool(false))
    );
    assert_eq!(snapshot_set(set, true).scalar("t.bool"), None);
    BOOLS.set(true);
    assert_eq!(BOOLS.value(), Some(true));
}

#[test]
fn string_scalar_truncates_to_50_utf16_units() {
    let _g = serial();
    STR.set("hello");
    assert_eq!(STR.value().as_deref(), Some("hello"));
    STR.set(&"a".repeat(60));
    assert_eq!(STR.value().unwrap(), "a".repeat(50));
    // 49 units + a surrogate pair: the pair would be units 50 and 51, so it is cut whole.
    let s = format!("{}😀", "b".repeat(49));
    STR.set(&s);
    assert_eq!(STR.value().unwrap(), "b".repeat(49));
    // 3-byte characters: 50 of them fit (150 bytes).
    STR.set(&"€".repeat(70));
    assert_eq!(STR.value().unwrap(), "€".repeat(50));
    STR.set("");
    let set = set!([], [STR]);
    assert_eq!(
        snapshot_set(set, true).scalar("t.str"),
        Some(&ScalarValue::String(String::new()))
    );
    assert_eq!(STR.value(), None);
}

#[test]
fn scalar_gates() {
    let _g = serial();
    static OPT_IN_META: ScalarMeta = ScalarMeta {
        collection: Collection::OptIn,
        ..scalar_meta("t.opt_in", ScalarKind::Uint)
    };
    static OPT_IN_UINT: UintScalar = UintScalar::new(&OPT_IN_META);
    static MAIN_META: ScalarMeta = ScalarMeta {
        record_in: ProcessSet::MAIN,
        ..scalar_meta("t.main", ScalarKind::Boolean)
    };
    static MAIN_ONLY: BoolScalar = BoolScalar::new(&MAIN_META);
    set_extended_collection(false);
    OPT_IN_UINT.add(1);
    assert_eq!(OPT_IN_UINT.value(), None);
    set_current_process(Process::Content);
    MAIN_ONLY.set(true);
    assert_eq!(MAIN_ONLY.value(), None);
    set_recording_enabled(false);
    set_current_process(Process::Parent);
    MAIN_ONLY.set(true);
    STR.set("x");
    assert_eq!(MAIN_ONLY.value(), None);
    assert_eq!(STR.value(), None);
}

#[derive(Clone, Copy)]
enum Input {
    MouseClick,
    Touch,
}

impl Key for Input {
    fn index(self) -> usize {
        self as usize
    }
}

static KEYED_UINT_META: ScalarMeta = ScalarMeta {
    keys: &["mouse_click", "touch"],
    ..scalar_meta("t.keyed_uint", ScalarKind::Uint)
};
static KEYED_UINT: KeyedUintScalar<Input, 2> = KeyedUintScalar::new(&KEYED_UINT_META);
static KEYED_BOOL_META: ScalarMeta = ScalarMeta {
    keys: &["a"],
    ..scalar_meta("t.keyed_bool", ScalarKind::Boolean)
};
static KEYED_BOOL: KeyedBoolScalar<usize, 1> = KeyedBoolScalar::new(&KEYED_BOOL_META);

#[test]
fn keyed_scalars_with_declared_keys() {
    let _g = serial();
    KEYED_UINT.add(Input::MouseClick, 1);
    KEYED_UINT.add_str("mouse_click", 1);
    KEYED_UINT.set(Input::Touch, 1);
    KEYED_UINT.add_str("Touch", 1); // unknown (case-sensitive): counted
    KEYED_UINT.add_str("", 1); // empty: dropped, not counted
    KEYED_BOOL.set(0, false);
    KEYED_BOOL.set(1, true); // out of range: dropped
    KEYED_BOOL.set_str("b", true);
    let set = set!([], [KEYED_UINT, KEYED_BOOL]);
    let p = snapshot_set(set, true);
    assert_eq!(
        p.keyed_scalar("t.keyed_uint").unwrap(),
        &[
            ("mouse_click".to_string(), ScalarValue::Uint(2)),
            ("touch".to_string(), ScalarValue::Uint(1))
        ]
    );
    assert_eq!(
        p.keyed_scalar("t.keyed_bool").unwrap(),
        &[("a".to_string(), ScalarValue::Bool(false))]
    );
    let unknown = p
        .keyed_scalar("telemetry.keyed_scalars_unknown_keys")
        .unwrap();
    assert_eq!(
        unknown,
        &[
            ("t.keyed_uint".to_string(), ScalarValue::Uint(1)),
            ("t.keyed_bool".to_string(), ScalarValue::Uint(1))
        ]
    );
    assert!(snapshot_set(set, true).keyed_scalars.is_empty());
}

static OPEN_UINT_META: ScalarMeta = scalar_meta("t.open_uint", ScalarKind::Uint);
static OPEN_UINT: OpenKeyedUintScalar = OpenKeyedUintScalar::new(&OPEN_UINT_META);
static OPEN_BOOL_META: ScalarMeta = scalar_meta("t.open_bool", ScalarKind::Boolean);
static OPEN_BOOL: OpenKeyedBoolScalar = OpenKeyedBoolScalar::new(&OPEN_BOOL_META);

#[test]
fn open_keyed_scalar_key_rules() {
    let _g = serial();
    let set = set!([], [OPEN_UINT, OPEN_BOOL]);
    OPEN_UINT.add("", 1); // empty: dropped
    OPEN_UINT.add(&"k".repeat(73), 1); // 73 UTF-16 units: dropped, not truncated
    OPEN_UINT.add(&"k".repeat(72), 1);
    OPEN_UINT.add(&"😀".repeat(37), 1); // 74 units
    OPEN_UINT.add(&"😀".repeat(36), 2); // 72 units
    OPEN_BOOL.set("x", true);
    let p = snapshot_set(set, true);
    let keys = p.keyed_scalar("t.open_uint").unwrap();
    assert_eq!(keys.len(), 2);
    assert!(keys.contains(&("k".repeat(72), ScalarValue::Uint(1))));
    assert!(keys.contains(&("😀".repeat(36), ScalarValue::Uint(2))));
    assert_eq!(
        p.keyed_scalar("t.open_bool").unwrap(),
        &[("x".to_string(), ScalarValue::Bool(true))]
    );
    assert_eq!(p.keyed_scalar("telemetry.keyed_scalars_exceed_limit"), None);
}

static BUDGET_META: ScalarMeta = scalar_meta("t.budget", ScalarKind::Uint);
static BUDGET: OpenKeyedUintScalar = OpenKeyedUintScalar::new(&BUDGET_META);

#[test]
fn keyed_scalar_key_budget_is_per_session() {
    let _g = serial();
    let set = set!([], [BUDGET]);
    for i in 0..SCALAR_MAX_KEYS {
        BUDGET.add(&format!("key{i}"), 1);
    }
    BUDGET.add("one_too_many", 1);
    BUDGET.add("key7", 1); // existing: updated
    let p = snapshot_set(set, true);
    let keys = p.keyed_scalar("t.budget").unwrap();
    assert_eq!(keys.len(), SCALAR_MAX_KEYS);
    assert!(keys.contains(&("key7".to_string(), ScalarValue::Uint(2))));
    assert_eq!(
        p.keyed_scalar("telemetry.keyed_scalars_exceed_limit")
            .unwrap(),
        &[("t.budget".to_string(), ScalarValue::Uint(1))]
    );
    // Cleared values, kept keys: the budget is still spent.
    assert_eq!(BUDGET.key_count(), SCALAR_MAX_KEYS);
    assert!(snapshot_set(set, false).keyed_scalar("t.budget").is_none());
    BUDGET.add("still_too_many", 1);
    BUDGET.add("key3", 5);
    let p = snapshot_set(set, true);
    assert_eq!(
        p.keyed_scalar("t.budget").unwrap(),
        &[("key3".to_string(), ScalarValue::Uint(5))]
    );
    assert_eq!(
        p.keyed_scalar("telemetry.keyed_scalars_exceed_limit")
            .unwrap(),
        &[("t.budget".to_string(), ScalarValue::Uint(1))]
    );
}

// ---------------------------------------------------------------------------------------------
// Snapshot filters and registration

static TEST_PROBE_META: HistogramMeta = meta(
    "TELEMETRY_TEST_X",
    HistogramKind::Count,
    1,
    2,
    HistogramMeta::SMALL_BOUNDS,
);
static TEST_PROBE_STORAGE: HistogramStorage<3> = HistogramStorage::new();
const TEST_PROBE: Histogram<Count, 3> = Histogram::new(&TEST_PROBE_META, &TEST_PROBE_STORAGE);
static TEST_SCALAR_META: ScalarMeta = scalar_meta("telemetry.test.x", ScalarKind::Uint);
static TEST_SCALAR: UintScalar = UintScalar::new(&TEST_SCALAR_META);

#[test]
fn test_probes_are_filtered_but_cleared() {
    let _g = serial();
    let set = set!([TEST_PROBE], [TEST_SCALAR]);
    TEST_PROBE.add();
    TEST_SCALAR.add(1);
    let p = snapshot_set(set, true);
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(TEST_PROBE.snapshot(false), None, "cleared");
    assert_eq!(TEST_SCALAR.value(), None, "cleared");

    TEST_PROBE.add();
    let options = SnapshotOptions {
        include_test_probes: true,
        ..SnapshotOptions::new(false)
    };
    let p = snapshot_set_with(set, options);
    assert_eq!(p.histogram("TELEMETRY_TEST_X").unwrap().sum, 1);
    TEST_PROBE.clear();
}

static REG_META: HistogramMeta = meta(
    "T_REGISTERED",
    HistogramKind::Count,
    1,
    2,
    HistogramMeta::SMALL_BOUNDS,
);
static REG_STORAGE: HistogramStorage<3> = HistogramStorage::new();
const REG: Histogram<Count, 3> = Histogram::new(&REG_META, &REG_STORAGE);
static REG_SET: ProbeSet = ProbeSet::new(&[&REG], &[], &[]);
static REG2_META: ScalarMeta = scalar_meta("t.registered", ScalarKind::Uint);
static REG2: UintScalar = UintScalar::new(&REG2_META);
static REG_SET2: ProbeSet = ProbeSet::new(&[], &[&REG2], &[]);

#[test]
fn register_is_idempotent_and_snapshot_covers_all_sets() {
    let _g = serial();
    assert!(!REG_SET.is_registered());
    assert!(register(&REG_SET));
    assert!(!register(&REG_SET));
    assert!(register(&REG_SET2));
    let sets = registered_sets();
    let a = sets
        .iter()
        .position(|s| std::ptr::eq(*s, &REG_SET))
        .unwrap();
    let b = sets
        .iter()
        .position(|s| std::ptr::eq(*s, &REG_SET2))
        .unwrap();
    assert!(a < b, "registration order");
    REG.add();
    REG2.add(4);
    let p = snapshot(true);
    assert_eq!(p.histogram("T_REGISTERED").unwrap().sum, 1);
    assert_eq!(p.scalar("t.registered"), Some(&ScalarValue::Uint(4)));
    let p = snapshot(true);
    assert!(p.histogram("T_REGISTERED").is_none());
}

#[test]
fn snapshot_without_clear_keeps_data() {
    let _g = serial();
    LIN.accumulate(5);
    let set = set!([LIN], []);
    let a = snapshot_set(set, false);
    let b = snapshot_set(set, false);
    assert_eq!(a, b);
    assert_eq!(a.histogram("T_LIN").unwrap().sum, 5);
    LIN.clear();
}

#[test]
fn payload_merge_adds_counts() {
    let _g = serial();
    LIN.accumulate(50);
    UINT.add(2);
    let set = set!([LIN], [UINT]);
    let mut a = snapshot_set(set, true);
    LIN.accumulate(50);
    LIN.accumulate(99);
    UINT.add(3);
    let b = snapshot_set(set, true);
    a.merge(b);
    let h = a.histogram("T_LIN").unwrap();
    assert_eq!(h.values, vec![(34, 0), (45, 2), (89, 1), (100, 0)]);
    assert_eq!(h.sum, 199);
    assert_eq!(a.scalar("t.uint"), Some(&ScalarValue::Uint(5)));
}

// ---------------------------------------------------------------------------------------------
// Events

static EVENT_META: EventMeta = EventMeta {
    category: "example.cat",
    methods: &["click", "open"],
    objects: &["button", "menu"],
    extra_keys: &["key1", "key2"],
    record_in: ProcessSet::ALL,
    products: ProductSet::ALL,
    collection: Collection::OptOut,
};
static EVENT: EventProbe = EventProbe::new(&EVENT_META);

fn ticks() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static T: AtomicU64 = AtomicU64::new(1000);
    T.fetch_add(1, Ordering::Relaxed)
}

#[test]
fn events_record_shape_and_truncation() {
    let _g = serial();
    set_clock(Some(|| 1234));
    EVENT.record(0, 0, None, &[]).unwrap();
    EVENT
        .record_str(
            "open",
            "menu",
            Some(&"v".repeat(100)),
            &[("key1", &"é".repeat(50))],
        )
        .unwrap();
    let s = take_events(MAX_EVENTS_PER_PING, false);
    assert_eq!(s.lost, 0);
    assert_eq!(s.events.len(), 2);
    let e = &s.events[0];
    assert_eq!(
        (
            e.timestamp,
            e.category.as_str(),
            e.method.as_str(),
            e.object.as_str()
        ),
        (1234, "example.cat", "click", "button")
    );
    assert_eq!((e.value.as_deref(), e.extra.len()), (None, 0));
    let e = &s.events[1];
    assert_eq!(
        e.value.as_deref(),
        Some("v".repeat(80).as_str()),
        "80 bytes"
    );
    assert_eq!(
        e.extra,
        vec![("key1".to_string(), "é".repeat(40))],
        "80 bytes, whole characters"
    );
    let e = "aé".repeat(40); // 120 bytes; byte 80 falls inside an é
    EVENT.record(0, 1, Some(&e), &[]).unwrap();
    let v = take_events(10, false).events[0].value.clone().unwrap();
    assert_eq!(v.len(), 78 + 1, "cut at a code-point boundary");
}

#[test]
fn events_reject_unknown_names_and_extra_keys() {
    let _g = serial();
    assert_eq!(
        EVENT.record(2, 0, None, &[]),
        Err(RecordError::UnknownMethodOrObject)
    );
    assert_eq!(
        EVENT.record_str("click", "nope", None, &[]),
        Err(RecordError::UnknownMethodOrObject)
    );
    assert_eq!(
        EVENT.record(0, 0, Some("v"), &[("key1", "a"), ("bogus", "b")]),
        Err(RecordError::UnknownExtraKey)
    );
    assert_eq!(pending_events(), 0, "the whole event is dropped");
}

#[test]
fn event_gates() {
    let _g = serial();
    static OPT_IN_META: EventMeta = EventMeta {
        collection: Collection::OptIn,
        ..EVENT_META
    };
    static OPT_IN_EVENT: EventProbe = EventProbe::new(&OPT_IN_META);
    static PARENT_META: EventMeta = EventMeta {
        record_in: ProcessSet::MAIN,
        products: ProductSet::FIREFOX,
        ..EVENT_META
    };
    static PARENT_EVENT: EventProbe = EventProbe::new(&PARENT_META);
    set_extended_collection(false);
    assert_eq!(
        OPT_IN_EVENT.record(0, 0, None, &[]),
        Err(RecordError::Disabled)
    );
    assert!(EVENT.record(0, 0, None, &[]).is_ok());
    set_current_process(Process::Socket);
    assert_eq!(
        PARENT_EVENT.record(0, 0, None, &[]),
        Err(RecordError::Disabled)
    );
    set_current_process(Process::Parent);
    set_product(Product::Thunderbird);
    assert_eq!(
        PARENT_EVENT.record(0, 0, None, &[]),
        Err(RecordError::Disabled)
    );
    set_product(Product::Firefox);
    set_recording_enabled(false);
    assert_eq!(EVENT.record(0, 0, None, &[]), Err(RecordError::Disabled));
    assert_eq!(pending_events(), 1);
}

#[test]
fn event_ping_limits_leftovers_and_lost_events() {
    let _g = serial();
    set_clock(Some(ticks));
    for _ in 0..1500 {
        EVENT.record(0, 0, None, &[]).unwrap();
    }
    let first = take_events(MAX_EVENTS_PER_PING, false);
    assert_eq!((first.events.len(), first.lost), (1000, 0));
    assert_eq!(pending_events(), 500, "leftovers stay buffered");
    assert!(
        first
            .events
            .windows(2)
            .all(|w| w[0].timestamp < w[1].timestamp),
        "oldest first"
    );
    for _ in 0..700 {
        EVENT.record(0, 0, None, &[]).unwrap();
    }
    let second = take_events(MAX_EVENTS_PER_PING, true);
    assert_eq!((second.events.len(), second.lost), (1000, 200));
    assert_eq!(pending_events(), 0);
    assert_eq!(
        take_events(MAX_EVENTS_PER_PING, false).lost,
        0,
        "lost count reset"
    );
}

#[test]
fn event_buffer_is_bounded() {
    let _g = serial();
    set_event_buffer_capacity(3);
    for _ in 0..3 {
        EVENT.record(0, 0, None, &[]).unwrap();
    }
    assert_eq!(EVENT.record(0, 0, None, &[]), Err(RecordError::BufferFull));
    assert_eq!(event_buffer_capacity(), 3);
    let s = take_events(10, false);
    assert_eq!((s.events.len(), s.lost), (3, 1));
}

#[test]
fn event_limit_callback_fires_at_1000() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static FIRED: AtomicUsize = AtomicUsize::new(0);
    let _g = serial();
    set_event_limit_callback(Some(|| {
        FIRED.fetch_add(1, Ordering::SeqCst);
    }));
    for _ in 0..MAX_EVENTS_PER_PING + 10 {
        EVENT.record(1, 1, None, &[]).unwrap();
    }
    assert_eq!(FIRED.load(Ordering::SeqCst), 1);
    let _ = take_events(usize::MAX, true);
}

#[test]
fn test_event_categories_are_filtered() {
    let _g = serial();
    static TEST_META: EventMeta = EventMeta {
        category: "telemetry.test",
        ..EVENT_META
    };
    static TEST_EVENT: EventProbe = EventProbe::new(&TEST_META);
    TEST_EVENT.record(0, 0, None, &[]).unwrap();
    EVENT.record(0, 0, None, &[]).unwrap();
    let s = take_events(10, false);
    assert_eq!(s.events.len(), 1);
    assert_eq!(s.events[0].category, "example.cat");
    assert_eq!(pending_events(), 0);
}

#[test]
fn hostile_strings_do_not_panic() {
    let _g = serial();
    let nasty = [
        "",
        "\0",
        "\u{10FFFF}",
        "\u{FFFD}\u{200B}",
        "😀",
        "a\u{0301}",
        "\"}]\\",
    ];
    for s in nasty {
        OPEN.add(s);
        OPEN_UINT.add(s, 1);
        OPEN_BOOL.set(s, true);
        STR.set(s);
        KEYED.accumulate_raw_str(s, 1);
        KEYED_UINT.add_str(s, 1);
        CAT.accumulate_label(s);
        let _ = EVENT.record_str(s, s, Some(s), &[(s, s)]);
        let _ = EVENT.record(0, 0, Some(s), &[("key1", s)]);
        for n in 0..8 {
            let long = s.repeat(100 + n);
            STR.set(&long);
            OPEN_UINT.add(&long, 1);
            let _ = EVENT.record(0, 0, Some(&long), &[("key2", &long)]);
        }
    }
    let _ = snapshot_set(
        set!([OPEN, KEYED, CAT], [OPEN_UINT, OPEN_BOOL, STR, KEYED_UINT]),
        true,
    );
    let _ = take_events(usize::MAX, true);
}
