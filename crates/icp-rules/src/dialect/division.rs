//! Division and number types: `a / b` in SQL is integer division on integer columns in some
//! engines (PostgreSQL, SQLite, Trino, …), while icp divides in floating point; and a zero
//! divisor gives missing in icp but an error in some engines.

use super::Dialect;

impl Dialect {
    /// The engine's name of a 64-bit floating-point type.
    pub fn double_type(self) -> &'static str {
        match self {
            Dialect::Ansi | Dialect::Postgres => "DOUBLE PRECISION",
            Dialect::Sqlite => "REAL",
            Dialect::BigQuery => "FLOAT64",
            Dialect::ClickHouse => "Float64",
            _ => "DOUBLE",
        }
    }

    /// `value` as a 64-bit floating-point number.
    pub fn to_double(self, value: &str) -> String {
        format!("CAST({value} AS {})", self.double_type())
    }

    /// `left / right` in floating point, missing (`NULL`) when `right` is zero.
    pub fn divide(self, left: &str, right: &str) -> String {
        format!("{} / NULLIF({right}, 0)", self.to_double(left))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn division_is_floating_and_guarded() {
        assert_eq!(
            Dialect::Postgres.divide("\"a\"", "\"b\""),
            "CAST(\"a\" AS DOUBLE PRECISION) / NULLIF(\"b\", 0)"
        );
        assert_eq!(Dialect::BigQuery.to_double("x"), "CAST(x AS FLOAT64)");
    }
}
