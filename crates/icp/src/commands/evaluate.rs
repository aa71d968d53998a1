//! `icp evaluate`: prove what the profile adds. The whole pipeline (binning, choosing
//! attributes, fitting, tiers) is re-run inside each cross-validation fold and judged on the
//! rows it did not see, beside simple baselines: random, "bigger is better" (the size
//! attribute alone) and the single best attribute.

use std::fmt::Write as _;

use anyhow::{Result, bail};
use icp_frame::{ColumnData, Frame, Value};
use icp_io::roles::Role;
use icp_scorecard::discover::{DiscoverSettings, discover};
use icp_scorecard::metrics::{self, GainsRow};
use icp_scorecard::profile_builder::{ProfileMeta, build_profile};
use icp_scorecard::scorer::{Outcome, Scorer};
use serde_json::{Value as Json, json};

use crate::analysis;
use crate::cli::EvaluateArgs;
use crate::output::{self, thousands};

/// Out-of-sample scores of one method.
struct Method {
    name: String,
    /// Comparable across folds (the profile's calibrated probability, not its points,
    /// because each fold scales its points afresh).
    scores: Vec<f64>,
    probabilities: Option<Vec<f64>>,
    tiers: Option<(Vec<usize>, Vec<String>)>,
}

/// The figures for one method.
pub struct Figures {
    pub name: String,
    /// Mean of the per-fold AUCs (as scikit-learn's cross_val_score reports it), and the
    /// DeLong 95% interval of the pooled out-of-fold AUC.
    pub auc: (f64, f64, f64),
    pub ks: f64,
    pub lift10: (f64, f64),
    pub lift20: (f64, f64),
    pub brier: Option<f64>,
    pub gains: Vec<GainsRow>,
    pub tiers: Option<Vec<(String, u64, u64, f64)>>,
    /// ROC curve points (false positive rate, true positive rate), thinned to about 100.
    pub roc: Vec<(f64, f64)>,
}

/// What evaluation measured.
pub struct Evaluation {
    pub project: icp_project::ProjectFile,
    pub design: String,
    pub rows: usize,
    pub golden: usize,
    pub no_signal_folds: usize,
    pub folds: usize,
    pub selected_counts: Vec<usize>,
    pub figures: Vec<Figures>,
}

pub fn run(args: &EvaluateArgs, quiet: bool) -> Result<()> {
    let e = compute_with_progress(args, quiet)?;
    if let Some(path) = &args.page.report {
        let mut report = crate::report::base(&args.project);
        crate::report::add_proof(&mut report, &e);
        crate::report::write(
            path,
            &report,
            crate::report::lang(args.page.lang.as_deref(), &e.project)?,
            quiet,
        )?;
    }
    if args.json {
        let report = json!({
            "design": e.design,
            "rows": e.rows,
            "golden": e.golden,
            "no_signal_folds": e.no_signal_folds,
            "attributes_per_fold": e.selected_counts,
            "methods": e.figures.iter().map(figures_json).collect::<Vec<_>>(),
        });
        output::stdout(&format!("{}\n", serde_json::to_string_pretty(&report)?))?;
    } else {
        output::stdout(&report_text(
            &e.design,
            e.rows,
            e.golden,
            e.no_signal_folds,
            e.folds,
            &e.figures,
        ))?;
    }
    output::note(quiet, "every figure is measured on accounts the model did not learn from");
    Ok(())
}

/// Runs the cross-validation (or time split) and the baselines.
pub fn compute(args: &EvaluateArgs) -> Result<Evaluation> {
    compute_with_progress(args, true)
}

/// [`compute`], with a progress line over the folds on a terminal.
pub fn compute_with_progress(args: &EvaluateArgs, quiet: bool) -> Result<Evaluation> {
    let progress = crate::output::Progress::new("evaluating", quiet);
    let a = analysis::load(
        &args.project,
        args.golden.as_deref(),
        None,
        args.population.as_deref(),
        false,
    )?;
    let frame = &a.dataset.frame;
    let n = frame.rows();
    let settings =
        DiscoverSettings { max_attributes: args.max_attributes.max(1), ..Default::default() };
    let (test_sets, design) = match &args.time_column {
        Some(column) => (
            time_split(frame, &a.rows, column)?,
            format!(
                "time split on `{column}`: trained on the earliest 80%, tested on the latest 20%"
            ),
        ),
        None => {
            if args.folds < 2 {
                bail!("--folds must be at least 2");
            }
            let labels: Vec<bool> = a.rows.iter().map(|&i| a.golden[i]).collect();
            let folds = metrics::stratified_folds(&labels, args.folds, settings.seed);
            let sets = (0..args.folds)
                .map(|f| {
                    a.rows
                        .iter()
                        .enumerate()
                        .filter(|(k, _)| folds[*k] == f)
                        .map(|(_, &i)| i)
                        .collect()
                })
                .collect();
            (
                sets,
                format!(
                    "{}-fold stratified cross-validation; every fold re-learns bins, attributes and points",
                    args.folds
                ),
            )
        }
    };
    let size_column = a
        .dataset
        .columns
        .iter()
        .find(|c| c.role == Some(Role::Employees))
        .or_else(|| a.dataset.columns.iter().find(|c| c.role == Some(Role::Revenue)))
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
        progress.set(fold, test_sets.len());
        let in_test: Vec<bool> = {
            let mut m = vec![false; n];
            for &i in test {
                m[i] = true;
            }
            m
        };
        let train: Vec<usize> = a.rows.iter().copied().filter(|&i| !in_test[i]).collect();
        let discovery = match discover(frame, &a.columns, &a.golden, &train, &settings) {
            Ok(d) => d,
            Err(e) => bail!("a training fold cannot be analysed: {e}"),
        };
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
    let rows: Vec<usize> = (0..n).filter(|&i| tested[i]).collect();
    let labels: Vec<bool> = rows.iter().map(|&i| a.golden[i]).collect();
    let pick = |v: &[f64]| -> Vec<f64> {
        rows.iter().map(|&i| if v[i].is_nan() { f64::NEG_INFINITY } else { v[i] }).collect()
    };

    let mut methods = Vec::new();
    if no_signal_folds < test_sets.len() {
        let tiers: Vec<usize> = rows.iter().map(|&i| tier_index[i]).collect();
        methods.push(Method {
            name: "ICP profile".into(),
            scores: pick(&profile_probs),
            probabilities: Some(rows.iter().map(|&i| profile_probs[i]).collect()),
            tiers: Some((tiers, tier_names.clone())),
        });
    }
    if let Some(column) = &size_column {
        let col = frame.column(column).expect("described column");
        let size: Vec<f64> =
            (0..n).map(|i| if let Value::Number(x) = col.get(i) { x } else { f64::NAN }).collect();
        methods.push(Method {
            name: format!("bigger is better ({column})"),
            scores: pick(&size),
            probabilities: None,
            tiers: None,
        });
    }
    methods.push(Method {
        name: "best single attribute".into(),
        scores: pick(&best_single),
        probabilities: None,
        tiers: None,
    });
    // A fixed pseudo-random order: what picking accounts blindly achieves.
    let random: Vec<f64> = (0..rows.len())
        .map(|k| ((k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 11) as f64)
        .collect();
    methods.push(Method {
        name: "random".into(),
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
        project: a.project,
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
    Figures {
        name: m.name.clone(),
        auc: (mean, pooled.1, pooled.2),
        ks: metrics::ks(&m.scores, labels),
        lift10: metrics::lift_at(&m.scores, labels, 0.1),
        lift20: metrics::lift_at(&m.scores, labels, 0.2),
        brier: m.probabilities.as_ref().map(|p| metrics::brier(p, labels)),
        gains: metrics::gains_table(&m.scores, labels, 10),
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
                    let name = match t {
                        t if t < names.len() => names[t].clone(),
                        t if t == names.len() => "insufficient data".into(),
                        t if t == names.len() + 1 => "disqualified".into(),
                        _ => "no profile (no signal in its fold)".into(),
                    };
                    (name, rows, golden, rate)
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
        bail!("--time-column: there is no column `{column}`")
    };
    let day = |i: usize| match col.get(i) {
        Value::Date(d) => Some(i64::from(d) * 86_400),
        Value::DateTime(s) => Some(s),
        _ => None,
    };
    if !matches!(col.data, ColumnData::Date(_) | ColumnData::DateTime(_)) {
        bail!("--time-column: `{column}` is {}, not a date", col.kind);
    }
    let mut dated: Vec<(i64, usize)> =
        rows.iter().filter_map(|&i| day(i).map(|d| (d, i))).collect();
    dated.sort_unstable();
    let cut = dated.len() * 4 / 5;
    Ok(vec![dated[cut..].iter().map(|&(_, i)| i).collect()])
}

fn report_text(
    design: &str,
    rows: usize,
    golden: usize,
    no_signal: usize,
    folds: usize,
    figures: &[Figures],
) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "{design}");
    let _ = writeln!(
        w,
        "AUC is the mean over test folds; the interval is DeLong's, on all out-of-fold scores together"
    );
    let _ = writeln!(
        w,
        "{} accounts tested, {} golden ({:.1}%)",
        thousands(rows),
        thousands(golden),
        golden as f64 * 100.0 / rows.max(1) as f64
    );
    if no_signal > 0 {
        let _ = writeln!(
            w,
            "{no_signal} of {folds} training folds found no reliable signal (no profile in those folds)"
        );
    }
    let _ = writeln!(w);
    let _ = writeln!(
        w,
        "{:<34} {:>22} {:>6} {:>16} {:>16} {:>7}",
        "method", "AUC (95% interval)", "KS", "top 10%: lift/cap", "top 20%: lift/cap", "Brier"
    );
    for f in figures {
        let _ = writeln!(
            w,
            "{:<34} {:>22} {:>6.3} {:>16} {:>16} {:>7}",
            f.name,
            format!("{:.3} ({:.3}–{:.3})", f.auc.0, f.auc.1, f.auc.2),
            f.ks,
            format!("{:.2}× / {:.0}%", f.lift10.0, f.lift10.1 * 100.0),
            format!("{:.2}× / {:.0}%", f.lift20.0, f.lift20.1 * 100.0),
            f.brier.map_or("-".into(), |b| format!("{b:.3}")),
        );
    }
    if let Some(profile) = figures.first().filter(|f| f.tiers.is_some()) {
        let _ = writeln!(w);
        let _ = writeln!(w, "gains by decile (ICP profile):");
        let _ = writeln!(
            w,
            "  {:>6} {:>8} {:>8} {:>7} {:>7} {:>9}",
            "decile", "rows", "golden", "rate", "lift", "captured"
        );
        for (k, g) in profile.gains.iter().enumerate() {
            let _ = writeln!(
                w,
                "  {:>6} {:>8} {:>8} {:>6.1}% {:>6.2}× {:>8.1}%",
                k + 1,
                thousands(g.rows as usize),
                thousands(g.golden as usize),
                g.rate * 100.0,
                g.lift,
                g.capture * 100.0
            );
        }
        let _ = writeln!(w);
        let _ = writeln!(w, "conversion per tier (ICP profile):");
        for (name, rows, golden, rate) in profile.tiers.as_ref().expect("checked") {
            let _ = writeln!(
                w,
                "  {:<18} {:>8} accounts  {:>7} golden  {:>6.1}%",
                name,
                thousands(*rows as usize),
                thousands(*golden as usize),
                rate * 100.0
            );
        }
    }
    out
}

fn figures_json(f: &Figures) -> Json {
    json!({
        "method": f.name,
        "auc": f.auc.0,
        "auc_low": f.auc.1,
        "auc_high": f.auc.2,
        "ks": f.ks,
        "lift_top10": f.lift10.0,
        "capture_top10": f.lift10.1,
        "lift_top20": f.lift20.0,
        "capture_top20": f.lift20.1,
        "brier": f.brier,
        "gains": f.gains.iter().map(|g| json!({
            "rows": g.rows, "golden": g.golden, "rate": g.rate, "lift": g.lift,
            "capture": g.capture, "cumulative_lift": g.cumulative_lift,
            "score_min": g.score_min, "score_max": g.score_max,
        })).collect::<Vec<_>>(),
        "tiers": f.tiers.as_ref().map(|t| t.iter().map(|(name, rows, golden, rate)| json!({"tier": name, "rows": rows, "golden": golden, "rate": rate})).collect::<Vec<_>>()),
    })
}
