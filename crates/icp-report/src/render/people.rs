//! The people who decide: the decision chain of won deals (its typical combination and every
//! participant found beyond chance), the personas as cards, and the customer journey of
//! golden accounts against the others (the step they take, the stage where others stall).

use crate::data::*;
use crate::format::{count, fixed, percent};
use crate::html::{Html, clip};
use crate::i18n::{Messages, fill};

use super::NAME_CHARS;
use super::parts::{table, td, td_num};

/// Participants listed, at most.
const PARTICIPANTS: usize = 15;

pub(super) fn people(h: &mut Html, p: &PeopleSection, m: &Messages) {
    if let Some(c) = &p.chain {
        chain(h, c, m);
    }
    if !p.personas.is_empty() {
        personas(h, &p.personas, m);
    }
    if let Some(j) = &p.journey {
        journey(h, j, m);
    }
}

fn chain(h: &mut Html, c: &ChainPart, m: &Messages) {
    h.text_el("h3", &[], m.people_chain_heading);
    h.text_el(
        "p",
        &[("class", "intro")],
        &fill(
            if c.by_account { m.people_chain_intro_accounts } else { m.people_chain_intro },
            &[&count(c.won), &count(c.lost)],
        ),
    );
    if let Some((keys, won, lost)) = &c.typical {
        let names: Vec<String> = keys.iter().map(|k| m.participant(k)).collect();
        h.text_el(
            "p",
            &[("class", "lead")],
            &fill(m.people_typical, &[&names.join(m.people_and), &percent(*won), &percent(*lost)]),
        );
        if c.open_gaps > 0 {
            h.text_el("p", &[], &fill(m.people_open_gaps, &[&count(c.open_gaps)]));
        }
    }
    let (won, lost) = if c.by_account {
        (m.col_won_accounts, m.col_lost_accounts)
    } else {
        (m.col_won_deals, m.col_lost_deals)
    };
    table(
        h,
        &[(m.col_participant, false), (won, true), (lost, true), (m.col_win_lift, true)],
        |h| {
            for r in c.participants.iter().take(PARTICIPANTS) {
                h.el("tr", &[], |h| {
                    td(h, &m.participant(&r.key));
                    td_num(h, &percent(r.won_share));
                    td_num(h, &percent(r.lost_share));
                    td_num(
                        h,
                        &format!(
                            "{} ({}–{})",
                            fixed(r.lift[0], 2),
                            fixed(r.lift[1], 2),
                            fixed(r.lift[2], 2)
                        ),
                    );
                });
            }
        },
    );
}

fn persona_name(p: &PersonaPart, m: &Messages) -> String {
    let details: Vec<&str> = [
        p.seniority.as_deref().map(|k| m.seniority(k)),
        p.department.as_deref().map(|k| m.department(k)),
    ]
    .into_iter()
    .flatten()
    .collect();
    let who = p.role.as_deref().map(|k| m.buying_role(k));
    match (who, details.is_empty()) {
        (Some(who), true) => who.to_owned(),
        (Some(who), false) => format!("{who} ({})", details.join(", ")),
        (None, false) => details.join(", "),
        (None, true) => m.persona_mixed.to_owned(),
    }
}

fn personas(h: &mut Html, personas: &[PersonaPart], m: &Messages) {
    h.text_el("h3", &[], m.people_personas_heading);
    table(
        h,
        &[
            (m.col_persona, false),
            (m.col_contacts, true),
            (m.col_won_deals, true),
            (m.col_lost_deals, true),
            (m.col_titles, false),
        ],
        |h| {
            for p in personas {
                h.el("tr", &[], |h| {
                    td(h, &persona_name(p, m));
                    td_num(h, &count(p.contacts));
                    td_num(h, &percent(p.won_deal_share));
                    td_num(h, &percent(p.lost_deal_share));
                    let titles: Vec<String> =
                        p.titles.iter().take(3).map(|t| clip(t, NAME_CHARS)).collect();
                    td(h, &titles.join(", "));
                });
            }
        },
    );
}

fn journey(h: &mut Html, j: &JourneyPart, m: &Messages) {
    h.text_el("h3", &[], m.people_journey_heading);
    if let Some((step, golden, other)) = &j.golden_step {
        h.text_el(
            "p",
            &[("class", "lead")],
            &fill(
                m.people_golden_step,
                &[&clip(step, NAME_CHARS), &percent(*golden), &percent(*other)],
            ),
        );
    }
    if let Some((from, to, golden, other)) = &j.stall {
        h.text_el(
            "p",
            &[],
            &fill(
                m.people_stall,
                &[
                    &clip(from, NAME_CHARS),
                    &clip(to, NAME_CHARS),
                    &percent(*other),
                    &percent(*golden),
                ],
            ),
        );
    }
    let cell = |x: Option<&(f64, Option<f64>)>| match x {
        Some((share, Some(days))) => {
            format!("{} · {}", percent(*share), fill(m.people_days, &[&fixed(*days, 0)]))
        }
        Some((share, None)) => percent(*share),
        None => "–".to_owned(),
    };
    table(
        h,
        &[(m.col_stage, false), (m.col_golden_reached, true), (m.col_other_reached, true)],
        |h| {
            for (i, stage) in j.stages.iter().enumerate() {
                h.el("tr", &[], |h| {
                    td(h, &clip(stage, NAME_CHARS));
                    td_num(h, &cell(j.golden.get(i)));
                    td_num(h, &cell(j.other.get(i)));
                });
            }
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, JA};

    fn section(m: &Messages) -> String {
        let report = crate::sample_report();
        let mut h = Html::new();
        people(&mut h, report.people.as_ref().expect("the sample has people"), m);
        h.finish()
    }

    #[test]
    fn people_in_english() {
        insta::assert_snapshot!(section(&EN));
    }

    #[test]
    fn people_in_japanese() {
        insta::assert_snapshot!(section(&JA));
    }
}
