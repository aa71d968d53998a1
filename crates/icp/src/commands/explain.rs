//! `icp explain`: the full breakdown of one record's score — every attribute's value, bin,
//! points and difference from neutral, the hard criteria, and what is missing.
//!
//! This command prints the record's own values: the user asked for this record by id.

use std::fmt::Write as _;

use anyhow::{Result, anyhow, bail};
use icp_frame::{Column, ColumnData, Frame, Kind, StrColumn, Value};
use icp_io::write::tenths_text;
use icp_profile::{AttributeKind, CriterionKind};
use icp_scorecard::scorer::{MISSING_BIN, Outcome, Scorer};
use serde_json::{Value as Json, json};

use super::score::{self, Reasoner, bin_label, find_column};
use crate::cli::ExplainArgs;
use crate::output;

/// The record found: a one-row frame and its row number in the file.
struct Found {
    frame: Frame,
    row: usize,
}

/// `id` as the key text the id column's cells are compared by (`17850.0` = `17850`).
fn key_of(id: &str) -> String {
    let mut s = StrColumn::new();
    s.push(Some(id));
    let column = Column::new("id", Kind::Text, ColumnData::Str(s));
    icp_project::key_text(&column, 0).unwrap_or_default()
}

fn find(args: &ExplainArgs, scorer: &Scorer, id_column: &str) -> Result<(Found, String)> {
    let options = score::read_options(&args.read, scorer)?;
    let mut reader = score::open_input(&args.input, &options)?;
    let names: Vec<String> = reader.plans().iter().map(|p| p.name.clone()).collect();
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let Some(id_index) = find_column(&name_refs, id_column) else {
        bail!(
            "{}: no column `{id_column}` to look the id up in\nhint: pass --id-column with one of {}",
            args.input.display(),
            names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
        );
    };
    let id_name = names[id_index].clone();
    let resolved = score::resolve_columns(&mut reader, scorer, false)?;
    for i in 0..names.len() {
        let needed =
            resolved.attribute_columns.contains(&i) || resolved.criteria_columns.contains(&i);
        if !needed {
            // Compared as text, and nothing else needs parsing.
            reader.set_kind(i, Kind::Text);
        }
    }
    let wanted = key_of(&args.id);
    let first_row = if args.read.no_header { 1 } else { 2 };
    let mut rows_before = 0;
    for frame in reader {
        let frame = frame?;
        let column =
            frame.column(&id_name).ok_or_else(|| anyhow!("internal error: no id column"))?;
        if let Some(i) = (0..frame.rows())
            .find(|&i| icp_project::key_text(column, i).is_some_and(|k| k == wanted))
        {
            let found = Found { frame: frame.take(&[i]), row: first_row + rows_before + i };
            return Ok((found, id_name));
        }
        rows_before += frame.rows();
    }
    bail!(
        "{}: no record has `{id_name}` = {}\nhint: check the id, or pass --id-column if the ids are in another column",
        args.input.display(),
        args.id
    )
}

/// The record's value as text (`None` when missing).
fn value_text(column: Option<&Column>) -> Option<String> {
    let column = column?;
    Some(match column.get(0) {
        Value::Missing => return None,
        Value::Number(v) => {
            let mut out = Vec::new();
            icp_io::write::push_number(&mut out, v);
            String::from_utf8(out).unwrap_or_default()
        }
        Value::Bool(b) => b.to_string(),
        Value::Date(d) => icp_frame::format_date(d),
        Value::DateTime(s) => icp_frame::format_datetime(s),
        Value::Str(s) => s.to_owned(),
        Value::Tags(t) => t.join(";"),
    })
}

/// The record's value as JSON, typed.
fn value_json(column: Option<&Column>) -> Json {
    let Some(column) = column else { return Json::Null };
    match column.get(0) {
        Value::Missing => Json::Null,
        Value::Number(v) if v.fract() == 0.0 && v.abs() < 1e15 => json!(v as i64),
        Value::Number(v) => json!(v),
        Value::Bool(b) => json!(b),
        Value::Date(d) => json!(icp_frame::format_date(d)),
        Value::DateTime(s) => json!(icp_frame::format_datetime(s)),
        Value::Str(s) => json!(s),
        Value::Tags(t) => json!(t),
    }
}

fn tenths_json(t: i32) -> Json {
    json!(f64::from(t) / 10.0)
}

fn signed(t: i32) -> String {
    if t > 0 { format!("+{}", tenths_text(t)) } else { tenths_text(t) }
}

/// Terminal columns a string occupies: East Asian wide characters take two.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let cp = c as u32;
            let wide = (0x1100..=0x115F).contains(&cp)
                || (0x2E80..=0xA4CF).contains(&cp)
                || (0xAC00..=0xD7A3).contains(&cp)
                || (0xF900..=0xFAFF).contains(&cp)
                || (0xFE30..=0xFE4F).contains(&cp)
                || (0xFF00..=0xFF60).contains(&cp)
                || (0xFFE0..=0xFFE6).contains(&cp);
            if wide { 2 } else { 1 }
        })
        .sum()
}

/// Lays out rows in columns; `right` says which columns align right.
fn table(rows: &[Vec<String>], right: &[bool]) -> String {
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|i| rows.iter().map(|r| display_width(&r[i])).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[i].saturating_sub(display_width(cell)));
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
    let scorer = score::load_scorer(&args.profile)?;
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
    let (found, id_name) = find(args, &scorer, &id_column)?;
    let one = &found.frame;
    let batch = scorer.score(one)?;
    let outcome = batch.outcomes[0];
    let score_tenths = batch.score_tenths[0];
    let reasoner = Reasoner::new(&scorer);
    let mut reasons = Vec::new();
    reasoner.write(&batch, 0, outcome, &mut reasons);
    let reasons = String::from_utf8_lossy(&reasons).into_owned();
    let scoring = &profile.scoring;
    let (outcome_name, tier) = match outcome {
        Outcome::Scored { tier } => ("scored", profile.tiers[usize::from(tier)].name.clone()),
        Outcome::Insufficient => ("insufficient data", scoring.insufficient_tier.clone()),
        Outcome::Disqualified { .. } => ("disqualified", scoring.disqualified_tier.clone()),
    };
    let action = match outcome {
        Outcome::Scored { tier } => profile.tiers[usize::from(tier)].action.clone(),
        _ => None,
    };
    let shown = outcome != Outcome::Insufficient;
    let score = f64::from(score_tenths) / 10.0;
    let probability = shown.then(|| scorer.probability(score));

    struct Line {
        name: String,
        column: String,
        kind: AttributeKind,
        value: Option<String>,
        value_json: Json,
        bin: String,
        points: i32,
        neutral: i32,
    }
    let lines: Vec<Line> = profile
        .attributes
        .iter()
        .enumerate()
        .map(|(a, attribute)| {
            let code = batch.codes[a][0];
            let column = one.column(&attribute.column);
            let mut value = value_text(column);
            if attribute.kind == AttributeKind::Age
                && let (Some(v), Some(Value::Date(d))) = (&value, column.map(|c| c.get(0)))
                && let Some(reference) = attribute.reference_date.as_deref().and_then(day_of)
            {
                value = Some(format!("{v} ({:.1} years)", f64::from(reference - d) / 365.25));
            }
            Line {
                name: attribute.name.clone(),
                column: attribute.column.clone(),
                kind: attribute.kind,
                value,
                value_json: value_json(column),
                bin: bin_label(profile, a, code),
                points: reasoner.points(a, code),
                neutral: scorer.neutral_tenths(a),
            }
        })
        .collect();
    let missing: Vec<&str> = profile
        .attributes
        .iter()
        .enumerate()
        .filter(|(a, _)| batch.codes[*a][0] == MISSING_BIN)
        .map(|(_, attribute)| attribute.name.as_str())
        .collect();

    struct CriterionLine {
        kind: CriterionKind,
        rule: String,
        reason: Option<String>,
        enabled: bool,
        /// Passed, failed, or could not be checked (with why).
        passed: Result<bool, String>,
    }
    let criteria: Vec<CriterionLine> = profile
        .criteria
        .iter()
        .map(|c| {
            let passed = icp_rules::Expr::parse(&c.rule)
                .and_then(|e| e.eval_mask(one))
                .map(|mask| mask[0] == (c.kind == CriterionKind::Require))
                .map_err(|e| e.render(&c.rule));
            CriterionLine {
                kind: c.kind,
                rule: c.rule.clone(),
                reason: c.reason.clone(),
                enabled: c.enabled,
                passed,
            }
        })
        .collect();
    let kind_word = |k: CriterionKind| match k {
        CriterionKind::Require => "require",
        CriterionKind::Disqualify => "disqualify",
    };

    if args.json {
        let value = json!({
            "id": args.id,
            "id_column": id_name,
            "file": args.input.display().to_string(),
            "row": found.row,
            "outcome": outcome_name,
            "score": shown.then(|| tenths_json(score_tenths)),
            "tier": tier,
            "action": action,
            "probability": probability,
            "attributes": lines.iter().map(|l| json!({
                "name": l.name,
                "column": l.column,
                "kind": format!("{:?}", l.kind).to_lowercase(),
                "value": l.value_json,
                "bin": l.bin,
                "points": tenths_json(l.points),
                "neutral_points": tenths_json(l.neutral),
                "difference": tenths_json(l.points - l.neutral),
            })).collect::<Vec<_>>(),
            "criteria": criteria.iter().map(|c| {
                let mut entry = json!({
                    "kind": kind_word(c.kind),
                    "rule": c.rule,
                    "reason": c.reason,
                    "enabled": c.enabled,
                    "passed": c.passed.as_ref().ok(),
                });
                if let Err(e) = &c.passed {
                    entry["error"] = json!(e);
                }
                entry
            }).collect::<Vec<_>>(),
            "missing": missing,
            "reasons": reasons,
        });
        return output::stdout(&format!("{}\n", serde_json::to_string_pretty(&value)?));
    }

    let mut out = String::new();
    let _ =
        writeln!(out, "{id_name} = {} (row {} of {})", args.id, found.row, args.input.display());
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
                "score: {} · tier: {tier} · probability of being golden: {:.1}%",
                tenths_text(score_tenths),
                probability.unwrap_or(0.0) * 100.0
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
    for l in &lines {
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
        for c in &criteria {
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
            rows.push(vec![format!("  {}", kind_word(c.kind)), rule, verdict]);
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

/// Days since 1970-01-01 of `YYYY-MM-DD`.
fn day_of(s: &str) -> Option<i32> {
    let mut p = s.splitn(3, '-');
    let (y, m, d) = (p.next()?.parse().ok()?, p.next()?.parse().ok()?, p.next()?.parse().ok()?);
    Some(icp_frame::days_from_civil(y, m, d))
}
