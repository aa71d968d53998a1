//! Dates: literals, and whole days between a date (or timestamp) column and a reference date,
//! which is how icp derives ages such as a company's years since founding.

use icp_frame::format_date;

use super::Dialect;

impl Dialect {
    /// The date `days` after 1970-01-01 as a literal. SQLite has no date type: dates are
    /// ISO text there, which compares in date order.
    pub fn date_literal(self, days: i32) -> String {
        let iso = format_date(days);
        match self {
            Dialect::Sqlite => format!("'{iso}'"),
            Dialect::ClickHouse => format!("toDate('{iso}')"),
            _ => format!("DATE '{iso}'"),
        }
    }

    /// Whole days from the date of `value` (a date or a timestamp, its time of day dropped)
    /// to the date `reference_day`, as an integer expression: positive when `value` is
    /// earlier.
    pub fn days_before(self, value: &str, reference_day: i32) -> String {
        let reference = self.date_literal(reference_day);
        match self {
            Dialect::Sqlite => {
                format!("CAST(julianday({reference}) - julianday(date({value})) AS INTEGER)")
            }
            Dialect::Spark => format!("datediff({reference}, CAST({value} AS DATE))"),
            Dialect::BigQuery => format!("DATE_DIFF({reference}, DATE({value}), DAY)"),
            Dialect::Snowflake => format!("DATEDIFF(day, CAST({value} AS DATE), {reference})"),
            Dialect::Trino => format!("date_diff('day', CAST({value} AS DATE), {reference})"),
            Dialect::ClickHouse => format!("dateDiff('day', toDate({value}), {reference})"),
            Dialect::Ansi | Dialect::DuckDb | Dialect::Postgres => {
                format!("({reference} - CAST({value} AS DATE))")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_per_dialect() {
        assert_eq!(Dialect::Postgres.date_literal(0), "DATE '1970-01-01'");
        assert_eq!(Dialect::Sqlite.date_literal(31), "'1970-02-01'");
        assert_eq!(
            Dialect::DuckDb.days_before("\"founded\"", 0),
            "(DATE '1970-01-01' - CAST(\"founded\" AS DATE))"
        );
        assert_eq!(
            Dialect::Spark.days_before("`founded`", 0),
            "datediff(DATE '1970-01-01', CAST(`founded` AS DATE))"
        );
    }
}
