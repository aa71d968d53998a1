//! The effect of a profile edit on the project's own data, computed in memory: the edited
//! profile scores every account of the loaded frame (the scorer's gather-add, no file read),
//! and the figures a person weighs an edit by come out — AUC against the golden rule, accounts
//! and golden rate per tier, and how many accounts change tier from the version edited.

use icp_profile::Profile;
use icp_scorecard::metrics::auc;
use icp_scorecard::scorer::{Outcome, ScoredBatch, Scorer};

/// One tier's figures.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TierEffect {
    pub name: String,
    pub accounts: usize,
    pub golden: usize,
}

impl TierEffect {
    /// The share of the tier's accounts that are golden.
    pub fn rate(&self) -> f64 {
        if self.accounts == 0 { 0.0 } else { self.golden as f64 / self.accounts as f64 }
    }
}

/// What an edit does.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Effect {
    /// AUC of the score against the golden rule over the accounts with a score.
    pub auc: Option<f64>,
    /// Every tier, the profile's in order, then "disqualified" and "insufficient data".
    pub tiers: Vec<TierEffect>,
    /// Accounts whose tier differs from the version edited.
    pub changed: usize,
    /// Accounts scored.
    pub rows: usize,
}

/// The tier name of each row.
fn tier_names<'a>(profile: &'a Profile, batch: &ScoredBatch) -> Vec<&'a str> {
    batch
        .outcomes
        .iter()
        .map(|o| match o {
            Outcome::Scored { tier } => profile.tiers[usize::from(*tier)].name.as_str(),
            Outcome::Disqualified { .. } => profile.scoring.disqualified_tier.as_str(),
            Outcome::Insufficient => profile.scoring.insufficient_tier.as_str(),
        })
        .collect()
}

/// Scores `frame` with `edited` and with `base` (the version edited) and compares.
pub(crate) fn effect(
    frame: &icp_frame::Frame,
    golden: Option<&[bool]>,
    edited: &Scorer,
    base: &Scorer,
) -> Result<Effect, icp_scorecard::scorer::ScoreError> {
    let batch = edited.score(frame)?;
    let before = base.score(frame)?;
    let profile = edited.profile();
    let names = tier_names(profile, &batch);
    let old_names = tier_names(base.profile(), &before);
    let changed = names.iter().zip(&old_names).filter(|(a, b)| a != b).count();

    let mut order: Vec<&str> = profile.tiers.iter().map(|t| t.name.as_str()).collect();
    for extra in [&profile.scoring.disqualified_tier, &profile.scoring.insufficient_tier] {
        if !order.contains(&extra.as_str()) {
            order.push(extra);
        }
    }
    let mut tiers: Vec<TierEffect> = order
        .iter()
        .map(|n| TierEffect { name: (*n).to_owned(), accounts: 0, golden: 0 })
        .collect();
    for (i, name) in names.iter().enumerate() {
        if let Some(t) = tiers.iter_mut().find(|t| t.name == *name) {
            t.accounts += 1;
            if golden.is_some_and(|g| g[i]) {
                t.golden += 1;
            }
        }
    }
    let auc = golden.and_then(|g| {
        let (scores, labels): (Vec<f64>, Vec<bool>) = batch
            .outcomes
            .iter()
            .zip(&batch.score_tenths)
            .zip(g)
            .filter(|((o, _), _)| !matches!(o, Outcome::Insufficient))
            .map(|((_, s), l)| (f64::from(*s) / 10.0, *l))
            .unzip();
        let both = labels.iter().any(|l| *l) && labels.iter().any(|l| !*l);
        both.then(|| auc(&scores, &labels))
    });
    Ok(Effect { auc, tiers, changed, rows: batch.rows })
}
