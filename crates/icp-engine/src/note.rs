//! What a job wants its user to know, as typed values. Front ends choose the words: the
//! command line prints [`Note`]'s English `Display`, the report and the server may word the
//! same values in another language.

use std::fmt;

/// A note or warning from a job.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "note", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Note {
    /// Something a table reader or the project assembly wants known (never a cell value).
    Table {
        /// What happened.
        message: String,
    },
    /// Something discovery found worth saying.
    Discovery(icp_scorecard::discover::DiscoveryNote),
    /// No numeric or categorical column to cluster on.
    NoColumnsToCluster,
    /// Too few records to choose the number of clusters.
    TooFewRecordsToCluster {
        /// Why, as the clustering said it.
        reason: String,
    },
    /// No number of clusters from 2 to 10 gives clusters that each hold 5% of the records.
    NoClusterCount,
    /// Clusters were fitted.
    Clustered {
        /// Number of clusters.
        k: usize,
        /// Columns clustered on.
        columns: usize,
        /// The fit's cost.
        cost: f64,
        /// Iterations.
        iterations: usize,
        /// The seed.
        seed: u64,
    },
    /// Values of an attribute that the profile never saw while learning.
    UnseenValues {
        /// The attribute.
        attribute: String,
        /// How many records had one.
        count: usize,
        /// The points they got, when not neutral.
        unseen_points: Option<f64>,
    },
    /// Input columns that have the names of columns icp adds are replaced.
    ColumnsReplaced {
        /// Their names.
        columns: Vec<String>,
    },
    /// The input lacks profile columns; every record is insufficient data.
    AbsentColumns {
        /// Their names.
        columns: Vec<String>,
    },
    /// The hard criteria disqualified every record scored.
    EveryRecordDisqualified {
        /// Records scored.
        rows: usize,
    },
    /// RFM could not be added to the report.
    RfmLeftOut {
        /// Why.
        reason: String,
    },
    /// Lifetime value could not be added to the report.
    ClvLeftOut {
        /// Why.
        reason: String,
    },
    /// No golden rule is set, so the report covers the orders alone (RFM and lifetime value).
    OrdersOnly,
    /// Something RFM or lifetime value wants known before its figures are trusted.
    Orders {
        /// What, in words (never a cell value).
        message: String,
    },
}

impl Note {
    /// Whether this is a warning (the user should act) rather than a note.
    pub fn is_warning(&self) -> bool {
        matches!(
            self,
            Note::Table { .. }
                | Note::UnseenValues { .. }
                | Note::AbsentColumns { .. }
                | Note::Orders { .. }
                | Note::EveryRecordDisqualified { .. }
        )
    }
}

fn names(columns: &[String]) -> String {
    columns.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::Table { message } => f.write_str(message),
            Note::Discovery(note) => write!(f, "{note}"),
            Note::NoColumnsToCluster => {
                f.write_str("no numeric or categorical column to cluster on; clusters skipped")
            }
            Note::TooFewRecordsToCluster { reason } => write!(f, "clusters skipped: {reason}"),
            Note::NoClusterCount => f.write_str(
                "no k from 2 to 10 gives clusters that each hold 5% of the records; clusters skipped",
            ),
            Note::Clustered { k, columns, cost, iterations, seed } => write!(
                f,
                "{k} clusters on {columns} columns (k-prototypes, cost {cost:.1}, {iterations} iterations, seed {seed})"
            ),
            Note::UnseenValues { attribute, count, unseen_points } => {
                let how = match unseen_points {
                    Some(p) => format!("scored with unseen_points ({p:.1})"),
                    None => "scored as neutral".to_owned(),
                };
                write!(
                    f,
                    "attribute `{attribute}`: {} value{} not seen when the profile was learned {how}",
                    crate::format::thousands(*count),
                    if *count == 1 { "" } else { "s" }
                )
            }
            Note::ColumnsReplaced { columns } => {
                write!(f, "input column(s) {} are replaced by icp's new values", names(columns))
            }
            Note::AbsentColumns { columns } => write!(
                f,
                "the input has no column {}; every record is scored as insufficient data",
                names(columns)
            ),
            Note::EveryRecordDisqualified { rows } => write!(
                f,
                "the profile's hard criteria disqualify every one of the {} records: check the criteria's rules (a rule that is never true, or a `require` on a column that is always missing)",
                crate::format::thousands(*rows)
            ),
            Note::RfmLeftOut { reason } => write!(f, "RFM left out of the report: {reason}"),
            Note::ClvLeftOut { reason } => {
                write!(f, "lifetime value left out of the report: {reason}")
            }
            Note::OrdersOnly => f.write_str(
                "no golden rule is set, so the report covers the orders only (RFM and lifetime \
                 value); set a golden rule for the ideal-customer sections",
            ),
            Note::Orders { message } => f.write_str(message),
        }
    }
}
