//! Which columns of an orders table hold what: the customer, the date, the amount (or
//! quantity and unit price), the invoice, the product and the channel. [`recognise`] finds
//! them from the headers (English and Japanese aliases, compared as words, so
//! `CustomerID`, `customer_id` and `Customer Id` are the same) or takes the names the caller
//! gives in [`ColumnHints`]. Errors say what is missing and name no command-line flag: each
//! front end adds its own advice.

use std::fmt;

use icp_frame::Frame;
use icp_io::header;

/// Which columns of a [`Frame`] hold the order-line fields (names match exactly first, then
/// ASCII case-insensitively, like [`Frame::column`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderColumns {
    /// Customer id: identifier, categorical or text, or whole numbers.
    pub customer: String,
    /// Order time: a datetime or date column.
    pub timestamp: String,
    /// Line amount; when `None`, quantity × unit price.
    pub amount: Option<String>,
    /// Quantity (number).
    pub quantity: Option<String>,
    /// Unit price (number).
    pub unit_price: Option<String>,
    /// Invoice id.
    pub invoice: Option<String>,
    /// Product code.
    pub product: Option<String>,
    /// Sales channel.
    pub channel: Option<String>,
}

impl OrderColumns {
    /// Customer, timestamp and amount columns.
    pub fn new(customer: &str, timestamp: &str, amount: &str) -> Self {
        OrderColumns {
            customer: customer.to_owned(),
            timestamp: timestamp.to_owned(),
            amount: Some(amount.to_owned()),
            quantity: None,
            unit_price: None,
            invoice: None,
            product: None,
            channel: None,
        }
    }

    /// The UCI Online Retail layout: `CustomerID`, `InvoiceDate`, `Quantity` × `UnitPrice`,
    /// `InvoiceNo`, `StockCode`.
    pub fn online_retail() -> Self {
        OrderColumns {
            customer: "CustomerID".to_owned(),
            timestamp: "InvoiceDate".to_owned(),
            amount: None,
            quantity: Some("Quantity".to_owned()),
            unit_price: Some("UnitPrice".to_owned()),
            invoice: Some("InvoiceNo".to_owned()),
            product: Some("StockCode".to_owned()),
            channel: None,
        }
    }
}

/// The part a column plays in an orders table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Role {
    /// Who bought.
    Customer,
    /// When: the order date or time.
    Date,
    /// The line or order amount.
    Amount,
    /// The quantity of a line.
    Quantity,
    /// The unit price of a line.
    UnitPrice,
    /// The invoice or order id.
    Invoice,
    /// The product code.
    Product,
    /// The sales channel.
    Channel,
}

impl Role {
    /// Every role, in the order [`recognise`] resolves them.
    pub const ALL: [Role; 8] = [
        Role::Customer,
        Role::Date,
        Role::Amount,
        Role::Quantity,
        Role::UnitPrice,
        Role::Invoice,
        Role::Product,
        Role::Channel,
    ];

    /// The role in words, as messages use it (`"unit price"`).
    pub fn name(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Date => "date",
            Role::Amount => "amount",
            Role::Quantity => "quantity",
            Role::UnitPrice => "unit price",
            Role::Invoice => "invoice",
            Role::Product => "product",
            Role::Channel => "channel",
        }
    }

    /// The headers recognised for this role, as [`header::normalized`] words: lower case,
    /// single spaces, camelCase and `_` split (`InvoiceNo` → `invoice no`).
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Role::Customer => &[
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
            Role::Date => &[
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
            Role::Amount => &[
                "amount",
                "total",
                "revenue",
                "sales",
                "order total",
                "value",
                "monetary value",
                "dollar value",
                "spend",
                "金額",
                "売上",
            ],
            Role::Quantity => &["quantity", "qty", "units", "数量"],
            Role::UnitPrice => &["unit price", "price", "unit cost", "単価"],
            Role::Invoice => &[
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
            Role::Product => {
                &["stock code", "sku", "product id", "product code", "item code", "商品コード"]
            }
            Role::Channel => &["channel", "sales channel", "チャネル"],
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Column names the caller gives; `None` means "recognise it from the headers".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnHints {
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
    /// The product code column.
    pub product: Option<String>,
    /// The sales channel column.
    pub channel: Option<String>,
}

impl ColumnHints {
    /// The name given for `role`, if any.
    pub fn get(&self, role: Role) -> Option<&str> {
        match role {
            Role::Customer => &self.customer,
            Role::Date => &self.date,
            Role::Amount => &self.amount,
            Role::Quantity => &self.quantity,
            Role::UnitPrice => &self.price,
            Role::Invoice => &self.invoice,
            Role::Product => &self.product,
            Role::Channel => &self.channel,
        }
        .as_deref()
    }
}

/// Why the columns of an orders table could not be resolved. The messages name columns and
/// roles, never cell values and never a front end's flags.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OrdersError {
    /// A column named in the hints is not in the table.
    #[error("the orders table has no column `{name}` (given as the {role})")]
    UnknownColumn {
        /// The name as given.
        name: String,
        /// What it was given as.
        role: Role,
    },
    /// No hint and no header names the customer.
    #[error("no customer column was recognised")]
    NoCustomerColumn,
    /// No hint and no header names the order date.
    #[error("no order date column was recognised")]
    NoDateColumn,
    /// Neither an amount nor both a quantity and a unit price.
    #[error("no amount (or quantity and unit price) was recognised")]
    NoAmount,
}

/// Resolves one role: the hint when given (it must exist), else the first column whose
/// header is one of the role's aliases.
fn resolve(frame: &Frame, hints: &ColumnHints, role: Role) -> Result<Option<String>, OrdersError> {
    if let Some(name) = hints.get(role) {
        if frame.column(name).is_none() {
            return Err(OrdersError::UnknownColumn { name: name.to_owned(), role });
        }
        return Ok(Some(name.to_owned()));
    }
    let aliases = role.aliases();
    Ok(frame
        .columns()
        .iter()
        .find(|c| aliases.contains(&header::normalized(&c.name).as_str()))
        .map(|c| c.name.clone()))
}

/// Finds the order columns of `frame`: each role from its hint, or from the headers.
///
/// Every hint is checked first, in [`Role::ALL`] order ([`OrdersError::UnknownColumn`]); then
/// a customer ([`OrdersError::NoCustomerColumn`]), a date ([`OrdersError::NoDateColumn`]) and
/// an amount or both a quantity and a unit price ([`OrdersError::NoAmount`]) must have been
/// found. The kinds of the columns are not checked here: [`crate::rfm::rfm_frame`] does that.
pub fn recognise(frame: &Frame, hints: &ColumnHints) -> Result<OrderColumns, OrdersError> {
    let mut found = [const { None }; Role::ALL.len()];
    for (slot, role) in found.iter_mut().zip(Role::ALL) {
        *slot = resolve(frame, hints, role)?;
    }
    let [customer, timestamp, amount, quantity, unit_price, invoice, product, channel] = found;
    let customer = customer.ok_or(OrdersError::NoCustomerColumn)?;
    let timestamp = timestamp.ok_or(OrdersError::NoDateColumn)?;
    if amount.is_none() && (quantity.is_none() || unit_price.is_none()) {
        return Err(OrdersError::NoAmount);
    }
    Ok(OrderColumns {
        customer,
        timestamp,
        amount,
        quantity,
        unit_price,
        invoice,
        product,
        channel,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use icp_frame::{Column, ColumnData, Kind};

    fn frame(names: &[&str]) -> Frame {
        let columns =
            names.iter().map(|n| Column::new(*n, Kind::Number, ColumnData::Number(vec![1.0])));
        Frame::new(columns.collect(), 1)
    }

    #[test]
    fn online_retail_headers() {
        let f = frame(&[
            "InvoiceNo",
            "StockCode",
            "Description",
            "Quantity",
            "InvoiceDate",
            "UnitPrice",
            "CustomerID",
            "Country",
        ]);
        assert_eq!(recognise(&f, &ColumnHints::default()).unwrap(), OrderColumns::online_retail());
    }

    #[test]
    fn cdnow_headers() {
        let f = frame(&["customer_id", "date", "number_of_cds", "dollar_value"]);
        let c = recognise(&f, &ColumnHints::default()).unwrap();
        assert_eq!((c.customer.as_str(), c.timestamp.as_str()), ("customer_id", "date"));
        assert_eq!(c.amount.as_deref(), Some("dollar_value"));
    }

    #[test]
    fn japanese_headers_and_an_amount() {
        let f = frame(&["顧客ID", "注文日", "金額", "注文番号", "商品コード", "チャネル"]);
        let c = recognise(&f, &ColumnHints::default()).unwrap();
        assert_eq!(c.customer, "顧客ID");
        assert_eq!(c.timestamp, "注文日");
        assert_eq!(c.amount.as_deref(), Some("金額"));
        assert_eq!((c.quantity, c.unit_price), (None, None));
        assert_eq!(c.invoice.as_deref(), Some("注文番号"));
        assert_eq!(c.product.as_deref(), Some("商品コード"));
        assert_eq!(c.channel.as_deref(), Some("チャネル"));
    }

    #[test]
    fn hints_win_over_headers() {
        let f = frame(&["customer", "who", "date", "when", "much"]);
        let hints = ColumnHints {
            customer: Some("who".into()),
            date: Some("when".into()),
            amount: Some("much".into()),
            ..ColumnHints::default()
        };
        let c = recognise(&f, &hints).unwrap();
        assert_eq!((c.customer.as_str(), c.timestamp.as_str()), ("who", "when"));
        assert_eq!(c.amount.as_deref(), Some("much"));
    }

    #[test]
    fn what_is_missing_is_named_without_flags() {
        let f = frame(&["who", "when", "much"]);
        let none = ColumnHints::default();
        assert_eq!(recognise(&f, &none), Err(OrdersError::NoCustomerColumn));
        let who = ColumnHints { customer: Some("who".into()), ..none.clone() };
        assert_eq!(recognise(&f, &who), Err(OrdersError::NoDateColumn));
        let when = ColumnHints { date: Some("when".into()), ..who.clone() };
        assert_eq!(recognise(&f, &when), Err(OrdersError::NoAmount));
        // A quantity alone is not an amount.
        let qty = ColumnHints { quantity: Some("much".into()), ..when.clone() };
        assert_eq!(recognise(&f, &qty), Err(OrdersError::NoAmount));
        // A hint that names no column is reported before anything is missing.
        let nope = ColumnHints { price: Some("nope".into()), ..none };
        let err = recognise(&f, &nope).unwrap_err();
        assert_eq!(err, OrdersError::UnknownColumn { name: "nope".into(), role: Role::UnitPrice });
        assert_eq!(
            err.to_string(),
            "the orders table has no column `nope` (given as the unit price)"
        );
        for e in [OrdersError::NoCustomerColumn, OrdersError::NoDateColumn, OrdersError::NoAmount] {
            assert!(!e.to_string().contains("--"), "{e}");
        }
    }
}
