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
    /// SQLite's `LIKE` ignores the case of ASCII letters and icp's does not, so there the
    /// pattern becomes a case-sensitive `GLOB`.
    pub fn like(self, value: &str, pattern: &str, negated: bool) -> String {
        if self == Dialect::Sqlite {
            let keyword = if negated { "NOT GLOB" } else { "GLOB" };
            let glob = glob_from_like(pattern, self.like_escape().unwrap_or('\\'));
            return format!("{value} {keyword} {}", self.quote_string(&glob));
        }
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

/// A `LIKE` pattern escaped with `escape` as a `GLOB` pattern: `%` is `*`, `_` is `?`, and the
/// characters `GLOB` reads specially stand in brackets when meant literally.
fn glob_from_like(pattern: &str, escape: char) -> String {
    let mut glob = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        let literal = if c == escape {
            chars.next()
        } else {
            match c {
                '%' => {
                    glob.push('*');
                    continue;
                }
                '_' => {
                    glob.push('?');
                    continue;
                }
                other => Some(other),
            }
        };
        match literal {
            Some(l @ ('*' | '?' | '[')) => {
                glob.push('[');
                glob.push(l);
                glob.push(']');
            }
            Some(l) => glob.push(l),
            None => {}
        }
    }
    glob
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
            Dialect::Postgres.like("x", &Dialect::Postgres.like_literal("50%_!"), false),
            "x LIKE '50!%!_!!' ESCAPE '!'"
        );
        // SQLite's LIKE ignores case: a GLOB, with its own special characters in brackets.
        assert_eq!(
            Dialect::Sqlite.like("x", &Dialect::Sqlite.like_literal("50%_!*?["), false),
            "x GLOB '50%_![*][?][[]'"
        );
        assert_eq!(
            Dialect::Sqlite.like("x", &Dialect::Sqlite.like_pattern("Inc%a_"), true),
            "x NOT GLOB 'Inc*a?'"
        );
        assert_eq!(
            Dialect::BigQuery.like("x", &Dialect::BigQuery.like_literal("5%\\"), true),
            "x NOT LIKE '5\\\\%\\\\\\\\'"
        );
    }
}
