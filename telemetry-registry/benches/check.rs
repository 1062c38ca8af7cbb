//! `check` on the modern corpus set, in-process: spanned parse + full validation, against a
//! floor measured in the same run — a plain, span-less parse of the same bytes
//! (`serde_json::Value` for the JSON files, libyaml's document loader for the YAML files) —
//! and the same with every policy rule on top (a config with a data-review ledger, allowed
//! e-mail domains, a suppression and a current version), whose cost must stay within 20% of
//! the load alone.
//!
//! Run: `cargo bench -p telemetry-registry --bench check` (needs the corpus; see README).

use criterion::{Criterion, criterion_group, criterion_main};
use telemetry_registry::load::InputKind;
use telemetry_registry::{Config, Options, Policy, check_sources, corpus, load_sources};

fn bench(c: &mut Criterion) {
    let Some(inputs) = corpus::read_set("firefox-modern") else {
        eprintln!("corpus not found: set TELEMETRY_CORPUS");
        return;
    };

    let mut group = c.benchmark_group("modern-set");
    group.bench_function("floor: span-less serde_json + libyaml parse", |b| {
        b.iter(|| {
            for input in &inputs {
                let text = std::str::from_utf8(&input.bytes).expect("utf-8");
                match input.kind {
                    InputKind::Histograms | InputKind::Allowlist => {
                        let value: serde_json::Value = serde_json::from_str(text).expect("json");
                        std::hint::black_box(value);
                    }
                    _ => {
                        let mut parser = libyaml_safer::Parser::new();
                        let mut bytes = text.as_bytes();
                        parser.set_input_string(&mut bytes);
                        let document = libyaml_safer::Document::load(&mut parser).expect("yaml");
                        std::hint::black_box(document);
                    }
                }
            }
        })
    });
    let options = Options::default();
    group.bench_function("check: spanned parse + full validation", |b| {
        b.iter(|| std::hint::black_box(load_sources(inputs.clone(), &options)))
    });
    let policy = Policy {
        config: Some(Config::parse("telemetry-lint.toml", corpus::POLICY_CONFIG)),
        current_version: Some(140),
        baseline: None,
    };
    group.bench_function("check + policy: load, then every policy rule", |b| {
        b.iter(|| std::hint::black_box(check_sources(inputs.clone(), &options, Some(&policy))))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
