//! From the results so far to the next statement, or to the counts discovery needs.

use std::collections::BTreeMap;

use icp_frame::Kind;
use icp_profile::AttributeKind;
use icp_scorecard::binning::min_level_rows;
use icp_scorecard::counts::{FeatureCounts, Pair, ValueRun};
use icp_scorecard::discover::{DiscoverError, DiscoverSettings};
use icp_scorecard::discover_counts::{CountedFeature, JointCell, Screening, screen};
use icp_scorecard::scorer::{MISSING_BIN, UNSEEN_BIN};

use super::statements::{JointAttribute, NumberPlan, Sample};
use super::{AggregateRow, EXACT_VALUES, Pushdown, ResultSet};

/// What to do next.
#[derive(Debug)]
pub enum Next {
    /// Run this statement (round 1, 2 or 3) and add its results.
    Run {
        /// Which round.
        round: u8,
        /// The statement.
        sql: String,
    },
    /// Every count is in: discover.
    Done(Box<Pushed>),
}

/// The counts discovery runs on.
#[derive(Debug)]
pub struct Pushed {
    /// Every attribute screened, and the long list.
    pub screening: Screening,
    /// The long list's joint counts.
    pub joint: Vec<JointCell>,
    /// Each joint cell's cross-validation fold, when [`Pushdown::folds`] asked for them
    /// (else empty).
    pub folds: Vec<u8>,
}

/// Why the results cannot be used. Names parts and columns, never a value.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PushdownError {
    /// The golden rule cannot be written as SQL.
    #[error("golden rule: {0}")]
    Rule(#[from] icp_rules::RuleError),
    /// Discovery refuses the counts (too few golden accounts, …).
    #[error("{0}")]
    Discover(#[from] DiscoverError),
    /// The results do not fit the statements (another table, or an edited file).
    #[error("{0}\nhint: run the statements again on the same table and pass every result")]
    Results(String),
    /// A result is not one round's, or not the round's statement as icp writes it now
    /// (stale, repeated, or of another run). The message names the result and its hint.
    #[error("{0}")]
    Round(String),
    /// Folds were asked for in an engine without a hash function icp uses.
    #[error(
        "{0} has no hash function icp uses, so its accounts cannot be put in cross-validation folds inside it\nhint: evaluate from PostgreSQL, DuckDB, Spark, ClickHouse, Snowflake or BigQuery, or export the table and run icp evaluate on the file"
    )]
    NoFolds(&'static str),
    /// Fewer than two folds, or more than a result can tell apart.
    #[error("the number of folds must be 2 to {MAX_FOLDS}")]
    FoldCount,
}

/// The most cross-validation folds round 3 counts apart.
pub const MAX_FOLDS: u8 = 100;

fn mismatch(text: String) -> PushdownError {
    PushdownError::Results(text)
}

impl Pushdown {
    /// Round 1's statement.
    pub fn first_statement(&self) -> Result<String, PushdownError> {
        Ok(self.round1()?.sql)
    }

    /// The next statement to run given the results so far (one per round, any order), or
    /// the counts when every round is in. Each result must answer the statement icp writes
    /// now for its round (the hash in its `round` row): a result of another table, golden
    /// rule, dialect or column list, or of a round written from other earlier results, is
    /// refused.
    pub fn next(
        &self,
        results: &[ResultSet],
        settings: &DiscoverSettings,
    ) -> Result<Next, PushdownError> {
        if let Some(k) = self.folds {
            if !(2..=MAX_FOLDS).contains(&k) {
                return Err(PushdownError::FoldCount);
            }
            if !self.samples() {
                return Err(PushdownError::NoFolds(self.dialect.name()));
            }
        }
        let [one, two, three] = by_round(results)?;
        let first = self.round1()?;
        let Some(one) = one else {
            return Ok(Next::Run { round: 1, sql: first.sql });
        };
        same_statement(one, 1, &first.hash)?;
        let (mut total, mut golden) = (0u64, 0u64);
        for r in one.rows.iter().filter(|r| r.part == "total") {
            total += r.accounts;
            golden += if r.golden { r.accounts } else { 0 };
        }
        let analysed = self.analysed();
        let mut plans: BTreeMap<String, (NumberPlan, Vec<f64>)> = BTreeMap::new();
        for (column, kind) in &analysed {
            if *kind == Kind::Number {
                plans.insert(column.clone(), plan(&one.rows, column)?);
            }
        }
        let mut counted_rows: &[AggregateRow] = &[];
        if !analysed.is_empty() {
            let second = self.round2(
                &|c: &str| plans.get(c).map_or(NumberPlan::Exact, |(p, _)| p.clone()),
                min_level_rows(usize::try_from(total).unwrap_or(usize::MAX)),
            )?;
            let Some(two) = two else {
                return Ok(Next::Run { round: 2, sql: second.sql });
            };
            same_statement(two, 2, &second.hash)?;
            counted_rows = &two.rows;
        }
        let features = analysed
            .iter()
            .map(|(column, kind)| counted(counted_rows, column, *kind, plans.get(column)))
            .collect::<Result<Vec<_>, _>>()?;
        let screening = screen(features, total, golden, settings)?;
        if screening.long_list.is_empty() {
            return Ok(Next::Done(Box::new(Pushed {
                screening,
                joint: Vec::new(),
                folds: Vec::new(),
            })));
        }
        let kind_of =
            |c: &str| analysed.iter().find(|(n, _)| n == c).map_or(Kind::Categorical, |(_, k)| *k);
        let attributes: Vec<JointAttribute<'_>> = screening
            .long_list
            .iter()
            .map(|&i| {
                let a = &screening.attributes[i];
                JointAttribute {
                    column: &a.feature.column,
                    kind: kind_of(&a.feature.column),
                    binning: &a.binning,
                    others: a.feature.counts.others() != [0, 0],
                }
            })
            .collect();
        let sample = match self.folds {
            // Evaluation: both classes at one rate, so that every figure is at the base rate.
            Some(_) => even_sample(total, settings.max_fit_rows),
            None => sample(total, golden, settings.max_fit_rows),
        }
        .filter(|_| self.samples());
        let third = self.round3(&attributes, sample)?;
        let Some(three) = three else {
            return Ok(Next::Run { round: 3, sql: third.sql });
        };
        same_statement(three, 3, &third.hash)?;
        let bins: Vec<usize> = attributes.iter().map(|a| a.binning.bins.len()).collect();
        let (joint, folds) = joint_cells(three, &bins, self.folds)?;
        let joint_total: u128 = joint.iter().map(|c| u128::from(c.rows)).sum();
        let joint_golden: u128 =
            joint.iter().filter(|c| c.golden).map(|c| u128::from(c.rows)).sum();
        let fits = match sample {
            None => joint_total == u128::from(total),
            // A sample: never more accounts of either class than round 1 counted.
            Some(_) => {
                joint_golden <= u128::from(golden)
                    && joint_total - joint_golden <= u128::from(total - golden)
            }
        };
        if !fits {
            return Err(mismatch(format!(
                "{}: the joint counts (round 3) hold {joint_total} accounts, round 1 counted {total}",
                three.source
            )));
        }
        Ok(Next::Done(Box::new(Pushed { screening, joint, folds })))
    }
}

/// Round 3's sample when there are more accounts than the fit uses (`max_fit_rows`):
/// stratified as [`icp_scorecard::discover_counts`] expands joint counts (every golden
/// account while they are at most half of the sample), a little above the share so that
/// the expansion, not chance, decides the exact number.
fn sample(total: u64, golden: u64, max_fit_rows: usize) -> Option<Sample> {
    let max = max_fit_rows as u64;
    if total <= max || golden == 0 || golden == total {
        return None;
    }
    let share = golden as f64 / total as f64;
    let k = ((max as f64 * share).round() as u64).max((max / 2).min(golden)).min(golden);
    let per_million =
        |take: u64, of: u64| ((take as f64 * 1.02 / of as f64) * 1e6).ceil().clamp(1.0, 1e6) as u64;
    Some(Sample { golden: per_million(k, golden), other: per_million(max - k, total - golden) })
}

/// Round 3's sample for evaluation: about `max_fit_rows` accounts, golden and other alike.
fn even_sample(total: u64, max_fit_rows: usize) -> Option<Sample> {
    let max = max_fit_rows as u64;
    if total <= max {
        return None;
    }
    let per_million = ((max as f64 / total as f64) * 1e6).ceil().clamp(1.0, 1e6) as u64;
    Some(Sample { golden: per_million, other: per_million })
}

/// The parts each round returns (besides its `round` row).
const PARTS: [&[&str]; 3] = [
    &["total", "distinct", "quantiles", "quantile"],
    &["value", "bin", "level", "others", "flag", "missing"],
    &["joint"],
];

/// Each round's result (index 0 for round 1): one `round` row per result, each round once,
/// only the parts the round returns, and no count twice.
fn by_round(results: &[ResultSet]) -> Result<[Option<&ResultSet>; 3], PushdownError> {
    let mut rounds: [Option<&ResultSet>; 3] = [None; 3];
    for set in results {
        let headers: Vec<usize> =
            (0..set.rows.len()).filter(|&i| set.rows[i].part == "round").collect();
        let at = match headers.as_slice() {
            [at] => *at,
            [] => {
                return Err(PushdownError::Round(format!(
                    "{}: no `round` row: not the result of a statement icp writes (or of one an older icp wrote)\nhint: run the statement icp writes now and pass its result",
                    set.source
                )));
            }
            [a, b, ..] => {
                return Err(PushdownError::Round(format!(
                    "{}, rows {} and {}: two `round` rows: one result per file\nhint: save each round's result in a file of its own",
                    set.source,
                    a + 1,
                    b + 1
                )));
            }
        };
        let round = set.rows[at].accounts;
        let Some(slot) =
            (1..=3).contains(&round).then(|| rounds.get_mut(round as usize - 1)).flatten()
        else {
            return Err(PushdownError::Round(format!(
                "{}, row {}: the round is not 1, 2 or 3",
                set.source,
                at + 1
            )));
        };
        if let Some(earlier) = slot {
            return Err(PushdownError::Round(format!(
                "{}: round {round} again ({} is round {round} too)\nhint: pass each round's result once",
                set.source, earlier.source
            )));
        }
        let parts = PARTS[round as usize - 1];
        let mut seen: BTreeMap<(&str, &str, &str, bool, u64), usize> = BTreeMap::new();
        for (i, r) in set.rows.iter().enumerate() {
            if i == at {
                continue;
            }
            if !parts.contains(&r.part.as_str()) {
                return Err(PushdownError::Round(format!(
                    "{}, row {}: not a row round {round}'s statement returns",
                    set.source,
                    i + 1
                )));
            }
            // Tiles can share their first value: a tile is its count.
            let tile = if r.part == "quantile" { r.accounts } else { 0 };
            if let Some(first) = seen.insert(
                (r.part.as_str(), r.attribute.as_str(), r.label.as_str(), r.golden, tile),
                i,
            ) {
                return Err(PushdownError::Round(format!(
                    "{}, row {}: counts the same `{}` accounts as row {} (a result passed twice, or an edited file)",
                    set.source,
                    i + 1,
                    r.part,
                    first + 1
                )));
            }
        }
        *slot = Some(set);
    }
    Ok(rounds)
}

/// Checks that `set` answers round `round`'s statement as icp writes it now.
fn same_statement(set: &ResultSet, round: u8, hash: &str) -> Result<(), PushdownError> {
    let header = set.rows.iter().find(|r| r.part == "round").map(|r| r.label.trim());
    if header == Some(hash) {
        return Ok(());
    }
    let why = match round {
        1 => "another table, golden rule, dialect or column list",
        2 => "another table, golden rule, dialect or column list, or written from another round 1",
        _ => {
            "another table, golden rule, dialect or column list, or written from other rounds 1 and 2"
        }
    };
    Err(PushdownError::Round(format!(
        "{}: the result of another round {round} statement than icp writes now ({why})\nhint: run round {round}'s statement as icp writes it now and pass its result instead",
        set.source
    )))
}

/// Round 3's joint counts, and with `folds` each cell's fold; `bins` is each long-list
/// attribute's number of bins.
fn joint_cells(
    set: &ResultSet,
    bins: &[usize],
    folds: Option<u8>,
) -> Result<(Vec<JointCell>, Vec<u8>), PushdownError> {
    let mut joint = Vec::new();
    let mut fold_of = Vec::new();
    for (i, r) in set.rows.iter().enumerate().filter(|(_, r)| r.part == "joint") {
        let codes: Option<Vec<u8>> =
            r.label.split('.').map(|c| c.trim().parse::<u8>().ok()).collect();
        let Some(codes) = codes.filter(|c| c.len() == bins.len()) else {
            return Err(mismatch(format!(
                "{}, row {}: the joint counts (round 3) are not {} bin codes per row, as the long list of these results needs",
                set.source,
                i + 1,
                bins.len()
            )));
        };
        let known =
            |(&c, &n): (&u8, &usize)| usize::from(c) < n || c == MISSING_BIN || c == UNSEEN_BIN;
        if !codes.iter().zip(bins).all(known) {
            return Err(mismatch(format!(
                "{}, row {}: a bin code out of range for its attribute",
                set.source,
                i + 1
            )));
        }
        if let Some(k) = folds {
            let fold = r.attribute.trim().parse::<u8>().ok().filter(|&f| f < k);
            let Some(fold) = fold else {
                return Err(mismatch(format!(
                    "{}, row {}: the fold (in `attribute`) is not a number from 0 to {}",
                    set.source,
                    i + 1,
                    k - 1
                )));
            };
            fold_of.push(fold);
        }
        joint.push(JointCell { codes, golden: r.golden, rows: r.accounts });
    }
    Ok((joint, fold_of))
}

/// Round 1's plan for number `column`: counted per value, or per interval between these
/// cuts; and the quantiles themselves (smallest and largest included).
fn plan(rows: &[AggregateRow], column: &str) -> Result<(NumberPlan, Vec<f64>), PushdownError> {
    let of =
        |part: &'static str| rows.iter().filter(move |r| r.part == part && r.attribute == column);
    let distinct = of("distinct").map(|r| r.accounts).next().ok_or_else(|| {
        mismatch(format!("round 1 has no count of distinct values of `{column}`"))
    })?;
    let bad = || mismatch(format!("round 1's quantiles of `{column}` are not numbers"));
    let mut quantiles: Vec<f64> = Vec::new();
    for r in of("quantiles") {
        for item in r.label.split(',') {
            let item = item.trim().trim_matches(|c| matches!(c, '[' | ']' | '{' | '}' | '"'));
            if !item.is_empty() {
                quantiles.push(item.parse().map_err(|_| bad())?);
            }
        }
    }
    for r in of("quantile") {
        if !r.label.trim().is_empty() {
            quantiles.push(r.label.trim().parse().map_err(|_| bad())?);
        }
    }
    if quantiles.iter().any(|q| !q.is_finite()) {
        return Err(bad());
    }
    quantiles.sort_by(f64::total_cmp);
    quantiles.dedup();
    if distinct <= EXACT_VALUES || quantiles.len() < 2 {
        return Ok((NumberPlan::Exact, quantiles));
    }
    Ok((NumberPlan::Cuts(quantiles[1..].to_vec()), quantiles))
}

/// One analysed column's counts from round 2.
fn counted(
    rows: &[AggregateRow],
    column: &str,
    kind: Kind,
    plan: Option<&(NumberPlan, Vec<f64>)>,
) -> Result<CountedFeature, PushdownError> {
    let mine = || rows.iter().filter(move |r| r.attribute == column);
    let add = |pair: &mut Pair, r: &AggregateRow| pair[usize::from(!r.golden)] += r.accounts;
    let mut missing = [0, 0];
    mine().filter(|r| r.part == "missing").for_each(|r| add(&mut missing, r));
    let bad = |part: &str| {
        mismatch(format!("round 2's `{part}` rows of `{column}` do not fit round 1's plan"))
    };
    let (attribute_kind, counts) = match kind {
        Kind::Number => {
            let mut runs: Vec<ValueRun> = Vec::new();
            match plan {
                Some((NumberPlan::Cuts(cuts), quantiles)) => {
                    let mut per_bin = vec![[0, 0]; cuts.len() + 1];
                    for r in mine().filter(|r| r.part == "bin") {
                        let k: usize = r.label.trim().parse().map_err(|_| bad("bin"))?;
                        add(per_bin.get_mut(k).ok_or_else(|| bad("bin"))?, r);
                    }
                    let (min, max) = (quantiles[0], quantiles[quantiles.len() - 1]);
                    for (k, counts) in per_bin.into_iter().enumerate() {
                        if counts == [0, 0] {
                            continue;
                        }
                        // Interval k is [cut k-1, cut k): its last value is the double just
                        // below the cut, so that binning cuts exactly at the engine's cuts.
                        let first = if k == 0 { min.min(cuts[0].next_down()) } else { cuts[k - 1] };
                        let last =
                            if k < cuts.len() { cuts[k].next_down() } else { max.max(first) };
                        runs.push(ValueRun { first, last, counts });
                    }
                }
                _ => {
                    let mut values: Vec<(f64, Pair)> = Vec::new();
                    for r in mine().filter(|r| r.part == "value") {
                        let v: f64 = r.label.trim().parse().map_err(|_| bad("value"))?;
                        if !v.is_finite() {
                            return Err(bad("value"));
                        }
                        match values.iter_mut().find(|(x, _)| *x == v) {
                            Some((_, pair)) => add(pair, r),
                            None => {
                                let mut pair = [0, 0];
                                add(&mut pair, r);
                                values.push((v, pair));
                            }
                        }
                    }
                    values.sort_by(|a, b| a.0.total_cmp(&b.0));
                    runs = values
                        .into_iter()
                        .map(|(v, counts)| ValueRun { first: v, last: v, counts })
                        .collect();
                }
            }
            (AttributeKind::Number, FeatureCounts::Number { runs, missing })
        }
        Kind::Boolean => {
            let mut counts = [[0, 0]; 2];
            for r in mine().filter(|r| r.part == "flag") {
                match r.label.trim() {
                    "0" => add(&mut counts[0], r),
                    "1" => add(&mut counts[1], r),
                    _ => return Err(bad("flag")),
                }
            }
            (AttributeKind::Boolean, FeatureCounts::Flag { counts, missing })
        }
        _ => {
            // Labels exactly as the engine returned them (it trimmed them as icp does).
            let mut levels: BTreeMap<String, Pair> = BTreeMap::new();
            for r in mine().filter(|r| r.part == "level") {
                add(levels.entry(r.label.clone()).or_default(), r);
            }
            let mut others = [0, 0];
            mine().filter(|r| r.part == "others").for_each(|r| add(&mut others, r));
            let (levels, counts) = levels.into_iter().unzip();
            (AttributeKind::Categorical, FeatureCounts::Labels { levels, counts, missing, others })
        }
    };
    Ok(CountedFeature {
        name: column.to_owned(),
        column: column.to_owned(),
        kind: attribute_kind,
        counts,
    })
}
