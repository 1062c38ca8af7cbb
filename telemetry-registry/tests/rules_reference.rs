//! `docs/rules.md` is the rule reference the default `helpUri` links to: it must equal what
//! `telemetry-lint rules --format markdown` prints, and hold the anchor of every rule.
//! `UPDATE_RULES_REFERENCE=1 cargo test -p telemetry-registry --test rules_reference` rewrites it.

use std::path::PathBuf;

use telemetry_registry::render::{DEFAULT_HELP_URI, Options};
use telemetry_registry::rules::{self, reference};

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/rules.md")
}

#[test]
fn docs_rules_md_is_the_generated_reference() {
    let generated = reference::markdown();
    let path = committed_path();
    if std::env::var_os("UPDATE_RULES_REFERENCE").is_some() {
        std::fs::write(&path, &generated).expect("write docs/rules.md");
    }
    let committed = std::fs::read_to_string(&path).expect("docs/rules.md exists");
    assert!(
        committed == generated,
        "docs/rules.md is stale: run `UPDATE_RULES_REFERENCE=1 cargo test -p telemetry-registry --test rules_reference`"
    );
}

#[test]
fn every_rule_has_its_anchor_and_the_default_help_uri_points_at_it() {
    let text = reference::markdown();
    let options = Options::default();
    assert!(DEFAULT_HELP_URI.contains("docs/rules.md#{anchor}"));
    for rule in rules::all() {
        let anchor = reference::anchor(rule.id);
        assert_eq!(
            text.matches(&format!("<a id=\"{anchor}\"></a>")).count(),
            1,
            "{}",
            rule.id
        );
        assert!(text.contains(&format!("### `{}`", rule.id)));
        assert!(
            text.contains(&format!("(#{anchor})")),
            "{} is in its index",
            rule.id
        );
        assert!(
            options
                .help_uri(rule.id)
                .ends_with(&format!("rules.md#{anchor}"))
        );
    }
    // Anchors are unique: no two ids map to the same one.
    let mut anchors: Vec<String> = rules::all().map(|r| reference::anchor(r.id)).collect();
    let n = anchors.len();
    anchors.sort();
    anchors.dedup();
    assert_eq!(anchors.len(), n);
}
