//! Properties of supervised binning on generated data: every value lands in exactly one bin,
//! and where the bins declare a monotone trend, golden rates and the weight of evidence
//! (which points are proportional to) never turn.

use icp_profile::AttributeKind;
use icp_scorecard::binning::{BinSpec, BinningSettings, Trend, bin_feature};
use icp_scorecard::evidence::WOE_SMOOTHING;
use icp_scorecard::features::{Feature, FeatureValues};
use icp_scorecard::scorer::MISSING_BIN;
use icp_scorecard::stats::woe;
use proptest::prelude::*;

fn feature(kind: AttributeKind, values: FeatureValues) -> Feature {
    Feature { name: "x".into(), column: "x".into(), kind, tag: None, reference_day: None, values }
}

/// Rows of (value, golden): values drawn from a few distinct numbers (ties) or a continuum,
/// some missing; golden more likely where `slope * value` is high, so trends appear.
fn number_rows() -> impl Strategy<Value = Vec<(f64, bool)>> {
    (60usize..600, -3.0..3.0f64, any::<bool>()).prop_flat_map(|(n, slope, discrete)| {
        let value = if discrete {
            prop_oneof![1 => Just(f64::NAN), 9 => (0u8..6).prop_map(|v| f64::from(v) * 10.0)]
                .boxed()
        } else {
            prop_oneof![1 => Just(f64::NAN), 9 => -1e3..1e4f64].boxed()
        };
        prop::collection::vec((value, 0.0..1.0f64), n).prop_map(move |cells| {
            cells
                .into_iter()
                .map(|(v, u)| {
                    let x = if v.is_nan() { 0.0 } else { v / 1e3 };
                    let p = 1.0 / (1.0 + (-(slope * x) + 1.5).exp());
                    (v, u < p)
                })
                .collect()
        })
    })
}

/// Label codes over `k` levels (`u32::MAX` = missing) and a golden flag per row.
fn label_rows() -> impl Strategy<Value = (usize, Vec<u32>, Vec<bool>)> {
    (1usize..30)
        .prop_flat_map(|k| {
            let code = prop_oneof![1 => Just(u32::MAX), 12 => 0..k as u32];
            (Just(k), prop::collection::vec(code, 40..400))
        })
        .prop_flat_map(|(k, codes)| {
            let n = codes.len();
            (Just(k), Just(codes), prop::collection::vec(any::<bool>(), n))
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn every_number_lands_in_exactly_one_bin(
        rows in number_rows(),
        probes in prop::collection::vec(any::<f64>(), 20),
    ) {
        let values: Vec<f64> = rows.iter().map(|r| r.0).collect();
        let golden: Vec<bool> = rows.iter().map(|r| r.1).collect();
        let all: Vec<usize> = (0..rows.len()).collect();
        let n_golden = golden.iter().filter(|&&g| g).count();
        let f = feature(AttributeKind::Number, FeatureValues::Number(values.clone()));
        let binning = bin_feature(&f, &all, &golden, BinningSettings::for_golden(n_golden));
        let mut ranges = Vec::new();
        for b in &binning.bins {
            match b {
                BinSpec::Range { lo, hi } => ranges.push((*lo, *hi)),
                other => return Err(TestCaseError::fail(format!("a number got {other:?}"))),
            }
        }
        prop_assert!(!ranges.is_empty());
        prop_assert_eq!(ranges[0].0, f64::NEG_INFINITY);
        prop_assert_eq!(ranges[ranges.len() - 1].1, f64::INFINITY);
        for w in ranges.windows(2) {
            prop_assert_eq!(w[0].1, w[1].0, "ranges meet: {:?}", ranges);
        }
        for r in &ranges {
            prop_assert!(r.0 < r.1, "empty range in {:?}", ranges);
        }
        let probe = FeatureValues::Number(probes.clone());
        let last = ranges.len() - 1;
        for (values, source) in [(&values, &f.values), (&probes, &probe)] {
            for (i, &x) in values.iter().enumerate() {
                let code = binning.code(source, i);
                if x.is_nan() {
                    prop_assert_eq!(code, MISSING_BIN);
                    continue;
                }
                // `lo <= x < hi`, with +∞ belonging to the last, open-ended range.
                let holding: Vec<usize> = (0..ranges.len())
                    .filter(|&b| {
                        ranges[b].0 <= x && (x < ranges[b].1 || (x == f64::INFINITY && b == last))
                    })
                    .collect();
                prop_assert_eq!(holding.len(), 1, "{} in {:?}", x, ranges);
                prop_assert_eq!(usize::from(code), holding[0], "{}", x);
            }
        }
    }

    #[test]
    fn a_declared_trend_never_turns(rows in number_rows()) {
        let values: Vec<f64> = rows.iter().map(|r| r.0).collect();
        let golden: Vec<bool> = rows.iter().map(|r| r.1).collect();
        let all: Vec<usize> = (0..rows.len()).collect();
        let n_golden = golden.iter().filter(|&&g| g).count() as u64;
        let f = feature(AttributeKind::Number, FeatureValues::Number(values));
        let binning =
            bin_feature(&f, &all, &golden, BinningSettings::for_golden(n_golden as usize));
        let increasing = match binning.trend() {
            Some(Trend::Increasing) => true,
            Some(Trend::Decreasing) => false,
            Some(_) => return Ok(()),
            None => return Err(TestCaseError::fail("a number feature declares its shape")),
        };
        let mut counts = vec![(0u64, 0u64); binning.bins.len()];
        for (i, &g) in golden.iter().enumerate() {
            let code = binning.code(&f.values, i);
            if code != MISSING_BIN {
                let c = &mut counts[usize::from(code)];
                if g { c.0 += 1 } else { c.1 += 1 }
            }
        }
        let n_other = rows.len() as u64 - n_golden;
        let rate = |c: (u64, u64)| c.0 as f64 / (c.0 + c.1).max(1) as f64;
        let evidence = |c: (u64, u64)| woe(c.0, c.1, n_golden, n_other, WOE_SMOOTHING);
        for w in counts.windows(2) {
            let (a, b) = (w[0], w[1]);
            if increasing {
                prop_assert!(rate(a) <= rate(b), "rates turn: {:?}", counts);
                prop_assert!(evidence(a) <= evidence(b) + 1e-12, "evidence turns: {:?}", counts);
            } else {
                prop_assert!(rate(a) >= rate(b), "rates turn: {:?}", counts);
                prop_assert!(evidence(a) + 1e-12 >= evidence(b), "evidence turns: {:?}", counts);
            }
        }
    }

    #[test]
    fn every_label_lands_in_exactly_one_bin((levels, codes, golden) in label_rows()) {
        let names: Vec<String> = (0..levels).map(|l| format!("level {l}")).collect();
        let n_golden = golden.iter().filter(|&&g| g).count();
        let f = feature(
            AttributeKind::Categorical,
            FeatureValues::Labels { codes: codes.clone(), levels: names.clone() },
        );
        let all: Vec<usize> = (0..codes.len()).collect();
        let binning = bin_feature(&f, &all, &golden, BinningSettings::for_golden(n_golden));
        prop_assert_eq!(binning.trend(), None);
        // A label is listed in at most one bin.
        for name in &names {
            let listed = binning
                .bins
                .iter()
                .filter(|b| matches!(b, BinSpec::Levels(l) | BinSpec::Other(l) if l.contains(name)))
                .count();
            prop_assert!(listed <= 1, "{} listed {} times: {:?}", name, listed, binning.bins);
        }
        for (i, &c) in codes.iter().enumerate() {
            let code = binning.code(&f.values, i);
            if c == u32::MAX {
                prop_assert_eq!(code, MISSING_BIN);
                continue;
            }
            let name = &names[c as usize];
            let listed_elsewhere = binning
                .bins
                .iter()
                .any(|b| matches!(b, BinSpec::Levels(l) if l.contains(name)));
            let fits = match binning.bins.get(usize::from(code)) {
                Some(BinSpec::Levels(l)) => l.contains(name),
                Some(BinSpec::Other(l)) => l.contains(name) || !listed_elsewhere,
                _ => false,
            };
            prop_assert!(fits, "{} went to bin {} of {:?}", name, code, binning.bins);
        }
    }
}
