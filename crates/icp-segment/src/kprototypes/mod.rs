//! k-prototypes clustering (Huang 1998) of mixed numeric and categorical data.
//!
//! The cost, the default γ and the Cao initialisation follow the Python `kmodes` package
//! (0.12.2, `kmodes/kprototypes.py`, `util/init_methods.py`), so that costs can be compared
//! one to one:
//!
//! ```text
//! cost = Σ_clusters Σ_points-in-cluster [ Σ_numeric (x − mean)² + γ · #(categorical mismatches with the mode) ]
//! ```
//!
//! # Preparation ([`MixedData`])
//!
//! - **Numeric columns** (numbers, dates as days, datetimes as seconds) are z-scored with the
//!   mean and the *population* standard deviation (ddof = 0, as `numpy.std`) of their
//!   non-missing values. A **missing numeric value becomes 0 after standardisation**, i.e. the
//!   column mean: it pulls no cluster either way. A constant column becomes all zeros (it
//!   then adds nothing to any distance). A column whose every value is missing is an error
//!   ([`KPrototypesError::AllMissing`] names it so that the caller can drop it).
//! - **Categorical columns** (categories, booleans) keep their codes; **a missing value is a
//!   category of its own** ("(missing)"): two rows that both lack the value match, a missing
//!   and a present value mismatch. Codes are re-numbered internally in ascending order of the
//!   caller's codes with the missing category last, which is the order `kmodes` gives them
//!   (`np.unique`), so mode ties are broken the same way (the smallest code wins).
//!
//! # γ
//!
//! The default is `kmodes`' rule, computed on the prepared numeric columns:
//! `γ = 0.5 · mean over numeric columns of their population standard deviation`. After
//! z-scoring that is exactly 0.5 when nothing is missing, a little less when values were
//! imputed (an imputed column's deviation is √(present share)), and lower still for constant
//! columns (deviation 0). With no numeric column at all (pure k-modes) γ = 1.
//!
//! # Algorithm
//!
//! Each of `n_init` runs:
//! 1. **Initialisation as `kmodes`**: the categorical part of the centroids by Cao et al.
//!    (2009), which is deterministic ([`cao_init_rows`]): density of a row = mean over
//!    categorical columns of the relative frequency of its value; the first centroid is the
//!    densest row, each next one maximises min over chosen centroids of
//!    (density · mismatches). The numeric part is drawn at random for each run as
//!    `column mean + N(0, 1) · column deviation`. Every row goes to its nearest centroid; if
//!    a cluster stays empty the numeric part is drawn again (after 20 tries the categorical
//!    part is taken from random distinct rows instead, as `kmodes` switches to `'random'`;
//!    after 100 tries — data made mostly of identical rows, where random centres always leave
//!    one empty — the run starts from k distinct rows spread out by k-means++ seeding instead
//!    of failing as `kmodes` does). Tries are checked on a seeded sample of at most 10,000
//!    rows (all rows when there are no more, so small data starts exactly as `kmodes`): a try
//!    that leaves no cluster of the sample empty leaves none empty on all rows, and the
//!    start-up costs one pass over all rows whatever the number of tries
//!    ([`KPrototypesFit::passes`] counts them). Centroids are then set to the means and
//!    modes of their clusters.
//! 2. **Assignment** (in parallel, rayon): every row to its nearest centroid; a row stays
//!    where it is on a tie, so the cost strictly decreases while rows move.
//! 3. **Empty clusters** are re-seeded with the row farthest from its centroid (taken from a
//!    cluster of at least two rows), which can only lower the cost.
//! 4. **Update**: numeric centroid = mean, categorical centroid = mode (smallest code on a
//!    tie).
//! 5. Repeat 2–4 until no row moves (the partition is Lloyd-stable).
//! 6. **Refinement** ([`KPrototypesConfig::refine`], default on): one Hartigan pass:
//!    every row in turn moves to the cluster that lowers the total cost most, counting that
//!    its old cluster's mean and mode lose it and the new one's gain it (exact change: the
//!    numeric part by Hartigan & Wong's n/(n ∓ 1)·‖x − mean‖², the categorical part from the
//!    level counts). If any row moved, back to 4; otherwise the run has **converged: no row
//!    moves** under either rule. Every assignment or Hartigan pass counts as one of the
//!    `max_iter` iterations.
//!
//! Steps 2–5 are Lloyd's batch form; `kmodes` moves rows one at a time and updates the two
//! centroids concerned at once (MacQueen's form), and both only lower the same cost. A
//! Lloyd-stable partition can still be improved by such single moves; the Hartigan pass
//! takes them, so icp's local optima are at least as good as plain Lloyd's (on the
//! benchmark data it reaches `kmodes`' cost or a lower one). The cost is never higher after
//! a pass than before it ([`KPrototypesFit::cost_history`]). The run with the lowest final
//! cost is kept (the first one on a tie). Everything is seeded ([`KPrototypesConfig::seed`],
//! splitmix64 and xoshiro256++ from `rand_xoshiro`) and every floating-point sum is taken in
//! a fixed order, so a rerun gives the same clusters whatever the number of threads.
//!
//! Parallelism: the runs go in parallel (rayon), and so do the assignment, the centroid
//! update and the Cao initialisation inside a run; a Hartigan pass is sequential.
//! [`fit`] takes a progress callback for a progress bar (1 M rows × 20 columns, k = 5,
//! 10 runs: about 6 s on 2 cores).
//!
//! On millions of rows, [`fit_sampled`] makes the restarts on a sample and one run on all
//! rows from the best sample run's centroids (a few passes over all rows instead of
//! `n_init` runs of tens of passes).

//!
//! # Where the code is
//!
//! The prepared input and the distance (`data.rs`), settings and results (`config.rs`), the
//! seeded generator (`rng.rs`), initialisation (`init.rs`), the iterations and runs
//! (`fit.rs`), the Hartigan refinement (`refine.rs`), the restarts on a sample for large data
//! (`sampled.rs`), assigning new records
//! to fitted clusters (`predict.rs`), the adjusted Rand index
//! (`agreement.rs`), cluster descriptions (`describe.rs`), errors (`error.rs`). Choosing k is
//! in [`crate::silhouette`].

mod agreement;
mod config;
mod data;
mod describe;
mod error;
mod fit;
mod init;
mod predict;
mod refine;
mod rng;
mod sampled;

pub use agreement::adjusted_rand_index;
pub use config::{Centroids, Init, KPrototypesConfig, KPrototypesFit, Progress};
pub(crate) use config::{Tracker, fit_units, run_units};
pub use data::{CategoricalInfo, InputColumn, MISSING_LABEL, MixedData, NumericInfo};
pub use describe::{
    ClusterDescription, DescribeOptions, Distinction, DistinctionDetail, describe_clusters,
};
pub use error::KPrototypesError;
pub(crate) use fit::fit_tracked;
pub use fit::{fit, labels_cost, partition_cost, row_dissimilarity};
pub use init::cao_init_rows;
pub(crate) use rng::Rng;
pub use sampled::fit_sampled;
pub(crate) use sampled::refit_tracked;

#[cfg(test)]
pub(crate) mod tests;
