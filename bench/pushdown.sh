#!/usr/bin/env bash
# Discovery pushed down to DuckDB: bytes of aggregates read back for a 10 M-row, 30-attribute
# table, and each round's time; see bench/pushdown.py.
#
#   bash bench/pushdown.sh
#
# Environment: ICP_BENCH_ROWS (default 10000000), ICP_BENCH_OUT (default
# bench/results/pushdown-<date>.md), ICP_BENCH_PROFILE (cargo profile, default release).
# Uses bench/.venv as bench/sql.sh sets it up.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
VENV="$ROOT/bench/.venv"
PROFILE="${ICP_BENCH_PROFILE:-release}"

if [ ! -x "$VENV/bin/python" ]; then
    "${PYTHON:-python3}" -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import duckdb" 2>/dev/null; then
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "duckdb==2.0.1"
fi

if [ "$PROFILE" = release ]; then
    cargo build --release -p icp -p icp-bench -j2
    BIN="$TARGET/release"
else
    cargo build -p icp -p icp-bench -j2
    BIN="$TARGET/debug"
fi
"$VENV/bin/python" bench/pushdown.py --icp "$BIN/icp" --gen "$BIN/icp-gen" \
    --rows "${ICP_BENCH_ROWS:-10000000}" \
    --out "${ICP_BENCH_OUT:-bench/results/pushdown-$(date +%F).md}"
