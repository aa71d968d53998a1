//! Turning a discovery into a profile: points per bin scaled to 0–100, neutral points for
//! missing and unseen values, tier cut-offs from the training scores, suggested
//! "do not approach" criteria, provenance and quality.

use icp_frame::{Frame, format_date};
use icp_profile::{
    Attribute, AttributeKind, Bin, Calibration, Criterion, CriterionKind, Profile, Provenance,
    Quality, SCHEMA_VERSION, Scoring, Tier, TiersBy,
};

use crate::binning::{BinSpec, Trend, min_group_rows};
use crate::discover::{Candidate, Discovery};
use crate::score_counts::ScoreCounts;
use crate::scorer::{ScoredBatch, Scorer};
use crate::stats;

/// Default tiers: the top 10% of accounts (by training score) are A, the next 20% B, the
/// next 30% C, the rest D.
const TIER_SHARES: [(&str, f64, &str); 4] = [
    ("A", 0.10, "hand to sales now"),
    ("B", 0.30, "nurture, then hand to sales"),
    ("C", 0.60, "automated nurture"),
    ("D", 1.00, "do not chase"),
];

/// Facts about the run that go into the profile's provenance.
#[derive(Debug, Clone, Default)]
pub struct ProfileMeta {
    /// The golden rule.
    pub golden_rule: String,
    /// The value column or expression.
    pub value: Option<String>,
    /// The accounts id column.
    pub id_column: Option<String>,
    /// Input files.
    pub inputs: Vec<icp_profile::Input>,
    /// When (RFC 3339).
    pub created: String,
    /// The icp version.
    pub icp_version: String,
    /// Columns that may carry hard criteria (categorical columns people care about).
    pub criteria_columns: Vec<String>,
}

/// Builds the profile for `discovery` (which must have key attributes), learned on `rows`
/// of `frame`.
pub fn build_profile(
    discovery: &Discovery,
    frame: &Frame,
    rows: &[usize],
    golden: &[bool],
    meta: &ProfileMeta,
) -> Profile {
    build_profile_scored(discovery, frame, rows, golden, meta).0
}

/// [`build_profile`], and the scores of every row of `frame` its tiers were set from (by the
/// profile without its criteria): a caller that needs the profile's scores scores once.
pub(crate) fn build_profile_scored(
    discovery: &Discovery,
    frame: &Frame,
    rows: &[usize],
    golden: &[bool],
    meta: &ProfileMeta,
) -> (Profile, ScoredBatch) {
    // Each attribute contributes to the logit per bin; points rescale those contributions
    // so that the lowest possible total is 0 and the highest 100. The contributions first
    // follow the evidence (see `shaped_contributions`): missing values too few or not
    // different enough to say anything get the neutral point, the average contribution of
    // the rows that do — which is also what a value never seen when learning gets.
    let mut spans = Vec::new();
    let mut shaped = Vec::new();
    for key in &discovery.key {
        let cand = &discovery.candidates[key.candidate];
        let (contributions, average) = shaped_contributions(cand, &key.bin_contributions);
        let lo = contributions.iter().copied().fold(f64::INFINITY, f64::min).min(average);
        let hi = contributions.iter().copied().fold(f64::NEG_INFINITY, f64::max).max(average);
        spans.push((lo, hi));
        shaped.push((contributions, average));
    }
    let total: f64 = spans.iter().map(|(lo, hi)| hi - lo).sum::<f64>().max(1e-9);
    let to_points = |c: f64, lo: f64| round1((c - lo) / total * 100.0);
    let mut attributes = Vec::new();
    for ((key, &(lo, _)), (contributions, average)) in discovery.key.iter().zip(&spans).zip(&shaped)
    {
        let cand = &discovery.candidates[key.candidate];
        let f = &cand.feature;
        let neutral = to_points(*average, lo);
        let mut bins = Vec::new();
        let mut missing_points = neutral;
        for (b, ev) in cand.evidence.bins.iter().enumerate() {
            let points = to_points(contributions[b], lo);
            if ev.missing {
                missing_points = points;
                continue;
            }
            let mut bin = Bin {
                label: ev.label.clone(),
                points,
                rows: Some(ev.rows),
                golden: Some(ev.golden),
                lift: Some(round2(ev.lift)),
                ..Bin::default()
            };
            match &cand.binning.bins[b] {
                BinSpec::Range { lo, hi } => {
                    bin.min = lo.is_finite().then_some(*lo);
                    bin.max = hi.is_finite().then_some(*hi);
                }
                BinSpec::Levels(levels) => bin.levels = Some(levels.clone()),
                BinSpec::Other(levels) => {
                    bin.other = Some(true);
                    bin.levels = Some(levels.clone());
                }
                BinSpec::Flag(v) => bin.value = Some(*v),
            }
            bins.push(bin);
        }
        attributes.push(Attribute {
            name: f.name.clone(),
            column: f.column.clone(),
            kind: f.kind,
            tag: f.tag.clone(),
            reference_date: f.reference_day.map(format_date),
            missing_points,
            unseen_points: None,
            neutral_points: neutral,
            iv: Some(round2(cand.evidence.iv)),
            bins,
        });
    }
    let intercept = discovery.intercept + spans.iter().map(|(lo, _)| lo).sum::<f64>();
    let mut profile = Profile {
        schema_version: SCHEMA_VERSION,
        name: "Ideal customer profile".into(),
        provenance: Provenance {
            created: meta.created.clone(),
            icp_version: meta.icp_version.clone(),
            golden_rule: meta.golden_rule.clone(),
            value: meta.value.clone(),
            id_column: meta.id_column.clone(),
            rows: discovery.rows as u64,
            golden: discovery.golden as u64,
            inputs: meta.inputs.clone(),
            score_bands: Vec::new(),
            parent: None,
        },
        quality: Quality {
            tentative: discovery.tentative,
            notes: discovery.notes.iter().map(ToString::to_string).collect(),
            ..Quality::default()
        },
        scoring: Scoring {
            intercept,
            slope: total / 100.0,
            insufficient_share: 0.5,
            insufficient_tier: "insufficient data".into(),
            disqualified_tier: "disqualified".into(),
            calibration: Some(Calibration::InSample),
            tiers_by: TiersBy::Score,
        },
        tiers: vec![Tier::new("A", 0.0)],
        criteria: suggest_disqualifiers(discovery, meta),
        attributes,
        economics: None,
    };
    // Tiers from the training scores (criteria off, so every row has a score).
    let plain = Profile { criteria: vec![], ..profile.clone() };
    let scorer = Scorer::new(plain).expect("a freshly built profile compiles");
    let batch = scorer.score(frame).expect("the training frame has every column");
    // The scores are whole tenths: tallied, not sorted.
    let tenths: Vec<i32> = rows.iter().map(|&i| batch.score_tenths[i]).collect();
    let labels: Vec<bool> = rows.iter().map(|&i| golden[i]).collect();
    let tally = ScoreCounts::of_tenths(&tenths, &labels);
    profile.quality.auc_in_sample = Some(round3(tally.auc()));
    profile.provenance.score_bands = crate::drift::score_bands_of(&tally);
    let n = tally.rows();
    let mut tiers = Vec::new();
    for (name, share, action) in TIER_SHARES {
        let min_score = if share >= 1.0 {
            0.0
        } else {
            let k = ((n as f64 * share).ceil() as u64).clamp(1, n) - 1;
            tally.nth_highest(k).expect("a place among the rows")
        };
        if tiers.last().is_none_or(|t: &Tier| min_score < t.min_score) {
            tiers.push(Tier {
                name: name.into(),
                min_score,
                min_expected_value: None,
                action: Some(action.into()),
                deals: None,
            });
        }
    }
    profile.tiers = tiers;
    (profile, batch)
}

/// Labels with enough accounts and not one golden customer among them, where chance alone
/// would have put several there: candidates for "do not approach".
fn suggest_disqualifiers(discovery: &Discovery, meta: &ProfileMeta) -> Vec<Criterion> {
    let base = discovery.base_rate();
    let mut out = Vec::new();
    for cand in &discovery.candidates {
        let f = &cand.feature;
        if cand.evidence.leak_excluded || f.kind != AttributeKind::Categorical {
            continue;
        }
        if !meta.criteria_columns.is_empty() && !meta.criteria_columns.contains(&f.column) {
            continue;
        }
        for (b, ev) in cand.evidence.bins.iter().enumerate() {
            let BinSpec::Levels(levels) =
                &cand.binning.bins.get(b).cloned().unwrap_or(BinSpec::Flag(false))
            else {
                continue;
            };
            let expected = ev.rows as f64 * base;
            // Zero golden where five or more were expected: chance alone does that < 1% of the time.
            if ev.golden == 0 && ev.rows >= 30 && expected >= 5.0 {
                let quoted: Vec<String> = levels
                    .iter()
                    .map(|l| format!("\"{}\"", l.replace('\\', "\\\\").replace('"', "\\\"")))
                    .collect();
                let column = rule_column(&f.column);
                let rule = if quoted.len() == 1 {
                    format!("{column} == {}", quoted[0])
                } else {
                    format!("{column} in [{}]", quoted.join(", "))
                };
                out.push(Criterion {
                    kind: CriterionKind::Disqualify,
                    rule,
                    reason: Some(format!(
                        "none of the {} accounts with {} = {} is golden (about {:.0} expected by chance)",
                        ev.rows,
                        f.column,
                        levels.join(", "),
                        expected
                    )),
                    // A suggestion: people turn it on (the file says how).
                    suggested: true,
                    enabled: false,
                });
            }
        }
        if out.len() >= 5 {
            break;
        }
    }
    out
}

/// An attribute's contributions to the logit per evidence bin (same order), made to follow
/// the evidence, and the neutral contribution:
///
/// - Missing values get points of their own only when they speak for themselves: at least
///   [`min_group_rows`] rows, and a golden rate that differs from the other rows' by the same
///   test that keeps two bins apart (p ≤ 0.05). Otherwise they get the neutral contribution,
///   as does an empty bin.
/// - The other bins' contributions follow their golden rates: numbers along the binning's
///   trend (rising, falling, or one peak or valley), labels and flags in the order of their
///   golden rates, by weighted isotonic regression, so that no bin gets more points than one
///   whose golden rate is higher (the multivariate fit can otherwise zigzag).
/// - The neutral contribution is the row-weighted average over the groups that speak.
pub fn shaped_contributions(cand: &Candidate, raw: &[f64]) -> (Vec<f64>, f64) {
    let bins = &cand.evidence.bins;
    let total_rows: u64 = bins.iter().map(|b| b.rows).sum();
    let total_golden: u64 = bins.iter().map(|b| b.golden).sum();
    let min_rows = min_group_rows(total_rows as usize);
    let speaks: Vec<bool> = bins
        .iter()
        .map(|ev| {
            if ev.rows == 0 {
                return false;
            }
            if !ev.missing {
                return true;
            }
            let (rest_rows, rest_golden) = (total_rows - ev.rows, total_golden - ev.golden);
            ev.rows >= min_rows
                && rest_rows > 0
                && stats::attribute_p_value(&[
                    [ev.golden, ev.rows - ev.golden],
                    [rest_golden, rest_rows - rest_golden],
                ]) <= SEPARATE_P
        })
        .collect();
    let mut contributions = raw.to_vec();
    // Present bins that speak, in the order their points must follow.
    let rate = |b: usize| bins[b].golden as f64 / bins[b].rows.max(1) as f64;
    let mut order: Vec<usize> =
        (0..bins.len()).filter(|&b| speaks[b] && !bins[b].missing).collect();
    let weights =
        |order: &[usize]| -> Vec<f64> { order.iter().map(|&b| bins[b].rows as f64).collect() };
    match cand.binning.trend() {
        Some(Trend::Increasing) | Some(Trend::Decreasing) => {
            if cand.binning.trend() == Some(Trend::Decreasing) {
                order.reverse();
            }
            let values: Vec<f64> = order.iter().map(|&b| raw[b]).collect();
            for (&b, v) in order.iter().zip(isotonic(&values, &weights(&order))) {
                contributions[b] = v;
            }
        }
        Some(Trend::PeakOrValley) if order.len() >= 3 => {
            // The turn is the interior bin with the most extreme golden rate.
            let interior = &order[1..order.len() - 1];
            let peak = interior.iter().copied().max_by(|&x, &y| rate(x).total_cmp(&rate(y)));
            let valley = interior.iter().copied().min_by(|&x, &y| rate(x).total_cmp(&rate(y)));
            let ends = rate(order[0]).max(rate(order[order.len() - 1]));
            let (turn, is_peak) = match (peak, valley) {
                (Some(p), _) if rate(p) > ends => (p, true),
                (_, Some(v)) => (v, false),
                _ => (order[0], true),
            };
            let t = order.iter().position(|&b| b == turn).unwrap_or(0);
            let sign = if is_peak { 1.0 } else { -1.0 };
            // Rising (for a peak) up to the turn, falling after it; a valley is a negated peak.
            let left: Vec<usize> = order[..=t].to_vec();
            let mut right: Vec<usize> = order[t..].to_vec();
            right.reverse();
            let fit = |part: &[usize]| {
                let values: Vec<f64> = part.iter().map(|&b| sign * raw[b]).collect();
                isotonic(&values, &weights(part))
            };
            let (l, r) = (fit(&left), fit(&right));
            for (&b, v) in left.iter().zip(&l).chain(right.iter().zip(&r)) {
                contributions[b] = sign * v;
            }
            // The turn is the top (or bottom) of both sides.
            contributions[turn] = sign * l[l.len() - 1].max(r[r.len() - 1]);
        }
        _ => {
            order.sort_by(|&x, &y| rate(x).total_cmp(&rate(y)).then(x.cmp(&y)));
            let values: Vec<f64> = order.iter().map(|&b| raw[b]).collect();
            for (&b, v) in order.iter().zip(isotonic(&values, &weights(&order))) {
                contributions[b] = v;
            }
        }
    }
    let (mut sum, mut rows) = (0.0, 0.0);
    for (b, ev) in bins.iter().enumerate() {
        if speaks[b] {
            sum += contributions[b] * ev.rows as f64;
            rows += ev.rows as f64;
        }
    }
    let average = if rows > 0.0 { sum / rows } else { 0.0 };
    for (b, c) in contributions.iter_mut().enumerate() {
        if !speaks[b] {
            *c = average;
        }
    }
    (contributions, average)
}

/// The p-value at or below which a group's golden rate counts as different from the rest's
/// (the same level that keeps two bins apart).
const SEPARATE_P: f64 = 0.05;

/// Weighted isotonic (never falling) regression by pooling adjacent violators.
fn isotonic(values: &[f64], weights: &[f64]) -> Vec<f64> {
    // Blocks of (mean, weight, count).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::with_capacity(values.len());
    for (&v, &w) in values.iter().zip(weights) {
        blocks.push((v, w.max(1e-12), 1));
        while blocks.len() >= 2 && blocks[blocks.len() - 2].0 > blocks[blocks.len() - 1].0 {
            let (v2, w2, n2) = blocks.pop().expect("two blocks");
            let (v1, w1, n1) = blocks.pop().expect("two blocks");
            blocks.push(((v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, n1 + n2));
        }
    }
    blocks.iter().flat_map(|&(v, _, n)| std::iter::repeat_n(v, n)).collect()
}

fn rule_column(name: &str) -> String {
    let plain = name.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_alphanumeric() || c == '_');
    if plain { name.to_owned() } else { format!("`{}`", name.replace('`', "``")) }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
