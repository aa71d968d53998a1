//! The decision chain of a project's deals (`icp chain`, the report's people section): the
//! contacts read as `icp_people::contacts` says, the chain as `icp_people::chain` finds it.

pub use icp_people::chain::{Chain, ChainOptions, Direction};
use icp_people::contacts::{ContactColumns, Contacts, ContactsSummary};

use crate::error::{Code, EngineError, Result};
use crate::session::Session;

/// The chain with what reading the contacts found (what `--json` prints and the server
/// returns).
#[derive(Debug, Clone, serde::Serialize)]
pub struct ChainReport {
    /// The contacts file.
    pub file: String,
    /// The headers used for each part of a contact.
    pub columns: ContactColumns,
    /// What reading the contacts found.
    pub contacts: ContactsSummary,
    /// What the user should know before trusting the figures, in words (counts only).
    pub warnings: Vec<String>,
    /// The findings.
    pub chain: Chain,
}

/// Reads the session's contacts.
pub fn contacts(session: &Session) -> Result<Contacts> {
    Contacts::from_dataset(&session.project, &session.dataset)
        .map_err(|e| EngineError::invalid(Code::Other, e.to_string()))
}

/// The decision chain of the session's deals.
pub fn chain(session: &Session) -> Result<ChainReport> {
    let contacts = contacts(session)?;
    let chain =
        icp_people::chain(&contacts, session.dataset.frame.rows(), &ChainOptions::default())
            .map_err(|e| EngineError::invalid(Code::Other, e.to_string()))?;
    Ok(ChainReport {
        file: contacts.file.display().to_string(),
        columns: contacts.columns.clone(),
        contacts: contacts.summary.clone(),
        warnings: contacts.warnings(),
        chain,
    })
}

/// The open deals lacking part of the typical chain, as CSV for sales (deal, account name,
/// people engaged, what is missing, what to do).
pub fn open_deals_csv(session: &Session, report: &ChainReport) -> String {
    let names = session.dataset.labels(session.dataset.name_column());
    icp_people::chain::open_gaps_csv(&report.chain.open_gaps, &names)
}
