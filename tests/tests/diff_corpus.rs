//! `diff` on real history: the 2017 → 2020 and 2020 → ESR 140 corpus sets, each side loaded with
//! its own generation's rules. The counts per change class are the record of what changed in
//! Firefox's probes between those releases (printed with `--nocapture`).

use std::collections::BTreeMap;
use std::path::Path;

use telemetry_registry::diff::{self, DiffOptions, DiffReport};
use telemetry_registry::render::{self, Format, Summary};
use telemetry_registry::{Generation, Inputs, Loaded, Options, load};
use workspace_tests::corpus_dir;

fn load_set(dir: &Path, generation: Generation) -> Loaded {
    let inputs = Inputs::discover(&[dir.to_path_buf()]).expect("corpus inputs");
    load(
        &inputs,
        &Options {
            generation,
            strict: true,
        },
    )
    .expect("corpus loads")
}

fn run(base: (&str, Generation), head: (&str, Generation)) -> Option<DiffReport> {
    let corpus = corpus_dir()?;
    let base = load_set(&corpus.join(base.0), base.1);
    let head = load_set(&corpus.join(head.0), head.1);
    Some(diff::diff(&base, &head, &DiffOptions::default()))
}

fn print(title: &str, report: &DiffReport) {
    println!("{title}: {}", report.summary().line());
    for (class, count) in report.counts() {
        println!("  {class:28} {count}");
    }
}

fn expect(report: &DiffReport, expected: &[(&str, usize)]) {
    let want: BTreeMap<&str, usize> = expected.iter().copied().collect();
    assert_eq!(report.counts(), want);
}

#[test]
fn legacy_2017_to_2020() {
    let Some(report) = run(
        ("firefox-legacy", Generation::Legacy2017),
        ("firefox-2020", Generation::Firefox76),
    ) else {
        return;
    };
    print("2017 → 2020", &report);
    // 1,613 probes in 2017, 1,797 in 2020: 1,162 in both, 2 renamed.
    expect(
        &report,
        &[
            ("diff/added", 633),
            ("diff/collection-narrowed", 1),
            ("diff/collection-widened", 128),
            ("diff/expiry-extended", 155),
            ("diff/expiry-shortened", 1),
            ("diff/keys-removed", 2),
            ("diff/kind-changed", 1),
            ("diff/labels-appended", 7),
            ("diff/objects-added", 1),
            ("diff/processes-narrowed", 199),
            ("diff/processes-widened", 1),
            ("diff/removed", 449),
            ("diff/renamed", 2),
            ("diff/stores-widened", 15),
        ],
    );
    let summary = report.summary();
    assert_eq!(
        (summary.errors, summary.warnings, summary.notes),
        (654, 129, 812)
    );
}

#[test]
fn firefox_2020_to_esr140() {
    let Some(report) = run(
        ("firefox-2020", Generation::Firefox76),
        ("firefox-modern", Generation::Esr140),
    ) else {
        return;
    };
    print("2020 → ESR 140", &report);
    // 1,797 probes in 2020, 1,706 in ESR 140: 1,040 in both, 6 renamed. `geckoview` and
    // `geckoview_streaming` left the products list of almost every probe.
    expect(
        &report,
        &[
            ("diff/added", 660),
            ("diff/buckets-changed", 2),
            ("diff/collection-narrowed", 4),
            ("diff/collection-widened", 49),
            ("diff/expiry-extended", 77),
            ("diff/extra-keys-added", 13),
            ("diff/extra-keys-removed", 2),
            ("diff/keys-added", 2),
            ("diff/labels-appended", 7),
            ("diff/labels-reordered", 1),
            ("diff/methods-added", 1),
            ("diff/objects-added", 15),
            ("diff/objects-removed", 2),
            ("diff/processes-narrowed", 126),
            ("diff/processes-widened", 84),
            ("diff/products-narrowed", 988),
            ("diff/removed", 751),
            ("diff/renamed", 6),
            ("diff/stores-narrowed", 6),
            ("diff/stores-widened", 3),
        ],
    );
    let summary = report.summary();
    assert_eq!(
        (summary.errors, summary.warnings, summary.notes),
        (1888, 49, 862)
    );
}

#[test]
fn every_format_renders_the_corpus_diff() {
    let Some(report) = run(
        ("firefox-2020", Generation::Firefox76),
        ("firefox-modern", Generation::Esr140),
    ) else {
        return;
    };
    let diagnostics = report.diagnostics();
    let summary: Summary = report.summary();
    let options = render::Options::default();
    for format in Format::ALL {
        let text = render::render(format, &report.sources, &diagnostics, &summary, &options);
        assert!(!text.is_empty(), "{format:?}");
    }
    // Every change has a location, in HEAD unless the probe was removed.
    for (change, diagnostic) in report.changes.iter().zip(&diagnostics) {
        assert!(diagnostic.span.is_some(), "{change:?}");
        if change.rule.id != "diff/removed" {
            assert!(change.head.is_some(), "{change:?}");
        }
    }
}
