//! Why a profile cannot be written as SQL.

/// Why a profile cannot be written as SQL.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SqlError {
    /// The profile does not compile for scoring.
    #[error("{0}")]
    Profile(#[from] icp_scorecard::scorer::ScoreError),
    /// A hard criterion's rule cannot be written in this dialect.
    #[error("hard criterion `{rule}`: {message}")]
    Criterion {
        /// The rule.
        rule: String,
        /// What is wrong, with a caret under the position.
        message: String,
    },
    /// A segment's rule cannot be written in this dialect.
    #[error("segment `{name}`: {message}")]
    Segment {
        /// The segment.
        name: String,
        /// What is wrong, with a caret under the position.
        message: String,
    },
    /// The profile cuts its tiers by expected value, which needs the calibration and the value
    /// model the native scorer runs; the SQL cuts by score only.
    #[error(
        "the profile cuts its tiers by expected value (`tiers_by = \"expected_value\"`), which icp sql cannot write yet; score with `icp score`, or cut the tiers by score for the SQL"
    )]
    TiersByExpectedValue,
    /// A name the statement would create is empty.
    #[error("the {what} name is empty")]
    EmptyName {
        /// Which name.
        what: &'static str,
    },
}
