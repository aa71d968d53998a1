//! The project's economics over its accounts: what each pays (the `[economics]` price, else
//! the golden value), what it gets and what serving it costs, checked against the data; and
//! the value of a golden account that discover keeps in the profile for expected value
//! (`icp score --rank ev`).

use icp_frame::Frame;
use icp_profile::Profile;
use icp_scorecard::scorer::Scorer;

use crate::error::{Code, EngineError, Result};
use crate::session::{Session, numbers};

/// Per account (frame row): price, value received and cost to serve (NaN where unknown).
#[derive(Debug, Clone)]
pub struct AccountValues {
    /// The expression value was read from (for people).
    pub source: String,
    /// What each account pays.
    pub price: Vec<f64>,
    /// The value each gets, when the project says.
    pub value_received: Option<Vec<f64>>,
    /// What serving each costs, when the project says.
    pub cost_to_serve: Option<Vec<f64>>,
}

impl AccountValues {
    /// What net value means, in the project's own expressions: `price − (cost to serve)`.
    pub fn describe(&self, session: &Session) -> String {
        match session.project.economics.as_ref().and_then(|e| e.cost_to_serve.as_deref()) {
            Some(cost) if self.cost_to_serve.is_some() => format!("{} − ({cost})", self.source),
            _ => self.source.clone(),
        }
    }

    /// Price minus cost to serve (the price alone without a cost).
    pub fn net(&self, row: usize) -> f64 {
        let cost = self.cost_to_serve.as_ref().map_or(0.0, |c| c[row]);
        self.price[row] - cost
    }
}

/// Golden accounts a bin needs before its own value counts for much (the bin's mean is
/// shrunk toward the overall mean with this many accounts' weight).
const SHRINK: f64 = 10.0;
/// Share of the golden accounts' value variance an attribute's bins must explain before
/// expected value is told apart by them.
const MIN_EXPLAINED: f64 = 0.02;

/// Reads the project's price (`[economics] price`, else `[golden] value`), value received and
/// cost to serve over the accounts. `None` when the project names no price or value. A
/// negative price or cost in the data is an error naming the file, row and columns read.
pub fn account_values(session: &Session) -> Result<Option<AccountValues>> {
    let frame = &session.dataset.frame;
    let economics = session.project.economics.as_ref();
    let (price_expr, context) = match economics.and_then(|e| e.price.as_ref()) {
        Some(p) => (p.clone(), "[economics] price".to_owned()),
        None => match &session.project.golden.value {
            Some(v) => (v.clone(), session.value_origin().to_owned()),
            None => return Ok(None),
        },
    };
    let price = numbers(frame, &price_expr, &context)?;
    not_negative(session, &price, &price_expr, &context, "a price")?;
    let value_received = match economics.and_then(|e| e.value_received.as_ref()) {
        Some(v) => Some(numbers(frame, v, "[economics] value_received")?),
        None => None,
    };
    let cost_to_serve = match economics.and_then(|e| e.cost_to_serve.as_ref()) {
        Some(c) => {
            let cost = numbers(frame, c, "[economics] cost_to_serve")?;
            not_negative(session, &cost, c, "[economics] cost_to_serve", "a cost")?;
            Some(cost)
        }
        None => None,
    };
    Ok(Some(AccountValues { source: price_expr, price, value_received, cost_to_serve }))
}

/// Fails on the first negative value, naming the accounts file, its row and the columns the
/// expression reads (never the value).
fn not_negative(
    session: &Session,
    values: &[f64],
    expr: &str,
    context: &str,
    what: &str,
) -> Result<()> {
    let Some(row) = values.iter().position(|&v| v < 0.0) else { return Ok(()) };
    let columns = icp_rules::Expr::parse(expr).map(|e| e.columns()).unwrap_or_default();
    let columns: Vec<String> = columns.iter().map(|c| format!("`{c}`")).collect();
    Err(EngineError::invalid(
        Code::Other,
        format!(
            "{}: row {}, column {}: {context} `{expr}` is negative there; {what} must be zero or more",
            session.project.accounts.source.path.display(),
            row + session.dataset.first_row(),
            columns.join(", "),
        ),
    ))
}

/// What a golden account is worth in the profile's own terms: the mean over the golden
/// accounts, and by the bins of the key attribute that tells their values apart best (when
/// one explains at least [`MIN_EXPLAINED`] of the variance), each bin's mean shrunk toward
/// the overall mean; with the project's sales costs. `None` without a golden account with a
/// known value.
pub fn learn(
    session: &Session,
    profile: &Profile,
    frame: &Frame,
    rows: &[usize],
    golden: &[bool],
    values: &AccountValues,
) -> Option<icp_profile::Economics> {
    let golden_rows: Vec<usize> =
        rows.iter().copied().filter(|&i| golden[i] && values.net(i).is_finite()).collect();
    if golden_rows.is_empty() {
        return None;
    }
    let value = |i: usize| values.net(i).max(0.0);
    let n = golden_rows.len() as f64;
    let mean = golden_rows.iter().map(|&i| value(i)).sum::<f64>() / n;
    let total_ss: f64 = golden_rows.iter().map(|&i| (value(i) - mean).powi(2)).sum();
    let mut best: Option<(f64, String, Vec<f64>)> = None;
    if total_ss > 0.0
        && let Ok(scorer) = Scorer::new(Profile { criteria: Vec::new(), ..profile.clone() })
    {
        for (a, attribute) in profile.attributes.iter().enumerate() {
            let Some(column) = frame.column(&attribute.column) else { continue };
            let Ok(codes) = scorer.attribute_codes(a, column) else { continue };
            let bins = attribute.bins.len();
            let (mut sum, mut count) = (vec![0.0; bins], vec![0.0; bins]);
            for &i in &golden_rows {
                let c = usize::from(codes[i]);
                if c < bins {
                    sum[c] += value(i);
                    count[c] += 1.0;
                }
            }
            let shrunk: Vec<f64> =
                (0..bins).map(|b| (sum[b] + SHRINK * mean) / (count[b] + SHRINK)).collect();
            let explained: f64 =
                (0..bins).map(|b| count[b] * (shrunk[b] - mean).powi(2)).sum::<f64>() / total_ss;
            if explained >= MIN_EXPLAINED && best.as_ref().is_none_or(|(e, _, _)| explained > *e) {
                best = Some((explained, attribute.name.clone(), shrunk));
            }
        }
    }
    let round2 = |x: f64| (x * 100.0).round() / 100.0;
    let economics = session.project.economics.as_ref();
    let (value_attribute, bin_values) = match best {
        Some((_, name, v)) => (Some(name), v.into_iter().map(round2).collect()),
        None => (None, Vec::new()),
    };
    let cost_per_tier = economics
        .map(|e| {
            e.cost_per_tier
                .iter()
                .filter(|(t, _)| profile.tiers.iter().any(|x| &x.name == *t))
                .map(|(t, &c)| (t.clone(), c))
                .collect()
        })
        .unwrap_or_default();
    Some(icp_profile::Economics {
        value: values.describe(session),
        golden_value: round2(mean),
        value_attribute,
        bin_values,
        cost_to_work: economics.and_then(|e| e.cost_per_touch).unwrap_or(0.0),
        cost_per_tier,
    })
}
