//! The synthetic B2B accounts table (and optional deals table) with a planted ICP.
//!
//! The columns, the planted ICP and the decoys are specified in the documentation of the
//! `icp-gen` binary (`src/gen.rs`) and in `bench/README.md`; the constants below are the
//! single source of truth for the numbers.

use crate::out::{Line, digits};
use crate::rng::{Rng, cumulative};
use icp_frame::days_from_civil;
use rand_xoshiro::rand_core::Rng as _;
use std::io::{self, Write};

/// The accounts header, in file order.
pub const HEADER: &str = "account_id,company_name,industry,employees,annual_revenue,country,city,\
lifecycle_stage,founded_year,created_date,last_activity,plan,uses_tags,website_visits,nps,won,\
contract_value";

/// The deals header.
pub const DEALS_HEADER: &str = "deal_id,account_id,deal_stage,amount,close_date";

/// Industries and their weights (percent).
pub const INDUSTRIES: [(&str, u32); 12] = [
    ("Software", 16),
    ("Retail", 12),
    ("Manufacturing", 11),
    ("Healthcare", 10),
    ("Fintech", 9),
    ("Education", 7),
    ("Logistics", 7),
    ("Hospitality", 6),
    ("Media", 6),
    ("Real Estate", 6),
    ("Construction", 5),
    ("Nonprofit", 5),
];

/// Countries, their weights (percent) and three cities each (drawn 50/30/20 within the country).
pub const COUNTRIES: [(&str, u32, [&str; 3]); 15] = [
    ("United States", 24, ["New York", "San Francisco", "Austin"]),
    ("United Kingdom", 9, ["London", "Manchester", "Edinburgh"]),
    ("Germany", 8, ["Berlin", "Munich", "Hamburg"]),
    ("France", 7, ["Paris", "Lyon", "Toulouse"]),
    ("India", 7, ["Bangalore", "Mumbai", "Pune"]),
    ("Canada", 6, ["Toronto", "Vancouver", "Montreal"]),
    ("Brazil", 6, ["Sao Paulo", "Rio de Janeiro", "Curitiba"]),
    ("Netherlands", 5, ["Amsterdam", "Rotterdam", "Utrecht"]),
    ("Australia", 5, ["Sydney", "Melbourne", "Brisbane"]),
    ("Spain", 5, ["Madrid", "Barcelona", "Valencia"]),
    ("Italy", 5, ["Milan", "Rome", "Turin"]),
    ("Sweden", 4, ["Stockholm", "Gothenburg", "Malmo"]),
    ("Japan", 4, ["Tokyo", "Osaka", "Fukuoka"]),
    ("Mexico", 3, ["Mexico City", "Guadalajara", "Monterrey"]),
    ("Singapore", 2, ["Singapore", "Jurong", "Tampines"]),
];

/// Tags of `uses_tags` and the independent probability that an account has each. An account
/// that draws none gets one of the non-ICP tags uniformly, so `analytics` stays exactly
/// Bernoulli(0.30) and independent of everything else.
pub const TAGS: [(&str, f64); 10] = [
    ("crm", 0.45),
    ("email", 0.40),
    ("analytics", 0.30),
    ("ads", 0.25),
    ("support", 0.25),
    ("billing", 0.20),
    ("erp", 0.15),
    ("chat", 0.15),
    ("ai", 0.12),
    ("data-warehouse", 0.10),
];

/// Plans (a decoy) and their weights.
pub const PLANS: [(&str, u32); 4] =
    [("free", 35), ("starter", 30), ("pro", 22), ("enterprise", 13)];

/// Lifecycle stages of won accounts (target-derived) and their weights.
pub const STAGES_WON: [(&str, u32); 2] = [("customer", 85), ("evangelist", 15)];

/// Lifecycle stages of the other accounts and their weights.
pub const STAGES_OTHER: [(&str, u32); 6] = [
    ("subscriber", 15),
    ("lead", 35),
    ("mql", 18),
    ("sql", 12),
    ("opportunity", 12),
    ("churned", 8),
];

/// Weights of NPS scores 0..=10 (a decoy).
pub const NPS_WEIGHTS: [u32; 11] = [2, 1, 2, 3, 4, 6, 8, 14, 20, 22, 18];

/// Planted ICP condition 1: the industry is one of these.
pub const ICP_INDUSTRIES: [&str; 2] = ["Software", "Fintech"];
/// Planted ICP condition 2: `employees` lies in this inclusive range.
pub const ICP_EMPLOYEES: (u64, u64) = (50, 500);
/// Planted ICP condition 3: the country is one of these.
pub const ICP_COUNTRIES: [&str; 3] = ["United States", "United Kingdom", "Germany"];
/// Planted ICP condition 4: `uses_tags` contains this tag.
pub const ICP_TAG: &str = "analytics";
/// P(won) by the number of planted conditions met (0..=4).
pub const WON_PROBABILITY: [f64; 5] = [0.03, 0.07, 0.18, 0.45, 0.80];

/// Employees are log-normal with this median and log-scale sigma (then rounded, 1..=250 000).
pub const EMPLOYEES_MEDIAN: f64 = 30.0;
/// See [`EMPLOYEES_MEDIAN`].
pub const EMPLOYEES_SIGMA: f64 = 1.5;

/// Missing-cell rates (independent, completely at random, applied after the target was drawn
/// from the true values).
pub mod missing {
    /// `industry`.
    pub const INDUSTRY: f64 = 0.02;
    /// `employees`.
    pub const EMPLOYEES: f64 = 0.03;
    /// `annual_revenue`.
    pub const REVENUE: f64 = 0.05;
    /// `country`.
    pub const COUNTRY: f64 = 0.015;
    /// `city`.
    pub const CITY: f64 = 0.08;
    /// `founded_year`.
    pub const FOUNDED: f64 = 0.06;
    /// `last_activity`.
    pub const LAST_ACTIVITY: f64 = 0.02;
    /// `plan`.
    pub const PLAN: f64 = 0.01;
    /// `uses_tags`.
    pub const TAGS: f64 = 0.04;
    /// `website_visits`.
    pub const VISITS: f64 = 0.03;
    /// `nps`.
    pub const NPS: f64 = 0.40;
}

/// Deal stages that are not "Won", with weights.
pub const DEAL_STAGES_OTHER: [(&str, u32); 5] =
    [("Lost", 50), ("Open", 20), ("Qualified", 10), ("Proposal", 10), ("Negotiation", 10)];
/// Per account, the chance of one extra deal whose `account_id` is not in the accounts file.
pub const ORPHAN_DEAL_RATE: f64 = 0.03;

/// What was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Account rows.
    pub rows: u64,
    /// Accounts with `won = true`.
    pub won: u64,
    /// Deal rows (including orphans).
    pub deals: u64,
    /// Deals whose account is not in the accounts file.
    pub orphan_deals: u64,
}

/// Whether an account meets each planted condition, from its true (unmasked) values.
pub fn planted_conditions(
    industry: &str,
    employees: u64,
    country: &str,
    tags: &[&str],
) -> [bool; 4] {
    [
        ICP_INDUSTRIES.contains(&industry),
        (ICP_EMPLOYEES.0..=ICP_EMPLOYEES.1).contains(&employees),
        ICP_COUNTRIES.contains(&country),
        tags.contains(&ICP_TAG),
    ]
}

/// Unique, pronounceable, made-up company names.
///
/// Row `i` is mapped through a seeded bijection on `[0, 2^bits)` and the result is written in
/// bijective base 64 with consonant+vowel syllables (plus an optional final consonant). That
/// spelling parses back uniquely, so distinct rows get distinct stems; a suffix (" Labs",
/// ", Inc.", ...) is appended, and no suffix word can be mistaken for a stem word.
#[derive(Debug, Clone)]
pub struct Names {
    bits: u32,
    keys: [u64; 3],
}

const CONSONANTS: &[u8; 16] = b"bcdfghklmnprstvz";
const VOWELS: &[u8; 4] = b"aeio";
const FINALS: [&str; 4] = ["", "n", "x", "r"];
const SUFFIXES: [(&str, u32); 12] = [
    ("", 20),
    (" Inc", 12),
    (", Inc.", 6),
    (" Labs", 8),
    (" GmbH", 5),
    (" Ltd", 8),
    (" Group", 8),
    (" Systems", 8),
    (" Technologies", 7),
    (" & Sons", 3),
    (" Solutions", 10),
    (" Partners", 5),
];

impl Names {
    /// Names for `rows` rows, permuted by `seed`.
    pub fn new(rows: u64, seed: u64) -> Self {
        let bits = (64 - rows.saturating_sub(1).leading_zeros()).max(16);
        let mut sm = crate::rng::splitmix64(seed ^ 0x6E61_6D65);
        let keys = [sm.next_u64(), sm.next_u64(), sm.next_u64()];
        Names { bits, keys }
    }

    fn permute(&self, i: u64) -> u64 {
        let mask = if self.bits >= 64 { u64::MAX } else { (1u64 << self.bits) - 1 };
        let shift = self.bits / 2 + 1;
        let mut x = i & mask;
        for k in self.keys {
            x = (x ^ k) & mask;
            x = x.wrapping_mul(k | 1) & mask;
            x ^= x >> shift;
        }
        x
    }

    /// Writes the stem (one or two capitalised words) of row `i`.
    pub fn stem(&self, i: u64, out: &mut Vec<u8>) {
        let x = self.permute(i);
        let fin = FINALS[(x & 3) as usize];
        // Bijective base-64 digits of y (y >= 65, so at least two syllables).
        let mut y = (x >> 2) + 65;
        let mut syl = [0u8; 12];
        let mut n = 0;
        while y > 0 {
            y -= 1;
            syl[n] = (y % 64) as u8;
            y /= 64;
            n += 1;
        }
        let split = if n >= 4 { 2 } else { n };
        for (j, &s) in syl[..n].iter().enumerate() {
            let c = CONSONANTS[(s >> 2) as usize];
            if j == split {
                out.push(b' ');
            }
            out.push(if j == 0 || j == split { c.to_ascii_uppercase() } else { c });
            out.push(VOWELS[(s & 3) as usize]);
        }
        out.extend_from_slice(fin.as_bytes());
    }
}

struct Tables {
    industry: Vec<u32>,
    country: Vec<u32>,
    city: Vec<u32>,
    plan: Vec<u32>,
    stage_won: Vec<u32>,
    stage_other: Vec<u32>,
    nps: Vec<u32>,
    suffix: Vec<u32>,
    deal_stage: Vec<u32>,
    extra_deals: Vec<u32>,
}

impl Tables {
    fn new() -> Self {
        fn cum<T>(items: &[(T, u32)]) -> Vec<u32> {
            cumulative(&items.iter().map(|x| x.1).collect::<Vec<_>>())
        }
        Tables {
            industry: cum(&INDUSTRIES),
            country: cumulative(&COUNTRIES.iter().map(|c| c.1).collect::<Vec<_>>()),
            city: cumulative(&[50, 30, 20]),
            plan: cum(&PLANS),
            stage_won: cum(&STAGES_WON),
            stage_other: cum(&STAGES_OTHER),
            nps: cumulative(&NPS_WEIGHTS),
            suffix: cum(&SUFFIXES),
            deal_stage: cum(&DEAL_STAGES_OTHER),
            extra_deals: cumulative(&[35, 35, 20, 10]),
        }
    }
}

/// The first `created_date`.
fn created_start() -> i32 {
    days_from_civil(2016, 1, 1)
}

/// The last `created_date`.
fn created_end() -> i32 {
    days_from_civil(2025, 6, 30)
}

/// The end of the observation window (exclusive), for activity and close dates.
fn window_end() -> i32 {
    days_from_civil(2026, 1, 1)
}

/// Writes `rows` accounts (header included) to `out`, and their deals to `deals` if given.
pub fn write_accounts(
    rows: u64,
    seed: u64,
    out: &mut dyn Write,
    mut deals: Option<&mut dyn Write>,
) -> io::Result<Stats> {
    let t = Tables::new();
    let names = Names::new(rows, seed);
    let mut rng = Rng::new(seed, 0);
    let mut drng = Rng::new(seed, 1);
    let width = digits(rows).max(7);
    let mut line = Line::new();
    let mut dline = Line::new();
    let mut stats = Stats { rows, ..Stats::default() };

    out.write_all(HEADER.as_bytes())?;
    out.write_all(b"\n")?;
    if let Some(d) = deals.as_deref_mut() {
        d.write_all(DEALS_HEADER.as_bytes())?;
        d.write_all(b"\n")?;
    }

    let (c0, c1, wend) = (created_start(), created_end(), window_end());
    let mut tags: Vec<&str> = Vec::with_capacity(TAGS.len());
    let mut name = Vec::with_capacity(64);
    let icp_tag_index = TAGS.iter().position(|t| t.0 == ICP_TAG).expect("the ICP tag is a tag");

    for i in 0..rows {
        // --- true values ---
        let industry = INDUSTRIES[rng.pick(&t.industry)].0;
        let (country, _, cities) = COUNTRIES[rng.pick(&t.country)];
        let city = cities[rng.pick(&t.city)];
        let employees =
            (rng.lognormal(EMPLOYEES_MEDIAN, EMPLOYEES_SIGMA) + 0.5).clamp(1.0, 250_000.0) as u64;
        let revenue = (employees as f64 * rng.lognormal(120_000.0, 0.6) / 1000.0 + 0.5).max(1.0)
            as u64
            * 1000;
        tags.clear();
        for (tag, p) in TAGS {
            if rng.chance(p) {
                tags.push(tag);
            }
        }
        if tags.is_empty() {
            // Uniform over the other tags, never the ICP tag.
            let mut j = rng.below(TAGS.len() as u64 - 1) as usize;
            if j >= icp_tag_index {
                j += 1;
            }
            tags.push(TAGS[j].0);
        }
        let founded = (2025.0 - rng.lognormal(10.0, 0.9)).clamp(1900.0, 2025.0) as i64;
        let created = rng.range(i64::from(c0), i64::from(c1));
        // A company is not in the CRM before it exists.
        let founded = founded.min(i64::from(icp_frame::civil_from_days(created as i32).0));
        let created_s = created * 86_400;
        let last_activity =
            created_s + rng.below((i64::from(wend) * 86_400 - created_s) as u64) as i64;
        let plan = PLANS[rng.pick(&t.plan)].0;
        let visits = rng.lognormal(15.0, 1.3) as u64;
        let nps = rng.pick(&t.nps);

        // --- the planted target ---
        let met =
            planted_conditions(industry, employees, country, &tags).iter().filter(|&&b| b).count();
        let won = rng.chance(WON_PROBABILITY[met]);
        let stage = if won {
            STAGES_WON[rng.pick(&t.stage_won)].0
        } else {
            STAGES_OTHER[rng.pick(&t.stage_other)].0
        };
        let contract_cents = if won {
            (rng.lognormal(2_000.0 * (employees as f64).sqrt(), 0.5) * 100.0) as i64
        } else {
            0
        };
        stats.won += u64::from(won);

        // --- the row, with cells masked at random ---
        line.clear();
        line.text("ACC-");
        line.padded(i + 1, width);
        line.comma();
        name.clear();
        names.stem(i, &mut name);
        name.extend_from_slice(SUFFIXES[rng.pick(&t.suffix)].0.as_bytes());
        line.field(std::str::from_utf8(&name).expect("ASCII"));
        line.comma();
        if !rng.chance(missing::INDUSTRY) {
            line.text(industry);
        }
        line.comma();
        if !rng.chance(missing::EMPLOYEES) {
            line.uint(employees);
        }
        line.comma();
        if !rng.chance(missing::REVENUE) {
            line.uint(revenue);
        }
        line.comma();
        if !rng.chance(missing::COUNTRY) {
            line.text(country);
        }
        line.comma();
        if !rng.chance(missing::CITY) {
            line.text(city);
        }
        line.comma();
        line.text(stage);
        line.comma();
        if !rng.chance(missing::FOUNDED) {
            line.int(founded);
        }
        line.comma();
        line.date(created as i32);
        line.comma();
        if !rng.chance(missing::LAST_ACTIVITY) {
            line.datetime(last_activity);
        }
        line.comma();
        if !rng.chance(missing::PLAN) {
            line.text(plan);
        }
        line.comma();
        if !rng.chance(missing::TAGS) {
            for (j, tag) in tags.iter().enumerate() {
                if j > 0 {
                    line.text(";");
                }
                line.text(tag);
            }
        }
        line.comma();
        if !rng.chance(missing::VISITS) {
            line.uint(visits);
        }
        line.comma();
        if !rng.chance(missing::NPS) {
            line.uint(nps as u64);
        }
        line.comma();
        line.text(if won { "true" } else { "false" });
        line.comma();
        if won {
            line.cents(contract_cents);
        }
        line.flush_to(out)?;

        if let Some(d) = deals.as_deref_mut() {
            let others = drng.pick(&t.extra_deals) as u64;
            let n = others + u64::from(won);
            let won_at = if won { drng.below(n) } else { u64::MAX };
            for j in 0..n {
                stats.deals += 1;
                dline.text("DEAL-");
                dline.padded(stats.deals, width + 1);
                dline.comma();
                dline.text("ACC-");
                dline.padded(i + 1, width);
                dline.comma();
                let close = (created + drng.range(7, 600)).min(i64::from(wend) - 1);
                if j == won_at {
                    dline.text("Won,");
                    dline.cents(contract_cents);
                    dline.comma();
                    dline.date(close as i32);
                } else {
                    let stage = DEAL_STAGES_OTHER[drng.pick(&t.deal_stage)].0;
                    dline.text(stage);
                    dline.comma();
                    dline.cents((drng.lognormal(8_000.0, 1.0) * 100.0) as i64);
                    dline.comma();
                    if stage == "Lost" || !drng.chance(0.05) {
                        dline.date(close as i32);
                    }
                }
                dline.flush_to(d)?;
            }
            if drng.chance(ORPHAN_DEAL_RATE) {
                stats.deals += 1;
                stats.orphan_deals += 1;
                dline.text("DEAL-");
                dline.padded(stats.deals, width + 1);
                dline.comma();
                dline.text("ACC-");
                dline.padded(rows + 1 + drng.below(rows.max(1000)), width);
                dline.comma();
                dline.text(DEAL_STAGES_OTHER[drng.pick(&t.deal_stage)].0);
                dline.comma();
                dline.cents((drng.lognormal(8_000.0, 1.0) * 100.0) as i64);
                dline.comma();
                dline.date((created + drng.range(7, 600)).min(i64::from(wend) - 1) as i32);
                dline.flush_to(d)?;
            }
        }
    }
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique() {
        let names = Names::new(300_000, 9);
        let mut seen = HashSet::new();
        let mut buf = Vec::new();
        for i in 0..300_000 {
            buf.clear();
            names.stem(i, &mut buf);
            assert!(seen.insert(buf.clone()), "duplicate {}", String::from_utf8_lossy(&buf));
        }
    }

    #[test]
    fn small_file_is_consistent() {
        let mut acc = Vec::new();
        let mut deals = Vec::new();
        let stats = write_accounts(20_000, 42, &mut acc, Some(&mut deals)).unwrap();
        let text = String::from_utf8(acc).unwrap();
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some(HEADER));
        let ncols = HEADER.split(',').count();
        assert_eq!(ncols, 17);
        let mut won = 0;
        for l in lines.by_ref() {
            // Only company names may be quoted; drop the quoted field before splitting.
            let unquoted = match (l.find('"'), l.rfind('"')) {
                (Some(a), Some(b)) => format!("{}{}", &l[..a], &l[b + 1..]),
                _ => l.to_string(),
            };
            let cells: Vec<&str> = unquoted.split(',').collect();
            assert_eq!(cells.len(), ncols, "{l}");
            won += usize::from(cells[15] == "true");
            assert_eq!(cells[15] == "true", !cells[16].is_empty(), "{l}");
        }
        assert_eq!(text.lines().count(), 20_001);
        assert_eq!(won as u64, stats.won);
        let share = stats.won as f64 / 20_000.0;
        assert!((0.10..0.20).contains(&share), "won share {share}");
        let deals = String::from_utf8(deals).unwrap();
        assert_eq!(deals.lines().count() as u64, stats.deals + 1);
        assert!(stats.orphan_deals > 0 && stats.orphan_deals * 20 < stats.deals);

        // Same seed, same bytes; the deals stream does not disturb the accounts.
        let mut again = Vec::new();
        write_accounts(20_000, 42, &mut again, None).unwrap();
        assert_eq!(again, text.as_bytes());
    }
}
