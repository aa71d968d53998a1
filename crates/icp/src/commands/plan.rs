//! `icp plan`: with this month's calls, whom to work — and the proof, on records held out from
//! learning, beside working by score alone and by "bigger is better" (the engine's `plan`).

use std::fmt::Write as _;

use anyhow::Result;
use icp_engine::Overrides;
use icp_engine::plan::{Plan, PlanRequest, plan};

use crate::cli::PlanArgs;
use crate::engine::{advise, open};
use crate::output::{self, thousands};

pub fn run(args: &PlanArgs, quiet: bool) -> Result<()> {
    let session = open(&args.project, Overrides::default())?;
    let request = PlanRequest {
        calls: args.calls,
        bigger: args.bigger.clone(),
        max_attributes: args.max_attributes,
    };
    // Checked before the work: the list never replaces one of the project's tables.
    let target = match &args.output {
        Some(path) => Some((path, crate::files::Output::create_data(path, &session.inputs())?)),
        None => None,
    };
    let p = plan(&session, &request).map_err(advise)?;
    let to_stdout = args.output.as_deref() == Some(std::path::Path::new("-"));
    if let Some((path, target)) = target {
        {
            let mut sink = target.sink();
            p.write_leads_csv(&session, &mut *sink).map_err(advise)?;
            sink.flush()?;
        }
        target.commit()?;
        if !to_stdout {
            output::note(
                quiet,
                &format!(
                    "wrote {}: {} leads; expected {:.1} golden customers, expected value {}",
                    path.display(),
                    thousands(p.leads.len()),
                    p.leads_expected_golden,
                    money(p.leads_expected_value)
                ),
            );
        }
    }
    if args.json {
        output::stdout(&format!("{}\n", serde_json::to_string_pretty(&p)?))?;
    } else if !to_stdout {
        output::stdout(&text(&p))?;
    }
    output::note(quiet, "every figure is measured on records the plan did not learn from");
    Ok(())
}

fn money(x: f64) -> String {
    icp_engine::format::number(x.round())
}

fn text(p: &Plan) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "{} calls on {} held-out records ({} golden); value: {}; cost per call {}",
        thousands(p.calls as usize),
        thousands(p.held_out as usize),
        thousands(p.held_out_golden as usize),
        p.value,
        money(p.cost_per_call)
    );
    let _ = writeln!(w);
    let _ = writeln!(
        w,
        "{} {:>22} {:>30} {:>14}",
        output::pad("work by", 34),
        "golden found (95%)",
        "value found (95%)",
        "value − cost"
    );
    for m in &p.methods {
        let _ = writeln!(
            w,
            "{} {:>22} {:>30} {:>14}",
            output::pad(&m.method, 34),
            format!(
                "{} ({}–{})",
                thousands(m.golden as usize),
                m.golden_interval[0].round(),
                m.golden_interval[1].round()
            ),
            format!(
                "{} ({}–{})",
                money(m.value),
                money(m.value_interval[0]),
                money(m.value_interval[1])
            ),
            money(m.net)
        );
    }
    let _ = writeln!(w);
    let _ = writeln!(
        w,
        "by expected value the calibrated probabilities expected {:.0} golden among the records chosen",
        p.expected_golden
    );
    let parts: Vec<String> = p
        .tiers
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(t, n)| format!("{t} {}", thousands(*n as usize)))
        .collect();
    let _ = writeln!(w, "the calls go to tiers: {}", parts.join(", "));
    out
}
