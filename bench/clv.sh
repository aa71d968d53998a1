#!/usr/bin/env bash
# CLV benchmark: icp's BG/NBD + Gamma-Gamma fits vs lifetimes on the CDNOW summaries.
#
#   bash bench/clv.sh
#
# Environment:
#   ICP_DATASETS     folder holding cdnow-transactions/ (default ../shared/datasets beside the
#                    repository, as the tests use)
#   ICP_BENCH_RUNS   processes per tool (default 5); medians are reported
#   ICP_BENCH_REPEAT fits per process (default 10); each process reports its median
#   ICP_BENCH_OUT    report path (default bench/results/clv-<date>.md)
#   PYTHON           interpreter used to create bench/.venv (default python3)
#
# Everything it needs is installed by it: GNU time (Debian package `time`) when /usr/bin/time
# is missing, and pinned lifetimes (with the numpy/pandas/scipy it was checked with) in
# bench/.venv.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# lifetimes 0.11.3 (2020, archived) works unchanged with these current versions; checked on
# Python 3.11 (fit, predictions, customer_lifetime_value).
LIFETIMES_VERSION=0.11.3
AUTOGRAD_VERSION=1.9.1
DILL_VERSION=0.4.1
NUMPY_VERSION=2.4.6
PANDAS_VERSION=3.1.1
SCIPY_VERSION=1.17.1
RUNS="${ICP_BENCH_RUNS:-5}"
REPEAT="${ICP_BENCH_REPEAT:-10}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
VENV="$ROOT/bench/.venv"
DATA="${ICP_DATASETS:-$ROOT/../shared/datasets}/cdnow-transactions"

log() { printf '\n== %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if [ ! -s "$DATA/cdnow_customers_summary.csv" ] || [ ! -s "$DATA/cdnow_customers_summary_with_transactions.csv" ]; then
    echo "error: the CDNOW summaries are not in $DATA (set ICP_DATASETS)" >&2
    exit 1
fi

# --- GNU time -------------------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
    log "installing GNU time (Debian package \`time\`)"
    as_root apt-get install -y time || { as_root apt-get update && as_root apt-get install -y time; }
fi

# --- Python venv with pinned lifetimes --------------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
    log "creating $VENV"
    if ! "${PYTHON:-python3}" -m venv "$VENV"; then
        rm -rf "$VENV"
        as_root apt-get install -y python3-venv || { as_root apt-get update && as_root apt-get install -y python3-venv; }
        "${PYTHON:-python3}" -m venv "$VENV"
    fi
fi
if ! "$VENV/bin/python" - "$LIFETIMES_VERSION" "$NUMPY_VERSION" "$PANDAS_VERSION" "$SCIPY_VERSION" 2>/dev/null <<'EOF'
import sys, warnings
warnings.simplefilter("ignore")
import lifetimes, numpy, pandas, scipy
sys.exit((lifetimes.__version__, numpy.__version__, pandas.__version__, scipy.__version__) != tuple(sys.argv[1:5]))
EOF
then
    log "installing lifetimes==$LIFETIMES_VERSION (numpy==$NUMPY_VERSION pandas==$PANDAS_VERSION scipy==$SCIPY_VERSION) into $VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        "lifetimes==$LIFETIMES_VERSION" "autograd==$AUTOGRAD_VERSION" "dill==$DILL_VERSION" \
        "numpy==$NUMPY_VERSION" "pandas==$PANDAS_VERSION" "scipy==$SCIPY_VERSION"
fi

# --- Rust binary --------------------------------------------------------------------------------
log "building icp-clv-bench (release)"
ICP_BIN=""
NOTE=""
if cargo build --release -p icp-bench --no-default-features --features clv --bin icp-clv-bench -j2; then
    ICP_BIN="$TARGET/release/icp-clv-bench"
else
    echo "WARNING: icp-clv-bench did not build; benchmarking lifetimes only" >&2
    NOTE="icp-clv-bench failed to build at $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
fi

# --- run ----------------------------------------------------------------------------------------
OUT="${ICP_BENCH_OUT:-bench/results/clv-$(date +%F).md}"
log "running $RUNS rounds of $REPEAT fits"
ARGS=(--data "$DATA" --runs "$RUNS" --repeat "$REPEAT" --out "$OUT" --icp "$ICP_BIN")
if [ -n "$NOTE" ]; then
    ARGS+=(--note "$NOTE")
fi
"$VENV/bin/python" bench/clv.py "${ARGS[@]}"
