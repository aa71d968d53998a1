//! Order (transaction) tables for RFM and lifetime value: which columns hold the customer,
//! the time, the amount (or quantity and unit price), the invoice, the product and the
//! channel — recognised from headers, or named by flags — and the cleaning settings.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use icp_frame::Frame;
use icp_io::header;
use icp_orders::rfm::{Cleaning, OrderColumns, ReturnHandling};

use crate::cli::OrdersArgs;

/// The orders table, read.
pub struct Orders {
    pub table: icp_io::Table,
    pub columns: OrderColumns,
    pub cleaning: Cleaning,
    pub reference_day: Option<i32>,
}

fn find(
    frame: &Frame,
    given: &Option<String>,
    aliases: &[&str],
    what: &str,
) -> Result<Option<String>> {
    if let Some(name) = given {
        if frame.column(name).is_none() {
            bail!("the orders table has no column `{name}` (given as the {what})");
        }
        return Ok(Some(name.clone()));
    }
    Ok(frame
        .columns()
        .iter()
        .find(|c| aliases.contains(&header::normalized(&c.name).as_str()))
        .map(|c| c.name.clone()))
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
    let frame = &table.frame;
    let customer = find(
        frame,
        &args.customer,
        &[
            "customer id",
            "customer",
            "customer number",
            "client id",
            "client",
            "buyer id",
            "user id",
            "account id",
            "顧客id",
            "顧客番号",
        ],
        "customer",
    )?;
    let time = find(
        frame,
        &args.date,
        &[
            "invoice date",
            "order date",
            "date",
            "purchase date",
            "transaction date",
            "timestamp",
            "created at",
            "ordered at",
            "datetime",
            "注文日",
            "購入日",
        ],
        "date",
    )?;
    let amount = find(
        frame,
        &args.amount,
        &[
            "amount",
            "total",
            "revenue",
            "sales",
            "order total",
            "value",
            "monetary value",
            "spend",
            "金額",
            "売上",
        ],
        "amount",
    )?;
    let quantity = find(frame, &args.quantity, &["quantity", "qty", "units", "数量"], "quantity")?;
    let unit_price =
        find(frame, &args.price, &["unit price", "price", "unit cost", "単価"], "unit price")?;
    let invoice = find(
        frame,
        &args.invoice,
        &[
            "invoice no",
            "invoice",
            "invoice number",
            "invoice id",
            "order id",
            "order number",
            "order no",
            "transaction id",
            "注文番号",
        ],
        "invoice",
    )?;
    let product = find(
        frame,
        &None,
        &["stock code", "sku", "product id", "product code", "item code", "商品コード"],
        "product",
    )?;
    let channel = find(frame, &None, &["channel", "sales channel", "チャネル"], "channel")?;
    let Some(customer) = customer else {
        bail!(
            "{}: no customer column was recognised\nhint: name it with --customer COLUMN",
            path.display()
        );
    };
    let Some(timestamp) = time else {
        bail!(
            "{}: no order date column was recognised\nhint: name it with --date COLUMN",
            path.display()
        );
    };
    if amount.is_none() && (quantity.is_none() || unit_price.is_none()) {
        bail!(
            "{}: no amount (or quantity and unit price) was recognised\nhint: name it with --amount COLUMN, or --quantity and --price",
            path.display()
        );
    }
    let columns = OrderColumns {
        customer,
        timestamp,
        amount,
        quantity,
        unit_price,
        invoice,
        product,
        channel,
    };
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
