//! Initial centroids: Cao et al. (2009) for the categorical part as `kmodes` does, random
//! distinct rows as its fallback, the limits on re-drawing, and the spread-out distinct rows
//! (k-means++) a run starts from when re-drawing keeps leaving a cluster empty.

use rayon::prelude::*;

use super::data::MixedData;
use super::fit::CHUNK;
use super::rng::Rng;

/// Initialisation tries (with fresh numeric draws) before the categorical part of the
/// centroids is taken from random rows instead of Cao's rows (`kmodes`' `MAX_INIT_TRIES`).
pub(super) const MAX_INIT_TRIES: usize = 20;

/// Initialisation tries after which the run starts from spread-out distinct rows
/// ([`spread_rows`]; `kmodes` raises an error there: `RAISE_INIT_TRIES`).
pub(super) const RAISE_INIT_TRIES: usize = 100;

/// Rows on which initialisation tries are checked for empty clusters: a try whose every
/// cluster is non-empty on these rows is non-empty on all rows, and a try costs a pass over
/// at most this many rows instead of all of them (the whole data when it is no larger, so
/// that small data starts exactly as `kmodes` does).
pub(super) const TRIAL_ROWS: usize = 10_000;

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

pub(super) fn argmax_first(v: &[f64]) -> usize {
    let mut best = 0;
    for (i, &x) in v.iter().enumerate() {
        if x > v[best] {
            best = i;
        }
    }
    best
}

/// Distinct random rows (as many as possible up to k).
pub(super) fn random_rows(data: &MixedData, k: usize, rng: &mut Rng) -> Vec<usize> {
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

/// Up to `k` distinct rows spread out by k-means++ seeding (Arthur & Vassilvitskii 2007):
/// the first uniformly at random, each next one with probability proportional to its
/// dissimilarity to the nearest row already chosen. A row equal to a chosen one has
/// dissimilarity 0 and is never drawn, so data made mostly of identical rows still yields
/// distinct starts; fewer than `k` rows come back only when the data has fewer distinct rows.
pub(super) fn spread_rows(data: &MixedData, k: usize, gamma: f64, rng: &mut Rng) -> Vec<usize> {
    let n = data.rows;
    if n == 0 || k == 0 {
        return Vec::new();
    }
    let mut rows = vec![rng.below(n)];
    let mut nearest = vec![f64::INFINITY; n];
    while rows.len() < k {
        let last = *rows.last().expect("non-empty");
        let (cn, cc) = (data.numeric_row(last), data.categorical_row(last));
        nearest.par_iter_mut().with_min_len(CHUNK).enumerate().for_each(|(i, m)| {
            *m = m.min(data.dist(i, cn, cc, gamma));
        });
        let total: f64 = nearest.iter().sum();
        if total <= 0.0 {
            break;
        }
        let mut target = rng.next_f64() * total;
        let mut pick = None;
        for (i, &d) in nearest.iter().enumerate() {
            if d > 0.0 {
                pick = Some(i);
                if target < d {
                    break;
                }
                target -= d;
            }
        }
        rows.push(pick.expect("a row at positive distance"));
    }
    rows
}
