#!/usr/bin/env bash
# Build cost of the generated API on the modern corpus set (1,706 probes), in one run:
# generating the module (whole `telemetry-lint generate` process: read, every rule, generate,
# write; best of N, compact and formatted), its size, and `cargo build` of a crate that
# includes it (debug from clean with the runtime, debug rebuild after touching the module,
# release from clean).
# Usage: scripts/bench-build.sh [CORPUS_DIR] [RUNS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
corpus="${1:-${TELEMETRY_CORPUS:-../shared/corpus}}/firefox-modern"
runs="${2:-11}"
cargo build --release -q -p lint-cli
lint="$root/target/release/telemetry-lint"
work="$root/target/bench-build"
rm -rf "$work"
mkdir -p "$work/crate/src"

best_ms() { # best wall time in ms of N runs of a command
    local best=999999999
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1
        end=$(date +%s%N)
        local us=$(((end - start) / 1000))
        ((us < best)) && best=$us
    done
    echo "$((best / 1000)).$(((best % 1000) / 100))"
}

compact_ms=$(best_ms "$lint" generate "$corpus" --current-version 140.12.0 --compact -o "$work/compact.rs")
pretty_ms=$(best_ms "$lint" generate "$corpus" --current-version 140.12.0 -o "$work/pretty.rs")
echo "generate, whole process (compact):   $compact_ms ms, $(wc -c <"$work/compact.rs") bytes, $(wc -l <"$work/compact.rs") lines"
echo "generate, whole process (formatted): $pretty_ms ms, $(wc -c <"$work/pretty.rs") bytes, $(wc -l <"$work/pretty.rs") lines"

cat >"$work/crate/Cargo.toml" <<EOF
[package]
name = "modern-corpus-probes"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
telemetry-runtime = { path = "$root/telemetry-runtime" }

[workspace]
EOF
cat >"$work/crate/src/lib.rs" <<'EOF'
#![deny(warnings)]
include!(concat!(env!("CARGO_MANIFEST_DIR"), "/probes.rs"));
EOF
cp "$work/compact.rs" "$work/crate/probes.rs"

seconds() { # wall seconds of a command
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    awk -v ns=$((end - start)) 'BEGIN { printf "%.1f", ns / 1e9 }'
}
export CARGO_TARGET_DIR="$work/target"
cd "$work/crate"
debug=$(seconds cargo build --offline)
touch probes.rs
rebuild=$(seconds cargo build --offline)
release=$(seconds cargo build --offline --release)
echo "cargo build of the including crate: debug from clean $debug s (runtime included), rebuild after a change $rebuild s, release from clean $release s"
