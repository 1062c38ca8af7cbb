//! The docs for the modern corpus set (1,706 probes): rendering every page in memory, and a
//! whole `write_docs` run — into an empty directory, and again over its own output (where
//! nothing changes and nothing is rewritten).
//!
//! Run: `cargo bench -p telemetry-registry --bench docs` (needs the corpus; see README).

use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use telemetry_registry::docs::{self, DocsOptions};
use telemetry_registry::{Options, corpus, load_sources};

fn bench(c: &mut Criterion) {
    let Some(inputs) = corpus::read_set("firefox-modern") else {
        eprintln!("corpus not found: set TELEMETRY_CORPUS");
        return;
    };
    let loaded = load_sources(inputs, &Options::default());
    assert_eq!(loaded.registry.probe_count(), 1706);
    let options = DocsOptions {
        current_version: Some(140),
        ..DocsOptions::default()
    };
    let out = std::env::temp_dir().join(format!("telemetry-docs-bench-{}", std::process::id()));

    // One cold run, reported as it is: the number the issue asks for.
    let _ = std::fs::remove_dir_all(&out);
    let start = Instant::now();
    let report = docs::write_docs(&loaded, &options, &out).expect("write docs");
    eprintln!(
        "docs for the modern set: {} probes, {} files in {:.0} ms (cold, empty directory); \
         site {} KiB, search index {} KiB, Markdown {} KiB",
        report.probes,
        report.files.len(),
        start.elapsed().as_secs_f64() * 1000.0,
        report.site_bytes / 1024,
        report.search_index_bytes / 1024,
        report.markdown_bytes / 1024,
    );

    let mut group = c.benchmark_group("docs");
    group.sample_size(10);
    group.bench_function("render modern (in memory)", |b| {
        b.iter(|| docs::render(&loaded, &options))
    });
    group.bench_function("write_docs modern (empty directory)", |b| {
        b.iter(|| {
            let _ = std::fs::remove_dir_all(&out);
            docs::write_docs(&loaded, &options, &out).expect("write docs")
        })
    });
    group.bench_function("write_docs modern (unchanged)", |b| {
        b.iter(|| docs::write_docs(&loaded, &options, &out).expect("write docs"))
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&out);
}

criterion_group!(benches, bench);
criterion_main!(benches);
