//! Booleans: literals and the never-unknown tests `IS TRUE` / `IS FALSE`, which ClickHouse,
//! Snowflake and Trino lack (Snowflake's `IS` takes only `NULL`; Trino and Presto before
//! recent versions likewise): there `coalesce` gives the same answer.

use super::Dialect;

impl Dialect {
    /// `TRUE` or `FALSE`.
    pub fn bool_literal(self, value: bool) -> &'static str {
        match (self, value) {
            (Dialect::ClickHouse, true) => "true",
            (Dialect::ClickHouse, false) => "false",
            (_, true) => "TRUE",
            (_, false) => "FALSE",
        }
    }

    /// `condition IS [NOT] TRUE|FALSE`: true or false, never unknown (a missing condition is
    /// neither true nor false). `condition` must be parenthesised if compound.
    pub fn is_bool(self, condition: &str, expected: bool, negated: bool) -> String {
        match self {
            Dialect::ClickHouse | Dialect::Snowflake | Dialect::Trino => {
                let no = self.bool_literal(false);
                let test = if expected {
                    format!("coalesce({condition}, {no})")
                } else {
                    format!("coalesce(NOT {condition}, {no})")
                };
                if negated { format!("NOT {test}") } else { test }
            }
            _ => {
                let not = if negated { "NOT " } else { "" };
                format!("{condition} IS {not}{}", self.bool_literal(expected))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truth_tests() {
        assert_eq!(Dialect::Postgres.is_bool("(a > 1)", true, true), "(a > 1) IS NOT TRUE");
        assert_eq!(
            Dialect::ClickHouse.is_bool("(a > 1)", false, false),
            "coalesce(NOT (a > 1), false)"
        );
        for dialect in [Dialect::Snowflake, Dialect::Trino] {
            let test = dialect.is_bool("(a > 1)", true, true);
            assert_eq!(test, "NOT coalesce((a > 1), FALSE)");
        }
    }
}
