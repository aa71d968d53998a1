//! The pipeline: clean → orders → RFM values → scores → groups → actions, with habits; its
//! options and its result.

use std::fmt;

use icp_frame::{MISSING_CODE, format_date};

use super::clean::prepare;
use super::groups::summarise;
use super::habits::habits;
use super::intern::{count_id, most_frequent};
use super::orders::{Order, Orders, build_orders, net_returns};
use super::scores::{Measure, Tie, distinct_values};
use super::{
    Actions, Cleaning, CleaningReport, Group, GroupMap, GroupSummary, Habits, OrderLines,
    ReturnHandling, RfmError, SECONDS_PER_DAY, SecondAxis, quintile_scores,
};

/// Everything [`rfm`] can be told. The default is every cleaning rule on, the day after the
/// last purchase as reference date, the FM axis, the standard map and the standard actions.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RfmOptions {
    /// The cleaning rules.
    pub cleaning: Cleaning,
    /// The reference date in days since 1970-01-01 (`None`: the day after the last
    /// purchase line).
    pub reference_day: Option<i32>,
    /// The score paired with R for the group lookup.
    pub axis: SecondAxis,
    /// The group map.
    pub map: GroupMap,
    /// The action per group.
    pub actions: Actions,
}

/// A customer as given: a label, or a numeric index for [`Labels::Index`](super::Labels::Index).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CustomerKey {
    /// A text id.
    Label(String),
    /// A numeric id.
    Index(u32),
}

impl fmt::Display for CustomerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CustomerKey::Label(s) => f.write_str(s),
            CustomerKey::Index(i) => write!(f, "{i}"),
        }
    }
}

/// One customer's RFM values, scores, group and habits.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerRfm {
    /// The customer.
    pub customer: CustomerKey,
    /// Days from the last order to the reference date.
    pub recency_days: i32,
    /// Distinct orders.
    pub frequency: u32,
    /// Total spend.
    pub monetary: f64,
    /// Recency score 1–5 (5 = most recent).
    pub r: u8,
    /// Frequency score 1–5 (5 = most orders).
    pub f: u8,
    /// Monetary score 1–5 (5 = most spend).
    pub m: u8,
    /// The second score used for the group (FM, or F under [`SecondAxis::Frequency`]).
    pub x: u8,
    /// The group.
    pub group: Group,
    /// Purchase habits.
    pub habits: Habits,
}

impl CustomerRfm {
    /// The three-digit RFM cell, e.g. `"545"`.
    pub fn cell(&self) -> String {
        format!("{}{}{}", self.r, self.f, self.m)
    }
}

/// The result of [`rfm`].
#[derive(Debug, Clone, PartialEq)]
pub struct Rfm {
    /// The reference date used (days since 1970-01-01).
    pub reference_day: i32,
    /// Orders counted (after netting).
    pub orders: usize,
    /// One entry per customer, sorted by customer id.
    pub customers: Vec<CustomerRfm>,
    /// One entry per group, in [`Group::ALL`] order (empty groups included).
    pub groups: Vec<GroupSummary>,
    /// What cleaning did.
    pub cleaning: CleaningReport,
    /// The axis used for the groups.
    pub axis: SecondAxis,
    /// Order lines dated after the reference date: left out, and counted so the caller can
    /// warn.
    pub after_reference: usize,
    /// Measures with fewer than five distinct values among the customers (their equal
    /// values share a score).
    pub ties: Vec<Tie>,
}

impl Rfm {
    /// The summary of `group`.
    pub fn group(&self, group: Group) -> &GroupSummary {
        &self.groups[group.index()]
    }

    /// The reference date as `YYYY-MM-DD`.
    pub fn reference_date(&self) -> String {
        format_date(self.reference_day)
    }
}

/// Cleans the lines, builds orders, computes RFM values, scores, groups, actions and habits.
pub fn rfm(lines: &OrderLines<'_>, options: &RfmOptions) -> Result<Rfm, RfmError> {
    let prep = prepare(lines, &options.cleaning)?;
    let mut report = prep.report.clone();
    if report.purchase_lines == 0 {
        report.customers_after = 0;
        return Err(RfmError::NoCustomers { report });
    }
    let net = options.cleaning.return_handling == ReturnHandling::Net;
    let cust = &prep.customer;

    let mut built = build_orders(lines, &prep, report.purchase_lines);
    let set_aside =
        if net { net_returns(&mut built, lines, &prep, &mut report) } else { Vec::new() };
    let Orders { keyed, orders, ranges, last_purchase_ts } = built;
    let last_line_ts =
        set_aside.iter().map(|&l| lines.timestamp[l]).fold(last_purchase_ts, i64::max);

    // Reference date and lines after it.
    let reference_day = match options.reference_day {
        Some(d) => d,
        None => day_of(last_line_ts).saturating_add(1),
    };
    let future_lines = keyed.iter().filter(|k| day_of(k.3) > reference_day).count()
        + set_aside.iter().filter(|&&l| day_of(lines.timestamp[l]) > reference_day).count();
    // Orders after the reference date are not yet history at that date: left out, counted.
    let counts = |o: &Order| o.remaining > 0.0 && day_of(o.ts) <= reference_day;

    // Customers in id order.
    let mut customer_ids: Vec<u32> = (0..cust.labels.len() as u32)
        .filter(|&c| {
            let (s, e) = ranges[c as usize];
            orders[s as usize..e as usize].iter().any(counts)
        })
        .collect();
    customer_ids.sort_by(|&a, &b| cust.cmp_ids(a, b));
    report.customers_after = customer_ids.len();
    if customer_ids.is_empty() {
        if future_lines > 0 {
            return Err(RfmError::FutureLines {
                lines: future_lines,
                reference: format_date(reference_day),
            });
        }
        return Err(RfmError::NoCustomers { report });
    }

    let mut rows: Vec<CustomerRfm> = Vec::with_capacity(customer_ids.len());
    let mut times: Vec<i64> = Vec::new();
    let mut channel_counts: Vec<(u32, u32)> = Vec::new();
    for &c in &customer_ids {
        let (s, e) = ranges[c as usize];
        let live: Vec<&Order> =
            orders[s as usize..e as usize].iter().filter(|o| counts(o)).collect();
        times.clear();
        times.extend(live.iter().map(|o| o.ts));
        let monetary: f64 = live.iter().map(|o| o.remaining).sum();
        let last = times[times.len() - 1];
        let recency = (i64::from(reference_day) - i64::from(day_of(last)))
            .clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32;
        let channel = prep.channel.as_ref().and_then(|ch| {
            channel_counts.clear();
            for o in &live {
                count_id(&mut channel_counts, o.channel);
            }
            let best = most_frequent(&channel_counts, ch);
            (best != MISSING_CODE).then(|| ch.label(best).to_owned())
        });
        let customer = match &cust.numbers {
            Some(n) => CustomerKey::Index(n[c as usize]),
            None => CustomerKey::Label(cust.label(c).to_owned()),
        };
        rows.push(CustomerRfm {
            customer,
            recency_days: recency,
            frequency: times.len() as u32,
            monetary,
            r: 0,
            f: 0,
            m: 0,
            x: 0,
            group: Group::Lost,
            habits: habits(&times, channel),
        });
    }

    // Scores and groups.
    let recency: Vec<f64> = rows.iter().map(|r| f64::from(r.recency_days)).collect();
    let frequency: Vec<f64> = rows.iter().map(|r| f64::from(r.frequency)).collect();
    let monetary: Vec<f64> = rows.iter().map(|r| r.monetary).collect();
    let (rs, fs, ms) = (
        quintile_scores(&recency, false),
        quintile_scores(&frequency, true),
        quintile_scores(&monetary, true),
    );
    for (i, row) in rows.iter_mut().enumerate() {
        row.r = rs[i];
        row.f = fs[i];
        row.m = ms[i];
        row.x = options.axis.score(fs[i], ms[i]);
        row.group = options.map.group(row.r, row.x);
        // "New" means a first order: a recent customer with several orders is promising.
        if row.group == Group::New && row.frequency > 1 {
            row.group = Group::Promising;
        }
    }
    let ties = [
        (Measure::Recency, &recency),
        (Measure::Frequency, &frequency),
        (Measure::Monetary, &monetary),
    ]
    .into_iter()
    .map(|(measure, values)| Tie { measure, distinct: distinct_values(values) })
    .filter(|t| t.distinct < 5)
    .collect();
    let groups = summarise(&rows, &options.actions);
    let counted_orders = orders.iter().filter(|o| counts(o)).count();
    Ok(Rfm {
        reference_day,
        orders: counted_orders,
        customers: rows,
        groups,
        cleaning: report,
        axis: options.axis,
        after_reference: future_lines,
        ties,
    })
}

fn day_of(ts: i64) -> i32 {
    ts.div_euclid(SECONDS_PER_DAY).clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}
