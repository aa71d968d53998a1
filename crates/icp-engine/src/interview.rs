//! The ICP interview (`icp interview`): the top golden customers with what the data says
//! about them, for `icp_people::interview`'s page and answer sheet; and a filled sheet read
//! back into attributes.

use std::path::Path;

use icp_people::contacts::NONE;
pub use icp_people::interview::{
    Answers, Interviewee, Lang, answer_sheet, answer_sheet_xlsx, page,
};
use icp_project::key_text;

use crate::error::{Code, EngineError, Result};
use crate::session::Session;

/// Columns described for each customer, at most.
const FACT_COLUMNS: usize = 5;

/// The `top` golden customers, most valuable first (by the project's value, else in file
/// order), each with what the data says: its main attributes (the profile's when `profile`
/// exists), its won deals and value, and the buying roles of its contacts.
pub fn interviewees(
    session: &Session,
    profile: Option<&Path>,
    top: usize,
) -> Result<Vec<Interviewee>> {
    let golden = session.golden_mask()?.ok_or_else(|| {
        EngineError::invalid(
            Code::NoGoldenRule,
            "the interview is for golden customers, and the project has no golden rule to find them",
        )
    })?;
    let dataset = &session.dataset;
    let frame = &dataset.frame;
    let mut rows: Vec<usize> = (0..frame.rows()).filter(|&i| golden[i]).collect();
    if let Some(values) = session.values()? {
        rows.sort_by(|&a, &b| {
            let v = |i: usize| if values[i].is_nan() { f64::NEG_INFINITY } else { values[i] };
            v(b).total_cmp(&v(a))
        });
    }
    rows.truncate(top);
    let names = dataset.labels(dataset.name_column());
    let ids = dataset.id_column();
    let columns: Vec<String> = match profile.filter(|p| p.exists()) {
        Some(path) => crate::scoring::load_scorer(path)?
            .profile()
            .attributes
            .iter()
            .map(|a| a.column.clone())
            .collect(),
        None => dataset
            .columns
            .iter()
            .filter(|c| c.analyse && !c.derived && c.personal.is_none())
            .map(|c| c.name.clone())
            .collect(),
    };
    let columns: Vec<&str> = columns.iter().map(String::as_str).take(FACT_COLUMNS).collect();
    let roles = match dataset.contacts {
        Some(_) => crate::chain::contacts(session).ok(),
        None => None,
    };
    Ok(rows
        .into_iter()
        .map(|i| {
            let mut facts: Vec<(String, String)> = columns
                .iter()
                .chain(["won_deals", "won_value"].iter())
                .filter_map(|&c| {
                    let value = frame.column(c).and_then(|col| key_text(col, i))?;
                    Some((c.to_owned(), value))
                })
                .collect();
            if let Some(contacts) = &roles {
                let mut bits = 0u16;
                for k in 0..contacts.len() {
                    if contacts.account[k] != NONE && contacts.account[k] as usize == i {
                        bits |= contacts.roles[k];
                    }
                }
                let named: Vec<&str> = icp_people::BuyingRole::ALL
                    .iter()
                    .enumerate()
                    .filter(|(b, _)| bits & (1 << b) != 0)
                    .map(|(_, r)| r.key())
                    .collect();
                if !named.is_empty() {
                    facts.push(("buying roles in the CRM".into(), named.join(", ")));
                }
            }
            Interviewee {
                id: ids.and_then(|c| key_text(c, i)).unwrap_or_else(|| names[i].clone()),
                name: names[i].clone(),
                facts,
            }
        })
        .collect())
}

/// Reads a filled answer sheet (CSV or XLSX).
pub fn read_answers(path: &Path) -> Result<Answers> {
    let table = icp_io::read_table(path, &icp_io::ReadOptions::default())?;
    icp_people::interview::read_answers(&table.frame, &path.display().to_string())
        .map_err(|e| EngineError::invalid(Code::Other, e.to_string()))
}
