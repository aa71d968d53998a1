//! The iterations: assignment, centroid update, empty clusters, the runs and the best of
//! them; costs of a partition.

use rayon::prelude::*;

use super::config::{
    Centroids, Init, KPrototypesConfig, KPrototypesFit, Progress, Tracker, fit_units,
};
use super::data::{MixedData, dissim};
use super::error::KPrototypesError;
use super::init::{
    MAX_INIT_TRIES, RAISE_INIT_TRIES, TRIAL_ROWS, cao_init_rows, random_rows, spread_rows,
};
use super::refine::hartigan_pass;
use super::rng::{Rng, restart_seeds};
use crate::silhouette::sample_rows;

/// Rows per parallel work item. Fixed (not derived from the thread count), so that partial
/// sums are always added in the same order and results do not depend on the machine.
pub(super) const CHUNK: usize = 4096;

/// Assigns every row to its nearest centroid. With `keep_ties`, a row already in a cluster
/// at the minimal distance stays there; otherwise the first nearest cluster wins (as
/// `np.argmin`). Returns (cost, rows that changed cluster).
pub(super) fn assign(
    data: &MixedData,
    cent: &Centroids,
    gamma: f64,
    labels: &mut [u32],
    keep_ties: bool,
) -> (f64, usize) {
    let k = cent.k;
    let parts: Vec<(f64, usize)> = labels
        .par_chunks_mut(CHUNK)
        .enumerate()
        .map(|(ci, block)| {
            let start = ci * CHUNK;
            let mut cost = 0.0;
            let mut moves = 0;
            for (o, label) in block.iter_mut().enumerate() {
                let i = start + o;
                let (xn, xc) = (data.numeric_row(i), data.categorical_row(i));
                let mut best = 0u32;
                let mut best_d = f64::INFINITY;
                let mut current_d = f64::INFINITY;
                for c in 0..k {
                    let d = dissim(xn, xc, cent.numeric(c), cent.categorical(c), gamma);
                    if d < best_d {
                        best_d = d;
                        best = c as u32;
                    }
                    if c as u32 == *label {
                        current_d = d;
                    }
                }
                if keep_ties && current_d <= best_d {
                    best = *label;
                }
                if best != *label {
                    moves += 1;
                    *label = best;
                }
                cost += best_d;
            }
            (cost, moves)
        })
        .collect();
    parts.iter().fold((0.0, 0), |(c, m), &(pc, pm)| (c + pc, m + pm))
}

/// Rows per cluster.
pub(super) fn cluster_sizes(labels: &[u32], k: usize) -> Vec<usize> {
    let parts: Vec<Vec<usize>> = labels
        .par_chunks(CHUNK * 16)
        .map(|block| {
            let mut s = vec![0usize; k];
            for &l in block {
                s[l as usize] += 1;
            }
            s
        })
        .collect();
    let mut sizes = vec![0usize; k];
    for s in parts {
        for (a, b) in sizes.iter_mut().zip(s) {
            *a += b;
        }
    }
    sizes
}

/// Sets every non-empty cluster's centroid to the mean (numeric) and mode (categorical,
/// smallest code on a tie) of its rows. Empty clusters keep their centroid.
pub(super) fn update_centroids(
    data: &MixedData,
    labels: &[u32],
    cent: &mut Centroids,
    sizes: &[usize],
) {
    let (k, p, q) = (cent.k, data.p(), data.q());
    if p > 0 {
        // Fixed chunks, added in order: deterministic sums.
        let parts: Vec<Vec<f64>> = labels
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(ci, block)| {
                let mut sums = vec![0.0; k * p];
                for (o, &l) in block.iter().enumerate() {
                    let row = data.numeric_row(ci * CHUNK + o);
                    let s = &mut sums[l as usize * p..(l as usize + 1) * p];
                    for (a, b) in s.iter_mut().zip(row) {
                        *a += b;
                    }
                }
                sums
            })
            .collect();
        let mut sums = vec![0.0; k * p];
        for part in parts {
            for (a, b) in sums.iter_mut().zip(part) {
                *a += b;
            }
        }
        for c in 0..k {
            if sizes[c] > 0 {
                for j in 0..p {
                    cent.numeric[c * p + j] = sums[c * p + j] / sizes[c] as f64;
                }
            }
        }
    }
    if q > 0 {
        let modes: Vec<Vec<u32>> = (0..q)
            .into_par_iter()
            .map(|j| {
                let levels = data.categorical[j].labels.len();
                let mut counts = vec![0u32; k * levels];
                for (i, &l) in labels.iter().enumerate() {
                    counts[l as usize * levels + data.cat[i * q + j] as usize] += 1;
                }
                (0..k)
                    .map(|c| {
                        let row = &counts[c * levels..(c + 1) * levels];
                        let mut best = 0;
                        for (code, &n) in row.iter().enumerate() {
                            if n > row[best] {
                                best = code;
                            }
                        }
                        best as u32
                    })
                    .collect()
            })
            .collect();
        for c in 0..k {
            if sizes[c] > 0 {
                for (j, m) in modes.iter().enumerate() {
                    cent.categorical[c * q + j] = m[c];
                }
            }
        }
    }
}

/// Gives every empty cluster the row farthest from its centroid among clusters of two or
/// more rows (the first such row on a tie), and makes that row the cluster's centroid.
pub(super) fn fill_empty(
    data: &MixedData,
    cent: &mut Centroids,
    gamma: f64,
    labels: &mut [u32],
    sizes: &mut [usize],
) {
    let (p, q) = (data.p(), data.q());
    while let Some(empty) = sizes.iter().position(|&s| s == 0) {
        let far = labels
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(ci, block)| {
                let mut best: Option<(f64, usize)> = None;
                for (o, &l) in block.iter().enumerate() {
                    if sizes[l as usize] < 2 {
                        continue;
                    }
                    let i = ci * CHUNK + o;
                    let d =
                        data.dist(i, cent.numeric(l as usize), cent.categorical(l as usize), gamma);
                    if best.is_none_or(|(bd, _)| d > bd) {
                        best = Some((d, i));
                    }
                }
                best
            })
            .collect::<Vec<_>>()
            .into_iter()
            .flatten()
            .fold(None, |acc: Option<(f64, usize)>, (d, i)| match acc {
                Some((bd, _)) if bd >= d => acc,
                _ => Some((d, i)),
            });
        let Some((_, row)) = far else { return };
        sizes[labels[row] as usize] -= 1;
        sizes[empty] += 1;
        labels[row] = empty as u32;
        cent.numeric[empty * p..(empty + 1) * p].copy_from_slice(data.numeric_row(row));
        cent.categorical[empty * q..(empty + 1) * q].copy_from_slice(data.categorical_row(row));
    }
}

pub(super) struct Run {
    pub(super) centroids: Centroids,
    pub(super) labels: Vec<u32>,
    pub(super) cost: f64,
    pub(super) iterations: usize,
    pub(super) converged: bool,
    pub(super) history: Vec<f64>,
    /// Passes over all rows: the start, assignments, Hartigan passes, empty-cluster fills.
    pub(super) passes: usize,
}

/// One run from its own starting centroids. The tries of step 1 (see the module
/// documentation) are checked on `trial` (a sample of at most [`TRIAL_ROWS`] rows, or `data`
/// itself), so a try costs no pass over all rows; a try that leaves no cluster empty there
/// leaves none empty on all rows. When every try leaves a cluster empty (data with many
/// identical rows), the run starts from spread-out distinct rows of `trial` instead.
pub(super) fn run_once(
    data: &MixedData,
    trial: &MixedData,
    config: &KPrototypesConfig,
    gamma: f64,
    cao: &[usize],
    seed: u64,
    tracker: &Tracker<'_>,
) -> Run {
    let (k, p, q, n) = (config.k, data.p(), data.q(), data.rows);
    let mut rng = Rng::new(seed);
    // Column means and deviations of the prepared numeric data (as kmodes: of Xnum).
    let meanx: Vec<f64> =
        (0..p).map(|j| (0..n).map(|i| data.num[i * p + j]).sum::<f64>() / n as f64).collect();
    let stdx: Vec<f64> = data.numeric.iter().map(|c| c.prepared_std).collect();

    let mut use_random = config.init == Init::Random;
    let mut trial_labels = vec![u32::MAX; trial.rows];
    let mut tries = 0;
    let cent = loop {
        tries += 1;
        let rows = if use_random { random_rows(data, k, &mut rng) } else { cao.to_vec() };
        let mut categorical = Vec::with_capacity(k * q);
        for &r in &rows {
            categorical.extend_from_slice(data.categorical_row(r));
        }
        let mut numeric = Vec::with_capacity(k * p);
        for _ in 0..k {
            for j in 0..p {
                numeric.push(meanx[j] + rng.normal() * stdx[j]);
            }
        }
        let cent = Centroids { k, numeric, categorical };
        assign(trial, &cent, gamma, &mut trial_labels, false);
        if cluster_sizes(&trial_labels, k).iter().all(|&s| s > 0) {
            break cent;
        }
        if tries == MAX_INIT_TRIES {
            use_random = true;
        }
        if tries >= RAISE_INIT_TRIES {
            break rows_as_centroids(trial, &spread_rows(trial, k, gamma, &mut rng), k);
        }
    };
    if std::ptr::eq(trial, data) {
        // The tries were passes over all rows; the last one's assignment is the start's
        // unless the run starts from spread-out rows.
        let assigned = (tries < RAISE_INIT_TRIES).then_some(trial_labels);
        start_and_iterate(data, config, gamma, cent, assigned, tries, tracker)
    } else {
        drop(trial_labels);
        start_and_iterate(data, config, gamma, cent, None, 0, tracker)
    }
}

/// Centroids equal to the given rows; when there are fewer than `k` rows the first is
/// repeated (the clusters it leaves empty are then filled from far rows).
fn rows_as_centroids(data: &MixedData, rows: &[usize], k: usize) -> Centroids {
    let mut cent = Centroids { k, numeric: Vec::new(), categorical: Vec::new() };
    for c in 0..k {
        let r = rows.get(c).or(rows.first()).copied().unwrap_or(0);
        cent.numeric.extend_from_slice(data.numeric_row(r));
        cent.categorical.extend_from_slice(data.categorical_row(r));
    }
    cent
}

/// Assigns every row to its nearest starting centroid (unless `assigned` is that
/// assignment already), fills empty clusters, sets the centroids to their clusters' means
/// and modes, and iterates (steps 2–6 of the module documentation). `passes`: passes over
/// all rows made before.
fn start_and_iterate(
    data: &MixedData,
    config: &KPrototypesConfig,
    gamma: f64,
    mut cent: Centroids,
    assigned: Option<Vec<u32>>,
    mut passes: usize,
    tracker: &Tracker<'_>,
) -> Run {
    let k = config.k;
    let mut labels = assigned.unwrap_or_else(|| {
        let mut labels = vec![u32::MAX; data.rows];
        assign(data, &cent, gamma, &mut labels, false);
        passes += 1;
        labels
    });
    let mut sizes = cluster_sizes(&labels, k);
    if sizes.contains(&0) {
        passes += sizes.iter().filter(|&&s| s == 0).count();
        fill_empty(data, &mut cent, gamma, &mut labels, &mut sizes);
    }
    update_centroids(data, &labels, &mut cent, &sizes);
    tracker.advance(1);

    let mut history = Vec::new();
    let mut converged = false;
    let mut iterations = 0;
    let mut cost = f64::INFINITY;
    while iterations < config.max_iter {
        iterations += 1;
        let (c, moves) = assign(data, &cent, gamma, &mut labels, true);
        passes += 1;
        cost = c;
        history.push(c);
        tracker.advance(1);
        if moves == 0 {
            // Lloyd-stable. Hartigan moves may still lower the cost; if none does, done.
            if !config.refine || iterations >= config.max_iter {
                converged = true;
                break;
            }
            iterations += 1;
            let moved = hartigan_pass(data, &mut labels, k, gamma);
            passes += 1;
            tracker.advance(1);
            if moved == 0 {
                converged = true;
                break;
            }
            let sizes = cluster_sizes(&labels, k);
            update_centroids(data, &labels, &mut cent, &sizes);
            continue;
        }
        let mut sizes = cluster_sizes(&labels, k);
        if sizes.contains(&0) {
            passes += sizes.iter().filter(|&&s| s == 0).count();
            fill_empty(data, &mut cent, gamma, &mut labels, &mut sizes);
        }
        update_centroids(data, &labels, &mut cent, &sizes);
    }
    if !converged {
        // Centroids moved after the last pass: the final labels and cost are those of the
        // nearest centroids (kmodes' `labels_cost`).
        let (c, _) = assign(data, &cent, gamma, &mut labels, true);
        passes += 1;
        cost = c;
        history.push(c);
    }
    tracker.advance((config.max_iter - iterations) as u64);
    Run { centroids: cent, labels, cost, iterations, converged, history, passes }
}

/// One run on all rows of `data` from the given centroids (no restarts): the rows go to
/// their nearest centroid and the run iterates as any other (steps 2–6 of the module
/// documentation). `start` must have `config.k` clusters of `data`'s columns.
pub(crate) fn fit_from_tracked(
    data: &MixedData,
    config: &KPrototypesConfig,
    start: &Centroids,
    tracker: &Tracker<'_>,
) -> Result<KPrototypesFit, KPrototypesError> {
    let gamma = validate(data, config)?;
    if start.k != config.k
        || start.numeric.len() != config.k * data.p()
        || start.categorical.len() != config.k * data.q()
    {
        return Err(KPrototypesError::InvalidConfig(format!(
            "starting centroids: {} clusters of {} numeric and {} categorical values do not \
             match k = {} and the data's {} numeric and {} categorical columns",
            start.k,
            start.numeric.len() / start.k.max(1),
            start.categorical.len() / start.k.max(1),
            config.k,
            data.p(),
            data.q()
        )));
    }
    let run = start_and_iterate(data, config, gamma, start.clone(), None, 0, tracker);
    Ok(into_fit(config, gamma, vec![run], 0))
}

/// Checks the settings and the data against them; returns γ.
pub(crate) fn validate(
    data: &MixedData,
    config: &KPrototypesConfig,
) -> Result<f64, KPrototypesError> {
    if config.k == 0 {
        return Err(KPrototypesError::ZeroK);
    }
    if config.n_init == 0 {
        return Err(KPrototypesError::InvalidConfig("n_init must be at least 1".into()));
    }
    let gamma = config.gamma.unwrap_or_else(|| data.default_gamma());
    if !gamma.is_finite() || gamma < 0.0 {
        return Err(KPrototypesError::InvalidConfig(format!(
            "gamma must be finite and non-negative, got {gamma}"
        )));
    }
    if data.rows < config.k {
        return Err(KPrototypesError::TooFewRows { k: config.k, rows: data.rows });
    }
    let distinct = data.distinct_rows(config.k);
    if distinct < config.k {
        return Err(KPrototypesError::TooFewDistinctRows { k: config.k, distinct });
    }
    Ok(gamma)
}

/// Clusters the rows into `config.k` groups: the best of `config.n_init` runs by cost.
///
/// `progress` is called with `(done, total)` after every assignment pass of any run.
pub fn fit(
    data: &MixedData,
    config: &KPrototypesConfig,
    progress: Option<Progress<'_>>,
) -> Result<KPrototypesFit, KPrototypesError> {
    let tracker = Tracker::new(progress, fit_units(config));
    fit_tracked(data, config, &tracker)
}

pub(crate) fn fit_tracked(
    data: &MixedData,
    config: &KPrototypesConfig,
    tracker: &Tracker<'_>,
) -> Result<KPrototypesFit, KPrototypesError> {
    let gamma = validate(data, config)?;
    let cao = match config.init {
        Init::Cao => cao_init_rows(data, config.k),
        Init::Random => Vec::new(),
    };
    let trial_rows = sample_rows(data.rows, TRIAL_ROWS, config.seed);
    let trial_data;
    let trial = if trial_rows.len() == data.rows {
        data
    } else {
        trial_data = data.subset(&trial_rows);
        &trial_data
    };
    let seeds = restart_seeds(config.seed, config.n_init);
    let runs: Vec<Run> =
        seeds.par_iter().map(|&s| run_once(data, trial, config, gamma, &cao, s, tracker)).collect();
    let run_costs: Vec<f64> = runs.iter().map(|r| r.cost).collect();
    let best_run = argmin_first(&run_costs);
    Ok(into_fit(config, gamma, runs, best_run))
}

/// The fit made of the best of the runs.
fn into_fit(
    config: &KPrototypesConfig,
    gamma: f64,
    runs: Vec<Run>,
    best_run: usize,
) -> KPrototypesFit {
    let run_costs: Vec<f64> = runs.iter().map(|r| r.cost).collect();
    let passes = runs.iter().map(|r| r.passes).sum();
    let best = runs.into_iter().nth(best_run).expect("at least one run");
    let sizes = cluster_sizes(&best.labels, config.k);
    KPrototypesFit {
        k: config.k,
        labels: best.labels,
        cost: best.cost,
        iterations: best.iterations,
        converged: best.converged,
        sizes,
        gamma,
        centroids: best.centroids,
        cost_history: best.history,
        best_run,
        run_costs,
        passes,
    }
}

pub(super) fn argmin_first(v: &[f64]) -> usize {
    let mut best = 0;
    for (i, &x) in v.iter().enumerate() {
        if x < v[best] {
            best = i;
        }
    }
    best
}

/// Nearest-centroid labels and their total cost (`kmodes`' `labels_cost`; first cluster on
/// a tie).
pub fn labels_cost(data: &MixedData, centroids: &Centroids, gamma: f64) -> (Vec<u32>, f64) {
    let mut labels = vec![u32::MAX; data.rows];
    let (cost, _) = assign(data, centroids, gamma, &mut labels, false);
    (labels, cost)
}

/// The cost of a given partition with its own centroids (means and modes, smallest code on a
/// tie): Σ over rows of the dissimilarity to the centroid of the row's own cluster. For a
/// partition where every row is nearest to its own centroid this equals `kmodes`' `cost_`.
///
/// # Panics
/// When `labels` has the wrong length or a label is `>= k`.
pub fn partition_cost(data: &MixedData, labels: &[u32], k: usize, gamma: f64) -> f64 {
    assert_eq!(labels.len(), data.rows, "one label per row");
    let sizes = cluster_sizes(labels, k);
    let mut cent =
        Centroids { k, numeric: vec![0.0; k * data.p()], categorical: vec![0; k * data.q()] };
    update_centroids(data, labels, &mut cent, &sizes);
    let parts: Vec<f64> = labels
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(ci, block)| {
            block
                .iter()
                .enumerate()
                .map(|(o, &l)| {
                    data.dist(
                        ci * CHUNK + o,
                        cent.numeric(l as usize),
                        cent.categorical(l as usize),
                        gamma,
                    )
                })
                .sum::<f64>()
        })
        .collect();
    parts.iter().sum()
}

/// The k-prototypes dissimilarity between two prepared rows (squared Euclidean on the
/// z-scores + γ · categorical mismatches).
pub fn row_dissimilarity(data: &MixedData, a: usize, b: usize, gamma: f64) -> f64 {
    dissim(
        data.numeric_row(a),
        data.categorical_row(a),
        data.numeric_row(b),
        data.categorical_row(b),
        gamma,
    )
}
