use super::agreement::adjusted_rand_index;
use super::config::KPrototypesConfig;
use super::data::{InputColumn, MISSING_LABEL, MixedData};
use super::describe::{DescribeOptions, DistinctionDetail, describe_clusters};
use super::error::KPrototypesError;
use super::fit::{cluster_sizes, fit, partition_cost};
use super::init::cao_init_rows;
use super::refine::hartigan_pass;
use super::rng::Rng;
use super::sampled::fit_sampled;
use icp_frame::{ColumnData, Frame, MISSING_BOOL, MISSING_CODE, MISSING_DATE};

/// Planted mixed data: `k` equally likely clusters, `p` numeric and `q` categorical
/// columns. Numeric column j is 140 (noise sd 4) in cluster j mod k and 100 elsewhere, so
/// clusters are equally far apart when p ≥ k; in categorical column j cluster c has level
/// (c + j) mod (k + 2) with probability 0.7, otherwise a uniformly random level.
pub(crate) fn planted(
    n: usize,
    k: usize,
    p: usize,
    q: usize,
    seed: u64,
) -> (Vec<Vec<f64>>, Vec<Vec<u32>>, Vec<u32>) {
    let mut rng = Rng::new(seed);
    let levels = k + 2;
    let mut nums = vec![Vec::with_capacity(n); p];
    let mut cats = vec![Vec::with_capacity(n); q];
    let mut truth = Vec::with_capacity(n);
    for i in 0..n {
        let c = i % k;
        truth.push(c as u32);
        for (j, col) in nums.iter_mut().enumerate() {
            let centre = if j % k == c { 140.0 } else { 100.0 };
            col.push(centre + 4.0 * rng.normal());
        }
        for (j, col) in cats.iter_mut().enumerate() {
            let own = ((c + j) % levels) as u32;
            col.push(if rng.next_f64() < 0.7 { own } else { rng.below(levels) as u32 });
        }
    }
    (nums, cats, truth)
}

pub(crate) fn mixed(nums: &[Vec<f64>], cats: &[Vec<u32>]) -> MixedData {
    let names: Vec<String> = (0..nums.len())
        .map(|j| format!("n{j}"))
        .chain((0..cats.len()).map(|j| format!("c{j}")))
        .collect();
    let mut cols = Vec::new();
    for (j, v) in nums.iter().enumerate() {
        cols.push(InputColumn::Numeric { name: &names[j], values: v });
    }
    for (j, v) in cats.iter().enumerate() {
        cols.push(InputColumn::Categorical { name: &names[nums.len() + j], codes: v, levels: &[] });
    }
    MixedData::new(&cols).expect("valid data")
}

#[test]
fn planted_clusters_are_recovered() {
    let (nums, cats, truth) = planted(1200, 4, 3, 3, 7);
    let data = mixed(&nums, &cats);
    let fit = fit(&data, &KPrototypesConfig::new(4), None).unwrap();
    let ari = adjusted_rand_index(&fit.labels, &truth);
    assert!(ari > 0.9, "ARI {ari}");
    assert!(fit.converged);
    assert_eq!(fit.sizes.iter().sum::<usize>(), 1200);
    assert_eq!(fit.run_costs.len(), 10);
    assert!((fit.gamma - 0.5).abs() < 1e-12, "gamma {}", fit.gamma);
    assert!(fit.run_costs.iter().all(|&c| c >= fit.cost));
    // The reported cost is the cost of the reported partition.
    let again = partition_cost(&data, &fit.labels, 4, fit.gamma);
    assert!((again - fit.cost).abs() <= 1e-9 * fit.cost, "{again} vs {}", fit.cost);
}

#[test]
fn same_seed_same_clusters_other_seed_still_valid() {
    let (nums, cats, _) = planted(900, 3, 2, 2, 11);
    let data = mixed(&nums, &cats);
    let mut config = KPrototypesConfig::new(3);
    config.seed = 5;
    let a = fit(&data, &config, None).unwrap();
    let b = fit(&data, &config, None).unwrap();
    assert_eq!(a, b);
    // Same result on a one-thread pool: nothing depends on the thread count.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let c = pool.install(|| fit(&data, &config, None).unwrap());
    assert_eq!(a, c);
}

#[test]
fn cost_never_increases() {
    // Overlapping clusters so that runs take several passes.
    let (mut nums, cats, _) = planted(2000, 5, 3, 4, 3);
    let mut rng = Rng::new(99);
    for col in &mut nums {
        for v in col.iter_mut() {
            *v += 40.0 * rng.normal();
        }
    }
    let data = mixed(&nums, &cats);
    for seed in 0..4 {
        let mut config = KPrototypesConfig::new(6);
        config.seed = seed;
        config.n_init = 3;
        let fit = fit(&data, &config, None).unwrap();
        assert!(fit.cost_history.len() >= 2, "{:?}", fit.cost_history);
        for w in fit.cost_history.windows(2) {
            assert!(w[1] <= w[0] * (1.0 + 1e-12), "{:?}", fit.cost_history);
        }
        assert_eq!(*fit.cost_history.last().unwrap(), fit.cost);
    }
}

#[test]
fn hartigan_passes_lower_the_partition_cost() {
    let (mut nums, cats, _) = planted(1500, 4, 3, 4, 8);
    let mut rng = Rng::new(5);
    for col in &mut nums {
        for v in col.iter_mut() {
            *v += 30.0 * rng.normal();
        }
    }
    let data = mixed(&nums, &cats);
    let gamma = data.default_gamma();
    let mut labels: Vec<u32> = (0..1500).map(|_| rng.below(4) as u32).collect();
    let mut cost = partition_cost(&data, &labels, 4, gamma);
    for _ in 0..50 {
        let moved = hartigan_pass(&data, &mut labels, 4, gamma);
        let after = partition_cost(&data, &labels, 4, gamma);
        if moved == 0 {
            assert!((after - cost).abs() <= 1e-9 * cost);
            break;
        }
        assert!(after < cost, "{after} !< {cost}");
        cost = after;
    }
    assert!(cluster_sizes(&labels, 4).iter().all(|&s| s > 0));
}

#[test]
fn refinement_never_hurts() {
    let (mut nums, cats, _) = planted(2000, 5, 4, 4, 12);
    let mut rng = Rng::new(6);
    for col in &mut nums {
        for v in col.iter_mut() {
            *v += 35.0 * rng.normal();
        }
    }
    let data = mixed(&nums, &cats);
    let mut config = KPrototypesConfig::new(5);
    config.n_init = 4;
    let refined = fit(&data, &config, None).unwrap();
    config.refine = false;
    let lloyd = fit(&data, &config, None).unwrap();
    for (r, l) in refined.run_costs.iter().zip(&lloyd.run_costs) {
        assert!(*r <= l * (1.0 + 1e-12), "{r} > {l}");
    }
    assert!(refined.cost <= lloyd.cost);
}

#[test]
fn progress_reaches_total() {
    let (nums, cats, _) = planted(300, 3, 2, 2, 1);
    let data = mixed(&nums, &cats);
    let seen = std::sync::Mutex::new(Vec::new());
    let cb = |d: u64, t: u64| seen.lock().unwrap().push((d, t));
    let fit = fit(&data, &KPrototypesConfig::new(3), Some(&cb)).unwrap();
    assert_eq!(fit.k, 3);
    let seen = seen.into_inner().unwrap();
    let total = 10 * 101;
    assert!(seen.iter().all(|&(d, t)| t == total && d <= t));
    assert_eq!(seen.iter().map(|&(d, _)| d).max(), Some(total));
}

#[test]
fn cao_matches_kmodes_on_a_small_example() {
    // kmodes 0.12.2: init_cao(X, k, matching_dissim) picks rows 1; 1,3; 1,3,2; 1,3,2,5.
    let rows: [[u32; 3]; 10] = [
        [0, 0, 1],
        [0, 1, 1],
        [1, 1, 0],
        [2, 2, 0],
        [2, 2, 1],
        [0, 0, 0],
        [1, 2, 2],
        [2, 1, 0],
        [0, 0, 1],
        [1, 1, 2],
    ];
    let cats: Vec<Vec<u32>> = (0..3).map(|j| rows.iter().map(|r| r[j]).collect()).collect();
    let nums = vec![(0..10).map(|i| i as f64).collect::<Vec<_>>()];
    let data = mixed(&nums, &cats);
    assert_eq!(cao_init_rows(&data, 1), vec![1]);
    assert_eq!(cao_init_rows(&data, 2), vec![1, 3]);
    assert_eq!(cao_init_rows(&data, 3), vec![1, 3, 2]);
    assert_eq!(cao_init_rows(&data, 4), vec![1, 3, 2, 5]);
}

#[test]
fn degenerate_inputs_are_errors() {
    assert_eq!(MixedData::new(&[]).unwrap_err(), KPrototypesError::NoColumns);

    let all_nan = vec![f64::NAN; 5];
    let ok = vec![1.0, 2.0, 3.0, 4.0, 5.0];
    let miss_codes = vec![MISSING_CODE; 5];
    let err = MixedData::new(&[
        InputColumn::Numeric { name: "a", values: &ok },
        InputColumn::Numeric { name: "b", values: &all_nan },
        InputColumn::Categorical { name: "c", codes: &miss_codes, levels: &[] },
    ])
    .unwrap_err();
    assert_eq!(err, KPrototypesError::AllMissing { columns: vec!["b".into(), "c".into()] });
    assert_eq!(
        err.to_string(),
        "columns `b`, `c` are entirely missing; drop them from the clustering"
    );
    let one = MixedData::new(&[InputColumn::Numeric { name: "b", values: &all_nan }]).unwrap_err();
    assert_eq!(one.to_string(), "column `b` is entirely missing; drop it from the clustering");

    let short = vec![1.0];
    assert!(matches!(
        MixedData::new(&[
            InputColumn::Numeric { name: "a", values: &ok },
            InputColumn::Numeric { name: "s", values: &short }
        ]),
        Err(KPrototypesError::LengthMismatch { .. })
    ));

    // n < k.
    let data = MixedData::new(&[InputColumn::Numeric { name: "a", values: &ok }]).unwrap();
    let err = fit(&data, &KPrototypesConfig::new(6), None).unwrap_err();
    assert_eq!(err, KPrototypesError::TooFewRows { k: 6, rows: 5 });
    assert_eq!(fit(&data, &KPrototypesConfig::new(0), None).unwrap_err(), KPrototypesError::ZeroK);

    // k > distinct rows: 30 rows, 9 distinct.
    let x: Vec<f64> = (0..30).map(|i| (i % 3) as f64).collect();
    let c: Vec<u32> = (0..30).map(|i| (i / 3 % 3) as u32).collect();
    let data = MixedData::new(&[
        InputColumn::Numeric { name: "x", values: &x },
        InputColumn::Categorical { name: "c", codes: &c, levels: &[] },
    ])
    .unwrap();
    let err = fit(&data, &KPrototypesConfig::new(12), None).unwrap_err();
    assert_eq!(err.to_string(), "k = 12 but only 9 distinct rows");
    // k = number of distinct rows works and puts each distinct row in its own cluster.
    let f = fit(&data, &KPrototypesConfig::new(9), None).unwrap();
    assert!(f.cost.abs() < 1e-9, "cost {}", f.cost);
    let mut sizes = f.sizes.clone();
    sizes.sort_unstable();
    assert_eq!(sizes, vec![3, 3, 3, 3, 3, 3, 4, 4, 4]);

    let mut bad = KPrototypesConfig::new(2);
    bad.gamma = Some(f64::NAN);
    assert!(matches!(fit(&data, &bad, None), Err(KPrototypesError::InvalidConfig(_))));
    bad.gamma = None;
    bad.n_init = 0;
    assert!(matches!(fit(&data, &bad, None), Err(KPrototypesError::InvalidConfig(_))));

    let inf = vec![1.0, f64::INFINITY];
    assert_eq!(
        MixedData::new(&[InputColumn::Numeric { name: "i", values: &inf }]).unwrap_err(),
        KPrototypesError::NonFinite { column: "i".into(), row: 1 }
    );
}

#[test]
fn missing_values_and_gamma_rule() {
    // Numeric missing → 0 after z-scoring; categorical missing → its own category, last.
    let x = vec![1.0, f64::NAN, 3.0, 5.0];
    let codes = vec![7, MISSING_CODE, 2, 7];
    let levels: Vec<String> = (0..8).map(|i| format!("L{i}")).collect();
    let data = MixedData::new(&[
        InputColumn::Numeric { name: "x", values: &x },
        InputColumn::Categorical { name: "c", codes: &codes, levels: &levels },
    ])
    .unwrap();
    let info = &data.numeric_columns()[0];
    assert_eq!((info.mean, info.missing), (3.0, 1));
    assert!((info.std - (8.0f64 / 3.0).sqrt()).abs() < 1e-12);
    assert_eq!(data.numeric_row(1), &[0.0]);
    let cat = &data.categorical_columns()[0];
    assert_eq!(cat.labels, vec!["L2", "L7", MISSING_LABEL]);
    assert_eq!(cat.missing_code, Some(2));
    assert_eq!(data.categorical_row(0), &[1]);
    assert_eq!(data.categorical_row(1), &[2]);
    // γ = 0.5 · std of the imputed z-column = 0.5 · √(3/4).
    assert!((data.default_gamma() - 0.5 * 0.75f64.sqrt()).abs() < 1e-12);

    // Only categorical columns: γ = 1 and clustering still works (k-modes).
    let only =
        MixedData::new(&[InputColumn::Categorical { name: "c", codes: &codes, levels: &levels }])
            .unwrap();
    assert_eq!(only.default_gamma(), 1.0);
    let f = fit(&only, &KPrototypesConfig::new(3), None).unwrap();
    assert_eq!(f.cost, 0.0);
}

#[test]
fn from_frame_maps_kinds() {
    use icp_frame::{Column, Kind, StrColumn};
    let mut text = StrColumn::new();
    for v in ["a", "b", "c", "d"] {
        text.push(Some(v));
    }
    let frame = Frame::new(
        vec![
            Column::new("n", Kind::Number, ColumnData::Number(vec![1.0, 2.0, 3.0, 4.0])),
            Column::new("b", Kind::Boolean, ColumnData::Bool(vec![0, 1, MISSING_BOOL, 1])),
            Column::new("d", Kind::Date, ColumnData::Date(vec![10, MISSING_DATE, 30, 40])),
            Column::new(
                "c",
                Kind::Categorical,
                ColumnData::Cat { codes: vec![0, 1, 0, 1], levels: vec!["x".into(), "y".into()] },
            ),
            Column::new("s", Kind::Text, ColumnData::Str(text)),
        ],
        4,
    );
    let data = MixedData::from_frame(&frame, &["n", "b", "d", "c"]).unwrap();
    assert_eq!(data.numeric_columns().len(), 2);
    assert_eq!(data.categorical_columns()[0].labels, vec!["false", "true", MISSING_LABEL]);
    assert_eq!(data.categorical_columns()[1].labels, vec!["x", "y"]);
    assert_eq!(
        MixedData::from_frame(&frame, &["zz"]).unwrap_err(),
        KPrototypesError::UnknownColumn("zz".into())
    );
    assert!(matches!(
        MixedData::from_frame(&frame, &["s"]),
        Err(KPrototypesError::UnsupportedColumn { .. })
    ));
}

#[test]
fn descriptions_name_the_planted_differences() {
    let n = 1000;
    let mut spend = Vec::new();
    let mut plan = Vec::new();
    let mut truth = Vec::new();
    let mut rng = Rng::new(4);
    for i in 0..n {
        let c = (i % 2) as u32;
        truth.push(c);
        spend.push(if c == 1 { 500.0 } else { 100.0 } + 20.0 * rng.normal());
        plan.push(if c == 1 && rng.next_f64() < 0.8 { 2 } else { rng.below(2) as u32 });
    }
    let levels: Vec<String> = vec!["free".into(), "pro".into(), "enterprise".into()];
    let data = MixedData::new(&[
        InputColumn::Numeric { name: "spend", values: &spend },
        InputColumn::Categorical { name: "plan", codes: &plan, levels: &levels },
    ])
    .unwrap();
    let d = describe_clusters(&data, &truth, 2, &DescribeOptions::default());
    assert_eq!(d.len(), 2);
    assert_eq!(d[1].size, 500);
    let top = &d[1].distinctions;
    assert!(top.len() >= 2, "{top:?}");
    assert_eq!(top[0].column, "spend");
    assert!(matches!(top[0].detail, DistinctionDetail::Numeric { sd_shift, .. } if sd_shift > 0.9));
    assert!(top[0].description.starts_with("spend: mean 50"), "{}", top[0].description);
    let ent = top.iter().find(|x| x.column == "plan").unwrap();
    assert!(
        matches!(&ent.detail, DistinctionDetail::Level { level, .. } if level == "enterprise"),
        "{ent:?}"
    );
    assert!(ent.lift.unwrap() > 1.5);
    assert!(ent.description.starts_with("plan = enterprise: "), "{}", ent.description);
    // Cluster 0 is set apart by low spend.
    assert!(d[0].distinctions[0].effect < -0.9);
}

#[test]
fn adjusted_rand_index_basics() {
    assert_eq!(adjusted_rand_index(&[0, 0, 1, 1], &[1, 1, 0, 0]), 1.0);
    assert!(adjusted_rand_index(&[0, 0, 1, 1], &[0, 1, 0, 1]) < 0.0);
    assert_eq!(adjusted_rand_index(&[0, 0, 0], &[0, 0, 0]), 1.0);
}

#[test]
fn predict_assigns_new_records_to_the_nearest_prototype() {
    let (nums, cats, _) = planted(1200, 3, 3, 2, 17);
    let data = mixed(&nums, &cats);
    let fit = fit(&data, &KPrototypesConfig::new(3), None).unwrap();
    assert!(fit.converged);
    let names = ["n0", "n1", "n2", "c0", "c1"];
    // The fitted rows, columns given in another order: their own clusters (no row moves
    // once converged).
    let columns = [
        InputColumn::Categorical { name: names[4], codes: &cats[1], levels: &[] },
        InputColumn::Numeric { name: names[2], values: &nums[2] },
        InputColumn::Numeric { name: names[0], values: &nums[0] },
        InputColumn::Categorical { name: names[3], codes: &cats[0], levels: &[] },
        InputColumn::Numeric { name: names[1], values: &nums[1] },
    ];
    assert_eq!(fit.predict(&data, &columns).unwrap(), fit.labels);

    // New records: one at each cluster's prototype in raw units (missing categories and an
    // unseen level count as mismatches everywhere, so the numbers decide).
    let raw = |c: usize, j: usize| {
        let info = &data.numeric_columns()[j];
        info.mean + info.std * fit.centroids.numeric(c)[j]
    };
    let new_nums: Vec<Vec<f64>> = (0..3).map(|j| (0..3).map(|c| raw(c, j)).collect()).collect();
    let unseen = vec![MISSING_CODE, 99, MISSING_CODE];
    let new_cols = [
        InputColumn::Numeric { name: names[0], values: &new_nums[0] },
        InputColumn::Numeric { name: names[1], values: &new_nums[1] },
        InputColumn::Numeric { name: names[2], values: &new_nums[2] },
        InputColumn::Categorical { name: names[3], codes: &unseen, levels: &[] },
        InputColumn::Categorical { name: names[4], codes: &unseen, levels: &[] },
    ];
    assert_eq!(fit.predict(&data, &new_cols).unwrap(), vec![0, 1, 2]);

    // A column of the fit that the records lack is named.
    let err = fit.predict(&data, &new_cols[..4]).unwrap_err();
    assert!(matches!(err, KPrototypesError::UnknownColumn(ref c) if c == "c1"), "{err}");
    let short = [0.0];
    let mismatch = [new_cols[0], InputColumn::Numeric { name: "n1", values: &short }];
    assert!(matches!(fit.predict(&data, &mismatch), Err(KPrototypesError::LengthMismatch { .. })));
}

/// 50,000 rows, all but 12 of them identical: random starting centroids always leave a
/// cluster empty (the identical rows all go to one centroid, the few others to the nearest
/// one), which used to cost 100 passes over all rows per run before empty clusters were
/// filled. The tries are now checked on a sample and the run then starts from distinct
/// spread-out rows.
#[test]
fn many_identical_rows_fit_in_a_bounded_number_of_passes() {
    let n = 50_000;
    let x: Vec<f64> =
        (0..n).map(|i| if i % 4_000 == 7 { 10.0 + (i / 4_000) as f64 } else { 0.0 }).collect();
    let c: Vec<u32> = (0..n).map(|i| if i % 4_000 == 7 { 1 + (i % 3) as u32 } else { 0 }).collect();
    let data = MixedData::new(&[
        InputColumn::Numeric { name: "x", values: &x },
        InputColumn::Categorical { name: "c", codes: &c, levels: &[] },
    ])
    .unwrap();
    let config = KPrototypesConfig::new(3);
    let fit = fit(&data, &config, None).unwrap();
    assert!(fit.sizes.iter().all(|&s| s > 0), "{:?}", fit.sizes);
    assert!(fit.converged);
    // Per run: one pass to start, at most k to fill empty clusters, then the iterations
    // (a handful here); the old start-up alone made 100 per run.
    assert!(fit.passes <= config.n_init * 15, "{} passes", fit.passes);
    // The identical rows form one cluster of their own.
    let zero = fit.labels[0];
    assert_eq!(fit.labels.iter().filter(|&&l| l == zero).count(), n - 13);
}

#[test]
fn a_fit_with_restarts_on_a_sample_matches_the_full_fit() {
    let n = 40_000;
    let (mut nums, cats, truth) = planted(n, 4, 4, 3, 17);
    let mut rng = Rng::new(3);
    for col in &mut nums {
        for v in col.iter_mut() {
            *v += 10.0 * rng.normal();
        }
    }
    let data = mixed(&nums, &cats);
    let mut config = KPrototypesConfig::new(4);
    config.n_init = 4;
    let full = fit(&data, &config, None).unwrap();
    let seen = std::sync::Mutex::new((0, 0));
    let cb = |d: u64, t: u64| {
        let mut s = seen.lock().unwrap();
        *s = (s.0.max(d), t);
    };
    let sampled = fit_sampled(&data, &config, 2_000, Some(&cb)).unwrap();
    let (done, total) = *seen.lock().unwrap();
    assert_eq!((done, total), (4 * 101 + 101, 4 * 101 + 101));
    assert_eq!(sampled.labels.len(), n);
    assert_eq!(sampled.run_costs, vec![sampled.cost]);
    assert!(sampled.converged);
    // The same local optimum within a hair, for far fewer passes over all rows.
    assert!(sampled.cost <= full.cost * 1.001, "{} vs {}", sampled.cost, full.cost);
    assert!(adjusted_rand_index(&sampled.labels, &full.labels) > 0.97);
    assert!(adjusted_rand_index(&sampled.labels, &truth) > 0.9);
    assert!(sampled.passes * 3 < full.passes, "{} vs {}", sampled.passes, full.passes);
    let again = partition_cost(&data, &sampled.labels, 4, sampled.gamma);
    assert!((again - sampled.cost).abs() <= 1e-9 * sampled.cost);
    // With no more rows than the sample, it is the plain fit.
    assert_eq!(fit_sampled(&data, &config, n, None).unwrap(), full);
}
