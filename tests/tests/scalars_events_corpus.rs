//! Scalars.yaml, Events.yaml and Processes.yaml of the three corpus generations against what
//! Firefox ESR 140's parsers print (`reference-diagnostics.json`, `file_level`) and generate
//! (the artifact JSON files).
//!
//! Counting: Firefox prints one line-group per error it queues. Our diagnostic that carries a
//! `firefox_message` is exactly such an error, so "Firefox's error count" is the number of
//! error diagnostics with a Firefox message. Everything else we add (clean reports of Firefox's
//! crashes, generator and C++ failures, accepted quirks) has no Firefox message and is not
//! counted. Where Firefox stops at a fatal error, it prints what it queued so far plus the fatal
//! message: we compare up to our first fatal diagnostic.

use std::path::Path;

use telemetry_registry::model::{Event, Scalar};
use telemetry_registry::{FirefoxVerdict, Generation, Inputs, Loaded, Options, Severity, load};
use workspace_tests::{CORPUS_SETS, corpus_dir, error_lines, reference_diagnostics};

fn load_yaml(dir: &Path, generation: Generation, strict: bool) -> Loaded {
    let mut inputs = Inputs::default();
    inputs.scalars.push(dir.join("Scalars.yaml"));
    inputs.events.push(dir.join("Events.yaml"));
    if dir.join("Processes.yaml").is_file() {
        inputs.processes = Some(dir.join("Processes.yaml"));
    }
    load(&inputs, &Options { generation, strict }).expect("corpus loads")
}

/// Firefox's messages (first lines) of one family, in order, up to and including the first
/// fatal one; and whether a fatal one was reached.
fn firefox_lines(loaded: &Loaded, family: &str) -> (Vec<String>, bool) {
    let mut lines = Vec::new();
    for diagnostic in &loaded.diagnostics.items {
        if !diagnostic.rule.id.starts_with(family) || diagnostic.severity != Severity::Error {
            continue;
        }
        let Some(message) = &diagnostic.firefox_message else {
            continue;
        };
        lines.push(message.lines().next().unwrap_or("").to_string());
        if diagnostic.firefox == FirefoxVerdict::Fatal {
            return (lines, true);
        }
    }
    (lines, false)
}

#[test]
fn esr140_error_counts_and_first_messages_match_firefox() {
    let Some(corpus) = corpus_dir() else { return };
    for set in CORPUS_SETS {
        let dir = corpus.join(set);
        let reference = reference_diagnostics(&dir);
        for (mode, strict) in [("strict", true), ("non_strict", false)] {
            let loaded = load_yaml(&dir, Generation::Esr140, strict);
            for (kind, family) in [("scalars", "scalar/"), ("events", "event/")] {
                let want = &reference["file_level"][mode][kind];
                let want_fatal = want["fatal"].as_bool().expect("fatal");
                let want_count = want["n_errors"].as_u64().expect("n_errors") as usize;
                let want_first: Vec<&str> = want["first_errors"]
                    .as_array()
                    .expect("first_errors")
                    .iter()
                    .filter_map(|l| l.as_str())
                    .collect();
                let (lines, fatal) = firefox_lines(&loaded, family);
                let context = format!("{set} {mode} {kind}");
                assert_eq!(fatal, want_fatal, "{context}: fatal");
                assert_eq!(lines.len(), want_count, "{context}: error count");
                let first: Vec<&str> = lines
                    .iter()
                    .take(want_first.len())
                    .map(String::as_str)
                    .collect();
                assert_eq!(first, want_first, "{context}: first errors");
                if want_fatal {
                    // Firefox would not have loaded the file.
                    continue;
                }
                let count = match kind {
                    "scalars" => loaded.registry.scalars.len(),
                    _ => loaded.registry.events.len(),
                };
                assert_eq!(
                    Some(count as u64),
                    want["count"].as_u64(),
                    "{context}: probe count"
                );
            }
        }
    }
}

#[test]
fn esr140_finds_exactly_the_expected_problems_in_the_older_sets() {
    let Some(corpus) = corpus_dir() else { return };
    let count = |loaded: &Loaded, rule: &str| {
        loaded
            .diagnostics
            .items
            .iter()
            .filter(|d| d.rule.id == rule)
            .count()
    };
    let loaded = load_yaml(&corpus.join("firefox-2020"), Generation::Esr140, true);
    assert_eq!(count(&loaded, "scalar/unknown-product"), 209);
    assert_eq!(count(&loaded, "scalar/obsolete-operating-systems"), 4);
    assert_eq!(count(&loaded, "event/unknown-product"), 76);
    assert_eq!(error_lines(&loaded, &["scalar/", "event/"]).len(), 213 + 76);

    let loaded = load_yaml(&corpus.join("firefox-legacy"), Generation::Esr140, true);
    assert_eq!(count(&loaded, "scalar/missing-field"), 46);
    assert_eq!(count(&loaded, "scalar/expiry-invalid"), 3);
    assert_eq!(count(&loaded, "event/missing-field"), 10);
    assert_eq!(count(&loaded, "event/unknown-field"), 5, "expiry_date");
}

#[test]
fn every_set_is_clean_under_its_own_generation() {
    let Some(corpus) = corpus_dir() else { return };
    for (set, generation, scalars, events) in [
        ("firefox-modern", Generation::Esr140, 401, 204),
        ("firefox-2020", Generation::Firefox76, 250, 99),
        ("firefox-legacy", Generation::Legacy2017, 46, 10),
    ] {
        for strict in [true, false] {
            let loaded = load_yaml(&corpus.join(set), generation, strict);
            let errors = error_lines(&loaded, &["scalar/", "event/", "process/"]);
            assert!(
                errors.is_empty(),
                "{set} strict={strict}: {} errors:\n{}",
                errors.len(),
                errors.join("\n")
            );
            assert_eq!(loaded.registry.scalars.len(), scalars, "{set}");
            assert_eq!(loaded.registry.events.len(), events, "{set}");
        }
    }
    // The modern set: not even a warning.
    let loaded = load_yaml(&corpus.join("firefox-modern"), Generation::Esr140, true);
    let all: Vec<&str> = loaded.diagnostics.items.iter().map(|d| d.rule.id).collect();
    assert_eq!(all, Vec::<&str>::new());
}

/// The model against the JSON Firefox's generators write for artifact builds.
#[test]
fn modern_model_matches_the_artifact_definitions() {
    let Some(corpus) = corpus_dir() else { return };
    let dir = corpus.join("firefox-modern");
    let loaded = load_yaml(&dir, Generation::Esr140, true);
    let read = |name: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(dir.join(name)).expect("read")).expect("json")
    };

    let strings = |items: &[telemetry_registry::model::Spanned<String>]| -> serde_json::Value {
        items.iter().map(|s| s.value.clone()).collect()
    };
    let scalar_json = |s: &Scalar| {
        serde_json::json!({
            "kind": s.kind.ns_kind(),
            "keyed": s.keyed,
            "keys": strings(&s.keys),
            "record_on_release": s.collection.value == telemetry_registry::model::Collection::OptOut,
            "expired": false,
            "stores": strings(&s.record_into_store),
            "expires": s.expires.as_ref().map(|e| e.normalized.clone()),
            "products": s.products.as_deref().map(strings),
        })
    };
    let expected = read("expected-scalars-artifact.json");
    let mut order = Vec::new();
    let mut ours = serde_json::Map::new();
    for s in &loaded.registry.scalars {
        order.push((s.category.value.clone(), s.name.value.clone()));
        ours.entry(s.category.value.clone())
            .or_insert_with(|| serde_json::json!({}))
            .as_object_mut()
            .expect("object")
            .insert(s.name.value.clone(), scalar_json(s));
    }
    assert_eq!(serde_json::Value::Object(ours), expected);
    // Firefox's order (the generator's OrderedDict follows the sorted parse order).
    let firefox_order: Vec<(String, String)> = expected
        .as_object()
        .expect("object")
        .iter()
        .flat_map(|(c, probes)| {
            probes
                .as_object()
                .expect("object")
                .keys()
                .map(move |n| (c.clone(), n.clone()))
        })
        .collect();
    assert_eq!(order, firefox_order);

    let event_json = |e: &Event| {
        serde_json::json!({
            "methods": strings(&e.methods),
            "objects": strings(&e.objects),
            "extra_keys": e.extra_keys.iter().map(|k| k.name.value.clone()).collect::<Vec<_>>(),
            "record_on_release": e.collection.value == telemetry_registry::model::Collection::OptOut,
            "expires": e.expires.as_ref().map(|x| x.normalized.clone()),
            "expired": false,
            "products": e.products.as_deref().map(strings),
        })
    };
    let mut ours = serde_json::Map::new();
    for e in &loaded.registry.events {
        ours.entry(e.category.value.clone())
            .or_insert_with(|| serde_json::json!({}))
            .as_object_mut()
            .expect("object")
            .insert(e.name.value.clone(), event_json(e));
    }
    assert_eq!(
        serde_json::Value::Object(ours),
        read("expected-events-artifact.json")
    );
    let combinations: usize = loaded
        .registry
        .events
        .iter()
        .map(|e| e.enum_labels().len())
        .sum();
    assert_eq!(combinations, 733);

    let processes: Vec<&str> = loaded
        .registry
        .processes
        .iter()
        .map(|p| p.name.value.as_str())
        .collect();
    assert_eq!(
        processes,
        [
            "content",
            "dynamic",
            "extension",
            "gpu",
            "parent",
            "rdd",
            "socket",
            "utility"
        ]
    );
}

#[test]
fn legacy_events_keep_their_expiry_dates() {
    let Some(corpus) = corpus_dir() else { return };
    let loaded = load_yaml(&corpus.join("firefox-legacy"), Generation::Legacy2017, true);
    let dates: Vec<(&str, &str)> = loaded
        .registry
        .events
        .iter()
        .filter_map(|e| {
            e.expiry_date
                .as_ref()
                .map(|d| (e.name.value.as_str(), d.value.as_str()))
        })
        .collect();
    assert_eq!(dates.len(), 5, "{dates:?}");
    assert!(dates.contains(&("expired_date", "2014-01-28")));
    assert!(loaded.registry.events.iter().all(|e| e.products.is_none()));
}
