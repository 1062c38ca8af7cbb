//! `json`: the `check --format json` document of the CLI contract.
//!
//! The document serialises straight from the diagnostics (no intermediate `serde_json::Value`
//! tree: on a diff with thousands of findings, building and freeing that tree cost more than
//! the rest of the rendering).

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

use super::{Location, Summary, locate, sorted};
use crate::diagnostic::{Diagnostic, Label};
use crate::source::SourceMap;

/// The `check --format json` document: `{"diagnostics": [...], "summary": {...}}`, lines and
/// columns 1-based (columns count characters), `null` when a diagnostic has no location.
pub struct JsonReport<'a> {
    sources: &'a SourceMap,
    diagnostics: Vec<&'a Diagnostic>,
    summary: Summary,
    hidden: Option<Hidden>,
}

/// What policy hid from a report: findings suppressed in the configuration and findings in the
/// baseline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hidden {
    pub suppressed: usize,
    pub baselined: usize,
}

impl<'a> JsonReport<'a> {
    pub fn new(
        sources: &'a SourceMap,
        diagnostics: &'a [Diagnostic],
        summary: &Summary,
    ) -> JsonReport<'a> {
        JsonReport {
            sources,
            diagnostics: sorted(sources, diagnostics),
            summary: *summary,
            hidden: None,
        }
    }

    /// Adds `suppressed` and `baselined` to the summary.
    pub fn with_hidden(mut self, hidden: Hidden) -> JsonReport<'a> {
        self.hidden = Some(hidden);
        self
    }

    /// Pretty-printed, with a final newline.
    pub fn to_pretty_string(&self) -> String {
        // Cannot fail: every map key is a string and no value is a float.
        let mut out = serde_json::to_string_pretty(self).unwrap_or_default();
        out.push('\n');
        out
    }
}

impl Serialize for JsonReport<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        let items: Vec<Item<'_>> = self
            .diagnostics
            .iter()
            .map(|&diagnostic| Item {
                sources: self.sources,
                diagnostic,
            })
            .collect();
        map.serialize_entry("diagnostics", &items)?;
        map.serialize_entry(
            "summary",
            &SummaryCounts {
                summary: &self.summary,
                hidden: self.hidden,
            },
        )?;
        map.end()
    }
}

struct SummaryCounts<'a> {
    summary: &'a Summary,
    hidden: Option<Hidden>,
}

impl Serialize for SummaryCounts<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("errors", &self.summary.errors)?;
        map.serialize_entry("warnings", &self.summary.warnings)?;
        map.serialize_entry("notes", &self.summary.notes)?;
        map.serialize_entry("probes", &self.summary.probes)?;
        if let Some(hidden) = self.hidden {
            map.serialize_entry("suppressed", &hidden.suppressed)?;
            map.serialize_entry("baselined", &hidden.baselined)?;
        }
        map.end()
    }
}

/// One diagnostic of the list.
struct Item<'a> {
    sources: &'a SourceMap,
    diagnostic: &'a Diagnostic,
}

impl Serialize for Item<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let d = self.diagnostic;
        let location = d.span.and_then(|span| locate(self.sources, span));
        let mut map = serializer.serialize_map(Some(13))?;
        map.serialize_entry("rule", d.rule.id)?;
        map.serialize_entry("severity", d.severity.as_str())?;
        map.serialize_entry("message", &d.message)?;
        map.serialize_entry("file", &location.as_ref().map(|l| l.file))?;
        map.serialize_entry("line", &location.as_ref().map(|l| l.line))?;
        map.serialize_entry("column", &location.as_ref().map(|l| l.column))?;
        map.serialize_entry("probe", &d.probe)?;
        map.serialize_entry("end_line", &location.as_ref().map(|l| l.end_line))?;
        map.serialize_entry("end_column", &location.as_ref().map(|l| l.end_column))?;
        map.serialize_entry("help", &d.help)?;
        map.serialize_entry("firefox", d.firefox.as_str())?;
        map.serialize_entry("firefox_message", &d.firefox_message)?;
        let labels: Vec<LabelItem<'_>> = d
            .labels
            .iter()
            .map(|label| LabelItem {
                label,
                location: locate(self.sources, label.span),
            })
            .collect();
        map.serialize_entry("labels", &labels)?;
        map.end()
    }
}

struct LabelItem<'a> {
    label: &'a Label,
    location: Option<Location<'a>>,
}

impl Serialize for LabelItem<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let location = self.location.as_ref();
        let mut map = serializer.serialize_map(Some(6))?;
        map.serialize_entry("message", &self.label.message)?;
        map.serialize_entry("file", &location.map(|l| l.file))?;
        map.serialize_entry("line", &location.map(|l| l.line))?;
        map.serialize_entry("column", &location.map(|l| l.column))?;
        map.serialize_entry("end_line", &location.map(|l| l.end_line))?;
        map.serialize_entry("end_column", &location.map(|l| l.end_column))?;
        map.end()
    }
}

/// [`JsonReport`] as a JSON value.
pub fn json_value(sources: &SourceMap, diagnostics: &[Diagnostic], summary: &Summary) -> Value {
    // Cannot fail: every map key is a string and no value is a float.
    serde_json::to_value(JsonReport::new(sources, diagnostics, summary)).unwrap_or_default()
}

/// [`JsonReport`] pretty-printed, with a final newline.
pub fn json(sources: &SourceMap, diagnostics: &[Diagnostic], summary: &Summary) -> String {
    JsonReport::new(sources, diagnostics, summary).to_pretty_string()
}
