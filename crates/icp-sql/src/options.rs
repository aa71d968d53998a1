//! What to write: the dialect, the table read, what the statement makes, and which columns
//! it adds.

use icp_frame::Kind;
use icp_rules::Dialect;

/// What the statement makes of the scored rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Output {
    /// A `SELECT` returning them.
    #[default]
    Select,
    /// `CREATE VIEW name AS SELECT …`: scores that follow the table as it changes.
    View(String),
    /// `CREATE TABLE name AS SELECT …`: the scores as of now.
    Table(String),
}

/// How a profile is written as SQL.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileSql {
    /// The engine's dialect.
    pub dialect: Dialect,
    /// The table (or view) to score.
    pub table: String,
    /// Its schema or dataset, if it must be named.
    pub schema: Option<String>,
    /// What the statement makes.
    pub output: Output,
    /// Add `points_<attribute>` per attribute (they add up to the score).
    pub points: bool,
    /// Add `icp_reasons`, as `icp score` words them. The table's own columns then come out
    /// only as [`ProfileSql::keep`] lists them (the reasons are ranked in subqueries whose
    /// working columns must not reach the output).
    pub reasons: bool,
    /// Rule segments as `(name, rule)`, in the project's order: adds `icp_segment`, the first
    /// segment each row matches (as `icp segment` assigns them), `NULL` for none.
    pub segments: Vec<(String, String)>,
    /// The table's columns to carry over, in order (`None`: all of them, `t.*`, unless
    /// reasons are asked for).
    pub keep: Option<Vec<String>>,
    /// The table's columns and kinds, when known (from a sample or an export): labels on a
    /// number column are then compared as numbers, and criteria resolve names as icp does.
    pub columns: Vec<(String, Kind)>,
}

impl ProfileSql {
    /// Scoring `table` in `dialect` with a `SELECT`, score and tier only.
    pub fn new(dialect: Dialect, table: impl Into<String>) -> Self {
        ProfileSql {
            dialect,
            table: table.into(),
            schema: None,
            output: Output::Select,
            points: false,
            reasons: false,
            keep: None,
            segments: Vec::new(),
            columns: Vec::new(),
        }
    }

    /// The kind of column `name` when known (exact name, then ASCII case-insensitive).
    pub(crate) fn kind_of(&self, name: &str) -> Option<Kind> {
        let columns = &self.columns;
        columns
            .iter()
            .find(|(n, _)| n == name)
            .or_else(|| columns.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)))
            .map(|(_, k)| *k)
    }

    /// The rules language's options for criteria and segments over the same table.
    pub(crate) fn rule_options(&self) -> icp_rules::SqlOptions {
        let mut options = icp_rules::SqlOptions::new(self.table.clone()).with_dialect(self.dialect);
        options.schema = self.schema.clone();
        options.columns = self.columns.clone();
        options
    }
}
