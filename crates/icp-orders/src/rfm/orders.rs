//! Orders from purchase lines (one per customer and invoice, or per customer and timestamp),
//! and netting returns and cancellations against the original purchase.

use std::cmp::Ordering;

use icp_frame::MISSING_CODE;

use super::clean::Prepared;
use super::intern::{cmp_optional_label, count_id, most_frequent};
use super::{CleaningReport, LineFate, OrderLines};

/// One order: one invoice of one customer (or one timestamp when there is no invoice id).
pub(super) struct Order {
    pub(super) customer: u32,
    /// Its earliest line's time.
    pub(super) ts: i64,
    /// The sum of its lines' amounts.
    pub(super) value: f64,
    /// The value left after netting.
    pub(super) remaining: f64,
    /// The most frequent channel among its lines (`MISSING_CODE` when none).
    pub(super) channel: u32,
    /// Range into the sorted purchase lines.
    start: u32,
    end: u32,
}

/// A purchase line's sort key: customer, order kind (0 = by invoice, 1 = by timestamp),
/// order key, time, amount bits and the line's index.
pub(super) type Keyed = (u32, u8, i64, i64, u64, u32);

/// The purchase lines grouped into orders.
pub(super) struct Orders {
    /// Purchase lines sorted by customer, order key, time and amount: the grouping and every
    /// float sum are independent of the input order.
    pub(super) keyed: Vec<Keyed>,
    /// Orders sorted by customer, time, value and channel.
    pub(super) orders: Vec<Order>,
    /// Each customer's orders: `ranges[c] = (start, end)` into `orders`.
    pub(super) ranges: Vec<(u32, u32)>,
    /// The time of the last purchase line (0 when there is none).
    pub(super) last_purchase_ts: i64,
}

/// Groups the purchase lines into orders.
pub(super) fn build_orders(
    lines: &OrderLines<'_>,
    prep: &Prepared<'_>,
    purchase_lines: usize,
) -> Orders {
    let cust = &prep.customer;
    let mut keyed: Vec<Keyed> = Vec::with_capacity(purchase_lines);
    for (i, fate) in prep.fates.iter().enumerate() {
        if *fate != LineFate::Purchase {
            continue;
        }
        let ts = lines.timestamp[i];
        let (kind, key) = match prep.invoice.as_ref().map(|v| v.ids[i]) {
            Some(id) if id != MISSING_CODE => (0u8, i64::from(id)),
            _ => (1u8, ts),
        };
        keyed.push((cust.ids[i], kind, key, ts, lines.amount[i].to_bits(), i as u32));
    }
    keyed.sort_unstable_by_key(|k| (k.0, k.1, k.2, k.3, k.4));
    let last_purchase_ts = keyed.iter().map(|k| k.3).max().unwrap_or(0);

    let mut orders: Vec<Order> = Vec::new();
    let mut start = 0usize;
    let mut channel_counts: Vec<(u32, u32)> = Vec::new();
    while start < keyed.len() {
        let (c, kind, key) = (keyed[start].0, keyed[start].1, keyed[start].2);
        let mut end = start;
        let mut value = 0.0;
        while end < keyed.len() && keyed[end].0 == c && keyed[end].1 == kind && keyed[end].2 == key
        {
            value += f64::from_bits(keyed[end].4);
            end += 1;
        }
        let channel = match &prep.channel {
            Some(ch) => {
                channel_counts.clear();
                for k in &keyed[start..end] {
                    count_id(&mut channel_counts, ch.ids[k.5 as usize]);
                }
                most_frequent(&channel_counts, ch)
            }
            None => MISSING_CODE,
        };
        orders.push(Order {
            customer: c,
            ts: keyed[start].3,
            value,
            remaining: value,
            channel,
            start: start as u32,
            end: end as u32,
        });
        start = end;
    }
    orders.sort_unstable_by(|a, b| {
        a.customer
            .cmp(&b.customer)
            .then(a.ts.cmp(&b.ts))
            .then(a.value.total_cmp(&b.value))
            .then_with(|| match &prep.channel {
                Some(ch) => cmp_optional_label(ch, a.channel, b.channel),
                None => Ordering::Equal,
            })
    });
    let mut ranges = vec![(0u32, 0u32); cust.labels.len()];
    let mut i = 0;
    while i < orders.len() {
        let c = orders[i].customer;
        let s = i;
        while i < orders.len() && orders[i].customer == c {
            i += 1;
        }
        ranges[c as usize] = (s as u32, i as u32);
    }
    Orders { keyed, orders, ranges, last_purchase_ts }
}

/// `Net` mode: takes each cancellation and return off the same customer's most recent
/// earlier order(s) with value left (and the same product, when products are given), as the
/// module documentation describes; counts what happened in `report`. Returns the set-aside
/// lines (in customer and time order).
pub(super) fn net_returns(
    built: &mut Orders,
    lines: &OrderLines<'_>,
    prep: &Prepared<'_>,
    report: &mut CleaningReport,
) -> Vec<usize> {
    let cust = &prep.customer;
    let Orders { keyed, orders, ranges, .. } = built;
    let mut set_aside: Vec<usize> = prep
        .fates
        .iter()
        .enumerate()
        .filter(|(_, f)| matches!(f, LineFate::Cancellation | LineFate::Return))
        .map(|(i, _)| i)
        .collect();
    set_aside.sort_by(|&a, &b| {
        cust.ids[a]
            .cmp(&cust.ids[b])
            .then(lines.timestamp[a].cmp(&lines.timestamp[b]))
            .then(lines.amount[a].total_cmp(&lines.amount[b]))
            .then_with(|| match &prep.product {
                Some(p) => cmp_optional_label(p, p.ids[a], p.ids[b]),
                None => Ordering::Equal,
            })
    });
    for &l in &set_aside {
        let product = prep.product.as_ref().map(|p| p.ids[l]).unwrap_or(MISSING_CODE);
        let non_product = product != MISSING_CODE
            && prep.product_is_non.get(product as usize).copied().unwrap_or(false);
        let mut left = lines.amount[l].abs();
        if non_product || left == 0.0 {
            report.not_netted += 1;
            continue;
        }
        let (s, e) = ranges[cust.ids[l] as usize];
        let mine = &mut orders[s as usize..e as usize];
        let upto = mine.partition_point(|o| o.ts <= lines.timestamp[l]);
        let mut matched = false;
        for o in mine[..upto].iter_mut().rev() {
            if o.remaining <= 0.0 {
                continue;
            }
            if product != MISSING_CODE
                && let Some(p) = &prep.product
                && !keyed[o.start as usize..o.end as usize]
                    .iter()
                    .any(|k| p.ids[k.5 as usize] == product)
            {
                continue;
            }
            let take = left.min(o.remaining);
            o.remaining -= take;
            left -= take;
            matched = true;
            if left <= 0.0 {
                break;
            }
        }
        if matched {
            report.netted += 1;
        } else {
            report.unmatched += 1;
        }
    }
    for o in orders.iter_mut() {
        if o.remaining <= o.value * 1e-9 {
            o.remaining = 0.0;
            report.fully_returned_orders += 1;
        }
    }
    set_aside
}
