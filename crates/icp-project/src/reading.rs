//! Which of the accounts' columns a command reads. Most commands read every column; a
//! command that needs only some (segments never read the company names, an allocation with a
//! profile needs only its attributes and the economics) says which, and on millions of
//! accounts the columns it leaves unread are never parsed or stored.
//!
//! A column is left unread only when the project file says enough about it: its
//! `[columns.NAME]` entry as `icp init` writes it (with a kind), so its role and whether it
//! is analysed do not depend on the columns beside it. Every column a setting of the project
//! names (the id, the golden rule, value and population, the economics, rule segments,
//! segmenting, lookups) and every column with a role a job looks for is always read.

use icp_io::ReadOptions;
use icp_io::roles::Role;

use crate::config::ProjectFile;

/// Which accounts columns to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Reading {
    /// Every column.
    #[default]
    All,
    /// Every column but those the project keeps out of the analysis (`analyse = false`) that
    /// nothing names, and always `also` (say, a profile's attributes).
    Analysed {
        /// Columns read whatever the project says of them.
        also: Vec<String>,
    },
    /// Only the columns the project's settings name or give a role, and `also`.
    Named {
        /// Columns read whatever the project says of them.
        also: Vec<String>,
    },
}

/// Roles the jobs find columns by (the size, country and industry families, the outcome's
/// date for leak detection): read whatever the project says of their columns.
const ROLES_READ: [Role; 6] =
    [Role::Id, Role::Industry, Role::Employees, Role::Revenue, Role::Country, Role::CloseDate];

impl Reading {
    /// Sets `options` to read what this asks for of `project`'s accounts; returns whether
    /// any column is left unread. Nothing is left unread when a column's entry in the
    /// project file is missing its kind (the project was not written by `icp init`, or was
    /// edited by hand): its role could then depend on the other columns.
    pub fn apply(&self, project: &ProjectFile, options: &mut ReadOptions) -> bool {
        let also = match self {
            Reading::All => return false,
            Reading::Analysed { also } | Reading::Named { also } => also,
        };
        if project.columns.is_empty() || project.columns.values().any(|s| s.kind.is_none()) {
            return false;
        }
        let mut named = named_columns(project);
        named.extend(also.iter().cloned());
        // Lists of accounts name them by their company name when they have no id.
        let names_accounts = matches!(self, Reading::Named { .. });
        let has_role = |role: &Option<String>| {
            role.as_deref().and_then(Role::parse).is_some_and(|r| {
                ROLES_READ.contains(&r) || (names_accounts && r == Role::CompanyName)
            })
        };
        match self {
            Reading::All => false,
            Reading::Analysed { .. } => {
                options.skip = project
                    .columns
                    .iter()
                    .filter(|&(name, s)| {
                        s.analyse == Some(false) && !has_role(&s.role) && !names(&named, name)
                    })
                    .map(|(name, _)| name.clone())
                    .collect();
                !options.skip.is_empty()
            }
            Reading::Named { .. } => {
                named.extend(
                    project
                        .columns
                        .iter()
                        .filter(|(_, s)| has_role(&s.role))
                        .map(|(name, _)| name.clone()),
                );
                named.sort();
                named.dedup();
                let unread = project.columns.keys().any(|name| !names(&named, name));
                options.columns = Some(named);
                unread
            }
        }
    }
}

/// Every accounts column a setting of `project` names.
pub fn named_columns(project: &ProjectFile) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    out.extend(project.accounts.id.iter().cloned());
    out.extend(project.accounts.date.iter().cloned());
    let golden = &project.golden;
    let segmenting = &project.segmenting;
    let economics = project.economics.as_ref();
    let expressions =
        [golden.rule.as_deref(), golden.value.as_deref(), golden.population.as_deref()]
            .into_iter()
            .chain([
                economics.and_then(|e| e.price.as_deref()),
                economics.and_then(|e| e.value_received.as_deref()),
                economics.and_then(|e| e.cost_to_serve.as_deref()),
                segmenting.cost_to_serve.as_deref(),
            ])
            .flatten()
            .chain(project.segments.iter().map(|s| s.when.as_str()));
    for expression in expressions {
        // A rule that does not parse reads nothing here; loading reports it with its place.
        out.extend(icp_rules::Expr::parse(expression).map(|e| e.columns()).unwrap_or_default());
    }
    out.extend(segmenting.geographic.iter().cloned());
    out.extend(segmenting.demographic.iter().cloned());
    out.extend(segmenting.psychographic.iter().cloned());
    out.extend(segmenting.nps.iter().cloned());
    out.extend(project.lookups.iter().map(|l| l.on.clone()));
    out.sort();
    out.dedup();
    out
}

/// Whether `list` names `column`, without regard to ASCII case (as columns are found).
fn names(list: &[String], column: &str) -> bool {
    list.iter().any(|n| n.eq_ignore_ascii_case(column))
}
