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
/// time: a table of recently seen codes, indexed by a label's length and bytes and holding
/// them inline, answers most cells with two word comparisons (no `memcmp` call for labels of
/// up to 16 bytes); the map is asked only on a miss.
#[derive(Debug)]
pub(crate) struct Dict {
    map: HashMap<String, u32>,
    levels: Vec<String>,
    recent: Box<[Recent; RECENT_SLOTS]>,
}

const RECENT_SLOTS: usize = 256;

/// A slot of [`Dict`]'s table of recent codes.
#[derive(Debug, Clone, Copy)]
struct Recent {
    key: LabelKey,
    /// `u32::MAX`: empty.
    code: u32,
}

impl Default for Dict {
    fn default() -> Self {
        let empty = Recent { key: LabelKey::default(), code: u32::MAX };
        Dict { map: HashMap::new(), levels: Vec::new(), recent: Box::new([empty; RECENT_SLOTS]) }
    }
}

impl Dict {
    #[inline]
    fn code(&mut self, label: &str) -> u32 {
        let key = LabelKey::of(label.as_bytes());
        let slot = key.slot();
        let cached = self.recent[slot];
        if cached.code != u32::MAX
            && cached.key == key
            && (key.whole() || self.levels[cached.code as usize] == label)
        {
            return cached.code;
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
        self.recent[slot] = Recent { key, code: c };
        c
    }
}

/// A label's length and up to 16 of its bytes, read as two words: labels of equal length
/// up to 16 bytes are equal exactly when their keys are (the words cover every byte).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct LabelKey {
    len: usize,
    head: u64,
    tail: u64,
}

impl LabelKey {
    #[inline]
    fn of(label: &[u8]) -> Self {
        let len = label.len();
        let (head, tail) = match len {
            // The first and the last eight (or four) bytes overlap below 16 (or 8).
            8.. => (word8(label), word8(&label[len - 8..])),
            4..8 => (u64::from(word4(label)), u64::from(word4(&label[len - 4..]))),
            1..4 => {
                let at = |i: usize| u64::from(label[i]);
                (at(0) | at(len / 2) << 8 | at(len - 1) << 16, 0)
            }
            0 => (0, 0),
        };
        LabelKey { len, head, tail }
    }

    /// Whether the key holds every byte of its label.
    #[inline]
    fn whole(&self) -> bool {
        self.len <= 16
    }

    #[inline]
    fn slot(&self) -> usize {
        let mixed = (self.head ^ self.tail.rotate_left(29) ^ self.len as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (mixed >> (64 - RECENT_SLOTS.trailing_zeros())) as usize
    }
}

#[inline]
fn word8(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(word)
}

#[inline]
fn word4(bytes: &[u8]) -> u32 {
    let mut word = [0u8; 4];
    word.copy_from_slice(&bytes[..4]);
    u32::from_le_bytes(word)
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
        let (cell, missing) = prepare(&mut self.spreadsheet_errors, raw);
        self.storage.push(cell, missing);
    }

    /// Appends a run of cells of this column, as [`ColumnBuilder::push`] one by one would.
    /// The column's kind is matched once for the run, not once per cell: the loop per kind
    /// is what a block of records spends most of its time in.
    pub(crate) fn push_all<'c>(&mut self, cells: impl Iterator<Item = &'c str>) {
        let errors = &mut self.spreadsheet_errors;
        match &mut self.storage {
            Storage::Number { values, plan, bad } => {
                let decimal = plan.decimal;
                for raw in cells {
                    let (cell, missing) = prepare(errors, raw);
                    push_number(values, bad, decimal, cell, missing);
                }
            }
            Storage::Date { values, plan, bad } => {
                for raw in cells {
                    let (cell, missing) = prepare(errors, raw);
                    push_date(values, bad, plan, cell, missing);
                }
            }
            Storage::DateTime { values, plan, bad } => {
                for raw in cells {
                    let (cell, missing) = prepare(errors, raw);
                    push_datetime(values, bad, plan, cell, missing);
                }
            }
            Storage::Cat { codes, dict } => {
                for raw in cells {
                    let (cell, missing) = prepare(errors, raw);
                    codes.push(if missing { MISSING_CODE } else { dict.code(cell) });
                }
            }
            // A 0/1 column may turn into numbers mid-run; tags and text are rarer. Cell by
            // cell.
            storage => {
                for raw in cells {
                    let (cell, missing) = prepare(errors, raw);
                    storage.push(cell, missing);
                }
            }
        }
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

/// The trimmed cell and whether it means "missing"; a spreadsheet error value is counted
/// in `errors`.
#[inline]
fn prepare<'c>(errors: &mut usize, raw: &'c str) -> (&'c str, bool) {
    let cell = parse::trim_cell(raw);
    let missing = parse::is_missing_token(cell);
    if missing && cell.starts_with('#') && parse::is_spreadsheet_error(cell) {
        *errors += 1;
    }
    (cell, missing)
}

#[inline]
fn push_number(
    values: &mut Vec<f64>,
    bad: &mut BadCells,
    decimal: parse::DecimalStyle,
    cell: &str,
    missing: bool,
) {
    let v = if missing {
        f64::NAN
    } else {
        match parse::parse_number(cell, decimal) {
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

#[inline]
fn push_date(
    values: &mut Vec<i32>,
    bad: &mut BadCells,
    plan: &ColumnPlan,
    cell: &str,
    missing: bool,
) {
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

#[inline]
fn push_datetime(
    values: &mut Vec<i64>,
    bad: &mut BadCells,
    plan: &ColumnPlan,
    cell: &str,
    missing: bool,
) {
    let v = if missing {
        MISSING_DATETIME
    } else {
        parse::parse_datetime(cell, plan.day_order)
            .or_else(|| parse::parse_date(cell, plan.day_order).map(|d| i64::from(d) * 86_400))
            .unwrap_or_else(|| {
                bad.record(values.len(), false);
                MISSING_DATETIME
            })
    };
    values.push(v);
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
                push_number(values, bad, plan.decimal, cell, missing)
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
            Storage::Date { values, plan, bad } => push_date(values, bad, plan, cell, missing),
            Storage::DateTime { values, plan, bad } => {
                push_datetime(values, bad, plan, cell, missing)
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
            // Text and tags grow as blocks are appended (their size is not known ahead, as
            // a number column's is): capacity left over by the last doubling is given back
            // (up to half of a big column; the allocator shrinks large blocks in place).
            Storage::Tags { mut column, dict } => {
                column.levels = dict.levels;
                column.offsets.shrink_to_fit();
                column.codes.shrink_to_fit();
                column.missing.shrink_to_fit();
                ColumnData::Tags(column)
            }
            Storage::Str(mut s) => {
                s.bytes.shrink_to_fit();
                s.offsets.shrink_to_fit();
                s.missing.shrink_to_fit();
                ColumnData::Str(s)
            }
        };
        Column::new(name, kind, data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_alike_in_length_and_edges_get_their_own_codes() {
        // Equal lengths, differing only inside: the recent table must not answer for the
        // wrong label (the first three share their first and last eight bytes).
        let labels = [
            "Professional Services group",
            "Professional Xervices group",
            "Professional Services groupX",
            "abcdefgh12345678",
            "abcdefgh12345679",
            "abcdefgX12345678",
            "abcdef",
            "abcXef",
            "ab",
            "aX",
            "a",
            "",
            "日本",
            "日本語",
        ];
        let mut dict = Dict::default();
        let first: Vec<u32> = labels.iter().map(|l| dict.code(l)).collect();
        let distinct: std::collections::HashSet<u32> = first.iter().copied().collect();
        assert_eq!(distinct.len(), labels.len());
        // Asked again in another order, every label keeps its code.
        for (i, label) in labels.iter().enumerate().rev() {
            assert_eq!(dict.code(label), first[i], "{label:?}");
        }
        assert_eq!(dict.levels, labels);
    }
}
