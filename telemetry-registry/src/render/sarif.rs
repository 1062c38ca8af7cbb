//! `sarif`: SARIF 2.1.0, as GitHub code scanning reads it.
//!
//! - `tool.driver.rules[]` is the whole rule catalogue ([`crate::rules::all`]): id, short and full
//!   description, help, `helpUri` and the default level; every result names its `ruleId` and
//!   `ruleIndex`.
//! - Every result has a location: an `artifactLocation` whose `uri` is relative to `%SRCROOT%`
//!   (the [`Options::root`], declared in `originalUriBaseIds`), and a `region` with 1-based
//!   lines and columns. Columns count Unicode code points (`columnKind: unicodeCodePoints`), the
//!   end column is just past the value (SARIF's end is exclusive). A problem without a location
//!   points at line 1 of the first input file.
//! - `partialFingerprints["telemetryLint/v1"]` is the line-independent [`super::fingerprint`].

use std::path::Path;

use serde_json::{Map, Value, json};

use super::{Location, Options, locate, sorted, unique_fingerprints, uri_encode};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{self, Rule};
use crate::source::SourceMap;

/// The `$schema` of the document.
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The key of our entry in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "telemetryLint/v1";

const SRCROOT: &str = "%SRCROOT%";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn rule_json(rule: &Rule, options: &Options) -> Value {
    let mut help = rule.explanation.to_string();
    if let Some(fix) = rule.help {
        help.push_str(&format!("\n\nHow to fix: {fix}"));
    }
    let family = rule.id.split('/').next().unwrap_or(rule.id);
    json!({
        "id": rule.id,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation},
        "help": {"text": help},
        "helpUri": options.help_uri(rule.id),
        "defaultConfiguration": {"level": level(rule.severity)},
        "properties": {
            "tags": ["telemetry", family],
            "firefox": rule.firefox.as_str(),
        },
    })
}

/// An `artifactLocation`: repository-relative under `%SRCROOT%` when the file lies under the
/// root, else an absolute `file://` URI.
fn artifact_location(path: &Path, options: &Options) -> Value {
    match options.relative_path(path) {
        Some(relative) => json!({"uri": uri_encode(&relative), "uriBaseId": SRCROOT}),
        None => {
            let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
            let mut text = absolute.to_string_lossy().replace('\\', "/");
            if !text.starts_with('/') {
                text.insert(0, '/');
            }
            json!({"uri": format!("file://{}", uri_encode(&text))})
        }
    }
}

fn physical_location(location: &Location<'_>, options: &Options) -> Value {
    json!({
        "artifactLocation": artifact_location(location.path, options),
        "region": {
            "startLine": location.line,
            "startColumn": location.column,
            "endLine": location.end_line,
            "endColumn": location.end_column,
        },
    })
}

fn result_json(
    sources: &SourceMap,
    diagnostic: &Diagnostic,
    rule_index: Option<usize>,
    fingerprint: &str,
    options: &Options,
) -> Value {
    let mut result = Map::new();
    result.insert("ruleId".into(), json!(diagnostic.rule.id));
    if let Some(index) = rule_index {
        result.insert("ruleIndex".into(), json!(index));
    }
    result.insert("level".into(), json!(level(diagnostic.severity)));
    let mut text = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    result.insert("message".into(), json!({ "text": text }));

    let physical = match diagnostic.span.and_then(|span| locate(sources, span)) {
        Some(location) => Some(physical_location(&location, options)),
        // No span: line 1 of the first input, so that every result has a location.
        None => sources.files().next().map(|(_, file)| {
            json!({
                "artifactLocation": artifact_location(&file.path, options),
                "region": {"startLine": 1},
            })
        }),
    };
    let mut location = Map::new();
    if let Some(physical) = physical {
        location.insert("physicalLocation".into(), physical);
    }
    if let Some(probe) = &diagnostic.probe {
        location.insert(
            "logicalLocations".into(),
            json!([{"name": probe, "fullyQualifiedName": probe, "kind": "member"}]),
        );
    }
    result.insert(
        "locations".into(),
        Value::Array(if location.is_empty() {
            Vec::new()
        } else {
            vec![Value::Object(location)]
        }),
    );

    let related: Vec<Value> = diagnostic
        .labels
        .iter()
        .filter_map(|label| locate(sources, label.span).map(|l| (label, l)))
        .enumerate()
        .map(|(id, (label, location))| {
            let mut value = physical_location(&location, options);
            let related = json!({
                "id": id + 1,
                "physicalLocation": value.take(),
                "message": {"text": label.message},
            });
            related
        })
        .collect();
    if !related.is_empty() {
        result.insert("relatedLocations".into(), Value::Array(related));
    }
    result.insert(
        "partialFingerprints".into(),
        json!({ FINGERPRINT_KEY: fingerprint }),
    );
    let mut properties = Map::new();
    if let Some(probe) = &diagnostic.probe {
        properties.insert("probe".into(), json!(probe));
    }
    properties.insert("firefox".into(), json!(diagnostic.firefox.as_str()));
    if let Some(message) = &diagnostic.firefox_message {
        properties.insert("firefoxMessage".into(), json!(message));
    }
    result.insert("properties".into(), Value::Object(properties));
    Value::Object(result)
}

/// The SARIF log as a JSON value.
pub fn sarif_value(sources: &SourceMap, diagnostics: &[Diagnostic], options: &Options) -> Value {
    let catalogue: Vec<&Rule> = rules::all().collect();
    let ordered = sorted(sources, diagnostics);
    let fingerprints = unique_fingerprints(&ordered);
    let results: Vec<Value> = ordered
        .iter()
        .zip(&fingerprints)
        .map(|(d, fingerprint)| {
            let index = catalogue.iter().position(|r| r.id == d.rule.id);
            result_json(sources, d, index, fingerprint, options)
        })
        .collect();
    let rules: Vec<Value> = catalogue.iter().map(|r| rule_json(r, options)).collect();

    let mut run = Map::new();
    run.insert(
        "tool".into(),
        json!({
            "driver": {
                "name": "telemetry-lint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }
        }),
    );
    if let Some(root) = &options.root {
        let absolute = std::path::absolute(root).unwrap_or_else(|_| root.clone());
        let mut text = absolute.to_string_lossy().replace('\\', "/");
        if !text.starts_with('/') {
            text.insert(0, '/');
        }
        if !text.ends_with('/') {
            text.push('/');
        }
        run.insert(
            "originalUriBaseIds".into(),
            json!({ SRCROOT: {"uri": format!("file://{}", uri_encode(&text))} }),
        );
    }
    run.insert("columnKind".into(), json!("unicodeCodePoints"));
    run.insert("invocations".into(), json!([{"executionSuccessful": true}]));
    run.insert("results".into(), Value::Array(results));
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [Value::Object(run)],
    })
}

/// [`sarif_value`] pretty-printed, with a final newline.
pub fn sarif(sources: &SourceMap, diagnostics: &[Diagnostic], options: &Options) -> String {
    let value = sarif_value(sources, diagnostics, options);
    let mut out = serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string());
    out.push('\n');
    out
}
