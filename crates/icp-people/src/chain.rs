//! The decision chain: who takes part in won deals and who is missing from lost ones.
//!
//! Every closed deal with at least one known contact is described by which buying roles,
//! seniorities, "someone at this level or above" and departments took part. For each of
//! those, the share of won and of lost deals that had it (Wilson intervals), the lift of the
//! win rate when it is present (shrunk, with a credible interval) and a p-value (Fisher or
//! χ², as attribute evidence uses), corrected with Benjamini–Hochberg across everything
//! tested: the statistics of `icp_scorecard::stats`, the same as for account attributes.
//!
//! From the participants found more often in won deals, a greedy search builds the typical
//! chain (the combination that best separates won from lost deals), and every open deal
//! that lacks part of it gets a line on an action list.

use std::fmt::Write as _;

use icp_project::DealOutcome;
use icp_scorecard::stats;

use crate::contacts::{Contacts, NONE, UNKNOWN};
use crate::{BuyingRole, Department, Seniority};

/// Rungs for which "someone at this level or above" is tested (the top rung is already
/// tested on its own).
const AT_LEAST: [Seniority; 4] =
    [Seniority::Vp, Seniority::Head, Seniority::Director, Seniority::Manager];

const ROLE_BASE: u32 = 0;
const SENIORITY_BASE: u32 = BuyingRole::ALL.len() as u32;
const AT_LEAST_BASE: u32 = SENIORITY_BASE + Seniority::ALL.len() as u32;
const DEPARTMENT_BASE: u32 = AT_LEAST_BASE + AT_LEAST.len() as u32;
const FEATURES: u32 = DEPARTMENT_BASE + Department::ALL.len() as u32;
// Each deal's participants are one u64 bit set.
const _: () = assert!(FEATURES <= 64);

/// One kind of participant in a deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Participant {
    /// Someone with this buying role.
    Role(BuyingRole),
    /// Someone at this seniority.
    Seniority(Seniority),
    /// Someone at this seniority or above.
    AtLeast(Seniority),
    /// Someone from this department.
    Department(Department),
}

impl Participant {
    #[cfg(test)]
    fn bit(self) -> u32 {
        match self {
            Participant::Role(r) => ROLE_BASE + index(&BuyingRole::ALL, r),
            Participant::Seniority(s) => SENIORITY_BASE + index(&Seniority::ALL, s),
            Participant::AtLeast(s) => AT_LEAST_BASE + index(&AT_LEAST, s),
            Participant::Department(d) => DEPARTMENT_BASE + index(&Department::ALL, d),
        }
    }

    fn from_bit(bit: u32) -> Participant {
        let b = bit as usize;
        if bit < SENIORITY_BASE {
            Participant::Role(BuyingRole::ALL[b])
        } else if bit < AT_LEAST_BASE {
            Participant::Seniority(Seniority::ALL[b - SENIORITY_BASE as usize])
        } else if bit < DEPARTMENT_BASE {
            Participant::AtLeast(AT_LEAST[b - AT_LEAST_BASE as usize])
        } else {
            Participant::Department(Department::ALL[b - DEPARTMENT_BASE as usize])
        }
    }

    /// The stable key used in files and JSON (`role:budget_holder`, `at_least:director`).
    pub fn key(self) -> String {
        match self {
            Participant::Role(r) => format!("role:{}", r.key()),
            Participant::Seniority(s) => format!("seniority:{}", s.key()),
            Participant::AtLeast(s) => format!("at_least:{}", s.key()),
            Participant::Department(d) => format!("department:{}", d.key()),
        }
    }

    /// Which family it belongs to: `role`, `seniority`, `at_least` or `department`.
    pub fn family(self) -> &'static str {
        match self {
            Participant::Role(_) => "role",
            Participant::Seniority(_) => "seniority",
            Participant::AtLeast(_) => "at_least",
            Participant::Department(_) => "department",
        }
    }

    /// How people read it ("a budget holder", "someone at director level or above").
    pub fn label(self) -> String {
        match self {
            Participant::Role(r) => match r {
                BuyingRole::DecisionMaker => "a decision maker".into(),
                BuyingRole::BudgetHolder => "a budget holder".into(),
                BuyingRole::ExecutiveSponsor => "an executive sponsor".into(),
                BuyingRole::Champion => "a champion".into(),
                BuyingRole::Influencer => "an influencer".into(),
                BuyingRole::Evaluator => "an evaluator".into(),
                BuyingRole::TechnicalBuyer => "a technical buyer".into(),
                BuyingRole::LegalCompliance => "someone from legal or compliance".into(),
                BuyingRole::EndUser => "an end user".into(),
                BuyingRole::Blocker => "a blocker".into(),
                BuyingRole::Other => "someone with another buying role".into(),
            },
            Participant::Seniority(s) => format!("someone at {} level", seniority_words(s)),
            Participant::AtLeast(s) => {
                format!("someone at {} level or above", seniority_words(s))
            }
            Participant::Department(Department::Executive) => {
                "someone from the executive office".into()
            }
            Participant::Department(d) => format!("someone from {}", d.words()),
        }
    }
}

fn index<T: PartialEq>(all: &[T], x: T) -> u32 {
    all.iter().position(|y| *y == x).expect("every value is in ALL") as u32
}

fn seniority_words(s: Seniority) -> &'static str {
    match s {
        Seniority::OwnerCLevel => "owner or C",
        Seniority::Vp => "VP",
        Seniority::Head => "head-of",
        Seniority::Director => "director",
        Seniority::Manager => "manager",
        Seniority::SeniorIndividual => "senior individual contributor",
        Seniority::Individual => "individual contributor",
        Seniority::Intern => "intern",
    }
}

/// Settings of the chain analysis.
#[derive(Debug, Clone, Copy)]
pub struct ChainOptions {
    /// Prior strength of the shrunk lift, in pseudo-deals.
    pub prior_strength: f64,
    /// Largest q-value still called a finding.
    pub q_threshold: f64,
    /// Most participants in the typical chain.
    pub max_chain: usize,
}

impl Default for ChainOptions {
    fn default() -> Self {
        ChainOptions {
            prior_strength: stats::DEFAULT_PRIOR_STRENGTH,
            q_threshold: 0.05,
            max_chain: 3,
        }
    }
}

/// Which way a participant goes with the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// More common in won deals.
    Won,
    /// More common in lost deals.
    Lost,
}

/// One participant's share of won and lost deals.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Participation {
    /// Stable key (`role:champion`).
    pub key: String,
    /// `role`, `seniority`, `at_least` or `department`.
    pub family: &'static str,
    /// In words.
    pub label: String,
    /// Won deals with it.
    pub won_with: u64,
    /// Lost deals with it.
    pub lost_with: u64,
    /// Share of won deals with it, and its 95% Wilson interval.
    pub won_share: [f64; 3],
    /// Share of lost deals with it, and its 95% Wilson interval.
    pub lost_share: [f64; 3],
    /// Win rate of deals with it.
    pub win_rate_with: f64,
    /// Shrunk lift of the win rate when it takes part, and its 95% interval.
    pub lift: [f64; 3],
    /// p-value (Fisher's exact test, or χ² on large counts).
    pub p_value: f64,
    /// Benjamini–Hochberg q-value across every participant tested.
    pub q_value: f64,
    /// The finding, when q is small enough and the lift interval excludes 1.
    pub found: Option<Direction>,
}

/// Win rate by the number of people engaged in a deal.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EngagedBand {
    /// "1", "2", … "5+".
    pub people: String,
    /// Closed deals in the band.
    pub deals: u64,
    /// Won among them.
    pub won: u64,
    /// Win rate and its 95% Wilson interval.
    pub win_rate: [f64; 3],
}

/// The combination of participants typical of won deals.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TypicalChain {
    /// Participant keys.
    pub keys: Vec<String>,
    /// In words.
    pub labels: Vec<String>,
    /// Share of won deals having all of them.
    pub won_share: f64,
    /// Share of lost deals having all of them.
    pub lost_share: f64,
    /// The sentence people read.
    pub sentence: String,
}

/// An open deal lacking part of the typical chain.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OpenDealGap {
    /// The deal's id.
    pub deal: String,
    /// Its account's row in the dataset's frame, if known.
    #[serde(skip)]
    pub account_row: Option<usize>,
    /// People engaged so far.
    pub people: u32,
    /// Keys of the chain participants it lacks.
    pub missing: Vec<String>,
    /// What to do, in words.
    pub action: String,
}

/// Deal counts behind the analysis.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ChainDeals {
    /// Won deals with at least one known contact.
    pub won: u64,
    /// Lost deals with at least one known contact.
    pub lost: u64,
    /// Open deals.
    pub open: u64,
    /// Closed deals left out because no contact of theirs is known.
    pub closed_without_contacts: u64,
}

/// The decision chain's findings.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Chain {
    /// Whether contacts were tied to deals directly (`deal`) or through their account
    /// (`account`: every deal of an account counts all its contacts).
    pub linked_by: &'static str,
    /// The deals counted.
    pub deals: ChainDeals,
    /// Win rate of the closed deals counted.
    pub base_win_rate: f64,
    /// Every participant that was present in some closed deals and absent in others,
    /// findings first.
    pub participation: Vec<Participation>,
    /// Win rate by people engaged.
    pub engaged: Vec<EngagedBand>,
    /// The typical chain of won deals, when any participant was found.
    pub typical: Option<TypicalChain>,
    /// Open deals lacking part of the typical chain, fewest people first.
    pub open_gaps: Vec<OpenDealGap>,
}

/// Why the chain cannot be computed.
#[derive(Debug, thiserror::Error)]
pub enum ChainError {
    /// No deals table.
    #[error(
        "the decision chain compares won and lost deals, and the project has no [deals] table; add one to icp.toml"
    )]
    NoDeals,
    /// Not enough closed deals with contacts.
    #[error(
        "only {won} won and {lost} lost deals have known contacts; the decision chain needs at least one of each"
    )]
    TooFewDeals {
        /// Won deals with contacts.
        won: u64,
        /// Lost deals with contacts.
        lost: u64,
    },
}

/// Which participants each deal had, and how many people.
struct DealPeople {
    mask: Vec<u64>,
    people: Vec<u32>,
}

fn contact_mask(contacts: &Contacts, i: usize) -> u64 {
    let mut mask = u64::from(contacts.roles[i]) << ROLE_BASE;
    let s = contacts.seniority[i];
    if s != UNKNOWN {
        mask |= 1 << (SENIORITY_BASE + u32::from(s));
        for (j, level) in AT_LEAST.iter().enumerate() {
            if usize::from(s) <= index(&Seniority::ALL, *level) as usize {
                mask |= 1 << (AT_LEAST_BASE + j as u32);
            }
        }
    }
    let d = contacts.department[i];
    if d != UNKNOWN {
        mask |= 1 << (DEPARTMENT_BASE + u32::from(d));
    }
    mask
}

fn deal_people(contacts: &Contacts, deals: usize, accounts: usize) -> DealPeople {
    let mut out = DealPeople { mask: vec![0; deals], people: vec![0; deals] };
    if contacts.by_deal {
        for i in 0..contacts.len() {
            let d = contacts.deal[i];
            if d != NONE {
                out.mask[d as usize] |= contact_mask(contacts, i);
                out.people[d as usize] += 1;
            }
        }
        return out;
    }
    let (mut mask, mut people) = (vec![0u64; accounts], vec![0u32; accounts]);
    for i in 0..contacts.len() {
        let a = contacts.account[i];
        if a != NONE {
            mask[a as usize] |= contact_mask(contacts, i);
            people[a as usize] += 1;
        }
    }
    let deal_accounts = &contacts.deals.as_ref().expect("checked by the caller").account;
    for (d, &a) in deal_accounts.iter().enumerate() {
        if a != NONE {
            out.mask[d] = mask[a as usize];
            out.people[d] = people[a as usize];
        }
    }
    out
}

/// The decision chain of `contacts` (`accounts` is the number of account rows).
pub fn chain(
    contacts: &Contacts,
    accounts: usize,
    options: &ChainOptions,
) -> Result<Chain, ChainError> {
    let deals = contacts.deals.as_ref().ok_or(ChainError::NoDeals)?;
    let n = deals.outcome.len();
    let people = deal_people(contacts, n, accounts);
    let mut counts = ChainDeals::default();
    let (mut won_with, mut lost_with) = ([0u64; 64], [0u64; 64]);
    for d in 0..n {
        match deals.outcome[d] {
            DealOutcome::Open => counts.open += 1,
            _ if people.people[d] == 0 => counts.closed_without_contacts += 1,
            outcome => {
                let with = if outcome == DealOutcome::Won {
                    counts.won += 1;
                    &mut won_with
                } else {
                    counts.lost += 1;
                    &mut lost_with
                };
                let mut m = people.mask[d];
                while m != 0 {
                    with[m.trailing_zeros() as usize] += 1;
                    m &= m - 1;
                }
            }
        }
    }
    let (won, lost) = (counts.won, counts.lost);
    if won == 0 || lost == 0 {
        return Err(ChainError::TooFewDeals { won, lost });
    }
    let base = won as f64 / (won + lost) as f64;
    let mut participation: Vec<Participation> = Vec::new();
    let mut bits = Vec::new();
    for bit in 0..FEATURES {
        let (w, l) = (won_with[bit as usize], lost_with[bit as usize]);
        // Present everywhere or nowhere: nothing to compare.
        if w + l == 0 || w + l == won + lost {
            continue;
        }
        let p = Participant::from_bit(bit);
        let share = |k: u64, n: u64| {
            let (low, high) = stats::wilson_interval(k, n, stats::Z_95);
            [k as f64 / n as f64, low, high]
        };
        let (lift, low, high) = stats::lift_interval(w, w + l, base, options.prior_strength);
        participation.push(Participation {
            key: p.key(),
            family: p.family(),
            label: p.label(),
            won_with: w,
            lost_with: l,
            won_share: share(w, won),
            lost_share: share(l, lost),
            win_rate_with: w as f64 / (w + l) as f64,
            lift: [lift, low, high],
            p_value: stats::attribute_p_value(&[[w, l], [won - w, lost - l]]),
            q_value: 1.0,
            found: None,
        });
        bits.push(bit);
    }
    let p: Vec<f64> = participation.iter().map(|x| x.p_value).collect();
    for (x, q) in participation.iter_mut().zip(stats::benjamini_hochberg(&p)) {
        x.q_value = q;
        if q <= options.q_threshold {
            if x.lift[1] > 1.0 {
                x.found = Some(Direction::Won);
            } else if x.lift[2] < 1.0 {
                x.found = Some(Direction::Lost);
            }
        }
    }
    let enriched: Vec<u32> = bits
        .iter()
        .zip(&participation)
        .filter(|(_, x)| x.found == Some(Direction::Won))
        .map(|(&b, _)| b)
        .collect();
    let typical = typical_chain(&people, deals, &enriched, won, lost, options.max_chain);
    let open_gaps = match &typical {
        Some((mask, _)) => open_gaps(&people, deals, *mask),
        None => Vec::new(),
    };
    let mut order: Vec<usize> = (0..participation.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&participation[a], &participation[b]);
        y.found.is_some().cmp(&x.found.is_some()).then(x.q_value.total_cmp(&y.q_value))
    });
    let participation = order.into_iter().map(|i| participation[i].clone()).collect();
    Ok(Chain {
        linked_by: if contacts.by_deal { "deal" } else { "account" },
        deals: counts,
        base_win_rate: base,
        participation,
        engaged: engaged(&people, deals),
        typical: typical.map(|(_, t)| t),
        open_gaps,
    })
}

/// Greedily adds the enriched participant that most widens the gap between the shares of
/// won and lost deals having the whole combination, while it widens it by at least two
/// points.
fn typical_chain(
    people: &DealPeople,
    deals: &crate::contacts::Deals,
    enriched: &[u32],
    won: u64,
    lost: u64,
    max: usize,
) -> Option<(u64, TypicalChain)> {
    let shares = |mask: u64| {
        let (mut w, mut l) = (0u64, 0u64);
        for d in 0..deals.outcome.len() {
            if people.people[d] == 0 || people.mask[d] & mask != mask {
                continue;
            }
            match deals.outcome[d] {
                DealOutcome::Won => w += 1,
                DealOutcome::Lost => l += 1,
                DealOutcome::Open => {}
            }
        }
        (w as f64 / won as f64, l as f64 / lost as f64)
    };
    let (mut mask, mut gap, mut chosen) = (0u64, 0.0f64, Vec::new());
    while chosen.len() < max {
        // On a tie the earlier bit wins: a buying role says more to sales than the
        // seniority or department that comes with it.
        let best = enriched
            .iter()
            .filter(|b| mask & (1 << **b) == 0)
            .map(|&b| {
                let (w, l) = shares(mask | 1 << b);
                (b, w - l)
            })
            .fold(None, |best: Option<(u32, f64)>, x| match best {
                Some(b) if b.1 >= x.1 => Some(b),
                _ => Some(x),
            });
        match best {
            Some((b, g)) if g >= gap + 0.02 => {
                mask |= 1 << b;
                gap = g;
                chosen.push(b);
            }
            _ => break,
        }
    }
    if chosen.is_empty() {
        return None;
    }
    let (won_share, lost_share) = shares(mask);
    let participants: Vec<Participant> = chosen.iter().map(|&b| Participant::from_bit(b)).collect();
    let labels: Vec<String> = participants.iter().map(|p| p.label()).collect();
    let sentence = format!(
        "{}, in {:.0}% of won deals vs {:.0}% of lost",
        labels.join(" plus "),
        won_share * 100.0,
        lost_share * 100.0
    );
    Some((
        mask,
        TypicalChain {
            keys: participants.iter().map(|p| p.key()).collect(),
            labels,
            won_share,
            lost_share,
            sentence,
        },
    ))
}

fn open_gaps(people: &DealPeople, deals: &crate::contacts::Deals, chain: u64) -> Vec<OpenDealGap> {
    let mut gaps: Vec<OpenDealGap> = (0..deals.outcome.len())
        .filter(|&d| deals.outcome[d] == DealOutcome::Open && people.mask[d] & chain != chain)
        .map(|d| {
            let mut lacking = chain & !people.mask[d];
            let mut missing = Vec::new();
            let mut words = Vec::new();
            while lacking != 0 {
                let p = Participant::from_bit(lacking.trailing_zeros());
                missing.push(p.key());
                words.push(p.label());
                lacking &= lacking - 1;
            }
            let account = deals.account[d];
            OpenDealGap {
                deal: deals.label[d].clone(),
                account_row: (account != NONE).then_some(account as usize),
                people: people.people[d],
                missing,
                action: format!("involve {}", words.join(" and ")),
            }
        })
        .collect();
    gaps.sort_by(|a, b| b.missing.len().cmp(&a.missing.len()).then(a.people.cmp(&b.people)));
    gaps
}

fn engaged(people: &DealPeople, deals: &crate::contacts::Deals) -> Vec<EngagedBand> {
    const BANDS: usize = 5;
    let (mut n, mut w) = ([0u64; BANDS], [0u64; BANDS]);
    for d in 0..deals.outcome.len() {
        let k = people.people[d] as usize;
        if k == 0 || deals.outcome[d] == DealOutcome::Open {
            continue;
        }
        let band = k.min(BANDS) - 1;
        n[band] += 1;
        w[band] += u64::from(deals.outcome[d] == DealOutcome::Won);
    }
    (0..BANDS)
        .filter(|&b| n[b] > 0)
        .map(|b| {
            let (low, high) = stats::wilson_interval(w[b], n[b], stats::Z_95);
            EngagedBand {
                people: if b + 1 == BANDS { format!("{BANDS}+") } else { (b + 1).to_string() },
                deals: n[b],
                won: w[b],
                win_rate: [w[b] as f64 / n[b] as f64, low, high],
            }
        })
        .collect()
}

/// The open deals' action list as CSV: deal, account, people engaged, what is missing, what
/// to do (`account_names` holds each account row's label).
pub fn open_gaps_csv(gaps: &[OpenDealGap], account_names: &[String]) -> String {
    let mut out = String::from("deal,account,people_engaged,missing,action\n");
    for g in gaps {
        let account = g.account_row.and_then(|r| account_names.get(r)).map_or("", |s| s.as_str());
        let _ = writeln!(
            out,
            "{},{},{},{},{}",
            csv_cell(&g.deal),
            csv_cell(account),
            g.people,
            csv_cell(&g.missing.join(";")),
            csv_cell(&g.action)
        );
    }
    out
}

/// A CSV cell, quoted when needed, with a leading `'` before a formula-like start so that a
/// spreadsheet shows it as text.
fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_owned() };
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_round_trip() {
        for bit in 0..FEATURES {
            assert_eq!(Participant::from_bit(bit).bit(), bit);
        }
    }

    #[test]
    fn csv_cells_are_safe() {
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("plain"), "plain");
    }
}
