//! `icp diff OLD NEW`: what changed between two profiles (the engine's `diff` compares;
//! this prints).

use std::fmt::Write as _;

use anyhow::Result;
use icp_engine::diff::{ProfileDiff, diff};
use icp_engine::format::number;

use crate::cli::DiffArgs;
use crate::output;

pub fn run(args: &DiffArgs) -> Result<()> {
    let old = crate::engine::load_profile(&args.old, None)?;
    let new = crate::engine::load_profile(&args.new, None)?;
    let d = diff(&old, &new);
    if args.json {
        output::stdout(&format!("{}\n", serde_json::to_string_pretty(&d)?))?;
    } else {
        output::stdout(&render(
            &d,
            &args.old.display().to_string(),
            &args.new.display().to_string(),
        ))?;
    }
    Ok(())
}

/// The differences as text.
pub fn render(d: &ProfileDiff, old: &str, new: &str) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "{old} → {new}");
    if d.is_empty() {
        let _ = writeln!(w, "  no differences in attributes, bins, points, criteria or tiers");
    }
    if let Some((o, n)) = &d.golden_rule {
        let _ = writeln!(w, "  golden rule: {o} → {n}");
    }
    let list =
        |names: &[String]| names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    if !d.attributes_in.is_empty() {
        let _ = writeln!(w, "  attributes in: {}", list(&d.attributes_in));
    }
    if !d.attributes_out.is_empty() {
        let _ = writeln!(w, "  attributes out: {}", list(&d.attributes_out));
    }
    for a in &d.attributes {
        let _ = writeln!(w, "  `{}`", a.name);
        if let Some((o, n)) = &a.source {
            let _ = writeln!(w, "    reads {o} → {n}");
        }
        for s in &a.split {
            let _ = writeln!(w, "    split: {s}");
        }
        for m in &a.merged {
            let _ = writeln!(w, "    merged: {m}");
        }
        for p in &a.points {
            let _ = writeln!(w, "    points of {}: {} → {}", p.what, number(p.old), number(p.new));
        }
        if let Some((o, n)) = a.missing_points {
            let _ = writeln!(w, "    points of a missing value: {} → {}", number(o), number(n));
        }
    }
    for c in &d.criteria_in {
        let _ = writeln!(w, "  criterion in: {c}");
    }
    for c in &d.criteria_out {
        let _ = writeln!(w, "  criterion out: {c}");
    }
    for (c, on) in &d.criteria_switched {
        let _ = writeln!(w, "  criterion switched {}: {c}", if *on { "on" } else { "off" });
    }
    for t in &d.tiers {
        let at = |x: Option<f64>| x.map_or("none".to_owned(), number);
        let _ = writeln!(w, "  tier {} from score {} → {}", t.tier, at(t.old), at(t.new));
    }
    if let (Some(o), Some(n)) = d.auc {
        let _ = writeln!(w, "  cross-validated AUC: {o:.3} → {n:.3}");
    }
    out
}
