//! `icp clv`: customer lifetime value from an orders table — BG/NBD for how many purchases
//! are still to come, Gamma-Gamma for how much each is worth — with P(alive), expected
//! purchases and spend over a horizon, and CLV discounted monthly, per customer.

use std::fmt::Write as _;

use anyhow::Result;
use icp_engine::clv::{ClvRequest, ClvResult, clv};

use crate::cli::ClvArgs;
use crate::engine::advise;
use crate::output::{self, thousands};

pub fn run(args: &ClvArgs, quiet: bool) -> Result<()> {
    let orders = super::rfm::orders(&args.orders)?;
    let request = ClvRequest {
        horizon_months: args.horizon_months,
        discount_rate: args.discount_rate,
        until: args.until.clone(),
        penalizer: args.penalizer,
    };
    let result = clv(&orders, &request).map_err(advise)?;
    for warning in result.warnings() {
        output::note(quiet, &format!("warning: {warning}"));
    }
    let ClvResult { names, shown, summaries, values, bg, gg, cleaning: report, end, .. } = &result;
    let orders_path = orders.table.source.path.clone();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let total_clv: f64 = values.iter().map(|v| v.clv).sum();
    let total_purchases: f64 = values.iter().map(|v| v.expected_purchases).sum();
    let repeat = summaries.iter().filter(|s| s.frequency > 0).count();

    if let Some(path) = &args.output {
        let mut csv = String::from(
            "customer,frequency,recency,T,monetary_value,p_alive,expected_purchases,expected_average_profit,clv\n",
        );
        for (s, v) in summaries.iter().zip(values) {
            let name = names[s.customer as usize];
            let name = output::csv_cell(name);
            let _ = writeln!(
                csv,
                "{name},{},{:.2},{:.2},{:.2},{:.4},{:.4},{:.2},{:.2}",
                s.frequency,
                s.recency,
                s.age,
                s.monetary_value,
                v.probability_alive,
                v.expected_purchases,
                v.expected_average_profit,
                v.clv
            );
        }
        crate::files::write_data(path, csv.as_bytes(), std::slice::from_ref(&orders_path))?;
        output::note(quiet, &format!("wrote {} customers to {}", summaries.len(), path.display()));
    }
    let p = &bg.params;
    let g = &gg.params;
    if args.json {
        let report = result.summary();
        output::stdout(&format!("{}\n", serde_json::to_string_pretty(&report)?))?;
        return Ok(());
    }
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "cleaning: {report}");
    let _ = writeln!(
        w,
        "{} customers ({} bought more than once), observed until {}; time in weeks",
        thousands(summaries.len()),
        thousands(repeat),
        icp_frame::format_date(*end as i32)
    );
    let _ = writeln!(
        w,
        "BG/NBD:      r = {:.4}, α = {:.4}, a = {:.4}, b = {:.4} (log-likelihood {:.2})",
        p.r, p.alpha, p.a, p.b, bg.log_likelihood
    );
    let _ = writeln!(
        w,
        "Gamma-Gamma: p = {:.4}, q = {:.4}, γ = {:.4} (log-likelihood {:.2})",
        g.p, g.q, g.v, gg.log_likelihood
    );
    let _ = writeln!(
        w,
        "next {} months at {:.1}% a month: {:.0} expected purchases, lifetime value {:.2} in all",
        args.horizon_months,
        args.discount_rate * 100.0,
        total_purchases,
        total_clv
    );
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[b].clv.total_cmp(&values[a].clv));
    let _ = writeln!(
        w,
        "\n{:<16} {:>9} {:>8} {:>9} {:>10} {:>10}",
        "customer", "purchases", "P(alive)", "expected", "avg value", "CLV"
    );
    for &k in order.iter().take(10) {
        let (s, v) = (&summaries[k], &values[k]);
        let _ = writeln!(
            w,
            "{:<16} {:>9} {:>8.3} {:>9.2} {:>10.2} {:>10.2}",
            shown[s.customer as usize],
            s.frequency + 1,
            v.probability_alive,
            v.expected_purchases,
            v.expected_average_profit,
            v.clv
        );
    }
    output::stdout(&out)?;
    Ok(())
}
