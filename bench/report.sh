#!/usr/bin/env bash
# `icp report` on many accounts: discovery, the proof (one cross-validation, shared with
# discovery's own measurement), the scored list, segments with k chosen on a sample, in one
# self-contained HTML page. Goal (issue 17): 100,000 accounts in <= 5 s.
#
#   bash bench/report.sh
#   ICP_BENCH_ROWS=20000 bash bench/report.sh     # quick run
#
# Environment:
#   ICP_BENCH_ROWS   accounts (default 100000), `icp-gen accounts --seed 42`
#   ICP_BENCH_RUNS   runs (default 3); medians are reported
#   ICP_BENCH_OUT    report path (default bench/results/report-<date>.md)
#
# The project is `icp init accounts.csv --golden won`, then `icp discover` (as a user runs
# it before the report); only `icp report` is timed. No peer makes this page.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
ROWS="${ICP_BENCH_ROWS:-100000}"
RUNS="${ICP_BENCH_RUNS:-3}"
OUT="${ICP_BENCH_OUT:-bench/results/report-$(date -u +%F).md}"
DIR="bench-data/report_$ROWS"

if [ ! -x /usr/bin/time ]; then
    if [ "$(id -u)" -eq 0 ]; then apt-get install -y time; else sudo apt-get install -y time; fi
fi
cargo build --release -p icp -p icp-bench --bin icp --bin icp-gen -j2
mkdir -p "$DIR"
if [ ! -f "$DIR/accounts.csv" ]; then
    "$TARGET/release/icp-gen" accounts --rows "$ROWS" --seed 42 -o "$DIR/accounts.csv.tmp"
    mv "$DIR/accounts.csv.tmp" "$DIR/accounts.csv"
fi
(
    cd "$DIR"
    rm -f profile.toml
    "$TARGET/release/icp" init accounts.csv --golden won -o icp.toml --force -q
    "$TARGET/release/icp" discover -q > /dev/null
)
cat "$DIR/accounts.csv" > /dev/null # warm the page cache

CMD=("$TARGET/release/icp" report -p icp.toml -o report.html -q)
LOAD_BEFORE="$(cut -d' ' -f1 /proc/loadavg)"
: > "$DIR/times.txt"
for _ in $(seq "$RUNS"); do
    (cd "$DIR" && /usr/bin/time -f '%e %U %S %M' -a -o times.txt "${CMD[@]}" > /dev/null)
done
LOAD_AFTER="$(cut -d' ' -f1 /proc/loadavg)"

python3 - "$DIR/times.txt" "$OUT" "$ROWS" "$LOAD_BEFORE" "$LOAD_AFTER" "${CMD[*]}" <<'PY'
import datetime, statistics, sys
times, out, rows, before, after, cmd = sys.argv[1:7]
runs = [list(map(float, l.split())) for l in open(times) if l.strip() and l[0].isdigit()]
med = lambda i: statistics.median(r[i] for r in runs)
report = f"""# `icp report` benchmark, {datetime.date.today()}

- data: `icp-gen accounts --rows {rows} --seed 42`, project by `icp init accounts.csv --golden won`, then `icp discover`
- command (in `bench-data/report_{rows}/`): `{cmd}`
- {len(runs)} runs; load average (1 min) before / after: {before} / {after} (2 cores, shared)

| wall s (median) | user s | sys s | peak RSS MB |
|---:|---:|---:|---:|
| {med(0):.2f} | {med(1):.2f} | {med(2):.2f} | {med(3) / 1024:.0f} |

Per run (wall, user, sys, KB): {'; '.join(' '.join(f'{x:g}' for x in r) for r in runs)}
"""
open(out, "w").write(report)
print(report)
PY
