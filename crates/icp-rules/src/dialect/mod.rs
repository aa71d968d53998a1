//! SQL dialects: what differs between the engines icp writes SQL for. Each concern lives in
//! its own file (quoting identifiers, string literals, dates, text and tag functions,
//! division, booleans, aggregates), as methods on [`Dialect`].
//!
//! [`Dialect::Ansi`] is the generic SQL [`Expr::to_sql`](crate::Expr::to_sql) always wrote;
//! the others are checked by running the SQL on the engine where one can be installed here
//! (DuckDB, PostgreSQL, SQLite, Spark) and by snapshots elsewhere.

mod aggregates;
mod booleans;
mod dates;
mod division;
mod quoting;
mod strings;
mod text;

use std::fmt;

/// An SQL dialect.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Dialect {
    /// Generic, ANSI-flavoured SQL (the default).
    #[default]
    Ansi,
    /// DuckDB.
    DuckDb,
    /// PostgreSQL.
    Postgres,
    /// SQLite (dates stored as ISO text, booleans as 0/1).
    Sqlite,
    /// Apache Spark SQL (and Databricks).
    Spark,
    /// Google BigQuery (GoogleSQL).
    BigQuery,
    /// Snowflake.
    Snowflake,
    /// Trino (and Presto).
    Trino,
    /// ClickHouse.
    ClickHouse,
}

impl Dialect {
    /// Every dialect, the generic one first.
    pub const ALL: [Dialect; 9] = [
        Dialect::Ansi,
        Dialect::DuckDb,
        Dialect::Postgres,
        Dialect::Sqlite,
        Dialect::Spark,
        Dialect::BigQuery,
        Dialect::Snowflake,
        Dialect::Trino,
        Dialect::ClickHouse,
    ];

    /// The name on the command line: `ansi`, `duckdb`, `postgres`, …
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Ansi => "ansi",
            Dialect::DuckDb => "duckdb",
            Dialect::Postgres => "postgres",
            Dialect::Sqlite => "sqlite",
            Dialect::Spark => "spark",
            Dialect::BigQuery => "bigquery",
            Dialect::Snowflake => "snowflake",
            Dialect::Trino => "trino",
            Dialect::ClickHouse => "clickhouse",
        }
    }

    /// The dialect called `name` (case-insensitive; `postgresql`, `databricks` and `presto`
    /// are accepted too).
    pub fn from_name(name: &str) -> Option<Dialect> {
        let lower = name.to_ascii_lowercase();
        let alias = match lower.as_str() {
            "postgresql" | "pg" => Some(Dialect::Postgres),
            "databricks" | "sparksql" => Some(Dialect::Spark),
            "presto" => Some(Dialect::Trino),
            _ => None,
        };
        alias.or_else(|| Dialect::ALL.into_iter().find(|d| d.name() == lower))
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_aliases_resolve() {
        for d in Dialect::ALL {
            assert_eq!(Dialect::from_name(d.name()), Some(d));
            assert_eq!(d.to_string(), d.name());
        }
        assert_eq!(Dialect::from_name("PostgreSQL"), Some(Dialect::Postgres));
        assert_eq!(Dialect::from_name("databricks"), Some(Dialect::Spark));
        assert_eq!(Dialect::from_name("mysql"), None);
    }
}
