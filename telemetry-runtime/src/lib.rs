//! The tiny runtime behind generated Firefox-telemetry probe APIs.
//!
//! The code generator of `telemetry-registry` turns `Histograms.json`, `Scalars.yaml` and
//! `Events.yaml` into one item per probe over the storage types of this crate, plus a
//! [`ProbeSet`] per module. This crate provides those storage types, Firefox's recording rules
//! and gates, and snapshots in the shape of the main-ping payload.
//!
//! ```
//! use telemetry_runtime::*;
//!
//! // What the generator emits (one shared bounds table per distinct layout). The metadata and
//! // the handle are constants, so every call site sees them at compile time; only the cells
//! // are a `static`.
//! const BOUNDS_EXP_1_10000_10: [u32; 10] = [0, 1, 3, 10, 32, 101, 319, 1006, 3172, 10000];
//! const GC_MS_META: HistogramMeta = HistogramMeta {
//!     name: "GC_MS",
//!     kind: HistogramKind::Exponential,
//!     low: 1,
//!     high: 10000,
//!     bounds: &BOUNDS_EXP_1_10000_10,
//!     labels: &[],
//!     keys: &[],
//!     record_in: ProcessSet::MAIN,
//!     products: ProductSet::FIREFOX,
//!     collection: Collection::OptOut,
//! };
//! static GC_MS_STORAGE: HistogramStorage<10> = HistogramStorage::new();
//! pub const GC_MS: Histogram<Exponential, 10> = Histogram::new(&GC_MS_META, &GC_MS_STORAGE);
//! pub static PROBES: ProbeSet = ProbeSet::new(&[&GC_MS], &[], &[]);
//!
//! // What the instrumented program does:
//! register(&PROBES);
//! GC_MS.accumulate(42);
//! let payload = snapshot(/* clear */ true);
//! assert_eq!(payload.histogram("GC_MS").unwrap().sum, 42);
//! ```
//!
//! # What the generator emits
//!
//! Histograms: a `const` handle per histogram, built by a `const fn` from a `const`
//! [`HistogramMeta`] and a `static` of cells ([`HistogramStorage`], [`KeyedHistogramStorage`]
//! or [`OpenKeyedHistogramStorage`]). Scalars and events: one `static` per probe built by a
//! `const fn` over a `&'static` metadata struct.
//!
//! | definition | handle (histograms) or `static` |
//! | --- | --- |
//! | exponential / linear, `N` buckets | [`Histogram<Exponential, N>`] / [`Histogram<Linear, N>`] |
//! | enumerated (`N = n_values + 1`) | [`Histogram<Enumerated, N>`] |
//! | categorical (`N = max(labels, n_values, 50) + 1`) | [`Histogram<Categorical<LabelEnum>, N>`] |
//! | boolean / count / flag | [`Histogram<Boolean, 3>`] / [`Histogram<Count, 3>`] / [`Histogram<Flag, 3>`] |
//! | keyed with `keys` (`KN` of them) | [`KeyedHistogram<Kind, KeyEnum, N, KN>`] |
//! | keyed without `keys` | [`OpenKeyedHistogram<Kind, N>`] |
//! | uint / boolean / string scalar | [`UintScalar`] / [`BoolScalar`] / [`StringScalar`] |
//! | keyed uint / boolean scalar with `keys` | [`KeyedUintScalar<KeyEnum, KN>`] / [`KeyedBoolScalar<KeyEnum, KN>`] |
//! | keyed uint / boolean scalar without `keys` | [`OpenKeyedUintScalar`] / [`OpenKeyedBoolScalar`] |
//! | event (all its methods × objects) | [`EventProbe`] |
//!
//! Histogram handles are built by `pub const fn new(meta: &'static HistogramMeta, storage:
//! &'static …Storage) -> Self`; the other constructors are `pub const fn new(meta: &'static
//! {Scalar,Event}Meta) -> Self`. `HistogramMeta::bounds` points at a `const [u32; N]` shared by
//! every histogram of the same layout (the exact lower bounds from `telemetry_registry::buckets`; for the direct-index
//! kinds [`HistogramMeta::identity_bounds`] / [`HistogramMeta::SMALL_BOUNDS`]). Label and key
//! enums implement [`Label`] / [`Key`] (`fn index(self)`, the 0-based position in
//! `labels` / `keys`). Expired probes, keyed string scalars (which Firefox never creates) and
//! probes not recorded into the `main` store get no storage: the generator emits no-ops.
//! A module's probes go in one [`ProbeSet`] `static`, which the program [`register`]s.
//!
//! # Recording
//!
//! A recording is a gate check (one relaxed load of the global switches: recording enabled,
//! extended collection for opt-in probes, the current process, the current product), the
//! bucket lookup (a binary search of the layout's bound table for exponential and linear, a
//! direct index otherwise) and relaxed atomic adds on the probe's static storage. No lock, no
//! allocation, no hashing, no dispatch thread, for every plain and declared-key histogram and
//! scalar. Open-key maps take a read lock (a write lock and one allocation for a new key);
//! string scalars and events take a lock; events allocate their strings.
//!
//! Firefox's semantics (see `ping-payload.md`): samples above INT_MAX are clamped (and counted
//! in `telemetry.accumulate_clamped_values`), every sample is capped at INT_MAX − 1; boolean
//! records any non-zero sample as true; count adds 1 to bucket 0 and the sample to `sum`;
//! categorical records the label index; a flag switches once per subsession; keyed scalar
//! keys are checked and limited; string scalars are truncated to 50 UTF-16 code units; event
//! values to 80 UTF-8 bytes.
//!
//! # Snapshots
//!
//! [`snapshot`]`(clear)` reads every registered set into a [`Payload`] for the current
//! process, applying Firefox's inclusion rules; with `clear`, what was reported is reset.
//! Clearing is exact: every sample recorded concurrently lands in exactly one snapshot (see
//! the `histogram` module docs for the precise guarantee). With the `json` feature the payload
//! serialises to the main ping's `payload` sections, and [`json::main_ping`] /
//! [`json::event_ping`] build whole pings valid against the pipeline schemas.
//!
//! # Compile-time checks
//!
//! The `const fn` constructors check the metadata against the storage type, so a generator
//! bug is a compile error in the `static`, never a runtime panic:
//!
//! ```compile_fail
//! # use telemetry_runtime::*;
//! static META: HistogramMeta = HistogramMeta {
//!     name: "X", kind: HistogramKind::Exponential, low: 1, high: 10000,
//!     bounds: &[0, 1, 3, 10, 32, 101, 319, 1006, 3172, 10000], labels: &[], keys: &[],
//!     record_in: ProcessSet::ALL, products: ProductSet::ALL, collection: Collection::OptOut,
//! };
//! static X_STORAGE: HistogramStorage<11> = HistogramStorage::new();
//! const X: Histogram<Exponential, 11> = Histogram::new(&META, &X_STORAGE); // N != bounds.len()
//! ```
//!
//! ```compile_fail
//! # use telemetry_runtime::*;
//! static META: HistogramMeta = HistogramMeta {
//!     name: "X", kind: HistogramKind::Linear, low: 1, high: 2, bounds: &[0, 1, 2],
//!     labels: &[], keys: &[], record_in: ProcessSet::ALL, products: ProductSet::ALL,
//!     collection: Collection::OptOut,
//! };
//! static X_STORAGE: HistogramStorage<3> = HistogramStorage::new();
//! const X: Histogram<Boolean, 3> = Histogram::new(&META, &X_STORAGE); // kind mismatch
//! ```
//!
//! ```compile_fail
//! # use telemetry_runtime::*;
//! static META: HistogramMeta = HistogramMeta {
//!     name: "X", kind: HistogramKind::Boolean, low: 1, high: 2, bounds: &[0, 1, 2],
//!     labels: &[], keys: &["a", "b"], record_in: ProcessSet::ALL, products: ProductSet::ALL,
//!     collection: Collection::OptOut,
//! };
//! static X_STORAGE: KeyedHistogramStorage<3, 3> = KeyedHistogramStorage::new();
//! const X: KeyedHistogram<Boolean, usize, 3, 3> = KeyedHistogram::new(&META, &X_STORAGE); // 2 keys
//! ```
//!
//! ```compile_fail
//! # use telemetry_runtime::*;
//! static META: HistogramMeta = HistogramMeta {
//!     name: "X", kind: HistogramKind::Linear, low: 1, high: 100, bounds: &[0, 50, 12],
//!     labels: &[], keys: &[], record_in: ProcessSet::ALL, products: ProductSet::ALL,
//!     collection: Collection::OptOut,
//! };
//! static X_STORAGE: HistogramStorage<3> = HistogramStorage::new();
//! const X: Histogram<Linear, 3> = Histogram::new(&META, &X_STORAGE); // bounds not increasing
//! ```
//!
//! ```compile_fail
//! # use telemetry_runtime::*;
//! static META: ScalarMeta = ScalarMeta {
//!     name: "a.b", kind: ScalarKind::String, keys: &[], record_in: ProcessSet::ALL,
//!     products: ProductSet::ALL, collection: Collection::OptOut,
//! };
//! static X: UintScalar = UintScalar::new(&META); // kind mismatch
//! ```
//!
//! # Features
//!
//! - `std` (default): std locks, the monotonic event clock, UUID and timestamp helpers.
//!   Without it the crate is `no_std` + `alloc` (spin locks; events are timestamped by
//!   [`set_clock`] or 0). 64-bit atomics are required.
//! - `json`: `serde_json` serialisation and ping envelopes (implies `std`). Off by default: the
//!   default build has no dependencies.

#![no_std]
#![forbid(unsafe_op_in_unsafe_fn)]
#![warn(missing_debug_implementations)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod event;
mod gate;
mod histogram;
#[cfg(feature = "json")]
pub mod json;
pub mod ping;
mod registry;
mod scalar;
mod sync;
mod text;

#[cfg(feature = "std")]
pub use event::process_start_timestamp;
pub use event::{
    DEFAULT_EVENT_BUFFER_CAPACITY, EVENT_VALUE_MAX_BYTES, EventMeta, EventProbe, EventRecord,
    EventSnapshot, MAX_EVENTS_PER_PING, RecordError, event_buffer_capacity, mark_process_start,
    pending_events, set_clock, set_event_buffer_capacity, set_event_limit_callback,
    snapshot_events, take_events,
};
pub use gate::{
    Collection, Process, ProcessSet, Product, ProductSet, current_process, current_product,
    extended_collection, recording_enabled, set_current_process, set_extended_collection,
    set_product, set_recording_enabled,
};
pub use histogram::{
    Boolean, Buckets, Categorical, Count, Enumerated, Exponential, Flag, Histogram, HistogramData,
    HistogramKind, HistogramMeta, HistogramProbe, HistogramSnapshot, HistogramStorage, Key,
    KeyedHistogram, KeyedHistogramStorage, Kind, Label, Linear, OPEN_HISTOGRAM_MAX_KEY_BYTES,
    OPEN_HISTOGRAM_MAX_KEYS, OpenKeyedHistogram, OpenKeyedHistogramStorage, ProbeCounters,
    SAMPLE_CLAMP, SAMPLE_MAX, SumRule,
};
pub use registry::{
    Payload, ProbeSet, SnapshotOptions, register, registered_sets, snapshot, snapshot_set,
    snapshot_set_with, snapshot_with,
};
pub use scalar::{
    BoolScalar, EVENT_COUNTS_MAX_KEYS, KeyedBoolScalar, KeyedUintScalar, OpenKeyedBoolScalar,
    OpenKeyedUintScalar, SCALAR_KEY_MAX_UTF16, SCALAR_MAX_KEYS, STRING_SCALAR_MAX_UTF16,
    ScalarData, ScalarKind, ScalarMeta, ScalarProbe, ScalarValue, StringScalar, UintScalar,
};
pub use text::{truncate_utf8, truncate_utf16};
