"""Runs icp's generated SQL on a real engine for the tests (no mocks).

    python sql_run.py ENGINE TABLE SCHEMA.json DATA.csv QUERY.sql OUT.csv

ENGINE is duckdb, spark or clickhouse (chdb). The table TABLE is created with the columns and types in
SCHEMA.json ([[name, type], ...], types: double, boolean, date, timestamp, text), loaded
from DATA.csv (a header, empty unquoted fields are NULL), then QUERY.sql runs and its result
is written to OUT.csv (NULL as an empty field). Names are quoted by the engine's rules, so
the table and columns may be called anything.
"""

import csv
import json
import os
import sys


def duckdb_run(table, schema, data, query):
    import duckdb

    con = duckdb.connect()
    q = lambda name: '"' + name.replace('"', '""') + '"'
    types = {"double": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE",
             "timestamp": "TIMESTAMP", "text": "VARCHAR"}
    cols = ", ".join(f"{q(n)} {types[t]}" for n, t in schema)
    con.execute(f"CREATE TABLE {q(table)} ({cols})")
    s = lambda text: "'" + text.replace("'", "''") + "'"
    columns = ", ".join(f"{s(n)}: {s(types[t])}" for n, t in schema)
    con.execute(f"INSERT INTO {q(table)} SELECT * FROM read_csv(?, header = true, "
                f"columns = {{{columns}}}, quote = '\"', escape = '\"', nullstr = '')", [data])
    result = con.execute(query)
    names = [d[0] for d in result.description]
    return names, result.fetchall()


def spark_run(table, schema, data, query):
    from pyspark.sql import SparkSession
    from pyspark.sql import types as T

    spark = (SparkSession.builder.master("local[2]").appName("icp-sql-test")
             .config("spark.ui.enabled", "false")
             .config("spark.sql.shuffle.partitions", "4")
             .config("spark.sql.session.timeZone", "UTC")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    types = {"double": T.DoubleType(), "boolean": T.BooleanType(), "date": T.DateType(),
             "timestamp": T.TimestampType(), "text": T.StringType()}
    struct = T.StructType([T.StructField(n, types[t], True) for n, t in schema])
    frame = (spark.read.option("header", "true").option("escape", '"')
             .option("timestampFormat", "yyyy-MM-dd'T'HH:mm:ss")
             .schema(struct).csv(data))
    frame.createOrReplaceTempView(table)
    result = spark.sql(query)
    # Scoring is row by row: the plan must hold no shuffle or sort that would funnel rows
    # through one node (an ORDER BY added by the caller is its own).
    plan = result._jdf.queryExecution().executedPlan().toString()
    # Discovery's aggregate statements (ICP_SQL_AGGREGATES=1) shuffle partial counts by
    # design: only their small results travel.
    aggregates = os.environ.get("ICP_SQL_AGGREGATES") == "1"
    if not aggregates and "ORDER BY" not in query.upper() and ("Exchange" in plan or "Sort" in plan):
        sys.exit("spark: the plan has a shuffle or a sort:\n" + plan)
    names = result.columns
    rows = [tuple(r) for r in result.collect()]
    spark.stop()
    return names, rows


def clickhouse_run(table, schema, data, query):
    """ClickHouse, embedded (the chdb package): the same engine as a ClickHouse server."""
    import csv as csvmod
    import io
    from chdb import session

    q = lambda name: "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`"
    s = lambda text: "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
    types = {"double": "Float64", "boolean": "Bool", "date": "Date32",
             "timestamp": "DateTime64(3)", "text": "String"}
    cols = ", ".join(f"{q(n)} Nullable({types[t]})" for n, t in schema)
    con = session.Session()
    con.query(f"CREATE TABLE {q(table)} ({cols}) ENGINE = Memory")
    # Read as text, then cast: ClickHouse's CSV reader takes no quoted booleans.
    structure = ", ".join(f"{q(n)} Nullable(String)" for n, _ in schema)
    casts = ", ".join(f"CAST({q(n)} AS Nullable({types[t]}))" for n, t in schema)
    con.query(f"INSERT INTO {q(table)} SELECT {casts} FROM file({s(data)}, 'CSVWithNames', {s(structure)}) "
              "SETTINGS input_format_csv_empty_as_default = 1, format_csv_allow_single_quotes = 0")
    text = con.query(query, "CSVWithNames").bytes().decode("utf-8")
    rows = list(csvmod.reader(io.StringIO(text)))
    names, body = rows[0], rows[1:]
    body = [tuple(None if v == "\\N" else v for v in row) for row in body]
    return names, body


def main():
    engine, table, schema_path, data, query_path, out = sys.argv[1:7]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    with open(query_path, encoding="utf-8") as f:
        query = f.read().strip().rstrip(";")
    run = {"duckdb": duckdb_run, "spark": spark_run, "clickhouse": clickhouse_run}[engine]
    names, rows = run(table, schema, data, query)
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(names)
        for row in rows:
            w.writerow(["" if v is None else v for v in row])


if __name__ == "__main__":
    main()
