#!/usr/bin/env bash
# Load benchmark: icp's reader vs DuckDB vs polars on a ~1 GB synthetic accounts CSV.
#
#   bash bench/load.sh
#
# Environment:
#   ICP_BENCH_ROWS   accounts to generate (default 7200000, about 1 GB); when set, the file is
#                    bench-data/accounts_<ROWS>.csv instead of bench-data/accounts_1gb.csv
#   ICP_BENCH_FILE   benchmark this existing file instead (skips generation)
#   ICP_BENCH_RUNS   runs per tool (default 3); medians are reported
#   ICP_BENCH_OUT    report path (default bench/results/load-<date>.md)
#   PYTHON           interpreter used to create bench/.venv (default python3)
#
# Everything it needs is installed by it: GNU time (Debian package `time`) when /usr/bin/time
# is missing, and pinned duckdb/polars in bench/.venv.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

DUCKDB_VERSION=2.0.1
POLARS_VERSION=2.1.0
DEFAULT_ROWS=7200000
RUNS="${ICP_BENCH_RUNS:-3}"
SEED=42
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
VENV="$ROOT/bench/.venv"

log() { printf '\n== %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- GNU time -------------------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
    log "installing GNU time (Debian package \`time\`)"
    as_root apt-get install -y time || { as_root apt-get update && as_root apt-get install -y time; }
fi

# --- Python venv with pinned duckdb and polars ----------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
    log "creating $VENV"
    if ! "${PYTHON:-python3}" -m venv "$VENV"; then
        rm -rf "$VENV"
        as_root apt-get install -y python3-venv || { as_root apt-get update && as_root apt-get install -y python3-venv; }
        "${PYTHON:-python3}" -m venv "$VENV"
    fi
fi
log "installing duckdb==$DUCKDB_VERSION polars==$POLARS_VERSION into $VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "duckdb==$DUCKDB_VERSION" "polars==$POLARS_VERSION"

# --- Rust binaries ----------------------------------------------------------------------------
log "building icp-bench (release)"
ICP_BIN=""
NOTE=""
if cargo build --release -p icp-bench -j2; then
    ICP_BIN="$TARGET/release/icp-load-bench"
else
    echo "WARNING: icp-load-bench did not build (is icp_io::read_table there yet?);" \
        "benchmarking DuckDB and polars only" >&2
    cargo build --release -p icp-bench --no-default-features --bin icp-gen -j2
    NOTE="icp-load-bench failed to build at $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
fi
GEN="$TARGET/release/icp-gen"

# --- data ---------------------------------------------------------------------------------------
if [ -n "${ICP_BENCH_FILE:-}" ]; then
    FILE="$ICP_BENCH_FILE"
elif [ -n "${ICP_BENCH_ROWS:-}" ]; then
    FILE="bench-data/accounts_${ICP_BENCH_ROWS}.csv"
else
    FILE="bench-data/accounts_1gb.csv"
fi
if [ ! -s "$FILE" ]; then
    log "generating $FILE"
    mkdir -p "$(dirname "$FILE")"
    "$GEN" accounts --rows "${ICP_BENCH_ROWS:-$DEFAULT_ROWS}" --seed "$SEED" -o "$FILE.tmp"
    mv "$FILE.tmp" "$FILE"
else
    log "using existing $FILE"
fi

# --- run ----------------------------------------------------------------------------------------
OUT="${ICP_BENCH_OUT:-bench/results/load-$(date +%F).md}"
log "running $RUNS rounds"
ARGS=(--file "$FILE" --runs "$RUNS" --out "$OUT" --icp "$ICP_BIN")
if [ -n "$NOTE" ]; then
    ARGS+=(--note "$NOTE")
fi
"$VENV/bin/python" bench/load.py "${ARGS[@]}"
