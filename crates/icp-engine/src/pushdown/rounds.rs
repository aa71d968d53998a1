//! The rounds run to the end: on a database icp connects to ([`run_rounds`]), or one round
//! at a time from the result files a warehouse wrote ([`read_result_files`]).

use std::path::{Path, PathBuf};

use icp_frame::Kind;
use icp_scorecard::discover::DiscoverSettings;
use icp_sql::Dialect;
use icp_sql::pushdown::{AggregateRow, Next, Pushdown, Pushed, ResultSet, read_results};

use super::PushdownRunError;

/// A database the rounds run on.
pub(super) trait Engine {
    /// Its dialect.
    fn dialect(&self) -> Dialect;
    /// The columns of `table` that can be pushed down, and their kinds.
    fn columns(
        &mut self,
        schema: Option<&str>,
        table: &str,
    ) -> Result<Vec<(String, Kind)>, PushdownRunError>;
    /// A round's result rows, each as its five cells in text (`None` for NULL).
    fn query(&mut self, round: u8, sql: &str)
    -> Result<Vec<[Option<String>; 5]>, PushdownRunError>;
}

/// Where the rounds stand when read from result files.
#[derive(Debug)]
pub enum Rounds {
    /// Every count is in.
    Done {
        /// The counts.
        pushed: Box<Pushed>,
        /// Bytes of results read.
        bytes: u64,
    },
    /// The warehouse must run this round's statement next.
    Next {
        /// Which round.
        round: u8,
        /// Its statement.
        sql: String,
    },
}

fn open(from: &str) -> Result<Box<dyn Engine>, PushdownRunError> {
    if from.starts_with("postgres://") || from.starts_with("postgresql://") {
        #[cfg(feature = "postgres")]
        return Ok(Box::new(super::postgres::Postgres::connect(from)?));
        #[cfg(not(feature = "postgres"))]
        return Err(PushdownRunError::NoPostgres);
    }
    let path = Path::new(from);
    if !path.is_file() {
        return Err(PushdownRunError::NoSuchSource(path.to_owned()));
    }
    Ok(Box::new(super::sqlite::Sqlite::open(path)?))
}

/// Where the rounds run, and what they count.
#[derive(Debug, Clone)]
pub struct Source<'a> {
    /// `postgres://…` or an SQLite file.
    pub from: &'a str,
    /// The table.
    pub table: &'a str,
    /// Its schema, if it must be named.
    pub schema: Option<&'a str>,
    /// The golden rule.
    pub golden: String,
    /// The population rule, if any.
    pub population: Option<String>,
    /// Columns never analysed.
    pub exclude: Vec<String>,
    /// Cross-validation folds to count apart (`icp evaluate`), or `None`.
    pub folds: Option<u8>,
}

/// Runs every round on the database `source` names: the counts, and the bytes of results
/// read (as CSV would hold them).
pub fn run_rounds(
    source: Source<'_>,
    settings: &DiscoverSettings,
) -> Result<(Pushed, u64), PushdownRunError> {
    let Source { from, table, schema, golden, population, exclude, folds } = source;
    let mut engine = open(from)?;
    let columns = engine.columns(schema, table)?;
    if columns.is_empty() {
        return Err(PushdownRunError::NoTable(table.to_owned()));
    }
    let pushdown = Pushdown {
        dialect: engine.dialect(),
        table: table.to_owned(),
        schema: schema.map(str::to_owned),
        golden,
        columns,
        exclude,
        folds,
        population,
    };
    let mut results: Vec<ResultSet> = Vec::new();
    let mut bytes = 0u64;
    for _ in 0..4 {
        match pushdown.next(&results, settings)? {
            Next::Done(pushed) => return Ok((*pushed, bytes)),
            Next::Run { round, sql } => {
                let mut rows: Vec<AggregateRow> = Vec::new();
                for (i, cells) in engine.query(round, &sql)?.into_iter().enumerate() {
                    // As CSV would hold them: what an engine sends back.
                    bytes +=
                        cells.iter().map(|c| c.as_ref().map_or(0, String::len) + 1).sum::<usize>()
                            as u64;
                    rows.push(row(round, i + 1, cells)?);
                }
                results.push(ResultSet { source: format!("round {round}'s result"), rows });
            }
        }
    }
    Err(PushdownRunError::Unfinished)
}

/// One result row from its cells.
fn row(
    round: u8,
    row: usize,
    cells: [Option<String>; 5],
) -> Result<AggregateRow, PushdownRunError> {
    let [part, attribute, label, golden, accounts] = cells;
    let count = |v: Option<String>| {
        v.as_deref()
            .and_then(|t| t.trim().parse::<f64>().ok())
            .filter(|x| *x >= 0.0 && x.fract() == 0.0)
    };
    let bad = |what| PushdownRunError::BadResult { round, row, what };
    Ok(AggregateRow {
        part: part.unwrap_or_default(),
        attribute: attribute.unwrap_or_default(),
        label: label.unwrap_or_default(),
        golden: count(golden).ok_or_else(|| bad("golden is not 0 or 1"))? > 0.0,
        accounts: count(accounts).ok_or_else(|| bad("accounts is not a count"))? as u64,
    })
}

/// Reads the result files a warehouse wrote for `pushdown`'s statements: the counts when
/// every round is in, else the statement of the round to run next.
pub fn read_result_files(
    pushdown: &Pushdown,
    files: &[PathBuf],
    settings: &DiscoverSettings,
) -> Result<Rounds, PushdownRunError> {
    let mut results: Vec<ResultSet> = Vec::new();
    let mut bytes = 0;
    for file in files {
        bytes += std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
        results.push(read_results(file)?);
    }
    Ok(match pushdown.next(&results, settings)? {
        Next::Done(pushed) => Rounds::Done { pushed, bytes },
        Next::Run { round, sql } => Rounds::Next { round, sql },
    })
}
