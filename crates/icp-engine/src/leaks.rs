//! What a project tells leak detection beyond the data: when the outcome happened (a date the
//! golden rule reads, the deals' first close, a close-date column) and what people decided in
//! icp.toml (`leak = false` keeps a column, `leak = true` leaves it out).

use icp_frame::Kind;
use icp_io::roles::Role;
use icp_scorecard::leak::{LeakContext, OutcomeDates};

use crate::session::{Analysis, Session};

/// The deals' column holding each account's first close date (see `icp_project::DEAL_COLUMNS`).
const FIRST_CLOSE: &str = "first_close";

/// The leak context of `session`.
pub fn context(session: &Session) -> LeakContext {
    let decided = |value: bool| -> Vec<String> {
        session
            .project
            .columns
            .iter()
            .filter(|(_, s)| s.leak == Some(value))
            .map(|(name, _)| name.clone())
            .collect()
    };
    LeakContext { outcome: outcome_dates(session), not_leaks: decided(false), leaks: decided(true) }
}

/// The outcome's date: a date column the golden rule reads, else the deals' first close,
/// else a column whose role is the close date.
fn outcome_dates(session: &Session) -> Option<OutcomeDates> {
    let frame = &session.dataset.frame;
    let is_date = |name: &str| {
        frame.column(name).is_some_and(|c| matches!(c.kind, Kind::Date | Kind::DateTime))
    };
    let rule_dates = session
        .project
        .golden
        .rule
        .as_deref()
        .and_then(|r| icp_rules::Expr::parse(r).ok())
        .map(|e| e.columns())
        .unwrap_or_default()
        .into_iter()
        .filter(|c| is_date(c));
    let deals = session.dataset.deal_summary.is_some().then(|| FIRST_CLOSE.to_owned());
    let role = session
        .dataset
        .columns
        .iter()
        .find(|c| c.role == Some(Role::CloseDate) && is_date(&c.name))
        .map(|c| c.name.clone());
    let column = rule_dates.chain(deals).chain(role).find(|c| is_date(c))?;
    OutcomeDates::from_column(frame, &column)
}

/// The columns left out as leaks among `columns`, judged over the analysis' rows (what clusters
/// and segment descriptions must not use).
pub fn left_out(session: &Session, analysis: &Analysis, columns: &[String]) -> Vec<String> {
    icp_scorecard::discover::leaky_columns(
        &session.dataset.frame,
        columns,
        &analysis.golden,
        &analysis.rows,
        &context(session),
    )
}

/// The columns `discovery` left out as leaks: what [`left_out`] finds when the discovery ran
/// over the same analysis, without judging every column again.
pub fn left_out_by(discovery: &icp_scorecard::discover::Discovery) -> Vec<String> {
    let mut out: Vec<String> = discovery
        .candidates
        .iter()
        .filter(|c| c.evidence.leak_excluded)
        .map(|c| c.feature.column.clone())
        .collect();
    out.sort();
    out.dedup();
    out
}
