//! RFM for buyers: documented cleaning, quintile scores, named groups with actions, habits.

use icp_orders::rfm::{Rfm, RfmOptions};

use crate::error::Result;
use crate::orders::Orders;

/// RFM over `orders`, cleaned as they say.
pub fn rfm(orders: &Orders<'_>) -> Result<Rfm> {
    let options = RfmOptions {
        cleaning: orders.cleaning.clone(),
        reference_day: orders.reference_day,
        ..RfmOptions::default()
    };
    Ok(icp_orders::rfm::rfm_frame(&orders.table.frame, &orders.columns, &options)?)
}

/// What cleaning did to the order lines.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CleaningSummary {
    /// Lines read.
    pub lines: usize,
    /// Dropped: no customer.
    pub missing_customer: usize,
    /// Dropped: no date or amount.
    pub incomplete: usize,
    /// Dropped: cancellations.
    pub cancellations: usize,
    /// Returns (dropped or netted).
    pub returns: usize,
    /// Dropped: non-product codes (postage, fees).
    pub non_product: usize,
    /// Dropped: zero or negative prices.
    pub non_positive_price: usize,
    /// Purchase lines kept.
    pub purchase_lines: usize,
}

/// One RFM group.
#[derive(Debug, Clone, serde::Serialize)]
pub struct GroupSummary {
    /// Its name.
    pub group: &'static str,
    /// Customers in it.
    pub customers: usize,
    /// Share of customers.
    pub share: f64,
    /// Mean days since the last order.
    pub mean_recency_days: f64,
    /// Mean orders.
    pub mean_frequency: f64,
    /// Mean spend.
    pub mean_monetary: f64,
    /// Share of all spend.
    pub monetary_share: f64,
    /// What to do.
    pub action: String,
    /// Whether to approach them at all.
    pub approach: bool,
}

/// RFM's findings as data (what `--json` prints and the server returns).
#[derive(Debug, Clone, serde::Serialize)]
pub struct RfmSummary {
    /// The date recency is measured at.
    pub reference_date: String,
    /// Orders counted.
    pub orders: usize,
    /// Customers.
    pub customers: usize,
    /// What cleaning did.
    pub cleaning: CleaningSummary,
    /// Every group, empty ones included.
    pub groups: Vec<GroupSummary>,
    /// Order lines dated after the reference date, left out.
    pub after_reference: usize,
    /// What the user should know before trusting the groups, in words (never a value).
    pub warnings: Vec<String>,
}

/// Orders after the reference date and measures that cannot tell customers apart, in words.
pub fn warnings(result: &Rfm) -> Vec<String> {
    let mut out = Vec::new();
    if result.after_reference > 0 {
        out.push(format!(
            "{} order lines are dated after the reference date {} and were left out",
            result.after_reference,
            result.reference_date()
        ));
    }
    out.extend(result.ties.iter().map(ToString::to_string));
    out
}

/// The findings of `result` as data.
pub fn summary(result: &Rfm) -> RfmSummary {
    let c = &result.cleaning;
    RfmSummary {
        reference_date: icp_frame::format_date(result.reference_day),
        orders: result.orders,
        customers: result.customers.len(),
        cleaning: CleaningSummary {
            lines: c.lines,
            missing_customer: c.missing_customer,
            incomplete: c.incomplete,
            cancellations: c.cancellations,
            returns: c.returns,
            non_product: c.non_product,
            non_positive_price: c.non_positive_price,
            purchase_lines: c.purchase_lines,
        },
        groups: result
            .groups
            .iter()
            .map(|g| GroupSummary {
                group: g.group.name(),
                customers: g.customers,
                share: g.share,
                mean_recency_days: g.mean_recency_days,
                mean_frequency: g.mean_frequency,
                mean_monetary: g.mean_monetary,
                monetary_share: g.monetary_share,
                action: g.action.text.clone(),
                approach: g.action.approach,
            })
            .collect(),
        after_reference: result.after_reference,
        warnings: warnings(result),
    }
}
