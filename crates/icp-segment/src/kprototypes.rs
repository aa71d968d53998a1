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
//!    after 100 tries empty clusters are filled as in step 3 instead of failing).
//!    Centroids are then set to the means and modes of their clusters.
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
//! own splitmix64/xoshiro256++) and every floating-point sum is taken in a fixed order, so a
//! rerun gives the same clusters whatever the number of threads.
//!
//! Parallelism: the runs go in parallel (rayon), and so do the assignment, the centroid
//! update and the Cao initialisation inside a run; a Hartigan pass is sequential.
//! [`fit`] takes a progress callback for a progress bar (1 M rows × 20 columns, k = 5,
//! 10 runs: about 6 s on 2 cores).

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use icp_frame::{ColumnData, Frame, MISSING_BOOL, MISSING_CODE, MISSING_DATE, MISSING_DATETIME};
use rayon::prelude::*;
use thiserror::Error;

/// Rows per parallel work item. Fixed (not derived from the thread count), so that partial
/// sums are always added in the same order and results do not depend on the machine.
const CHUNK: usize = 4096;
/// Initialisation tries (with fresh numeric draws) before the categorical part of the
/// centroids is taken from random rows instead of Cao's rows (`kmodes`' `MAX_INIT_TRIES`).
const MAX_INIT_TRIES: usize = 20;
/// Initialisation tries after which empty clusters are filled from far rows (`kmodes`
/// raises an error there: `RAISE_INIT_TRIES`).
const RAISE_INIT_TRIES: usize = 100;
/// The label of the category that stands for a missing categorical value.
pub const MISSING_LABEL: &str = "(missing)";

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// Why a clustering could not be computed.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum KPrototypesError {
    /// No column was given.
    #[error("no columns to cluster on")]
    NoColumns,
    /// Columns whose every value is missing.
    #[error(
        "{} entirely missing; drop {} from the clustering",
        match columns.as_slice() {
            [one] => format!("column `{one}` is"),
            many => format!("columns {} are", quoted_list(many)),
        },
        if columns.len() == 1 { "it" } else { "them" }
    )]
    AllMissing {
        /// The columns to drop.
        columns: Vec<String>,
    },
    /// A column of a kind that has no distance (free text, identifiers, tags).
    #[error(
        "column `{column}` is {kind}, which cannot be clustered; use numbers, dates, booleans or categories"
    )]
    UnsupportedColumn {
        /// The column.
        column: String,
        /// Its kind.
        kind: String,
    },
    /// A requested column is not in the frame.
    #[error("no column `{0}`")]
    UnknownColumn(String),
    /// Columns of different lengths.
    #[error("column `{column}` has {len} rows but `{first}` has {expected}")]
    LengthMismatch {
        /// The offending column.
        column: String,
        /// Its length.
        len: usize,
        /// The first column.
        first: String,
        /// The first column's length.
        expected: usize,
    },
    /// An infinite numeric value.
    #[error("column `{column}` has an infinite value in row {row}")]
    NonFinite {
        /// The column.
        column: String,
        /// The (0-based) row.
        row: usize,
    },
    /// k = 0.
    #[error("k must be at least 1")]
    ZeroK,
    /// Fewer rows than clusters.
    #[error("k = {k} but only {rows} rows")]
    TooFewRows {
        /// Requested clusters.
        k: usize,
        /// Rows.
        rows: usize,
    },
    /// Fewer distinct rows (after preparation) than clusters.
    #[error("k = {k} but only {distinct} distinct rows")]
    TooFewDistinctRows {
        /// Requested clusters.
        k: usize,
        /// Distinct rows.
        distinct: usize,
    },
    /// A setting out of range.
    #[error("invalid setting: {0}")]
    InvalidConfig(String),
}

fn quoted_list(names: &[String]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

// ---------------------------------------------------------------------------------------------
// Input and preparation
// ---------------------------------------------------------------------------------------------

/// One input column, borrowed from the caller.
#[derive(Debug, Clone, Copy)]
pub enum InputColumn<'a> {
    /// Numbers; `NaN` is missing.
    Numeric {
        /// Column name (used in errors and descriptions).
        name: &'a str,
        /// One value per row.
        values: &'a [f64],
    },
    /// Categorical codes; [`MISSING_CODE`] is missing.
    Categorical {
        /// Column name.
        name: &'a str,
        /// One code per row.
        codes: &'a [u32],
        /// Labels of the codes (`levels[code]`); may be empty, then codes are shown as numbers.
        levels: &'a [String],
    },
}

impl InputColumn<'_> {
    fn name(&self) -> &str {
        match self {
            InputColumn::Numeric { name, .. } | InputColumn::Categorical { name, .. } => name,
        }
    }

    fn len(&self) -> usize {
        match self {
            InputColumn::Numeric { values, .. } => values.len(),
            InputColumn::Categorical { codes, .. } => codes.len(),
        }
    }
}

/// A prepared numeric column.
#[derive(Debug, Clone, PartialEq)]
pub struct NumericInfo {
    /// Column name.
    pub name: String,
    /// Mean of the present raw values.
    pub mean: f64,
    /// Population standard deviation of the present raw values (0 for a constant column).
    pub std: f64,
    /// Missing values (imputed with the mean).
    pub missing: usize,
    /// Population standard deviation of the prepared (z-scored, imputed) column: what
    /// `kmodes`' γ rule averages.
    pub prepared_std: f64,
}

/// A prepared categorical column.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoricalInfo {
    /// Column name.
    pub name: String,
    /// Labels of the internal codes `0..labels.len()`; the missing category, if any, is last
    /// and labelled [`MISSING_LABEL`].
    pub labels: Vec<String>,
    /// Internal code of the missing category, if the column has missing values.
    pub missing_code: Option<u32>,
    /// Missing values.
    pub missing: usize,
}

/// Mixed data ready for clustering: z-scored numeric columns and re-coded categorical
/// columns, both stored row by row.
#[derive(Debug, Clone)]
pub struct MixedData {
    rows: usize,
    /// `rows × p`, z-scores, missing = 0.
    num: Vec<f64>,
    /// `rows × q`, internal codes.
    cat: Vec<u32>,
    numeric: Vec<NumericInfo>,
    categorical: Vec<CategoricalInfo>,
    /// Per numeric column: `true` where the raw value was missing (empty if none was).
    num_missing: Vec<Vec<bool>>,
}

impl MixedData {
    /// Prepares columns (see the module documentation for standardisation and missing values).
    pub fn new(columns: &[InputColumn<'_>]) -> Result<Self, KPrototypesError> {
        let first = columns.first().ok_or(KPrototypesError::NoColumns)?;
        let rows = first.len();
        for c in columns {
            if c.len() != rows {
                return Err(KPrototypesError::LengthMismatch {
                    column: c.name().to_string(),
                    len: c.len(),
                    first: first.name().to_string(),
                    expected: rows,
                });
            }
        }
        let mut all_missing = Vec::new();
        for c in columns {
            let empty = match c {
                InputColumn::Numeric { values, .. } => values.iter().all(|v| v.is_nan()),
                InputColumn::Categorical { codes, .. } => codes.iter().all(|&c| c == MISSING_CODE),
            };
            if empty {
                all_missing.push(c.name().to_string());
            }
        }
        if !all_missing.is_empty() {
            return Err(KPrototypesError::AllMissing { columns: all_missing });
        }

        let numeric_cols: Vec<_> = columns
            .iter()
            .filter_map(|c| match c {
                InputColumn::Numeric { name, values } => Some((*name, *values)),
                InputColumn::Categorical { .. } => None,
            })
            .collect();
        let categorical_cols: Vec<_> = columns
            .iter()
            .filter_map(|c| match c {
                InputColumn::Categorical { name, codes, levels } => Some((*name, *codes, *levels)),
                InputColumn::Numeric { .. } => None,
            })
            .collect();

        // Numeric: z-scores, column by column (in parallel), then interleaved row by row.
        let prepared: Vec<Result<PreparedNumeric, KPrototypesError>> =
            numeric_cols.par_iter().map(|&(name, values)| prepare_numeric(name, values)).collect();
        let mut numeric = Vec::with_capacity(prepared.len());
        let mut zcols = Vec::with_capacity(prepared.len());
        let mut num_missing = Vec::with_capacity(prepared.len());
        for p in prepared {
            let (z, info, miss) = p?;
            zcols.push(z);
            numeric.push(info);
            num_missing.push(miss);
        }
        let p = zcols.len();
        let mut num = vec![0.0; rows * p];
        if p > 0 {
            num.par_chunks_mut(p * CHUNK).enumerate().for_each(|(ci, block)| {
                let start = ci * CHUNK;
                for (o, row) in block.chunks_mut(p).enumerate() {
                    for (j, z) in zcols.iter().enumerate() {
                        row[j] = z[start + o];
                    }
                }
            });
        }
        drop(zcols);

        // Categorical: re-code, then interleave.
        let recoded: Vec<(Vec<u32>, CategoricalInfo)> = categorical_cols
            .par_iter()
            .map(|&(name, codes, levels)| prepare_categorical(name, codes, levels))
            .collect();
        let q = recoded.len();
        let mut cat = vec![0u32; rows * q];
        if q > 0 {
            cat.par_chunks_mut(q * CHUNK).enumerate().for_each(|(ci, block)| {
                let start = ci * CHUNK;
                for (o, row) in block.chunks_mut(q).enumerate() {
                    for (j, (codes, _)) in recoded.iter().enumerate() {
                        row[j] = codes[start + o];
                    }
                }
            });
        }
        let categorical = recoded.into_iter().map(|(_, info)| info).collect();
        Ok(MixedData { rows, num, cat, numeric, categorical, num_missing })
    }

    /// Prepares the named columns of a frame: numbers, dates (days) and datetimes (seconds)
    /// are numeric; categories and booleans are categorical; tags, text and identifiers are
    /// refused.
    pub fn from_frame(frame: &Frame, columns: &[&str]) -> Result<Self, KPrototypesError> {
        // Converted copies for the kinds that are not stored as f64 / u32 codes.
        enum Owned {
            Num(Vec<f64>),
            Cat(Vec<u32>, Vec<String>),
            BorrowNum(usize),
            BorrowCat(usize),
        }
        let mut owned = Vec::with_capacity(columns.len());
        for &name in columns {
            let idx =
                frame.index_of(name).ok_or_else(|| KPrototypesError::UnknownColumn(name.into()))?;
            let col = &frame.columns()[idx];
            owned.push(match &col.data {
                ColumnData::Number(_) => Owned::BorrowNum(idx),
                ColumnData::Cat { .. } => Owned::BorrowCat(idx),
                ColumnData::Date(d) => Owned::Num(
                    d.iter()
                        .map(|&v| if v == MISSING_DATE { f64::NAN } else { v as f64 })
                        .collect(),
                ),
                ColumnData::DateTime(d) => Owned::Num(
                    d.iter()
                        .map(|&v| if v == MISSING_DATETIME { f64::NAN } else { v as f64 })
                        .collect(),
                ),
                ColumnData::Bool(b) => Owned::Cat(
                    b.iter()
                        .map(|&v| if v == MISSING_BOOL { MISSING_CODE } else { v as u32 })
                        .collect(),
                    vec!["false".to_string(), "true".to_string()],
                ),
                ColumnData::Tags(_) | ColumnData::Str(_) => {
                    return Err(KPrototypesError::UnsupportedColumn {
                        column: name.to_string(),
                        kind: col.kind.to_string(),
                    });
                }
            });
        }
        let inputs: Vec<InputColumn<'_>> = owned
            .iter()
            .zip(columns)
            .map(|(o, &name)| match o {
                Owned::Num(values) => InputColumn::Numeric { name, values },
                Owned::Cat(codes, levels) => InputColumn::Categorical { name, codes, levels },
                Owned::BorrowNum(idx) => match &frame.columns()[*idx].data {
                    ColumnData::Number(values) => InputColumn::Numeric { name, values },
                    _ => unreachable!("checked above"),
                },
                Owned::BorrowCat(idx) => match &frame.columns()[*idx].data {
                    ColumnData::Cat { codes, levels } => {
                        InputColumn::Categorical { name, codes, levels }
                    }
                    _ => unreachable!("checked above"),
                },
            })
            .collect();
        MixedData::new(&inputs)
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The numeric columns, in input order.
    pub fn numeric_columns(&self) -> &[NumericInfo] {
        &self.numeric
    }

    /// The categorical columns, in input order.
    pub fn categorical_columns(&self) -> &[CategoricalInfo] {
        &self.categorical
    }

    /// The prepared numeric values of a row (z-scores, missing = 0).
    pub fn numeric_row(&self, row: usize) -> &[f64] {
        let p = self.numeric.len();
        &self.num[row * p..(row + 1) * p]
    }

    /// The internal categorical codes of a row.
    pub fn categorical_row(&self, row: usize) -> &[u32] {
        let q = self.categorical.len();
        &self.cat[row * q..(row + 1) * q]
    }

    /// `kmodes`' default γ: 0.5 × the mean population deviation of the prepared numeric
    /// columns (0.5 after z-scoring when nothing is missing); 1 without numeric columns.
    pub fn default_gamma(&self) -> f64 {
        if self.numeric.is_empty() {
            return 1.0;
        }
        0.5 * (self.numeric.iter().map(|c| c.prepared_std).sum::<f64>() / self.numeric.len() as f64)
    }

    /// The number of distinct prepared rows, counting no further than `limit`.
    pub fn distinct_rows(&self, limit: usize) -> usize {
        let mut seen: HashMap<u64, Vec<usize>> = HashMap::new();
        let mut count = 0;
        for i in 0..self.rows {
            if count >= limit {
                break;
            }
            let mut h = DefaultHasher::new();
            for v in self.numeric_row(i) {
                (v + 0.0).to_bits().hash(&mut h);
            }
            self.categorical_row(i).hash(&mut h);
            let bucket = seen.entry(h.finish()).or_default();
            if !bucket.iter().any(|&r| self.same_row(r, i)) {
                bucket.push(i);
                count += 1;
            }
        }
        count
    }

    fn same_row(&self, a: usize, b: usize) -> bool {
        self.categorical_row(a) == self.categorical_row(b)
            && self.numeric_row(a).iter().zip(self.numeric_row(b)).all(|(x, y)| x == y)
    }

    fn p(&self) -> usize {
        self.numeric.len()
    }

    fn q(&self) -> usize {
        self.categorical.len()
    }

    /// The dissimilarity between a row and a centroid.
    #[inline]
    fn dist(&self, row: usize, cn: &[f64], cc: &[u32], gamma: f64) -> f64 {
        dissim(self.numeric_row(row), self.categorical_row(row), cn, cc, gamma)
    }
}

/// k-prototypes dissimilarity: squared Euclidean + γ · mismatches.
#[inline]
fn dissim(xn: &[f64], xc: &[u32], cn: &[f64], cc: &[u32], gamma: f64) -> f64 {
    let mut num = 0.0;
    for (a, b) in xn.iter().zip(cn) {
        let d = a - b;
        num += d * d;
    }
    let mismatches = xc.iter().zip(cc).filter(|(a, b)| a != b).count();
    num + gamma * mismatches as f64
}

type PreparedNumeric = (Vec<f64>, NumericInfo, Vec<bool>);

fn prepare_numeric(name: &str, values: &[f64]) -> Result<PreparedNumeric, KPrototypesError> {
    let mut present = 0usize;
    let mut sum = 0.0;
    for (row, &v) in values.iter().enumerate() {
        if v.is_nan() {
            continue;
        }
        if v.is_infinite() {
            return Err(KPrototypesError::NonFinite { column: name.to_string(), row });
        }
        present += 1;
        sum += v;
    }
    let mean = sum / present as f64;
    let var = values.iter().filter(|v| !v.is_nan()).map(|v| (v - mean) * (v - mean)).sum::<f64>()
        / present as f64;
    let std = var.sqrt();
    let missing = values.len() - present;
    let z: Vec<f64> = values
        .iter()
        .map(|&v| if v.is_nan() || std == 0.0 { 0.0 } else { (v - mean) / std })
        .collect();
    let zmean = z.iter().sum::<f64>() / z.len() as f64;
    let prepared_std =
        (z.iter().map(|v| (v - zmean) * (v - zmean)).sum::<f64>() / z.len() as f64).sqrt();
    let miss = if missing > 0 { values.iter().map(|v| v.is_nan()).collect() } else { Vec::new() };
    Ok((z, NumericInfo { name: name.to_string(), mean, std, missing, prepared_std }, miss))
}

fn prepare_categorical(
    name: &str,
    codes: &[u32],
    levels: &[String],
) -> (Vec<u32>, CategoricalInfo) {
    let mut distinct: Vec<u32> = Vec::new();
    let max = codes.iter().copied().filter(|&c| c != MISSING_CODE).max().unwrap_or(0);
    let mut missing = 0;
    if (max as usize) <= 4 * codes.len() + 1024 {
        let mut seen = vec![false; max as usize + 1];
        for &c in codes {
            if c == MISSING_CODE {
                missing += 1;
            } else {
                seen[c as usize] = true;
            }
        }
        distinct.extend(seen.iter().enumerate().filter(|(_, s)| **s).map(|(c, _)| c as u32));
    } else {
        distinct.extend(codes.iter().copied().filter(|&c| c != MISSING_CODE));
        missing = codes.len() - distinct.len();
        distinct.sort_unstable();
        distinct.dedup();
    }
    let missing_code = (missing > 0).then_some(distinct.len() as u32);
    let recoded: Vec<u32> = if (max as usize) <= 4 * codes.len() + 1024 {
        let mut map = vec![0u32; max as usize + 1];
        for (new, &old) in distinct.iter().enumerate() {
            map[old as usize] = new as u32;
        }
        codes
            .iter()
            .map(|&c| if c == MISSING_CODE { distinct.len() as u32 } else { map[c as usize] })
            .collect()
    } else {
        let map: HashMap<u32, u32> =
            distinct.iter().enumerate().map(|(new, &old)| (old, new as u32)).collect();
        codes
            .iter()
            .map(|&c| if c == MISSING_CODE { distinct.len() as u32 } else { map[&c] })
            .collect()
    };
    let mut labels: Vec<String> = distinct
        .iter()
        .map(|&c| levels.get(c as usize).cloned().unwrap_or_else(|| c.to_string()))
        .collect();
    if missing > 0 {
        labels.push(MISSING_LABEL.to_string());
    }
    (recoded, CategoricalInfo { name: name.to_string(), labels, missing_code, missing })
}

// ---------------------------------------------------------------------------------------------
// Configuration and results
// ---------------------------------------------------------------------------------------------

/// How the categorical part of the centroids is initialised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Init {
    /// Cao et al. (2009), as `kmodes`' `init='Cao'` (deterministic; the numeric part is random).
    #[default]
    Cao,
    /// k distinct random rows.
    Random,
}

/// Settings of [`fit`].
#[derive(Debug, Clone, PartialEq)]
pub struct KPrototypesConfig {
    /// Number of clusters.
    pub k: usize,
    /// Runs from different random numeric centroids; the lowest cost is kept (default 10).
    pub n_init: usize,
    /// Maximum assignment passes per run (default 100).
    pub max_iter: usize,
    /// Weight of one categorical mismatch; `None` = `kmodes`' rule ([`MixedData::default_gamma`]).
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

    /// The categorical part of cluster `c` (internal codes; see [`CategoricalInfo::labels`]).
    pub fn categorical(&self, c: usize) -> &[u32] {
        let q = self.categorical.len() / self.k;
        &self.categorical[c * q..(c + 1) * q]
    }
}

/// The result of [`fit`]: the best of the runs.
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
}

/// Progress callback: `(done, total)` in abstract work units; `done` only grows and reaches
/// `total` at the end. Called from worker threads.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// Shares one progress counter among parallel runs (and among the fits of a k search).
pub(crate) struct Tracker<'a> {
    callback: Option<Progress<'a>>,
    done: AtomicU64,
    total: u64,
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
    config.n_init.max(1) as u64 * (config.max_iter as u64 + 1)
}

// ---------------------------------------------------------------------------------------------
// PRNG: splitmix64 seeding xoshiro256++
// ---------------------------------------------------------------------------------------------

/// splitmix64 (Vigna): seeds the generators.
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    pub(crate) fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// xoshiro256++ (Blackman & Vigna).
pub(crate) struct Rng {
    s: [u64; 4],
    spare: Option<f64>,
}

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        let mut sm = SplitMix64::new(seed);
        Rng { s: [sm.next_u64(), sm.next_u64(), sm.next_u64(), sm.next_u64()], spare: None }
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1).
    pub(crate) fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in `0..n` (n > 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Standard normal (Box–Muller).
    pub(crate) fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        let u1 = 1.0 - self.next_f64(); // (0, 1]
        let u2 = self.next_f64();
        let r = (-2.0 * u1.ln()).sqrt();
        let (s, c) = (2.0 * std::f64::consts::PI * u2).sin_cos();
        self.spare = Some(r * s);
        r * c
    }
}

// ---------------------------------------------------------------------------------------------
// Cao initialisation
// ---------------------------------------------------------------------------------------------

/// The rows whose categorical values `kmodes`' `init_cao` picks as the categorical part of
/// the `k` initial centroids (deterministic; on equal scores the first row wins, like
/// `np.argmax`). A row may be picked twice when fewer distinct categorical rows exist.
pub fn cao_init_rows(data: &MixedData, k: usize) -> Vec<usize> {
    let n = data.rows;
    let q = data.q();
    if n == 0 || k == 0 {
        return Vec::new();
    }
    // Frequencies per column (internal codes are dense).
    let freqs: Vec<Vec<u64>> = (0..q)
        .into_par_iter()
        .map(|j| {
            let mut f = vec![0u64; data.categorical[j].labels.len()];
            for i in 0..n {
                f[data.cat[i * q + j] as usize] += 1;
            }
            f
        })
        .collect();
    // dens[i] += freq / n / q, column by column in order: the same float operations as kmodes.
    let (nf, qf) = (n as f64, q as f64);
    let dens: Vec<f64> = (0..n)
        .into_par_iter()
        .with_min_len(CHUNK)
        .map(|i| {
            let mut d = 0.0;
            for (j, f) in freqs.iter().enumerate() {
                d += f[data.cat[i * q + j] as usize] as f64 / nf / qf;
            }
            d
        })
        .collect();
    let mut rows = vec![argmax_first(&dens)];
    let mut mind = vec![f64::INFINITY; n];
    while rows.len() < k {
        let c = data.categorical_row(*rows.last().expect("non-empty")).to_vec();
        mind.par_iter_mut().with_min_len(CHUNK).enumerate().for_each(|(i, m)| {
            let mism = data.categorical_row(i).iter().zip(&c).filter(|(a, b)| a != b).count();
            let v = mism as f64 * dens[i];
            if v < *m {
                *m = v;
            }
        });
        rows.push(argmax_first(&mind));
    }
    rows
}

fn argmax_first(v: &[f64]) -> usize {
    let mut best = 0;
    for (i, &x) in v.iter().enumerate() {
        if x > v[best] {
            best = i;
        }
    }
    best
}

// ---------------------------------------------------------------------------------------------
// The algorithm
// ---------------------------------------------------------------------------------------------

/// Assigns every row to its nearest centroid. With `keep_ties`, a row already in a cluster
/// at the minimal distance stays there; otherwise the first nearest cluster wins (as
/// `np.argmin`). Returns (cost, rows that changed cluster).
fn assign(
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
fn cluster_sizes(labels: &[u32], k: usize) -> Vec<usize> {
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
fn update_centroids(data: &MixedData, labels: &[u32], cent: &mut Centroids, sizes: &[usize]) {
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
fn fill_empty(
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

/// One pass of Hartigan's refinement: every row, in order, moves to the cluster that lowers
/// the partition cost the most (Σ squared deviations from the means + γ · Σ mismatches with
/// the modes), with the exact change — the numeric part by Hartigan & Wong's
/// n/(n ∓ 1)·‖x − mean‖² terms, the categorical part from the level counts (removing a value
/// saves one mismatch unless it is the cluster's unique mode; adding it costs one unless its
/// count reaches the mode's). Means and counts are updated after every move, so the cost
/// strictly decreases with each move; clusters never become empty. Returns the moves.
fn hartigan_pass(data: &MixedData, labels: &mut [u32], k: usize, gamma: f64) -> usize {
    let (p, q) = (data.p(), data.q());
    let mut sizes = cluster_sizes(labels, k);
    let mut sums = vec![0.0; k * p];
    for (i, &l) in labels.iter().enumerate() {
        for (s, x) in sums[l as usize * p..(l as usize + 1) * p].iter_mut().zip(data.numeric_row(i))
        {
            *s += x;
        }
    }
    let mut means = vec![0.0; k * p];
    for c in 0..k {
        for j in 0..p {
            means[c * p + j] = if sizes[c] > 0 { sums[c * p + j] / sizes[c] as f64 } else { 0.0 };
        }
    }
    // counts[offset[j] + c * L_j + level]; the mode's count and how many levels reach it.
    let mut offset = Vec::with_capacity(q);
    let mut total = 0;
    for info in &data.categorical {
        offset.push(total);
        total += k * info.labels.len();
    }
    let mut counts = vec![0u32; total];
    for (i, &l) in labels.iter().enumerate() {
        for (j, &x) in data.categorical_row(i).iter().enumerate() {
            let lj = data.categorical[j].labels.len();
            counts[offset[j] + l as usize * lj + x as usize] += 1;
        }
    }
    let mut top = vec![0u32; k * q];
    let mut ntop = vec![0u32; k * q];
    for j in 0..q {
        let lj = data.categorical[j].labels.len();
        for c in 0..k {
            let row = &counts[offset[j] + c * lj..offset[j] + (c + 1) * lj];
            let m = row.iter().copied().max().unwrap_or(0);
            top[c * q + j] = m;
            ntop[c * q + j] = row.iter().filter(|&&v| v == m).count() as u32;
        }
    }
    let count = |counts: &[u32], c: usize, j: usize, x: u32| {
        counts[offset[j] + c * data.categorical[j].labels.len() + x as usize]
    };
    let sq = |x: &[f64], m: &[f64]| x.iter().zip(m).map(|(a, b)| (a - b) * (a - b)).sum::<f64>();

    let mut moves = 0;
    for (i, label) in labels.iter_mut().enumerate() {
        let a = *label as usize;
        if sizes[a] < 2 {
            continue;
        }
        let (xn, xc) = (data.numeric_row(i), data.categorical_row(i));
        let na = sizes[a] as f64;
        let mut saved = na / (na - 1.0) * sq(xn, &means[a * p..(a + 1) * p]);
        let mut saved_cat = 0usize;
        for (j, &x) in xc.iter().enumerate() {
            let unique_mode = count(&counts, a, j, x) == top[a * q + j] && ntop[a * q + j] == 1;
            saved_cat += usize::from(!unique_mode);
        }
        saved += gamma * saved_cat as f64;
        let mut best = a;
        let mut best_delta = -1e-10 * (1.0 + saved);
        for b in 0..k {
            if b == a {
                continue;
            }
            let nb = sizes[b] as f64;
            let mut added = nb / (nb + 1.0) * sq(xn, &means[b * p..(b + 1) * p]);
            if added - saved >= best_delta {
                continue; // the categorical part only adds
            }
            let added_cat = xc
                .iter()
                .enumerate()
                .filter(|&(j, &x)| count(&counts, b, j, x) < top[b * q + j])
                .count();
            added += gamma * added_cat as f64;
            let delta = added - saved;
            if delta < best_delta {
                best_delta = delta;
                best = b;
            }
        }
        if best == a {
            continue;
        }
        let b = best;
        moves += 1;
        *label = b as u32;
        sizes[a] -= 1;
        sizes[b] += 1;
        for (j, x) in xn.iter().enumerate() {
            sums[a * p + j] -= x;
            sums[b * p + j] += x;
            means[a * p + j] = sums[a * p + j] / sizes[a] as f64;
            means[b * p + j] = sums[b * p + j] / sizes[b] as f64;
        }
        for (j, &x) in xc.iter().enumerate() {
            let lj = data.categorical[j].labels.len();
            // Into b.
            let cb = &mut counts[offset[j] + b * lj + x as usize];
            *cb += 1;
            let cb = *cb;
            if cb > top[b * q + j] {
                top[b * q + j] = cb;
                ntop[b * q + j] = 1;
            } else if cb == top[b * q + j] {
                ntop[b * q + j] += 1;
            }
            // Out of a.
            let ca = &mut counts[offset[j] + a * lj + x as usize];
            *ca -= 1;
            let ca = *ca;
            if ca + 1 == top[a * q + j] {
                if ntop[a * q + j] > 1 {
                    ntop[a * q + j] -= 1;
                } else {
                    let row = &counts[offset[j] + a * lj..offset[j] + (a + 1) * lj];
                    top[a * q + j] = ca;
                    ntop[a * q + j] = row.iter().filter(|&&v| v == ca).count() as u32;
                }
            }
        }
    }
    moves
}

struct Run {
    centroids: Centroids,
    labels: Vec<u32>,
    cost: f64,
    iterations: usize,
    converged: bool,
    history: Vec<f64>,
}

/// Distinct random rows (as many as possible up to k).
fn random_rows(data: &MixedData, k: usize, rng: &mut Rng) -> Vec<usize> {
    let mut rows: Vec<usize> = Vec::with_capacity(k);
    for _ in 0..k * 20 {
        if rows.len() == k {
            break;
        }
        let r = rng.below(data.rows);
        if !rows.iter().any(|&s| data.same_row(s, r)) {
            rows.push(r);
        }
    }
    while rows.len() < k {
        rows.push(rng.below(data.rows));
    }
    rows
}

fn run_once(
    data: &MixedData,
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
    let mut labels = vec![u32::MAX; n];
    let mut cent;
    let mut tries = 0;
    loop {
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
        cent = Centroids { k, numeric, categorical };
        assign(data, &cent, gamma, &mut labels, false);
        let mut sizes = cluster_sizes(&labels, k);
        if sizes.iter().all(|&s| s > 0) {
            update_centroids(data, &labels, &mut cent, &sizes);
            break;
        }
        if tries == MAX_INIT_TRIES {
            use_random = true;
        }
        if tries >= RAISE_INIT_TRIES {
            fill_empty(data, &mut cent, gamma, &mut labels, &mut sizes);
            update_centroids(data, &labels, &mut cent, &sizes);
            break;
        }
    }
    tracker.advance(1);

    let mut history = Vec::new();
    let mut converged = false;
    let mut iterations = 0;
    let mut cost = f64::INFINITY;
    while iterations < config.max_iter {
        iterations += 1;
        let (c, moves) = assign(data, &cent, gamma, &mut labels, true);
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
            fill_empty(data, &mut cent, gamma, &mut labels, &mut sizes);
        }
        update_centroids(data, &labels, &mut cent, &sizes);
    }
    if !converged {
        // Centroids moved after the last pass: the final labels and cost are those of the
        // nearest centroids (kmodes' `labels_cost`).
        let (c, _) = assign(data, &cent, gamma, &mut labels, true);
        cost = c;
        history.push(c);
    }
    tracker.advance((config.max_iter - iterations) as u64);
    Run { centroids: cent, labels, cost, iterations, converged, history }
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
    let mut seeder = SplitMix64::new(config.seed);
    let seeds: Vec<u64> = (0..config.n_init).map(|_| seeder.next_u64()).collect();
    let runs: Vec<Run> =
        seeds.par_iter().map(|&s| run_once(data, config, gamma, &cao, s, tracker)).collect();
    let run_costs: Vec<f64> = runs.iter().map(|r| r.cost).collect();
    let best_run = argmin_first(&run_costs);
    let best = runs.into_iter().nth(best_run).expect("n_init >= 1");
    let sizes = cluster_sizes(&best.labels, config.k);
    Ok(KPrototypesFit {
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
    })
}

fn argmin_first(v: &[f64]) -> usize {
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

// ---------------------------------------------------------------------------------------------
// Agreement between partitions
// ---------------------------------------------------------------------------------------------

/// Adjusted Rand index (Hubert & Arabie) between two labelings: 1 = identical partitions,
/// about 0 = chance agreement. Two single-cluster labelings give 1.
///
/// # Panics
/// When the labelings have different lengths.
pub fn adjusted_rand_index(a: &[u32], b: &[u32]) -> f64 {
    assert_eq!(a.len(), b.len(), "labelings of different lengths");
    let n = a.len() as f64;
    let mut table: HashMap<(u32, u32), u64> = HashMap::new();
    let mut ra: HashMap<u32, u64> = HashMap::new();
    let mut rb: HashMap<u32, u64> = HashMap::new();
    for (&x, &y) in a.iter().zip(b) {
        *table.entry((x, y)).or_default() += 1;
        *ra.entry(x).or_default() += 1;
        *rb.entry(y).or_default() += 1;
    }
    let c2 = |v: u64| (v as f64) * (v as f64 - 1.0) / 2.0;
    let index: f64 = table.values().map(|&v| c2(v)).sum();
    let sa: f64 = ra.values().map(|&v| c2(v)).sum();
    let sb: f64 = rb.values().map(|&v| c2(v)).sum();
    let expected = sa * sb / (n * (n - 1.0) / 2.0);
    let max = (sa + sb) / 2.0;
    if max == expected {
        return 1.0;
    }
    (index - expected) / (max - expected)
}

// ---------------------------------------------------------------------------------------------
// Describing clusters
// ---------------------------------------------------------------------------------------------

/// Settings of [`describe_clusters`].
#[derive(Debug, Clone, PartialEq)]
pub struct DescribeOptions {
    /// Smallest |effect size| reported: Cohen's d for numerics, Cohen's h for levels (0.2 = "small").
    pub min_effect: f64,
    /// At most this many over-represented levels per categorical column.
    pub max_levels_per_column: usize,
    /// A level must make up at least this share of the cluster.
    pub min_level_share: f64,
    /// A level must be over-represented at least this much (share in cluster ÷ share overall).
    pub min_lift: f64,
}

impl Default for DescribeOptions {
    fn default() -> Self {
        DescribeOptions {
            min_effect: 0.2,
            max_levels_per_column: 2,
            min_level_share: 0.05,
            min_lift: 1.2,
        }
    }
}

/// What a distinction is about.
#[derive(Debug, Clone, PartialEq)]
pub enum DistinctionDetail {
    /// A categorical level that is more common in the cluster than overall.
    Level {
        /// The level's label ([`MISSING_LABEL`] for missing values).
        level: String,
        /// Its share of the cluster's rows.
        cluster_share: f64,
        /// Its share of all rows.
        population_share: f64,
    },
    /// A numeric column whose mean in the cluster differs from the overall mean.
    Numeric {
        /// Mean of the cluster's present raw values.
        cluster_mean: f64,
        /// Mean of all present raw values.
        population_mean: f64,
        /// (cluster mean − overall mean) ÷ overall standard deviation.
        sd_shift: f64,
    },
}

/// One thing that sets a cluster apart.
#[derive(Debug, Clone, PartialEq)]
pub struct Distinction {
    /// The column.
    pub column: String,
    /// The numbers.
    pub detail: DistinctionDetail,
    /// Share in cluster ÷ share overall for a level; cluster mean ÷ overall mean for a
    /// numeric column when both are positive; `None` otherwise.
    pub lift: Option<f64>,
    /// Signed effect size used to rank distinctions: Cohen's h = 2·asin√share_cluster −
    /// 2·asin√share_overall for a level, the shift in standard deviations (Cohen's d against
    /// the overall deviation) for a numeric column.
    pub effect: f64,
    /// A plain-English line, e.g. "industry = Software: 46% of the cluster vs 14% overall (lift 3.29)".
    pub description: String,
}

/// A cluster and what sets it apart, strongest first.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterDescription {
    /// The cluster.
    pub cluster: u32,
    /// Its rows.
    pub size: usize,
    /// Its share of all rows.
    pub share: f64,
    /// Distinctions, by decreasing |effect|.
    pub distinctions: Vec<Distinction>,
}

/// For every cluster, the numeric columns whose mean differs from the overall mean and the
/// categorical levels that are over-represented, ranked by effect size.
///
/// # Panics
/// When `labels` has the wrong length or a label is `>= k`.
pub fn describe_clusters(
    data: &MixedData,
    labels: &[u32],
    k: usize,
    options: &DescribeOptions,
) -> Vec<ClusterDescription> {
    assert_eq!(labels.len(), data.rows, "one label per row");
    let (n, p, q) = (data.rows, data.p(), data.q());
    let sizes = cluster_sizes(labels, k);
    let mut out: Vec<ClusterDescription> = (0..k)
        .map(|c| ClusterDescription {
            cluster: c as u32,
            size: sizes[c],
            share: sizes[c] as f64 / n.max(1) as f64,
            distinctions: Vec::new(),
        })
        .collect();

    // Numeric: means of present raw values per cluster.
    for j in 0..p {
        let info = &data.numeric[j];
        let miss = &data.num_missing[j];
        let mut sum = vec![0.0; k];
        let mut cnt = vec![0usize; k];
        for i in 0..n {
            if !miss.is_empty() && miss[i] {
                continue;
            }
            let c = labels[i] as usize;
            sum[c] += data.num[i * p + j];
            cnt[c] += 1;
        }
        if info.std == 0.0 {
            continue;
        }
        for c in 0..k {
            if cnt[c] == 0 {
                continue;
            }
            let zmean = sum[c] / cnt[c] as f64;
            let effect = zmean; // z-scores: the shift in standard deviations
            if effect.abs() < options.min_effect {
                continue;
            }
            let cluster_mean = info.mean + zmean * info.std;
            let lift = (info.mean > 0.0 && cluster_mean > 0.0).then(|| cluster_mean / info.mean);
            let description = format!(
                "{}: mean {} vs {} overall ({:+.2} sd)",
                info.name,
                fmt_number(cluster_mean),
                fmt_number(info.mean),
                effect
            );
            out[c].distinctions.push(Distinction {
                column: info.name.clone(),
                detail: DistinctionDetail::Numeric {
                    cluster_mean,
                    population_mean: info.mean,
                    sd_shift: effect,
                },
                lift,
                effect,
                description,
            });
        }
    }

    // Categorical: level shares per cluster.
    for j in 0..q {
        let info = &data.categorical[j];
        let levels = info.labels.len();
        let mut counts = vec![0usize; k * levels];
        let mut total = vec![0usize; levels];
        for i in 0..n {
            let code = data.cat[i * q + j] as usize;
            counts[labels[i] as usize * levels + code] += 1;
            total[code] += 1;
        }
        for c in 0..k {
            if sizes[c] == 0 {
                continue;
            }
            let mut found: Vec<Distinction> = Vec::new();
            for code in 0..levels {
                let cs = counts[c * levels + code] as f64 / sizes[c] as f64;
                let ps = total[code] as f64 / n as f64;
                if ps == 0.0 || cs < options.min_level_share {
                    continue;
                }
                let lift = cs / ps;
                let effect = 2.0 * cs.sqrt().asin() - 2.0 * ps.sqrt().asin();
                if lift < options.min_lift || effect.abs() < options.min_effect {
                    continue;
                }
                let level = info.labels[code].clone();
                let description = format!(
                    "{} = {}: {} of the cluster vs {} overall (lift {:.2})",
                    info.name,
                    level,
                    fmt_share(cs),
                    fmt_share(ps),
                    lift
                );
                found.push(Distinction {
                    column: info.name.clone(),
                    detail: DistinctionDetail::Level {
                        level,
                        cluster_share: cs,
                        population_share: ps,
                    },
                    lift: Some(lift),
                    effect,
                    description,
                });
            }
            found.sort_by(|a, b| b.effect.abs().total_cmp(&a.effect.abs()));
            found.truncate(options.max_levels_per_column);
            out[c].distinctions.extend(found);
        }
    }
    for d in &mut out {
        // Stable: equal effects keep column order.
        d.distinctions.sort_by(|a, b| b.effect.abs().total_cmp(&a.effect.abs()));
    }
    out
}

fn fmt_share(s: f64) -> String {
    let pct = s * 100.0;
    if pct >= 10.0 || pct == 0.0 { format!("{pct:.0}%") } else { format!("{pct:.1}%") }
}

fn fmt_number(x: f64) -> String {
    let a = x.abs();
    let mut s = String::new();
    let _ = if a >= 1000.0 {
        write!(s, "{x:.0}")
    } else if a >= 10.0 {
        write!(s, "{x:.1}")
    } else {
        write!(s, "{x:.3}")
    };
    s
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Planted mixed data: `k` equally likely clusters, `p` numeric and `q` categorical
    /// columns. Numeric column j is 140 (noise sd 4) in cluster j mod k and 100 elsewhere, so
    /// clusters are equally far apart when p ≥ k; in categorical column j cluster c has level
    /// (c + j) mod (k + 2) with probability 0.7, otherwise a uniformly random level.
    pub(crate) fn planted(
        n: usize,
        k: usize,
        p: usize,
        q: usize,
        seed: u64,
    ) -> (Vec<Vec<f64>>, Vec<Vec<u32>>, Vec<u32>) {
        let mut rng = Rng::new(seed);
        let levels = k + 2;
        let mut nums = vec![Vec::with_capacity(n); p];
        let mut cats = vec![Vec::with_capacity(n); q];
        let mut truth = Vec::with_capacity(n);
        for i in 0..n {
            let c = i % k;
            truth.push(c as u32);
            for (j, col) in nums.iter_mut().enumerate() {
                let centre = if j % k == c { 140.0 } else { 100.0 };
                col.push(centre + 4.0 * rng.normal());
            }
            for (j, col) in cats.iter_mut().enumerate() {
                let own = ((c + j) % levels) as u32;
                col.push(if rng.next_f64() < 0.7 { own } else { rng.below(levels) as u32 });
            }
        }
        (nums, cats, truth)
    }

    pub(crate) fn mixed(nums: &[Vec<f64>], cats: &[Vec<u32>]) -> MixedData {
        let names: Vec<String> = (0..nums.len())
            .map(|j| format!("n{j}"))
            .chain((0..cats.len()).map(|j| format!("c{j}")))
            .collect();
        let mut cols = Vec::new();
        for (j, v) in nums.iter().enumerate() {
            cols.push(InputColumn::Numeric { name: &names[j], values: v });
        }
        for (j, v) in cats.iter().enumerate() {
            cols.push(InputColumn::Categorical {
                name: &names[nums.len() + j],
                codes: v,
                levels: &[],
            });
        }
        MixedData::new(&cols).expect("valid data")
    }

    #[test]
    fn planted_clusters_are_recovered() {
        let (nums, cats, truth) = planted(1200, 4, 3, 3, 7);
        let data = mixed(&nums, &cats);
        let fit = fit(&data, &KPrototypesConfig::new(4), None).unwrap();
        let ari = adjusted_rand_index(&fit.labels, &truth);
        assert!(ari > 0.9, "ARI {ari}");
        assert!(fit.converged);
        assert_eq!(fit.sizes.iter().sum::<usize>(), 1200);
        assert_eq!(fit.run_costs.len(), 10);
        assert!((fit.gamma - 0.5).abs() < 1e-12, "gamma {}", fit.gamma);
        assert!(fit.run_costs.iter().all(|&c| c >= fit.cost));
        // The reported cost is the cost of the reported partition.
        let again = partition_cost(&data, &fit.labels, 4, fit.gamma);
        assert!((again - fit.cost).abs() <= 1e-9 * fit.cost, "{again} vs {}", fit.cost);
    }

    #[test]
    fn same_seed_same_clusters_other_seed_still_valid() {
        let (nums, cats, _) = planted(900, 3, 2, 2, 11);
        let data = mixed(&nums, &cats);
        let mut config = KPrototypesConfig::new(3);
        config.seed = 5;
        let a = fit(&data, &config, None).unwrap();
        let b = fit(&data, &config, None).unwrap();
        assert_eq!(a, b);
        // Same result on a one-thread pool: nothing depends on the thread count.
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let c = pool.install(|| fit(&data, &config, None).unwrap());
        assert_eq!(a, c);
    }

    #[test]
    fn cost_never_increases() {
        // Overlapping clusters so that runs take several passes.
        let (mut nums, cats, _) = planted(2000, 5, 3, 4, 3);
        let mut rng = Rng::new(99);
        for col in &mut nums {
            for v in col.iter_mut() {
                *v += 40.0 * rng.normal();
            }
        }
        let data = mixed(&nums, &cats);
        for seed in 0..4 {
            let mut config = KPrototypesConfig::new(6);
            config.seed = seed;
            config.n_init = 3;
            let fit = fit(&data, &config, None).unwrap();
            assert!(fit.cost_history.len() >= 2, "{:?}", fit.cost_history);
            for w in fit.cost_history.windows(2) {
                assert!(w[1] <= w[0] * (1.0 + 1e-12), "{:?}", fit.cost_history);
            }
            assert_eq!(*fit.cost_history.last().unwrap(), fit.cost);
        }
    }

    #[test]
    fn hartigan_passes_lower_the_partition_cost() {
        let (mut nums, cats, _) = planted(1500, 4, 3, 4, 8);
        let mut rng = Rng::new(5);
        for col in &mut nums {
            for v in col.iter_mut() {
                *v += 30.0 * rng.normal();
            }
        }
        let data = mixed(&nums, &cats);
        let gamma = data.default_gamma();
        let mut labels: Vec<u32> = (0..1500).map(|_| rng.below(4) as u32).collect();
        let mut cost = partition_cost(&data, &labels, 4, gamma);
        for _ in 0..50 {
            let moved = hartigan_pass(&data, &mut labels, 4, gamma);
            let after = partition_cost(&data, &labels, 4, gamma);
            if moved == 0 {
                assert!((after - cost).abs() <= 1e-9 * cost);
                break;
            }
            assert!(after < cost, "{after} !< {cost}");
            cost = after;
        }
        assert!(cluster_sizes(&labels, 4).iter().all(|&s| s > 0));
    }

    #[test]
    fn refinement_never_hurts() {
        let (mut nums, cats, _) = planted(2000, 5, 4, 4, 12);
        let mut rng = Rng::new(6);
        for col in &mut nums {
            for v in col.iter_mut() {
                *v += 35.0 * rng.normal();
            }
        }
        let data = mixed(&nums, &cats);
        let mut config = KPrototypesConfig::new(5);
        config.n_init = 4;
        let refined = fit(&data, &config, None).unwrap();
        config.refine = false;
        let lloyd = fit(&data, &config, None).unwrap();
        for (r, l) in refined.run_costs.iter().zip(&lloyd.run_costs) {
            assert!(*r <= l * (1.0 + 1e-12), "{r} > {l}");
        }
        assert!(refined.cost <= lloyd.cost);
    }

    #[test]
    fn progress_reaches_total() {
        let (nums, cats, _) = planted(300, 3, 2, 2, 1);
        let data = mixed(&nums, &cats);
        let seen = std::sync::Mutex::new(Vec::new());
        let cb = |d: u64, t: u64| seen.lock().unwrap().push((d, t));
        let fit = fit(&data, &KPrototypesConfig::new(3), Some(&cb)).unwrap();
        assert_eq!(fit.k, 3);
        let seen = seen.into_inner().unwrap();
        let total = 10 * 101;
        assert!(seen.iter().all(|&(d, t)| t == total && d <= t));
        assert_eq!(seen.iter().map(|&(d, _)| d).max(), Some(total));
    }

    #[test]
    fn cao_matches_kmodes_on_a_small_example() {
        // kmodes 0.12.2: init_cao(X, k, matching_dissim) picks rows 1; 1,3; 1,3,2; 1,3,2,5.
        let rows: [[u32; 3]; 10] = [
            [0, 0, 1],
            [0, 1, 1],
            [1, 1, 0],
            [2, 2, 0],
            [2, 2, 1],
            [0, 0, 0],
            [1, 2, 2],
            [2, 1, 0],
            [0, 0, 1],
            [1, 1, 2],
        ];
        let cats: Vec<Vec<u32>> = (0..3).map(|j| rows.iter().map(|r| r[j]).collect()).collect();
        let nums = vec![(0..10).map(|i| i as f64).collect::<Vec<_>>()];
        let data = mixed(&nums, &cats);
        assert_eq!(cao_init_rows(&data, 1), vec![1]);
        assert_eq!(cao_init_rows(&data, 2), vec![1, 3]);
        assert_eq!(cao_init_rows(&data, 3), vec![1, 3, 2]);
        assert_eq!(cao_init_rows(&data, 4), vec![1, 3, 2, 5]);
    }

    #[test]
    fn degenerate_inputs_are_errors() {
        assert_eq!(MixedData::new(&[]).unwrap_err(), KPrototypesError::NoColumns);

        let all_nan = vec![f64::NAN; 5];
        let ok = vec![1.0, 2.0, 3.0, 4.0, 5.0];
        let miss_codes = vec![MISSING_CODE; 5];
        let err = MixedData::new(&[
            InputColumn::Numeric { name: "a", values: &ok },
            InputColumn::Numeric { name: "b", values: &all_nan },
            InputColumn::Categorical { name: "c", codes: &miss_codes, levels: &[] },
        ])
        .unwrap_err();
        assert_eq!(err, KPrototypesError::AllMissing { columns: vec!["b".into(), "c".into()] });
        assert_eq!(
            err.to_string(),
            "columns `b`, `c` are entirely missing; drop them from the clustering"
        );
        let one =
            MixedData::new(&[InputColumn::Numeric { name: "b", values: &all_nan }]).unwrap_err();
        assert_eq!(one.to_string(), "column `b` is entirely missing; drop it from the clustering");

        let short = vec![1.0];
        assert!(matches!(
            MixedData::new(&[
                InputColumn::Numeric { name: "a", values: &ok },
                InputColumn::Numeric { name: "s", values: &short }
            ]),
            Err(KPrototypesError::LengthMismatch { .. })
        ));

        // n < k.
        let data = MixedData::new(&[InputColumn::Numeric { name: "a", values: &ok }]).unwrap();
        let err = fit(&data, &KPrototypesConfig::new(6), None).unwrap_err();
        assert_eq!(err, KPrototypesError::TooFewRows { k: 6, rows: 5 });
        assert_eq!(
            fit(&data, &KPrototypesConfig::new(0), None).unwrap_err(),
            KPrototypesError::ZeroK
        );

        // k > distinct rows: 30 rows, 9 distinct.
        let x: Vec<f64> = (0..30).map(|i| (i % 3) as f64).collect();
        let c: Vec<u32> = (0..30).map(|i| (i / 3 % 3) as u32).collect();
        let data = MixedData::new(&[
            InputColumn::Numeric { name: "x", values: &x },
            InputColumn::Categorical { name: "c", codes: &c, levels: &[] },
        ])
        .unwrap();
        let err = fit(&data, &KPrototypesConfig::new(12), None).unwrap_err();
        assert_eq!(err.to_string(), "k = 12 but only 9 distinct rows");
        // k = number of distinct rows works and puts each distinct row in its own cluster.
        let f = fit(&data, &KPrototypesConfig::new(9), None).unwrap();
        assert!(f.cost.abs() < 1e-9, "cost {}", f.cost);
        let mut sizes = f.sizes.clone();
        sizes.sort_unstable();
        assert_eq!(sizes, vec![3, 3, 3, 3, 3, 3, 4, 4, 4]);

        let mut bad = KPrototypesConfig::new(2);
        bad.gamma = Some(f64::NAN);
        assert!(matches!(fit(&data, &bad, None), Err(KPrototypesError::InvalidConfig(_))));
        bad.gamma = None;
        bad.n_init = 0;
        assert!(matches!(fit(&data, &bad, None), Err(KPrototypesError::InvalidConfig(_))));

        let inf = vec![1.0, f64::INFINITY];
        assert_eq!(
            MixedData::new(&[InputColumn::Numeric { name: "i", values: &inf }]).unwrap_err(),
            KPrototypesError::NonFinite { column: "i".into(), row: 1 }
        );
    }

    #[test]
    fn missing_values_and_gamma_rule() {
        // Numeric missing → 0 after z-scoring; categorical missing → its own category, last.
        let x = vec![1.0, f64::NAN, 3.0, 5.0];
        let codes = vec![7, MISSING_CODE, 2, 7];
        let levels: Vec<String> = (0..8).map(|i| format!("L{i}")).collect();
        let data = MixedData::new(&[
            InputColumn::Numeric { name: "x", values: &x },
            InputColumn::Categorical { name: "c", codes: &codes, levels: &levels },
        ])
        .unwrap();
        let info = &data.numeric_columns()[0];
        assert_eq!((info.mean, info.missing), (3.0, 1));
        assert!((info.std - (8.0f64 / 3.0).sqrt()).abs() < 1e-12);
        assert_eq!(data.numeric_row(1), &[0.0]);
        let cat = &data.categorical_columns()[0];
        assert_eq!(cat.labels, vec!["L2", "L7", MISSING_LABEL]);
        assert_eq!(cat.missing_code, Some(2));
        assert_eq!(data.categorical_row(0), &[1]);
        assert_eq!(data.categorical_row(1), &[2]);
        // γ = 0.5 · std of the imputed z-column = 0.5 · √(3/4).
        assert!((data.default_gamma() - 0.5 * 0.75f64.sqrt()).abs() < 1e-12);

        // Only categorical columns: γ = 1 and clustering still works (k-modes).
        let only = MixedData::new(&[InputColumn::Categorical {
            name: "c",
            codes: &codes,
            levels: &levels,
        }])
        .unwrap();
        assert_eq!(only.default_gamma(), 1.0);
        let f = fit(&only, &KPrototypesConfig::new(3), None).unwrap();
        assert_eq!(f.cost, 0.0);
    }

    #[test]
    fn from_frame_maps_kinds() {
        use icp_frame::{Column, Kind, StrColumn};
        let mut text = StrColumn::new();
        for v in ["a", "b", "c", "d"] {
            text.push(Some(v));
        }
        let frame = Frame::new(
            vec![
                Column::new("n", Kind::Number, ColumnData::Number(vec![1.0, 2.0, 3.0, 4.0])),
                Column::new("b", Kind::Boolean, ColumnData::Bool(vec![0, 1, MISSING_BOOL, 1])),
                Column::new("d", Kind::Date, ColumnData::Date(vec![10, MISSING_DATE, 30, 40])),
                Column::new(
                    "c",
                    Kind::Categorical,
                    ColumnData::Cat {
                        codes: vec![0, 1, 0, 1],
                        levels: vec!["x".into(), "y".into()],
                    },
                ),
                Column::new("s", Kind::Text, ColumnData::Str(text)),
            ],
            4,
        );
        let data = MixedData::from_frame(&frame, &["n", "b", "d", "c"]).unwrap();
        assert_eq!(data.numeric_columns().len(), 2);
        assert_eq!(data.categorical_columns()[0].labels, vec!["false", "true", MISSING_LABEL]);
        assert_eq!(data.categorical_columns()[1].labels, vec!["x", "y"]);
        assert_eq!(
            MixedData::from_frame(&frame, &["zz"]).unwrap_err(),
            KPrototypesError::UnknownColumn("zz".into())
        );
        assert!(matches!(
            MixedData::from_frame(&frame, &["s"]),
            Err(KPrototypesError::UnsupportedColumn { .. })
        ));
    }

    #[test]
    fn descriptions_name_the_planted_differences() {
        let n = 1000;
        let mut spend = Vec::new();
        let mut plan = Vec::new();
        let mut truth = Vec::new();
        let mut rng = Rng::new(4);
        for i in 0..n {
            let c = (i % 2) as u32;
            truth.push(c);
            spend.push(if c == 1 { 500.0 } else { 100.0 } + 20.0 * rng.normal());
            plan.push(if c == 1 && rng.next_f64() < 0.8 { 2 } else { rng.below(2) as u32 });
        }
        let levels: Vec<String> = vec!["free".into(), "pro".into(), "enterprise".into()];
        let data = MixedData::new(&[
            InputColumn::Numeric { name: "spend", values: &spend },
            InputColumn::Categorical { name: "plan", codes: &plan, levels: &levels },
        ])
        .unwrap();
        let d = describe_clusters(&data, &truth, 2, &DescribeOptions::default());
        assert_eq!(d.len(), 2);
        assert_eq!(d[1].size, 500);
        let top = &d[1].distinctions;
        assert!(top.len() >= 2, "{top:?}");
        assert_eq!(top[0].column, "spend");
        assert!(
            matches!(top[0].detail, DistinctionDetail::Numeric { sd_shift, .. } if sd_shift > 0.9)
        );
        assert!(top[0].description.starts_with("spend: mean 50"), "{}", top[0].description);
        let ent = top.iter().find(|x| x.column == "plan").unwrap();
        assert!(
            matches!(&ent.detail, DistinctionDetail::Level { level, .. } if level == "enterprise"),
            "{ent:?}"
        );
        assert!(ent.lift.unwrap() > 1.5);
        assert!(ent.description.starts_with("plan = enterprise: "), "{}", ent.description);
        // Cluster 0 is set apart by low spend.
        assert!(d[0].distinctions[0].effect < -0.9);
    }

    #[test]
    fn adjusted_rand_index_basics() {
        assert_eq!(adjusted_rand_index(&[0, 0, 1, 1], &[1, 1, 0, 0]), 1.0);
        assert!(adjusted_rand_index(&[0, 0, 1, 1], &[0, 1, 0, 1]) < 0.0);
        assert_eq!(adjusted_rand_index(&[0, 0, 0], &[0, 0, 0]), 1.0);
    }
}
