//! Evaluate: prove what the profile adds. The whole pipeline (binning, choosing attributes,
//! fitting, tiers) is re-run inside each cross-validation fold and judged on the rows it did
//! not see, beside baselines: a logistic regression on every analysed column (what a
//! profile of a few attributes is held to), random, "bigger is better" (the size attribute
//! alone) and the single best attribute.

use icp_frame::{ColumnData, Frame, Value};
use icp_io::roles::Role;
use icp_report::phrase::{Design, Method as MethodName, ProofWarning};
use icp_scorecard::crossval::{
    DISCOVER_FOLDS, OutOfFold, Sample, TIER_DISQUALIFIED, TIER_INSUFFICIENT, TIER_NO_PROFILE,
    cross_validate, measure, stratified_test_sets,
};
use icp_scorecard::discover::{DiscoverSettings, check_classes};
use icp_scorecard::{metrics, stats};
use rand_xoshiro::Xoshiro256PlusPlus;
use rand_xoshiro::rand_core::{Rng as _, SeedableRng as _};
use serde::Serialize;

use crate::error::{Code, EngineError, Result};
use crate::progress::{Progress, Stage};
use crate::session::Session;

/// How to evaluate.
#[derive(Debug, Clone)]
pub struct EvaluateRequest {
    /// Cross-validation folds (at least 2).
    pub folds: usize,
    /// A date column for a time split instead (train on the earlier 80%, test on the rest).
    pub time_column: Option<String>,
    /// Most key attributes.
    pub max_attributes: usize,
    /// Keep attributes left out as probable leaks as candidates.
    pub keep_leaks: bool,
}

impl Default for EvaluateRequest {
    fn default() -> Self {
        EvaluateRequest { folds: 5, time_column: None, max_attributes: 10, keep_leaks: false }
    }
}

/// Out-of-sample scores of one method.
struct Method {
    name: MethodName,
    /// Comparable across folds (the profile's calibrated probability, not its points,
    /// because each fold scales its points afresh).
    scores: Vec<f64>,
    probabilities: Option<Vec<f64>>,
    tiers: Option<(Vec<usize>, Vec<String>)>,
}

/// One row of a gains table.
#[derive(Debug, Clone, Serialize)]
pub struct Gains {
    /// Rows in the group.
    pub rows: u64,
    /// Golden rows in the group.
    pub golden: u64,
    /// Golden rate.
    pub rate: f64,
    /// Rate over the base rate.
    pub lift: f64,
    /// Share of all golden rows captured down to this group.
    pub capture: f64,
    /// Cumulative lift.
    pub cumulative_lift: f64,
    /// Lowest score in the group.
    pub score_min: f64,
    /// Highest score in the group.
    pub score_max: f64,
}

/// Conversion in one tier.
#[derive(Debug, Clone, Serialize)]
pub struct TierFigure {
    /// The tier (or insufficient data, disqualified, no profile).
    pub tier: String,
    /// Records.
    pub rows: u64,
    /// Golden records.
    pub golden: u64,
    /// Golden rate.
    pub rate: f64,
}

/// The figures for one method.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    /// The method.
    #[serde(rename = "method", serialize_with = "crate::format::as_text")]
    pub name: MethodName,
    /// Mean of the per-fold AUCs (as scikit-learn's `cross_val_score` reports it).
    pub auc: f64,
    /// Lower end of the DeLong 95% interval of the pooled out-of-fold AUC.
    pub auc_low: f64,
    /// Upper end of that interval.
    pub auc_high: f64,
    /// Kolmogorov–Smirnov statistic.
    pub ks: f64,
    /// Lift in the top 10%.
    pub lift_top10: f64,
    /// Share of golden records captured in the top 10%.
    pub capture_top10: f64,
    /// Lift in the top 20%.
    pub lift_top20: f64,
    /// Share captured in the top 20%.
    pub capture_top20: f64,
    /// Brier score of the calibrated probability (the profile only).
    pub brier: Option<f64>,
    /// Gains by decile.
    pub gains: Vec<Gains>,
    /// Conversion per tier (the profile only).
    pub tiers: Option<Vec<TierFigure>>,
    /// ROC curve points (false positive rate, true positive rate), thinned to about 100.
    #[serde(skip)]
    pub roc: Vec<(f64, f64)>,
}

/// What evaluation measured.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// How the data was split.
    #[serde(serialize_with = "crate::format::as_text")]
    pub design: Design,
    /// Records tested.
    pub rows: usize,
    /// Golden records among them.
    pub golden: usize,
    /// Training folds that found no reliable signal.
    pub no_signal_folds: usize,
    /// Number of test sets.
    #[serde(skip)]
    pub folds: usize,
    /// Key attributes chosen per fold.
    #[serde(rename = "attributes_per_fold")]
    pub selected_counts: Vec<usize>,
    /// The profile's figures first, then the baselines'.
    #[serde(rename = "methods")]
    pub figures: Vec<Figures>,
    /// How well the profile's probability of being golden (Platt scaling on out-of-fold
    /// scores, as discover calibrates it) holds on accounts its scaling never saw: the
    /// scaling cross-fitted over the folds, then the Brier score, a reliability table and
    /// the expected calibration error. `None` without a profile in any fold.
    pub calibration: Option<icp_scorecard::calibration::Reliability>,
    /// What the figures show to be wrong: the profile well below the logistic regression,
    /// tiers out of order.
    pub warnings: Vec<ProofWarning>,
    /// The profile's out-of-fold AUC and calibration as discover measures them, when the
    /// split is discover's ([`DISCOVER_FOLDS`] stratified folds, the same seed): with the
    /// same attribute settings, the very measurement discover stores, so a report needs
    /// one cross-validation, not two.
    #[serde(skip)]
    pub out_of_fold: Option<OutOfFold>,
}

/// How far below the logistic regression's AUC the profile may stand before the proof says
/// it leaves signal unused.
pub const BASELINE_MARGIN: f64 = 0.02;
/// Family-wise significance for "a lower tier converts more than a higher one".
const TIER_ORDER_ALPHA: f64 = 0.05;

/// Runs the cross-validation (or time split) and the baselines; `progress` hears of each fold.
pub fn evaluate(
    session: &Session,
    request: &EvaluateRequest,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Evaluation> {
    let a = session.analysis()?;
    let frame = &session.dataset.frame;
    let settings = DiscoverSettings {
        max_attributes: request.max_attributes.max(1),
        keep_leaks: request.keep_leaks,
        ..Default::default()
    };
    let leaks = crate::leaks::context(session);
    check_classes(a.rows.iter().filter(|&&i| a.golden[i]).count(), a.rows.len())?;
    let (test_sets, design) = match &request.time_column {
        Some(column) => {
            (time_split(frame, &a.rows, column)?, Design::TimeSplit { column: column.clone() })
        }
        None => {
            if request.folds < 2 {
                return Err(EngineError::invalid(
                    Code::TooFewFolds,
                    "the number of folds must be at least 2",
                ));
            }
            let labels: Vec<bool> = a.rows.iter().map(|&i| a.golden[i]).collect();
            let golden = labels.iter().filter(|&&g| g).count();
            let fewest = golden.min(labels.len() - golden);
            if request.folds > fewest {
                return Err(EngineError::invalid(
                    Code::TooManyFolds,
                    format!(
                        "{} folds need at least one golden and one other account each, and there are {golden} golden of {} accounts; use 2 to {fewest} folds",
                        request.folds,
                        labels.len()
                    ),
                ));
            }
            let sets = stratified_test_sets(&a.rows, &a.golden, request.folds, settings.seed);
            (sets, Design::Folds { folds: request.folds })
        }
    };
    let columns = &session.dataset.columns;
    let size_column = columns
        .iter()
        .find(|c| c.role == Some(Role::Employees))
        .or_else(|| columns.iter().find(|c| c.role == Some(Role::Revenue)))
        .map(|c| c.name.clone());
    let trial = Trial {
        sample: Sample {
            frame,
            columns: &a.columns,
            golden: &a.golden,
            rows: &a.rows,
            leaks: &leaks,
        },
        test_sets,
        design,
        size_column,
    };
    evaluate_trial(trial, &settings, progress)
}

/// What one evaluation runs on: the accounts, their test sets and how those were made.
pub(crate) struct Trial<'a> {
    /// The accounts, their golden flags and analysable columns.
    pub sample: Sample<'a>,
    /// The test sets (each trained on the sample's other rows).
    pub test_sets: Vec<Vec<usize>>,
    /// How the test sets were made.
    pub design: Design,
    /// The size column "bigger is better" ranks by, if any.
    pub size_column: Option<String>,
}

/// Cross-validates `trial` and measures the profile beside the baselines.
pub(crate) fn evaluate_trial(
    trial: Trial<'_>,
    settings: &DiscoverSettings,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Evaluation> {
    let Trial { sample, test_sets, design, size_column } = trial;
    let frame = sample.frame;
    let n = frame.rows();
    let golden_of = sample.golden;
    let total = test_sets.len();
    let cv = cross_validate(sample, &test_sets, settings, true, &|fold| {
        progress(Progress { stage: Stage::Evaluating, done: fold, total })
    })?;
    progress(Progress { stage: Stage::Evaluating, done: total, total });
    let rows: Vec<usize> = (0..n).filter(|&i| cv.fold_of[i] != usize::MAX).collect();
    let labels: Vec<bool> = rows.iter().map(|&i| golden_of[i]).collect();
    let pick = |v: &[f64]| -> Vec<f64> {
        rows.iter().map(|&i| if v[i].is_nan() { f64::NEG_INFINITY } else { v[i] }).collect()
    };
    let sigmoid = |x: f64| 1.0 / (1.0 + (-x).exp());
    let profile_probs: Vec<f64> = cv.logit.iter().map(|&l| sigmoid(l)).collect();

    let mut methods = Vec::new();
    if cv.no_signal_folds < total {
        let tiers: Vec<usize> = rows.iter().map(|&i| cv.tier[i]).collect();
        methods.push(Method {
            name: MethodName::Profile,
            scores: pick(&profile_probs),
            probabilities: Some(rows.iter().map(|&i| profile_probs[i]).collect()),
            tiers: Some((tiers, cv.tier_names.clone())),
        });
    }
    if let Some(baseline) = &cv.baseline {
        methods.push(Method {
            name: MethodName::Logistic,
            scores: pick(baseline),
            probabilities: None,
            tiers: None,
        });
    }
    if let Some(column) = &size_column
        && let Some(col) = frame.column(column)
    {
        let size: Vec<f64> =
            (0..n).map(|i| if let Value::Number(x) = col.get(i) { x } else { f64::NAN }).collect();
        methods.push(Method {
            name: MethodName::Bigger { column: column.clone() },
            scores: pick(&size),
            probabilities: None,
            tiers: None,
        });
    }
    methods.push(Method {
        name: MethodName::BestSingle,
        scores: pick(&cv.best_single),
        probabilities: None,
        tiers: None,
    });
    // A seeded random order: what picking accounts blindly achieves.
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(settings.seed);
    let random: Vec<f64> = (0..rows.len()).map(|_| (rng.next_u64() >> 11) as f64).collect();
    methods.push(Method {
        name: MethodName::Random,
        scores: random,
        probabilities: None,
        tiers: None,
    });

    let folds: Vec<usize> = rows.iter().map(|&i| cv.fold_of[i]).collect();
    let figures: Vec<Figures> =
        methods.iter().map(|m| figures(m, &labels, &folds, test_sets.len())).collect();
    let golden_count = labels.iter().filter(|&&g| g).count();
    let calibrated =
        icp_scorecard::calibration::cross_fitted_platt(&cv.logit, golden_of, &cv.fold_of);
    let calibration = icp_scorecard::calibration::reliability(
        &calibrated,
        golden_of,
        icp_scorecard::calibration::BINS,
    );
    let out_of_fold = match design {
        Design::Folds { folds } if folds == DISCOVER_FOLDS => measure(&cv, golden_of, &test_sets),
        _ => None,
    };
    Ok(Evaluation {
        out_of_fold,
        calibration,
        design,
        rows: rows.len(),
        golden: golden_count,
        no_signal_folds: cv.no_signal_folds,
        folds: test_sets.len(),
        selected_counts: cv.selected_counts,
        warnings: warnings(&figures, &cv.tier_names),
        figures,
    })
}

/// The profile well below the logistic regression, and pairs of tiers whose golden rates run
/// the wrong way beyond noise (Fisher's exact test, Bonferroni over the pairs).
fn warnings(figures: &[Figures], tier_names: &[String]) -> Vec<ProofWarning> {
    let mut out = Vec::new();
    let profile = figures.iter().find(|f| f.name == MethodName::Profile);
    let baseline = figures.iter().find(|f| f.name == MethodName::Logistic);
    if let (Some(p), Some(b)) = (profile, baseline)
        && b.auc - p.auc > BASELINE_MARGIN
    {
        out.push(ProofWarning::BelowBaseline { profile: p.auc, baseline: b.auc });
    }
    let tiers: Vec<&TierFigure> = profile
        .and_then(|p| p.tiers.as_ref())
        .map(|t| t.iter().filter(|t| tier_names.contains(&t.tier)).collect())
        .unwrap_or_default();
    out.extend(tiers_out_of_order(&tiers));
    out
}

fn tiers_out_of_order(tiers: &[&TierFigure]) -> Vec<ProofWarning> {
    let pairs = (tiers.len() * tiers.len().saturating_sub(1) / 2).max(1);
    let mut out = Vec::new();
    for (k, higher) in tiers.iter().enumerate() {
        for lower in &tiers[k + 1..] {
            if lower.rate <= higher.rate {
                continue;
            }
            let p = stats::fisher_exact_two_sided(
                higher.golden,
                higher.rows - higher.golden,
                lower.golden,
                lower.rows - lower.golden,
            );
            if p < TIER_ORDER_ALPHA / pairs as f64 {
                out.push(ProofWarning::TiersOutOfOrder {
                    higher: higher.tier.clone(),
                    lower: lower.tier.clone(),
                    higher_rate: higher.rate,
                    lower_rate: lower.rate,
                });
            }
        }
    }
    out
}

fn figures(m: &Method, labels: &[bool], folds: &[usize], k: usize) -> Figures {
    let pooled = metrics::auc_interval(&m.scores, labels);
    let per_fold: Vec<f64> = (0..k)
        .map(|f| {
            let idx: Vec<usize> = (0..labels.len()).filter(|&i| folds[i] == f).collect();
            let s: Vec<f64> = idx.iter().map(|&i| m.scores[i]).collect();
            let l: Vec<bool> = idx.iter().map(|&i| labels[i]).collect();
            metrics::auc(&s, &l)
        })
        .filter(|a| a.is_finite())
        .collect();
    let mean = if per_fold.is_empty() {
        pooled.0
    } else {
        per_fold.iter().sum::<f64>() / per_fold.len() as f64
    };
    let (lift10, capture10) = metrics::lift_at(&m.scores, labels, 0.1);
    let (lift20, capture20) = metrics::lift_at(&m.scores, labels, 0.2);
    Figures {
        name: m.name.clone(),
        auc: mean,
        auc_low: pooled.1,
        auc_high: pooled.2,
        ks: metrics::ks(&m.scores, labels),
        lift_top10: lift10,
        capture_top10: capture10,
        lift_top20: lift20,
        capture_top20: capture20,
        brier: m.probabilities.as_ref().map(|p| metrics::brier(p, labels)),
        gains: metrics::gains_table(&m.scores, labels, 10)
            .into_iter()
            .map(|g| Gains {
                rows: g.rows,
                golden: g.golden,
                rate: g.rate,
                lift: g.lift,
                capture: g.capture,
                cumulative_lift: g.cumulative_lift,
                score_min: g.score_min,
                score_max: g.score_max,
            })
            .collect(),
        roc: roc_points(&m.scores, labels, 100),
        tiers: m.tiers.as_ref().map(|(index, names)| {
            let groups: Vec<usize> = index
                .iter()
                .map(|&t| match t {
                    TIER_DISQUALIFIED => names.len() + 1,
                    TIER_INSUFFICIENT => names.len(),
                    TIER_NO_PROFILE => names.len() + 2,
                    t => t.min(names.len()),
                })
                .collect();
            metrics::rate_by_group(labels, &groups, names.len() + 3)
                .into_iter()
                .enumerate()
                .filter(|(_, (rows, _, _))| *rows > 0)
                .map(|(t, (rows, golden, rate))| {
                    let tier = match t {
                        t if t < names.len() => names[t].clone(),
                        t if t == names.len() => "insufficient data".into(),
                        t if t == names.len() + 1 => "disqualified".into(),
                        _ => "no profile (no signal in its fold)".into(),
                    };
                    TierFigure { tier, rows, golden, rate }
                })
                .collect()
        }),
    }
}

/// The ROC curve: after sorting by score (highest first), the share of other and of golden
/// records above each cut, at about `points` evenly spaced cuts (ties kept together).
fn roc_points(scores: &[f64], labels: &[bool], points: usize) -> Vec<(f64, f64)> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let positives = labels.iter().filter(|&&l| l).count().max(1) as f64;
    let negatives = labels.iter().filter(|&&l| !l).count().max(1) as f64;
    let step = (scores.len() / points.max(1)).max(1);
    let mut out = vec![(0.0, 0.0)];
    let (mut tp, mut fp) = (0.0, 0.0);
    for (k, &i) in order.iter().enumerate() {
        if labels[i] {
            tp += 1.0
        } else {
            fp += 1.0
        }
        let boundary = k + 1 == order.len() || scores[order[k + 1]] != scores[i];
        if boundary && (k + 1) % step == 0 {
            out.push((fp / negatives, tp / positives));
        }
    }
    out.push((1.0, 1.0));
    out
}

fn time_split(frame: &Frame, rows: &[usize], column: &str) -> Result<Vec<Vec<usize>>> {
    let Some(col) = frame.column(column) else {
        return Err(EngineError::invalid(
            Code::NoSuchColumn,
            format!("the time column: there is no column `{column}`"),
        ));
    };
    if !matches!(col.data, ColumnData::Date(_) | ColumnData::DateTime(_)) {
        return Err(EngineError::invalid(
            Code::NotADate,
            format!("the time column: `{column}` is {}, not a date", col.kind),
        ));
    }
    let day = |i: usize| match col.get(i) {
        Value::Date(d) => Some(i64::from(d) * 86_400),
        Value::DateTime(s) => Some(s),
        _ => None,
    };
    let mut dated: Vec<(i64, usize)> =
        rows.iter().filter_map(|&i| day(i).map(|d| (d, i))).collect();
    dated.sort_unstable();
    let cut = dated.len() * 4 / 5;
    Ok(vec![dated[cut..].iter().map(|&(_, i)| i).collect()])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tier(name: &str, rows: u64, golden: u64) -> TierFigure {
        TierFigure { tier: name.into(), rows, golden, rate: golden as f64 / rows as f64 }
    }

    #[test]
    fn tiers_out_of_order_beyond_noise_are_named() {
        let (a, b, c) = (tier("A", 500, 40), tier("B", 500, 120), tier("C", 500, 20));
        let warnings = tiers_out_of_order(&[&a, &b, &c]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(matches!(&warnings[0], ProofWarning::TiersOutOfOrder { higher, lower, .. }
            if higher == "A" && lower == "B"));
    }

    #[test]
    fn small_reversals_are_noise() {
        let (a, b) = (tier("A", 50, 10), tier("B", 50, 12));
        assert!(tiers_out_of_order(&[&a, &b]).is_empty());
    }
}
