//! `icp discover`: golden customers, the evidence for every attribute, the key attributes,
//! and the profile (profile.toml).

use std::fmt::Write as _;

use anyhow::{Context, Result};
use icp_frame::Value;
use icp_project::Dataset;
use icp_rules::Expr;
use icp_scorecard::discover::{DiscoverSettings, Discovery, discover};
use icp_scorecard::profile_builder::{ProfileMeta, build_profile};
use serde_json::{Value as Json, json};

use crate::analysis;
use crate::cli::DiscoverArgs;
use crate::output::{self, thousands};

/// What discovery found, before anything is written or printed.
pub struct Discovered {
    pub analysis: analysis::Analysis,
    pub discovery: Discovery,
    pub profile: Option<icp_profile::Profile>,
    pub top: Vec<TopGolden>,
    pub settings: DiscoverSettings,
}

/// Runs discovery as the flags say.
pub fn compute(args: &DiscoverArgs) -> Result<Discovered> {
    let a = analysis::load(
        &args.project,
        args.golden.as_deref(),
        args.value.as_deref(),
        args.population.as_deref(),
        args.lenient,
    )?;
    let frame = &a.dataset.frame;
    let rows = a.rows.clone();
    let settings = DiscoverSettings {
        max_attributes: args.max_attributes.max(1),
        keep_leaks: args.keep_leaks,
        ..Default::default()
    };
    let discovery = discover(frame, &a.columns, &a.golden, &rows, &settings)?;
    let top = top_golden(&a.dataset, &a.golden, &rows, &a.rule, a.project.golden.value.as_deref())?;
    let profile = (!discovery.no_signal).then(|| {
        let meta = ProfileMeta {
            golden_rule: a.rule.clone(),
            value: a.project.golden.value.clone(),
            id_column: a.dataset.id.clone(),
            inputs: inputs(&a),
            created: now_rfc3339(),
            icp_version: env!("CARGO_PKG_VERSION").into(),
            criteria_columns: Vec::new(),
        };
        let mut profile = build_profile(&discovery, frame, &rows, &a.golden, &meta);
        profile.quality.cv_auc = discovery.selection_auc.map(|x| (x * 1000.0).round() / 1000.0);
        profile.quality.folds = Some(settings.selection_folds as u32);
        profile
    });
    Ok(Discovered { analysis: a, discovery, profile, top, settings })
}

pub fn run(args: &DiscoverArgs, quiet: bool) -> Result<()> {
    let Discovered { analysis: a, discovery, profile, top, settings } = compute(args)?;
    if let Some(path) = &args.page.report {
        let mut report = crate::report::base(&args.project);
        crate::report::add_discovery(
            &mut report,
            &a,
            &discovery,
            &top,
            profile.as_ref(),
            &settings,
        );
        crate::report::write(
            path,
            &report,
            crate::report::lang(args.page.lang.as_deref(), &a.project)?,
            quiet,
        )?;
    }
    if let Some(profile) = &profile {
        let text = format!(
            "# ICP profile written by icp {} discover from {}.\n# Edit points, bins, criteria and tiers by hand: `icp score` honours every edit.\n{}",
            env!("CARGO_PKG_VERSION"),
            args.project.display(),
            profile.to_toml()
        );
        icp_profile::Profile::parse(&args.output, &text)
            .context("internal error: the written profile does not read back")?;
        output::write_atomic(&args.output, text.as_bytes())?;
    }
    if args.json {
        let report = report_json(&a, &discovery, &top, profile.as_ref(), &settings);
        output::stdout(&format!("{}\n", serde_json::to_string_pretty(&report)?))?;
    } else {
        output::stdout(&report_text(&a, &discovery, &top, profile.as_ref(), &settings))?;
    }
    match &profile {
        Some(_) => output::note(
            quiet,
            &format!(
                "wrote {}; next: icp evaluate, then icp score LEADS -p {}",
                args.output.display(),
                args.output.display()
            ),
        ),
        None => {
            output::note(quiet, "no profile written: there is no reliable signal to build one on")
        }
    }
    for warning in &a.dataset.warnings {
        output::note(quiet, &format!("warning: {warning}"));
    }
    Ok(())
}

/// A golden account as listed: its name (never personal data), value, and why it is golden.
pub struct TopGolden {
    pub name: String,
    pub value: Option<f64>,
    pub why: String,
}

fn top_golden(
    dataset: &Dataset,
    golden: &[bool],
    rows: &[usize],
    rule: &str,
    value: Option<&str>,
) -> Result<Vec<TopGolden>> {
    let frame = &dataset.frame;
    let values: Vec<Option<f64>> = match value {
        Some(v) => {
            let expr =
                Expr::parse(v).map_err(|e| anyhow::anyhow!("the golden value: {}", e.render(v)))?;
            expr.eval_numbers(frame)
                .map_err(|e| anyhow::anyhow!("the golden value: {}", e.render(v)))?
        }
        None => vec![None; frame.rows()],
    };
    let name_column = dataset.name_column();
    let rule_columns: Vec<String> = Expr::parse(rule).map(|e| e.columns()).unwrap_or_default();
    let personal: Vec<&str> =
        dataset.columns.iter().filter(|c| c.personal.is_some()).map(|c| c.name.as_str()).collect();
    let mut order: Vec<usize> = rows.iter().copied().filter(|&i| golden[i]).collect();
    order.sort_by(|&x, &y| {
        values[y]
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&values[x].unwrap_or(f64::NEG_INFINITY))
            .then(x.cmp(&y))
    });
    let first_row = dataset.first_row();
    Ok(order
        .into_iter()
        .take(10)
        .map(|i| {
            let name = name_column
                .map(|c| cell_text(c.get(i)))
                .unwrap_or_else(|| format!("row {}", i + first_row));
            let why = rule_columns
                .iter()
                .filter(|c| !personal.contains(&c.as_str()))
                .filter_map(|c| {
                    frame.column(c).map(|col| format!("{} = {}", col.name, cell_text(col.get(i))))
                })
                .collect::<Vec<_>>()
                .join(", ");
            TopGolden { name, value: values[i], why }
        })
        .collect())
}

fn cell_text(v: Value<'_>) -> String {
    match v {
        Value::Missing => "missing".into(),
        Value::Number(x) => format_number(x),
        Value::Bool(b) => b.to_string(),
        Value::Date(d) => icp_frame::format_date(d),
        Value::DateTime(s) => icp_frame::format_datetime(s),
        Value::Str(s) => s.to_owned(),
        Value::Tags(t) => t.join(";"),
    }
}

fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        let s = thousands(x.abs() as usize);
        if x < 0.0 { format!("-{s}") } else { s }
    } else {
        format!("{x:.2}")
    }
}

fn inputs(a: &analysis::Analysis) -> Vec<icp_profile::Input> {
    let mut out = vec![input(&a.dataset.accounts)];
    out.extend(a.dataset.deals.iter().map(input));
    out
}

fn input(table: &icp_io::Table) -> icp_profile::Input {
    icp_profile::Input {
        path: table.source.path.display().to_string(),
        sha256: crate::hash::sha256_file(&table.source.path).unwrap_or_default(),
        rows: table.frame.rows() as u64,
    }
}

/// The current time as RFC 3339 (UTC), without a date library.
pub fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()) as i64;
    let text = icp_frame::format_datetime(secs);
    format!("{}Z", text.replace(' ', "T"))
}

fn report_text(
    a: &analysis::Analysis,
    d: &Discovery,
    top: &[TopGolden],
    profile: Option<&icp_profile::Profile>,
    settings: &DiscoverSettings,
) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "golden customers: {} — {} of {} accounts ({:.1}%)",
        a.rule,
        thousands(d.golden),
        thousands(d.rows),
        d.base_rate() * 100.0
    );
    if !top.is_empty() {
        match &a.project.golden.value {
            Some(v) => {
                let _ = writeln!(w, "top golden customers by {v}:");
            }
            None => {
                let _ = writeln!(w, "golden customers (no value column set; first ten):");
            }
        }
        for (k, t) in top.iter().enumerate() {
            let value = t.value.map_or(String::new(), |v| format!("  {}", format_number(v)));
            let _ = writeln!(w, "  {:>2}. {}{}  ({})", k + 1, t.name, value, t.why);
        }
    }
    let _ = writeln!(w);
    let _ = writeln!(
        w,
        "attribute evidence (information value; q = p corrected for {} attributes tested):",
        d.candidates.len()
    );
    let _ = writeln!(
        w,
        "  {:>2}  {:<36} {:>6}  {:<10} {:>7}  strongest value (lift, 95% interval)",
        "#", "attribute", "IV", "strength", "q"
    );
    for (k, c) in d.candidates.iter().take(settings.long_list).enumerate() {
        let e = &c.evidence;
        let best = e.bins.iter().filter(|b| b.rows > 0).max_by(|x, y| x.lift.total_cmp(&y.lift));
        let best = best.map_or(String::new(), |b| {
            format!("{} ({:.2}×, {:.2}–{:.2})", b.label, b.lift, b.lift_low, b.lift_high)
        });
        let strength = match (&e.leak, e.leak_excluded) {
            (Some(_), true) => "LEAK",
            (Some(_), false) => "LEAK?",
            _ => e.strength(),
        };
        let _ = writeln!(
            w,
            "  {:>2}  {:<36} {:>6.3}  {:<10} {:>7}  {}",
            k + 1,
            crate::output::truncate(&e.name, 36),
            e.iv,
            strength,
            format_q(e.q_value),
            crate::output::truncate(&best, 70)
        );
    }
    let leaks: Vec<&str> = d.candidates.iter().filter_map(|c| c.evidence.leak.as_deref()).collect();
    if !leaks.is_empty() {
        let _ = writeln!(w);
        let _ = writeln!(
            w,
            "probable leaks (LEAK: left out, --keep-leaks keeps them; LEAK?: kept, please check):"
        );
        for l in leaks {
            let _ = writeln!(w, "  - {l}");
        }
    }
    if !d.redundant.is_empty() {
        let _ = writeln!(w);
        let _ = writeln!(w, "redundant (strongly tied to a stronger attribute):");
        for (dropped, kept, v) in &d.redundant {
            let _ = writeln!(w, "  - {dropped}: tied to {kept} (Cramér's V {v:.2})");
        }
    }
    let _ = writeln!(w);
    if d.no_signal {
        let _ = writeln!(
            w,
            "NO RELIABLE SIGNAL: no attribute separates golden customers from the others once chance is"
        );
        let _ = writeln!(
            w,
            "accounted for. icp does not invent an ICP from noise: collect more customers or other attributes."
        );
    }
    if let Some(p) = profile {
        let auc =
            p.quality.cv_auc.map_or(String::new(), |x| format!(", cross-validated AUC {x:.3}"));
        let _ = writeln!(w, "key attributes ({}{auc}):", p.attributes.len());
        for attr in &p.attributes {
            let bins: Vec<String> =
                attr.bins.iter().map(|b| format!("{} {:.1}", b.label, b.points)).collect();
            let _ = writeln!(
                w,
                "  {:<36} {}  | missing {:.1}",
                crate::output::truncate(&attr.name, 36),
                bins.join(" | "),
                attr.missing_points
            );
        }
        let tiers: Vec<String> =
            p.tiers.iter().map(|t| format!("{} >= {:.1}", t.name, t.min_score)).collect();
        let _ = writeln!(w, "tiers: {}", tiers.join(", "));
        for c in &p.criteria {
            let _ = writeln!(
                w,
                "suggested do-not-approach: {}  ({})",
                c.rule,
                c.reason.as_deref().unwrap_or_default()
            );
        }
    }
    for note in &d.notes {
        let _ = writeln!(w, "note: {note}");
    }
    out
}

fn format_q(q: f64) -> String {
    if q < 0.001 { "<0.001".into() } else { format!("{q:.3}") }
}

fn report_json(
    a: &analysis::Analysis,
    d: &Discovery,
    top: &[TopGolden],
    profile: Option<&icp_profile::Profile>,
    settings: &DiscoverSettings,
) -> Json {
    json!({
        "golden": {
            "rule": a.rule,
            "count": d.golden,
            "rows": d.rows,
            "share": d.base_rate(),
            "value": a.project.golden.value,
            "top": top.iter().map(|t| json!({"name": t.name, "value": t.value, "why": t.why})).collect::<Vec<_>>(),
        },
        "attributes": d.candidates.iter().take(settings.long_list).map(|c| {
            let e = &c.evidence;
            json!({
                "name": e.name,
                "column": e.column,
                "iv": e.iv,
                "strength": e.strength(),
                "p_value": e.p_value,
                "q_value": e.q_value,
                "leak": e.leak,
                "leak_excluded": e.leak_excluded,
                "bins": e.bins.iter().map(|b| json!({
                    "label": b.label, "rows": b.rows, "golden": b.golden,
                    "golden_share": b.golden_share, "other_share": b.other_share,
                    "rate": b.rate, "lift": b.lift, "lift_low": b.lift_low, "lift_high": b.lift_high,
                    "woe": b.woe, "missing": b.missing,
                })).collect::<Vec<_>>(),
            })
        }).collect::<Vec<_>>(),
        "tested": d.candidates.len(),
        "redundant": d.redundant.iter().map(|(x, k, v)| json!({"attribute": x, "tied_to": k, "cramers_v": v})).collect::<Vec<_>>(),
        "key_attributes": d.key.iter().map(|k| &d.candidates[k.candidate].feature.name).collect::<Vec<_>>(),
        "selection_cv_auc": d.selection_auc,
        "no_signal": d.no_signal,
        "tentative": d.tentative,
        "notes": d.notes,
        "profile": profile.map(|p| serde_json::to_value(p).unwrap_or(Json::Null)),
    })
}
