//! `human`: rustc-style reports (codespan-reporting) with the snippet of the JSON/YAML line, a
//! caret under the offending value, secondary labels, `= help:` and Firefox notes.

use std::io;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::term;
use codespan_reporting::term::termcolor::{Buffer, ColorChoice, WriteColor};

use super::{Summary, clamp, sorted};
use crate::diagnostic::{Diagnostic, FirefoxVerdict, Severity};
use crate::source::{FileId, SourceMap};

/// What Firefox's own build does with a problem of this verdict, in one sentence.
pub fn verdict_description(verdict: FirefoxVerdict) -> &'static str {
    match verdict {
        FirefoxVerdict::Accepted => {
            "Firefox's build accepts it (team policy, or a quirk Firefox silently lets through)"
        }
        FirefoxVerdict::Deferred => {
            "Firefox reports it and fails the build after printing every other error"
        }
        FirefoxVerdict::Fatal => "the build stops at this error and hides every later one",
        FirefoxVerdict::Crash => {
            "the build scripts fail here with a Python exception, not a message"
        }
        FirefoxVerdict::Generator => {
            "the parser accepts this, then a code generator or the C++ compiler fails"
        }
    }
}

/// What Firefox's own build does, as a note (only for verdicts worse than a queued error).
fn firefox_note(verdict: FirefoxVerdict) -> Option<String> {
    match verdict {
        FirefoxVerdict::Accepted | FirefoxVerdict::Deferred => None,
        other => Some(format!(
            "Firefox: {} — {}",
            other.as_str(),
            verdict_description(other)
        )),
    }
}

fn to_codespan(sources: &SourceMap, diagnostic: &Diagnostic) -> cs::Diagnostic<FileId> {
    let severity = match diagnostic.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
        Severity::Note => cs::Severity::Note,
    };
    let mut labels = Vec::new();
    if let Some((span, range)) = diagnostic
        .span
        .and_then(|span| clamp(sources, span).map(|range| (span, range)))
    {
        labels.push(cs::Label::primary(span.file, range));
    }
    for label in &diagnostic.labels {
        if let Some(range) = clamp(sources, label.span) {
            labels.push(cs::Label::secondary(label.span.file, range).with_message(&label.message));
        }
    }
    let mut notes = Vec::new();
    if let (None, Some(probe)) = (diagnostic.span, &diagnostic.probe) {
        notes.push(format!("probe: {probe}"));
    }
    if let Some(help) = &diagnostic.help {
        notes.push(format!("help: {help}"));
    }
    if let Some(note) = firefox_note(diagnostic.firefox) {
        notes.push(note);
    }
    if let Some(message) = &diagnostic.firefox_message {
        notes.push(format!("Firefox says: {message}"));
    }
    cs::Diagnostic::new(severity)
        .with_code(diagnostic.rule.id)
        .with_message(&diagnostic.message)
        .with_labels(labels)
        .with_notes(notes)
}

fn config() -> term::Config {
    term::Config {
        chars: term::Chars::ascii(),
        ..term::Config::default()
    }
}

fn files_error(error: codespan_reporting::files::Error) -> io::Error {
    match error {
        codespan_reporting::files::Error::Io(error) => error,
        other => io::Error::other(other.to_string()),
    }
}

/// Writes the diagnostics (in [`sorted`] order) as rustc-style reports. Colour is whatever the
/// writer does: a [`StandardStream`] or [`Buffer`] made with the wanted [`ColorChoice`].
pub fn human<W: WriteColor + ?Sized>(
    writer: &mut W,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    let config = config();
    for diagnostic in sorted(sources, diagnostics) {
        let report = to_codespan(sources, diagnostic);
        if let Err(error) = term::emit_to_write_style(writer, &config, sources, &report) {
            // A label the file database cannot place: print the report without its snippets
            // rather than nothing.
            let plain = cs::Diagnostic {
                labels: Vec::new(),
                ..report
            };
            term::emit_to_write_style(writer, &config, sources, &plain)
                .map_err(|_| files_error(error))?;
        }
    }
    Ok(())
}

/// Writes the one-line summary after human output: `error: 2 errors, 1 warning in 3 probes`,
/// `warning: …` or `ok: no problems in 3 probes`, the status word coloured.
pub fn human_summary<W: WriteColor + ?Sized>(writer: &mut W, summary: &Summary) -> io::Result<()> {
    use codespan_reporting::term::termcolor::{Color, ColorSpec};
    let (word, color) = if summary.errors > 0 {
        ("error", Color::Red)
    } else if summary.warnings > 0 {
        ("warning", Color::Yellow)
    } else if summary.notes > 0 {
        ("note", Color::Cyan)
    } else {
        ("ok", Color::Green)
    };
    writer.set_color(ColorSpec::new().set_fg(Some(color)).set_bold(true))?;
    write!(writer, "{word}")?;
    writer.reset()?;
    writeln!(writer, ": {}", summary.line())
}

/// The human rendering as a string, with the summary line when one is given. Colour (ANSI
/// escapes) only for `ColorChoice::Always`/`AlwaysAnsi`.
pub fn human_string(
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
    summary: Option<&Summary>,
    color: ColorChoice,
) -> String {
    let mut buffer = match color {
        ColorChoice::Always | ColorChoice::AlwaysAnsi => Buffer::ansi(),
        ColorChoice::Auto | ColorChoice::Never => Buffer::no_color(),
    };
    // Writing into memory cannot fail, and `human` recovers from unplaceable labels.
    let _ = human(&mut buffer, sources, diagnostics);
    if let Some(summary) = summary {
        let _ = human_summary(&mut buffer, summary);
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}
