//! Customer-success allocation: existing customers ranked by the value at risk — their value
//! (their lifetime value from the orders where the project has them, BG/NBD + Gamma-Gamma
//! over 12 months; else the project's price, less the cost to serve) × the probability that they do not stay
//! golden (golden customers renew; the profile gives the probability of being golden) — and
//! assigned so that the high-touch seats of `[economics.capacity]` carry the most value at
//! risk: high-touch for the top `cs_seats × accounts_per_seat`, low-touch for the rest with
//! more than the median value at risk, tech-touch for the others, each with its reason.
//!
//! With `prove`, the same is measured honestly: a profile learned on two thirds of the
//! customers ranks the held-out third, and the value at risk the seats would have covered
//! (the value of held-out customers who did leave) is set beside ranking by value alone.

use std::io::Write;

use icp_scorecard::crossval::stratified_test_sets;
use icp_scorecard::discover::DiscoverSettings;
use icp_scorecard::scorer::{Outcome, Scorer};
use icp_scorecard::stats::Z_95;
use serde::Serialize;

use crate::discover::{DiscoverRequest, discover};
use crate::economics::{AccountValues, account_values};
use crate::error::{Code, EngineError, Result};
use crate::session::Session;

/// How to allocate.
#[derive(Debug, Clone)]
pub struct AllocateRequest {
    /// Measure the allocation on held-out customers beside ranking by value alone.
    pub prove: bool,
    /// Most key attributes for the profile the proof learns.
    pub max_attributes: usize,
}

impl Default for AllocateRequest {
    fn default() -> Self {
        AllocateRequest { prove: false, max_attributes: 10 }
    }
}

/// The touch model a customer is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Touch {
    /// A named customer-success person.
    High,
    /// Pooled, scheduled attention.
    Low,
    /// Automated programmes.
    Tech,
}

impl Touch {
    /// The word in the CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Touch::High => "high-touch",
            Touch::Low => "low-touch",
            Touch::Tech => "tech-touch",
        }
    }
}

/// What ranking some customers covered on held-out data.
#[derive(Debug, Clone, Serialize)]
pub struct Covered {
    /// How they were ranked.
    pub method: String,
    /// Customers given a seat.
    pub customers: u64,
    /// Value of those who left (the value at risk that materialised and the seats covered).
    pub value_at_risk: f64,
    /// 95% interval of that value.
    pub interval: [f64; 2],
    /// Customers among them who left.
    pub left: u64,
}

/// The held-out proof.
#[derive(Debug, Clone, Serialize)]
pub struct Proof {
    /// Customers held out.
    pub held_out: u64,
    /// Seats' accounts scaled to the held-out share of the customers.
    pub seats_accounts: u64,
    /// Value of all held-out customers who left.
    pub value_lost: f64,
    /// By value at risk, then by value alone.
    pub methods: Vec<Covered>,
}

/// The allocation.
#[derive(Debug, Clone, Serialize)]
pub struct Allocation {
    /// What value means.
    pub value: String,
    /// High-touch seats and the accounts each carries.
    pub seats: [u32; 2],
    /// Customers per touch model: high, low, tech.
    pub counts: [u64; 3],
    /// Value at risk of all customers (expected, from the profile's probability).
    pub value_at_risk: f64,
    /// Expected value at risk the high-touch seats carry.
    pub covered: f64,
    /// The held-out proof, when asked for.
    pub proof: Option<Proof>,
    /// Per customer: id, value, probability of leaving, value at risk, touch, rank (1 = most
    /// at risk); in input order.
    #[serde(skip)]
    pub customers: Vec<Customer>,
}

/// One customer's allocation.
#[derive(Debug, Clone)]
pub struct Customer {
    /// Row in the accounts (0-based).
    pub row: usize,
    /// Value.
    pub value: f64,
    /// Probability of not staying golden.
    pub risk: f64,
    /// Value × risk.
    pub at_risk: f64,
    /// The touch model.
    pub touch: Touch,
    /// 1 for the most value at risk.
    pub rank: usize,
}

/// Seats and accounts per seat from the project.
fn seats(session: &Session) -> Result<(u32, u32)> {
    let capacity = session.project.economics.as_ref().map(|e| &e.capacity);
    match capacity.and_then(|c| c.cs_seats.zip(c.accounts_per_seat)) {
        Some(s) => Ok(s),
        None => Err(EngineError::invalid(
            Code::Other,
            "allocation needs the customer-success capacity: set `cs_seats` and `accounts_per_seat` under [economics.capacity] in icp.toml",
        )),
    }
}

/// The accounts columns an allocation reads: with a profile `given` and no proof, only the
/// profile's and those the project names (the id, the golden rule, the economics); else
/// every analysed one too, to learn a profile from.
pub fn reading(given: Option<&Scorer>, prove: bool) -> icp_project::Reading {
    let also = given.map(Scorer::input_columns).unwrap_or_default();
    match given {
        Some(_) if !prove => icp_project::Reading::Named { also },
        _ => icp_project::Reading::Analysed { also },
    }
}

/// The scorer allocation ranks risk by: the profile `given`, else one learned afresh on the
/// project as `discover` learns one (at most `max_attributes` key attributes). The flag says
/// whether it was learned here, so a front end can say so.
pub fn scorer_or_learned(
    session: &Session,
    given: Option<Scorer>,
    max_attributes: usize,
) -> Result<(Scorer, bool)> {
    if let Some(scorer) = given {
        return Ok((scorer, false));
    }
    let request =
        DiscoverRequest { max_attributes: max_attributes.max(1), ..DiscoverRequest::default() };
    match discover(session, &request)?.profile {
        Some(profile) => Ok((Scorer::new(profile)?, true)),
        None => Err(EngineError::invalid(
            Code::Other,
            "no reliable signal in the data, so there is no risk to rank by",
        )),
    }
}

/// Allocates every customer with `scorer` (the probability of being golden), and with
/// `request.prove` measures it on held-out customers.
pub fn allocate(
    session: &Session,
    scorer: &Scorer,
    request: &AllocateRequest,
) -> Result<Allocation> {
    let (seat_count, per_seat) = seats(session)?;
    let values = account_values(session)?;
    let (value_of, value_label) = customer_values(session, values.as_ref())?;
    let frame = &session.dataset.frame;
    let n = frame.rows();
    let batch = scorer.score(frame)?;
    let mut customers: Vec<Customer> = (0..n)
        .map(|i| {
            let value = value_of[i];
            // A record the profile cannot score is at the base rate's risk.
            let p = match batch.outcomes[i] {
                Outcome::Scored { .. } => {
                    scorer.probability(f64::from(batch.score_tenths[i]) / 10.0)
                }
                _ => base_rate(scorer),
            };
            let risk = 1.0 - p;
            Customer { row: i, value, risk, at_risk: value * risk, touch: Touch::Tech, rank: 0 }
        })
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_unstable_by(|&x, &y| {
        customers[y].at_risk.total_cmp(&customers[x].at_risk).then(x.cmp(&y))
    });
    let high = (seat_count as usize * per_seat as usize).min(n);
    let median = order.get(n / 2).map_or(0.0, |&i| customers[i].at_risk);
    let mut counts = [0u64; 3];
    let mut covered = 0.0;
    for (rank, &i) in order.iter().enumerate() {
        let c = &mut customers[i];
        c.rank = rank + 1;
        c.touch = if rank < high {
            covered += c.at_risk;
            Touch::High
        } else if c.at_risk > median {
            Touch::Low
        } else {
            Touch::Tech
        };
        counts[c.touch as usize] += 1;
    }
    let proof = if request.prove {
        Some(prove(session, values.as_ref(), &value_of, high, request.max_attributes)?)
    } else {
        None
    };
    Ok(Allocation {
        value: value_label,
        seats: [seat_count, per_seat],
        counts,
        value_at_risk: customers.iter().map(|c| c.at_risk).sum(),
        covered,
        proof,
        customers,
    })
}

/// Each customer's value and what it means: the lifetime value from the orders where the
/// project has them (BG/NBD + Gamma-Gamma over 12 months; the price for customers without
/// orders), else the price less the cost to serve.
fn customer_values(
    session: &Session,
    values: Option<&AccountValues>,
) -> Result<(Vec<f64>, String)> {
    let n = session.dataset.frame.rows();
    let priced = |i: usize| {
        let v = values.map_or(f64::NAN, |v| v.net(i).max(0.0));
        if v.is_finite() { v } else { 0.0 }
    };
    if let Some(table) = &session.dataset.orders {
        use crate::clv::{ClvRequest, clv};
        use crate::orders::{OrdersRequest, orders_from_table};
        let orders =
            orders_from_table(std::borrow::Cow::Borrowed(table), &OrdersRequest::default())?;
        let fitted = clv(&orders, &ClvRequest::default())?;
        let by_id: std::collections::HashMap<String, f64> = fitted
            .values
            .iter()
            .map(|v| (same_id(&fitted.names[v.customer as usize]), v.clv))
            .collect();
        let d = &session.dataset;
        let ids = d.labels(d.id_column());
        let value = (0..n)
            .map(|i| {
                by_id
                    .get(&same_id(&ids[i]))
                    .copied()
                    .filter(|v| v.is_finite())
                    .unwrap_or_else(|| priced(i))
            })
            .collect();
        let label =
            format!("lifetime value over {} months (BG/NBD + Gamma-Gamma)", fitted.horizon_months);
        return Ok((value, label));
    }
    match values {
        Some(v) => Ok(((0..n).map(priced).collect(), v.describe(session))),
        None => Err(EngineError::invalid(
            Code::Other,
            "allocation needs a value: set `price` under [economics] (or `value` under [golden]) in icp.toml, or give the project an [orders] table",
        )),
    }
}

/// An id as both tables agree on it: `17850.0` and `17850` are one customer (exports write
/// numeric ids either way).
fn same_id(id: &str) -> String {
    match id.trim().parse::<f64>() {
        Ok(v) if v.fract() == 0.0 && v.abs() < 1e15 => format!("{}", v as i64),
        _ => id.trim().to_owned(),
    }
}

fn base_rate(scorer: &Scorer) -> f64 {
    let p = &scorer.profile().provenance;
    if p.rows > 0 { p.golden as f64 / p.rows as f64 } else { 0.5 }
}

/// Learns on two thirds, ranks the held-out third by value at risk and by value alone, and
/// counts the value of those who left among the first `high` (scaled to the third).
fn prove(
    session: &Session,
    values: Option<&AccountValues>,
    value_of: &[f64],
    high: usize,
    max_attributes: usize,
) -> Result<Proof> {
    let a = session.analysis()?;
    let frame = &session.dataset.frame;
    let sets = stratified_test_sets(&a.rows, &a.golden, 3, DiscoverSettings::default().seed);
    let test = &sets[0];
    let train: Vec<usize> = sets[1..].iter().flatten().copied().collect();
    let scorer = crate::plan::learn_on(session, &a, &train, max_attributes, values)?;
    let batch = scorer.score(frame)?;
    let value = |i: usize| value_of[i];
    let risk = |i: usize| match batch.outcomes[i] {
        Outcome::Scored { .. } => 1.0 - scorer.probability(f64::from(batch.score_tenths[i]) / 10.0),
        _ => 1.0 - base_rate(&scorer),
    };
    let seats = ((high as f64) * test.len() as f64 / a.rows.len().max(1) as f64).round() as usize;
    let lost = |i: usize| if a.golden[i] { 0.0 } else { value(i) };
    let cover = |method: &str, key: &dyn Fn(usize) -> f64| -> Covered {
        let mut order = test.clone();
        order.sort_by(|&x, &y| key(y).total_cmp(&key(x)).then(x.cmp(&y)));
        order.truncate(seats);
        let v: Vec<f64> = order.iter().map(|&i| lost(i)).collect();
        let total: f64 = v.iter().sum();
        let k = v.len().max(1) as f64;
        let mean = total / k;
        let sd = (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (k - 1.0).max(1.0)).sqrt();
        let half = Z_95 * sd * k.sqrt();
        Covered {
            method: method.to_owned(),
            customers: order.len() as u64,
            value_at_risk: total,
            interval: [(total - half).max(0.0), total + half],
            left: order.iter().filter(|&&i| !a.golden[i]).count() as u64,
        }
    };
    Ok(Proof {
        held_out: test.len() as u64,
        seats_accounts: seats as u64,
        value_lost: test.iter().map(|&i| lost(i)).sum(),
        methods: vec![
            cover("value at risk", &|i| value(i) * risk(i)),
            cover("value alone", &value),
        ],
    })
}

impl Allocation {
    /// [`Allocation::write_csv`] with the session's own ids (else names) under its id
    /// column's name (else `customer`).
    pub fn write_session_csv(&self, session: &Session, sink: &mut dyn Write) -> Result<()> {
        let dataset = &session.dataset;
        let ids = dataset.labels(dataset.id_column().or(dataset.name_column()));
        let id_column = dataset.id.as_deref().unwrap_or("customer");
        self.write_csv(&ids, id_column, sink)
    }

    /// Writes one CSV row per customer (in input order): id, value, probability of leaving,
    /// value at risk, rank, touch and the reason, under a header.
    pub fn write_csv(&self, ids: &[String], id_column: &str, sink: &mut dyn Write) -> Result<()> {
        use icp_io::write::csv::push_text;
        use icp_io::write::push_i64;
        let high = (self.seats[0] as usize) * (self.seats[1] as usize);
        let mut out = Vec::with_capacity(1 << 16);
        push_text(&mut out, id_column.as_bytes());
        out.extend_from_slice(b",value,risk,value_at_risk,rank,touch,reason\n");
        let total = self.customers.len();
        for c in &self.customers {
            push_text(&mut out, ids[c.row].as_bytes());
            for (x, decimals) in [(c.value, 2), (c.risk, 4), (c.at_risk, 2)] {
                out.push(b',');
                push_fixed(&mut out, x, decimals);
            }
            out.push(b',');
            push_i64(&mut out, c.rank as i64);
            out.push(b',');
            out.extend_from_slice(c.touch.as_str().as_bytes());
            out.push(b',');
            // Reasons hold no delimiter, quote or line end, so they need no quoting (written
            // in place: a million rows should not cost a million strings).
            let _ = match c.touch {
                Touch::High => write!(
                    out,
                    "value at risk ranks {} of {total}: within the {high} accounts the {} seats carry",
                    c.rank, self.seats[0]
                ),
                Touch::Low => write!(
                    out,
                    "value at risk ranks {} of {total}: above the median and beyond the seats",
                    c.rank
                ),
                Touch::Tech => {
                    write!(out, "value at risk ranks {} of {total}: below the median", c.rank)
                }
            };
            out.push(b'\n');
            if out.len() > 1 << 20 {
                sink.write_all(&out).map_err(EngineError::Output)?;
                out.clear();
            }
        }
        sink.write_all(&out).map_err(EngineError::Output)?;
        Ok(())
    }
}

/// `x` with `decimals` decimals, by integer arithmetic (a million rows of `{:.2}` cost more
/// than the rest of the row).
pub(crate) fn push_fixed(out: &mut Vec<u8>, x: f64, decimals: u32) {
    let scale = 10i64.pow(decimals);
    let scaled = (x * scale as f64).round();
    if !scaled.is_finite() || scaled.abs() >= 9e18 {
        let _ = write!(out, "{x}");
        return;
    }
    let scaled = scaled as i64;
    if scaled < 0 {
        out.push(b'-');
    }
    let abs = scaled.unsigned_abs();
    icp_io::write::push_i64(out, (abs / scale as u64) as i64);
    out.push(b'.');
    let fraction = abs % scale as u64;
    let digits = fraction.to_string();
    out.extend(std::iter::repeat_n(b'0', decimals as usize - digits.len()));
    out.extend_from_slice(digits.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_decimals_match_the_formatter_to_the_last_digit() {
        for (x, d) in [(1120.0, 2), (0.92251, 4), (-3.005, 2), (0.0, 4), (12677.284, 2), (0.05, 4)]
        {
            let mut out = Vec::new();
            push_fixed(&mut out, x, d);
            let text = String::from_utf8(out).unwrap();
            let expected = format!("{x:.*}", d as usize);
            // The same digits, but for a tie the binary value rounds the other way.
            assert_eq!(text.len(), expected.len(), "{x}: {text} vs {expected}");
            let (a, b): (f64, f64) = (text.parse().unwrap(), expected.parse().unwrap());
            assert!((a - b).abs() <= 1.01 * 10f64.powi(-(d as i32)), "{x}: {text} vs {expected}");
        }
    }
}
