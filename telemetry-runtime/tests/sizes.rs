//! Static memory per probe kind (printed with `--nocapture`), with the layout the docs promise:
//! `4·N` bytes of counts + an 8-byte sum (+ 8 bytes of metadata pointer and a few counters)
//! per plain histogram, `KN ×` that per declared-key histogram.

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
            "Histogram<Exponential, 10>",
            size_of::<Histogram<Exponential, 10>>(),
        ),
        (
            "Histogram<Exponential, 100>",
            size_of::<Histogram<Exponential, 100>>(),
        ),
        ("Histogram<Linear, 11>", size_of::<Histogram<Linear, 11>>()),
        (
            "Histogram<Enumerated, 11>",
            size_of::<Histogram<Enumerated, 11>>(),
        ),
        (
            "Histogram<Categorical, 51>",
            size_of::<Histogram<Categorical, 51>>(),
        ),
        ("Histogram<Boolean, 3>", size_of::<Histogram<Boolean, 3>>()),
        ("Histogram<Count, 3>", size_of::<Histogram<Count, 3>>()),
        ("Histogram<Flag, 3>", size_of::<Histogram<Flag, 3>>()),
        (
            "KeyedHistogram<Exponential, K, 10, 5>",
            size_of::<KeyedHistogram<Exponential, K, 10, 5>>(),
        ),
        (
            "KeyedHistogram<Boolean, K, 3, 30>",
            size_of::<KeyedHistogram<Boolean, K, 3, 30>>(),
        ),
        (
            "OpenKeyedHistogram<Exponential, 10> (empty)",
            size_of::<OpenKeyedHistogram<Exponential, 10>>(),
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
    // Counts + sum + meta pointer + clamp counter, padded to 8.
    let plain = |n: usize| (8 + 4 * n).next_multiple_of(8) + 8 + 8;
    assert_eq!(size_of::<Histogram<Exponential, 10>>(), plain(10));
    assert_eq!(size_of::<Histogram<Exponential, 100>>(), plain(100));
    assert_eq!(size_of::<Histogram<Boolean, 3>>(), plain(3));
    assert_eq!(
        size_of::<KeyedHistogram<Exponential, K, 10, 5>>(),
        8 + 5 * (8 + 40) + 8
    );
    assert_eq!(size_of::<UintScalar>(), 16);
    assert_eq!(size_of::<BoolScalar>(), 16);
    assert_eq!(size_of::<KeyedUintScalar<K, 10>>(), 8 + 80 + 8);
}
