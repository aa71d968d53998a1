//! Choosing k for k-prototypes by the silhouette on a sample.
//!
//! [`select_k`] draws one deterministic random sample of `sample_size` rows (default 5,000;
//! Knuth's selection sampling seeded by the fit's seed, [`sample_rows`]), fits k-prototypes
//! on that sample for every k in the range ([`crate::kprototypes::fit`], same settings and
//! seed for every k; the sample keeps the whole data's standardisation and γ) and scores
//! each partition by the mean silhouette of the sampled rows. Only the chosen k is then
//! fitted on **all** rows, in one run from the centroids of its sample fit (as
//! [`crate::kprototypes::fit_sampled`] does: the restarts were made on the sample). Fitting every k on all rows and the silhouette on all rows
//! (O(n²)) would cost minutes on millions of rows; a sample of a few thousand rows tells
//! the number of clusters as well when clusters are not tiny (and clusters below
//! `min_cluster_share`, default 5 %, are rejected anyway: a 5 % cluster has about 250
//! sampled rows). When there are no more rows than `sample_size`, the sample is all rows
//! and the chosen fit is the one scored (no second fit).
//!
//! **Distance:** d(x, y) = √(Σ_numeric (x − y)² + γ · #mismatches), with the fit's γ: the
//! square root of the k-prototypes dissimilarity, i.e. the distance whose square the
//! clustering minimises — just as the silhouette of k-means uses the Euclidean distance, not
//! its square. (The squared form exaggerates large gaps and favours merging clusters that
//! lie close together: on planted data it chose too few clusters.) Nearest neighbours and
//! cluster memberships are the same under both. The distances between sampled rows do not
//! depend on k: they are computed once ([`SampleDistances`], stored as `f32`, half of
//! s² entries: 50 MB for 5,000 rows) and reused for every k.
//!
//! For a sampled row i in cluster A: a(i) = mean dissimilarity to the other sampled rows of
//! A, b(i) = the smallest mean dissimilarity to the sampled rows of another cluster,
//! s(i) = (b − a) / max(a, b), and s(i) = 0 when i is the only sampled row of A (the
//! scikit-learn convention). Clusters without a sampled row are left out of b.
//!
//! A k whose smallest cluster holds less than `min_cluster_share` of the sampled rows is
//! rejected, as is a k above the number of distinct sampled rows; the chosen k has the
//! highest silhouette among the accepted ones (the smallest k on a tie). The cost of every
//! k on the sample is reported too (the elbow curve).

use rayon::prelude::*;

use crate::kprototypes::{
    KPrototypesConfig, KPrototypesError, KPrototypesFit, MixedData, Progress, Rng, Tracker,
    fit_tracked, fit_units, refit_tracked, row_dissimilarity, run_units,
};

/// Settings of [`select_k`].
#[derive(Debug, Clone, PartialEq)]
pub struct SilhouetteOptions {
    /// Smallest k tried (at least 2).
    pub k_min: usize,
    /// Largest k tried; `None` = min(10, ⌊√n⌋).
    pub k_max: Option<usize>,
    /// Rows sampled to fit every candidate k and to compute its silhouette (all rows when
    /// there are fewer).
    pub sample_size: usize,
    /// A solution whose smallest cluster holds a smaller share of the sampled rows is
    /// rejected.
    pub min_cluster_share: f64,
}

impl Default for SilhouetteOptions {
    fn default() -> Self {
        SilhouetteOptions { k_min: 2, k_max: None, sample_size: 5000, min_cluster_share: 0.05 }
    }
}

/// Why a k was not chosen.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Rejection {
    /// Its smallest cluster is below the minimum share.
    SmallCluster {
        /// The smallest cluster's share of the rows.
        share: f64,
    },
    /// There are fewer distinct (sampled) rows than k.
    TooFewDistinctRows {
        /// Distinct sampled rows.
        distinct: usize,
    },
}

/// The score of one k.
#[derive(Debug, Clone, PartialEq)]
pub struct KScore {
    /// Number of clusters.
    pub k: usize,
    /// Mean silhouette on the sample (−1..1, higher is better; NaN when not fitted).
    pub silhouette: f64,
    /// The cost of the fit on the sample (NaN when not fitted).
    pub cost: f64,
    /// Share of the sampled rows in the smallest cluster (NaN when not fitted).
    pub smallest_share: f64,
    /// `None` when the k is acceptable.
    pub rejection: Option<Rejection>,
}

/// The result of [`select_k`].
#[derive(Debug, Clone, PartialEq)]
pub struct KSelection {
    /// The chosen k; `None` when every k was rejected.
    pub chosen_k: Option<usize>,
    /// The fit of the chosen k on all rows.
    pub fit: Option<KPrototypesFit>,
    /// One score per k tried, in increasing k.
    pub scores: Vec<KScore>,
    /// Rows in the sample the candidates were fitted and scored on.
    pub sample_size: usize,
}

/// `size` distinct row indices out of `0..n`, in increasing order, drawn with Knuth's
/// selection sampling from `seed` (all rows when `size >= n`).
pub fn sample_rows(n: usize, size: usize, seed: u64) -> Vec<usize> {
    if size >= n {
        return (0..n).collect();
    }
    let mut rng = Rng::new(seed ^ 0x5348_494c_484f_5545);
    let mut out = Vec::with_capacity(size);
    for i in 0..n {
        let remaining_rows = n - i;
        let needed = size - out.len();
        if needed == 0 {
            break;
        }
        if rng.below(remaining_rows) < needed {
            out.push(i);
        }
    }
    out
}

/// Distances √(k-prototypes dissimilarity) between every two rows of a sample, computed
/// once (in parallel) and shared by the silhouettes of every k.
pub struct SampleDistances {
    /// Per sampled row a, its distances to the rows after it (`f32`: half the memory; the
    /// silhouette's sums are taken in `f64`). One block per row rather than one for all: at
    /// the peak of `icp segment` on millions of accounts, blocks of a few kB fit in memory
    /// the allocator already holds from earlier work, where one 50 MB block took new memory.
    upper: Vec<Box<[f32]>>,
}

impl SampleDistances {
    /// The distances between the rows `sample` of `data` with weight `gamma`.
    ///
    /// # Panics
    /// When a sampled row is out of range.
    pub fn new(data: &MixedData, sample: &[usize], gamma: f64) -> Self {
        let upper = (0..sample.len())
            .into_par_iter()
            .map(|a| {
                sample[a + 1..]
                    .iter()
                    .map(|&j| row_dissimilarity(data, sample[a], j, gamma).sqrt() as f32)
                    .collect()
            })
            .collect();
        SampleDistances { upper }
    }

    /// Mean silhouette of the sampled rows, `labels[a]` (`0..k`) being the cluster of the
    /// a-th sampled row. 0 when fewer than two clusters have sampled rows.
    ///
    /// # Panics
    /// When `labels` has the wrong length or a label is `>= k`.
    pub fn silhouette(&self, labels: &[u32], k: usize) -> f64 {
        let s = self.upper.len();
        assert_eq!(labels.len(), s, "one label per sampled row");
        let mut counts = vec![0usize; k];
        for &l in labels {
            counts[l as usize] += 1;
        }
        if counts.iter().filter(|&&c| c > 0).count() < 2 {
            return 0.0;
        }
        let per_row: Vec<f64> = (0..s)
            .into_par_iter()
            .map(|a| {
                let own = labels[a] as usize;
                if counts[own] < 2 {
                    return 0.0;
                }
                let mut sums = vec![0.0; k];
                // Every other row in order: those before a hold their distance to a, a's own
                // row holds those after it.
                for (b, &l) in labels[..a].iter().enumerate() {
                    sums[l as usize] += f64::from(self.upper[b][a - b - 1]);
                }
                for (&d, &l) in self.upper[a].iter().zip(&labels[a + 1..]) {
                    sums[l as usize] += f64::from(d);
                }
                let a_i = sums[own] / (counts[own] - 1) as f64;
                let b_i = (0..k)
                    .filter(|&c| c != own && counts[c] > 0)
                    .map(|c| sums[c] / counts[c] as f64)
                    .fold(f64::INFINITY, f64::min);
                let m = a_i.max(b_i);
                if m > 0.0 { (b_i - a_i) / m } else { 0.0 }
            })
            .collect();
        per_row.iter().sum::<f64>() / s as f64
    }
}

/// Mean silhouette of the rows `sample` under `labels` (labels of all rows, `0..k`), with
/// the distance √(k-prototypes dissimilarity) and weight `gamma` (see the module
/// documentation). 0 when fewer than two clusters have sampled rows.
///
/// # Panics
/// When a label is `>= k` or a sampled row is out of range.
pub fn silhouette_score(
    data: &MixedData,
    labels: &[u32],
    k: usize,
    gamma: f64,
    sample: &[usize],
) -> f64 {
    let sampled: Vec<u32> = sample.iter().map(|&i| labels[i]).collect();
    SampleDistances::new(data, sample, gamma).silhouette(&sampled, k)
}

/// Fits k-prototypes on a sample for every k in the range, picks k by the silhouette and
/// fits the chosen k on all rows (see the module documentation). `base` gives every setting
/// except k. `progress` gets `(done, total)` over all fits.
pub fn select_k(
    data: &MixedData,
    base: &KPrototypesConfig,
    options: &SilhouetteOptions,
    progress: Option<Progress<'_>>,
) -> Result<KSelection, KPrototypesError> {
    let n = data.rows();
    let k_max = options.k_max.unwrap_or_else(|| 10.min((n as f64).sqrt() as usize));
    if options.k_min < 2 {
        return Err(KPrototypesError::InvalidConfig("the silhouette needs k >= 2".into()));
    }
    if n < options.k_min {
        return Err(KPrototypesError::TooFewRows { k: options.k_min, rows: n });
    }
    if k_max < options.k_min {
        return Err(KPrototypesError::InvalidConfig(format!(
            "empty k range {}..={k_max} for {n} rows",
            options.k_min
        )));
    }
    if !(0.0..1.0).contains(&options.min_cluster_share) {
        return Err(KPrototypesError::InvalidConfig(format!(
            "min_cluster_share must be in [0, 1), got {}",
            options.min_cluster_share
        )));
    }
    if options.sample_size < 2 {
        return Err(KPrototypesError::InvalidConfig("sample_size must be at least 2".into()));
    }
    let sample = sample_rows(n, options.sample_size, base.seed);
    let whole = sample.len() == n;
    let sampled_data;
    let on = if whole {
        data
    } else {
        sampled_data = data.subset(&sample);
        &sampled_data
    };
    let s = on.rows();
    let gamma = base.gamma.unwrap_or_else(|| data.default_gamma());
    let distinct = on.distinct_rows(k_max);
    let ks: Vec<usize> = (options.k_min..=k_max).collect();
    let units = fit_units(base) + 1;
    let final_units = if whole { 0 } else { run_units(base) };
    let tracker = Tracker::new(progress, units * ks.len() as u64 + final_units);
    let distances = SampleDistances::new(on, &(0..s).collect::<Vec<_>>(), gamma);

    let mut scores = Vec::with_capacity(ks.len());
    let mut best: Option<(f64, KPrototypesFit)> = None;
    for &k in &ks {
        if k > distinct {
            tracker.advance(units);
            scores.push(KScore {
                k,
                silhouette: f64::NAN,
                cost: f64::NAN,
                smallest_share: f64::NAN,
                rejection: Some(Rejection::TooFewDistinctRows { distinct }),
            });
            continue;
        }
        let config = KPrototypesConfig { k, ..base.clone() };
        let fit = fit_tracked(on, &config, &tracker)?;
        let silhouette = distances.silhouette(&fit.labels, k);
        tracker.advance(1);
        let smallest_share = *fit.sizes.iter().min().expect("k >= 2") as f64 / s as f64;
        let rejection = (smallest_share < options.min_cluster_share)
            .then_some(Rejection::SmallCluster { share: smallest_share });
        scores.push(KScore {
            k,
            silhouette,
            cost: fit.cost,
            smallest_share,
            rejection: rejection.clone(),
        });
        if rejection.is_none() && best.as_ref().is_none_or(|(s, _)| silhouette > *s) {
            best = Some((silhouette, fit));
        }
    }
    drop(distances);
    let (chosen_k, fit) = match best {
        Some((_, fit)) if whole => (Some(fit.k), Some(fit)),
        Some((_, sample_fit)) => {
            (Some(sample_fit.k), Some(refit_tracked(data, base, &sample_fit, &tracker)?))
        }
        None => {
            tracker.advance(final_units);
            (None, None)
        }
    };
    Ok(KSelection { chosen_k, fit, scores, sample_size: s })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kprototypes::tests::{mixed, planted};
    use crate::kprototypes::{Centroids, InputColumn, adjusted_rand_index, labels_cost};

    #[test]
    fn silhouette_picks_the_planted_k() {
        for planted_k in [3, 5] {
            let (nums, cats, _) = planted(1500, planted_k, planted_k, 3, 21);
            let data = mixed(&nums, &cats);
            let mut base = KPrototypesConfig::new(2);
            base.n_init = 4;
            let options =
                SilhouetteOptions { k_max: Some(7), sample_size: 600, ..Default::default() };
            let sel = select_k(&data, &base, &options, None).unwrap();
            assert_eq!(sel.scores.len(), 6);
            assert_eq!(sel.chosen_k, Some(planted_k), "{:?}", sel.scores);
            assert_eq!(sel.fit.as_ref().unwrap().k, planted_k);
            assert_eq!(sel.sample_size, 600);
            assert!(sel.scores.iter().all(|s| s.silhouette.is_finite()));
        }
    }

    #[test]
    fn k_chosen_on_a_sample_agrees_with_the_exact_choice() {
        // Exact: every k fitted and scored on all 6,000 rows; sampled: on 1,200 of them.
        let n = 6000;
        let planted_k = 4;
        let (nums, cats, truth) = planted(n, planted_k, planted_k, 3, 33);
        let data = mixed(&nums, &cats);
        let mut base = KPrototypesConfig::new(2);
        base.n_init = 3;
        let exact = SilhouetteOptions { k_max: Some(6), sample_size: n, ..Default::default() };
        let sampled = SilhouetteOptions { sample_size: 1200, ..exact.clone() };
        let exact = select_k(&data, &base, &exact, None).unwrap();
        let reached = std::sync::Mutex::new((0, 0));
        let progress = |done: u64, total: u64| {
            let mut r = reached.lock().unwrap();
            *r = (r.0.max(done), total);
        };
        let sel = select_k(&data, &base, &sampled, Some(&progress)).unwrap();
        let (done, total) = *reached.lock().unwrap();
        assert_eq!(done, total, "progress covers the final fit too");
        assert_eq!(exact.sample_size, n);
        assert_eq!(sel.sample_size, 1200);
        assert_eq!(exact.chosen_k, Some(planted_k), "{:?}", exact.scores);
        assert_eq!(sel.chosen_k, exact.chosen_k, "{:?}", sel.scores);
        for (a, b) in sel.scores.iter().zip(&exact.scores) {
            assert!((a.silhouette - b.silhouette).abs() < 0.05, "{a:?} vs {b:?}");
        }
        // The chosen k is fitted on all rows in one run from the sample fit's centroids:
        // the clusters of the fit with all its restarts on all rows, at the same cost.
        let fit = sel.fit.as_ref().unwrap();
        let exact_fit = exact.fit.as_ref().unwrap();
        assert_eq!(fit.labels.len(), n);
        assert_eq!(fit.run_costs.len(), 1);
        assert!(adjusted_rand_index(&fit.labels, &exact_fit.labels) > 0.99);
        assert!(fit.cost <= exact_fit.cost * 1.0001, "{} vs {}", fit.cost, exact_fit.cost);
        assert!(adjusted_rand_index(&fit.labels, &truth) > 0.9);
        // Deterministic for a seed; another seed draws another sample.
        assert_eq!(select_k(&data, &base, &sampled, None).unwrap(), sel);
        assert_ne!(sample_rows(n, 1200, base.seed), sample_rows(n, 1200, base.seed + 1));
    }

    #[test]
    fn small_clusters_are_rejected_and_ranges_checked() {
        // 2 big groups and a 2 % group: k = 3 separates the small group but is rejected.
        let n = 1000;
        let x: Vec<f64> = (0..n)
            .map(|i| if i < 20 { 1000.0 } else if i % 2 == 0 { 0.0 } else { 10.0 } + (i % 7) as f64 * 0.1)
            .collect();
        let c: Vec<u32> = (0..n).map(|i| if i < 20 { 2 } else { (i % 2) as u32 }).collect();
        let data = MixedData::new(&[
            InputColumn::Numeric { name: "x", values: &x },
            InputColumn::Categorical { name: "c", codes: &c, levels: &[] },
        ])
        .unwrap();
        let options = SilhouetteOptions { k_max: Some(4), ..Default::default() };
        let mut base = KPrototypesConfig::new(2);
        base.n_init = 3;
        let sel = select_k(&data, &base, &options, None).unwrap();
        let k3 = &sel.scores[1];
        assert_eq!(k3.k, 3);
        assert!(
            matches!(k3.rejection, Some(Rejection::SmallCluster { share }) if (share - 0.02).abs() < 1e-9)
        );
        assert_ne!(sel.chosen_k, Some(3));

        let bad = SilhouetteOptions { k_min: 1, ..Default::default() };
        assert!(matches!(
            select_k(&data, &base, &bad, None),
            Err(KPrototypesError::InvalidConfig(_))
        ));
        let empty = SilhouetteOptions { k_min: 5, k_max: Some(4), ..Default::default() };
        assert!(matches!(
            select_k(&data, &base, &empty, None),
            Err(KPrototypesError::InvalidConfig(_))
        ));
    }

    #[test]
    fn too_few_distinct_rows_are_reported_per_k() {
        let x: Vec<f64> = (0..40).map(|i| (i % 4) as f64 * 10.0).collect();
        let data = MixedData::new(&[InputColumn::Numeric { name: "x", values: &x }]).unwrap();
        let mut base = KPrototypesConfig::new(2);
        base.n_init = 2;
        let options =
            SilhouetteOptions { k_max: Some(6), min_cluster_share: 0.0, ..Default::default() };
        let sel = select_k(&data, &base, &options, None).unwrap();
        assert_eq!(sel.chosen_k, Some(4));
        assert!(matches!(
            sel.scores[3].rejection,
            Some(Rejection::TooFewDistinctRows { distinct: 4 })
        ));
        assert!(sel.scores[4].silhouette.is_nan());
    }

    #[test]
    fn sampling_is_deterministic_and_sorted() {
        let a = sample_rows(10_000, 300, 9);
        assert_eq!(a, sample_rows(10_000, 300, 9));
        assert_ne!(a, sample_rows(10_000, 300, 10));
        assert_eq!(a.len(), 300);
        assert!(a.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(sample_rows(5, 300, 9), vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn silhouette_matches_a_hand_computed_value() {
        // 1-D, no categorical column: points 0, 1 | 10, 12 (distance = |difference| in z-scores).
        let x = vec![0.0, 1.0, 10.0, 12.0];
        let data = MixedData::new(&[InputColumn::Numeric { name: "x", values: &x }]).unwrap();
        let z: Vec<f64> = (0..4).map(|i| data.numeric_row(i)[0]).collect();
        let d = |a: usize, b: usize| (z[a] - z[b]).abs();
        let labels = [0, 0, 1, 1];
        let s = |i: usize, mate: usize, others: [usize; 2]| {
            let a = d(i, mate);
            let b = (d(i, others[0]) + d(i, others[1])) / 2.0;
            (b - a) / a.max(b)
        };
        let expected =
            (s(0, 1, [2, 3]) + s(1, 0, [2, 3]) + s(2, 3, [0, 1]) + s(3, 2, [0, 1])) / 4.0;
        let got = silhouette_score(&data, &labels, 2, 0.5, &[0, 1, 2, 3]);
        // Distances are stored as f32 (see `SampleDistances`).
        assert!((got - expected).abs() < 1e-6, "{got} vs {expected}");
        // And the labels are the nearest-centroid ones for the obvious centres.
        let cent = Centroids {
            k: 2,
            numeric: vec![(z[0] + z[1]) / 2.0, (z[2] + z[3]) / 2.0],
            categorical: vec![],
        };
        assert_eq!(labels_cost(&data, &cent, 0.5).0, labels.to_vec());
    }
}
