//! The real Firefox definition files of three generations as the conformance corpus.

use std::collections::HashMap;
use std::path::Path;

use telemetry_registry::{FirefoxVerdict, Generation, Inputs, Loaded, Options, load};
use workspace_tests::{CORPUS_SETS, corpus_dir, error_lines, reference_diagnostics};

fn load_set(dir: &Path, generation: Generation, strict: bool) -> Loaded {
    let inputs = Inputs::discover(&[dir.to_path_buf()]).expect("corpus inputs");
    load(&inputs, &Options { generation, strict }).expect("corpus loads")
}

#[test]
fn modern_set_is_clean_in_strict_mode_with_exact_counts() {
    let Some(corpus) = corpus_dir() else { return };
    let loaded = load_set(&corpus.join("firefox-modern"), Generation::Esr140, true);
    assert_eq!(error_lines(&loaded, &[]), Vec::<String>::new());
    // Firefox's own file carries two quirks Firefox silently accepts; we warn about them and
    // about nothing else: four histograms, two rules.
    let mut warnings: Vec<(String, String)> = loaded
        .diagnostics
        .items
        .iter()
        .map(|d| (d.rule.id.to_string(), d.probe.clone().unwrap_or_default()))
        .collect();
    warnings.sort();
    let line = |rule: &str, probe: &str| (rule.to_string(), probe.to_string());
    let email = "histogram/email-separator";
    let string_list = "histogram/string-as-list";
    assert_eq!(
        warnings,
        vec![
            line(email, "URLCLASSIFIER_THREATHIT_NETWORK_ERROR"),
            line(email, "URLCLASSIFIER_THREATHIT_REMOTE_STATUS"),
            line(string_list, "BROWSER_BACKUP_COMPRESSED_ARCHIVE_SIZE"),
            line(string_list, "BROWSER_BACKUP_TOTAL_BACKUP_SIZE"),
        ]
    );
    assert_eq!(loaded.registry.histograms.len(), 1101);
    assert_eq!(loaded.registry.scalars.len(), 401);
    assert_eq!(loaded.registry.events.len(), 204);
    let combinations: usize = loaded
        .registry
        .events
        .iter()
        .map(|e| e.methods.len() * e.objects.len())
        .sum();
    assert_eq!(combinations, 733);
    let keyed = loaded
        .registry
        .histograms
        .iter()
        .filter(|h| h.keyed)
        .count();
    assert_eq!(keyed, 153);
}

#[test]
fn modern_set_is_clean_in_non_strict_mode() {
    let Some(corpus) = corpus_dir() else { return };
    let loaded = load_set(&corpus.join("firefox-modern"), Generation::Esr140, false);
    assert_eq!(error_lines(&loaded, &[]), Vec::<String>::new());
}

#[test]
fn older_sets_are_clean_under_their_own_generation() {
    let Some(corpus) = corpus_dir() else { return };
    for (set, generation, counts) in [
        ("firefox-2020", Generation::Firefox76, (1448, 250, 99)),
        ("firefox-legacy", Generation::Legacy2017, (1557, 46, 10)),
    ] {
        let loaded = load_set(&corpus.join(set), generation, true);
        let errors = error_lines(&loaded, &[]);
        assert!(
            errors.is_empty(),
            "{set}: {} errors:\n{}",
            errors.len(),
            errors.join("\n")
        );
        let registry = &loaded.registry;
        assert_eq!(
            (
                registry.histograms.len(),
                registry.scalars.len(),
                registry.events.len()
            ),
            counts,
            "{set}"
        );
    }
}

#[test]
fn bucket_layouts_match_firefox_for_every_corpus_histogram() {
    let Some(corpus) = corpus_dir() else { return };
    let mut compared = 0;
    for (set, generation) in [
        ("firefox-modern", Generation::Esr140),
        ("firefox-2020", Generation::Firefox76),
        ("firefox-legacy", Generation::Legacy2017),
    ] {
        let dir = corpus.join(set);
        let expected: serde_json::Map<String, serde_json::Value> = serde_json::from_str(
            &std::fs::read_to_string(dir.join("expected-buckets.json")).expect("read"),
        )
        .expect("expected-buckets.json");
        let loaded = load_set(&dir, generation, false);
        // Through `resolve`, exactly what `telemetry-lint resolve --format json` prints.
        let resolved = telemetry_registry::resolve::resolve(&loaded.registry, &loaded.sources);
        let ours: HashMap<&str, Vec<i64>> = resolved["histograms"]
            .as_object()
            .expect("histograms")
            .iter()
            .map(|(name, h)| {
                let buckets = h["buckets"].as_array().expect("buckets computed");
                let buckets = buckets.iter().map(|b| b.as_i64().expect("int")).collect();
                (name.as_str(), buckets)
            })
            .collect();
        assert_eq!(ours.len(), expected.len(), "{set}: histogram count");
        for (name, bounds) in &expected {
            let want: Vec<i64> = bounds
                .as_array()
                .expect("array")
                .iter()
                .map(|v| v.as_i64().expect("int"))
                .collect();
            assert_eq!(ours.get(name.as_str()), Some(&want), "{set}: {name}");
            compared += 1;
        }
    }
    assert_eq!(compared, 4106);
}

/// Under ESR 140 rules, the older sets give, per histogram, exactly the messages Firefox's ESR 140
/// parser prints (up to its first fatal error, where it stops).
#[test]
fn esr140_diagnostics_match_the_reference_per_histogram() {
    let Some(corpus) = corpus_dir() else { return };
    for set in CORPUS_SETS {
        let dir = corpus.join(set);
        let reference = reference_diagnostics(&dir);
        let loaded = load_set(&dir, Generation::Esr140, true);
        let mut ours: HashMap<&str, Vec<String>> = HashMap::new();
        let mut stopped: HashMap<&str, bool> = HashMap::new();
        let histogram_names: std::collections::HashSet<&str> = loaded
            .registry
            .histograms
            .iter()
            .map(|h| h.name.value.as_str())
            .collect();
        for diagnostic in &loaded.diagnostics.items {
            let Some(probe) = diagnostic.probe.as_deref() else {
                continue;
            };
            if !diagnostic.rule.id.starts_with("histogram/")
                && !diagnostic.rule.id.starts_with("allowlist/not-needed")
            {
                continue;
            }
            if !matches!(
                diagnostic.firefox,
                FirefoxVerdict::Deferred | FirefoxVerdict::Fatal
            ) {
                continue;
            }
            if stopped.get(probe).copied().unwrap_or(false) {
                continue;
            }
            let Some(message) = &diagnostic.firefox_message else {
                continue;
            };
            let lines = ours.entry(probe).or_default();
            lines.extend(
                message
                    .lines()
                    .filter(|l| !l.starts_with("https://"))
                    .map(str::to_string),
            );
            if diagnostic.firefox == FirefoxVerdict::Fatal {
                stopped.insert(probe, true);
            }
        }
        let expected = reference["per_histogram_strict"]
            .as_object()
            .expect("object");
        let mut mismatches = Vec::new();
        for (name, messages) in expected {
            let want: Vec<String> = messages
                .as_array()
                .expect("array")
                .iter()
                .filter_map(|m| m.as_str())
                .filter(|m| !m.starts_with("https://") && !m.starts_with("<fatal"))
                .map(str::to_string)
                .collect();
            let got = ours.remove(name.as_str()).unwrap_or_default();
            if got != want {
                mismatches.push(format!("{name}:\n  want {want:?}\n  got  {got:?}"));
            }
        }
        for (name, got) in ours {
            if histogram_names.contains(name) {
                mismatches.push(format!("{name}: unexpected {got:?}"));
            }
        }
        assert!(
            mismatches.is_empty(),
            "{set}: {} mismatches, first ones:\n{}",
            mismatches.len(),
            mismatches
                .iter()
                .take(10)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}
