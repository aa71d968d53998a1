//! `icp personas`: groups of contacts alike in buying role, seniority, department and their
//! company's tier, each a card.

use std::fmt::Write as _;

use anyhow::Result;
use icp_engine::Overrides;
use icp_engine::personas::{PersonaOptions, PersonasReport, account_tiers, personas};

use crate::cli::PersonasArgs;
use crate::engine::{advise, open};
use crate::output::{self, thousands};

pub fn run(args: &PersonasArgs, quiet: bool) -> Result<()> {
    let session = open(&args.project, Overrides::default())?;
    let options = PersonaOptions { k: args.k, ..PersonaOptions::default() };
    let tiers = account_tiers(&session, Some(&args.profile)).map_err(advise)?;
    let (report, contacts) = personas(&session, &tiers, &options).map_err(advise)?;
    crate::page::maybe_write(&args.page, &session, quiet, |page| {
        icp_engine::people_report::add_people(page, None, Some(&report.personas), None)
    })?;
    for warning in &report.warnings {
        output::note(quiet, &format!("warning: {warning}"));
    }
    if let Some(path) = &args.output {
        let first_row = session
            .dataset
            .contacts
            .as_ref()
            .map_or(2, |t| if t.source.has_header { 2 } else { 1 });
        let mut csv = String::from("contact_row,persona,persona_name\n");
        let cards = &report.personas.cards;
        for (i, &label) in report.personas.labels.iter().enumerate() {
            if let Some(card) = cards.get(label as usize) {
                let _ = writeln!(csv, "{},{},{}", i + first_row, card.number, card.name);
            }
        }
        crate::files::write_data(path, csv.as_bytes(), &session.inputs())?;
        output::note(
            quiet,
            &format!("wrote the persona of {} contacts to {}", contacts.len(), path.display()),
        );
    }
    if args.json {
        return output::stdout(&format!("{}\n", serde_json::to_string_pretty(&report)?));
    }
    output::stdout(&text(&report))
}

fn part(x: &Option<(String, f64)>) -> String {
    x.as_ref().map_or("-".into(), |(k, s)| format!("{k} {:.0}%", s * 100.0))
}

fn text(r: &PersonasReport) -> String {
    let p = &r.personas;
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "{} personas among {} of {} contacts in {} ({}); company tier: {}\n",
        p.k,
        thousands(p.contacts),
        thousands(r.contacts_read),
        r.file,
        if p.chosen_by_silhouette {
            "how many chosen by the silhouette"
        } else {
            "as many as asked"
        },
        p.tiers_from
    );
    for c in &p.cards {
        let _ = writeln!(
            w,
            "{}. {}: {} contacts ({:.0}%), in {:.0}% of won deals and {:.0}% of lost",
            c.number,
            c.name,
            thousands(c.contacts),
            c.share * 100.0,
            c.won_deal_share * 100.0,
            c.lost_deal_share * 100.0
        );
        let _ = writeln!(
            w,
            "   role {}; seniority {}; department {}; company tier {}",
            part(&c.role),
            part(&c.seniority),
            part(&c.department),
            part(&c.tier)
        );
        if !c.typical_titles.is_empty() {
            let titles: Vec<String> = c
                .typical_titles
                .iter()
                .map(|(t, n)| format!("{} ({})", output::truncate(t, 40), thousands(*n)))
                .collect();
            let _ = writeln!(w, "   typical titles: {}", titles.join(", "));
        }
    }
    out
}
