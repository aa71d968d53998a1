//! What icp understood of a project's tables: each table, the join, the golden rule, and per
//! column its kind, role, personal data, missing share, distinct values and whether it is
//! analysed. Never a cell value: summaries are shared, and exports hold personal data.

use icp_io::Table;
use icp_project::Dataset;
use serde::Serialize;

/// The golden rule, the value and how many accounts are golden.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GoldenFacts {
    /// The rule.
    pub rule: Option<String>,
    /// The value expression.
    pub value: Option<String>,
    /// How many accounts the rule selects.
    pub count: Option<usize>,
}

/// One table as read.
#[derive(Debug, Clone, Serialize)]
pub struct TableSummary {
    /// Its file.
    pub path: String,
    /// Its format.
    pub format: &'static str,
    /// Its text encoding.
    pub encoding: Option<String>,
    /// Its field delimiter.
    pub delimiter: Option<&'static str>,
    /// Its XLSX sheet.
    pub sheet: Option<String>,
    /// Whether it was gzip-compressed.
    pub gzip: bool,
    /// Whether it has a header row.
    pub has_header: bool,
    /// Rows.
    pub rows: usize,
    /// Columns.
    pub columns: usize,
}

impl TableSummary {
    fn new(table: &Table, (rows, columns): (usize, usize)) -> TableSummary {
        let s = &table.source;
        TableSummary {
            path: s.path.display().to_string(),
            format: s.format.as_str(),
            encoding: s.encoding.clone(),
            delimiter: s.delimiter.map(|d| d.describe()),
            sheet: s.sheet.clone(),
            gzip: s.gzip,
            has_header: s.has_header,
            rows,
            columns,
        }
    }

    fn of(table: &Table) -> TableSummary {
        TableSummary::new(table, (table.frame.rows(), table.frame.columns().len()))
    }
}

/// Deals joined to accounts.
#[derive(Debug, Clone, Serialize)]
pub struct JoinSummary {
    /// Deals read.
    pub deals: usize,
    /// Deals that matched an account.
    pub matched: usize,
    /// Deals naming no known account.
    pub unknown_account: usize,
    /// Won deals.
    pub won: usize,
    /// Lost deals.
    pub lost: usize,
    /// Open deals.
    pub open: usize,
}

/// One column as understood.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnSummary {
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: &'static str,
    /// Its role.
    pub role: Option<&'static str>,
    /// The kind of personal data it holds.
    pub personal_data: Option<&'static str>,
    /// Percentage of missing cells, to one decimal.
    pub missing_pct: f64,
    /// Distinct values.
    pub distinct: usize,
    /// Whether it is a candidate attribute.
    pub analyse: bool,
    /// Why not, when it is not.
    pub excluded_because: Option<String>,
    /// Whether icp derived it (from deals, lookups).
    pub derived: bool,
}

/// A project as understood (what `init` and `describe` print, and the server returns for an
/// upload).
#[derive(Debug, Clone, Serialize)]
pub struct ProjectSummary {
    /// The accounts table.
    pub accounts: TableSummary,
    /// The deals table.
    pub deals: Option<TableSummary>,
    /// The orders table.
    pub orders: Option<TableSummary>,
    /// The contacts table.
    pub contacts: Option<TableSummary>,
    /// Deals joined to accounts.
    pub join: Option<JoinSummary>,
    /// Accounts.
    pub rows: usize,
    /// The id column.
    pub id: Option<String>,
    /// The golden rule.
    pub golden: GoldenFacts,
    /// Every column.
    pub columns: Vec<ColumnSummary>,
    /// Warnings from reading (never cell values).
    pub warnings: Vec<String>,
    /// Things to check.
    pub notes: Vec<String>,
}

impl ProjectSummary {
    /// The summary of `dataset` with its golden facts and notes.
    pub fn new(dataset: &Dataset, golden: &GoldenFacts, notes: Vec<String>) -> ProjectSummary {
        ProjectSummary {
            accounts: TableSummary::new(&dataset.accounts, dataset.accounts_shape),
            deals: dataset.deals.as_ref().map(TableSummary::of),
            orders: dataset.orders.as_ref().map(TableSummary::of),
            contacts: dataset.contacts.as_ref().map(TableSummary::of),
            join: dataset.deal_summary.as_ref().map(|s| JoinSummary {
                deals: s.deals,
                matched: s.matched,
                unknown_account: s.unknown_account,
                won: s.won,
                lost: s.lost,
                open: s.open,
            }),
            rows: dataset.frame.rows(),
            id: dataset.id.clone(),
            golden: golden.clone(),
            columns: dataset
                .columns
                .iter()
                .map(|c| ColumnSummary {
                    name: c.name.clone(),
                    kind: c.kind.as_str(),
                    role: c.role.map(|r| r.as_str()),
                    personal_data: c.personal.map(|p| p.as_str()),
                    missing_pct: (c.missing_pct * 10.0).round() / 10.0,
                    distinct: c.distinct,
                    analyse: c.analyse,
                    excluded_because: c.excluded_because.clone(),
                    derived: c.derived,
                })
                .collect(),
            warnings: dataset.warnings.clone(),
            notes,
        }
    }
}
