//! Order (transaction) tables for RFM and lifetime value: which columns hold the customer,
//! the time, the amount (or quantity and unit price), the invoice, the product and the
//! channel — recognised from headers, or named by flags — and the cleaning settings.

use std::path::PathBuf;

use anyhow::{Context, Result, anyhow, bail};
use icp_orders::rfm::{Cleaning, OrderColumns, ReturnHandling};
use icp_orders::{ColumnHints, OrdersError, recognise};

use crate::cli::OrdersArgs;

/// The orders table, read.
pub struct Orders {
    pub table: icp_io::Table,
    pub columns: OrderColumns,
    pub cleaning: Cleaning,
    pub reference_day: Option<i32>,
}

/// Reads the orders table named by the flags or the project, and resolves its columns.
pub fn load(args: &OrdersArgs) -> Result<Orders> {
    let (path, source): (PathBuf, icp_project::TableSource) = match &args.orders {
        Some(p) => (p.clone(), icp_project::TableSource::default()),
        None => {
            let project = icp_project::ProjectFile::load(&args.project).with_context(|| {
                "no --orders file given, so the project's [orders] table is used".to_string()
            })?;
            let Some(orders) = project.orders.clone() else {
                bail!(
                    "{} has no [orders] table\nhint: pass --orders FILE, or run `icp init ... --orders FILE`",
                    args.project.display()
                );
            };
            let dir = match args.project.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
                _ => PathBuf::from("."),
            };
            (project.resolve(&dir, &orders.path), orders)
        }
    };
    let mut options = icp_project::read_options(&source, &icp_project::LoadOptions::default())?;
    // Codes such as stock codes and invoices are labels even when most look like numbers.
    for name in [&args.invoice].into_iter().flatten() {
        options.kinds.insert(name.clone(), icp_frame::Kind::Categorical);
    }
    let table = icp_io::read_table(&path, &options)?;
    let hints = ColumnHints {
        customer: args.customer.clone(),
        date: args.date.clone(),
        amount: args.amount.clone(),
        quantity: args.quantity.clone(),
        price: args.price.clone(),
        invoice: args.invoice.clone(),
        ..ColumnHints::default()
    };
    let columns = recognise(&table.frame, &hints).map_err(|e| {
        let hint = match e {
            OrdersError::NoCustomerColumn => "name it with --customer COLUMN",
            OrdersError::NoDateColumn => "name it with --date COLUMN",
            OrdersError::NoAmount => "name it with --amount COLUMN, or --quantity and --price",
            _ => return anyhow!(e),
        };
        anyhow!("{}: {e}\nhint: {hint}", path.display())
    })?;
    let mut cleaning = if args.no_cleaning { Cleaning::none() } else { Cleaning::default() };
    if args.net_returns {
        cleaning.return_handling = ReturnHandling::Net;
    }
    let reference_day = match &args.reference_date {
        Some(d) => Some(
            parse_day(d).with_context(|| format!("--reference-date `{d}` is not YYYY-MM-DD"))?,
        ),
        None => None,
    };
    Ok(Orders { table, columns, cleaning, reference_day })
}

pub fn parse_day(s: &str) -> Option<i32> {
    let mut p = s.splitn(3, '-');
    let (y, m, d): (i32, u32, u32) =
        (p.next()?.parse().ok()?, p.next()?.parse().ok()?, p.next()?.parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| icp_frame::days_from_civil(y, m, d))
}
