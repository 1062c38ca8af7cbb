//! Snapshots of the Markdown section of one probe of every kind: each histogram kind (the
//! sample `definitions/`, plus a `flag` histogram under the 2020 rules and a 2017 `cpp_guard`),
//! each scalar kind (keyed with declared keys, keyed with open keys, string, boolean) and
//! events, and one probe with lint findings.

use std::path::Path;

use telemetry_registry::docs::{Catalog, DocsOptions, markdown};
use telemetry_registry::load::{InputKind, InputText};
use telemetry_registry::{Generation, Loaded, Options, load_sources};

fn definitions() -> Loaded {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../definitions");
    let texts = [
        (InputKind::Histograms, "Histograms.json"),
        (InputKind::Scalars, "Scalars.yaml"),
        (InputKind::Events, "Events.yaml"),
        (InputKind::Allowlist, "histogram-allowlists.json"),
    ]
    .into_iter()
    .map(|(kind, name)| {
        let bytes = std::fs::read(dir.join(name)).expect("read definitions");
        // A relative path, so snapshots do not depend on where the repository is.
        InputText::new(kind, format!("definitions/{name}"), bytes)
    })
    .collect();
    load_sources(texts, &Options::default())
}

/// A `Histograms.json` text checked in strict mode under `generation`'s rules.
fn strict_histograms(text: &str, generation: Generation) -> Loaded {
    load_sources(
        vec![InputText::new(
            InputKind::Histograms,
            "Histograms.json",
            text,
        )],
        &Options {
            generation,
            strict: true,
        },
    )
}

fn options() -> DocsOptions {
    DocsOptions {
        current_version: Some(140),
        ..DocsOptions::default()
    }
}

fn section(loaded: &Loaded, id: &str) -> String {
    let options = options();
    let catalog = Catalog::new(loaded, &options);
    let probe = catalog
        .probes
        .iter()
        .find(|p| p.id == id)
        .unwrap_or_else(|| panic!("no probe {id}"));
    markdown::probe_section(&catalog, probe)
}

#[test]
fn every_sample_probe_kind() {
    let loaded = definitions();
    assert_eq!(loaded.diagnostics.items.len(), 0, "the samples are clean");
    for (snapshot, id) in [
        ("histogram_exponential", "TELEMETRY_TUTORIAL_PROBE"),
        (
            "histogram_exponential_keyed_declared_keys",
            "GFX_COMPOSITOR_INIT_MS",
        ),
        ("histogram_boolean", "STARTUP_CRASH_DETECTED"),
        ("histogram_enumerated", "HTTP_RESPONSE_VERSION"),
        ("histogram_categorical", "DEVICE_RESET_REASON"),
        ("histogram_linear", "PAGE_SCROLL_PERCENT"),
        ("histogram_count_keyed", "SEARCH_COUNTS"),
        ("scalar_uint_keyed_open_keys", "normandy.recipe_freshness"),
        ("scalar_uint_keyed_declared_keys", "normandy.uptake_runner"),
        ("scalar_uint", "normandy.uptake_recipe_count"),
        ("scalar_string", "normandy.last_recipe_slug"),
        ("scalar_boolean", "normandy.studies_enabled"),
        ("event_objects_and_extra_keys", "normandy.enroll"),
        ("event_explicit_method", "normandy.enroll_failed"),
    ] {
        insta::assert_snapshot!(snapshot, section(&loaded, id));
    }
}

#[test]
fn flag_histograms_of_the_2020_rules() {
    let text = r#"{
  "A11Y_INSTANTIATED_FLAG": {
    "record_in_processes": ["main", "content"],
    "products": ["firefox", "geckoview"],
    "alert_emails": ["a11y@example.com"],
    "bug_numbers": [1000301],
    "expires_in_version": "142",
    "kind": "flag",
    "description": "Has accessibility support been instantiated? See bug 1000301 and https://wiki.example.org/A11y."
  }
}"#;
    let loaded = strict_histograms(text, Generation::Firefox76);
    insta::assert_snapshot!(
        "histogram_flag_2020",
        section(&loaded, "A11Y_INSTANTIATED_FLAG")
    );
}

#[test]
fn findings_and_legacy_fields() {
    let text = r#"{
  "LEGACY_GUARDED_MS": {
    "alert_emails": ["legacy@example.com"],
    "expires_in_version": "130",
    "kind": "linear",
    "high": 2,
    "n_buckets": 2,
    "cpp_guard": "XP_WIN",
    "description": "A 2017 histogram with a C++ guard and a broken layout:\n\nthe second paragraph."
  }
}"#;
    let loaded = strict_histograms(text, Generation::Legacy2017);
    insta::assert_snapshot!(
        "histogram_linear_2017_with_findings",
        section(&loaded, "LEGACY_GUARDED_MS")
    );
}
