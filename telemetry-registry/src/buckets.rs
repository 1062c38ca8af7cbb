//! Bucket layouts, bit-exact with Firefox's `linear_buckets` / `exponential_buckets`
//! (rules.md §2.4). The arithmetic is IEEE double with the platform's `ln`/`exp`, as Python's
//! `math` module does it.

use crate::model::HistogramKind;

/// Firefox's bucket-bounds table uses int16 offsets, so no buildable histogram has more.
pub const MAX_BUCKETS: i64 = 32_767;

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BucketError {
    #[error("a linear layout with 2 buckets divides by zero (n_buckets - 2 = 0)")]
    LinearDivisionByZero,
    #[error("an exponential layout needs at least 2 buckets, got {0}")]
    ExponentialTooFewBuckets(i64),
    #[error("an exponential layout needs low ≥ 1 and high ≥ 1 (the logarithm of {0} is undefined)")]
    ExponentialLogDomain(i64),
    #[error("{0} buckets exceed the {MAX_BUCKETS} that Firefox's bucket table can address")]
    TooManyBuckets(i64),
}

/// The bucket lower bounds of a histogram of `kind` with the derived `(low, high, n_buckets)`.
pub fn ranges(
    kind: HistogramKind,
    low: i64,
    high: i64,
    n_buckets: i64,
) -> Result<Vec<i64>, BucketError> {
    match kind {
        HistogramKind::Exponential => exponential(low, high, n_buckets),
        _ => linear(low, high, n_buckets),
    }
}

/// `linear_buckets`: r[i] = int((low·(n−1−i) + high·(i−1)) / (n−2) + 0.5).
pub fn linear(low: i64, high: i64, n_buckets: i64) -> Result<Vec<i64>, BucketError> {
    if n_buckets > MAX_BUCKETS {
        return Err(BucketError::TooManyBuckets(n_buckets));
    }
    if n_buckets <= 0 {
        return Ok(Vec::new());
    }
    if n_buckets == 2 {
        return Err(BucketError::LinearDivisionByZero);
    }
    let n = n_buckets as usize; // 1..=MAX_BUCKETS
    let (low, high) = (low as f64, high as f64);
    let denominator = (n_buckets - 2) as f64;
    let mut out = vec![0i64; n];
    for (i, slot) in out.iter_mut().enumerate().skip(1) {
        let i = i as i64;
        let value = (low * (n_buckets - 1 - i) as f64 + high * (i - 1) as f64) / denominator;
        // Python's int() truncates toward zero; `as` saturates, like no C++ table could hold more.
        *slot = (value + 0.5).trunc() as i64;
    }
    Ok(out)
}

/// `exponential_buckets`: each step re-aims at `high` from the current bound; "+1" when the
/// rounded candidate does not grow.
pub fn exponential(low: i64, high: i64, n_buckets: i64) -> Result<Vec<i64>, BucketError> {
    if n_buckets > MAX_BUCKETS {
        return Err(BucketError::TooManyBuckets(n_buckets));
    }
    if high <= 0 {
        return Err(BucketError::ExponentialLogDomain(high));
    }
    if n_buckets <= 1 {
        return Err(BucketError::ExponentialTooFewBuckets(n_buckets));
    }
    if low <= 0 && n_buckets > 2 {
        return Err(BucketError::ExponentialLogDomain(low));
    }
    let n = n_buckets as usize;
    let log_max = (high as f64).ln();
    let mut out = vec![0i64; n];
    let mut current = low;
    out[1] = current;
    for (index, slot) in out.iter_mut().enumerate().skip(2) {
        let log_current = (current as f64).ln();
        let log_ratio = (log_max - log_current) / (n - index) as f64;
        let next = ((log_current + log_ratio).exp() + 0.5).floor() as i64;
        current = if next > current {
            next
        } else {
            current.saturating_add(1)
        };
        *slot = current;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_kinds() {
        assert_eq!(linear(1, 2, 3).unwrap(), vec![0, 1, 2]);
        assert_eq!(linear(1, 5, 6).unwrap(), vec![0, 1, 2, 3, 4, 5]);
        assert_eq!(linear(1, 0, 1).unwrap(), vec![0]);
        assert_eq!(linear(1, 10, 0).unwrap(), Vec::<i64>::new());
        assert_eq!(linear(1, 10, 2), Err(BucketError::LinearDivisionByZero));
    }

    #[test]
    fn exponential_quirks_from_rules_md() {
        let tail = exponential(15, 107, 100).unwrap();
        assert_eq!(*tail.last().unwrap(), 113);
        let skip = exponential(1, 101, 100).unwrap();
        assert_eq!(&skip[95..], &[95, 96, 98, 99, 101]);
        assert_eq!(
            exponential(0, 10, 5),
            Err(BucketError::ExponentialLogDomain(0))
        );
        assert_eq!(
            exponential(1, 10, 1),
            Err(BucketError::ExponentialTooFewBuckets(1))
        );
    }
}
