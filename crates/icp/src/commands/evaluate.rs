//! `icp evaluate`: prove what the profile adds, on accounts the model did not learn from,
//! beside simple baselines (the engine's `evaluate` job does the work).

use std::fmt::Write as _;

use anyhow::Result;
use icp_engine::evaluate::{EvaluateRequest, Evaluation, Figures, evaluate};
use icp_engine::{Override, Overrides};

use crate::cli::EvaluateArgs;
use crate::engine::{advise, open, progress};
use crate::output::{self, thousands};

pub fn run(args: &EvaluateArgs, quiet: bool) -> Result<()> {
    if args.warehouse.from.is_some() || !args.warehouse.from_aggregates.is_empty() {
        return crate::commands::pushdown::evaluate(args, quiet);
    }
    let overrides = Overrides {
        golden: args.golden.as_ref().map(|g| Override::new(g, "--golden")),
        population: args.population.as_ref().map(|p| Override::new(p, "--population")),
        ..Overrides::default()
    };
    let session = open(&args.project, overrides)?;
    let request = EvaluateRequest {
        folds: args.folds,
        time_column: args.time_column.clone(),
        max_attributes: args.max_attributes,
        keep_leaks: args.keep_leaks,
    };
    let e = evaluate(&session, &request, &progress(quiet)).map_err(advise)?;
    crate::page::maybe_write(&args.page, &session, quiet, |report| {
        icp_engine::report::add_proof(report, &e)
    })?;
    if args.json {
        output::stdout(&format!("{}\n", serde_json::to_string_pretty(&e)?))?;
    } else {
        print(&e)?;
    }
    output::note(quiet, "every figure is measured on accounts the model did not learn from");
    Ok(())
}

/// The evaluation as text on stdout.
pub fn print(e: &Evaluation) -> Result<()> {
    output::stdout(&report_text(
        &e.design.to_string(),
        e.rows,
        e.golden,
        e.no_signal_folds,
        e.folds,
        &e.figures,
    ))?;
    if let Some(c) = &e.calibration {
        output::stdout(&calibration_text(c))?;
    }
    for w in &e.warnings {
        output::stdout(&format!("\nwarning: {w}\n"))?;
    }
    Ok(())
}

fn report_text(
    design: &str,
    rows: usize,
    golden: usize,
    no_signal: usize,
    folds: usize,
    figures: &[Figures],
) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "{design}");
    let _ = writeln!(
        w,
        "AUC is the mean over test folds; the interval is DeLong's, on all out-of-fold scores together"
    );
    let _ = writeln!(
        w,
        "{} accounts tested, {} golden ({:.1}%)",
        thousands(rows),
        thousands(golden),
        golden as f64 * 100.0 / rows.max(1) as f64
    );
    if no_signal > 0 {
        let _ = writeln!(
            w,
            "{no_signal} of {folds} training folds found no reliable signal (no profile in those folds)"
        );
    }
    let _ = writeln!(w);
    let _ = writeln!(
        w,
        "{:<34} {:>22} {:>6} {:>16} {:>16} {:>7}",
        "method", "AUC (95% interval)", "KS", "top 10%: lift/cap", "top 20%: lift/cap", "Brier"
    );
    for f in figures {
        let _ = writeln!(
            w,
            "{:<34} {:>22} {:>6.3} {:>16} {:>16} {:>7}",
            f.name.to_string(),
            format!("{:.3} ({:.3}–{:.3})", f.auc, f.auc_low, f.auc_high),
            f.ks,
            format!("{:.2}× / {:.0}%", f.lift_top10, f.capture_top10 * 100.0),
            format!("{:.2}× / {:.0}%", f.lift_top20, f.capture_top20 * 100.0),
            f.brier.map_or("-".into(), |b| format!("{b:.3}")),
        );
    }
    if let Some(profile) = figures.first().filter(|f| f.tiers.is_some()) {
        let _ = writeln!(w);
        let _ = writeln!(w, "gains by decile (ICP profile):");
        let _ = writeln!(
            w,
            "  {:>6} {:>8} {:>8} {:>7} {:>7} {:>9}",
            "decile", "rows", "golden", "rate", "lift", "captured"
        );
        for (k, g) in profile.gains.iter().enumerate() {
            let _ = writeln!(
                w,
                "  {:>6} {:>8} {:>8} {:>6.1}% {:>6.2}× {:>8.1}%",
                k + 1,
                thousands(g.rows as usize),
                thousands(g.golden as usize),
                g.rate * 100.0,
                g.lift,
                g.capture * 100.0
            );
        }
        let _ = writeln!(w);
        let _ = writeln!(w, "conversion per tier (ICP profile):");
        for t in profile.tiers.as_ref().expect("checked") {
            let _ = writeln!(
                w,
                "  {} {:>8} accounts  {:>7} golden  {:>6.1}%",
                output::pad(&t.tier, 18),
                thousands(t.rows as usize),
                thousands(t.golden as usize),
                t.rate * 100.0
            );
        }
    }
    out
}

/// The reliability table of the calibrated probability.
fn calibration_text(c: &icp_scorecard::calibration::Reliability) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w);
    let _ = writeln!(
        w,
        "probability of being golden (Platt scaling fitted on the other folds): Brier {:.3}, expected calibration error {:.3}, base rate {:.1}%",
        c.brier,
        c.ece,
        c.base_rate * 100.0
    );
    let _ = writeln!(w, "  {:>8} {:>10} {:>9}", "rows", "predicted", "observed");
    for b in &c.bins {
        let _ = writeln!(
            w,
            "  {:>8} {:>9.1}% {:>8.1}%",
            thousands(b.rows as usize),
            b.predicted * 100.0,
            b.observed * 100.0
        );
    }
    out
}
