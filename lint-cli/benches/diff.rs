//! `telemetry-lint diff` of the 2020 corpus set against the ESR 140 set, as a whole process (the
//! release binary, both sides parsed and checked with their own generation's rules, the diff
//! rendered as JSON to /dev/null). Target: under 100 ms.
//!
//! Run: `cargo bench -p lint-cli --bench diff` (needs the corpus; see README).

use std::process::{Command, Stdio};

use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let Some(corpus) = telemetry_registry::corpus::locate() else {
        eprintln!("corpus not found: set TELEMETRY_CORPUS");
        return;
    };
    let base = corpus.join("firefox-2020");
    let head = corpus.join("firefox-modern");
    let mut group = c.benchmark_group("diff-2020-to-esr140");
    group.sample_size(20);
    group.bench_function("whole process: telemetry-lint diff --format json", |b| {
        b.iter(|| {
            let status = Command::new(env!("CARGO_BIN_EXE_telemetry-lint"))
                .arg("diff")
                .arg(&base)
                .arg(&head)
                .args(["--base-rules", "2020", "--format", "json"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("run telemetry-lint");
            // Breaking changes exist between the sets: exit 1.
            assert_eq!(status.code(), Some(1));
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
