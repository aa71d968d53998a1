//! `icp chain`: the decision chain of won deals, and the open deals that lack it.

use std::fmt::Write as _;

use anyhow::Result;
use icp_engine::Overrides;
use icp_engine::chain::{ChainReport, chain, open_deals_csv};

use crate::cli::ChainArgs;
use crate::engine::{advise, open};
use crate::output::{self, thousands};

/// Open deals listed on the terminal (the file has them all).
const SHOWN_GAPS: usize = 10;

pub fn run(args: &ChainArgs, quiet: bool) -> Result<()> {
    let session = open(&args.project, Overrides::default())?;
    let report = chain(&session).map_err(advise)?;
    crate::page::maybe_write(&args.page, &session, quiet, |page| {
        icp_engine::people_report::add_people(page, Some(&report), None, None)
    })?;
    for warning in &report.warnings {
        output::note(quiet, &format!("warning: {warning}"));
    }
    if let Some(path) = &args.output {
        let csv = open_deals_csv(&session, &report);
        crate::files::write_data(path, csv.as_bytes(), &session.inputs())?;
        output::note(
            quiet,
            &format!(
                "wrote {} open deals lacking part of the chain to {}",
                report.chain.open_gaps.len(),
                path.display()
            ),
        );
    }
    if args.json {
        return output::stdout(&format!("{}\n", serde_json::to_string_pretty(&report)?));
    }
    let names = session.dataset.labels(session.dataset.name_column());
    output::stdout(&text(&report, &names))
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn text(r: &ChainReport, names: &[String]) -> String {
    let mut out = String::new();
    let w = &mut out;
    let c = &r.contacts;
    let chain = &r.chain;
    let _ = writeln!(
        w,
        "{} contacts in {}, tied to deals by {}; seniority {} given, {} from titles, {} unknown; department {} given, {} from titles, {} unknown",
        thousands(c.contacts),
        r.file,
        chain.linked_by,
        thousands(c.seniority_given),
        thousands(c.seniority_from_title),
        thousands(c.seniority_unknown),
        thousands(c.department_given),
        thousands(c.department_from_title),
        thousands(c.department_unknown),
    );
    let d = &chain.deals;
    let unit = chain.unit;
    let _ = writeln!(
        w,
        "{} won and {} lost {unit}s with known contacts (win rate {}), {} open deals; {} closed {unit}s have no known contact and are left out",
        thousands(d.won as usize),
        thousands(d.lost as usize),
        pct(chain.base_win_rate),
        thousands(d.open as usize),
        thousands(d.closed_without_contacts as usize),
    );
    let _ = writeln!(w, "Observations: {}", chain.inference);
    let _ = writeln!(w, "Timing: {}\n", chain.timing);
    let _ = writeln!(
        w,
        "Who takes part (share of won vs lost {unit}s; lift of the win rate with 95% interval; q after Benjamini-Hochberg)"
    );
    let _ =
        writeln!(w, "  {:<50} {:>6} {:>6} {:>18} {:>8}", "participant", "won", "lost", "lift", "q");
    for p in &chain.participation {
        let mark = match p.found {
            Some(icp_engine::chain::Direction::Won) => "+",
            Some(icp_engine::chain::Direction::Lost) => "-",
            None => " ",
        };
        let q = if p.q_value < 0.001 { "<0.001".to_owned() } else { format!("{:.3}", p.q_value) };
        let _ = writeln!(
            w,
            "{mark} {} {:>6} {:>6} {:>18} {q:>8}",
            output::pad(&output::truncate(&p.label, 50), 50),
            pct(p.won_share[0]),
            pct(p.lost_share[0]),
            format!("{:.2} ({:.2}-{:.2})", p.lift[0], p.lift[1], p.lift[2]),
        );
    }
    let _ = writeln!(w, "  (+ more common in won {unit}s, - in lost {unit}s)\n");
    let _ = writeln!(w, "People engaged and win rate");
    for b in &chain.engaged {
        let _ = writeln!(
            w,
            "  {:>3} {}: {:>7} closed {unit}s, win rate {} ({}-{})",
            b.people,
            if b.people == "1" { "person" } else { "people" },
            thousands(b.deals as usize),
            pct(b.win_rate[0]),
            pct(b.win_rate[1]),
            pct(b.win_rate[2])
        );
    }
    match &chain.typical {
        Some(t) => {
            let _ = writeln!(w, "\nTypical chain of won {unit}s: {}", t.sentence);
            let _ = writeln!(
                w,
                "\n{} open deals lack part of it{}",
                thousands(chain.open_gaps.len()),
                if chain.open_gaps.len() > SHOWN_GAPS {
                    format!(" (the first {SHOWN_GAPS}; --output FILE writes them all)")
                } else {
                    String::new()
                }
            );
            for g in chain.open_gaps.iter().take(SHOWN_GAPS) {
                let account = g.account_row.and_then(|a| names.get(a)).map_or("-", |s| s.as_str());
                let _ = writeln!(
                    w,
                    "  {} ({}), {} {}: {}",
                    output::truncate(&g.deal, 24),
                    output::truncate(account, 40),
                    g.people,
                    if g.people == 1 { "person" } else { "people" },
                    g.action
                );
            }
        }
        None => {
            let _ = writeln!(
                w,
                "\nNo participant is more common in won deals than chance explains: no typical chain to recommend."
            );
        }
    }
    out
}
