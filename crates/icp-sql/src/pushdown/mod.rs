//! Discovery pushed down: the data stays in the engine that holds it, which answers a few
//! aggregate queries; icp learns the profile from the answers
//! ([`icp_scorecard::discover_counts`]).
//!
//! Three rounds, each one statement whose result has the same five columns — `part`,
//! `attribute`, `label`, `golden`, `accounts` — so that the results of a warehouse without a
//! driver can be handed back as CSV files (`icp discover --from-aggregates`), in any order.
//! Each result holds one `round` row: its round and a short hash of its statement, checked
//! when read back (a stale or repeated result is refused, naming the file):
//!
//! 1. **Quantiles** ([`statements::round1`]): golden and other accounts (`total`), and per
//!    number column its distinct values (`distinct`) and 51 quantiles — approximate where
//!    the engine has an approximate quantile (`quantiles`, one list), exact through `NTILE`
//!    where it has none (SQLite: `quantile`, one row per tile).
//! 2. **Counts per attribute** ([`statements::round2`]): golden and other accounts per value
//!    of a number column with at most [`EXACT_VALUES`] distinct values (`value`), else per
//!    interval between its quantiles (`bin`); per label, the [`TOP_LABELS`] most frequent
//!    and any frequent enough for a bin of its own (`level`, up to [`MAX_LABELS`]; the
//!    rest, all rare, together as `others`, which binning puts in the merged bin of rare
//!    labels as it does from rows); per yes/no (`flag`); missing values (`missing`: NULL,
//!    NaN and infinities, and empty or blank text — blank as Rust's `trim` sees it).
//!    Binning and evidence run on these.
//! 3. **Joint counts** ([`statements::round3`]): accounts per combination of the long list's
//!    bin codes and golden (`joint`, codes joined by `.`), each bin a `CASE` over the
//!    column: what selection and the final fit need. Above `max_fit_rows` accounts, on a
//!    deterministic sample of about that many (a hash of each account's analysed values,
//!    stratified by golden as the fit samples rows), so that the result stays bounded by the
//!    sample, not the table; engines without a hash function icp uses (SQLite, Trino,
//!    generic SQL) count every account. For `icp evaluate` ([`Pushdown::folds`]) the
//!    counts are also split by cross-validation fold (`attribute` holds the fold), each
//!    account's fold from other digits of that same hash, and the sample keeps both
//!    classes at one rate, so that every figure is at the table's base rate; engines
//!    without a hash cannot evaluate.
//!
//! What comes back is small: at most 52 rows per number column in round 1, a few hundred
//! per attribute in round 2, and in round 3 one row per combination of a few bins each
//! that the accounts actually have.
//!
//! Numbers, labels and yes/no columns are pushed down. Dates, tags and free text are not
//! (yet): a warehouse column that is a date becomes an attribute once exported.

mod results;
mod rounds;
mod statements;

pub use results::{AggregateRow, ResultSet, ResultsError, read_results};
pub use rounds::{MAX_FOLDS, Next, PushdownError, Pushed};

use icp_frame::Kind;
use icp_rules::Dialect;

/// Number columns with at most this many distinct values are counted per value (exactly);
/// others per interval between quantiles.
pub const EXACT_VALUES: u64 = 1000;

/// The most frequent labels counted one by one; the rest are counted together.
pub const TOP_LABELS: usize = 200;

/// The most labels of one column named one by one (the most frequent first): beyond the
/// [`TOP_LABELS`], only labels held by enough accounts for a bin of their own are named.
pub const MAX_LABELS: usize = 2000;

/// Quantile levels per number column, 0 and 1 included.
pub const QUANTILES: usize = 51;

/// Where and what to aggregate.
#[derive(Debug, Clone, PartialEq)]
pub struct Pushdown {
    /// The engine's dialect.
    pub dialect: Dialect,
    /// The table.
    pub table: String,
    /// Its schema or dataset, if it must be named.
    pub schema: Option<String>,
    /// The golden rule (the rules language, written as SQL for the engine).
    pub golden: String,
    /// The population rule, if any: only the accounts it matches are counted.
    pub population: Option<String>,
    /// The table's columns and kinds (those to analyse are taken from them).
    pub columns: Vec<(String, Kind)>,
    /// Columns never analysed (beyond the golden rule's own, which never are).
    pub exclude: Vec<String>,
    /// Cross-validation folds round 3 counts apart (`icp evaluate`), each account's fold
    /// from the hash round 3 samples by; `None` for discovery.
    pub folds: Option<u8>,
}

impl Pushdown {
    /// The columns analysed: numbers, labels and yes/no, except the golden rule's inputs and
    /// the excluded ones.
    pub fn analysed(&self) -> Vec<(String, Kind)> {
        let rule_columns =
            icp_rules::Expr::parse(&self.golden).map(|e| e.columns()).unwrap_or_default();
        let named = |list: &[String], c: &str| list.iter().any(|n| n.eq_ignore_ascii_case(c));
        self.columns
            .iter()
            .filter(|(_, k)| matches!(k, Kind::Number | Kind::Categorical | Kind::Boolean))
            .filter(|(c, _)| !named(&rule_columns, c) && !named(&self.exclude, c))
            .cloned()
            .collect()
    }
}
