//! The report's people section from the chain, personas and journey jobs.

use icp_report::{ChainPart, ChainRow, JourneyPart, PeopleSection, PersonaPart, Report};

use crate::chain::ChainReport;
use crate::journey::JourneyReport;
use crate::personas::Personas;

/// Shares below this make a persona's role, seniority or department too mixed to name it by.
const NAMED_SHARE: f64 = 0.5;

/// Fills the people section with whatever of the three analyses was run.
pub fn add_people(
    report: &mut Report,
    chain: Option<&ChainReport>,
    personas: Option<&Personas>,
    journey: Option<&JourneyReport>,
) {
    let section = report.people.get_or_insert_with(PeopleSection::default);
    if let Some(c) = chain {
        let c = &c.chain;
        section.chain = Some(ChainPart {
            won: c.deals.won,
            lost: c.deals.lost,
            participants: c
                .participation
                .iter()
                .filter(|p| p.found.is_some())
                .map(|p| ChainRow {
                    key: p.key.clone(),
                    won_share: p.won_share[0],
                    lost_share: p.lost_share[0],
                    lift: p.lift,
                    q: p.q_value,
                })
                .collect(),
            typical: c.typical.as_ref().map(|t| (t.keys.clone(), t.won_share, t.lost_share)),
            open_gaps: c.open_gaps.len() as u64,
            by_account: c.unit == "account",
        });
    }
    if let Some(p) = personas {
        let named = |x: &Option<(String, f64)>| {
            x.as_ref().filter(|(_, share)| *share >= NAMED_SHARE).map(|(k, _)| k.clone())
        };
        section.personas = p
            .cards
            .iter()
            .map(|c| PersonaPart {
                role: named(&c.role),
                seniority: named(&c.seniority),
                department: named(&c.department),
                contacts: c.contacts as u64,
                won_deal_share: c.won_deal_share,
                lost_deal_share: c.lost_deal_share,
                titles: c.typical_titles.iter().map(|(t, _)| t.clone()).collect(),
            })
            .collect();
    }
    if let Some(j) = journey
        && let [golden, other] = j.golden.as_slice()
    {
        let stages = |f: &crate::journey::GroupFunnel| {
            f.stages.iter().map(|s| (s.share, s.median_days)).collect()
        };
        section.journey = Some(JourneyPart {
            stages: j.stages.clone(),
            golden: stages(golden),
            other: stages(other),
            golden_step: j
                .golden_step
                .as_ref()
                .map(|s| (s.step.clone(), s.golden_share, s.other_share)),
            stall: j
                .stall
                .as_ref()
                .map(|s| (s.from.clone(), s.to.clone(), s.golden_conversion, s.other_conversion)),
        });
    }
}
