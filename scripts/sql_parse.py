"""Parses a statement with sqlglot, an SQL parser independent of icp, in an engine's dialect,
for the dialects no engine can be installed for here (BigQuery, Snowflake, Trino):

    python sql_parse.py DIALECT QUERY.sql

Prints JSON: the number of statements, and the names of the columns and tables and the string
literals the parser found, so that a test can check that every quoted name and string was read
as exactly that name or string.
"""

import json
import sys

import sqlglot
from sqlglot import exp


def main():
    dialect, path = sys.argv[1:3]
    with open(path, encoding="utf-8") as f:
        text = f.read()
    statements = sqlglot.parse(text, read=None if dialect == "ansi" else dialect)
    tree = statements[0]
    print(json.dumps({
        "statements": len([s for s in statements if s is not None]),
        "columns": sorted({c.name for c in tree.find_all(exp.Column)}),
        "tables": sorted({t.name for t in tree.find_all(exp.Table)}),
        "schemas": sorted({t.db for t in tree.find_all(exp.Table) if t.db}),
        "strings": sorted({s.this for s in tree.find_all(exp.Literal) if s.is_string}),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
