//! `sarif`: SARIF 2.1.0, as GitHub code scanning reads it.
//!
//! - `tool.driver.rules[]` is the whole rule catalogue ([`crate::rules::all`]): id, short and full
//!   description, help, `helpUri` and the default level; every result names its `ruleId` and
//!   `ruleIndex`.
//! - Every result has a location: an `artifactLocation` whose `uri` is relative to `%SRCROOT%`
//!   (the [`Options::root`], declared in `originalUriBaseIds`), and a `region` with 1-based
//!   lines and columns. Columns count Unicode code points (`columnKind: unicodeCodePoints`), the
//!   end column is just past the value (SARIF's end is exclusive). A problem without a location
//!   points at line 1 of the first input file.
//! - `partialFingerprints["telemetryLint/v1"]` is the line-independent [`super::fingerprint`].
//!
//! Results serialise straight from the diagnostics, each file's `artifactLocation` worked out
//! once (no intermediate `serde_json::Value` tree, no path resolution per result).

use std::path::Path;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Value, json};

use super::{Options, locate, sorted, unique_fingerprints, uri_encode};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{self, Rule};
use crate::source::{SourceMap, Span};

/// The `$schema` of the document.
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The key of our entry in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "telemetryLint/v1";

const SRCROOT: &str = "%SRCROOT%";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn rule_json(rule: &Rule, options: &Options) -> Value {
    let mut help = rule.explanation.to_string();
    if let Some(fix) = rule.help {
        help.push_str(&format!("\n\nHow to fix: {fix}"));
    }
    let family = rule.id.split('/').next().unwrap_or(rule.id);
    json!({
        "id": rule.id,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation},
        "help": {"text": help},
        "helpUri": options.help_uri(rule.id),
        "defaultConfiguration": {"level": level(rule.severity)},
        "properties": {
            "tags": ["telemetry", family],
            "firefox": rule.firefox.as_str(),
        },
    })
}

/// An `artifactLocation`: repository-relative under `%SRCROOT%` when the file lies under the
/// root, else an absolute `file://` URI.
enum ArtifactLocation {
    UnderRoot(String),
    Absolute(String),
}

impl ArtifactLocation {
    fn of(path: &Path, options: &Options) -> ArtifactLocation {
        match options.relative_path(path) {
            Some(relative) => ArtifactLocation::UnderRoot(uri_encode(&relative)),
            None => {
                let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
                let mut text = absolute.to_string_lossy().replace('\\', "/");
                if !text.starts_with('/') {
                    text.insert(0, '/');
                }
                ArtifactLocation::Absolute(format!("file://{}", uri_encode(&text)))
            }
        }
    }
}

impl Serialize for ArtifactLocation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        match self {
            ArtifactLocation::UnderRoot(uri) => {
                map.serialize_entry("uri", uri)?;
                map.serialize_entry("uriBaseId", SRCROOT)?;
            }
            ArtifactLocation::Absolute(uri) => map.serialize_entry("uri", uri)?,
        }
        map.end()
    }
}

/// A `region`: a whole span, or only the first line of a file.
enum Region {
    Span {
        line: usize,
        column: usize,
        end_line: usize,
        end_column: usize,
    },
    FirstLine,
}

impl Serialize for Region {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        match *self {
            Region::Span {
                line,
                column,
                end_line,
                end_column,
            } => {
                map.serialize_entry("startLine", &line)?;
                map.serialize_entry("startColumn", &column)?;
                map.serialize_entry("endLine", &end_line)?;
                map.serialize_entry("endColumn", &end_column)?;
            }
            Region::FirstLine => map.serialize_entry("startLine", &1)?,
        }
        map.end()
    }
}

struct PhysicalLocation<'a> {
    artifact: &'a ArtifactLocation,
    region: Region,
}

impl Serialize for PhysicalLocation<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("artifactLocation", self.artifact)?;
        map.serialize_entry("region", &self.region)?;
        map.end()
    }
}

/// `{"text": …}`.
struct Message<'a>(&'a str);

impl Serialize for Message<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("text", self.0)?;
        map.end()
    }
}

/// The log's view of the inputs: the ordered diagnostics, their fingerprints, the rule
/// catalogue and each file's artifact location.
struct Log<'a> {
    sources: &'a SourceMap,
    ordered: Vec<&'a Diagnostic>,
    fingerprints: Vec<String>,
    catalogue: Vec<&'static Rule>,
    /// By [`FileId`].
    artifacts: Vec<ArtifactLocation>,
    options: &'a Options,
}

impl<'a> Log<'a> {
    fn new(sources: &'a SourceMap, diagnostics: &'a [Diagnostic], options: &'a Options) -> Self {
        let ordered = sorted(sources, diagnostics);
        Log {
            sources,
            fingerprints: unique_fingerprints(&ordered),
            ordered,
            catalogue: rules::all().collect(),
            artifacts: sources
                .files()
                .map(|(_, file)| ArtifactLocation::of(&file.path, options))
                .collect(),
            options,
        }
    }

    fn physical(&self, span: Span) -> Option<PhysicalLocation<'_>> {
        let location = locate(self.sources, span)?;
        Some(PhysicalLocation {
            artifact: self.artifacts.get(span.file.0 as usize)?,
            region: Region::Span {
                line: location.line,
                column: location.column,
                end_line: location.end_line,
                end_column: location.end_column,
            },
        })
    }

    /// Where a result without a usable span points: line 1 of the first input, so that every
    /// result has a location.
    fn fallback(&self) -> Option<PhysicalLocation<'_>> {
        Some(PhysicalLocation {
            artifact: self.artifacts.first()?,
            region: Region::FirstLine,
        })
    }
}

impl Serialize for Log<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("$schema", SCHEMA_URI)?;
        map.serialize_entry("version", "2.1.0")?;
        map.serialize_entry("runs", &[Run(self)])?;
        map.end()
    }
}

struct Run<'a>(&'a Log<'a>);

impl Serialize for Run<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let log = self.0;
        let rules: Vec<Value> = log
            .catalogue
            .iter()
            .map(|r| rule_json(r, log.options))
            .collect();
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry(
            "tool",
            &json!({
                "driver": {
                    "name": "telemetry-lint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            }),
        )?;
        if let Some(root) = &log.options.root {
            let absolute = std::path::absolute(root).unwrap_or_else(|_| root.clone());
            let mut text = absolute.to_string_lossy().replace('\\', "/");
            if !text.starts_with('/') {
                text.insert(0, '/');
            }
            if !text.ends_with('/') {
                text.push('/');
            }
            map.serialize_entry(
                "originalUriBaseIds",
                &json!({ SRCROOT: {"uri": format!("file://{}", uri_encode(&text))} }),
            )?;
        }
        map.serialize_entry("columnKind", "unicodeCodePoints")?;
        map.serialize_entry("invocations", &json!([{"executionSuccessful": true}]))?;
        map.serialize_entry("results", &Results(log))?;
        map.end()
    }
}

struct Results<'a>(&'a Log<'a>);

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let log = self.0;
        let mut seq = serializer.serialize_seq(Some(log.ordered.len()))?;
        for (diagnostic, fingerprint) in log.ordered.iter().zip(&log.fingerprints) {
            seq.serialize_element(&SarifResult {
                log,
                diagnostic,
                fingerprint,
            })?;
        }
        seq.end()
    }
}

struct SarifResult<'a> {
    log: &'a Log<'a>,
    diagnostic: &'a Diagnostic,
    fingerprint: &'a str,
}

impl Serialize for SarifResult<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (log, diagnostic) = (self.log, self.diagnostic);
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("ruleId", diagnostic.rule.id)?;
        if let Some(index) = log
            .catalogue
            .iter()
            .position(|r| r.id == diagnostic.rule.id)
        {
            map.serialize_entry("ruleIndex", &index)?;
        }
        map.serialize_entry("level", level(diagnostic.severity))?;
        let mut text = diagnostic.message.clone();
        if let Some(help) = &diagnostic.help {
            text.push_str("\nhelp: ");
            text.push_str(help);
        }
        map.serialize_entry("message", &Message(&text))?;

        let physical = match diagnostic.span {
            Some(span) => log.physical(span).or_else(|| log.fallback()),
            None => log.fallback(),
        };
        let location = ResultLocation {
            physical,
            probe: diagnostic.probe.as_deref(),
        };
        if location.physical.is_some() || location.probe.is_some() {
            map.serialize_entry("locations", &[location])?;
        } else {
            map.serialize_entry("locations", &[] as &[ResultLocation<'_>])?;
        }

        let related: Vec<RelatedLocation<'_>> = diagnostic
            .labels
            .iter()
            .filter_map(|label| log.physical(label.span).map(|p| (label, p)))
            .enumerate()
            .map(|(index, (label, physical))| RelatedLocation {
                id: index + 1,
                physical,
                message: &label.message,
            })
            .collect();
        if !related.is_empty() {
            map.serialize_entry("relatedLocations", &related)?;
        }
        map.serialize_entry("partialFingerprints", &Fingerprint(self.fingerprint))?;
        map.serialize_entry("properties", &Properties(diagnostic))?;
        map.end()
    }
}

struct ResultLocation<'a> {
    physical: Option<PhysicalLocation<'a>>,
    probe: Option<&'a str>,
}

impl Serialize for ResultLocation<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(physical) = &self.physical {
            map.serialize_entry("physicalLocation", physical)?;
        }
        if let Some(probe) = self.probe {
            map.serialize_entry(
                "logicalLocations",
                &[LogicalLocation(probe)] as &[LogicalLocation<'_>],
            )?;
        }
        map.end()
    }
}

/// A probe as a `logicalLocation` of kind `member`.
struct LogicalLocation<'a>(&'a str);

impl Serialize for LogicalLocation<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("name", self.0)?;
        map.serialize_entry("fullyQualifiedName", self.0)?;
        map.serialize_entry("kind", "member")?;
        map.end()
    }
}

struct RelatedLocation<'a> {
    id: usize,
    physical: PhysicalLocation<'a>,
    message: &'a str,
}

impl Serialize for RelatedLocation<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("physicalLocation", &self.physical)?;
        map.serialize_entry("message", &Message(self.message))?;
        map.end()
    }
}

struct Fingerprint<'a>(&'a str);

impl Serialize for Fingerprint<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(FINGERPRINT_KEY, self.0)?;
        map.end()
    }
}

struct Properties<'a>(&'a Diagnostic);

impl Serialize for Properties<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let diagnostic = self.0;
        let mut map = serializer.serialize_map(None)?;
        if let Some(probe) = &diagnostic.probe {
            map.serialize_entry("probe", probe)?;
        }
        map.serialize_entry("firefox", diagnostic.firefox.as_str())?;
        if let Some(message) = &diagnostic.firefox_message {
            map.serialize_entry("firefoxMessage", message)?;
        }
        map.end()
    }
}

/// The SARIF log as a JSON value.
pub fn sarif_value(sources: &SourceMap, diagnostics: &[Diagnostic], options: &Options) -> Value {
    // Cannot fail: every map key is a string and no value is a float.
    serde_json::to_value(Log::new(sources, diagnostics, options)).unwrap_or_default()
}

/// The SARIF log pretty-printed, with a final newline.
pub fn sarif(sources: &SourceMap, diagnostics: &[Diagnostic], options: &Options) -> String {
    // Cannot fail: every map key is a string and no value is a float.
    let mut out =
        serde_json::to_string_pretty(&Log::new(sources, diagnostics, options)).unwrap_or_default();
    out.push('\n');
    out
}
