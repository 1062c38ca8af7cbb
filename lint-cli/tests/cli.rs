//! The `telemetry-lint` binary, run as a user runs it: exit codes, streams and output shapes.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use common::{
    EMPTY_ALLOWLIST, TempDir, code, definitions, json_stdout, run, run_in, stderr, stdout,
};

const VALID_HISTOGRAMS: &str = r#"{
  "TEST_BOOLEAN": {
    "record_in_processes": ["main"],
    "products": ["firefox"],
    "alert_emails": ["a@example.com"],
    "bug_numbers": [1],
    "expires_in_version": "never",
    "kind": "boolean",
    "description": "A boolean."
  }
}
"#;

/// A valid scalar whose `kind` is written twice: a YAML duplicate key, a warning only.
const SCALARS_WITH_WARNING: &str = "\
test.category:
  probe:
    bug_numbers: [1]
    description: A scalar.
    expires: never
    kind: uint
    kind: uint
    notification_emails: [a@example.com]
    products: [firefox]
    record_in_processes: [main]
";

const BROKEN_JSON: &str = "{\n  \"TEST_BOOLEAN\": {\n    \"kind\": \"boolean\",,\n  }\n}\n";

// ---- check ------------------------------------------------------------------------------------

#[test]
fn the_sample_definitions_pass_with_exit_code_0() {
    let output = run(&["check", "--format", "json", definitions().to_str().unwrap()]);
    let value = json_stdout(&output);
    assert_eq!(
        value["diagnostics"],
        Value::Array(Vec::new()),
        "{}",
        stdout(&output)
    );
    assert_eq!(code(&output), 0);
    assert!(value["summary"]["probes"].as_u64().unwrap() >= 8);
}

#[test]
fn valid_input_exits_0_and_the_human_summary_says_so() {
    let dir = TempDir::new("valid");
    dir.write("Histograms.json", VALID_HISTOGRAMS);
    dir.write("histogram-allowlists.json", EMPTY_ALLOWLIST);
    // Firefox's rules only: without a config, policy would add warnings (tests/policy.rs).
    let output = run(&[
        "check",
        "--firefox-only",
        "--color",
        "never",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
    assert!(stdout(&output).contains("no problems in 1 probe"));
}

#[test]
fn a_syntax_error_exits_1_with_the_json_contract() {
    let dir = TempDir::new("syntax");
    let file = dir.write("Histograms.json", BROKEN_JSON);
    let output = run(&["check", "--format", "json", file.to_str().unwrap()]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let value = json_stdout(&output);
    let diagnostics = value["diagnostics"].as_array().unwrap();
    assert!(!diagnostics.is_empty());
    let first = &diagnostics[0];
    for field in [
        "rule", "severity", "message", "file", "line", "column", "probe",
    ] {
        assert!(first.get(field).is_some(), "{field} missing: {first}");
    }
    assert_eq!(first["rule"], "file/syntax");
    assert_eq!(first["severity"], "error");
    assert!(first["file"].as_str().unwrap().ends_with("Histograms.json"));
    assert!(first["line"].as_u64().unwrap() >= 1);
    assert!(first["column"].as_u64().unwrap() >= 1);
    let summary = &value["summary"];
    assert!(summary["errors"].as_u64().unwrap() >= 1);
    assert!(summary["warnings"].is_u64());
    assert!(summary["probes"].is_u64());
}

#[test]
fn human_and_concise_formats_point_at_the_file() {
    let dir = TempDir::new("formats");
    let file = dir.write("Histograms.json", BROKEN_JSON);
    let file = file.to_str().unwrap();

    let human = run(&["check", "--color", "never", file]);
    assert_eq!(code(&human), 1);
    let text = stdout(&human);
    assert!(text.contains("error[file/syntax]"), "{text}");
    assert!(text.contains("--> "), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour with --color never");

    let concise = run(&["check", "--format", "concise", file]);
    assert_eq!(code(&concise), 1);
    let text = stdout(&concise);
    let line = text.lines().next().expect("one line");
    assert!(line.starts_with(file), "{line}");
    assert!(line.contains(": error[file/syntax] "), "{line}");

    let coloured = run(&["check", "--color", "always", file]);
    assert!(
        stdout(&coloured).contains('\u{1b}'),
        "colour with --color always"
    );
}

#[test]
fn warnings_pass_unless_denied() {
    let dir = TempDir::new("warnings");
    let file = dir.write("Scalars.yaml", SCALARS_WITH_WARNING);
    let file = file.to_str().unwrap();

    let output = run(&["check", "--firefox-only", "--format", "json", file]);
    let value = json_stdout(&output);
    assert_eq!(value["summary"]["errors"], 0, "{}", stdout(&output));
    assert_eq!(value["summary"]["warnings"], 1, "{}", stdout(&output));
    assert_eq!(code(&output), 0);

    let denied = run(&[
        "check",
        "--firefox-only",
        "--format",
        "json",
        "--deny-warnings",
        file,
    ]);
    assert_eq!(code(&denied), 1);
}

#[test]
fn explicit_file_options_take_any_file_name() {
    let dir = TempDir::new("explicit");
    let histograms = dir.write("my-histograms.json", VALID_HISTOGRAMS);
    let allowlist = dir.write("my-allowlist.json", EMPTY_ALLOWLIST);
    let output = run(&[
        "check",
        "--format",
        "json",
        "--histograms",
        histograms.to_str().unwrap(),
        "--allowlist",
        allowlist.to_str().unwrap(),
    ]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    assert_eq!(json_stdout(&output)["summary"]["probes"], 1);
}

#[test]
fn the_default_path_is_the_current_directory() {
    let dir = TempDir::new("cwd");
    dir.write("Histograms.json", VALID_HISTOGRAMS);
    dir.write("histogram-allowlists.json", EMPTY_ALLOWLIST);
    let output = run_in(dir.path(), &["check", "--format", "json"]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    assert_eq!(json_stdout(&output)["summary"]["probes"], 1);
}

#[test]
fn older_generations_are_selectable() {
    let dir = TempDir::new("generations");
    let file = dir.write("Histograms.json", BROKEN_JSON);
    for generation in ["esr140", "2020", "2017"] {
        let output = run(&[
            "check",
            "--rules",
            generation,
            "--non-strict",
            "--format",
            "json",
            file.to_str().unwrap(),
        ]);
        assert_eq!(code(&output), 1, "{generation}");
    }
}

// ---- usage and I/O errors: exit 2 -------------------------------------------------------------

#[test]
fn a_missing_path_exits_2_with_one_line_on_stderr() {
    let dir = TempDir::new("missing");
    let missing = dir.path().join("nope");
    let output = run(&["check", missing.to_str().unwrap()]);
    assert_eq!(code(&output), 2);
    assert!(stdout(&output).is_empty());
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("nope"), "{err}");
    assert!(err.contains("no such file"), "{err}");
}

#[test]
fn a_missing_explicit_file_exits_2() {
    let dir = TempDir::new("missing-explicit");
    let missing = dir.path().join("Histograms.json");
    let output = run(&["check", "--histograms", missing.to_str().unwrap()]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("Histograms.json"));
}

#[test]
fn an_unreadable_file_exits_2() {
    let dir = TempDir::new("unreadable");
    // A directory given where a file is expected cannot be read as one.
    let output = run(&["check", "--events", dir.path().to_str().unwrap()]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(stderr(&output).starts_with("telemetry-lint: error: "));
}

#[test]
fn a_directory_without_definitions_exits_2() {
    let dir = TempDir::new("empty");
    let output = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("no definition files"));
}

#[test]
fn an_unknown_file_name_exits_2() {
    let dir = TempDir::new("unknown-name");
    let file = dir.write("probes.json", "{}");
    let output = run(&["check", file.to_str().unwrap()]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("--histograms"));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &[][..],
        &["frobnicate"][..],
        &["check", "--format", "xml"][..],
        &["check", "--rules", "1999"][..],
        &["check", "--color", "sometimes"][..],
        &["explain"][..],
    ] {
        let output = run(args);
        assert_eq!(code(&output), 2, "{args:?}");
        assert!(!stderr(&output).is_empty(), "{args:?}");
    }
}

#[test]
fn help_and_version_exit_0() {
    let help = run(&["--help"]);
    assert_eq!(code(&help), 0);
    assert!(stdout(&help).contains("Exit status"));
    let version = run(&["--version"]);
    assert_eq!(code(&version), 0);
    assert!(stdout(&version).starts_with("telemetry-lint "));
}

// ---- resolve ----------------------------------------------------------------------------------

#[test]
fn resolve_prints_the_registry() {
    let output = run(&[
        "resolve",
        "--format",
        "json",
        definitions().to_str().unwrap(),
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let value = json_stdout(&output);
    for section in ["histograms", "scalars", "events"] {
        assert!(value[section].is_object(), "{section}");
    }
    let tutorial = &value["histograms"]["TELEMETRY_TUTORIAL_PROBE"];
    assert_eq!(tutorial["kind"], "exponential");
    assert_eq!(tutorial["keyed"], false);
    assert_eq!(tutorial["low"], 1);
    assert_eq!(tutorial["high"], 1000);
    assert_eq!(tutorial["n_buckets"], 50);
    let buckets = tutorial["buckets"].as_array().unwrap();
    assert_eq!(buckets.len(), 50);
    assert_eq!(buckets[0], 0);
    assert_eq!(buckets[49], 1000);
    for (name, histogram) in value["histograms"].as_object().unwrap() {
        for field in ["kind", "keyed", "low", "high", "n_buckets", "buckets"] {
            assert!(histogram.get(field).is_some(), "{name} lacks {field}");
        }
    }
    assert!(value["scalars"]["normandy.recipe_freshness"].is_object());
    assert!(value["events"]["normandy.enroll"].is_object());
}

#[test]
fn resolve_with_errors_prints_the_registry_and_exits_1() {
    let dir = TempDir::new("resolve-errors");
    let file = dir.write("Histograms.json", BROKEN_JSON);
    let output = run(&["resolve", "--color", "never", file.to_str().unwrap()]);
    assert_eq!(code(&output), 1);
    let value = json_stdout(&output);
    assert_eq!(value["histograms"], serde_json::json!({}));
    assert!(
        stderr(&output).contains("error[file/syntax]"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn resolve_of_a_missing_path_exits_2() {
    let dir = TempDir::new("resolve-missing");
    let output = run(&["resolve", dir.path().join("nope").to_str().unwrap()]);
    assert_eq!(code(&output), 2);
}

// ---- explain and rules ------------------------------------------------------------------------

#[test]
fn explain_a_known_rule() {
    let output = run(&["explain", "file/syntax"]);
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    assert!(text.starts_with("file/syntax: "), "{text}");
    assert!(text.contains("Firefox:"), "{text}");
    assert!(text.contains("help: "), "{text}");
}

#[test]
fn explain_an_unknown_rule_exits_2() {
    let output = run(&["explain", "json/syntax"]);
    assert_eq!(code(&output), 2);
    assert!(stdout(&output).is_empty());
    let err = stderr(&output);
    assert!(err.contains("unknown rule `json/syntax`"), "{err}");
    assert!(
        err.contains("file/syntax"),
        "suggests the close match: {err}"
    );
}

#[test]
fn rules_lists_every_id() {
    let output = run(&["rules"]);
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    let ids: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let expected: Vec<&str> = telemetry_registry::rules::all().map(|r| r.id).collect();
    assert_eq!(ids, expected);
    for rule in telemetry_registry::rules::all() {
        let output = run(&["explain", rule.id]);
        assert_eq!(code(&output), 0, "{}", rule.id);
    }
}

// ---- CI formats -------------------------------------------------------------------------------

#[test]
fn check_speaks_every_ci_format() {
    let dir = TempDir::new("ci-formats");
    dir.write("Histograms.json", BROKEN_JSON);
    let path = dir.path().to_str().unwrap();

    let sarif = run_in(dir.path(), &["check", "--format", "sarif", "."]);
    assert_eq!(code(&sarif), 1, "{}", stderr(&sarif));
    let value = json_stdout(&sarif);
    assert_eq!(value["version"], "2.1.0");
    let result = &value["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "file/syntax");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "Histograms.json"
    );

    // --root makes paths relative to another directory.
    let parent = dir.path().parent().unwrap().to_str().unwrap();
    let github = run(&["check", "--format", "github", "--root", parent, path]);
    assert_eq!(code(&github), 1);
    let text = stdout(&github);
    let name = dir.path().file_name().unwrap().to_str().unwrap();
    assert!(
        text.starts_with(&format!("::error file={name}/Histograms.json,line=3,")),
        "{text}"
    );

    let gitlab = run_in(dir.path(), &["check", "--format", "gitlab"]);
    assert_eq!(code(&gitlab), 1);
    let issues = json_stdout(&gitlab);
    assert_eq!(issues[0]["check_name"], "file/syntax");
    assert_eq!(issues[0]["location"]["path"], "Histograms.json");
    assert_eq!(issues[0]["severity"], "major");

    let junit = run_in(dir.path(), &["check", "--format", "junit"]);
    assert_eq!(code(&junit), 1);
    let xml = stdout(&junit);
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert!(xml.contains("<failure type=\"file/syntax\""), "{xml}");

    let markdown = run_in(dir.path(), &["check", "--format", "markdown"]);
    assert_eq!(code(&markdown), 1);
    assert!(stdout(&markdown).starts_with("### telemetry\\-lint: 1 error"));
}

// ---- diff -------------------------------------------------------------------------------------

fn histograms_with(names: &[(&str, &str)]) -> String {
    let entries: Vec<String> = names
        .iter()
        .map(|(name, extra)| {
            format!(
                r#"  "{name}": {{
    "record_in_processes": ["main"],
    "products": ["firefox"],
    "alert_emails": ["a@example.com"],
    "bug_numbers": [1],
    "expires_in_version": "never",
    "kind": "categorical",
    "labels": [{extra}],
    "description": "A categorical histogram."
  }}"#
            )
        })
        .collect();
    format!("{{\n{}\n}}\n", entries.join(",\n"))
}

#[test]
fn diff_exit_codes_follow_breaking_changes() {
    let base = TempDir::new("diff-base");
    let head = TempDir::new("diff-head");
    base.write(
        "Histograms.json",
        &histograms_with(&[("TAB_STATE", r#""open", "closed""#), ("OLD", r#""a""#)]),
    );
    let (b, h) = (base.path().to_str().unwrap(), head.path().to_str().unwrap());

    // Identical: exit 0, no problems.
    let same = run(&["diff", b, b, "--color", "never"]);
    assert_eq!(code(&same), 0, "{}{}", stdout(&same), stderr(&same));
    assert!(stdout(&same).contains("no problems"), "{}", stdout(&same));

    // A label appended: a note, exit 0.
    head.write(
        "Histograms.json",
        &histograms_with(&[
            ("TAB_STATE", r#""open", "closed", "pinned""#),
            ("OLD", r#""a""#),
        ]),
    );
    let appended = run(&["diff", b, h, "--format", "json"]);
    assert_eq!(code(&appended), 0, "{}", stdout(&appended));
    let value = json_stdout(&appended);
    assert_eq!(value["diagnostics"][0]["rule"], "diff/labels-appended");
    assert_eq!(value["diagnostics"][0]["severity"], "note");
    assert_eq!(value["summary"]["notes"], 1);

    // A histogram removed and labels reordered: errors, exit 1.
    head.write(
        "Histograms.json",
        &histograms_with(&[("TAB_STATE", r#""closed", "open""#)]),
    );
    let breaking = run(&["diff", b, h, "--format", "concise"]);
    assert_eq!(code(&breaking), 1);
    let text = stdout(&breaking);
    assert!(text.contains("error[diff/labels-reordered]"), "{text}");
    assert!(
        text.contains("error[diff/removed] histogram \"OLD\" is removed"),
        "{text}"
    );

    // Severities from the command line: both downgraded to warnings pass, unless denied.
    let args = [
        "diff",
        b,
        h,
        "--severity",
        "diff/removed=warning",
        "--severity",
        "diff/labels-reordered=off",
    ];
    let relaxed = run(&args);
    assert_eq!(code(&relaxed), 0, "{}", stdout(&relaxed));
    let mut denied = args.to_vec();
    denied.push("--deny-warnings");
    assert_eq!(code(&run(&denied)), 1);

    // Every format.
    for format in [
        "human", "concise", "json", "sarif", "github", "gitlab", "junit", "markdown",
    ] {
        let output = run(&["diff", b, h, "--format", format, "--color", "never"]);
        assert_eq!(code(&output), 1, "{format}");
        assert!(
            stdout(&output).contains("OLD"),
            "{format}: {}",
            stdout(&output)
        );
    }

    // A missing side: exit 2.
    let missing = run(&["diff", b, head.path().join("nope").to_str().unwrap()]);
    assert_eq!(code(&missing), 2);
    assert!(stderr(&missing).contains("nope"));
}

#[test]
fn diff_of_an_unparsable_side_reports_the_syntax_error_only() {
    let base = TempDir::new("diff-unparsable-base");
    let head = TempDir::new("diff-unparsable-head");
    base.write("Histograms.json", &histograms_with(&[("OLD", r#""a""#)]));
    head.write("Histograms.json", BROKEN_JSON);
    let output = run(&[
        "diff",
        base.path().to_str().unwrap(),
        head.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code(&output), 1);
    let value = json_stdout(&output);
    let rules: Vec<&str> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["file/syntax"]);
}

fn git_available() -> bool {
    Command::new("git")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(output.status.success(), "git {args:?}: {}", stderr(&output));
}

#[test]
fn diff_reads_a_git_revision() {
    if !git_available() {
        eprintln!("note: git not found; skipping the REF:PATH test");
        return;
    }
    let repo = TempDir::new("diff-git");
    git(repo.path(), &["init", "-q"]);
    fs::create_dir_all(repo.path().join("defs")).unwrap();
    repo.write(
        "defs/Histograms.json",
        &histograms_with(&[("TAB_STATE", r#""open", "closed""#)]),
    );
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-q", "-m", "base"]);
    repo.write(
        "defs/Histograms.json",
        &histograms_with(&[("TAB_STATE", r#""open""#)]),
    );

    // The committed directory against the working tree.
    let output = run_in(
        repo.path(),
        &["diff", "HEAD:defs", "defs", "--format", "concise"],
    );
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("error[diff/labels-removed]"), "{text}");
    // A removed label points at HEAD; the base file is named REF:PATH in human output.
    let human = run_in(
        repo.path(),
        &["diff", "HEAD:defs", "defs", "--color", "never"],
    );
    assert!(
        stdout(&human).contains("HEAD:defs/Histograms.json"),
        "{}",
        stdout(&human)
    );

    // A single file at a revision, and a revision against itself.
    let same = run_in(
        repo.path(),
        &[
            "diff",
            "HEAD:defs/Histograms.json",
            "HEAD:defs",
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&same), 0, "{}", stderr(&same));
    assert_eq!(json_stdout(&same)["diagnostics"], Value::Array(Vec::new()));

    // Unknown revisions and option-like revisions are I/O errors.
    let unknown = run_in(repo.path(), &["diff", "nope:defs", "defs"]);
    assert_eq!(code(&unknown), 2);
    assert!(
        stderr(&unknown).starts_with("telemetry-lint: error: git: "),
        "{}",
        stderr(&unknown)
    );
    let option = run_in(repo.path(), &["diff", "--output=x:defs", "defs"]);
    assert_eq!(code(&option), 2);
    assert!(!repo.path().join("x").exists());
}

#[test]
fn generate_writes_the_module_and_keeps_it_on_errors() {
    let temp = TempDir::new("generate");
    let out = temp.path().join("probes.rs");
    let out_arg = out.to_str().expect("utf-8 path");
    let definitions = Path::new(env!("CARGO_MANIFEST_DIR")).join("../definitions");
    let definitions = definitions.to_str().expect("utf-8 path");
    let ok = run(&[
        "generate",
        definitions,
        "--out",
        out_arg,
        "--current-version",
        "130.0a1",
    ]);
    assert_eq!(code(&ok), 0, "{}", String::from_utf8_lossy(&ok.stderr));
    let first = fs::read_to_string(&out).expect("generated");
    assert!(first.contains("pub mod probes"));
    assert!(first.contains("pub const GC_MS"));

    // A broken definition: exit 1, the report on stderr, the previous output untouched.
    temp.write("Histograms.json", r#"{"X": {"kind": "nope"}}"#);
    let broken = run(&["generate", temp.path().to_str().unwrap(), "--out", out_arg]);
    assert_eq!(code(&broken), 1);
    assert!(String::from_utf8_lossy(&broken.stderr).contains("Histograms.json:1:"));
    assert_eq!(fs::read_to_string(&out).expect("still there"), first);

    // A bad version is a usage error.
    let bad = run(&[
        "generate",
        definitions,
        "--out",
        out_arg,
        "--current-version",
        "x",
    ]);
    assert_eq!(code(&bad), 2);
}
