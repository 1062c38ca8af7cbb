//! Shared helpers: the runtime's switches are process-wide, so every test that records takes
//! `serial()`, which also resets the switches.
#![allow(dead_code)]

use std::sync::{Mutex, MutexGuard, PoisonError};
use telemetry_runtime::*;

static SERIAL: Mutex<()> = Mutex::new(());

/// Serialises the tests of one binary and resets the global switches: recording on, extended
/// collection on, parent process, Firefox.
pub fn serial() -> MutexGuard<'static, ()> {
    let guard = SERIAL.lock().unwrap_or_else(PoisonError::into_inner);
    set_recording_enabled(true);
    set_extended_collection(true);
    set_current_process(Process::Parent);
    set_product(Product::Firefox);
    set_clock(None);
    set_event_buffer_capacity(DEFAULT_EVENT_BUFFER_CAPACITY);
    set_event_limit_callback(None);
    let _ = snapshot_events(true);
    guard
}

/// A histogram definition recording everywhere, opt-out, no labels or keys.
pub const fn meta(
    name: &'static str,
    kind: HistogramKind,
    low: u32,
    high: u32,
    bounds: &'static [u32],
) -> HistogramMeta {
    HistogramMeta {
        name,
        kind,
        low,
        high,
        bounds,
        labels: &[],
        keys: &[],
        record_in: ProcessSet::ALL,
        products: ProductSet::ALL,
        collection: Collection::OptOut,
    }
}

pub const fn scalar_meta(name: &'static str, kind: ScalarKind) -> ScalarMeta {
    ScalarMeta {
        name,
        kind,
        keys: &[],
        record_in: ProcessSet::ALL,
        products: ProductSet::ALL,
        collection: Collection::OptOut,
    }
}

/// `[0, 1, 3, 10, 32, 101, 319, 1006, 3172, 10000]`: exponential 1..10000, 10 buckets.
pub static EXP_1_10000_10: [u32; 10] = [0, 1, 3, 10, 32, 101, 319, 1006, 3172, 10000];
/// Linear 1..100, 11 buckets.
pub static LIN_1_100_11: [u32; 11] = [0, 1, 12, 23, 34, 45, 56, 67, 78, 89, 100];
pub static ENUM_11: [u32; 11] = HistogramMeta::identity_bounds::<11>();
pub static CAT_51: [u32; 51] = HistogramMeta::identity_bounds::<51>();

/// Where the shared corpus is: `$TELEMETRY_CORPUS`, else `<workspace>/../shared/corpus`.
pub fn corpus() -> Option<std::path::PathBuf> {
    let dir = match std::env::var_os("TELEMETRY_CORPUS") {
        Some(d) => std::path::PathBuf::from(d),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"),
    };
    if dir.join("pipeline-schemas").is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "note: corpus not found at {} (set TELEMETRY_CORPUS); skipping",
            dir.display()
        );
        None
    }
}

/// The values of a snapshot as `[(bound, count)]`.
pub fn values(h: &HistogramSnapshot) -> Vec<(u32, u32)> {
    h.values.clone()
}

/// A `&'static ProbeSet` of the given statics.
#[macro_export]
macro_rules! set {
    ([$($h:expr),* $(,)?], [$($s:expr),* $(,)?]) => {{
        static SET: telemetry_runtime::ProbeSet =
            telemetry_runtime::ProbeSet::new(&[$(&$h),*], &[$(&$s),*], &[]);
        &SET
    }};
}
