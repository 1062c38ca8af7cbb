//! What team policy adds to `check` on a corpus set, in-process: the best of N interleaved runs
//! of the load alone (parse + Firefox's rules) and of the load with every policy rule (a config
//! with a ledger, allowed domains, levels, a suppression and a current version). Best-of is
//! robust on a busy machine; the criterion bench (`benches/check.rs`) has the distributions.
//!
//! Run: `cargo run --release -p telemetry-registry --example policy_overhead [SET_DIR] [RUNS]`
//! (default: the modern corpus set, 100 runs of each).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use telemetry_registry::load::{InputKind, InputText};
use telemetry_registry::{Config, Options, Policy, check_sources, load_sources};

const CONFIG: &str = r#"
current_version = "140"
[levels]
"hygiene/*" = "deny"
[bugs]
min = 100000
max = 2500000
url_template = "https://bugzilla.mozilla.org/show_bug.cgi?id={bug}"
[email]
allowed_domains = ["mozilla.com", "mozilla.org"]
[[data_review]]
bug = 1443560
url = "https://bugzilla.mozilla.org/show_bug.cgi?id=1443560"
collection = "opt-out"
expires = "never"
[suppress."GC_MS"]
"hygiene/unit-hint" = "benchmark"
"#;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/firefox-modern")
    });
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100);
    let mut inputs = Vec::new();
    for (kind, name) in [
        (InputKind::Histograms, "Histograms.json"),
        (InputKind::Scalars, "Scalars.yaml"),
        (InputKind::Events, "Events.yaml"),
        (InputKind::Allowlist, "histogram-allowlists.json"),
        (InputKind::Processes, "Processes.yaml"),
    ] {
        if let Ok(bytes) = std::fs::read(dir.join(name)) {
            inputs.push(InputText::new(kind, dir.join(name), bytes));
        }
    }
    if inputs.is_empty() {
        eprintln!("no definition files in {}", dir.display());
        std::process::exit(2);
    }
    let options = Options::default();
    let policy = Policy {
        config: Some(Config::parse("telemetry-lint.toml", CONFIG)),
        current_version: Some(140),
        baseline: None,
    };
    let mut load_best = Duration::MAX;
    let mut policy_best = Duration::MAX;
    let mut findings = 0;
    // Alternate which goes first, and drop every result outside the timed region.
    for run in 0..runs * 2 {
        let texts = inputs.clone();
        if (run % 2 == 0) == (run % 4 < 2) {
            let start = Instant::now();
            let loaded = std::hint::black_box(load_sources(texts, &options));
            load_best = load_best.min(start.elapsed());
            drop(loaded);
        } else {
            let start = Instant::now();
            let loaded = std::hint::black_box(check_sources(texts, &options, Some(&policy)));
            policy_best = policy_best.min(start.elapsed());
            findings = loaded.diagnostics.items.len();
            drop(loaded);
        }
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("load (parse + Firefox's rules): {:.2} ms", ms(load_best));
    println!(
        "load + every policy rule:       {:.2} ms ({findings} findings)",
        ms(policy_best)
    );
    println!(
        "policy adds:                    {:.1}%",
        (ms(policy_best) / ms(load_best) - 1.0) * 100.0
    );
}
