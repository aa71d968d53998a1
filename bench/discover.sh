#!/usr/bin/env bash
# Discovery benchmark: `icp discover` vs optbinning's BinningProcess + scikit-learn's
# LogisticRegression doing the same job (binning, information values, selection by IV, a
# logistic model) on a 1,000,000-row x 30-attribute CSV with a planted target.
#
#   bash bench/discover.sh
#   ICP_BENCH_ROWS=200000 bash bench/discover.sh     # quick run
#
# Environment:
#   ICP_BENCH_ROWS          rows to generate (default 1000000); the file is
#                           bench-data/attributes_<ROWS>x<COLS>.csv
#   ICP_BENCH_COLS          attribute columns (default 30)
#   ICP_BENCH_FILE          benchmark this existing file instead (needs `id` and `won` columns)
#   ICP_BENCH_RUNS          runs per tool (default 3); medians are reported
#   ICP_BENCH_PEER_TIMEOUT  wall-time cap per optbinning run in seconds (default 900)
#   ICP_BENCH_PEER_JOBS     n_jobs for BinningProcess (default 1, its default)
#   ICP_BENCH_OUT           report path (default bench/results/discover-<date>.md)
#   PYTHON                  interpreter used to create bench/.venv (default python3)
#
# It installs what it needs: GNU time (Debian package `time`) when /usr/bin/time is missing,
# and pinned optbinning/scikit-learn/pandas in bench/.venv (the venv the other benchmarks use).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

OPTBINNING_VERSION=1.0.0
SKLEARN_VERSION=1.9.1
PANDAS_VERSION=3.1.1
ROWS="${ICP_BENCH_ROWS:-1000000}"
COLS="${ICP_BENCH_COLS:-30}"
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

# --- Python venv with pinned optbinning, scikit-learn and pandas -----------------------------
if [ ! -x "$VENV/bin/python" ]; then
    log "creating $VENV"
    if ! "${PYTHON:-python3}" -m venv "$VENV"; then
        rm -rf "$VENV"
        as_root apt-get install -y python3-venv || { as_root apt-get update && as_root apt-get install -y python3-venv; }
        "${PYTHON:-python3}" -m venv "$VENV"
    fi
fi
if ! "$VENV/bin/python" - "$OPTBINNING_VERSION" "$SKLEARN_VERSION" "$PANDAS_VERSION" 2>/dev/null <<'EOF'
import sys
import optbinning, sklearn, pandas
sys.exit((optbinning.__version__, sklearn.__version__, pandas.__version__) != tuple(sys.argv[1:4]))
EOF
then
    log "installing optbinning==$OPTBINNING_VERSION scikit-learn==$SKLEARN_VERSION pandas==$PANDAS_VERSION into $VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        "optbinning==$OPTBINNING_VERSION" "scikit-learn==$SKLEARN_VERSION" "pandas==$PANDAS_VERSION"
fi

# --- Rust binaries ----------------------------------------------------------------------------
log "building icp and icp-bench (release)"
ICP_BIN=""
LOAD_BIN=""
NOTE=""
if cargo build --release -p icp -p icp-bench -j2; then
    ICP_BIN="$TARGET/release/icp"
    LOAD_BIN="$TARGET/release/icp-load-bench"
else
    echo "WARNING: icp did not build; benchmarking optbinning + scikit-learn only" >&2
    cargo build --release -p icp-bench --no-default-features --bin icp-gen -j2
    NOTE="icp failed to build at $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
fi
GEN="$TARGET/release/icp-gen"

# --- data ---------------------------------------------------------------------------------------
if [ -n "${ICP_BENCH_FILE:-}" ]; then
    FILE="$ICP_BENCH_FILE"
else
    FILE="bench-data/attributes_${ROWS}x${COLS}.csv"
    if [ ! -s "$FILE" ]; then
        log "generating $FILE"
        mkdir -p "$(dirname "$FILE")"
        "$GEN" attributes --rows "$ROWS" --cols "$COLS" --seed "$SEED" -o "$FILE.tmp"
        mv "$FILE.tmp" "$FILE"
    else
        log "using existing $FILE"
    fi
fi
WORK="bench-data/discover_$(basename "$FILE" .csv)"

# --- run ----------------------------------------------------------------------------------------
OUT="${ICP_BENCH_OUT:-bench/results/discover-$(date +%F).md}"
log "running $RUNS rounds"
ARGS=(--file "$FILE" --work "$WORK" --runs "$RUNS" --out "$OUT"
      --icp "$ICP_BIN" --load-bench "$LOAD_BIN"
      --peer-timeout "${ICP_BENCH_PEER_TIMEOUT:-900}" --peer-jobs "${ICP_BENCH_PEER_JOBS:-1}")
if [ -n "$NOTE" ]; then
    ARGS+=(--note "$NOTE")
fi
if [ -n "${ICP_BENCH_FILE:-}" ]; then
    ARGS+=(--planted "")   # not an icp-gen file: the planted drivers are unknown
fi
"$VENV/bin/python" bench/discover.py "${ARGS[@]}"
