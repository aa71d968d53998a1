//! Cross-validation of the whole pipeline: inside each fold the bins, the attribute choice,
//! the points and the tiers are learned afresh on the training rows and the held-out rows
//! are scored by a profile that never saw them. `icp discover` stores the AUC measured this
//! way (so a profile's quality is never measured inside its own attribute selection) and
//! calibrates the probability of being golden on these out-of-fold scores; `icp evaluate`
//! reports the same measurement beside its baselines.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use icp_frame::Frame;
use icp_profile::{Calibration, Profile};

use crate::baseline::{Baseline, Penalty};
use crate::discover::{DiscoverError, DiscoverSettings, discover_prepared, discover_tallied};
use crate::features::features;
use crate::leak::LeakContext;
use crate::logistic::{Weight, fit_weighted};
use crate::metrics;
use crate::prepared::{Complement, Prepared, Tally};
use crate::profile_builder::{ProfileMeta, build_profile_scored};
use crate::scorer::{Outcome, Scorer};

/// Where a tested row landed, beyond the profile's own tiers.
pub const TIER_INSUFFICIENT: usize = usize::MAX - 1;
/// A row that failed a (suggested) hard criterion.
pub const TIER_DISQUALIFIED: usize = usize::MAX;
/// A row whose training fold found no reliable signal, so no profile scored it.
pub const TIER_NO_PROFILE: usize = usize::MAX - 2;

/// The out-of-fold results, each indexed by frame row (NaN or [`TIER_NO_PROFILE`] for rows
/// not tested, or tested in a fold without a profile).
#[derive(Debug, Clone)]
pub struct CrossValidation {
    /// Which test set each row was in (`usize::MAX` when in none).
    pub fold_of: Vec<usize>,
    /// The fold profile's logit of being golden (its own in-sample calibration).
    pub logit: Vec<f64>,
    /// Tier index, or one of the `TIER_*` markers.
    pub tier: Vec<usize>,
    /// The tier names of the first fold's profile.
    pub tier_names: Vec<String>,
    /// The strongest single reliable attribute's weight of evidence.
    pub best_single: Vec<f64>,
    /// The multivariate baseline's logit (when asked for), fitted on the fold's training
    /// rows with every analysed column the fold's discovery did not leave out as a leak.
    pub baseline: Option<Vec<f64>>,
    /// Folds whose training rows had no reliable signal.
    pub no_signal_folds: usize,
    /// Key attributes chosen in each fold that had a profile.
    pub selected_counts: Vec<usize>,
}

/// The accounts analysed: the frame, the columns to analyse, which rows are golden and which
/// rows take part.
#[derive(Debug, Clone, Copy)]
pub struct Sample<'a> {
    /// The accounts.
    pub frame: &'a Frame,
    /// The analysable columns.
    pub columns: &'a [String],
    /// Golden or not, per frame row.
    pub golden: &'a [bool],
    /// The rows analysed.
    pub rows: &'a [usize],
    /// What the project knows about leaks (each fold's discovery judges them alike).
    pub leaks: &'a LeakContext,
}

/// Runs the pipeline once per test set, training on the sample's other rows (and the
/// multivariate baseline too when `with_baseline`); the folds run side by side, and
/// `progress` hears, as each starts, how many started before it.
pub fn cross_validate(
    sample: Sample<'_>,
    test_sets: &[Vec<usize>],
    settings: &DiscoverSettings,
    with_baseline: bool,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<CrossValidation, DiscoverError> {
    let prepared = Prepared::new(sample.frame, sample.columns);
    cross_validate_prepared(&prepared, sample, test_sets, settings, with_baseline, progress)
}

/// [`cross_validate`] with the sample's columns already prepared (from the sample's frame):
/// every fold counts its training rows from the one preparation.
pub fn cross_validate_prepared(
    prepared: &Prepared,
    sample: Sample<'_>,
    test_sets: &[Vec<usize>],
    settings: &DiscoverSettings,
    with_baseline: bool,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<CrossValidation, DiscoverError> {
    let Sample { frame, columns, rows, .. } = sample;
    let n = frame.rows();
    let all_features = if with_baseline { features(frame, columns) } else { Vec::new() };
    let mut cv = CrossValidation {
        fold_of: vec![usize::MAX; n],
        logit: vec![f64::NAN; n],
        tier: vec![TIER_NO_PROFILE; n],
        tier_names: Vec::new(),
        best_single: vec![f64::NAN; n],
        baseline: with_baseline.then(|| vec![f64::NAN; n]),
        no_signal_folds: 0,
        selected_counts: Vec::new(),
    };
    for (fold, test) in test_sets.iter().enumerate() {
        for &i in test {
            cv.fold_of[i] = fold;
        }
    }
    // The folds are independent: learned side by side, then gathered in order (the first
    // failing fold's error is the one returned, as when they ran one by one).
    let fold_of = &cv.fold_of;
    let started = AtomicUsize::new(0);
    let trains: Vec<Vec<usize>> = (0..test_sets.len())
        .map(|fold| rows.iter().copied().filter(|&i| fold_of[i] != fold).collect())
        .collect();
    let whole = whole_tally(prepared, sample, test_sets, fold_of);
    let learned: Vec<Result<Fold, DiscoverError>> = test_sets
        .par_iter()
        .zip(&trains)
        .map(|(test, train)| {
            progress(started.fetch_add(1, Ordering::Relaxed));
            let rows = FoldRows { train, test, whole: whole.as_ref() };
            learn_fold(prepared, rows, sample, &all_features, settings, with_baseline)
        })
        .collect();
    let mut learned = learned.into_iter().collect::<Result<Vec<Fold>, DiscoverError>>()?;
    // The baseline's penalty is chosen once, on the first training fold (with the columns its
    // discovery kept), and every fold is fitted with it, starting from the model fitted there.
    if let Some(first) = learned.first().and_then(|f| f.baseline_columns.as_ref()) {
        let penalty =
            Penalty::choose(&all_features, first, sample.golden, &trains[0], settings.seed);
        let logits: Vec<Vec<f64>> = learned
            .par_iter()
            .zip(&trains)
            .zip(test_sets)
            .map(|((fold, train), test)| {
                let used = fold.baseline_columns.as_deref().unwrap_or(first);
                let model = Baseline::fit_with(
                    &all_features,
                    used,
                    sample.golden,
                    train,
                    settings.seed,
                    &penalty,
                );
                test.iter().map(|&i| model.logit(&all_features, i)).collect()
            })
            .collect();
        for (fold, logits) in learned.iter_mut().zip(logits) {
            fold.baseline = Some(logits);
        }
    }
    for (fold, test) in learned.into_iter().zip(test_sets) {
        for (k, &i) in test.iter().enumerate() {
            if let Some(woe) = &fold.best_single {
                cv.best_single[i] = woe[k];
            }
            if let (Some(out), Some(logit)) = (cv.baseline.as_mut(), &fold.baseline) {
                out[i] = logit[k];
            }
        }
        let Some(scored) = fold.scored else {
            cv.no_signal_folds += 1;
            continue;
        };
        cv.selected_counts.push(scored.selected);
        if cv.tier_names.is_empty() {
            cv.tier_names = scored.tier_names;
        }
        for (k, &i) in test.iter().enumerate() {
            cv.logit[i] = scored.logit[k];
            let tier = scored.tier[k];
            cv.tier[i] = if tier >= TIER_NO_PROFILE {
                tier
            } else {
                tier.min(cv.tier_names.len().saturating_sub(1))
            };
        }
    }
    Ok(cv)
}

/// The tally of the whole sample, when each test set is exactly the sample's rows of its fold
/// (as stratified folds are: the sample's rows distinct, no test row outside it or in two sets):
/// each fold's training counts are then the whole's without its test rows'.
fn whole_tally(
    prepared: &Prepared,
    sample: Sample<'_>,
    test_sets: &[Vec<usize>],
    fold_of: &[usize],
) -> Option<Tally> {
    let mut in_sample = vec![false; fold_of.len()];
    let mut marked = vec![0usize; test_sets.len()];
    for &i in sample.rows {
        if std::mem::replace(&mut in_sample[i], true) {
            return None;
        }
        if let Some(m) = marked.get_mut(fold_of[i]) {
            *m += 1;
        }
    }
    // With distinct sample rows, a set whose rows are all in the sample and marked with its
    // fold, as many as the sample has, holds each of them once.
    let exact = test_sets.iter().enumerate().all(|(fold, test)| {
        marked[fold] == test.len() && test.iter().all(|&i| in_sample[i] && fold_of[i] == fold)
    });
    exact.then(|| prepared.tally(sample.rows, sample.golden))
}

/// One fold's rows: its training and test rows, and the whole sample's tally when the
/// training counts can be read off it (see [`whole_tally`]).
#[derive(Clone, Copy)]
struct FoldRows<'a> {
    train: &'a [usize],
    test: &'a [usize],
    whole: Option<&'a Tally>,
}

/// What one fold learned, per row of its test set.
struct Fold {
    /// The strongest single reliable attribute's weight of evidence.
    best_single: Option<Vec<f64>>,
    /// The features the multivariate baseline uses (those the fold's discovery did not leave
    /// out as leaks), when asked for.
    baseline_columns: Option<Vec<bool>>,
    /// The multivariate baseline's logit, once fitted.
    baseline: Option<Vec<f64>>,
    /// The fold profile's scores (`None`: no reliable signal, no profile).
    scored: Option<FoldScores>,
}

/// A fold profile's scores of its test rows.
struct FoldScores {
    selected: usize,
    tier_names: Vec<String>,
    logit: Vec<f64>,
    /// Tier index (not yet capped to the first fold's tiers), or a `TIER_*` marker.
    tier: Vec<usize>,
}

/// Learns the pipeline on the fold's training rows and scores its test rows.
fn learn_fold(
    prepared: &Prepared,
    rows: FoldRows<'_>,
    sample: Sample<'_>,
    all_features: &[crate::features::Feature],
    settings: &DiscoverSettings,
    with_baseline: bool,
) -> Result<Fold, DiscoverError> {
    let Sample { frame, golden, leaks, .. } = sample;
    let FoldRows { train, test, whole } = rows;
    let discovery = match whole {
        Some(all) => {
            let tally = Complement { all, test };
            discover_tallied(prepared, tally, frame, golden, train, settings, leaks)?
        }
        None => discover_prepared(prepared, frame, golden, train, settings, leaks)?,
    };
    let best_single = discovery
        .reliable(settings)
        .next()
        .map(|(_, c)| test.iter().map(|&i| c.evidence.woe_for(c.codes[i])).collect());
    let baseline_columns = with_baseline.then(|| {
        let left_out: HashSet<&str> = discovery
            .candidates
            .iter()
            .filter(|c| c.evidence.leak_excluded && !settings.keep_leaks)
            .map(|c| c.feature.name.as_str())
            .collect();
        all_features.iter().map(|f| !left_out.contains(f.name.as_str())).collect()
    });
    if discovery.no_signal {
        return Ok(Fold { best_single, baseline_columns, baseline: None, scored: None });
    }
    let (profile, batch) =
        build_profile_scored(&discovery, frame, train, golden, &ProfileMeta::default());
    let tier_names = profile.tiers.iter().map(|t| t.name.clone()).collect();
    let (intercept, slope) = (profile.scoring.intercept, profile.scoring.slope);
    let scorer = Scorer::new(profile).expect("a freshly built profile compiles");
    // A profile fresh from `build_profile` has its criteria off (only suggested), so its
    // scores and outcomes are read off the scores its tiers were set from, not scored again.
    let rescored = scorer
        .has_criteria()
        .then(|| scorer.score(frame).expect("the training frame has every column"));
    let outcome = |i: usize| match &rescored {
        Some(batch) => batch.outcomes[i],
        None => scorer.outcome_of(&batch, i),
    };
    let tenths = rescored.as_ref().map_or(&batch.score_tenths, |b| &b.score_tenths);
    let logit = test.iter().map(|&i| intercept + slope * f64::from(tenths[i]) / 10.0).collect();
    let tier = test
        .iter()
        .map(|&i| match outcome(i) {
            Outcome::Scored { tier } => usize::from(tier),
            Outcome::Insufficient => TIER_INSUFFICIENT,
            Outcome::Disqualified { .. } => TIER_DISQUALIFIED,
        })
        .collect();
    Ok(Fold {
        best_single,
        baseline_columns,
        baseline: None,
        scored: Some(FoldScores { selected: discovery.key.len(), tier_names, logit, tier }),
    })
}

/// Stratified test sets over `rows` (`k` of them, seeded): what `evaluate` and `discover`
/// both use, so their AUCs are the same measurement.
pub fn stratified_test_sets(
    rows: &[usize],
    golden: &[bool],
    k: usize,
    seed: u64,
) -> Vec<Vec<usize>> {
    let labels: Vec<bool> = rows.iter().map(|&i| golden[i]).collect();
    let folds = metrics::stratified_folds(&labels, k, seed);
    (0..k)
        .map(|f| rows.iter().enumerate().filter(|(j, _)| folds[*j] == f).map(|(_, &i)| i).collect())
        .collect()
}

/// The mean of the per-fold AUCs of `scores` (indexed by frame row; NaN ranks lowest), as
/// scikit-learn's `cross_val_score` reports it, and the DeLong interval of the pooled AUC.
pub fn fold_auc(scores: &[f64], golden: &[bool], test_sets: &[Vec<usize>]) -> (f64, f64, f64) {
    let pick = |set: &[usize]| -> (Vec<f64>, Vec<bool>) {
        set.iter()
            .map(|&i| (if scores[i].is_nan() { f64::NEG_INFINITY } else { scores[i] }, golden[i]))
            .unzip()
    };
    let per_fold: Vec<f64> = test_sets
        .iter()
        .map(|set| {
            let (s, l) = pick(set);
            metrics::auc(&s, &l)
        })
        .filter(|a| a.is_finite())
        .collect();
    let all: Vec<usize> = test_sets.iter().flatten().copied().collect();
    let (s, l) = pick(&all);
    let (pooled, low, high) = metrics::auc_interval(&s, &l);
    let mean = if per_fold.is_empty() {
        pooled
    } else {
        per_fold.iter().sum::<f64>() / per_fold.len() as f64
    };
    (mean, low, high)
}

/// Platt scaling on the out-of-fold logits: `(a, b)` such that σ(a + b·logit) is the
/// probability of being golden as measured on rows the fold's profile never saw. The slope is
/// kept at or above zero (a profile that ranks worse than chance out of fold says nothing,
/// and its probability is the base rate). `None` when no row was scored.
pub fn platt(logit: &[f64], golden: &[bool]) -> Option<(f64, f64)> {
    let rows: Vec<usize> = (0..logit.len()).filter(|&i| logit[i].is_finite()).collect();
    let golden_rows = rows.iter().filter(|&&i| golden[i]).count();
    if golden_rows == 0 || golden_rows == rows.len() {
        return None;
    }
    // A fold profile's logits are a few thousand distinct values (one per score): fitted
    // once each, weighted by their golden and other rows (the same fit as on the rows).
    let mut index: HashMap<u64, usize> = HashMap::new();
    let (mut values, mut weights): (Vec<f64>, Vec<Weight>) = (Vec::new(), Vec::new());
    for &i in &rows {
        let at = *index.entry(logit[i].to_bits()).or_insert_with(|| {
            values.push(logit[i]);
            weights.push([0.0, 0.0]);
            values.len() - 1
        });
        weights[at][usize::from(!golden[i])] += 1.0;
    }
    let distinct: Vec<usize> = (0..values.len()).collect();
    // A whisper of penalty keeps the fit finite when the scores separate perfectly.
    let model = fit_weighted(&[values], &distinct, |v| weights[v], 1e-3);
    let slope = model.coefficients[0];
    if slope > 0.0 {
        return Some((model.intercept, slope));
    }
    let rate = golden_rows as f64 / rows.len() as f64;
    Some(((rate / (1.0 - rate)).ln(), 0.0))
}

/// The profile's quality measured outside attribute selection, and its probability
/// calibrated on the same out-of-fold scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OutOfFold {
    /// Mean of the per-fold AUCs.
    pub auc: f64,
    /// DeLong 95% interval of the pooled out-of-fold AUC.
    pub interval: [f64; 2],
    /// Folds.
    pub folds: usize,
    /// Platt scaling of the fold profiles' logits (see [`platt`]).
    pub platt: Option<(f64, f64)>,
}

/// Folds `discover` measures with: `evaluate`'s default.
pub const DISCOVER_FOLDS: usize = 5;

/// Cross-validates the pipeline as `icp evaluate` does with `folds` folds (stratified, the
/// settings' seed) and returns the AUC and the calibration; `None` when the data cannot be
/// split that way (a training fold would have too few golden customers).
pub fn out_of_fold(
    sample: Sample<'_>,
    settings: &DiscoverSettings,
    folds: usize,
) -> Option<OutOfFold> {
    out_of_fold_prepared(&Prepared::new(sample.frame, sample.columns), sample, settings, folds)
}

/// [`out_of_fold`] with the sample's columns already prepared (as the discovery it measures
/// prepared them).
pub fn out_of_fold_prepared(
    prepared: &Prepared,
    sample: Sample<'_>,
    settings: &DiscoverSettings,
    folds: usize,
) -> Option<OutOfFold> {
    let golden = sample.golden;
    let test_sets = stratified_test_sets(sample.rows, golden, folds, settings.seed);
    let cv =
        cross_validate_prepared(prepared, sample, &test_sets, settings, false, &|_| {}).ok()?;
    measure(&cv, golden, &test_sets)
}

/// The AUC and calibration of a cross-validation already run over `test_sets` — what
/// [`out_of_fold`] measures, when `cv` was run as it runs one (so `icp report` discovers and
/// proves with one cross-validation); `None` when no fold scored a row.
pub fn measure(
    cv: &CrossValidation,
    golden: &[bool],
    test_sets: &[Vec<usize>],
) -> Option<OutOfFold> {
    let (auc, low, high) = fold_auc(&cv.logit, golden, test_sets);
    auc.is_finite().then(|| OutOfFold {
        auc,
        interval: [low, high],
        folds: test_sets.len(),
        platt: platt(&cv.logit, golden),
    })
}

/// Puts the out-of-fold measurement into `profile`: its quality, and its probability of
/// being golden recalibrated so that σ(intercept + slope × score) is what the fold profiles'
/// scores turned out to mean on accounts they never saw (the slope stays ≥ 0, so the tiers,
/// which follow the score, follow the probability too).
pub fn apply(profile: &mut Profile, measured: &OutOfFold) {
    let round3 = |x: f64| (x * 1000.0).round() / 1000.0;
    profile.quality.nested_cv_auc = Some(round3(measured.auc));
    profile.quality.nested_cv_auc_interval =
        Some([round3(measured.interval[0]), round3(measured.interval[1])]);
    profile.quality.folds = Some(measured.folds as u32);
    if let Some((a, b)) = measured.platt {
        let s = &mut profile.scoring;
        s.intercept = a + b * s.intercept;
        s.slope *= b;
        s.calibration = Some(Calibration::OutOfFold);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pure noise that the selection is told to trust (no multiple-testing guard): the AUC
    /// reached while choosing attributes is optimistic, the one measured outside the
    /// selection is not.
    #[test]
    fn noise_chosen_by_selection_scores_chance_outside_it() {
        use icp_frame::{Column, ColumnData, Kind};
        let (rows, width) = (1_200, 150);
        let mut state = 99u64;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let golden: Vec<bool> = (0..rows).map(|_| next() < 0.2).collect();
        let columns: Vec<Column> = (0..width)
            .map(|k| {
                let values = (0..rows).map(|_| (next() * 1000.0).round()).collect();
                Column::new(format!("noise{k}"), Kind::Number, ColumnData::Number(values))
            })
            .collect();
        let names: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
        let frame = Frame::new(columns, rows);
        let all: Vec<usize> = (0..rows).collect();
        let settings =
            DiscoverSettings { q_threshold: 1.0, min_iv: 0.0, ..DiscoverSettings::default() };
        let leaks = LeakContext::default();
        let sample =
            Sample { frame: &frame, columns: &names, golden: &golden, rows: &all, leaks: &leaks };
        let selected = crate::discover::discover(&frame, &names, &golden, &all, &settings).unwrap();
        let inside = selected.selection_auc.expect("noise was chosen");
        let outside = out_of_fold(sample, &settings, DISCOVER_FOLDS).unwrap();
        assert!(outside.auc < 0.56, "outside the selection: {}", outside.auc);
        assert!(inside > outside.auc + 0.03, "inside {inside}, outside {}", outside.auc);
    }

    /// The folds read their training counts off the whole sample's tally only when each test
    /// set is exactly its fold's rows of the sample: a row twice in the sample, a test row in
    /// two sets or outside the sample, or a test row twice fall back to counting each fold.
    #[test]
    fn the_whole_tally_is_used_only_for_exact_folds() {
        use icp_frame::{Column, ColumnData, Kind};
        let n = 12;
        let values = (0..n).map(|i| (i % 3) as f64).collect();
        let frame = Frame::new(vec![Column::new("x", Kind::Number, ColumnData::Number(values))], n);
        let names = ["x".to_owned()];
        let prepared = Prepared::new(&frame, &names);
        let golden: Vec<bool> = (0..n).map(|i| i % 4 == 0).collect();
        let leaks = LeakContext::default();
        let whole = |rows: &[usize], tests: &[Vec<usize>]| {
            let mut fold_of = vec![usize::MAX; n];
            for (fold, test) in tests.iter().enumerate() {
                for &i in test {
                    fold_of[i] = fold;
                }
            }
            let sample =
                Sample { frame: &frame, columns: &names, golden: &golden, rows, leaks: &leaks };
            whole_tally(&prepared, sample, tests, &fold_of).is_some()
        };
        let rows: Vec<usize> = (0..10).collect();
        assert!(whole(&rows, &[vec![0, 1, 2], vec![3, 4, 5]]));
        assert!(whole(&rows, &[(0..5).collect(), (5..10).collect()]));
        let twice: Vec<usize> = [0, 0, 1, 2, 3, 4, 5, 6, 7, 8].into();
        assert!(!whole(&twice, &[vec![0, 1], vec![2, 3]]));
        assert!(!whole(&rows, &[vec![0, 1, 2], vec![2, 3]]));
        assert!(!whole(&rows, &[vec![0, 1], vec![10, 11]]));
        assert!(!whole(&rows, &[vec![0, 1, 1], vec![2, 3]]));
    }

    #[test]
    fn platt_shrinks_overconfident_logits() {
        // The out-of-fold logits claim twice the spread the outcomes show.
        let n = 10_000;
        let truth: Vec<f64> = (0..n).map(|i| (i % 100) as f64 / 25.0 - 2.0).collect();
        let golden: Vec<bool> = (0..n)
            .map(|i| {
                let p = 1.0 / (1.0 + (-truth[i]).exp());
                ((i / 100) as f64 + 0.5) / (n / 100) as f64 <= p
            })
            .collect();
        let claimed: Vec<f64> = truth.iter().map(|t| 2.0 * t).collect();
        let (a, b) = platt(&claimed, &golden).unwrap();
        assert!((b - 0.5).abs() < 0.05 && a.abs() < 0.1, "a {a} b {b}");
    }

    #[test]
    fn platt_gives_the_base_rate_when_the_ranking_is_backwards() {
        let logit: Vec<f64> = (0..100).map(f64::from).collect();
        let golden: Vec<bool> = (0..100).map(|i| i < 20).collect();
        let (a, b) = platt(&logit, &golden).unwrap();
        assert_eq!(b, 0.0);
        assert!((1.0 / (1.0 + (-a).exp()) - 0.2).abs() < 1e-9);
    }
}
