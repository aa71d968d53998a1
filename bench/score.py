#!/usr/bin/env python3
"""Scoring benchmark: `icp score` vs DuckDB running the same scorecard as SQL.

Normally started by bench/score.sh, which prepares the venv and the binaries:

    python bench/score.py --icp BIN --gen BIN --kernel BIN [--rows N] [--runs N]
                          [--out REPORT.md] [--no-memory-check]

1. Writes the benchmark profile (10 attributes: 3 categorical, 4 number, an age, a tag and a
   boolean) to bench-data/score_profile.toml, and turns it into SQL: one `CASE` per attribute
   in tenths of points, summed, and a `CASE` for the tier. The SQL is generated from the
   profile, so both tools run the same scorecard.
2. Generates bench-data/score_<ROWS>.csv: `icp-gen accounts` projected by DuckDB onto an id
   and the 10 attribute columns (cached; written to *.tmp and renamed).
3. Runs, round-robin, each in its own process under `/usr/bin/time -f '%e %M'`:
   - icp:    `icp score FILE -p score_profile.toml --keep id --no-reasons -o OUT.csv -q`
             (id, icp_score, icp_tier, icp_reasons);
   - DuckDB: `COPY (SELECT id, score, tier FROM read_csv(FILE)) TO OUT.csv` (default threads).
4. Checks that both outputs give every id the same score and tier.
5. Memory check: the same at 4x the rows (peak RSS should not grow for icp).
6. Kernel: `icp-score-kernel --profile ...` (rows/s on one core of `Scorer::score`).
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
import tomllib

PROFILE = r"""schema_version = 1
name = "benchmark scorecard"

[provenance]
id_column = "id"

[scoring]
intercept = -3.0
slope = 0.05
insufficient_share = 1.0

[[tiers]]
name = "A"
min_score = 70.0

[[tiers]]
name = "B"
min_score = 50.0

[[tiers]]
name = "C"
min_score = 30.0

[[tiers]]
name = "D"
min_score = 0.0

[[attributes]]
name = "industry"
column = "industry"
kind = "categorical"
missing_points = 6.0
neutral_points = 7.0
bins = [
  { label = "Software, Fintech", points = 16.0, levels = ["Software", "Fintech"] },
  { label = "Healthcare, Manufacturing, Logistics", points = 9.0, levels = ["Healthcare", "Manufacturing", "Logistics"] },
  { label = "Other", points = 4.0, other = true },
]

[[attributes]]
name = "employees"
column = "employees"
kind = "number"
missing_points = 7.0
neutral_points = 8.0
bins = [
  { label = "under 10", points = 2.0, max = 10.0 },
  { label = "10 – 50", points = 6.0, min = 10.0, max = 50.0 },
  { label = "50 – 500", points = 15.5, min = 50.0, max = 500.0 },
  { label = "500 and more", points = 8.0, min = 500.0 },
]

[[attributes]]
name = "revenue"
column = "annual_revenue"
kind = "number"
missing_points = 5.0
neutral_points = 5.0
bins = [
  { label = "under 1 M", points = 3.0, max = 1000000.0 },
  { label = "1 M – 10 M", points = 6.0, min = 1000000.0, max = 10000000.0 },
  { label = "10 M and more", points = 9.0, min = 10000000.0 },
]

[[attributes]]
name = "country"
column = "country"
kind = "categorical"
missing_points = 6.0
neutral_points = 7.0
bins = [
  { label = "US, UK, DE", points = 14.0, levels = ["United States", "United Kingdom", "Germany"] },
  { label = "FR, NL, CA, AU", points = 8.0, levels = ["France", "Netherlands", "Canada", "Australia"] },
  { label = "Other", points = 3.0, other = true },
]

[[attributes]]
name = "plan"
column = "plan"
kind = "categorical"
missing_points = 3.0
neutral_points = 4.0
bins = [
  { label = "enterprise", points = 8.0, levels = ["enterprise"] },
  { label = "pro", points = 6.0, levels = ["pro"] },
  { label = "starter", points = 4.0, levels = ["starter"] },
  { label = "free", points = 2.0, levels = ["free"] },
]

[[attributes]]
name = "founded"
column = "founded_year"
kind = "number"
missing_points = 4.0
neutral_points = 4.0
bins = [
  { label = "before 1990", points = 3.0, max = 1990.0 },
  { label = "1990 – 2010", points = 5.0, min = 1990.0, max = 2010.0 },
  { label = "2010 and later", points = 4.0, min = 2010.0 },
]

[[attributes]]
name = "account age"
column = "created_date"
kind = "age"
reference_date = "2026-01-01"
missing_points = 3.0
neutral_points = 4.0
bins = [
  { label = "under 2 years", points = 6.0, max = 2.0 },
  { label = "2 – 5 years", points = 4.0, min = 2.0, max = 5.0 },
  { label = "5 years and more", points = 2.0, min = 5.0 },
]

[[attributes]]
name = "uses analytics"
column = "uses_tags"
kind = "tag"
tag = "analytics"
missing_points = 5.0
neutral_points = 6.0
bins = [
  { label = "yes", points = 14.0, value = true },
  { label = "no", points = 4.0, value = false },
]

[[attributes]]
name = "website visits"
column = "website_visits"
kind = "number"
missing_points = 3.0
neutral_points = 4.0
bins = [
  { label = "under 5", points = 1.0, max = 5.0 },
  { label = "5 – 20", points = 4.0, min = 5.0, max = 20.0 },
  { label = "20 – 100", points = 6.0, min = 20.0, max = 100.0 },
  { label = "100 and more", points = 7.5, min = 100.0 },
]

[[attributes]]
name = "customer"
column = "is_customer"
kind = "boolean"
missing_points = 2.0
neutral_points = 2.0
bins = [
  { label = "yes", points = 5.0, value = true },
  { label = "no", points = 1.5, value = false },
]
"""

DUCKDB = r"""
import json, sys, time
import duckdb
sql, out = sys.argv[1], sys.argv[2]
start = time.perf_counter()
con = duckdb.connect()
con.execute("COPY (" + sql + ") TO '" + out.replace("'", "''") + "' (HEADER)")
print(json.dumps({"seconds": time.perf_counter() - start}))
"""


def q(name):
    return '"' + name.replace('"', '""') + '"'


def lit(text):
    return "'" + text.replace("'", "''") + "'"


def tenths(points):
    return int(round(points * 10))


def attribute_sql(a):
    """One attribute's points in tenths, as a CASE expression."""
    col = q(a["column"])
    unseen = tenths(a.get("unseen_points", a["neutral_points"]))
    whens = [f"WHEN {col} IS NULL THEN {tenths(a['missing_points'])}"]
    kind = a["kind"]
    if kind in ("number", "age"):
        x = col if kind == "number" else \
            f"(date_diff('day', {col}, DATE {lit(a['reference_date'])}) / 365.25)"
        for b in a["bins"]:
            cond = []
            if "min" in b:
                cond.append(f"{x} >= {b['min']!r}")
            if "max" in b:
                cond.append(f"{x} < {b['max']!r}")
            whens.append(f"WHEN {' AND '.join(cond) or 'TRUE'} THEN {tenths(b['points'])}")
        other = unseen
    elif kind == "categorical":
        other = unseen
        for b in a["bins"]:
            if b.get("other"):
                other = tenths(b["points"])
            else:
                levels = ", ".join(lit(v) for v in b["levels"])
                whens.append(f"WHEN {col} IN ({levels}) THEN {tenths(b['points'])}")
    elif kind in ("boolean", "tag"):
        test = col if kind == "boolean" else \
            f"list_contains(string_split({col}, ';'), {lit(a['tag'])})"
        by_value = {b["value"]: tenths(b["points"]) for b in a["bins"]}
        whens.append(f"WHEN {test} THEN {by_value.get(True, unseen)}")
        other = by_value.get(False, unseen)
    else:
        raise ValueError(f"unknown kind {kind}")
    return "CASE " + " ".join(whens) + f" ELSE {other} END"


def scorecard_sql(profile, path):
    total = "\n + ".join(attribute_sql(a) for a in profile["attributes"])
    tiers = profile["tiers"]
    tier = "CASE " + " ".join(
        f"WHEN t >= {tenths(t['min_score'])} THEN {lit(t['name'])}" for t in tiers[:-1]
    ) + f" ELSE {lit(tiers[-1]['name'])} END"
    return (f"SELECT id, (t / 10.0)::DECIMAL(7,1) AS score, {tier} AS tier FROM ("
            f"SELECT id, ({total}) AS t FROM read_csv({lit(path)}))")


def run_timed(cmd):
    """Runs cmd under /usr/bin/time; returns (wall_s, peak_rss_kb, cpu_s, error_or_None),
    CPU being user + system time (what a busy machine inflates less than wall time)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        proc = subprocess.run(["/usr/bin/time", "-f", "%e %M %U %S", "-o", tf.name, *cmd],
                              capture_output=True, text=True)
        timing = tf.read().strip().splitlines()
    if proc.returncode != 0:
        err = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
        return None, None, None, f"exit {proc.returncode}: {err}"
    wall, rss, user, system = timing[-1].split()
    return float(wall), int(rss), float(user) + float(system), None


def generate(gen, rows, path):
    if os.path.exists(path) and os.path.getsize(path) > 0:
        print(f"using existing {path}", file=sys.stderr)
        return
    import duckdb
    os.makedirs(os.path.dirname(path), exist_ok=True)
    accounts = path + ".accounts.tmp"
    print(f"generating {path} ({rows} rows)", file=sys.stderr)
    subprocess.run([gen, "accounts", "--rows", str(rows), "--seed", "42", "-o", accounts],
                   check=True)
    duckdb.sql(
        "COPY (SELECT account_id AS id, industry, employees, annual_revenue, country, plan, "
        "founded_year, created_date, uses_tags, website_visits, won AS is_customer "
        f"FROM read_csv({lit(accounts)})) TO {lit(path + '.tmp')} (HEADER)")
    os.remove(accounts)
    os.replace(path + ".tmp", path)


def warm(path):
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


def compare(icp_out, duck_out):
    """Ids whose score or tier differ between the two outputs."""
    import duckdb
    return duckdb.sql(
        f"SELECT count(*) AS n, "
        f"count(*) FILTER (WHERE a.score::DOUBLE IS DISTINCT FROM b.icp_score::DOUBLE "
        f"OR a.tier IS DISTINCT FROM b.icp_tier) AS differ "
        f"FROM read_csv({lit(duck_out)}) a FULL JOIN read_csv({lit(icp_out)}, all_varchar=true) b "
        f"ON a.id = b.id").fetchall()[0]


def bench(tools, runs, label):
    results = {name: [] for name, _ in tools}
    for r in range(runs):
        for name, cmd in tools:
            wall, rss, cpu, err = run_timed(cmd)
            if err:
                sys.exit(f"{label} run {r + 1} {name}: FAILED {err}")
            results[name].append((wall, rss, cpu))
            print(f"{label} run {r + 1}/{runs} {name}: {wall:.2f}s wall, {cpu:.2f}s CPU, "
                  f"{rss / 1024:.0f} MB peak RSS", file=sys.stderr)
    return results


def med(values):
    return statistics.median(values)


def machine():
    cpu = platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu})"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--icp", required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--kernel", default="")
    ap.add_argument("--rows", type=int, default=2_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", default="")
    ap.add_argument("--no-memory-check", action="store_true")
    args = ap.parse_args()

    import duckdb

    os.makedirs("bench-data", exist_ok=True)
    profile_path = "bench-data/score_profile.toml"
    with open(profile_path, "w") as f:
        f.write(PROFILE)
    profile = tomllib.loads(PROFILE)

    def tools_for(path, tag):
        sql = scorecard_sql(profile, path)
        return sql, [
            # The same output as DuckDB's: id, score and tier (`--no-reasons`); the reasons
            # column is timed separately below as "icp (with reasons)".
            ("icp", [args.icp, "score", path, "-p", profile_path, "--keep", "id", "--no-reasons",
                     "-o", f"bench-data/score_out_icp_{tag}.csv", "-q"]),
            ("icp (with reasons)", [args.icp, "score", path, "-p", profile_path, "--keep", "id",
                     "-o", f"bench-data/score_out_icpr_{tag}.csv", "-q"]),
            (f"duckdb {duckdb.__version__}",
             [sys.executable, "-c", DUCKDB, sql, f"bench-data/score_out_duck_{tag}.csv"]),
        ]

    sizes = [args.rows] + ([] if args.no_memory_check else [args.rows * 4])
    report = {}
    sql_shown = None
    for i, rows in enumerate(sizes):
        path = f"bench-data/score_{rows}.csv"
        generate(args.gen, rows, path)
        warm(path)
        sql, tools = tools_for(path, rows)
        sql_shown = sql_shown or sql
        runs = args.runs if i == 0 else 1
        results = bench(tools, runs, f"{rows} rows")
        n, differ = compare(f"bench-data/score_out_icp_{rows}.csv",
                            f"bench-data/score_out_duck_{rows}.csv")
        report[rows] = {"file_bytes": os.path.getsize(path), "results": results,
                        "compared": n, "differ": differ}
        for prefix in ("icp", "icpr", "duck"):
            out = f"bench-data/score_out_{prefix}_{rows}.csv"
            if os.path.exists(out):
                os.remove(out)

    kernel = None
    if args.kernel:
        out = subprocess.run([args.kernel, "--profile", profile_path, "--rows", str(args.rows)],
                             capture_output=True, text=True, check=True)
        kernel = json.loads(out.stdout.strip().splitlines()[-1])

    lines = [f"# Scoring benchmark, {datetime.date.today()}", ""]
    main_rows = sizes[0]
    r = report[main_rows]
    lines += [
        f"- file: `bench-data/score_{main_rows}.csv`, {main_rows:,} rows, 11 columns (id + 10 "
        f"attributes), {r['file_bytes'] / 1e6:.0f} MB",
        f"- machine: {machine()}; load average at the end {os.getloadavg()[0]:.2f}",
        f"- runs: {args.runs} per tool, round-robin, warm page cache; medians below",
        "- icp: `icp score FILE -p bench-data/score_profile.toml --keep id --no-reasons -o OUT.csv -q` (id, score, tier, as DuckDB writes; `icp (with reasons)` adds the icp_reasons column)",
        "- DuckDB: the same scorecard as SQL (below), `COPY (...) TO 'OUT.csv'`, writing id, "
        "score and tier; wall time includes the Python interpreter start-up",
        f"- outputs compared: {r['compared']:,} ids, {r['differ']} with a different score or tier",
        "",
        "| tool | wall s | CPU s (user+sys) | peak RSS MB | wall / icp | RSS / icp |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    icp_wall = med([w for w, _, _ in r["results"]["icp"]])
    icp_rss = med([m for _, m, _ in r["results"]["icp"]])
    medians = {}
    for name, runs in r["results"].items():
        wall, rss = med([w for w, _, _ in runs]), med([m for _, m, _ in runs])
        cpu = med([c for _, _, c in runs])
        medians[name] = (wall, cpu)
        lines.append(f"| {name} | {wall:.2f} | {cpu:.2f} | {rss / 1024:,.0f} | "
                     f"{wall / icp_wall:.2f} | {rss / icp_rss:.2f} |")
    duck = next(v for k, v in medians.items() if k.startswith("duckdb"))
    lines += ["", "DuckDB's median over icp's (the goal: ≥ 3 without reasons, ≥ 2 with):", ""]
    for name in ("icp", "icp (with reasons)"):
        wall, cpu = medians[name]
        lines.append(f"- {name}: wall {duck[0] / wall:.2f}×, CPU {duck[1] / cpu:.2f}×")
    lines += ["", "Per-run values (wall s / CPU s / peak RSS MB):", ""]
    for name, runs in r["results"].items():
        lines.append(f"- {name}: " + ", ".join(f"{w:.2f} / {c:.2f} / {m / 1024:.0f}"
                                              for w, m, c in runs))
    if len(sizes) > 1:
        big = report[sizes[1]]
        lines += ["", f"## Memory at 4x the rows ({sizes[1]:,} rows, "
                      f"{big['file_bytes'] / 1e6:.0f} MB; one run each)", "",
                  "| tool | rows | wall s | peak RSS MB |", "|---|---:|---:|---:|"]
        for rows in sizes:
            for name, runs in report[rows]["results"].items():
                lines.append(f"| {name} | {rows:,} | {med([w for w, _, _ in runs]):.2f} | "
                             f"{med([m for _, m, _ in runs]) / 1024:,.0f} |")
        lines.append(f"\nOutputs compared at 4x: {big['compared']:,} ids, {big['differ']} differ.")
    if kernel:
        lines += ["", "## Scoring kernel", "",
                  f"`icp-score-kernel --profile bench-data/score_profile.toml --rows {args.rows}`: "
                  f"`Scorer::score` on pre-built frames of {kernel['batch_rows']:,} rows, one "
                  f"thread, best of {kernel['repeat']}: **{kernel['rows_per_second_per_core'] / 1e6:.1f} M "
                  f"rows/s per core** ({kernel['attributes']} attributes)."]
    lines += ["", "## The SQL", "", "```sql", sql_shown, "```", ""]
    text = "\n".join(lines)
    print(text)
    if args.out:
        os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
        with open(args.out, "w") as f:
            f.write(text)
        print(f"wrote {args.out}", file=sys.stderr)
    if any(v["differ"] for v in report.values()):
        sys.exit("icp and DuckDB disagree on some scores")


if __name__ == "__main__":
    main()
