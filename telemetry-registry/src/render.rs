//! Rendering diagnostics: human (codespan-reporting) and machine formats.
//!
//! Diagnostics are data ([`crate::diagnostic`]); this module only turns them into text:
//!
//! - [`human`]: rustc-style reports with the snippet of the JSON/YAML line, a caret under the
//!   offending value, secondary labels, `= help:` and Firefox notes;
//! - [`concise`]: one `file:line:col: severity[rule] message` line per diagnostic;
//! - [`json`]: the `check --format json` document of the CLI contract.
//!
//! Every renderer prints the diagnostics in the deterministic order of [`sorted`]: by file,
//! line, column, rule id and message; diagnostics without a location come first.

use std::io;
use std::ops::Range;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::term;
use serde_json::{Value, json};

pub use codespan_reporting::term::termcolor::{Buffer, ColorChoice, StandardStream, WriteColor};

use crate::diagnostic::{Diagnostic, FirefoxVerdict, Severity};
use crate::load::Loaded;
use crate::source::{FileId, SourceMap, Span, floor_char_boundary};

/// The output formats of `telemetry-lint check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// rustc-style reports with source snippets.
    #[default]
    Human,
    /// One line per diagnostic: `file:line:col: severity[rule] message`.
    Concise,
    /// One JSON document (the CLI contract).
    Json,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Human, Format::Concise, Format::Json];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Concise => "concise",
            Format::Json => "json",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

/// The counts printed after the diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub probes: usize,
}

impl Summary {
    pub fn new(diagnostics: &[Diagnostic], probes: usize) -> Summary {
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        Summary {
            errors,
            warnings: diagnostics.len() - errors,
            probes,
        }
    }

    /// The counts of one run.
    pub fn of(loaded: &Loaded) -> Summary {
        Summary::new(&loaded.diagnostics.items, loaded.registry.probe_count())
    }

    /// `2 errors, 1 warning in 134 probes` (or `no problems in 134 probes`).
    pub fn line(&self) -> String {
        let probes = plural(self.probes, "probe", "probes");
        if self.errors == 0 && self.warnings == 0 {
            return format!("no problems in {probes}");
        }
        format!(
            "{}, {} in {probes}",
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings"),
        )
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A span made safe to slice: its file exists, and it lies on character boundaries inside the
/// text. `None` when the file is unknown.
fn clamp(sources: &SourceMap, span: Span) -> Option<Range<usize>> {
    let text = &sources.get(span.file)?.text;
    let start = floor_char_boundary(text, (span.start as usize).min(text.len()));
    let mut end = (span.end as usize).clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Some(start..end)
}

/// A resolved location: the file's display name and 1-based start and end positions.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Location<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

fn locate(sources: &SourceMap, span: Span) -> Option<Location<'_>> {
    let range = clamp(sources, span)?;
    let file = sources.get(span.file)?;
    let start = file.line_col(range.start);
    let end = file.line_col(range.end);
    Some(Location {
        file: &file.name,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
    })
}

/// The diagnostics in output order: located ones by (file, line, column, rule, message), after
/// the ones without a location (by rule, message). Stable, so equal keys keep their order.
pub fn sorted<'a>(sources: &SourceMap, diagnostics: &'a [Diagnostic]) -> Vec<&'a Diagnostic> {
    let mut keyed: Vec<_> = diagnostics
        .iter()
        .map(|d| {
            let location = d.span.and_then(|span| {
                locate(sources, span).map(|l| (l.file, span.file, l.line, l.column))
            });
            ((location, d.rule.id, d.message.as_str()), d)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.into_iter().map(|(_, d)| d).collect()
}

// ---------------------------------------------------------------------------------------------
// human

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

// ---------------------------------------------------------------------------------------------
// concise

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

// ---------------------------------------------------------------------------------------------
// json

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;
    use crate::rules;
    use crate::source::SourceFile;

    const HISTOGRAMS: &str = r#"{
  "GC_MS": {
    "kind": "exponentail",
    "high": 10000,
    "n_buckets": 50
  },
  "TAB_COUNT": {
    "kind": "count",
    "description": "Tabs"
  }
}
"#;

    const SCALARS: &str = "normandy:\n  recipe_freshness:\n    kind: uint\n    kind: string\n";

    fn span_of(sources: &SourceMap, file: FileId, needle: &str, nth: usize) -> Span {
        let text = &sources.get(file).unwrap().text;
        let start = text.match_indices(needle).nth(nth).unwrap().0;
        Span::new(file, start, start + needle.len())
    }

    fn fixture() -> (SourceMap, Vec<Diagnostic>) {
        let mut sources = SourceMap::new();
        let histograms = sources.add(SourceFile::new(
            "definitions/Histograms.json",
            HISTOGRAMS.to_string(),
        ));
        let scalars = sources.add(SourceFile::new(
            "definitions/Scalars.yaml",
            SCALARS.to_string(),
        ));
        let diagnostics = vec![
            Diagnostic::new(
                &rules::YAML_DUPLICATE_KEY,
                "the key `kind` is repeated; the last value wins",
            )
            .at(span_of(&sources, scalars, "kind", 1))
            .label(span_of(&sources, scalars, "kind", 0), "first defined here")
            .probe("normandy.recipe_freshness"),
            Diagnostic::new(&rules::FILE_DUPLICATE_KEY, "the key \"kind\" is repeated")
                .at(span_of(&sources, histograms, "\"count\"", 0))
                .probe("TAB_COUNT")
                .firefox_message("Found duplicate key in TAB_COUNT: kind"),
            Diagnostic::new(
                &rules::FILE_SYNTAX,
                "unknown histogram kind \"exponentail\"",
            )
            .at(span_of(&sources, histograms, "\"exponentail\"", 0))
            .help("did you mean \"exponential\"?")
            .probe("GC_MS"),
            Diagnostic::new(
                &rules::FILE_DUPLICATE_DEFINITION,
                "no histograms were loaded",
            )
            .help("pass a Histograms.json"),
        ];
        (sources, diagnostics)
    }

    #[test]
    fn sorted_by_file_line_column_rule() {
        let (sources, diagnostics) = fixture();
        let order: Vec<_> = sorted(&sources, &diagnostics)
            .into_iter()
            .map(|d| d.rule.id)
            .collect();
        assert_eq!(
            order,
            [
                "file/duplicate-definition",
                "file/syntax",
                "file/duplicate-key",
                "file/yaml-duplicate-key",
            ]
        );
    }

    #[test]
    fn human_without_colour() {
        let (sources, diagnostics) = fixture();
        let summary = Summary::new(&diagnostics, 3);
        insta::assert_snapshot!(human_string(
            &sources,
            &diagnostics,
            Some(&summary),
            ColorChoice::Never
        ));
    }

    #[test]
    fn human_with_colour_has_escapes() {
        let (sources, diagnostics) = fixture();
        let text = human_string(&sources, &diagnostics, None, ColorChoice::Always);
        assert!(text.contains("\u{1b}["));
        let plain = human_string(&sources, &diagnostics, None, ColorChoice::Never);
        assert!(!plain.contains('\u{1b}'));
    }

    #[test]
    fn concise_lines() {
        let (sources, diagnostics) = fixture();
        insta::assert_snapshot!(concise(&sources, &diagnostics));
    }

    #[test]
    fn json_document() {
        let (sources, diagnostics) = fixture();
        let summary = Summary::new(&diagnostics, 3);
        insta::assert_snapshot!(json(&sources, &diagnostics, &summary));
    }

    #[test]
    fn json_contract_fields() {
        let (sources, diagnostics) = fixture();
        let summary = Summary::new(&diagnostics, 3);
        let value = json_value(&sources, &diagnostics, &summary);
        assert_eq!(
            value["summary"],
            json!({"errors": 3, "warnings": 1, "probes": 3})
        );
        let items = value["diagnostics"].as_array().unwrap();
        for item in items {
            for field in [
                "rule", "severity", "message", "file", "line", "column", "probe",
            ] {
                assert!(item.get(field).is_some(), "{field} missing in {item}");
            }
        }
        // Without a span: no location.
        assert_eq!(items[0]["file"], Value::Null);
        assert_eq!(items[0]["line"], Value::Null);
        // `"exponentail"` is on line 3, column 13 (1-based, at the opening quote).
        assert_eq!(items[1]["file"], "definitions/Histograms.json");
        assert_eq!(items[1]["line"], 3);
        assert_eq!(items[1]["column"], 13);
        assert_eq!(items[1]["end_column"], 26);
        assert_eq!(items[1]["probe"], "GC_MS");
        assert_eq!(items[1]["firefox"], "fatal");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let mut sources = SourceMap::new();
        let file = sources.add(SourceFile::new(
            "Scalars.yaml",
            "a:\n  b:\n    description: \"é\" x: y\n".to_string(),
        ));
        let span = span_of(&sources, file, "x", 0);
        let diagnostic = Diagnostic::new(&rules::FILE_SYNTAX, "bad").at(span);
        let value = json_value(&sources, &[diagnostic], &Summary::default());
        assert_eq!(value["diagnostics"][0]["line"], 3);
        assert_eq!(value["diagnostics"][0]["column"], 22);
    }

    #[test]
    fn hostile_spans_never_panic() {
        let mut sources = SourceMap::new();
        let file = sources.add(SourceFile::new("Events.yaml", "é\nabc".to_string()));
        let diagnostics = vec![
            // Inside a multi-byte character.
            Diagnostic::new(&rules::FILE_SYNTAX, "mid-char").at(Span::new(file, 1, 1)),
            // Past the end of the text.
            Diagnostic::new(&rules::FILE_SYNTAX, "past end").at(Span::new(file, 500, 900)),
            // An unknown file.
            Diagnostic::new(&rules::FILE_SYNTAX, "no file")
                .at(Span::new(FileId(7), 0, 3))
                .label(Span::new(FileId(9), 0, 1), "nowhere"),
            // At the very end.
            Diagnostic::new(&rules::FILE_SYNTAX, "at end").at(Span::new(file, 6, 6)),
        ];
        let text = human_string(&sources, &diagnostics, None, ColorChoice::Never);
        for message in ["mid-char", "past end", "no file", "at end"] {
            assert!(text.contains(message), "{message} missing from\n{text}");
        }
        let lines = concise(&sources, &diagnostics);
        assert_eq!(lines.lines().count(), 4);
        let value = json_value(&sources, &diagnostics, &Summary::default());
        assert_eq!(value["diagnostics"].as_array().unwrap().len(), 4);
    }

    #[test]
    fn summary_lines() {
        let none = Summary {
            errors: 0,
            warnings: 0,
            probes: 1,
        };
        assert_eq!(none.line(), "no problems in 1 probe");
        let some = Summary {
            errors: 1,
            warnings: 2,
            probes: 3,
        };
        assert_eq!(some.line(), "1 error, 2 warnings in 3 probes");
    }

    #[test]
    fn format_names_round_trip() {
        for format in Format::ALL {
            assert_eq!(Format::parse(format.as_str()), Some(format));
        }
        assert_eq!(Format::parse("xml"), None);
    }
}
