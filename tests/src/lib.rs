//! Helpers shared by the workspace integration tests in `tests/`.

use std::path::{Path, PathBuf};

use telemetry_registry::{Loaded, Severity};

/// The corpus's sets, one per Firefox generation.
pub const CORPUS_SETS: [&str; 3] = ["firefox-modern", "firefox-2020", "firefox-legacy"];

/// The conformance corpus ([`telemetry_registry::corpus::locate`]). `None` (and a note on
/// stderr) when it is not found, so corpus tests skip instead of failing.
pub fn corpus_dir() -> Option<PathBuf> {
    let corpus = telemetry_registry::corpus::locate();
    if corpus.is_none() {
        eprintln!("note: corpus not found (set TELEMETRY_CORPUS); skipping corpus test");
    }
    corpus
}

/// What Firefox's ESR 140 parsers print for a corpus set (its `reference-diagnostics.json`).
pub fn reference_diagnostics(set: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(set.join("reference-diagnostics.json")).expect("read");
    serde_json::from_str(&text).expect("reference json")
}

/// The errors of a load, one line each (rule, message, position), of the rules whose id
/// starts with one of `families` (of every rule when `families` is empty).
pub fn error_lines(loaded: &Loaded, families: &[&str]) -> Vec<String> {
    loaded
        .diagnostics
        .items
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .filter(|d| families.is_empty() || families.iter().any(|f| d.rule.id.starts_with(f)))
        .map(|d| {
            let at = d.span.and_then(|s| loaded.sources.line_col(s));
            format!("{}: {} ({:?})", d.rule.id, d.message, at)
        })
        .collect()
}

/// The workspace root.
pub fn workspace_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}
