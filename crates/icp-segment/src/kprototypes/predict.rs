//! Assigning new records to fitted clusters without refitting.
//!
//! A new record is prepared as the data the clusters were fitted on: numeric values are
//! z-scored with that data's mean and deviation (a missing value becomes the mean, a
//! constant column 0), categorical values are matched to that data's categories by label
//! (a missing value is the "(missing)" category when the fitted data had one). A label the
//! fitted data never had matches no prototype: it counts as a mismatch with every cluster.
//! The record then goes to the nearest prototype under the fit's dissimilarity (the first
//! cluster on a tie, as the assignment of [`labels_cost`](super::labels_cost)).

use std::collections::HashMap;

use icp_frame::MISSING_CODE;

use super::config::KPrototypesFit;
use super::data::{InputColumn, MixedData, Scale, dissim};
use super::error::KPrototypesError;

impl KPrototypesFit {
    /// The cluster (`0..k`) of every new record. `fitted_on` is the data this fit was made
    /// from (it holds the standardisation and the categories); `records` gives every one of
    /// its columns by name, in any order (other columns are ignored), all of one length.
    pub fn predict(
        &self,
        fitted_on: &MixedData,
        records: &[InputColumn<'_>],
    ) -> Result<Vec<u32>, KPrototypesError> {
        let find = |name: &str| records.iter().find(|c| c.name() == name);
        let rows = records.first().map_or(0, InputColumn::len);
        if let Some(c) = records.iter().find(|c| c.len() != rows) {
            return Err(KPrototypesError::LengthMismatch {
                column: c.name().to_string(),
                len: c.len(),
                first: records[0].name().to_string(),
                expected: rows,
            });
        }
        let (p, q) = (fitted_on.p(), fitted_on.q());
        let mut num = vec![0.0; rows * p];
        for (j, info) in fitted_on.numeric_columns().iter().enumerate() {
            let (values, scale) = match find(&info.name) {
                Some(InputColumn::Numeric { values, .. }) => (values, Scale::Linear),
                Some(InputColumn::LogNumeric { values, .. }) => (values, Scale::Log1p),
                _ => return Err(KPrototypesError::UnknownColumn(info.name.clone())),
            };
            for (row, v) in values.iter().map(|&v| scale.apply(v)).enumerate() {
                if v.is_infinite() {
                    return Err(KPrototypesError::NonFinite { column: info.name.clone(), row });
                }
                if !v.is_nan() && info.std > 0.0 {
                    num[row * p + j] = (v - info.mean) / info.std;
                }
            }
        }
        let mut cat = vec![0u32; rows * q];
        for (j, info) in fitted_on.categorical_columns().iter().enumerate() {
            let Some(InputColumn::Categorical { codes, levels, .. }) = find(&info.name) else {
                return Err(KPrototypesError::UnknownColumn(info.name.clone()));
            };
            let unseen = info.labels.len() as u32;
            let internal: HashMap<&str, u32> = info
                .labels
                .iter()
                .enumerate()
                .filter(|&(code, _)| Some(code as u32) != info.missing_code)
                .map(|(code, label)| (label.as_str(), code as u32))
                .collect();
            // Labels of the caller's codes, resolved once per code.
            let mut by_code: HashMap<u32, u32> = HashMap::new();
            for (row, &code) in codes.iter().enumerate() {
                cat[row * q + j] = if code == MISSING_CODE {
                    info.missing_code.unwrap_or(unseen)
                } else {
                    *by_code.entry(code).or_insert_with(|| {
                        let label =
                            levels.get(code as usize).cloned().unwrap_or_else(|| code.to_string());
                        internal.get(label.as_str()).copied().unwrap_or(unseen)
                    })
                };
            }
        }
        let cent = &self.centroids;
        Ok((0..rows)
            .map(|i| {
                let (xn, xc) = (&num[i * p..(i + 1) * p], &cat[i * q..(i + 1) * q]);
                let mut best = (0u32, f64::INFINITY);
                for c in 0..cent.k {
                    let d = dissim(xn, xc, cent.numeric(c), cent.categorical(c), self.gamma);
                    if d < best.1 {
                        best = (c as u32, d);
                    }
                }
                best.0
            })
            .collect())
    }
}
