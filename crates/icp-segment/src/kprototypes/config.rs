//! The settings of a fit, the centroids and the fitted result, and progress reporting.

use std::sync::atomic::{AtomicU64, Ordering};

/// How the categorical part of the centroids is initialised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Init {
    /// Cao et al. (2009), as `kmodes`' `init='Cao'` (deterministic; the numeric part is random).
    #[default]
    Cao,
    /// k distinct random rows.
    Random,
}

/// Settings of [`fit`](super::fit).
#[derive(Debug, Clone, PartialEq)]
pub struct KPrototypesConfig {
    /// Number of clusters.
    pub k: usize,
    /// Runs from different random numeric centroids; the lowest cost is kept (default 10).
    pub n_init: usize,
    /// Maximum assignment passes per run (default 100).
    pub max_iter: usize,
    /// Weight of one categorical mismatch; `None` = `kmodes`' rule ([`MixedData::default_gamma`](super::MixedData::default_gamma)).
    pub gamma: Option<f64>,
    /// Initialisation (default Cao).
    pub init: Init,
    /// Seed of the random draws (default 42).
    pub seed: u64,
    /// Whether a Lloyd-stable partition is refined by Hartigan passes (default `true`; see
    /// step 6 in the module documentation). `false` gives plain Lloyd iterations.
    pub refine: bool,
}

impl KPrototypesConfig {
    /// The defaults (`kmodes`' `KPrototypes(n_clusters=k)`): 10 runs, 100 passes, Cao, γ by rule.
    pub fn new(k: usize) -> Self {
        KPrototypesConfig {
            k,
            n_init: 10,
            max_iter: 100,
            gamma: None,
            init: Init::Cao,
            seed: 42,
            refine: true,
        }
    }
}

/// Cluster centres: numeric part in z-scores, categorical part in internal codes.
#[derive(Debug, Clone, PartialEq)]
pub struct Centroids {
    /// Number of clusters.
    pub k: usize,
    /// `k × p`, row by row.
    pub numeric: Vec<f64>,
    /// `k × q`, row by row.
    pub categorical: Vec<u32>,
}

impl Centroids {
    /// The numeric part of cluster `c` (z-scores).
    pub fn numeric(&self, c: usize) -> &[f64] {
        let p = self.numeric.len() / self.k;
        &self.numeric[c * p..(c + 1) * p]
    }

    /// The categorical part of cluster `c` (internal codes; see [`CategoricalInfo::labels`](super::CategoricalInfo::labels)).
    pub fn categorical(&self, c: usize) -> &[u32] {
        let q = self.categorical.len() / self.k;
        &self.categorical[c * q..(c + 1) * q]
    }
}

/// The result of [`fit`](super::fit): the best of the runs.
#[derive(Debug, Clone, PartialEq)]
pub struct KPrototypesFit {
    /// Number of clusters.
    pub k: usize,
    /// Cluster of every row (`0..k`).
    pub labels: Vec<u32>,
    /// Final cost (`kmodes`' `cost_`): Σ over rows of the dissimilarity to the nearest centroid.
    pub cost: f64,
    /// Assignment passes of the best run.
    pub iterations: usize,
    /// Whether the best run stopped because no row moved (not because of `max_iter`).
    pub converged: bool,
    /// Rows per cluster.
    pub sizes: Vec<usize>,
    /// The γ used.
    pub gamma: f64,
    /// The centres.
    pub centroids: Centroids,
    /// The best run's cost after each assignment pass (non-increasing).
    pub cost_history: Vec<f64>,
    /// Index of the best run.
    pub best_run: usize,
    /// Final cost of every run.
    pub run_costs: Vec<f64>,
    /// Passes over all rows made by all runs together (assignments, Hartigan passes,
    /// empty-cluster fills, and initialisation tries when they were checked on all rows):
    /// what the fit's time grows with.
    pub passes: usize,
}

/// Progress callback: `(done, total)` in abstract work units; `done` only grows and reaches
/// `total` at the end. Called from worker threads.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// Shares one progress counter among parallel runs (and among the fits of a k search).
pub(crate) struct Tracker<'a> {
    pub(super) callback: Option<Progress<'a>>,
    pub(super) done: AtomicU64,
    pub(super) total: u64,
}

impl<'a> Tracker<'a> {
    pub(crate) fn new(callback: Option<Progress<'a>>, total: u64) -> Self {
        Tracker { callback, done: AtomicU64::new(0), total }
    }

    pub(crate) fn advance(&self, by: u64) {
        if by == 0 {
            return;
        }
        let done = self.done.fetch_add(by, Ordering::Relaxed) + by;
        if let Some(cb) = self.callback {
            cb(done.min(self.total), self.total);
        }
    }
}

/// Work units of one [`fit`] (for a combined progress bar).
pub(crate) fn fit_units(config: &KPrototypesConfig) -> u64 {
    config.n_init.max(1) as u64 * run_units(config)
}

/// Work units of one run (of a fit from given centroids).
pub(crate) fn run_units(config: &KPrototypesConfig) -> u64 {
    config.max_iter as u64 + 1
}
