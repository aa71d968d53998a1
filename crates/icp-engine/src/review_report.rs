//! The review as a section of the report: the review's figures as the page's typed data. The
//! recommendation's reasons are typed from the figures themselves (shifted attributes, values
//! whose lift moved, the golden rate, a fall in AUC), so the page words them in its language;
//! the English reasons and edits stay in `icp review`'s text and JSON.

use icp_profile::Profile;
use icp_report::phrase::{BinLabel, DriftBand, ReviewAction, ReviewReason};
use icp_report::{
    DriftRow, FreshProfile, GoldenRateRow, MovedValue, Report, ReviewPerformance, ReviewSection,
    ReviewTier,
};
use icp_scorecard::drift::Band;

use crate::review::{Action, Review, Share};

fn band(b: Band) -> DriftBand {
    match b {
        Band::Stable => DriftBand::Stable,
        Band::Watch => DriftBand::Watch,
        Band::Shifted => DriftBand::Shifted,
    }
}

/// A score band's label from its bounds, in signs both languages read ("≥ 70", "40–70").
fn score_band_label(s: &Share) -> Option<BinLabel> {
    let min = crate::format::number(s.min?);
    Some(BinLabel::Text(match s.max {
        Some(max) => format!("{min}–{}", crate::format::number(max)),
        None => format!("≥ {min}"),
    }))
}

/// The review's label of a bin of `attribute` as the page types it: the profile's bins as the
/// profile section words them, missing values, and (none) values never seen when learning.
fn label(profile: &Profile, attribute: &str, text: &str) -> Option<BinLabel> {
    let bin = profile
        .attributes
        .iter()
        .find(|a| a.name == attribute)
        .and_then(|a| Some((a.kind, a.bins.iter().find(|b| b.label == text)?)));
    match (bin, text) {
        (Some((kind, b)), _) => Some(crate::report::profile_bin_label(kind, b)),
        (None, "missing") => Some(BinLabel::Missing),
        (None, "values never seen when learning") => None,
        (None, t) => Some(BinLabel::Text(t.to_owned())),
    }
}

/// Each bin's share then and now; none when the profile kept no counts of its learning data.
fn shares(profile: &Profile, attribute: &str, bins: &[Share]) -> Vec<(Option<BinLabel>, f64, f64)> {
    bins.iter()
        .map(|b| {
            let label = match b.min {
                Some(_) => score_band_label(b),
                None => label(profile, attribute, &b.label),
            };
            Some((label, b.then_share?, b.now_share))
        })
        .collect::<Option<Vec<_>>>()
        .unwrap_or_default()
}

/// Why: each figure that moved beyond noise, or that nothing did.
fn reasons(profile: &Profile, r: &Review) -> Vec<ReviewReason> {
    let mut out: Vec<ReviewReason> = r
        .attributes
        .iter()
        .filter(|a| a.band != Band::Stable)
        .filter_map(|a| Some(ReviewReason::Shifted { attribute: a.name.clone(), psi: a.psi? }))
        .collect();
    out.extend(r.evidence.iter().filter(|b| b.moved).map(|b| ReviewReason::LiftMoved {
        attribute: b.attribute.clone(),
        value: label(profile, &b.attribute, &b.bin).unwrap_or(BinLabel::Missing),
        then: b.then_lift,
        now: b.now_lift,
        interval: b.now_lift_interval,
    }));
    if let Some(g) = r.golden_rate.as_ref().filter(|g| g.changed) {
        out.push(ReviewReason::GoldenRate { then: g.then, now: g.now });
    }
    if let Some(p) = r.performance.as_ref().filter(|p| p.auc_fell)
        && let Some(then) = p.auc_then
    {
        out.push(ReviewReason::AucFell { then, now: p.auc });
    }
    if out.is_empty() {
        out.push(ReviewReason::Stable);
    }
    out
}

/// Section 8: the quarterly review.
pub fn add_review(report: &mut Report, profile: &Profile, r: &Review) {
    let mut drift: Vec<DriftRow> = r
        .attributes
        .iter()
        .map(|a| DriftRow {
            name: a.name.clone(),
            score: false,
            psi: a.psi,
            noise_limit: a.noise_limit,
            band: band(a.band),
            bins: shares(profile, &a.name, &a.bins),
        })
        .collect();
    drift.push(DriftRow {
        name: String::new(),
        score: true,
        psi: r.score.psi,
        noise_limit: r.score.noise_limit,
        band: band(r.score.band),
        bins: shares(profile, "", &r.score.bands),
    });
    let performance = r.performance.as_ref().map(|p| ReviewPerformance {
        rows: p.rows,
        auc: p.auc,
        auc_interval: p.auc_interval,
        auc_then: p.auc_then,
        lift_top20: p.lift_top20,
        lift_top20_interval: p.lift_top20_interval,
        tiers: p
            .tiers
            .iter()
            .map(|t| ReviewTier {
                tier: t.tier.clone(),
                rows: t.rows,
                golden: t.golden,
                rate: t.rate,
                interval: t.interval,
                then_rate: t.then_rate,
            })
            .collect(),
    });
    let fresh = r.rediscovery.as_ref().map(|f| FreshProfile {
        attributes_in: f.diff.attributes_in.clone(),
        attributes_out: f.diff.attributes_out.clone(),
        attributes_changed: f.diff.attributes.iter().map(|a| a.name.clone()).collect(),
        criteria_in: f.diff.criteria_in.clone(),
        criteria_out: f.diff.criteria_out.clone(),
        tiers: f.diff.tiers.iter().map(|t| (t.tier.clone(), t.old, t.new)).collect(),
        old_tiers: f.migration.old_tiers.clone(),
        new_tiers: f.migration.new_tiers.clone(),
        counts: f.migration.counts.clone(),
        movers: f
            .migration
            .movers
            .iter()
            .map(|m| (m.account.clone(), m.old_tier.clone(), m.new_tier.clone()))
            .collect(),
        sample: f.learned_on.sampled.then(|| {
            let held = f.held_out.as_ref();
            icp_report::FreshSample {
                rows: f.learned_on.rows,
                of_rows: f.learned_on.of_rows,
                held_out: held.map_or(0, |h| h.rows),
                fresh_auc: held.map_or(f64::NAN, |h| h.fresh_auc),
                fresh_auc_interval: held.map_or([f64::NAN; 2], |h| h.fresh_auc_interval),
                reviewed_auc: held.map_or(f64::NAN, |h| h.reviewed_auc),
                reviewed_auc_interval: held.map_or([f64::NAN; 2], |h| h.reviewed_auc_interval),
            }
        }),
    });
    report.review = Some(ReviewSection {
        date: r.date.clone(),
        next_review: r.next_review.clone(),
        profile_rows: r.profile_rows,
        rows: r.rows,
        drift,
        unmatched: r.unmatched.iter().map(|u| u.attribute.clone()).collect(),
        golden_rate: r.golden_rate.as_ref().map(|g| GoldenRateRow {
            then: g.then,
            now: g.now,
            interval: g.now_interval,
        }),
        moved: r
            .evidence
            .iter()
            .filter(|b| b.moved)
            .map(|b| MovedValue {
                attribute: b.attribute.clone(),
                value: label(profile, &b.attribute, &b.bin).unwrap_or(BinLabel::Missing),
                then: b.then_lift,
                now: b.now_lift,
                interval: b.now_lift_interval,
            })
            .collect(),
        performance,
        action: Some(match r.recommendation.action {
            Action::Keep => ReviewAction::Keep,
            Action::Adjust => ReviewAction::Adjust,
            Action::Rebuild => ReviewAction::Rebuild,
        }),
        reasons: reasons(profile, r),
        fresh,
    });
}
