//! `icp-clv-bench`: times the BG/NBD and Gamma-Gamma fits of `icp_orders::clv` on the CDNOW
//! summaries, and the predictions made with them, for `bench/clv.sh`.
//!
//! ```text
//! icp-clv-bench --summary cdnow_customers_summary.csv \
//!               --spend cdnow_customers_summary_with_transactions.csv [--repeat N] [--values]
//! ```
//!
//! - `--summary`: `ID,frequency,recency,T` (weeks); the BG/NBD model is fitted to all rows.
//! - `--spend`: `ID,x,t_x,T,zbar`; the Gamma-Gamma model is fitted to the rows with `x > 0`,
//!   and the predictions (P(alive), expected purchases in the next 39 weeks, 12-month CLV at
//!   1 % a month with 4.345 weeks a month) are made for every row with the fitted parameters.
//!
//! The files are read once; then the fits (and the predictions) are repeated `--repeat` times
//! (default 10) on one thread and the median and minimum times are reported as one JSON line,
//! with the parameters, log-likelihoods and convergence. `--values` adds the per-customer
//! predictions, so that they can be compared with another tool.

use std::process::ExitCode;
use std::time::Instant;

use icp_orders::clv::{self, ClvOptions, CustomerSummary, FitOptions};

struct Args {
    summary: String,
    spend: String,
    repeat: usize,
    values: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let (mut summary, mut spend, mut repeat, mut values) = (None, None, 10, false);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--summary" => summary = args.next(),
            "--spend" => spend = args.next(),
            "--repeat" => {
                repeat = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .filter(|&n| n > 0)
                    .ok_or("--repeat needs a positive integer")?
            }
            "--values" => values = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(Args {
        summary: summary.ok_or("--summary FILE is required")?,
        spend: spend.ok_or("--spend FILE is required")?,
        repeat,
        values,
    })
}

/// Reads a comma-separated file with a header; returns the requested columns as numbers.
fn read_columns(path: &str, names: &[&str]) -> Result<Vec<Vec<f64>>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<&str> =
        lines.next().ok_or(format!("{path}: empty file"))?.split(',').map(str::trim).collect();
    let index: Vec<usize> = names
        .iter()
        .map(|n| header.iter().position(|h| h == n).ok_or(format!("{path}: no column {n}")))
        .collect::<Result<_, _>>()?;
    let mut columns = vec![Vec::new(); names.len()];
    for (row, line) in lines.enumerate() {
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        for (c, &i) in index.iter().enumerate() {
            let v = fields.get(i).and_then(|v| v.parse::<f64>().ok()).ok_or(format!(
                "{path}: row {}: column {} is not a number",
                row + 2,
                names[c]
            ))?;
            columns[c].push(v);
        }
    }
    Ok(columns)
}

fn summaries(cols: &[Vec<f64>]) -> Vec<CustomerSummary> {
    (0..cols[0].len())
        .map(|i| CustomerSummary {
            customer: cols[0][i] as u32,
            frequency: cols[1][i] as u32,
            recency: cols[2][i],
            age: cols[3][i],
            monetary_value: cols.get(4).map_or(0.0, |m| m[i]),
        })
        .collect()
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 { v[n / 2] } else { 0.5 * (v[n / 2 - 1] + v[n / 2]) }
}

fn min(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::INFINITY, f64::min)
}

fn run(args: &Args) -> Result<String, String> {
    let start = Instant::now();
    let bg_data = summaries(&read_columns(&args.summary, &["ID", "frequency", "recency", "T"])?);
    let spend_data = summaries(&read_columns(&args.spend, &["ID", "x", "t_x", "T", "zbar"])?);
    let read_seconds = start.elapsed().as_secs_f64();

    let options = FitOptions::default();
    let clv_options = ClvOptions::lifetimes_weekly();
    let (mut t_bg, mut t_gg, mut t_fit, mut t_predict) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut last = None;
    for _ in 0..args.repeat {
        let t0 = Instant::now();
        let bg = clv::fit_bgnbd(&bg_data, &options).map_err(|e| e.to_string())?;
        let t1 = Instant::now();
        let gg = clv::fit_gamma_gamma(&spend_data, &options).map_err(|e| e.to_string())?;
        let t2 = Instant::now();
        let mut values = Vec::with_capacity(spend_data.len());
        for c in &spend_data {
            let alive = bg.params.probability_alive(c.frequency, c.recency, c.age);
            let e39 = bg
                .params
                .expected_purchases(39.0, c.frequency, c.recency, c.age)
                .map_err(|e| e.to_string())?;
            let value = clv::customer_lifetime_value(&bg.params, &gg.params, c, &clv_options)
                .map_err(|e| e.to_string())?;
            values.push([alive, e39, value]);
        }
        let t3 = Instant::now();
        t_bg.push((t1 - t0).as_secs_f64());
        t_gg.push((t2 - t1).as_secs_f64());
        t_fit.push((t2 - t0).as_secs_f64());
        t_predict.push((t3 - t2).as_secs_f64());
        last = Some((bg, gg, values));
    }
    let (bg, gg, values) = last.ok_or("no repetition ran")?;
    let p = bg.params;
    let q = gg.params;
    let clv_sum: f64 = values.iter().map(|v| v[2]).sum();
    let mut out = format!(
        concat!(
            "{{\"repeat\": {}, \"read_seconds\": {:.6}, ",
            "\"bgnbd\": {{\"r\": {:.10}, \"alpha\": {:.10}, \"a\": {:.10}, \"b\": {:.10}, \"log_likelihood\": {:.6}, ",
            "\"customers\": {}, \"iterations\": {}, \"evaluations\": {}, \"gradient_norm\": {:.3e}, ",
            "\"seconds_median\": {:.6}, \"seconds_min\": {:.6}}}, ",
            "\"gamma_gamma\": {{\"p\": {:.10}, \"q\": {:.10}, \"v\": {:.10}, \"log_likelihood\": {:.6}, ",
            "\"customers\": {}, \"iterations\": {}, \"evaluations\": {}, \"gradient_norm\": {:.3e}, ",
            "\"seconds_median\": {:.6}, \"seconds_min\": {:.6}}}, ",
            "\"fit_seconds_median\": {:.6}, \"fit_seconds_min\": {:.6}, ",
            "\"predict_seconds_median\": {:.6}, \"predict_customers\": {}, \"clv_sum\": {:.6}"
        ),
        args.repeat,
        read_seconds,
        p.r,
        p.alpha,
        p.a,
        p.b,
        bg.log_likelihood,
        bg.customers,
        bg.convergence.iterations,
        bg.convergence.evaluations,
        bg.convergence.gradient_norm,
        median(&mut t_bg),
        min(&t_bg),
        q.p,
        q.q,
        q.v,
        gg.log_likelihood,
        gg.customers,
        gg.convergence.iterations,
        gg.convergence.evaluations,
        gg.convergence.gradient_norm,
        median(&mut t_gg),
        min(&t_gg),
        median(&mut t_fit),
        min(&t_fit),
        median(&mut t_predict),
        values.len(),
        clv_sum,
    );
    if args.values {
        out.push_str(", \"values\": [");
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&format!("[{:e},{:e},{:e}]", v[0], v[1], v[2]));
        }
        out.push(']');
    }
    out.push('}');
    Ok(out)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("icp-clv-bench: {e}");
            eprintln!("usage: icp-clv-bench --summary FILE --spend FILE [--repeat N] [--values]");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("icp-clv-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
