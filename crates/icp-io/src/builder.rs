//! Column builders: turn cell text into typed column storage, one builder per column.
//!
//! Builders never fail on a single cell: a cell that does not fit the column's kind is
//! counted (with its first row) so that the caller can report every problem of a column in
//! one message, or treat such cells as missing when the user asked for leniency.

use hashbrown::HashMap;
use icp_frame::{
    Column, ColumnData, Kind, MISSING_BOOL, MISSING_CODE, MISSING_DATE, MISSING_DATETIME,
    StrColumn, TagsColumn,
};

use crate::parse::{self, NumberCell};
use crate::plan::ColumnPlan;

/// Cells that did not fit the column's kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BadCells {
    /// How many.
    pub count: usize,
    /// Row index (0-based, among data rows) of the first one.
    pub first_row: usize,
    /// Whether the first one was `NaN`/`Inf` rather than text.
    pub non_finite: bool,
}

impl BadCells {
    fn record(&mut self, row: usize, non_finite: bool) {
        if self.count == 0 {
            self.first_row = row;
            self.non_finite = non_finite;
        }
        self.count += 1;
    }

    fn merge(&mut self, other: BadCells, row_offset: usize) {
        if other.count > 0 && self.count == 0 {
            self.first_row = other.first_row + row_offset;
            self.non_finite = other.non_finite;
        }
        self.count += other.count;
    }
}

/// A dictionary of labels with stable codes.
#[derive(Debug, Default)]
pub(crate) struct Dict {
    map: HashMap<String, u32>,
    levels: Vec<String>,
}

impl Dict {
    fn code(&mut self, label: &str) -> u32 {
        if let Some(&c) = self.map.get(label) {
            return c;
        }
        let c = self.levels.len() as u32;
        self.map.insert(label.to_owned(), c);
        self.levels.push(label.to_owned());
        c
    }
}

/// Storage under construction for one column.
#[derive(Debug)]
pub(crate) enum ColumnBuilder {
    Number {
        values: Vec<f64>,
        plan: ColumnPlan,
        bad: BadCells,
    },
    /// `digits`: the sample held only 0/1, so a later 2 promotes the column to numbers.
    Bool {
        values: Vec<u8>,
        bad: BadCells,
        digits: bool,
    },
    Date {
        values: Vec<i32>,
        plan: ColumnPlan,
        bad: BadCells,
    },
    DateTime {
        values: Vec<i64>,
        plan: ColumnPlan,
        bad: BadCells,
    },
    Cat {
        codes: Vec<u32>,
        dict: Dict,
    },
    Tags {
        column: TagsColumn,
        dict: Dict,
    },
    Str(StrColumn),
}

impl ColumnBuilder {
    pub(crate) fn new(plan: &ColumnPlan) -> Self {
        Self::with_capacity(plan, 0)
    }

    /// A builder with room for `rows` rows, so a block fills it without reallocating.
    pub(crate) fn with_capacity(plan: &ColumnPlan, rows: usize) -> Self {
        let bad = BadCells::default();
        match plan.kind {
            Kind::Number => {
                ColumnBuilder::Number { values: Vec::with_capacity(rows), plan: plan.clone(), bad }
            }
            Kind::Boolean => ColumnBuilder::Bool {
                values: Vec::with_capacity(rows),
                bad,
                digits: plan.bool_digits && !plan.declared,
            },
            Kind::Date => {
                ColumnBuilder::Date { values: Vec::with_capacity(rows), plan: plan.clone(), bad }
            }
            Kind::DateTime => ColumnBuilder::DateTime {
                values: Vec::with_capacity(rows),
                plan: plan.clone(),
                bad,
            },
            Kind::Categorical => {
                ColumnBuilder::Cat { codes: Vec::with_capacity(rows), dict: Dict::default() }
            }
            Kind::Tags => ColumnBuilder::Tags {
                column: TagsColumn { offsets: vec![0], ..Default::default() },
                dict: Dict::default(),
            },
            Kind::Text | Kind::Identifier => ColumnBuilder::Str(StrColumn::new()),
        }
    }

    pub(crate) fn len(&self) -> usize {
        match self {
            ColumnBuilder::Number { values, .. } => values.len(),
            ColumnBuilder::Bool { values, .. } => values.len(),
            ColumnBuilder::Date { values, .. } => values.len(),
            ColumnBuilder::DateTime { values, .. } => values.len(),
            ColumnBuilder::Cat { codes, .. } => codes.len(),
            ColumnBuilder::Tags { column, .. } => column.missing.len(),
            ColumnBuilder::Str(s) => s.len(),
        }
    }

    /// Appends one cell as it appeared in the file (surrounding whitespace is ignored).
    pub(crate) fn push(&mut self, raw: &str) {
        // Most cells have no surrounding whitespace; skip the Unicode-aware trim for them.
        let bytes = raw.as_bytes();
        let cell = match (bytes.first(), bytes.last()) {
            (Some(&f), Some(&l)) if f > b' ' && f < 0x80 && l > b' ' && l < 0x80 => raw,
            _ => raw.trim(),
        };
        let missing = parse::is_missing_token(cell);
        if let ColumnBuilder::Bool { digits: true, .. } = self
            && !missing
            && parse::parse_bool(cell).is_none()
            && matches!(
                parse::parse_number(cell, parse::DecimalStyle::Point),
                NumberCell::Finite(_)
            )
        {
            self.promote_to_number();
        }
        match self {
            ColumnBuilder::Number { values, plan, bad } => {
                let v = if missing {
                    f64::NAN
                } else {
                    match parse::parse_number(cell, plan.decimal) {
                        NumberCell::Finite(v) => v,
                        NumberCell::NonFinite => {
                            bad.record(values.len(), true);
                            f64::NAN
                        }
                        NumberCell::Invalid => {
                            bad.record(values.len(), false);
                            f64::NAN
                        }
                    }
                };
                values.push(v);
            }
            ColumnBuilder::Bool { values, bad, .. } => {
                let v = if missing {
                    MISSING_BOOL
                } else {
                    match parse::parse_bool(cell) {
                        Some(b) => u8::from(b),
                        None => {
                            bad.record(values.len(), false);
                            MISSING_BOOL
                        }
                    }
                };
                values.push(v);
            }
            ColumnBuilder::Date { values, plan, bad } => {
                let v = if missing {
                    MISSING_DATE
                } else {
                    let parsed = if plan.excel_serial {
                        match parse::parse_number(cell, plan.decimal) {
                            NumberCell::Finite(s) => parse::excel_serial_to_days(s),
                            _ => None,
                        }
                    } else {
                        parse::parse_date(cell, plan.day_order).or_else(|| {
                            parse::parse_datetime(cell, plan.day_order)
                                .map(|s| s.div_euclid(86_400) as i32)
                        })
                    };
                    parsed.unwrap_or_else(|| {
                        bad.record(values.len(), false);
                        MISSING_DATE
                    })
                };
                values.push(v);
            }
            ColumnBuilder::DateTime { values, plan, bad } => {
                let v = if missing {
                    MISSING_DATETIME
                } else {
                    parse::parse_datetime(cell, plan.day_order)
                        .or_else(|| {
                            parse::parse_date(cell, plan.day_order).map(|d| i64::from(d) * 86_400)
                        })
                        .unwrap_or_else(|| {
                            bad.record(values.len(), false);
                            MISSING_DATETIME
                        })
                };
                values.push(v);
            }
            ColumnBuilder::Cat { codes, dict } => {
                codes.push(if missing { MISSING_CODE } else { dict.code(cell) });
            }
            ColumnBuilder::Tags { column, dict } => {
                if !missing {
                    for tag in cell.split(';').map(str::trim).filter(|t| !t.is_empty()) {
                        let code = dict.code(tag);
                        column.codes.push(code);
                    }
                }
                column.offsets.push(column.codes.len() as u32);
                column.missing.push(missing);
            }
            ColumnBuilder::Str(s) => s.push(if missing { None } else { Some(cell) }),
        }
    }

    /// Turns a 0/1 column into numbers (it met a 2, say, after the sample).
    fn promote_to_number(&mut self) {
        if let ColumnBuilder::Bool { values, bad, .. } = self {
            let numbers = values
                .iter()
                .map(|&b| if b == MISSING_BOOL { f64::NAN } else { f64::from(b) })
                .collect();
            *self = ColumnBuilder::Number {
                values: numbers,
                plan: ColumnPlan::new(String::new(), Kind::Number),
                bad: *bad,
            };
        }
    }

    /// Appends the rows of `other`, which was built from the same plan (one of the two may
    /// have been promoted from 0/1 to numbers).
    pub(crate) fn append(&mut self, mut other: ColumnBuilder) {
        match (&*self, &other) {
            (ColumnBuilder::Bool { .. }, ColumnBuilder::Number { .. }) => self.promote_to_number(),
            (ColumnBuilder::Number { .. }, ColumnBuilder::Bool { .. }) => other.promote_to_number(),
            _ => {}
        }
        let offset = self.len();
        match (self, other) {
            (
                ColumnBuilder::Number { values, bad, .. },
                ColumnBuilder::Number { values: v2, bad: b2, .. },
            ) => {
                bad.merge(b2, offset);
                values.extend_from_slice(&v2);
            }
            (
                ColumnBuilder::Bool { values, bad, .. },
                ColumnBuilder::Bool { values: v2, bad: b2, .. },
            ) => {
                bad.merge(b2, offset);
                values.extend_from_slice(&v2);
            }
            (
                ColumnBuilder::Date { values, bad, .. },
                ColumnBuilder::Date { values: v2, bad: b2, .. },
            ) => {
                bad.merge(b2, offset);
                values.extend_from_slice(&v2);
            }
            (
                ColumnBuilder::DateTime { values, bad, .. },
                ColumnBuilder::DateTime { values: v2, bad: b2, .. },
            ) => {
                bad.merge(b2, offset);
                values.extend_from_slice(&v2);
            }
            (ColumnBuilder::Cat { codes, dict }, ColumnBuilder::Cat { codes: c2, dict: d2 }) => {
                let remap: Vec<u32> = d2.levels.iter().map(|l| dict.code(l)).collect();
                codes.extend(
                    c2.iter().map(|&c| if c == MISSING_CODE { c } else { remap[c as usize] }),
                );
            }
            (
                ColumnBuilder::Tags { column, dict },
                ColumnBuilder::Tags { column: c2, dict: d2 },
            ) => {
                let remap: Vec<u32> = d2.levels.iter().map(|l| dict.code(l)).collect();
                let base = column.codes.len() as u32;
                column.codes.extend(c2.codes.iter().map(|&c| remap[c as usize]));
                column.offsets.extend(c2.offsets[1..].iter().map(|o| o + base));
                column.missing.extend_from_slice(&c2.missing);
            }
            (ColumnBuilder::Str(s), ColumnBuilder::Str(s2)) => s.extend(&s2),
            _ => unreachable!("chunks of one column share a plan"),
        }
    }

    /// Cells that did not fit, if any.
    pub(crate) fn bad_cells(&self) -> BadCells {
        match self {
            ColumnBuilder::Number { bad, .. }
            | ColumnBuilder::Bool { bad, .. }
            | ColumnBuilder::Date { bad, .. }
            | ColumnBuilder::DateTime { bad, .. } => *bad,
            _ => BadCells::default(),
        }
    }

    pub(crate) fn finish(self, name: String, kind: Kind) -> Column {
        let kind = match (&self, kind) {
            (ColumnBuilder::Number { .. }, Kind::Boolean) => Kind::Number,
            (_, kind) => kind,
        };
        let data = match self {
            ColumnBuilder::Number { values, .. } => ColumnData::Number(values),
            ColumnBuilder::Bool { values, .. } => ColumnData::Bool(values),
            ColumnBuilder::Date { values, .. } => ColumnData::Date(values),
            ColumnBuilder::DateTime { values, .. } => ColumnData::DateTime(values),
            ColumnBuilder::Cat { codes, dict } => ColumnData::Cat { codes, levels: dict.levels },
            ColumnBuilder::Tags { mut column, dict } => {
                column.levels = dict.levels;
                ColumnData::Tags(column)
            }
            ColumnBuilder::Str(s) => ColumnData::Str(s),
        };
        Column::new(name, kind, data)
    }
}
