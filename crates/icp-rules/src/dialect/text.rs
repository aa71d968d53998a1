//! Text functions: length in characters, substring position, suffixes, and membership of a
//! label in a tags value (labels stored as one text with `;` between them, as icp reads them).

use super::Dialect;

impl Dialect {
    /// Length of `text` in characters.
    pub fn char_length(self, text: &str) -> String {
        match self {
            Dialect::Ansi | Dialect::Postgres | Dialect::Spark | Dialect::BigQuery => {
                format!("CHAR_LENGTH({text})")
            }
            Dialect::ClickHouse => format!("lengthUTF8({text})"),
            _ => format!("LENGTH({text})"),
        }
    }

    /// 1-based position of `needle` in `haystack`, 0 when absent.
    pub fn position(self, needle: &str, haystack: &str) -> String {
        match self {
            Dialect::Sqlite => format!("instr({haystack}, {needle})"),
            Dialect::BigQuery | Dialect::Trino => format!("STRPOS({haystack}, {needle})"),
            Dialect::ClickHouse => format!("positionUTF8({haystack}, {needle})"),
            _ => format!("POSITION({needle} IN {haystack})"),
        }
    }

    /// Whether `text` ends with the computed `suffix` (a literal suffix is a `LIKE`). SQLite
    /// and Trino have no `RIGHT`: a negative start counts from the end in their `substr`.
    pub fn ends_with(self, text: &str, suffix: &str) -> String {
        match self {
            Dialect::Sqlite | Dialect::Trino => {
                format!("substr({text}, -{}) = {suffix}", self.char_length(suffix))
            }
            Dialect::ClickHouse => format!("endsWith({text}, {suffix})"),
            _ => format!("RIGHT({text}, {}) = {suffix}", self.char_length(suffix)),
        }
    }

    /// `tags` as text with `;` before, between and after the labels and no spaces around the
    /// separators (`a; b` → `;a;b;`), so that `;label;` finds whole labels only.
    pub fn delimited_tags(self, tags: &str) -> String {
        format!("';' || REPLACE(REPLACE(TRIM({tags}), ' ;', ';'), '; ', ';') || ';'")
    }

    /// Whether the tags value `tags` holds `label` (a literal) as a whole label.
    pub fn has_tag(self, tags: &str, label: &str) -> String {
        let needle = self.quote_string(&format!(";{label};"));
        format!("{} > 0", self.position(&needle, &self.delimited_tags(tags)))
    }
}

impl Dialect {
    /// `parts` joined with the literal `separator`, leaving out the `NULL` ones (`''` when all
    /// are).
    pub fn join_present(self, separator: &str, parts: &[String]) -> String {
        let sep = self.quote_string(separator);
        let list = parts.join(", ");
        match self {
            Dialect::BigQuery => format!("ARRAY_TO_STRING([{list}], {sep})"),
            // Snowflake's CONCAT_WS is NULL when any part is.
            Dialect::Snowflake => {
                format!("ARRAY_TO_STRING(ARRAY_CONSTRUCT_COMPACT({list}), {sep})")
            }
            Dialect::ClickHouse => {
                format!("arrayStringConcat(arrayFilter(x -> x IS NOT NULL, [{list}]), {sep})")
            }
            _ => format!("CONCAT_WS({sep}, {list})"),
        }
    }

    /// The engine's name of a text type.
    pub fn text_type(self) -> &'static str {
        match self {
            Dialect::Postgres | Dialect::Sqlite => "TEXT",
            Dialect::Spark | Dialect::BigQuery => "STRING",
            Dialect::ClickHouse => "String",
            _ => "VARCHAR",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_functions_per_dialect() {
        assert_eq!(Dialect::Sqlite.char_length("x"), "LENGTH(x)");
        assert_eq!(Dialect::BigQuery.position("'a'", "x"), "STRPOS(x, 'a')");
        // Trino has no RIGHT().
        assert_eq!(Dialect::Trino.ends_with("x", "y"), "substr(x, -LENGTH(y)) = y");
        assert_eq!(Dialect::DuckDb.ends_with("x", "y"), "RIGHT(x, LENGTH(y)) = y");
        assert_eq!(
            Dialect::Postgres.has_tag("\"t\"", "crm"),
            "POSITION(';crm;' IN ';' || REPLACE(REPLACE(TRIM(\"t\"), ' ;', ';'), '; ', ';') || ';') > 0"
        );
    }
}
