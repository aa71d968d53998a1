//! The input: order lines as parallel borrowed slices, with labels in whichever storage the
//! caller has.

use icp_frame::{Column, ColumnData, StrColumn};

use super::RfmError;

/// A borrowed column of labels: customer ids, invoice ids, product codes or channels.
/// Missing and blank (whitespace-only) labels count as missing.
#[derive(Debug, Clone, Copy)]
pub enum Labels<'a> {
    /// One optional string per line.
    Text(&'a [Option<&'a str>]),
    /// One optional owned string per line.
    Owned(&'a [Option<String>]),
    /// Dictionary codes into `levels`; [`MISSING_CODE`](icp_frame::MISSING_CODE) is missing.
    Coded {
        /// One code per line.
        codes: &'a [u32],
        /// The distinct labels.
        levels: &'a [String],
    },
    /// An `icp_frame` string arena (identifier and text columns).
    Arena(&'a StrColumn),
    /// Numeric ids (for instance customer indices); [`MISSING_CODE`](icp_frame::MISSING_CODE) is missing. Their label
    /// is the decimal number and they sort numerically.
    Index(&'a [u32]),
}

impl<'a> Labels<'a> {
    /// Number of lines.
    pub fn len(&self) -> usize {
        match self {
            Labels::Text(v) => v.len(),
            Labels::Owned(v) => v.len(),
            Labels::Coded { codes, .. } => codes.len(),
            Labels::Arena(s) => s.len(),
            Labels::Index(v) => v.len(),
        }
    }

    /// Whether there are no lines.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The labels of a categorical or string column, or `None` for other storage.
    pub fn from_column(column: &'a Column) -> Option<Labels<'a>> {
        match &column.data {
            ColumnData::Cat { codes, levels } => Some(Labels::Coded { codes, levels }),
            ColumnData::Str(s) => Some(Labels::Arena(s)),
            _ => None,
        }
    }
}

/// Order lines as parallel slices, one entry per line. Build with [`OrderLines::new`] and
/// the `with_*` methods.
#[derive(Debug, Clone, Copy)]
pub struct OrderLines<'a> {
    /// Who bought.
    pub customer: Labels<'a>,
    /// When: seconds since 1970-01-01T00:00:00 (no time zone); `MISSING_DATETIME` = missing.
    pub timestamp: &'a [i64],
    /// Line amount = quantity × unit price; `NaN` = missing.
    pub amount: &'a [f64],
    /// Quantities, for the returns rule (negative = returned); `NaN` = missing.
    pub quantity: Option<&'a [f64]>,
    /// Unit prices, for the price rule; `NaN` = missing.
    pub unit_price: Option<&'a [f64]>,
    /// Invoice (order) ids: one order per customer and invoice; cancellation prefixes.
    pub invoice: Option<Labels<'a>>,
    /// Product codes (stock codes, SKUs): the non-product rule and netting.
    pub product: Option<Labels<'a>>,
    /// Sales channel per line (web, app, store, marketplace…).
    pub channel: Option<Labels<'a>>,
}

impl<'a> OrderLines<'a> {
    /// Lines with only the three required fields.
    pub fn new(customer: Labels<'a>, timestamp: &'a [i64], amount: &'a [f64]) -> Self {
        OrderLines {
            customer,
            timestamp,
            amount,
            quantity: None,
            unit_price: None,
            invoice: None,
            product: None,
            channel: None,
        }
    }

    /// With quantities.
    pub fn with_quantity(mut self, quantity: &'a [f64]) -> Self {
        self.quantity = Some(quantity);
        self
    }

    /// With unit prices.
    pub fn with_unit_price(mut self, unit_price: &'a [f64]) -> Self {
        self.unit_price = Some(unit_price);
        self
    }

    /// With invoice ids.
    pub fn with_invoice(mut self, invoice: Labels<'a>) -> Self {
        self.invoice = Some(invoice);
        self
    }

    /// With product codes.
    pub fn with_product(mut self, product: Labels<'a>) -> Self {
        self.product = Some(product);
        self
    }

    /// With channels.
    pub fn with_channel(mut self, channel: Labels<'a>) -> Self {
        self.channel = Some(channel);
        self
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.customer.len()
    }

    /// Whether there are no lines.
    pub fn is_empty(&self) -> bool {
        self.customer.is_empty()
    }

    pub(super) fn check_lengths(&self) -> Result<(), RfmError> {
        let expected = self.len();
        let mut lengths = vec![("timestamp", self.timestamp.len()), ("amount", self.amount.len())];
        lengths.extend(self.quantity.map(|v| ("quantity", v.len())));
        lengths.extend(self.unit_price.map(|v| ("unit_price", v.len())));
        lengths.extend(self.invoice.map(|v| ("invoice", v.len())));
        lengths.extend(self.product.map(|v| ("product", v.len())));
        lengths.extend(self.channel.map(|v| ("channel", v.len())));
        match lengths.into_iter().find(|&(_, n)| n != expected) {
            Some((column, found)) => Err(RfmError::LengthMismatch { column, expected, found }),
            None => Ok(()),
        }
    }
}

/// Line amounts `quantity[i] × unit_price[i]`.
pub fn line_amounts(quantity: &[f64], unit_price: &[f64]) -> Result<Vec<f64>, RfmError> {
    if quantity.len() != unit_price.len() {
        return Err(RfmError::LengthMismatch {
            column: "unit_price",
            expected: quantity.len(),
            found: unit_price.len(),
        });
    }
    Ok(quantity.iter().zip(unit_price).map(|(q, p)| q * p).collect())
}
