//! Recency, frequency and money scored 1–5 by rank-based quintiles, equal values sharing a
//! score.

/// The quintile (1–5) of 0-based rank `rank` among `n`: pandas `qcut` on ranks 1..=n.
fn quintile_of_rank(rank: usize, n: usize) -> u8 {
    if n <= 1 {
        return 1;
    }
    ((5 * rank).div_ceil(n - 1)).clamp(1, 5) as u8
}

/// Rank-based quintile scores 1–5 in which equal values share a score.
///
/// Values are ranked ascending; a run of equal values takes the rank of its first member
/// (pandas `rank(method="min")`), and rank `r` (0-based) of `n` gets quintile
/// `max(1, ⌈5 r / (n − 1)⌉)` (pandas' `qcut` edges on ranks). Without ties this is
/// `qcut(values.rank(method="first"), 5)`. Sharing the lowest rank means the smallest value
/// always scores quintile 1: one order is never a high frequency, and when everybody last
/// bought on the same day, everybody is equally recent. With `higher_is_better = false`
/// the score is `6 −` quintile (recency: the smallest gets 5). NaN sorts after every number
/// (`f64::total_cmp`). One value gets quintile 1.
pub fn quintile_scores(values: &[f64], higher_is_better: bool) -> Vec<u8> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut scores = vec![0u8; values.len()];
    let mut run_start = 0;
    for (rank, &i) in order.iter().enumerate() {
        if rank > 0 && values[order[rank - 1]].total_cmp(&values[i]).is_ne() {
            run_start = rank;
        }
        let q = quintile_of_rank(run_start, values.len());
        scores[i] = if higher_is_better { q } else { 6 - q };
    }
    scores
}

/// How many distinct values `values` holds (NaN counted once).
pub(super) fn distinct_values(values: &[f64]) -> usize {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.dedup_by(|a, b| a.total_cmp(b).is_eq());
    sorted.len()
}

/// One of the three RFM measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measure {
    /// Days since the last order.
    Recency,
    /// Orders.
    Frequency,
    /// Spend.
    Monetary,
}

impl Measure {
    /// The measure in words (`"frequency"`).
    pub fn name(self) -> &'static str {
        match self {
            Measure::Recency => "recency",
            Measure::Frequency => "frequency",
            Measure::Monetary => "monetary",
        }
    }
}

/// A measure with fewer distinct values than scores: customers with equal values share a
/// score, so some scores (and the groups built on them) are empty, and the customers who
/// share a value cannot be told apart by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tie {
    /// The measure.
    pub measure: Measure,
    /// Its distinct values among the customers (1: everybody is the same).
    pub distinct: usize,
}

impl std::fmt::Display for Tie {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.measure {
            Measure::Recency => "last-order days",
            Measure::Frequency => "order counts",
            Measure::Monetary => "spend amounts",
        };
        if self.distinct <= 1 {
            write!(
                f,
                "every customer has the same {}: it cannot tell them apart, and all share one {} score",
                self.measure.name(),
                self.measure.name()
            )
        } else {
            write!(
                f,
                "{} has only {} distinct {what}: customers with the same value share a score, \
                 and groups that differ only in {} cannot be told apart",
                self.measure.name(),
                self.distinct,
                self.measure.name()
            )
        }
    }
}
