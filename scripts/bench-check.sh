#!/usr/bin/env bash
# Whole-process timing of `telemetry-lint check` on the modern corpus set against a floor
# process that only parses the same files span-less, measured in the same run (best of N).
# Usage: scripts/bench-check.sh [CORPUS_DIR] [RUNS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
corpus="${1:-${TELEMETRY_CORPUS:-../shared/corpus}}/firefox-modern"
runs="${2:-21}"
cargo build --release -q -p lint-cli -p telemetry-registry --example floor_parse
lint=target/release/telemetry-lint
floor=target/release/examples/floor_parse

best() { # best wall time in ms of N runs of a command
    local best=999999
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1 || true
        end=$(date +%s%N)
        local ms=$(((end - start) / 1000))
        ((ms < best)) && best=$ms
    done
    echo "$best"
}

floor_us=$(best "$floor" "$corpus")
check_us=$(best "$lint" check "$corpus" --firefox-only --format concise)
policy_us=$(best "$lint" check "$corpus" --current-version 140 --statistics)
peak_kb=$(/usr/bin/time -f %M "$lint" check "$corpus" --firefox-only --format concise 2>&1 >/dev/null | tail -1)
echo "floor (span-less parse process): $((floor_us / 1000)).$(((floor_us % 1000) / 100)) ms"
echo "telemetry-lint check:            $((check_us / 1000)).$(((check_us % 1000) / 100)) ms"
awk -v c="$check_us" -v f="$floor_us" 'BEGIN { printf "ratio check/floor:               %.2f\n", c / f }'
echo "check with every policy rule:    $((policy_us / 1000)).$(((policy_us % 1000) / 100)) ms"
awk -v p="$policy_us" -v c="$check_us" 'BEGIN { printf "policy adds:                     %.1f%%\n", (p / c - 1) * 100 }'
echo "peak memory of check:            $((peak_kb / 1024)) MB"
