//! Customer lifetime value from orders: BG/NBD for how many purchases are still to come,
//! Gamma-Gamma for how much each is worth, with P(alive), expected purchases and spend over
//! a horizon, and lifetime value discounted monthly, per customer.

use std::collections::HashMap;

use icp_orders::clv::{
    self, BgNbdFit, ClvOptions, CustomerSummary, CustomerValue, FitOptions, GammaGammaFit,
    Transaction, WEEKS_PER_MONTH,
};
use icp_orders::rfm::{self, LineFate};

use crate::error::{Code, EngineError, Result};
use crate::orders::Orders;

/// The penalties tried, smallest first, when the fit asked for has no finite maximum.
pub const AUTO_PENALIZERS: [f64; 3] = [0.001, 0.01, 0.1];

/// Whether a fit ran off towards the edge of the parameter space (a parameter above 1e5:
/// the likelihood kept improving without bound).
fn runaway(bg: &BgNbdFit, gg: &GammaGammaFit) -> bool {
    let (p, g) = (&bg.params, &gg.params);
    [p.r, p.alpha, p.a, p.b, g.p, g.q, g.v].iter().any(|v| !v.is_finite() || *v > 1e5)
}

/// How to value customers.
#[derive(Debug, Clone)]
pub struct ClvRequest {
    /// How far ahead, in months.
    pub horizon_months: u32,
    /// Discount rate per month.
    pub discount_rate: f64,
    /// Learn from purchases up to this date only (`YYYY-MM-DD`).
    pub until: Option<String>,
    /// L2 penalty on the model parameters (lifetimes' `penalizer_coef`; 0 = none). A small
    /// one (0.001) steadies fits on small or flat samples.
    pub penalizer: f64,
}

impl Default for ClvRequest {
    fn default() -> Self {
        ClvRequest { horizon_months: 12, discount_rate: 0.01, until: None, penalizer: 0.0 }
    }
}

/// Customers whose first purchase is this close to the end of the data (in weeks: one
/// month) have too little history for the model to say anything about them in particular.
pub const RECENT_WEEKS: f64 = WEEKS_PER_MONTH;

/// What the lifetime-value fit found.
#[derive(Debug)]
pub struct ClvResult {
    /// Customer ids, indexed by [`CustomerSummary::customer`] (for files the user asked for).
    pub names: Vec<String>,
    /// How customers are shown on a screen or a report: their ids, or `row N` (the row of
    /// their first order) when the id column is personal data.
    pub shown: Vec<String>,
    /// One summary per customer.
    pub summaries: Vec<CustomerSummary>,
    /// One value per customer (same order as `summaries`).
    pub values: Vec<CustomerValue>,
    /// The BG/NBD fit.
    pub bg: BgNbdFit,
    /// The Gamma-Gamma fit.
    pub gg: GammaGammaFit,
    /// What cleaning did, in words.
    pub cleaning: String,
    /// The last day observed (days since 1970-01-01).
    pub end: i64,
    /// The horizon in months.
    pub horizon_months: u32,
    /// The monthly discount rate.
    pub discount_rate: f64,
    /// Purchase lines dated after the reference date, left out.
    pub after_reference: usize,
    /// Customers first seen within [`RECENT_WEEKS`] of the end of the data.
    pub recent_customers: usize,
    /// The penalty icp added because the unpenalised fit had no finite maximum.
    pub auto_penalizer: Option<f64>,
    /// The penalty the fit used.
    pub penalizer: f64,
}

impl ClvResult {
    /// What the user should know before trusting the figures, in words (never a value).
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.after_reference > 0 {
            out.push(format!(
                "{} purchase lines are dated on or after the reference date {} and were left out",
                self.after_reference,
                icp_frame::format_date((self.end + 1) as i32)
            ));
        }
        if let Some(penalizer) = self.auto_penalizer {
            out.push(format!(
                "without a penalty the fit had no finite maximum (too little spread in how often \
                 or how much customers buy), so it was fitted with a penalty of {penalizer} on \
                 the parameters"
            ));
        }
        if self.recent_customers > 0 {
            out.push(format!(
                "{} of {} customers were first seen in the last month of the data: with so \
                 little history their figures are the model's average for a new customer, not \
                 evidence about them",
                self.recent_customers,
                self.summaries.len()
            ));
        }
        out
    }
}

/// Fits BG/NBD and Gamma-Gamma to `orders`.
pub fn clv(orders: &Orders<'_>, request: &ClvRequest) -> Result<ClvResult> {
    let frame = &orders.table.frame;
    let c = &orders.columns;
    let customer_column = frame.column(&c.customer).ok_or_else(|| {
        EngineError::invalid(Code::NoSuchColumn, format!("no column `{}`", c.customer))
    })?;
    let keys: Vec<Option<String>> =
        (0..frame.rows()).map(|i| icp_project::key_text(customer_column, i)).collect();
    // The same order lines (and the same cleaning) as RFM; without cleaning every complete
    // line is a purchase (zero-priced ones included, as in CDNOW).
    let (times, amounts, cleaned) = rfm::with_frame_lines(frame, c, |lines| {
        let cleaned =
            if orders.no_cleaning { None } else { Some(rfm::clean(lines, &orders.cleaning)?) };
        Ok((lines.timestamp.to_vec(), lines.amount.to_vec(), cleaned))
    })?;
    let (fates, cleaning) = match cleaned {
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
            (fates, "none (cleaning off)".to_owned())
        }
    };
    // A calibration period: purchases after `until` are left out of the fit.
    let until_day = match &request.until {
        Some(d) => Some(i64::from(icp_frame::parse_iso_day(d.trim()).ok_or_else(|| {
            EngineError::invalid(
                Code::BadDate,
                format!("the end of calibration `{d}` is not YYYY-MM-DD"),
            )
        })?)),
        None => None,
    };
    // The last day of history: the end of calibration, else the day before the reference
    // date. Purchases after it are left out (and, after a reference date, counted).
    let last_allowed = until_day.or(orders.reference_day.map(|d| i64::from(d) - 1));
    let counted = |i: usize| {
        fates[i] == LineFate::Purchase
            && last_allowed.is_none_or(|u| times[i].div_euclid(86_400) <= u)
    };
    let after_reference = match (until_day, last_allowed) {
        (None, Some(last)) => (0..frame.rows())
            .filter(|&i| fates[i] == LineFate::Purchase && times[i].div_euclid(86_400) > last)
            .count(),
        _ => 0,
    };
    // Customers as indices; time in weeks from the first purchase day (lifetimes' freq="W").
    let mut index: HashMap<&str, u32> = HashMap::new();
    let mut names: Vec<&str> = Vec::new();
    let mut first_rows: Vec<usize> = Vec::new();
    let first_row = if orders.table.source.has_header { 2 } else { 1 };
    let mut transactions = Vec::new();
    let first_day = (0..frame.rows())
        .filter(|&i| counted(i))
        .map(|i| times[i].div_euclid(86_400))
        .min()
        .ok_or_else(|| {
            EngineError::invalid(
                Code::Other,
                if after_reference > 0 {
                    format!(
                        "no purchase is left: all {after_reference} are dated on or after the reference date"
                    )
                } else {
                    format!("no purchase is left after cleaning: {cleaning}")
                },
            )
        })?;
    let mut last_day = first_day;
    for i in 0..frame.rows() {
        if !counted(i) {
            continue;
        }
        let Some(key) = keys[i].as_deref() else { continue };
        let id = *index.entry(key).or_insert_with(|| {
            names.push(key);
            first_rows.push(first_row + i);
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
    let end = last_allowed.unwrap_or(last_day);
    // Purchases are told apart by day; recency and T are then measured in weeks of seven days
    // (continuous, as in Fader, Hardie & Lee's CDNOW analysis), not calendar weeks.
    let summaries: Vec<CustomerSummary> =
        clv::summary(&transactions, (end - first_day) as f64, 1.0)?
            .into_iter()
            .map(|s| CustomerSummary { recency: s.recency / 7.0, age: s.age / 7.0, ..s })
            .collect();
    let horizon = ClvOptions {
        periods: request.horizon_months,
        period_length: WEEKS_PER_MONTH,
        discount_rate: request.discount_rate,
    };
    let fit = |penalizer: f64| -> std::result::Result<_, clv::ClvError> {
        let options = FitOptions { penalizer, ..FitOptions::default() };
        let bg = clv::fit_bgnbd(&summaries, &options)?;
        let gg = clv::fit_gamma_gamma(&summaries, &options)?;
        let values = clv::score(&bg.params, &gg.params, &summaries, &horizon)?;
        Ok((bg, gg, values))
    };
    // Without a penalty, flat data (little spread in how often or how much people buy) has
    // no finite maximum: the parameters run off towards infinity. Such a fit is redone with
    // a small penalty, and the result says so, rather than refused.
    let first = fit(request.penalizer);
    let unbounded = match &first {
        Ok((bg, gg, _)) => runaway(bg, gg),
        Err(clv::ClvError::NotConverged { .. } | clv::ClvError::Numerical(_)) => true,
        Err(_) => false,
    };
    let (fitted, auto_penalizer) = if unbounded {
        // The smallest of a few growing penalties that gives a bounded fit.
        let refit = AUTO_PENALIZERS
            .into_iter()
            .filter(|&p| p > request.penalizer)
            .find_map(|p| fit(p).ok().filter(|(bg, gg, _)| !runaway(bg, gg)).map(|f| (f, p)));
        match refit {
            Some((refit, p)) => (refit, Some(p)),
            None => (first?, None),
        }
    } else {
        (first?, None)
    };
    let (bg, gg, values) = fitted;
    let shown = match orders.personal {
        Some(_) => first_rows.iter().map(|r| format!("row {r}")).collect(),
        None => names.iter().map(|n| (*n).to_owned()).collect(),
    };
    let names = names.into_iter().map(str::to_owned).collect();
    let recent_customers = summaries.iter().filter(|s| s.age < RECENT_WEEKS).count();
    Ok(ClvResult {
        names,
        shown,
        summaries,
        values,
        bg,
        gg,
        cleaning,
        end,
        horizon_months: request.horizon_months,
        discount_rate: request.discount_rate,
        after_reference,
        recent_customers,
        auto_penalizer,
        penalizer: auto_penalizer.unwrap_or(request.penalizer),
    })
}

/// A fitted model's parameters as data.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BgNbdSummary {
    /// Shape of the purchase-rate distribution.
    pub r: f64,
    /// Scale of the purchase-rate distribution.
    pub alpha: f64,
    /// Dropout Beta's a.
    pub a: f64,
    /// Dropout Beta's b.
    pub b: f64,
    /// Log-likelihood at the fit.
    pub log_likelihood: f64,
    /// Iterations the search took.
    pub iterations: usize,
}

/// The Gamma-Gamma fit as data.
#[derive(Debug, Clone, serde::Serialize)]
pub struct GammaGammaSummary {
    /// Shape of a purchase's value.
    pub p: f64,
    /// Shape of the customers' mean value.
    pub q: f64,
    /// Scale of the customers' mean value.
    pub gamma: f64,
    /// Log-likelihood at the fit.
    pub log_likelihood: f64,
    /// Iterations the search took.
    pub iterations: usize,
}

/// Lifetime value's findings as data (what `--json` prints and the server returns).
#[derive(Debug, Clone, serde::Serialize)]
pub struct ClvSummary {
    /// Customers.
    pub customers: usize,
    /// Customers who bought more than once.
    pub repeat_customers: usize,
    /// The unit recency and T are in.
    pub time_unit: &'static str,
    /// The last day observed.
    pub observed_until: String,
    /// The BG/NBD fit.
    pub bgnbd: BgNbdSummary,
    /// The Gamma-Gamma fit.
    pub gamma_gamma: GammaGammaSummary,
    /// The horizon in months.
    pub horizon_months: u32,
    /// The monthly discount rate.
    pub monthly_discount_rate: f64,
    /// Expected purchases over the horizon, all customers.
    pub expected_purchases: f64,
    /// Discounted lifetime value over the horizon, all customers.
    pub clv: f64,
    /// What cleaning did, in words.
    pub cleaning: String,
    /// Purchase lines on or after the reference date, left out.
    pub after_reference: usize,
    /// Customers first seen in the last month of the data.
    pub recent_customers: usize,
    /// The penalty on the parameters the fit used (given, or added because the fit without
    /// it had no finite maximum).
    pub penalizer: f64,
    /// What to know before trusting the figures.
    pub warnings: Vec<String>,
}

impl ClvResult {
    /// The findings as data.
    pub fn summary(&self) -> ClvSummary {
        let (p, g) = (&self.bg.params, &self.gg.params);
        ClvSummary {
            customers: self.summaries.len(),
            repeat_customers: self.summaries.iter().filter(|s| s.frequency > 0).count(),
            time_unit: "week",
            observed_until: icp_frame::format_date(self.end as i32),
            bgnbd: BgNbdSummary {
                r: p.r,
                alpha: p.alpha,
                a: p.a,
                b: p.b,
                log_likelihood: self.bg.log_likelihood,
                iterations: self.bg.convergence.iterations,
            },
            gamma_gamma: GammaGammaSummary {
                p: g.p,
                q: g.q,
                gamma: g.v,
                log_likelihood: self.gg.log_likelihood,
                iterations: self.gg.convergence.iterations,
            },
            horizon_months: self.horizon_months,
            monthly_discount_rate: self.discount_rate,
            expected_purchases: self.values.iter().map(|v| v.expected_purchases).sum(),
            clv: self.values.iter().map(|v| v.clv).sum(),
            cleaning: self.cleaning.clone(),
            after_reference: self.after_reference,
            recent_customers: self.recent_customers,
            penalizer: self.penalizer,
            warnings: self.warnings(),
        }
    }
}
