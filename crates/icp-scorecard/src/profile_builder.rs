//! Turning a discovery into a profile: points per bin scaled to 0–100, neutral points for
//! missing and unseen values, tier cut-offs from the training scores, suggested
//! "do not approach" criteria, provenance and quality.

use icp_frame::{Frame, format_date};
use icp_profile::{
    Attribute, AttributeKind, Bin, Criterion, CriterionKind, Profile, Provenance, Quality,
    SCHEMA_VERSION, Scoring, Tier,
};

use crate::binning::BinSpec;
use crate::discover::Discovery;
use crate::metrics;
use crate::scorer::{Outcome, Scorer};

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
    // Each attribute contributes coefficient × WoE to the logit; points rescale those
    // contributions so that the lowest possible total is 0 and the highest 100.
    // A bin nobody was in (the empty "other" bin) gets the average contribution: what a
    // value never seen when learning should score. That average is also the neutral point.
    let mut spans = Vec::new();
    let mut averages = Vec::new();
    for key in &discovery.key {
        let cand = &discovery.candidates[key.candidate];
        let rows_total: u64 = cand.evidence.bins.iter().map(|b| b.rows).sum();
        let average = cand
            .evidence
            .bins
            .iter()
            .zip(&key.bin_contributions)
            .map(|(b, c)| c * b.rows as f64)
            .sum::<f64>()
            / rows_total.max(1) as f64;
        let contributions: Vec<f64> = cand
            .evidence
            .bins
            .iter()
            .zip(&key.bin_contributions)
            .map(|(b, &c)| if b.rows == 0 { average } else { c })
            .collect();
        let lo = contributions.iter().copied().fold(f64::INFINITY, f64::min).min(average);
        let hi = contributions.iter().copied().fold(f64::NEG_INFINITY, f64::max).max(average);
        spans.push((lo, hi));
        averages.push(average);
    }
    let total: f64 = spans.iter().map(|(lo, hi)| hi - lo).sum::<f64>().max(1e-9);
    let to_points = |c: f64, lo: f64| round1((c - lo) / total * 100.0);
    let mut attributes = Vec::new();
    for ((key, &(lo, _)), &average) in discovery.key.iter().zip(&spans).zip(&averages) {
        let cand = &discovery.candidates[key.candidate];
        let f = &cand.feature;
        let neutral = to_points(average, lo);
        let mut bins = Vec::new();
        let mut missing_points = neutral;
        for (b, ev) in cand.evidence.bins.iter().enumerate() {
            let contribution = if ev.rows == 0 { average } else { key.bin_contributions[b] };
            let points = to_points(contribution, lo);
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
                BinSpec::Other(_) => bin.other = Some(true),
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
        },
        tiers: vec![Tier { name: "A".into(), min_score: 0.0, action: None }],
        criteria: suggest_disqualifiers(discovery, meta),
        attributes,
    };
    // Tiers from the training scores (criteria off, so every row has a score).
    let plain = Profile { criteria: vec![], ..profile.clone() };
    let scorer = Scorer::new(plain).expect("a freshly built profile compiles");
    let batch = scorer.score(frame).expect("the training frame has every column");
    let mut scores: Vec<f64> =
        rows.iter().map(|&i| f64::from(batch.score_tenths[i]) / 10.0).collect();
    let labels: Vec<bool> = rows.iter().map(|&i| golden[i]).collect();
    profile.quality.auc_in_sample = Some(round3(metrics::auc(&scores, &labels)));
    scores.sort_by(|a, b| b.total_cmp(a));
    let mut tiers = Vec::new();
    for (name, share, action) in TIER_SHARES {
        let min_score = if share >= 1.0 {
            0.0
        } else {
            let k = ((scores.len() as f64 * share).ceil() as usize).clamp(1, scores.len()) - 1;
            scores[k]
        };
        if tiers.last().is_none_or(|t: &Tier| min_score < t.min_score) {
            tiers.push(Tier { name: name.into(), min_score, action: Some(action.into()) });
        }
    }
    profile.tiers = tiers;
    let _ = batch.outcomes.iter().filter(|o| matches!(o, Outcome::Insufficient)).count();
    profile
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
                    suggested: true,
                    enabled: true,
                });
            }
        }
        if out.len() >= 5 {
            break;
        }
    }
    out
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
