//! Bucket layouts over the whole parameter space Firefox can build (rules.md §2.5): integers
//! with 1 ≤ low < high ≤ 2^31−1, 3 ≤ n_buckets ≤ 10,000 (past 100 only when allowlisted) and
//! high > n_buckets; enumerated and categorical 3 ≤ n ≤ 10,000.

use proptest::prelude::*;
use telemetry_registry::buckets::{exponential, linear};

const INT_MAX: i64 = i32::MAX as i64;

/// (low, high, n_buckets) in the buildable space.
fn buildable() -> impl Strategy<Value = (i64, i64, i64)> {
    (3i64..=10_000)
        .prop_flat_map(|n| (Just(n), (n + 1)..=INT_MAX))
        .prop_flat_map(|(n, high)| (1i64..high, Just(high), Just(n)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn linear_layouts((low, high, n) in buildable()) {
        let ranges = linear(low, high, n).expect("buildable layout");
        prop_assert_eq!(ranges.len() as i64, n);
        prop_assert_eq!(ranges[0], 0);
        prop_assert_eq!(ranges[1], low);
        prop_assert_eq!(ranges[n as usize - 1], high);
        prop_assert!(ranges.windows(2).all(|w| w[0] <= w[1]), "not monotonic: {:?}", ranges);
    }

    #[test]
    fn exponential_layouts((low, high, n) in buildable()) {
        let ranges = exponential(low, high, n).expect("buildable layout");
        prop_assert_eq!(ranges.len() as i64, n);
        prop_assert_eq!(ranges[0], 0);
        prop_assert_eq!(ranges[1], low);
        prop_assert!(ranges.windows(2).skip(1).all(|w| w[0] < w[1]), "not increasing: {:?}", ranges);
        let last = ranges[n as usize - 1];
        let before_last = ranges[n as usize - 2];
        // The last step aims at `high`: it lands there when there is room, else "+1" overshoots.
        if before_last < high {
            prop_assert_eq!(last, high);
        } else {
            prop_assert_eq!(last, before_last + 1);
        }
    }

    #[test]
    fn enumerated_layouts(n_values in 3i64..=10_000) {
        let ranges = linear(1, n_values, n_values + 1).expect("layout");
        prop_assert_eq!(ranges, (0..=n_values).collect::<Vec<_>>());
    }

    /// Any integers at all: an error or a layout, never a panic.
    #[test]
    fn arbitrary_parameters_never_panic(low in any::<i64>(), high in any::<i64>(), n in -10i64..40_000) {
        let _ = linear(low, high, n);
        let _ = exponential(low, high, n);
    }
}
