//! Scores tallied: each distinct score with its golden and other rows, highest first. The
//! quantiles, bands and AUC of a profile's training scores need no more, and a profile's
//! scores are whole tenths of a point, so a million rows tally in one pass instead of a sort.

use crate::metrics;

/// Distinct finite scores, highest first, each with `[golden, other]` rows.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreCounts {
    descending: Vec<(f64, [u64; 2])>,
    rows: u64,
}

/// Spans of tenths tallied in a table (wider ones are sorted).
const TABLE_SPAN: i64 = 1 << 20;

impl ScoreCounts {
    /// The tally of `scores` (`golden[i]` for score `i`); scores that are not finite are
    /// left out.
    pub fn of_scores(scores: &[f64], golden: &[bool]) -> ScoreCounts {
        let mut pairs: Vec<(f64, bool)> = scores
            .iter()
            .zip(golden)
            .filter(|(s, _)| s.is_finite())
            .map(|(&s, &g)| (s + 0.0, g))
            .collect();
        pairs.sort_unstable_by(|a, b| b.0.total_cmp(&a.0));
        let mut descending: Vec<(f64, [u64; 2])> = Vec::new();
        for (s, g) in pairs {
            match descending.last_mut() {
                Some((last, counts)) if *last == s => counts[usize::from(!g)] += 1,
                _ => {
                    let mut counts = [0, 0];
                    counts[usize::from(!g)] += 1;
                    descending.push((s, counts));
                }
            }
        }
        ScoreCounts::from_descending(descending)
    }

    /// The tally of scores given in tenths of a point (score = tenths / 10), with whether each
    /// row is golden.
    pub fn of_tenths(tenths: &[i32], golden: &[bool]) -> ScoreCounts {
        let (Some(&low), Some(&high)) = (tenths.iter().min(), tenths.iter().max()) else {
            return ScoreCounts { descending: Vec::new(), rows: 0 };
        };
        if i64::from(high) - i64::from(low) >= TABLE_SPAN {
            let scores: Vec<f64> = tenths.iter().map(|&t| f64::from(t) / 10.0).collect();
            return ScoreCounts::of_scores(&scores, golden);
        }
        let mut table = vec![[0u64; 2]; (i64::from(high) - i64::from(low)) as usize + 1];
        for (&t, &g) in tenths.iter().zip(golden) {
            table[(t - low) as usize][usize::from(!g)] += 1;
        }
        let descending = table
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, c)| c[0] + c[1] > 0)
            .map(|(k, &c)| (f64::from(low + k as i32) / 10.0, c))
            .collect();
        ScoreCounts::from_descending(descending)
    }

    fn from_descending(descending: Vec<(f64, [u64; 2])>) -> ScoreCounts {
        let rows = descending.iter().map(|(_, c)| c[0] + c[1]).sum();
        ScoreCounts { descending, rows }
    }

    /// Rows tallied.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// The distinct scores, highest first, with `[golden, other]` rows each.
    pub fn descending(&self) -> &[(f64, [u64; 2])] {
        &self.descending
    }

    /// The score at place `k` (0 = the highest) of all rows sorted from the highest score
    /// down; `None` beyond the last row.
    pub fn nth_highest(&self, k: u64) -> Option<f64> {
        let mut before = 0;
        for &(score, [golden, other]) in &self.descending {
            before += golden + other;
            if k < before {
                return Some(score);
            }
        }
        None
    }

    /// The AUC of the rows ([`metrics::auc`] over them, to the bit).
    pub fn auc(&self) -> f64 {
        metrics::auc_of_counts(self.descending.iter().map(|&(s, [g, o])| (s, g, o)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tallied from tenths or from the scores, the counts give what sorting the rows gives:
    /// every place's score and the AUC.
    #[test]
    fn a_tally_answers_as_the_sorted_rows_do() {
        let tenths: Vec<i32> = (0..5_000).map(|i| i * 7_919 % 1_001 - 3 * (i % 2)).collect();
        let golden: Vec<bool> =
            (0..5_000).map(|i| ((i * 104_729 % 1_000) as i32) < tenths[i] / 2).collect();
        let scores: Vec<f64> = tenths.iter().map(|&t| f64::from(t) / 10.0).collect();
        let from_tenths = ScoreCounts::of_tenths(&tenths, &golden);
        assert_eq!(from_tenths, ScoreCounts::of_scores(&scores, &golden));
        let mut sorted = scores.clone();
        sorted.sort_by(|a, b| b.total_cmp(a));
        for k in [0, 1, 499, 2_500, 4_999] {
            assert_eq!(from_tenths.nth_highest(k as u64), Some(sorted[k]), "place {k}");
        }
        assert_eq!(from_tenths.nth_highest(5_000), None);
        assert_eq!(from_tenths.rows(), 5_000);
        assert_eq!(from_tenths.auc().to_bits(), metrics::auc(&scores, &golden).to_bits());
        let auc = from_tenths.auc();
        assert!(auc > 0.6 && auc < 1.0, "{auc}");
        // A score that is not finite is not tallied.
        let odd = ScoreCounts::of_scores(&[1.0, f64::NAN, -0.0, 0.0], &[true; 4]);
        assert_eq!(odd.descending(), &[(1.0, [1, 0]), (0.0, [2, 0])]);
    }
}
