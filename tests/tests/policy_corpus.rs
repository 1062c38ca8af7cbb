//! Team policy on the modern corpus (Firefox ESR 140) at version 140, without a config (every
//! policy rule as a warning) and with the default horizons: the findings are the real ones,
//! each at the offending value.

use std::collections::BTreeMap;

use telemetry_registry::model::Collection;
use telemetry_registry::{Inputs, Loaded, Options, Policy, Severity, check};
use workspace_tests::corpus_dir;

fn modern_with_policy() -> Option<Loaded> {
    let dir = corpus_dir()?.join("firefox-modern");
    let inputs = Inputs::discover(&[dir]).expect("corpus files");
    let policy = Policy {
        config: None,
        current_version: Some(140),
        baseline: None,
    };
    Some(check(&inputs, &Options::default(), Some(&policy)).expect("corpus loads"))
}

/// `NAME`/`category.name` → (expiry text, opt-out) for every non-test probe.
fn probes(loaded: &Loaded) -> BTreeMap<String, (Option<String>, bool)> {
    let registry = &loaded.registry;
    let mut out = BTreeMap::new();
    for h in registry.histograms.iter().filter(|h| !h.is_test_probe()) {
        out.insert(
            h.name.value.clone(),
            (
                h.expires.as_ref().map(|e| e.raw.value.clone()),
                h.collection.value == Collection::OptOut,
            ),
        );
    }
    for s in registry.scalars.iter().filter(|s| !s.is_test_probe()) {
        out.insert(
            s.label(),
            (
                s.expires.as_ref().map(|e| e.raw.value.clone()),
                s.collection.value == Collection::OptOut,
            ),
        );
    }
    for e in registry.events.iter().filter(|e| !e.is_test_probe()) {
        out.insert(
            format!("{}.{}", e.category.value, e.name.value),
            (
                e.expires.as_ref().map(|x| x.raw.value.clone()),
                e.collection.value == Collection::OptOut,
            ),
        );
    }
    out
}

fn findings<'a>(loaded: &'a Loaded, rule: &str) -> Vec<&'a telemetry_registry::Diagnostic> {
    loaded
        .diagnostics
        .items
        .iter()
        .filter(|d| d.rule.id == rule)
        .collect()
}

#[test]
fn expiry_and_data_review_findings_are_the_real_ones_at_the_values() {
    let Some(loaded) = modern_with_policy() else {
        return;
    };
    let probes = probes(&loaded);
    let major = |e: &str| e.parse::<u64>().ok();

    // Firefox's build rules find nothing; policy only warns (no config), except an expired
    // probe: with an explicit version it is an error. No real probe has expired at 140 (the
    // corpus's TELEMETRY_TEST_EXPIRED* and telemetry.test probes are exempt).
    assert!(findings(&loaded, "expiry/expired").is_empty());
    assert!(
        loaded
            .diagnostics
            .items
            .iter()
            .all(|d| d.severity == Severity::Warning),
        "{:?}",
        loaded.diagnostics.items.iter().find(|d| d.is_error())
    );

    let soon: Vec<&str> = probes
        .iter()
        .filter(|(_, (e, _))| e.as_deref().and_then(major).is_some_and(|m| m <= 142))
        .map(|(name, _)| name.as_str())
        .collect();
    let mut reported: Vec<&str> = findings(&loaded, "expiry/expires-soon")
        .iter()
        .map(|d| d.probe.as_deref().unwrap())
        .collect();
    reported.sort();
    assert_eq!(reported, soon);
    assert!(!soon.is_empty());

    // Past the 6-version horizon (146) with no review in the (empty) ledger.
    let beyond = probes
        .values()
        .filter(|(e, _)| e.as_deref().and_then(major).is_some_and(|m| m > 146))
        .count();
    assert_eq!(findings(&loaded, "expiry/beyond-horizon").len(), beyond);

    let never = probes
        .values()
        .filter(|(e, _)| e.as_deref() == Some("never"))
        .count();
    assert_eq!(findings(&loaded, "expiry/never-needs-review").len(), never);

    let opt_out = probes.values().filter(|(_, out)| *out).count();
    assert_eq!(findings(&loaded, "data-review/missing").len(), opt_out);
    assert!(opt_out > 1000, "{opt_out}");

    // Each finding points at the value it is about.
    let text = |d: &telemetry_registry::Diagnostic| loaded.sources.text(d.span.expect("span"));
    for d in findings(&loaded, "data-review/missing") {
        assert_eq!(text(d).trim_matches(['"', '\'']), "opt-out", "{d:?}");
    }
    for rule in [
        "expiry/expires-soon",
        "expiry/beyond-horizon",
        "expiry/never-needs-review",
    ] {
        for d in findings(&loaded, rule) {
            let probe = d.probe.as_deref().unwrap();
            let expiry = probes[probe].0.as_deref().unwrap();
            assert_eq!(text(d).trim_matches(['"', '\'']), expiry, "{d:?}");
        }
    }
}

#[test]
fn bug_and_email_findings_on_the_corpus() {
    let Some(loaded) = modern_with_policy() else {
        return;
    };
    // The placeholder bug number of the corpus.
    let implausible = findings(&loaded, "bugs/implausible");
    assert_eq!(implausible.len(), 1);
    assert_eq!(
        loaded.sources.text(implausible[0].span.unwrap()),
        "12345678"
    );
    // Two histograms give their one address as a bare string, which Firefox reads as a list
    // of characters: judged once, as written, it is a valid address and no duplicate.
    assert!(findings(&loaded, "email/duplicate").is_empty());
    assert_eq!(findings(&loaded, "histogram/string-as-list").len(), 2);
    // The comma-separated e-mails are reported once, by Firefox's own quirk rule.
    assert!(findings(&loaded, "email/invalid").is_empty());
    assert_eq!(findings(&loaded, "histogram/email-separator").len(), 2);
}
