#!/usr/bin/env python3
"""Run the RFM benchmark side by side and write a markdown report.

Normally started by bench/rfm.sh, which prepares the venv and the binary:

    python bench/rfm.py --file F [--icp BIN] [--runs N] [--out REPORT.md] [--note TEXT]

Both tools do the same job on the UCI Online Retail lines: read the (gzipped) CSV, apply the
same six cleaning rules in the same order, build orders (one per customer and invoice),
compute recency / frequency / monetary, rank-based quintile scores and the 11 named groups.
Each runs in its own process under `/usr/bin/time -f '%e %M'` (wall seconds, peak RSS),
N times, round-robin (icp, pandas, icp, ...), after the file was read once to warm the page
cache; each process also prints its in-process read and RFM times as JSON. One more,
untimed, run of each writes per-customer scores, which are compared.
"""

import argparse
import csv
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile

# The peer: pandas doing what icp_orders::rfm does with default options.
PANDAS = r"""
import json, sys, time
import numpy as np
import pandas as pd

path = sys.argv[1]
scores_out = sys.argv[2] if len(sys.argv) > 2 else ""
NON_PRODUCT = ["POST", "DOT", "M", "D", "C2", "BANK CHARGES", "AMAZONFEE", "CRUK", "PADS", "S", "B"]
# R (rows 1..5) x FM (columns 1..5); FM = floor((F + M) / 2).
GRID = [
    ["Lost", "Lost", "At risk", "At risk", "Can't lose them"],
    ["Hibernating", "Hibernating", "At risk", "At risk", "Can't lose them"],
    ["About to sleep", "About to sleep", "Need attention", "Loyal", "Loyal"],
    ["Promising", "Potential loyalist", "Potential loyalist", "Loyal", "Loyal"],
    ["New", "Potential loyalist", "Potential loyalist", "Champions", "Champions"],
]

start = time.perf_counter()
df = pd.read_csv(path, dtype={"InvoiceNo": str, "StockCode": str, "CustomerID": str},
                 parse_dates=["InvoiceDate"])
read_done = time.perf_counter()

lines = len(df)
counts = {}
def drop(name, mask):
    global df
    counts[name] = int(mask.sum())
    df = df[~mask]

customers_before = df["CustomerID"].nunique()
drop("missing_customer", df["CustomerID"].isna() | (df["CustomerID"].str.strip() == ""))
df = df.assign(Amount=df["Quantity"] * df["UnitPrice"])
drop("incomplete", df["InvoiceDate"].isna() | ~np.isfinite(df["Amount"])
     | ~np.isfinite(df["Quantity"]) | ~np.isfinite(df["UnitPrice"]))
drop("cancellations", df["InvoiceNo"].str.strip().str.upper().str.startswith("C"))
drop("returns", (df["Quantity"] < 0) | (df["Amount"] < 0))
code = df["StockCode"].str.strip().str.upper()
drop("non_product", code.isin(NON_PRODUCT) | code.str.startswith("GIFT_"))
drop("non_positive_price", (df["UnitPrice"] <= 0) | (df["Amount"] == 0))
counts["purchase_lines"] = len(df)

orders = (df.groupby(["CustomerID", "InvoiceNo"], sort=False)
            .agg(ts=("InvoiceDate", "min"), value=("Amount", "sum")).reset_index())
rfm = orders.groupby("CustomerID").agg(last=("ts", "max"), frequency=("ts", "size"),
                                         monetary=("value", "sum"))
reference = df["InvoiceDate"].max().normalize() + pd.Timedelta(days=1)
rfm["recency"] = (reference - rfm["last"].dt.normalize()).dt.days
rfm["r"] = pd.qcut(rfm["recency"].rank(method="first"), 5, labels=[5, 4, 3, 2, 1]).astype(int)
rfm["f"] = pd.qcut(rfm["frequency"].rank(method="first"), 5, labels=[1, 2, 3, 4, 5]).astype(int)
rfm["m"] = pd.qcut(rfm["monetary"].rank(method="first"), 5, labels=[1, 2, 3, 4, 5]).astype(int)
fm = (rfm["f"] + rfm["m"]) // 2
rfm["group"] = np.array(sum(GRID, []), dtype=object)[((rfm["r"] - 1) * 5 + (fm - 1)).to_numpy()]
groups = rfm["group"].value_counts().to_dict()
done = time.perf_counter()

out = {"read_seconds": read_done - start, "rfm_seconds": done - read_done, "lines": lines,
       **counts, "customers_before": customers_before, "customers": len(rfm),
       "orders": len(orders), "reference_date": reference.strftime("%Y-%m-%d"),
       "groups": {k: int(v) for k, v in groups.items()}}
print(json.dumps(out))
if scores_out:
    rfm[["recency", "frequency", "monetary", "r", "f", "m", "group"]].to_csv(
        scores_out, index_label="customer", float_format="%.6f")
"""

GROUPS = ["Champions", "Loyal", "Potential loyalist", "New", "Promising", "Need attention",
          "About to sleep", "At risk", "Can't lose them", "Hibernating", "Lost"]
COUNTS = ["lines", "missing_customer", "incomplete", "cancellations", "returns", "non_product",
          "non_positive_price", "purchase_lines", "customers_before", "customers", "orders",
          "reference_date"]


def run_timed(cmd):
    """Runs cmd under /usr/bin/time; returns (wall_s, peak_rss_kb, json_or_None, error_or_None)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        proc = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", tf.name, *cmd],
                              capture_output=True, text=True)
        timing = tf.read().strip().splitlines()
    if proc.returncode != 0:
        err = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
        return None, None, None, f"exit {proc.returncode}: {err}"
    wall, rss = timing[-1].split()
    try:
        out = json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        out = None
    return float(wall), int(rss), out, None


def warm(path):
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


def fmt(x, digits=2):
    return "n/a" if x is None else f"{x:,.{digits}f}"


def ratio(a, b):
    return None if a is None or b in (None, 0) else a / b


def version(module):
    try:
        return __import__(module).__version__
    except Exception:
        return "not installed"


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){mem}"


def load_average():
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def read_scores(path):
    with open(path, newline="") as f:
        return {row["customer"]: row for row in csv.DictReader(f)}


def compare(icp_path, peer_path):
    """Per-customer agreement of the two score files."""
    a, b = read_scores(icp_path), read_scores(peer_path)
    common = a.keys() & b.keys()
    same = {k: 0 for k in ["recency", "frequency", "r", "f", "m", "group", "all"]}
    max_rel = 0.0
    for key in common:
        x, y = a[key], b[key]
        for field in ["recency", "frequency", "r", "f", "m", "group"]:
            same[field] += x[field] == y[field]
        mx, my = float(x["monetary"]), float(y["monetary"])
        max_rel = max(max_rel, abs(mx - my) / max(abs(my), 1e-12))
        same["all"] += all(x[f] == y[f] for f in ["recency", "frequency", "r", "f", "m", "group"])
    return {"icp": len(a), "peer": len(b), "common": len(common), "same": same,
            "max_rel_monetary": max_rel}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--file", required=True)
    ap.add_argument("--icp", default="", help="icp-rfm-bench binary; empty to skip icp")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", default="")
    ap.add_argument("--note", default="", help="extra line for the report header")
    args = ap.parse_args()

    peer = f"pandas {version('pandas')}"
    tools = []
    if args.icp:
        tools.append(("icp", [args.icp, args.file]))
    tools.append((peer, [sys.executable, "-c", PANDAS, args.file]))

    size = os.path.getsize(args.file)
    print(f"warming the page cache with {args.file} ({size / 1e6:.1f} MB)", file=sys.stderr)
    warm(args.file)
    load_before = load_average()

    results = {name: [] for name, _ in tools}
    errors = {name: [] for name, _ in tools}
    for r in range(args.runs):
        for name, cmd in tools:
            wall, rss, out, err = run_timed(cmd)
            if err or out is None:
                err = err or "no JSON on stdout"
                errors[name].append(err)
                print(f"run {r + 1}/{args.runs} {name}: FAILED {err}", file=sys.stderr)
                continue
            results[name].append((wall, rss, out))
            print(f"run {r + 1}/{args.runs} {name}: {wall:.2f}s wall, {rss / 1024:.0f} MB, "
                  f"read {out['read_seconds']:.3f}s, rfm {out['rfm_seconds']:.3f}s", file=sys.stderr)

    # One untimed run each that writes per-customer scores, then compare them.
    agreement = None
    if args.icp:
        with tempfile.TemporaryDirectory() as tmp:
            icp_scores = os.path.join(tmp, "icp.csv")
            peer_scores = os.path.join(tmp, "pandas.csv")
            a = subprocess.run([args.icp, args.file, "--scores", icp_scores], capture_output=True)
            b = subprocess.run([sys.executable, "-c", PANDAS, args.file, peer_scores],
                               capture_output=True)
            if a.returncode == 0 and b.returncode == 0:
                agreement = compare(icp_scores, peer_scores)

    summary = {}
    for name, _ in tools:
        runs = results[name]
        if not runs:
            summary[name] = None
            continue
        summary[name] = {
            "wall": statistics.median(w for w, _, _ in runs),
            "rss_mb": statistics.median(m for _, m, _ in runs) / 1024,
            "read": statistics.median(o["read_seconds"] for _, _, o in runs),
            "rfm": statistics.median(o["rfm_seconds"] for _, _, o in runs),
            "out": runs[-1][2],
        }

    icp = summary.get("icp") if args.icp else None
    today = datetime.date.today().isoformat()
    lines = [
        f"# RFM benchmark, {today}",
        "",
        f"- file: `{args.file}`, {size / 1e6:.1f} MB gzip",
        f"- machine: {machine()}, {platform.system()} {platform.release()}; load average"
        f" before the runs {load_before}, after {load_average()}",
        f"- runs: {args.runs} per tool, round-robin, warm page cache; medians below",
        "- the job: read the CSV, clean (missing customer, incomplete, cancellation `C`"
        " invoices, returns, non-product codes, zero/negative price), one order per customer"
        " and invoice, recency / frequency / monetary, rank-based quintile scores"
        " (`qcut(rank(method=\"first\"))`), 11 groups on R × FM",
        "- wall s and peak RSS come from `/usr/bin/time` around the whole process (pandas"
        " includes interpreter start-up and imports); read s and RFM s are measured inside the"
        " process (icp's RFM s also covers purchase habits per customer and group summaries,"
        " which the pandas script does not compute)",
    ]
    if args.note:
        lines.append(f"- {args.note}")
    if not args.icp:
        lines.append("- **icp was not measured** (icp-rfm-bench did not build); ratios are n/a")
    if icp:
        met = "met" if icp["wall"] <= 1.0 else "**not met**"
        lines.append(f"- goal (RFM over the 541,909 lines in ≤ 1 s, whole process): {met}"
                     f" ({icp['wall']:.2f} s wall; read {icp['read']:.2f} s + RFM {icp['rfm']:.3f} s)")
    lines += [
        "",
        "| tool | wall s | read s | RFM s | peak RSS MB | wall / icp | RFM / icp | customers | orders |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, _ in tools:
        s = summary[name]
        if s is None:
            lines.append(f"| {name} | failed: {errors[name][0]} | | | | | | | |")
            continue
        lines.append(
            f"| {name} | {fmt(s['wall'])} | {fmt(s['read'])} | {fmt(s['rfm'], 3)} "
            f"| {fmt(s['rss_mb'], 0)} | {fmt(ratio(s['wall'], icp and icp['wall']))} "
            f"| {fmt(ratio(s['rfm'], icp and icp['rfm']), 1)} "
            f"| {s['out'].get('customers', 'n/a'):,} | {s['out'].get('orders', 'n/a'):,} |"
        )

    measured = [(name, summary[name]) for name, _ in tools if summary[name]]
    if measured:
        lines += ["", "Cleaning and results, side by side:", "",
                  "| | " + " | ".join(name for name, _ in measured) + " |",
                  "|---|" + "---:|" * len(measured)]
        for key in COUNTS:
            vals = [s["out"].get(key) for _, s in measured]
            cells = [f"{v:,}" if isinstance(v, int) else str(v) for v in vals]
            flag = "" if len(set(map(str, vals))) == 1 else " **differs**"
            lines.append(f"| {key}{flag} | " + " | ".join(cells) + " |")
        for g in GROUPS:
            vals = [s["out"].get("groups", {}).get(g, 0) for _, s in measured]
            flag = "" if len(set(vals)) == 1 else " **differs**"
            lines.append(f"| group: {g}{flag} | " + " | ".join(f"{v:,}" for v in vals) + " |")

    if agreement:
        same, common = agreement["same"], agreement["common"]
        lines += [
            "",
            f"Per-customer agreement ({common:,} customers in both, icp {agreement['icp']:,},"
            f" pandas {agreement['peer']:,}): recency {same['recency']:,}, frequency"
            f" {same['frequency']:,}, R {same['r']:,}, F {same['f']:,}, M {same['m']:,},"
            f" group {same['group']:,}; all six identical for {same['all']:,}; largest relative"
            f" monetary difference {agreement['max_rel_monetary']:.1e}.",
        ]
    elif args.icp:
        lines += ["", "Per-customer comparison failed (a scores run did not finish)."]
    for name, errs in errors.items():
        for e in errs:
            lines.append(f"- {name} run failed: {e}")
    lines += ["", "Per-run values (wall s / peak RSS MB / read s / RFM s):", ""]
    for name, _ in tools:
        per = ", ".join(f"{w:.2f} / {m / 1024:.0f} / {o['read_seconds']:.3f} / {o['rfm_seconds']:.3f}"
                        for w, m, o in results[name]) or "none"
        lines.append(f"- {name}: {per}")
    report = "\n".join(lines) + "\n"

    print(report)
    if args.out:
        os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
        with open(args.out, "w") as f:
            f.write(report)
        print(f"report written to {args.out}", file=sys.stderr)
    if any(v is None for v in summary.values()):
        sys.exit(1)
    if agreement and agreement["same"]["all"] != agreement["common"]:
        print("WARNING: icp and pandas disagree on some customers (see the report)", file=sys.stderr)


if __name__ == "__main__":
    main()
