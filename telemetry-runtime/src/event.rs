//! Events: one bounded, process-wide buffer of records
//! `[timestamp, category, method, object, value?, extra?]`.
//!
//! Record-time rules (TelemetryEvent.cpp): the gates of every probe; the (method, object) pair
//! must be registered; an extra key not registered for the event drops the whole event; `value`
//! and extra values are truncated to 80 UTF-8 bytes at a code-point boundary. The timestamp is
//! milliseconds since the process start (the first use of the runtime, or
//! [`set_clock`]).
//!
//! The buffer holds at most [`event_buffer_capacity`] records (default
//! [`DEFAULT_EVENT_BUFFER_CAPACITY`]); an event past it is dropped and counted in the next
//! event ping's `lostEventsCount`. [`take_events`] drains at most [`MAX_EVENTS_PER_PING`]
//! records, as the event ping does.

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::gate::{self, Collection, ProcessSet, ProductSet};
use crate::sync::{self, Mutex};
use crate::text;

/// `value` and extra values are truncated to this many UTF-8 bytes.
pub const EVENT_VALUE_MAX_BYTES: usize = 80;
/// One event ping holds at most this many events per process; the parent sends a `max` event
/// ping when its buffer reaches it.
pub const MAX_EVENTS_PER_PING: usize = 1000;
/// The default bound of the event buffer.
pub const DEFAULT_EVENT_BUFFER_CAPACITY: usize = 10_000;

/// One event definition (`category.name` in Events.yaml): every (method, object) pair of it.
#[derive(Debug)]
pub struct EventMeta {
    pub category: &'static str,
    /// `methods` (default: the event's name).
    pub methods: &'static [&'static str],
    pub objects: &'static [&'static str],
    /// Registered extra keys.
    pub extra_keys: &'static [&'static str],
    pub record_in: ProcessSet,
    pub products: ProductSet,
    pub collection: Collection,
}

/// An event probe. Build it in a `static` with [`EventProbe::new`].
#[derive(Debug)]
pub struct EventProbe {
    meta: &'static EventMeta,
}

/// One recorded event, as it goes into a ping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRecord {
    /// Milliseconds since process start.
    pub timestamp: u64,
    pub category: String,
    pub method: String,
    pub object: String,
    pub value: Option<String>,
    /// In recording order; serialised as an object, omitted when empty.
    pub extra: Vec<(String, String)>,
}

struct Buffered {
    timestamp: u64,
    meta: &'static EventMeta,
    method: &'static str,
    object: &'static str,
    value: Option<Box<str>>,
    extra: Vec<(&'static str, Box<str>)>,
}

impl Buffered {
    fn record(&self) -> EventRecord {
        EventRecord {
            timestamp: self.timestamp,
            category: self.meta.category.to_string(),
            method: self.method.to_string(),
            object: self.object.to_string(),
            value: self.value.as_deref().map(str::to_string),
            extra: self
                .extra
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }
}

struct Events {
    buffer: Vec<Buffered>,
    capacity: usize,
    lost: u64,
    clock: Option<fn() -> u64>,
    on_limit: Option<fn()>,
}

static EVENTS: Mutex<Events> = Mutex::new(Events {
    buffer: Vec::new(),
    capacity: DEFAULT_EVENT_BUFFER_CAPACITY,
    lost: 0,
    clock: None,
    on_limit: None,
});

#[cfg(feature = "std")]
mod clock {
    use std::sync::OnceLock;
    use std::time::{Instant, SystemTime};

    static START: OnceLock<(Instant, SystemTime)> = OnceLock::new();

    pub(crate) fn start() -> &'static (Instant, SystemTime) {
        START.get_or_init(|| (Instant::now(), SystemTime::now()))
    }

    pub(crate) fn now_ms() -> u64 {
        u64::try_from(start().0.elapsed().as_millis()).unwrap_or(u64::MAX)
    }
}

/// Marks the process start for event timestamps (done implicitly by [`crate::register`] and
/// the first event). With `std` only; a no-op otherwise.
pub fn mark_process_start() {
    #[cfg(feature = "std")]
    let _ = clock::start();
}

/// The process start as Unix milliseconds, rounded down to the minute (the event ping's
/// `processStartTimestamp`).
#[cfg(feature = "std")]
pub fn process_start_timestamp() -> i64 {
    let unix = clock::start()
        .1
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    let ms = i64::try_from(unix).unwrap_or(i64::MAX);
    ms - ms % 60_000
}

/// Replaces the event clock (milliseconds since process start). `None` restores the default:
/// the monotonic clock with `std`, 0 without.
pub fn set_clock(clock: Option<fn() -> u64>) {
    sync::with(&EVENTS, |e| e.clock = clock);
}

/// Bounds the event buffer; events recorded while it is full are lost (and counted).
pub fn set_event_buffer_capacity(capacity: usize) {
    sync::with(&EVENTS, |e| e.capacity = capacity);
}

pub fn event_buffer_capacity() -> usize {
    sync::with(&EVENTS, |e| e.capacity)
}

/// Called (outside any lock, on the recording thread) when the buffer reaches
/// [`MAX_EVENTS_PER_PING`] records: the moment Firefox's parent sends a `max` event ping.
pub fn set_event_limit_callback(callback: Option<fn()>) {
    sync::with(&EVENTS, |e| e.on_limit = callback);
}

/// Events waiting in the buffer.
pub fn pending_events() -> usize {
    sync::with(&EVENTS, |e| e.buffer.len())
}

fn now(clock: Option<fn() -> u64>) -> u64 {
    if let Some(clock) = clock {
        return clock();
    }
    #[cfg(feature = "std")]
    {
        clock::now_ms()
    }
    #[cfg(not(feature = "std"))]
    {
        0
    }
}

/// Why an event was not recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordError {
    /// Recording off, extended collection off for an opt-in event, or the process or product
    /// is not allowed (silent in Firefox).
    Disabled,
    /// The method or object is not registered for this event.
    UnknownMethodOrObject,
    /// An extra key is not registered: the whole event is dropped.
    UnknownExtraKey,
    /// The buffer is full; the event is counted as lost.
    BufferFull,
}

impl EventProbe {
    pub const fn new(meta: &'static EventMeta) -> Self {
        if meta.methods.is_empty() || meta.objects.is_empty() {
            panic!("telemetry-runtime: an event needs at least one method and one object");
        }
        EventProbe { meta }
    }

    pub const fn meta(&self) -> &'static EventMeta {
        self.meta
    }

    /// Records the event `(methods[method], objects[object])`. The generated API passes
    /// indices from typed enums and extras from a typed struct.
    pub fn record(
        &self,
        method: usize,
        object: usize,
        value: Option<&str>,
        extra: &[(&str, &str)],
    ) -> Result<(), RecordError> {
        let (Some(method), Some(object)) =
            (self.meta.methods.get(method), self.meta.objects.get(object))
        else {
            return Err(RecordError::UnknownMethodOrObject);
        };
        self.push(method, object, value, extra)
    }

    /// Records by method and object name (exact match).
    pub fn record_str(
        &self,
        method: &str,
        object: &str,
        value: Option<&str>,
        extra: &[(&str, &str)],
    ) -> Result<(), RecordError> {
        let method = self.meta.methods.iter().find(|m| **m == method);
        let object = self.meta.objects.iter().find(|o| **o == object);
        let (Some(method), Some(object)) = (method, object) else {
            return Err(RecordError::UnknownMethodOrObject);
        };
        self.push(method, object, value, extra)
    }

    fn push(
        &self,
        method: &'static str,
        object: &'static str,
        value: Option<&str>,
        extra: &[(&str, &str)],
    ) -> Result<(), RecordError> {
        let m = self.meta;
        if !gate::can_record(m.record_in, m.products, m.collection) {
            return Err(RecordError::Disabled);
        }
        let mut extras = Vec::with_capacity(extra.len());
        for (key, val) in extra {
            let Some(key) = m.extra_keys.iter().find(|k| *k == key) else {
                return Err(RecordError::UnknownExtraKey);
            };
            extras.push((
                *key,
                Box::from(text::truncate_utf8(val, EVENT_VALUE_MAX_BYTES)),
            ));
        }
        let value = value.map(|v| Box::from(text::truncate_utf8(v, EVENT_VALUE_MAX_BYTES)));
        mark_process_start();
        let callback = sync::with(&EVENTS, |e| {
            if e.buffer.len() >= e.capacity {
                e.lost = e.lost.saturating_add(1);
                return Err(RecordError::BufferFull);
            }
            e.buffer.push(Buffered {
                timestamp: now(e.clock),
                meta: m,
                method,
                object,
                value,
                extra: extras,
            });
            Ok((e.buffer.len() == MAX_EVENTS_PER_PING)
                .then_some(e.on_limit)
                .flatten())
        })?;
        if let Some(callback) = callback {
            callback();
        }
        Ok(())
    }
}

/// Events taken from the buffer for one ping, with the count of events lost since the last
/// take (buffer overflow, plus discarded leftovers).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventSnapshot {
    pub events: Vec<EventRecord>,
    pub lost: u64,
}

/// Drains up to `max` events (oldest first) for an event ping; events of categories starting
/// with `telemetry.test` are drained but not returned. The rest stays buffered, unless
/// `discard_leftovers` (the `shutdown` ping): then it is dropped and counted in `lost`.
pub fn take_events(max: usize, discard_leftovers: bool) -> EventSnapshot {
    let (taken, lost) = sync::with(&EVENTS, |e| {
        let n = max.min(e.buffer.len());
        let taken: Vec<Buffered> = e.buffer.drain(..n).collect();
        if discard_leftovers {
            let leftovers = e.buffer.len() as u64;
            e.buffer.clear();
            e.lost = e.lost.saturating_add(leftovers);
        }
        (taken, core::mem::take(&mut e.lost))
    });
    EventSnapshot {
        events: taken
            .iter()
            .filter(|b| !b.meta.category.starts_with("telemetry.test"))
            .map(Buffered::record)
            .collect(),
        lost,
    }
}

/// Every buffered event, unfiltered; `clear` empties the buffer (and the lost count).
pub fn snapshot_events(clear: bool) -> EventSnapshot {
    sync::with(&EVENTS, |e| {
        let events = e.buffer.iter().map(Buffered::record).collect();
        let lost = e.lost;
        if clear {
            e.buffer.clear();
            e.lost = 0;
        }
        EventSnapshot { events, lost }
    })
}
