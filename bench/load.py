#!/usr/bin/env python3
"""Run the load benchmark side by side and write a markdown report.

Normally started by bench/load.sh, which prepares the venv, the binaries and the data:

    python bench/load.py --file F [--icp BIN] [--runs N] [--out REPORT.md] [--note TEXT]

Each tool runs in its own process under `/usr/bin/time -f '%e %M'` (wall seconds, peak RSS),
N times, round-robin (icp, duckdb, polars, icp, ...), after the file was read once to warm
the page cache. Each process also prints its in-process load time as JSON.
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile

DUCKDB = r"""
import json, sys, time
import duckdb
path = sys.argv[1]
start = time.perf_counter()
con = duckdb.connect()
con.execute("CREATE TABLE t AS SELECT * FROM read_csv('" + path.replace("'", "''") + "')")
seconds = time.perf_counter() - start
rows = con.execute("SELECT count(*) FROM t").fetchone()[0]
columns = len(con.execute("SELECT * FROM t LIMIT 0").description)
try:
    mem = con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()[0]
except Exception:
    mem = None
print(json.dumps({"seconds": seconds, "rows": rows, "columns": columns, "columnar_bytes": mem}))
"""

POLARS = r"""
import json, sys, time
import polars as pl
path = sys.argv[1]
start = time.perf_counter()
df = pl.read_csv(path)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "rows": df.height, "columns": df.width,
                  "columnar_bytes": df.estimated_size()}))
"""


def run_timed(cmd):
    """Runs cmd under /usr/bin/time; returns (wall_s, peak_rss_kb, json_or_None, error_or_None,
    cpu_s), cpu_s being user + system time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        proc = subprocess.run(["/usr/bin/time", "-f", "%e %M %U %S", "-o", tf.name, *cmd],
                              capture_output=True, text=True)
        timing = tf.read().strip().splitlines()
    if proc.returncode != 0:
        err = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
        return None, None, None, f"exit {proc.returncode}: {err}", None
    wall, rss, user, system = timing[-1].split()
    try:
        out = json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        out = None
    return float(wall), int(rss), out, None, float(user) + float(system)


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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--file", required=True)
    ap.add_argument("--icp", default="", help="icp-load-bench binary; empty to skip icp")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", default="")
    ap.add_argument("--note", default="", help="extra line for the report header")
    ap.add_argument("--icp-baseline", default="",
                    help="an earlier icp-load-bench binary, measured beside as `icp (baseline)`")
    args = ap.parse_args()

    tools = []
    if args.icp:
        tools.append(("icp", [args.icp, args.file]))
    if args.icp_baseline:
        tools.append(("icp (baseline)", [args.icp_baseline, args.file]))
    tools.append((f"duckdb {version('duckdb')}", [sys.executable, "-c", DUCKDB, args.file]))
    tools.append((f"polars {version('polars')}", [sys.executable, "-c", POLARS, args.file]))

    size = os.path.getsize(args.file)
    print(f"warming the page cache with {args.file} ({size / 1e9:.2f} GB)", file=sys.stderr)
    warm(args.file)

    results = {name: [] for name, _ in tools}
    errors = {name: [] for name, _ in tools}
    for r in range(args.runs):
        for name, cmd in tools:
            wall, rss, out, err, cpu = run_timed(cmd)
            if err:
                errors[name].append(err)
                print(f"run {r + 1}/{args.runs} {name}: FAILED {err}", file=sys.stderr)
                continue
            results[name].append((wall, rss, out or {}, cpu))
            print(f"run {r + 1}/{args.runs} {name}: {wall:.2f}s wall, {cpu:.2f}s CPU, {rss / 1024:.0f} MB peak RSS, {out}",
                  file=sys.stderr)

    summary = {}
    for name, _ in tools:
        runs = results[name]
        if not runs:
            summary[name] = None
            continue
        last = runs[-1][2]
        loads = [o.get("seconds") for _, _, o, _ in runs if o.get("seconds") is not None]
        summary[name] = {
            "wall": statistics.median(w for w, _, _, _ in runs),
            "cpu": statistics.median(c for _, _, _, c in runs),
            "rss_mb": statistics.median(m for _, m, _, _ in runs) / 1024,
            "load": statistics.median(loads) if loads else None,
            "rows": last.get("rows"),
            "columns": last.get("columns"),
            "columnar": last.get("columnar_bytes"),
        }

    icp = summary.get("icp") if args.icp else None
    today = datetime.date.today().isoformat()
    lines = [
        f"# Load benchmark, {today}",
        "",
        f"- file: `{args.file}`, {size / 1e9:.3f} GB",
        f"- machine: {machine()}, {platform.system()} {platform.release()}",
        f"- runs: {args.runs} per tool, round-robin, warm page cache; medians below",
        "- wall s and peak RSS come from `/usr/bin/time` around the whole process (Python"
        " tools include interpreter start-up and import); load s is the in-process time of the"
        " read call alone; CPU s is user + system time of the whole process (what the work"
        " costs, steadier than wall time when the cores are shared)",
    ]
    if args.note:
        lines.append(f"- {args.note}")
    if not args.icp:
        lines.append("- **icp was not measured** (icp-load-bench did not build); ratios are n/a")
    lines += [
        "",
        "| tool | wall s | load s | CPU s | peak RSS MB | wall / icp | CPU / icp | RSS / icp | rows | columns |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, _ in tools:
        s = summary[name]
        if s is None:
            lines.append(f"| {name} | failed: {errors[name][0]} | | | | | | | | |")
            continue
        lines.append(
            f"| {name} | {fmt(s['wall'])} | {fmt(s['load'])} | {fmt(s['cpu'])} | {fmt(s['rss_mb'], 0)} "
            f"| {fmt(ratio(s['wall'], icp and icp['wall']))} | {fmt(ratio(s['cpu'], icp and icp['cpu']))} "
            f"| {fmt(ratio(s['rss_mb'], icp and icp['rss_mb']))} "
            f"| {s['rows'] if s['rows'] is not None else 'n/a'} | {s['columns'] if s['columns'] is not None else 'n/a'} |"
        )
    lines.append("")
    if icp and icp["columnar"]:
        col_mb = icp["columnar"] / 1024 / 1024
        lines.append(f"icp columnar bytes: {icp['columnar']:,} ({col_mb:,.0f} MB, "
                     f"{icp['columnar'] / size:.2f}× the file); "
                     f"peak RSS / columnar size: {icp['rss_mb'] / col_mb:.2f}")
    for name, _ in tools:
        s = summary[name]
        if not name.startswith("icp") and s and s["columnar"]:
            label = "estimated_size()" if name.startswith("polars") else "duckdb_memory() total"
            lines.append(f"{name} {label}: {s['columnar']:,} bytes ({s['columnar'] / 1024 / 1024:,.0f} MB)")
    rows = {s["rows"] for s in summary.values() if s and s["rows"] is not None}
    if len(rows) > 1:
        lines.append(f"**Row counts disagree between tools: {sorted(rows)}**")
    for name, errs in errors.items():
        for e in errs:
            lines.append(f"- {name} run failed: {e}")
    lines += ["", "Per-run values (wall s / CPU s / peak RSS MB):", ""]
    for name, _ in tools:
        per = ", ".join(f"{w:.2f} / {c:.2f} / {m / 1024:.0f}" for w, m, _, c in results[name]) or "none"
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


if __name__ == "__main__":
    main()
