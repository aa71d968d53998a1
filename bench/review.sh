#!/usr/bin/env bash
# Review benchmark: `icp review` of 1,000,000 new accounts against a 10-attribute profile
# (goal: at most 2 s for the whole review, 0.5 s for the drift part).
#
#   bash bench/review.sh
#   ICP_BENCH_ROWS=200000 bash bench/review.sh        # quick run
#
# Environment:
#   ICP_BENCH_ROWS    new accounts to review (default 1000000)
#   ICP_BENCH_LEARN   accounts the profile learns from (default 200000)
#   ICP_BENCH_RUNS    runs of each timing (default 3); medians are reported
#
# Both files come from `icp-gen accounts` (different seeds, same planted ICP); the project is
# what `icp init` proposes for the learning file (golden rule `won`), the profile what
# `icp discover --max-attributes 10` writes. `icp-review-bench` times, in one process,
# reading the new export, the review without re-discovery (the drift part: population drift,
# evidence, performance, tier validation, recommendation) and the whole review (with a
# fresh profile, its diff and the tier migration); GNU time gives the CLI's wall time and
# peak memory for `icp review NEW --json` from start to exit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ROWS="${ICP_BENCH_ROWS:-1000000}"
LEARN="${ICP_BENCH_LEARN:-200000}"
RUNS="${ICP_BENCH_RUNS:-3}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
WORK="bench-data/review_${LEARN}_${ROWS}"

log() { printf '\n== %s\n' "$*" >&2; }

if [ ! -x /usr/bin/time ]; then
    log "installing GNU time (Debian package \`time\`)"
    if [ "$(id -u)" -eq 0 ]; then apt-get install -y time; else sudo apt-get install -y time; fi
fi

log "building icp and icp-bench (release)"
cargo build --release -p icp -p icp-bench -j2
ICP="$TARGET/release/icp"

mkdir -p "$WORK"
if [ ! -s "$WORK/learn.csv" ]; then
    "$TARGET/release/icp-gen" accounts --rows "$LEARN" --seed 42 -o "$WORK/learn.csv.tmp"
    mv "$WORK/learn.csv.tmp" "$WORK/learn.csv"
fi
if [ ! -s "$WORK/new.csv" ]; then
    "$TARGET/release/icp-gen" accounts --rows "$ROWS" --seed 43 -o "$WORK/new.csv.tmp"
    mv "$WORK/new.csv.tmp" "$WORK/new.csv"
fi
if [ ! -s "$WORK/profile.toml" ]; then
    log "icp init and icp discover --max-attributes 10 on $LEARN accounts"
    (cd "$WORK" && "$ICP" --force init -q learn.csv && "$ICP" discover -q --max-attributes 10 >/dev/null)
fi
ATTRS=$(grep -c '^\[\[attributes\]\]' "$WORK/profile.toml")
log "the profile has $ATTRS attributes"

log "icp-review-bench ($RUNS runs)"
"$TARGET/release/icp-review-bench" "$WORK/icp.toml" "$WORK/profile.toml" "$WORK/new.csv" --runs "$RUNS"

log "icp review new.csv --json (whole process, GNU time: wall seconds, peak KiB)"
for _ in $(seq "$RUNS"); do
    (cd "$WORK" && /usr/bin/time -f '%e s %M KiB' "$ICP" review new.csv --json -q --date 2026-12-05 >/dev/null)
done
