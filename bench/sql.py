#!/usr/bin/env python3
"""Scoring inside DuckDB with icp's own SQL (`icp sql --dialect duckdb`) beside `icp score` on
the same data exported to CSV. Started by bench/sql.sh, which prepares the venv and binaries:

    python bench/sql.py --icp BIN --gen BIN [--rows N] [--runs N] [--out REPORT.md]

1. Writes the scoring benchmark's profile (bench/score.py: 10 attributes of every kind) and
   asks `icp sql -p PROFILE --dialect duckdb --table accounts --keep id` for the statement.
2. Generates (or reuses) bench-data/score_<ROWS>.csv as bench/score.py does, and loads it once
   into bench-data/score_<ROWS>.duckdb (untimed: the data already lives in the warehouse).
3. Runs, round-robin, each in its own process under `/usr/bin/time -f '%e %M'`:
   - icp:                  `icp score FILE -p PROFILE --keep id --no-reasons -o OUT.csv -q`;
   - duckdb, icp sql, table: the statement over the DuckDB table, `COPY (...) TO OUT.csv`;
   - duckdb, icp sql, CSV:   the statement over `read_csv(FILE)` (a view named accounts).
4. Checks that every id has the same score and tier in all three outputs.
"""

import argparse
import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import score  # noqa: E402  (the scoring benchmark's generator and timing)
import sqlbench  # noqa: E402  (the statement, the comparison, the timing table)

RUN = r"""
import sys
import duckdb
sql, out, source, kind = sys.argv[1:5]
if kind == "table":
    con = duckdb.connect(source, read_only=True)
else:
    con = duckdb.connect()
    con.execute("CREATE VIEW accounts AS SELECT * FROM read_csv('" + source.replace("'", "''") + "')")
con.execute("COPY (" + sql + ") TO '" + out.replace("'", "''") + "' (HEADER)")
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--icp", required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    import duckdb

    sql = sqlbench.statement(args.icp, "duckdb")
    path = f"bench-data/score_{args.rows}.csv"
    score.generate(args.gen, args.rows, path)
    database = f"bench-data/score_{args.rows}.duckdb"
    if not os.path.exists(database):
        con = duckdb.connect(database + ".tmp")
        con.execute(f"CREATE TABLE accounts AS SELECT * FROM read_csv({score.lit(path)})")
        con.close()
        os.replace(database + ".tmp", database)
    score.warm(path)
    outs = {"icp": "bench-data/sql_out_icp.csv", "table": "bench-data/sql_out_table.csv",
            "csv": "bench-data/sql_out_csv.csv"}
    tools = [
        ("icp score (CSV)", sqlbench.icp_score_command(args.icp, path, outs["icp"])),
        (f"duckdb {duckdb.__version__}, icp sql, DuckDB table",
         [sys.executable, "-c", RUN, sql, outs["table"], database, "table"]),
        (f"duckdb {duckdb.__version__}, icp sql, read_csv",
         [sys.executable, "-c", RUN, sql, outs["csv"], path, "csv"]),
    ]
    results = score.bench(tools, args.runs, f"{args.rows} rows")
    checks = {k: sqlbench.differ(outs["icp"], outs[k]) for k in ("table", "csv")}
    for out in outs.values():
        if os.path.exists(out):
            os.remove(out)
    lines = [
        f"# icp sql in DuckDB vs icp score, {datetime.date.today()}", "",
        sqlbench.data_line(path, args.rows),
        f"- machine: {score.machine()}; load average at the end {os.getloadavg()[0]:.2f}",
        f"- runs: {args.runs} per tool, round-robin, warm page cache; medians below; DuckDB's "
        "wall time includes the Python interpreter start-up",
        "- the statement: `icp sql -p bench-data/score_profile.toml --dialect duckdb --table "
        "accounts --keep id`, written to CSV with `COPY (...) TO OUT.csv (HEADER)`",
    ]
    for k, (n, d) in checks.items():
        lines.append(f"- {k}: {n:,} ids compared with icp score, {d} with a different score or tier")
    lines += [""] + sqlbench.timing_table(results)
    report = "\n".join(lines) + "\n"
    print(report)
    if args.out:
        with open(args.out, "w") as f:
            f.write(report)


if __name__ == "__main__":
    main()
