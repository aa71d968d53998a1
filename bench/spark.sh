#!/usr/bin/env bash
# Scoring 10 M rows in Apache Spark (local mode) with icp's own SQL (`icp sql --dialect
# spark`) beside `icp score` on the same CSV, and a check that Spark's plan scores every row
# where it is read (no shuffle, sort or single-partition step); see bench/spark.py.
#
#   bash bench/spark.sh
#
# Environment: ICP_BENCH_ROWS (default 10000000), ICP_BENCH_RUNS (default 1), ICP_BENCH_OUT
# (default bench/results/spark-<date>.md). PySpark, DuckDB (to compare the outputs) and a
# Java runtime come from scripts/sql-engines.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"

if [ ! -x /usr/bin/time ]; then
    apt-get install -y time || { apt-get update && apt-get install -y time; }
fi
PYTHON_WITH_ENGINES="$(bash scripts/sql-engines.sh spark | tail -1)"
cargo build --release -p icp -p icp-bench -j2
"$PYTHON_WITH_ENGINES" bench/spark.py --icp "$TARGET/release/icp" --gen "$TARGET/release/icp-gen" \
    --rows "${ICP_BENCH_ROWS:-10000000}" --runs "${ICP_BENCH_RUNS:-1}" \
    --out "${ICP_BENCH_OUT:-bench/results/spark-$(date +%F).md}"
