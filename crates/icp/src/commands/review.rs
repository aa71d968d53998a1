//! `icp review NEW_EXPORT…`: the quarterly review of a profile against new exports (the
//! engine's `review` job does the work; this opens the exports and prints).

use std::fmt::Write as _;

use anyhow::{Context as _, Result};
use icp_engine::Overrides;
use icp_engine::review::{AttributeDrift, Review, ReviewRequest, Share, lift_phrase, review};

use crate::cli::ReviewArgs;
use crate::engine::{advise, open};
use crate::output::{self, thousands};

pub fn run(args: &ReviewArgs, quiet: bool) -> Result<()> {
    let profile = crate::engine::load_profile(&args.profile, Some("--profile"))?;
    let mut sessions = Vec::new();
    let mut since = None;
    if let Some(day) = &args.since {
        let day = match day.as_str() {
            "profile" => profile_day(&profile, &args.profile)?,
            other => other.to_owned(),
        };
        let overrides = Overrides { lenient: args.lenient, ..Overrides::default() };
        let (restricted, facts) =
            icp_engine::review_since::since(&open(&args.project, overrides)?, &day)
                .map_err(advise)?;
        sessions.push(restricted);
        since = Some(facts);
    }
    for export in &args.exports {
        // The export is the user's own path: taken as given, not relative to the project.
        let accounts = std::path::absolute(export)
            .with_context(|| format!("{}: cannot resolve the path", export.display()))?;
        let overrides =
            Overrides { accounts: Some(accounts), lenient: args.lenient, ..Overrides::default() };
        sessions.push(open(&args.project, overrides)?);
    }
    let request = ReviewRequest { today: args.date.clone(), rediscover: !args.no_rediscover };
    let mut r = review(&profile, &sessions, &request).map_err(advise)?;
    if let Some(s) = &since
        && let Some(made) = profile.provenance.created.get(..10)
        && s.date.as_str() < made
    {
        r.notes.push(format!(
            "the review starts on {}, before the profile was made ({made}): some of these accounts may be ones it learned from",
            s.date
        ));
    }
    r.since = since;
    if args.json {
        output::stdout(&format!("{}\n", serde_json::to_string_pretty(&r)?))?;
    } else {
        output::stdout(&render(&r, &args.profile.display().to_string(), args.exports.len()))?;
    }
    if let Some(first) = sessions.first() {
        crate::page::maybe_write(&args.page, first, quiet, |report| {
            icp_engine::review_report::add_review(report, &profile, &r);
        })?;
    }
    for session in &sessions {
        output::notes(quiet, &session.notes());
    }
    for note in &r.notes {
        output::note(quiet, note);
    }
    Ok(())
}

/// The day the profile was made, from its `[provenance] created`.
fn profile_day(profile: &icp_profile::Profile, path: &std::path::Path) -> Result<String> {
    let created = &profile.provenance.created;
    match created.get(..10).filter(|d| icp_frame::parse_iso_day(d).is_some()) {
        Some(day) => Ok(day.to_owned()),
        None => anyhow::bail!(
            "{}: the profile records no date it was made (`[provenance] created`); give --since YYYY-MM-DD",
            path.display()
        ),
    }
}

fn pct(x: f64) -> String {
    if x.is_finite() { format!("{:.1}%", x * 100.0) } else { "-".into() }
}

fn share_move(s: &Share) -> String {
    format!("{} {} → {}", s.label, s.then_share.map_or("-".into(), pct), pct(s.now_share))
}

fn drift_line(
    w: &mut String,
    name: &str,
    a_psi: Option<f64>,
    limit: Option<f64>,
    band: &str,
    moved: &str,
) {
    let num = |x: Option<f64>, d: usize| x.map_or("-".to_owned(), |v| format!("{v:.d$}"));
    let _ = writeln!(
        w,
        "  {} {:>7} {:>7}  {:<8} {moved}",
        output::pad(&output::truncate(name, 24), 24),
        num(a_psi, 3),
        num(limit, 3),
        band
    );
}

fn movers(a: &AttributeDrift) -> String {
    a.movers
        .iter()
        .filter_map(|m| a.bins.iter().find(|b| &b.label == m))
        .map(share_move)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The review as text.
pub fn render(r: &Review, profile: &str, exports: usize) -> String {
    let mut out = String::new();
    let w = &mut out;
    match &r.since {
        Some(s) => {
            let _ = writeln!(
                w,
                "Review of {profile} ({} accounts when learned) against the project's {} accounts dated on or after {} (`{}`), {}",
                thousands(r.profile_rows as usize),
                thousands(r.rows as usize),
                s.date,
                s.column,
                r.date
            );
            let _ = writeln!(
                w,
                "  left out: {} dated before{}",
                thousands(s.before as usize),
                if s.undated > 0 {
                    format!(", {} without a date", thousands(s.undated as usize))
                } else {
                    String::new()
                }
            );
        }
        None => {
            let _ = writeln!(
                w,
                "Review of {profile} ({} accounts when learned) against {} new accounts from {exports} export{}, {}",
                thousands(r.profile_rows as usize),
                thousands(r.rows as usize),
                if exports == 1 { "" } else { "s" },
                r.date
            );
        }
    }
    let _ = writeln!(
        w,
        "\nPopulation drift (PSI against the learning data; the limit is what sampling alone gives)"
    );
    let _ =
        writeln!(w, "  {:<24} {:>7} {:>7}  {:<8} moved most", "attribute", "PSI", "limit", "band");
    for a in &r.attributes {
        let moved = a.unavailable.clone().unwrap_or_else(|| movers(a));
        drift_line(w, &a.name, a.psi, a.noise_limit, &a.band.to_string(), &moved);
    }
    match &r.score.unavailable {
        Some(why) => {
            let _ = writeln!(w, "  {:<24} unavailable: {why}", "score");
        }
        None => {
            let mut bands: Vec<&Share> = r.score.bands.iter().collect();
            bands.sort_by(|x, y| {
                let d = |s: &Share| (s.now_share - s.then_share.unwrap_or(0.0)).abs();
                d(y).total_cmp(&d(x))
            });
            let moved: Vec<String> = bands.iter().take(2).map(|s| share_move(s)).collect();
            drift_line(
                w,
                "score",
                r.score.psi,
                r.score.noise_limit,
                &r.score.band.to_string(),
                &moved.join("; "),
            );
        }
    }
    for u in &r.unmatched {
        let _ = writeln!(w, "  not reviewed: `{}`: {}", u.attribute, u.reason);
    }
    if !r.unmatched.is_empty() {
        let names: Vec<String> = r.attributes.iter().map(|a| format!("`{}`", a.name)).collect();
        let _ = writeln!(w, "  still reviewed: {}", names.join(", "));
    }
    match &r.golden_rate {
        Some(g) => {
            let _ = writeln!(
                w,
                "\nGolden rate ({}): {} when learned, {} now ({}–{}){}",
                r.golden_rule.as_deref().unwrap_or("the golden rule"),
                pct(g.then),
                pct(g.now),
                pct(g.now_interval[0]),
                pct(g.now_interval[1]),
                if g.changed { ", changed beyond noise" } else { ", within noise" }
            );
        }
        None => {
            let _ = writeln!(
                w,
                "\nThe new data has no outcomes: evidence and performance are not reviewed."
            );
        }
    }
    if r.golden_rate.is_some() {
        let _ = writeln!(
            w,
            "\nHas the evidence moved? (lift: a bin's golden rate over the overall rate)"
        );
        let moved: Vec<_> = r.evidence.iter().filter(|b| b.moved).collect();
        for b in &moved {
            let _ = writeln!(w, "  {}", lift_phrase(b));
        }
        let _ =
            writeln!(w, "  {} of {} bins changed lift beyond noise", moved.len(), r.evidence.len());
    }
    if let Some(p) = &r.performance {
        let _ = writeln!(
            w,
            "\nIs the profile still working? ({} new outcomes, {} golden)",
            thousands(p.rows as usize),
            thousands(p.golden as usize)
        );
        let then = match (p.auc_then, p.auc_then_interval) {
            (Some(a), Some([lo, hi])) => format!("; when made {a:.3} ({lo:.3}–{hi:.3})"),
            (Some(a), None) => format!("; when made {a:.3}"),
            _ => String::new(),
        };
        let _ = writeln!(
            w,
            "  AUC {:.3} ({:.3}–{:.3}){then}{}",
            p.auc,
            p.auc_interval[0],
            p.auc_interval[1],
            if p.auc_fell { ", fell beyond noise" } else { "" }
        );
        let _ = writeln!(
            w,
            "  lift in the top 20%: {:.2}× ({:.2}–{:.2})",
            p.lift_top20, p.lift_top20_interval[0], p.lift_top20_interval[1]
        );
        let _ = writeln!(
            w,
            "  {:<20} {:>9} {:>8} {:>17} {:>14}",
            "tier", "accounts", "golden", "rate (95%)", "learning data"
        );
        for t in &p.tiers {
            let _ = writeln!(
                w,
                "  {} {:>9} {:>8} {:>17} {:>14}",
                output::pad(&output::truncate(&t.tier, 20), 20),
                thousands(t.rows as usize),
                thousands(t.golden as usize),
                format!("{} ({}–{})", pct(t.rate), pct(t.interval[0]), pct(t.interval[1])),
                t.then_rate.map_or("-".into(), pct)
            );
        }
        let _ = writeln!(
            w,
            "  (learning data: the rates on the accounts the profile was fitted to, so optimistic)"
        );
    }
    if let Some(d) = &r.deals {
        deals(w, d);
    }
    let rec = &r.recommendation;
    let _ = writeln!(w, "\nRecommendation: {}", rec.action.to_string().to_uppercase());
    for reason in &rec.reasons {
        let _ = writeln!(w, "  - {reason}");
    }
    if !rec.edits.is_empty() {
        let _ = writeln!(w, "  What to do:");
        for edit in &rec.edits {
            let _ = writeln!(w, "  - {edit}");
        }
    }
    if let Some(fresh) = &r.rediscovery {
        let learned = &fresh.learned_on;
        if learned.sampled {
            let _ = writeln!(
                w,
                "\nA fresh profile learned on a sample of {} of the {} new accounts ({} golden; golden and other accounts sampled alike, spread over the file):",
                thousands(learned.rows as usize),
                thousands(learned.of_rows as usize),
                thousands(learned.golden as usize)
            );
        } else {
            let _ = writeln!(w, "\nA fresh profile learned on the new data:");
        }
        if let Some(h) = &fresh.held_out {
            let _ = writeln!(
                w,
                "  on {} accounts it did not learn from: AUC {:.3} ({:.3}–{:.3}) against {:.3} ({:.3}–{:.3}) for the reviewed profile",
                thousands(h.rows as usize),
                h.fresh_auc,
                h.fresh_auc_interval[0],
                h.fresh_auc_interval[1],
                h.reviewed_auc,
                h.reviewed_auc_interval[0],
                h.reviewed_auc_interval[1]
            );
        }
        let diff =
            crate::commands::diff::render(&fresh.diff, "the reviewed profile", "the fresh one");
        for line in diff.lines() {
            let _ = writeln!(w, "  {line}");
        }
        migration(w, &fresh.migration);
    }
    let _ = writeln!(w, "\nNext review: {}", r.next_review);
    out
}

/// The tier migration matrix (rows: the reviewed profile's tiers; columns: the fresh one's)
/// and the furthest movers.
fn migration(w: &mut String, m: &icp_engine::migration::Migration) {
    let _ = writeln!(
        w,
        "\n  Tier migration of the new accounts (rows: now; columns: with the fresh profile)"
    );
    let used_new: Vec<usize> =
        (0..m.new_tiers.len()).filter(|&j| m.counts.iter().any(|r| r[j] > 0)).collect();
    let mut header = format!("  {:<20}", "");
    for &j in &used_new {
        let _ = write!(header, " {:>10}", output::truncate(&m.new_tiers[j], 10));
    }
    let _ = writeln!(w, "{header}");
    for (i, row) in m.counts.iter().enumerate() {
        if row.iter().all(|&c| c == 0) {
            continue;
        }
        let mut line = format!("  {}", output::pad(&output::truncate(&m.old_tiers[i], 20), 20));
        for &j in &used_new {
            let _ = write!(line, " {:>10}", thousands(row[j] as usize));
        }
        let _ = writeln!(w, "{line}");
    }
    if !m.movers.is_empty() {
        let _ = writeln!(w, "  Moving furthest:");
        for mv in &m.movers {
            let _ = writeln!(
                w,
                "    {} {} → {} (score {:.1} → {:.1})",
                output::truncate(&mv.account, 40),
                mv.old_tier,
                mv.new_tier,
                mv.old_score,
                mv.new_score
            );
        }
    }
}

/// Tier validation by deal dates: days to close and deal size per tier, then and now.
fn deals(w: &mut String, d: &icp_engine::tier_deals::DealValidation) {
    let _ = writeln!(
        w,
        "\nTier validation by deal dates (won accounts; days from `{}` to the first close; won value per won deal)",
        d.first_touch
    );
    let _ = writeln!(
        w,
        "  {:<20} {:>6} {:>20} {:>9} {:>26} {:>12}",
        "tier", "won", "days now (95%)", "then", "deal size now (95%)", "then"
    );
    let num = |x: Option<f64>, days: bool| {
        x.map_or("-".to_owned(), |v| {
            if days { format!("{v:.0}") } else { thousands(v.round().max(0.0) as usize) }
        })
    };
    let with = |x: Option<f64>, i: Option<[f64; 2]>, days: bool| match i {
        Some([lo, hi]) => {
            format!("{} ({}–{})", num(x, days), num(Some(lo), days), num(Some(hi), days))
        }
        None => num(x, days),
    };
    for t in &d.tiers {
        let then = t.then.as_ref();
        let _ = writeln!(
            w,
            "  {} {:>6} {:>20} {:>9} {:>26} {:>12}",
            output::pad(&output::truncate(&t.tier, 20), 20),
            thousands(t.closed as usize),
            with(t.days, t.days_interval, true),
            num(then.and_then(|x| x.days_to_close), true),
            with(t.size, t.size_interval, false),
            num(then.and_then(|x| x.deal_size), false)
        );
    }
    let _ = writeln!(w, "  - {}", d.faster.finding);
    let _ = writeln!(w, "  - {}", d.bigger.finding);
}
