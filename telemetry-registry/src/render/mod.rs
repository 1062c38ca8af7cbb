//! Rendering diagnostics: human (codespan-reporting) and machine formats.
//!
//! Diagnostics are data ([`crate::diagnostic`]); this module only turns them into text. One
//! file per format:
//!
//! - [`human`]: rustc-style reports with the snippet of the JSON/YAML line, a caret under the
//!   offending value, secondary labels, `= help:` and Firefox notes;
//! - [`concise`]: one `file:line:col: severity[rule] message` line per diagnostic;
//! - [`json`]: the `check --format json` document of the CLI contract;
//! - [`sarif`]: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers;
//! - [`github`]: GitHub Actions workflow commands (`::error file=…::message`);
//! - [`gitlab`]: GitLab Code Quality JSON;
//! - [`junit`]: JUnit XML (one test suite per file);
//! - [`markdown`]: tables grouped by severity, for a pull-request comment.
//!
//! Every renderer prints the diagnostics in the deterministic order of [`sorted`]: by file,
//! line, column, rule id and message; diagnostics without a location come first. The CI
//! formats (SARIF, GitHub, GitLab, JUnit, Markdown) name files relative to
//! [`Options::root`], as repository-relative paths.

use std::ops::Range;
use std::path::{Component, Path, PathBuf};

pub use codespan_reporting::term::termcolor::{
    Buffer, BufferedStandardStream, ColorChoice, StandardStream, WriteColor,
};

use crate::diagnostic::{Diagnostic, Severity};
use crate::load::Loaded;
use crate::source::{FileId, SourceMap, Span, floor_char_boundary};

mod concise;
mod github;
mod gitlab;
mod human;
mod json;
mod junit;
mod markdown;
#[doc(hidden)]
pub mod sample;
mod sarif;

pub use concise::concise;
pub use github::github;
pub use gitlab::{gitlab, gitlab_value};
pub use human::{human, human_string, human_summary, verdict_description};
pub use json::{Hidden, JsonReport, json, json_value};
pub use junit::junit;
pub use markdown::markdown;
pub use sarif::{sarif, sarif_value};

/// The output formats of `telemetry-lint check` and `diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// rustc-style reports with source snippets.
    #[default]
    Human,
    /// One line per diagnostic: `file:line:col: severity[rule] message`.
    Concise,
    /// One JSON document (the CLI contract).
    Json,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// JUnit XML.
    Junit,
    /// Markdown tables for a pull-request comment.
    Markdown,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Gitlab,
        Format::Junit,
        Format::Markdown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Concise => "concise",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Gitlab => "gitlab",
            Format::Junit => "junit",
            Format::Markdown => "markdown",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

/// Settings the CI formats need beyond the diagnostics.
#[derive(Clone, Debug)]
pub struct Options {
    /// The directory paths are made relative to (the repository root: SARIF's `%SRCROOT%`).
    /// `None`: paths are printed as given (relative ones are taken as repository-relative).
    pub root: Option<PathBuf>,
    /// Where a rule's documentation is; `{id}` is replaced by the rule id and `{anchor}` by the
    /// id with `/` replaced by `-` (a Markdown heading anchor).
    pub help_uri: String,
    /// The heading of Markdown output and the name of the JUnit test run.
    pub title: String,
}

/// The default [`Options::help_uri`]: the rule reference in the repository's docs.
pub const DEFAULT_HELP_URI: &str =
    "https://github.com/mozilla/telemetry-lint/blob/main/docs/rules.md#{anchor}";

impl Default for Options {
    fn default() -> Options {
        Options {
            root: None,
            help_uri: DEFAULT_HELP_URI.to_string(),
            title: "telemetry-lint".to_string(),
        }
    }
}

impl Options {
    /// The documentation URL of a rule.
    pub fn help_uri(&self, id: &str) -> String {
        self.help_uri
            .replace("{id}", id)
            .replace("{anchor}", &id.replace('/', "-"))
    }

    /// A file's path relative to the root, with `/` separators, when it lies under the root
    /// (or is relative and no root is set); `None` for a path outside the root.
    pub fn relative_path(&self, path: &Path) -> Option<String> {
        let relative = match &self.root {
            None if path.is_relative() => normalize(path),
            None => return None,
            Some(root) => {
                let path = normalize(&absolute(path));
                let root = normalize(&absolute(root));
                path.strip_prefix(&root).ok()?.to_path_buf()
            }
        };
        let parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.is_empty() || parts.iter().any(|p| p == "..") {
            return None;
        }
        Some(parts.join("/"))
    }

    /// The path CI formats print for a file: repository-relative when possible, else the path
    /// as given.
    pub fn display_path(&self, path: &Path) -> String {
        self.relative_path(path)
            .unwrap_or_else(|| path.to_string_lossy().replace('\\', "/"))
    }
}

/// Each input file's [`Options::display_path`], worked out once per report rather than once per
/// diagnostic (each resolution makes paths absolute and normalises them).
pub(crate) struct DisplayPaths(Vec<String>);

impl DisplayPaths {
    pub(crate) fn new(sources: &SourceMap, options: &Options) -> DisplayPaths {
        DisplayPaths(
            sources
                .files()
                .map(|(_, file)| options.display_path(&file.path))
                .collect(),
        )
    }

    /// The display path of a file of the map the paths were made for.
    pub(crate) fn get(&self, file: FileId) -> &str {
        self.0.get(file.0 as usize).map_or("", String::as_str)
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Removes `.` components and folds `name/..` (lexically; no file-system access).
fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(component),
            },
            other => out.push(other),
        }
    }
    out.iter().collect()
}

/// Percent-encodes a path for a URI (RFC 3986: unreserved characters and `/` stay).
pub(crate) fn uri_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The counts printed after the diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    /// Informational findings (`diff` reports harmless changes as notes).
    pub notes: usize,
    pub probes: usize,
}

impl Summary {
    pub fn new(diagnostics: &[Diagnostic], probes: usize) -> Summary {
        let count = |severity| {
            diagnostics
                .iter()
                .filter(|d| d.severity == severity)
                .count()
        };
        Summary {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            notes: count(Severity::Note),
            probes,
        }
    }

    /// The counts of one run.
    pub fn of(loaded: &Loaded) -> Summary {
        Summary::new(&loaded.diagnostics.items, loaded.registry.probe_count())
    }

    /// `2 errors, 1 warning in 134 probes` (`, 3 notes` when there are notes), or `no problems
    /// in 134 probes`.
    pub fn line(&self) -> String {
        let probes = plural(self.probes, "probe", "probes");
        if self.errors == 0 && self.warnings == 0 && self.notes == 0 {
            return format!("no problems in {probes}");
        }
        let mut counts = format!(
            "{}, {}",
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings"),
        );
        if self.notes > 0 {
            counts.push_str(&format!(", {}", plural(self.notes, "note", "notes")));
        }
        format!("{counts} in {probes}")
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

/// A resolved location: the file's display name and path, and 1-based start and end positions
/// (columns count characters; the end is just past the value).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Location<'a> {
    pub file: &'a str,
    pub path: &'a Path,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

pub(crate) fn locate(sources: &SourceMap, span: Span) -> Option<Location<'_>> {
    let range = clamp(sources, span)?;
    let file = sources.get(span.file)?;
    let start = file.line_col(range.start);
    let end = file.line_col(range.end);
    Some(Location {
        file: &file.name,
        path: &file.path,
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

/// A stable identity of a diagnostic that survives edits elsewhere in the file: the policy
/// branch's [`Diagnostic::fingerprint`] (rule id, probe and normalised message; no position),
/// the same value baselines store.
pub fn fingerprint(diagnostic: &Diagnostic) -> String {
    diagnostic.fingerprint()
}

/// [`fingerprint`] of each diagnostic of `ordered`, made unique within the run: a repeat of the
/// same identity gets `-2`, `-3`, … (GitLab merges equal fingerprints).
pub(crate) fn unique_fingerprints(ordered: &[&Diagnostic]) -> Vec<String> {
    let mut seen = std::collections::HashMap::<String, usize>::new();
    ordered
        .iter()
        .map(|d| {
            let base = fingerprint(d);
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            if *n == 1 { base } else { format!("{base}-{n}") }
        })
        .collect()
}

/// A diagnostic's message on one line (CI formats that are line-oriented).
pub(crate) fn one_line(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\r', '\n'], " ")
}

/// Renders every format except `human` (which writes to a colour-aware stream: see [`human`]
/// and [`human_string`]) into a string. `human` here is [`human_string`] without colour.
pub fn render(
    format: Format,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
    summary: &Summary,
    options: &Options,
) -> String {
    match format {
        Format::Human => human_string(sources, diagnostics, Some(summary), ColorChoice::Never),
        Format::Concise => concise(sources, diagnostics),
        Format::Json => json(sources, diagnostics, summary),
        Format::Sarif => sarif(sources, diagnostics, options),
        Format::Github => github(sources, diagnostics, options),
        Format::Gitlab => gitlab(sources, diagnostics, options),
        Format::Junit => junit(sources, diagnostics, summary, options),
        Format::Markdown => markdown(sources, diagnostics, summary, options),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;
    use crate::rules;
    use crate::source::SourceFile;
    use serde_json::{Value, json};

    use sample::span_of;

    fn fixture() -> (SourceMap, Vec<Diagnostic>) {
        let sample = sample::diagnostics(&rules::FILE_SYNTAX, "");
        (sample.sources, sample.diagnostics)
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
            json!({"errors": 3, "warnings": 1, "notes": 0, "probes": 3})
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
        let span = span_of(&sources, file, "x", 0).unwrap();
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
            notes: 0,
            probes: 1,
        };
        assert_eq!(none.line(), "no problems in 1 probe");
        let some = Summary {
            errors: 1,
            warnings: 2,
            notes: 0,
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
