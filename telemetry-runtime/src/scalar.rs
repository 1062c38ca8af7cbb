//! Scalars: `uint`, `boolean` and `string`, plain and keyed (declared keys or open keys).
//!
//! Operations follow ESR 140's TelemetryScalar.cpp: `uint` adds (wrapping modulo 2^32) and
//! sets, `boolean` and `string` set. `set_maximum` is the legacy operation of older
//! generations (ESR 140 no longer has it). A scalar is reported when it was given a value
//! since the last clear (0 and `false` are values).
//!
//! Clearing swaps every value with "no value"; an operation racing with it lands either in
//! this snapshot or in the next, never in both or neither.

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::marker::PhantomData;
use core::sync::atomic::{AtomicU8, AtomicU32, AtomicU64, Ordering::Relaxed};

use crate::gate::{self, Collection, ProcessSet, ProductSet};
use crate::histogram::{Key, ProbeCounters};
use crate::sync::{Mutex, RwLock};
use crate::text;

/// Scalar kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScalarKind {
    Uint,
    Boolean,
    String,
}

/// Everything the runtime needs to know about one scalar.
#[derive(Debug)]
pub struct ScalarMeta {
    /// `category.name`, the key in the ping.
    pub name: &'static str,
    pub kind: ScalarKind,
    /// Declared keys of a keyed scalar (empty: any key).
    pub keys: &'static [&'static str],
    pub record_in: ProcessSet,
    pub products: ProductSet,
    pub collection: Collection,
}

impl ScalarMeta {
    #[inline(always)]
    fn can_record(&self) -> bool {
        gate::can_record(self.record_in, self.products, self.collection)
    }

    const fn check(&self, kind: ScalarKind) {
        if self.kind as u8 != kind as u8 {
            panic!("telemetry-runtime: the scalar's kind does not match its storage type");
        }
    }
}

/// String scalar values are truncated to this many UTF-16 code units.
pub const STRING_SCALAR_MAX_UTF16: usize = 50;
/// Keyed scalar keys longer than this many UTF-16 code units are dropped.
pub const SCALAR_KEY_MAX_UTF16: usize = 72;
/// A keyed scalar holds at most this many keys per session (values are cleared, keys kept).
pub const SCALAR_MAX_KEYS: usize = 100;
/// ... except `telemetry.event_counts`.
pub const EVENT_COUNTS_MAX_KEYS: usize = 500;

/// A scalar value in the ping: an integer, a boolean or a string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScalarValue {
    Uint(u32),
    Bool(bool),
    String(String),
}

/// What a scalar snapshot holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScalarData {
    Plain(ScalarValue),
    /// `(key, value)` for every key holding a value.
    Keyed(Vec<(String, ScalarValue)>),
}

/// Every scalar (plain or keyed) the runtime can snapshot; listed in a
/// [`ProbeSet`](crate::ProbeSet) as `&'static dyn ScalarProbe`.
pub trait ScalarProbe: Sync {
    fn meta(&self) -> &'static ScalarMeta;
    fn keyed(&self) -> bool;
    /// The stored value(s) (`None`: nothing to report), without any gate or filter.
    fn snapshot(&self, clear: bool) -> Option<ScalarData>;
    /// Unknown-key and key-limit counters since the last clearing read.
    fn counters(&self, clear: bool) -> ProbeCounters;
}

// ---------------------------------------------------------------------------------------------
// Cells

/// `(value << 32) | 1` when set, 0 when not.
#[doc(hidden)]
pub struct UintCell(AtomicU64);

impl UintCell {
    const fn new() -> Self {
        UintCell(AtomicU64::new(0))
    }

    #[inline]
    fn add(&self, value: u32) {
        // Wrapping in the high half is addition modulo 2^32; the low bit marks "set".
        let delta = u64::from(value) << 32;
        let _ = self
            .0
            .fetch_update(Relaxed, Relaxed, |s| Some(s.wrapping_add(delta) | 1));
    }

    #[inline]
    fn set(&self, value: u32) {
        self.0.store((u64::from(value) << 32) | 1, Relaxed);
    }

    #[inline]
    fn set_maximum(&self, value: u32) {
        let new = (u64::from(value) << 32) | 1;
        let _ = self.0.fetch_update(Relaxed, Relaxed, |s| {
            (s & 1 == 0 || (s >> 32) < u64::from(value)).then_some(new)
        });
    }

    fn read(&self, clear: bool) -> Option<u32> {
        let s = if clear {
            self.0.swap(0, Relaxed)
        } else {
            self.0.load(Relaxed)
        };
        (s & 1 != 0).then_some((s >> 32) as u32)
    }
}

/// 0 = no value, 1 = false, 2 = true.
#[doc(hidden)]
pub struct BoolCell(AtomicU8);

impl BoolCell {
    const fn new() -> Self {
        BoolCell(AtomicU8::new(0))
    }

    #[inline]
    fn set(&self, value: bool) {
        self.0.store(1 + u8::from(value), Relaxed);
    }

    fn read(&self, clear: bool) -> Option<bool> {
        let s = if clear {
            self.0.swap(0, Relaxed)
        } else {
            self.0.load(Relaxed)
        };
        (s != 0).then_some(s == 2)
    }
}

/// The most UTF-8 bytes 50 UTF-16 code units can take.
const STRING_BYTES: usize = STRING_SCALAR_MAX_UTF16 * 3;

struct StringSlot {
    set: bool,
    len: usize,
    bytes: [u8; STRING_BYTES],
}

/// A string value of at most 50 UTF-16 code units, stored inline (no allocation).
struct StringCell(Mutex<StringSlot>);

impl StringCell {
    const fn new() -> Self {
        StringCell(Mutex::new(StringSlot {
            set: false,
            len: 0,
            bytes: [0; STRING_BYTES],
        }))
    }

    /// Sets the value, truncated to its first 50 UTF-16 code units (never splitting a
    /// surrogate pair).
    fn set(&self, value: &str) {
        let value = text::truncate_utf16(value, STRING_SCALAR_MAX_UTF16).as_bytes();
        let len = value.len().min(STRING_BYTES);
        let mut slot = self.0.lock();
        slot.bytes[..len].copy_from_slice(&value[..len]);
        slot.len = len;
        slot.set = true;
    }

    fn read(&self, clear: bool) -> Option<String> {
        let mut slot = self.0.lock();
        if !slot.set {
            return None;
        }
        let value = core::str::from_utf8(&slot.bytes[..slot.len])
            .unwrap_or_default()
            .to_string();
        if clear {
            slot.set = false;
            slot.len = 0;
        }
        Some(value)
    }
}

/// The storage of one scalar value: a plain scalar's, or one key's of a keyed scalar.
#[doc(hidden)]
pub trait Cell: Send + Sync + 'static {
    const NEW: Self;
    fn read(&self, clear: bool) -> Option<ScalarValue>;
}

impl Cell for UintCell {
    const NEW: Self = UintCell::new();
    fn read(&self, clear: bool) -> Option<ScalarValue> {
        UintCell::read(self, clear).map(ScalarValue::Uint)
    }
}

impl Cell for BoolCell {
    const NEW: Self = BoolCell::new();
    fn read(&self, clear: bool) -> Option<ScalarValue> {
        BoolCell::read(self, clear).map(ScalarValue::Bool)
    }
}

impl Cell for StringCell {
    const NEW: Self = StringCell::new();
    fn read(&self, clear: bool) -> Option<ScalarValue> {
        StringCell::read(self, clear).map(ScalarValue::String)
    }
}

/// Where a scalar type keeps its value(s): a cell, or cells by key.
trait Storage: Sync {
    fn keyed(&self) -> bool;
    /// The stored value(s) (`None`: nothing to report).
    fn snapshot(&self, meta: &ScalarMeta, clear: bool) -> Option<ScalarData>;
    /// Unknown-key and key-limit counters since the last clearing read.
    fn counters(&self, clear: bool) -> ProbeCounters;
}

/// A plain scalar's one cell.
impl<C: Cell> Storage for C {
    fn keyed(&self) -> bool {
        false
    }

    fn snapshot(&self, _: &ScalarMeta, clear: bool) -> Option<ScalarData> {
        self.read(clear).map(ScalarData::Plain)
    }

    fn counters(&self, _: bool) -> ProbeCounters {
        ProbeCounters::default()
    }
}

/// Declares a scalar type: the struct (its metadata and storage), `new` (which checks the
/// metadata), `meta`, and the `ScalarProbe` and `Debug` impls. Three layouts: a plain scalar
/// holds one cell; a keyed one holds [`DeclaredKeys`] (`K` is the generated key enum, `KN` the
/// number of keys) or [`OpenKeys`].
macro_rules! scalar_type {
    ($(#[$doc:meta])* $ty:ident<K, KN>: DeclaredKeys<$cell:ty>, $kind:expr) => {
        $(#[$doc])*
        pub struct $ty<K: Key, const KN: usize> {
            meta: &'static ScalarMeta,
            keys: DeclaredKeys<$cell, KN>,
            _key: PhantomData<fn(K)>,
        }

        impl<K: Key, const KN: usize> $ty<K, KN> {
            pub const fn new(meta: &'static ScalarMeta) -> Self {
                meta.check($kind);
                check_keys(meta, KN);
                $ty {
                    meta,
                    keys: DeclaredKeys::new(),
                    _key: PhantomData,
                }
            }

            pub const fn meta(&self) -> &'static ScalarMeta {
                self.meta
            }
        }

        scalar_type!(@probe $ty, keys, [K: Key, const KN: usize] [K, KN]);
    };
    ($(#[$doc:meta])* $ty:ident: OpenKeys<$cell:ty>, $kind:expr) => {
        $(#[$doc])*
        pub struct $ty {
            meta: &'static ScalarMeta,
            keys: OpenKeys<$cell>,
        }

        impl $ty {
            pub const fn new(meta: &'static ScalarMeta) -> Self {
                meta.check($kind);
                $ty {
                    meta,
                    keys: OpenKeys::new(),
                }
            }

            pub const fn meta(&self) -> &'static ScalarMeta {
                self.meta
            }
        }

        scalar_type!(@probe $ty, keys);
    };
    ($(#[$doc:meta])* $ty:ident: $cell:ty, $kind:expr) => {
        $(#[$doc])*
        pub struct $ty {
            meta: &'static ScalarMeta,
            cell: $cell,
        }

        impl $ty {
            pub const fn new(meta: &'static ScalarMeta) -> Self {
                meta.check($kind);
                $ty {
                    meta,
                    cell: <$cell as Cell>::NEW,
                }
            }

            pub const fn meta(&self) -> &'static ScalarMeta {
                self.meta
            }

            /// Runs `op` on the cell, if the scalar may record.
            #[inline]
            fn record(&self, op: impl FnOnce(&$cell)) {
                if self.meta.can_record() {
                    op(&self.cell);
                }
            }
        }

        scalar_type!(@probe $ty, cell);
    };
    (@probe $ty:ident, $storage:ident $(, [$($generics:tt)*] [$($args:tt)*])?) => {
        impl$(<$($generics)*>)? ScalarProbe for $ty$(<$($args)*>)? {
            fn meta(&self) -> &'static ScalarMeta {
                self.meta
            }
            fn keyed(&self) -> bool {
                self.$storage.keyed()
            }
            fn snapshot(&self, clear: bool) -> Option<ScalarData> {
                self.$storage.snapshot(self.meta, clear)
            }
            fn counters(&self, clear: bool) -> ProbeCounters {
                self.$storage.counters(clear)
            }
        }

        impl$(<$($generics)*>)? core::fmt::Debug for $ty$(<$($args)*>)? {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_struct(stringify!($ty))
                    .field("name", &self.meta.name)
                    .field("snapshot", &ScalarProbe::snapshot(self, false))
                    .finish()
            }
        }
    };
}

// ---------------------------------------------------------------------------------------------
// Plain scalars

scalar_type!(
    /// A `uint` scalar.
    UintScalar: UintCell, ScalarKind::Uint
);

impl UintScalar {
    /// Adds `value`, wrapping modulo 2^32 (an unset scalar starts at 0).
    #[inline]
    pub fn add(&self, value: u32) {
        self.record(|c| c.add(value));
    }

    #[inline]
    pub fn set(&self, value: u32) {
        self.record(|c| c.set(value));
    }

    /// Sets `value` if it is larger than the current value or there is none (legacy).
    #[inline]
    pub fn set_maximum(&self, value: u32) {
        self.record(|c| c.set_maximum(value));
    }

    /// The current value, if any (no gate, no clear).
    pub fn value(&self) -> Option<u32> {
        self.cell.read(false)
    }
}

scalar_type!(
    /// A `boolean` scalar.
    BoolScalar: BoolCell, ScalarKind::Boolean
);

impl BoolScalar {
    #[inline]
    pub fn set(&self, value: bool) {
        self.record(|c| c.set(value));
    }

    pub fn value(&self) -> Option<bool> {
        self.cell.read(false)
    }
}

scalar_type!(
    /// A `string` scalar: at most 50 UTF-16 code units, stored inline (no allocation).
    StringScalar: StringCell, ScalarKind::String
);

impl StringScalar {
    /// Sets the value, truncated to its first 50 UTF-16 code units (never splitting a
    /// surrogate pair), as Firefox stores it.
    pub fn set(&self, value: &str) {
        self.record(|c| c.set(value));
    }

    pub fn value(&self) -> Option<String> {
        self.cell.read(false)
    }
}

// ---------------------------------------------------------------------------------------------
// Keyed scalars with declared keys

/// Storage of a keyed scalar with declared keys: one cell per key, indexed by the key enum.
#[doc(hidden)]
pub struct DeclaredKeys<C: Cell, const KN: usize> {
    cells: [C; KN],
    unknown: AtomicU32,
}

impl<C: Cell, const KN: usize> DeclaredKeys<C, KN> {
    const fn new() -> Self {
        DeclaredKeys {
            cells: [const { C::NEW }; KN],
            unknown: AtomicU32::new(0),
        }
    }

    /// Runs `op` on the cell of `key`, if the scalar may record.
    #[inline]
    fn with<K: Key>(&self, meta: &ScalarMeta, key: K, op: impl FnOnce(&C)) {
        if meta.can_record() {
            if let Some(cell) = self.cells.get(key.index()) {
                op(cell);
            }
        }
    }

    /// Runs `op` on the cell of a key given as a string, if the scalar may record and the key
    /// is declared (an unknown key is dropped and counted).
    fn with_str(&self, meta: &ScalarMeta, key: &str, op: impl FnOnce(&C)) {
        if meta.can_record() {
            if let Some(cell) = self.by_str(meta, key) {
                op(cell);
            }
        }
    }

    fn by_str(&self, meta: &ScalarMeta, key: &str) -> Option<&C> {
        // Firefox drops an empty key before looking at the declared keys.
        if key.is_empty() {
            return None;
        }
        match meta.keys.iter().position(|k| *k == key) {
            Some(i) => self.cells.get(i),
            None => {
                self.unknown.fetch_add(1, Relaxed);
                None
            }
        }
    }
}

impl<C: Cell, const KN: usize> Storage for DeclaredKeys<C, KN> {
    fn keyed(&self) -> bool {
        true
    }

    fn snapshot(&self, meta: &ScalarMeta, clear: bool) -> Option<ScalarData> {
        let values: Vec<(String, ScalarValue)> = self
            .cells
            .iter()
            .zip(meta.keys)
            .filter_map(|(cell, key)| cell.read(clear).map(|v| (key.to_string(), v)))
            .collect();
        (!values.is_empty()).then_some(ScalarData::Keyed(values))
    }

    fn counters(&self, clear: bool) -> ProbeCounters {
        ProbeCounters {
            unknown_keys: take(&self.unknown, clear),
            ..ProbeCounters::default()
        }
    }
}

fn take(counter: &AtomicU32, clear: bool) -> u32 {
    if clear {
        counter.swap(0, Relaxed)
    } else {
        counter.load(Relaxed)
    }
}

const fn check_keys(meta: &ScalarMeta, kn: usize) {
    if meta.keys.len() != kn {
        panic!("telemetry-runtime: KN must equal the number of declared keys");
    }
}

scalar_type!(
    /// A keyed `uint` scalar with declared keys (`K` is the generated key enum).
    KeyedUintScalar<K, KN>: DeclaredKeys<UintCell>, ScalarKind::Uint
);

impl<K: Key, const KN: usize> KeyedUintScalar<K, KN> {
    #[inline]
    pub fn add(&self, key: K, value: u32) {
        self.keys.with(self.meta, key, |c| c.add(value));
    }

    #[inline]
    pub fn set(&self, key: K, value: u32) {
        self.keys.with(self.meta, key, |c| c.set(value));
    }

    #[inline]
    pub fn set_maximum(&self, key: K, value: u32) {
        self.keys.with(self.meta, key, |c| c.set_maximum(value));
    }

    /// `add` under a key given as a string: an unknown key is dropped and counted
    /// (`telemetry.keyed_scalars_unknown_keys`).
    pub fn add_str(&self, key: &str, value: u32) {
        self.keys.with_str(self.meta, key, |c| c.add(value));
    }

    pub fn set_str(&self, key: &str, value: u32) {
        self.keys.with_str(self.meta, key, |c| c.set(value));
    }

    pub fn set_maximum_str(&self, key: &str, value: u32) {
        self.keys.with_str(self.meta, key, |c| c.set_maximum(value));
    }
}

scalar_type!(
    /// A keyed `boolean` scalar with declared keys.
    KeyedBoolScalar<K, KN>: DeclaredKeys<BoolCell>, ScalarKind::Boolean
);

impl<K: Key, const KN: usize> KeyedBoolScalar<K, KN> {
    #[inline]
    pub fn set(&self, key: K, value: bool) {
        self.keys.with(self.meta, key, |c| c.set(value));
    }

    pub fn set_str(&self, key: &str, value: bool) {
        self.keys.with_str(self.meta, key, |c| c.set(value));
    }
}

// ---------------------------------------------------------------------------------------------
// Keyed scalars with open keys

/// Storage of a keyed scalar with open keys: Firefox's key checks and 100-key budget.
#[doc(hidden)]
pub struct OpenKeys<C: Cell> {
    map: RwLock<BTreeMap<Box<str>, C>>,
    unknown: AtomicU32,
    exceeded: AtomicU32,
}

impl<C: Cell> OpenKeys<C> {
    const fn new() -> Self {
        OpenKeys {
            map: RwLock::new(BTreeMap::new()),
            unknown: AtomicU32::new(0),
            exceeded: AtomicU32::new(0),
        }
    }

    /// Runs `op` on the cell of `key`, if the scalar may record (see [`Self::record`]).
    #[inline]
    fn with(&self, meta: &ScalarMeta, key: &str, op: impl Fn(&C)) {
        if meta.can_record() {
            self.record(meta, key, op);
        }
    }

    /// Runs `op` on the cell of `key`, applying Firefox's checks in order: empty key → dropped;
    /// not a declared key → dropped and counted; longer than 72 UTF-16 code units → dropped;
    /// present → updated; new past the key budget → dropped and counted; else created.
    fn record(&self, meta: &ScalarMeta, key: &str, op: impl Fn(&C)) {
        if key.is_empty() {
            return;
        }
        if !meta.keys.is_empty() && !meta.keys.contains(&key) {
            self.unknown.fetch_add(1, Relaxed);
            return;
        }
        if text::utf16_longer_than(key, SCALAR_KEY_MAX_UTF16) {
            return;
        }
        {
            let map = self.map.read();
            if let Some(cell) = map.get(key) {
                op(cell);
                return;
            }
        }
        let limit = if meta.name == "telemetry.event_counts" {
            EVENT_COUNTS_MAX_KEYS
        } else {
            SCALAR_MAX_KEYS
        };
        let mut map = self.map.write();
        if let Some(cell) = map.get(key) {
            op(cell);
        } else if map.len() >= limit {
            self.exceeded.fetch_add(1, Relaxed);
        } else {
            op(map.entry(Box::from(key)).or_insert(C::NEW));
        }
    }

    fn key_count(&self) -> usize {
        self.map.read().len()
    }
}

impl<C: Cell> Storage for OpenKeys<C> {
    fn keyed(&self) -> bool {
        true
    }

    fn snapshot(&self, _: &ScalarMeta, clear: bool) -> Option<ScalarData> {
        // Cells are atomics: clearing swaps each value out under the read lock, and the keys
        // stay (they count against the budget for the whole session, as in Firefox).
        let map = self.map.read();
        let values: Vec<(String, ScalarValue)> = map
            .iter()
            .filter_map(|(key, cell)| cell.read(clear).map(|v| (key.to_string(), v)))
            .collect();
        (!values.is_empty()).then_some(ScalarData::Keyed(values))
    }

    fn counters(&self, clear: bool) -> ProbeCounters {
        ProbeCounters {
            unknown_keys: take(&self.unknown, clear),
            key_limit: take(&self.exceeded, clear),
            clamped: 0,
        }
    }
}

scalar_type!(
    /// A keyed `uint` scalar with open keys (`&str`).
    OpenKeyedUintScalar: OpenKeys<UintCell>, ScalarKind::Uint
);

impl OpenKeyedUintScalar {
    pub fn add(&self, key: &str, value: u32) {
        self.keys.with(self.meta, key, |c| c.add(value));
    }

    pub fn set(&self, key: &str, value: u32) {
        self.keys.with(self.meta, key, |c| c.set(value));
    }

    pub fn set_maximum(&self, key: &str, value: u32) {
        self.keys.with(self.meta, key, |c| c.set_maximum(value));
    }

    /// Keys created this session (with or without a value).
    pub fn key_count(&self) -> usize {
        self.keys.key_count()
    }
}

scalar_type!(
    /// A keyed `boolean` scalar with open keys (`&str`).
    OpenKeyedBoolScalar: OpenKeys<BoolCell>, ScalarKind::Boolean
);

impl OpenKeyedBoolScalar {
    pub fn set(&self, key: &str, value: bool) {
        self.keys.with(self.meta, key, |c| c.set(value));
    }

    pub fn key_count(&self) -> usize {
        self.keys.key_count()
    }
}
