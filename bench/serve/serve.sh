#!/usr/bin/env bash
# `icp serve` benchmark: one lead per request under load (wrk, 64 connections) beside a
# FastAPI + uvicorn service with the same scorecard, and a 1 M-lead batch over HTTP beside
# `icp score` on the same file. See bench/serve/README.md.
#
#   bash bench/serve/serve.sh
#
# Environment:
#   ICP_BENCH_ROWS     leads in the batch file (default 1000000)
#   ICP_BENCH_SECONDS  seconds of load per service (default 20; 60 for the memory check)
#   ICP_BENCH_RUNS     batch runs per side (default 3); medians are reported
#   ICP_BENCH_OUT      report path (default bench/results/serve-<date>.md)
#   PYTHON             interpreter that creates bench/.venv (default python3)
#
# It installs what it needs: wrk (Debian package) and fastapi + uvicorn in bench/.venv.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

FASTAPI_VERSION=0.115.12
UVICORN_VERSION=0.34.2
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
VENV="$ROOT/bench/.venv"

log() { printf '\n== %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v wrk >/dev/null; then
    log "installing wrk (Debian package)"
    as_root apt-get install -y wrk || { as_root apt-get update && as_root apt-get install -y wrk; }
fi
if [ ! -x "$VENV/bin/python" ]; then
    log "creating $VENV"
    "${PYTHON:-python3}" -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import fastapi, uvicorn, sys; sys.exit(fastapi.__version__ != '$FASTAPI_VERSION' or uvicorn.__version__ != '$UVICORN_VERSION')" 2>/dev/null; then
    log "installing fastapi==$FASTAPI_VERSION uvicorn[standard]==$UVICORN_VERSION into $VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        "fastapi==$FASTAPI_VERSION" "uvicorn[standard]==$UVICORN_VERSION"
fi

log "building icp (release)"
cargo build --release -p icp -j2

"$VENV/bin/python" bench/serve/bench.py --icp "$TARGET/release/icp" --python "$VENV/bin/python" \
    --rows "${ICP_BENCH_ROWS:-1000000}" --seconds "${ICP_BENCH_SECONDS:-20}" \
    --runs "${ICP_BENCH_RUNS:-3}" ${ICP_BENCH_OUT:+--out "$ICP_BENCH_OUT"}
