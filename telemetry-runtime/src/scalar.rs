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

    fn read(&self, clear: bool) -> Option<ScalarValue> {
        let s = if clear {
            self.0.swap(0, Relaxed)
        } else {
            self.0.load(Relaxed)
        };
        (s & 1 != 0).then_some(ScalarValue::Uint((s >> 32) as u32))
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

    fn read(&self, clear: bool) -> Option<ScalarValue> {
        let s = if clear {
            self.0.swap(0, Relaxed)
        } else {
            self.0.load(Relaxed)
        };
        (s != 0).then_some(ScalarValue::Bool(s == 2))
    }
}

/// The cell kinds keyed scalars can hold.
#[doc(hidden)]
pub trait Cell: Send + Sync + 'static {
    const NEW: Self;
    fn read(&self, clear: bool) -> Option<ScalarValue>;
}

impl Cell for UintCell {
    const NEW: Self = UintCell::new();
    fn read(&self, clear: bool) -> Option<ScalarValue> {
        UintCell::read(self, clear)
    }
}

impl Cell for BoolCell {
    const NEW: Self = BoolCell::new();
    fn read(&self, clear: bool) -> Option<ScalarValue> {
        BoolCell::read(self, clear)
    }
}

// ---------------------------------------------------------------------------------------------
// Plain scalars

/// A `uint` scalar.
pub struct UintScalar {
    meta: &'static ScalarMeta,
    cell: UintCell,
}

impl UintScalar {
    pub const fn new(meta: &'static ScalarMeta) -> Self {
        meta.check(ScalarKind::Uint);
        UintScalar {
            meta,
            cell: UintCell::new(),
        }
    }

    pub const fn meta(&self) -> &'static ScalarMeta {
        self.meta
    }

    /// Adds `value`, wrapping modulo 2^32 (an unset scalar starts at 0).
    #[inline]
    pub fn add(&self, value: u32) {
        if self.meta.can_record() {
            self.cell.add(value);
        }
    }

    #[inline]
    pub fn set(&self, value: u32) {
        if self.meta.can_record() {
            self.cell.set(value);
        }
    }

    /// Sets `value` if it is larger than the current value or there is none (legacy).
    #[inline]
    pub fn set_maximum(&self, value: u32) {
        if self.meta.can_record() {
            self.cell.set_maximum(value);
        }
    }

    /// The current value, if any (no gate, no clear).
    pub fn value(&self) -> Option<u32> {
        match self.cell.read(false) {
            Some(ScalarValue::Uint(v)) => Some(v),
            _ => None,
        }
    }
}

/// A `boolean` scalar.
pub struct BoolScalar {
    meta: &'static ScalarMeta,
    cell: BoolCell,
}

impl BoolScalar {
    pub const fn new(meta: &'static ScalarMeta) -> Self {
        meta.check(ScalarKind::Boolean);
        BoolScalar {
            meta,
            cell: BoolCell::new(),
        }
    }

    pub const fn meta(&self) -> &'static ScalarMeta {
        self.meta
    }

    #[inline]
    pub fn set(&self, value: bool) {
        if self.meta.can_record() {
            self.cell.set(value);
        }
    }

    pub fn value(&self) -> Option<bool> {
        match self.cell.read(false) {
            Some(ScalarValue::Bool(v)) => Some(v),
            _ => None,
        }
    }
}

/// The most UTF-8 bytes 50 UTF-16 code units can take.
const STRING_BYTES: usize = STRING_SCALAR_MAX_UTF16 * 3;

struct StringSlot {
    set: bool,
    len: usize,
    bytes: [u8; STRING_BYTES],
}

/// A `string` scalar: at most 50 UTF-16 code units, stored inline (no allocation).
pub struct StringScalar {
    meta: &'static ScalarMeta,
    slot: Mutex<StringSlot>,
}

impl StringScalar {
    pub const fn new(meta: &'static ScalarMeta) -> Self {
        meta.check(ScalarKind::String);
        StringScalar {
            meta,
            slot: Mutex::new(StringSlot {
                set: false,
                len: 0,
                bytes: [0; STRING_BYTES],
            }),
        }
    }

    pub const fn meta(&self) -> &'static ScalarMeta {
        self.meta
    }

    /// Sets the value, truncated to its first 50 UTF-16 code units (never splitting a
    /// surrogate pair), as Firefox stores it.
    pub fn set(&self, value: &str) {
        if !self.meta.can_record() {
            return;
        }
        let value = text::truncate_utf16(value, STRING_SCALAR_MAX_UTF16).as_bytes();
        let len = value.len().min(STRING_BYTES);
        let mut slot = self.slot.lock();
        slot.bytes[..len].copy_from_slice(&value[..len]);
        slot.len = len;
        slot.set = true;
    }

    fn read(&self, clear: bool) -> Option<String> {
        let mut slot = self.slot.lock();
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

    pub fn value(&self) -> Option<String> {
        self.read(false)
    }
}

impl ScalarProbe for UintScalar {
    fn meta(&self) -> &'static ScalarMeta {
        self.meta
    }
    fn keyed(&self) -> bool {
        false
    }
    fn snapshot(&self, clear: bool) -> Option<ScalarData> {
        self.cell.read(clear).map(ScalarData::Plain)
    }
    fn counters(&self, _: bool) -> ProbeCounters {
        ProbeCounters::default()
    }
}

impl ScalarProbe for BoolScalar {
    fn meta(&self) -> &'static ScalarMeta {
        self.meta
    }
    fn keyed(&self) -> bool {
        false
    }
    fn snapshot(&self, clear: bool) -> Option<ScalarData> {
        self.cell.read(clear).map(ScalarData::Plain)
    }
    fn counters(&self, _: bool) -> ProbeCounters {
        ProbeCounters::default()
    }
}

impl ScalarProbe for StringScalar {
    fn meta(&self) -> &'static ScalarMeta {
        self.meta
    }
    fn keyed(&self) -> bool {
        false
    }
    fn snapshot(&self, clear: bool) -> Option<ScalarData> {
        self.read(clear)
            .map(|s| ScalarData::Plain(ScalarValue::String(s)))
    }
    fn counters(&self, _: bool) -> ProbeCounters {
        ProbeCounters::default()
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

/// A keyed `uint` scalar with declared keys (`K` is the generated key enum).
pub struct KeyedUintScalar<K: Key, const KN: usize> {
    meta: &'static ScalarMeta,
    keys: DeclaredKeys<UintCell, KN>,
    _key: PhantomData<fn(K)>,
}

impl<K: Key, const KN: usize> KeyedUintScalar<K, KN> {
    pub const fn new(meta: &'static ScalarMeta) -> Self {
        meta.check(ScalarKind::Uint);
        check_keys(meta, KN);
        KeyedUintScalar {
            meta,
            keys: DeclaredKeys::new(),
            _key: PhantomData,
        }
    }

    pub const fn meta(&self) -> &'static ScalarMeta {
        self.meta
    }

    #[inline]
    fn cell(&self, key: K) -> Option<&UintCell> {
        if self.meta.can_record() {
            self.keys.cells.get(key.index())
        } else {
            None
        }
    }

    fn cell_str(&self, key: &str) -> Option<&UintCell> {
        if self.meta.can_record() {
            self.keys.by_str(self.meta, key)
        } else {
            None
        }
    }

    #[inline]
    pub fn add(&self, key: K, value: u32) {
        if let Some(c) = self.cell(key) {
            c.add(value);
        }
    }

    #[inline]
    pub fn set(&self, key: K, value: u32) {
        if let Some(c) = self.cell(key) {
            c.set(value);
        }
    }

    #[inline]
    pub fn set_maximum(&self, key: K, value: u32) {
        if let Some(c) = self.cell(key) {
            c.set_maximum(value);
        }
    }

    /// `add` under a key given as a string: an unknown key is dropped and counted
    /// (`telemetry.keyed_scalars_unknown_keys`).
    pub fn add_str(&self, key: &str, value: u32) {
        if let Some(c) = self.cell_str(key) {
            c.add(value);
        }
    }

    pub fn set_str(&self, key: &str, value: u32) {
        if let Some(c) = self.cell_str(key) {
            c.set(value);
        }
    }

    pub fn set_maximum_str(&self, key: &str, value: u32) {
        if let Some(c) = self.cell_str(key) {
            c.set_maximum(value);
        }
    }
}

/// A keyed `boolean` scalar with declared keys.
pub struct KeyedBoolScalar<K: Key, const KN: usize> {
    meta: &'static ScalarMeta,
    keys: DeclaredKeys<BoolCell, KN>,
    _key: PhantomData<fn(K)>,
}

impl<K: Key, const KN: usize> KeyedBoolScalar<K, KN> {
    pub const fn new(meta: &'static ScalarMeta) -> Self {
        meta.check(ScalarKind::Boolean);
        check_keys(meta, KN);
        KeyedBoolScalar {
            meta,
            keys: DeclaredKeys::new(),
            _key: PhantomData,
        }
    }

    pub const fn meta(&self) -> &'static ScalarMeta {
        self.meta
    }

    #[inline]
    pub fn set(&self, key: K, value: bool) {
        if self.meta.can_record() {
            if let Some(c) = self.keys.cells.get(key.index()) {
                c.set(value);
            }
        }
    }

    pub fn set_str(&self, key: &str, value: bool) {
        if self.meta.can_record() {
            if let Some(c) = self.keys.by_str(self.meta, key) {
                c.set(value);
            }
        }
    }
}

macro_rules! declared_probe {
    ($ty:ident) => {
        impl<K: Key, const KN: usize> ScalarProbe for $ty<K, KN> {
            fn meta(&self) -> &'static ScalarMeta {
                self.meta
            }
            fn keyed(&self) -> bool {
                true
            }
            fn snapshot(&self, clear: bool) -> Option<ScalarData> {
                self.keys.snapshot(self.meta, clear)
            }
            fn counters(&self, clear: bool) -> ProbeCounters {
                self.keys.counters(clear)
            }
        }
    };
}

declared_probe!(KeyedUintScalar);
declared_probe!(KeyedBoolScalar);

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

    /// Runs `op` on the cell of `key`, applying Firefox's checks in order: empty key → dropped;
    /// not a declared key → dropped and counted; longer than 72 UTF-16 code units → dropped;
    /// present → updated; new past the key budget → dropped and counted; else created.
    fn with(&self, meta: &ScalarMeta, key: &str, op: impl Fn(&C)) {
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

    fn snapshot(&self, clear: bool) -> Option<ScalarData> {
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

    fn key_count(&self) -> usize {
        self.map.read().len()
    }
}

/// A keyed `uint` scalar with open keys (`&str`).
pub struct OpenKeyedUintScalar {
    meta: &'static ScalarMeta,
    keys: OpenKeys<UintCell>,
}

impl OpenKeyedUintScalar {
    pub const fn new(meta: &'static ScalarMeta) -> Self {
        meta.check(ScalarKind::Uint);
        OpenKeyedUintScalar {
            meta,
            keys: OpenKeys::new(),
        }
    }

    pub const fn meta(&self) -> &'static ScalarMeta {
        self.meta
    }

    pub fn add(&self, key: &str, value: u32) {
        if self.meta.can_record() {
            self.keys.with(self.meta, key, |c| c.add(value));
        }
    }

    pub fn set(&self, key: &str, value: u32) {
        if self.meta.can_record() {
            self.keys.with(self.meta, key, |c| c.set(value));
        }
    }

    pub fn set_maximum(&self, key: &str, value: u32) {
        if self.meta.can_record() {
            self.keys.with(self.meta, key, |c| c.set_maximum(value));
        }
    }

    /// Keys created this session (with or without a value).
    pub fn key_count(&self) -> usize {
        self.keys.key_count()
    }
}

/// A keyed `boolean` scalar with open keys (`&str`).
pub struct OpenKeyedBoolScalar {
    meta: &'static ScalarMeta,
    keys: OpenKeys<BoolCell>,
}

impl OpenKeyedBoolScalar {
    pub const fn new(meta: &'static ScalarMeta) -> Self {
        meta.check(ScalarKind::Boolean);
        OpenKeyedBoolScalar {
            meta,
            keys: OpenKeys::new(),
        }
    }

    pub const fn meta(&self) -> &'static ScalarMeta {
        self.meta
    }

    pub fn set(&self, key: &str, value: bool) {
        if self.meta.can_record() {
            self.keys.with(self.meta, key, |c| c.set(value));
        }
    }

    pub fn key_count(&self) -> usize {
        self.keys.key_count()
    }
}

macro_rules! open_probe {
    ($ty:ident) => {
        impl ScalarProbe for $ty {
            fn meta(&self) -> &'static ScalarMeta {
                self.meta
            }
            fn keyed(&self) -> bool {
                true
            }
            fn snapshot(&self, clear: bool) -> Option<ScalarData> {
                self.keys.snapshot(clear)
            }
            fn counters(&self, clear: bool) -> ProbeCounters {
                self.keys.counters(clear)
            }
        }
    };
}

open_probe!(OpenKeyedUintScalar);
open_probe!(OpenKeyedBoolScalar);

macro_rules! scalar_debug {
    ($ty:ident $(, [$($g:tt)*] [$($a:tt)*])?) => {
        impl$(<$($g)*>)? core::fmt::Debug for $ty$(<$($a)*>)? {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_struct(stringify!($ty))
                    .field("name", &self.meta.name)
                    .field("snapshot", &ScalarProbe::snapshot(self, false))
                    .finish()
            }
        }
    };
}

scalar_debug!(UintScalar);
scalar_debug!(BoolScalar);
scalar_debug!(StringScalar);
scalar_debug!(KeyedUintScalar, [K: Key, const KN: usize] [K, KN]);
scalar_debug!(KeyedBoolScalar, [K: Key, const KN: usize] [K, KN]);
scalar_debug!(OpenKeyedUintScalar);
scalar_debug!(OpenKeyedBoolScalar);
