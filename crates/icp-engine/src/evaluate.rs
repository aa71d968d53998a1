//! Evaluate: prove what the profile adds. The whole pipeline (binning, choosing attributes,
//! fitting, tiers) is re-run inside each cross-validation fold and judged on the rows it did
//! not see, beside simple baselines: random, "bigger is better" (the size attribute alone)
//! and the single best attribute.

use icp_frame::{ColumnData, Frame, Value};
use icp_io::roles::Role;
use icp_report::phrase::{Design, Method as MethodName};
use icp_scorecard::discover::{DiscoverSettings, discover_with};
use icp_scorecard::metrics;
use icp_scorecard::profile_builder::{ProfileMeta, build_profile};
use icp_scorecard::scorer::{Outcome, Scorer};
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
}

/// Runs the cross-validation (or time split) and the baselines; `progress` hears of each fold.
pub fn evaluate(
    session: &Session,
    request: &EvaluateRequest,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Evaluation> {
    let a = session.analysis()?;
    let frame = &session.dataset.frame;
    let n = frame.rows();
    let settings = DiscoverSettings {
        max_attributes: request.max_attributes.max(1),
        keep_leaks: request.keep_leaks,
        ..Default::default()
    };
    let leaks = crate::leaks::context(session);
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
            let folds = metrics::stratified_folds(&labels, request.folds, settings.seed);
            let sets = (0..request.folds)
                .map(|f| {
                    a.rows
                        .iter()
                        .enumerate()
                        .filter(|(k, _)| folds[*k] == f)
                        .map(|(_, &i)| i)
                        .collect()
                })
                .collect();
            (sets, Design::Folds { folds: request.folds })
        }
    };
    let columns = &session.dataset.columns;
    let size_column = columns
        .iter()
        .find(|c| c.role == Some(Role::Employees))
        .or_else(|| columns.iter().find(|c| c.role == Some(Role::Revenue)))
        .map(|c| c.name.clone());

    let mut profile_probs = vec![f64::NAN; n];
    let mut best_single = vec![f64::NAN; n];
    // Until a fold's profile scores a row: no profile (its fold found no reliable signal).
    let mut tier_index = vec![usize::MAX - 2; n];
    let mut tier_names: Vec<String> = Vec::new();
    let mut tested = vec![false; n];
    let mut no_signal_folds = 0;
    let mut selected_counts: Vec<usize> = Vec::new();
    for (fold, test) in test_sets.iter().enumerate() {
        progress(Progress { stage: Stage::Evaluating, done: fold, total: test_sets.len() });
        let in_test: Vec<bool> = {
            let mut m = vec![false; n];
            for &i in test {
                m[i] = true;
            }
            m
        };
        let train: Vec<usize> = a.rows.iter().copied().filter(|&i| !in_test[i]).collect();
        let discovery = discover_with(frame, &a.columns, &a.golden, &train, &settings, &leaks)?;
        for &i in test {
            tested[i] = true;
        }
        // The single best attribute: the strongest reliable one, scored by its weight of evidence.
        if let Some((c, _)) = discovery.reliable(&settings).next() {
            let woe = discovery.woe_input(c);
            for &i in test {
                best_single[i] = woe[i];
            }
        }
        if discovery.no_signal {
            no_signal_folds += 1;
            continue;
        }
        selected_counts.push(discovery.key.len());
        let profile = build_profile(&discovery, frame, &train, &a.golden, &ProfileMeta::default());
        if tier_names.is_empty() {
            tier_names = profile.tiers.iter().map(|t| t.name.clone()).collect();
        }
        let scorer = Scorer::new(profile)?;
        let batch = scorer.score(frame)?;
        for &i in test {
            let score = f64::from(batch.score_tenths[i]) / 10.0;
            profile_probs[i] = scorer.probability(score);
            // Tiers, then "insufficient data", then "disqualified" (a suggested criterion).
            tier_index[i] = match batch.outcomes[i] {
                Outcome::Scored { tier } => {
                    usize::from(tier).min(tier_names.len().saturating_sub(1))
                }
                Outcome::Insufficient => usize::MAX - 1,
                Outcome::Disqualified { .. } => usize::MAX,
            };
        }
    }
    progress(Progress { stage: Stage::Evaluating, done: test_sets.len(), total: test_sets.len() });
    let rows: Vec<usize> = (0..n).filter(|&i| tested[i]).collect();
    let labels: Vec<bool> = rows.iter().map(|&i| a.golden[i]).collect();
    let pick = |v: &[f64]| -> Vec<f64> {
        rows.iter().map(|&i| if v[i].is_nan() { f64::NEG_INFINITY } else { v[i] }).collect()
    };

    let mut methods = Vec::new();
    if no_signal_folds < test_sets.len() {
        let tiers: Vec<usize> = rows.iter().map(|&i| tier_index[i]).collect();
        methods.push(Method {
            name: MethodName::Profile,
            scores: pick(&profile_probs),
            probabilities: Some(rows.iter().map(|&i| profile_probs[i]).collect()),
            tiers: Some((tiers, tier_names.clone())),
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
        scores: pick(&best_single),
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

    // Which test set each tested row belongs to, for per-fold AUCs.
    let mut fold_of = vec![usize::MAX; n];
    for (f, test) in test_sets.iter().enumerate() {
        for &i in test {
            fold_of[i] = f;
        }
    }
    let folds: Vec<usize> = rows.iter().map(|&i| fold_of[i]).collect();
    let figures: Vec<Figures> =
        methods.iter().map(|m| figures(m, &labels, &folds, test_sets.len())).collect();
    let golden_count = labels.iter().filter(|&&g| g).count();
    Ok(Evaluation {
        design,
        rows: rows.len(),
        golden: golden_count,
        no_signal_folds,
        folds: test_sets.len(),
        selected_counts,
        figures,
    })
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
                    usize::MAX => names.len() + 1,
                    t if t == usize::MAX - 1 => names.len(),
                    t if t == usize::MAX - 2 => names.len() + 2,
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
