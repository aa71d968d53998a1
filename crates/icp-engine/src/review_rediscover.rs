//! The review's fresh profile: what a profile discovered on the new data would change (the
//! diff and the tier migration), and whether it ranks the new outcomes better.
//!
//! The review needs the diff, not the quality `icp discover` promises, so on a large export
//! the fresh profile is learned on a sample and measured on the accounts it did not learn
//! from, instead of by the nested cross-validation (five more discoveries, which would
//! cost seconds per 100,000 accounts):
//!
//! - **The sample**: at most [`LEARN_ROWS`] accounts, stratified by outcome in proportion (golden
//!   and other accounts each at the same fraction, so the golden rate and every bin's rate
//!   stay what they are in the whole export), evenly spaced through each group in file
//!   order (so a time-ordered export is sampled across its whole period; no seed, the same
//!   export gives the same sample).
//! - **The measure**: the fresh profile's AUC on the held-out accounts (at most
//!   [`HELD_OUT_ROWS`] of them, evenly spaced the same way) beside the reviewed profile's AUC
//!   on the same accounts, both out of sample and with DeLong intervals.
//!
//! An export of at most [`LEARN_ROWS`] accounts is learned whole and measured by the nested
//! cross-validation, as `icp discover` does.

use icp_profile::Profile;
use icp_scorecard::metrics;
use icp_scorecard::scorer::Scorer;
use serde::{Deserialize, Serialize};

use crate::discover::{DiscoverRequest, Measure, discover_on};
use crate::session::Session;

/// Most accounts the fresh profile learns from.
pub const LEARN_ROWS: usize = 30_000;
/// Most held-out accounts its AUC is measured on.
pub const HELD_OUT_ROWS: usize = 200_000;

/// What the fresh profile learned from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LearnedOn {
    /// Accounts it learned from.
    pub rows: u64,
    /// Golden accounts among them.
    pub golden: u64,
    /// Accounts the review has with outcomes (the sample is drawn from these).
    pub of_rows: u64,
    /// Learned on a sample (the export held more than [`LEARN_ROWS`] accounts).
    pub sampled: bool,
}

/// The fresh and the reviewed profile on accounts the fresh one did not learn from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HeldOut {
    /// Held-out accounts measured.
    pub rows: u64,
    /// Golden among them.
    pub golden: u64,
    /// The fresh profile's AUC on them.
    #[serde(deserialize_with = "crate::stored::number")]
    pub fresh_auc: f64,
    /// Its 95% DeLong interval.
    #[serde(deserialize_with = "crate::stored::interval")]
    pub fresh_auc_interval: [f64; 2],
    /// The reviewed profile's AUC on the same accounts.
    #[serde(deserialize_with = "crate::stored::number")]
    pub reviewed_auc: f64,
    /// Its 95% DeLong interval.
    #[serde(deserialize_with = "crate::stored::interval")]
    pub reviewed_auc_interval: [f64; 2],
}

/// The fresh profile, learned on (a sample of) one export.
#[derive(Debug)]
pub struct Fresh {
    /// The profile.
    pub profile: Profile,
    /// What it learned from.
    pub learned_on: LearnedOn,
    /// Both profiles on accounts it did not learn from (when it learned on a sample).
    pub held_out: Option<HeldOut>,
    /// Every account with an outcome, for the migration.
    pub rows: Vec<usize>,
}

/// Evenly spaced picks of `k` of `items`, the first half a step in (file order kept).
fn evenly(items: &[usize], k: usize) -> Vec<usize> {
    if k >= items.len() {
        return items.to_vec();
    }
    let step = items.len() as f64 / k as f64;
    (0..k).map(|j| items[((j as f64 + 0.5) * step) as usize]).collect()
}

/// A sample of at most `cap` of `rows`, golden and other accounts each at the same fraction
/// (sorted by row).
pub fn proportional_sample(rows: &[usize], golden: &[bool], cap: usize) -> Vec<usize> {
    if rows.len() <= cap {
        return rows.to_vec();
    }
    let (pos, neg): (Vec<usize>, Vec<usize>) = rows.iter().partition(|&&i| golden[i]);
    let k_pos = (cap as f64 * pos.len() as f64 / rows.len() as f64).round() as usize;
    let mut out = evenly(&pos, k_pos);
    out.extend(evenly(&neg, cap - k_pos.min(cap)));
    out.sort_unstable();
    out
}

/// Discovers the fresh profile on `session`, on a sample of at most `learn_rows` accounts
/// (the review uses [`LEARN_ROWS`]; see the module's notes); an error is the review's note,
/// not its failure.
pub fn fresh_profile(
    reviewed: &Profile,
    session: &Session,
    learn_rows: usize,
) -> std::result::Result<Fresh, String> {
    let analysis = session.analysis().map_err(|e| format!("no fresh profile: {e}"))?;
    let all = analysis.rows.clone();
    let learn = proportional_sample(&all, &analysis.golden, learn_rows.max(1));
    let sampled = learn.len() < all.len();
    let golden = analysis.golden.clone();
    let measure = if sampled { Measure::Skip } else { Measure::NestedCv };
    let learned_on = LearnedOn {
        rows: learn.len() as u64,
        golden: learn.iter().filter(|&&i| golden[i]).count() as u64,
        of_rows: all.len() as u64,
        sampled,
    };
    let in_sample = {
        let mut mask = vec![false; session.dataset.frame.rows()];
        for &i in &learn {
            mask[i] = true;
        }
        mask
    };
    let found = if sampled {
        // Discovered on the sample's own accounts, so that every column is read and binned
        // over the sample's rows rather than over the whole export.
        let d = &session.dataset;
        let dataset = icp_project::Dataset {
            accounts: d.accounts.clone(),
            accounts_shape: d.accounts_shape,
            frame: d.frame.take(&learn),
            id: d.id.clone(),
            columns: d.columns.clone(),
            deals: d.deals.clone(),
            deal_summary: d.deal_summary.clone(),
            orders: d.orders.clone(),
            contacts: d.contacts.clone(),
            lookups: d.lookups.clone(),
            warnings: Vec::new(),
        };
        let sample = Session::from_dataset(
            session.project_path.clone(),
            session.project.clone(),
            dataset,
            session.overrides.clone(),
        );
        let analysis = sample.analysis().map_err(|e| format!("no fresh profile: {e}"))?;
        discover_on(&sample, &DiscoverRequest::default(), analysis, measure)
    } else {
        discover_on(session, &DiscoverRequest::default(), analysis, measure)
    }
    .map_err(|e| format!("no fresh profile: {e}"))?;
    let Some(profile) = found.profile else {
        return Err("no fresh profile: the new data shows no reliable signal".into());
    };
    let held_out = if sampled {
        let rest: Vec<usize> = all.iter().copied().filter(|&i| !in_sample[i]).collect();
        let rest = proportional_sample(&rest, &golden, HELD_OUT_ROWS);
        held_out(reviewed, &profile, session, &rest, &golden)
            .map_err(|e| format!("no fresh profile: {e}"))?
    } else {
        None
    };
    Ok(Fresh { profile, learned_on, held_out, rows: all })
}

/// Both profiles' AUC on `rows` (`None` when they hold only one class).
fn held_out(
    reviewed: &Profile,
    fresh: &Profile,
    session: &Session,
    rows: &[usize],
    golden: &[bool],
) -> crate::Result<Option<HeldOut>> {
    let frame = session.dataset.frame.take(rows);
    let labels: Vec<bool> = rows.iter().map(|&i| golden[i]).collect();
    let positives = labels.iter().filter(|&&g| g).count();
    if positives == 0 || positives == labels.len() {
        return Ok(None);
    }
    // Criteria off, as the reviewed profile's AUC on the new outcomes is measured.
    let auc = |p: &Profile| -> crate::Result<(f64, f64, f64)> {
        let plain = Scorer::new(Profile { criteria: Vec::new(), ..p.clone() })?;
        let batch = plain.score(&frame)?;
        let scores: Vec<f64> = batch.score_tenths.iter().map(|&t| f64::from(t) / 10.0).collect();
        Ok(metrics::auc_interval(&scores, &labels))
    };
    let (fa, flo, fhi) = auc(fresh)?;
    let (ra, rlo, rhi) = auc(reviewed)?;
    Ok(Some(HeldOut {
        rows: rows.len() as u64,
        golden: positives as u64,
        fresh_auc: fa,
        fresh_auc_interval: [flo, fhi],
        reviewed_auc: ra,
        reviewed_auc_interval: [rlo, rhi],
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_keeps_the_golden_rate_and_spans_the_file() {
        let golden: Vec<bool> = (0..1_000_000).map(|i| i % 9 == 0).collect();
        let rows: Vec<usize> = (0..golden.len()).collect();
        let sample = proportional_sample(&rows, &golden, 100_000);
        assert_eq!(sample.len(), 100_000);
        let share = sample.iter().filter(|&&i| golden[i]).count() as f64 / 100_000.0;
        let base = golden.iter().filter(|&&g| g).count() as f64 / 1e6;
        assert!((share - base).abs() < 1e-4, "{share} {base}");
        assert!(sample.windows(2).all(|w| w[0] < w[1]));
        assert!(sample[0] < 20 && *sample.last().unwrap() > 999_980, "{:?}", &sample[..3]);
        assert_eq!(proportional_sample(&rows[..500], &golden, 1_000).len(), 500);
    }
}
