//! `concise`: one `file:line:col: severity[rule] message` line per diagnostic.

use super::{locate, sorted};
use crate::diagnostic::Diagnostic;
use crate::source::SourceMap;

/// One line per diagnostic: `file:line:col: severity[rule] message`. A diagnostic without a
/// location starts at `severity`.
pub fn concise(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for diagnostic in sorted(sources, diagnostics) {
        if let Some(location) = diagnostic.span.and_then(|span| locate(sources, span)) {
            out.push_str(&format!(
                "{}:{}:{}: ",
                location.file, location.line, location.column
            ));
        }
        // One line each: a message never spreads over several lines.
        let message = diagnostic.message.replace(['\r', '\n'], " ");
        out.push_str(&format!(
            "{}[{}] {message}\n",
            diagnostic.severity.as_str(),
            diagnostic.rule.id,
        ));
    }
    out
}
