//! Test support: a few diagnostics on small Histograms.json and Scalars.yaml sources, to show
//! the output formats on (the renderers' unit tests and `tests/formats.rs` share them).

use crate::diagnostic::Diagnostic;
use crate::rules::{self, Rule};
use crate::source::{FileId, SourceFile, SourceMap, Span};

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

/// A scalar with `kind` written twice.
const SCALARS: &str = "normandy:\n  recipe_freshness:\n    kind: uint\n    kind: string\n";

/// The sources and their diagnostics.
pub struct Sample {
    pub sources: SourceMap,
    pub scalars: FileId,
    pub diagnostics: Vec<Diagnostic>,
}

/// The span of the `nth` (from 0) occurrence of `needle` in a file.
pub fn span_of(sources: &SourceMap, file: FileId, needle: &str, nth: usize) -> Option<Span> {
    let text = &sources.get(file)?.text;
    let start = text.match_indices(needle).nth(nth)?.0;
    Some(Span::new(file, start, start + needle.len()))
}

/// A YAML duplicate key (a warning, with a label), a JSON duplicate key, an unknown histogram
/// kind reported under `unknown_kind`, and an error without a location. The Scalars.yaml
/// source is the sample's, followed by `more_scalars`.
pub fn diagnostics(unknown_kind: &'static Rule, more_scalars: &str) -> Sample {
    let mut sources = SourceMap::new();
    let histograms = sources.add(SourceFile::new(
        "definitions/Histograms.json",
        HISTOGRAMS.to_string(),
    ));
    let scalars = sources.add(SourceFile::new(
        "definitions/Scalars.yaml",
        format!("{SCALARS}{more_scalars}"),
    ));
    // Every needle is in the constant texts above, before `more_scalars`: the spans exist.
    let span = |file, needle, nth| span_of(&sources, file, needle, nth).unwrap_or_default();
    let diagnostics = vec![
        Diagnostic::new(
            &rules::YAML_DUPLICATE_KEY,
            "the key `kind` is repeated; the last value wins",
        )
        .at(span(scalars, "kind", 1))
        .label(span(scalars, "kind", 0), "first defined here")
        .probe("normandy.recipe_freshness"),
        Diagnostic::new(&rules::FILE_DUPLICATE_KEY, "the key \"kind\" is repeated")
            .at(span(histograms, "\"count\"", 0))
            .probe("TAB_COUNT")
            .firefox_message("Found duplicate key in TAB_COUNT: kind"),
        Diagnostic::new(unknown_kind, "unknown histogram kind \"exponentail\"")
            .at(span(histograms, "\"exponentail\"", 0))
            .help("did you mean \"exponential\"?")
            .probe("GC_MS"),
        Diagnostic::new(
            &rules::FILE_DUPLICATE_DEFINITION,
            "no histograms were loaded",
        )
        .help("pass a Histograms.json"),
    ];
    Sample {
        sources,
        scalars,
        diagnostics,
    }
}
