//! `telemetry-lint check` with team policy: the config, its defaults, suppressions, baselines
//! and the policy flags, run as a user runs them.

mod common;

use std::fs;
use std::process::Output;

use serde_json::Value;

use common::{EMPTY_ALLOWLIST, TempDir, code, definitions, json_stdout, run, stderr, stdout};

/// The rule ids of a `--format json` run, in output order.
fn rules_of(output: &Output) -> Vec<String> {
    json_stdout(output)["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["rule"].as_str().expect("rule").to_string())
        .collect()
}

/// A histogram valid for Firefox, collecting on release and never expiring: two policy
/// findings without a data review in the ledger.
fn histograms(name: &str, bug: u32) -> String {
    format!(
        r#"{{
  "{name}": {{
    "record_in_processes": ["main"],
    "products": ["firefox"],
    "alert_emails": ["team-alerts@example.com"],
    "bug_numbers": [{bug}],
    "expires_in_version": "never",
    "kind": "boolean",
    "releaseChannelCollection": "opt-out",
    "description": "Whether the test task succeeded."
  }}
}}
"#
    )
}

const CONFIG: &str = "current_version = \"140\"\n";

/// A definitions directory with one histogram (and the allowlist).
fn definitions_dir(name: &str) -> TempDir {
    let dir = TempDir::new(name);
    dir.write("Histograms.json", &histograms("TEST_PROBE", 1500000));
    dir.write("histogram-allowlists.json", EMPTY_ALLOWLIST);
    dir
}

#[test]
fn the_sample_definitions_and_config_pass_with_no_findings() {
    let output = run(&["check", "--format", "json", definitions().to_str().unwrap()]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    let document = json_stdout(&output);
    assert_eq!(document["summary"]["errors"], 0);
    assert_eq!(document["summary"]["warnings"], 0, "{}", stdout(&output));
    // The sample config suppresses two findings, with reasons.
    assert_eq!(document["summary"]["suppressed"], 2);
}

#[test]
fn without_a_config_policy_only_warns() {
    let dir = definitions_dir("no-config");
    let output = run(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    let document = json_stdout(&output);
    let rules = rules_of(&output);
    assert!(
        rules.contains(&"data-review/missing".to_string()),
        "{rules:?}"
    );
    assert!(
        rules.contains(&"expiry/never-needs-review".to_string()),
        "{rules:?}"
    );
    assert!(
        document["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["severity"] == "warning")
    );
    // The locations are the offending values.
    let missing = document["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "data-review/missing")
        .unwrap();
    assert_eq!(missing["line"], 9);
    assert_eq!(missing["column"], 33);
    assert_eq!(missing["probe"], "TEST_PROBE");

    // --deny-warnings makes them fail; --exit-zero overrides even that.
    let denied = run(&["check", "--deny-warnings", dir.path().to_str().unwrap()]);
    assert_eq!(code(&denied), 1);
    let zero = run(&[
        "check",
        "--deny-warnings",
        "--exit-zero",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code(&zero), 0);
}

#[test]
fn firefox_only_turns_policy_off() {
    let dir = definitions_dir("firefox-only");
    dir.write("telemetry-lint.toml", CONFIG);
    let output = run(&[
        "check",
        "--firefox-only",
        "--format",
        "json",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    assert!(rules_of(&output).is_empty(), "{}", stdout(&output));
    // It conflicts with the policy options.
    let usage = run(&[
        "check",
        "--firefox-only",
        "--current-version",
        "140",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code(&usage), 2);
}

#[test]
fn a_config_makes_policy_errors_and_is_found_walking_up() {
    let root = TempDir::new("walk-up");
    root.write("telemetry-lint.toml", CONFIG);
    root.write("defs/Histograms.json", &histograms("TEST_PROBE", 1500000));
    root.write("defs/histogram-allowlists.json", EMPTY_ALLOWLIST);
    let output = run(&["check", "--format", "json", &root.arg("defs")]);
    assert_eq!(code(&output), 1, "{}", stdout(&output));
    let document = json_stdout(&output);
    assert_eq!(document["summary"]["errors"], 2, "{}", stdout(&output));

    // --exit-zero reports the errors and exits 0.
    let zero = run(&["check", "--exit-zero", &root.arg("defs")]);
    assert_eq!(code(&zero), 0);
    assert!(stdout(&zero).contains("error[data-review/missing]"));

    // A ledger entry covering the probe, given explicitly with --config.
    let config = root.write(
        "team.toml",
        "current_version = 140\n[[data_review]]\nbug = 1500000\nurl = \"https://bugs.example.com/1500000\"\n\
         collection = \"opt-out\"\nexpires = \"never\"\n",
    );
    let covered = run(&[
        "check",
        "--config",
        config.to_str().unwrap(),
        &root.arg("defs"),
    ]);
    assert_eq!(code(&covered), 0, "{}", stdout(&covered));
}

#[test]
fn a_missing_config_file_exits_2() {
    let dir = definitions_dir("missing-config");
    let output = run(&[
        "check",
        "--config",
        &dir.arg("nope.toml"),
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("nope.toml"), "{}", stderr(&output));
    assert_eq!(stderr(&output).lines().count(), 1);
}

#[test]
fn a_broken_config_is_a_located_diagnostic() {
    let dir = definitions_dir("broken-config");
    dir.write(
        "telemetry-lint.toml",
        "current_version = \"140\"\n[levels]\n\"file/syntax\" = \"allow\"\n[suppress.TEST_PROBE]\n\"histogram/name-pattern\" = \"legacy\"\n",
    );
    let output = run(&["check", "--format", "concise", dir.path().to_str().unwrap()]);
    assert_eq!(code(&output), 1, "{}", stdout(&output));
    let text = stdout(&output);
    assert!(
        text.contains("telemetry-lint.toml:3:17: error[config/invalid]"),
        "{text}"
    );
    assert!(
        text.contains("telemetry-lint.toml:5:1: error[config/invalid]"),
        "{text}"
    );
}

#[test]
fn the_current_version_finds_expired_probes_even_without_a_config() {
    let dir = TempDir::new("expired");
    dir.write(
        "Histograms.json",
        &histograms("TEST_PROBE", 1500000)
            .replace("\"never\"", "\"120\"")
            .replace("opt-out", "opt-in"),
    );
    dir.write("histogram-allowlists.json", EMPTY_ALLOWLIST);
    let output = run(&[
        "check",
        "--current-version",
        "140.0a1",
        "--format",
        "json",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code(&output), 1, "{}", stdout(&output));
    let document = json_stdout(&output);
    let expired = &document["diagnostics"][0];
    assert_eq!(expired["rule"], "expiry/expired");
    assert_eq!(expired["severity"], "error");
    assert_eq!(expired["line"], 7);
    let before = run(&[
        "check",
        "--current-version",
        "119",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code(&before), 0, "{}", stdout(&before));
    let bad = run(&[
        "check",
        "--current-version",
        "soon",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code(&bad), 2);
}

#[test]
fn statistics_count_findings_per_rule() {
    let dir = definitions_dir("statistics");
    let human = run(&["check", "--statistics", dir.path().to_str().unwrap()]);
    assert_eq!(code(&human), 0);
    let text = stdout(&human);
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with("1  data-review/missing")),
        "{text}"
    );
    assert!(
        !text.contains("-->"),
        "statistics replace the reports: {text}"
    );
    let output = run(&[
        "check",
        "--statistics",
        "--format",
        "json",
        dir.path().to_str().unwrap(),
    ]);
    let document = json_stdout(&output);
    let statistics = document["statistics"].as_array().expect("statistics");
    assert!(statistics.iter().any(|s| s["rule"] == "data-review/missing"
        && s["count"] == 1
        && s["severity"] == "warning"));
}

#[test]
fn baselines_hide_known_findings_and_report_new_ones() {
    let dir = definitions_dir("baseline");
    dir.write("telemetry-lint.toml", CONFIG);
    let baseline = dir.arg("baseline.json");
    let defs = dir.path().to_str().unwrap().to_string();

    // No baseline file yet: a usage error, with a hint.
    let missing = run(&["check", "--baseline", &baseline, &defs]);
    assert_eq!(code(&missing), 2);
    assert!(
        stderr(&missing).contains("--write-baseline"),
        "{}",
        stderr(&missing)
    );

    // Record today's findings: they are hidden at once.
    let written = run(&["check", "--baseline", &baseline, "--write-baseline", &defs]);
    assert_eq!(code(&written), 0, "{}", stdout(&written));
    assert!(
        stderr(&written).contains("recorded 2 findings"),
        "{}",
        stderr(&written)
    );
    let recorded: Value =
        serde_json::from_str(&fs::read_to_string(&baseline).unwrap()).expect("baseline JSON");
    assert_eq!(recorded["version"], 1);
    assert_eq!(recorded["findings"].as_array().unwrap().len(), 2);

    // The same findings, moved to other lines, stay hidden.
    let moved = histograms("TEST_PROBE", 1500000).replacen("{\n", "{\n\n\n", 1);
    dir.write("Histograms.json", &moved);
    let again = run(&["check", "--baseline", &baseline, "--format", "json", &defs]);
    assert_eq!(code(&again), 0, "{}", stdout(&again));
    assert_eq!(json_stdout(&again)["summary"]["baselined"], 2);

    // A new probe brings new findings: only those are reported.
    let two = moved.replacen(
        "{\n",
        &format!(
            "{{\n{},\n",
            histograms("NEW_PROBE", 1500001)
                .trim()
                .trim_start_matches('{')
                .trim_end_matches('}')
                .trim()
        ),
        1,
    );
    dir.write("Histograms.json", &two);
    let new = run(&["check", "--baseline", &baseline, "--format", "json", &defs]);
    assert_eq!(code(&new), 1, "{}", stdout(&new));
    let document = json_stdout(&new);
    let probes: Vec<&str> = document["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["probe"].as_str().unwrap())
        .collect();
    assert_eq!(probes, ["NEW_PROBE", "NEW_PROBE"], "{}", stdout(&new));

    // A malformed baseline is a usage error, not a panic.
    dir.write("baseline.json", "{\"version\": 7, \"findings\": []}");
    let bad = run(&["check", "--baseline", &baseline, &defs]);
    assert_eq!(code(&bad), 2);
    assert!(stderr(&bad).contains("version 7"), "{}", stderr(&bad));
}

#[test]
fn baselines_record_the_allowlist_so_it_can_only_shrink() {
    let dir = definitions_dir("allowlist");
    dir.write("telemetry-lint.toml", CONFIG);
    let baseline = dir.arg("baseline.json");
    let defs = dir.path().to_str().unwrap().to_string();
    let written = run(&["check", "--baseline", &baseline, "--write-baseline", &defs]);
    assert_eq!(code(&written), 0, "{}", stdout(&written));
    dir.write(
        "histogram-allowlists.json",
        &EMPTY_ALLOWLIST.replace("\"n_buckets\": []", "\"n_buckets\": [\"TEST_PROBE\"]"),
    );
    let grown = run(&["check", "--baseline", &baseline, "--format", "json", &defs]);
    assert_eq!(code(&grown), 1, "{}", stdout(&grown));
    assert_eq!(rules_of(&grown), ["hygiene/allowlist-grew"]);
}

#[test]
fn suppressions_hide_one_rule_for_one_probe_and_stale_ones_are_reported() {
    let dir = definitions_dir("suppress");
    dir.write(
        "telemetry-lint.toml",
        "current_version = \"140\"\n\
         [suppress.TEST_PROBE]\n\
         \"data-review/missing\" = \"review pending in bug 1500000\"\n\
         \"expiry/never-needs-review\" = \"permanent health metric\"\n\
         \"hygiene/unit-hint\" = \"stale\"\n\
         [suppress.GONE_PROBE]\n\
         \"hygiene/description\" = \"removed probe\"\n\
         [suppress.OTHER]\n\
         \"hygiene/typo\" = \"unknown rule\"\n",
    );
    let output = run(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    let document = json_stdout(&output);
    assert_eq!(document["summary"]["suppressed"], 2);
    let rules = rules_of(&output);
    assert_eq!(
        rules,
        [
            "config/unused-suppression",
            "config/unused-suppression",
            "config/unknown-rule",
        ],
        "{}",
        stdout(&output)
    );
    // Warnings only: exit 0.
    assert_eq!(code(&output), 0);
}

#[test]
fn levels_set_severities_and_the_config_selects_the_generation() {
    let dir = definitions_dir("levels");
    dir.write(
        "telemetry-lint.toml",
        "rules = \"2020\"\n[levels]\n\"data-review/missing\" = \"allow\"\n\"expiry/*\" = \"warn\"\n",
    );
    // `flag` is a kind in the 2020 generation only (allowlisted, as `count`).
    dir.write(
        "histogram-allowlists.json",
        &EMPTY_ALLOWLIST.replace("\"kind\": []", "\"kind\": [\"TEST_PROBE\"]"),
    );
    dir.write(
        "Histograms.json",
        &histograms("TEST_PROBE", 1500000).replace("boolean", "flag"),
    );
    let output = run(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    assert_eq!(rules_of(&output), ["expiry/never-needs-review"]);
    assert_eq!(
        json_stdout(&output)["diagnostics"][0]["severity"],
        "warning"
    );
    // --rules on the command line wins over the config.
    let esr = run(&[
        "check",
        "--rules",
        "esr140",
        "--format",
        "json",
        dir.path().to_str().unwrap(),
    ]);
    assert!(rules_of(&esr).contains(&"histogram/unknown-kind".to_string()));
}

#[test]
fn explain_and_rules_cover_policy() {
    let output = run(&["explain", "data-review/exceeded"]);
    assert_eq!(code(&output), 0);
    assert!(stdout(&output).contains("Firefox:  accepted"));
    let rules = stdout(&run(&["rules"]));
    for id in [
        "expiry/expired",
        "bugs/implausible",
        "email/invalid",
        "data-review/missing",
        "hygiene/url-extra-key",
        "config/unused-suppression",
    ] {
        assert!(rules.contains(id), "{id}");
    }
}

#[test]
fn the_config_beside_head_sets_diff_severities() {
    let base = definitions_dir("diff-base");
    let head = TempDir::new("diff-head");
    // A different probe (not a rename: another name and description).
    head.write(
        "Histograms.json",
        &histograms("UNRELATED_COUNTER", 1500001).replace("test task", "other job"),
    );
    head.write("histogram-allowlists.json", EMPTY_ALLOWLIST);
    let args = |dir: &TempDir| dir.path().to_str().unwrap().to_string();
    let strict = run(&["diff", &args(&base), &args(&head), "--format", "json"]);
    assert_eq!(code(&strict), 1, "{}", stdout(&strict));
    head.write(
        "telemetry-lint.toml",
        "[diff]\n\"diff/removed\" = \"warning\"\n\"diff/added\" = \"off\"\n",
    );
    let relaxed = run(&["diff", &args(&base), &args(&head), "--format", "json"]);
    assert_eq!(code(&relaxed), 0, "{}", stdout(&relaxed));
    let document = json_stdout(&relaxed);
    let severities: Vec<(&str, &str)> = document["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["rule"].as_str().unwrap(), d["severity"].as_str().unwrap()))
        .collect();
    assert_eq!(
        severities,
        [("diff/removed", "warning")],
        "{}",
        stdout(&relaxed)
    );
    // --severity still wins.
    let flag = run(&[
        "diff",
        &args(&base),
        &args(&head),
        "--severity",
        "diff/removed=error",
    ]);
    assert_eq!(code(&flag), 1);
}
