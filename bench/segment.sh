#!/usr/bin/env bash
# `icp segment` on many accounts: every family, clusters with k chosen on a sample, the
# memberships file written. Goal (issue 17): 2 M accounts in <= 20 s and <= 500 MB.
#
#   bash bench/segment.sh
#   ICP_BENCH_ROWS=200000 bash bench/segment.sh     # quick run
#
# Environment:
#   ICP_BENCH_ROWS   accounts (default 2000000), `icp-gen accounts --seed 42`
#   ICP_BENCH_RUNS   runs (default 3); medians are reported
#   ICP_BENCH_K      `--k K` instead of choosing k (default: chosen)
#   ICP_BENCH_OUT    report path (default bench/results/segment-<date>.md)
#
# No peer runs at this size: kmodes' k-prototypes takes 46 s on 10,000 rows (see
# bench/kprototypes.sh, which compares the clustering itself on equal terms).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
ROWS="${ICP_BENCH_ROWS:-2000000}"
RUNS="${ICP_BENCH_RUNS:-3}"
OUT="${ICP_BENCH_OUT:-bench/results/segment-$(date -u +%F).md}"
DIR="bench-data/segment_$ROWS"

if [ ! -x /usr/bin/time ]; then
    if [ "$(id -u)" -eq 0 ]; then apt-get install -y time; else sudo apt-get install -y time; fi
fi
cargo build --release -p icp -p icp-bench -j2
mkdir -p "$DIR"
if [ ! -f "$DIR/accounts.csv" ]; then
    "$TARGET/release/icp-gen" accounts --rows "$ROWS" --seed 42 -o "$DIR/accounts.csv.tmp"
    mv "$DIR/accounts.csv.tmp" "$DIR/accounts.csv"
fi
(cd "$DIR" && "$TARGET/release/icp" init accounts.csv --golden won -o icp.toml --force -q)
cat "$DIR/accounts.csv" > /dev/null # warm the page cache

K_ARGS=()
if [ -n "${ICP_BENCH_K:-}" ]; then K_ARGS=(--k "$ICP_BENCH_K"); fi
BASE=("$TARGET/release/icp" segment -p icp.toml -o segments.csv --force "${K_ARGS[@]}")
CMD=("${BASE[@]}" -q)
LOAD_BEFORE="$(cut -d' ' -f1 /proc/loadavg)"
: > "$DIR/times.txt"
for _ in $(seq "$RUNS"); do
    (cd "$DIR" && /usr/bin/time -f '%e %U %S %M' -a -o times.txt "${CMD[@]}" > /dev/null)
done
LOAD_AFTER="$(cut -d' ' -f1 /proc/loadavg)"
# One more run for the clustering's note (k, columns, cost, iterations).
NOTE="$(cd "$DIR" && "${BASE[@]}" 2>&1 | grep '^note: .*clusters' || true)"

python3 - "$DIR/times.txt" "$OUT" "$ROWS" "$LOAD_BEFORE" "$LOAD_AFTER" "$NOTE" "${CMD[*]}" <<'EOF'
import datetime, statistics, sys
times, out, rows, before, after, note, cmd = sys.argv[1:8]
runs = [list(map(float, l.split())) for l in open(times) if l.strip() and l[0].isdigit()]
med = lambda i: statistics.median(r[i] for r in runs)
report = f"""# `icp segment` benchmark, {datetime.date.today()}

- data: `icp-gen accounts --rows {rows} --seed 42`, project by `icp init accounts.csv --golden won`
- command (in `bench-data/segment_{rows}/`): `{cmd}`
- {len(runs)} runs; load average (1 min) before / after: {before} / {after} (2 cores, shared)
- {note.removeprefix('note: ')}

| wall s (median) | user s | sys s | peak RSS MB |
|---:|---:|---:|---:|
| {med(0):.2f} | {med(1):.2f} | {med(2):.2f} | {med(3) / 1024:.0f} |

Per run (wall, user, sys, KB): {'; '.join(' '.join(f'{x:g}' for x in r) for r in runs)}
"""
open(out, "w").write(report)
print(report)
EOF
