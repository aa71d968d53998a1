//! `icp explain`: the full breakdown of one record's score — every attribute's value, bin,
//! points and difference from neutral, the hard criteria, and what is missing.
//!
//! This command prints the record's own values: the user asked for this record by id.

use std::fmt::Write as _;

use anyhow::{Result, anyhow};
use icp_engine::explain::{criterion_word, explain};
use icp_engine::scoring::load_scorer;
use icp_io::write::tenths_text;
use icp_scorecard::scorer::Outcome;

use crate::cli::ExplainArgs;
use crate::engine::advise;
use crate::output;

fn signed(t: i32) -> String {
    if t > 0 { format!("+{}", tenths_text(t)) } else { tenths_text(t) }
}

/// Lays out rows in columns; `right` says which columns align right.
fn table(rows: &[Vec<String>], right: &[bool]) -> String {
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|i| rows.iter().map(|r| output::width(&r[i])).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[i].saturating_sub(output::width(cell)));
            if right.get(i).copied().unwrap_or(false) {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&pad);
            }
            if i + 1 < row.len() {
                line.push_str("  ");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

pub fn run(args: &ExplainArgs, _quiet: bool) -> Result<()> {
    let scorer = load_scorer(&args.profile).map_err(advise)?;
    let profile = scorer.profile();
    let id_column = args
        .id_column
        .clone()
        .or_else(|| profile.provenance.id_column.clone())
        .ok_or_else(|| {
            anyhow!(
                "which column holds the id? {} names no id column\nhint: pass --id-column COLUMN",
                args.profile.display()
            )
        })?;
    let x = explain(
        &args.input,
        &scorer,
        &crate::commands::score::read_settings(&args.read),
        &id_column,
        &args.id,
    )
    .map_err(advise)?;
    let scoring = &profile.scoring;
    let outcome = x.outcome;
    let (tier, action, probability, score_tenths) =
        (&x.tier, &x.action, x.probability, x.score_tenths);
    let shown = outcome != Outcome::Insufficient;
    let lines = &x.attributes;
    let criteria = &x.criteria;
    let missing = &x.missing;
    let reasons = &x.reasons;
    let (id_name, found_row) = (&x.id_column, x.row);

    if args.json {
        let value = x.view(&args.id, &args.input);
        return output::stdout(&format!("{}\n", serde_json::to_string_pretty(&value)?));
    }

    let mut out = String::new();
    let _ =
        writeln!(out, "{id_name} = {} (row {} of {})", args.id, found_row, args.input.display());
    match outcome {
        Outcome::Insufficient => {
            let _ = writeln!(
                out,
                "score: none — {} (the missing attributes carry too much of the points)",
                scoring.insufficient_tier
            );
        }
        _ => {
            let _ = writeln!(
                out,
                "score: {} · tier: {tier} · probability of being golden: {:.1}%{}",
                tenths_text(score_tenths),
                probability.unwrap_or(0.0) * 100.0,
                probability_context(x.base_rate, x.calibration)
            );
        }
    }
    if let Some(action) = &action {
        let _ = writeln!(out, "action: {action}");
    }
    let _ = writeln!(out);
    let mut rows = vec![
        ["attribute", "value", "bin", "points", "neutral", "difference"]
            .map(str::to_owned)
            .to_vec(),
    ];
    for l in lines {
        rows.push(vec![
            l.name.clone(),
            l.value.clone().unwrap_or_else(|| "(missing)".into()),
            l.bin.clone(),
            tenths_text(l.points),
            tenths_text(l.neutral),
            signed(l.points - l.neutral),
        ]);
    }
    rows.push(vec![
        if shown { "total".into() } else { "total (not a score)".into() },
        String::new(),
        String::new(),
        tenths_text(score_tenths),
        tenths_text(lines.iter().map(|l| l.neutral).sum()),
        signed(lines.iter().map(|l| l.points - l.neutral).sum()),
    ]);
    out.push_str(&table(&rows, &[false, false, false, true, true, true]));
    let _ = writeln!(out);
    if criteria.is_empty() {
        let _ = writeln!(out, "hard criteria: none");
    } else {
        let _ = writeln!(out, "hard criteria:");
        let mut rows = Vec::new();
        for c in criteria {
            let verdict = match (&c.passed, c.enabled) {
                (_, false) => "off".to_owned(),
                (Ok(true), true) => "passed".to_owned(),
                (Ok(false), true) => "failed".to_owned(),
                (Err(e), true) => format!("cannot be checked: {}", e.lines().next().unwrap_or("")),
            };
            let mut rule = c.rule.clone();
            if let Some(reason) = &c.reason {
                rule = format!("{rule} ({reason})");
            }
            rows.push(vec![format!("  {}", criterion_word(c.kind)), rule, verdict]);
        }
        out.push_str(&table(&rows, &[]));
    }
    let _ = writeln!(
        out,
        "missing: {}",
        if missing.is_empty() { "nothing".to_owned() } else { missing.join(", ") }
    );
    let _ = writeln!(out, "reasons: {reasons}");
    output::stdout(&out)
}

/// What the probability is read against: the base rate, and how it was calibrated.
fn probability_context(
    base_rate: Option<f64>,
    calibration: Option<icp_profile::Calibration>,
) -> String {
    let how = match calibration {
        Some(icp_profile::Calibration::OutOfFold) => {
            "calibrated on accounts the cross-validated profiles did not learn from"
        }
        _ => "fitted on the accounts the profile learned from",
    };
    match base_rate {
        Some(rate) => format!(" (base rate {:.1}%; {how})", rate * 100.0),
        None => format!(" ({how})"),
    }
}
