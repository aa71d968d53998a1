//! Accounts derived from orders, for shops whose only table is their orders (D2C): one row
//! per customer with what their orders say about them — how many, how much, when first and
//! last, days since the last, average order value — so golden rules such as `orders >= 5`
//! and every attribute analysis work without an accounts export.

use icp_frame::{Column, ColumnData, Frame, Kind, StrColumn};
use icp_io::ColumnPlan;
use icp_io::Table;
use icp_orders::ColumnHints;
use icp_orders::rfm::{CustomerKey, RfmOptions, rfm_frame};

use crate::ProjectError;

/// The per-customer columns, in the order they are added after the customer id.
pub const ORDER_COLUMNS: [&str; 6] = [
    "orders",
    "spend",
    "first_order",
    "last_order",
    "days_since_last_order",
    "average_order_value",
];

/// Whether `table` looks like an orders log rather than one row per account: a customer,
/// a date and an amount (or quantity and price) are recognised from the headers, and some
/// customer appears on more than one row.
pub fn looks_like_orders(table: &Table) -> bool {
    let Ok(columns) = icp_orders::recognise(&table.frame, &ColumnHints::default()) else {
        return false;
    };
    let Some(customer) = table.frame.column(&columns.customer) else { return false };
    let mut seen = std::collections::HashSet::with_capacity(customer.len());
    (0..customer.len()).any(|i| crate::key_text(customer, i).is_some_and(|k| !seen.insert(k)))
}

/// One row per customer of `orders` (the customer column named `customer`, else recognised
/// from the headers), cleaned as RFM cleans order lines. The customer column keeps its name
/// and becomes the id.
pub fn customers_from_orders(
    orders: &Table,
    customer: Option<&str>,
) -> Result<Table, ProjectError> {
    let path = &orders.source.path;
    let setting = |message: String| ProjectError::Setting { file: path.clone(), line: 0, message };
    let hints = ColumnHints { customer: customer.map(str::to_owned), ..ColumnHints::default() };
    let columns = icp_orders::recognise(&orders.frame, &hints)
        .map_err(|e| setting(format!("accounts are derived from these orders, but {e}")))?;
    let result = rfm_frame(&orders.frame, &columns, &RfmOptions::default())
        .map_err(|e| setting(format!("accounts are derived from these orders, but {e}")))?;
    let last_day = result.customers.iter().map(|c| c.habits.last_order_day()).max().unwrap_or(0);
    let mut ids = StrColumn::new();
    let (mut count, mut spend, mut first, mut last, mut since, mut average) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for c in &result.customers {
        match &c.customer {
            CustomerKey::Label(label) => ids.push(Some(label)),
            CustomerKey::Index(i) => ids.push(Some(&i.to_string())),
        }
        let orders = f64::from(c.frequency);
        count.push(orders);
        spend.push(c.monetary);
        first.push(c.habits.first_order_day());
        last.push(c.habits.last_order_day());
        since.push(f64::from(last_day - c.habits.last_order_day()));
        average.push(c.monetary / orders);
    }
    let rows = result.customers.len();
    let number = |name: &str, v: Vec<f64>| Column::new(name, Kind::Number, ColumnData::Number(v));
    let date = |name: &str, v: Vec<i32>| Column::new(name, Kind::Date, ColumnData::Date(v));
    let [n_orders, n_spend, n_first, n_last, n_since, n_average] = ORDER_COLUMNS;
    let frame = Frame::new(
        vec![
            Column::new(columns.customer.as_str(), Kind::Identifier, ColumnData::Str(ids)),
            number(n_orders, count),
            number(n_spend, spend),
            date(n_first, first),
            date(n_last, last),
            number(n_since, since),
            number(n_average, average),
        ],
        rows,
    );
    let plans = frame.columns().iter().map(|c| ColumnPlan::new(c.name.clone(), c.kind)).collect();
    let mut warnings = orders.warnings.clone();
    if result.cleaning.removed() > 0 {
        warnings.push(format!("accounts are derived from the orders: {}", result.cleaning));
    }
    Ok(Table { frame, source: orders.source.clone(), plans, warnings })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn orders_table(text: &str) -> Table {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("orders.csv");
        std::fs::write(&path, text).unwrap();
        icp_io::read_table(&path, &icp_io::ReadOptions::default()).unwrap()
    }

    #[test]
    fn one_row_per_customer_with_what_their_orders_say() {
        let table = orders_table(
            "order_id,customer_id,order_date,amount\n1,A,2024-01-01,10\n2,A,2024-01-11,30\n\
             3,B,2024-01-05,5\n4,A,2024-01-21,20\n",
        );
        assert!(looks_like_orders(&table));
        let customers = customers_from_orders(&table, None).unwrap();
        let f = &customers.frame;
        assert_eq!(f.rows(), 2);
        let number = |name: &str| match &f.column(name).unwrap().data {
            ColumnData::Number(v) => v.clone(),
            _ => panic!("{name} is not numbers"),
        };
        assert_eq!(number("orders"), [3.0, 1.0]);
        assert_eq!(number("spend"), [60.0, 5.0]);
        assert_eq!(number("average_order_value"), [20.0, 5.0]);
        assert_eq!(number("days_since_last_order"), [0.0, 16.0]);
        assert_eq!(f.column("first_order").unwrap().kind, Kind::Date);
        assert_eq!(f.column("customer_id").unwrap().kind, Kind::Identifier);
        assert_eq!(customers.plans.len(), f.columns().len());
    }

    #[test]
    fn an_accounts_table_is_not_an_orders_log() {
        let table =
            orders_table("customer_id,signup date,amount\nA,2024-01-01,10\nB,2024-01-02,5\n");
        assert!(!looks_like_orders(&table));
    }
}
