//! What sets each cluster apart, in words: numeric shifts and over-represented categories.

use std::fmt::Write as _;

use super::data::MixedData;
use super::fit::cluster_sizes;

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
        /// The level's label ([`MISSING_LABEL`](super::MISSING_LABEL) for missing values).
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
                let level = icp_frame::contact::mask(&info.labels[code]).into_owned();
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

pub(super) fn fmt_share(s: f64) -> String {
    let pct = s * 100.0;
    if pct >= 10.0 || pct == 0.0 { format!("{pct:.0}%") } else { format!("{pct:.1}%") }
}

pub(super) fn fmt_number(x: f64) -> String {
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
