//! What team policy adds to `check` on a corpus set, in-process: the best of N interleaved runs
//! of the load alone (parse + Firefox's rules) and of the policy stage alone with every policy
//! rule (a config with a ledger, allowed domains, levels, a suppression and a current version),
//! and of both in one `check_sources` call. Timing the stage by itself, best-of, is robust on a
//! busy machine, where two noisy totals are not; the criterion bench (`benches/check.rs`) has
//! the distributions.
//!
//! Run: `cargo run --release -p telemetry-registry --example policy_overhead [SET_DIR] [RUNS]`
//! (default: the modern corpus set, 100 runs of each).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use telemetry_registry::load::read_inputs;
use telemetry_registry::{
    Config, Inputs, Options, Policy, check_sources, corpus, load_sources, policy,
};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .map(PathBuf::from)
        .or_else(|| corpus::locate().map(|corpus| corpus.join("firefox-modern")));
    let Some(dir) = dir else {
        eprintln!("corpus not found: set TELEMETRY_CORPUS or pass SET_DIR");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100);
    let inputs = match Inputs::discover(&[dir]).and_then(|files| read_inputs(&files)) {
        Ok(inputs) => inputs,
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(2);
        }
    };
    let options = Options::default();
    let policy = Policy {
        config: Some(Config::parse("telemetry-lint.toml", corpus::POLICY_CONFIG)),
        current_version: Some(140),
        baseline: None,
    };
    // The load alone, and the policy stage alone (on a copy of a loaded run, the copy made
    // outside the timed region); best of N each, interleaved.
    let loaded = load_sources(inputs.clone(), &options);
    let mut load_best = Duration::MAX;
    let mut policy_best = Duration::MAX;
    let mut whole_best = Duration::MAX;
    let mut findings = 0;
    for _ in 0..runs {
        let texts = inputs.clone();
        let start = Instant::now();
        let fresh = std::hint::black_box(load_sources(texts, &options));
        load_best = load_best.min(start.elapsed());
        drop(fresh);

        let mut copy = loaded.clone();
        let start = Instant::now();
        policy::apply(&mut copy, &options, &policy);
        policy_best = policy_best.min(start.elapsed());
        findings = copy.diagnostics.items.len();
        drop(copy);

        let texts = inputs.clone();
        let start = Instant::now();
        let whole = std::hint::black_box(check_sources(texts, &options, Some(&policy)));
        whole_best = whole_best.min(start.elapsed());
        drop(whole);
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("load (parse + Firefox's rules): {:.2} ms", ms(load_best));
    println!(
        "policy stage alone:             {:.2} ms ({findings} findings)",
        ms(policy_best)
    );
    println!("load + policy in one call:      {:.2} ms", ms(whole_best));
    println!(
        "policy adds:                    {:.1}% (policy stage / load)",
        ms(policy_best) / ms(load_best) * 100.0
    );
}
