//! Probe sets, registration and snapshots.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::ptr;
use core::sync::atomic::{AtomicBool, AtomicPtr, Ordering};

use crate::event::{EventProbe, EventRecord};
use crate::gate::{self, Collection, Process};
use crate::histogram::{HistogramData, HistogramProbe, HistogramSnapshot};
use crate::scalar::{ScalarData, ScalarProbe, ScalarValue};

/// Every probe of one generated module. The generator emits one `static` per module:
///
/// ```
/// # use telemetry_runtime::*;
/// # static GC_MS_META: HistogramMeta = HistogramMeta { name: "GC_MS", kind: HistogramKind::Exponential,
/// #     low: 1, high: 10000, bounds: &[0, 1, 3, 10, 32, 101, 319, 1006, 3172, 10000], labels: &[], keys: &[],
/// #     record_in: ProcessSet::ALL, products: ProductSet::ALL, collection: Collection::OptOut };
/// # static GC_MS_STORAGE: HistogramStorage<10> = HistogramStorage::new();
/// # const GC_MS: Histogram<Exponential, 10> = Histogram::new(&GC_MS_META, &GC_MS_STORAGE);
/// pub static PROBES: ProbeSet = ProbeSet::new(&[&GC_MS], &[], &[]);
/// ```
pub struct ProbeSet {
    pub histograms: &'static [&'static dyn HistogramProbe],
    pub scalars: &'static [&'static dyn ScalarProbe],
    pub events: &'static [&'static EventProbe],
    next: AtomicPtr<ProbeSet>,
    registered: AtomicBool,
}

impl core::fmt::Debug for ProbeSet {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ProbeSet")
            .field("histograms", &self.histograms.len())
            .field("scalars", &self.scalars.len())
            .field("events", &self.events.len())
            .field("registered", &self.is_registered())
            .finish()
    }
}

impl ProbeSet {
    pub const fn new(
        histograms: &'static [&'static dyn HistogramProbe],
        scalars: &'static [&'static dyn ScalarProbe],
        events: &'static [&'static EventProbe],
    ) -> Self {
        ProbeSet {
            histograms,
            scalars,
            events,
            next: AtomicPtr::new(ptr::null_mut()),
            registered: AtomicBool::new(false),
        }
    }

    pub fn is_registered(&self) -> bool {
        self.registered.load(Ordering::Acquire)
    }
}

/// The registered sets: an intrusive lock-free stack (no allocation, `no_std`).
static HEAD: AtomicPtr<ProbeSet> = AtomicPtr::new(ptr::null_mut());

/// Adds a set to the global [`snapshot`]. Idempotent: returns `false` if it was registered.
/// Probes record whether or not their set is registered.
pub fn register(set: &'static ProbeSet) -> bool {
    crate::event::mark_process_start();
    if set.registered.swap(true, Ordering::AcqRel) {
        return false;
    }
    let node = ptr::from_ref(set).cast_mut();
    let mut head = HEAD.load(Ordering::Acquire);
    loop {
        set.next.store(head, Ordering::Relaxed);
        match HEAD.compare_exchange_weak(head, node, Ordering::AcqRel, Ordering::Acquire) {
            Ok(_) => return true,
            Err(current) => head = current,
        }
    }
}

/// The registered sets, in registration order.
pub fn registered_sets() -> Vec<&'static ProbeSet> {
    let mut sets = Vec::new();
    let mut node = HEAD.load(Ordering::Acquire);
    while !node.is_null() {
        // SAFETY: only `&'static ProbeSet`s are ever pushed, and never removed.
        let set: &'static ProbeSet = unsafe { &*node };
        sets.push(set);
        node = set.next.load(Ordering::Relaxed);
    }
    sets.reverse();
    sets
}

/// How to take a snapshot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SnapshotOptions {
    /// Clear what was reported (the subsession split of `daily` and `environment-change`
    /// pings).
    pub clear: bool,
    /// Keep `TELEMETRY_TEST_*` histograms and `telemetry.test.*` scalars (Firefox filters them
    /// out of real pings; they are cleared either way).
    pub include_test_probes: bool,
    /// Add Firefox's internal keyed scalars from the runtime's counters:
    /// `telemetry.accumulate_clamped_values` (opt-in), `telemetry.accumulate_unknown_histogram_keys`,
    /// `telemetry.keyed_scalars_unknown_keys`, `telemetry.keyed_scalars_exceed_limit`, keyed by
    /// probe name, in the current process's `keyedScalars` (Firefox counts the scalar-key ones
    /// in the parent, where child scalar actions are applied; without IPC we count where the
    /// recording happened).
    pub internal_scalars: bool,
}

impl SnapshotOptions {
    /// Firefox's main-ping snapshot: test probes filtered out, internal scalars included.
    pub const fn new(clear: bool) -> Self {
        SnapshotOptions {
            clear,
            include_test_probes: false,
            internal_scalars: true,
        }
    }
}

/// One process's snapshot: the sections of the main-ping payload for that process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payload {
    pub process: Process,
    /// `(name, histogram)`, in definition order.
    pub histograms: Vec<(String, HistogramSnapshot)>,
    /// `(name, [(key, histogram)])`; only histograms with at least one key.
    pub keyed_histograms: Vec<(String, Vec<(String, HistogramSnapshot)>)>,
    pub scalars: Vec<(String, ScalarValue)>,
    pub keyed_scalars: Vec<(String, Vec<(String, ScalarValue)>)>,
    /// Events to put under `processes.<process>.events`. [`snapshot`] leaves this empty (since
    /// Firefox 62 events travel in the event ping, see [`take_events`](crate::take_events));
    /// fill it to carry events in the main ping as well.
    pub events: Vec<EventRecord>,
}

impl Payload {
    pub fn new(process: Process) -> Self {
        Payload {
            process,
            histograms: Vec::new(),
            keyed_histograms: Vec::new(),
            scalars: Vec::new(),
            keyed_scalars: Vec::new(),
            events: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.histograms.is_empty()
            && self.keyed_histograms.is_empty()
            && self.scalars.is_empty()
            && self.keyed_scalars.is_empty()
            && self.events.is_empty()
    }

    pub fn histogram(&self, name: &str) -> Option<&HistogramSnapshot> {
        self.histograms
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, h)| h)
    }

    pub fn keyed_histogram(&self, name: &str) -> Option<&[(String, HistogramSnapshot)]> {
        self.keyed_histograms
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, h)| h.as_slice())
    }

    pub fn scalar(&self, name: &str) -> Option<&ScalarValue> {
        self.scalars.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    pub fn keyed_scalar(&self, name: &str) -> Option<&[(String, ScalarValue)]> {
        self.keyed_scalars
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }

    /// Adds `other` (another snapshot of the same process, e.g. a second content process) into
    /// this one: histogram counts and sums add up, `uint` scalars add (wrapping), other scalar
    /// values are replaced, events are appended.
    pub fn merge(&mut self, other: Payload) {
        for (name, h) in other.histograms {
            merge_histogram(&mut self.histograms, name, h);
        }
        for (name, keys) in other.keyed_histograms {
            let slot = match self.keyed_histograms.iter().position(|(n, _)| *n == name) {
                Some(i) => &mut self.keyed_histograms[i].1,
                None => {
                    self.keyed_histograms.push((name, Vec::new()));
                    let last = self.keyed_histograms.len() - 1;
                    &mut self.keyed_histograms[last].1
                }
            };
            for (key, h) in keys {
                merge_histogram(slot, key, h);
            }
        }
        for (name, v) in other.scalars {
            merge_scalar(&mut self.scalars, name, v);
        }
        for (name, keys) in other.keyed_scalars {
            let slot = match self.keyed_scalars.iter().position(|(n, _)| *n == name) {
                Some(i) => &mut self.keyed_scalars[i].1,
                None => {
                    self.keyed_scalars.push((name, Vec::new()));
                    let last = self.keyed_scalars.len() - 1;
                    &mut self.keyed_scalars[last].1
                }
            };
            for (key, v) in keys {
                merge_scalar(slot, key, v);
            }
        }
        self.events.extend(other.events);
    }
}

fn merge_histogram(
    list: &mut Vec<(String, HistogramSnapshot)>,
    name: String,
    h: HistogramSnapshot,
) {
    match list.iter_mut().find(|(n, _)| *n == name) {
        Some((_, existing)) if existing.bucket_count == h.bucket_count => existing.merge(&h),
        Some((_, existing)) => *existing = h,
        None => list.push((name, h)),
    }
}

fn merge_scalar(list: &mut Vec<(String, ScalarValue)>, name: String, v: ScalarValue) {
    match list.iter_mut().find(|(n, _)| *n == name) {
        Some((_, existing)) => {
            *existing = match (&*existing, v) {
                (ScalarValue::Uint(a), ScalarValue::Uint(b)) => {
                    ScalarValue::Uint(a.wrapping_add(b))
                }
                (_, v) => v,
            }
        }
        None => list.push((name, v)),
    }
}

/// Firefox's internal keyed scalars, built from the probes' counters.
#[derive(Default)]
struct Internal {
    clamped: Vec<(String, ScalarValue)>,
    unknown_histogram_keys: Vec<(String, ScalarValue)>,
    unknown_scalar_keys: Vec<(String, ScalarValue)>,
    scalar_key_limit: Vec<(String, ScalarValue)>,
}

fn push_count(list: &mut Vec<(String, ScalarValue)>, name: &str, n: u32) {
    if n != 0 {
        merge_scalar(list, name.to_string(), ScalarValue::Uint(n));
    }
}

struct Collector {
    options: SnapshotOptions,
    payload: Payload,
    internal: Internal,
}

impl Collector {
    fn new(options: SnapshotOptions) -> Self {
        Collector {
            options,
            payload: Payload::new(gate::current_process()),
            internal: Internal::default(),
        }
    }

    fn add_set(&mut self, set: &ProbeSet) {
        let clear = self.options.clear;
        for probe in set.histograms {
            let meta = probe.meta();
            let counters = probe.counters(clear);
            push_count(&mut self.internal.clamped, meta.name, counters.clamped);
            push_count(
                &mut self.internal.unknown_histogram_keys,
                meta.name,
                counters.unknown_keys,
            );
            if !gate::can_report(meta.record_in, meta.products, meta.collection) {
                continue;
            }
            let data = probe.snapshot(clear);
            if !self.options.include_test_probes && meta.name.starts_with("TELEMETRY_TEST_") {
                continue;
            }
            match data {
                Some(HistogramData::Plain(h)) => {
                    merge_histogram(&mut self.payload.histograms, meta.name.to_string(), h)
                }
                Some(HistogramData::Keyed(keys)) => {
                    self.payload.merge(Payload {
                        keyed_histograms: alloc::vec![(meta.name.to_string(), keys)],
                        ..Payload::new(self.payload.process)
                    });
                }
                None => {}
            }
        }
        for probe in set.scalars {
            let meta = probe.meta();
            let counters = probe.counters(clear);
            push_count(
                &mut self.internal.unknown_scalar_keys,
                meta.name,
                counters.unknown_keys,
            );
            push_count(
                &mut self.internal.scalar_key_limit,
                meta.name,
                counters.key_limit,
            );
            if !gate::can_report(meta.record_in, meta.products, meta.collection) {
                continue;
            }
            let data = probe.snapshot(clear);
            if !self.options.include_test_probes && meta.name.starts_with("telemetry.test.") {
                continue;
            }
            match data {
                Some(ScalarData::Plain(v)) => {
                    merge_scalar(&mut self.payload.scalars, meta.name.to_string(), v)
                }
                Some(ScalarData::Keyed(keys)) => self.payload.merge(Payload {
                    keyed_scalars: alloc::vec![(meta.name.to_string(), keys)],
                    ..Payload::new(self.payload.process)
                }),
                None => {}
            }
        }
    }

    fn finish(mut self) -> Payload {
        if self.options.internal_scalars {
            let internal = core::mem::take(&mut self.internal);
            let mut add = |name: &str, values: Vec<(String, ScalarValue)>, collection| {
                if !values.is_empty()
                    && gate::can_report(gate::ProcessSet::ALL, gate::ProductSet::ALL, collection)
                {
                    self.payload.merge(Payload {
                        keyed_scalars: alloc::vec![(name.to_string(), values)],
                        ..Payload::new(self.payload.process)
                    });
                }
            };
            add(
                "telemetry.accumulate_clamped_values",
                internal.clamped,
                Collection::OptIn,
            );
            add(
                "telemetry.accumulate_unknown_histogram_keys",
                internal.unknown_histogram_keys,
                Collection::OptOut,
            );
            add(
                "telemetry.keyed_scalars_unknown_keys",
                internal.unknown_scalar_keys,
                Collection::OptOut,
            );
            add(
                "telemetry.keyed_scalars_exceed_limit",
                internal.scalar_key_limit,
                Collection::OptOut,
            );
        }
        self.payload
    }
}

/// Snapshots every registered set (see [`snapshot_with`]).
pub fn snapshot(clear: bool) -> Payload {
    snapshot_with(SnapshotOptions::new(clear))
}

/// Snapshots every registered set into one payload for the current process.
///
/// A probe is included when the current process is in its `record_in_processes`, the current
/// product in its `products`, its dataset is collected (opt-in only with extended collection
/// on) and it holds data; a plain flag histogram is always included. Test probes are filtered
/// (but cleared) unless `include_test_probes`. Probes left out are not cleared.
pub fn snapshot_with(options: SnapshotOptions) -> Payload {
    let mut collector = Collector::new(options);
    for set in registered_sets() {
        collector.add_set(set);
    }
    collector.finish()
}

/// Snapshots one set (registered or not).
pub fn snapshot_set(set: &ProbeSet, clear: bool) -> Payload {
    snapshot_set_with(set, SnapshotOptions::new(clear))
}

pub fn snapshot_set_with(set: &ProbeSet, options: SnapshotOptions) -> Payload {
    let mut collector = Collector::new(options);
    collector.add_set(set);
    collector.finish()
}
