#!/usr/bin/env bash
# Economics benchmark: what expected value and lookalikes add to `icp score` on 2 million
# leads, what ranking by expected value costs, and `icp allocate` on 1 million customers.
#
#   bash bench/economics.sh
#
# Environment:
#   ICP_BENCH_ROWS       leads to score (default 2000000)
#   ICP_BENCH_CUSTOMERS  customers to allocate (default 1000000)
#   ICP_BENCH_RUNS       runs per command (default 3); medians are reported
#   ICP_BENCH_OUT        report path (default bench/results/economics-<date>.md)
#
# Data: `icp-gen accounts` (seeded). A 50,000-account project learns the profile (golden:
# won; price: contract_value) and gives the golden customers lookalikes name; the leads are
# another seed's 2,000,000 accounts. The allocation project is a third seed's 1,000,000
# accounts with that profile, 2 seats of 200 accounts, and value annual_revenue / 1000.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ROWS="${ICP_BENCH_ROWS:-2000000}"
CUSTOMERS="${ICP_BENCH_CUSTOMERS:-1000000}"
RUNS="${ICP_BENCH_RUNS:-3}"
OUT="${ICP_BENCH_OUT:-bench/results/economics-$(date +%F).md}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
ICP="$TARGET/release/icp"
GEN="$TARGET/release/icp-gen"
DATA="$ROOT/bench-data/economics"

cargo build --release -p icp -p icp-bench --bin icp --bin icp-gen -j2
mkdir -p "$DATA/learn" "$DATA/allocate"

[ -s "$DATA/learn/accounts.csv" ] || "$GEN" accounts --rows 50000 --seed 7 -o "$DATA/learn/accounts.csv"
[ -s "$DATA/leads_$ROWS.csv" ] || "$GEN" accounts --rows "$ROWS" --seed 42 -o "$DATA/leads_$ROWS.csv"
[ -s "$DATA/allocate/accounts.csv" ] || "$GEN" accounts --rows "$CUSTOMERS" --seed 11 -o "$DATA/allocate/accounts.csv"

(
    cd "$DATA/learn"
    rm -f icp.toml profile.toml
    "$ICP" init accounts.csv --golden won -q >/dev/null
    printf '\n[economics]\nprice = "contract_value"\ncost_per_touch = 40\n' >> icp.toml
    "$ICP" discover -q >/dev/null
)
(
    cd "$DATA/allocate"
    rm -f icp.toml
    "$ICP" init accounts.csv --golden won -q >/dev/null
    printf '\n[economics]\nprice = "annual_revenue / 1000"\n[economics.capacity]\ncs_seats = 2\naccounts_per_seat = 200\n' >> icp.toml
    cp ../learn/profile.toml profile.toml
)

# Median wall seconds of `$@` over $RUNS runs (output to /dev/null or a file the command names).
median() {
    local times=()
    for _ in $(seq "$RUNS"); do
        local start end
        start=$(date +%s.%N)
        "$@" >/dev/null || { echo "failed: $*" >&2; exit 1; }
        end=$(date +%s.%N)
        times+=("$(echo "scale=2; ($end - $start) / 1" | bc)")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

LEADS="$DATA/leads_$ROWS.csv"
P="$DATA/learn/profile.toml"
cd "$DATA/learn"
plain=$(median "$ICP" score "$LEADS" -p "$P" --keep account_id -o "$DATA/out_plain.csv" -q --force)
ev=$(median "$ICP" score "$LEADS" -p "$P" --keep account_id --expected-value -o "$DATA/out_ev.csv" -q --force)
both=$(median "$ICP" score "$LEADS" -p "$P" --keep account_id --expected-value --lookalikes -o "$DATA/out_evl.csv" -q --force)
ranked=$(median "$ICP" score "$LEADS" -p "$P" --keep account_id --rank ev --lookalikes -o "$DATA/out_rank.csv" -q --force)
cd "$DATA/allocate"
allocate=$(median "$ICP" allocate --profile profile.toml -o "$DATA/allocation.csv" -q --force)
cd "$ROOT"

ratio() { echo "scale=2; $1 / $plain" | bc; }
{
    echo "# Economics benchmark, $(date +%F)"
    echo
    echo "- machine: $(nproc) cores; load average at the end $(cut -d' ' -f1 /proc/loadavg)"
    echo "- leads: \`icp-gen accounts --rows $ROWS --seed 42\` ($(du -m "$LEADS" | cut -f1) MB); profile learned by \`icp discover\` on 50,000 accounts (seed 7, golden: won, price: contract_value); medians of $RUNS runs"
    echo
    echo "| \`icp score LEADS -p profile.toml --keep account_id\` … | wall s | × plain |"
    echo "|---|---:|---:|"
    echo "| (plain, with reasons) | $plain | 1.00 |"
    echo "| \`--expected-value\` | $ev | $(ratio "$ev") |"
    echo "| \`--expected-value --lookalikes\` | $both | $(ratio "$both") |"
    echo "| \`--rank ev --lookalikes\` (output sorted by expected value) | $ranked | $(ratio "$ranked") |"
    echo
    echo "- \`icp allocate --profile profile.toml -o allocation.csv\` on $CUSTOMERS customers (seed 11; loading the project included): $allocate s"
} | tee "$OUT"
