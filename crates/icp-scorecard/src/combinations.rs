//! Forward selection's rows grouped by their combination of bins in the attributes chosen so
//! far.
//!
//! Every input of the scorecard is a function of an attribute's bin, so rows in the same bins
//! of every chosen attribute have the same inputs: a logistic fit on the rows is a fit on the
//! distinct combinations, each weighted by its golden and other rows (the same likelihood,
//! summed in another order), and a model scores all rows of a combination alike. A few
//! attributes of a few bins each make far fewer combinations than rows; adding an attribute
//! splits each combination by that attribute's bin.

use crate::logistic::Weight;

/// Rows grouped by their bins in some attributes, with the golden and other rows of each
/// group in each cross-validation fold.
#[derive(Debug, Clone)]
pub(crate) struct Combinations {
    /// Each row's combination.
    of_row: Vec<u32>,
    /// One row of each combination (all its rows have that row's inputs).
    representative: Vec<usize>,
    /// Golden and other rows of combination `c` in fold `f`: `counts[c * folds + f]`.
    counts: Vec<[u32; 2]>,
    folds: usize,
}

impl Combinations {
    /// All rows in one combination (no attribute chosen yet): row `i` is golden when
    /// `labels[i]`, and in fold `fold[i]` of `folds`.
    pub(crate) fn new(labels: &[bool], fold: &[usize], folds: usize) -> Combinations {
        let mut counts = vec![[0u32; 2]; folds];
        for (&golden, &f) in labels.iter().zip(fold) {
            counts[f][usize::from(!golden)] += 1;
        }
        Combinations {
            of_row: vec![0; labels.len()],
            representative: if labels.is_empty() { Vec::new() } else { vec![0] },
            counts,
            folds,
        }
    }

    /// These combinations split by one more attribute whose bin of row `i` is `bin[i]`
    /// (combinations numbered in the order their first row comes).
    pub(crate) fn split(&self, bin: &[u8], labels: &[bool], fold: &[usize]) -> Combinations {
        // Bin codes numbered densely (a missing value's code is far above the others).
        let mut slot = [usize::MAX; 256];
        let mut slots = 0;
        for &b in bin {
            if slot[usize::from(b)] == usize::MAX {
                slot[usize::from(b)] = slots;
                slots += 1;
            }
        }
        let mut index = vec![u32::MAX; self.representative.len() * slots];
        let mut of_row = Vec::with_capacity(self.of_row.len());
        let mut representative = Vec::new();
        let mut counts: Vec<[u32; 2]> = Vec::new();
        for (i, (&c, &b)) in self.of_row.iter().zip(bin).enumerate() {
            let key = c as usize * slots + slot[usize::from(b)];
            if index[key] == u32::MAX {
                index[key] = representative.len() as u32;
                representative.push(i);
                counts.extend(std::iter::repeat_n([0, 0], self.folds));
            }
            let next = index[key];
            of_row.push(next);
            counts[next as usize * self.folds + fold[i]][usize::from(!labels[i])] += 1;
        }
        Combinations { of_row, representative, counts, folds: self.folds }
    }

    /// How many combinations.
    pub(crate) fn len(&self) -> usize {
        self.representative.len()
    }

    /// A row of combination `c`.
    pub(crate) fn representative(&self, c: usize) -> usize {
        self.representative[c]
    }

    /// The combination of each row.
    #[cfg(test)]
    pub(crate) fn of_rows(&self) -> &[u32] {
        &self.of_row
    }

    /// Golden and other rows of combination `c` in fold `f`.
    pub(crate) fn in_fold(&self, c: usize, f: usize) -> [u32; 2] {
        self.counts[c * self.folds + f]
    }

    /// Golden and other rows of combination `c` outside fold `held_out` (`None`: in every
    /// fold), as a fit's weight.
    pub(crate) fn weight(&self, c: usize, held_out: Option<usize>) -> Weight {
        let mut sum = [0u32; 2];
        for (f, n) in self.counts[c * self.folds..(c + 1) * self.folds].iter().enumerate() {
            if Some(f) != held_out {
                sum = [sum[0] + n[0], sum[1] + n[1]];
            }
        }
        [f64::from(sum[0]), f64::from(sum[1])]
    }

    /// The combinations with rows outside fold `held_out` (`None`: every combination).
    pub(crate) fn fitted(&self, held_out: Option<usize>) -> Vec<usize> {
        (0..self.len())
            .filter(|&c| {
                let [golden, other] = self.weight(c, held_out);
                golden + other > 0.0
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Splitting by two attributes groups exactly the rows that agree on both, and counts
    /// each fold's golden and other rows of every group.
    #[test]
    fn rows_alike_in_every_bin_share_a_combination() {
        let a = [0u8, 1, 0, 1, 0, 2, 0];
        let b = [3u8, 3, 3, 0, 0, 3, 3];
        let labels = [true, false, false, true, true, false, true];
        let fold = [0usize, 1, 1, 0, 1, 0, 0];
        let combos = Combinations::new(&labels, &fold, 2)
            .split(&a, &labels, &fold)
            .split(&b, &labels, &fold);
        for i in 0..a.len() {
            for j in 0..a.len() {
                let same = (a[i], b[i]) == (a[j], b[j]);
                assert_eq!(combos.of_rows()[i] == combos.of_rows()[j], same, "rows {i} {j}");
            }
        }
        assert_eq!(combos.len(), 5);
        // Rows 0, 2 and 6 are (0, 3): golden in fold 0 twice, other in fold 1 once.
        let c = combos.of_rows()[0] as usize;
        assert_eq!(combos.representative(c), 0);
        assert_eq!(combos.in_fold(c, 0), [2, 0]);
        assert_eq!(combos.in_fold(c, 1), [0, 1]);
        assert_eq!(combos.weight(c, None), [2.0, 1.0]);
        assert_eq!(combos.weight(c, Some(0)), [0.0, 1.0]);
        // Row 5, (2, 3), is in fold 0 alone: nothing of it is fitted when fold 0 is held out.
        let alone = combos.of_rows()[5] as usize;
        assert!(!combos.fitted(Some(0)).contains(&alone));
        assert!(combos.fitted(Some(1)).contains(&alone));
    }
}
