//! Rows with identical inputs, counted once. A logistic regression's likelihood depends on a
//! row only through its inputs and its label, so the rows that share every input enter it as
//! one term weighted by how many of them there are and how many are golden: the same
//! likelihood, the same optimum, and far fewer terms when the inputs are binned (a scorecard's
//! weights of evidence take a few values each, so tens of thousands of rows make hundreds of
//! groups).

use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// The distinct input rows of a fit, with their counts.
#[derive(Debug, Clone)]
pub(crate) struct RowGroups {
    /// Inputs per row.
    pub width: usize,
    /// Each group's inputs, one group after another (`width` values each).
    pub values: Vec<f64>,
    /// Rows in each group.
    pub rows: Vec<f64>,
    /// Golden rows in each group.
    pub golden: Vec<f64>,
}

impl RowGroups {
    /// Groups the `rows` by their `width` inputs, `value(row, j)` being input `j` of a row;
    /// `labels` are indexed like the rows. Inputs are compared bit for bit.
    pub fn new(
        width: usize,
        labels: &[bool],
        rows: &[usize],
        value: impl Fn(usize, usize) -> f64,
    ) -> RowGroups {
        let mut groups =
            RowGroups { width, values: Vec::new(), rows: Vec::new(), golden: Vec::new() };
        let mut index: HashMap<u64, u32> = HashMap::new();
        let mut row = vec![0.0; width];
        for &i in rows {
            let mut hash = 0u64;
            for (j, slot) in row.iter_mut().enumerate() {
                *slot = value(i, j);
                hash = (hash.rotate_left(5) ^ slot.to_bits()).wrapping_mul(0x517c_c1b7_2722_0a95);
            }
            let golden = f64::from(u8::from(labels[i]));
            let found = match index.entry(hash) {
                Entry::Occupied(e) => {
                    let g = *e.get() as usize;
                    let same = groups.values[g * width..(g + 1) * width]
                        .iter()
                        .zip(&row)
                        .all(|(a, b)| a.to_bits() == b.to_bits());
                    // Two different rows with one hash (rare): the second is a group of its
                    // own, outside the index, which leaves the likelihood as it is.
                    same.then_some(g)
                }
                Entry::Vacant(e) => {
                    e.insert(groups.rows.len() as u32);
                    None
                }
            };
            match found {
                Some(g) => {
                    groups.rows[g] += 1.0;
                    groups.golden[g] += golden;
                }
                None => {
                    groups.values.extend_from_slice(&row);
                    groups.rows.push(1.0);
                    groups.golden.push(golden);
                }
            }
        }
        groups
    }

    /// Groups held.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Group `g`'s inputs.
    pub fn inputs(&self, g: usize) -> &[f64] {
        &self.values[g * self.width..(g + 1) * self.width]
    }

    /// The log-likelihood of the grouped rows when group `g`'s logit is `eta(g)`.
    pub fn log_likelihood(&self, eta: impl Fn(usize) -> f64) -> f64 {
        (0..self.len())
            .map(|g| {
                let e = eta(g);
                let others = self.rows[g] - self.golden[g];
                let mut ll = 0.0;
                if self.golden[g] > 0.0 {
                    ll -= self.golden[g] * log1p_exp(-e);
                }
                if others > 0.0 {
                    ll -= others * log1p_exp(e);
                }
                ll
            })
            .sum()
    }
}

/// ln(1 + eˣ), without overflow.
pub(crate) fn log1p_exp(x: f64) -> f64 {
    if x < 0.0 { x.exp().ln_1p() } else { x + (-x).exp().ln_1p() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_rows_are_one_group_with_their_counts() {
        let a = [1.0, 1.0, 2.0, 1.0, 2.0, -0.0];
        let b = [5.0, 5.0, 5.0, 5.0, 6.0, 0.0];
        let labels = [true, false, true, true, false, false];
        let rows: Vec<usize> = (0..6).collect();
        let groups = RowGroups::new(2, &labels, &rows, |i, j| if j == 0 { a[i] } else { b[i] });
        assert_eq!(groups.len(), 4);
        assert_eq!(groups.inputs(0), &[1.0, 5.0]);
        assert_eq!((groups.rows[0], groups.golden[0]), (3.0, 2.0));
        assert_eq!((groups.rows[1], groups.golden[1]), (1.0, 1.0));
        assert_eq!((groups.rows[2], groups.golden[2]), (1.0, 0.0));
        // The likelihood is the rows' own, summed.
        let eta = |x: &[f64]| 0.3 * x[0] - 0.1 * x[1];
        let grouped = groups.log_likelihood(|g| eta(groups.inputs(g)));
        let by_row: f64 = (0..6)
            .map(|i| {
                let e = eta(&[a[i], b[i]]);
                if labels[i] { -log1p_exp(-e) } else { -log1p_exp(e) }
            })
            .sum();
        assert!((grouped - by_row).abs() < 1e-12, "{grouped} vs {by_row}");
    }

    #[test]
    fn log1p_exp_is_stable_at_both_ends() {
        assert_eq!(log1p_exp(-800.0), 0.0);
        assert_eq!(log1p_exp(800.0), 800.0);
        assert!((log1p_exp(0.0) - std::f64::consts::LN_2).abs() < 1e-15);
    }
}
