//! Quoting identifiers: every table and column name icp writes is quoted, so that names with
//! spaces, quotes, keywords or any script are read as names and never as SQL.

use super::Dialect;

impl Dialect {
    /// `name` as a quoted identifier: `"name"` with `"` doubled, or `` `name` `` where the
    /// engine quotes with backticks (Spark doubles them; BigQuery and ClickHouse escape with
    /// a backslash).
    pub fn quote_identifier(self, name: &str) -> String {
        match self {
            Dialect::Spark => format!("`{}`", name.replace('`', "``")),
            Dialect::BigQuery | Dialect::ClickHouse => {
                format!("`{}`", backslash_escaped(name, '`'))
            }
            _ => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    /// A possibly qualified table name, each part quoted: `"schema"."table"`.
    pub fn quote_table(self, schema: Option<&str>, table: &str) -> String {
        match schema {
            Some(schema) => {
                format!("{}.{}", self.quote_identifier(schema), self.quote_identifier(table))
            }
            None => self.quote_identifier(table),
        }
    }
}

/// `text` with backslashes, `quote` and control characters written as backslash escapes, for
/// engines that read backslash escapes inside quotes.
pub(super) fn backslash_escaped(text: &str, quote: char) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_stay_names() {
        let name = "x\"; DROP TABLE t; --";
        assert_eq!(Dialect::Postgres.quote_identifier(name), "\"x\"\"; DROP TABLE t; --\"");
        assert_eq!(Dialect::Spark.quote_identifier("a`b"), "`a``b`");
        assert_eq!(Dialect::BigQuery.quote_identifier("a`b\\c"), "`a\\`b\\\\c`");
        assert_eq!(Dialect::ClickHouse.quote_identifier("売上 表"), "`売上 表`");
        assert_eq!(Dialect::Trino.quote_table(Some("s p"), "t\"x"), "\"s p\".\"t\"\"x\"");
    }
}
