//! Tier migration: how the same accounts would move between tiers from one profile to
//! another (A→B, D→A …), with the accounts that move furthest named — what the review shows
//! beside the diff when it re-discovers on new data.

use icp_profile::Profile;
use icp_scorecard::scorer::{Outcome, Scorer};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::session::Session;

/// How many of the furthest movers are named.
const NAMED_MOVERS: usize = 10;

/// Accounts per (old tier, new tier).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Migration {
    /// The old profile's tiers, then insufficient data and disqualified.
    pub old_tiers: Vec<String>,
    /// The new profile's, likewise.
    pub new_tiers: Vec<String>,
    /// `counts[old][new]`.
    pub counts: Vec<Vec<u64>>,
    /// The accounts that move furthest, furthest first.
    pub movers: Vec<Mover>,
}

/// An account that changes tier.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Mover {
    /// Its name or id (never personal data), or its row.
    pub account: String,
    /// Tier under the old profile.
    pub old_tier: String,
    /// Tier under the new.
    pub new_tier: String,
    /// Score under the old profile.
    #[serde(deserialize_with = "crate::stored::number")]
    pub old_score: f64,
    /// Score under the new.
    #[serde(deserialize_with = "crate::stored::number")]
    pub new_score: f64,
}

fn tier_names(profile: &Profile) -> Vec<String> {
    profile
        .tiers
        .iter()
        .map(|t| t.name.clone())
        .chain([
            profile.scoring.insufficient_tier.clone(),
            profile.scoring.disqualified_tier.clone(),
        ])
        .collect()
}

fn tiers_and_scores(profile: &Profile, session: &Session) -> Result<(Vec<usize>, Vec<f64>)> {
    let batch = Scorer::new(profile.clone())?.score(&session.dataset.frame)?;
    let n = profile.tiers.len();
    let tiers = batch
        .outcomes
        .iter()
        .map(|o| match o {
            Outcome::Scored { tier } => usize::from(*tier),
            Outcome::Insufficient => n,
            Outcome::Disqualified { .. } => n + 1,
        })
        .collect();
    let scores = batch.score_tenths.iter().map(|&t| f64::from(t) / 10.0).collect();
    Ok((tiers, scores))
}

/// The migration of `rows` of `session` from `old` to `new`.
pub fn migration(
    old: &Profile,
    new: &Profile,
    session: &Session,
    rows: &[usize],
) -> Result<Migration> {
    let (old_tiers, new_tiers) = (tier_names(old), tier_names(new));
    let (ot, os) = tiers_and_scores(old, session)?;
    let (nt, ns) = tiers_and_scores(new, session)?;
    let mut counts = vec![vec![0u64; new_tiers.len()]; old_tiers.len()];
    for &row in rows {
        counts[ot[row]][nt[row]] += 1;
    }
    // Furthest: most tiers crossed (among scored tiers, by rank from the top), then the
    // largest change of score.
    let rank = |t: usize, n: usize| t.min(n) as f64 / n.max(1) as f64;
    let mut moved: Vec<(usize, f64)> = rows
        .iter()
        .copied()
        .filter(|&r| ot[r] < old.tiers.len() && nt[r] < new.tiers.len())
        .map(|r| (r, (rank(ot[r], old.tiers.len()) - rank(nt[r], new.tiers.len())).abs()))
        .filter(|&(r, d)| d > 0.0 || old_tiers[ot[r]] != new_tiers[nt[r]])
        .collect();
    let furthest = |x: &(usize, f64), y: &(usize, f64)| {
        y.1.total_cmp(&x.1)
            .then((ns[y.0] - os[y.0]).abs().total_cmp(&(ns[x.0] - os[x.0]).abs()))
            .then(x.0.cmp(&y.0))
    };
    // Only the furthest few are named: pick them out before sorting (a million accounts
    // may move).
    if moved.len() > NAMED_MOVERS {
        moved.select_nth_unstable_by(NAMED_MOVERS - 1, furthest);
        moved.truncate(NAMED_MOVERS);
    }
    moved.sort_by(furthest);
    let dataset = &session.dataset;
    let labels = dataset.labels(dataset.name_column().or(dataset.id_column()));
    let movers = moved
        .into_iter()
        .take(NAMED_MOVERS)
        .map(|(r, _)| Mover {
            account: labels[r].clone(),
            old_tier: old_tiers[ot[r]].clone(),
            new_tier: new_tiers[nt[r]].clone(),
            old_score: os[r],
            new_score: ns[r],
        })
        .collect();
    Ok(Migration { old_tiers, new_tiers, counts, movers })
}
