//! From the results so far to the next statement, or to the counts discovery needs.

use std::collections::BTreeMap;

use icp_frame::Kind;
use icp_profile::AttributeKind;
use icp_scorecard::counts::{FeatureCounts, Pair, ValueRun};
use icp_scorecard::discover::{DiscoverError, DiscoverSettings};
use icp_scorecard::discover_counts::{CountedFeature, JointCell, Screening, screen};

use super::statements::{JointAttribute, NumberPlan};
use super::{AggregateRow, EXACT_VALUES, Pushdown};

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
}

const ROUND2: [&str; 6] = ["value", "bin", "level", "others", "flag", "missing"];

fn mismatch(text: String) -> PushdownError {
    PushdownError::Results(text)
}

impl Pushdown {
    /// Round 1's statement.
    pub fn first_statement(&self) -> Result<String, PushdownError> {
        Ok(self.round1()?)
    }

    /// The next statement to run given the results so far (any rounds, any order), or the
    /// counts when every round is in.
    pub fn next(
        &self,
        rows: &[AggregateRow],
        settings: &DiscoverSettings,
    ) -> Result<Next, PushdownError> {
        let has = |parts: &[&str]| rows.iter().any(|r| parts.contains(&r.part.as_str()));
        if !has(&["total"]) {
            return Ok(Next::Run { round: 1, sql: self.round1()? });
        }
        let total: u64 = rows.iter().filter(|r| r.part == "total").map(|r| r.accounts).sum();
        let golden: u64 =
            rows.iter().filter(|r| r.part == "total" && r.golden).map(|r| r.accounts).sum();
        let analysed = self.analysed();
        let mut plans: BTreeMap<String, (NumberPlan, Vec<f64>)> = BTreeMap::new();
        for (column, kind) in &analysed {
            if *kind == Kind::Number {
                plans.insert(column.clone(), plan(rows, column)?);
            }
        }
        if !analysed.is_empty() && !has(&ROUND2) {
            let sql =
                self.round2(&|c: &str| plans.get(c).map_or(NumberPlan::Exact, |(p, _)| p.clone()))?;
            return Ok(Next::Run { round: 2, sql });
        }
        let features = analysed
            .iter()
            .map(|(column, kind)| counted(rows, column, *kind, plans.get(column)))
            .collect::<Result<Vec<_>, _>>()?;
        let screening = screen(features, total, golden, settings)?;
        if screening.long_list.is_empty() {
            return Ok(Next::Done(Box::new(Pushed { screening, joint: Vec::new() })));
        }
        if !has(&["joint"]) {
            let kind_of = |c: &str| {
                analysed.iter().find(|(n, _)| n == c).map_or(Kind::Categorical, |(_, k)| *k)
            };
            let attributes: Vec<JointAttribute<'_>> = screening
                .long_list
                .iter()
                .map(|&i| {
                    let a = &screening.attributes[i];
                    JointAttribute {
                        column: &a.feature.column,
                        kind: kind_of(&a.feature.column),
                        binning: &a.binning,
                    }
                })
                .collect();
            let sql = self.round3(&attributes)?;
            return Ok(Next::Run { round: 3, sql });
        }
        let width = screening.long_list.len();
        let mut joint = Vec::new();
        for r in rows.iter().filter(|r| r.part == "joint") {
            let codes: Option<Vec<u8>> =
                r.label.split('.').map(|c| c.trim().parse::<u8>().ok()).collect();
            match codes {
                Some(codes) if codes.len() == width => {
                    joint.push(JointCell { codes, golden: r.golden, rows: r.accounts });
                }
                _ => {
                    return Err(mismatch(format!(
                        "the joint counts (round 3) are not {width} bin codes per row, as the long list of these results needs"
                    )));
                }
            }
        }
        let joint_total: u128 = joint.iter().map(|c| u128::from(c.rows)).sum();
        if joint_total != u128::from(total) {
            return Err(mismatch(format!(
                "the joint counts (round 3) hold {joint_total} accounts, round 1 counted {total}"
            )));
        }
        Ok(Next::Done(Box::new(Pushed { screening, joint })))
    }
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
            let mut levels: BTreeMap<String, Pair> = BTreeMap::new();
            for r in mine().filter(|r| r.part == "level") {
                add(levels.entry(r.label.trim().to_owned()).or_default(), r);
            }
            let (levels, counts) = levels.into_iter().unzip();
            (AttributeKind::Categorical, FeatureCounts::Labels { levels, counts, missing })
        }
    };
    Ok(CountedFeature {
        name: column.to_owned(),
        column: column.to_owned(),
        kind: attribute_kind,
        counts,
    })
}
