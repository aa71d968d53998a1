//! `icp discover`: golden customers, the evidence for every attribute, the key attributes,
//! and the profile (profile.toml).

use std::fmt::Write as _;

use anyhow::{Context, Result};
use icp_engine::discover::{DiscoverRequest, Discovered, discover};
use icp_engine::history::Kept;
use icp_engine::{Override, Overrides};

use crate::cli::DiscoverArgs;
use crate::engine::{advise, open};
use crate::output::{self, thousands, truncate};

pub fn run(args: &DiscoverArgs, quiet: bool) -> Result<()> {
    if args.warehouse.from.is_some() || !args.warehouse.from_aggregates.is_empty() {
        return crate::commands::pushdown::run(args, quiet);
    }
    let overrides = Overrides {
        golden: args.golden.as_ref().map(|g| Override::new(g, "--golden")),
        value: args.value.as_ref().map(|v| Override::new(v, "--value")),
        population: args.population.as_ref().map(|p| Override::new(p, "--population")),
        lenient: args.lenient,
        ..Overrides::default()
    };
    let session = open(&args.project, overrides)?;
    let request =
        DiscoverRequest { max_attributes: args.max_attributes, keep_leaks: args.keep_leaks };
    let found = discover(&session, &request).map_err(advise)?;
    crate::page::maybe_write(&args.page, &session, quiet, |report| {
        icp_engine::report::add_discovery(report, &found, found.profile.as_ref())
    })?;
    if let Some(profile) = &found.profile {
        let inputs = session.inputs();
        let mut profile = profile.clone();
        let keep = previous_version(&args.output, &inputs, &mut profile);
        let text = icp_engine::discover::profile_file_text(&profile, &args.project);
        icp_profile::Profile::parse(&args.output, &text)
            .context("internal error: the written profile does not read back")?;
        if let Some(why) = keep {
            let kept = crate::files::backup_name(&args.output);
            std::fs::copy(&args.output, &kept)
                .with_context(|| format!("cannot keep a copy of {}", args.output.display()))?;
            let message = match why {
                Kept::EditedByHand => format!(
                    "note: {} had been edited by hand; it is kept as {}",
                    args.output.display(),
                    kept.display()
                ),
                Kept::Changed => format!(
                    "note: the previous profile is kept as {} (`icp history` lists the versions)",
                    kept.display()
                ),
            };
            output::note(quiet, &message);
        }
        crate::files::write(&args.output, text.as_bytes(), &inputs)?;
    }
    if args.json {
        output::stdout(&format!("{}\n", serde_json::to_string_pretty(&found.summary())?))?;
    } else {
        output::stdout(&report_text(&found))?;
    }
    match &found.profile {
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
    // Discovery's own notes are part of the findings printed above.
    let warnings: Vec<_> = found
        .notes
        .iter()
        .filter(|n| !matches!(n, icp_engine::Note::Discovery(_)))
        .cloned()
        .collect();
    output::notes(quiet, &warnings);
    Ok(())
}

/// Records the profile file being replaced at `path` as `profile`'s parent (see
/// [`icp_engine::history::record_parent`]) when it is a profile icp may replace, and says
/// whether it must be kept as a copy.
fn previous_version(
    path: &std::path::Path,
    inputs: &[std::path::PathBuf],
    profile: &mut icp_profile::Profile,
) -> Option<Kept> {
    let Ok(crate::files::Destination::Replace { mode: Some(_), .. }) =
        crate::files::destination(path, inputs)
    else {
        return None;
    };
    let bytes = std::fs::read(path).ok()?;
    icp_engine::history::record_parent(&bytes, profile)
}

fn report_text(found: &Discovered) -> String {
    let d = &found.discovery;
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "golden customers: {} — {} of {} accounts ({:.1}%)",
        found.analysis.rule,
        thousands(d.golden),
        thousands(d.rows),
        d.base_rate() * 100.0
    );
    if !found.top.is_empty() {
        match &found.value {
            Some(v) => {
                let _ = writeln!(w, "top golden customers by {v}:");
            }
            None => {
                let _ = writeln!(w, "golden customers (no value column set; first ten):");
            }
        }
        for (k, t) in found.top.iter().enumerate() {
            let value =
                t.value.map_or(String::new(), |v| format!("  {}", icp_engine::format::number(v)));
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
    // Every attribute tested is listed: the long list in full, then any later one that is not
    // useless, and the useless rest named on one line.
    let min_rows = icp_scorecard::binning::min_group_rows(d.rows);
    let (shown, useless): (Vec<_>, Vec<_>) =
        d.candidates.iter().enumerate().partition(|(k, c)| {
            *k < found.settings.long_list || c.evidence.strength() != "useless"
        });
    for (k, c) in shown {
        let e = &c.evidence;
        // The strongest value is never a tiny group's: its rate is mostly chance.
        let best =
            e.bins.iter().filter(|b| b.rows >= min_rows).max_by(|x, y| x.lift.total_cmp(&y.lift));
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
            "  {:>2}  {} {:>6.3}  {:<10} {:>7}  {}",
            k + 1,
            output::pad(&truncate(&e.name, 36), 36),
            e.iv,
            strength,
            format_q(e.q_value),
            truncate(&best, 70)
        );
    }
    if !useless.is_empty() {
        let names: Vec<&str> = useless.iter().map(|(_, c)| c.evidence.name.as_str()).collect();
        let _ = writeln!(w, "  {} more, all useless: {}", useless.len(), names.join(", "));
    }
    let leaks: Vec<String> = d
        .candidates
        .iter()
        .filter_map(|c| c.evidence.leak.as_ref().map(|l| icp_engine::report::leak(l).to_string()))
        .collect();
    if !leaks.is_empty() {
        let _ = writeln!(w);
        let _ = writeln!(
            w,
            "probable leaks (LEAK: left out, --keep-leaks keeps them; LEAK?: kept, please check; `leak = false` under [columns.NAME] in icp.toml keeps one for good):"
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
    if let Some(p) = &found.profile {
        let auc = p.quality.nested_cv_auc.map_or(String::new(), |x| {
            format!(
                ", cross-validated AUC {x:.3} with bins, attributes and points re-learned in each of {} folds, as `icp evaluate` measures it",
                p.quality.folds.unwrap_or(5)
            )
        });
        let _ = writeln!(w, "key attributes ({}{auc}):", p.attributes.len());
        for attr in &p.attributes {
            let bins: Vec<String> =
                attr.bins.iter().map(|b| format!("{} {:.1}", b.label, b.points)).collect();
            let _ = writeln!(
                w,
                "  {} {}  | missing {:.1}",
                output::pad(&truncate(&attr.name, 36), 36),
                bins.join(" | "),
                attr.missing_points
            );
        }
        let tiers: Vec<String> =
            p.tiers.iter().map(|t| format!("{} >= {:.1}", t.name, t.min_score)).collect();
        let _ = writeln!(w, "tiers: {}", tiers.join(", "));
        for c in &p.criteria {
            let state = if c.enabled { "on" } else { "off until you set enabled = true" };
            let _ = writeln!(
                w,
                "suggested do-not-approach ({state}): {}  ({})",
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
