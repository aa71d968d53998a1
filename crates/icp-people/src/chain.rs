//! The decision chain: who takes part in won deals and who is missing from lost ones.
//!
//! Every closed deal with at least one known contact is described by which buying roles,
//! seniorities, "someone at this level or above" and departments took part. For each of
//! those, the share of won and of lost deals that had it (Wilson intervals), the lift of the
//! win rate when it is present (shrunk, with a credible interval) and a p-value (Fisher or
//! χ², as attribute evidence uses), corrected with Benjamini–Hochberg across everything
//! tested: the statistics of `icp_scorecard::stats`, the same as for account attributes.
//!
//! Those tests need independent observations. When contacts are tied to deals, each closed
//! deal is one. When they are tied only to accounts, every deal of an account would count
//! the same people again, and p-values would come out far too small: then each account with
//! closed deals is one observation (won when any of its closed deals was won). The chain says
//! which in [`Chain::unit`] and [`Chain::inference`].
//!
//! People who joined after the outcome cannot have caused it (the onboarding contact of a won
//! deal): where contacts and deals are dated, a contact counts only if it joined on or before
//! its deal closed (for an account, its first won deal, else its last closed one). Where the
//! dates are missing, [`Chain::timing`] says that such people could not be told apart.
//!
//! From the participants found more often in won deals, a greedy search builds the typical
//! chain (the combination that best separates won from lost deals), and every open deal
//! that lacks part of it gets a line on an action list.

use std::fmt::Write as _;

use icp_project::DealOutcome;
use icp_scorecard::stats;

use crate::contacts::{Contacts, NO_DAY, NONE, UNKNOWN};
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

/// Counts behind the analysis, in its unit ([`Chain::unit`]: deals, or accounts).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ChainDeals {
    /// Won deals (or accounts) with at least one known contact.
    pub won: u64,
    /// Lost deals (or accounts) with at least one known contact.
    pub lost: u64,
    /// Open deals.
    pub open: u64,
    /// Closed deals (or accounts) left out because no contact of theirs is known from
    /// before the close.
    pub closed_without_contacts: u64,
    /// Contacts left out because they joined after their deal (or account's deciding deal)
    /// closed.
    pub contacts_after_close: u64,
}

/// The decision chain's findings.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Chain {
    /// Whether contacts were tied to deals directly (`deal`) or through their account
    /// (`account`).
    pub linked_by: &'static str,
    /// What one observation is: a closed `deal`, or an `account` with closed deals (when
    /// contacts are tied to accounts, so that deals of one account do not count the same
    /// people twice).
    pub unit: &'static str,
    /// How the observations were counted, in words.
    pub inference: String,
    /// Which contacts count, by their dates, in words.
    pub timing: String,
    /// The deals (or accounts) counted.
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

/// Which participants each observation had, and how many people: the closed units compared
/// (deals, or accounts) and, for the action list, every deal with all its people.
struct Observed {
    /// Participants of each closed unit with its people known before the close.
    mask: Vec<u64>,
    /// People of each closed unit.
    people: Vec<u32>,
    /// Whether each closed unit was won.
    won: Vec<bool>,
    /// Participants of every deal, whoever joined when (for open deals).
    deal_mask: Vec<u64>,
    /// People of every deal.
    deal_people: Vec<u32>,
    counts: ChainDeals,
}

impl Observed {
    fn push(&mut self, mask: u64, people: u32, won: bool) {
        if people == 0 {
            self.counts.closed_without_contacts += 1;
            return;
        }
        self.mask.push(mask);
        self.people.push(people);
        self.won.push(won);
        if won {
            self.counts.won += 1;
        } else {
            self.counts.lost += 1;
        }
    }
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

/// Whether a contact who joined on `joined` counts for an outcome decided on `close`.
fn before_close(joined: i32, close: i32) -> bool {
    joined == NO_DAY || close == NO_DAY || joined <= close
}

fn observe(contacts: &Contacts, deals: &crate::contacts::Deals, accounts: usize) -> Observed {
    let n = deals.outcome.len();
    let mut out = Observed {
        mask: Vec::new(),
        people: Vec::new(),
        won: Vec::new(),
        deal_mask: vec![0; n],
        deal_people: vec![0; n],
        counts: ChainDeals::default(),
    };
    out.counts.open = deals.outcome.iter().filter(|&&o| o == DealOutcome::Open).count() as u64;
    if contacts.by_deal {
        let (mut mask, mut people) = (vec![0u64; n], vec![0u32; n]);
        for i in 0..contacts.len() {
            let d = contacts.deal[i] as usize;
            if contacts.deal[i] == NONE {
                continue;
            }
            let m = contact_mask(contacts, i);
            out.deal_mask[d] |= m;
            out.deal_people[d] += 1;
            if deals.outcome[d] != DealOutcome::Open
                && !before_close(contacts.joined[i], deals.close[d])
            {
                out.counts.contacts_after_close += 1;
                continue;
            }
            mask[d] |= m;
            people[d] += 1;
        }
        for d in 0..n {
            if deals.outcome[d] != DealOutcome::Open {
                out.push(mask[d], people[d], deals.outcome[d] == DealOutcome::Won);
            }
        }
        return out;
    }
    // Tied by account: one observation per account with closed deals, decided by its first
    // won deal (else its last lost one).
    let (mut won, mut closed) = (vec![false; accounts], vec![false; accounts]);
    let (mut first_won, mut last_closed) = (vec![NO_DAY; accounts], vec![NO_DAY; accounts]);
    for d in 0..n {
        let a = deals.account[d];
        if a == NONE || deals.outcome[d] == DealOutcome::Open {
            continue;
        }
        let (a, close) = (a as usize, deals.close[d]);
        closed[a] = true;
        if deals.outcome[d] == DealOutcome::Won {
            won[a] = true;
            if close != NO_DAY && (first_won[a] == NO_DAY || close < first_won[a]) {
                first_won[a] = close;
            }
        }
        if close != NO_DAY && close > last_closed[a] {
            last_closed[a] = close;
        }
    }
    let (mut all_mask, mut all_people) = (vec![0u64; accounts], vec![0u32; accounts]);
    let (mut mask, mut people) = (vec![0u64; accounts], vec![0u32; accounts]);
    for i in 0..contacts.len() {
        let a = contacts.account[i];
        if a == NONE {
            continue;
        }
        let a = a as usize;
        let m = contact_mask(contacts, i);
        all_mask[a] |= m;
        all_people[a] += 1;
        if closed[a] {
            let decided = if won[a] { first_won[a] } else { last_closed[a] };
            if !before_close(contacts.joined[i], decided) {
                out.counts.contacts_after_close += 1;
                continue;
            }
        }
        mask[a] |= m;
        people[a] += 1;
    }
    for a in 0..accounts {
        if closed[a] {
            out.push(mask[a], people[a], won[a]);
        }
    }
    for (d, &a) in deals.account.iter().enumerate() {
        if a != NONE {
            out.deal_mask[d] = all_mask[a as usize];
            out.deal_people[d] = all_people[a as usize];
        }
    }
    out
}

fn timing(contacts: &Contacts, after_close: u64) -> String {
    let deals_dated = contacts.deals.as_ref().is_some_and(|d| d.close.iter().any(|&c| c != NO_DAY));
    match (contacts.summary.dated > 0, deals_dated) {
        (true, true) => format!(
            "only contacts who joined on or before the close count ({after_close} who joined later are left out{}; undated contacts or deals count)",
            if contacts.by_deal { "" } else { "; an account closes with its first won deal, else its last lost one" }
        ),
        (false, _) => "the contacts have no date (a created or first-engaged column, [people] created = \"...\"), so people who joined after a deal closed cannot be told apart and count as part of its chain".into(),
        (true, false) => "the deals have no close date (close_date under [deals]), so contacts who joined after a deal closed cannot be told apart and count as part of its chain".into(),
    }
}

/// The decision chain of `contacts` (`accounts` is the number of account rows).
pub fn chain(
    contacts: &Contacts,
    accounts: usize,
    options: &ChainOptions,
) -> Result<Chain, ChainError> {
    let deals = contacts.deals.as_ref().ok_or(ChainError::NoDeals)?;
    let observed = observe(contacts, deals, accounts);
    let (mut won_with, mut lost_with) = ([0u64; 64], [0u64; 64]);
    for (u, &mask) in observed.mask.iter().enumerate() {
        let with = if observed.won[u] { &mut won_with } else { &mut lost_with };
        let mut m = mask;
        while m != 0 {
            with[m.trailing_zeros() as usize] += 1;
            m &= m - 1;
        }
    }
    let counts = observed.counts.clone();
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
    let unit = if contacts.by_deal { "deal" } else { "account" };
    let typical = typical_chain(&observed, &enriched, won, lost, options.max_chain, unit);
    let open_gaps = match &typical {
        Some((mask, _)) => open_gaps(&observed, deals, *mask),
        None => Vec::new(),
    };
    let mut order: Vec<usize> = (0..participation.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&participation[a], &participation[b]);
        y.found.is_some().cmp(&x.found.is_some()).then(x.q_value.total_cmp(&y.q_value))
    });
    let participation = order.into_iter().map(|i| participation[i].clone()).collect();
    Ok(Chain {
        linked_by: unit,
        unit,
        inference: if contacts.by_deal {
            "each closed deal is one observation, with the contacts tied to it (deals of one account may still resemble each other)".into()
        } else {
            "contacts are tied to accounts, so the deals of one account share them: each account with closed deals is one observation (won when any of its closed deals was won), and shares, intervals and p-values count accounts, not deals".into()
        },
        timing: timing(contacts, counts.contacts_after_close),
        deals: counts,
        base_win_rate: base,
        participation,
        engaged: engaged(&observed),
        typical: typical.map(|(_, t)| t),
        open_gaps,
    })
}

/// Greedily adds the enriched participant that most widens the gap between the shares of
/// won and lost deals having the whole combination, while it widens it by at least two
/// points.
fn typical_chain(
    observed: &Observed,
    enriched: &[u32],
    won: u64,
    lost: u64,
    max: usize,
    unit: &str,
) -> Option<(u64, TypicalChain)> {
    let shares = |mask: u64| {
        let (mut w, mut l) = (0u64, 0u64);
        for (u, &m) in observed.mask.iter().enumerate() {
            if m & mask == mask {
                if observed.won[u] {
                    w += 1;
                } else {
                    l += 1;
                }
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
        "{}, in {:.0}% of won {unit}s vs {:.0}% of lost",
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

fn open_gaps(observed: &Observed, deals: &crate::contacts::Deals, chain: u64) -> Vec<OpenDealGap> {
    let mut gaps: Vec<OpenDealGap> = (0..deals.outcome.len())
        .filter(|&d| {
            deals.outcome[d] == DealOutcome::Open && observed.deal_mask[d] & chain != chain
        })
        .map(|d| {
            let mut lacking = chain & !observed.deal_mask[d];
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
                people: observed.deal_people[d],
                missing,
                action: format!("involve {}", words.join(" and ")),
            }
        })
        .collect();
    gaps.sort_by(|a, b| b.missing.len().cmp(&a.missing.len()).then(a.people.cmp(&b.people)));
    gaps
}

fn engaged(observed: &Observed) -> Vec<EngagedBand> {
    const BANDS: usize = 5;
    let (mut n, mut w) = ([0u64; BANDS], [0u64; BANDS]);
    for (u, &k) in observed.people.iter().enumerate() {
        let band = (k as usize).min(BANDS) - 1;
        n[band] += 1;
        w[band] += u64::from(observed.won[u]);
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
