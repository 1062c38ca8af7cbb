//! Snapshot-and-clear loses no sample that races with it: writer threads record a known
//! number of samples while another thread snapshots-and-clears in a loop; every count (per
//! bucket), every sum, every scalar add and every event is found exactly once across all
//! snapshots plus the final one.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};
use telemetry_runtime::*;

static EXP_META: HistogramMeta = meta(
    "S_EXP",
    HistogramKind::Exponential,
    1,
    10000,
    &EXP_1_10000_10,
);
static EXP_STORAGE: HistogramStorage<10> = HistogramStorage::new();
const EXP: Histogram<Exponential, 10> = Histogram::new(&EXP_META, &EXP_STORAGE);
static COUNT_META: HistogramMeta = meta(
    "S_COUNT",
    HistogramKind::Count,
    1,
    2,
    HistogramMeta::SMALL_BOUNDS,
);
static COUNT_STORAGE: HistogramStorage<3> = HistogramStorage::new();
const COUNT: Histogram<Count, 3> = Histogram::new(&COUNT_META, &COUNT_STORAGE);
static BOOL_META: HistogramMeta = meta(
    "S_BOOL",
    HistogramKind::Boolean,
    1,
    2,
    HistogramMeta::SMALL_BOUNDS,
);
static BOOL_STORAGE: HistogramStorage<3> = HistogramStorage::new();
const BOOL: Histogram<Boolean, 3> = Histogram::new(&BOOL_META, &BOOL_STORAGE);
static CAT_META: HistogramMeta = meta("S_CAT", HistogramKind::Categorical, 1, 50, &CAT_51);
static CAT_STORAGE: HistogramStorage<51> = HistogramStorage::new();
const CAT: Histogram<Categorical, 51> = Histogram::new(&CAT_META, &CAT_STORAGE);
static KEYED_META: HistogramMeta = HistogramMeta {
    keys: &["a", "b"],
    ..meta("S_KEYED", HistogramKind::Linear, 1, 100, &LIN_1_100_11)
};
static KEYED_STORAGE: KeyedHistogramStorage<11, 2> = KeyedHistogramStorage::new();
const KEYED: KeyedHistogram<Linear, usize, 11, 2> =
    KeyedHistogram::new(&KEYED_META, &KEYED_STORAGE);
static OPEN_META: HistogramMeta = meta("S_OPEN", HistogramKind::Enumerated, 1, 10, &ENUM_11);
static OPEN_STORAGE: OpenKeyedHistogramStorage<11> = OpenKeyedHistogramStorage::new();
const OPEN: OpenKeyedHistogram<Enumerated, 11> = OpenKeyedHistogram::new(&OPEN_META, &OPEN_STORAGE);
static UINT_META: ScalarMeta = scalar_meta("s.uint", ScalarKind::Uint);
static UINT: UintScalar = UintScalar::new(&UINT_META);
static KEYED_UINT_META: ScalarMeta = ScalarMeta {
    keys: &["x", "y"],
    ..scalar_meta("s.keyed_uint", ScalarKind::Uint)
};
static KEYED_UINT: KeyedUintScalar<usize, 2> = KeyedUintScalar::new(&KEYED_UINT_META);
static OPEN_UINT_META: ScalarMeta = scalar_meta("s.open_uint", ScalarKind::Uint);
static OPEN_UINT: OpenKeyedUintScalar = OpenKeyedUintScalar::new(&OPEN_UINT_META);
static EVENT_META: EventMeta = EventMeta {
    category: "s.cat",
    methods: &["m"],
    objects: &["o"],
    extra_keys: &[],
    record_in: ProcessSet::ALL,
    products: ProductSet::ALL,
    collection: Collection::OptOut,
};
static EVENT: EventProbe = EventProbe::new(&EVENT_META);

static SET: ProbeSet = ProbeSet::new(
    &[&EXP, &COUNT, &BOOL, &CAT, &KEYED, &OPEN],
    &[&UINT, &KEYED_UINT, &OPEN_UINT],
    &[&EVENT],
);

const THREADS: usize = 4;
const SAMPLES: usize = 250_000;
const EVENTS: usize = 5_000;
/// Exponential samples: one per bucket of [0,1,3,10,32,101,319,1006,3172,10000], plus a
/// clamped one.
const VALUES: [u32; 11] = [0, 2, 5, 20, 50, 200, 500, 2000, 5000, 20000, u32::MAX];
const OPEN_KEYS: [&str; 3] = ["p", "q", "r"];

#[derive(Default)]
struct Totals {
    /// (histogram/key, bucket bound) → count
    counts: BTreeMap<(String, u32), u64>,
    sums: BTreeMap<String, u64>,
    scalars: BTreeMap<String, u64>,
    events: usize,
    snapshots: usize,
}

impl Totals {
    fn add(&mut self, p: &Payload) {
        self.snapshots += 1;
        let mut hist = |name: String, h: &HistogramSnapshot| {
            for (bound, count) in &h.values {
                *self.counts.entry((name.clone(), *bound)).or_default() += u64::from(*count);
            }
            *self.sums.entry(name).or_default() += h.sum;
        };
        for (name, h) in &p.histograms {
            hist(name.clone(), h);
        }
        for (name, keys) in &p.keyed_histograms {
            for (key, h) in keys {
                hist(format!("{name}/{key}"), h);
            }
        }
        for (name, v) in &p.scalars {
            if let ScalarValue::Uint(v) = v {
                *self.scalars.entry(name.clone()).or_default() += u64::from(*v);
            }
        }
        for (name, keys) in &p.keyed_scalars {
            for (key, v) in keys {
                if let ScalarValue::Uint(v) = v {
                    *self.scalars.entry(format!("{name}/{key}")).or_default() += u64::from(*v);
                }
            }
        }
    }
}

fn writer(thread: usize) {
    for i in 0..SAMPLES {
        let v = VALUES[i % VALUES.len()];
        EXP.accumulate(v);
        // 0 and 1 and more: the count's sum is derived from its calls plus a signed cell.
        COUNT.accumulate((i % 4) as u32);
        BOOL.accumulate(i % 3 == 0);
        // Indices past the last bucket share it, and their sum is kept apart.
        CAT.accumulate_raw((i % 60) as u32);
        KEYED.accumulate((i + thread) % 2, (i % 101) as u32);
        OPEN.accumulate(OPEN_KEYS[i % OPEN_KEYS.len()], (i % 13) as u32);
        UINT.add(1);
        KEYED_UINT.add(i % 2, 2);
        OPEN_UINT.add(OPEN_KEYS[i % OPEN_KEYS.len()], 1);
        if i % (SAMPLES / EVENTS) == 0 {
            EVENT.record(0, 0, None, &[]).unwrap();
        }
    }
}

#[test]
fn snapshot_and_clear_loses_no_racing_sample() {
    let _g = serial();
    set_event_buffer_capacity(THREADS * EVENTS + 1);
    let _ = snapshot_set(&SET, true);
    let started = Instant::now();
    let done = AtomicBool::new(false);
    let mut totals = Totals::default();
    thread::scope(|s| {
        let writers: Vec<_> = (0..THREADS).map(|t| s.spawn(move || writer(t))).collect();
        let reader = s.spawn(|| {
            let mut totals = Totals::default();
            while !done.load(Ordering::Acquire) {
                totals.add(&snapshot_set(&SET, true));
                totals.events += take_events(MAX_EVENTS_PER_PING, false).events.len();
                thread::sleep(Duration::from_micros(50));
            }
            totals
        });
        for w in writers {
            w.join().unwrap();
        }
        done.store(true, Ordering::Release);
        totals = reader.join().unwrap();
    });
    totals.add(&snapshot_set(&SET, true));
    let rest = take_events(usize::MAX, false);
    totals.events += rest.events.len();
    assert_eq!(rest.lost, 0);
    eprintln!(
        "{} snapshots raced with {} writers in {:?}",
        totals.snapshots,
        THREADS,
        started.elapsed()
    );
    assert!(totals.snapshots > 2, "the reader never raced the writers");

    // Expected values.
    let n = (THREADS * SAMPLES) as u64;
    let mut want_counts: BTreeMap<(String, u32), u64> = BTreeMap::new();
    let mut want_sums: BTreeMap<String, u64> = BTreeMap::new();
    for t in 0..THREADS {
        for i in 0..SAMPLES {
            let v = VALUES[i % VALUES.len()].min(SAMPLE_MAX);
            let bound = *EXP_1_10000_10.iter().rev().find(|b| **b <= v).unwrap();
            *want_counts.entry(("S_EXP".into(), bound)).or_default() += 1;
            *want_sums.entry("S_EXP".into()).or_default() += u64::from(v);
            let key = if (i + t) % 2 == 0 { "a" } else { "b" };
            let v = (i % 101) as u32;
            let bound = *LIN_1_100_11.iter().rev().find(|b| **b <= v).unwrap();
            *want_counts
                .entry((format!("S_KEYED/{key}"), bound))
                .or_default() += 1;
            *want_sums.entry(format!("S_KEYED/{key}")).or_default() += u64::from(v);
            let key = OPEN_KEYS[i % OPEN_KEYS.len()];
            let v = (i % 13) as u32;
            *want_counts
                .entry((format!("S_OPEN/{key}"), v.min(10)))
                .or_default() += 1;
            *want_sums.entry(format!("S_OPEN/{key}")).or_default() += u64::from(v);
        }
    }
    want_counts.insert(("S_COUNT".into(), 0), n);
    let per_thread = |f: &dyn Fn(usize) -> u64| (0..SAMPLES).map(f).sum::<u64>() * THREADS as u64;
    want_sums.insert("S_COUNT".into(), per_thread(&|i| (i % 4) as u64));
    let trues = per_thread(&|i| u64::from(i % 3 == 0));
    want_counts.insert(("S_BOOL".into(), 1), trues);
    want_counts.insert(("S_BOOL".into(), 0), n - trues);
    want_sums.insert("S_BOOL".into(), trues);
    for index in 0..60u64 {
        let hits = per_thread(&|i| u64::from((i % 60) as u64 == index));
        *want_counts
            .entry(("S_CAT".into(), index.min(50) as u32))
            .or_default() += hits;
    }
    want_sums.insert("S_CAT".into(), per_thread(&|i| (i % 60) as u64));
    // Zero-count entries are the trimming rule's neighbours.
    totals.counts.retain(|_, c| *c != 0);
    assert_eq!(totals.counts, want_counts);
    assert_eq!(totals.sums, want_sums);

    let mut want_scalars = BTreeMap::new();
    want_scalars.insert("s.uint".to_string(), n);
    want_scalars.insert("s.keyed_uint/x".to_string(), n);
    want_scalars.insert("s.keyed_uint/y".to_string(), n);
    for (i, key) in OPEN_KEYS.iter().enumerate() {
        let per = (0..SAMPLES).filter(|j| j % OPEN_KEYS.len() == i).count() as u64;
        want_scalars.insert(format!("s.open_uint/{key}"), per * THREADS as u64);
    }
    let clamped = (0..SAMPLES)
        .filter(|i| i % VALUES.len() == VALUES.len() - 1)
        .count() as u64;
    want_scalars.insert(
        "telemetry.accumulate_clamped_values/S_EXP".to_string(),
        clamped * THREADS as u64,
    );
    assert_eq!(totals.scalars, want_scalars);
    assert_eq!(totals.events, THREADS * EVENTS);
    assert!(started.elapsed() < Duration::from_secs(30));
}
