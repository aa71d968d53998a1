//! Synthetic accounts, deals and contacts with a planted decision chain and planted personas.
//!
//! Every contact is drawn from one of five personas ([`PERSONAS`]): a buying role, a
//! department and a few job titles in English and Japanese with their seniority. Each deal
//! draws its people: a budget holder with probability [`P_BUDGET_HOLDER`], a champion with
//! [`P_CHAMPION`], a technical buyer and a marketing influencer (the decoy) with
//! [`P_OTHER_ROLE`] each, and one to three end users.
//!
//! With the chain planted ([`PeopleOptions::chain`]), a closed deal is won with probability
//! [`P_WON_WITH_CHAIN`] when it has both a budget holder and a champion, else
//! [`P_WON_WITHOUT_CHAIN`]; the influencer has no effect. Without it, every closed deal is won
//! with [`P_WON_FLAT`], whoever takes part: an analysis must then find nothing.
//!
//! To exercise reading, the seniority and department columns are filled for only part of the
//! contacts (the rest must be read from the title), role labels come from HubSpot, Salesforce
//! or the Japanese labels, and [`ORPHAN_CONTACT_RATE`] of contacts name an account that does
//! not exist.

use std::io::{self, Write};

use crate::out::{Line, digits};
use crate::rng::Rng;

/// Accounts header.
pub const ACCOUNTS_HEADER: &str = "account_id,company_name,industry,employees";
/// Deals header.
pub const DEALS_HEADER: &str = "deal_id,account_id,stage,amount,close_date";
/// Contacts header.
pub const CONTACTS_HEADER: &str =
    "contact_id,account_id,deal_id,first_name,email,job_title,buying_role,seniority,department";

/// An `icp.toml` for the three tables written as `accounts.csv`, `deals.csv` and
/// `contacts.csv` beside it.
pub const PROJECT_TOML: &str = r#"schema_version = 1

[accounts]
path = "accounts.csv"
id = "account_id"

[deals]
path = "deals.csv"
account = "account_id"
stage = "stage"
amount = "amount"
close_date = "close_date"
won_stages = ["Won"]
lost_stages = ["Lost"]

[contacts]
path = "contacts.csv"

[golden]
rule = "won_deals > 0"
value = "won_value"

[journey]
path = "events.csv"
account = "account_id"
step = "event"
timestamp = "timestamp"

[[journey.stage]]
name = "awareness"
steps = ["ad_click", "webinar"]

[[journey.stage]]
name = "consideration"
steps = ["trial_start", "demo"]

[[journey.stage]]
name = "purchase"
steps = ["proposal_sent", "contract_signed"]

[[journey.stage]]
name = "retention"
steps = ["renewal"]
"#;

/// Events header.
pub const EVENTS_HEADER: &str = "account_id,event,timestamp";
/// P(an account that is not golden starts a trial).
pub const P_TRIAL_OTHER: f64 = 0.7;
/// P(an account that is not golden attends a demo); every golden account does (planted).
pub const P_DEMO_OTHER: f64 = 0.2;
/// P(an account that is not golden and started a trial gets a proposal): the others stall
/// after the trial (planted); every golden account gets one.
pub const P_PROPOSAL_OTHER: f64 = 0.1;
/// P(a golden account renews).
pub const P_RENEWAL: f64 = 0.6;
/// P(an account opens the newsletter, a step in no stage).
pub const P_NEWSLETTER: f64 = 0.5;

/// The first day deals are dated from (2024-01-01).
fn first_day() -> i32 {
    icp_frame::days_from_civil(2024, 1, 1)
}

/// Writes the journey events of the accounts `stats` describes: golden accounts (those with
/// a won deal) all attend a demo and go on to purchase, signing on the day their first won
/// deal closed, and most renew a year later (after the win: a step only customers take); the
/// others mostly stall after the trial. One event in two hundred names an account that does
/// not exist.
pub fn write_events(
    options: &PeopleOptions,
    stats: &PeopleStats,
    out: &mut dyn Write,
) -> io::Result<u64> {
    let mut rng = Rng::new(options.seed, 8);
    let width = digits(options.accounts).max(6);
    let start = i64::from(first_day()) * 86_400;
    let mut line = Line::new();
    let mut written = 0u64;
    let mut account_events: Vec<(&str, i64)> = Vec::with_capacity(8);
    out.write_all(EVENTS_HEADER.as_bytes())?;
    out.write_all(b"\n")?;
    for (a, &golden) in stats.account_won.iter().enumerate() {
        account_events.clear();
        let mut t = start + rng.below(365 * 86_400) as i64;
        let aware = if rng.chance(0.6) { "ad_click" } else { "webinar" };
        account_events.push((aware, t));
        if rng.chance(P_NEWSLETTER) {
            account_events.push(("newsletter_open", t + rng.below(30 * 86_400) as i64));
        }
        let mut shift = 0;
        if golden || rng.chance(P_TRIAL_OTHER) {
            t += (3 + rng.below(18)) as i64 * 86_400;
            account_events.push(("trial_start", t));
            if golden || rng.chance(P_DEMO_OTHER) {
                account_events.push(("demo", t + (2 + rng.below(9)) as i64 * 86_400));
            }
            if golden || rng.chance(P_PROPOSAL_OTHER) {
                t += (10 + rng.below(21)) as i64 * 86_400;
                account_events.push(("proposal_sent", t));
                if golden {
                    t += (10 + rng.below(31)) as i64 * 86_400;
                    // The journey ends at noon of the day the first won deal closed.
                    let signed = i64::from(stats.first_won_close[a]) * 86_400 + 43_200;
                    shift = signed - t;
                    account_events.push(("contract_signed", t));
                    if rng.chance(P_RENEWAL) {
                        account_events.push(("renewal", t + 365 * 86_400));
                    }
                }
            }
        }
        for &(step, at) in &account_events {
            line.text(if rng.chance(0.005) { "X-" } else { "A-" });
            line.padded(a as u64 + 1, width);
            line.comma();
            line.text(step);
            line.comma();
            line.datetime(at + shift);
            written += 1;
            line.flush_to(out)?;
        }
    }
    Ok(written)
}

/// Writes the three tables, the journey events ([`write_events`]) and [`PROJECT_TOML`]
/// into `dir`.
pub fn write_project(options: &PeopleOptions, dir: &std::path::Path) -> io::Result<PeopleStats> {
    let create = |name: &str| -> io::Result<io::BufWriter<std::fs::File>> {
        Ok(io::BufWriter::with_capacity(1 << 20, std::fs::File::create(dir.join(name))?))
    };
    let (mut a, mut d, mut c) =
        (create("accounts.csv")?, create("deals.csv")?, create("contacts.csv")?);
    let stats = write_people(options, &mut a, &mut d, &mut c)?;
    let mut e = create("events.csv")?;
    write_events(options, &stats, &mut e)?;
    for mut w in [a, d, c, e] {
        w.flush()?;
    }
    std::fs::write(dir.join("icp.toml"), PROJECT_TOML)?;
    Ok(stats)
}

/// One planted persona.
#[derive(Debug, Clone, Copy)]
pub struct Persona {
    /// What the analysis should call it.
    pub name: &'static str,
    /// Its buying role as HubSpot, Salesforce and a Japanese CRM write it.
    pub roles: [&'static str; 3],
    /// Its department as the table writes it when it does.
    pub department: &'static str,
    /// Job titles and their seniority keys.
    pub titles: [(&'static str, &'static str); 4],
}

/// The personas: budget holder, champion, technical buyer, the decoy influencer, end user.
pub const PERSONAS: [Persona; 5] = [
    Persona {
        name: "finance budget holders",
        roles: ["Budget Holder", "Economic Buyer", "予算権限者"],
        department: "finance_accounting",
        titles: [
            ("CFO", "owner_c_level"),
            ("Chief Financial Officer", "owner_c_level"),
            ("VP Finance", "vp"),
            ("財務担当取締役", "owner_c_level"),
        ],
    },
    Persona {
        name: "operations champions",
        roles: ["Champion", "Champion", "推進者"],
        department: "operations",
        titles: [
            ("Director of Operations", "director"),
            ("Operations Director", "director"),
            ("総務部長", "director"),
            ("Logistics Director", "director"),
        ],
    },
    Persona {
        name: "IT technical buyers",
        roles: ["TECHNICAL_BUYER", "Technical Buyer", "技術的購買者"],
        department: "it_engineering",
        titles: [
            ("IT Manager", "manager"),
            ("Engineering Manager", "manager"),
            ("情報システム課長", "manager"),
            ("Infrastructure Manager", "manager"),
        ],
    },
    Persona {
        name: "marketing influencers",
        roles: ["Influencer", "Influencer", "影響者"],
        department: "marketing",
        titles: [
            ("Senior Marketing Specialist", "senior_ic"),
            ("Marketing Lead", "senior_ic"),
            ("マーケティング主任", "senior_ic"),
            ("Senior Brand Strategist", "senior_ic"),
        ],
    },
    Persona {
        name: "sales end users",
        roles: ["End User", "Business User", "利用者"],
        department: "sales",
        titles: [
            ("Account Executive", "ic"),
            ("Sales Representative", "ic"),
            ("営業担当", "ic"),
            ("Inside Sales Representative", "ic"),
        ],
    },
];

/// Index of the budget-holder persona in [`PERSONAS`].
pub const BUDGET_HOLDER: usize = 0;
/// Index of the champion persona.
pub const CHAMPION: usize = 1;
/// Index of the technical-buyer persona.
pub const TECHNICAL_BUYER: usize = 2;
/// Index of the decoy influencer persona.
pub const DECOY: usize = 3;
/// Index of the end-user persona.
pub const END_USER: usize = 4;

/// P(a deal has a budget holder).
pub const P_BUDGET_HOLDER: f64 = 0.45;
/// P(a deal has a champion).
pub const P_CHAMPION: f64 = 0.5;
/// P(a deal has a technical buyer), and the same for the decoy influencer.
pub const P_OTHER_ROLE: f64 = 0.5;
/// P(won) of a closed deal with a budget holder and a champion, chain planted.
pub const P_WON_WITH_CHAIN: f64 = 0.65;
/// P(won) of a closed deal lacking either, chain planted.
pub const P_WON_WITHOUT_CHAIN: f64 = 0.12;
/// P(won) of any closed deal without the chain.
pub const P_WON_FLAT: f64 = 0.25;
/// Share of deals still open.
pub const P_OPEN: f64 = 0.15;
/// Share of contacts naming an account that does not exist.
pub const ORPHAN_CONTACT_RATE: f64 = 0.01;
/// Share of contacts whose seniority and department columns are filled (each on its own).
pub const P_COLUMN_FILLED: f64 = 0.4;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct PeopleOptions {
    /// Accounts (each with one or two deals).
    pub accounts: u64,
    /// The seed.
    pub seed: u64,
    /// Plant the decision chain.
    pub chain: bool,
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeopleStats {
    /// Deals written.
    pub deals: u64,
    /// Won deals.
    pub won: u64,
    /// Lost deals.
    pub lost: u64,
    /// Open deals.
    pub open: u64,
    /// Contacts written.
    pub contacts: u64,
    /// Contacts naming an unknown account.
    pub orphans: u64,
    /// The planted persona of each contact, in file order.
    pub persona: Vec<u8>,
    /// Whether each account has a won deal.
    pub account_won: Vec<bool>,
    /// The day each account's first won deal closed (days since 1970-01-01; `i32::MIN` for
    /// accounts never won).
    pub first_won_close: Vec<i32>,
}

/// Writes the three tables (headers included).
pub fn write_people(
    options: &PeopleOptions,
    accounts: &mut dyn Write,
    deals: &mut dyn Write,
    contacts: &mut dyn Write,
) -> io::Result<PeopleStats> {
    const INDUSTRIES: [&str; 4] = ["Software", "Retail", "Manufacturing", "Healthcare"];
    let mut rng = Rng::new(options.seed, 7);
    // Dates come from their own stream, so that the rest is what it was before deals had them.
    let mut dates = Rng::new(options.seed, 9);
    let width = digits(options.accounts).max(6);
    let mut stats = PeopleStats::default();
    let mut line = Line::new();
    accounts.write_all(ACCOUNTS_HEADER.as_bytes())?;
    accounts.write_all(b"\n")?;
    deals.write_all(DEALS_HEADER.as_bytes())?;
    deals.write_all(b"\n")?;
    contacts.write_all(CONTACTS_HEADER.as_bytes())?;
    contacts.write_all(b"\n")?;
    let mut people: Vec<usize> = Vec::with_capacity(8);
    for a in 1..=options.accounts {
        line.text("A-");
        line.padded(a, width);
        line.comma();
        line.text("Company ");
        line.uint(a);
        line.comma();
        line.text(INDUSTRIES[rng.below(INDUSTRIES.len() as u64) as usize]);
        line.comma();
        line.uint(10 + rng.below(2000));
        line.flush_to(accounts)?;
        stats.account_won.push(false);
        stats.first_won_close.push(i32::MIN);
        let opened = first_day() + dates.below(365) as i32;
        for _ in 0..1 + rng.below(2) {
            stats.deals += 1;
            let deal = stats.deals;
            people.clear();
            let budget = rng.chance(P_BUDGET_HOLDER);
            let champion = rng.chance(P_CHAMPION);
            if budget {
                people.push(BUDGET_HOLDER);
            }
            if champion {
                people.push(CHAMPION);
            }
            if rng.chance(P_OTHER_ROLE) {
                people.push(TECHNICAL_BUYER);
            }
            if rng.chance(P_OTHER_ROLE) {
                people.push(DECOY);
            }
            let end_users = 1 + rng.below(3) as usize;
            people.extend(std::iter::repeat_n(END_USER, end_users));
            let mut close = None;
            let stage = if rng.chance(P_OPEN) {
                stats.open += 1;
                "Open"
            } else {
                let day = opened + 40 + dates.below(60) as i32;
                close = Some(day);
                let p = match (options.chain, budget && champion) {
                    (false, _) => P_WON_FLAT,
                    (true, true) => P_WON_WITH_CHAIN,
                    (true, false) => P_WON_WITHOUT_CHAIN,
                };
                if rng.chance(p) {
                    stats.won += 1;
                    *stats.account_won.last_mut().expect("pushed above") = true;
                    let first = stats.first_won_close.last_mut().expect("pushed above");
                    *first = if *first == i32::MIN { day } else { (*first).min(day) };
                    "Won"
                } else {
                    stats.lost += 1;
                    "Lost"
                }
            };
            line.text("D-");
            line.padded(deal, width + 1);
            line.comma();
            line.text("A-");
            line.padded(a, width);
            line.comma();
            line.text(stage);
            line.comma();
            line.uint(1000 + rng.below(50_000));
            line.comma();
            if let Some(day) = close {
                line.date(day);
            }
            line.flush_to(deals)?;
            for &p in &people {
                stats.contacts += 1;
                let persona = &PERSONAS[p];
                let (title, seniority) = persona.titles[rng.below(4) as usize];
                let japanese = !title.is_ascii();
                let role =
                    if japanese { persona.roles[2] } else { persona.roles[rng.below(2) as usize] };
                let orphan = rng.chance(ORPHAN_CONTACT_RATE);
                line.text("C-");
                line.uint(stats.contacts);
                line.comma();
                if orphan {
                    stats.orphans += 1;
                    line.text("X-");
                    line.padded(a, width);
                    line.comma();
                } else {
                    line.text("A-");
                    line.padded(a, width);
                    line.comma();
                    line.text("D-");
                    line.padded(deal, width + 1);
                }
                line.comma();
                line.text("Person");
                line.uint(stats.contacts);
                line.comma();
                line.text("person");
                line.uint(stats.contacts);
                line.text("@example.com,");
                line.field(title);
                line.comma();
                line.text(role);
                line.comma();
                if rng.chance(P_COLUMN_FILLED) {
                    line.text(seniority);
                }
                line.comma();
                if rng.chance(P_COLUMN_FILLED) {
                    line.text(persona.department);
                }
                line.flush_to(contacts)?;
                stats.persona.push(p as u8);
            }
        }
    }
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generate(chain: bool) -> (String, String, String, PeopleStats) {
        let (mut a, mut d, mut c) = (Vec::new(), Vec::new(), Vec::new());
        let stats =
            write_people(&PeopleOptions { accounts: 500, seed: 3, chain }, &mut a, &mut d, &mut c)
                .unwrap();
        let s = |v: Vec<u8>| String::from_utf8(v).unwrap();
        (s(a), s(d), s(c), stats)
    }

    #[test]
    fn tables_agree_with_the_stats() {
        let (accounts, deals, contacts, stats) = generate(true);
        assert_eq!(accounts.lines().count(), 501);
        assert_eq!(deals.lines().count() as u64, stats.deals + 1);
        assert_eq!(contacts.lines().count() as u64, stats.contacts + 1);
        assert_eq!(stats.persona.len() as u64, stats.contacts);
        assert_eq!(stats.won + stats.lost + stats.open, stats.deals);
        assert!(stats.orphans > 0 && stats.orphans * 50 < stats.contacts);
        let columns = CONTACTS_HEADER.split(',').count();
        for l in contacts.lines() {
            assert_eq!(l.split(',').count(), columns, "{l}");
        }
    }

    #[test]
    fn the_chain_changes_only_outcomes() {
        let (a1, _, c1, s1) = generate(true);
        let (a2, _, c2, s2) = generate(false);
        assert_eq!((a1, c1), (a2, c2));
        assert_eq!((s1.deals, s1.open, s1.persona), (s2.deals, s2.open, s2.persona));
        assert_ne!(s1.won, s2.won);
    }
}
