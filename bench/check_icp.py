#!/usr/bin/env python3
"""Sanity-check a generated accounts CSV (standard library only).

usage: python3 bench/check_icp.py ACCOUNTS.csv [DEALS.csv]

Prints the row and column counts, the won share, the won rate inside and outside each planted
ICP condition (lift = rate inside / overall rate), the same for the decoy columns' levels or
bins (which should stay near 1.0), and checks the deals file's references. Exits non-zero if
the file does not look like `icp-gen accounts` output with the planted signal.
"""

import csv
import sys
from collections import defaultdict

PLANTED = {
    "industry in {Software, Fintech}": lambda r: r["industry"] in ("Software", "Fintech"),
    "50 <= employees <= 500": lambda r: r["employees"] != "" and 50 <= int(r["employees"]) <= 500,
    "country in {US, UK, DE}": lambda r: r["country"] in ("United States", "United Kingdom", "Germany"),
    "uses_tags has analytics": lambda r: "analytics" in r["uses_tags"].split(";"),
}


def bucket(col, value):
    if value == "":
        return "(missing)"
    if col == "founded_year":
        return f"{int(value) // 10 * 10}s"
    if col == "website_visits":
        v = int(value)
        return "0-4" if v < 5 else "5-14" if v < 15 else "15-49" if v < 50 else "50+"
    if col in ("created_date", "last_activity"):
        return value[:4]
    if col == "uses_tags":
        return None  # handled per tag
    return value


DECOYS = ["plan", "founded_year", "website_visits", "nps", "created_date", "last_activity"]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    with open(sys.argv[1], newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames
        rows = list(reader)
    n = len(rows)
    won = [r["won"] == "true" for r in rows]
    base = sum(won) / n
    ids = {r["account_id"] for r in rows}
    names = {r["company_name"] for r in rows}
    print(f"rows {n}, columns {len(header)}, won share {base:.3%}")
    print(f"unique account_id: {len(ids) == n}, unique company_name: {len(names) == n}")
    ok = len(header) == 17 and len(ids) == n and len(names) == n and 0.10 <= base <= 0.20

    print("\nplanted conditions (lift should be well above 1):")
    for label, cond in PLANTED.items():
        inside = [w for r, w in zip(rows, won) if cond(r)]
        lift = (sum(inside) / len(inside)) / base if inside else 0.0
        print(f"  {label:34} share {len(inside) / n:6.1%}  won rate {sum(inside) / max(1, len(inside)):6.1%}  lift {lift:4.2f}")
        ok &= lift > 1.4

    print("\ndecoys (every level's lift should be near 1):")
    worst = 0.0
    for col in DECOYS + ["tag"]:
        groups = defaultdict(lambda: [0, 0])
        for r, w in zip(rows, won):
            keys = [f"tag={t}" for t in r["uses_tags"].split(";") if t and t != "analytics"] if col == "tag" else [bucket(col, r[col])]
            for k in keys:
                groups[k][0] += 1
                groups[k][1] += w
        parts = []
        for k, (cnt, w) in sorted(groups.items()):
            lift = (w / cnt) / base
            if cnt >= 1000:
                worst = max(worst, abs(lift - 1))
            parts.append(f"{k}:{lift:.2f}")
        print(f"  {col:14} " + " ".join(parts))
    print(f"  largest |lift - 1| over decoy levels with >= 1000 rows: {worst:.3f}")
    if n >= 50_000:
        ok &= worst < 0.15

    if len(sys.argv) > 2:
        with open(sys.argv[2], newline="", encoding="utf-8") as f:
            deals = list(csv.DictReader(f))
        orphans = sum(d["account_id"] not in ids for d in deals)
        won_deals = {d["account_id"] for d in deals if d["deal_stage"] == "Won"}
        won_ids = {r["account_id"] for r, w in zip(rows, won) if w}
        print(f"\ndeals {len(deals)}, orphans {orphans} ({orphans / max(1, len(deals)):.1%}), "
              f"accounts with a Won deal == won accounts: {won_deals == won_ids}")
        ok &= won_deals == won_ids and 0 < orphans < 0.05 * len(deals)

    print("\nOK" if ok else "\nFAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
