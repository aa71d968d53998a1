//! Aggregates over a whole column. Percentiles interpolate linearly between the closest
//! ranks (numpy's default, SQL's `percentile_cont`); engines spell that differently, and
//! SQLite and Trino have no exact one.

use super::Dialect;

impl Dialect {
    /// The exact percentile `fraction` (0–1) of `value` over `table`, as a scalar subquery;
    /// `None` where the engine has no exact percentile.
    pub fn percentile(self, fraction: &str, value: &str, table: &str) -> Option<String> {
        let aggregate = match self {
            Dialect::Sqlite | Dialect::Trino => return None,
            Dialect::Spark => format!("percentile({value}, {fraction})"),
            Dialect::BigQuery => {
                // An analytic function only: every row carries the same value.
                return Some(format!(
                    "(SELECT PERCENTILE_CONT({value}, {fraction}) OVER () FROM {table} LIMIT 1)"
                ));
            }
            Dialect::ClickHouse => format!("quantileExactInclusive({fraction})({value})"),
            _ => format!("percentile_cont({fraction}) WITHIN GROUP (ORDER BY {value})"),
        };
        Some(format!("(SELECT {aggregate} FROM {table})"))
    }
}
