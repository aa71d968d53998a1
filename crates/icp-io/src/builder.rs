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
///
/// Most columns hold a few dozen labels, and hashing every cell was a tenth of the load
/// time: a small table of recently seen codes, indexed by the label's length and a few of
/// its bytes, answers most cells with one comparison; the map is asked only on a miss.
#[derive(Debug)]
pub(crate) struct Dict {
    map: HashMap<String, u32>,
    levels: Vec<String>,
    recent: [u32; RECENT_SLOTS],
}

const RECENT_SLOTS: usize = 64;

impl Default for Dict {
    fn default() -> Self {
        Dict { map: HashMap::new(), levels: Vec::new(), recent: [u32::MAX; RECENT_SLOTS] }
    }
}

impl Dict {
    fn code(&mut self, label: &str) -> u32 {
        let slot = recent_slot(label.as_bytes());
        let cached = self.recent[slot];
        if self.levels.get(cached as usize).is_some_and(|l| l == label) {
            return cached;
        }
        let c = match self.map.get(label) {
            Some(&c) => c,
            None => {
                let c = self.levels.len() as u32;
                self.map.insert(label.to_owned(), c);
                self.levels.push(label.to_owned());
                c
            }
        };
        self.recent[slot] = c;
        c
    }
}

/// Where `label` sits in [`Dict`]'s table of recent codes.
fn recent_slot(label: &[u8]) -> usize {
    let Some((&first, &last)) = label.first().zip(label.last()) else {
        return 0;
    };
    let middle = label[label.len() / 2];
    let mixed = label.len()
        ^ usize::from(first).wrapping_mul(3)
        ^ usize::from(middle).wrapping_mul(5)
        ^ usize::from(last).wrapping_mul(17);
    mixed % RECENT_SLOTS
}

/// Storage under construction for one column, and the spreadsheet error cells (`#DIV/0!`,
/// `#REF!`) it met: they are read as missing, and counted so that the user is told.
#[derive(Debug)]
pub(crate) struct ColumnBuilder {
    storage: Storage,
    spreadsheet_errors: usize,
}

impl ColumnBuilder {
    pub(crate) fn new(plan: &ColumnPlan) -> Self {
        Self::with_capacity(plan, 0)
    }

    /// A builder with room for `rows` rows, so a block fills it without reallocating.
    pub(crate) fn with_capacity(plan: &ColumnPlan, rows: usize) -> Self {
        ColumnBuilder { storage: Storage::with_capacity(plan, rows), spreadsheet_errors: 0 }
    }

    /// Appends one cell as it appeared in the file (surrounding whitespace is ignored).
    pub(crate) fn push(&mut self, raw: &str) {
        let cell = parse::trim_cell(raw);
        let missing = parse::is_missing_token(cell);
        if missing && cell.starts_with('#') && parse::is_spreadsheet_error(cell) {
            self.spreadsheet_errors += 1;
        }
        self.storage.push(cell, missing);
    }

    /// Appends the rows of `other`, which was built from the same plan.
    pub(crate) fn append(&mut self, other: ColumnBuilder) {
        self.spreadsheet_errors += other.spreadsheet_errors;
        self.storage.append(other.storage);
    }

    /// Cells that did not fit, if any.
    pub(crate) fn bad_cells(&self) -> BadCells {
        self.storage.bad_cells()
    }

    /// How many cells held a spreadsheet error value.
    pub(crate) fn spreadsheet_errors(&self) -> usize {
        self.spreadsheet_errors
    }

    pub(crate) fn finish(self, name: String, kind: Kind) -> Column {
        self.storage.finish(name, kind)
    }
}

/// Typed storage under construction for one column.
#[derive(Debug)]
pub(crate) enum Storage {
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

impl Storage {
    fn with_capacity(plan: &ColumnPlan, rows: usize) -> Self {
        let bad = BadCells::default();
        match plan.kind {
            Kind::Number => {
                Storage::Number { values: Vec::with_capacity(rows), plan: plan.clone(), bad }
            }
            Kind::Boolean => Storage::Bool {
                values: Vec::with_capacity(rows),
                bad,
                digits: plan.bool_digits && (!plan.declared || plan.widen),
            },
            Kind::Date => {
                Storage::Date { values: Vec::with_capacity(rows), plan: plan.clone(), bad }
            }
            Kind::DateTime => {
                Storage::DateTime { values: Vec::with_capacity(rows), plan: plan.clone(), bad }
            }
            Kind::Categorical => {
                Storage::Cat { codes: Vec::with_capacity(rows), dict: Dict::default() }
            }
            Kind::Tags => Storage::Tags {
                column: TagsColumn { offsets: vec![0], ..Default::default() },
                dict: Dict::default(),
            },
            Kind::Text | Kind::Identifier => Storage::Str(StrColumn::new()),
        }
    }

    pub(crate) fn len(&self) -> usize {
        match self {
            Storage::Number { values, .. } => values.len(),
            Storage::Bool { values, .. } => values.len(),
            Storage::Date { values, .. } => values.len(),
            Storage::DateTime { values, .. } => values.len(),
            Storage::Cat { codes, .. } => codes.len(),
            Storage::Tags { column, .. } => column.missing.len(),
            Storage::Str(s) => s.len(),
        }
    }

    /// Appends one trimmed cell; `missing` says whether it is a missing-value token.
    fn push(&mut self, cell: &str, missing: bool) {
        if let Storage::Bool { digits: true, .. } = self
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
            Storage::Number { values, plan, bad } => {
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
            Storage::Bool { values, bad, .. } => {
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
            Storage::Date { values, plan, bad } => {
                let v = if missing {
                    MISSING_DATE
                } else {
                    plan.day(cell).unwrap_or_else(|| {
                        bad.record(values.len(), false);
                        MISSING_DATE
                    })
                };
                values.push(v);
            }
            Storage::DateTime { values, plan, bad } => {
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
            Storage::Cat { codes, dict } => {
                codes.push(if missing { MISSING_CODE } else { dict.code(cell) });
            }
            Storage::Tags { column, dict } => {
                if !missing {
                    for tag in parse::tags(cell) {
                        let code = dict.code(tag);
                        column.codes.push(code);
                    }
                }
                column.offsets.push(column.codes.len() as u32);
                column.missing.push(missing);
            }
            Storage::Str(s) => s.push(if missing { None } else { Some(cell) }),
        }
    }

    /// Turns a 0/1 column into numbers (it met a 2, say, after the sample).
    fn promote_to_number(&mut self) {
        if let Storage::Bool { values, bad, .. } = self {
            let numbers = values
                .iter()
                .map(|&b| if b == MISSING_BOOL { f64::NAN } else { f64::from(b) })
                .collect();
            *self = Storage::Number {
                values: numbers,
                plan: ColumnPlan::new(String::new(), Kind::Number),
                bad: *bad,
            };
        }
    }

    /// Appends the rows of `other`, which was built from the same plan (one of the two may
    /// have been promoted from 0/1 to numbers).
    pub(crate) fn append(&mut self, mut other: Storage) {
        match (&*self, &other) {
            (Storage::Bool { .. }, Storage::Number { .. }) => self.promote_to_number(),
            (Storage::Number { .. }, Storage::Bool { .. }) => other.promote_to_number(),
            _ => {}
        }
        let offset = self.len();
        match (self, other) {
            (Storage::Number { values, bad, .. }, Storage::Number { values: v2, bad: b2, .. }) => {
                bad.merge(b2, offset);
                values.extend_from_slice(&v2);
            }
            (Storage::Bool { values, bad, .. }, Storage::Bool { values: v2, bad: b2, .. }) => {
                bad.merge(b2, offset);
                values.extend_from_slice(&v2);
            }
            (Storage::Date { values, bad, .. }, Storage::Date { values: v2, bad: b2, .. }) => {
                bad.merge(b2, offset);
                values.extend_from_slice(&v2);
            }
            (
                Storage::DateTime { values, bad, .. },
                Storage::DateTime { values: v2, bad: b2, .. },
            ) => {
                bad.merge(b2, offset);
                values.extend_from_slice(&v2);
            }
            (Storage::Cat { codes, dict }, Storage::Cat { codes: c2, dict: d2 }) => {
                let remap: Vec<u32> = d2.levels.iter().map(|l| dict.code(l)).collect();
                codes.extend(
                    c2.iter().map(|&c| if c == MISSING_CODE { c } else { remap[c as usize] }),
                );
            }
            (Storage::Tags { column, dict }, Storage::Tags { column: c2, dict: d2 }) => {
                let remap: Vec<u32> = d2.levels.iter().map(|l| dict.code(l)).collect();
                let base = column.codes.len() as u32;
                column.codes.extend(c2.codes.iter().map(|&c| remap[c as usize]));
                column.offsets.extend(c2.offsets[1..].iter().map(|o| o + base));
                column.missing.extend_from_slice(&c2.missing);
            }
            (Storage::Str(s), Storage::Str(s2)) => s.extend(&s2),
            _ => unreachable!("chunks of one column share a plan"),
        }
    }

    /// Cells that did not fit, if any.
    pub(crate) fn bad_cells(&self) -> BadCells {
        match self {
            Storage::Number { bad, .. }
            | Storage::Bool { bad, .. }
            | Storage::Date { bad, .. }
            | Storage::DateTime { bad, .. } => *bad,
            _ => BadCells::default(),
        }
    }

    pub(crate) fn finish(self, name: String, kind: Kind) -> Column {
        let kind = match (&self, kind) {
            (Storage::Number { .. }, Kind::Boolean) => Kind::Number,
            (_, kind) => kind,
        };
        let data = match self {
            Storage::Number { values, .. } => ColumnData::Number(values),
            Storage::Bool { values, .. } => ColumnData::Bool(values),
            Storage::Date { values, .. } => ColumnData::Date(values),
            Storage::DateTime { values, .. } => ColumnData::DateTime(values),
            Storage::Cat { codes, dict } => ColumnData::Cat { codes, levels: dict.levels },
            Storage::Tags { mut column, dict } => {
                column.levels = dict.levels;
                ColumnData::Tags(column)
            }
            Storage::Str(s) => ColumnData::Str(s),
        };
        Column::new(name, kind, data)
    }
}
