//! The engine's column type for each kind of column icp reads: what a table must hold for
//! the statement to score it as icp scores the export (see the crate documentation).

use icp_frame::Kind;
use icp_rules::Dialect;

/// The column type in `dialect` for a column icp reads as `kind`: numbers as 64-bit floating
/// point, yes/no as booleans (integers 0/1 in SQLite), dates and timestamps as such (ISO text in
/// SQLite), everything else (labels, tags, text, identifiers) as text.
pub fn column_type(dialect: Dialect, kind: Kind) -> &'static str {
    match (dialect, kind) {
        (_, Kind::Number) => dialect.double_type(),
        (Dialect::Sqlite, Kind::Boolean) => "INTEGER",
        (Dialect::ClickHouse, Kind::Boolean) => "Bool",
        (_, Kind::Boolean) => "BOOLEAN",
        (Dialect::Sqlite, _) => "TEXT",
        (Dialect::ClickHouse, Kind::Date) => "Date32",
        (Dialect::ClickHouse, Kind::DateTime) => "DateTime64(3)",
        (_, Kind::Date) => "DATE",
        (Dialect::BigQuery, Kind::DateTime) => "DATETIME",
        (Dialect::Snowflake, Kind::DateTime) => "TIMESTAMP_NTZ",
        (_, Kind::DateTime) => "TIMESTAMP",
        (Dialect::BigQuery, _) => "STRING",
        (Dialect::Spark, _) => "STRING",
        (Dialect::ClickHouse, _) => "String",
        (Dialect::Postgres, _) => "TEXT",
        _ => "VARCHAR",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_per_dialect() {
        assert_eq!(column_type(Dialect::Postgres, Kind::Number), "DOUBLE PRECISION");
        assert_eq!(column_type(Dialect::Sqlite, Kind::Boolean), "INTEGER");
        assert_eq!(column_type(Dialect::Sqlite, Kind::Date), "TEXT");
        assert_eq!(column_type(Dialect::DuckDb, Kind::Tags), "VARCHAR");
        assert_eq!(column_type(Dialect::BigQuery, Kind::Categorical), "STRING");
    }
}
