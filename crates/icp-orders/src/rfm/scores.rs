//! Recency, frequency and money scored 1–5 by rank-based quintiles, as pandas `qcut` of
//! first ranks.

/// The quintile (1–5) of 0-based rank `rank` among `n`: pandas `qcut` on ranks 1..=n.
fn quintile_of_rank(rank: usize, n: usize) -> u8 {
    if n <= 1 {
        return 1;
    }
    ((5 * rank).div_ceil(n - 1)).clamp(1, 5) as u8
}

/// Rank-based quintile scores 1–5, like pandas
/// `qcut(values.rank(method="first"), 5, labels=[1, 2, 3, 4, 5])`.
///
/// Values are ranked ascending with ties broken by position (earlier first); rank `r`
/// (1-based) of `n` gets quintile `max(1, ⌈5 (r − 1) / (n − 1)⌉)`. With
/// `higher_is_better = false` the score is `6 −` quintile (recency: the smallest gets 5).
/// NaN sorts after every number (`f64::total_cmp`). One value gets quintile 1.
pub fn quintile_scores(values: &[f64], higher_is_better: bool) -> Vec<u8> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut scores = vec![0u8; values.len()];
    for (rank, &i) in order.iter().enumerate() {
        let q = quintile_of_rank(rank, values.len());
        scores[i] = if higher_is_better { q } else { 6 - q };
    }
    scores
}
