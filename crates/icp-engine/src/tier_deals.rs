//! Tier validation by deal dates, the way practitioners check a profile: the won accounts of
//! tier A should close faster (days from first touch to close) or bigger (won value per won
//! deal) than those of the tiers below. Discover keeps each tier's figures in the profile;
//! review measures them again on the new data and says when the claim stops holding.
//!
//! First touch is the accounts' creation date (the first date column named like `created`,
//! `first_touch` or `first_contact`); close is `first_close`, the first closed deal's date,
//! which the project derives from the deals' close dates.

use icp_frame::{Frame, Value};
use icp_profile::{Profile, TierDeals};
use icp_scorecard::drift::normal_sf;
use serde::{Deserialize, Serialize};

/// Fewest won accounts with dates a group needs before icp says anything about it.
pub const MIN_CLOSED: usize = 5;

/// One-sided significance for "tier A closes faster / bigger than the rest".
const ALPHA: f64 = 0.05;

/// Per account row: days from first touch to close and won value per won deal, for won
/// accounts with both dates.
pub struct DealFacts {
    /// The first-touch column.
    pub first_touch: String,
    /// Per frame row.
    pub facts: Vec<Option<(f64, f64)>>,
}

/// The first-touch column of `frame`: a date column named like a creation or first contact.
pub(crate) fn first_touch_column(frame: &Frame) -> Option<&str> {
    frame
        .columns()
        .iter()
        .filter(|c| !icp_project::DEAL_COLUMNS.contains(&c.name.as_str()))
        .filter(|c| matches!(c.kind, icp_frame::Kind::Date | icp_frame::Kind::DateTime))
        .map(|c| c.name.as_str())
        .find(|name| {
            let n = name.to_ascii_lowercase().replace([' ', '-'], "_");
            ["created", "createdate", "first_touch", "first_contact", "firsttouch"]
                .iter()
                .any(|k| n.contains(k))
        })
}

fn day(value: Value<'_>) -> Option<f64> {
    match value {
        Value::Date(d) => Some(f64::from(d)),
        Value::DateTime(s) => Some(s.div_euclid(86_400) as f64),
        _ => None,
    }
}

fn number(value: Value<'_>) -> Option<f64> {
    match value {
        Value::Number(x) if x.is_finite() => Some(x),
        _ => None,
    }
}

/// The deal facts of every row, when the frame has a first-touch date and deals with dates.
pub fn facts(frame: &Frame) -> Option<DealFacts> {
    let touch_name = first_touch_column(frame)?;
    let touch = frame.column(touch_name)?;
    let close = frame.column("first_close")?;
    let won = frame.column("won_deals")?;
    let value = frame.column("won_value")?;
    let facts: Vec<Option<(f64, f64)>> = (0..frame.rows())
        .map(|i| {
            let won = number(won.get(i)).filter(|&w| w > 0.0)?;
            let days = day(close.get(i))? - day(touch.get(i))?;
            (days >= 0.0).then_some((days, number(value.get(i)).unwrap_or(0.0) / won))
        })
        .collect();
    facts
        .iter()
        .any(Option::is_some)
        .then(|| DealFacts { first_touch: touch_name.to_owned(), facts })
}

/// The median of sorted values.
pub(crate) fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    (n > 0).then(
        || {
            if n % 2 == 1 { sorted[n / 2] } else { (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0 }
        },
    )
}

/// A distribution-free 95% interval for the median: the order statistics whose ranks the
/// binomial(n, ½) puts 1.96 standard deviations either side of n/2.
pub(crate) fn median_interval(sorted: &[f64]) -> Option<[f64; 2]> {
    let n = sorted.len();
    if n < MIN_CLOSED {
        return None;
    }
    let half = 1.96 * (n as f64).sqrt() / 2.0;
    let lo = ((n as f64 / 2.0 - half).floor().max(0.0)) as usize;
    let hi = ((n as f64 / 2.0 + half).ceil() as usize).min(n - 1);
    Some([sorted[lo], sorted[hi]])
}

fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    v
}

/// One tier's won accounts: days to close, and won value per won deal.
type Group = (Vec<f64>, Vec<f64>);

/// The figures of each tier (index into `profile.tiers`) over the rows given.
fn by_tier(n_tiers: usize, tiers: &[usize], facts: &[Option<(f64, f64)>]) -> Vec<Group> {
    let mut out = vec![(Vec::new(), Vec::new()); n_tiers];
    for (&t, f) in tiers.iter().zip(facts) {
        if let (Some((days, size)), Some(slot)) = (f, out.get_mut(t)) {
            slot.0.push(*days);
            slot.1.push(*size);
        }
    }
    out
}

/// Stores each tier's deal figures in `profile` (tiers as the profile gives them to the
/// learning rows `rows` of `frame`); does nothing when the data has no deal dates.
pub fn record(profile: &mut Profile, frame: &Frame, rows: &[usize]) {
    let Some(mut facts) = facts(frame) else { return };
    let mut learned = vec![false; frame.rows()];
    for &i in rows {
        learned[i] = true;
    }
    for (fact, learned) in facts.facts.iter_mut().zip(learned) {
        if !learned {
            *fact = None;
        }
    }
    let Ok(scorer) = icp_scorecard::scorer::Scorer::new(profile.clone()) else { return };
    let Ok(batch) = scorer.score(frame) else { return };
    let tiers: Vec<usize> = batch
        .outcomes
        .iter()
        .map(|o| match o {
            icp_scorecard::scorer::Outcome::Scored { tier } => usize::from(*tier),
            _ => usize::MAX,
        })
        .collect();
    let groups = by_tier(profile.tiers.len(), &tiers, &facts.facts);
    for (tier, (days, sizes)) in profile.tiers.iter_mut().zip(groups) {
        let (days, sizes) = (sorted(days), sorted(sizes));
        tier.deals = Some(TierDeals {
            closed: days.len() as u64,
            days_to_close: median(&days).filter(|_| days.len() >= MIN_CLOSED),
            deal_size: median(&sizes).filter(|_| sizes.len() >= MIN_CLOSED),
        });
    }
}

/// One tier's deal figures now, beside the learning data's.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TierDealFigures {
    /// The tier.
    pub tier: String,
    /// Won accounts with dates now.
    pub closed: u64,
    /// Median days from first touch to close now.
    pub days: Option<f64>,
    /// Its 95% interval.
    pub days_interval: Option<[f64; 2]>,
    /// Median won value per won deal now.
    pub size: Option<f64>,
    /// Its 95% interval.
    pub size_interval: Option<[f64; 2]>,
    /// The learning data's figures, when the profile kept them.
    pub then: Option<TierDeals>,
}

/// Whether the top tier still closes faster (or bigger) than the tiers below it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claim {
    /// Median of the top tier now.
    pub top: Option<f64>,
    /// Median of the other tiers together now.
    pub rest: Option<f64>,
    /// One-sided Mann–Whitney p-value that the top tier is faster (bigger).
    pub p_value: Option<f64>,
    /// Whether it holds now (absent: too few won accounts with dates to tell).
    pub holds: Option<bool>,
    /// Whether it held in the learning data (the top tier's median beyond every other
    /// tier's), when the profile kept the figures.
    pub held_then: Option<bool>,
    /// The claim is "closes faster" (days to close); otherwise "closes bigger deals".
    pub faster: bool,
    /// The finding in words.
    pub finding: String,
}

impl Claim {
    /// What the top tier should do, in words: "closes faster" or "closes bigger deals".
    pub fn verb(&self) -> &'static str {
        if self.faster { "closes faster" } else { "closes bigger deals" }
    }
}

/// Tier validation by deal dates.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DealValidation {
    /// The first-touch column read.
    pub first_touch: String,
    /// Per tier, best first.
    pub tiers: Vec<TierDealFigures>,
    /// Does the top tier close faster?
    pub faster: Claim,
    /// Does it close bigger?
    pub bigger: Claim,
}

impl DealValidation {
    /// The claims that held when the profile was made and no longer do: the top tier is not
    /// shown faster (bigger) than the others now, and its own median has moved the wrong way
    /// beyond its interval (days to close now above what they were, deal size below). A lack
    /// of won accounts alone, which leaves the top tier's figures where they were, is not
    /// reason enough to change the tiers.
    pub fn lost_claims(&self) -> Vec<&Claim> {
        let Some(top) = self.tiers.first() else { return Vec::new() };
        let then = top.then.as_ref();
        let moved = |claim: &Claim| match claim.faster {
            true => match (top.days_interval, then.and_then(|t| t.days_to_close)) {
                (Some([lo, _]), Some(before)) => lo > before,
                _ => false,
            },
            false => match (top.size_interval, then.and_then(|t| t.deal_size)) {
                (Some([_, hi]), Some(before)) => hi < before,
                _ => false,
            },
        };
        [&self.faster, &self.bigger]
            .into_iter()
            .filter(|c| c.held_then == Some(true) && c.holds == Some(false) && moved(c))
            .collect()
    }
}

/// Mann–Whitney's one-sided p-value that `a` tends to lie below `b` (normal approximation
/// with mid-ranks).
fn mann_whitney_below(a: &[f64], b: &[f64]) -> f64 {
    let mut all: Vec<(f64, bool)> =
        a.iter().map(|&x| (x, true)).chain(b.iter().map(|&x| (x, false))).collect();
    all.sort_by(|x, y| x.0.total_cmp(&y.0));
    let mut rank_a = 0.0;
    let mut i = 0;
    while i < all.len() {
        let mut j = i;
        while j + 1 < all.len() && all[j + 1].0 == all[i].0 {
            j += 1;
        }
        let mid = (i + j) as f64 / 2.0 + 1.0;
        rank_a += mid * all[i..=j].iter().filter(|x| x.1).count() as f64;
        i = j + 1;
    }
    let (n1, n2) = (a.len() as f64, b.len() as f64);
    let u = rank_a - n1 * (n1 + 1.0) / 2.0;
    let z = (u - n1 * n2 / 2.0) / (n1 * n2 * (n1 + n2 + 1.0) / 12.0).sqrt();
    // Small U (a below b) means a negative z.
    normal_sf(-z)
}

fn claim(
    top_name: &str,
    top: &[f64],
    rest: &[f64],
    then: &[Option<f64>],
    faster: bool,
    unit: &dyn Fn(f64) -> String,
) -> Claim {
    let verb = if faster { "closes faster" } else { "closes bigger deals" };
    let (top, rest) = (sorted(top.to_vec()), sorted(rest.to_vec()));
    let (top, rest) = (top.as_slice(), rest.as_slice());
    let (m_top, m_rest) = (median(top), median(rest));
    // Held then: the top tier's median beyond every other tier's that has one.
    let held_then = match then.split_first() {
        Some((Some(t), others)) if others.iter().any(Option::is_some) => {
            Some(others.iter().flatten().all(|o| if faster { t < o } else { t > o }))
        }
        _ => None,
    };
    if top.len() < MIN_CLOSED || rest.len() < MIN_CLOSED {
        return Claim {
            top: m_top,
            rest: m_rest,
            p_value: None,
            holds: None,
            held_then,
            faster,
            finding: format!(
                "too few won accounts with dates to tell whether tier {top_name} {verb} ({} in tier {top_name}, {} in the others; {MIN_CLOSED} each needed)",
                top.len(),
                rest.len()
            ),
        };
    }
    let p = if faster { mann_whitney_below(top, rest) } else { mann_whitney_below(rest, top) };
    let holds = p < ALPHA;
    let figures = format!(
        "{} in tier {top_name} against {} in the other tiers (p = {p:.3})",
        m_top.map_or("-".into(), unit),
        m_rest.map_or("-".into(), unit)
    );
    let finding = match (holds, held_then) {
        (true, _) => format!("tier {top_name} {verb}: {figures}"),
        (false, Some(true)) => format!("tier {top_name} no longer {verb}: {figures}"),
        (false, _) => format!(
            "tier {top_name} does not {}: {figures}",
            if faster { "close faster" } else { "close bigger deals" }
        ),
    };
    Claim {
        top: m_top,
        rest: m_rest,
        p_value: Some(p),
        holds: Some(holds),
        held_then,
        faster,
        finding,
    }
}

/// Validates `profile`'s tiers on the reviewed accounts: `tiers[k]` is the tier index of
/// reviewed account k (beyond the profile's tiers: insufficient data or disqualified) and
/// `facts[k]` its deal figures.
pub fn validate(
    profile: &Profile,
    first_touch: &str,
    tiers: &[usize],
    facts: &[Option<(f64, f64)>],
) -> Option<DealValidation> {
    let groups = by_tier(profile.tiers.len(), tiers, facts);
    if groups.iter().all(|g| g.0.is_empty()) {
        return None;
    }
    let figures: Vec<TierDealFigures> = profile
        .tiers
        .iter()
        .zip(&groups)
        .map(|(tier, (days, sizes))| {
            let (days, sizes) = (sorted(days.clone()), sorted(sizes.clone()));
            TierDealFigures {
                tier: tier.name.clone(),
                closed: days.len() as u64,
                days: median(&days),
                days_interval: median_interval(&days),
                size: median(&sizes),
                size_interval: median_interval(&sizes),
                then: tier.deals.clone(),
            }
        })
        .collect();
    let top_name = profile.tiers.first().map_or("A", |t| t.name.as_str());
    let rest = |pick: fn(&Group) -> &Vec<f64>| -> Vec<f64> {
        groups.iter().skip(1).flat_map(|g| pick(g).iter().copied()).collect()
    };
    let then = |pick: fn(&TierDeals) -> Option<f64>| -> Vec<Option<f64>> {
        profile.tiers.iter().map(|t| t.deals.as_ref().and_then(pick)).collect()
    };
    let days_unit = |d: f64| format!("{d:.0} days");
    let size_unit = |s: f64| format!("{s:.0}");
    Some(DealValidation {
        first_touch: first_touch.to_owned(),
        faster: claim(
            top_name,
            &groups[0].0,
            &rest(|g| &g.0),
            &then(|d| d.days_to_close),
            true,
            &days_unit,
        ),
        bigger: claim(
            top_name,
            &groups[0].1,
            &rest(|g| &g.1),
            &then(|d| d.deal_size),
            false,
            &size_unit,
        ),
        tiers: figures,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mann_whitney_tells_a_lower_group_from_an_equal_one() {
        let low: Vec<f64> = (0..30).map(f64::from).collect();
        let high: Vec<f64> = (20..50).map(f64::from).collect();
        assert!(mann_whitney_below(&low, &high) < 0.001);
        assert!(mann_whitney_below(&high, &low) > 0.999);
        let p = mann_whitney_below(&low, &low);
        assert!((p - 0.5).abs() < 1e-9, "{p}");
    }

    #[test]
    fn the_median_interval_holds_the_median() {
        let x: Vec<f64> = (1..=101).map(f64::from).collect();
        let [lo, hi] = median_interval(&x).unwrap();
        assert!(lo < 51.0 && 51.0 < hi && lo > 35.0 && hi < 67.0, "{lo} {hi}");
        assert_eq!(median(&x), Some(51.0));
        assert!(median_interval(&x[..4]).is_none());
    }
}
