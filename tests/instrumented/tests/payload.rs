//! The exact payload of the instrumented example: recording into every probe kind of the
//! generated API, snapshotted as a main ping and an event ping, compared with a golden
//! (insta), and validated against Mozilla's pipeline schemas (`main.4`, `event.4`, draft-04).

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::Value;
use telemetry_runtime::json::{EventPing, event_ping, main_ping};
use telemetry_runtime::ping::{Application, Envelope, PingInfo};
use telemetry_runtime::{
    MAX_EVENTS_PER_PING, Process, Product, set_clock, set_current_process, set_extended_collection,
    set_product, set_recording_enabled, snapshot, take_events,
};

fn application() -> Application {
    Application {
        architecture: "x86-64".into(),
        build_id: "20260701000000".into(),
        channel: "nightly".into(),
        name: "InstrumentedExample".into(),
        platform_version: "130.0a1".into(),
        version: "130.0a1".into(),
        vendor: "Example".into(),
        xpcom_abi: "x86_64-gcc3".into(),
        display_version: None,
    }
}

fn envelope(client: bool) -> Envelope {
    Envelope {
        id: "2b1c6a3e-0f4d-4c2e-9d1a-7e5b8c9d0a11".into(),
        client_id: client.then(|| "c0ffee00-1234-4abc-8def-0123456789ab".into()),
        profile_group_id: None,
        creation_date: "2026-07-01T12:34:56.789Z".into(),
        application: application(),
    }
}

fn info() -> PingInfo {
    PingInfo {
        reason: "shutdown".into(),
        session_id: Some("5e55a1d0-0000-4000-8000-000000000001".into()),
        subsession_id: Some("5e55a1d0-0000-4000-8000-000000000002".into()),
        subsession_counter: Some(1),
        profile_subsession_counter: Some(1),
        session_length: Some(60),
        subsession_length: Some(60),
        ..PingInfo::default()
    }
}

/// Event timestamps: 1000, 2000, … ms after the process start.
fn clock() -> u64 {
    static NOW: AtomicU64 = AtomicU64::new(0);
    NOW.fetch_add(1000, Ordering::Relaxed) + 1000
}

/// The corpus, if it has the pipeline schemas.
fn corpus() -> Option<PathBuf> {
    telemetry_registry::corpus::locate().filter(|dir| dir.join("pipeline-schemas").is_dir())
}

fn validate(schema_file: &str, document: &Value) {
    let Some(corpus) = corpus() else {
        eprintln!("note: corpus not found (set TELEMETRY_CORPUS); skipping schema validation");
        return;
    };
    let path = corpus.join("pipeline-schemas").join(schema_file);
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("read schema"))
        .expect("schema");
    let validator = jsonschema::draft4::new(&schema).expect("compile schema");
    let errors: Vec<String> = validator
        .iter_errors(document)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{schema_file}: {errors:#?}");
}

#[test]
fn every_probe_kind_ends_up_in_the_exact_payload() {
    set_recording_enabled(true);
    set_extended_collection(true);
    set_product(Product::Firefox);
    set_current_process(Process::Parent);
    set_clock(Some(clock));
    instrumented_example::register();

    instrumented_example::record_parent();
    let parent = snapshot(true);
    set_current_process(Process::Content);
    instrumented_example::record_content();
    let content = snapshot(true);
    set_current_process(Process::Parent);

    let main = main_ping(&envelope(true), &info(), &[parent, content]).expect("main ping");
    let events = take_events(MAX_EVENTS_PER_PING, false);
    let event = event_ping(
        &envelope(false),
        &EventPing {
            reason: "shutdown".into(),
            process_start_timestamp: 1_782_907_200_000,
            session_id: "5e55a1d0-0000-4000-8000-000000000001".into(),
            subsession_id: "5e55a1d0-0000-4000-8000-000000000002".into(),
            lost_events_count: events.lost,
            events: vec![(Process::Parent, events.events)],
        },
    )
    .expect("event ping");

    insta::assert_snapshot!(
        "main_ping",
        serde_json::to_string_pretty(&main).expect("json")
    );
    insta::assert_snapshot!(
        "event_ping",
        serde_json::to_string_pretty(&event).expect("json")
    );
    validate("main.4.schema.json", &main);
    validate("event.4.schema.json", &event);
}
