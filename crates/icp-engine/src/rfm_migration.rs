//! RFM migration: the same buyers' RFM groups in two periods of the orders table — orders
//! before a split date, with recency measured at the split, and orders from the split on,
//! measured at the reference date — and a matrix of how many customers moved from each group
//! to each other (Champions → At risk …), with a row for customers new in the later period
//! and a column for those who did not order again.

use std::collections::HashMap;

use icp_frame::{ColumnData, Frame};
use icp_orders::rfm::{CustomerKey, Group, Rfm, RfmOptions};
use serde::Serialize;

use crate::error::{Code, EngineError, Result};
use crate::orders::Orders;

/// The row label of customers with no order before the split.
pub const NEW_LATER: &str = "new later";

/// The column label of customers with no order from the split on.
pub const NO_ORDER_LATER: &str = "no order later";

/// One period's RFM, in brief.
#[derive(Debug, Clone, Serialize)]
pub struct Period {
    /// First order day counted (YYYY-MM-DD), when there is one.
    pub from: Option<String>,
    /// The date recency is measured at.
    pub reference_date: String,
    /// Customers with a purchase in the period.
    pub customers: usize,
    /// Customers per group, in the order of `RfmMigration::groups`.
    pub per_group: Vec<usize>,
}

/// How many customers moved from one group to another.
#[derive(Debug, Clone, Serialize)]
pub struct Move {
    /// Group before the split (or [`NEW_LATER`]).
    pub from: String,
    /// Group after (or [`NO_ORDER_LATER`]).
    pub to: String,
    /// Customers.
    pub customers: u64,
    /// Share of the `from` row.
    pub share_of_from: f64,
}

/// The migration between RFM groups across a split date.
#[derive(Debug, Clone, Serialize)]
pub struct RfmMigration {
    /// The split date: the first day of the later period.
    pub split: String,
    /// The earlier period.
    pub before: Period,
    /// The later period.
    pub after: Period,
    /// The group names, in RFM's order.
    pub groups: Vec<String>,
    /// Row labels: the groups, then [`NEW_LATER`].
    pub rows: Vec<String>,
    /// Column labels: the groups, then [`NO_ORDER_LATER`].
    pub columns: Vec<String>,
    /// `counts[row][column]`: customers.
    pub counts: Vec<Vec<u64>>,
    /// Customers who ordered in both periods.
    pub in_both: u64,
    /// The largest moves between different groups, biggest first.
    pub moves: Vec<Move>,
    /// Lifetime value per group then and now, when both models could be fitted.
    pub clv: Option<crate::clv_compare::ClvThenNow>,
    /// Why there is no lifetime value then and now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clv_unavailable: Option<String>,
}

/// Order days of the frame's timestamp column (missing: `None`).
fn order_days(frame: &Frame, column: &str) -> Result<Vec<Option<i32>>> {
    let col = frame.column(column).ok_or_else(|| {
        EngineError::invalid(Code::NoDateColumn, format!("the orders have no column `{column}`"))
    })?;
    Ok(match &col.data {
        ColumnData::Date(v) => {
            v.iter().map(|&d| (d != icp_frame::MISSING_DATE).then_some(d)).collect()
        }
        ColumnData::DateTime(v) => v
            .iter()
            .map(|&s| (s != icp_frame::MISSING_DATETIME).then(|| s.div_euclid(86_400) as i32))
            .collect(),
        _ => {
            return Err(EngineError::invalid(
                Code::NotADate,
                format!("the orders' column `{column}` holds no dates"),
            ));
        }
    })
}

fn groups_of(rfm: &Rfm) -> HashMap<&CustomerKey, Group> {
    rfm.customers.iter().map(|c| (&c.customer, c.group)).collect()
}

fn period(rfm: &Rfm, first_day: Option<i32>) -> Period {
    Period {
        from: first_day.map(icp_frame::format_date),
        reference_date: rfm.reference_date(),
        customers: rfm.customers.len(),
        per_group: Group::ALL
            .iter()
            .map(|g| rfm.customers.iter().filter(|c| c.group == *g).count())
            .collect(),
    }
}

/// RFM groups before `split` (a day, days since 1970-01-01) and from it on, and the
/// migration between them.
pub fn rfm_migration(orders: &Orders<'_>, split: i32) -> Result<RfmMigration> {
    let frame = &orders.table.frame;
    let days = order_days(frame, &orders.columns.timestamp)?;
    let (mut early, mut late) = (Vec::new(), Vec::new());
    for (row, day) in days.iter().enumerate() {
        match day {
            Some(d) if *d >= split => late.push(row),
            // Lines without a date go to the first period, where cleaning counts them.
            _ => early.push(row),
        }
    }
    let first = |rows: &[usize]| rows.iter().filter_map(|&r| days[r]).min();
    let split_text = icp_frame::format_date(split);
    if early.is_empty() || late.is_empty() || first(&early).is_none() {
        return Err(EngineError::invalid(
            Code::BadDate,
            format!(
                "the split date {split_text} leaves no orders on one side: the orders run from {} to {}",
                days.iter().flatten().min().map_or("-".into(), |&d| icp_frame::format_date(d)),
                days.iter().flatten().max().map_or("-".into(), |&d| icp_frame::format_date(d)),
            ),
        ));
    }
    let options = |reference_day| RfmOptions {
        cleaning: orders.cleaning.clone(),
        reference_day,
        ..RfmOptions::default()
    };
    let before =
        icp_orders::rfm::rfm_frame(&frame.take(&early), &orders.columns, &options(Some(split)))?;
    let after = icp_orders::rfm::rfm_frame(
        &frame.take(&late),
        &orders.columns,
        &options(orders.reference_day),
    )?;
    let n = Group::ALL.len();
    let index = |g: Group| Group::ALL.iter().position(|x| *x == g).unwrap_or(0);
    let mut counts = vec![vec![0u64; n + 1]; n + 1];
    let later = groups_of(&after);
    let mut in_both = 0;
    for c in &before.customers {
        let to = match later.get(&c.customer) {
            Some(g) => {
                in_both += 1;
                index(*g)
            }
            None => n,
        };
        counts[index(c.group)][to] += 1;
    }
    let earlier = groups_of(&before);
    for c in &after.customers {
        if !earlier.contains_key(&c.customer) {
            counts[n][index(c.group)] += 1;
        }
    }
    let groups: Vec<String> = Group::ALL.iter().map(|g| g.name().to_owned()).collect();
    let rows: Vec<String> = groups.iter().cloned().chain([NEW_LATER.to_owned()]).collect();
    let columns: Vec<String> = groups.iter().cloned().chain([NO_ORDER_LATER.to_owned()]).collect();
    let mut moves = Vec::new();
    for (i, row) in counts.iter().enumerate() {
        let total: u64 = row.iter().sum();
        for (j, &k) in row.iter().enumerate() {
            if i != j && k > 0 {
                moves.push(Move {
                    from: rows[i].clone(),
                    to: columns[j].clone(),
                    customers: k,
                    share_of_from: k as f64 / total as f64,
                });
            }
        }
    }
    moves.sort_by(|a, b| b.customers.cmp(&a.customers).then_with(|| a.from.cmp(&b.from)));
    moves.truncate(10);
    let (clv, clv_unavailable) =
        match crate::clv_compare::clv_then_now(orders, split, &before, &after, NO_ORDER_LATER) {
            Ok(c) => (Some(c), None),
            Err(e) => (None, Some(e.to_string())),
        };
    Ok(RfmMigration {
        clv,
        clv_unavailable,
        split: split_text,
        before: period(&before, first(&early)),
        after: period(&after, first(&late)),
        groups,
        rows,
        columns,
        counts,
        in_both,
        moves,
    })
}
