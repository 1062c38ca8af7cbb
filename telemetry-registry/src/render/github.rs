//! `github`: GitHub Actions workflow commands, which the runner turns into annotations on the
//! pull request's files:
//!
//! ```text
//! ::error file=definitions/Histograms.json,line=3,endLine=3,col=13,endColumn=26,title=histogram/unknown-kind (GC_MS)::message
//! ```
//!
//! Paths are repository-relative ([`Options::root`]). Property values escape `%`, `\r`, `\n`,
//! `:` and `,`; the message escapes `%`, `\r` and `\n` (GitHub's own escaping), so a hostile
//! string in a definition cannot end the command or start another one. Warnings are
//! `::warning`, notes `::notice`. A plain summary line follows.

use super::{DisplayPaths, Options, Summary, locate, sorted};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceMap;

/// Escapes a command's message (GitHub's `escapeData`).
pub(crate) fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property (GitHub's `escapeProperty`).
pub(crate) fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command per diagnostic, then a summary line.
pub fn github(sources: &SourceMap, diagnostics: &[Diagnostic], options: &Options) -> String {
    let mut out = String::new();
    let paths = DisplayPaths::new(sources, options);
    for diagnostic in sorted(sources, diagnostics) {
        let command = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut properties = Vec::new();
        if let Some((span, location)) = diagnostic
            .span
            .and_then(|span| Some((span, locate(sources, span)?)))
        {
            properties.push(format!("file={}", escape_property(paths.get(span.file))));
            properties.push(format!("line={}", location.line));
            properties.push(format!("endLine={}", location.end_line));
            properties.push(format!("col={}", location.column));
            properties.push(format!("endColumn={}", location.end_column));
        }
        let title = match &diagnostic.probe {
            Some(probe) => format!("{} ({probe})", diagnostic.rule.id),
            None => diagnostic.rule.id.to_string(),
        };
        properties.push(format!("title={}", escape_property(&title)));
        let mut message = diagnostic.message.clone();
        if let Some(help) = &diagnostic.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            properties.join(","),
            escape_data(&message)
        ));
    }
    let summary = Summary::new(diagnostics, 0);
    let counts = summary.line();
    // The probe count is not known here: drop the "in 0 probes" tail.
    let counts = counts.trim_end_matches(" in 0 probes");
    out.push_str(&format!("{}: {}\n", options.title, escape_data(counts)));
    out
}
