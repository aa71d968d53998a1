//! Init: read the exports, propose a project (kinds, roles, personal data kept out, joins,
//! a golden rule and a value), and render it as a commented `icp.toml`.

use std::path::{Path, PathBuf};

use icp_frame::Kind;
use icp_project::init::{InitChoices, propose};
use icp_project::{LoadOptions, ProjectFile, TableSource, read_options};

use crate::error::{Code, EngineError, Result};
use crate::scoring::ReadSettings;
use crate::summary::{GoldenFacts, ProjectSummary};

/// The exports to describe and the choices already made.
#[derive(Debug, Clone, Default)]
pub struct InitRequest {
    /// The accounts file (with `orders_only`, the orders file).
    pub accounts: PathBuf,
    /// `accounts` is an orders log: its customers become the accounts.
    pub orders_only: bool,
    /// Deals joined to accounts.
    pub deals: Option<PathBuf>,
    /// Orders (for RFM and lifetime value).
    pub orders: Option<PathBuf>,
    /// Contacts.
    pub contacts: Option<PathBuf>,
    /// Tables whose columns are copied onto each row by key.
    pub lookups: Vec<PathBuf>,
    /// Where the project file will be written (relative paths are made relative to its folder).
    pub project: PathBuf,
    /// The population rule.
    pub population: Option<String>,
    /// The accounts id column.
    pub id: Option<String>,
    /// The golden rule.
    pub golden: Option<String>,
    /// The value expression.
    pub value: Option<String>,
    /// Columns read as another kind.
    pub kinds: Vec<(String, Kind)>,
    /// Columns kept out of the analysis.
    pub exclude: Vec<String>,
    /// Why excluded columns are excluded, in the front end's words.
    pub exclude_reason: String,
    /// How to read the accounts file (the other files are sniffed on their own).
    pub read: ReadSettings,
    /// The front end that writes the file (for its header line).
    pub generated_by: String,
}

/// The proposed project.
#[derive(Debug)]
pub struct Initialised {
    /// The project file's text, commented, as it will be written.
    pub text: String,
    /// What icp understood.
    pub summary: ProjectSummary,
    /// The assembled dataset (for a front end's own rendering).
    pub dataset: icp_project::Dataset,
    /// The golden rule, value and count.
    pub golden: GoldenFacts,
}

fn read(
    path: &Path,
    source: &TableSource,
    load: &LoadOptions,
    kinds: &[(String, Kind)],
) -> Result<icp_io::Table> {
    let mut options = read_options(source, load)?;
    options.kinds.extend(kinds.iter().cloned());
    Ok(icp_io::read_table(path, &options)?)
}

/// Reads the exports and proposes a project.
pub fn init(request: &InitRequest) -> Result<Initialised> {
    let r = &request.read;
    let load =
        LoadOptions { lenient: r.lenient, max_record_bytes: r.max_record_bytes.unwrap_or(0) };
    let accounts_source = TableSource {
        path: PathBuf::new(),
        encoding: r.encoding.clone(),
        delimiter: r.delimiter.clone(),
        sheet: r.sheet.clone(),
        header: r.header,
        ..TableSource::default()
    };
    // Only the accounts file takes the reading settings; other files are sniffed on their own.
    let sniffed = TableSource::default();
    let mut accounts = read(&request.accounts, &accounts_source, &load, &request.kinds)?;
    for (name, _) in &request.kinds {
        if accounts.frame.column(name).is_none() {
            return Err(crate::session::unknown_column(
                Code::UnknownKindColumn,
                name,
                &request.accounts,
                &accounts.frame,
            ));
        }
    }
    // An orders log given as the only table (a shop without an accounts export): the
    // accounts are its customers, with what their orders say about them.
    let mut orders_log = None;
    let mut looks_like_orders = false;
    if request.orders_only {
        let customers = icp_project::customers::customers_from_orders(&accounts, None)?;
        orders_log = Some(std::mem::replace(&mut accounts, customers));
    } else if request.orders.is_none() {
        looks_like_orders = icp_project::customers::looks_like_orders(&accounts);
    }
    let deals = request.deals.as_deref().map(|p| read(p, &sniffed, &load, &[])).transpose()?;
    let lookups = request
        .lookups
        .iter()
        .map(|p| read(p, &sniffed, &load, &[]))
        .collect::<Result<Vec<_>>>()?;
    let project_dir = crate::session::project_dir(&request.project);
    let choices = InitChoices {
        id: request.id.clone(),
        golden: request.golden.clone(),
        value: request.value.clone(),
        accounts_source,
        deals_source: sniffed.clone(),
        population: request.population.clone(),
    };
    let mut proposal = propose(accounts, deals, lookups, &project_dir, &choices)?;
    if looks_like_orders {
        proposal.notes.push("this file looks like an orders log (customers on several rows, with dates and amounts); for a shop with orders only, `init --orders FILE` makes its customers the accounts, with their orders, spend and last order".into());
    }
    if let Some(table) = orders_log {
        proposal.project.accounts.from_orders = true;
        proposal.project.accounts.id = proposal.dataset.id.clone();
        proposal.project.orders = Some(icp_project::init::source_for(&table, &project_dir));
        proposal.dataset.orders = Some(table);
        proposal.notes.retain(|n| !n.starts_with(icp_project::init::NO_GOLDEN_RULE));
        proposal.notes.push(
            "the accounts are the customers of the orders, one row each with orders, spend, first_order, last_order, days_since_last_order and average_order_value (e.g. golden rule \"orders >= 5\")".into(),
        );
    }
    for (name, kind) in &request.kinds {
        proposal.project.columns.entry(name.clone()).or_default().kind =
            Some(kind.as_str().to_owned());
    }
    if let Some(path) = &request.orders {
        let table = read(path, &sniffed, &load, &[])?;
        proposal.project.orders = Some(icp_project::init::source_for(&table, &project_dir));
        proposal.dataset.orders = Some(table);
    }
    if let Some(path) = &request.contacts {
        let table = read(path, &sniffed, &load, &[])?;
        proposal.project.contacts = Some(icp_project::init::source_for(&table, &project_dir));
        proposal.dataset.contacts = Some(table);
    }
    for name in &request.exclude {
        if proposal.dataset.frame.column(name).is_none() {
            return Err(crate::session::unknown_column(
                Code::UnknownExcludedColumn,
                name,
                &request.accounts,
                &proposal.dataset.frame,
            ));
        }
        let settings = proposal.project.columns.entry(name.clone()).or_default();
        settings.analyse = Some(false);
        settings.excluded_because = Some(request.exclude_reason.clone());
    }
    if !request.exclude.is_empty() {
        proposal.dataset.columns = icp_project::describe_columns(
            &proposal.dataset.frame,
            &proposal.project,
            proposal.dataset.id.as_deref(),
        );
    }
    let text =
        icp_project::render(&proposal.project, &proposal.dataset.columns, &request.generated_by);
    // The file must read back as written: a bug here would hand people a broken project.
    ProjectFile::parse(&request.project, &text).map_err(|e| {
        EngineError::invalid(
            Code::Other,
            format!("internal error: the generated project file does not parse: {e}"),
        )
    })?;
    let golden = GoldenFacts {
        rule: proposal.project.golden.rule.clone(),
        value: proposal.project.golden.value.clone(),
        count: proposal.golden_count,
    };
    let summary = ProjectSummary::new(&proposal.dataset, &golden, proposal.notes.clone());
    Ok(Initialised { text, summary, dataset: proposal.dataset, golden })
}
