//! Histograms: static storage for every kind, plain, with declared keys and with open keys.
//!
//! One type per shape, with the kind as a marker type parameter:
//!
//! | shape | type | storage |
//! | --- | --- | --- |
//! | plain | [`Histogram<M, N>`] | `[AtomicU32; N]` + `AtomicU64` sum |
//! | keyed, declared `keys` | [`KeyedHistogram<M, K, N, KN>`] | `KN` × the above, indexed by the key enum |
//! | keyed, open keys | [`OpenKeyedHistogram<M, N>`] | a `BTreeMap` behind a `RwLock`, bounded |
//!
//! `M` is one of [`Exponential`], [`Linear`], [`Enumerated`], [`Categorical<L>`], [`Boolean`],
//! [`Count`], [`Flag`]; `N` is the number of buckets (`bucket_count`). Each marker gives the
//! typed recording methods (`accumulate(u32)`, `accumulate(label)`, `accumulate(bool)`,
//! `add()`, `set()`); every shape also has `accumulate_raw(u32)`, which follows Firefox's
//! C++ `Accumulate(id, uint32_t)` for every kind.
//!
//! # Snapshot-and-clear
//!
//! Clearing swaps every bucket with 0 and then the sum with 0. Each sample's bucket increment
//! lands in exactly one snapshot (the swap that observes it), so no sample is lost or counted
//! twice. A sample racing with the snapshot may have its count in one snapshot and its `sum`
//! contribution in the next: counts and sums are exact in aggregate, a single snapshot taken
//! under a race can be momentarily inconsistent. A snapshot that swapped out a sum but no count
//! puts the sum back, so it is never reported without a count.

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::marker::PhantomData;
use core::sync::atomic::{AtomicU32, AtomicU64, Ordering::Relaxed};

use crate::gate::{self, Collection, ProcessSet, ProductSet};
use crate::sync::RwLock;

/// Histogram kinds, with Firefox's `histogram_type` codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum HistogramKind {
    Exponential,
    Linear,
    Boolean,
    /// Legacy (2020 and 2017 generations); Firefox still reports code 3.
    Flag,
    Count,
    Categorical,
    Enumerated,
}

impl HistogramKind {
    /// `histogram_type` in the ping (nsITelemetry.idl). Enumerated shares linear's 1.
    pub const fn type_code(self) -> u8 {
        match self {
            HistogramKind::Exponential => 0,
            HistogramKind::Linear | HistogramKind::Enumerated => 1,
            HistogramKind::Boolean => 2,
            HistogramKind::Flag => 3,
            HistogramKind::Count => 4,
            HistogramKind::Categorical => 5,
        }
    }

    /// The `kind` as written in Histograms.json.
    pub const fn as_str(self) -> &'static str {
        match self {
            HistogramKind::Exponential => "exponential",
            HistogramKind::Linear => "linear",
            HistogramKind::Boolean => "boolean",
            HistogramKind::Flag => "flag",
            HistogramKind::Count => "count",
            HistogramKind::Categorical => "categorical",
            HistogramKind::Enumerated => "enumerated",
        }
    }

    const fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// Everything the runtime needs to know about one histogram. The code generator emits one
/// `static` per histogram; `bounds` points at a `static` table shared by every histogram with
/// the same layout.
#[derive(Debug)]
pub struct HistogramMeta {
    /// The name in the ping (`GC_MS`).
    pub name: &'static str,
    pub kind: HistogramKind,
    /// The declared `[low, high]` (the ping's `range`): for boolean, flag and count `1, 2`; for
    /// enumerated `1, n_values`; for categorical `1, N`.
    pub low: u32,
    pub high: u32,
    /// The bucket lower bounds, `bounds[0] == 0`, non-decreasing (a narrow linear layout
    /// repeats bounds); its length is `bucket_count`. Enumerated, categorical, boolean, flag
    /// and count have `0, 1, ..., N-1`.
    pub bounds: &'static [u32],
    /// Categorical labels, in order (empty otherwise).
    pub labels: &'static [&'static str],
    /// Declared keys of a keyed histogram, in order (empty for open keys and plain histograms).
    pub keys: &'static [&'static str],
    pub record_in: ProcessSet,
    pub products: ProductSet,
    pub collection: Collection,
}

impl HistogramMeta {
    /// The bound table of a histogram whose bucket `i` is the value `i` (enumerated,
    /// categorical, boolean, flag, count): `[0, 1, ..., N-1]`.
    pub const fn identity_bounds<const N: usize>() -> [u32; N] {
        let mut out = [0u32; N];
        let mut i = 0;
        while i < N {
            out[i] = i as u32;
            i += 1;
        }
        out
    }

    /// The bounds table for boolean, flag and count histograms.
    pub const SMALL_BOUNDS: &'static [u32; 3] = &[0, 1, 2];

    /// Compile-time checks of a definition against its storage (a failure in a `static`
    /// initialiser is a compile error).
    const fn check(&self, kinds: u8, n: usize) {
        if kinds & self.kind.bit() == 0 {
            panic!("telemetry-runtime: the histogram's kind does not match its storage type");
        }
        if self.bounds.len() != n || n == 0 {
            panic!("telemetry-runtime: `bounds` must have exactly N (bucket_count) entries");
        }
        if self.bounds[0] != 0 {
            panic!("telemetry-runtime: `bounds[0]` must be 0 (the underflow bucket)");
        }
        let direct = !matches!(
            self.kind,
            HistogramKind::Exponential | HistogramKind::Linear
        );
        let mut i = 1;
        while i < n {
            // Repeated bounds: a linear layout narrower than its bucket count (Firefox accepts
            // it; the earlier of two equal bounds never receives a sample).
            if self.bounds[i] < self.bounds[i - 1] {
                panic!("telemetry-runtime: `bounds` must not decrease");
            }
            if direct && self.bounds[i] != i as u32 {
                panic!("telemetry-runtime: this kind's bounds must be 0, 1, ..., N-1");
            }
            i += 1;
        }
        if matches!(
            self.kind,
            HistogramKind::Boolean | HistogramKind::Flag | HistogramKind::Count
        ) && n != 3
        {
            panic!("telemetry-runtime: boolean, flag and count histograms have 3 buckets");
        }
    }

    #[inline(always)]
    fn can_record(&self) -> bool {
        gate::can_record(self.record_in, self.products, self.collection)
    }
}

/// A generated categorical-label enum (or `u32`, a raw label index).
pub trait Label: Copy {
    /// The label's 0-based position in `labels`.
    fn index(self) -> u32;
}

impl Label for u32 {
    #[inline(always)]
    fn index(self) -> u32 {
        self
    }
}

/// A generated declared-key enum (or `usize`, a raw key index; out of range is dropped).
pub trait Key: Copy {
    /// The key's 0-based position in `keys`.
    fn index(self) -> usize;
}

impl Key for usize {
    #[inline(always)]
    fn index(self) -> usize {
        self
    }
}

/// Firefox's INT_MAX: a larger sample is clamped and counted in
/// `telemetry.accumulate_clamped_values`.
pub const SAMPLE_CLAMP: u32 = i32::MAX as u32;
/// The largest sample the bucket layer stores (INT_MAX − 1).
pub const SAMPLE_MAX: u32 = SAMPLE_CLAMP - 1;

/// How many keys an open-key histogram holds per subsession. Firefox has no limit; this bound
/// keeps memory bounded. A sample under a new key past it is dropped and counted
/// ([`OpenKeyedHistogram::dropped_keys`]).
pub const OPEN_HISTOGRAM_MAX_KEYS: usize = 1000;
/// The longest open histogram key in UTF-8 bytes (Firefox has no limit; memory bound). A longer
/// key is dropped and counted like an overflow.
pub const OPEN_HISTOGRAM_MAX_KEY_BYTES: usize = 1024;

#[inline(always)]
fn clamp(sample: u32, clamped: &AtomicU32) -> u32 {
    if sample > SAMPLE_MAX {
        if sample > SAMPLE_CLAMP {
            clamped.fetch_add(1, Relaxed);
        }
        SAMPLE_MAX
    } else {
        sample
    }
}

/// The cells of one histogram (or of one key of a keyed one): `N` bucket counts and a 64-bit
/// cell for the sum. Exponential and linear histograms store the sum there; the direct kinds
/// derive it from the counts and keep only what the counts cannot tell (see [`SumRule`]), so
/// that their common recording is a single atomic add.
#[doc(hidden)]
#[derive(Debug)]
pub struct Buckets<const N: usize> {
    counts: [AtomicU32; N],
    sum: AtomicU64,
}

impl<const N: usize> Default for Buckets<N> {
    fn default() -> Self {
        Self::new()
    }
}

/// How a kind's `sum` is kept: stored, or derived from the counts plus a correction cell.
/// A derived sum is always consistent with the counts it is reported with.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SumRule {
    /// Exponential, linear: the cell holds the sum.
    Stored,
    /// Enumerated, categorical: bucket `i < N-1` holds samples equal to `i`, so the sum is
    /// `Σ i·count[i]` over those buckets plus the cell, which holds the samples of the last
    /// (overflow) bucket.
    IndexWeighted,
    /// Boolean: the sum is the number of trues (`count[1]`).
    TrueCount,
    /// Count: the sum is the number of recordings (`count[0]`) plus the cell, which holds
    /// `Σ (sample − 1)` as a signed (two's complement) value over samples other than 1.
    CallsPlusCell,
    /// Flag: the cell is the flag's state; never read as buckets.
    FlagState,
}

impl SumRule {
    /// The sum of `counts` with the cell's value, and what to put back into the cell when the
    /// cell holds a correction whose counts land in the next snapshot (a racing recording).
    fn sum(self, counts: &[u32], cell: u64) -> (u64, u64) {
        match self {
            SumRule::Stored | SumRule::FlagState => (cell, 0),
            SumRule::IndexWeighted => {
                let last = counts.len().saturating_sub(1);
                let weighted = counts[..last]
                    .iter()
                    .enumerate()
                    .fold(0u64, |s, (i, &c)| s.wrapping_add(i as u64 * u64::from(c)));
                (weighted.wrapping_add(cell), 0)
            }
            SumRule::TrueCount => (counts.get(1).map_or(0, |&c| u64::from(c)), 0),
            SumRule::CallsPlusCell => {
                let calls = i128::from(counts.first().copied().unwrap_or(0));
                // The cell is a two's complement i64 (wrapping adds of `sample - 1`).
                let total = calls + i128::from(cell as i64);
                if total < 0 {
                    // Only a racing recording (its correction here, its count in the next
                    // snapshot) makes it negative: report 0, carry the rest over.
                    (0, total as i64 as u64)
                } else {
                    (total as u64, 0)
                }
            }
        }
    }
}

impl<const N: usize> Buckets<N> {
    pub const fn new() -> Self {
        Buckets {
            counts: [const { AtomicU32::new(0) }; N],
            sum: AtomicU64::new(0),
        }
    }

    #[inline(always)]
    fn count(&self, index: usize) {
        if let Some(count) = self.counts.get(index) {
            count.fetch_add(1, Relaxed);
        }
    }

    #[inline(always)]
    fn add_to_cell(&self, delta: u64) {
        self.sum.fetch_add(delta, Relaxed);
    }

    /// The counts and the sum (by `rule`), or `None` when no count is set.
    fn read(&self, clear: bool, rule: SumRule) -> Option<(Vec<u32>, u64)> {
        let counts: Vec<u32> = self
            .counts
            .iter()
            .map(|c| {
                if clear {
                    c.swap(0, Relaxed)
                } else {
                    c.load(Relaxed)
                }
            })
            .collect();
        let cell = if clear {
            self.sum.swap(0, Relaxed)
        } else {
            self.sum.load(Relaxed)
        };
        if counts.iter().all(|&c| c == 0) {
            if clear && cell != 0 {
                // A racing sample added to the cell before its count: give it back so that it
                // is reported together with its count in the next snapshot.
                self.sum.fetch_add(cell, Relaxed);
            }
            return None;
        }
        let (sum, carry) = rule.sum(&counts, cell);
        if clear && carry != 0 {
            self.sum.fetch_add(carry, Relaxed);
        }
        Some((counts, sum))
    }
}

/// One histogram object of the ping: `{"bucket_count", "histogram_type", "range", "sum",
/// "values"}`, with `values` already trimmed (ping-payload.md (a)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistogramSnapshot {
    pub bucket_count: u32,
    pub histogram_type: u8,
    pub range: [u32; 2],
    pub sum: u64,
    /// `(bucket lower bound, count)`, ascending: every non-zero bucket, plus the zero bucket
    /// just below the first and just above the last non-zero one when they exist; the zero
    /// buckets in between are left out.
    pub values: Vec<(u32, u32)>,
}

impl HistogramSnapshot {
    /// Applies Firefox's trimming rule to a full count vector (`counts[i]` belongs to
    /// `meta.bounds[i]`).
    pub fn from_counts(meta: &HistogramMeta, counts: &[u32], sum: u64) -> HistogramSnapshot {
        let bound = |i: usize| meta.bounds.get(i).copied().unwrap_or(i as u32);
        let mut values = Vec::new();
        let first = counts.iter().position(|&c| c != 0);
        let last = counts.iter().rposition(|&c| c != 0);
        if let (Some(first), Some(last)) = (first, last) {
            if first > 0 {
                values.push((bound(first - 1), 0));
            }
            // Firefox defines `values[bound]` bucket by bucket, so of two buckets with the
            // same (repeated) bound the later one's count is what the ping holds.
            let mut push = |bound: u32, count: u32| match values.last_mut() {
                Some(last) if last.0 == bound => last.1 = count,
                _ => values.push((bound, count)),
            };
            for (i, &c) in counts.iter().enumerate().take(last + 1).skip(first) {
                if c != 0 {
                    push(bound(i), c);
                }
            }
            if last + 1 < counts.len() {
                push(bound(last + 1), 0);
            }
        }
        HistogramSnapshot {
            bucket_count: meta.bounds.len() as u32,
            histogram_type: meta.kind.type_code(),
            range: [meta.low, meta.high],
            sum,
            values,
        }
    }

    /// The count of the bucket with this lower bound (0 when trimmed away).
    pub fn count_at(&self, bound: u32) -> u32 {
        self.values
            .iter()
            .find(|(b, _)| *b == bound)
            .map_or(0, |(_, c)| *c)
    }

    /// The total number of counts.
    pub fn total_count(&self) -> u64 {
        self.values.iter().map(|(_, c)| u64::from(*c)).sum()
    }

    /// Adds another snapshot of the same layout (merging two processes' payloads).
    pub fn merge(&mut self, other: &HistogramSnapshot) {
        self.sum = self.sum.wrapping_add(other.sum);
        let mut merged: Vec<(u32, u32)> =
            Vec::with_capacity(self.values.len() + other.values.len());
        let (mut a, mut b) = (
            self.values.iter().peekable(),
            other.values.iter().peekable(),
        );
        loop {
            match (a.peek(), b.peek()) {
                (Some(&&(ka, ca)), Some(&&(kb, cb))) => {
                    if ka == kb {
                        merged.push((ka, ca.wrapping_add(cb)));
                        a.next();
                        b.next();
                    } else if ka < kb {
                        merged.push((ka, ca));
                        a.next();
                    } else {
                        merged.push((kb, cb));
                        b.next();
                    }
                }
                (Some(&&x), None) => {
                    merged.push(x);
                    a.next();
                }
                (None, Some(&&x)) => {
                    merged.push(x);
                    b.next();
                }
                (None, None) => break,
            }
        }
        // Zero buckets that are now interior are dropped, as the trimming rule does.
        let first = merged.iter().position(|&(_, c)| c != 0);
        let last = merged.iter().rposition(|&(_, c)| c != 0);
        self.values = match (first, last) {
            (Some(first), Some(last)) => merged
                .iter()
                .enumerate()
                .filter(|&(i, &(_, c))| c != 0 || i + 1 == first || i == last + 1)
                .map(|(_, &v)| v)
                .collect(),
            _ => merged,
        };
    }
}

mod sealed {
    pub trait Sealed {}
}

/// A histogram kind marker. Sealed: the runtime defines the recording rule of every kind.
pub trait Kind: sealed::Sealed + 'static {
    /// The `HistogramKind`s this marker stores (exponential and linear share a rule).
    #[doc(hidden)]
    const KINDS: u8;
    /// How the kind keeps its `sum`.
    #[doc(hidden)]
    const SUM: SumRule;
    /// Records one clamped sample (Firefox's per-kind `Accumulate`).
    #[doc(hidden)]
    fn record<const N: usize>(bounds: &[u32], b: &Buckets<N>, sample: u32);
    /// Reads (and optionally clears) the storage; `None` when it holds no data.
    #[doc(hidden)]
    fn read<const N: usize>(
        meta: &HistogramMeta,
        b: &Buckets<N>,
        clear: bool,
    ) -> Option<HistogramSnapshot> {
        b.read(clear, Self::SUM)
            .map(|(counts, sum)| HistogramSnapshot::from_counts(meta, &counts, sum))
    }
}

macro_rules! marker {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name;
        impl sealed::Sealed for $name {}
    };
}

marker!(
    /// `exponential`: the sample goes to the bucket with the largest lower bound `<=` it.
    Exponential
);
marker!(
    /// `linear`: the sample goes to the bucket with the largest lower bound `<=` it.
    Linear
);
marker!(
    /// `enumerated`: bucket `min(sample, n_values)`.
    Enumerated
);
marker!(
    /// `boolean`: 0 → bucket 0, anything else → bucket 1 and `sum += 1`.
    Boolean
);
marker!(
    /// `count` (deprecated): every recording adds 1 to bucket 0 and the sample to `sum`.
    Count
);
marker!(
    /// `flag` (legacy): the first recording switches it, later ones are ignored; reported even
    /// when unset.
    Flag
);

/// `categorical`: bucket = label index (an index `>= N-1` shares the last bucket),
/// `sum += index`. `L` is the generated label enum.
pub struct Categorical<L = u32>(PhantomData<fn() -> L>);
impl<L> sealed::Sealed for Categorical<L> {}

impl<L> core::fmt::Debug for Categorical<L> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Categorical")
    }
}

/// Bucket of the largest bound `<= sample` (bounds[0] == 0, so there is always one).
#[inline(always)]
fn range_index(bounds: &[u32], sample: u32) -> usize {
    bounds.partition_point(|&b| b <= sample).saturating_sub(1)
}

/// Exponential and linear: one count and the sample into the sum.
#[inline(always)]
fn record_range<const N: usize>(bounds: &[u32], b: &Buckets<N>, sample: u32) {
    b.count(range_index(bounds, sample));
    // Unconditional, like the hand-written floor: a branch on the sample costs more than
    // adding 0.
    b.add_to_cell(u64::from(sample));
}

/// Enumerated and categorical: one count; an overflow sample also goes into the cell (the
/// other buckets' samples are their index, derived at snapshot time).
#[inline(always)]
fn record_direct<const N: usize>(b: &Buckets<N>, sample: u32) {
    let last = N - 1;
    let index = (sample as usize).min(last);
    b.count(index);
    if index == last {
        b.add_to_cell(u64::from(sample));
    }
}

impl Kind for Exponential {
    const KINDS: u8 = HistogramKind::Exponential.bit() | HistogramKind::Linear.bit();
    const SUM: SumRule = SumRule::Stored;
    #[inline(always)]
    fn record<const N: usize>(bounds: &[u32], b: &Buckets<N>, sample: u32) {
        record_range(bounds, b, sample);
    }
}

impl Kind for Linear {
    const KINDS: u8 = HistogramKind::Exponential.bit() | HistogramKind::Linear.bit();
    const SUM: SumRule = SumRule::Stored;
    #[inline(always)]
    fn record<const N: usize>(bounds: &[u32], b: &Buckets<N>, sample: u32) {
        record_range(bounds, b, sample);
    }
}

impl Kind for Enumerated {
    const KINDS: u8 = HistogramKind::Enumerated.bit();
    const SUM: SumRule = SumRule::IndexWeighted;
    #[inline(always)]
    fn record<const N: usize>(_: &[u32], b: &Buckets<N>, sample: u32) {
        record_direct(b, sample);
    }
}

impl<L: Label + 'static> Kind for Categorical<L> {
    const KINDS: u8 = HistogramKind::Categorical.bit();
    const SUM: SumRule = SumRule::IndexWeighted;
    #[inline(always)]
    fn record<const N: usize>(_: &[u32], b: &Buckets<N>, sample: u32) {
        record_direct(b, sample);
    }
}

impl Kind for Boolean {
    const KINDS: u8 = HistogramKind::Boolean.bit();
    const SUM: SumRule = SumRule::TrueCount;
    #[inline(always)]
    fn record<const N: usize>(_: &[u32], b: &Buckets<N>, sample: u32) {
        b.count(usize::from(sample != 0));
    }
}

impl Kind for Count {
    const KINDS: u8 = HistogramKind::Count.bit();
    const SUM: SumRule = SumRule::CallsPlusCell;
    #[inline(always)]
    fn record<const N: usize>(_: &[u32], b: &Buckets<N>, sample: u32) {
        b.count(0);
        if sample != 1 {
            // `sample - 1` as two's complement: 0 adds −1.
            b.add_to_cell(u64::from(sample).wrapping_sub(1));
        }
    }
}

/// Flag state lives in the sum cell: 0 = unset, `sample + 1` once switched. One CAS switches
/// it, one swap clears it, so a flag is never switched twice per subsession.
impl Kind for Flag {
    const KINDS: u8 = HistogramKind::Flag.bit();
    const SUM: SumRule = SumRule::FlagState;
    #[inline(always)]
    fn record<const N: usize>(_: &[u32], b: &Buckets<N>, sample: u32) {
        let _ = b
            .sum
            .compare_exchange(0, u64::from(sample) + 1, Relaxed, Relaxed);
    }

    fn read<const N: usize>(
        meta: &HistogramMeta,
        b: &Buckets<N>,
        clear: bool,
    ) -> Option<HistogramSnapshot> {
        let state = if clear {
            b.sum.swap(0, Relaxed)
        } else {
            b.sum.load(Relaxed)
        };
        if state == 0 {
            return None;
        }
        Some(flag_snapshot(meta, state))
    }
}

/// The snapshot of a flag in `state` (0 = unset: `{"0":1,"1":0}`, sum 0).
fn flag_snapshot(meta: &HistogramMeta, state: u64) -> HistogramSnapshot {
    let mut counts = [0u32; 3];
    let sum = state.saturating_sub(1);
    let index = if state == 0 { 0 } else { sum.min(2) as usize };
    counts[index] = 1;
    HistogramSnapshot::from_counts(meta, &counts, sum)
}

/// Every histogram (plain or keyed) the runtime can snapshot. The generator lists them in a
/// [`ProbeSet`](crate::ProbeSet) as `&'static dyn HistogramProbe`.
pub trait HistogramProbe: Sync {
    fn meta(&self) -> &'static HistogramMeta;
    fn keyed(&self) -> bool;
    /// The stored data (`None`: nothing to report), without any gate or filter.
    fn snapshot(&self, clear: bool) -> Option<HistogramData>;
    /// Samples clamped from above INT_MAX, samples under unknown keys and samples dropped by
    /// the open-key limits since the last clearing read.
    fn counters(&self, clear: bool) -> ProbeCounters;
}

/// What a histogram snapshot holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HistogramData {
    Plain(HistogramSnapshot),
    /// `(key, histogram)` for every key that holds data.
    Keyed(Vec<(String, HistogramSnapshot)>),
}

/// Per-probe counters behind Firefox's internal `telemetry.*` keyed scalars.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProbeCounters {
    /// Samples above INT_MAX (`telemetry.accumulate_clamped_values`).
    pub clamped: u32,
    /// Recordings under a key not in `keys` (`telemetry.accumulate_unknown_histogram_keys`,
    /// `telemetry.keyed_scalars_unknown_keys`).
    pub unknown_keys: u32,
    /// Recordings under a new key past the key limit (`telemetry.keyed_scalars_exceed_limit`;
    /// for open-key histograms, the runtime's own memory bound).
    pub key_limit: u32,
}

fn take(counter: &AtomicU32, clear: bool) -> u32 {
    if clear {
        counter.swap(0, Relaxed)
    } else {
        counter.load(Relaxed)
    }
}

#[inline(always)]
fn record_in<M: Kind, const N: usize>(meta: &HistogramMeta, b: &Buckets<N>, sample: u32) {
    M::record(meta.bounds, b, sample);
}

// ---------------------------------------------------------------------------------------------
// Plain histograms

/// The static cells of a plain histogram with `N` buckets. The generator declares one `static`
/// per histogram; its typed handle, [`Histogram`], points at it.
#[derive(Debug, Default)]
pub struct HistogramStorage<const N: usize> {
    buckets: Buckets<N>,
    clamped: AtomicU32,
}

impl<const N: usize> HistogramStorage<N> {
    pub const fn new() -> Self {
        HistogramStorage {
            buckets: Buckets::new(),
            clamped: AtomicU32::new(0),
        }
    }
}

/// A plain histogram of kind `M` with `N` buckets: a copyable handle on the histogram's
/// metadata and its static cells ([`HistogramStorage`]).
///
/// The generator declares handles as `const` items over a `const` [`HistogramMeta`], so at
/// every call site the metadata is a compile-time constant: the gate masks and the bucket
/// bounds fold into the recording code, which is then the gate test, the bucket search (or
/// index) and the atomic adds, nothing else. A handle in a `static` works the same, with a
/// few more loads.
pub struct Histogram<M: Kind, const N: usize> {
    meta: &'static HistogramMeta,
    storage: &'static HistogramStorage<N>,
    _kind: PhantomData<fn() -> M>,
}

impl<M: Kind, const N: usize> Clone for Histogram<M, N> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<M: Kind, const N: usize> Copy for Histogram<M, N> {}

impl<M: Kind, const N: usize> Histogram<M, N> {
    /// Checks at compile time (in a `const` or `static`) that `meta` fits `M` and `N`.
    pub const fn new(meta: &'static HistogramMeta, storage: &'static HistogramStorage<N>) -> Self {
        meta.check(M::KINDS, N);
        Histogram {
            meta,
            storage,
            _kind: PhantomData,
        }
    }

    pub const fn meta(&self) -> &'static HistogramMeta {
        self.meta
    }

    /// The static cells (their size is the probe's static memory).
    pub const fn storage(&self) -> &'static HistogramStorage<N> {
        self.storage
    }

    /// Firefox's `Accumulate(id, uint32_t sample)` for this kind: gates, clamping at INT_MAX,
    /// the kind's bucket rule, relaxed atomic adds. No lock, no allocation.
    #[inline]
    pub fn accumulate_raw(&self, sample: u32) {
        if self.meta.can_record() {
            let sample = clamp(sample, &self.storage.clamped);
            record_in::<M, N>(self.meta, &self.storage.buckets, sample);
        }
    }

    /// The stored data without gates or filters (`None` when empty; a flag is never empty).
    pub fn snapshot(&self, clear: bool) -> Option<HistogramSnapshot> {
        let read = M::read(self.meta, &self.storage.buckets, clear);
        if read.is_none() && M::KINDS == Flag::KINDS {
            return Some(flag_snapshot(self.meta, 0));
        }
        read
    }

    /// Empties the histogram (a flag goes back to unset).
    pub fn clear(&self) {
        let _ = M::read(self.meta, &self.storage.buckets, true);
        self.storage.clamped.store(0, Relaxed);
    }
}

impl<const N: usize> Histogram<Exponential, N> {
    #[inline]
    pub fn accumulate(&self, sample: u32) {
        self.accumulate_raw(sample);
    }
}

impl<const N: usize> Histogram<Linear, N> {
    #[inline]
    pub fn accumulate(&self, sample: u32) {
        self.accumulate_raw(sample);
    }
}

impl<const N: usize> Histogram<Enumerated, N> {
    #[inline]
    pub fn accumulate(&self, sample: u32) {
        self.accumulate_raw(sample);
    }
}

impl<L: Label + 'static, const N: usize> Histogram<Categorical<L>, N> {
    #[inline]
    pub fn accumulate(&self, label: L) {
        self.accumulate_raw(label.index());
    }

    /// Records by label string (exact, case-sensitive). An unknown label is dropped; returns
    /// whether the label exists.
    pub fn accumulate_label(&self, label: &str) -> bool {
        match label_index(self.meta, label) {
            Some(index) => {
                self.accumulate_raw(index);
                true
            }
            None => false,
        }
    }
}

impl Histogram<Boolean, 3> {
    #[inline]
    pub fn accumulate(&self, value: bool) {
        self.accumulate_raw(u32::from(value));
    }
}

impl Histogram<Count, 3> {
    /// Records 1 (one call): a single atomic add.
    #[inline]
    pub fn add(&self) {
        self.accumulate_raw(1);
    }

    /// Adds 1 to the count bucket and `sample` to `sum`.
    #[inline]
    pub fn accumulate(&self, sample: u32) {
        self.accumulate_raw(sample);
    }
}

impl Histogram<Flag, 3> {
    /// Sets the flag (records 1). Only the first recording per subsession counts.
    #[inline]
    pub fn set(&self) {
        self.accumulate_raw(1);
    }
}

fn label_index(meta: &HistogramMeta, label: &str) -> Option<u32> {
    meta.labels
        .iter()
        .position(|l| *l == label)
        .map(|i| i as u32)
}

impl<M: Kind, const N: usize> HistogramProbe for Histogram<M, N> {
    fn meta(&self) -> &'static HistogramMeta {
        self.meta
    }

    fn keyed(&self) -> bool {
        false
    }

    fn snapshot(&self, clear: bool) -> Option<HistogramData> {
        Histogram::snapshot(self, clear).map(HistogramData::Plain)
    }

    fn counters(&self, clear: bool) -> ProbeCounters {
        ProbeCounters {
            clamped: take(&self.storage.clamped, clear),
            ..ProbeCounters::default()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Keyed histograms with declared keys

/// The static cells of a keyed histogram with `KN` declared keys of `N` buckets each.
#[derive(Debug)]
pub struct KeyedHistogramStorage<const N: usize, const KN: usize> {
    slots: [Buckets<N>; KN],
    clamped: AtomicU32,
    unknown_keys: AtomicU32,
}

impl<const N: usize, const KN: usize> KeyedHistogramStorage<N, KN> {
    pub const fn new() -> Self {
        KeyedHistogramStorage {
            slots: [const { Buckets::new() }; KN],
            clamped: AtomicU32::new(0),
            unknown_keys: AtomicU32::new(0),
        }
    }
}

impl<const N: usize, const KN: usize> Default for KeyedHistogramStorage<N, KN> {
    fn default() -> Self {
        Self::new()
    }
}

/// A keyed histogram with declared `keys`: `KN` independent histograms of `N` buckets,
/// indexed by the generated key enum `K`. Recording is as cheap as a plain histogram's. A
/// copyable handle, like [`Histogram`].
pub struct KeyedHistogram<M: Kind, K: Key, const N: usize, const KN: usize> {
    meta: &'static HistogramMeta,
    storage: &'static KeyedHistogramStorage<N, KN>,
    _kind: PhantomData<fn(K) -> M>,
}

impl<M: Kind, K: Key, const N: usize, const KN: usize> Clone for KeyedHistogram<M, K, N, KN> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<M: Kind, K: Key, const N: usize, const KN: usize> Copy for KeyedHistogram<M, K, N, KN> {}

impl<M: Kind, K: Key, const N: usize, const KN: usize> KeyedHistogram<M, K, N, KN> {
    /// Checks at compile time that `meta` fits `M`, `N` and `KN == meta.keys.len()`.
    pub const fn new(
        meta: &'static HistogramMeta,
        storage: &'static KeyedHistogramStorage<N, KN>,
    ) -> Self {
        meta.check(M::KINDS, N);
        if meta.keys.len() != KN {
            panic!("telemetry-runtime: KN must equal the number of declared keys");
        }
        KeyedHistogram {
            meta,
            storage,
            _kind: PhantomData,
        }
    }

    pub const fn meta(&self) -> &'static HistogramMeta {
        self.meta
    }

    /// The static cells (their size is the probe's static memory).
    pub const fn storage(&self) -> &'static KeyedHistogramStorage<N, KN> {
        self.storage
    }

    /// Records `sample` under `key` (an out-of-range raw index is dropped).
    #[inline]
    pub fn accumulate_raw(&self, key: K, sample: u32) {
        if self.meta.can_record() {
            if let Some(slot) = self.storage.slots.get(key.index()) {
                let sample = clamp(sample, &self.storage.clamped);
                record_in::<M, N>(self.meta, slot, sample);
            }
        }
    }

    /// Records under a key given as a string. A key not in `keys` (exact, case-sensitive) is
    /// dropped and counted (`telemetry.accumulate_unknown_histogram_keys`); returns whether the
    /// key is declared.
    pub fn accumulate_raw_str(&self, key: &str, sample: u32) -> bool {
        if !self.meta.can_record() {
            return self.meta.keys.contains(&key);
        }
        match self.meta.keys.iter().position(|k| *k == key) {
            Some(index) => {
                if let Some(slot) = self.storage.slots.get(index) {
                    let sample = clamp(sample, &self.storage.clamped);
                    record_in::<M, N>(self.meta, slot, sample);
                }
                true
            }
            None => {
                self.storage.unknown_keys.fetch_add(1, Relaxed);
                false
            }
        }
    }

    /// The stored data per key, without gates or filters.
    pub fn snapshot(&self, clear: bool) -> Vec<(String, HistogramSnapshot)> {
        self.storage
            .slots
            .iter()
            .zip(self.meta.keys)
            .filter_map(|(slot, key)| M::read(self.meta, slot, clear).map(|s| (key.to_string(), s)))
            .collect()
    }

    pub fn clear(&self) {
        for slot in &self.storage.slots {
            let _ = M::read(self.meta, slot, true);
        }
    }
}

/// The typed recording methods of a keyed container, per kind marker.
macro_rules! keyed_methods {
    ($name:ident, [$($params:tt)*], [$($args:tt)*], $key:ty) => {
        impl<$($params)*> $name<Exponential, $($args)*> {
            #[inline]
            pub fn accumulate(&self, key: $key, sample: u32) {
                self.accumulate_raw(key, sample);
            }
        }

        impl<$($params)*> $name<Linear, $($args)*> {
            #[inline]
            pub fn accumulate(&self, key: $key, sample: u32) {
                self.accumulate_raw(key, sample);
            }
        }

        impl<$($params)*> $name<Enumerated, $($args)*> {
            #[inline]
            pub fn accumulate(&self, key: $key, sample: u32) {
                self.accumulate_raw(key, sample);
            }
        }

        impl<L: Label + 'static, $($params)*> $name<Categorical<L>, $($args)*> {
            #[inline]
            pub fn accumulate(&self, key: $key, label: L) {
                self.accumulate_raw(key, label.index());
            }

            /// Records by label string; an unknown label is dropped (returns `false`).
            pub fn accumulate_label(&self, key: $key, label: &str) -> bool {
                match label_index(self.meta, label) {
                    Some(index) => {
                        self.accumulate_raw(key, index);
                        true
                    }
                    None => false,
                }
            }
        }

        impl<$($params)*> $name<Boolean, $($args)*> {
            #[inline]
            pub fn accumulate(&self, key: $key, value: bool) {
                self.accumulate_raw(key, u32::from(value));
            }
        }

        impl<$($params)*> $name<Count, $($args)*> {
            /// Records 1 under `key`.
            #[inline]
            pub fn add(&self, key: $key) {
                self.accumulate_raw(key, 1);
            }

            #[inline]
            pub fn accumulate(&self, key: $key, sample: u32) {
                self.accumulate_raw(key, sample);
            }
        }

        impl<$($params)*> $name<Flag, $($args)*> {
            /// Sets the flag of `key` (first recording per subsession only).
            #[inline]
            pub fn set(&self, key: $key) {
                self.accumulate_raw(key, 1);
            }
        }
    };
}

keyed_methods!(KeyedHistogram, [K: Key, const N: usize, const KN: usize], [K, N, KN], K);

impl<M: Kind, K: Key, const N: usize, const KN: usize> HistogramProbe
    for KeyedHistogram<M, K, N, KN>
{
    fn meta(&self) -> &'static HistogramMeta {
        self.meta
    }

    fn keyed(&self) -> bool {
        true
    }

    fn snapshot(&self, clear: bool) -> Option<HistogramData> {
        let keys = KeyedHistogram::snapshot(self, clear);
        (!keys.is_empty()).then_some(HistogramData::Keyed(keys))
    }

    fn counters(&self, clear: bool) -> ProbeCounters {
        ProbeCounters {
            clamped: take(&self.storage.clamped, clear),
            unknown_keys: take(&self.storage.unknown_keys, clear),
            key_limit: 0,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Keyed histograms with open keys

/// The static cells of a keyed histogram without declared keys: a bounded map from key to
/// `N` buckets behind a `RwLock`.
pub struct OpenKeyedHistogramStorage<const N: usize> {
    map: RwLock<BTreeMap<Box<str>, Buckets<N>>>,
    clamped: AtomicU32,
    unknown_keys: AtomicU32,
    dropped: AtomicU32,
}

impl<const N: usize> OpenKeyedHistogramStorage<N> {
    pub const fn new() -> Self {
        OpenKeyedHistogramStorage {
            map: RwLock::new(BTreeMap::new()),
            clamped: AtomicU32::new(0),
            unknown_keys: AtomicU32::new(0),
            dropped: AtomicU32::new(0),
        }
    }
}

impl<const N: usize> Default for OpenKeyedHistogramStorage<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> core::fmt::Debug for OpenKeyedHistogramStorage<N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("OpenKeyedHistogramStorage")
            .field("keys", &self.map.read().len())
            .field("dropped", &self.dropped.load(Relaxed))
            .finish_non_exhaustive()
    }
}

/// A keyed histogram without declared keys: a handle on a bounded map from key to `N` buckets
/// behind a `RwLock` ([`OpenKeyedHistogramStorage`]). Recording under an existing key takes
/// the read lock (shared; no allocation); the first sample under a new key takes the write
/// lock and allocates the key. Keys are removed when the histogram is cleared.
///
/// Firefox accepts any key (the empty string too). This map also accepts any key, up to
/// [`OPEN_HISTOGRAM_MAX_KEYS`] keys per subsession of at most [`OPEN_HISTOGRAM_MAX_KEY_BYTES`]
/// bytes; a sample past those bounds is dropped and counted in [`Self::dropped_keys`].
/// When `meta.keys` is not empty, only those keys are accepted (like [`KeyedHistogram`]).
pub struct OpenKeyedHistogram<M: Kind, const N: usize> {
    meta: &'static HistogramMeta,
    storage: &'static OpenKeyedHistogramStorage<N>,
    _kind: PhantomData<fn() -> M>,
}

impl<M: Kind, const N: usize> Clone for OpenKeyedHistogram<M, N> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<M: Kind, const N: usize> Copy for OpenKeyedHistogram<M, N> {}

impl<M: Kind, const N: usize> OpenKeyedHistogram<M, N> {
    pub const fn new(
        meta: &'static HistogramMeta,
        storage: &'static OpenKeyedHistogramStorage<N>,
    ) -> Self {
        meta.check(M::KINDS, N);
        OpenKeyedHistogram {
            meta,
            storage,
            _kind: PhantomData,
        }
    }

    pub const fn meta(&self) -> &'static HistogramMeta {
        self.meta
    }

    /// The static cells (the map's keys are on the heap).
    pub const fn storage(&self) -> &'static OpenKeyedHistogramStorage<N> {
        self.storage
    }

    /// Records `sample` under `key` (Firefox's keyed `Accumulate(id, key, uint32_t)`).
    pub fn accumulate_raw(&self, key: &str, sample: u32) {
        if !self.meta.can_record() {
            return;
        }
        let storage = self.storage;
        if !self.meta.keys.is_empty() && !self.meta.keys.contains(&key) {
            storage.unknown_keys.fetch_add(1, Relaxed);
            return;
        }
        let sample = clamp(sample, &storage.clamped);
        {
            let map = storage.map.read();
            if let Some(slot) = map.get(key) {
                record_in::<M, N>(self.meta, slot, sample);
                return;
            }
        }
        if key.len() > OPEN_HISTOGRAM_MAX_KEY_BYTES {
            storage.dropped.fetch_add(1, Relaxed);
            return;
        }
        let mut map = storage.map.write();
        if let Some(slot) = map.get(key) {
            record_in::<M, N>(self.meta, slot, sample);
        } else if map.len() >= OPEN_HISTOGRAM_MAX_KEYS {
            storage.dropped.fetch_add(1, Relaxed);
        } else {
            let slot = map.entry(Box::from(key)).or_default();
            record_in::<M, N>(self.meta, slot, sample);
        }
    }

    /// Samples dropped by the key-count and key-length bounds since the last clearing
    /// snapshot (Firefox would have kept them).
    pub fn dropped_keys(&self) -> u32 {
        self.storage.dropped.load(Relaxed)
    }

    /// The stored data per key (sorted by key), without gates or filters. Clearing removes
    /// every key.
    pub fn snapshot(&self, clear: bool) -> Vec<(String, HistogramSnapshot)> {
        if clear {
            // Taking the map under the write lock: no sample can be in flight on it.
            let map = core::mem::take(&mut *self.storage.map.write());
            map.iter()
                .filter_map(|(key, slot)| {
                    M::read(self.meta, slot, false).map(|s| (key.to_string(), s))
                })
                .collect()
        } else {
            let map = self.storage.map.read();
            map.iter()
                .filter_map(|(key, slot)| {
                    M::read(self.meta, slot, false).map(|s| (key.to_string(), s))
                })
                .collect()
        }
    }

    pub fn clear(&self) {
        drop(core::mem::take(&mut *self.storage.map.write()));
    }
}

keyed_methods!(OpenKeyedHistogram, [const N: usize], [N], &str);

impl<M: Kind, const N: usize> HistogramProbe for OpenKeyedHistogram<M, N> {
    fn meta(&self) -> &'static HistogramMeta {
        self.meta
    }

    fn keyed(&self) -> bool {
        true
    }

    fn snapshot(&self, clear: bool) -> Option<HistogramData> {
        let keys = OpenKeyedHistogram::snapshot(self, clear);
        (!keys.is_empty()).then_some(HistogramData::Keyed(keys))
    }

    fn counters(&self, clear: bool) -> ProbeCounters {
        ProbeCounters {
            clamped: take(&self.storage.clamped, clear),
            unknown_keys: take(&self.storage.unknown_keys, clear),
            key_limit: take(&self.storage.dropped, clear),
        }
    }
}

impl<M: Kind, const N: usize> core::fmt::Debug for Histogram<M, N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Histogram")
            .field("name", &self.meta.name)
            .field("kind", &self.meta.kind)
            .field("snapshot", &Histogram::snapshot(self, false))
            .finish()
    }
}

impl<M: Kind, K: Key, const N: usize, const KN: usize> core::fmt::Debug
    for KeyedHistogram<M, K, N, KN>
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("KeyedHistogram")
            .field("name", &self.meta.name)
            .field("kind", &self.meta.kind)
            .field("snapshot", &KeyedHistogram::snapshot(self, false))
            .finish()
    }
}

impl<M: Kind, const N: usize> core::fmt::Debug for OpenKeyedHistogram<M, N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("OpenKeyedHistogram")
            .field("name", &self.meta.name)
            .field("kind", &self.meta.kind)
            .field("snapshot", &OpenKeyedHistogram::snapshot(self, false))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    static BOUNDS: [u32; 10] = [0, 1, 3, 10, 32, 101, 319, 1006, 3172, 10000];
    static META: HistogramMeta = HistogramMeta {
        name: "U",
        kind: HistogramKind::Exponential,
        low: 1,
        high: 10000,
        bounds: &BOUNDS,
        labels: &[],
        keys: &[],
        record_in: ProcessSet::ALL,
        products: ProductSet::ALL,
        collection: Collection::OptOut,
    };

    fn trimmed(counts: &[u32]) -> Vec<(u32, u32)> {
        HistogramSnapshot::from_counts(&META, counts, 0).values
    }

    #[test]
    fn trimming_rule() {
        assert_eq!(trimmed(&[0; 10]), vec![]);
        assert_eq!(
            trimmed(&[1, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            vec![(0, 1), (1, 0)]
        );
        assert_eq!(
            trimmed(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
            vec![(3172, 0), (10000, 1)]
        );
        assert_eq!(
            trimmed(&[0, 0, 2, 0, 0, 5, 0, 0, 0, 0]),
            vec![(1, 0), (3, 2), (101, 5), (319, 0)]
        );
        assert_eq!(
            trimmed(&[1, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
            vec![(0, 1), (10000, 1)]
        );
    }

    #[test]
    fn range_index_is_the_largest_bound_not_above() {
        assert_eq!(range_index(&BOUNDS, 0), 0);
        assert_eq!(range_index(&BOUNDS, 1), 1);
        assert_eq!(range_index(&BOUNDS, 2), 1);
        assert_eq!(range_index(&BOUNDS, 3), 2);
        assert_eq!(range_index(&BOUNDS, 9999), 8);
        assert_eq!(range_index(&BOUNDS, 10000), 9);
        assert_eq!(range_index(&BOUNDS, u32::MAX), 9);
        assert_eq!(range_index(&[], 5), 0);
    }

    #[test]
    fn merge_keeps_the_trimming_rule() {
        let a = HistogramSnapshot::from_counts(&META, &[0, 0, 2, 0, 0, 0, 0, 0, 0, 0], 6);
        let b = HistogramSnapshot::from_counts(&META, &[0, 0, 0, 0, 0, 1, 0, 0, 0, 0], 200);
        let mut m = a.clone();
        m.merge(&b);
        let want = HistogramSnapshot::from_counts(&META, &[0, 0, 2, 0, 0, 1, 0, 0, 0, 0], 206);
        assert_eq!(m, want);
        let mut m = b.clone();
        m.merge(&a);
        assert_eq!(m, want);
        let empty = HistogramSnapshot::from_counts(&META, &[0; 10], 0);
        let mut m = a.clone();
        m.merge(&empty);
        assert_eq!(m, a);
        let mut m = empty.clone();
        m.merge(&a);
        assert_eq!(m, a);
    }

    #[test]
    fn derived_sums() {
        // Enumerated over 4 buckets: 2×1 + 1×2 in range, overflow samples 3 and 7 in the cell.
        let (sum, carry) = SumRule::IndexWeighted.sum(&[5, 2, 1, 2], 10);
        assert_eq!((sum, carry), (2 + 2 + 10, 0));
        assert_eq!(SumRule::TrueCount.sum(&[4, 3, 0], 0), (3, 0));
        // Count: 3 calls, samples 0, 1, 5: cell = −1 + 4.
        assert_eq!(SumRule::CallsPlusCell.sum(&[3, 0, 0], 3), (6, 0));
        // A racing sample 0 put its −1 here and its count in the next snapshot, after one
        // sample 0 of this one: report 0, carry −1 over.
        let minus = |v: i64| v as u64;
        assert_eq!(
            SumRule::CallsPlusCell.sum(&[1, 0, 0], minus(-2)),
            (0, minus(-1))
        );
    }

    #[test]
    fn a_negative_count_sum_is_carried_to_the_next_snapshot() {
        let b = Buckets::<3>::new();
        // Two samples 0 whose corrections landed, one of whose counts did.
        b.count(0);
        b.add_to_cell(u64::MAX);
        b.add_to_cell(u64::MAX);
        assert_eq!(
            b.read(true, SumRule::CallsPlusCell),
            Some((vec![1, 0, 0], 0))
        );
        // The late count arrives: the total over both snapshots is exact (0 + 0).
        b.count(0);
        assert_eq!(
            b.read(true, SumRule::CallsPlusCell),
            Some((vec![1, 0, 0], 0))
        );
        assert_eq!(b.read(true, SumRule::CallsPlusCell), None);
        assert_eq!(b.sum.load(Relaxed), 0);
    }

    #[test]
    fn identity_bounds() {
        assert_eq!(HistogramMeta::identity_bounds::<4>(), [0, 1, 2, 3]);
        assert_eq!(HistogramKind::Enumerated.type_code(), 1);
        assert_eq!(HistogramKind::Categorical.as_str(), "categorical");
    }
}
