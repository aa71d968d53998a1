//! RFM straight from a [`Frame`] read by `icp-io`: columns named by [`OrderColumns`] become
//! [`OrderLines`].

use std::borrow::Cow;

use icp_frame::{
    Column, ColumnData, Frame, MISSING_BOOL, MISSING_CODE, MISSING_DATE, MISSING_DATETIME,
};

use super::{
    Labels, OrderColumns, OrderLines, Rfm, RfmError, RfmOptions, SECONDS_PER_DAY, line_amounts, rfm,
};

enum FrameLabels<'a> {
    Borrowed(Labels<'a>),
    Index(Vec<u32>),
    Text(Vec<Option<String>>),
}

impl FrameLabels<'_> {
    fn labels(&self) -> Labels<'_> {
        match self {
            FrameLabels::Borrowed(l) => *l,
            FrameLabels::Index(v) => Labels::Index(v),
            FrameLabels::Text(v) => Labels::Owned(v),
        }
    }
}

fn find_column<'a>(frame: &'a Frame, name: &str) -> Result<&'a Column, RfmError> {
    frame.column(name).ok_or_else(|| RfmError::Column {
        name: name.to_owned(),
        problem: "no such column".to_owned(),
    })
}

fn wrong_kind(column: &Column, expected: &str) -> RfmError {
    RfmError::Column {
        name: column.name.clone(),
        problem: format!("expected {expected}, found a {} column", column.kind),
    }
}

fn frame_labels(column: &Column) -> Result<FrameLabels<'_>, RfmError> {
    if let Some(l) = Labels::from_column(column) {
        return Ok(FrameLabels::Borrowed(l));
    }
    match &column.data {
        ColumnData::Number(v) => {
            let whole = v.iter().all(|x| {
                x.is_nan() || (x.fract() == 0.0 && *x >= 0.0 && *x < f64::from(MISSING_CODE))
            });
            if whole {
                Ok(FrameLabels::Index(
                    v.iter().map(|x| if x.is_nan() { MISSING_CODE } else { *x as u32 }).collect(),
                ))
            } else {
                Ok(FrameLabels::Text(
                    v.iter().map(|x| (!x.is_nan()).then(|| format!("{x}"))).collect(),
                ))
            }
        }
        _ => Err(wrong_kind(column, "labels (identifier, categorical, text or whole numbers)")),
    }
}

/// The numbers of a column. A column read as yes/no because every cell is 0 or 1 (a
/// quantity that is always 1, an amount that is always 0) is numbers here: 1 and 0.
fn number_column<'a>(frame: &'a Frame, name: &str) -> Result<Cow<'a, [f64]>, RfmError> {
    let column = find_column(frame, name)?;
    match &column.data {
        ColumnData::Number(v) => Ok(Cow::Borrowed(v)),
        ColumnData::Bool(v) => Ok(Cow::Owned(
            v.iter().map(|&b| if b == MISSING_BOOL { f64::NAN } else { f64::from(b) }).collect(),
        )),
        _ => Err(wrong_kind(column, "numbers")),
    }
}

/// [`rfm`] on the columns of a frame (as read by `icp_io::read_table`).
pub fn rfm_frame(
    frame: &Frame,
    columns: &OrderColumns,
    options: &RfmOptions,
) -> Result<Rfm, RfmError> {
    with_frame_lines(frame, columns, |lines| rfm(lines, options))
}

/// Hands the order lines of `frame` (columns named by `columns`; the amount is quantity ×
/// unit price when no amount column is named) to `work`, for callers that need the lines
/// themselves, such as lifetime value after the same cleaning.
pub fn with_frame_lines<T>(
    frame: &Frame,
    columns: &OrderColumns,
    work: impl FnOnce(&OrderLines<'_>) -> Result<T, RfmError>,
) -> Result<T, RfmError> {
    let customer = frame_labels(find_column(frame, &columns.customer)?)?;
    let ts_column = find_column(frame, &columns.timestamp)?;
    let timestamp: Cow<'_, [i64]> = match &ts_column.data {
        ColumnData::DateTime(v) => Cow::Borrowed(v),
        ColumnData::Date(v) => Cow::Owned(
            v.iter()
                .map(|&d| {
                    if d == MISSING_DATE {
                        MISSING_DATETIME
                    } else {
                        i64::from(d) * SECONDS_PER_DAY
                    }
                })
                .collect(),
        ),
        _ => return Err(wrong_kind(ts_column, "a date or datetime")),
    };
    let quantity = columns.quantity.as_deref().map(|n| number_column(frame, n)).transpose()?;
    let unit_price = columns.unit_price.as_deref().map(|n| number_column(frame, n)).transpose()?;
    let amount: Cow<'_, [f64]> = match (&columns.amount, &quantity, &unit_price) {
        (Some(name), _, _) => number_column(frame, name)?,
        (None, Some(q), Some(p)) => Cow::Owned(line_amounts(q, p)?),
        _ => {
            return Err(RfmError::InvalidOptions(
                "name an amount column, or both a quantity and a unit price column".into(),
            ));
        }
    };
    let optional = |name: &Option<String>| -> Result<Option<FrameLabels<'_>>, RfmError> {
        name.as_deref().map(|n| find_column(frame, n).and_then(frame_labels)).transpose()
    };
    let invoice = optional(&columns.invoice)?;
    let product = optional(&columns.product)?;
    let channel = optional(&columns.channel)?;
    let lines = OrderLines {
        customer: customer.labels(),
        timestamp: &timestamp,
        amount: &amount,
        quantity: quantity.as_deref(),
        unit_price: unit_price.as_deref(),
        invoice: invoice.as_ref().map(FrameLabels::labels),
        product: product.as_ref().map(FrameLabels::labels),
        channel: channel.as_ref().map(FrameLabels::labels),
    };
    work(&lines)
}
