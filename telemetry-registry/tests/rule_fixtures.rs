//! Every rule of the catalogue has a fixture that fails it and one that passes it:
//! `tests/fixtures/<family>/<name>/{fail,pass}/` hold definition files named as Firefox names
//! them (or, for rules about several files, subdirectories that each hold a set). An optional
//! `options` file (in the rule directory, or in `fail/` or `pass/`) sets `generation=…` and
//! `strict=false`.
//!
//! Policy: a case with a `telemetry-lint.toml` (in `fail/` or `pass/`, else in the rule
//! directory) runs the whole pipeline with that config, and with `baseline.json` as the baseline
//! when one is there too; a case without one runs Firefox's rules only.

use std::fs;
use std::path::{Path, PathBuf};

use codespan_reporting::term::termcolor::ColorChoice;
use telemetry_registry::{
    Baseline, Config, Generation, Inputs, Options, Policy, check, render, rules,
};

fn fixtures_dir() -> PathBuf {
    PathBuf::from("tests/fixtures")
}

fn read_options(dirs: &[&Path]) -> Options {
    let mut options = Options::default();
    for dir in dirs {
        let Ok(text) = fs::read_to_string(dir.join("options")) else {
            continue;
        };
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            match line.split_once('=') {
                Some(("generation", value)) => {
                    options.generation = Generation::parse(value.trim())
                        .unwrap_or_else(|| panic!("{}: unknown generation {value}", dir.display()))
                }
                Some(("strict", value)) => options.strict = value.trim() != "false",
                _ => panic!("{}: unknown option line {line:?}", dir.display()),
            }
        }
    }
    options
}

/// Loads a fixture case. Paths stay relative to the package (tests run there), so rendered
/// file names are the same on every machine.
fn load_case(rule_dir: &Path, case: &str) -> telemetry_registry::Loaded {
    let dir = rule_dir.join(case);
    let options = read_options(&[rule_dir, &dir]);
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.is_dir())
        .collect();
    paths.sort();
    if paths.is_empty() {
        paths.push(dir.clone());
    }
    let inputs = Inputs::discover(&paths).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let policy = policy_for(&[&dir, rule_dir]);
    check(&inputs, &options, policy.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

/// The case's policy: the first directory holding a `telemetry-lint.toml` gives the config
/// (and its `baseline.json`, if any).
fn policy_for(dirs: &[&Path]) -> Option<Policy> {
    let dir = dirs
        .iter()
        .find(|dir| dir.join("telemetry-lint.toml").is_file())?;
    let config = Config::read(&dir.join("telemetry-lint.toml"))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let baseline = fs::read_to_string(dir.join("baseline.json"))
        .ok()
        .map(|text| {
            Baseline::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        });
    Some(Policy {
        config: Some(config),
        current_version: None,
        baseline,
    })
}

/// The rule ids a fixture directory produces.
fn rule_ids(rule_dir: &Path, case: &str) -> Vec<String> {
    load_case(rule_dir, case)
        .diagnostics
        .items
        .iter()
        .map(|d| d.rule.id.to_string())
        .collect()
}

/// The `check` rules: the `diff/` change classes compare two sets and have their cases in
/// `diff_classes.rs`.
fn check_rules() -> impl Iterator<Item = &'static rules::Rule> {
    rules::all().filter(|r| !r.id.starts_with("diff/"))
}

#[test]
fn every_rule_has_a_failing_and_a_passing_fixture() {
    let mut problems = Vec::new();
    for rule in check_rules() {
        let rule_dir = fixtures_dir().join(rule.id);
        if !rule_dir.join("fail").is_dir() || !rule_dir.join("pass").is_dir() {
            problems.push(format!(
                "{}: missing fixture directory fail/ or pass/",
                rule.id
            ));
            continue;
        }
        let failing = rule_ids(&rule_dir, "fail");
        if !failing.iter().any(|id| id == rule.id) {
            problems.push(format!(
                "{}: fail/ does not produce it (got {failing:?})",
                rule.id
            ));
        }
        let passing = rule_ids(&rule_dir, "pass");
        if passing.iter().any(|id| id == rule.id) {
            problems.push(format!("{}: pass/ produces it", rule.id));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_fixture_directory_names_a_rule() {
    for family in fs::read_dir(fixtures_dir()).expect("fixtures dir") {
        let family = family.expect("entry").path();
        if !family.is_dir() {
            continue;
        }
        for rule in fs::read_dir(&family).expect("family dir") {
            let rule = rule.expect("entry").path();
            let id = format!(
                "{}/{}",
                family.file_name().unwrap().to_string_lossy(),
                rule.file_name().unwrap().to_string_lossy()
            );
            assert!(rules::find(&id).is_some(), "fixture {id} names no rule");
        }
    }
}

/// The rustc-style rendering of every failing fixture, snapshotted: the source line, the caret
/// under the value, labels, help and Firefox's verdict.
#[test]
fn human_rendering_of_every_failing_fixture() {
    for rule in check_rules() {
        let rule_dir = fixtures_dir().join(rule.id);
        if !rule_dir.join("fail").is_dir() {
            continue;
        }
        let loaded = load_case(&rule_dir, "fail");
        let rendered = render::human_string(
            &loaded.sources,
            &loaded.diagnostics.items,
            None,
            ColorChoice::Never,
        );
        insta::assert_snapshot!(rule.id.replace('/', "__"), rendered);
    }
}
