#!/usr/bin/env bash
# RFM benchmark: icp (icp_io reader + icp_orders::rfm) vs pandas doing the same cleaning,
# orders, RFM values, quintile scores and groups on the 541,909 UCI Online Retail lines.
# The goal: RFM over those lines in <= 1 s on the standard machine (2 cores).
#
#   bash bench/rfm.sh
#
# Environment:
#   ICP_BENCH_FILE   order-line file in the Online Retail layout (default: the shared copy,
#                    $ICP_DATASETS/uci-online-retail/online_retail.csv.gz, where ICP_DATASETS
#                    defaults to ../shared/datasets beside the repository)
#   ICP_BENCH_RUNS   runs per tool (default 3); medians are reported
#   ICP_BENCH_OUT    report path (default bench/results/rfm-<date>.md)
#   PYTHON           interpreter used to create bench/.venv (default python3)
#
# It installs what it needs: GNU time (Debian package `time`) when /usr/bin/time is missing,
# and pinned pandas in bench/.venv (the venv the other benchmarks use).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PANDAS_VERSION=3.1.1
RUNS="${ICP_BENCH_RUNS:-3}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
VENV="$ROOT/bench/.venv"
DATASETS="${ICP_DATASETS:-$ROOT/../shared/datasets}"
FILE="${ICP_BENCH_FILE:-$DATASETS/uci-online-retail/online_retail.csv.gz}"

log() { printf '\n== %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if [ ! -s "$FILE" ]; then
    echo "rfm.sh: $FILE not found (set ICP_BENCH_FILE or ICP_DATASETS)" >&2
    exit 1
fi
FILE="$(cd "$(dirname "$FILE")" && pwd)/$(basename "$FILE")"

# --- GNU time -------------------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
    log "installing GNU time (Debian package \`time\`)"
    as_root apt-get install -y time || { as_root apt-get update && as_root apt-get install -y time; }
fi

# --- Python venv with pinned pandas ---------------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
    log "creating $VENV"
    if ! "${PYTHON:-python3}" -m venv "$VENV"; then
        rm -rf "$VENV"
        as_root apt-get install -y python3-venv || { as_root apt-get update && as_root apt-get install -y python3-venv; }
        "${PYTHON:-python3}" -m venv "$VENV"
    fi
fi
if ! "$VENV/bin/python" -c "import pandas, sys; sys.exit(pandas.__version__ != '$PANDAS_VERSION')" 2>/dev/null; then
    log "installing pandas==$PANDAS_VERSION into $VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "pandas==$PANDAS_VERSION"
fi

# --- Rust binary ------------------------------------------------------------------------------
# Only this benchmark's binary, so that another binary of icp-bench being mid-change does not
# stop it.
log "building icp-rfm-bench (release)"
ICP_BIN=""
NOTE=""
if cargo build --release -p icp-bench -j2 --bin icp-rfm-bench; then
    ICP_BIN="$TARGET/release/icp-rfm-bench"
else
    echo "WARNING: icp-rfm-bench did not build; benchmarking pandas only" >&2
    NOTE="icp-rfm-bench failed to build at $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
fi

# --- run ----------------------------------------------------------------------------------------
OUT="${ICP_BENCH_OUT:-bench/results/rfm-$(date +%F).md}"
log "running $RUNS rounds on $FILE"
ARGS=(--file "$FILE" --runs "$RUNS" --out "$OUT" --icp "$ICP_BIN")
if [ -n "$NOTE" ]; then
    ARGS+=(--note "$NOTE")
fi
"$VENV/bin/python" bench/rfm.py "${ARGS[@]}"
