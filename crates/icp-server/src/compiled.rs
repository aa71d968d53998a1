//! What the server derives once per profile version besides its scorer (versions never
//! change): the reasons' tables and the columns the profile reads with their CRM roles.

use icp_io::roles::{Role, role_for_header};
use icp_scorecard::reasons::Reasoner;
use icp_scorecard::scorer::Scorer;

/// A profile version, ready for leads.
pub(crate) struct Compiled {
    pub reasoner: Reasoner,
    /// The columns its attributes and enabled hard criteria read.
    pub columns: Vec<String>,
    /// Those of them that have a column role, with it.
    pub roles: Vec<(Role, String)>,
}

impl Compiled {
    pub(crate) fn new(scorer: &Scorer) -> Compiled {
        let columns = profile_columns(scorer);
        let roles = columns.iter().filter_map(|c| Some((role_for_header(c)?, c.clone()))).collect();
        Compiled { reasoner: Reasoner::new(scorer), columns, roles }
    }
}

/// The columns a profile reads: its attributes' and its enabled hard criteria's.
pub(crate) fn profile_columns(scorer: &Scorer) -> Vec<String> {
    let mut columns: Vec<String> = scorer.required_columns().into_iter().map(|(c, _)| c).collect();
    for criterion in scorer.profile().criteria.iter().filter(|c| c.enabled) {
        let Ok(rule) = icp_rules::Expr::parse(&criterion.rule) else { continue };
        for column in rule.columns() {
            if !columns.iter().any(|c| c.eq_ignore_ascii_case(&column)) {
                columns.push(column);
            }
        }
    }
    columns
}
