//! The scorecard never rewards what it has not seen, on data made here: an unseen label scores
//! neutral apart from the merged rare labels, merged bins say what they hold and never share a
//! label with a real level, missing values are neutral unless the evidence says otherwise,
//! points follow the golden rates, and suggested disqualifiers stay off until a person turns
//! them on.

use icp_frame::{Column, ColumnData, Frame, Kind};
use icp_profile::{AttributeKind, Profile, SUGGESTED_OFF};
use icp_scorecard::binning::{BinSpec, BinningSettings, Trend, bin_feature};
use icp_scorecard::discover::{Candidate, DiscoverSettings, discover};
use icp_scorecard::evidence::evidence;
use icp_scorecard::features::{Feature, FeatureValues};
use icp_scorecard::profile_builder::{ProfileMeta, build_profile, shaped_contributions};
use icp_scorecard::reasons::Reasoner;
use icp_scorecard::scorer::{Outcome, Scorer, UNSEEN_BIN};
use icp_scorecard::stats::DEFAULT_PRIOR_STRENGTH;

mod common;
use common::{Lcg, labels};

/// Education: bachelor (golden 35%), highschool (5%), a real level named `other` (15%), five
/// rare levels of 25 rows each that are mostly golden (merged), and `dropout` with no golden
/// customer at all. Employees: golden rises with size; nine rows missing, all golden. Visits:
/// golden rises with visits; a fifth missing, golden far more often.
fn crm(n: usize) -> (Frame, Vec<bool>) {
    let mut rng = Lcg(7);
    let rare = ["phd", "mba", "edd", "jd", "md"];
    let (mut education, mut employees, mut visits, mut golden) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..n {
        let (level, rate) = if i < 125 {
            (rare[i % 5], 0.8)
        } else {
            match i % 20 {
                0..=7 => ("bachelor", 0.35),
                8..=14 => ("highschool", 0.05),
                15..=17 => ("other", 0.15),
                _ => ("dropout", 0.0),
            }
        };
        let size = rng.unit() * 1000.0;
        let v = rng.unit() * 50.0;
        let visit_missing = i % 5 == 1;
        let p = rate * (0.5 + size / 1000.0) * if visit_missing { 1.6 } else { 0.4 + v / 40.0 };
        let g = rng.unit() < p.min(0.95);
        education.push(level);
        employees.push(size);
        visits.push(if visit_missing { f64::NAN } else { v });
        golden.push(g);
    }
    // Exactly nine missing employee counts, all golden.
    let mut missing = 0;
    for i in 0..n {
        if golden[i] && missing < 9 && i % 7 == 0 {
            employees[i] = f64::NAN;
            missing += 1;
        }
    }
    assert_eq!(missing, 9);
    let frame = Frame::new(
        vec![
            labels("education", &education),
            Column::new("employees", Kind::Number, ColumnData::Number(employees)),
            Column::new("visits", Kind::Number, ColumnData::Number(visits)),
        ],
        n,
    );
    (frame, golden)
}

fn learn(frame: &Frame, golden: &[bool]) -> Profile {
    let rows: Vec<usize> = (0..frame.rows()).collect();
    let columns: Vec<String> = frame.columns().iter().map(|c| c.name.clone()).collect();
    let discovery =
        discover(frame, &columns, golden, &rows, &DiscoverSettings::default()).expect("discovery");
    assert!(!discovery.no_signal);
    let meta = ProfileMeta { criteria_columns: vec![], ..ProfileMeta::default() };
    build_profile(&discovery, frame, &rows, golden, &meta)
}

fn attribute<'a>(profile: &'a Profile, name: &str) -> &'a icp_profile::Attribute {
    profile
        .attributes
        .iter()
        .find(|a| a.name == name)
        .unwrap_or_else(|| panic!("no key attribute `{name}`: {:#?}", profile.attributes))
}

#[test]
fn an_unseen_label_scores_neutral_apart_from_the_merged_rare_ones() {
    let (frame, golden) = crm(4000);
    let profile = learn(&frame, &golden);
    let education = attribute(&profile, "education");
    let a = profile.attributes.iter().position(|x| x.name == "education").unwrap();
    let merged = education.bins.iter().find(|b| b.other == Some(true)).expect("a merged bin");
    // The merged bin lists what it merged, and nothing else.
    let mut held = merged.levels.clone().expect("the merged levels are listed");
    held.sort();
    assert_eq!(held, ["edd", "jd", "mba", "md", "phd"]);
    assert!(merged.points > education.neutral_points, "mostly golden: {education:#?}");
    // Score a value never seen, a merged one, and the real `other` level.
    let scored = Frame::new(vec![labels("education", &["doctorate", "phd", "other"])], 3);
    let scorer = Scorer::new(Profile { criteria: vec![], ..profile.clone() }).unwrap();
    let batch = scorer.score(&scored).unwrap();
    assert_eq!(batch.codes[a][0], UNSEEN_BIN);
    assert_eq!(
        scorer.points_tenths(a, batch.codes[a][0]),
        (education.neutral_points * 10.0).round() as i32
    );
    assert_eq!(
        scorer.points_tenths(a, batch.codes[a][1]),
        (merged.points * 10.0).round() as i32,
        "a merged rare level keeps its bin"
    );
    assert_eq!(education.bins[usize::from(batch.codes[a][2])].label, "other", "a real level");
    assert_eq!(batch.unseen[a], 1);
    // The reason names the value (the user's own record) and says it scored neutral.
    let reasons = Reasoner::new(&scorer).text(&batch, 0, batch.outcomes[0]);
    assert!(
        reasons.contains("education: doctorate not seen when the profile was learned (neutral)"),
        "{reasons}"
    );
    assert!(!Reasoner::new(&scorer).text(&batch, 1, batch.outcomes[1]).contains("not seen"));
}

#[test]
fn merged_bins_say_what_they_hold_and_never_share_a_label() {
    let (frame, golden) = crm(4000);
    let profile = learn(&frame, &golden);
    let education = attribute(&profile, "education");
    let labels: Vec<&str> = education.bins.iter().map(|b| b.label.as_str()).collect();
    let mut unique = labels.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), labels.len(), "two bins share a label: {labels:?}");
    assert!(labels.contains(&"other"), "the real level keeps its name: {labels:?}");
    let merged = education.bins.iter().find(|b| b.other == Some(true)).unwrap();
    assert!(merged.label.starts_with("other (5 values: "), "{}", merged.label);
    assert!(merged.label.ends_with(", …)"), "{}", merged.label);
    // A level literally named like the merged bin still reads differently.
    let f = Feature {
        name: "x".into(),
        column: "x".into(),
        kind: AttributeKind::Categorical,
        tag: None,
        reference_day: None,
        values: FeatureValues::Labels {
            codes: (0..2000u32).map(|i| if i < 30 { 0 } else { 1 + i % 2 }).collect(),
            levels: vec!["a".into(), "other (1 value: a)".into(), "b".into()],
        },
    };
    let golden: Vec<bool> = (0..2000).map(|i| i % 3 == 0).collect();
    let rows: Vec<usize> = (0..2000).collect();
    let b = bin_feature(&f, &rows, &golden, BinningSettings::for_golden(600));
    let labels: Vec<String> = (0..b.bins.len()).map(|k| b.label(k)).collect();
    let mut unique = labels.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), labels.len(), "{labels:?}");
}

#[test]
fn missing_is_neutral_unless_the_evidence_says_otherwise() {
    let (frame, golden) = crm(4000);
    let profile = learn(&frame, &golden);
    // Nine missing employee counts, all golden: too few to mean anything.
    let employees = attribute(&profile, "employees");
    assert_eq!(employees.missing_points, employees.neutral_points, "{employees:#?}");
    // A fifth of the visits missing, golden far more often: that is evidence.
    let visits = attribute(&profile, "visits");
    assert!(visits.missing_points > visits.neutral_points, "{visits:#?}");
}

#[test]
fn suggested_disqualifiers_stay_off_until_turned_on() {
    let (frame, golden) = crm(4000);
    let profile = learn(&frame, &golden);
    let suggested: Vec<_> = profile.criteria.iter().filter(|c| c.suggested).collect();
    assert!(
        suggested.iter().any(|c| c.rule.contains("dropout")),
        "no golden dropout where hundreds were expected: {:#?}",
        profile.criteria
    );
    assert!(suggested.iter().all(|c| !c.enabled), "{suggested:#?}");
    let text = profile.to_toml();
    assert!(text.contains(&format!("{SUGGESTED_OFF}[[criteria]]")), "{text}");
    let read = Profile::parse(std::path::Path::new("profile.toml"), &text).unwrap();
    assert_eq!(read, profile);
    // Off: a dropout is scored. On: disqualified.
    let lead = Frame::new(
        vec![
            labels("education", &["dropout"]),
            Column::new("employees", Kind::Number, ColumnData::Number(vec![900.0])),
            Column::new("visits", Kind::Number, ColumnData::Number(vec![40.0])),
        ],
        1,
    );
    let off = Scorer::new(read.clone()).unwrap().score(&lead).unwrap();
    assert!(matches!(off.outcomes[0], Outcome::Scored { .. }), "{:?}", off.outcomes);
    let mut on = read;
    for c in &mut on.criteria {
        c.enabled = true;
    }
    let on = Scorer::new(on).unwrap().score(&lead).unwrap();
    assert!(matches!(on.outcomes[0], Outcome::Disqualified { .. }), "{:?}", on.outcomes);
}

#[test]
fn points_follow_the_golden_rates() {
    let (frame, golden) = crm(4000);
    let profile = learn(&frame, &golden);
    for a in &profile.attributes {
        let mut bins: Vec<&icp_profile::Bin> = a.bins.iter().collect();
        if a.kind == AttributeKind::Number {
            bins.sort_by(|x, y| x.min.unwrap_or(f64::MIN).total_cmp(&y.min.unwrap_or(f64::MIN)));
        }
        let rate = |b: &icp_profile::Bin| b.golden.unwrap() as f64 / b.rows.unwrap().max(1) as f64;
        for x in &bins {
            for y in &bins {
                if rate(x) < rate(y) && a.kind != AttributeKind::Number {
                    assert!(x.points <= y.points, "{}: {} vs {}: {a:#?}", a.name, x.label, y.label);
                }
            }
        }
    }
}

/// A candidate over `values` binned on `golden`.
fn candidate(values: FeatureValues, golden: &[bool], kind: AttributeKind) -> Candidate {
    let n = golden.len();
    let feature = Feature {
        name: "x".into(),
        column: "x".into(),
        kind,
        tag: None,
        reference_day: None,
        values,
    };
    let rows: Vec<usize> = (0..n).collect();
    let golden_count = golden.iter().filter(|&&g| g).count();
    let binning = bin_feature(&feature, &rows, golden, BinningSettings::for_golden(golden_count));
    let codes = binning.codes(&feature.values, n);
    let evidence = evidence(&feature, &binning, &codes, &rows, golden, DEFAULT_PRIOR_STRENGTH);
    Candidate { feature: feature.into(), binning, codes, evidence }
}

#[test]
fn zigzag_contributions_are_made_to_follow_the_trend() {
    // Golden rises steadily with x.
    let n = 6000;
    let mut rng = Lcg(3);
    let values: Vec<f64> = (0..n).map(|i| i as f64).collect();
    let golden: Vec<bool> = (0..n).map(|i| rng.unit() < 0.05 + 0.4 * i as f64 / n as f64).collect();
    let c = candidate(FeatureValues::Number(values), &golden, AttributeKind::Number);
    assert_eq!(c.binning.trend(), Some(Trend::Increasing));
    let k = c.evidence.bins.len();
    assert!(k >= 4, "{:?}", c.binning.bins);
    // A multivariate fit's zigzag: 2.8, 2.9, 4.9, 0.0, 4.0, 2.1 …
    let zigzag = [2.8, 2.9, 4.9, 0.0, 4.0, 2.1, 5.0, 1.0, 3.0, 6.0];
    let raw: Vec<f64> = (0..k).map(|b| zigzag[b % zigzag.len()]).collect();
    let (shaped, neutral) = shaped_contributions(&c, &raw);
    assert!(shaped.windows(2).all(|w| w[0] <= w[1] + 1e-12), "{shaped:?}");
    assert!(shaped[0] <= neutral && neutral <= shaped[k - 1]);

    // Labels: points in the order of the golden rates, whatever the fit said.
    let codes: Vec<u32> = (0..n as u32).map(|i| i % 3).collect();
    let golden: Vec<bool> = (0..n).map(|i| rng.unit() < [0.05, 0.2, 0.4][i % 3]).collect();
    let levels = vec!["low".to_string(), "mid".into(), "high".into()];
    let c = candidate(FeatureValues::Labels { codes, levels }, &golden, AttributeKind::Categorical);
    let raw: Vec<f64> = (0..c.evidence.bins.len()).map(|b| [1.0, -1.0, 0.5][b % 3]).collect();
    let (shaped, _) = shaped_contributions(&c, &raw);
    let rate = |b: usize| c.evidence.bins[b].golden as f64 / c.evidence.bins[b].rows as f64;
    for x in 0..shaped.len() {
        for y in 0..shaped.len() {
            if rate(x) < rate(y) {
                assert!(shaped[x] <= shaped[y], "{shaped:?}");
            }
        }
    }
}

#[test]
fn a_zigzag_in_the_data_never_becomes_a_zigzag_of_bins() {
    // Golden rate up, down, up, down over six stretches: not one peak or valley.
    let n = 12_000;
    let mut rng = Lcg(11);
    let values: Vec<f64> = (0..n).map(|i| i as f64).collect();
    let golden: Vec<bool> =
        (0..n).map(|i| rng.unit() < [0.05, 0.25, 0.08, 0.3, 0.06, 0.28][i * 6 / n]).collect();
    let c = candidate(FeatureValues::Number(values), &golden, AttributeKind::Number);
    let rates: Vec<f64> = c
        .evidence
        .bins
        .iter()
        .filter(|b| !b.missing)
        .map(|b| b.golden as f64 / b.rows as f64)
        .collect();
    let signs: Vec<bool> = rates.windows(2).filter(|w| w[0] != w[1]).map(|w| w[1] > w[0]).collect();
    let turns = signs.windows(2).filter(|w| w[0] != w[1]).count();
    assert!(turns <= 1, "{rates:?} ({:?})", c.binning.trend());
    // A clear single peak is still found.
    let golden: Vec<bool> =
        (0..n).map(|i| rng.unit() < [0.05, 0.1, 0.35, 0.35, 0.1, 0.05][i * 6 / n]).collect();
    let c = candidate(
        FeatureValues::Number((0..n).map(|i| i as f64).collect()),
        &golden,
        AttributeKind::Number,
    );
    assert_eq!(c.binning.trend(), Some(Trend::PeakOrValley), "{:?}", c.binning.bins);
}

#[test]
fn labels_whose_rates_cannot_be_told_apart_share_a_bin() {
    let n = 6000;
    let mut rng = Lcg(5);
    let codes: Vec<u32> = (0..n as u32).map(|i| i % 3).collect();
    // `a` and `b` golden alike; `c` clearly more often.
    let golden: Vec<bool> = (0..n).map(|i| rng.unit() < [0.2, 0.2, 0.4][i % 3]).collect();
    let c = candidate(
        FeatureValues::Labels { codes, levels: vec!["a".into(), "b".into(), "c".into()] },
        &golden,
        AttributeKind::Categorical,
    );
    assert!(
        c.binning.bins.contains(&BinSpec::Levels(vec!["a".into(), "b".into()])),
        "{:?}",
        c.binning.bins
    );
    assert!(c.binning.bins.contains(&BinSpec::Levels(vec!["c".into()])), "{:?}", c.binning.bins);
}
