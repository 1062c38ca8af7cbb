//! Code generation on the modern corpus set (1,706 probes): the whole `build.rs` pipeline
//! (parse, every rule, generate), and generation alone, formatted with prettyplease and
//! compact (one line of tokens, what the proc-macro expands to).
//!
//! Run: `cargo bench -p telemetry-registry --bench codegen` (needs the corpus; see README).

use criterion::{Criterion, criterion_group, criterion_main};
use telemetry_registry::codegen::{self, CodegenOptions, Version};
use telemetry_registry::{Options, corpus};

fn bench(c: &mut Criterion) {
    let Some(texts) = corpus::read_set("firefox-modern") else {
        eprintln!("corpus not found: set TELEMETRY_CORPUS");
        return;
    };
    let version = Version::parse("140.12.0").expect("version");
    let pretty = CodegenOptions::new().current_version(version.clone());
    let compact = CodegenOptions::new().current_version(version).pretty(false);
    let loaded = telemetry_registry::load_sources(texts.clone(), &Options::default());
    for (name, options) in [("formatted", &pretty), ("compact", &compact)] {
        let code = codegen::generate(&loaded, options).expect("generates");
        eprintln!("modern corpus, {name}: {} bytes", code.len());
    }

    let mut group = c.benchmark_group("codegen");
    group.sample_size(10);
    group.bench_function("generate (compact)", |b| {
        b.iter(|| codegen::generate(&loaded, &compact).expect("generates"))
    });
    group.bench_function("generate (formatted)", |b| {
        b.iter(|| codegen::generate(&loaded, &pretty).expect("generates"))
    });
    group.bench_function("pipeline: parse + rules + generate (compact)", |b| {
        b.iter(|| codegen::pipeline(texts.clone(), &Options::default(), None, &compact))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
