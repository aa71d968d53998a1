//! `icp review --since DATE`: review the project's own accounts dated on or after a day,
//! instead of a new export. The accounts' date column is the one `[accounts] date` names in
//! the project, else the first date column named like `created`, `first_touch` or
//! `first_contact`; accounts without a date are left out (and counted in a note).
//!
//! The restriction is the population's: the session's population rule gains
//! `COLUMN >= date("DATE")`, so that every part of the review (drift, outcomes, the fresh
//! profile and its migration) sees the same accounts and rows keep their numbers.

use icp_frame::{Kind, Value};
use serde::{Deserialize, Serialize};

use crate::error::{Code, EngineError, Result};
use crate::session::Session;

/// Which accounts a `--since` review reads.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Since {
    /// The first day reviewed (`YYYY-MM-DD`).
    pub date: String,
    /// The date column read.
    pub column: String,
    /// Accounts dated on or after it (before any population rule).
    pub rows: u64,
    /// Accounts dated before it.
    pub before: u64,
    /// Accounts without a date, left out.
    pub undated: u64,
}

fn day(value: Value<'_>) -> Option<i64> {
    match value {
        Value::Date(d) => Some(i64::from(d)),
        Value::DateTime(s) => Some(s.div_euclid(86_400)),
        _ => None,
    }
}

fn is_date(kind: Kind) -> bool {
    matches!(kind, Kind::Date | Kind::DateTime)
}

/// The date column a `--since` review reads, or why there is none.
fn date_column(session: &Session) -> Result<String> {
    let frame = &session.dataset.frame;
    let project = session.project_path.display();
    if let Some(name) = &session.project.accounts.date {
        return match frame.column(name) {
            Some(c) if is_date(c.kind) => Ok(c.name.clone()),
            Some(c) => Err(EngineError::invalid(
                Code::NotADate,
                format!(
                    "{project}: `[accounts] date = \"{name}\"` names a column read as {}, not dates; set `kind = \"date\"` under `[columns.\"{name}\"]` or name a date column",
                    c.kind
                ),
            )),
            None => Err(EngineError::invalid(
                Code::NoSuchColumn,
                format!(
                    "{project}: `[accounts] date = \"{name}\"` names no column of the accounts"
                ),
            )),
        };
    }
    if let Some(found) = crate::tier_deals::first_touch_column(frame) {
        return Ok(found.to_owned());
    }
    let dates: Vec<String> = frame
        .columns()
        .iter()
        .filter(|c| is_date(c.kind) && !icp_project::DEAL_COLUMNS.contains(&c.name.as_str()))
        .map(|c| format!("`{}`", c.name))
        .collect();
    let which = if dates.is_empty() {
        "the accounts have no date column; add one to the export (when each account was created)"
            .to_owned()
    } else {
        format!("date columns of the accounts: {}", dates.join(", "))
    };
    Err(EngineError::invalid(
        Code::Other,
        format!(
            "reviewing since a date needs the accounts' date column: set `date = \"COLUMN\"` under `[accounts]` in {project} ({which})"
        ),
    ))
}

/// `session` restricted to the accounts dated on or after `date` (`YYYY-MM-DD`).
pub fn since(session: &Session, date: &str) -> Result<(Session, Since)> {
    let first = icp_frame::parse_iso_day(date).ok_or_else(|| {
        EngineError::invalid(Code::BadDate, format!("the date `{date}` is not YYYY-MM-DD"))
    })?;
    let column = date_column(session)?;
    let frame = &session.dataset.frame;
    let Some(values) = frame.column(&column) else {
        return Err(EngineError::invalid(
            Code::NoSuchColumn,
            format!("the accounts have no column `{column}`"),
        ));
    };
    let (mut rows, mut before, mut undated) = (0u64, 0u64, 0u64);
    let (mut earliest, mut latest) = (i64::MAX, i64::MIN);
    for i in 0..frame.rows() {
        match day(values.get(i)) {
            Some(d) => {
                earliest = earliest.min(d);
                latest = latest.max(d);
                if d >= i64::from(first) {
                    rows += 1;
                } else {
                    before += 1;
                }
            }
            None => undated += 1,
        }
    }
    if rows == 0 {
        let span = if earliest <= latest {
            format!(
                "`{column}` runs from {} to {}",
                icp_frame::format_date(earliest as i32),
                icp_frame::format_date(latest as i32)
            )
        } else {
            format!("`{column}` holds no date")
        };
        return Err(EngineError::invalid(
            Code::NothingToReview,
            format!("no account is dated on or after {date} ({span})"),
        ));
    }
    let quoted = format!("`{}`", column.replace('`', "``"));
    let condition = format!("{quoted} >= date(\"{}\")", icp_frame::format_date(first));
    let mut project = session.project.clone();
    project.golden.population = Some(match &project.golden.population {
        Some(p) => format!("({p}) and {condition}"),
        None => condition,
    });
    let restricted = Session::from_dataset(
        session.project_path.clone(),
        project,
        session.dataset.clone(),
        session.overrides.clone(),
    );
    Ok((restricted, Since { date: icp_frame::format_date(first), column, rows, before, undated }))
}
