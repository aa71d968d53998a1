//! String literals. Standard SQL doubles a single quote inside `'...'`; Spark, BigQuery,
//! ClickHouse and Snowflake also read backslash escapes there, so a backslash must be escaped
//! too (Spark would otherwise also join `'it' 's'` into one string, so it gets `\'`).

use super::Dialect;
use super::quoting::backslash_escaped;

impl Dialect {
    /// `text` as a string literal.
    pub fn quote_string(self, text: &str) -> String {
        match self {
            Dialect::Spark | Dialect::BigQuery | Dialect::ClickHouse => {
                format!("'{}'", backslash_escaped(text, '\''))
            }
            Dialect::Snowflake => format!("'{}'", text.replace('\\', "\\\\").replace('\'', "''")),
            _ => format!("'{}'", text.replace('\'', "''")),
        }
    }

    /// How `LIKE` patterns escape `%` and `_`: `Some(c)` with an `ESCAPE 'c'` clause, `None`
    /// where a backslash is the (only) escape and no clause is accepted.
    pub fn like_escape(self) -> Option<char> {
        match self {
            Dialect::BigQuery | Dialect::ClickHouse => None,
            _ => Some('!'),
        }
    }

    /// `value LIKE pattern`, where `pattern` is already escaped for [`Dialect::like_escape`].
    pub fn like(self, value: &str, pattern: &str, negated: bool) -> String {
        let keyword = if negated { "NOT LIKE" } else { "LIKE" };
        let pattern = self.quote_string(pattern);
        match self.like_escape() {
            Some(escape) => format!("{value} {keyword} {pattern} ESCAPE '{escape}'"),
            None => format!("{value} {keyword} {pattern}"),
        }
    }

    /// `text` as a `LIKE` pattern that matches it exactly (`%` and `_` escaped).
    pub fn like_literal(self, text: &str) -> String {
        let escape = self.like_escape().unwrap_or('\\');
        let mut escaped = String::with_capacity(text.len());
        for c in text.chars() {
            if matches!(c, '%' | '_') || c == escape {
                escaped.push(escape);
            }
            escaped.push(c);
        }
        escaped
    }

    /// A rule's `like` pattern, whose `%` and `_` keep their meaning: only the escape
    /// character itself is escaped.
    pub fn like_pattern(self, pattern: &str) -> String {
        let escape = self.like_escape().unwrap_or('\\');
        pattern.replace(escape, &format!("{escape}{escape}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_backslashes_cannot_end_a_string() {
        assert_eq!(Dialect::Postgres.quote_string("O'Brien \\"), "'O''Brien \\'");
        assert_eq!(Dialect::Spark.quote_string("O'Brien \\"), "'O\\'Brien \\\\'");
        assert_eq!(Dialect::BigQuery.quote_string("a\nb"), "'a\\nb'");
        assert_eq!(Dialect::Snowflake.quote_string("it's \\"), "'it''s \\\\'");
        assert_eq!(
            Dialect::Sqlite.like("x", &Dialect::Sqlite.like_literal("50%_!"), false),
            "x LIKE '50!%!_!!' ESCAPE '!'"
        );
        assert_eq!(
            Dialect::BigQuery.like("x", &Dialect::BigQuery.like_literal("5%\\"), true),
            "x NOT LIKE '5\\\\%\\\\\\\\'"
        );
    }
}
