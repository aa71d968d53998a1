//! `icp journey`: the customer journey map from the project's `[journey]` events.

use std::fmt::Write as _;

use anyhow::Result;
use icp_engine::Overrides;
use icp_engine::journey::{GroupFunnel, JourneyReport, JourneyRequest, journey};

use crate::cli::JourneyArgs;
use crate::engine::{advise, open};
use crate::output::{self, thousands};

pub fn run(args: &JourneyArgs, quiet: bool) -> Result<()> {
    let session = open(&args.project, Overrides::default())?;
    let report =
        journey(&session, &JourneyRequest { by: args.by.clone(), events: None }).map_err(advise)?;
    crate::page::maybe_write(&args.page, &session, quiet, |page| {
        icp_engine::people_report::add_people(page, None, None, Some(&report))
    })?;
    let e = &report.events;
    if e.unknown_account > 0 {
        output::note(
            quiet,
            &format!(
                "warning: {} of {} events name an account that is not in the accounts table; they are left out",
                e.unknown_account, e.events
            ),
        );
    }
    if e.no_time > 0 {
        output::note(
            quiet,
            &format!(
                "warning: {} events have no readable date or time; they count for steps but not for stages",
                e.no_time
            ),
        );
    }
    if args.json {
        return output::stdout(&format!("{}\n", serde_json::to_string_pretty(&report)?));
    }
    output::stdout(&text(&report))
}

fn funnel(w: &mut String, f: &GroupFunnel) {
    let _ = writeln!(w, "{} ({} accounts)", f.group, thousands(f.accounts as usize));
    for s in &f.stages {
        let conversion = s.conversion.map_or(String::new(), |[c, lo, hi]| {
            format!(
                ", {:.0}% from the stage before ({:.0}-{:.0}%)",
                c * 100.0,
                lo * 100.0,
                hi * 100.0
            )
        });
        let days =
            s.median_days.map_or(String::new(), |d| format!(", median {d:.0} days after it"));
        let _ = writeln!(
            w,
            "  {:<16} {:>7} ({:.0}%){conversion}{days}",
            output::truncate(&s.stage, 16),
            thousands(s.reached as usize),
            s.share * 100.0
        );
    }
}

fn text(r: &JourneyReport) -> String {
    let mut out = String::new();
    let w = &mut out;
    let e = &r.events;
    let _ = writeln!(
        w,
        "{} events of {} accounts; stages: {}{}\n",
        thousands(e.events),
        thousands(e.accounts),
        r.stages.join(" → "),
        if e.unmapped_step > 0 {
            format!(" ({} events are in no stage)", thousands(e.unmapped_step))
        } else {
            String::new()
        }
    );
    funnel(w, &r.overall);
    for f in &r.golden {
        let _ = writeln!(w);
        funnel(w, f);
    }
    if !r.golden.is_empty() {
        let _ = writeln!(w, "\nGolden vs other accounts: {}", r.comparison);
    }
    if let Some(step) = &r.golden_step {
        let _ = writeln!(w, "\nThe step golden accounts take: {}", step.sentence);
    }
    if let Some(stall) = &r.stall {
        let _ = writeln!(w, "Where the others stall: {}", stall.sentence);
    }
    let found: Vec<_> = r.steps.iter().filter(|s| s.found).collect();
    if !found.is_empty() {
        let _ =
            writeln!(w, "\nSteps golden accounts take more often (q after Benjamini-Hochberg):");
        for s in found {
            let _ = writeln!(
                w,
                "  {:<24} {:>4.0}% of golden vs {:>3.0}% of others (q {:.3})",
                output::truncate(&s.step, 24),
                s.golden_share * 100.0,
                s.other_share * 100.0,
                s.q_value
            );
        }
    }
    for f in &r.groups {
        let _ = writeln!(w);
        funnel(w, f);
    }
    out
}
