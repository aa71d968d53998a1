#!/usr/bin/env bash
# Web UI benchmark: server-side page times (goal: at most 50 ms median and p95) and the
# template editor's effect (at most 300 ms) on a project of 100,000 accounts; pages under
# 300 KB.
#
#   bash bench/ui/ui.sh
#   ICP_BENCH_ROWS=20000 bash bench/ui/ui.sh          # quick run
#
# Environment: ICP_BENCH_ROWS accounts (default 100000), ICP_BENCH_RUNS timed runs per
# request (default 30).
#
# The accounts and deals come from `icp-gen accounts` (seed 42), the leads from another seed
# (10,000); a release `icp serve --local` on a fresh SQLite database in a temporary folder;
# bench/ui/ui_bench.py drives it over loopback with keep-alive (one client).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
ROWS="${ICP_BENCH_ROWS:-100000}"
RUNS="${ICP_BENCH_RUNS:-30}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"

echo "== building icp and icp-gen (release)" >&2
cargo build --release -q -j2 -p icp
cargo build --release -q -j2 -p icp-bench --no-default-features --bin icp-gen

work=$(mktemp -d)
server=""
cleanup() {
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

"$TARGET/release/icp-gen" accounts --rows "$ROWS" --deals "$work/deals.csv" -o "$work/accounts.csv"
"$TARGET/release/icp-gen" accounts --rows 10000 --seed 7 -o "$work/leads.csv"

"$TARGET/release/icp" serve --db "$work/icp.db" --data-dir "$work/data" --addr 127.0.0.1:0 \
    --local --log-level warn >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 1 100); do
    grep -q "listening on" "$work/serve.out" 2>/dev/null && break
    sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$work/serve.out" | head -1)
[ -n "$url" ] || { cat "$work/serve.err" >&2; exit 1; }

echo "== $(nproc) cores; icp $("$TARGET/release/icp" --version)" >&2
python3 bench/ui/ui_bench.py --url "$url" --runs "$RUNS" \
    --accounts "$work/accounts.csv" --deals "$work/deals.csv" --leads "$work/leads.csv"
