#!/usr/bin/env bash
# Installs the engines the generated SQL is tested on, outside the repository, and prints the
# Python interpreter that has them on the last line:
#   export ICP_TEST_PYTHON=$(bash scripts/sql-engines.sh | tail -1)           # DuckDB
#   export ICP_TEST_PYTHON=$(bash scripts/sql-engines.sh spark | tail -1)     # and Spark, ClickHouse
# DuckDB, PySpark and chdb (ClickHouse embedded) come from the Python package registry into a virtual environment in
# $ICP_SQL_VENV (default ~/.cache/icp/sql-venv); Spark's Java runtime from Debian's packages.
# SQLite is built into the tests; PostgreSQL comes from scripts/postgres.sh.
set -euo pipefail

venv=${ICP_SQL_VENV:-$HOME/.cache/icp/sql-venv}
python=${PYTHON:-python3}

if [ ! -x "$venv/bin/python" ]; then
    echo "creating $venv" >&2
    mkdir -p "$(dirname "$venv")"
    "$python" -m venv "$venv" >&2
fi
if ! "$venv/bin/python" -c 'import duckdb, sqlglot' 2>/dev/null; then
    # sqlglot: an independent SQL parser, for the dialects no engine installs here.
    echo "installing duckdb and sqlglot (pip)" >&2
    "$venv/bin/python" -m pip install -q 'duckdb>=1.1' 'sqlglot>=25' >&2
fi
if [ "${1:-}" = spark ]; then
    if ! command -v java >/dev/null 2>&1; then
        echo "installing a Java runtime (Debian packages)" >&2
        apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends default-jre-headless >/dev/null
    fi
    if ! "$venv/bin/python" -c 'import pyspark' 2>/dev/null; then
        echo "installing pyspark (pip)" >&2
        "$venv/bin/python" -m pip install -q 'pyspark>=3.5' >&2
    fi
fi
if [ "${1:-}" = spark ] || [ "${1:-}" = clickhouse ] || [ "${2:-}" = clickhouse ]; then
    # ClickHouse embedded in Python (the chdb package): the ClickHouse engine, no server.
    if ! "$venv/bin/python" -c 'import chdb' 2>/dev/null; then
        echo "installing chdb (pip)" >&2
        "$venv/bin/python" -m pip install -q 'chdb>=3' >&2
    fi
fi
echo "$venv/bin/python"
