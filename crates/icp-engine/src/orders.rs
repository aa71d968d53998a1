//! Order (transaction) tables for RFM, lifetime value and purchase status: which table, which
//! of its columns mean what, and the cleaning settings.

use std::path::{Path, PathBuf};

use icp_frame::Frame;
use icp_orders::rfm::{Cleaning, ReturnHandling};
use icp_orders::{ColumnHints, OrderColumns, OrdersError};

use crate::error::{Code, EngineError, Result};

/// Which orders table to read and which of its columns mean what (each recognised from its
/// header when not named).
#[derive(Debug, Clone, Default)]
pub struct OrdersRequest {
    /// The orders file; `None`: the project's `[orders]` table.
    pub file: Option<PathBuf>,
    /// The customer id column.
    pub customer: Option<String>,
    /// The order date or time column.
    pub date: Option<String>,
    /// The line or order amount column.
    pub amount: Option<String>,
    /// The quantity column.
    pub quantity: Option<String>,
    /// The unit price column.
    pub price: Option<String>,
    /// The invoice or order id column.
    pub invoice: Option<String>,
    /// Take returns off the original purchase instead of dropping them.
    pub net_returns: bool,
    /// Keep lines that would be cleaned away.
    pub no_cleaning: bool,
    /// The date recency and lifetime value are measured at (`YYYY-MM-DD`).
    pub reference_date: Option<String>,
    /// The project's orders table may lie outside the project's folder.
    pub allow_outside: bool,
    /// Columns read as another kind than the one guessed (after the project's `[columns]`
    /// kinds, which apply to orders columns of the same name).
    pub kinds: Vec<(String, icp_frame::Kind)>,
}

/// The orders table, read, with its columns resolved.
#[derive(Debug)]
pub struct Orders<'a> {
    /// The table.
    /// The table: read for this job, or borrowed from a session that already holds it.
    pub table: std::borrow::Cow<'a, icp_io::Table>,
    /// What each column means.
    pub columns: OrderColumns,
    /// The cleaning rules.
    pub cleaning: Cleaning,
    /// Whether cleaning is off.
    pub no_cleaning: bool,
    /// The reference day (days since 1970-01-01).
    pub reference_day: Option<i32>,
    /// The customer column holds personal data (e-mail addresses, phone numbers, names):
    /// customers are then shown by the row of their first order, never by the value.
    pub personal: Option<icp_io::pii::PersonalData>,
}

/// Reads the orders table `request` names, or the `[orders]` table of the project at
/// `project_path`.
pub fn read_orders(project_path: &Path, request: &OrdersRequest) -> Result<Orders<'static>> {
    let mut kinds: Vec<(String, icp_frame::Kind)> = Vec::new();
    let (path, source): (PathBuf, icp_project::TableSource) = match &request.file {
        Some(p) => (p.clone(), icp_project::TableSource::default()),
        None => {
            let project = icp_project::ProjectFile::load(project_path)?;
            let Some(orders) = project.orders.clone() else {
                return Err(EngineError::invalid(
                    Code::NoOrdersTable,
                    format!("{} has no [orders] table", project_path.display()),
                ));
            };
            let dir = crate::session::project_dir(project_path);
            crate::session::check_tables_inside(&project, &dir, request.allow_outside)?;
            kinds.extend(project.columns.iter().filter_map(|(name, settings)| {
                let kind = settings.kind.as_deref()?.parse().ok()?;
                Some((name.clone(), kind))
            }));
            (project.resolve(&dir, &orders.path), orders)
        }
    };
    let mut options = icp_project::read_options(&source, &icp_project::LoadOptions::default())?;
    // Codes such as stock codes and invoices are labels even when most look like numbers.
    for name in [&request.invoice].into_iter().flatten() {
        options.kinds.insert(name.clone(), icp_frame::Kind::Categorical);
    }
    options.kinds.extend(kinds.into_iter().chain(request.kinds.iter().cloned()));
    let table = icp_io::read_table(&path, &options)?;
    // Kinds under [orders] in icp.toml must name the table's columns too.
    if let Some(name) = source.kinds.keys().find(|name| table.frame.column(name).is_none()) {
        let e = crate::session::unknown_column(Code::Other, name, &path, &table.frame);
        return Err(EngineError::invalid(Code::Other, format!("kinds under [orders]: {e}")));
    }
    for (name, _) in &request.kinds {
        if table.frame.column(name).is_none() {
            return Err(crate::session::unknown_column(
                Code::UnknownKindColumn,
                name,
                &path,
                &table.frame,
            ));
        }
    }
    orders_from_table(std::borrow::Cow::Owned(table), request)
}

/// Resolves the columns of an orders table already read.
pub fn orders_from_table<'a>(
    table: std::borrow::Cow<'a, icp_io::Table>,
    request: &OrdersRequest,
) -> Result<Orders<'a>> {
    let columns = recognise(&table.frame, &table.source.path, request)?;
    let mut cleaning = if request.no_cleaning { Cleaning::none() } else { Cleaning::default() };
    if request.net_returns {
        cleaning.return_handling = ReturnHandling::Net;
    }
    let reference_day = match &request.reference_date {
        Some(d) => Some(icp_frame::parse_iso_day(d.trim()).ok_or_else(|| {
            EngineError::invalid(
                Code::BadDate,
                format!("the reference date `{d}` is not YYYY-MM-DD"),
            )
        })?),
        None => None,
    };
    let personal = table
        .frame
        .column(&columns.customer)
        .and_then(|c| icp_io::pii::detect(c).map(|(kind, _)| kind));
    Ok(Orders {
        table,
        columns,
        cleaning,
        no_cleaning: request.no_cleaning,
        reference_day,
        personal,
    })
}

/// Resolves the orders table's columns from `r`'s names or their headers.
pub(crate) fn recognise(frame: &Frame, path: &Path, r: &OrdersRequest) -> Result<OrderColumns> {
    let hints = ColumnHints {
        customer: r.customer.clone(),
        date: r.date.clone(),
        amount: r.amount.clone(),
        quantity: r.quantity.clone(),
        price: r.price.clone(),
        invoice: r.invoice.clone(),
        ..ColumnHints::default()
    };
    icp_orders::recognise(frame, &hints).map_err(|e| {
        let code = match &e {
            OrdersError::NoCustomerColumn => Code::NoCustomerColumn,
            OrdersError::NoDateColumn => Code::NoDateColumn,
            OrdersError::NoAmount => Code::NoAmountColumn,
            OrdersError::UnknownColumn { .. } => Code::NoSuchColumn,
            _ => Code::Other,
        };
        EngineError::invalid(code, format!("{}: {e}", path.display()))
    })
}
