//! The JSON a snapshot produces, exactly as ping-payload.md specifies, and whole pings checked
//! against Mozilla's pipeline schemas (`main.4`, `event.4`, draft-04) and upstream fixtures.

mod common;

use common::*;
use serde_json::{Value, json};
use std::sync::atomic::{AtomicU64, Ordering};
use telemetry_runtime::json::{EventPing, event_ping, main_ping, payload_sections};
use telemetry_runtime::ping::{Application, Envelope, PingInfo};
use telemetry_runtime::*;

// The probes of `example-main-ping.json`.
static LOAD_MS_META: HistogramMeta = meta(
    "EXAMPLE_LOAD_MS",
    HistogramKind::Exponential,
    1,
    10000,
    &EXP_1_10000_10,
);
static LOAD_MS_STORAGE: HistogramStorage<10> = HistogramStorage::new();
const LOAD_MS: Histogram<Exponential, 10> = Histogram::new(&LOAD_MS_META, &LOAD_MS_STORAGE);
static PERCENT_META: HistogramMeta = meta(
    "EXAMPLE_PERCENT",
    HistogramKind::Linear,
    1,
    100,
    &LIN_1_100_11,
);
static PERCENT_STORAGE: HistogramStorage<11> = HistogramStorage::new();
const PERCENT: Histogram<Linear, 11> = Histogram::new(&PERCENT_META, &PERCENT_STORAGE);
static ENUM_META: HistogramMeta = meta("EXAMPLE_ENUM", HistogramKind::Enumerated, 1, 10, &ENUM_11);
static ENUM_STORAGE: HistogramStorage<11> = HistogramStorage::new();
const ENUM: Histogram<Enumerated, 11> = Histogram::new(&ENUM_META, &ENUM_STORAGE);
static BOOL_META: HistogramMeta = HistogramMeta {
    record_in: ProcessSet::MAIN,
    ..meta(
        "EXAMPLE_BOOL",
        HistogramKind::Boolean,
        1,
        2,
        HistogramMeta::SMALL_BOUNDS,
    )
};
static BOOL_STORAGE: HistogramStorage<3> = HistogramStorage::new();
const BOOL: Histogram<Boolean, 3> = Histogram::new(&BOOL_META, &BOOL_STORAGE);
static FLAG_META: HistogramMeta = HistogramMeta {
    record_in: ProcessSet::MAIN,
    ..meta(
        "EXAMPLE_FLAG",
        HistogramKind::Flag,
        1,
        2,
        HistogramMeta::SMALL_BOUNDS,
    )
};
static FLAG_STORAGE: HistogramStorage<3> = HistogramStorage::new();
const FLAG: Histogram<Flag, 3> = Histogram::new(&FLAG_META, &FLAG_STORAGE);
static COUNT_META: HistogramMeta = HistogramMeta {
    record_in: ProcessSet::MAIN,
    ..meta(
        "EXAMPLE_COUNT",
        HistogramKind::Count,
        1,
        2,
        HistogramMeta::SMALL_BOUNDS,
    )
};
static COUNT_STORAGE: HistogramStorage<3> = HistogramStorage::new();
const COUNT: Histogram<Count, 3> = Histogram::new(&COUNT_META, &COUNT_STORAGE);
static LABELS_META: HistogramMeta = HistogramMeta {
    labels: &["a", "b", "c"],
    record_in: ProcessSet::MAIN,
    ..meta("EXAMPLE_LABELS", HistogramKind::Categorical, 1, 50, &CAT_51)
};
static LABELS_STORAGE: HistogramStorage<51> = HistogramStorage::new();
const LABELS: Histogram<Categorical, 51> = Histogram::new(&LABELS_META, &LABELS_STORAGE);
static KEYED_BOOL_META: HistogramMeta = meta(
    "EXAMPLE_KEYED_BOOL",
    HistogramKind::Boolean,
    1,
    2,
    HistogramMeta::SMALL_BOUNDS,
);
static KEYED_BOOL_STORAGE: OpenKeyedHistogramStorage<3> = OpenKeyedHistogramStorage::new();
const KEYED_BOOL: OpenKeyedHistogram<Boolean, 3> =
    OpenKeyedHistogram::new(&KEYED_BOOL_META, &KEYED_BOOL_STORAGE);

static UINT_META: ScalarMeta = scalar_meta("example.category.uint_probe", ScalarKind::Uint);
static UINT: UintScalar = UintScalar::new(&UINT_META);
static STRING_META: ScalarMeta = scalar_meta("example.category.string_probe", ScalarKind::String);
static STRING: StringScalar = StringScalar::new(&STRING_META);
static BOOLS_META: ScalarMeta = scalar_meta("example.category.bool_probe", ScalarKind::Boolean);
static BOOLS: BoolScalar = BoolScalar::new(&BOOLS_META);
static KEYED_UINT_META: ScalarMeta = scalar_meta("example.category.keyed_uint", ScalarKind::Uint);
static KEYED_UINT: OpenKeyedUintScalar = OpenKeyedUintScalar::new(&KEYED_UINT_META);

static EVENT_META: EventMeta = EventMeta {
    category: "example.cat",
    methods: &["click", "open", "load"],
    objects: &["button", "menu", "page"],
    extra_keys: &["key1"],
    record_in: ProcessSet::ALL,
    products: ProductSet::ALL,
    collection: Collection::OptOut,
};
static EVENT: EventProbe = EventProbe::new(&EVENT_META);

static EXAMPLE: ProbeSet = ProbeSet::new(
    &[
        &LOAD_MS,
        &PERCENT,
        &ENUM,
        &BOOL,
        &FLAG,
        &COUNT,
        &LABELS,
        &KEYED_BOOL,
    ],
    &[&UINT, &STRING, &BOOLS, &KEYED_UINT],
    &[&EVENT],
);

static NOW: AtomicU64 = AtomicU64::new(0);

fn clock() -> u64 {
    NOW.load(Ordering::Relaxed)
}

fn at(ms: u64) {
    NOW.store(ms, Ordering::Relaxed);
}

fn application() -> Application {
    Application {
        architecture: "x86-64".into(),
        build_id: "20260701000000".into(),
        channel: "release".into(),
        name: "ExampleApp".into(),
        platform_version: "128.0".into(),
        version: "128.0".into(),
        vendor: "Example".into(),
        xpcom_abi: "x86_64-gcc3".into(),
        display_version: Some("128.0".into()),
    }
}

fn envelope() -> Envelope {
    Envelope {
        id: "2b1c6a3e-0f4d-4c2e-9d1a-7e5b8c9d0a11".into(),
        client_id: Some("c0ffee00-1234-4abc-8def-0123456789ab".into()),
        profile_group_id: None,
        creation_date: "2026-07-01T12:34:56.789Z".into(),
        application: application(),
    }
}

fn info() -> PingInfo {
    PingInfo {
        reason: "shutdown".into(),
        revision: Some("https://example.invalid/probes/rev-1".into()),
        timezone_offset: Some(0),
        previous_build_id: None,
        session_id: Some("5e55a1d0-0000-4000-8000-000000000001".into()),
        subsession_id: Some("5e55a1d0-0000-4000-8000-000000000002".into()),
        previous_session_id: None,
        previous_subsession_id: None,
        subsession_counter: Some(1),
        profile_subsession_counter: Some(1),
        session_start_date: Some("2026-07-01T12:00:00.0+00:00".into()),
        subsession_start_date: Some("2026-07-01T12:00:00.0+00:00".into()),
        session_length: Some(2096),
        subsession_length: Some(2096),
    }
}

/// Records exactly the samples `example-main-ping.json` describes, in the parent and then in
/// a content process, and returns the two payloads.
fn record_example() -> Vec<Payload> {
    set_clock(Some(clock));
    let _ = snapshot_set(&EXAMPLE, true);

    // Parent.
    set_current_process(Process::Parent);
    for v in [5, 7, 30] {
        LOAD_MS.accumulate(v);
    }
    PERCENT.accumulate(50);
    ENUM.accumulate(0);
    ENUM.accumulate(3);
    for v in [false, false, false, true, true] {
        BOOL.accumulate(v);
    }
    for _ in 0..4 {
        COUNT.add();
    }
    LABELS.accumulate_label("b");
    LABELS.accumulate_label("b");
    LABELS.accumulate_label("c");
    KEYED_BOOL.accumulate("search", true);
    KEYED_BOOL.accumulate("urlbar", true);
    KEYED_BOOL.accumulate("urlbar", true);
    KEYED_BOOL.accumulate("urlbar", false);
    UINT.add(1);
    UINT.add(2);
    STRING.set("hello");
    BOOLS.set(true);
    KEYED_UINT.add("mouse_click", 1);
    KEYED_UINT.add("mouse_click", 1);
    KEYED_UINT.add("touch", 1);
    at(1234);
    EVENT.record_str("click", "button", None, &[]).unwrap();
    at(2000);
    EVENT
        .record_str("open", "menu", Some("value1"), &[])
        .unwrap();
    at(3000);
    EVENT
        .record_str("open", "menu", None, &[("key1", "v1")])
        .unwrap();
    let mut parent = snapshot_set(&EXAMPLE, true);
    parent.events = take_events(MAX_EVENTS_PER_PING, false).events;

    // A content process.
    set_current_process(Process::Content);
    LOAD_MS.accumulate(10000);
    LOAD_MS.accumulate(20000);
    KEYED_BOOL.accumulate("search", false);
    UINT.add(1);
    at(4100);
    EVENT
        .record_str("load", "page", Some("https"), &[])
        .unwrap();
    let mut content = snapshot_set(&EXAMPLE, true);
    content.events = take_events(MAX_EVENTS_PER_PING, false).events;
    set_current_process(Process::Parent);
    vec![parent, content]
}

fn load(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn schema(corpus: &std::path::Path, name: &str) -> jsonschema::Validator {
    let schema = load(&corpus.join("pipeline-schemas").join(name));
    jsonschema::draft4::new(&schema).expect("the schema compiles as draft-04")
}

fn errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn histogram_objects_are_exactly_firefoxs() {
    let _g = serial();
    LOAD_MS.accumulate(5);
    LOAD_MS.accumulate(7);
    LOAD_MS.accumulate(30);
    let h = LOAD_MS.snapshot(true).unwrap().to_json();
    assert_eq!(
        h,
        json!({"bucket_count": 10, "histogram_type": 0, "range": [1, 10000], "sum": 42,
               "values": {"1": 0, "3": 2, "10": 1, "32": 0}})
    );
    // Keys in ascending bucket order, as decimal strings (not lexicographic).
    let keys: Vec<&String> = h["values"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["1", "3", "10", "32"]);
    assert_eq!(
        serde_json::to_string(&h).unwrap(),
        r#"{"bucket_count":10,"histogram_type":0,"range":[1,10000],"sum":42,"values":{"1":0,"3":2,"10":1,"32":0}}"#
    );
    FLAG.clear();
    assert_eq!(
        FLAG.snapshot(false).unwrap().to_json(),
        json!({"bucket_count": 3, "histogram_type": 3, "range": [1, 2], "sum": 0, "values": {"0": 1, "1": 0}})
    );
    // A sum beyond u32 stays an integer.
    for _ in 0..3 {
        LOAD_MS.accumulate(u32::MAX);
    }
    let h = LOAD_MS.snapshot(true).unwrap().to_json();
    assert_eq!(h["sum"], json!(3 * 2_147_483_646u64));
    assert!(h["sum"].is_u64());
    let _ = LOAD_MS.counters(true);
}

#[test]
fn events_serialise_without_trailing_nulls() {
    let e = |value: Option<&str>, extra: &[(&str, &str)]| EventRecord {
        timestamp: 7,
        category: "c.a".into(),
        method: "m".into(),
        object: "o".into(),
        value: value.map(Into::into),
        extra: extra
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    };
    assert_eq!(e(None, &[]).to_json(), json!([7, "c.a", "m", "o"]));
    assert_eq!(e(Some(""), &[]).to_json(), json!([7, "c.a", "m", "o", ""]));
    assert_eq!(
        e(None, &[("k", "v")]).to_json(),
        json!([7, "c.a", "m", "o", null, {"k": "v"}])
    );
    assert_eq!(
        e(Some("x"), &[("k", "v")]).to_json(),
        json!([7, "c.a", "m", "o", "x", {"k": "v"}])
    );
}

#[test]
fn the_example_main_ping_is_reproduced_exactly() {
    let Some(corpus) = corpus() else { return };
    let _g = serial();
    let payloads = record_example();
    let mut ours = main_ping(&envelope(), &info(), &payloads).unwrap();

    // Firefox's layout has every process section; the example has only parent and content.
    let processes = ours["payload"]["processes"].as_object().unwrap();
    let names: Vec<&String> = processes.keys().collect();
    assert_eq!(
        names,
        [
            "parent",
            "content",
            "extension",
            "dynamic",
            "gpu",
            "socket",
            "utility"
        ]
    );
    for name in ["extension", "gpu", "socket", "utility"] {
        assert_eq!(
            processes[name],
            json!({"histograms": {}, "keyedHistograms": {}, "scalars": {}, "keyedScalars": {}})
        );
    }
    assert_eq!(
        processes["dynamic"],
        json!({"scalars": {}, "keyedScalars": {}})
    );

    let validator = schema(&corpus, "main.4.schema.json");
    assert_eq!(errors(&validator, &ours), Vec::<String>::new());

    let processes = ours["payload"]["processes"].as_object_mut().unwrap();
    for name in ["extension", "dynamic", "gpu", "socket", "utility"] {
        processes.remove(name);
    }
    let example = load(&corpus.join("pipeline-schemas/example-main-ping.json"));
    assert_eq!(
        ours,
        example,
        "ours:\n{}",
        serde_json::to_string_pretty(&ours).unwrap()
    );
    // Same field order as Firefox's envelope.
    let order: Vec<&String> = ours.as_object().unwrap().keys().collect();
    assert_eq!(
        order,
        [
            "type",
            "id",
            "creationDate",
            "version",
            "application",
            "payload",
            "clientId"
        ]
    );
}

fn walk(v: &Value, path: &str, out: &mut Vec<String>) {
    match v {
        Value::Number(n) if n.is_f64() => out.push(path.to_string()),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, v)| walk(v, &format!("{path}/{i}"), out)),
        Value::Object(o) => o
            .iter()
            .for_each(|(k, v)| walk(v, &format!("{path}/{k}"), out)),
        _ => {}
    }
}

#[test]
fn every_number_is_an_integer() {
    let _g = serial();
    let payloads = record_example();
    let ping = main_ping(&envelope(), &info(), &payloads).unwrap();
    let mut floats = Vec::new();
    walk(&ping, "", &mut floats);
    assert!(floats.is_empty(), "{floats:?}");
    assert!(!serde_json::to_string(&ping).unwrap().contains(".0,"));
}

#[test]
fn payload_sections_follow_firefoxs_process_layout() {
    let _g = serial();
    set_current_process(Process::Gpu);
    LOAD_MS.accumulate(3);
    UINT.set(9);
    let gpu = snapshot_set(&EXAMPLE, true);
    assert_eq!(gpu.process, Process::Gpu);
    let v = gpu.to_json();
    assert_eq!(
        v["histograms"],
        json!({}),
        "only the parent's histograms go to the top level"
    );
    assert_eq!(v["keyedHistograms"], json!({}));
    assert_eq!(
        v["processes"]["gpu"]["histograms"]["EXAMPLE_LOAD_MS"]["sum"],
        json!(3)
    );
    assert_eq!(
        v["processes"]["gpu"]["scalars"],
        json!({"example.category.uint_probe": 9})
    );
    assert_eq!(
        v["processes"]["parent"],
        json!({"scalars": {}, "keyedScalars": {}})
    );
    assert!(v["processes"]["gpu"].get("events").is_none());

    // rdd data is collected but never copied into the main ping.
    set_current_process(Process::Rdd);
    UINT.set(1);
    let rdd = snapshot_set(&EXAMPLE, true);
    assert_eq!(rdd.scalars.len(), 1);
    let sections = payload_sections(&[gpu, rdd]);
    assert!(sections["processes"].get("rdd").is_none());
    assert!(
        !serde_json::to_string(&sections)
            .unwrap()
            .contains("\"rdd\"")
    );
}

#[test]
fn payloads_of_one_process_are_merged() {
    let _g = serial();
    set_current_process(Process::Content);
    LOAD_MS.accumulate(5);
    UINT.add(2);
    let a = snapshot_set(&EXAMPLE, true);
    LOAD_MS.accumulate(5000);
    UINT.add(3);
    let b = snapshot_set(&EXAMPLE, true);
    let v = payload_sections(&[a, b]);
    let content = &v["processes"]["content"];
    assert_eq!(
        content["histograms"]["EXAMPLE_LOAD_MS"],
        json!({"bucket_count": 10, "histogram_type": 0, "range": [1, 10000], "sum": 5005,
               "values": {"1": 0, "3": 1, "3172": 1, "10000": 0}})
    );
    assert_eq!(content["scalars"]["example.category.uint_probe"], json!(5));
}

#[test]
fn main_ping_with_every_process_validates() {
    let Some(corpus) = corpus() else { return };
    let _g = serial();
    let validator = schema(&corpus, "main.4.schema.json");
    let mut payloads = record_example();
    for process in [
        Process::Extension,
        Process::Gpu,
        Process::Socket,
        Process::Utility,
    ] {
        set_current_process(process);
        LOAD_MS.accumulate(100);
        KEYED_BOOL.accumulate("k", true);
        UINT.add(1);
        KEYED_UINT.add("k", 1);
        payloads.push(snapshot_set(&EXAMPLE, true));
    }
    set_current_process(Process::Parent);
    let env = Envelope {
        profile_group_id: Some("614b137c-e278-489b-b152-8dc28e82d3c9".into()),
        ..Envelope::new(application(), Some(ping::new_uuid()))
    };
    let ping = main_ping(&env, &info(), &payloads).unwrap();
    assert_eq!(errors(&validator, &ping), Vec::<String>::new());
    // Also with nothing recorded at all, and with a bare `PingInfo`.
    let empty = main_ping(&env, &PingInfo::default(), &[]).unwrap();
    assert_eq!(errors(&validator, &empty), Vec::<String>::new());
    assert_eq!(empty["payload"]["histograms"], json!({}));
    assert_eq!(
        empty["payload"]["processes"]["parent"]["scalars"],
        json!({})
    );
}

#[test]
fn mutations_of_our_output_are_rejected() {
    let Some(corpus) = corpus() else { return };
    let _g = serial();
    let validator = schema(&corpus, "main.4.schema.json");
    let ping = main_ping(&envelope(), &info(), &record_example()).unwrap();
    assert!(validator.is_valid(&ping));
    type Mutation = fn(&mut Value);
    let mutations: [(&str, Mutation); 8] = [
        ("float scalar", |p| {
            p["payload"]["processes"]["parent"]["scalars"]["example.category.uint_probe"] =
                json!(3.0)
        }),
        ("3-element event", |p| {
            p["payload"]["processes"]["parent"]["events"][0] = json!([1, "a", "b"])
        }),
        ("creationDate without milliseconds", |p| {
            p["creationDate"] = json!("2026-07-01T12:34:56Z")
        }),
        ("extra histogram field", |p| {
            p["payload"]["histograms"]["EXAMPLE_ENUM"]["labels"] = json!(["a"])
        }),
        ("processes without parent.scalars", |p| {
            p["payload"]["processes"]["parent"]
                .as_object_mut()
                .unwrap()
                .remove("scalars");
        }),
        ("negative bucket count", |p| {
            p["payload"]["histograms"]["EXAMPLE_ENUM"]["values"]["0"] = json!(-1)
        }),
        ("float sum", |p| {
            p["payload"]["histograms"]["EXAMPLE_ENUM"]["sum"] = json!(3.0)
        }),
        ("non-numeric bucket key", |p| {
            p["payload"]["histograms"]["EXAMPLE_ENUM"]["values"]["x"] = json!(1)
        }),
    ];
    for (what, mutate) in mutations {
        let mut bad = ping.clone();
        mutate(&mut bad);
        assert!(!validator.is_valid(&bad), "{what} should be rejected");
    }
}

#[test]
fn event_ping_validates() {
    let Some(corpus) = corpus() else { return };
    let _g = serial();
    let validator = schema(&corpus, "event.4.schema.json");
    set_clock(Some(clock));
    at(10);
    EVENT.record(0, 0, None, &[]).unwrap();
    at(20);
    EVENT.record(1, 1, Some("v"), &[("key1", "x")]).unwrap();
    at(30);
    EVENT.record(2, 2, None, &[("key1", "")]).unwrap();
    let parent = take_events(MAX_EVENTS_PER_PING, false);
    let ping = EventPing {
        reason: "periodic".into(),
        process_start_timestamp: process_start_timestamp(),
        session_id: ping::new_uuid(),
        subsession_id: ping::new_uuid(),
        lost_events_count: parent.lost,
        events: vec![
            (Process::Parent, parent.events),
            (Process::Content, vec![]),
            (
                Process::Socket,
                vec![EventRecord {
                    timestamp: 3484,
                    category: "network.dns".into(),
                    method: "trrConfirmation".into(),
                    object: "context".into(),
                    value: Some("2".into()),
                    extra: vec![],
                }],
            ),
        ],
    };
    let env = Envelope {
        client_id: None,
        ..envelope()
    };
    let doc = event_ping(&env, &ping).unwrap();
    assert_eq!(errors(&validator, &doc), Vec::<String>::new());
    assert_eq!(doc["type"], json!("event"));
    assert_eq!(
        doc["payload"]["events"],
        json!({
            "parent": [[10, "example.cat", "click", "button"],
                       [20, "example.cat", "open", "menu", "v", {"key1": "x"}],
                       [30, "example.cat", "load", "page", null, {"key1": ""}]],
            "socket": [[3484, "network.dns", "trrConfirmation", "context", "2"]]
        })
    );
    assert_eq!(
        doc["payload"]["processStartTimestamp"].as_i64().unwrap() % 60_000,
        0
    );
    let mut bad = doc.clone();
    bad["payload"]["events"]["parent"][0][0] = json!(10.5);
    assert!(!validator.is_valid(&bad));
}

#[test]
fn upstream_fixtures() {
    let Some(corpus) = corpus() else { return };
    let main = schema(&corpus, "main.4.schema.json");
    let event = schema(&corpus, "event.4.schema.json");
    let dir = corpus.join("pipeline-schemas/validation");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let validator = if name.starts_with("main.4.") {
            &main
        } else if name.starts_with("event.4.") {
            &event
        } else {
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        let valid = serde_json::from_str::<Value>(&text).is_ok_and(|doc| validator.is_valid(&doc));
        if name.ends_with(".pass.json") {
            assert!(valid, "{name} should pass");
        } else if name.ends_with(".fail.json") {
            assert!(!valid, "{name} should fail");
        } else {
            continue;
        }
        checked += 1;
    }
    assert!(
        checked >= 6,
        "only {checked} fixtures found in {}",
        dir.display()
    );
    let example = load(&corpus.join("pipeline-schemas/example-main-ping.json"));
    assert!(main.is_valid(&example));
}

#[test]
fn bad_envelopes_are_refused_not_sent() {
    let env = envelope();
    let p: &[Payload] = &[];
    assert!(main_ping(&env, &info(), p).is_ok());
    let cases: [(&str, Envelope); 6] = [
        (
            "clientId",
            Envelope {
                client_id: None,
                ..envelope()
            },
        ),
        (
            "id",
            Envelope {
                id: "not-a-uuid".into(),
                ..envelope()
            },
        ),
        (
            "creationDate",
            Envelope {
                creation_date: "2026-07-01T12:34:56+00:00".into(),
                ..envelope()
            },
        ),
        (
            "profileGroupId",
            Envelope {
                profile_group_id: Some("x".into()),
                ..envelope()
            },
        ),
        (
            "application.buildId",
            Envelope {
                application: Application {
                    build_id: "2026".into(),
                    ..application()
                },
                ..envelope()
            },
        ),
        (
            "application.version",
            Envelope {
                application: Application {
                    version: "1.0".into(),
                    ..application()
                },
                ..envelope()
            },
        ),
    ];
    for (field, env) in cases {
        let err = main_ping(&env, &info(), p).unwrap_err();
        assert_eq!(err.field, field, "{err}");
    }
    // The event ping does not need a clientId.
    assert!(
        event_ping(
            &Envelope {
                client_id: None,
                ..envelope()
            },
            &EventPing::default()
        )
        .is_ok()
    );
}
