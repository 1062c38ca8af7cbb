//! The resolved registry as JSON (`telemetry-lint resolve --format json`):
//!
//! ```json
//! {"histograms": {"NAME": {...}}, "scalars": {"category.name": {...}}, "events": {"category.name": {...}}}
//! ```
//!
//! Histograms keep file order, scalars and events Firefox's sorted order (the model's order).
//! Every histogram carries its derived `kind`, `keyed`, `low`, `high`, `n_buckets` and `buckets`
//! (the bucket lower bounds exactly as Firefox computes them; `null` plus a `buckets_error`
//! message when they cannot be computed), then every modelled field. Defaults are filled in
//! (`record_into_store: ["main"]`, `release_channel_collection: "opt-in"`, …); a field that is
//! absent and has no default is `null`. Every probe has a `source` with the file, line and
//! column of its name.

use serde_json::{Map, Value, json};

use crate::model::{Collection, Event, Expiry, Histogram, Registry, Scalar, Spanned};
use crate::source::{SourceMap, Span};

/// The whole registry.
pub fn resolve(registry: &Registry, sources: &SourceMap) -> Value {
    let histograms: Map<String, Value> = registry
        .histograms
        .iter()
        .map(|h| (h.name.value.clone(), histogram(h, sources)))
        .collect();
    let scalars: Map<String, Value> = registry
        .scalars
        .iter()
        .map(|s| (s.label(), scalar(s, sources)))
        .collect();
    let events: Map<String, Value> = registry
        .events
        .iter()
        .map(|e| {
            (
                format!("{}.{}", e.category.value, e.name.value),
                event(e, sources),
            )
        })
        .collect();
    json!({
        "histograms": histograms,
        "scalars": scalars,
        "events": events,
    })
}

/// [`resolve`] pretty-printed (see [`pretty`]), with a final newline.
pub fn to_string_pretty(registry: &Registry, sources: &SourceMap) -> String {
    let mut out = pretty(&resolve(registry, sources));
    out.push('\n');
    out
}

/// JSON indented by two spaces like `serde_json::to_string_pretty`, except that an array of
/// numbers, strings, booleans and nulls stays on one line (bucket lists have up to 10,000
/// entries).
pub fn pretty(value: &Value) -> String {
    let mut out = String::new();
    write_pretty(&mut out, value, 0);
    out
}

fn is_flat(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

fn write_pretty(out: &mut String, value: &Value, indent: usize) {
    let pad = |out: &mut String, n: usize| out.extend(std::iter::repeat_n("  ", n));
    match value {
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) if items.iter().all(is_flat) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&item.to_string());
            }
            out.push(']');
        }
        Value::Array(items) => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                pad(out, indent + 1);
                write_pretty(out, item, indent + 1);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            pad(out, indent);
            out.push(']');
        }
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Object(map) => {
            out.push_str("{\n");
            for (i, (key, item)) in map.iter().enumerate() {
                pad(out, indent + 1);
                out.push_str(&Value::from(key.as_str()).to_string());
                out.push_str(": ");
                write_pretty(out, item, indent + 1);
                out.push_str(if i + 1 < map.len() { ",\n" } else { "\n" });
            }
            pad(out, indent);
            out.push('}');
        }
        flat => out.push_str(&flat.to_string()),
    }
}

/// `{"file", "line", "column"}` of a span (1-based; `null`s when the file is unknown).
pub fn source(span: Span, sources: &SourceMap) -> Value {
    let file = sources.get(span.file).map(|f| f.name.as_str());
    let position = sources.line_col(span);
    json!({
        "file": file,
        "line": position.map(|p| p.line),
        "column": position.map(|p| p.column),
    })
}

fn strings(list: &[Spanned<String>]) -> Value {
    list.iter().map(|s| Value::from(s.value.as_str())).collect()
}

fn ints(list: &[Spanned<i64>]) -> Value {
    list.iter().map(|n| Value::from(n.value)).collect()
}

fn opt_string(value: &Option<Spanned<String>>) -> Value {
    value
        .as_ref()
        .map_or(Value::Null, |s| Value::from(s.value.as_str()))
}

fn opt_int(value: &Option<Spanned<i64>>) -> Value {
    value.as_ref().map_or(Value::Null, |n| Value::from(n.value))
}

fn raw_expiry(expiry: &Option<Expiry>) -> Value {
    expiry
        .as_ref()
        .map_or(Value::Null, |e| Value::from(e.raw.value.as_str()))
}

fn normalized_expiry(expiry: &Option<Expiry>) -> Value {
    expiry
        .as_ref()
        .map_or(Value::Null, |e| Value::from(e.normalized.as_str()))
}

fn collection(collection: Collection) -> (Value, Value) {
    (
        Value::from(collection.as_str()),
        Value::from(collection == Collection::OptOut),
    )
}

/// One histogram.
pub fn histogram(h: &Histogram, sources: &SourceMap) -> Value {
    let (low, high, n_buckets) = h.parameters();
    let mut out = Map::new();
    out.insert("kind".into(), h.kind.value.as_str().into());
    out.insert("keyed".into(), h.keyed.into());
    out.insert("low".into(), low.into());
    out.insert("high".into(), high.into());
    out.insert("n_buckets".into(), n_buckets.into());
    match h.buckets() {
        Ok(buckets) => {
            out.insert("buckets".into(), buckets.into());
        }
        Err(error) => {
            out.insert("buckets".into(), Value::Null);
            out.insert("buckets_error".into(), error.to_string().into());
        }
    }
    out.insert("description".into(), opt_string(&h.description));
    out.insert("expires_in_version".into(), raw_expiry(&h.expires));
    out.insert("expiration".into(), normalized_expiry(&h.expires));
    out.insert(
        "alert_emails".into(),
        h.alert_emails.as_deref().map_or(Value::Null, strings),
    );
    out.insert(
        "bug_numbers".into(),
        h.bug_numbers.as_deref().map_or(Value::Null, ints),
    );
    out.insert("keys".into(), strings(&h.keys));
    out.insert("labels".into(), strings(&h.labels));
    out.insert("n_values".into(), opt_int(&h.n_values));
    out.insert(
        "declared".into(),
        json!({
            "low": opt_int(&h.low),
            "high": opt_int(&h.high),
            "n_buckets": opt_int(&h.n_buckets),
        }),
    );
    out.insert(
        "record_in_processes".into(),
        strings(&h.record_in_processes),
    );
    out.insert("record_into_store".into(), strings(&h.record_into_store));
    out.insert(
        "products".into(),
        h.products.as_deref().map_or(Value::Null, strings),
    );
    out.insert("operating_systems".into(), strings(&h.operating_systems));
    let (policy, on_release) = collection(h.collection.value);
    out.insert("release_channel_collection".into(), policy);
    out.insert("record_on_release".into(), on_release);
    if let Some(guard) = &h.cpp_guard {
        out.insert("cpp_guard".into(), guard.value.as_str().into());
    }
    out.insert("source".into(), source(h.name.span, sources));
    Value::Object(out)
}

/// One scalar.
pub fn scalar(s: &Scalar, sources: &SourceMap) -> Value {
    let (policy, on_release) = collection(s.collection.value);
    json!({
        "category": s.category.value,
        "name": s.name.value,
        "kind": s.kind.value.as_str(),
        "keyed": s.keyed,
        "keys": strings(&s.keys),
        "description": opt_string(&s.description),
        "expires": raw_expiry(&s.expires),
        "expiration": normalized_expiry(&s.expires),
        "bug_numbers": ints(&s.bug_numbers),
        "notification_emails": strings(&s.notification_emails),
        "record_in_processes": strings(&s.record_in_processes),
        "products": s.products.as_deref().map_or(Value::Null, strings),
        "release_channel_collection": policy,
        "record_on_release": on_release,
        "record_into_store": strings(&s.record_into_store),
        "operating_systems": strings(&s.operating_systems),
        "enum_label": s.enum_label(),
        "source": source(s.name.span, sources),
    })
}

/// One event.
pub fn event(e: &Event, sources: &SourceMap) -> Value {
    let (policy, on_release) = collection(e.collection.value);
    let extra_keys: Map<String, Value> = e
        .extra_keys
        .iter()
        .map(|k| (k.name.value.clone(), opt_string(&k.description)))
        .collect();
    json!({
        "category": e.category.value,
        "name": e.name.value,
        "identifier": e.identifier(),
        "description": opt_string(&e.description),
        "methods": strings(&e.methods),
        "objects": strings(&e.objects),
        "extra_keys": extra_keys,
        "bug_numbers": ints(&e.bug_numbers),
        "notification_emails": strings(&e.notification_emails),
        "record_in_processes": strings(&e.record_in_processes),
        "products": e.products.as_deref().map_or(Value::Null, strings),
        "release_channel_collection": policy,
        "record_on_release": on_release,
        "expiry_version": raw_expiry(&e.expires),
        "expiration": normalized_expiry(&e.expires),
        "expiry_date": opt_string(&e.expiry_date),
        "operating_systems": strings(&e.operating_systems),
        "cpp_category": e.cpp_category(),
        "enum_labels": e.enum_labels(),
        "source": source(e.name.span, sources),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ExtraKey, HistogramKind, ScalarKind};
    use crate::source::{FileId, SourceFile};

    fn sp<T>(value: T) -> Spanned<T> {
        Spanned::new(value, Span::default())
    }

    fn s(value: &str) -> Spanned<String> {
        sp(value.to_string())
    }

    fn base_histogram(name: &str, kind: HistogramKind) -> Histogram {
        Histogram {
            name: s(name),
            span: Span::default(),
            kind: sp(kind),
            description: Some(s("A test histogram")),
            expires: Some(Expiry::new(s("60"))),
            alert_emails: Some(vec![s("a@mozilla.com")]),
            bug_numbers: Some(vec![sp(1234)]),
            keyed: false,
            keys: Vec::new(),
            labels: Vec::new(),
            low: None,
            high: None,
            n_buckets: None,
            n_values: None,
            record_in_processes: vec![s("main")],
            record_into_store: vec![s("main")],
            products: Some(vec![s("firefox")]),
            operating_systems: vec![s("all")],
            collection: sp(Collection::OptIn),
            cpp_guard: None,
        }
    }

    fn registry() -> (Registry, SourceMap) {
        let mut sources = SourceMap::new();
        let text = "{\n  \"ZZZ_FIRST\": {},\n  \"GC_MS\": {}\n}\n";
        let file = sources.add(SourceFile::new("Histograms.json", text.to_string()));
        let at = |needle: &str| {
            let start = text.find(needle).unwrap();
            Span::new(file, start, start + needle.len())
        };

        let mut first = base_histogram("ZZZ_FIRST", HistogramKind::Boolean);
        first.name.span = at("\"ZZZ_FIRST\"");
        let mut gc = base_histogram("GC_MS", HistogramKind::Exponential);
        gc.name.span = at("\"GC_MS\"");
        gc.high = Some(sp(1000));
        gc.n_buckets = Some(sp(10));
        gc.collection = sp(Collection::OptOut);
        let mut reason = base_histogram("DEVICE_RESET_REASON", HistogramKind::Categorical);
        reason.labels = vec![s("ok_reset"), s("hung"), s("removed")];
        let mut broken = base_histogram("BROKEN_LINEAR", HistogramKind::Linear);
        broken.high = Some(sp(10));
        broken.n_buckets = Some(sp(2));
        broken.cpp_guard = Some(s("XP_WIN"));
        let mut search = base_histogram("SEARCH_COUNTS", HistogramKind::Count);
        search.keyed = true;
        search.alert_emails = None;

        let scalar = Scalar {
            category: s("normandy"),
            name: s("recipe_freshness"),
            span: Span::default(),
            kind: sp(ScalarKind::Uint),
            description: Some(s("Freshness")),
            expires: Some(Expiry::new(s("never"))),
            bug_numbers: vec![sp(1530508)],
            notification_emails: vec![s("n@mozilla.com")],
            record_in_processes: vec![s("main")],
            products: Some(vec![s("firefox")]),
            collection: sp(Collection::OptOut),
            keyed: true,
            keys: Vec::new(),
            record_into_store: vec![s("main")],
            operating_systems: vec![s("all")],
        };
        let event = Event {
            category: s("normandy"),
            name: s("enroll"),
            span: Span::default(),
            description: Some(s("Enrolled")),
            methods: vec![s("enroll")],
            objects: vec![s("preference_study"), s("addon_study")],
            extra_keys: vec![
                ExtraKey {
                    name: s("branch"),
                    description: Some(s("The branch")),
                },
                ExtraKey {
                    name: s("reason"),
                    description: None,
                },
            ],
            bug_numbers: vec![sp(1443560)],
            notification_emails: vec![s("n@mozilla.com")],
            record_in_processes: vec![s("main")],
            products: Some(vec![s("firefox")]),
            collection: sp(Collection::OptIn),
            expires: Some(Expiry::new(s("150"))),
            expiry_date: None,
            operating_systems: vec![s("all")],
        };
        let registry = Registry {
            histograms: vec![first, gc, reason, broken, search],
            scalars: vec![scalar],
            events: vec![event],
            processes: Vec::new(),
            allowlist: None,
        };
        (registry, sources)
    }

    #[test]
    fn top_level_shape_and_order() {
        let (registry, sources) = registry();
        let value = resolve(&registry, &sources);
        let top: Vec<_> = value.as_object().unwrap().keys().cloned().collect();
        assert_eq!(top, ["histograms", "scalars", "events"]);
        let names: Vec<_> = value["histograms"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(
            names,
            [
                "ZZZ_FIRST",
                "GC_MS",
                "DEVICE_RESET_REASON",
                "BROKEN_LINEAR",
                "SEARCH_COUNTS"
            ]
        );
        assert!(value["scalars"]["normandy.recipe_freshness"].is_object());
        assert!(value["events"]["normandy.enroll"].is_object());
    }

    #[test]
    fn histograms_carry_the_contract_fields() {
        let (registry, sources) = registry();
        let value = resolve(&registry, &sources);
        for (name, h) in value["histograms"].as_object().unwrap() {
            for field in ["kind", "keyed", "low", "high", "n_buckets", "buckets"] {
                assert!(h.get(field).is_some(), "{name} lacks {field}");
            }
        }
        let boolean = &value["histograms"]["ZZZ_FIRST"];
        assert_eq!(boolean["kind"], "boolean");
        assert_eq!(boolean["buckets"], json!([0, 1, 2]));
        assert_eq!(
            (&boolean["low"], &boolean["high"], &boolean["n_buckets"]),
            (&json!(1), &json!(2), &json!(3))
        );
        assert_eq!(boolean["expires_in_version"], "60");
        assert_eq!(boolean["expiration"], "60.0a1");
        assert_eq!(
            boolean["source"],
            json!({"file": "Histograms.json", "line": 2, "column": 3})
        );
        assert!(boolean.get("cpp_guard").is_none());

        let gc = &value["histograms"]["GC_MS"];
        assert_eq!(
            gc["buckets"],
            json!([0, 1, 2, 5, 12, 29, 70, 170, 412, 1000])
        );
        assert_eq!(gc["low"], 1);
        assert_eq!(
            gc["declared"],
            json!({"low": null, "high": 1000, "n_buckets": 10})
        );
        assert_eq!(gc["release_channel_collection"], "opt-out");
        assert_eq!(gc["record_on_release"], true);

        let categorical = &value["histograms"]["DEVICE_RESET_REASON"];
        assert_eq!(categorical["high"], 50);
        assert_eq!(categorical["n_buckets"], 51);
        assert_eq!(categorical["buckets"].as_array().unwrap().len(), 51);
        assert_eq!(
            categorical["labels"],
            json!(["ok_reset", "hung", "removed"])
        );

        let broken = &value["histograms"]["BROKEN_LINEAR"];
        assert_eq!(broken["buckets"], Value::Null);
        assert!(
            broken["buckets_error"]
                .as_str()
                .unwrap()
                .contains("divides by zero")
        );
        assert_eq!(broken["cpp_guard"], "XP_WIN");

        let search = &value["histograms"]["SEARCH_COUNTS"];
        assert_eq!(search["keyed"], true);
        assert_eq!(search["alert_emails"], Value::Null);
        assert_eq!(search["bug_numbers"], json!([1234]));
    }

    #[test]
    fn scalars_and_events_carry_every_field() {
        let (registry, sources) = registry();
        let value = resolve(&registry, &sources);
        let scalar = &value["scalars"]["normandy.recipe_freshness"];
        assert_eq!(scalar["kind"], "uint");
        assert_eq!(scalar["keyed"], true);
        assert_eq!(scalar["expires"], "never");
        assert_eq!(scalar["enum_label"], "NORMANDY_RECIPE_FRESHNESS");
        assert_eq!(scalar["record_into_store"], json!(["main"]));
        assert_eq!(scalar["notification_emails"], json!(["n@mozilla.com"]));

        let event = &value["events"]["normandy.enroll"];
        assert_eq!(event["identifier"], "normandy#enroll");
        assert_eq!(event["methods"], json!(["enroll"]));
        assert_eq!(event["objects"], json!(["preference_study", "addon_study"]));
        assert_eq!(
            event["extra_keys"],
            json!({"branch": "The branch", "reason": null})
        );
        assert_eq!(event["expiry_version"], "150");
        assert_eq!(event["expiration"], "150.0a1");
        assert_eq!(event["cpp_category"], "Normandy");
        assert_eq!(
            event["enum_labels"],
            json!(["Enroll_PreferenceStudy", "Enroll_AddonStudy"])
        );
        assert_eq!(event["record_on_release"], false);
    }

    #[test]
    fn unknown_source_file_is_null() {
        let sources = SourceMap::new();
        let value = source(Span::new(FileId(3), 0, 1), &sources);
        assert_eq!(value, json!({"file": null, "line": null, "column": null}));
    }

    #[test]
    fn pretty_keeps_flat_arrays_on_one_line() {
        let value = json!({
            "a": [0, 1, 2],
            "b": {"c": ["x\"y", null, true], "d": {}, "e": []},
            "f": [{"g": 1}, [2]],
        });
        let text = pretty(&value);
        assert_eq!(
            text,
            "{\n  \"a\": [0, 1, 2],\n  \"b\": {\n    \"c\": [\"x\\\"y\", null, true],\n    \"d\": {},\n    \"e\": []\n  },\n  \"f\": [\n    {\n      \"g\": 1\n    },\n    [2]\n  ]\n}"
        );
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), value);
    }

    #[test]
    fn pretty_output_ends_with_newline() {
        let (registry, sources) = registry();
        let text = to_string_pretty(&registry, &sources);
        assert!(text.ends_with("}\n"));
        let parsed: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed, resolve(&registry, &sources));
    }
}
