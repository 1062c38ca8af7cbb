//! Static memory per probe kind (printed with `--nocapture`), with the layout the docs promise:
//! `4·N` bytes of counts + an 8-byte sum cell (+ a clamp counter) per plain histogram, `KN ×`
//! that per declared-key histogram. A histogram's handle is a `const` (two pointers, folded
//! into the code); its metadata is a constant, not per-storage memory.

use std::mem::size_of;
use telemetry_runtime::*;

#[derive(Clone, Copy)]
struct K;
impl Key for K {
    fn index(self) -> usize {
        0
    }
}

#[test]
fn static_sizes() {
    let rows: &[(&str, usize)] = &[
        (
            "Histogram<Exponential, 10>: HistogramStorage<10>",
            size_of::<HistogramStorage<10>>(),
        ),
        (
            "Histogram<Exponential, 100>: HistogramStorage<100>",
            size_of::<HistogramStorage<100>>(),
        ),
        (
            "Histogram<Linear, 11>: HistogramStorage<11>",
            size_of::<HistogramStorage<11>>(),
        ),
        (
            "Histogram<Enumerated, 11>: HistogramStorage<11>",
            size_of::<HistogramStorage<11>>(),
        ),
        (
            "Histogram<Categorical, 51>: HistogramStorage<51>",
            size_of::<HistogramStorage<51>>(),
        ),
        (
            "Histogram<Boolean, 3>: HistogramStorage<3>",
            size_of::<HistogramStorage<3>>(),
        ),
        (
            "Histogram<Count, 3>: HistogramStorage<3>",
            size_of::<HistogramStorage<3>>(),
        ),
        (
            "Histogram<Flag, 3>: HistogramStorage<3>",
            size_of::<HistogramStorage<3>>(),
        ),
        (
            "KeyedHistogram<Exponential, K, 10, 5>: KeyedHistogramStorage<10, 5>",
            size_of::<KeyedHistogramStorage<10, 5>>(),
        ),
        (
            "KeyedHistogram<Boolean, K, 3, 30>: KeyedHistogramStorage<3, 30>",
            size_of::<KeyedHistogramStorage<3, 30>>(),
        ),
        (
            "OpenKeyedHistogram<Exponential, 10>: OpenKeyedHistogramStorage<10> (empty)",
            size_of::<OpenKeyedHistogramStorage<10>>(),
        ),
        ("UintScalar", size_of::<UintScalar>()),
        ("BoolScalar", size_of::<BoolScalar>()),
        ("StringScalar", size_of::<StringScalar>()),
        (
            "KeyedUintScalar<K, 10>",
            size_of::<KeyedUintScalar<K, 10>>(),
        ),
        (
            "KeyedBoolScalar<K, 10>",
            size_of::<KeyedBoolScalar<K, 10>>(),
        ),
        (
            "OpenKeyedUintScalar (empty)",
            size_of::<OpenKeyedUintScalar>(),
        ),
        (
            "OpenKeyedBoolScalar (empty)",
            size_of::<OpenKeyedBoolScalar>(),
        ),
        ("EventProbe", size_of::<EventProbe>()),
        (
            "HistogramMeta (static, not per storage)",
            size_of::<HistogramMeta>(),
        ),
        ("ScalarMeta", size_of::<ScalarMeta>()),
        ("EventMeta", size_of::<EventMeta>()),
        ("ProbeSet", size_of::<ProbeSet>()),
    ];
    for (name, size) in rows {
        println!("{name:48} {size:>6} bytes");
    }
    // Counts + sum cell, then the clamp counter, padded to 8.
    let buckets = |n: usize| (4 * n).next_multiple_of(8) + 8;
    let plain = |n: usize| buckets(n) + 8;
    assert_eq!(size_of::<HistogramStorage<10>>(), plain(10));
    assert_eq!(size_of::<HistogramStorage<100>>(), plain(100));
    assert_eq!(size_of::<HistogramStorage<3>>(), plain(3));
    // KN slots, then the clamp and unknown-key counters.
    assert_eq!(
        size_of::<KeyedHistogramStorage<10, 5>>(),
        5 * buckets(10) + 8
    );
    // The handles: two pointers each, in no memory of their own (they are `const`s).
    assert_eq!(size_of::<Histogram<Exponential, 10>>(), 16);
    assert_eq!(size_of::<KeyedHistogram<Exponential, K, 10, 5>>(), 16);
    assert_eq!(size_of::<UintScalar>(), 16);
    assert_eq!(size_of::<BoolScalar>(), 16);
    assert_eq!(size_of::<KeyedUintScalar<K, 10>>(), 8 + 80 + 8);
}
