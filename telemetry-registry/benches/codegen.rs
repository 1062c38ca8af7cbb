//! Code generation on the modern corpus set (1,706 probes): generation alone, formatted with
//! prettyplease and compact (one item per line: what the Builder writes by default and what the
//! proc-macro expands to); parse + every rule + generate; and the Builder's whole run as a
//! build script makes it (by default, and formatted).
//!
//! Run: `cargo bench -p telemetry-registry --bench codegen` (needs the corpus; see README).

use criterion::{Criterion, criterion_group, criterion_main};
use telemetry_registry::codegen::{self, CodegenOptions, Version};
use telemetry_registry::{Options, corpus};

fn bench(c: &mut Criterion) {
    let (Some(texts), Some(modern)) = (
        corpus::read_set("firefox-modern"),
        corpus::locate().map(|dir| dir.join("firefox-modern")),
    ) else {
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
    // Exactly what a build script's `Builder::new().definitions(dir).generate()` runs: discovery,
    // reading, parse, every rule (with the discovered policy), generation in the Builder's
    // default format, and the write (skipped when unchanged, as on a rebuild).
    let out_dir =
        std::env::temp_dir().join(format!("telemetry-codegen-bench-{}", std::process::id()));
    let output = out_dir.join("probes.rs");
    group.bench_function("builder: default build.rs path", |b| {
        b.iter(|| {
            telemetry_registry::Builder::new()
                .definitions(&modern)
                .output(&output)
                .generate_to(&mut std::io::sink())
                .expect("generates")
        })
    });
    group.bench_function("builder: .pretty(true)", |b| {
        b.iter(|| {
            telemetry_registry::Builder::new()
                .definitions(&modern)
                .output(&output)
                .pretty(true)
                .generate_to(&mut std::io::sink())
                .expect("generates")
        })
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&out_dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
