//! `icp rightsize`: is bigger really better once delivery capacity counts? Win rate, net value,
//! days to close and net value per sales-day by size band (the engine's `rightsize` job).

use std::fmt::Write as _;

use anyhow::Result;
use icp_engine::Overrides;
use icp_engine::rightsize::{RightsizeRequest, Rightsized, rightsize};

use crate::cli::RightsizeArgs;
use crate::engine::{advise, open};
use crate::output::{self, thousands};

pub fn run(args: &RightsizeArgs, quiet: bool) -> Result<()> {
    let session = open(&args.project, Overrides::default())?;
    let request = RightsizeRequest {
        by: args.by.clone(),
        bands: args.bands,
        start: args.start.clone(),
        end: args.end.clone(),
    };
    let r = rightsize(&session, &request).map_err(advise)?;
    crate::page::maybe_write(&args.page, &session, quiet, |report| {
        icp_engine::report::add_rightsize(report, &r)
    })?;
    if args.json {
        output::stdout(&format!("{}\n", serde_json::to_string_pretty(&r)?))?;
    } else {
        output::stdout(&text(&r))?;
        for f in &r.findings {
            output::note(quiet, &format!("warning: {f}"));
        }
    }
    Ok(())
}

fn money(x: Option<f64>) -> String {
    x.map_or("-".into(), |v| icp_engine::format::number(v.round()))
}

fn range(i: Option<[f64; 2]>, f: impl Fn(f64) -> String) -> String {
    i.map_or(String::new(), |[lo, hi]| format!(" ({}–{})", f(lo), f(hi)))
}

fn text(r: &Rightsized) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "by {}; value: {}", r.by, r.value);
    if r.by_deals {
        let _ = writeln!(
            w,
            "win rate and days to close from the deals: each closed deal counts in its account's band"
        );
    }
    match &r.dates {
        Some([s, e]) => {
            let _ = writeln!(
                w,
                "days from `{s}` to `{e}`; value per sales-day = value won ÷ days deals spent in flight"
            );
        }
        None => {
            let _ = writeln!(
                w,
                "no start and close dates: days to close and value per sales-day are not measured"
            );
        }
    }
    let _ = writeln!(w);
    let _ = writeln!(
        w,
        "{} {:>8} {:>22} {:>26} {:>18} {:>24}",
        output::pad("band", 24),
        "records",
        "win rate",
        "net value per win",
        "days to close",
        "value per sales-day"
    );
    let pct = |x: f64| format!("{:.0}%", x * 100.0);
    let whole = |x: f64| icp_engine::format::number(x.round());
    for (i, b) in r.bands.iter().enumerate() {
        let mark = if i == r.core {
            " (core)"
        } else if Some(i) == r.peak {
            " (peak)"
        } else {
            ""
        };
        let _ = writeln!(
            w,
            "{} {:>8} {:>22} {:>26} {:>18} {:>24}",
            output::pad(&format!("{}{mark}", b.label), 24),
            thousands(b.records as usize),
            if b.win_rate.is_finite() {
                format!("{}{}", pct(b.win_rate), range(Some(b.win_rate_interval), pct))
            } else {
                "-".into()
            },
            format!("{}{}", money(b.value), range(b.value_interval, whole)),
            format!("{}{}", b.days.map_or("-".into(), whole), range(b.days_interval, whole)),
            format!("{}{}", money(b.value_per_day), range(b.value_per_day_interval, whole)),
        );
    }
    if r.bands.iter().any(|b| b.received_per_price.is_some()) {
        let _ = writeln!(w);
        let _ = writeln!(w, "value received by a won customer, and over what it pays:");
        for b in &r.bands {
            let _ = writeln!(
                w,
                "  {} {} ({})",
                output::pad(&b.label, 24),
                money(b.value_received),
                b.received_per_price.map_or("-".into(), |x| format!("{x:.1}× the price"))
            );
        }
    }
    if r.bands.iter().any(|b| b.value_per_seat.is_some()) {
        let _ = writeln!(w);
        let _ = writeln!(
            w,
            "net value one customer-success seat carries (value per win × accounts a seat carries):"
        );
        for b in &r.bands {
            let _ = writeln!(
                w,
                "  {} {}{}",
                output::pad(&b.label, 24),
                money(b.value_per_seat),
                range(b.value_per_seat_interval, whole)
            );
        }
    }
    if r.bands.iter().any(|b| b.value_per_month.is_some()) {
        let _ = writeln!(w);
        let _ = writeln!(w, "a month of the deals-in-flight capacity spent on one band would win:");
        for b in &r.bands {
            let _ = writeln!(w, "  {} {}", output::pad(&b.label, 24), money(b.value_per_month));
        }
    }
    out
}
