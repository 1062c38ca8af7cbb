//! `diff`: one small in-memory BASE/HEAD pair per change class. Each case must produce its class
//! (once), identical sets must produce nothing, and every `diff/` rule of the catalogue has a
//! case here (the rule-fixture test of `check` rules skips the `diff/` family for this file).

use codespan_reporting::term::termcolor::ColorChoice;
use serde_json::{Map, Value, json};
use telemetry_registry::diff::{self, DiffOptions, DiffReport, ProbeType};
use telemetry_registry::load::{InputKind, InputText};
use telemetry_registry::render::{self, Summary};
use telemetry_registry::{Loaded, Options, Severity, load_sources, rules};

fn merge(defaults: Value, overrides: Value) -> Value {
    let mut map: Map<String, Value> = defaults.as_object().cloned().unwrap_or_default();
    for (key, value) in overrides.as_object().cloned().unwrap_or_default() {
        if value.is_null() {
            map.remove(&key);
        } else {
            map.insert(key, value);
        }
    }
    Value::Object(map)
}

fn histogram(overrides: Value) -> Value {
    merge(
        json!({
            "record_in_processes": ["main", "content"],
            "products": ["firefox"],
            "alert_emails": ["a@example.com"],
            "bug_numbers": [1],
            "expires_in_version": "never",
            "kind": "exponential",
            "high": 1000,
            "n_buckets": 50,
            "description": "A histogram."
        }),
        overrides,
    )
}

fn scalar(overrides: Value) -> Value {
    merge(
        json!({
            "bug_numbers": [1],
            "description": "A scalar.",
            "expires": "never",
            "kind": "uint",
            "notification_emails": ["a@example.com"],
            "products": ["firefox"],
            "record_in_processes": ["main"]
        }),
        overrides,
    )
}

fn event(overrides: Value) -> Value {
    merge(
        json!({
            "objects": ["a", "b"],
            "methods": ["open", "close"],
            "extra_keys": {"x": "An extra.", "y": "Another."},
            "bug_numbers": [1],
            "notification_emails": ["a@example.com"],
            "record_in_processes": ["main"],
            "products": ["firefox"],
            "expiry_version": "never",
            "description": "An event."
        }),
        overrides,
    )
}

/// One definition set: histograms by name; scalars and events as `category.name`.
#[derive(Default, Clone)]
struct Set {
    histograms: Vec<(String, Value)>,
    scalars: Vec<(String, Value)>,
    events: Vec<(String, Value)>,
}

impl Set {
    fn h(mut self, name: &str, value: Value) -> Set {
        self.histograms.push((name.to_string(), value));
        self
    }
    fn s(mut self, name: &str, value: Value) -> Set {
        self.scalars.push((name.to_string(), value));
        self
    }
    fn e(mut self, name: &str, value: Value) -> Set {
        self.events.push((name.to_string(), value));
        self
    }

    /// YAML as flow mappings (YAML is close enough to JSON for these values).
    fn yaml(items: &[(String, Value)]) -> String {
        let mut out = String::new();
        let mut current = None;
        for (id, value) in items {
            let (category, name) = id.rsplit_once('.').expect("category.name");
            if current != Some(category) {
                out.push_str(&format!("{category}:\n"));
                current = Some(category);
            }
            out.push_str(&format!("  {name}: {value}\n"));
        }
        out
    }

    fn load(&self, dir: &str) -> Loaded {
        let histograms: Map<String, Value> = self.histograms.iter().cloned().collect();
        let mut texts = vec![InputText::new(
            InputKind::Histograms,
            format!("{dir}/Histograms.json"),
            serde_json::to_string_pretty(&Value::Object(histograms)).unwrap(),
        )];
        if !self.scalars.is_empty() {
            texts.push(InputText::new(
                InputKind::Scalars,
                format!("{dir}/Scalars.yaml"),
                Set::yaml(&self.scalars),
            ));
        }
        if !self.events.is_empty() {
            texts.push(InputText::new(
                InputKind::Events,
                format!("{dir}/Events.yaml"),
                Set::yaml(&self.events),
            ));
        }
        load_sources(texts, &Options::default())
    }
}

fn run(base: &Set, head: &Set, options: &DiffOptions) -> DiffReport {
    diff::diff(&base.load("base"), &head.load("head"), options)
}

fn classes(base: &Set, head: &Set) -> Vec<&'static str> {
    run(base, head, &DiffOptions::default())
        .changes
        .iter()
        .map(|c| c.rule.id)
        .collect()
}

/// The cases: (class, BASE, HEAD).
fn cases() -> Vec<(&'static str, Set, Set)> {
    let one_h = |v: Value| Set::default().h("GC_MS", histogram(v));
    let one_s = |v: Value| Set::default().s("normandy.recipe_count", scalar(v));
    let one_e = |v: Value| Set::default().e("normandy.enroll", event(v));
    let categorical = |labels: Value| json!({"kind": "categorical", "labels": labels, "high": null, "n_buckets": null});
    vec![
        ("diff/added", Set::default(), one_h(json!({}))),
        ("diff/removed", one_h(json!({})), Set::default()),
        (
            "diff/renamed",
            Set::default().h("PAGE_LOAD_MS", histogram(json!({}))),
            Set::default().h("PAGE_LOAD_MS_2", histogram(json!({}))),
        ),
        (
            "diff/kind-changed",
            one_h(json!({})),
            one_h(json!({"kind": "linear"})),
        ),
        (
            "diff/buckets-changed",
            one_h(json!({})),
            one_h(json!({"high": 2000})),
        ),
        (
            "diff/labels-removed",
            one_h(categorical(json!(["a", "b", "c"]))),
            one_h(categorical(json!(["a", "b"]))),
        ),
        (
            "diff/labels-reordered",
            one_h(categorical(json!(["a", "b"]))),
            one_h(categorical(json!(["b", "a"]))),
        ),
        (
            "diff/labels-appended",
            one_h(categorical(json!(["a"]))),
            one_h(categorical(json!(["a", "b"]))),
        ),
        (
            "diff/keyed-changed",
            one_s(json!({})),
            one_s(json!({"keyed": true})),
        ),
        (
            "diff/keys-removed",
            one_s(json!({"keyed": true, "keys": ["a", "b"]})),
            one_s(json!({"keyed": true, "keys": ["a"]})),
        ),
        (
            "diff/keys-added",
            one_h(json!({"keyed": true, "keys": ["a"]})),
            one_h(json!({"keyed": true, "keys": ["a", "b"]})),
        ),
        (
            "diff/processes-narrowed",
            one_h(json!({})),
            one_h(json!({"record_in_processes": ["main"]})),
        ),
        (
            "diff/processes-widened",
            one_s(json!({})),
            one_s(json!({"record_in_processes": ["all"]})),
        ),
        (
            "diff/products-narrowed",
            one_e(json!({"products": ["firefox", "fennec"]})),
            one_e(json!({})),
        ),
        (
            "diff/products-widened",
            one_h(json!({})),
            one_h(json!({"products": ["firefox", "thunderbird"]})),
        ),
        (
            "diff/stores-narrowed",
            one_s(json!({"record_into_store": ["main", "sync"]})),
            one_s(json!({})),
        ),
        (
            "diff/stores-widened",
            one_h(json!({})),
            one_h(json!({"record_into_store": ["main", "sync"]})),
        ),
        (
            "diff/collection-narrowed",
            one_h(json!({"releaseChannelCollection": "opt-out"})),
            one_h(json!({})),
        ),
        (
            "diff/collection-widened",
            one_s(json!({})),
            one_s(json!({"release_channel_collection": "opt-out"})),
        ),
        (
            "diff/expiry-shortened",
            one_h(json!({})),
            one_h(json!({"expires_in_version": "150"})),
        ),
        (
            "diff/expiry-extended",
            one_e(json!({"expiry_version": "150"})),
            one_e(json!({"expiry_version": "160"})),
        ),
        (
            "diff/methods-removed",
            one_e(json!({})),
            one_e(json!({"methods": ["open"]})),
        ),
        (
            "diff/methods-added",
            one_e(json!({})),
            one_e(json!({"methods": ["open", "close", "reset"]})),
        ),
        (
            "diff/objects-removed",
            one_e(json!({})),
            one_e(json!({"objects": ["a"]})),
        ),
        (
            "diff/objects-added",
            one_e(json!({})),
            one_e(json!({"objects": ["a", "b", "c"]})),
        ),
        (
            "diff/extra-keys-removed",
            one_e(json!({})),
            one_e(json!({"extra_keys": {"x": "An extra."}})),
        ),
        (
            "diff/extra-keys-added",
            one_e(json!({})),
            one_e(json!({"extra_keys": {"x": "An extra.", "y": "Another.", "z": "More."}})),
        ),
    ]
}

#[test]
fn every_case_produces_exactly_its_class() {
    let mut problems = Vec::new();
    for (class, base, head) in cases() {
        let got = classes(&base, &head);
        if got != [class] {
            problems.push(format!("{class}: got {got:?}"));
        }
        // Each side against itself: no change.
        for side in [&base, &head] {
            let same = classes(side, side);
            if !same.is_empty() {
                problems.push(format!("{class}: identical sets give {same:?}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_diff_rule_has_a_case() {
    let covered: Vec<&str> = cases().iter().map(|c| c.0).collect();
    for rule in rules::diff_rules() {
        assert!(covered.contains(&rule.id), "{} has no case", rule.id);
        assert!(
            rules::all().any(|r| r.id == rule.id),
            "{} not in all()",
            rule.id
        );
    }
    assert_eq!(covered.len(), rules::diff_rules().count());
}

#[test]
fn breaking_changes_are_errors_by_default() {
    for (id, severity) in [
        ("diff/removed", Severity::Error),
        ("diff/renamed", Severity::Error),
        ("diff/labels-reordered", Severity::Error),
        ("diff/buckets-changed", Severity::Error),
        ("diff/added", Severity::Note),
        ("diff/labels-appended", Severity::Note),
        ("diff/collection-widened", Severity::Warning),
    ] {
        assert_eq!(rules::find(id).unwrap().severity, severity, "{id}");
    }
}

#[test]
fn severities_can_be_changed_and_classes_disabled() {
    let base = Set::default().h("GC_MS", histogram(json!({})));
    let head = Set::default().h("TAB_MS", histogram(json!({"kind": "linear"})));
    let mut options = DiffOptions::default();
    options
        .severities
        .insert("diff/removed".into(), Severity::Warning);
    options.disabled.insert("diff/added".into());
    let report = run(&base, &head, &options);
    let got: Vec<_> = report
        .changes
        .iter()
        .map(|c| (c.rule.id, c.severity))
        .collect();
    assert_eq!(got, [("diff/removed", Severity::Warning)]);
    assert_eq!(report.summary().errors, 0);
    options.skip.insert(ProbeType::Histogram);
    assert!(run(&base, &head, &options).changes.is_empty());
}

#[test]
fn removing_a_middle_label_is_a_removal_not_also_a_reorder() {
    let labels = |l: Value| {
        Set::default().h(
            "TAB_STATE",
            histogram(json!({"kind": "categorical", "labels": l, "high": null, "n_buckets": null})),
        )
    };
    assert_eq!(
        classes(&labels(json!(["a", "b", "c"])), &labels(json!(["a", "c"]))),
        ["diff/labels-removed"]
    );
    // An insertion before existing labels shifts their indices.
    assert_eq!(
        classes(
            &labels(json!(["a", "b"])),
            &labels(json!(["a", "new", "b"]))
        ),
        ["diff/labels-reordered"]
    );
    // A swap after a removal is also a reorder.
    assert_eq!(
        classes(&labels(json!(["a", "b", "c"])), &labels(json!(["c", "b"]))),
        ["diff/labels-removed", "diff/labels-reordered"]
    );
}

#[test]
fn renames_need_the_same_shape_and_an_unambiguous_pair() {
    // A different shape: a removal and an addition.
    let base = Set::default().h("PAGE_LOAD_MS", histogram(json!({})));
    let head = Set::default().h("PAGE_LOAD_MS_2", histogram(json!({"high": 5000})));
    let mut got = classes(&base, &head);
    got.sort();
    assert_eq!(got, ["diff/added", "diff/removed"]);
    // Same shape, unrelated names and descriptions: not a rename.
    let base = Set::default().h("PAGE_LOAD_MS", histogram(json!({"description": "x"})));
    let head = Set::default().h("GC_SLICE_TIME", histogram(json!({"description": "y"})));
    let mut got = classes(&base, &head);
    got.sort();
    assert_eq!(got, ["diff/added", "diff/removed"]);
    // Same description: a rename even with an unrelated name.
    let base = Set::default().h("PAGE_LOAD_MS", histogram(json!({"description": "z"})));
    let head = Set::default().h("GC_SLICE_TIME", histogram(json!({"description": "z"})));
    assert_eq!(classes(&base, &head), ["diff/renamed"]);
    // Two candidates for one removed probe: ambiguous, so no rename.
    let base = Set::default().h("PAGE_LOAD_MS", histogram(json!({})));
    let head = Set::default()
        .h("PAGE_LOAD_MS_2", histogram(json!({})))
        .h("PAGE_LOAD_MS_3", histogram(json!({})));
    let mut got = classes(&base, &head);
    got.sort();
    assert_eq!(got, ["diff/added", "diff/added", "diff/removed"]);
    // A rename is compared field by field too.
    let base = Set::default().h("PAGE_LOAD_MS", histogram(json!({})));
    let head = Set::default().h(
        "PAGE_LOAD_MS_2",
        histogram(json!({"expires_in_version": "150"})),
    );
    assert_eq!(
        classes(&base, &head),
        ["diff/renamed", "diff/expiry-shortened"]
    );
}

#[test]
fn spans_point_at_head_with_base_as_a_label() {
    let base = Set::default().h("GC_MS", histogram(json!({})));
    let head = Set::default().h("GC_MS", histogram(json!({"high": 2000})));
    let report = run(&base, &head, &DiffOptions::default());
    let diagnostics = report.diagnostics();
    assert_eq!(diagnostics.len(), 1);
    let d = &diagnostics[0];
    let span = d.span.expect("a span");
    assert_eq!(report.sources.text(span), "2000");
    assert!(
        report
            .sources
            .get(span.file)
            .unwrap()
            .name
            .starts_with("head/")
    );
    assert_eq!(report.sources.text(d.labels[0].span), "1000");
    assert!(
        report
            .sources
            .get(d.labels[0].span.file)
            .unwrap()
            .name
            .starts_with("base/")
    );
    // A removed probe points at BASE.
    let report = run(&base, &Set::default(), &DiffOptions::default());
    let d = &report.diagnostics()[0];
    assert_eq!(report.sources.text(d.span.unwrap()), "\"GC_MS\"");
}

#[test]
fn process_aliases_expand() {
    let set = |p: Value| Set::default().h("GC_MS", histogram(json!({"record_in_processes": p})));
    // `all` is main plus every child; `all_childs` the children.
    assert!(classes(&set(json!(["all"])), &set(json!(["main", "all_childs"]))).is_empty());
    assert_eq!(
        classes(&set(json!(["all"])), &set(json!(["all_children"]))),
        ["diff/processes-narrowed"]
    );
}

fn sample() -> (Set, Set) {
    let base = Set::default()
        .h("GC_MS", histogram(json!({})))
        .h(
            "TAB_STATE",
            histogram(json!({"kind": "categorical", "labels": ["open", "closed"], "high": null, "n_buckets": null})),
        )
        .h("OLD_PROBE", histogram(json!({"kind": "boolean", "high": null, "n_buckets": null})))
        .e("normandy.enroll", event(json!({})));
    let head = Set::default()
        .h("GC_MS", histogram(json!({"n_buckets": 100, "expires_in_version": "150"})))
        .h(
            "TAB_STATE",
            histogram(json!({"kind": "categorical", "labels": ["closed", "open", "<b>|@all"], "high": null, "n_buckets": null})),
        )
        .e("normandy.enroll", event(json!({"methods": ["open"], "objects": ["a", "b", "c"]})))
        .s("normandy.recipe_count", scalar(json!({})));
    (base, head)
}

#[test]
fn human_rendering_of_a_diff() {
    let (base, head) = sample();
    let report = run(&base, &head, &DiffOptions::default());
    let diagnostics = report.diagnostics();
    let text = render::human_string(
        &report.sources,
        &diagnostics,
        Some(&report.summary()),
        ColorChoice::Never,
    );
    insta::assert_snapshot!(text);
}

#[test]
fn markdown_rendering_of_a_diff() {
    let (base, head) = sample();
    let report = run(&base, &head, &DiffOptions::default());
    let diagnostics = report.diagnostics();
    let options = render::Options {
        title: "telemetry-lint diff".into(),
        ..render::Options::default()
    };
    let summary: Summary = report.summary();
    insta::assert_snapshot!(render::markdown(
        &report.sources,
        &diagnostics,
        &summary,
        &options
    ));
    assert_eq!(
        report.counts().get("diff/labels-reordered"),
        Some(&1),
        "{:?}",
        report.counts()
    );
}
