//! Review: is a profile still right for today's data? The quarterly check the ICP method asks
//! for, against new exports and the counts the profile kept of the data it learned from (so
//! the old file is not needed):
//!
//! 1. **Population drift**: for each key attribute, and for the score, the PSI between the
//!    learning data's per-bin counts and the new data put in the same bins by the scorer, with
//!    the PSI sampling alone gives at these sizes ([`icp_scorecard::drift`]).
//! 2. **Has the evidence moved?** When the new data has outcomes: the golden rate overall and
//!    per bin then and now, and the bins whose lift changed beyond noise.
//! 3. **Is the profile still working?** AUC, lift in the top 20% and the golden rate per tier
//!    on the new outcomes, each with an interval, beside what the profile measured when made.
//! 4. **A recommendation**: keep, adjust (named edits) or rebuild, with reasons, and the date
//!    of the next review.
//!
//! The review's tests share one false-alarm budget of 5%, so that reviewing an unchanged
//! market says "keep" at least 95 times in 100: 3% for the PSIs (attributes and score,
//! Bonferroni), 1% for the lift changes (Benjamini–Hochberg across bins, which under no
//! change at all is a family-wise 1%; a change must also be at least [`MIN_LIFT_RATIO`]),
//! 0.5% for the overall golden rate and 0.5% for a fall
//! in AUC (which must also exceed [`AUC_MARGIN`]).

use icp_profile::Profile;
use icp_scorecard::drift::{self, Band};
use icp_scorecard::scorer::{MISSING_BIN, Outcome, Scorer, UNSEEN_BIN};
use icp_scorecard::{metrics, stats};
use serde::{Deserialize, Serialize};

use crate::error::{Code, EngineError, Result};
use crate::session::Session;

/// False-alarm rate shared by the PSIs of one review (attributes and score).
pub const DRIFT_ALPHA: f64 = 0.03;
/// Benjamini–Hochberg level for bins whose lift changed.
pub const EVIDENCE_Q: f64 = 0.01;
/// How much a bin's lift must change (as a ratio, either way), beyond noise, to count: the
/// bins were cut on the learning data, so their lifts then lean away from 1 and drift back
/// on any new data of the same market (labels grouped by chance on the learning data are
/// the worst case: 0.6× then and 0.8× now on synthetic data whose grouped industries convert
/// alike), and a smaller change moves no points decision.
pub const MIN_LIFT_RATIO: f64 = 1.5;
/// Significance for "the golden rate changed".
pub const GOLDEN_RATE_ALPHA: f64 = 0.005;
/// Significance for "the AUC fell".
pub const AUC_ALPHA: f64 = 0.005;
/// How far the AUC must fall, beyond noise, to count: the AUC the profile measured when made
/// has variation from re-learning in every fold that its DeLong interval does not hold, and
/// a fall smaller than this changes no decision.
pub const AUC_MARGIN: f64 = 0.03;
/// Days from one review to the next.
pub const REVIEW_EVERY_DAYS: i32 = 90;
/// How many bins of an attribute are named as its biggest movers.
const MOVERS: usize = 2;
/// How many bins whose lift moved the recommendation names.
const NAMED_BINS: usize = 5;

/// What to review with.
#[derive(Debug, Clone, Default)]
pub struct ReviewRequest {
    /// The review's date (`YYYY-MM-DD`); today when absent.
    pub today: Option<String>,
    /// Also discover a fresh profile on the new data (when it has outcomes) and compare it
    /// with the reviewed one: the diff and the tier migration.
    pub rediscover: bool,
}

/// What a fresh profile learned on the new data would change.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rediscovery {
    /// The fresh profile against the reviewed one.
    pub diff: crate::diff::ProfileDiff,
    /// How the new accounts would move between tiers.
    pub migration: crate::migration::Migration,
    /// What the fresh profile learned from (a sample of the new accounts on a large export).
    pub learned_on: crate::review_rediscover::LearnedOn,
    /// Both profiles on new accounts the fresh one did not learn from (when it learned on a
    /// sample; otherwise its AUC is the nested cross-validated one in the diff).
    pub held_out: Option<crate::review_rediscover::HeldOut>,
}

/// What the review found.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Review {
    /// Accounts the profile learned from.
    pub profile_rows: u64,
    /// Golden accounts among them.
    pub profile_golden: u64,
    /// Accounts in the new data (the population, when the project names one).
    pub rows: u64,
    /// Golden accounts in the new data, when it has outcomes.
    pub golden: Option<u64>,
    /// The golden rule applied to the new data, when it could be.
    pub golden_rule: Option<String>,
    /// Population drift of every attribute that could be reviewed.
    pub attributes: Vec<AttributeDrift>,
    /// Attributes the new data no longer matches, and why.
    pub unmatched: Vec<Unmatched>,
    /// Drift of the score.
    pub score: ScoreDrift,
    /// The golden rate then and now.
    pub golden_rate: Option<RateChange>,
    /// Every bin's golden rate and lift then and now (new outcomes only).
    pub evidence: Vec<BinChange>,
    /// How the profile ranks the new outcomes.
    pub performance: Option<Performance>,
    /// Keep, adjust or rebuild, and why.
    pub recommendation: Recommendation,
    /// What a fresh profile would say, when asked for and the new data allows it.
    pub rediscovery: Option<Rediscovery>,
    /// The date of this review.
    pub date: String,
    /// The date of the next (90 days on).
    pub next_review: String,
    /// What else to know, in English.
    pub notes: Vec<String>,
    /// Tier validation by deal dates (days to close and deal size per tier, then and now),
    /// when the new data's deals have dates.
    pub deals: Option<crate::tier_deals::DealValidation>,
    /// The accounts reviewed when they are the project's own, dated on or after a day
    /// (`icp review --since`), rather than a new export.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<crate::review_since::Since>,
}

/// One attribute's population drift.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AttributeDrift {
    /// The attribute.
    pub name: String,
    /// Its column.
    pub column: String,
    /// The PSI, when the profile kept the counts it needs.
    pub psi: Option<f64>,
    /// The PSI sampling alone gives at these sizes.
    pub noise_limit: Option<f64>,
    /// Stable, watch or shifted.
    pub band: Band,
    /// The bins' shares then and now (missing values and values never seen when learning
    /// last, when either side has any).
    pub bins: Vec<Share>,
    /// The bins whose share moved most, largest first.
    pub movers: Vec<String>,
    /// Why there is no PSI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
}

/// One bin's share then and now.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Share {
    /// The bin.
    pub label: String,
    /// Accounts in it when learned (absent when the profile does not say).
    pub then_rows: Option<u64>,
    /// Accounts in it now.
    pub now_rows: u64,
    /// Share then.
    pub then_share: Option<f64>,
    /// Share now.
    #[serde(deserialize_with = "crate::stored::number")]
    pub now_share: f64,
    /// A score band's lowest score (score bands only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// A score band's upper bound, exclusive (score bands but the top one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
}

/// An attribute the new data no longer matches.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Unmatched {
    /// The attribute.
    pub attribute: String,
    /// The column it reads.
    pub column: String,
    /// What no longer matches.
    pub reason: String,
}

/// The score's drift.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScoreDrift {
    /// The PSI over the score bands the profile kept.
    pub psi: Option<f64>,
    /// The PSI sampling alone gives at these sizes.
    pub noise_limit: Option<f64>,
    /// Stable, watch or shifted.
    pub band: Band,
    /// The score bands' shares then and now.
    pub bands: Vec<Share>,
    /// Why there is no PSI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
}

/// A golden rate then and now.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RateChange {
    /// Then.
    #[serde(deserialize_with = "crate::stored::number")]
    pub then: f64,
    /// Now.
    #[serde(deserialize_with = "crate::stored::number")]
    pub now: f64,
    /// 95% Wilson interval of now.
    #[serde(deserialize_with = "crate::stored::interval")]
    pub now_interval: [f64; 2],
    /// Two-proportion test.
    #[serde(deserialize_with = "crate::stored::number")]
    pub p_value: f64,
    /// Beyond noise.
    pub changed: bool,
}

/// One bin's evidence then and now.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BinChange {
    /// The attribute.
    pub attribute: String,
    /// The bin.
    pub bin: String,
    /// Golden rate then.
    #[serde(deserialize_with = "crate::stored::number")]
    pub then_rate: f64,
    /// Its 95% Wilson interval.
    #[serde(deserialize_with = "crate::stored::interval")]
    pub then_rate_interval: [f64; 2],
    /// Lift then (the profile's shrunk lift, or the raw one).
    #[serde(deserialize_with = "crate::stored::number")]
    pub then_lift: f64,
    /// Accounts in the bin now.
    pub now_rows: u64,
    /// Golden accounts among them.
    pub now_golden: u64,
    /// Golden rate now.
    #[serde(deserialize_with = "crate::stored::number")]
    pub now_rate: f64,
    /// Its 95% Wilson interval.
    #[serde(deserialize_with = "crate::stored::interval")]
    pub now_rate_interval: [f64; 2],
    /// Lift now, shrunk toward 1 as discover's is.
    #[serde(deserialize_with = "crate::stored::number")]
    pub now_lift: f64,
    /// Its 95% interval.
    #[serde(deserialize_with = "crate::stored::interval")]
    pub now_lift_interval: [f64; 2],
    /// Test that the lift (the bin's rate over the rest's) is unchanged.
    #[serde(deserialize_with = "crate::stored::number")]
    pub p_value: f64,
    /// Benjamini–Hochberg q-value across the bins tested.
    #[serde(deserialize_with = "crate::stored::number")]
    pub q_value: f64,
    /// The lift changed beyond noise, and by at least [`MIN_LIFT_RATIO`].
    pub moved: bool,
}

/// How the profile ranks the new outcomes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Performance {
    /// Accounts with an outcome.
    pub rows: u64,
    /// Golden among them.
    pub golden: u64,
    /// AUC now.
    #[serde(deserialize_with = "crate::stored::number")]
    pub auc: f64,
    /// Its 95% DeLong interval.
    #[serde(deserialize_with = "crate::stored::interval")]
    pub auc_interval: [f64; 2],
    /// The AUC the profile measured when made (`nested_cv_auc`).
    pub auc_then: Option<f64>,
    /// Its interval.
    pub auc_then_interval: Option<[f64; 2]>,
    /// The AUC fell beyond noise.
    pub auc_fell: bool,
    /// Lift in the top 20% by score.
    #[serde(deserialize_with = "crate::stored::number")]
    pub lift_top20: f64,
    /// Its 95% interval (Wilson on the top's golden rate).
    #[serde(deserialize_with = "crate::stored::interval")]
    pub lift_top20_interval: [f64; 2],
    /// Golden rate per tier now, and then on the learning data.
    pub tiers: Vec<TierRate>,
}

/// One tier's golden rate.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TierRate {
    /// The tier.
    pub tier: String,
    /// Accounts now.
    pub rows: u64,
    /// Golden now.
    pub golden: u64,
    /// Rate now.
    #[serde(deserialize_with = "crate::stored::number")]
    pub rate: f64,
    /// Its 95% Wilson interval.
    #[serde(deserialize_with = "crate::stored::interval")]
    pub interval: [f64; 2],
    /// The rate on the learning data (in-sample), when the profile's score bands tell it.
    pub then_rate: Option<f64>,
}

/// What to do with the profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Nothing moved beyond noise.
    Keep,
    /// Named edits.
    Adjust,
    /// Learn it again on new data.
    Rebuild,
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Action::Keep => "keep",
            Action::Adjust => "adjust",
            Action::Rebuild => "rebuild",
        })
    }
}

/// The recommendation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Recommendation {
    /// Keep, adjust or rebuild.
    pub action: Action,
    /// Why, in English.
    pub reasons: Vec<String>,
    /// The edits to make, in English (for adjust).
    pub edits: Vec<String>,
}

impl Review {
    /// Nothing moved beyond noise.
    pub fn stable(&self) -> bool {
        self.recommendation.action == Action::Keep
    }
}

/// The new data, pooled over the exports: per attribute per bin code the accounts and the
/// golden accounts, the score and tier of every account, and the outcomes.
struct Pooled {
    rows: u64,
    /// `counts[a][slot]`: slots are the bins, then missing, then unseen.
    counts: Vec<Vec<u64>>,
    golden_counts: Vec<Vec<u64>>,
    unmatched: Vec<Unmatched>,
    /// `None` when some export has no outcome the golden rule can read.
    golden: Option<Vec<bool>>,
    notes: Vec<String>,
}

/// Reviews `profile` against the new data in `sessions` (one per export).
pub fn review(profile: &Profile, sessions: &[Session], request: &ReviewRequest) -> Result<Review> {
    let today = match &request.today {
        Some(text) => icp_frame::parse_iso_day(text).ok_or_else(|| {
            EngineError::invalid(
                Code::BadDate,
                format!("the review date `{text}` is not YYYY-MM-DD"),
            )
        })?,
        None => today(),
    };
    let scorer = Scorer::new(profile.clone())?;
    // Each export's reviewed rows and outcomes, worked out once (the golden rule over every
    // account is not free on a large export).
    let outcomes: Vec<Outcomes> = sessions.iter().map(rows_and_outcomes).collect();
    let pooled = pool(profile, &scorer, sessions, &outcomes)?;
    if pooled.unmatched.len() == profile.attributes.len() {
        let what: Vec<String> =
            pooled.unmatched.iter().map(|u| format!("`{}`: {}", u.attribute, u.reason)).collect();
        return Err(EngineError::invalid(
            Code::NothingToReview,
            format!(
                "the new data matches none of the profile's attributes, so nothing can be reviewed: {}",
                what.join("; ")
            ),
        ));
    }
    if pooled.rows == 0 {
        return Err(EngineError::invalid(
            Code::NothingToReview,
            "the new data has no accounts to review".to_owned(),
        ));
    }
    let prov = &profile.provenance;
    let reviewable = profile.attributes.len() - pooled.unmatched.len();
    // The score is one more PSI in the family.
    let tests = reviewable + 1;
    let mut attributes = Vec::new();
    for (a, attribute) in profile.attributes.iter().enumerate() {
        if pooled.unmatched.iter().any(|u| u.attribute == attribute.name) {
            continue;
        }
        attributes.push(attribute_drift(profile, a, &pooled.counts[a], tests));
    }
    let mut notes = pooled.notes.clone();
    if let Some(rule) = sessions.first().and_then(|s| s.project.golden.rule.as_deref())
        && pooled.golden.is_some()
        && !prov.golden_rule.is_empty()
        && rule != prov.golden_rule
    {
        notes.push(format!(
            "the profile learned with the golden rule `{}` and the new data is judged by `{rule}`: golden rates then and now may not compare",
            prov.golden_rule
        ));
    }
    let (scores, tiers) = if pooled.unmatched.is_empty() {
        let (scores, tiers, more) = score_all(&scorer, sessions, &outcomes)?;
        notes.extend(more);
        (Some(scores), Some(tiers))
    } else {
        (None, None)
    };
    let score = score_drift(profile, scores.as_deref(), &pooled.unmatched, tests);
    let deals = tiers.as_deref().and_then(|t| deal_validation(profile, sessions, &outcomes, t));
    let golden_rate = pooled.golden.as_ref().map(|g| {
        let now = g.iter().filter(|&&x| x).count() as u64;
        rate_change((prov.golden, prov.rows), (now, g.len() as u64), GOLDEN_RATE_ALPHA)
    });
    let evidence = match &pooled.golden {
        Some(g) => evidence(profile, &pooled, g.iter().filter(|&&x| x).count() as u64),
        None => Vec::new(),
    };
    let performance = match (&pooled.golden, &scores, &tiers) {
        (Some(g), Some(s), Some(t)) => Some(performance(profile, s, t, g)),
        _ => None,
    };
    if pooled.golden.is_some() && performance.is_none() {
        notes.push(
            "performance is not measured: the score needs every attribute's column".to_owned(),
        );
    }
    let rediscovery = if request.rediscover && pooled.golden.is_some() {
        match rediscover(profile, sessions) {
            Ok(r) => r,
            Err(why) => {
                notes.push(why);
                None
            }
        }
    } else {
        None
    };
    let recommendation = recommend(
        profile,
        &Findings {
            attributes: &attributes,
            unmatched: &pooled.unmatched,
            score: &score,
            golden_rate: golden_rate.as_ref(),
            evidence: &evidence,
            performance: performance.as_ref(),
            rediscovery: rediscovery.as_ref(),
            deals: deals.as_ref(),
        },
    );
    Ok(Review {
        rediscovery,
        profile_rows: prov.rows,
        profile_golden: prov.golden,
        rows: pooled.rows,
        golden: pooled.golden.as_ref().map(|g| g.iter().filter(|&&x| x).count() as u64),
        golden_rule: pooled
            .golden
            .as_ref()
            .and_then(|_| sessions.first().and_then(|s| s.project.golden.rule.clone())),
        attributes,
        unmatched: pooled.unmatched,
        score,
        golden_rate,
        evidence,
        performance,
        recommendation,
        date: icp_frame::format_date(today),
        next_review: icp_frame::format_date(today + REVIEW_EVERY_DAYS),
        notes,
        deals,
        since: None,
    })
}

/// Discovers on the new data (one export) and compares; an error is a note, not a failure.
fn rediscover(
    profile: &Profile,
    sessions: &[Session],
) -> std::result::Result<Option<Rediscovery>, String> {
    let [session] = sessions else {
        return Err("a fresh profile is discovered on one export at a time; pass one to see the diff and the tier migration".into());
    };
    let fresh = crate::review_rediscover::fresh_profile(
        profile,
        session,
        crate::review_rediscover::LEARN_ROWS,
    )?;
    let migration = crate::migration::migration(profile, &fresh.profile, session, &fresh.rows)
        .map_err(|e| format!("no tier migration: {e}"))?;
    Ok(Some(Rediscovery {
        diff: crate::diff::diff(profile, &fresh.profile),
        migration,
        learned_on: fresh.learned_on,
        held_out: fresh.held_out,
    }))
}

/// Tier validation by deal dates over the reviewed accounts (in `score_all`'s order), when
/// every export has a first-touch date and deals with dates.
fn deal_validation(
    profile: &Profile,
    sessions: &[Session],
    outcomes: &[Outcomes],
    tiers: &[usize],
) -> Option<crate::tier_deals::DealValidation> {
    let mut facts = Vec::with_capacity(tiers.len());
    let mut first_touch = None;
    for (session, (rows, _, _)) in sessions.iter().zip(outcomes) {
        let found = crate::tier_deals::facts(&session.dataset.frame)?;
        facts.extend(rows.iter().map(|&i| found.facts[i]));
        first_touch.get_or_insert(found.first_touch);
    }
    crate::tier_deals::validate(profile, &first_touch?, tiers, &facts)
}

/// Today (UTC) as days since 1970-01-01.
fn today() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    (secs / 86_400) as i32
}

/// The rows each session reviews and their outcomes, when the golden rule reads the new data.
/// An export's reviewed rows, their outcomes when the golden rule reads them, and else why not.
type Outcomes = (Vec<usize>, Option<Vec<bool>>, Option<String>);

fn rows_and_outcomes(session: &Session) -> Outcomes {
    match session.analysis() {
        Ok(analysis) => {
            let golden = analysis.rows.iter().map(|&i| analysis.golden[i]).collect();
            (analysis.rows, Some(golden), None)
        }
        Err(e) => {
            // The population still says which accounts are reviewed (a `--since` review's).
            let all = session
                .population()
                .unwrap_or_else(|_| (0..session.dataset.frame.rows()).collect());
            let why = format!(
                "{}: no outcomes are reviewed ({e}); population drift is",
                session.dataset.accounts.source.path.display()
            );
            (all, None, Some(why))
        }
    }
}

fn pool(
    profile: &Profile,
    scorer: &Scorer,
    sessions: &[Session],
    outcomes: &[Outcomes],
) -> Result<Pooled> {
    let slots = |a: usize| profile.attributes[a].bins.len() + 2;
    let n_attr = profile.attributes.len();
    let mut pooled = Pooled {
        rows: 0,
        counts: (0..n_attr).map(|a| vec![0; slots(a)]).collect(),
        golden_counts: (0..n_attr).map(|a| vec![0; slots(a)]).collect(),
        unmatched: Vec::new(),
        golden: Some(Vec::new()),
        notes: Vec::new(),
    };
    for (session, (rows, golden, why)) in sessions.iter().zip(outcomes) {
        let frame = &session.dataset.frame;
        let file = session.dataset.accounts.source.path.display().to_string();
        if let Some(why) = why {
            pooled.notes.push(why.clone());
        }
        pooled.rows += rows.len() as u64;
        match (&mut pooled.golden, &golden) {
            (Some(all), Some(g)) => all.extend(g),
            _ => pooled.golden = None,
        }
        for (a, attribute) in profile.attributes.iter().enumerate() {
            if pooled.unmatched.iter().any(|u| u.attribute == attribute.name) {
                continue;
            }
            let unmatched = |reason: String| Unmatched {
                attribute: attribute.name.clone(),
                column: attribute.column.clone(),
                reason: format!("{file}: {reason}"),
            };
            let Some(column) = frame.column(&attribute.column) else {
                let close = icp_rules::closest(
                    &attribute.column,
                    frame.columns().iter().map(|c| c.name.as_str()),
                )
                .map(|n| format!(" (is `{n}` it, renamed?)"))
                .unwrap_or_default();
                pooled
                    .unmatched
                    .push(unmatched(format!("there is no column `{}`{close}", attribute.column)));
                continue;
            };
            let codes = match scorer.attribute_codes(a, column) {
                Ok(codes) => codes,
                Err(e) => {
                    pooled.unmatched.push(unmatched(e.to_string()));
                    continue;
                }
            };
            let bins = attribute.bins.len();
            for (k, &row) in rows.iter().enumerate() {
                let slot = match codes[row] {
                    MISSING_BIN => bins,
                    UNSEEN_BIN => bins + 1,
                    c => usize::from(c),
                };
                pooled.counts[a][slot] += 1;
                if golden.as_ref().is_some_and(|g| g[k]) {
                    pooled.golden_counts[a][slot] += 1;
                }
            }
        }
    }
    Ok(pooled)
}

/// Scores (criteria off, as the learning data's score bands were counted) and tiers (the
/// profile as it is) of every reviewed account, pooled.
fn score_all(
    scorer: &Scorer,
    sessions: &[Session],
    outcomes: &[Outcomes],
) -> Result<(Vec<f64>, Vec<usize>, Vec<String>)> {
    let profile = scorer.profile();
    let plain = Scorer::new(Profile { criteria: Vec::new(), ..profile.clone() })?;
    let (mut scores, mut tiers, mut notes) = (Vec::new(), Vec::new(), Vec::new());
    for (session, (rows, _, _)) in sessions.iter().zip(outcomes) {
        let frame = &session.dataset.frame;
        let absent: Vec<String> = profile
            .criteria
            .iter()
            .filter(|c| c.enabled)
            .filter_map(|c| icp_rules::Expr::parse(&c.rule).ok())
            .flat_map(|e| e.columns())
            .filter(|c| frame.column(c).is_none())
            .collect();
        let tiered = if absent.is_empty() {
            scorer.clone()
        } else {
            notes.push(format!(
                "{}: hard criteria on {} are not applied (the columns are not there)",
                session.dataset.accounts.source.path.display(),
                absent.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
            ));
            Scorer::new(crate::scoring::without_unusable_criteria(profile, &absent))?
        };
        let batch = plain.score(frame)?;
        // Without hard criteria the tiers are the plain scores' own.
        let outcomes = if profile.criteria.iter().any(|c| c.enabled) {
            tiered.score(frame)?.outcomes
        } else {
            batch.outcomes.clone()
        };
        let n_tiers = profile.tiers.len();
        for &row in rows {
            scores.push(f64::from(batch.score_tenths[row]) / 10.0);
            tiers.push(match outcomes[row] {
                Outcome::Scored { tier } => usize::from(tier),
                Outcome::Insufficient => n_tiers,
                Outcome::Disqualified { .. } => n_tiers + 1,
            });
        }
    }
    Ok((scores, tiers, notes))
}

fn shares(labels: Vec<String>, then: &[Option<u64>], now: &[u64]) -> Vec<Share> {
    let then_total: u64 = then.iter().flatten().sum();
    let now_total: u64 = now.iter().sum();
    let known = then.iter().all(Option::is_some) && then_total > 0;
    labels
        .into_iter()
        .zip(then.iter().zip(now))
        .map(|(label, (&t, &n))| Share {
            label,
            then_rows: t,
            now_rows: n,
            then_share: t.filter(|_| known).map(|t| t as f64 / then_total as f64),
            now_share: if now_total > 0 { n as f64 / now_total as f64 } else { 0.0 },
            min: None,
            max: None,
        })
        .collect()
}

/// The bins whose share moved most.
fn movers(bins: &[Share]) -> Vec<String> {
    let mut moved: Vec<(&Share, f64)> = bins
        .iter()
        .filter_map(|b| b.then_share.map(|t| (b, (b.now_share - t).abs())))
        .filter(|(_, d)| *d > 0.0)
        .collect();
    moved.sort_by(|x, y| y.1.total_cmp(&x.1));
    moved.into_iter().take(MOVERS).map(|(b, _)| b.label.clone()).collect()
}

/// Accounts in a missing value when learned: the accounts analysed minus those in the bins,
/// when the profile kept every bin's count (`None` otherwise).
fn missing_then(profile: &Profile, a: usize) -> Option<(u64, u64)> {
    let attribute = &profile.attributes[a];
    let rows: Option<u64> = attribute.bins.iter().map(|b| b.rows).sum();
    let golden: Option<u64> = attribute.bins.iter().map(|b| b.golden).sum();
    let prov = &profile.provenance;
    match (rows, golden) {
        (Some(r), Some(g)) if r <= prov.rows && g <= prov.golden => {
            Some((prov.rows - r, prov.golden - g))
        }
        _ => None,
    }
}

fn attribute_drift(profile: &Profile, a: usize, now: &[u64], tests: usize) -> AttributeDrift {
    let attribute = &profile.attributes[a];
    let bins = attribute.bins.len();
    let missing = missing_then(profile, a);
    let mut labels: Vec<String> = attribute.bins.iter().map(|b| b.label.clone()).collect();
    let mut then: Vec<Option<u64>> = attribute.bins.iter().map(|b| b.rows).collect();
    let mut now_counts: Vec<u64> = now[..bins].to_vec();
    let missing_rows = missing.map(|m| m.0);
    if missing_rows != Some(0) || now[bins] > 0 {
        labels.push("missing".into());
        then.push(missing_rows);
        now_counts.push(now[bins]);
    }
    if now[bins + 1] > 0 {
        labels.push("values never seen when learning".into());
        then.push(Some(0));
        now_counts.push(now[bins + 1]);
    }
    let table = shares(labels, &then, &now_counts);
    let unavailable = (!then.iter().all(Option::is_some))
        .then(|| "the profile keeps no counts for some of its bins".to_owned());
    let (psi, limit) = if unavailable.is_none() {
        let old: Vec<u64> = then.iter().map(|t| t.unwrap_or(0)).collect();
        let psi = drift::psi(&old, &now_counts);
        let limit = drift::noise_limit(
            old.iter().sum(),
            now_counts.iter().sum(),
            old.len(),
            DRIFT_ALPHA,
            tests,
        );
        (Some(psi).filter(|p| p.is_finite()), Some(limit))
    } else {
        (None, None)
    };
    AttributeDrift {
        name: attribute.name.clone(),
        column: attribute.column.clone(),
        band: match (psi, limit) {
            (Some(p), Some(l)) => drift::band(p, l),
            _ => Band::Stable,
        },
        psi,
        noise_limit: limit,
        movers: movers(&table),
        bins: table,
        unavailable,
    }
}

fn score_drift(
    profile: &Profile,
    scores: Option<&[f64]>,
    unmatched: &[Unmatched],
    tests: usize,
) -> ScoreDrift {
    let bands = &profile.provenance.score_bands;
    let unavailable = |why: String| ScoreDrift {
        psi: None,
        noise_limit: None,
        band: Band::Stable,
        bands: Vec::new(),
        unavailable: Some(why),
    };
    if bands.is_empty() {
        return unavailable(
            "the profile keeps no score bands of its learning data (it was written by an older icp; `icp discover` writes them)".into(),
        );
    }
    let Some(scores) = scores else {
        let columns: Vec<String> = unmatched.iter().map(|u| format!("`{}`", u.column)).collect();
        return unavailable(format!("the score needs {}", columns.join(", ")));
    };
    let mut now = vec![0u64; bands.len()];
    for &s in scores {
        if let Some(b) = drift::band_of(bands, s) {
            now[b] += 1;
        }
    }
    let old: Vec<u64> = bands.iter().map(|b| b.rows).collect();
    let labels = bands
        .iter()
        .map(|b| match b.max {
            Some(max) => format!("{}–{}", crate::format::number(b.min), crate::format::number(max)),
            None => format!("{} and up", crate::format::number(b.min)),
        })
        .collect();
    let psi = drift::psi(&old, &now);
    let limit =
        drift::noise_limit(old.iter().sum(), now.iter().sum(), old.len(), DRIFT_ALPHA, tests);
    let mut shares = shares(labels, &old.iter().map(|&o| Some(o)).collect::<Vec<_>>(), &now);
    for (share, band) in shares.iter_mut().zip(bands) {
        share.min = Some(band.min);
        share.max = band.max;
    }
    ScoreDrift {
        psi: Some(psi).filter(|p| p.is_finite()),
        noise_limit: Some(limit),
        band: drift::band(psi, limit),
        bands: shares,
        unavailable: None,
    }
}

fn rate_change(then: (u64, u64), now: (u64, u64), alpha: f64) -> RateChange {
    let rate = |(g, n): (u64, u64)| if n > 0 { g as f64 / n as f64 } else { f64::NAN };
    let (lo, hi) = stats::wilson_interval(now.0, now.1, stats::Z_95);
    let p = drift::rate_change_p(then, now);
    RateChange {
        then: rate(then),
        now: rate(now),
        now_interval: [lo, hi],
        p_value: p,
        changed: p < alpha,
    }
}

/// A share's 95% Wilson interval.
fn wilson(successes: u64, n: u64) -> [f64; 2] {
    let (lo, hi) = stats::wilson_interval(successes, n, stats::Z_95);
    [lo, hi]
}

type LearnedBin = (String, Option<(u64, u64)>, Option<f64>);

fn evidence(profile: &Profile, pooled: &Pooled, golden_now: u64) -> Vec<BinChange> {
    let prov = &profile.provenance;
    let base_then = prov.golden as f64 / prov.rows.max(1) as f64;
    let base_now = golden_now as f64 / pooled.rows.max(1) as f64;
    let mut out = Vec::new();
    for (a, attribute) in profile.attributes.iter().enumerate() {
        if pooled.unmatched.iter().any(|u| u.attribute == attribute.name) {
            continue;
        }
        let bins = attribute.bins.len();
        // Per bin: its label, (golden, accounts) when learned, and the lift the profile kept.
        let mut then: Vec<LearnedBin> = attribute
            .bins
            .iter()
            .map(|b| (b.label.clone(), b.golden.zip(b.rows), b.lift))
            .collect();
        then.push(("missing".into(), missing_then(profile, a).map(|(r, g)| (g, r)), None));
        for (slot, (label, counts, stored_lift)) in then.into_iter().enumerate() {
            let Some((g_then, n_then)) = counts else { continue };
            let (g_now, n_now) = (pooled.golden_counts[a][slot], pooled.counts[a][slot]);
            if n_then == 0 || n_now == 0 || slot > bins {
                continue;
            }
            let p = drift::lift_change_p(
                (g_then, n_then, prov.golden.saturating_sub(g_then), prov.rows - n_then),
                (g_now, n_now, golden_now - g_now, pooled.rows - n_now),
            );
            let then_rate = g_then as f64 / n_then as f64;
            let (lift, lo, hi) =
                stats::lift_interval(g_now, n_now, base_now, stats::DEFAULT_PRIOR_STRENGTH);
            let raw_then = then_rate / base_then;
            let raw_now = g_now as f64 / n_now as f64 / base_now;
            let material = (raw_now / raw_then).ln().abs() >= MIN_LIFT_RATIO.ln();
            out.push(BinChange {
                attribute: attribute.name.clone(),
                bin: label,
                then_rate,
                then_rate_interval: wilson(g_then, n_then),
                then_lift: stored_lift.unwrap_or(then_rate / base_then),
                now_rows: n_now,
                now_golden: g_now,
                now_rate: g_now as f64 / n_now as f64,
                now_rate_interval: wilson(g_now, n_now),
                now_lift: lift,
                now_lift_interval: [lo, hi],
                p_value: p,
                q_value: 1.0,
                moved: material,
            });
        }
    }
    let p: Vec<f64> = out.iter().map(|b| b.p_value).collect();
    for (b, q) in out.iter_mut().zip(stats::benjamini_hochberg(&p)) {
        b.q_value = q;
        b.moved = b.moved && q <= EVIDENCE_Q;
    }
    out
}

fn performance(profile: &Profile, scores: &[f64], tiers: &[usize], golden: &[bool]) -> Performance {
    let (auc, lo, hi) = metrics::auc_interval(scores, golden);
    let q = &profile.quality;
    let interval_then = q.nested_cv_auc_interval.or(q.cv_auc_interval);
    let auc_fell = match (q.nested_cv_auc, interval_then) {
        (Some(then), Some([tlo, thi])) if auc.is_finite() => {
            let se = |lo: f64, hi: f64| (hi - lo) / (2.0 * stats::Z_95);
            let z = (then - auc) / (se(tlo, thi).powi(2) + se(lo, hi).powi(2)).sqrt();
            z.is_finite() && drift::normal_sf(z) < AUC_ALPHA && then - auc > AUC_MARGIN
        }
        _ => false,
    };
    let n = scores.len();
    let total_golden = golden.iter().filter(|&&g| g).count() as u64;
    let (lift_top20, capture) = metrics::lift_at(scores, golden, 0.2);
    let k = ((0.2 * n as f64 - 1e-9).ceil() as usize).clamp(1, n.max(1)) as u64;
    let top_golden = (capture * total_golden as f64).round() as u64;
    let base = total_golden as f64 / n.max(1) as f64;
    let (tlo, thi) = stats::wilson_interval(top_golden, k, stats::Z_95);
    let n_tiers = profile.tiers.len();
    let names: Vec<String> = profile
        .tiers
        .iter()
        .map(|t| t.name.clone())
        .chain([
            profile.scoring.insufficient_tier.clone(),
            profile.scoring.disqualified_tier.clone(),
        ])
        .collect();
    let then = tier_rates_then(profile);
    let tiers = metrics::rate_by_group(golden, tiers, n_tiers + 2)
        .into_iter()
        .enumerate()
        .filter(|(t, (rows, _, _))| *t < n_tiers || *rows > 0)
        .map(|(t, (rows, golden, rate))| {
            let (lo, hi) = stats::wilson_interval(golden, rows, stats::Z_95);
            TierRate {
                tier: names[t].clone(),
                rows,
                golden,
                rate,
                interval: [lo, hi],
                then_rate: then.get(t).copied().flatten(),
            }
        })
        .collect();
    Performance {
        rows: n as u64,
        golden: total_golden,
        auc,
        auc_interval: [lo, hi],
        auc_then: q.nested_cv_auc,
        auc_then_interval: interval_then,
        auc_fell,
        lift_top20,
        lift_top20_interval: [tlo / base, thi / base],
        tiers,
    }
}

/// The learning data's golden rate per tier, from the score bands that lie wholly inside it
/// (`None` for a tier a band straddles, as after a hand edit of the cut-offs).
fn tier_rates_then(profile: &Profile) -> Vec<Option<f64>> {
    let bands = &profile.provenance.score_bands;
    let tiers = &profile.tiers;
    (0..tiers.len())
        .map(|t| {
            if bands.is_empty() {
                return None;
            }
            let lo = if t + 1 == tiers.len() { f64::NEG_INFINITY } else { tiers[t].min_score };
            let hi = if t == 0 { f64::INFINITY } else { tiers[t - 1].min_score };
            let (mut rows, mut golden) = (0u64, 0u64);
            for b in bands {
                let (bmin, bmax) = (b.min, b.max.unwrap_or(f64::INFINITY));
                let inside = bmin >= lo && bmax <= hi;
                let outside = bmax <= lo || bmin >= hi;
                if inside {
                    rows += b.rows;
                    golden += b.golden;
                } else if !outside {
                    return None;
                }
            }
            (rows > 0).then(|| golden as f64 / rows as f64)
        })
        .collect()
}

/// What the review found, for the recommendation.
struct Findings<'a> {
    attributes: &'a [AttributeDrift],
    unmatched: &'a [Unmatched],
    score: &'a ScoreDrift,
    golden_rate: Option<&'a RateChange>,
    evidence: &'a [BinChange],
    performance: Option<&'a Performance>,
    rediscovery: Option<&'a Rediscovery>,
    deals: Option<&'a crate::tier_deals::DealValidation>,
}

fn recommend(profile: &Profile, found: &Findings<'_>) -> Recommendation {
    let Findings {
        attributes,
        unmatched,
        score,
        golden_rate,
        evidence,
        performance,
        rediscovery,
        deals,
    } = *found;
    let mut reasons = Vec::new();
    let mut edits = Vec::new();
    let mut rebuild = false;
    let shifted: Vec<&AttributeDrift> =
        attributes.iter().filter(|a| a.band == Band::Shifted).collect();
    for a in attributes.iter().filter(|a| a.band != Band::Stable) {
        let psi = a.psi.unwrap_or(f64::NAN);
        reasons.push(format!(
            "`{}` {} (PSI {:.2}, noise limit {:.3}; moved most: {})",
            a.name,
            if a.band == Band::Shifted { "has shifted" } else { "is on watch" },
            psi,
            a.noise_limit.unwrap_or(f64::NAN),
            a.movers.join(", ")
        ));
        if a.band == Band::Shifted {
            edits.push(format!("re-learn the bins and points of `{}` on the new data", a.name));
        }
    }
    if score.band != Band::Stable {
        reasons.push(format!(
            "the score's spread has {} (PSI {:.2})",
            if score.band == Band::Shifted { "shifted" } else { "moved (watch)" },
            score.psi.unwrap_or(f64::NAN)
        ));
        if score.band == Band::Shifted {
            rebuild = true;
        }
    }
    for u in unmatched {
        reasons.push(format!("`{}` cannot be reviewed: {}", u.attribute, u.reason));
        edits.push(format!(
            "map the column `{}` back (rename it in the export) or drop `{}` from the profile",
            u.column, u.attribute
        ));
    }
    if let Some(r) = golden_rate.filter(|r| r.changed) {
        reasons.push(format!(
            "the golden rate moved from {:.1}% to {:.1}% ({:.1}–{:.1}%)",
            r.then * 100.0,
            r.now * 100.0,
            r.now_interval[0] * 100.0,
            r.now_interval[1] * 100.0
        ));
        edits.push(
            "recalibrate the probability of being golden and check the tier cut-offs".to_owned(),
        );
    }
    let mut moved: Vec<&BinChange> = evidence.iter().filter(|b| b.moved).collect();
    moved.sort_by(|x, y| x.p_value.total_cmp(&y.p_value));
    if moved.len() > NAMED_BINS {
        reasons.push(format!(
            "{} bins changed lift beyond noise; the {NAMED_BINS} clearest:",
            moved.len()
        ));
    }
    for b in moved.iter().take(NAMED_BINS) {
        reasons.push(lift_phrase(b));
        let neutral =
            profile.attributes.iter().find(|a| a.name == b.attribute).map_or(String::new(), |a| {
                format!(" (neutral is {})", crate::format::number(a.neutral_points))
            });
        let direction = if b.now_lift > b.then_lift { "up" } else { "down" };
        edits
            .push(format!("move the points of `{}` = {} {direction}{neutral}", b.attribute, b.bin));
    }
    if let Some(p) = performance.filter(|p| p.auc_fell) {
        rebuild = true;
        reasons.push(format!(
            "the profile ranks the new outcomes worse: AUC {:.2} ({:.2}–{:.2}) against {:.2} when made",
            p.auc,
            p.auc_interval[0],
            p.auc_interval[1],
            p.auc_then.unwrap_or(f64::NAN)
        ));
    }
    // A fresh profile that ranks the new data clearly better, both out of sample: on the
    // held-out accounts when it learned on a sample, else its cross-validated AUC against
    // the reviewed profile's on the same outcomes.
    if let Some(h) = rediscovery.and_then(|r| r.held_out.as_ref()) {
        if h.fresh_auc - h.reviewed_auc > AUC_MARGIN {
            rebuild = true;
            reasons.push(format!(
                "a profile learned on a sample of {} new accounts ranks the other {} better: AUC {:.2} against {:.2} for this profile",
                rediscovery.map_or(0, |r| r.learned_on.rows),
                h.rows,
                h.fresh_auc,
                h.reviewed_auc
            ));
        }
    } else if let (Some(p), Some(fresh)) = (performance, rediscovery.and_then(|r| r.diff.auc.1))
        && fresh - p.auc > AUC_MARGIN
    {
        rebuild = true;
        reasons.push(format!(
            "a profile learned on the new data ranks it better: cross-validated AUC {fresh:.2} against {:.2} for this profile",
            p.auc
        ));
    }
    if let Some(d) = deals {
        let lost = d.lost_claims();
        for claim in &lost {
            reasons.push(claim.finding.clone());
        }
        if !lost.is_empty() {
            let top = profile.tiers.first();
            edits.push(format!(
                "adjust the tier cut-offs: tier {} (from score {}) no longer {}; raise its lowest score or re-learn the tiers",
                top.map_or("A", |t| t.name.as_str()),
                top.map_or("-".to_owned(), |t| crate::format::number(t.min_score)),
                lost.iter().map(|c| c.verb()).collect::<Vec<_>>().join(" or ")
            ));
        }
    }
    let reviewed = attributes.len() + unmatched.len();
    let mut changed_evidence: Vec<&str> = moved.iter().map(|b| b.attribute.as_str()).collect();
    changed_evidence.sort_unstable();
    changed_evidence.dedup();
    if 2 * changed_evidence.len() > reviewed {
        rebuild = true;
        reasons.push(format!(
            "the evidence moved in {} of the profile's {} attributes",
            changed_evidence.len(),
            reviewed
        ));
    }
    if 2 * (shifted.len() + unmatched.len()) > reviewed {
        rebuild = true;
        reasons.push(format!(
            "{} of the profile's {} attributes have shifted or no longer match",
            shifted.len() + unmatched.len(),
            reviewed
        ));
    }
    let action = if rebuild {
        Action::Rebuild
    } else if reasons.is_empty() {
        reasons.push("nothing moved beyond what sampling alone gives at these sizes".to_owned());
        Action::Keep
    } else {
        Action::Adjust
    };
    if action == Action::Rebuild {
        edits = vec!["run `icp discover` on the new data and compare the profiles".to_owned()];
    }
    Recommendation { action, reasons, edits }
}

/// "`job` = student used to convert at 2.6×; it now converts at 1.1× (0.7–1.6)".
pub fn lift_phrase(b: &BinChange) -> String {
    format!(
        "`{}` = {} used to convert at {:.1}×; it now converts at {:.1}× ({:.1}–{:.1})",
        b.attribute, b.bin, b.then_lift, b.now_lift, b.now_lift_interval[0], b.now_lift_interval[1]
    )
}
