//! JSON in the exact shape of the main ping (`main.4.schema.json`) and the event ping
//! (`event.4.schema.json`), following ping-payload.md: integer counts and sums (never
//! floats), bucket lower bounds as decimal-string keys in ascending order, events as
//! 4/5/6-element arrays without trailing nulls, and Firefox's process layout.

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value, json};

use crate::event::EventRecord;
use crate::gate::Process;
use crate::histogram::HistogramSnapshot;
use crate::ping::{Envelope, EnvelopeError, PingInfo};
use crate::registry::Payload;
use crate::scalar::ScalarValue;

impl HistogramSnapshot {
    /// `{"bucket_count", "histogram_type", "range", "sum", "values"}`.
    pub fn to_json(&self) -> Value {
        let mut values = Map::new();
        for (bound, count) in &self.values {
            values.insert(bound.to_string(), Value::from(*count));
        }
        json!({
            "bucket_count": self.bucket_count,
            "histogram_type": self.histogram_type,
            "range": [self.range[0], self.range[1]],
            "sum": self.sum,
            "values": values,
        })
    }
}

impl ScalarValue {
    pub fn to_json(&self) -> Value {
        match self {
            ScalarValue::Uint(v) => Value::from(*v),
            ScalarValue::Bool(v) => Value::from(*v),
            ScalarValue::String(v) => Value::from(v.as_str()),
        }
    }
}

impl EventRecord {
    /// `[timestamp, category, method, object]`, then `value` (`null` if absent but extra is
    /// present), then `extra` (omitted when empty).
    pub fn to_json(&self) -> Value {
        let mut a = Vec::with_capacity(6);
        a.push(Value::from(self.timestamp));
        a.push(Value::from(self.category.as_str()));
        a.push(Value::from(self.method.as_str()));
        a.push(Value::from(self.object.as_str()));
        if self.value.is_some() || !self.extra.is_empty() {
            a.push(self.value.as_deref().map_or(Value::Null, Value::from));
        }
        if !self.extra.is_empty() {
            let extra: Map<String, Value> = self
                .extra
                .iter()
                .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
                .collect();
            a.push(Value::Object(extra));
        }
        Value::Array(a)
    }
}

/// An array of events.
pub fn events_to_json(events: &[EventRecord]) -> Value {
    Value::Array(events.iter().map(EventRecord::to_json).collect())
}

fn histograms(list: &[(String, HistogramSnapshot)]) -> Value {
    Value::Object(
        list.iter()
            .map(|(name, h)| (name.clone(), h.to_json()))
            .collect(),
    )
}

fn keyed_histograms(list: &[(String, Vec<(String, HistogramSnapshot)>)]) -> Value {
    Value::Object(
        list.iter()
            .map(|(name, keys)| (name.clone(), histograms(keys)))
            .collect(),
    )
}

fn scalars(list: &[(String, ScalarValue)]) -> Value {
    Value::Object(
        list.iter()
            .map(|(name, v)| (name.clone(), v.to_json()))
            .collect(),
    )
}

fn keyed_scalars(list: &[(String, Vec<(String, ScalarValue)>)]) -> Value {
    Value::Object(
        list.iter()
            .map(|(name, keys)| (name.clone(), scalars(keys)))
            .collect(),
    )
}

/// The process sections Firefox writes, in its order, and whether each has histograms.
const LAYOUT: [(&str, bool); 7] = [
    ("parent", false),
    ("content", true),
    ("extension", true),
    ("dynamic", false),
    ("gpu", true),
    ("socket", true),
    ("utility", true),
];

/// One payload per process: payloads of the same process are merged ([`Payload::merge`]).
fn by_process(payloads: &[Payload]) -> Vec<Cow<'_, Payload>> {
    let mut out: Vec<Cow<'_, Payload>> = Vec::new();
    for p in payloads {
        match out.iter_mut().find(|q| q.process == p.process) {
            Some(q) => q.to_mut().merge(p.clone()),
            None => out.push(Cow::Borrowed(p)),
        }
    }
    out
}

/// The main ping's `histograms`, `keyedHistograms` and `processes` for these payloads, with
/// Firefox's layout: parent histograms at the top level; `processes.parent` and
/// `processes.dynamic` with `scalars` and `keyedScalars`; `content`, `extension`, `gpu`,
/// `socket` and `utility` with all four sections; every section present, `{}` when empty.
/// `rdd` data is left out, as Firefox does. A payload's `events` go to
/// `processes.<name>.events` when not empty.
pub fn payload_sections(payloads: &[Payload]) -> Map<String, Value> {
    let merged = by_process(payloads);
    let find = |name: &str| merged.iter().find(|p| p.process.name() == name);
    let empty = Payload::new(Process::Parent);
    let parent = find("parent").map_or(&empty, |p| &**p);

    let mut processes = Map::new();
    for (name, with_histograms) in LAYOUT {
        let p = find(name).map(|p| &**p);
        let mut section = Map::new();
        if with_histograms {
            section.insert(
                "histograms".into(),
                p.map_or_else(|| json!({}), |p| histograms(&p.histograms)),
            );
            section.insert(
                "keyedHistograms".into(),
                p.map_or_else(|| json!({}), |p| keyed_histograms(&p.keyed_histograms)),
            );
        }
        section.insert(
            "scalars".into(),
            p.map_or_else(|| json!({}), |p| scalars(&p.scalars)),
        );
        section.insert(
            "keyedScalars".into(),
            p.map_or_else(|| json!({}), |p| keyed_scalars(&p.keyed_scalars)),
        );
        if let Some(p) = p.filter(|p| !p.events.is_empty()) {
            section.insert("events".into(), events_to_json(&p.events));
        }
        processes.insert(name.into(), Value::Object(section));
    }

    let mut out = Map::new();
    out.insert("histograms".into(), histograms(&parent.histograms));
    out.insert(
        "keyedHistograms".into(),
        keyed_histograms(&parent.keyed_histograms),
    );
    out.insert("processes".into(), Value::Object(processes));
    out
}

impl Payload {
    /// This process's data as main-ping payload sections (see [`payload_sections`]).
    pub fn to_json(&self) -> Value {
        Value::Object(payload_sections(core::slice::from_ref(self)))
    }
}

fn info_json(info: &PingInfo) -> Value {
    let mut m = Map::new();
    let opt = |v: &Option<String>| v.as_deref().map_or(Value::Null, Value::from);
    m.insert("reason".into(), Value::from(info.reason.as_str()));
    if let Some(v) = &info.revision {
        m.insert("revision".into(), Value::from(v.as_str()));
    }
    if let Some(v) = info.timezone_offset {
        m.insert("timezoneOffset".into(), Value::from(v));
    }
    m.insert("previousBuildId".into(), opt(&info.previous_build_id));
    if let Some(v) = &info.session_id {
        m.insert("sessionId".into(), Value::from(v.as_str()));
    }
    if let Some(v) = &info.subsession_id {
        m.insert("subsessionId".into(), Value::from(v.as_str()));
    }
    m.insert("previousSessionId".into(), opt(&info.previous_session_id));
    m.insert(
        "previousSubsessionId".into(),
        opt(&info.previous_subsession_id),
    );
    if let Some(v) = info.subsession_counter {
        m.insert("subsessionCounter".into(), Value::from(v));
    }
    if let Some(v) = info.profile_subsession_counter {
        m.insert("profileSubsessionCounter".into(), Value::from(v));
    }
    if let Some(v) = &info.session_start_date {
        m.insert("sessionStartDate".into(), Value::from(v.as_str()));
    }
    if let Some(v) = &info.subsession_start_date {
        m.insert("subsessionStartDate".into(), Value::from(v.as_str()));
    }
    if let Some(v) = info.session_length {
        m.insert("sessionLength".into(), Value::from(v));
    }
    if let Some(v) = info.subsession_length {
        m.insert("subsessionLength".into(), Value::from(v));
    }
    Value::Object(m)
}

/// A main ping's `payload`: `ver`, `info`, then [`payload_sections`].
pub fn main_payload(info: &PingInfo, payloads: &[Payload]) -> Value {
    let mut m = Map::new();
    m.insert("ver".into(), Value::from(4));
    m.insert("info".into(), info_json(info));
    m.extend(payload_sections(payloads));
    Value::Object(m)
}

fn envelope(kind: &str, env: &Envelope, payload: Value) -> Value {
    let a = &env.application;
    let mut app = Map::new();
    app.insert("architecture".into(), a.architecture.as_str().into());
    app.insert("buildId".into(), a.build_id.as_str().into());
    app.insert("channel".into(), a.channel.as_str().into());
    if let Some(v) = &a.display_version {
        app.insert("displayVersion".into(), v.as_str().into());
    }
    app.insert("name".into(), a.name.as_str().into());
    app.insert("platformVersion".into(), a.platform_version.as_str().into());
    app.insert("vendor".into(), a.vendor.as_str().into());
    app.insert("version".into(), a.version.as_str().into());
    app.insert("xpcomAbi".into(), a.xpcom_abi.as_str().into());

    let mut m = Map::new();
    m.insert("type".into(), kind.into());
    m.insert("id".into(), env.id.as_str().into());
    m.insert("creationDate".into(), env.creation_date.as_str().into());
    m.insert("version".into(), Value::from(4));
    m.insert("application".into(), Value::Object(app));
    m.insert("payload".into(), payload);
    if let Some(v) = &env.client_id {
        m.insert("clientId".into(), v.as_str().into());
    }
    if let Some(v) = &env.profile_group_id {
        m.insert("profileGroupId".into(), v.as_str().into());
    }
    Value::Object(m)
}

/// A complete `main` ping (no `environment`), valid against `main.4.schema.json`. Fails if
/// the envelope would not validate (`clientId` is required here).
pub fn main_ping(
    env: &Envelope,
    info: &PingInfo,
    payloads: &[Payload],
) -> Result<Value, EnvelopeError> {
    env.validate(true)?;
    Ok(envelope("main", env, main_payload(info, payloads)))
}

/// The payload of an event ping.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventPing {
    /// `periodic`, `max` or `shutdown`.
    pub reason: String,
    /// Unix milliseconds of the main process start, rounded to the minute
    /// ([`process_start_timestamp`](crate::process_start_timestamp)).
    pub process_start_timestamp: i64,
    pub session_id: String,
    pub subsession_id: String,
    pub lost_events_count: u64,
    /// Events per process; a process without events gets no key.
    pub events: Vec<(Process, Vec<EventRecord>)>,
}

/// A complete `event` ping, valid against `event.4.schema.json`.
pub fn event_ping(env: &Envelope, ping: &EventPing) -> Result<Value, EnvelopeError> {
    env.validate(false)?;
    let mut events = Map::new();
    for (process, list) in &ping.events {
        if list.is_empty() {
            continue;
        }
        let name = process.name().to_string();
        match events.get_mut(&name) {
            Some(Value::Array(existing)) => {
                existing.extend(list.iter().map(EventRecord::to_json));
            }
            _ => {
                events.insert(name, events_to_json(list));
            }
        }
    }
    let payload = json!({
        "reason": ping.reason,
        "processStartTimestamp": ping.process_start_timestamp,
        "sessionId": ping.session_id,
        "subsessionId": ping.subsession_id,
        "lostEventsCount": ping.lost_events_count,
        "events": events,
    });
    Ok(envelope("event", env, payload))
}
