"""What bench/sql.py (DuckDB) and bench/spark.py (Spark) share: the scoring benchmark's profile
turned into an engine's statement, the comparison of an engine's output with `icp score`'s, and
the table of timings."""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import score  # noqa: E402  (the scoring benchmark's profile, generator and timing)

PROFILE_PATH = "bench-data/score_profile.toml"


def statement(icp, dialect):
    """Writes the scoring benchmark's profile and returns `icp sql`'s statement for DIALECT,
    without its final semicolon (it is embedded in COPY or spark.sql)."""
    os.makedirs("bench-data", exist_ok=True)
    with open(PROFILE_PATH, "w") as f:
        f.write(score.PROFILE)
    return subprocess.run([icp, "sql", "-p", PROFILE_PATH, "--dialect", dialect, "--table",
                           "accounts", "--keep", "id"], capture_output=True, text=True,
                          check=True).stdout.strip().rstrip(";")


def icp_score_command(icp, path, out):
    return [icp, "score", path, "-p", PROFILE_PATH, "--keep", "id", "--no-reasons", "-o", out,
            "-q"]


def differ(icp_out, other):
    """(ids compared, ids whose score or tier differ) between icp's output and OTHER, a CSV
    file or a glob of CSV part files; an id missing on either side counts as differing."""
    import duckdb
    return duckdb.sql(
        f"SELECT count(*), count(*) FILTER (WHERE x.icp_score::DOUBLE IS DISTINCT FROM "
        f"y.icp_score::DOUBLE OR x.icp_tier IS DISTINCT FROM y.icp_tier) "
        f"FROM read_csv({score.lit(icp_out)}, all_varchar=true) x FULL JOIN "
        f"read_csv({score.lit(other)}, all_varchar=true) y ON x.id = y.id").fetchall()[0]


def timing_table(results):
    """Markdown rows: median wall seconds and peak RSS of each tool's runs."""
    lines = ["| tool | wall s | peak RSS MB |", "|---|---:|---:|"]
    for name, runs in results.items():
        lines.append(f"| {name} | {score.med([w for w, _ in runs]):.2f} | "
                     f"{score.med([m for _, m in runs]) / 1024:,.0f} |")
    return lines


def data_line(path, rows):
    return (f"- data: `{path}`, {rows:,} rows, 11 columns (id + the 10 attributes of "
            f"bench/score.py's profile), {os.path.getsize(path) / 1e6:.0f} MB as CSV")
