//! `icp clv`: customer lifetime value from an orders table — BG/NBD for how many purchases
//! are still to come, Gamma-Gamma for how much each is worth — with P(alive), expected
//! purchases and spend over a horizon, and CLV discounted monthly, per customer.

use std::collections::HashMap;
use std::fmt::Write as _;

use anyhow::{Result, anyhow, bail};
use icp_orders::clv::{
    self, ClvOptions, CustomerSummary, FitOptions, Transaction, WEEKS_PER_MONTH,
};
use icp_orders::rfm::{self, LineFate};
use serde_json::json;

use crate::cli::ClvArgs;
use crate::orders;
use crate::output::{self, thousands};

/// What the lifetime-value fit found.
pub struct ClvResult {
    pub names: Vec<String>,
    pub summaries: Vec<CustomerSummary>,
    pub values: Vec<clv::CustomerValue>,
    pub bg: clv::BgNbdFit,
    pub gg: clv::GammaGammaFit,
    pub report: String,
    pub end: i64,
}

pub fn run(args: &ClvArgs, quiet: bool) -> Result<()> {
    let ClvResult { names, summaries, values, bg, gg, report, end } = compute(args)?;
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let total_clv: f64 = values.iter().map(|v| v.clv).sum();
    let total_purchases: f64 = values.iter().map(|v| v.expected_purchases).sum();
    let repeat = summaries.iter().filter(|s| s.frequency > 0).count();

    if let Some(path) = &args.output {
        let mut csv = String::from(
            "customer,frequency,recency,T,monetary_value,p_alive,expected_purchases,expected_average_profit,clv\n",
        );
        for (s, v) in summaries.iter().zip(&values) {
            let name = names[s.customer as usize];
            let name = if name.contains(',') { format!("\"{name}\"") } else { name.to_owned() };
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
        output::write_atomic(path, csv.as_bytes())?;
        output::note(quiet, &format!("wrote {} customers to {}", summaries.len(), path.display()));
    }
    let p = &bg.params;
    let g = &gg.params;
    if args.json {
        let report = json!({
            "customers": summaries.len(),
            "repeat_customers": repeat,
            "time_unit": "week",
            "observed_until": icp_frame::format_date(end as i32),
            "bgnbd": {"r": p.r, "alpha": p.alpha, "a": p.a, "b": p.b, "log_likelihood": bg.log_likelihood, "iterations": bg.convergence.iterations},
            "gamma_gamma": {"p": g.p, "q": g.q, "gamma": g.v, "log_likelihood": gg.log_likelihood, "iterations": gg.convergence.iterations},
            "horizon_months": args.horizon_months,
            "monthly_discount_rate": args.discount_rate,
            "expected_purchases": total_purchases,
            "clv": total_clv,
            "cleaning": report,
        });
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
        icp_frame::format_date(end as i32)
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
            names[s.customer as usize],
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

/// Fits BG/NBD and Gamma-Gamma to the orders the flags name.
pub fn compute(args: &ClvArgs) -> Result<ClvResult> {
    let orders = orders::load(&args.orders)?;
    let frame = &orders.table.frame;
    let c = &orders.columns;
    let customer_column = frame.column(&c.customer).expect("resolved");
    let keys: Vec<Option<String>> =
        (0..frame.rows()).map(|i| icp_project::key_text(customer_column, i)).collect();
    // The same order lines (and the same cleaning) as `icp rfm`; without cleaning every
    // complete line is a purchase (zero-priced ones included, as in CDNOW).
    let (times, amounts, cleaned) = rfm::with_frame_lines(frame, c, |lines| {
        let cleaned =
            if args.orders.no_cleaning { None } else { Some(rfm::clean(lines, &orders.cleaning)?) };
        Ok((lines.timestamp.to_vec(), lines.amount.to_vec(), cleaned))
    })?;
    let (fates, report) = match cleaned {
        Some(cleaned) => (cleaned.fates, cleaned.report.to_string()),
        None => {
            let fates: Vec<LineFate> = (0..frame.rows())
                .map(|i| {
                    if keys[i].is_some() && times[i] != i64::MIN && amounts[i].is_finite() {
                        LineFate::Purchase
                    } else {
                        LineFate::Incomplete
                    }
                })
                .collect();
            (fates, "none (--no-cleaning)".to_owned())
        }
    };
    // A calibration period: purchases after `--until` are left out of the fit.
    let until_day = match &args.until {
        Some(d) => Some(
            crate::orders::parse_day(d).ok_or_else(|| anyhow!("--until `{d}` is not YYYY-MM-DD"))?
                as i64,
        ),
        None => None,
    };
    let counted = |i: usize| {
        fates[i] == LineFate::Purchase && until_day.is_none_or(|u| times[i].div_euclid(86_400) <= u)
    };
    // Customers as indices; time in weeks from the first purchase day (lifetimes' freq="W").
    let mut index: HashMap<&str, u32> = HashMap::new();
    let mut names: Vec<&str> = Vec::new();
    let mut transactions = Vec::new();
    let first_day = (0..frame.rows())
        .filter(|&i| counted(i))
        .map(|i| times[i].div_euclid(86_400))
        .min()
        .ok_or_else(|| anyhow!("no purchase is left after cleaning: {report}"))?;
    let mut last_day = first_day;
    for i in 0..frame.rows() {
        if !counted(i) {
            continue;
        }
        let key = keys[i].as_deref().expect("cleaning drops lines without a customer");
        let id = *index.entry(key).or_insert_with(|| {
            names.push(key);
            (names.len() - 1) as u32
        });
        let day = times[i].div_euclid(86_400);
        last_day = last_day.max(day);
        transactions.push(Transaction {
            customer: id,
            day: (day - first_day) as f64,
            amount: amounts[i],
        });
    }
    let end = match (until_day, orders.reference_day) {
        (Some(u), _) => u,
        (None, Some(d)) => i64::from(d) - 1,
        (None, None) => last_day,
    };
    if end < last_day {
        bail!("the reference date is before some purchases; pick a later one or leave it out");
    }
    // Purchases are told apart by day; recency and T are then measured in weeks of seven days
    // (continuous, as in Fader, Hardie & Lee's CDNOW analysis), not calendar weeks.
    let summaries: Vec<CustomerSummary> =
        clv::summary(&transactions, (end - first_day) as f64, 1.0)?
            .into_iter()
            .map(|s| CustomerSummary { recency: s.recency / 7.0, age: s.age / 7.0, ..s })
            .collect();
    let options = FitOptions::default();
    let bg = clv::fit_bgnbd(&summaries, &options)?;
    let gg = clv::fit_gamma_gamma(&summaries, &options)?;
    let horizon = ClvOptions {
        periods: args.horizon_months,
        period_length: WEEKS_PER_MONTH,
        discount_rate: args.discount_rate,
    };
    let values = clv::score(&bg.params, &gg.params, &summaries, &horizon)?;
    let names = names.into_iter().map(str::to_owned).collect();
    Ok(ClvResult { names, summaries, values, bg, gg, report, end })
}
