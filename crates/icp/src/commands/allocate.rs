//! `icp allocate`: put customer success where the most value is at risk (the engine's
//! `allocate`), one CSV row per customer, and with `--prove` the held-out comparison.

use std::fmt::Write as _;

use anyhow::Result;
use icp_engine::Overrides;
use icp_engine::allocate::{AllocateRequest, Allocation, allocate, scorer_or_learned};

use crate::cli::AllocateArgs;
use crate::engine::{advise, open};
use crate::output::{self, thousands};

pub fn run(args: &AllocateArgs, quiet: bool) -> Result<()> {
    let given = if args.profile.exists() {
        Some(icp_engine::scoring::load_scorer(&args.profile).map_err(advise)?)
    } else {
        None
    };
    // Only the columns the allocation reads: with a profile, a few of many.
    let reading = icp_engine::allocate::reading(given.as_ref(), args.prove);
    let session = open(&args.project, Overrides { reading, ..Overrides::default() })?;
    if given.is_none() {
        output::note(quiet, &format!("note: no {}; learning a profile", args.profile.display()));
    }
    let (scorer, _) = scorer_or_learned(&session, given, args.max_attributes).map_err(advise)?;
    let request = AllocateRequest { prove: args.prove, max_attributes: args.max_attributes };
    let a = allocate(&session, &scorer, &request).map_err(advise)?;
    crate::page::maybe_write(&args.page, &session, quiet, |report| {
        let d = &session.dataset;
        icp_engine::report::add_allocation(report, &a, &d.labels(d.name_column()));
    })?;
    if let Some(path) = &args.output {
        let mut inputs = session.inputs();
        inputs.push(args.profile.clone());
        let target = crate::files::Output::create_data(path, &inputs)?;
        {
            let mut sink = target.sink();
            a.write_session_csv(&session, &mut *sink).map_err(advise)?;
            sink.flush()?;
        }
        target.commit()?;
        if path.as_os_str() != "-" {
            output::note(quiet, &format!("wrote {}", path.display()));
        }
    }
    if args.json {
        output::stdout(&format!("{}\n", serde_json::to_string_pretty(&a)?))?;
    } else if args.output.as_deref() != Some(std::path::Path::new("-")) {
        output::stdout(&text(&a))?;
    }
    Ok(())
}

fn money(x: f64) -> String {
    icp_engine::format::number(x.round())
}

fn text(a: &Allocation) -> String {
    let mut out = String::new();
    let w = &mut out;
    let [high, low, tech] = a.counts;
    let _ = writeln!(
        w,
        "value: {}; value at risk = value × (1 − probability of staying golden)",
        a.value
    );
    let _ = writeln!(
        w,
        "high-touch {} ({} seats × {}), low-touch {}, tech-touch {}",
        thousands(high as usize),
        a.seats[0],
        a.seats[1],
        thousands(low as usize),
        thousands(tech as usize)
    );
    let share = if a.value_at_risk > 0.0 { a.covered / a.value_at_risk } else { 0.0 };
    let _ = writeln!(
        w,
        "the seats carry {} of {} value at risk ({:.1}%)",
        money(a.covered),
        money(a.value_at_risk),
        share * 100.0
    );
    if let Some(p) = &a.proof {
        let _ = writeln!(w);
        let _ = writeln!(
            w,
            "held out: {} customers, {} seats' accounts at the same share; value of those who left {}",
            thousands(p.held_out as usize),
            thousands(p.seats_accounts as usize),
            money(p.value_lost)
        );
        for m in &p.methods {
            let _ = writeln!(
                w,
                "  by {}: covered {} (95% {}–{}), {} of them left",
                m.method,
                money(m.value_at_risk),
                money(m.interval[0]),
                money(m.interval[1]),
                thousands(m.left as usize)
            );
        }
    }
    out
}
