//! Histogram rules on small in-memory inputs: the cases Firefox's own parser tests check
//! (rules.md §7, items 1–18, restated), the distinct triggers of the rules that have several,
//! and where the diagnostics point.

use serde_json::{Map, Value, json};
use telemetry_registry::load::{InputKind, InputText};
use telemetry_registry::model::HistogramKind;
use telemetry_registry::{FirefoxVerdict, Generation, Loaded, Options, Severity, load_sources};

const NAME: &str = "TELEMETRY_TEST_HISTOGRAM";

/// A minimal valid histogram: boolean, main process, one alert e-mail, one bug, never expiring,
/// products firefox.
fn base() -> Map<String, Value> {
    let Value::Object(map) = json!({
        "record_in_processes": ["main"],
        "products": ["firefox"],
        "alert_emails": ["telemetry-client-dev@mozilla.com"],
        "bug_numbers": [1234567],
        "expires_in_version": "never",
        "kind": "boolean",
        "description": "A test histogram."
    }) else {
        unreachable!()
    };
    map
}

/// `base()` with fields replaced (`null` in `changes` removes the field).
fn with(changes: Value) -> Map<String, Value> {
    let mut map = base();
    for (field, value) in changes.as_object().expect("an object of changes") {
        if value.is_null() {
            map.remove(field);
        } else {
            map.insert(field.clone(), value.clone());
        }
    }
    map
}

/// The allowlist file with the five lists, `lists` filling some of them.
fn allowlist(lists: Value) -> Value {
    let mut map = json!({
        "alert_emails": [], "bug_numbers": [], "n_buckets": [], "expiry_default": [], "kind": []
    });
    for (list, names) in lists.as_object().expect("an object of lists") {
        map[list] = names.clone();
    }
    map
}

fn strict() -> Options {
    Options::default()
}

fn non_strict() -> Options {
    Options {
        strict: false,
        ..Options::default()
    }
}

/// Loads `Histograms.json` text (and an allowlist, when given).
fn load_text(histograms: &str, allowlist: Option<&Value>, options: &Options) -> Loaded {
    let mut texts = vec![InputText::new(
        InputKind::Histograms,
        "Histograms.json",
        histograms.as_bytes(),
    )];
    if let Some(allowlist) = allowlist {
        texts.push(InputText::new(
            InputKind::Allowlist,
            "histogram-allowlists.json",
            serde_json::to_string_pretty(allowlist).unwrap(),
        ));
    }
    load_sources(texts, options)
}

/// Loads one histogram named [`NAME`] with an allowlist (empty unless given).
fn load_one(definition: Map<String, Value>, allowlist: Value, options: &Options) -> Loaded {
    let file = serde_json::to_string_pretty(&json!({ NAME: definition })).unwrap();
    load_text(&file, Some(&allowlist), options)
}

fn ids(loaded: &Loaded) -> Vec<&'static str> {
    loaded.diagnostics.items.iter().map(|d| d.rule.id).collect()
}

/// The rule ids of one histogram, strict, with an empty allowlist.
fn strict_ids(definition: Map<String, Value>) -> Vec<&'static str> {
    ids(&load_one(definition, allowlist(json!({})), &strict()))
}

#[track_caller]
fn assert_clean(loaded: &Loaded) {
    assert!(
        loaded.diagnostics.items.is_empty(),
        "expected no diagnostics, got {:#?}",
        loaded.diagnostics.items
    );
}

#[track_caller]
fn assert_only(loaded: &Loaded, expected: &[&str]) {
    let mut got = ids(loaded);
    got.sort_unstable();
    got.dedup();
    let mut expected = expected.to_vec();
    expected.sort_unstable();
    assert_eq!(got, expected, "{:#?}", loaded.diagnostics.items);
}

/// The 1-based (line, column) where the first diagnostic of `rule` starts.
#[track_caller]
fn position(loaded: &Loaded, rule: &str) -> (usize, usize) {
    let diagnostic = loaded
        .diagnostics
        .items
        .iter()
        .find(|d| d.rule.id == rule)
        .unwrap_or_else(|| panic!("no {rule} in {:#?}", loaded.diagnostics.items));
    let span = diagnostic.span.expect("a located diagnostic");
    let at = loaded.sources.line_col(span).expect("a known file");
    (at.line, at.column)
}

// Firefox's tests, strict mode (rules.md §7, items 1–14).

#[test]
fn ff01_minimal_histogram_loads_with_all_processes_and_the_main_store() {
    let loaded = load_one(base(), allowlist(json!({})), &strict());
    assert_clean(&loaded);
    let histogram = &loaded.registry.histograms[0];
    assert_eq!(histogram.name.value, NAME);
    let stores: Vec<&str> = histogram
        .record_into_store
        .iter()
        .map(|s| s.value.as_str())
        .collect();
    assert_eq!(stores, ["main"]);

    let processes = json!({ "record_in_processes": ["main", "content", "socket", "utility"] });
    let loaded = load_one(with(processes), allowlist(json!({})), &strict());
    assert_clean(&loaded);
    assert_eq!(loaded.registry.histograms[0].record_in_processes.len(), 4);
}

#[test]
fn ff02_missing_bug_numbers_unless_allowlisted() {
    let definition = with(json!({ "bug_numbers": null }));
    assert_eq!(
        strict_ids(definition.clone()),
        ["histogram/missing-bug-numbers"]
    );
    let listed = allowlist(json!({ "bug_numbers": [NAME] }));
    assert_clean(&load_one(definition, listed, &strict()));
}

#[test]
fn ff03_missing_alert_emails_unless_allowlisted() {
    let definition = with(json!({ "alert_emails": null }));
    assert_eq!(
        strict_ids(definition.clone()),
        ["histogram/missing-alert-emails"]
    );
    let listed = allowlist(json!({ "alert_emails": [NAME] }));
    assert_clean(&load_one(definition, listed, &strict()));
}

#[test]
fn ff04_high_of_2_pow_64_fails_the_int_max_check() {
    let text = format!(
        r#"{{"{NAME}": {{"record_in_processes": ["main"], "products": ["firefox"],
            "alert_emails": ["a@example.com"], "bug_numbers": [1], "expires_in_version": "never",
            "kind": "exponential", "high": 18446744073709551616, "n_buckets": 50,
            "description": "Too high."}}}}"#
    );
    let loaded = load_text(&text, Some(&allowlist(json!({}))), &strict());
    assert!(
        ids(&loaded).contains(&"histogram/high-int-max"),
        "{:#?}",
        loaded.diagnostics.items
    );
}

#[test]
fn ff05_200_buckets_need_the_n_buckets_allowlist() {
    let definition = with(json!({
        "kind": "exponential", "low": 1024, "high": 16777216, "n_buckets": 200
    }));
    assert_eq!(
        strict_ids(definition.clone()),
        ["histogram/too-many-buckets"]
    );
    let listed = allowlist(json!({ "n_buckets": [NAME] }));
    let loaded = load_one(definition, listed, &strict());
    assert_clean(&loaded);
    assert_eq!(
        loaded.registry.histograms[0].parameters(),
        (1024, 16777216, 200)
    );
}

#[test]
fn ff06_default_expiry_needs_the_expiry_default_allowlist() {
    let definition = with(json!({ "expires_in_version": "default" }));
    assert_eq!(strict_ids(definition.clone()), ["histogram/expiry-default"]);
    let listed = allowlist(json!({ "expiry_default": [NAME] }));
    let loaded = load_one(definition, listed, &strict());
    assert_clean(&loaded);
    let expires = loaded.registry.histograms[0].expires.as_ref().unwrap();
    assert_eq!(expires.normalized, "default");
}

#[test]
fn ff07_count_kind_is_fatal_unless_allowlisted() {
    let definition = with(json!({ "kind": "count", "releaseChannelCollection": "opt-out" }));
    let loaded = load_one(definition.clone(), allowlist(json!({})), &strict());
    assert_only(&loaded, &["histogram/kind-not-allowlisted"]);
    assert_eq!(loaded.diagnostics.items[0].firefox, FirefoxVerdict::Fatal);
    let listed = allowlist(json!({ "kind": [NAME] }));
    assert_clean(&load_one(definition, listed, &strict()));
}

#[test]
fn ff08_flag_kind_is_fatal_even_when_allowlisted() {
    let definition = with(json!({ "kind": "flag" }));
    let listed = allowlist(json!({ "kind": [NAME] }));
    let loaded = load_one(definition, listed, &strict());
    assert_only(&loaded, &["histogram/unknown-kind"]);
    assert_eq!(loaded.diagnostics.items[0].firefox, FirefoxVerdict::Fatal);
    assert!(loaded.registry.histograms.is_empty());
}

#[test]
fn ff09_stores_are_kept_as_given() {
    let loaded = load_one(
        with(json!({ "record_into_store": ["main", "sync"] })),
        allowlist(json!({})),
        &strict(),
    );
    assert_clean(&loaded);
    let stores: Vec<&str> = loaded.registry.histograms[0]
        .record_into_store
        .iter()
        .map(|s| s.value.as_str())
        .collect();
    assert_eq!(stores, ["main", "sync"]);
}

#[test]
fn ff10_empty_store_list_is_an_error() {
    assert_eq!(
        strict_ids(with(json!({ "record_into_store": [] }))),
        ["histogram/empty-stores"]
    );
}

#[test]
fn ff11_missing_products_is_fatal() {
    let loaded = load_one(
        with(json!({ "products": null })),
        allowlist(json!({})),
        &strict(),
    );
    assert_only(&loaded, &["histogram/missing-products"]);
    assert_eq!(loaded.diagnostics.items[0].firefox, FirefoxVerdict::Fatal);
}

#[test]
fn ff12_empty_products_is_fatal() {
    let loaded = load_one(
        with(json!({ "products": [] })),
        allowlist(json!({})),
        &strict(),
    );
    assert_only(&loaded, &["histogram/missing-products"]);
    assert_eq!(loaded.diagnostics.items[0].firefox, FirefoxVerdict::Fatal);
}

#[test]
fn ff13_product_all_is_unknown() {
    assert_eq!(
        strict_ids(with(json!({ "products": ["all"] }))),
        ["histogram/unknown-product"]
    );
}

#[test]
fn ff14_enumerated_with_100_values_needs_no_allowlist() {
    let loaded = load_one(
        with(json!({ "kind": "enumerated", "n_values": 100 })),
        allowlist(json!({})),
        &strict(),
    );
    assert_clean(&loaded);
    let histogram = &loaded.registry.histograms[0];
    assert_eq!(histogram.parameters(), (1, 100, 101));
    assert_eq!(histogram.buckets().unwrap().len(), 101);
}

// Firefox's tests, non-strict mode (items 15–18).

#[test]
fn ff15_non_strict_tolerates_unknown_fields() {
    let loaded = load_one(
        with(json!({ "unknown_field": "surprise", "cpp_guard": "ANDROID" })),
        allowlist(json!({})),
        &non_strict(),
    );
    assert_clean(&loaded);
    assert_eq!(loaded.registry.histograms.len(), 1);
}

#[test]
fn ff16_non_strict_maps_the_two_cpp_constants() {
    let loaded = load_one(
        with(json!({
            "kind": "exponential",
            "n_buckets": "JS::GCReason::NUM_TELEMETRY_REASONS",
            "high": "mozilla::StartupTimeline::MAX_EVENT_ID"
        })),
        allowlist(json!({})),
        &non_strict(),
    );
    let histogram = &loaded.registry.histograms[0];
    assert_eq!(histogram.n_buckets.as_ref().map(|n| n.value), Some(101));
    assert_eq!(histogram.high.as_ref().map(|h| h.value), Some(12));
    let coerced = ids(&loaded)
        .into_iter()
        .filter(|id| *id == "histogram/non-strict-coercion")
        .count();
    assert_eq!(coerced, 2, "{:#?}", loaded.diagnostics.items);
    // Firefox's test stops at the parser; the generated C++ asserts high > n_buckets.
    assert!(ids(&loaded).contains(&"histogram/bucket-layout"));
}

#[test]
fn ff17_a_real_definition_loads_non_strict() {
    // TELEMETRY_TEST_LINEAR as Firefox's Histograms.json defines it.
    let text = r#"{
  "TELEMETRY_TEST_LINEAR": {
    "record_in_processes": ["main", "content"],
    "products": ["firefox", "fennec", "thunderbird"],
    "alert_emails": ["telemetry-client-dev@mozilla.com"],
    "expires_in_version": "never",
    "kind": "linear",
    "low": 1,
    "high": 2147483646,
    "n_buckets": 10,
    "bug_numbers": [1288745, 1685406],
    "releaseChannelCollection": "opt-out",
    "description": "a testing histogram; not meant to be touched"
  }
}"#;
    let loaded = load_text(text, None, &non_strict());
    assert_clean(&loaded);
    let histogram = &loaded.registry.histograms[0];
    assert_eq!(histogram.kind.value, HistogramKind::Linear);
    assert!(histogram.expires.as_ref().unwrap().is_never());
    let processes: Vec<&str> = histogram
        .record_in_processes
        .iter()
        .map(|p| p.value.as_str())
        .collect();
    assert_eq!(processes, ["main", "content"]);
    assert!(!histogram.keyed);
}

#[test]
fn ff18_non_strict_missing_products_stay_absent() {
    let loaded = load_one(
        with(json!({ "products": null })),
        allowlist(json!({})),
        &non_strict(),
    );
    assert_clean(&loaded);
    assert_eq!(loaded.registry.histograms[0].products, None);
}

// Rules with several distinct triggers.

#[test]
fn bucket_layout_triggers() {
    let cases = [
        json!({ "kind": "linear", "low": 0, "high": 100, "n_buckets": 10 }),
        json!({ "kind": "exponential", "low": 100, "high": 100, "n_buckets": 10 }),
        json!({ "kind": "exponential", "low": 500, "high": 100, "n_buckets": 10 }),
        json!({ "kind": "linear", "high": 100, "n_buckets": 2 }),
        json!({ "kind": "exponential", "high": 50, "n_buckets": 50 }),
        json!({ "kind": "exponential", "high": 10, "n_buckets": 20 }),
        json!({ "kind": "enumerated", "n_values": 2 }),
        json!({ "kind": "enumerated", "n_values": 1 }),
    ];
    for case in cases {
        let got = strict_ids(with(case.clone()));
        assert!(
            got.contains(&"histogram/bucket-layout"),
            "{case}: got {got:?}"
        );
    }
    // The edges that pass.
    for case in [
        json!({ "kind": "linear", "low": 1, "high": 4, "n_buckets": 3 }),
        json!({ "kind": "exponential", "high": 51, "n_buckets": 50 }),
        json!({ "kind": "enumerated", "n_values": 3 }),
        json!({ "kind": "categorical", "labels": ["Yes", "Not"] }),
    ] {
        assert_eq!(strict_ids(with(case.clone())), Vec::<&str>::new(), "{case}");
    }
}

#[test]
fn bucket_limit_per_kind() {
    let over = [
        json!({ "kind": "linear", "high": 1000, "n_buckets": 101 }),
        json!({ "kind": "enumerated", "n_values": 101 }),
        json!({ "kind": "categorical", "labels": ["One", "Two"], "n_values": 101 }),
    ];
    for case in over {
        assert_eq!(
            strict_ids(with(case.clone())),
            ["histogram/too-many-buckets"],
            "{case}"
        );
    }
    let at_limit = [
        json!({ "kind": "linear", "high": 1000, "n_buckets": 100 }),
        json!({ "kind": "enumerated", "n_values": 100 }),
        json!({ "kind": "categorical", "labels": ["One", "Two"], "n_values": 100 }),
    ];
    for case in at_limit {
        assert_eq!(strict_ids(with(case.clone())), Vec::<&str>::new(), "{case}");
    }
}

#[test]
fn high_int_max_edges() {
    for high in [json!(0), json!(-5), json!(2147483648u64)] {
        let case = with(json!({ "kind": "linear", "high": high, "n_buckets": 10 }));
        assert!(
            strict_ids(case).contains(&"histogram/high-int-max"),
            "high {high}"
        );
    }
    // 2^32 + 5 passes Firefox's check by wrapping to 5, then reaches C++ unwrapped.
    let loaded = load_one(
        with(json!({ "kind": "linear", "high": 4294967301u64, "n_buckets": 3 })),
        allowlist(json!({})),
        &strict(),
    );
    let wrapped = loaded
        .diagnostics
        .items
        .iter()
        .find(|d| d.rule.id == "histogram/high-int-max")
        .expect("the wrap-around is reported");
    assert_eq!(wrapped.firefox, FirefoxVerdict::Generator);
    let case = with(json!({ "kind": "linear", "high": 2147483647, "n_buckets": 10 }));
    assert_eq!(strict_ids(case), Vec::<&str>::new());
}

#[test]
fn expiry_forms() {
    for ok in ["never", "1", "60", "999"] {
        assert_eq!(
            strict_ids(with(json!({ "expires_in_version": ok }))),
            Vec::<&str>::new(),
            "{ok:?}"
        );
    }
    for bad in ["60.0", "1000", "Never", "soon"] {
        assert_eq!(
            strict_ids(with(json!({ "expires_in_version": bad }))),
            ["histogram/expiry-invalid"],
            "{bad:?}"
        );
    }
    // A leading zero passes and is only odd; a trailing newline or non-ASCII digits pass
    // Python's pattern but break the generated C++ char literals.
    let loaded = load_one(
        with(json!({ "expires_in_version": "060" })),
        allowlist(json!({})),
        &strict(),
    );
    assert_only(&loaded, &["histogram/expiry-quirk"]);
    assert_eq!(loaded.diagnostics.items[0].severity, Severity::Warning);
    for generator_breaker in ["60\n", "\u{666}\u{660}"] {
        let loaded = load_one(
            with(json!({ "expires_in_version": generator_breaker })),
            allowlist(json!({})),
            &strict(),
        );
        assert_only(&loaded, &["histogram/string-table-char"]);
        assert_eq!(
            loaded.diagnostics.items[0].firefox,
            FirefoxVerdict::Generator
        );
    }
    // An empty expiry is skipped by the parser and passes the generators too.
    assert_eq!(
        strict_ids(with(json!({ "expires_in_version": "" }))),
        Vec::<&str>::new()
    );
    assert_eq!(
        strict_ids(with(json!({ "expires_in_version": null }))),
        ["histogram/expiry-missing"]
    );
}

#[test]
fn names() {
    for (name, rule) in [
        ("AB", "histogram/name-pattern"),
        ("_ABC", "histogram/name-pattern"),
        ("ABC_", "histogram/name-pattern"),
        ("1ABC", "histogram/name-pattern"),
        ("A-BC", "histogram/name-pattern"),
        ("A#BC", "histogram/name-hash"),
        ("LABELS_ABC", "histogram/name-labels-prefix"),
        ("\u{17F}TRANGE", "histogram/non-ascii-name"),
        ("HistogramCount", "histogram/cpp-reserved"),
    ] {
        let text = serde_json::to_string(&json!({ name: base() })).unwrap();
        let loaded = load_text(&text, Some(&allowlist(json!({}))), &strict());
        assert!(ids(&loaded).contains(&rule), "{name:?}: {:?}", ids(&loaded));
    }
    // Non-strict mode checks only `#` and `LABELS_`.
    let text = serde_json::to_string(&json!({ "ab": base() })).unwrap();
    assert_clean(&load_text(&text, None, &non_strict()));
    let text = serde_json::to_string(&json!({ "LABELS_ab": base() })).unwrap();
    assert_only(
        &load_text(&text, None, &non_strict()),
        &["histogram/name-labels-prefix"],
    );
}

#[test]
fn keys_limits() {
    let keys = |n: usize, len: usize| -> Vec<String> {
        (0..n)
            .map(|i| format!("{i:0>width$}", width = len))
            .collect()
    };
    let keyed = |keys: Vec<String>| with(json!({ "keyed": true, "keys": keys }));
    assert_eq!(strict_ids(keyed(keys(30, 20))), Vec::<&str>::new());
    assert_eq!(strict_ids(keyed(keys(31, 5))), ["histogram/too-many-keys"]);
    assert_eq!(
        strict_ids(keyed(keys(2, 21))),
        ["histogram/key-too-long", "histogram/key-too-long"]
    );
    assert_eq!(strict_ids(keyed(Vec::new())), ["histogram/keys-empty"]);
    assert_eq!(
        strict_ids(with(json!({ "keys": ["one"] }))),
        ["histogram/keys-not-keyed"]
    );
}

#[test]
fn label_rules() {
    let categorical = |labels: Value| with(json!({ "kind": "categorical", "labels": labels }));
    assert_eq!(
        strict_ids(categorical(json!(["ok", "Fine"]))),
        ["histogram/label-pattern"]
    );
    assert_eq!(
        strict_ids(categorical(json!(["Fine", "A23456789012345678901"]))),
        ["histogram/label-too-long"]
    );
    assert_eq!(
        strict_ids(categorical(json!(["Fine", "Fine"]))),
        ["histogram/duplicate-label"]
    );
    let many: Vec<String> = (0..101).map(|i| format!("Label{i}")).collect();
    let got = strict_ids(categorical(json!(many)));
    assert!(got.contains(&"histogram/too-many-labels"), "{got:?}");
    // Empty labels are accepted: the 50-value default.
    let loaded = load_one(categorical(json!([])), allowlist(json!({})), &strict());
    assert_clean(&loaded);
    assert_eq!(loaded.registry.histograms[0].parameters(), (1, 50, 51));
}

#[test]
fn allowlist_rules() {
    // Without an allowlist file: one warning, and the strict checks run with empty lists.
    let text = serde_json::to_string(&json!({ NAME: base() })).unwrap();
    let loaded = load_text(&text, None, &strict());
    assert_only(&loaded, &["allowlist/missing"]);
    assert_eq!(loaded.diagnostics.items[0].severity, Severity::Warning);

    // An entry for a histogram that has the field.
    let loaded = load_one(
        base(),
        allowlist(json!({ "alert_emails": [NAME], "bug_numbers": [NAME] })),
        &strict(),
    );
    assert_only(&loaded, &["allowlist/not-needed"]);
    assert_eq!(loaded.diagnostics.items.len(), 2);

    // Orphans, in any list (even one with another name).
    let loaded = load_one(
        base(),
        allowlist(json!({ "kind": ["GONE_ONE"], "extra_list": ["GONE_TWO"] })),
        &strict(),
    );
    assert_only(&loaded, &["allowlist/orphaned"]);
    assert_eq!(loaded.diagnostics.items.len(), 2);

    // A list the rules need is missing, or the file is not an object.
    let loaded = load_one(
        with(json!({ "bug_numbers": null })),
        json!({ "alert_emails": [] }),
        &strict(),
    );
    assert!(ids(&loaded).contains(&"allowlist/malformed"));
    let loaded = load_one(base(), json!(["NOT", "AN", "OBJECT"]), &strict());
    assert_eq!(ids(&loaded), ["allowlist/malformed"]);

    // Non-strict mode never reads the allowlist.
    let loaded = load_one(
        with(json!({ "bug_numbers": null })),
        allowlist(json!({ "kind": ["GONE_ONE"] })),
        &non_strict(),
    );
    assert_clean(&loaded);
}

#[test]
fn list_and_type_quirks() {
    let loaded = load_one(
        with(json!({ "alert_emails": "a@example.com" })),
        allowlist(json!({})),
        &strict(),
    );
    assert_only(&loaded, &["histogram/string-as-list"]);
    assert_eq!(loaded.diagnostics.items[0].severity, Severity::Warning);

    // `record_in_processes: "main"` is four one-letter processes.
    let got = strict_ids(with(json!({ "record_in_processes": "main" })));
    let unknown = got
        .iter()
        .filter(|id| **id == "histogram/unknown-process")
        .count();
    assert_eq!(unknown, 4, "{got:?}");

    // `true` as a bug number is 1 (a warning); as a bucket parameter it breaks the C++ (an error).
    let loaded = load_one(
        with(json!({ "bug_numbers": [true] })),
        allowlist(json!({})),
        &strict(),
    );
    assert_only(&loaded, &["histogram/bool-as-int"]);
    assert_eq!(loaded.diagnostics.items[0].severity, Severity::Warning);
    let loaded = load_one(
        with(json!({ "kind": "exponential", "low": true, "high": 100, "n_buckets": 10 })),
        allowlist(json!({})),
        &strict(),
    );
    assert_only(&loaded, &["histogram/bool-as-int"]);
    assert_eq!(loaded.diagnostics.items[0].severity, Severity::Error);

    for (field, value) in [
        ("keyed", json!("true")),
        ("description", json!(5)),
        ("n_buckets", json!(10.0)),
        ("bug_numbers", json!(["1234"])),
        ("alert_emails", json!([5])),
    ] {
        let mut definition = with(json!({ "kind": "linear", "high": 100, "n_buckets": 10 }));
        definition.insert(field.to_string(), value.clone());
        let got = strict_ids(definition);
        assert!(
            got.contains(&"histogram/field-type"),
            "{field}: {value}: {got:?}"
        );
    }
    // Non-strict mode reads the string "true" as keyed.
    let loaded = load_one(
        with(json!({ "keyed": "true" })),
        allowlist(json!({})),
        &non_strict(),
    );
    assert_clean(&loaded);
    assert!(loaded.registry.histograms[0].keyed);
}

#[test]
fn generation_2020_rules() {
    let options = Options {
        generation: Generation::Firefox76,
        ..Options::default()
    };
    // `flag` and `operating_systems` still exist in 2020.
    let loaded = load_one(
        with(json!({ "kind": "flag", "operating_systems": ["mac", "linux"] })),
        allowlist(json!({ "kind": [NAME] })),
        &options,
    );
    assert_clean(&loaded);
    let loaded = load_one(
        with(json!({ "operating_systems": ["amiga"] })),
        allowlist(json!({})),
        &options,
    );
    assert_only(&loaded, &["histogram/unknown-operating-system"]);
    for case in [
        json!({ "products": ["geckoview_streaming"], "kind": "enumerated", "n_values": 10 }),
        json!({ "products": ["geckoview_streaming"], "keyed": true }),
    ] {
        let loaded = load_one(with(case.clone()), allowlist(json!({})), &options);
        assert_only(&loaded, &["histogram/geckoview-streaming"]);
    }
    let loaded = load_one(
        with(
            json!({ "products": ["geckoview_streaming"], "kind": "categorical", "labels": ["One", "Two"] }),
        ),
        allowlist(json!({})),
        &options,
    );
    assert_clean(&loaded);
}

#[test]
fn duplicate_definition_across_files() {
    // Directory discovery finds one Histograms.json per directory, so this rule is tested here.
    let first = serde_json::to_string_pretty(&json!({
        NAME: base(),
        "TELEMETRY_TEST_OTHER": base(),
    }))
    .unwrap();
    let second = serde_json::to_string_pretty(&json!({
        NAME: with(json!({ "kind": "enumerated", "n_values": 10 })),
    }))
    .unwrap();
    let loaded = load_sources(
        vec![
            InputText::new(InputKind::Histograms, "a/Histograms.json", first),
            InputText::new(InputKind::Histograms, "b/Histograms.json", second),
            InputText::new(
                InputKind::Allowlist,
                "histogram-allowlists.json",
                serde_json::to_string(&allowlist(json!({}))).unwrap(),
            ),
        ],
        &strict(),
    );
    assert_only(&loaded, &["file/duplicate-definition"]);
    assert_eq!(position(&loaded, "file/duplicate-definition"), (2, 3));
    // The first position, the last definition.
    let histograms = &loaded.registry.histograms;
    assert_eq!(histograms.len(), 2);
    assert_eq!(histograms[0].name.value, NAME);
    assert_eq!(histograms[0].kind.value, HistogramKind::Enumerated);
    assert_eq!(histograms[1].name.value, "TELEMETRY_TEST_OTHER");
}

#[test]
fn duplicate_keys_strict_error_non_strict_warning() {
    let text = r#"{
  "TELEMETRY_TEST_HISTOGRAM": {
    "record_in_processes": ["main"],
    "products": ["firefox"],
    "alert_emails": ["a@example.com"],
    "bug_numbers": [1],
    "expires_in_version": "never",
    "kind": "boolean",
    "kind": "boolean",
    "description": "Twice the kind."
  }
}"#;
    let loaded = load_text(text, Some(&allowlist(json!({}))), &strict());
    assert_only(&loaded, &["file/duplicate-key"]);
    assert_eq!(position(&loaded, "file/duplicate-key"), (9, 5));
    assert_eq!(loaded.diagnostics.items[0].severity, Severity::Error);
    let loaded = load_text(text, None, &non_strict());
    assert_only(&loaded, &["file/duplicate-key"]);
    assert_eq!(loaded.diagnostics.items[0].severity, Severity::Warning);
}

#[test]
fn whole_file_problems() {
    let allow = allowlist(json!({}));
    assert_only(
        &load_text("[]", Some(&allow), &strict()),
        &["file/top-level"],
    );
    assert_only(
        &load_text("{\"A\": ", Some(&allow), &strict()),
        &["file/syntax"],
    );
    assert_only(
        &load_text("{}", Some(&allow), &strict()),
        &["histogram/none-defined"],
    );
    let loaded = load_sources(
        vec![InputText::new(
            InputKind::Histograms,
            "Histograms.json",
            b"{\"A\xff\": 1}".to_vec(),
        )],
        &non_strict(),
    );
    assert_only(&loaded, &["file/invalid-utf8"]);
    assert_eq!(position(&loaded, "file/invalid-utf8"), (1, 4));
}

#[test]
fn diagnostics_point_at_the_offending_value() {
    let text = r#"{
  "TELEMETRY_TEST_HISTOGRAM": {
    "record_in_processes": ["main", "plugin"],
    "products": ["firefox", "all"],
    "bug_numbers": [1],
    "alert_emails": ["a@example.com"],
    "expires_in_version": "60.0",
    "kind": "exponential",
    "high": 10,
    "n_buckets": 20,
    "record_into_store": [],
    "releaseChannelCollection": "opt-maybe",
    "operating_systems": ["mac"],
    "description": "Everything at once."
  },
  "TELEMETRY#FLAG": {
    "kind": "flag",
    "description": "An old flag."
  }
}"#;
    let loaded = load_text(text, Some(&allowlist(json!({}))), &strict());
    for (rule, at) in [
        ("histogram/unknown-process", (3, 37)),
        ("histogram/unknown-product", (4, 29)),
        ("histogram/expiry-invalid", (7, 27)),
        ("histogram/bucket-layout", (9, 13)),
        ("histogram/empty-stores", (11, 26)),
        ("histogram/unknown-collection", (12, 33)),
        ("histogram/obsolete-operating-systems", (13, 5)),
        ("histogram/name-hash", (16, 3)),
        ("histogram/unknown-kind", (17, 13)),
        ("histogram/missing-processes", (16, 3)),
        ("histogram/missing-products", (16, 3)),
        ("histogram/missing-alert-emails", (16, 3)),
        ("histogram/missing-bug-numbers", (16, 3)),
        ("histogram/expiry-missing", (16, 3)),
    ] {
        assert_eq!(position(&loaded, rule), at, "{rule}");
    }
}

/// The `pass/` fixtures of the histogram, allowlist and file rules (those with a
/// Histograms.json) produce no diagnostics at all, not only not their own rule.
#[test]
fn histogram_pass_fixtures_are_clean() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut problems = Vec::new();
    for family in ["histogram", "allowlist", "file"] {
        let Ok(rules) = std::fs::read_dir(root.join(family)) else {
            continue;
        };
        for rule in rules {
            let rule_dir = rule.expect("entry").path();
            let pass = rule_dir.join("pass");
            if !pass.join("Histograms.json").is_file() {
                continue;
            }
            let mut options = Options::default();
            for dir in [&rule_dir, &pass] {
                let text = std::fs::read_to_string(dir.join("options")).unwrap_or_default();
                for line in text.lines().map(str::trim) {
                    match line.split_once('=') {
                        Some(("generation", value)) => {
                            options.generation = Generation::parse(value).expect("a generation")
                        }
                        Some(("strict", value)) => options.strict = value != "false",
                        _ => {}
                    }
                }
            }
            let inputs =
                telemetry_registry::Inputs::discover(std::slice::from_ref(&pass)).expect("inputs");
            let loaded = telemetry_registry::load(&inputs, &options).expect("readable");
            if !loaded.diagnostics.items.is_empty() {
                problems.push(format!("{}: {:?}", pass.display(), ids(&loaded)));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn more_firefox_semantics() {
    // The old Android escape hatch skips the fatal kind check; the obsolete field is reported.
    assert_eq!(
        strict_ids(with(
            json!({ "kind": "count", "operating_systems": ["android"] })
        )),
        ["histogram/obsolete-operating-systems"]
    );
    // Presence is all that is checked: empty lists pass.
    assert_eq!(
        strict_ids(with(json!({ "alert_emails": [], "bug_numbers": [] }))),
        Vec::<&str>::new()
    );
    assert_eq!(
        strict_ids(with(json!({ "record_in_processes": [] }))),
        ["histogram/missing-processes"]
    );
    // A float is only a type error, never over the bucket limit.
    assert_eq!(
        strict_ids(with(
            json!({ "kind": "linear", "high": 1000, "n_buckets": 150.0 })
        )),
        ["histogram/field-type"]
    );
    // `flag` is gone in both modes.
    let loaded = load_one(
        with(json!({ "kind": "flag" })),
        allowlist(json!({})),
        &non_strict(),
    );
    assert_only(&loaded, &["histogram/unknown-kind"]);
    // Non-strict evaluation: "1e1" is the float 10.0, which then fails the int check.
    let loaded = load_one(
        with(json!({ "kind": "linear", "high": "2**10", "n_buckets": "1e1" })),
        allowlist(json!({})),
        &non_strict(),
    );
    let histogram = &loaded.registry.histograms[0];
    assert_eq!(histogram.high.as_ref().map(|h| h.value), Some(1024));
    assert!(ids(&loaded).contains(&"histogram/non-strict-coercion"));
    assert!(ids(&loaded).contains(&"histogram/field-type"));
}
