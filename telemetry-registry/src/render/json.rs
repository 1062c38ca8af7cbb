//! `json`: the `check --format json` document of the CLI contract.

use serde_json::{Value, json};

use super::{Summary, locate, sorted};
use crate::diagnostic::Diagnostic;
use crate::source::SourceMap;

fn diagnostic_json(sources: &SourceMap, diagnostic: &Diagnostic) -> Value {
    let location = diagnostic.span.and_then(|span| locate(sources, span));
    let labels: Vec<Value> = diagnostic
        .labels
        .iter()
        .map(|label| {
            let location = locate(sources, label.span);
            json!({
                "message": label.message,
                "file": location.as_ref().map(|l| l.file),
                "line": location.as_ref().map(|l| l.line),
                "column": location.as_ref().map(|l| l.column),
                "end_line": location.as_ref().map(|l| l.end_line),
                "end_column": location.as_ref().map(|l| l.end_column),
            })
        })
        .collect();
    json!({
        "rule": diagnostic.rule.id,
        "severity": diagnostic.severity.as_str(),
        "message": diagnostic.message,
        "file": location.as_ref().map(|l| l.file),
        "line": location.as_ref().map(|l| l.line),
        "column": location.as_ref().map(|l| l.column),
        "probe": diagnostic.probe,
        "end_line": location.as_ref().map(|l| l.end_line),
        "end_column": location.as_ref().map(|l| l.end_column),
        "help": diagnostic.help,
        "firefox": diagnostic.firefox.as_str(),
        "firefox_message": diagnostic.firefox_message,
        "labels": labels,
    })
}

/// The `check --format json` document: `{"diagnostics": [...], "summary": {...}}`, lines and
/// columns 1-based (columns count characters), `null` when a diagnostic has no location.
pub fn json_value(sources: &SourceMap, diagnostics: &[Diagnostic], summary: &Summary) -> Value {
    let items: Vec<Value> = sorted(sources, diagnostics)
        .into_iter()
        .map(|d| diagnostic_json(sources, d))
        .collect();
    json!({
        "diagnostics": items,
        "summary": {
            "errors": summary.errors,
            "warnings": summary.warnings,
            "notes": summary.notes,
            "probes": summary.probes,
        },
    })
}

/// [`json_value`] pretty-printed, with a final newline.
pub fn json(sources: &SourceMap, diagnostics: &[Diagnostic], summary: &Summary) -> String {
    let value = json_value(sources, diagnostics, summary);
    let mut out = serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string());
    out.push('\n');
    out
}
