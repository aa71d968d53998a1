//! The customer journey of a project (`icp journey`, the report's journey section): the
//! `[journey]` events read beside the accounts, analysed by `icp_people::journey`.

use std::collections::HashMap;

use icp_frame::Value;
use icp_people::contacts::NONE;
use icp_people::journey::{EventLinks, GoldenAccounts, Grouping, JourneyError};
pub use icp_people::journey::{GoldenStep, GroupFunnel, JourneyReport, Stall, StepDifference};
use icp_project::{DealOutcome, LoadOptions, deal_outcomes, key_text};

use crate::error::{Code, EngineError, Result};
use crate::session::Session;

/// What to compute besides the golden comparison.
#[derive(Debug, Clone, Default)]
pub struct JourneyRequest {
    /// An accounts column whose values each get a funnel (a segment, an industry).
    pub by: Option<String>,
    /// The events table and its mapping in place of the project's `[journey]` (the server's
    /// uploaded events); its path is relative to the project's folder.
    pub events: Option<icp_project::Journey>,
}

/// Groups shown per value of `by`, the largest first.
const MAX_GROUPS: usize = 12;

fn invalid(e: impl std::fmt::Display) -> EngineError {
    EngineError::invalid(Code::Other, e.to_string())
}

/// The customer journey of the session's accounts.
pub fn journey(session: &Session, request: &JourneyRequest) -> Result<JourneyReport> {
    let spec = request
        .events
        .as_ref()
        .or(session.project.journey.as_ref())
        .ok_or_else(|| invalid(JourneyError::NoJourney))?;
    let load = LoadOptions { lenient: session.overrides.lenient, max_record_bytes: 0 };
    let path = session.project.resolve(&session.dir, &spec.source.path);
    let table = icp_io::read_table(&path, &icp_project::read_options(&spec.source, &load)?)?;
    let frame = &session.dataset.frame;
    let accounts: Option<HashMap<String, u32>> = session.dataset.id.as_ref().map(|id| {
        let ids = frame.column(id).expect("the dataset checked its id");
        (0..ids.len()).filter_map(|i| key_text(ids, i).map(|k| (k, i as u32))).collect()
    });
    let contacts = match &spec.contact {
        Some(_) => contact_accounts(session)?,
        None => None,
    };
    let golden = session.golden_mask()?;
    let (until, undated_because) = match first_won_close(session, accounts.as_ref()) {
        Ok(until) => (Some(until), ""),
        Err(why) => (None, why),
    };
    let golden = golden.as_deref().map(|golden| GoldenAccounts {
        golden,
        until: until.as_deref(),
        undated_because,
    });
    let (of, names) = match &request.by {
        Some(column) => groups(session, column)?,
        None => (Vec::new(), Vec::new()),
    };
    let grouping = request.by.as_ref().map(|_| Grouping { of: &of, names: &names });
    let mut report = icp_people::journey::journey(
        spec,
        &table.frame,
        &table.source.path,
        &EventLinks { accounts: accounts.as_ref(), contacts: contacts.as_ref() },
        frame.rows(),
        golden.as_ref(),
        grouping.as_ref(),
    )
    .map_err(invalid)?;
    report.groups.truncate(MAX_GROUPS);
    Ok(report)
}

/// Per account row, the last second of the day its first won deal closed (`i64::MAX` for
/// accounts never won), or why it cannot be known.
fn first_won_close(
    session: &Session,
    accounts: Option<&HashMap<String, u32>>,
) -> std::result::Result<Vec<i64>, &'static str> {
    let (Some(spec), Some(table)) = (&session.project.deals, &session.dataset.deals) else {
        return Err("the project has no deals table to date when accounts were won");
    };
    let Some(close) = spec.close_date.as_ref().and_then(|c| table.frame.column(c)) else {
        return Err("the deals have no close date (close_date under [deals])");
    };
    let (Some(accounts), Some(account)) = (accounts, table.frame.column(&spec.account)) else {
        return Err("the deals cannot be tied to accounts (no id under [accounts])");
    };
    let outcomes = deal_outcomes(&table.frame, spec);
    let mut until = vec![i64::MAX; session.dataset.frame.rows()];
    let mut dated = false;
    for (d, outcome) in outcomes.iter().enumerate() {
        if *outcome != DealOutcome::Won {
            continue;
        }
        let day = match close.get(d) {
            Value::Date(day) => i64::from(day),
            Value::DateTime(s) => s.div_euclid(86_400),
            _ => continue,
        };
        let Some(&row) = key_text(account, d).and_then(|k| accounts.get(&k)) else { continue };
        let end_of_day = (day + 1) * 86_400 - 1;
        let slot = &mut until[row as usize];
        *slot = (*slot).min(end_of_day);
        dated = true;
    }
    if dated { Ok(until) } else { Err("no won deal has a close date") }
}

/// Contact id → account row, from the contacts table's id column.
fn contact_accounts(session: &Session) -> Result<Option<HashMap<String, u32>>> {
    let contacts = crate::chain::contacts(session)?;
    let Some(table) = &session.dataset.contacts else { return Ok(None) };
    let fold = |s: &str| -> String {
        s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
    };
    let Some(ids) = ["contactid", "contact", "id", "recordid"]
        .iter()
        .find_map(|h| table.frame.columns().iter().find(|c| fold(&c.name) == *h))
    else {
        return Ok(None);
    };
    Ok(Some(
        (0..ids.len())
            .filter(|&i| contacts.account[i] != NONE)
            .filter_map(|i| key_text(ids, i).map(|k| (k, contacts.account[i])))
            .collect(),
    ))
}

/// Each account's value of `column`, as group codes.
fn groups(session: &Session, column: &str) -> Result<(Vec<u32>, Vec<String>)> {
    let frame = &session.dataset.frame;
    let Some(values) = frame.column(column) else {
        return Err(EngineError::invalid(
            Code::NoSuchColumn,
            format!("the accounts have no column `{column}` to group the journey by"),
        ));
    };
    // Its values are printed as group names: never a column of personal data or identifiers.
    let info = session.dataset.columns.iter().find(|c| c.name == values.name);
    let private = info.is_some_and(|c| {
        c.personal.is_some()
            || matches!(c.role, Some(icp_io::roles::Role::Id | icp_io::roles::Role::CompanyName))
            || matches!(c.kind, icp_frame::Kind::Identifier | icp_frame::Kind::Text)
    });
    if private || session.dataset.id.as_deref() == Some(values.name.as_str()) {
        return Err(EngineError::invalid(
            Code::NoSuchColumn,
            format!(
                "`{column}` holds personal data, identifiers or free text, whose values a journey                  by group would print; group by a category such as a segment, an industry or a country"
            ),
        ));
    }
    let mut index: HashMap<String, u32> = HashMap::new();
    let mut names = Vec::new();
    let of = (0..frame.rows())
        .map(|i| match key_text(values, i) {
            Some(v) => *index.entry(v).or_insert_with_key(|k| {
                names.push(k.clone());
                names.len() as u32 - 1
            }),
            None => NONE,
        })
        .collect();
    Ok((of, names))
}
