"""Discovery pushed down to DuckDB: how many bytes of aggregates icp reads back for a
10 M-row, 30-attribute table (`icp-gen attributes`), and how long each round takes; then
`icp evaluate` from the same rounds 1 and 2 and its own round 3 (split into folds).

    python bench/pushdown.py --icp BIN --gen BIN [--rows N] [--out REPORT.md]

The table is loaded into a DuckDB file; `icp sql --aggregates` writes round 1, DuckDB runs
each round and saves its result as CSV, `icp discover --from-aggregates` writes the next
round until it has all three and writes the profile. The key attributes found are compared
with the six drivers `icp-gen` plants.
"""

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time

PLANTED = ["industry", "employees", "country", "uses_sso", "days_since_last_activity",
           "website_visits_30d"]


def lit(text):
    return "'" + text.replace("'", "''") + "'"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--icp", required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    import duckdb

    data = "bench-data"
    os.makedirs(data, exist_ok=True)
    csv = f"{data}/pushdown-{args.rows}.csv"
    if not os.path.exists(csv):
        t = time.time()
        subprocess.run([args.gen, "attributes", "--rows", str(args.rows), "--cols", "30",
                        "-o", csv], check=True)
        print(f"generated {csv} in {time.time() - t:.1f} s", file=sys.stderr)
    db = f"{data}/pushdown-{args.rows}.duckdb"
    if not os.path.exists(db):
        con = duckdb.connect(db)
        con.execute(f"CREATE TABLE accounts AS SELECT * FROM read_csv({lit(csv)})")
        con.close()
    sample = f"{data}/pushdown-sample.csv"
    with open(csv, encoding="utf-8") as f, open(sample, "w", encoding="utf-8") as out:
        for i, line in enumerate(f):
            if i > 20_000:
                break
            out.write(line)
    work = f"{data}/pushdown-run"
    # A fresh folder: icp refuses to overwrite files it did not write (an earlier run's).
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    common = ["--dialect", "duckdb", "--table", "accounts", "--sample", sample]
    statement = f"{work}/round1.sql"
    subprocess.run([args.icp, "sql", "--aggregates", "--golden", "won == true", "-o", statement,
                    *common], check=True)
    results, rounds = [], []
    con = duckdb.connect(db, read_only=True)
    for r in (1, 2, 3):
        out = f"{work}/round{r}.csv"
        with open(statement, encoding="utf-8") as f:
            sql = f.read().strip().rstrip(";")
        t = time.time()
        con.execute(f"COPY ({sql}) TO {lit(out)} (HEADER)")
        seconds = time.time() - t
        results.append(out)
        lines = sum(1 for _ in open(out, encoding="utf-8")) - 1
        rounds.append((r, seconds, os.path.getsize(out), lines))
        statement = f"{work}/round{r + 1}.sql"
        t = time.time()
        run = subprocess.run([args.icp, "discover", "--from-aggregates", ",".join(results),
                              "--golden", "won == true", "--next-sql", statement,
                              "-o", f"{work}/profile.toml", "--json" if r == 3 else "--quiet",
                              *common], check=True, capture_output=True, text=True)
        icp_seconds = time.time() - t
        rounds[-1] = rounds[-1] + (icp_seconds,)
    import json
    summary = json.loads(run.stdout)
    # Evaluation: rounds 1 and 2 are discovery's; round 3 is split into folds.
    evaluate = ["--golden", "won == true", *common]
    statement = f"{work}/evaluate-round3.sql"
    subprocess.run([args.icp, "evaluate", "--from-aggregates", ",".join(results[:2]),
                    "--next-sql", statement, "--quiet", *evaluate], check=True,
                   capture_output=True)
    with open(statement, encoding="utf-8") as f:
        sql = f.read().strip().rstrip(";")
    out = f"{work}/evaluate-round3.csv"
    t = time.time()
    con.execute(f"COPY ({sql}) TO {lit(out)} (HEADER)")
    evaluate_round3 = (time.time() - t, os.path.getsize(out))
    t = time.time()
    run = subprocess.run([args.icp, "evaluate", "--from-aggregates",
                          ",".join(results[:2] + [out]), "--json", "--quiet", *evaluate],
                         check=True, capture_output=True, text=True)
    evaluate_seconds = time.time() - t
    proof = json.loads(run.stdout)
    auc = {m["method"]: m["auc"] for m in proof["methods"]}
    key = summary["key_attributes"]
    total = sum(b for _, _, b, _, _ in rounds)
    lines = [
        f"# Discovery pushed down to DuckDB ({time.strftime('%Y-%m-%d')})",
        "",
        f"`bash bench/pushdown.sh`: {args.rows:,} rows × 30 attributes (`icp-gen attributes`), "
        f"in a DuckDB file; machine: {platform.machine()}, {os.cpu_count()} cores; "
        f"duckdb {duckdb.__version__}.",
        "",
        "| round | DuckDB runs it (s) | result bytes | result rows | icp reads it (s) |",
        "|---|---|---|---|---|",
    ]
    for r, seconds, size, n, icp_seconds in rounds:
        lines.append(f"| {r} | {seconds:.2f} | {size:,} | {n:,} | {icp_seconds:.2f} |")
    lines += [
        "",
        f"Aggregates read in all: **{total:,} bytes** ({total / 1e6:.3f} MB) for "
        f"{summary['rows']:,} accounts, {summary['golden']:,} golden.",
        "",
        f"Key attributes found: {', '.join(key)}.",
        f"Planted drivers: {', '.join(PLANTED)}; found {sum(1 for p in PLANTED if p in key)} "
        f"of 6, {sum(1 for k in key if k not in PLANTED)} other.",
        "",
        "`icp evaluate` from the same rounds 1 and 2 and a round 3 split into 5 folds: "
        f"DuckDB ran round 3 in {evaluate_round3[0]:.2f} s, **{evaluate_round3[1]:,} bytes**; "
        f"aggregates in all {total - rounds[2][2] + evaluate_round3[1]:,} bytes; icp "
        f"cross-validated {proof['rows']:,} sampled accounts in {evaluate_seconds:.2f} s.",
        "",
        "| method | cross-validated AUC |",
        "|---|---|",
        *[f"| {name} | {value:.4f} |" for name, value in auc.items()],
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
