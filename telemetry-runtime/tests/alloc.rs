//! Recording into every static probe kind performs no allocation (a counting global
//! allocator, per thread). Open-key maps allocate only for a new key; events allocate.

mod common;
mod counting_alloc;

use common::*;
use counting_alloc::allocations;
use telemetry_runtime::*;

#[derive(Clone, Copy)]
enum Two {
    A,
    B,
}

impl Key for Two {
    fn index(self) -> usize {
        self as usize
    }
}

impl Label for Two {
    fn index(self) -> u32 {
        self as u32
    }
}

static EXP_META: HistogramMeta = meta(
    "A_EXP",
    HistogramKind::Exponential,
    1,
    10000,
    &EXP_1_10000_10,
);
static EXP_STORAGE: HistogramStorage<10> = HistogramStorage::new();
const EXP: Histogram<Exponential, 10> = Histogram::new(&EXP_META, &EXP_STORAGE);
static LIN_META: HistogramMeta = meta("A_LIN", HistogramKind::Linear, 1, 100, &LIN_1_100_11);
static LIN_STORAGE: HistogramStorage<11> = HistogramStorage::new();
const LIN: Histogram<Linear, 11> = Histogram::new(&LIN_META, &LIN_STORAGE);
static ENUM_META: HistogramMeta = meta("A_ENUM", HistogramKind::Enumerated, 1, 10, &ENUM_11);
static ENUM_STORAGE: HistogramStorage<11> = HistogramStorage::new();
const ENUM: Histogram<Enumerated, 11> = Histogram::new(&ENUM_META, &ENUM_STORAGE);
static CAT_META: HistogramMeta = HistogramMeta {
    labels: &["a", "b"],
    ..meta("A_CAT", HistogramKind::Categorical, 1, 50, &CAT_51)
};
static CAT_STORAGE: HistogramStorage<51> = HistogramStorage::new();
const CAT: Histogram<Categorical<Two>, 51> = Histogram::new(&CAT_META, &CAT_STORAGE);
static BOOL_META: HistogramMeta = meta(
    "A_BOOL",
    HistogramKind::Boolean,
    1,
    2,
    HistogramMeta::SMALL_BOUNDS,
);
static BOOL_STORAGE: HistogramStorage<3> = HistogramStorage::new();
const BOOL: Histogram<Boolean, 3> = Histogram::new(&BOOL_META, &BOOL_STORAGE);
static COUNT_META: HistogramMeta = meta(
    "A_COUNT",
    HistogramKind::Count,
    1,
    2,
    HistogramMeta::SMALL_BOUNDS,
);
static COUNT_STORAGE: HistogramStorage<3> = HistogramStorage::new();
const COUNT: Histogram<Count, 3> = Histogram::new(&COUNT_META, &COUNT_STORAGE);
static FLAG_META: HistogramMeta = meta(
    "A_FLAG",
    HistogramKind::Flag,
    1,
    2,
    HistogramMeta::SMALL_BOUNDS,
);
static FLAG_STORAGE: HistogramStorage<3> = HistogramStorage::new();
const FLAG: Histogram<Flag, 3> = Histogram::new(&FLAG_META, &FLAG_STORAGE);
static KEYED_META: HistogramMeta = HistogramMeta {
    keys: &["a", "b"],
    ..meta(
        "A_KEYED",
        HistogramKind::Exponential,
        1,
        10000,
        &EXP_1_10000_10,
    )
};
static KEYED_STORAGE: KeyedHistogramStorage<10, 2> = KeyedHistogramStorage::new();
const KEYED: KeyedHistogram<Exponential, Two, 10, 2> =
    KeyedHistogram::new(&KEYED_META, &KEYED_STORAGE);
static KEYED_CAT_META: HistogramMeta = HistogramMeta {
    keys: &["a", "b"],
    labels: &["a", "b"],
    ..meta("A_KEYED_CAT", HistogramKind::Categorical, 1, 50, &CAT_51)
};
static KEYED_CAT_STORAGE: KeyedHistogramStorage<51, 2> = KeyedHistogramStorage::new();
const KEYED_CAT: KeyedHistogram<Categorical<Two>, Two, 51, 2> =
    KeyedHistogram::new(&KEYED_CAT_META, &KEYED_CAT_STORAGE);
static KEYED_FLAG_META: HistogramMeta = HistogramMeta {
    keys: &["a", "b"],
    ..meta(
        "A_KEYED_FLAG",
        HistogramKind::Flag,
        1,
        2,
        HistogramMeta::SMALL_BOUNDS,
    )
};
static KEYED_FLAG_STORAGE: KeyedHistogramStorage<3, 2> = KeyedHistogramStorage::new();
const KEYED_FLAG: KeyedHistogram<Flag, Two, 3, 2> =
    KeyedHistogram::new(&KEYED_FLAG_META, &KEYED_FLAG_STORAGE);
static OPEN_META: HistogramMeta = meta(
    "A_OPEN",
    HistogramKind::Count,
    1,
    2,
    HistogramMeta::SMALL_BOUNDS,
);
static OPEN_STORAGE: OpenKeyedHistogramStorage<3> = OpenKeyedHistogramStorage::new();
const OPEN: OpenKeyedHistogram<Count, 3> = OpenKeyedHistogram::new(&OPEN_META, &OPEN_STORAGE);

static UINT_META: ScalarMeta = scalar_meta("a.uint", ScalarKind::Uint);
static UINT: UintScalar = UintScalar::new(&UINT_META);
static BOOLS_META: ScalarMeta = scalar_meta("a.bool", ScalarKind::Boolean);
static BOOLS: BoolScalar = BoolScalar::new(&BOOLS_META);
static STR_META: ScalarMeta = scalar_meta("a.str", ScalarKind::String);
static STR: StringScalar = StringScalar::new(&STR_META);
static KEYED_UINT_META: ScalarMeta = ScalarMeta {
    keys: &["a", "b"],
    ..scalar_meta("a.keyed_uint", ScalarKind::Uint)
};
static KEYED_UINT: KeyedUintScalar<Two, 2> = KeyedUintScalar::new(&KEYED_UINT_META);
static KEYED_BOOLS_META: ScalarMeta = ScalarMeta {
    keys: &["a", "b"],
    ..scalar_meta("a.keyed_bool", ScalarKind::Boolean)
};
static KEYED_BOOLS: KeyedBoolScalar<Two, 2> = KeyedBoolScalar::new(&KEYED_BOOLS_META);
static OPEN_UINT_META: ScalarMeta = scalar_meta("a.open_uint", ScalarKind::Uint);
static OPEN_UINT: OpenKeyedUintScalar = OpenKeyedUintScalar::new(&OPEN_UINT_META);

fn record_everything(i: u32) {
    EXP.accumulate(i);
    EXP.accumulate(u32::MAX);
    LIN.accumulate(i);
    ENUM.accumulate(i);
    CAT.accumulate(Two::B);
    CAT.accumulate_label("a");
    CAT.accumulate_label("unknown");
    BOOL.accumulate(i % 2 == 0);
    COUNT.add();
    COUNT.accumulate(i);
    FLAG.set();
    KEYED.accumulate(Two::A, i);
    KEYED.accumulate_raw_str("b", i);
    KEYED.accumulate_raw_str("unknown", i);
    KEYED_CAT.accumulate(Two::B, Two::A);
    KEYED_FLAG.set(Two::B);
    UINT.add(i);
    UINT.set(i);
    UINT.set_maximum(i);
    BOOLS.set(true);
    STR.set("a string value that is longer than fifty UTF-16 code units, truncated");
    KEYED_UINT.add(Two::A, i);
    KEYED_UINT.set_str("b", i);
    KEYED_UINT.add_str("unknown", i);
    KEYED_BOOLS.set(Two::B, false);
    KEYED_BOOLS.set_str("a", true);
}

#[test]
fn recording_into_static_storage_does_not_allocate() {
    let _g = serial();
    // Warm up: std's lazily initialised thread state, the process-start clock.
    record_everything(0);
    let n = allocations(|| {
        for i in 0..1000 {
            record_everything(i);
        }
    });
    assert_eq!(n, 0, "allocations while recording");

    // The gates' rejection paths do not allocate either.
    set_extended_collection(false);
    set_recording_enabled(false);
    set_current_process(Process::Content);
    let n = allocations(|| record_everything(3));
    assert_eq!(n, 0);
}

#[test]
fn open_keys_allocate_only_for_a_new_key() {
    let _g = serial();
    assert!(allocations(|| OPEN.add("first")) > 0);
    assert!(allocations(|| OPEN_UINT.add("first", 1)) > 0);
    let n = allocations(|| {
        for _ in 0..1000 {
            OPEN.add("first");
            OPEN.accumulate("first", 7);
            OPEN_UINT.add("first", 1);
            OPEN_UINT.set("first", 1);
            OPEN_UINT.add("", 1); // dropped
        }
    });
    assert_eq!(n, 0);
}
