#!/usr/bin/env bash
# Scoring benchmark: `icp score` vs DuckDB running the same scorecard as SQL, on a
# 2-million-row CSV with 10 attribute columns; a memory check at 4x the rows; and the
# in-memory scoring kernel's rows/s per core.
#
#   bash bench/score.sh
#
# Environment:
#   ICP_BENCH_ROWS    rows to score (default 2000000); the memory check uses 4x as many
#   ICP_BENCH_RUNS    runs per tool (default 3); medians are reported
#   ICP_BENCH_MEMORY  set to 0 to skip the 4x memory check
#   ICP_BENCH_OUT     report path (default bench/results/score-<date>.md)
#   PYTHON            interpreter used to create bench/.venv (default python3)
#
# It installs what it needs: GNU time (Debian package `time`) when /usr/bin/time is missing,
# and pinned duckdb in bench/.venv (the venv bench/load.sh uses).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

DUCKDB_VERSION=2.0.1
ROWS="${ICP_BENCH_ROWS:-2000000}"
RUNS="${ICP_BENCH_RUNS:-3}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
VENV="$ROOT/bench/.venv"

log() { printf '\n== %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if [ ! -x /usr/bin/time ]; then
    log "installing GNU time (Debian package \`time\`)"
    as_root apt-get install -y time || { as_root apt-get update && as_root apt-get install -y time; }
fi

if [ ! -x "$VENV/bin/python" ]; then
    log "creating $VENV"
    if ! "${PYTHON:-python3}" -m venv "$VENV"; then
        rm -rf "$VENV"
        as_root apt-get install -y python3-venv || { as_root apt-get update && as_root apt-get install -y python3-venv; }
        "${PYTHON:-python3}" -m venv "$VENV"
    fi
fi
if ! "$VENV/bin/python" -c "import duckdb, sys; sys.exit(duckdb.__version__ != '$DUCKDB_VERSION')" 2>/dev/null; then
    log "installing duckdb==$DUCKDB_VERSION into $VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "duckdb==$DUCKDB_VERSION"
fi

log "building icp and icp-bench (release)"
cargo build --release -p icp -p icp-bench -j2

ARGS=(--rows "$ROWS" --runs "$RUNS"
      --icp "$TARGET/release/icp"
      --gen "$TARGET/release/icp-gen"
      --kernel "$TARGET/release/icp-score-kernel"
      --out "${ICP_BENCH_OUT:-bench/results/score-$(date +%F).md}")
if [ "${ICP_BENCH_MEMORY:-1}" = "0" ]; then
    ARGS+=(--no-memory-check)
fi
"$VENV/bin/python" bench/score.py "${ARGS[@]}"
