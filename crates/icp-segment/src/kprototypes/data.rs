//! The input prepared for clustering: numeric columns z-scored (missing → the mean),
//! categorical columns re-coded with missing as a category of its own; the mixed distance.

use icp_frame::{ColumnData, Frame, MISSING_BOOL, MISSING_CODE, MISSING_DATE, MISSING_DATETIME};
use rayon::prelude::*;
use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use super::error::KPrototypesError;
use super::fit::CHUNK;

/// The label of the category that stands for a missing categorical value.
pub const MISSING_LABEL: &str = "(missing)";

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
    /// Numbers clustered on a log scale, as `ln(1 + x)` (heavily skewed amounts); `NaN` is
    /// missing. Scaled as they are read: on millions of rows a log-scaled copy of each such
    /// column would add to the peak memory of the preparation.
    LogNumeric {
        /// Column name.
        name: &'a str,
        /// One raw value per row.
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
    pub(super) fn name(&self) -> &str {
        match self {
            InputColumn::Numeric { name, .. }
            | InputColumn::LogNumeric { name, .. }
            | InputColumn::Categorical { name, .. } => name,
        }
    }

    pub(super) fn len(&self) -> usize {
        match self {
            InputColumn::Numeric { values, .. } | InputColumn::LogNumeric { values, .. } => {
                values.len()
            }
            InputColumn::Categorical { codes, .. } => codes.len(),
        }
    }
}

/// How a numeric column's raw values become the values that are z-scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scale {
    /// As they are.
    Linear,
    /// `ln(1 + x)`.
    Log1p,
}

impl Scale {
    #[inline]
    pub(super) fn apply(self, v: f64) -> f64 {
        match self {
            Scale::Linear => v,
            Scale::Log1p => v.ln_1p(),
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
    pub(super) rows: usize,
    /// `rows × p`, z-scores, missing = 0.
    pub(super) num: Vec<f64>,
    /// `rows × q`, internal codes.
    pub(super) cat: Vec<u32>,
    pub(super) numeric: Vec<NumericInfo>,
    pub(super) categorical: Vec<CategoricalInfo>,
    /// Per numeric column: `true` where the raw value was missing (empty if none was).
    pub(super) num_missing: Vec<Vec<bool>>,
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
                InputColumn::LogNumeric { values, .. } => values.iter().all(|v| v.ln_1p().is_nan()),
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
                InputColumn::Numeric { name, values } => Some((*name, *values, Scale::Linear)),
                InputColumn::LogNumeric { name, values } => Some((*name, *values, Scale::Log1p)),
                InputColumn::Categorical { .. } => None,
            })
            .collect();
        let categorical_cols: Vec<_> = columns
            .iter()
            .filter_map(|c| match c {
                InputColumn::Categorical { name, codes, levels } => Some((*name, *codes, *levels)),
                InputColumn::Numeric { .. } | InputColumn::LogNumeric { .. } => None,
            })
            .collect();

        // Numeric: the values (log-scaled ones scaled here, once) written into the row-by-row
        // matrix, each column's mean and deviation (in parallel), then the z-scores in place:
        // no z-scored or log-scaled copy of any column next to the matrix (on millions of rows
        // such copies made the peak of `icp segment`).
        let p = numeric_cols.len();
        let mut num = vec![0.0; rows * p];
        if p > 0 {
            num.par_chunks_mut(p * CHUNK).enumerate().for_each(|(ci, block)| {
                let start = ci * CHUNK;
                for (o, row) in block.chunks_mut(p).enumerate() {
                    for (j, &(_, values, scale)) in numeric_cols.iter().enumerate() {
                        row[j] = scale.apply(values[start + o]);
                    }
                }
            });
        }
        let scales: Vec<Result<(NumericInfo, Vec<bool>), KPrototypesError>> = numeric_cols
            .par_iter()
            .enumerate()
            .map(|(j, &(name, values, scale))| match scale {
                // Read where they lie contiguous; log-scaled ones from their matrix column.
                Scale::Linear => numeric_scale(name, rows, || values.iter().copied()),
                Scale::Log1p => numeric_scale(name, rows, || num[j..].iter().step_by(p).copied()),
            })
            .collect();
        let mut numeric = Vec::with_capacity(scales.len());
        let mut num_missing = Vec::with_capacity(scales.len());
        for scale in scales {
            let (info, miss) = scale?;
            numeric.push(info);
            num_missing.push(miss);
        }
        if p > 0 {
            num.par_chunks_mut(p * CHUNK).for_each(|block| {
                for row in block.chunks_mut(p) {
                    for (v, info) in row.iter_mut().zip(&numeric) {
                        *v = z_score(*v, info.mean, info.std);
                    }
                }
            });
        }

        // Categorical: the new code of each old one, then the codes written re-coded.
        let recodings: Vec<(Recoding, CategoricalInfo)> = categorical_cols
            .par_iter()
            .map(|&(name, codes, levels)| categorical_recoding(name, codes, levels))
            .collect();
        let q = recodings.len();
        let mut cat = vec![0u32; rows * q];
        if q > 0 {
            cat.par_chunks_mut(q * CHUNK).enumerate().for_each(|(ci, block)| {
                let start = ci * CHUNK;
                for (o, row) in block.chunks_mut(q).enumerate() {
                    for (j, (&(_, codes, _), (recoding, _))) in
                        categorical_cols.iter().zip(&recodings).enumerate()
                    {
                        row[j] = recoding.code(codes[start + o]);
                    }
                }
            });
        }
        let categorical = recodings.into_iter().map(|(_, info)| info).collect();
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

    /// The given rows (in the given order) as data of their own, prepared as they are here:
    /// the same z-scores, internal codes and column information (so γ by rule and the
    /// meaning of every code stay those of the whole data).
    ///
    /// # Panics
    /// When a row is out of range.
    pub fn subset(&self, rows: &[usize]) -> MixedData {
        let (p, q) = (self.p(), self.q());
        let mut num = Vec::with_capacity(rows.len() * p);
        let mut cat = Vec::with_capacity(rows.len() * q);
        for &r in rows {
            num.extend_from_slice(self.numeric_row(r));
            cat.extend_from_slice(self.categorical_row(r));
        }
        let num_missing = self
            .num_missing
            .iter()
            .map(|m| if m.is_empty() { Vec::new() } else { rows.iter().map(|&r| m[r]).collect() })
            .collect();
        MixedData {
            rows: rows.len(),
            num,
            cat,
            numeric: self.numeric.clone(),
            categorical: self.categorical.clone(),
            num_missing,
        }
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

    pub(super) fn same_row(&self, a: usize, b: usize) -> bool {
        self.categorical_row(a) == self.categorical_row(b)
            && self.numeric_row(a).iter().zip(self.numeric_row(b)).all(|(x, y)| x == y)
    }

    pub(super) fn p(&self) -> usize {
        self.numeric.len()
    }

    pub(super) fn q(&self) -> usize {
        self.categorical.len()
    }

    /// The dissimilarity between a row and a centroid.
    #[inline]
    pub(super) fn dist(&self, row: usize, cn: &[f64], cc: &[u32], gamma: f64) -> f64 {
        dissim(self.numeric_row(row), self.categorical_row(row), cn, cc, gamma)
    }
}

/// k-prototypes dissimilarity: squared Euclidean + γ · mismatches.
#[inline]
pub(super) fn dissim(xn: &[f64], xc: &[u32], cn: &[f64], cc: &[u32], gamma: f64) -> f64 {
    let mut num = 0.0;
    for (a, b) in xn.iter().zip(cn) {
        let d = a - b;
        num += d * d;
    }
    let mismatches = xc.iter().zip(cc).filter(|(a, b)| a != b).count();
    num + gamma * mismatches as f64
}

/// A present value's z-score (missing, or a constant column: 0).
#[inline]
fn z_score(v: f64, mean: f64, std: f64) -> f64 {
    if v.is_nan() || std == 0.0 { 0.0 } else { (v - mean) / std }
}

/// A numeric column's mean, deviation and missing count, and where it is missing (empty when
/// nowhere), from its `rows` values as `values()` gives them (once per pass).
pub(super) fn numeric_scale<I: Iterator<Item = f64>>(
    name: &str,
    rows: usize,
    values: impl Fn() -> I,
) -> Result<(NumericInfo, Vec<bool>), KPrototypesError> {
    let mut present = 0usize;
    let mut sum = 0.0;
    for (row, v) in values().enumerate() {
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
    let var = values().filter(|v| !v.is_nan()).map(|v| (v - mean) * (v - mean)).sum::<f64>()
        / present as f64;
    let std = var.sqrt();
    let missing = rows - present;
    let z = || values().map(|v| z_score(v, mean, std));
    let zmean = z().sum::<f64>() / rows as f64;
    let prepared_std = (z().map(|v| (v - zmean) * (v - zmean)).sum::<f64>() / rows as f64).sqrt();
    let miss = if missing > 0 { values().map(|v| v.is_nan()).collect() } else { Vec::new() };
    Ok((NumericInfo { name: name.to_string(), mean, std, missing, prepared_std }, miss))
}

/// How a categorical column's codes become the clustering's: the present codes numbered in
/// order, missing last.
pub(super) enum Recoding {
    /// New code by old code (codes no larger than a few times the rows).
    Dense { map: Vec<u32>, missing: u32 },
    /// New code by old code, for sparse large codes.
    Sparse { map: HashMap<u32, u32>, missing: u32 },
}

impl Recoding {
    #[inline]
    pub(super) fn code(&self, old: u32) -> u32 {
        match self {
            Recoding::Dense { map, missing } => {
                if old == MISSING_CODE {
                    *missing
                } else {
                    map[old as usize]
                }
            }
            Recoding::Sparse { map, missing } => {
                if old == MISSING_CODE {
                    *missing
                } else {
                    map[&old]
                }
            }
        }
    }
}

pub(super) fn categorical_recoding(
    name: &str,
    codes: &[u32],
    levels: &[String],
) -> (Recoding, CategoricalInfo) {
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
    let recoding = if (max as usize) <= 4 * codes.len() + 1024 {
        let mut map = vec![0u32; max as usize + 1];
        for (new, &old) in distinct.iter().enumerate() {
            map[old as usize] = new as u32;
        }
        Recoding::Dense { map, missing: distinct.len() as u32 }
    } else {
        let map: HashMap<u32, u32> =
            distinct.iter().enumerate().map(|(new, &old)| (old, new as u32)).collect();
        Recoding::Sparse { map, missing: distinct.len() as u32 }
    };
    let mut labels: Vec<String> = distinct
        .iter()
        .map(|&c| levels.get(c as usize).cloned().unwrap_or_else(|| c.to_string()))
        .collect();
    if missing > 0 {
        labels.push(MISSING_LABEL.to_string());
    }
    (recoding, CategoricalInfo { name: name.to_string(), labels, missing_code, missing })
}
