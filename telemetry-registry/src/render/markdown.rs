//! `markdown`: a report for a pull-request comment — a heading with the counts, then one table
//! per severity (errors, warnings, notes) with the probe, the message, the rule and the place.
//!
//! Text from the definitions is inert: every ASCII punctuation character is backslash-escaped
//! (CommonMark allows that for all of them), so `|` cannot break a table, `<` cannot open HTML,
//! `[`/`]` cannot make links, `@` cannot mention anyone and `*`/`_` cannot emphasise; line
//! breaks become spaces.

use super::{DisplayPaths, Options, Summary, locate, sorted};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceMap;

/// Escapes text for a Markdown table cell.
pub(crate) fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\r' | '\n' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            // Other control characters would only garble the comment.
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The Markdown report.
pub fn markdown(
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
    summary: &Summary,
    options: &Options,
) -> String {
    let mut out = format!(
        "### {}: {}\n",
        escape_markdown(&options.title),
        escape_markdown(&summary.line())
    );
    let ordered = sorted(sources, diagnostics);
    let paths = DisplayPaths::new(sources, options);
    for (severity, heading) in [
        (Severity::Error, "Errors"),
        (Severity::Warning, "Warnings"),
        (Severity::Note, "Notes"),
    ] {
        let rows: Vec<&&Diagnostic> = ordered.iter().filter(|d| d.severity == severity).collect();
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!("\n#### {heading} ({})\n\n", rows.len()));
        out.push_str("| Probe | Problem | Rule | Location |\n| --- | --- | --- | --- |\n");
        for diagnostic in rows {
            let probe = diagnostic
                .probe
                .as_deref()
                .map(escape_markdown)
                .unwrap_or_default();
            let rule = format!(
                "[{}]({})",
                escape_markdown(diagnostic.rule.id),
                options.help_uri(diagnostic.rule.id)
            );
            let location = diagnostic
                .span
                .and_then(|span| Some((span, locate(sources, span)?)))
                .map(|(span, l)| {
                    escape_markdown(&format!("{}:{}:{}", paths.get(span.file), l.line, l.column))
                })
                .unwrap_or_default();
            out.push_str(&format!(
                "| {probe} | {} | {rule} | {location} |\n",
                escape_markdown(&diagnostic.message)
            ));
        }
    }
    out
}
