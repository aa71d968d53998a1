//! Personas: groups of contacts alike in buying role, seniority, department and their
//! company's ICP tier, found by k-prototypes (k-modes here: every input is categorical), as
//! account segments are.
//!
//! The number of personas is chosen by the silhouette on a sample (or given); the clusters
//! are fitted on a sample and every contact is then assigned to its nearest prototype, so a
//! million contacts cost one pass. Each persona becomes a card: its size, the share of won
//! and lost deals it takes part in, its typical titles (only titles many contacts share) and
//! a suggested name built from what its members have in common.

use std::collections::HashMap;

use icp_frame::MISSING_CODE;
use icp_project::DealOutcome;
use icp_segment::kprototypes::{self, InputColumn, KPrototypesConfig, KPrototypesError, MixedData};
use icp_segment::silhouette::{SilhouetteOptions, sample_rows, select_k};

use crate::contacts::{Contacts, NONE, UNKNOWN};
use crate::{BuyingRole, Department, Seniority};

/// Settings of [`personas`].
#[derive(Debug, Clone)]
pub struct PersonaOptions {
    /// The number of personas; `None` = chosen by the silhouette.
    pub k: Option<usize>,
    /// Largest number tried when choosing.
    pub k_max: usize,
    /// Contacts sampled to fit the prototypes.
    pub sample: usize,
    /// Contacts of that sample on which the silhouette chooses k (its cost grows with the
    /// square: every pair's distance, for every k tried).
    pub silhouette_sample: usize,
    /// Seed of the sample and the fits.
    pub seed: u64,
}

impl Default for PersonaOptions {
    fn default() -> Self {
        // 1,500 contacts choose the same k as 4,000 on the generated contacts of the tests and
        // the benchmark (a handful of personas over a few dozen distinct role, seniority and
        // department combinations), in a seventh of the time.
        PersonaOptions { k: None, k_max: 8, sample: 4000, silhouette_sample: 1500, seed: 42 }
    }
}

/// A company tier per account row: `per_account[row]` indexes `levels` ([`NONE`] when
/// unknown).
#[derive(Debug, Clone, Default)]
pub struct AccountTiers {
    /// The tier of each account row.
    pub per_account: Vec<u32>,
    /// Tier names.
    pub levels: Vec<String>,
    /// Where the tiers come from, in words ("the profile's tiers", "golden or not").
    pub source: String,
}

/// Why personas cannot be formed.
#[derive(Debug, thiserror::Error)]
pub enum PersonasError {
    /// Too few contacts with anything known.
    #[error(
        "only {contacts} contacts have a known buying role, seniority or department; personas need at least {needed}"
    )]
    TooFewContacts {
        /// Contacts usable.
        contacts: usize,
        /// Contacts needed.
        needed: usize,
    },
    /// Clustering failed.
    #[error(transparent)]
    Clusters(#[from] KPrototypesError),
}

/// One persona.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PersonaCard {
    /// 1-based number.
    pub number: usize,
    /// A suggested name ("finance budget holders").
    pub name: String,
    /// Contacts in it.
    pub contacts: usize,
    /// Share of the contacts clustered.
    pub share: f64,
    /// Share of won deals in which someone of this persona takes part.
    pub won_deal_share: f64,
    /// Share of lost deals in which someone of this persona takes part.
    pub lost_deal_share: f64,
    /// Most common buying role (key) and the share of members with it.
    pub role: Option<(String, f64)>,
    /// Most common seniority (key) and its share.
    pub seniority: Option<(String, f64)>,
    /// Most common department (key) and its share.
    pub department: Option<(String, f64)>,
    /// Most common company tier and its share.
    pub tier: Option<(String, f64)>,
    /// Up to three job titles most common in it, each held by at least
    /// [`MIN_TITLE_HOLDERS`] contacts, with their counts.
    pub typical_titles: Vec<(String, usize)>,
}

/// A title is shown only when this many contacts hold it: a rarer one could point at a
/// person.
pub const MIN_TITLE_HOLDERS: usize = 3;

/// Personas found.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Personas {
    /// How many.
    pub k: usize,
    /// Whether k was chosen by the silhouette (else given).
    pub chosen_by_silhouette: bool,
    /// Contacts clustered (those with a known role, seniority or department).
    pub contacts: usize,
    /// Where the company tiers come from.
    pub tiers_from: String,
    /// The cards, largest first.
    pub cards: Vec<PersonaCard>,
    /// The persona of every contact (index into `cards`), [`NONE`] when not clustered.
    #[serde(skip)]
    pub labels: Vec<u32>,
}

const ROLE: &str = "role";
const SENIORITY: &str = "seniority";
const DEPARTMENT: &str = "department";
const TIER: &str = "tier";

/// Groups `contacts` into personas.
pub fn personas(
    contacts: &Contacts,
    tiers: &AccountTiers,
    options: &PersonaOptions,
) -> Result<Personas, PersonasError> {
    let n = contacts.len();
    let usable: Vec<usize> = (0..n)
        .filter(|&i| {
            contacts.roles[i] != 0
                || contacts.seniority[i] != UNKNOWN
                || contacts.department[i] != UNKNOWN
        })
        .collect();
    let needed = options.k.unwrap_or(2).max(2) * 5;
    if usable.len() < needed {
        return Err(PersonasError::TooFewContacts { contacts: usable.len(), needed });
    }
    let code = |x: u8| if x == UNKNOWN { MISSING_CODE } else { u32::from(x) };
    let role: Vec<u32> = usable
        .iter()
        .map(|&i| match contacts.roles[i] {
            0 => MISSING_CODE,
            bits => bits.trailing_zeros(),
        })
        .collect();
    let seniority: Vec<u32> = usable.iter().map(|&i| code(contacts.seniority[i])).collect();
    let department: Vec<u32> = usable.iter().map(|&i| code(contacts.department[i])).collect();
    let tier: Vec<u32> = usable
        .iter()
        .map(|&i| match contacts.account[i] {
            NONE => MISSING_CODE,
            a => tiers
                .per_account
                .get(a as usize)
                .copied()
                .filter(|&t| t != NONE)
                .unwrap_or(MISSING_CODE),
        })
        .collect();
    let role_levels: Vec<String> = BuyingRole::ALL.iter().map(|r| r.key().to_owned()).collect();
    let seniority_levels: Vec<String> = Seniority::ALL.iter().map(|s| s.key().to_owned()).collect();
    let department_levels: Vec<String> =
        Department::ALL.iter().map(|d| d.key().to_owned()).collect();
    let columns = [
        InputColumn::Categorical { name: ROLE, codes: &role, levels: &role_levels },
        InputColumn::Categorical { name: SENIORITY, codes: &seniority, levels: &seniority_levels },
        InputColumn::Categorical {
            name: DEPARTMENT,
            codes: &department,
            levels: &department_levels,
        },
        InputColumn::Categorical { name: TIER, codes: &tier, levels: &tiers.levels },
    ];
    // Fit on a sample; every contact then goes to its nearest prototype.
    let sample = sample_rows(usable.len(), options.sample, options.seed);
    let sampled = |v: &[u32]| -> Vec<u32> { sample.iter().map(|&i| v[i]).collect() };
    let (s_role, s_seniority, s_department, s_tier) =
        (sampled(&role), sampled(&seniority), sampled(&department), sampled(&tier));
    let people_columns = [
        InputColumn::Categorical { name: ROLE, codes: &s_role, levels: &role_levels },
        InputColumn::Categorical {
            name: SENIORITY,
            codes: &s_seniority,
            levels: &seniority_levels,
        },
        InputColumn::Categorical {
            name: DEPARTMENT,
            codes: &s_department,
            levels: &department_levels,
        },
    ];
    let mut sampled_columns = people_columns.to_vec();
    sampled_columns.push(InputColumn::Categorical {
        name: TIER,
        codes: &s_tier,
        levels: &tiers.levels,
    });
    let data = MixedData::new(&sampled_columns)?;
    let base = KPrototypesConfig { seed: options.seed, ..KPrototypesConfig::new(2) };
    let k = match options.k {
        Some(k) => k,
        None => {
            // How many personas there are is a question about people: the company's tier
            // shapes the groups but does not multiply them.
            let people = MixedData::new(&people_columns)?;
            let selection = select_k(
                &people,
                &base,
                &SilhouetteOptions {
                    k_max: Some(options.k_max),
                    sample_size: options.silhouette_sample.min(options.sample),
                    ..SilhouetteOptions::default()
                },
                None,
            )?;
            selection.chosen_k.unwrap_or(2)
        }
    };
    let fit = kprototypes::fit(&data, &KPrototypesConfig { k, ..base }, None)?;
    let assigned = fit.predict(&data, &columns)?;

    // Cards, in the order of the clusters; renumbered largest first below.
    let mut sizes = vec![0usize; k];
    for &c in &assigned {
        sizes[c as usize] += 1;
    }
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| sizes[b].cmp(&sizes[a]).then(a.cmp(&b)));
    let mut rank = vec![0u32; k];
    for (r, &c) in order.iter().enumerate() {
        rank[c] = r as u32;
    }
    let mut labels = vec![NONE; n];
    for (j, &i) in usable.iter().enumerate() {
        labels[i] = rank[assigned[j] as usize];
    }
    let (won_share, lost_share) = deal_shares(contacts, &labels, k);
    let mode = |values: &[u32], levels: &[String], members: &[usize]| -> Option<(String, f64)> {
        let mut counts: HashMap<u32, usize> = HashMap::new();
        for &j in members {
            if values[j] != MISSING_CODE {
                *counts.entry(values[j]).or_default() += 1;
            }
        }
        counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).and_then(
            |(c, count)| {
                levels.get(c as usize).map(|l| (l.clone(), count as f64 / members.len() as f64))
            },
        )
    };
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (j, &c) in assigned.iter().enumerate() {
        members[rank[c as usize] as usize].push(j);
    }
    let cards = members
        .iter()
        .enumerate()
        .map(|(r, m)| {
            let role = mode(&role, &role_levels, m);
            let seniority = mode(&seniority, &seniority_levels, m);
            let department = mode(&department, &department_levels, m);
            PersonaCard {
                number: r + 1,
                name: suggested_name(role.as_ref(), seniority.as_ref(), department.as_ref()),
                contacts: m.len(),
                share: m.len() as f64 / usable.len() as f64,
                won_deal_share: won_share[r],
                lost_deal_share: lost_share[r],
                role,
                seniority,
                department,
                tier: mode(&tier, &tiers.levels, m),
                typical_titles: typical_titles(contacts, m.iter().map(|&j| usable[j])),
            }
        })
        .collect();
    Ok(Personas {
        k,
        chosen_by_silhouette: options.k.is_none(),
        contacts: usable.len(),
        tiers_from: tiers.source.clone(),
        cards,
        labels,
    })
}

/// For each persona, the share of won and of lost deals (with a known contact) in which
/// someone of it takes part.
fn deal_shares(contacts: &Contacts, labels: &[u32], k: usize) -> (Vec<f64>, Vec<f64>) {
    let Some(deals) = &contacts.deals else {
        return (vec![0.0; k], vec![0.0; k]);
    };
    let mut present: Vec<u64> = vec![0; deals.outcome.len()];
    let mut add = |deal: usize, persona: u32| present[deal] |= 1 << persona.min(63);
    if contacts.by_deal {
        for (i, &p) in labels.iter().enumerate() {
            if p != NONE && contacts.deal[i] != NONE {
                add(contacts.deal[i] as usize, p);
            }
        }
    } else {
        let mut by_account: HashMap<u32, u64> = HashMap::new();
        for (i, &p) in labels.iter().enumerate() {
            if p != NONE && contacts.account[i] != NONE {
                *by_account.entry(contacts.account[i]).or_default() |= 1 << p.min(63);
            }
        }
        for (d, a) in deals.account.iter().enumerate() {
            if let Some(&m) = by_account.get(a) {
                present[d] = m;
            }
        }
    }
    let (mut won, mut lost) = (vec![0u64; k], vec![0u64; k]);
    let (mut won_total, mut lost_total) = (0u64, 0u64);
    for (d, &mask) in present.iter().enumerate() {
        if mask == 0 {
            continue;
        }
        let counts = match deals.outcome[d] {
            DealOutcome::Won => {
                won_total += 1;
                &mut won
            }
            DealOutcome::Lost => {
                lost_total += 1;
                &mut lost
            }
            DealOutcome::Open => continue,
        };
        for (p, count) in counts.iter_mut().enumerate() {
            *count += (mask >> p) & 1;
        }
    }
    let share = |v: Vec<u64>, total: u64| -> Vec<f64> {
        v.into_iter().map(|x| if total == 0 { 0.0 } else { x as f64 / total as f64 }).collect()
    };
    (share(won, won_total), share(lost, lost_total))
}

fn typical_titles(
    contacts: &Contacts,
    members: impl Iterator<Item = usize>,
) -> Vec<(String, usize)> {
    let mut counts: HashMap<u32, usize> = HashMap::new();
    for i in members {
        if contacts.title[i] != NONE {
            *counts.entry(contacts.title[i]).or_default() += 1;
        }
    }
    let mut titles: Vec<(u32, usize)> =
        counts.into_iter().filter(|&(_, c)| c >= MIN_TITLE_HOLDERS).collect();
    titles.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    titles.into_iter().take(3).map(|(t, c)| (contacts.titles[t as usize].clone(), c)).collect()
}

/// "finance budget holders" when most members share a role; else "finance directors".
fn suggested_name(
    role: Option<&(String, f64)>,
    seniority: Option<&(String, f64)>,
    department: Option<&(String, f64)>,
) -> String {
    fn most(x: Option<&(String, f64)>) -> Option<&str> {
        x.filter(|(_, share)| *share >= 0.5).map(|(k, _)| k.as_str())
    }
    let department = most(department).and_then(Department::from_key).map(Department::words);
    let who = most(role)
        .and_then(|k| BuyingRole::ALL.into_iter().find(|r| r.key() == k))
        .map(role_plural)
        .or_else(|| most(seniority).and_then(Seniority::from_key).map(seniority_plural))
        .unwrap_or("contacts");
    match department {
        Some(d) => format!("{d} {who}"),
        None => who.to_owned(),
    }
}

fn role_plural(r: BuyingRole) -> &'static str {
    match r {
        BuyingRole::DecisionMaker => "decision makers",
        BuyingRole::BudgetHolder => "budget holders",
        BuyingRole::ExecutiveSponsor => "executive sponsors",
        BuyingRole::Champion => "champions",
        BuyingRole::Influencer => "influencers",
        BuyingRole::Evaluator => "evaluators",
        BuyingRole::TechnicalBuyer => "technical buyers",
        BuyingRole::LegalCompliance => "legal reviewers",
        BuyingRole::EndUser => "end users",
        BuyingRole::Blocker => "blockers",
        BuyingRole::Other => "contacts",
    }
}

fn seniority_plural(s: Seniority) -> &'static str {
    match s {
        Seniority::OwnerCLevel => "executives",
        Seniority::Vp => "VPs",
        Seniority::Head => "heads",
        Seniority::Director => "directors",
        Seniority::Manager => "managers",
        Seniority::SeniorIndividual => "senior specialists",
        Seniority::Individual => "staff",
        Seniority::Intern => "interns",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_what_members_share() {
        let share = |k: &str, s: f64| Some((k.to_owned(), s));
        assert_eq!(
            suggested_name(
                share("budget_holder", 0.9).as_ref(),
                None,
                share("finance_accounting", 0.8).as_ref()
            ),
            "finance budget holders"
        );
        assert_eq!(
            suggested_name(
                share("champion", 0.3).as_ref(),
                share("director", 0.7).as_ref(),
                share("sales", 0.6).as_ref()
            ),
            "sales directors"
        );
        assert_eq!(suggested_name(None, None, None), "contacts");
    }
}
