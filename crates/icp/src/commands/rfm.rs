//! `icp rfm`: RFM segments for buyers — documented cleaning, quintile scores, the named
//! groups with an action each (including whom not to spend on), and purchase habits.

use std::fmt::Write as _;

use anyhow::{Context as _, Result};
use icp_engine::orders::{Orders, OrdersRequest, read_orders};

use crate::cli::{OrdersArgs, RfmArgs};
use crate::engine::advise;
use crate::output::{self, thousands};

/// Reads the orders table the flags name.
pub fn orders(args: &OrdersArgs) -> Result<Orders<'static>> {
    let request = OrdersRequest {
        file: args.orders.clone(),
        customer: args.customer.clone(),
        date: args.date.clone(),
        amount: args.amount.clone(),
        quantity: args.quantity.clone(),
        price: args.price.clone(),
        invoice: args.invoice.clone(),
        net_returns: args.net_returns,
        no_cleaning: args.no_cleaning,
        reference_date: args.reference_date.clone(),
        allow_outside: crate::engine::outside_allowed(),
        kinds: super::init::parse_kinds(&args.kind)?,
    };
    let orders = read_orders(&args.project, &request).map_err(advise);
    if args.orders.is_none() {
        return orders.context("no --orders file given, so the project's [orders] table is used");
    }
    orders
}

pub fn run(args: &RfmArgs, quiet: bool) -> Result<()> {
    let orders = orders(&args.orders)?;
    if let Some(date) = &args.compare {
        return compare(&orders, date, args.json);
    }
    let result = icp_engine::rfm::rfm(&orders).map_err(advise)?;
    for warning in icp_engine::rfm::warnings(&result) {
        output::note(quiet, &format!("warning: {warning}"));
    }
    if let Some(path) = &args.output {
        let mut csv = String::from(
            "customer,recency_days,frequency,monetary,r,f,m,group,action,approach,orders,mean_days_between,median_days_between,favourite_weekday,favourite_hour,channel\n",
        );
        for c in &result.customers {
            let action = &result.group(c.group).action;
            let h = &c.habits;
            let opt = |x: Option<f64>| x.map_or(String::new(), |v| format!("{v:.1}"));
            let _ = writeln!(
                csv,
                "{},{},{},{:.2},{},{},{},{},{},{},{},{},{},{},{},{}",
                output::csv_cell(&c.customer.to_string()),
                c.recency_days,
                c.frequency,
                c.monetary,
                c.r,
                c.f,
                c.m,
                c.group.name(),
                output::csv_cell(&action.text),
                action.approach,
                h.orders,
                opt(h.mean_days_between),
                opt(h.median_days_between),
                h.favourite_weekday.name(),
                h.favourite_hour,
                h.channel.as_deref().map(output::csv_cell).unwrap_or_default(),
            );
        }
        crate::files::write_data(
            path,
            csv.as_bytes(),
            std::slice::from_ref(&orders.table.source.path),
        )?;
        output::note(
            quiet,
            &format!("wrote {} customers to {}", result.customers.len(), path.display()),
        );
    }
    if args.json {
        let report = icp_engine::rfm::summary(&result);
        output::stdout(&format!("{}\n", serde_json::to_string_pretty(&report)?))?;
        return Ok(());
    }
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "cleaning: {}", result.cleaning);
    let _ = writeln!(
        w,
        "{} customers, {} orders; recency measured at {}\n",
        thousands(result.customers.len()),
        thousands(result.orders),
        icp_frame::format_date(result.reference_day)
    );
    let _ = writeln!(
        w,
        "{:<20} {:>9} {:>6} {:>9} {:>7} {:>10} {:>7}  action",
        "group", "customers", "share", "recency", "orders", "spend", "value"
    );
    for g in &result.groups {
        let _ = writeln!(
            w,
            "{:<20} {:>9} {:>5.1}% {:>8.0}d {:>7.1} {:>10.0} {:>6.1}%  {}",
            g.group.name(),
            thousands(g.customers),
            g.share * 100.0,
            g.mean_recency_days,
            g.mean_frequency,
            g.mean_monetary,
            g.monetary_share * 100.0,
            g.action.text
        );
    }
    output::stdout(&out)?;
    Ok(())
}

/// `icp rfm --compare DATE`: the migration matrix between RFM groups across DATE.
fn compare(orders: &Orders<'_>, date: &str, json: bool) -> Result<()> {
    let split = icp_frame::parse_iso_day(date)
        .ok_or_else(|| anyhow::anyhow!("--compare {date}: not a date in YYYY-MM-DD form"))?;
    let m = icp_engine::rfm_migration::rfm_migration(orders, split).map_err(advise)?;
    if json {
        return output::stdout(&format!("{}\n", serde_json::to_string_pretty(&m)?));
    }
    let mut out = String::new();
    let w = &mut out;
    let period = |p: &icp_engine::rfm_migration::Period| {
        format!(
            "{} customers, orders from {} measured at {}",
            thousands(p.customers),
            p.from.as_deref().unwrap_or("-"),
            p.reference_date
        )
    };
    let _ = writeln!(w, "RFM groups before {} ({})", m.split, period(&m.before));
    let _ = writeln!(w, "  and from it on ({})", period(&m.after));
    let _ = writeln!(
        w,
        "{} customers ordered in both periods\n\nMigration (rows: before {}; columns: from it on)",
        thousands(m.in_both as usize),
        m.split
    );
    let short = |s: &str| output::truncate(s, 9);
    let mut header = format!("  {:<20}", "");
    for c in &m.columns {
        let _ = write!(header, " {:>9}", short(c));
    }
    let _ = writeln!(w, "{header}");
    for (label, row) in m.rows.iter().zip(&m.counts) {
        let mut line = format!("  {}", output::pad(&output::truncate(label, 20), 20));
        for &k in row {
            let _ = write!(line, " {:>9}", thousands(k as usize));
        }
        let _ = writeln!(w, "{line}");
    }
    let _ = writeln!(w, "\nLargest moves:");
    for mv in &m.moves {
        let _ = writeln!(
            w,
            "  {} → {}: {} customers ({:.0}% of {})",
            mv.from,
            mv.to,
            thousands(mv.customers as usize),
            mv.share_of_from * 100.0,
            mv.from
        );
    }
    match (&m.clv, &m.clv_unavailable) {
        (Some(c), _) => clv_then_now(w, c),
        (None, Some(why)) => {
            let _ = writeln!(w, "\nLifetime value then and now: not available ({why})");
        }
        (None, None) => {}
    }
    output::stdout(&out)
}

/// Lifetime value per group: the model fitted before the split beside the one fitted to all
/// orders.
fn clv_then_now(w: &mut String, c: &icp_engine::clv_compare::ClvThenNow) {
    let _ = writeln!(
        w,
        "\nExpected lifetime value per customer over {} months (BG/NBD + Gamma-Gamma; then: fitted to orders up to {}; now: to orders up to {})",
        c.horizon_months, c.then_until, c.now_until
    );
    let _ = writeln!(
        w,
        "  {:<20} {:>9} {:>11} {:>11}   {:>9} {:>11} {:>11}",
        "group", "then: n", "mean", "median", "now: n", "mean", "median"
    );
    let money =
        |x: f64| if x.is_finite() { thousands(x.round().max(0.0) as usize) } else { "-".into() };
    let mut names: Vec<&str> = c.then.iter().map(|g| g.group.as_str()).collect();
    for g in &c.now {
        if !names.contains(&g.group.as_str()) {
            names.push(&g.group);
        }
    }
    for name in names {
        let then = c.then.iter().find(|g| g.group == name);
        let now = c.now.iter().find(|g| g.group == name);
        let cells = |g: Option<&icp_engine::clv_compare::GroupValue>| match g {
            Some(g) => (thousands(g.customers as usize), money(g.mean_clv), money(g.median_clv)),
            None => ("-".into(), "-".into(), "-".into()),
        };
        let (tn, tm, tmed) = cells(then);
        let (nn, nm, nmed) = cells(now);
        let _ = writeln!(
            w,
            "  {} {tn:>9} {tm:>11} {tmed:>11}   {nn:>9} {nm:>11} {nmed:>11}",
            output::pad(&output::truncate(name, 20), 20)
        );
    }
    let _ =
        writeln!(w, "  all customers: {} then, {} now", money(c.then_total), money(c.now_total));
}
