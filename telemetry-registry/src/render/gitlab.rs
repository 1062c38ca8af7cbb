//! `gitlab`: a GitLab Code Quality report — a JSON array of issues, each with `description`,
//! `check_name` (the rule id), a unique `fingerprint`, `severity` (`major` for errors, `minor`
//! for warnings, `info` for notes) and `location.path` (repository-relative) with
//! `location.lines.begin`. A problem without a location points at line 1 of the first input.

use serde_json::{Value, json};

use super::{DisplayPaths, Options, locate, one_line, sorted, unique_fingerprints};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceMap;

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Note => "info",
    }
}

/// The Code Quality report as a JSON value.
pub fn gitlab_value(sources: &SourceMap, diagnostics: &[Diagnostic], options: &Options) -> Value {
    let ordered = sorted(sources, diagnostics);
    let fingerprints = unique_fingerprints(&ordered);
    let paths = DisplayPaths::new(sources, options);
    let first_file = sources.files().next().map(|(id, _)| id);
    let issues: Vec<Value> = ordered
        .iter()
        .zip(fingerprints)
        .filter_map(|(diagnostic, fingerprint)| {
            let located = diagnostic
                .span
                .and_then(|span| Some((span.file, locate(sources, span)?)));
            let (file, begin, end) = match located {
                Some((file, location)) => (file, location.line, location.end_line),
                None => (first_file?, 1, 1),
            };
            let description = match &diagnostic.probe {
                Some(probe) => format!("{probe}: {}", one_line(&diagnostic.message)),
                None => one_line(&diagnostic.message),
            };
            Some(json!({
                "type": "issue",
                "description": description,
                "check_name": diagnostic.rule.id,
                "fingerprint": fingerprint,
                "severity": severity(diagnostic.severity),
                "location": {
                    "path": paths.get(file),
                    "lines": {"begin": begin, "end": end},
                },
            }))
        })
        .collect();
    Value::Array(issues)
}

/// [`gitlab_value`] pretty-printed, with a final newline.
pub fn gitlab(sources: &SourceMap, diagnostics: &[Diagnostic], options: &Options) -> String {
    let value = gitlab_value(sources, diagnostics, options);
    let mut out = serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string());
    out.push('\n');
    out
}
