//! How to read one column: the plan inference produces and every builder follows.

use icp_frame::Kind;

use crate::parse::{self, DayOrder, DecimalStyle, NumberCell};

/// How to read one column.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnPlan {
    /// The header.
    pub name: String,
    /// The kind the column is read as.
    pub kind: Kind,
    /// How numbers are written.
    pub decimal: DecimalStyle,
    /// How slash dates are ordered.
    pub day_order: DayOrder,
    /// Dates are Excel serial day numbers.
    pub excel_serial: bool,
    /// The kind came from the user, not from inference.
    pub declared: bool,
    /// A boolean column written as 0/1: a later integer other than 0/1 makes it numeric.
    pub bool_digits: bool,
    /// A declared kind that was itself inferred from an earlier file (see
    /// [`crate::ReadOptions::widen`]): a yes/no column that meets other numbers is read as
    /// a number, with a warning, instead of failing.
    pub widen: bool,
}

impl ColumnPlan {
    /// A plan with default parse settings.
    pub fn new(name: impl Into<String>, kind: Kind) -> Self {
        ColumnPlan {
            name: name.into(),
            kind,
            decimal: DecimalStyle::Point,
            day_order: DayOrder::MonthFirst,
            excel_serial: false,
            declared: false,
            bool_digits: false,
            widen: false,
        }
    }

    /// A date cell (trimmed, not a missing token) as days since 1970-01-01, as this column
    /// reads it: an Excel serial number, or a date or date-time in the column's day order.
    pub fn day(&self, cell: &str) -> Option<i32> {
        if self.excel_serial {
            return match parse::parse_number(cell, self.decimal) {
                NumberCell::Finite(s) => parse::excel_serial_to_days(s),
                _ => None,
            };
        }
        parse::parse_date(cell, self.day_order).or_else(|| {
            parse::parse_datetime(cell, self.day_order).map(|s| s.div_euclid(86_400) as i32)
        })
    }
}
