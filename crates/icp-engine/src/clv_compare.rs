//! Lifetime value then and now, per RFM group: what the CLV model (BG/NBD + Gamma-Gamma)
//! expects of each group's customers when fitted to the orders before a split date, beside
//! what it expects when fitted to all the orders — the quarterly review's "are our best
//! customers still worth what they were?" for a shop.
//!
//! Then: the model fitted to purchases before the split (the split is its reference date),
//! customers in their RFM group before the split. Now: the model fitted to every purchase up
//! to the reference date, customers in their RFM group of the later period; those who did
//! not order again form their own row. Both over the same horizon and discount rate.

use std::collections::HashMap;

use icp_orders::rfm::{CustomerKey, Group, Rfm};
use serde::Serialize;

use crate::clv::{ClvRequest, ClvResult, clv};
use crate::error::Result;
use crate::orders::Orders;

/// One group's expected value.
#[derive(Debug, Clone, Serialize)]
pub struct GroupValue {
    /// The RFM group (or "no order later").
    pub group: String,
    /// Customers valued.
    pub customers: u64,
    /// Mean discounted lifetime value over the horizon.
    pub mean_clv: f64,
    /// Median of it (less swayed by a few large buyers).
    pub median_clv: f64,
    /// Mean expected purchases over the horizon.
    pub mean_purchases: f64,
    /// Mean probability of still being a customer.
    pub mean_alive: f64,
}

/// Lifetime value per group, then and now.
#[derive(Debug, Clone, Serialize)]
pub struct ClvThenNow {
    /// Months ahead each value covers.
    pub horizon_months: u32,
    /// The last day of the orders the "then" model learned from.
    pub then_until: String,
    /// The last day of the orders the "now" model learned from.
    pub now_until: String,
    /// Per group, the model fitted before the split (groups before the split).
    pub then: Vec<GroupValue>,
    /// Per group, the model fitted to all orders (groups of the later period, then the
    /// customers who did not order again).
    pub now: Vec<GroupValue>,
    /// Total expected value of the customers known then, by the "then" model.
    pub then_total: f64,
    /// Total expected value of every customer, by the "now" model.
    pub now_total: f64,
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }
}

/// Each group's value in `fit`, customers placed by `group_of` (`None`: left out).
fn per_group(
    fit: &ClvResult,
    labels: &[String],
    group_of: impl Fn(&str) -> Option<String>,
) -> Vec<GroupValue> {
    let mut by: HashMap<String, Vec<usize>> = HashMap::new();
    for (k, v) in fit.values.iter().enumerate() {
        let name = same_id(&fit.names[v.customer as usize]);
        if let Some(g) = group_of(&name) {
            by.entry(g).or_default().push(k);
        }
    }
    labels
        .iter()
        .filter_map(|label| {
            let members = by.get(label)?;
            let n = members.len() as f64;
            let mean = |f: &dyn Fn(usize) -> f64| members.iter().map(|&k| f(k)).sum::<f64>() / n;
            Some(GroupValue {
                group: label.clone(),
                customers: members.len() as u64,
                mean_clv: mean(&|k| fit.values[k].clv),
                median_clv: median(members.iter().map(|&k| fit.values[k].clv).collect()),
                mean_purchases: mean(&|k| fit.values[k].expected_purchases),
                mean_alive: mean(&|k| fit.values[k].probability_alive),
            })
        })
        .collect()
}

fn groups_by_name(rfm: &Rfm) -> HashMap<String, Group> {
    rfm.customers.iter().map(|c| (key(&c.customer), c.group)).collect()
}

/// A customer id as both fits can match it: RFM writes a numeric id read as a number
/// `14646.0` where lifetime value writes `14646`.
fn key(k: &CustomerKey) -> String {
    same_id(&k.to_string())
}

fn same_id(id: &str) -> String {
    match id.parse::<f64>() {
        Ok(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", x as i64),
        _ => id.to_owned(),
    }
}

/// Lifetime value per group before `split` (a day) and at the end of the orders; `before`
/// and `after` are the two periods' RFM (as the migration computes them).
pub fn clv_then_now(
    orders: &Orders<'_>,
    split: i32,
    before: &Rfm,
    after: &Rfm,
    no_order_later: &str,
) -> Result<ClvThenNow> {
    let request = ClvRequest::default();
    let then_fit = clv(
        orders,
        &ClvRequest { until: Some(icp_frame::format_date(split - 1)), ..request.clone() },
    )?;
    let now_fit = clv(orders, &request)?;
    let labels: Vec<String> = Group::ALL.iter().map(|g| g.name().to_owned()).collect();
    let (early, late) = (groups_by_name(before), groups_by_name(after));
    let then = per_group(&then_fit, &labels, |name| early.get(name).map(|g| g.name().to_owned()));
    let mut now_labels = labels.clone();
    now_labels.push(no_order_later.to_owned());
    let now = per_group(&now_fit, &now_labels, |name| match late.get(name) {
        Some(g) => Some(g.name().to_owned()),
        None => early.contains_key(name).then(|| no_order_later.to_owned()),
    });
    let total = |fit: &ClvResult| fit.values.iter().map(|v| v.clv).sum();
    Ok(ClvThenNow {
        horizon_months: request.horizon_months,
        then_until: icp_frame::format_date(then_fit.end as i32),
        now_until: icp_frame::format_date(now_fit.end as i32),
        then_total: total(&then_fit),
        now_total: total(&now_fit),
        then,
        now,
    })
}
