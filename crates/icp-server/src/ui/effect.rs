//! The effect of a profile edit on the project's own data, computed in memory: the edited
//! profile scores every account of the loaded frame (the scorer's gather-add, no file read),
//! and the figures a person weighs an edit by come out — AUC against the golden rule, accounts
//! and golden rate per tier, and how many accounts change tier from the version edited.

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

/// Which tier each account falls in under one profile.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tiers {
    /// The profile's tiers, then its "disqualified" and "insufficient data" names.
    pub names: Vec<String>,
    /// Per account, an index into `names`.
    pub of_row: Vec<u16>,
}

impl Tiers {
    /// The tiers `scorer` gives every account of `frame` (and the scored batch).
    pub(crate) fn of(
        scorer: &Scorer,
        frame: &icp_frame::Frame,
    ) -> Result<(Tiers, ScoredBatch), icp_scorecard::scorer::ScoreError> {
        let batch = scorer.score(frame)?;
        let profile = scorer.profile();
        let mut names: Vec<String> = profile.tiers.iter().map(|t| t.name.clone()).collect();
        let mut index = |name: &str| match names.iter().position(|n| n == name) {
            Some(i) => i as u16,
            None => {
                names.push(name.to_owned());
                (names.len() - 1) as u16
            }
        };
        let disqualified = index(&profile.scoring.disqualified_tier);
        let insufficient = index(&profile.scoring.insufficient_tier);
        let of_row = batch
            .outcomes
            .iter()
            .map(|o| match o {
                Outcome::Scored { tier } => *tier,
                Outcome::Disqualified { .. } => disqualified,
                Outcome::Insufficient => insufficient,
            })
            .collect();
        Ok((Tiers { names, of_row }, batch))
    }

    fn name(&self, row: usize) -> &str {
        &self.names[usize::from(self.of_row[row])]
    }
}

/// Scores `frame` with `edited` and compares with `base`, the tiers of the version edited.
pub(crate) fn effect(
    frame: &icp_frame::Frame,
    golden: Option<&[bool]>,
    edited: &Scorer,
    base: &Tiers,
) -> Result<Effect, icp_scorecard::scorer::ScoreError> {
    let (now, batch) = Tiers::of(edited, frame)?;
    let changed = (0..batch.rows).filter(|&i| now.name(i) != base.name(i)).count();
    let mut tiers: Vec<TierEffect> =
        now.names.iter().map(|n| TierEffect { name: n.clone(), accounts: 0, golden: 0 }).collect();
    for (i, &t) in now.of_row.iter().enumerate() {
        let tier = &mut tiers[usize::from(t)];
        tier.accounts += 1;
        if golden.is_some_and(|g| g[i]) {
            tier.golden += 1;
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
