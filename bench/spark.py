#!/usr/bin/env python3
"""Scoring in Apache Spark (local mode) with icp's own SQL (`icp sql --dialect spark`) beside
`icp score` on the same CSV. Started by bench/spark.sh, which prepares the engines and binaries:

    python bench/spark.py --icp BIN --gen BIN [--rows N] [--runs N] [--out REPORT.md]

1. Writes the scoring benchmark's profile (bench/score.py) and asks `icp sql -p PROFILE
   --dialect spark --table accounts --keep id` for the statement.
2. Generates (or reuses) bench-data/score_<ROWS>.csv as bench/score.py does.
3. Runs, round-robin, each in its own process under `/usr/bin/time -f '%e %M'`:
   - icp:   `icp score FILE -p PROFILE --keep id --no-reasons -o OUT.csv -q`;
   - spark: a local[2] session reads the CSV with its schema, runs the statement and writes
     the result as CSV part files (nothing is collected to the driver).
4. Reads Spark's executed plan: scoring is row by row, so the plan must hold no exchange
   (shuffle), no sort and no single-partition step; any of them fails the benchmark.
5. Checks that every id has the same score and tier in both outputs.
"""

import argparse
import datetime
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import score  # noqa: E402  (the scoring benchmark's generator and timing)
import sqlbench  # noqa: E402  (the statement, the comparison, the timing table)

RUN = r"""
import sys
from pyspark.sql import SparkSession
from pyspark.sql import types as T
sql, out, source, plan_path = sys.argv[1:5]
spark = (SparkSession.builder.master("local[2]").appName("icp-bench")
         .config("spark.ui.enabled", "false")
         .config("spark.sql.session.timeZone", "UTC")
         .config("spark.driver.memory", "2g")
         .getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
S, D = T.StringType(), T.DoubleType()
schema = T.StructType([T.StructField(n, t, True) for n, t in [
    ("id", S), ("industry", S), ("employees", D), ("annual_revenue", D), ("country", S),
    ("plan", S), ("founded_year", D), ("created_date", T.DateType()), ("uses_tags", S),
    ("website_visits", D), ("is_customer", T.BooleanType())]])
spark.read.option("header", "true").schema(schema).csv(source).createOrReplaceTempView("accounts")
result = spark.sql(sql)
with open(plan_path, "w") as f:
    f.write(result._jdf.queryExecution().executedPlan().toString())
result.write.mode("overwrite").option("header", "true").csv(out)
spark.stop()
"""

# Steps of a physical plan that funnel rows through one place or move them between nodes.
BOTTLENECKS = ("Exchange", "Sort", "SinglePartition", "CollectLimit", "TakeOrderedAndProject")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--icp", required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    import pyspark

    sql = sqlbench.statement(args.icp, "spark")
    path = f"bench-data/score_{args.rows}.csv"
    score.generate(args.gen, args.rows, path)
    score.warm(path)
    icp_out, spark_out, plan_path = ("bench-data/spark_out_icp.csv", "bench-data/spark_out",
                                     "bench-data/spark_plan.txt")
    tools = [
        ("icp score (CSV)", sqlbench.icp_score_command(args.icp, path, icp_out)),
        (f"spark {pyspark.__version__} local[2], icp sql, CSV",
         [sys.executable, "-c", RUN, sql, spark_out, path, plan_path]),
    ]
    results = score.bench(tools, args.runs, f"{args.rows} rows")
    with open(plan_path) as f:
        plan = f.read()
    found = [b for b in BOTTLENECKS if b in plan]
    n, d = sqlbench.differ(icp_out, os.path.join(spark_out, "part-*.csv"))
    os.remove(icp_out)
    shutil.rmtree(spark_out, ignore_errors=True)
    lines = [
        f"# icp sql in Spark vs icp score, {datetime.date.today()}", "",
        sqlbench.data_line(path, args.rows),
        f"- machine: {score.machine()}; load average at the end {os.getloadavg()[0]:.2f}",
        f"- runs: {args.runs} per tool, round-robin, warm page cache; medians below; Spark's wall "
        "time includes the Python interpreter and the JVM start-up",
        "- the statement: `icp sql -p bench-data/score_profile.toml --dialect spark --table "
        "accounts --keep id` over the CSV read with its schema, written as CSV part files",
        f"- outputs compared: {n:,} ids, {d} with a different score or tier",
        "- Spark's executed plan: " + ("no exchange, sort or single-partition step (every "
                                       "row scored where it is read)" if not found else
                                       "HAS " + ", ".join(found)),
        "",
    ] + sqlbench.timing_table(results)
    lines += ["", "Spark's executed plan:", "", "```", plan.strip(), "```"]
    report = "\n".join(lines) + "\n"
    print(report)
    if args.out:
        with open(args.out, "w") as f:
            f.write(report)
    if found or d:
        sys.exit("the plan has a bottleneck or the scores differ")


if __name__ == "__main__":
    main()
