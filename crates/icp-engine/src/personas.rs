//! Personas of a project's contacts (`icp personas`, the report's people section): contacts
//! read as `icp_people::contacts` says, each with its company's tier from the profile when
//! there is one (else golden or not), grouped by `icp_people::personas`.

use std::path::Path;

use icp_people::contacts::{Contacts, NONE};
pub use icp_people::personas::{AccountTiers, PersonaCard, PersonaOptions, Personas};
use icp_scorecard::scorer::{Outcome, Scorer};

use crate::error::{Code, EngineError, Result};
use crate::session::Session;

/// The personas with what reading the contacts found (what `--json` prints).
#[derive(Debug, Clone, serde::Serialize)]
pub struct PersonasReport {
    /// The contacts file.
    pub file: String,
    /// Contacts read.
    pub contacts_read: usize,
    /// What the user should know, in words (counts only).
    pub warnings: Vec<String>,
    /// The personas.
    pub personas: Personas,
}

/// Each account's tier: the profile's when `profile` exists, else golden or not (by the
/// project's golden rule), else unknown.
pub fn account_tiers(session: &Session, profile: Option<&Path>) -> Result<AccountTiers> {
    match profile.filter(|p| p.exists()) {
        Some(path) => {
            let scorer = crate::scoring::load_scorer(path)?;
            tiers_by(session, &scorer, format!("the tiers of {}", path.display()))
        }
        None => golden_or_not(session),
    }
}

/// Each account's tier by a compiled profile (a server's active version), else golden or not.
pub fn account_tiers_by(session: &Session, scorer: Option<&Scorer>) -> Result<AccountTiers> {
    match scorer {
        Some(scorer) => tiers_by(session, scorer, "the tiers of the active profile".into()),
        None => golden_or_not(session),
    }
}

fn tiers_by(session: &Session, scorer: &Scorer, source: String) -> Result<AccountTiers> {
    let batch = scorer.score(&session.dataset.frame)?;
    let mut levels: Vec<String> = scorer.profile().tiers.iter().map(|t| t.name.clone()).collect();
    let (insufficient, disqualified) = (levels.len() as u32, levels.len() as u32 + 1);
    levels.push("insufficient data".into());
    levels.push("disqualified".into());
    let per_account = batch
        .outcomes
        .iter()
        .map(|o| match o {
            Outcome::Scored { tier } => u32::from(*tier),
            Outcome::Insufficient => insufficient,
            Outcome::Disqualified { .. } => disqualified,
        })
        .collect();
    Ok(AccountTiers { per_account, levels, source })
}

fn golden_or_not(session: &Session) -> Result<AccountTiers> {
    let rows = session.dataset.frame.rows();
    match session.golden_mask()? {
        Some(mask) => Ok(AccountTiers {
            per_account: mask.iter().map(|&g| u32::from(!g)).collect(),
            levels: vec!["golden".into(), "other".into()],
            source: "golden or not, by the project's golden rule".into(),
        }),
        None => Ok(AccountTiers {
            per_account: vec![NONE; rows],
            levels: Vec::new(),
            source: "unknown (no profile and no golden rule)".into(),
        }),
    }
}

/// The personas of the session's contacts, their companies in `tiers` ([`account_tiers`]).
pub fn personas(
    session: &Session,
    tiers: &AccountTiers,
    options: &PersonaOptions,
) -> Result<(PersonasReport, Contacts)> {
    let contacts = crate::chain::contacts(session)?;
    let personas = icp_people::personas::personas(&contacts, tiers, options)
        .map_err(|e| EngineError::invalid(Code::Other, e.to_string()))?;
    Ok((
        PersonasReport {
            file: contacts.file.display().to_string(),
            contacts_read: contacts.len(),
            warnings: contacts.warnings(),
            personas,
        },
        contacts,
    ))
}
