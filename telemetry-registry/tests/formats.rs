//! The CI output formats on a small in-memory fixture: GitHub, GitLab, JUnit, Markdown and SARIF
//! snapshots (SARIF without its rule catalogue, which is checked field by field), the SARIF
//! document validated against the SARIF 2.1.0 JSON schema, and hostile strings that must stay
//! inert in every format.

use std::path::{Path, PathBuf};

use serde_json::Value;
use telemetry_registry::render::{self, Format, Options, Summary};
use telemetry_registry::source::SourceFile;
use telemetry_registry::{Diagnostic, FileId, Severity, SourceMap, Span, rules};

/// The renderers' sample, with a note after a multi-byte character (its column counts
/// characters).
fn fixture() -> (SourceMap, Vec<Diagnostic>) {
    let mut sample =
        render::sample::diagnostics(&rules::HISTOGRAM_UNKNOWN_KIND, "  café:\n    kind: uint\n");
    let note = render::sample::span_of(&sample.sources, sample.scalars, "uint", 1).unwrap();
    sample.diagnostics.push(
        Diagnostic::new(&rules::YAML_DUPLICATE_KEY, "a note about café")
            .severity(Severity::Note)
            .at(note)
            .probe("normandy.café"),
    );
    (sample.sources, sample.diagnostics)
}

/// A diagnostic whose every string is hostile: workflow-command, XML, Markdown and HTML syntax.
fn hostile() -> (SourceMap, Vec<Diagnostic>) {
    let mut sources = SourceMap::new();
    let file = sources.add(SourceFile::new(
        "defs/we,ird:name %0A.json",
        "{\"X\": 1}\n".to_string(),
    ));
    let message = "bad\n::error file=x::injected %0A <script>alert(1)</script> | a & b \
                   ]]> @everyone [link](javascript:alert(1)) **bold** \u{0}\u{1b}[31m";
    let diagnostics = vec![
        Diagnostic::new(&rules::FILE_SYNTAX, message)
            .at(Span::new(file, 1, 4))
            .probe("X,y:z\r\n<b>")
            .help("</failure><x>"),
    ];
    (sources, diagnostics)
}

fn options() -> Options {
    Options::default()
}

#[test]
fn github_annotations() {
    let (sources, diagnostics) = fixture();
    insta::assert_snapshot!(render::github(&sources, &diagnostics, &options()));
}

#[test]
fn gitlab_code_quality() {
    let (sources, diagnostics) = fixture();
    insta::assert_snapshot!(render::gitlab(&sources, &diagnostics, &options()));
}

#[test]
fn junit_xml() {
    let (sources, diagnostics) = fixture();
    let summary = Summary::new(&diagnostics, 3);
    insta::assert_snapshot!(render::junit(&sources, &diagnostics, &summary, &options()));
}

#[test]
fn markdown_tables() {
    let (sources, diagnostics) = fixture();
    let summary = Summary::new(&diagnostics, 3);
    insta::assert_snapshot!(render::markdown(
        &sources,
        &diagnostics,
        &summary,
        &options()
    ));
}

/// The SARIF log with the rule catalogue elided (it grows with every rule; its entries are
/// checked in `sarif_rules_describe_the_catalogue`).
fn sarif_without_rules(sources: &SourceMap, diagnostics: &[Diagnostic]) -> Value {
    let mut value = render::sarif_value(sources, diagnostics, &options());
    let driver = &mut value["runs"][0]["tool"]["driver"];
    assert!(driver["rules"].is_array());
    driver["rules"] = Value::String("<the rule catalogue>".into());
    driver["version"] = Value::String("<version>".into());
    driver["semanticVersion"] = Value::String("<version>".into());
    value
}

#[test]
fn sarif_log() {
    let (sources, diagnostics) = fixture();
    let value = sarif_without_rules(&sources, &diagnostics);
    insta::assert_snapshot!(serde_json::to_string_pretty(&value).unwrap());
}

#[test]
fn sarif_rules_describe_the_catalogue() {
    let (sources, diagnostics) = fixture();
    let value = render::sarif_value(&sources, &diagnostics, &options());
    let run = &value["runs"][0];
    let rules_json = run["tool"]["driver"]["rules"].as_array().unwrap();
    let catalogue: Vec<_> = rules::all().collect();
    assert_eq!(rules_json.len(), catalogue.len());
    for (json, rule) in rules_json.iter().zip(&catalogue) {
        assert_eq!(json["id"], rule.id);
        assert_eq!(json["shortDescription"]["text"], rule.summary);
        assert_eq!(json["fullDescription"]["text"], rule.explanation);
        assert!(
            json["help"]["text"]
                .as_str()
                .unwrap()
                .contains(rule.explanation)
        );
        let uri = json["helpUri"].as_str().unwrap();
        assert!(uri.starts_with("https://"), "{uri}");
        assert!(uri.ends_with(&rule.id.replace('/', "-")), "{uri}");
        assert_eq!(
            json["defaultConfiguration"]["level"],
            rule.severity.as_str()
        );
    }
    // Every result names its rule by id and index, and has a located, relative artifact.
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules_json[index]["id"], result["ruleId"]);
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("definitions/"), "{uri}");
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(
            result["partialFingerprints"]["telemetryLint/v1"]
                .as_str()
                .unwrap()
                .len()
                >= 16
        );
    }
    assert_eq!(run["columnKind"], "unicodeCodePoints");
}

#[test]
fn sarif_paths_are_relative_to_the_root() {
    let (sources, diagnostics) = fixture();
    let cwd = std::env::current_dir().unwrap();
    let options = Options {
        root: Some(cwd.join("definitions")),
        ..Options::default()
    };
    let value = render::sarif_value(&sources, &diagnostics, &options);
    let run = &value["runs"][0];
    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        base.starts_with("file:///") && base.ends_with("/definitions/"),
        "{base}"
    );
    let uri = &run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(uri["uri"], "Histograms.json");
    // A file outside the root gets an absolute file URI.
    let options = Options {
        root: Some(cwd.join("elsewhere")),
        ..Options::default()
    };
    let value = render::sarif_value(&sources, &diagnostics, &options);
    let uri =
        &value["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert!(
        uri["uri"].as_str().unwrap().starts_with("file:///"),
        "{uri}"
    );
    assert!(uri.get("uriBaseId").is_none());
}

// ---- SARIF schema ---------------------------------------------------------------------------

/// The shared schemas: `$TELEMETRY_SCHEMAS`, else `../shared/schemas` beside the workspace.
fn schemas_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("TELEMETRY_SCHEMAS") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/schemas"),
    };
    if dir.join("sarif-schema-2.1.0.json").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "note: SARIF schema not found at {} (set TELEMETRY_SCHEMAS); skipping schema validation",
            dir.display()
        );
        None
    }
}

fn assert_valid_sarif(value: &Value) {
    let Some(dir) = schemas_dir() else { return };
    let text = std::fs::read_to_string(dir.join("sarif-schema-2.1.0.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF output is not valid:\n{}",
        errors.join("\n")
    );
}

#[test]
fn sarif_is_valid_against_the_sarif_2_1_0_schema() {
    let (sources, diagnostics) = fixture();
    assert_valid_sarif(&render::sarif_value(&sources, &diagnostics, &options()));
    let with_root = Options {
        root: Some(std::env::current_dir().unwrap()),
        ..Options::default()
    };
    assert_valid_sarif(&render::sarif_value(&sources, &diagnostics, &with_root));
    let (sources, diagnostics) = hostile();
    assert_valid_sarif(&render::sarif_value(&sources, &diagnostics, &with_root));
    // No diagnostics at all.
    assert_valid_sarif(&render::sarif_value(&sources, &[], &options()));
}

#[test]
fn the_schema_validator_rejects_an_invalid_log() {
    let (sources, diagnostics) = fixture();
    let mut value = render::sarif_value(&sources, &diagnostics, &options());
    value["runs"][0]["results"][0]["level"] = Value::String("fatal".into());
    let Some(dir) = schemas_dir() else { return };
    let text = std::fs::read_to_string(dir.join("sarif-schema-2.1.0.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::draft4::new(&schema).unwrap();
    assert!(!validator.is_valid(&value));
}

// ---- hostile strings ------------------------------------------------------------------------

#[test]
fn github_commands_cannot_be_injected() {
    let (sources, diagnostics) = hostile();
    let text = render::github(&sources, &diagnostics, &options());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with("::error file=defs/we%2Cird%3Aname %250A.json,line=1,"));
    assert!(
        lines[0].contains("title=file/syntax (X%2Cy%3Az%0D%0A<b>)::"),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains("bad%0A::error file=x::injected %250A"),
        "{}",
        lines[0]
    );
}

#[test]
fn junit_is_well_formed_xml() {
    let (sources, diagnostics) = hostile();
    let summary = Summary::new(&diagnostics, 1);
    let xml = render::junit(&sources, &diagnostics, &summary, &options());
    assert!(!xml.contains("<script>"));
    assert!(!xml.contains("</failure><x>"));
    assert!(!xml.contains('\u{0}') && !xml.contains('\u{1b}'));
    assert!(xml.contains("&lt;script&gt;"));
    // Balanced: every open tag is closed (a rough but strict structural check).
    for tag in ["testsuites", "testsuite", "testcase", "failure"] {
        let opens =
            xml.matches(&format!("<{tag} ")).count() + xml.matches(&format!("<{tag}>")).count();
        let closes = xml.matches(&format!("</{tag}>")).count();
        let self_closed = if tag == "testcase" {
            xml.matches("/>").count()
        } else {
            0
        };
        assert_eq!(opens, closes + self_closed, "{tag} in\n{xml}");
    }
}

#[test]
fn markdown_text_is_inert() {
    let (sources, diagnostics) = hostile();
    let summary = Summary::new(&diagnostics, 1);
    let text = render::markdown(&sources, &diagnostics, &summary, &options());
    let row = text.lines().find(|l| l.starts_with("| X")).expect("a row");
    // Every `|` in the row is either a cell separator or escaped.
    let cells = row.replace("\\|", "").matches('|').count();
    assert_eq!(cells, 5, "{row}");
    assert!(!row.contains("<script>") && row.contains("\\<script\\>"));
    assert!(row.contains("\\@everyone"));
    assert!(row.contains("\\[link\\]\\(javascript"));
    assert!(!row.contains('\u{0}'));
}

#[test]
fn gitlab_fingerprints_are_unique_and_stable() {
    let (sources, mut diagnostics) = fixture();
    // The same problem twice: still two distinct fingerprints.
    diagnostics.push(diagnostics[0].clone());
    let value = render::gitlab_value(&sources, &diagnostics, &options());
    let issues = value.as_array().unwrap();
    assert_eq!(issues.len(), diagnostics.len());
    let mut fingerprints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    fingerprints.sort();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), issues.len());
    for issue in issues {
        let severity = issue["severity"].as_str().unwrap();
        assert!(["info", "minor", "major", "critical", "blocker"].contains(&severity));
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(!issue["location"]["path"].as_str().unwrap().is_empty());
    }
    // Moving a diagnostic to another line keeps its fingerprint.
    let moved = diagnostics[2].clone().at(Span::new(FileId(0), 0, 1));
    assert_eq!(
        render::fingerprint(&moved),
        render::fingerprint(&diagnostics[2])
    );
}

#[test]
fn every_format_renders_the_fixture() {
    let (sources, diagnostics) = fixture();
    let summary = Summary::new(&diagnostics, 3);
    for format in Format::ALL {
        let text = render::render(format, &sources, &diagnostics, &summary, &options());
        assert!(!text.is_empty(), "{format:?}");
        assert!(
            text.contains("GC_MS") || text.contains("exponentail"),
            "{format:?}: {text}"
        );
        if matches!(format, Format::Json | Format::Sarif | Format::Gitlab) {
            serde_json::from_str::<Value>(&text).unwrap_or_else(|e| panic!("{format:?}: {e}"));
        }
    }
}
