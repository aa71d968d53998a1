#!/usr/bin/env bash
# k-prototypes benchmark: icp_segment::kprototypes::fit vs the Python kmodes package on
# 10 000 rows x 20 mixed columns (same k, Cao init, n_init, gamma rule), plus icp alone on
# 1 000 000 rows.
#
#   bash bench/kprototypes.sh
#
# Environment:
#   ICP_BENCH_ROWS        rows of the comparison file (default 10000)
#   ICP_BENCH_BIG_ROWS    rows of the icp-only run (default 1000000; 0 skips it)
#   ICP_BENCH_K           clusters (default 5)
#   ICP_BENCH_N_INIT      restarts on both sides (default 10)
#   ICP_BENCH_RUNS        runs per tool (default 3); medians are reported
#   ICP_BENCH_PEER_JOBS   kmodes' n_jobs (default 1, its default)
#   ICP_BENCH_SEED        data and algorithm seed (default 42)
#   ICP_BENCH_OUT         report path (default bench/results/kprototypes-<date>.md)
#   PYTHON                interpreter used to create bench/.venv (default python3)
#
# Everything it needs is installed by it: pinned kmodes (with numpy, scikit-learn, pandas)
# in bench/.venv, and the release build of icp-kproto-bench.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

KMODES_VERSION=0.12.2
PANDAS_VERSION=3.1.1
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
VENV="$ROOT/bench/.venv"

log() { printf '\n== %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- Python venv with pinned kmodes -----------------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
    log "creating $VENV"
    if ! "${PYTHON:-python3}" -m venv "$VENV"; then
        rm -rf "$VENV"
        as_root apt-get install -y python3-venv || { as_root apt-get update && as_root apt-get install -y python3-venv; }
        "${PYTHON:-python3}" -m venv "$VENV"
    fi
fi
if ! "$VENV/bin/python" - "$KMODES_VERSION" "$PANDAS_VERSION" 2>/dev/null <<'EOF'
import sys
import kmodes, pandas
sys.exit((kmodes.__version__, pandas.__version__) != tuple(sys.argv[1:3]))
EOF
then
    log "installing kmodes==$KMODES_VERSION pandas==$PANDAS_VERSION into $VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        "kmodes==$KMODES_VERSION" "pandas==$PANDAS_VERSION"
fi

# --- Rust binary ------------------------------------------------------------------------------
log "building icp-kproto-bench (release)"
cargo build --release -p icp-bench --bin icp-kproto-bench -j2

# --- run --------------------------------------------------------------------------------------
ARGS=(run --icp "$TARGET/release/icp-kproto-bench"
      --rows "${ICP_BENCH_ROWS:-10000}" --big-rows "${ICP_BENCH_BIG_ROWS:-1000000}"
      --k "${ICP_BENCH_K:-5}" --n-init "${ICP_BENCH_N_INIT:-10}" --runs "${ICP_BENCH_RUNS:-3}"
      --peer-jobs "${ICP_BENCH_PEER_JOBS:-1}" --seed "${ICP_BENCH_SEED:-42}")
if [ -n "${ICP_BENCH_OUT:-}" ]; then
    ARGS+=(--out "$ICP_BENCH_OUT")
fi
"$VENV/bin/python" bench/kprototypes.py "${ARGS[@]}"
