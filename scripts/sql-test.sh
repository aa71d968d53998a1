#!/usr/bin/env bash
# `icp sql` on every engine that can be installed here, on every shared dataset, Spark
# included (CI runs Spark on one dataset only): installs DuckDB, PySpark and a Java runtime
# (scripts/sql-engines.sh), starts a throwaway PostgreSQL (scripts/postgres.sh), runs the
# tests, and stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
ICP_TEST_PYTHON=$(bash scripts/sql-engines.sh spark | tail -1)
ICP_TEST_PG_URL=$(bash scripts/postgres.sh | tail -1)
export ICP_TEST_PYTHON ICP_TEST_PG_URL ICP_REQUIRE_SQL_ENGINES=1 ICP_TEST_SPARK=1 ICP_TEST_CLICKHOUSE=1
trap 'bash scripts/postgres.sh stop' EXIT
cargo test -p icp-sql -j2
cargo test -p icp -j2 --test it -- sql:: pushdown:: --nocapture --test-threads 2
