#!/usr/bin/env bash
# People benchmark: `icp chain` and `icp personas` on about a million generated contacts
# (icp-gen people: accounts, deals and contacts with a planted decision chain and planted
# personas). The goal: each command, reading all three tables included, in <= 3 s on the
# standard machine (2 cores), release build, median of the runs.
#
#   bash bench/people.sh
#
# Environment:
#   ICP_BENCH_ACCOUNTS  accounts to generate (default 170000, which gives about 1 M contacts)
#   ICP_BENCH_RUNS      runs per command (default 5); medians are reported
#   ICP_BENCH_OUT       report path (default bench/results/people-<date>.md)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

ACCOUNTS="${ICP_BENCH_ACCOUNTS:-170000}"
RUNS="${ICP_BENCH_RUNS:-5}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
OUT="${ICP_BENCH_OUT:-$ROOT/bench/results/people-$(date -u +%F).md}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

log() { printf '\n== %s\n' "$*" >&2; }

log "building icp and icp-gen (release)"
cargo build --release -j2 -p icp -p icp-bench --bin icp --bin icp-gen >&2
ICP="$TARGET/release/icp"

log "generating $ACCOUNTS accounts with their deals and contacts"
"$TARGET/release/icp-gen" people --rows "$ACCOUNTS" -o "$WORK" 2>&1 | tee "$WORK/gen.log" >&2
CONTACTS=$(($(wc -l < "$WORK/contacts.csv") - 1))

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

run() {
    local name="$1"
    shift
    local times=()
    for _ in $(seq "$RUNS"); do
        local start end
        start=$(date +%s.%N)
        (cd "$WORK" && "$ICP" -q "$@" > /dev/null)
        end=$(date +%s.%N)
        times+=("$(echo "$end - $start" | bc)")
    done
    printf '%s\n' "${times[@]}" | median
}

log "icp chain, $RUNS runs"
CHAIN=$(run chain chain --json)
log "icp personas, $RUNS runs"
PERSONAS=$(run personas personas --json)

mkdir -p "$(dirname "$OUT")"
{
    echo "# People benchmark ($(date -u +%F))"
    echo
    echo "$(nproc) cores; $ACCOUNTS accounts, $CONTACTS contacts (icp-gen people, seed 42);"
    echo "release build; wall time of the whole command (reading the three CSV tables included),"
    echo "median of $RUNS runs. Goal: <= 3 s each."
    echo
    echo "| command | median (s) |"
    echo "|---|---|"
    echo "| icp chain --json | $CHAIN |"
    echo "| icp personas --json | $PERSONAS |"
} > "$OUT"
cat "$OUT"
