#!/usr/bin/env bash
# Scoring 10 M rows inside DuckDB with icp's own SQL (`icp sql --dialect duckdb`) beside
# `icp score` on the same data as CSV; see bench/sql.py.
#
#   bash bench/sql.sh
#
# Environment: ICP_BENCH_ROWS (default 10000000), ICP_BENCH_RUNS (default 3), ICP_BENCH_OUT
# (default bench/results/sql-<date>.md). Uses bench/.venv and GNU time as bench/score.sh
# installs them (run that first on a fresh machine, or let this script call its setup).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
VENV="$ROOT/bench/.venv"

if [ ! -x /usr/bin/time ]; then
    apt-get install -y time || { apt-get update && apt-get install -y time; }
fi
if [ ! -x "$VENV/bin/python" ]; then
    "${PYTHON:-python3}" -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import duckdb" 2>/dev/null; then
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "duckdb==2.0.1"
fi

cargo build --release -p icp -p icp-bench -j2
"$VENV/bin/python" bench/sql.py --icp "$TARGET/release/icp" --gen "$TARGET/release/icp-gen" \
    --rows "${ICP_BENCH_ROWS:-10000000}" --runs "${ICP_BENCH_RUNS:-3}" \
    --out "${ICP_BENCH_OUT:-bench/results/sql-$(date +%F).md}"
