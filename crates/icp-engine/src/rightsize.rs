//! Right-sizing: is bigger really better once delivery capacity counts? By bands of a size
//! attribute (employees, revenue, or any column people name): records, win rate, net value
//! of a won record (price − cost to serve), days from start to close, and net value per
//! sales-day — the value won per day deals spend in flight, the unit sales capacity comes in —
//! each with its 95% interval. The band with the most wins is the core; a band that wins
//! more value but takes so much longer that a sales-day there is worth clearly less than in
//! the core is named in a plain warning, as is a band whose cost to serve eats the margin.
//!
//! A record is won when the golden rule holds, lost when it is in the population (closed)
//! and not golden, and open outside the population. A project with a deals table counts its
//! closed deals instead, in their accounts' bands (module `rightsize_deals`).

use icp_frame::{ColumnData, Frame, Kind, Value};
use icp_io::roles::Role;
pub use icp_report::phrase::RightsizeFinding as Finding;
use icp_scorecard::stats::{Z_95, wilson_interval};
use serde::Serialize;

use crate::economics::account_values;
use crate::error::{Code, EngineError, Result};
use crate::session::Session;
use crate::tier_deals::{median, median_interval};

/// What to right-size by.
#[derive(Debug, Clone)]
pub struct RightsizeRequest {
    /// The band column (default: the employees column, else revenue).
    pub by: Option<String>,
    /// Bands for a number column (quantiles of the records, cut at round numbers).
    pub bands: usize,
    /// The date a deal starts (default: a date column named like engage, created, start).
    pub start: Option<String>,
    /// The date it closes (default: the close-date column).
    pub end: Option<String>,
}

impl Default for RightsizeRequest {
    /// Four bands of the size column, deals' own dates (what `icp rightsize` does).
    fn default() -> Self {
        RightsizeRequest { by: None, bands: 4, start: None, end: None }
    }
}

/// One band.
#[derive(Debug, Clone, Serialize)]
pub struct Band {
    /// How people read it (`100 – 500`, `>= 1,000`, a label).
    pub label: String,
    /// Records in the band.
    pub records: u64,
    /// Won (golden) records.
    pub won: u64,
    /// Lost (closed, not golden) records.
    pub lost: u64,
    /// Won over closed.
    pub win_rate: f64,
    /// Wilson 95% interval of the win rate.
    pub win_rate_interval: [f64; 2],
    /// Mean net value of a won record.
    pub value: Option<f64>,
    /// 95% interval of that mean.
    pub value_interval: Option<[f64; 2]>,
    /// Closed records with both dates.
    pub dated: u64,
    /// Median days from start to close of closed records.
    pub days: Option<f64>,
    /// Distribution-free 95% interval of the median.
    pub days_interval: Option<[f64; 2]>,
    /// Mean days from start to close (what capacity is spent on).
    pub mean_days: Option<f64>,
    /// Net value won per day of deals in flight: Σ won value / Σ days, over dated closed
    /// records.
    pub value_per_day: Option<f64>,
    /// Delta-method 95% interval of that ratio.
    pub value_per_day_interval: Option<[f64; 2]>,
    /// Value a month if the whole `deals_in_flight` capacity worked this band.
    pub value_per_month: Option<f64>,
    /// Cost to serve over price over the won records: their total cost over their total
    /// price, so that a few small prices cannot swamp it (when the project has a cost).
    pub cost_share: Option<f64>,
    /// The mean value a won record gets, when the project says (`value_received`).
    pub value_received: Option<f64>,
    /// Value received over price, summed over won records (the method's golden customer gets
    /// at least twice what it pays).
    pub received_per_price: Option<f64>,
    /// Net value one customer-success seat carries in this band: the net value of a win ×
    /// the accounts a seat carries (with `accounts_per_seat`).
    pub value_per_seat: Option<f64>,
    /// 95% interval of that value.
    pub value_per_seat_interval: Option<[f64; 2]>,
}

/// The bands of one size attribute.
#[derive(Debug, Clone, Serialize)]
pub struct Rightsized {
    /// The band column.
    pub by: String,
    /// The start and close date columns, when days were measured.
    pub dates: Option<[String; 2]>,
    /// Win rate and days to close come from the deals table, each closed deal counted in
    /// its account's band (else from one outcome and pair of dates per record).
    pub by_deals: bool,
    /// What value means.
    pub value: String,
    /// The bands, smallest first.
    pub bands: Vec<Band>,
    /// The band with the most wins.
    pub core: usize,
    /// The band where value per sales-day peaks (when days were measured).
    pub peak: Option<usize>,
    /// What the figures say.
    pub findings: Vec<Finding>,
}

/// Fewest dated closed records a band needs before its value per day is compared.
const MIN_DATED: u64 = 20;
/// Share of the price a band's cost to serve must take before it is said to eat the margin.
const COST_EATS: f64 = 0.5;
/// Fewest wins a band needs before its cost share is judged.
const MIN_WON: u64 = 5;
/// A band's value per sales-day must fall below this share of the core's (and its interval
/// stay below the core's figure) before the warning is given.
const SLOWER: f64 = 0.8;

/// Right-sizes the session's records.
pub fn rightsize(session: &Session, request: &RightsizeRequest) -> Result<Rightsized> {
    let analysis = session.analysis()?;
    let frame = &session.dataset.frame;
    let values = account_values(session)?.ok_or_else(|| {
        EngineError::invalid(
            Code::Other,
            "right-sizing needs a value: set `price` under [economics] (or `value` under [golden]) in icp.toml",
        )
    })?;
    let by = match &request.by {
        Some(b) => {
            icp_project::require_column(frame, accounts_path(session), b, "the band column")
                .map_err(EngineError::from)?;
            b.clone()
        }
        None => size_column(session).ok_or_else(|| {
            EngineError::invalid(
                Code::NoSuchColumn,
                "no column holds company size (employees or revenue); name the band column",
            )
        })?,
    };
    let band_of = bands(frame, &by, request.bands.max(2))?;
    let deals = crate::rightsize_deals::closed_deals(
        session,
        request.start.as_deref(),
        request.end.as_deref(),
    )?;
    let dates = match &deals {
        Some(d) => d.dates.clone(),
        None => date_columns(session, request)?,
    };
    let day = |column: &str, i: usize| match frame.column(column).map(|c| c.get(i)) {
        Some(Value::Date(d)) => Some(f64::from(d)),
        Some(Value::DateTime(s)) => Some(s.div_euclid(86_400) as f64),
        _ => None,
    };
    let in_population = {
        let mut mask = vec![false; frame.rows()];
        for &i in &analysis.rows {
            mask[i] = true;
        }
        mask
    };
    let (labels, codes) = band_of;
    let mut acc: Vec<Acc> = vec![Acc::default(); labels.len()];
    for i in 0..frame.rows() {
        let Some(b) = codes[i] else { continue };
        let a = &mut acc[b];
        a.records += 1;
        if !in_population[i] {
            continue;
        }
        let won = analysis.golden[i];
        let value = if won { values.net(i) } else { 0.0 };
        if won {
            if deals.is_none() {
                a.won += 1;
            }
            if value.is_finite() {
                a.values.push(value);
                if let Some(c) = &values.cost_to_serve
                    && values.price[i] > 0.0
                    && c[i].is_finite()
                {
                    a.costs.push((c[i], values.price[i]));
                }
                if let Some(received) = &values.value_received
                    && received[i].is_finite()
                    && values.price[i].is_finite()
                {
                    a.received.push((received[i], values.price[i]));
                }
            }
        } else if deals.is_none() {
            a.lost += 1;
        }
        if deals.is_none()
            && let Some([start, end]) = &dates
            && let (Some(s), Some(e)) = (day(start, i), day(end, i))
            && e >= s
            && value.is_finite()
        {
            a.days.push(e - s);
            a.day_values.push(value);
        }
    }
    // With deals, each closed deal counts in its account's band; a won deal carries its
    // share of the account's net value.
    for deal in deals.iter().flat_map(|d| &d.closed) {
        let Some(b) = codes[deal.row] else { continue };
        let a = &mut acc[b];
        if deal.won {
            a.won += 1;
        } else {
            a.lost += 1;
        }
        let won_here = deals.as_ref().map_or(1, |d| d.won_per_row[deal.row]).max(1);
        let value = if deal.won { values.net(deal.row) / f64::from(won_here) } else { 0.0 };
        if let Some(days) = deal.days
            && value.is_finite()
        {
            a.days.push(days);
            a.day_values.push(value);
        }
    }
    let economics = session.project.economics.as_ref();
    let capacity = Capacity {
        deals_in_flight: economics.and_then(|e| e.capacity.deals_in_flight),
        accounts_per_seat: economics.and_then(|e| e.capacity.accounts_per_seat),
    };
    let bands: Vec<Band> =
        labels.into_iter().zip(acc).map(|(label, a)| a.band(label, capacity)).collect();
    let core = (0..bands.len()).max_by_key(|&b| (bands[b].won, std::cmp::Reverse(b))).unwrap_or(0);
    let peak = (0..bands.len())
        .filter(|&b| bands[b].dated >= MIN_DATED)
        .filter_map(|b| bands[b].value_per_day.map(|v| (b, v)))
        .max_by(|x, y| x.1.total_cmp(&y.1))
        .map(|(b, _)| b);
    let findings = findings(&bands, core);
    let by_deals = deals.is_some();
    Ok(Rightsized {
        by,
        dates,
        by_deals,
        value: values.describe(session),
        bands,
        core,
        peak,
        findings,
    })
}

/// The capacities figures are given per unit of.
#[derive(Debug, Clone, Copy)]
struct Capacity {
    deals_in_flight: Option<f64>,
    accounts_per_seat: Option<u32>,
}

#[derive(Debug, Clone, Default)]
struct Acc {
    records: u64,
    won: u64,
    lost: u64,
    values: Vec<f64>,
    /// Cost to serve and price of won records where both are known.
    costs: Vec<(f64, f64)>,
    days: Vec<f64>,
    day_values: Vec<f64>,
    /// Value received and price of won records where both are known.
    received: Vec<(f64, f64)>,
}

impl Acc {
    fn band(self, label: String, capacity: Capacity) -> Band {
        let closed = self.won + self.lost;
        let (lo, hi) = wilson_interval(self.won, closed, Z_95);
        let (value, value_interval) = mean_interval(&self.values);
        let mut days = self.days.clone();
        days.sort_by(f64::total_cmp);
        let dated = days.len() as u64;
        let mean_days = (dated > 0).then(|| days.iter().sum::<f64>() / dated as f64);
        let (per_day, per_day_interval) = ratio_interval(&self.day_values, &self.days);
        Band {
            label,
            records: self.records,
            won: self.won,
            lost: self.lost,
            win_rate: if closed > 0 { self.won as f64 / closed as f64 } else { f64::NAN },
            win_rate_interval: [lo, hi],
            value,
            value_interval,
            dated,
            days: median(&days),
            days_interval: median_interval(&days),
            mean_days,
            value_per_day: per_day,
            value_per_day_interval: per_day_interval,
            value_per_month: per_day.zip(capacity.deals_in_flight).map(|(v, c)| v * c * 30.44),
            value_received: (!self.received.is_empty()).then(|| {
                self.received.iter().map(|r| r.0).sum::<f64>() / self.received.len() as f64
            }),
            received_per_price: {
                let price: f64 = self.received.iter().map(|r| r.1).sum();
                (price > 0.0).then(|| self.received.iter().map(|r| r.0).sum::<f64>() / price)
            },
            value_per_seat: value.zip(capacity.accounts_per_seat).map(|(v, n)| v * f64::from(n)),
            value_per_seat_interval: value_interval
                .zip(capacity.accounts_per_seat)
                .map(|([lo, hi], n)| [lo * f64::from(n), hi * f64::from(n)]),
            cost_share: (!self.costs.is_empty()).then(|| {
                let (cost, price) =
                    self.costs.iter().fold((0.0, 0.0), |(c, p), &(x, y)| (c + x, p + y));
                cost / price
            }),
        }
    }
}

/// The mean and its normal 95% interval.
fn mean_interval(v: &[f64]) -> (Option<f64>, Option<[f64; 2]>) {
    let n = v.len() as f64;
    if v.is_empty() {
        return (None, None);
    }
    let mean = v.iter().sum::<f64>() / n;
    if v.len() < 2 {
        return (Some(mean), None);
    }
    let sd = (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let half = Z_95 * sd / n.sqrt();
    (Some(mean), Some([mean - half, mean + half]))
}

/// Σy / Σx with its delta-method 95% interval.
fn ratio_interval(y: &[f64], x: &[f64]) -> (Option<f64>, Option<[f64; 2]>) {
    let n = x.len() as f64;
    let (sy, sx) = (y.iter().sum::<f64>(), x.iter().sum::<f64>());
    if x.is_empty() || sx <= 0.0 {
        return (None, None);
    }
    let r = sy / sx;
    if x.len() < 2 {
        return (Some(r), None);
    }
    let mean_x = sx / n;
    let var = y.iter().zip(x).map(|(y, x)| (y - r * x).powi(2)).sum::<f64>() / (n - 1.0);
    let half = Z_95 * (var / n).sqrt() / mean_x;
    (Some(r), Some([r - half, r + half]))
}

fn findings(bands: &[Band], core: usize) -> Vec<Finding> {
    let mut out = Vec::new();
    let c = &bands[core];
    for (b, band) in bands.iter().enumerate() {
        if b != core
            && band.dated >= MIN_DATED
            && c.dated >= MIN_DATED
            && let (Some(v), Some(cv), Some(d), Some(cd), Some(p), Some(cp), Some(pi)) = (
                band.value,
                c.value,
                band.mean_days,
                c.mean_days,
                band.value_per_day,
                c.value_per_day,
                band.value_per_day_interval,
            )
            && v > cv
            && cp > 0.0
            && cd > 0.0
            && p < SLOWER * cp
            && pi[1] < cp
        {
            out.push(Finding::BiggerIsSlower {
                band: band.label.clone(),
                value_ratio: v / cv,
                days_ratio: d / cd,
                per_day_ratio: p / cp,
                core: c.label.clone(),
            });
        }
    }
    for band in bands {
        if let Some(share) = band.cost_share.filter(|&s| s >= COST_EATS)
            && band.won >= MIN_WON
        {
            out.push(Finding::CostEatsMargin { band: band.label.clone(), cost_share: share });
        }
    }
    out
}

fn accounts_path(session: &Session) -> &std::path::Path {
    &session.project.accounts.source.path
}

/// The column that holds company size: employees, else revenue.
pub fn size_column(session: &Session) -> Option<String> {
    role_column(session, Role::Employees).or_else(|| role_column(session, Role::Revenue))
}

fn role_column(session: &Session, role: Role) -> Option<String> {
    session.dataset.columns.iter().find(|c| c.role == Some(role)).map(|c| c.name.clone())
}

/// The start and close columns: as asked, else found by name and role; `None` without both.
fn date_columns(session: &Session, request: &RightsizeRequest) -> Result<Option<[String; 2]>> {
    let frame = &session.dataset.frame;
    let is_date = |name: &str| {
        frame.column(name).is_some_and(|c| matches!(c.kind, Kind::Date | Kind::DateTime))
    };
    for (given, what) in [(&request.start, "the start date"), (&request.end, "the close date")] {
        if let Some(name) = given {
            icp_project::require_column(frame, accounts_path(session), name, what)
                .map_err(EngineError::from)?;
            if !is_date(name) {
                return Err(EngineError::invalid(
                    Code::NotADate,
                    format!("{what}: `{name}` is not a date column"),
                ));
            }
        }
    }
    let named = |keys: &[&str]| {
        frame
            .columns()
            .iter()
            .filter(|c| is_date(&c.name) && !icp_project::DEAL_COLUMNS.contains(&c.name.as_str()))
            .map(|c| c.name.clone())
            .find(|n| {
                let n = n.to_ascii_lowercase();
                keys.iter().any(|k| n.contains(k))
            })
    };
    let start = request.start.clone().or_else(|| {
        named(&["engage", "created", "createdate", "first_touch", "first_contact", "start", "open"])
    });
    let end = request.end.clone().or_else(|| {
        role_column(session, Role::CloseDate).filter(|c| is_date(c)).or_else(|| named(&["close"]))
    });
    Ok(start.zip(end).map(|(s, e)| [s, e]))
}

/// Each record's band: for a number column, quantile bands of the records cut at round
/// numbers; for labels, each label (the rarest beyond eight merged as `other`).
fn bands(frame: &Frame, by: &str, n: usize) -> Result<(Vec<String>, Vec<Option<usize>>)> {
    let column = frame.column(by).expect("checked");
    let rows = frame.rows();
    match &column.data {
        ColumnData::Number(v) => {
            let mut sorted: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
            if sorted.is_empty() {
                return Err(EngineError::invalid(
                    Code::Other,
                    format!("the band column `{by}` has no numbers"),
                ));
            }
            sorted.sort_by(f64::total_cmp);
            let mut cuts: Vec<f64> = (1..n)
                .map(|k| round_number(sorted[k * sorted.len() / n]))
                .filter(|&c| c > sorted[0])
                .collect();
            cuts.dedup();
            let labels = band_labels(&cuts);
            let codes = v
                .iter()
                .map(|&x| x.is_finite().then(|| cuts.iter().filter(|&&c| x >= c).count()))
                .collect();
            Ok((labels, codes))
        }
        _ => {
            let text: Vec<Option<String>> =
                (0..rows).map(|i| crate::scoring::cell_text(Some(column), i)).collect();
            let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
            for t in text.iter().flatten() {
                *counts.entry(t.as_str()).or_default() += 1;
            }
            let mut levels: Vec<(&str, usize)> = counts.into_iter().collect();
            levels.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let kept: Vec<String> = levels.iter().take(8).map(|(l, _)| (*l).to_owned()).collect();
            let merged = levels.len() > kept.len();
            let mut labels = kept.clone();
            if merged {
                labels.push("other".to_owned());
            }
            let codes = text
                .iter()
                .map(|t| t.as_ref().map(|t| kept.iter().position(|k| k == t).unwrap_or(kept.len())))
                .collect();
            Ok((labels, codes))
        }
    }
}

/// `x` rounded to two significant figures (cut points people can read).
fn round_number(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let scale = 10f64.powf(x.abs().log10().floor() - 1.0);
    (x / scale).round() * scale
}

fn band_labels(cuts: &[f64]) -> Vec<String> {
    let f = crate::format::number;
    let mut out = Vec::with_capacity(cuts.len() + 1);
    match cuts.first() {
        None => out.push("all".to_owned()),
        Some(&first) => out.push(format!("< {}", f(first))),
    }
    for pair in cuts.windows(2) {
        out.push(format!("{} – {}", f(pair[0]), f(pair[1])));
    }
    if let Some(&last) = cuts.last() {
        out.push(format!(">= {}", f(last)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_points_are_round_and_labels_read_as_ranges() {
        assert_eq!(round_number(1234.0), 1200.0);
        assert_eq!(round_number(87.0), 87.0);
        assert_eq!(band_labels(&[100.0, 1200.0]), ["< 100", "100 – 1,200", ">= 1,200"]);
    }

    #[test]
    fn value_per_day_interval_covers_the_ratio() {
        let (r, i) = ratio_interval(&[10.0, 0.0, 30.0, 20.0], &[5.0, 5.0, 10.0, 10.0]);
        assert!((r.unwrap() - 2.0).abs() < 1e-12);
        let [lo, hi] = i.unwrap();
        assert!(lo < 2.0 && hi > 2.0);
    }

    fn band(label: &str, value: f64, mean_days: f64, per_day: f64, won: u64) -> Band {
        Band {
            label: label.into(),
            records: 100,
            won,
            lost: 100 - won,
            win_rate: won as f64 / 100.0,
            win_rate_interval: [0.0, 1.0],
            value: Some(value),
            value_interval: None,
            dated: 100,
            days: Some(mean_days),
            days_interval: None,
            mean_days: Some(mean_days),
            value_per_day: Some(per_day),
            value_per_day_interval: Some([per_day * 0.9, per_day * 1.1]),
            value_per_month: None,
            cost_share: None,
            value_received: None,
            received_per_price: None,
            value_per_seat: None,
            value_per_seat_interval: None,
        }
    }

    #[test]
    fn a_bigger_slower_band_is_named_against_the_core() {
        let bands =
            [band("< 100", 1000.0, 30.0, 20.0, 60), band(">= 1,000", 1800.0, 93.0, 12.0, 40)];
        let f = findings(&bands, 0);
        assert_eq!(f.len(), 1);
        let Finding::BiggerIsSlower { value_ratio, days_ratio, per_day_ratio, .. } = &f[0] else {
            panic!("{f:?}")
        };
        assert!((value_ratio - 1.8).abs() < 1e-9 && (days_ratio - 3.1).abs() < 1e-9);
        assert!((per_day_ratio - 0.6).abs() < 1e-9);
        // Within noise of the core: nothing said.
        let close =
            [band("< 100", 1000.0, 30.0, 20.0, 60), band(">= 1,000", 1100.0, 33.0, 19.0, 40)];
        assert!(findings(&close, 0).is_empty());
    }
}
