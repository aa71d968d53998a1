//! Right-sizing from the deals table: when a project has accounts and deals, each closed deal
//! counts in its account's band — the win rate is won deals over closed deals, and days to
//! close are each deal's own, from its start date (a deals column named like engage, created
//! or start) to its close date — instead of one outcome and one pair of dates per account.

use icp_frame::{Kind, Value};
use icp_project::DealOutcome;

use crate::error::{Code, EngineError, Result};
use crate::session::Session;

/// A won or lost deal of a known account.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ClosedDeal {
    /// Its account's row in the accounts.
    pub row: usize,
    /// Won (else lost).
    pub won: bool,
    /// Days from its start to its close, when both dates are known and in order.
    pub days: Option<f64>,
}

/// The closed deals of the project's accounts.
#[derive(Debug, Clone)]
pub(crate) struct Deals {
    pub closed: Vec<ClosedDeal>,
    /// The deals' start and close date columns, when days were measured.
    pub dates: Option<[String; 2]>,
    /// Won deals per account row.
    pub won_per_row: Vec<u32>,
}

/// The project's closed deals joined to its accounts by id; `None` without a deals table.
/// `start` and `end` name deals columns (default: a date named like engage, created or start;
/// the close-date column).
pub(crate) fn closed_deals(
    session: &Session,
    start: Option<&str>,
    end: Option<&str>,
) -> Result<Option<Deals>> {
    let dataset = &session.dataset;
    let (Some(table), Some(spec), Some(id)) =
        (&dataset.deals, &session.project.deals, dataset.id.as_deref())
    else {
        return Ok(None);
    };
    let deals = &table.frame;
    let path = &spec.source.path;
    let is_date = |name: &str| {
        deals.column(name).is_some_and(|c| matches!(c.kind, Kind::Date | Kind::DateTime))
    };
    for (given, what) in [(start, "the deals' start date"), (end, "the deals' close date")] {
        if let Some(name) = given {
            icp_project::require_column(deals, path, name, what).map_err(EngineError::from)?;
            if !is_date(name) {
                return Err(EngineError::invalid(
                    Code::NotADate,
                    format!("{}: {what}: `{name}` is not a date column", path.display()),
                ));
            }
        }
    }
    let start = start.map(str::to_owned).or_else(|| {
        deals.columns().iter().map(|c| c.name.clone()).find(|n| {
            let lower = n.to_ascii_lowercase();
            is_date(n)
                && ["engage", "created", "createdate", "start", "open"]
                    .iter()
                    .any(|k| lower.contains(k))
        })
    });
    let end = end.map(str::to_owned).or_else(|| spec.close_date.clone()).filter(|c| is_date(c));
    let dates = start.zip(end).map(|(s, e)| [s, e]);
    let accounts = dataset.frame.column(id).expect("the id column is loaded");
    let index: std::collections::HashMap<String, usize> = (0..accounts.len())
        .filter_map(|i| icp_project::key_text(accounts, i).map(|k| (k, i)))
        .collect();
    let key = deals.column(&spec.account).expect("checked when the project loaded");
    let day = |column: &str, i: usize| match deals.column(column).map(|c| c.get(i)) {
        Some(Value::Date(d)) => Some(f64::from(d)),
        Some(Value::DateTime(s)) => Some(s.div_euclid(86_400) as f64),
        _ => None,
    };
    let mut closed = Vec::new();
    let mut won_per_row = vec![0u32; dataset.frame.rows()];
    for (i, outcome) in icp_project::deal_outcomes(deals, spec).into_iter().enumerate() {
        let won = match outcome {
            DealOutcome::Won => true,
            DealOutcome::Lost => false,
            DealOutcome::Open => continue,
        };
        let Some(&row) = icp_project::key_text(key, i).and_then(|k| index.get(&k)) else {
            continue;
        };
        won_per_row[row] += u32::from(won);
        let days = dates.as_ref().and_then(|[s, e]| {
            let d = day(e, i)? - day(s, i)?;
            (d >= 0.0).then_some(d)
        });
        closed.push(ClosedDeal { row, won, days });
    }
    Ok(Some(Deals { closed, dates, won_per_row }))
}
