//! Evaluation over a [`Frame`].
//!
//! A checked rule is compiled against the frame into a small tree of nodes: columns are
//! resolved to their storage, aggregates are computed once and become constants, `in` lists
//! become hash sets, and a tags lookup for a fixed label becomes a code comparison. The tree is
//! then evaluated row by row into [`Cell`]s that borrow from the frame, so reading a column
//! allocates nothing.
//!
//! Missing values follow SQL's three-valued logic: a comparison with a missing operand is
//! unknown (a missing cell), `unknown and false` is false, `unknown or true` is true, and a
//! rule's mask treats unknown as false, like a SQL `WHERE`.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashSet;

use icp_frame::{
    Column, ColumnData, Frame, Kind, MISSING_BOOL, MISSING_DATE, MISSING_DATETIME, StrColumn,
    TagsColumn,
};

use crate::ast::{Aggregate, BinaryOp, Expr, ExprKind, Function};
use crate::check::{Checker, ValueType, boolean_spelling};
use crate::error::RuleError;

const SECONDS_PER_DAY: i64 = 86_400;

impl Expr {
    /// Which rows satisfy the rule (unknown counts as not satisfied).
    ///
    /// The rule must be a condition (see [`Expr::check_condition`]); aggregates such as
    /// `p75(x)` are computed over all rows of `frame`.
    pub fn eval_mask(&self, frame: &Frame) -> Result<Vec<bool>, RuleError> {
        self.check_condition(frame)?;
        let node = Node::compile(self, frame);
        Ok((0..frame.rows()).map(|row| truth(&node.eval(row)) == Some(true)).collect())
    }

    /// The rule's numeric value on every row (`None` where missing), e.g. for
    /// `value_received / price`. Fails unless the rule is a number.
    pub fn eval_numbers(&self, frame: &Frame) -> Result<Vec<Option<f64>>, RuleError> {
        let node = self.compile_number(frame)?;
        let values = (0..frame.rows()).map(|row| match node.eval(row) {
            Cell::Number(x) => Some(x),
            _ => None,
        });
        Ok(values.collect())
    }

    /// [`Expr::eval_numbers`] with `NaN` where missing, as number columns hold them: half the
    /// memory of `Option<f64>`, and no such copy on the way (on millions of rows it was
    /// kept, as the capacity of the vector collected from it).
    pub fn eval_numbers_nan(&self, frame: &Frame) -> Result<Vec<f64>, RuleError> {
        let node = self.compile_number(frame)?;
        let values = (0..frame.rows()).map(|row| match node.eval(row) {
            Cell::Number(x) => x,
            _ => f64::NAN,
        });
        Ok(values.collect())
    }

    fn compile_number<'f>(&self, frame: &'f Frame) -> Result<Node<'f>, RuleError> {
        let value_type = self.check(frame)?;
        if value_type != ValueType::Number {
            return Err(RuleError::new(
                format!(
                    "expected a number, but this rule gives {value_type} values; write a number \
                     column or a calculation, e.g. `won_value` or `won_value / price`"
                ),
                self.span(),
            ));
        }
        Ok(Node::compile(self, frame))
    }

    /// The rule's value on every row, as a column called `name`, e.g. a value column from
    /// `value_received / price`.
    ///
    /// Numbers give a number column (missing where any operand is missing or a divisor is
    /// zero), conditions a boolean column (missing where unknown), dates and datetimes the
    /// matching kind, strings a text column. A bare column reference gives a renamed copy of
    /// that column, keeping its kind.
    pub fn eval_column(&self, frame: &Frame, name: &str) -> Result<Column, RuleError> {
        let value_type = self.check(frame)?;
        if let ExprKind::Column(source) = &self.kind {
            let mut column = frame.column(source).expect("checked above").clone();
            column.name = name.to_string();
            return Ok(column);
        }
        let node = Node::compile(self, frame);
        let cells = (0..frame.rows()).map(|row| node.eval(row));
        let (kind, data) = match value_type {
            ValueType::Number => {
                let values = cells.map(|cell| match cell {
                    Cell::Number(x) => x,
                    _ => f64::NAN,
                });
                (Kind::Number, ColumnData::Number(values.collect()))
            }
            ValueType::Boolean => {
                let values = cells.map(|cell| truth(&cell).map_or(MISSING_BOOL, u8::from));
                (Kind::Boolean, ColumnData::Bool(values.collect()))
            }
            ValueType::Date => {
                let values = cells.map(|cell| match cell {
                    Cell::Date(days) => days,
                    _ => MISSING_DATE,
                });
                (Kind::Date, ColumnData::Date(values.collect()))
            }
            ValueType::DateTime => {
                let values = cells.map(|cell| match cell {
                    Cell::DateTime(seconds) => seconds,
                    _ => MISSING_DATETIME,
                });
                (Kind::DateTime, ColumnData::DateTime(values.collect()))
            }
            ValueType::Text => {
                let mut strings = StrColumn::new();
                for cell in cells {
                    match cell {
                        Cell::Text(text) => strings.push(Some(&text)),
                        _ => strings.push(None),
                    }
                }
                (Kind::Text, ColumnData::Str(strings))
            }
            ValueType::Tags => {
                // The checker only lets tags through as a bare column, handled above.
                return Err(RuleError::new(
                    "a list of tags can only be taken from a column as it is; name the \
                     column alone, e.g. `tags`",
                    self.span(),
                ));
            }
        };
        Ok(Column::new(name, kind, data))
    }
}

/// One value during evaluation, borrowing strings from the frame or the compiled rule.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell<'a> {
    /// Missing, or unknown where a boolean is expected.
    Missing,
    Number(f64),
    Bool(bool),
    Date(i32),
    DateTime(i64),
    Text(Cow<'a, str>),
    /// The labels of one row of a tags column.
    Tags(&'a TagsColumn, usize),
}

impl Cell<'_> {
    fn is_missing(&self) -> bool {
        matches!(self, Cell::Missing)
    }

    /// A cheap copy that borrows any string instead of cloning it.
    fn reborrow(&self) -> Cell<'_> {
        match self {
            Cell::Missing => Cell::Missing,
            Cell::Number(x) => Cell::Number(*x),
            Cell::Bool(b) => Cell::Bool(*b),
            Cell::Date(d) => Cell::Date(*d),
            Cell::DateTime(s) => Cell::DateTime(*s),
            Cell::Text(text) => Cell::Text(Cow::Borrowed(text)),
            Cell::Tags(tags, row) => Cell::Tags(tags, *row),
        }
    }
}

/// A cell read as a condition: booleans as themselves, numbers (0/1 columns) as non-zero,
/// missing as unknown.
fn truth(cell: &Cell<'_>) -> Option<bool> {
    match cell {
        Cell::Bool(b) => Some(*b),
        Cell::Number(x) => Some(*x != 0.0),
        _ => None,
    }
}

/// How two cells order, when they are comparable. A date compares with a datetime as its
/// midnight.
fn order(left: &Cell<'_>, right: &Cell<'_>) -> Option<Ordering> {
    match (left, right) {
        (Cell::Number(a), Cell::Number(b)) => a.partial_cmp(b),
        (Cell::Text(a), Cell::Text(b)) => Some(a.cmp(b)),
        (Cell::Bool(a), Cell::Bool(b)) => Some(a.cmp(b)),
        (Cell::Date(a), Cell::Date(b)) => Some(a.cmp(b)),
        (Cell::DateTime(a), Cell::DateTime(b)) => Some(a.cmp(b)),
        (Cell::Date(a), Cell::DateTime(b)) => Some((i64::from(*a) * SECONDS_PER_DAY).cmp(b)),
        (Cell::DateTime(a), Cell::Date(b)) => Some(a.cmp(&(i64::from(*b) * SECONDS_PER_DAY))),
        _ => None,
    }
}

/// The labels of row `row` of a tags column.
fn labels(tags: &TagsColumn, row: usize) -> impl Iterator<Item = &str> {
    let codes = &tags.codes[tags.offsets[row] as usize..tags.offsets[row + 1] as usize];
    codes.iter().map(|&code| tags.levels[code as usize].as_str())
}

/// The literal items of an `in [...]` list, by type. The checker guarantees the items and
/// the looked-up value have compatible types.
#[derive(Debug, Default)]
struct LiteralSet {
    /// Bit patterns, with `-0.0` stored as `0.0` so that the two compare equal as in SQL.
    numbers: HashSet<u64>,
    texts: HashSet<String>,
    /// `[contains false, contains true]`.
    bools: [bool; 2],
    dates: HashSet<i32>,
}

impl LiteralSet {
    fn new(items: &[Expr]) -> LiteralSet {
        let mut set = LiteralSet::default();
        for item in items {
            match &item.kind {
                ExprKind::Number(x) => {
                    set.numbers.insert(number_key(*x));
                }
                ExprKind::Negate(inner) => {
                    if let ExprKind::Number(x) = inner.kind {
                        set.numbers.insert(number_key(-x));
                    }
                }
                ExprKind::Text(text) => {
                    set.texts.insert(text.clone());
                }
                ExprKind::Bool(b) => set.bools[usize::from(*b)] = true,
                ExprKind::Date(days) => {
                    set.dates.insert(*days);
                }
                _ => {}
            }
        }
        set
    }

    fn contains(&self, cell: &Cell<'_>) -> Option<bool> {
        match cell {
            Cell::Number(x) => Some(self.numbers.contains(&number_key(*x))),
            Cell::Text(text) => Some(self.texts.contains(text.as_ref())),
            Cell::Bool(b) => Some(self.bools[usize::from(*b)]),
            Cell::Date(days) => Some(self.dates.contains(days)),
            Cell::DateTime(seconds) => Some(
                seconds.rem_euclid(SECONDS_PER_DAY) == 0
                    && i32::try_from(seconds.div_euclid(SECONDS_PER_DAY))
                        .is_ok_and(|days| self.dates.contains(&days)),
            ),
            Cell::Missing | Cell::Tags(..) => None,
        }
    }
}

fn number_key(x: f64) -> u64 {
    (x + 0.0).to_bits()
}

/// A rule compiled against one frame.
enum Node<'f> {
    Constant(Cell<'static>),
    Column(&'f Column),
    /// `contains(tags_column, "label")` with the label resolved to its code once.
    HasLabel {
        tags: &'f TagsColumn,
        /// `None` when no row has the label.
        code: Option<u32>,
    },
    Not(Box<Node<'f>>),
    Negate(Box<Node<'f>>),
    And(Box<Node<'f>>, Box<Node<'f>>),
    Or(Box<Node<'f>>, Box<Node<'f>>),
    /// A comparison: whether the operands' ordering satisfies the operator.
    Compare(fn(Ordering) -> bool, Box<Node<'f>>, Box<Node<'f>>),
    /// Arithmetic; a NaN result (e.g. division by zero) is missing.
    Arithmetic(fn(f64, f64) -> f64, Box<Node<'f>>, Box<Node<'f>>),
    InList {
        value: Box<Node<'f>>,
        set: LiteralSet,
        negated: bool,
    },
    IsMissing {
        value: Box<Node<'f>>,
        negated: bool,
    },
    IsBool {
        value: Box<Node<'f>>,
        expected: bool,
        negated: bool,
    },
    Like {
        value: Box<Node<'f>>,
        pattern: LikePattern,
        negated: bool,
    },
    Call(Function, Vec<Node<'f>>),
}

/// A `like` pattern: `%` any run of characters, `_` exactly one, anything else itself.
#[derive(Debug)]
struct LikePattern(Vec<LikePart>);

#[derive(Debug, Clone, Copy, PartialEq)]
enum LikePart {
    AnyRun,
    AnyOne,
    Char(char),
}

impl LikePattern {
    fn new(pattern: &str) -> LikePattern {
        LikePattern(
            pattern
                .chars()
                .map(|c| match c {
                    '%' => LikePart::AnyRun,
                    '_' => LikePart::AnyOne,
                    c => LikePart::Char(c),
                })
                .collect(),
        )
    }

    /// Whether `text` matches, in time proportional to the product of the lengths at worst
    /// (the usual wildcard matching that backtracks only to the last `%`).
    fn matches(&self, text: &str) -> bool {
        let parts = &self.0;
        let text: Vec<char> = text.chars().collect();
        let (mut p, mut t) = (0, 0);
        // After the last `%` seen: the pattern index after it and the text index it covers to.
        let mut restart: Option<(usize, usize)> = None;
        while t < text.len() {
            match parts.get(p) {
                Some(LikePart::AnyRun) => {
                    p += 1;
                    restart = Some((p, t));
                }
                Some(LikePart::AnyOne) => {
                    p += 1;
                    t += 1;
                }
                Some(LikePart::Char(c)) if *c == text[t] => {
                    p += 1;
                    t += 1;
                }
                _ => match restart {
                    Some((after, covered)) => {
                        p = after;
                        t = covered + 1;
                        restart = Some((after, covered + 1));
                    }
                    None => return false,
                },
            }
        }
        parts[p..].iter().all(|part| *part == LikePart::AnyRun)
    }
}

/// `expr` as the compiler sees it beside a value of type `other`: a yes/no spelling
/// (`"Yes"`, `1`, `"いいえ"`) beside a yes/no value becomes `true` or `false`.
fn resolve_literal(expr: &Expr, other: Option<ValueType>) -> Option<bool> {
    if other != Some(ValueType::Boolean) {
        return None;
    }
    boolean_spelling(expr).flatten()
}

fn divide(a: f64, b: f64) -> f64 {
    if b == 0.0 { f64::NAN } else { a / b }
}

impl<'f> Node<'f> {
    /// Compiles a rule that [`Expr::check`] accepted against the same frame.
    fn compile(expr: &Expr, frame: &'f Frame) -> Node<'f> {
        let compile = |e: &Expr| Box::new(Node::compile(e, frame));
        match &expr.kind {
            ExprKind::Number(x) => Node::Constant(Cell::Number(*x)),
            ExprKind::Text(text) => Node::Constant(Cell::Text(Cow::Owned(text.clone()))),
            ExprKind::Bool(b) => Node::Constant(Cell::Bool(*b)),
            ExprKind::Date(days) => Node::Constant(Cell::Date(*days)),
            ExprKind::Column(name) => {
                Node::Column(frame.column(name).expect("columns are checked before compiling"))
            }
            ExprKind::Not(operand) => Node::Not(compile(operand)),
            ExprKind::Negate(operand) => Node::Negate(compile(operand)),
            ExprKind::Binary { op, left: left_expr, right: right_expr } => {
                let (mut left, mut right) = (compile(left_expr), compile(right_expr));
                if op.is_comparison() {
                    let checker = Checker::new(frame);
                    if let Some(b) = resolve_literal(right_expr, checker.type_of(left_expr)) {
                        right = Box::new(Node::Constant(Cell::Bool(b)));
                    } else if let Some(b) = resolve_literal(left_expr, checker.type_of(right_expr))
                    {
                        left = Box::new(Node::Constant(Cell::Bool(b)));
                    }
                }
                match op {
                    BinaryOp::And => Node::And(left, right),
                    BinaryOp::Or => Node::Or(left, right),
                    BinaryOp::Add => Node::Arithmetic(|a, b| a + b, left, right),
                    BinaryOp::Sub => Node::Arithmetic(|a, b| a - b, left, right),
                    BinaryOp::Mul => Node::Arithmetic(|a, b| a * b, left, right),
                    BinaryOp::Div => Node::Arithmetic(divide, left, right),
                    BinaryOp::Eq => Node::Compare(Ordering::is_eq, left, right),
                    BinaryOp::Ne => Node::Compare(Ordering::is_ne, left, right),
                    BinaryOp::Lt => Node::Compare(Ordering::is_lt, left, right),
                    BinaryOp::Le => Node::Compare(Ordering::is_le, left, right),
                    BinaryOp::Gt => Node::Compare(Ordering::is_gt, left, right),
                    BinaryOp::Ge => Node::Compare(Ordering::is_ge, left, right),
                }
            }
            ExprKind::InList { value, items, negated } => {
                let value_type = Checker::new(frame).type_of(value);
                let items: Vec<Expr> = items
                    .iter()
                    .map(|item| match resolve_literal(item, value_type) {
                        Some(b) => Expr::new(ExprKind::Bool(b), item.span()),
                        None => item.clone(),
                    })
                    .collect();
                Node::InList {
                    value: compile(value),
                    set: LiteralSet::new(&items),
                    negated: *negated,
                }
            }
            ExprKind::IsMissing { value, negated } => {
                Node::IsMissing { value: compile(value), negated: *negated }
            }
            ExprKind::IsBool { value, expected, negated } => {
                Node::IsBool { value: compile(value), expected: *expected, negated: *negated }
            }
            ExprKind::Like { value, pattern, negated } => Node::Like {
                value: compile(value),
                pattern: LikePattern::new(pattern),
                negated: *negated,
            },
            ExprKind::Call { function, args } => {
                if let (Function::Contains, [haystack, needle]) = (function, args.as_slice())
                    && let (ExprKind::Column(name), ExprKind::Text(label)) =
                        (&haystack.kind, &needle.kind)
                    && let Some(ColumnData::Tags(tags)) = frame.column(name).map(|c| &c.data)
                {
                    let code = tags.levels.iter().position(|level| level == label);
                    return Node::HasLabel { tags, code: code.map(|c| c as u32) };
                }
                Node::Call(*function, args.iter().map(|a| Node::compile(a, frame)).collect())
            }
            ExprKind::Aggregate { function, arg } => {
                Node::Constant(aggregate(*function, &Node::compile(arg, frame), frame.rows()))
            }
        }
    }

    fn eval(&self, row: usize) -> Cell<'_> {
        match self {
            Node::Constant(cell) => cell.reborrow(),
            Node::Column(column) => column_cell(column, row),
            Node::HasLabel { tags, code } => {
                if tags.missing[row] {
                    return Cell::Missing;
                }
                let codes = &tags.codes[tags.offsets[row] as usize..tags.offsets[row + 1] as usize];
                Cell::Bool(code.is_some_and(|code| codes.contains(&code)))
            }
            Node::Not(operand) => {
                truth(&operand.eval(row)).map_or(Cell::Missing, |b| Cell::Bool(!b))
            }
            Node::Negate(operand) => match operand.eval(row) {
                Cell::Number(x) => Cell::Number(-x),
                _ => Cell::Missing,
            },
            Node::And(left, right) => {
                let left = truth(&left.eval(row));
                if left == Some(false) {
                    return Cell::Bool(false);
                }
                match (left, truth(&right.eval(row))) {
                    (_, Some(false)) => Cell::Bool(false),
                    (Some(true), Some(true)) => Cell::Bool(true),
                    _ => Cell::Missing,
                }
            }
            Node::Or(left, right) => {
                let left = truth(&left.eval(row));
                if left == Some(true) {
                    return Cell::Bool(true);
                }
                match (left, truth(&right.eval(row))) {
                    (_, Some(true)) => Cell::Bool(true),
                    (Some(false), Some(false)) => Cell::Bool(false),
                    _ => Cell::Missing,
                }
            }
            Node::Compare(holds, left, right) => match order(&left.eval(row), &right.eval(row)) {
                Some(ordering) => Cell::Bool(holds(ordering)),
                None => Cell::Missing,
            },
            Node::Arithmetic(apply, left, right) => match (left.eval(row), right.eval(row)) {
                (Cell::Number(a), Cell::Number(b)) => {
                    let result = apply(a, b);
                    if result.is_nan() { Cell::Missing } else { Cell::Number(result) }
                }
                _ => Cell::Missing,
            },
            Node::InList { value, set, negated } => match set.contains(&value.eval(row)) {
                Some(found) => Cell::Bool(found != *negated),
                None => Cell::Missing,
            },
            Node::IsMissing { value, negated } => {
                Cell::Bool(value.eval(row).is_missing() != *negated)
            }
            Node::IsBool { value, expected, negated } => {
                Cell::Bool((truth(&value.eval(row)) == Some(*expected)) != *negated)
            }
            Node::Like { value, pattern, negated } => match value.eval(row) {
                Cell::Text(text) => Cell::Bool(pattern.matches(&text) != *negated),
                _ => Cell::Missing,
            },
            Node::Call(function, args) => call(*function, args, row),
        }
    }
}

fn column_cell(column: &Column, row: usize) -> Cell<'_> {
    match &column.data {
        ColumnData::Number(values) => {
            let x = values[row];
            if x.is_nan() { Cell::Missing } else { Cell::Number(x) }
        }
        ColumnData::Bool(values) => match values[row] {
            0 => Cell::Bool(false),
            1 => Cell::Bool(true),
            _ => Cell::Missing,
        },
        ColumnData::Date(values) => match values[row] {
            MISSING_DATE => Cell::Missing,
            days => Cell::Date(days),
        },
        ColumnData::DateTime(values) => match values[row] {
            MISSING_DATETIME => Cell::Missing,
            seconds => Cell::DateTime(seconds),
        },
        // The missing code is out of range, so `get` turns it into `None`.
        ColumnData::Cat { codes, levels } => levels
            .get(codes[row] as usize)
            .map_or(Cell::Missing, |level| Cell::Text(Cow::Borrowed(level))),
        ColumnData::Tags(tags) => {
            if tags.missing[row] {
                Cell::Missing
            } else {
                Cell::Tags(tags, row)
            }
        }
        ColumnData::Str(strings) => {
            strings.get(row).map_or(Cell::Missing, |text| Cell::Text(Cow::Borrowed(text)))
        }
    }
}

fn call<'n>(function: Function, args: &'n [Node<'_>], row: usize) -> Cell<'n> {
    let first = args[0].eval(row);
    match function {
        Function::Lower => map_text(first, str::to_lowercase, char::is_uppercase),
        Function::Upper => map_text(first, str::to_uppercase, char::is_lowercase),
        Function::Len => match first {
            Cell::Text(text) => Cell::Number(text.chars().count() as f64),
            _ => Cell::Missing,
        },
        Function::Abs => match first {
            Cell::Number(x) => Cell::Number(x.abs()),
            _ => Cell::Missing,
        },
        Function::Contains | Function::StartsWith | Function::EndsWith => {
            let Cell::Text(needle) = args[1].eval(row) else { return Cell::Missing };
            match (function, first) {
                (Function::Contains, Cell::Tags(tags, tags_row)) => {
                    Cell::Bool(labels(tags, tags_row).any(|label| label == needle))
                }
                (Function::Contains, Cell::Text(text)) => Cell::Bool(text.contains(&*needle)),
                (Function::StartsWith, Cell::Text(text)) => Cell::Bool(text.starts_with(&*needle)),
                (Function::EndsWith, Cell::Text(text)) => Cell::Bool(text.ends_with(&*needle)),
                _ => Cell::Missing,
            }
        }
        Function::Coalesce => {
            if !first.is_missing() {
                return first;
            }
            args[1..]
                .iter()
                .map(|arg| arg.eval(row))
                .find(|cell| !cell.is_missing())
                .unwrap_or(Cell::Missing)
        }
    }
}

/// Applies a case mapping, borrowing the input when the mapping would not change it.
fn map_text<'a>(cell: Cell<'a>, map: fn(&str) -> String, changes: fn(char) -> bool) -> Cell<'a> {
    match cell {
        Cell::Text(text) if text.chars().any(changes) => Cell::Text(Cow::Owned(map(&text))),
        Cell::Text(text) => Cell::Text(text),
        _ => Cell::Missing,
    }
}

/// An aggregate of `arg` over rows `0..rows`. Empty inputs give missing, as in SQL (except
/// `count`, which gives 0).
fn aggregate(function: Aggregate, arg: &Node<'_>, rows: usize) -> Cell<'static> {
    let numbers = || -> Vec<f64> {
        (0..rows)
            .filter_map(|row| match arg.eval(row) {
                Cell::Number(x) => Some(x),
                _ => None,
            })
            .collect()
    };
    let number_or_missing = |value: Option<f64>| value.map_or(Cell::Missing, Cell::Number);
    match function {
        Aggregate::Count => {
            Cell::Number((0..rows).filter(|&row| !arg.eval(row).is_missing()).count() as f64)
        }
        Aggregate::Sum => {
            let values = numbers();
            number_or_missing((!values.is_empty()).then(|| values.iter().sum()))
        }
        Aggregate::Mean => {
            let values = numbers();
            number_or_missing(
                (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64),
            )
        }
        Aggregate::Median => number_or_missing(percentile(&mut numbers(), 50)),
        Aggregate::Percentile(p) => number_or_missing(percentile(&mut numbers(), p)),
        Aggregate::Min | Aggregate::Max => {
            let wanted =
                if function == Aggregate::Min { Ordering::Less } else { Ordering::Greater };
            let mut best = Cell::Missing;
            for row in 0..rows {
                let cell = match arg.eval(row) {
                    Cell::Number(x) => Cell::Number(x),
                    Cell::Date(days) => Cell::Date(days),
                    Cell::DateTime(seconds) => Cell::DateTime(seconds),
                    _ => continue,
                };
                if best.is_missing() || order(&cell, &best) == Some(wanted) {
                    best = cell;
                }
            }
            best
        }
    }
}

/// The `p`-th percentile (0..=100) of `values` with linear interpolation between the two
/// nearest ranks: numpy's default method and SQL's `percentile_cont`. Reorders `values`.
pub(crate) fn percentile(values: &mut [f64], p: u8) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    // The same arithmetic as numpy: virtual index (n - 1) * q, then a two-sided lerp.
    let position = (values.len() - 1) as f64 * (f64::from(p) / 100.0);
    let below = (position.floor() as usize).min(values.len() - 1);
    let fraction = position - below as f64;
    let (_, &mut low, above) = values.select_nth_unstable_by(below, f64::total_cmp);
    if fraction == 0.0 || above.is_empty() {
        return Some(low);
    }
    let high = above.iter().copied().fold(f64::INFINITY, f64::min);
    let difference = high - low;
    Some(if fraction >= 0.5 {
        high - difference * (1.0 - fraction)
    } else {
        low + difference * fraction
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_frame::{frame_of, number_column, sample, tags_column};

    fn mask(src: &str, frame: &Frame) -> Vec<bool> {
        let expr = Expr::parse(src).unwrap_or_else(|e| panic!("{}", e.render(src)));
        expr.eval_mask(frame).unwrap_or_else(|e| panic!("{}", e.render(src)))
    }

    /// The value of `src` on every row: `Some(true/false)` or `None` for unknown.
    fn truth_values(src: &str, frame: &Frame) -> Vec<Option<bool>> {
        let column = Expr::parse(src).unwrap().eval_column(frame, "t").unwrap();
        let ColumnData::Bool(values) = column.data else { panic!("{src} is not boolean") };
        values.iter().map(|&v| (v != MISSING_BOOL).then_some(v == 1)).collect()
    }

    fn numbers(src: &str, frame: &Frame) -> Vec<Option<f64>> {
        let column = Expr::parse(src).unwrap().eval_column(frame, "n").unwrap();
        let ColumnData::Number(values) = column.data else { panic!("{src} is not a number") };
        values.iter().map(|&v| (!v.is_nan()).then_some(v)).collect()
    }

    #[test]
    fn three_valued_logic_matches_sql() {
        // Every combination of true / false / unknown in two boolean columns.
        let t = Some(true);
        let f = Some(false);
        let u = None;
        let a = [t, t, t, f, f, f, u, u, u];
        let b = [t, f, u, t, f, u, t, f, u];
        let to_column = |name: &str, values: &[Option<bool>]| {
            let data = values.iter().map(|v| v.map_or(MISSING_BOOL, u8::from)).collect();
            Column::new(name, Kind::Boolean, ColumnData::Bool(data))
        };
        let frame = frame_of(vec![to_column("a", &a), to_column("b", &b)]);
        assert_eq!(truth_values("a and b", &frame), [t, f, u, f, f, f, u, f, u]);
        assert_eq!(truth_values("a or b", &frame), [t, t, t, t, f, u, t, u, u]);
        assert_eq!(truth_values("not a", &frame), [f, f, f, t, t, t, u, u, u]);
        assert_eq!(truth_values("a == b", &frame), [t, f, u, f, t, u, u, u, u]);
        assert_eq!(truth_values("a is missing", &frame), [f, f, f, f, f, f, t, t, t]);
        assert_eq!(truth_values("a is not missing", &frame), [t, t, t, t, t, t, f, f, f]);
        // The mask treats unknown as false, so `x` and `not x` can both be false.
        assert_eq!(
            mask("a and b", &frame),
            [true, false, false, false, false, false, false, false, false]
        );
        assert_eq!(
            mask("not (a and b)", &frame),
            [false, true, false, true, true, true, false, true, false]
        );
    }

    #[test]
    fn comparisons_and_lists_with_missing_are_unknown() {
        let frame = frame_of(vec![number_column("x", &[1.0, f64::NAN, 3.0])]);
        assert_eq!(truth_values("x > 2", &frame), [Some(false), None, Some(true)]);
        assert_eq!(truth_values("x != 1", &frame), [Some(false), None, Some(true)]);
        assert_eq!(truth_values("x in [1, 2]", &frame), [Some(true), None, Some(false)]);
        assert_eq!(truth_values("x not in [1, 2]", &frame), [Some(false), None, Some(true)]);
        assert_eq!(
            truth_values("x > 2 or x is missing", &frame),
            [Some(false), Some(true), Some(true)]
        );
        assert_eq!(mask("x not in [1]", &frame), [false, false, true]);
        assert_eq!(mask("coalesce(x, 0) < 2", &frame), [true, true, false]);
    }

    #[test]
    fn arithmetic_propagates_missing_and_division_by_zero() {
        let frame = frame_of(vec![
            number_column("value", &[10.0, 6.0, f64::NAN, 5.0]),
            number_column("price", &[4.0, 0.0, 2.0, -2.0]),
        ]);
        assert_eq!(numbers("value / price", &frame), [Some(2.5), None, None, Some(-2.5)]);
        assert_eq!(
            numbers("value - price * 2 + 1", &frame),
            [Some(3.0), Some(7.0), None, Some(10.0)]
        );
        assert_eq!(numbers("-value", &frame), [Some(-10.0), Some(-6.0), None, Some(-5.0)]);
        assert_eq!(numbers("abs(price)", &frame), [Some(4.0), Some(0.0), Some(2.0), Some(2.0)]);
        assert_eq!(
            numbers("coalesce(value, price, 0)", &frame),
            [Some(10.0), Some(6.0), Some(2.0), Some(5.0)]
        );
        assert_eq!(mask("value / price > 2", &frame), [true, false, false, false]);
        let ratio = Expr::parse("value / price").unwrap();
        assert_eq!(ratio.eval_numbers(&frame).unwrap(), [Some(2.5), None, None, Some(-2.5)]);
        let err = Expr::parse("value > price").unwrap().eval_numbers(&frame).unwrap_err();
        assert_eq!(
            err.message,
            "expected a number, but this rule gives boolean values; write a number column or \
             a calculation, e.g. `won_value` or `won_value / price`"
        );
        assert_eq!(err.span, 0..13);
        let column = ratio.eval_column(&frame, "ratio").unwrap();
        assert_eq!((column.name.as_str(), column.kind), ("ratio", Kind::Number));
    }

    #[test]
    fn percentiles_match_hand_computed_values() {
        // Sorted: 1 2 3 4 10 (missing ignored), n = 5.
        let mut values = vec![4.0, 1.0, 10.0, 3.0, 2.0];
        // p75: position 0.75 * 4 = 3 -> exactly the 4th value.
        assert_eq!(percentile(&mut values, 75), Some(4.0));
        // p90: position 3.6 -> 4 + 0.6 * (10 - 4) = 7.6.
        assert!((percentile(&mut values, 90).unwrap() - 7.6).abs() < 1e-12);
        // p10: position 0.4 -> 1 + 0.4 * (2 - 1) = 1.4.
        assert!((percentile(&mut values, 10).unwrap() - 1.4).abs() < 1e-12);
        assert_eq!(percentile(&mut values, 0), Some(1.0));
        assert_eq!(percentile(&mut values, 100), Some(10.0));
        assert_eq!(percentile(&mut values, 50), Some(3.0));
        // Even count: median of 1 2 3 4 is 2.5.
        assert_eq!(percentile(&mut [4.0, 2.0, 1.0, 3.0], 50), Some(2.5));
        assert_eq!(percentile(&mut [7.0], 33), Some(7.0));
        assert_eq!(percentile(&mut [], 50), None);

        let frame = frame_of(vec![number_column("x", &[4.0, 1.0, f64::NAN, 10.0, 3.0, 2.0])]);
        let column = numbers("p90(x)", &frame);
        assert!(column.iter().all(|v| (v.unwrap() - 7.6).abs() < 1e-12), "{column:?}");
        assert_eq!(numbers("median(x)", &frame)[0], Some(3.0));
        assert_eq!(numbers("mean(x)", &frame)[0], Some(4.0));
        assert_eq!(numbers("sum(x)", &frame)[0], Some(20.0));
        assert_eq!(numbers("min(x)", &frame)[0], Some(1.0));
        assert_eq!(numbers("max(x)", &frame)[0], Some(10.0));
        assert_eq!(numbers("count(x)", &frame)[0], Some(5.0));
        assert_eq!(numbers("p50(x * 2)", &frame)[0], Some(6.0));
        assert_eq!(mask("x >= p75(x)", &frame), [true, false, false, true, false, false]);
    }

    #[test]
    fn aggregates_of_nothing_are_missing() {
        let frame = frame_of(vec![number_column("x", &[f64::NAN, f64::NAN])]);
        assert_eq!(numbers("p75(x)", &frame), [None, None]);
        assert_eq!(numbers("sum(x)", &frame), [None, None]);
        assert_eq!(numbers("count(x)", &frame), [Some(0.0), Some(0.0)]);
        assert_eq!(mask("x > mean(x) or x is missing", &frame), [true, true]);
    }

    #[test]
    fn tags_membership_in_every_spelling() {
        let frame = frame_of(vec![tags_column(
            "tags",
            &[Some(&["crm", "ads"]), Some(&[]), None, Some(&["analytics"])],
        )]);
        let expected = [Some(true), Some(false), None, Some(false)];
        assert_eq!(truth_values("\"crm\" in tags", &frame), expected);
        assert_eq!(truth_values("tags contains 'crm'", &frame), expected);
        assert_eq!(truth_values("contains(tags, 'crm')", &frame), expected);
        // Whole labels only: "an" is a substring of "analytics" but not a label.
        assert_eq!(
            truth_values("'an' in tags", &frame),
            [Some(false), Some(false), None, Some(false)]
        );
        assert_eq!(
            truth_values("'crm' not in tags", &frame),
            [Some(false), Some(true), None, Some(true)]
        );
        // A computed label takes the general path rather than the code lookup.
        assert_eq!(truth_values("lower('CRM') in tags", &frame), expected);
        assert_eq!(
            mask("'analytics' in tags or tags is missing", &frame),
            [false, false, true, true]
        );
        assert_eq!(numbers("count(tags)", &frame)[0], Some(3.0));
    }

    #[test]
    fn text_functions_and_substring_contains() {
        let frame = sample();
        assert_eq!(mask("name contains 'Inc'", &frame), [true, false, false, false]);
        assert_eq!(mask("'Inc' in name", &frame), [true, false, false, false]);
        assert_eq!(mask("lower(name) == 'acme, inc.'", &frame), [true, false, false, false]);
        assert_eq!(mask("upper(lead_source) == 'WEB'", &frame), [true, false, true, false]);
        assert_eq!(mask("starts_with(name, 'Glo')", &frame), [false, true, false, false]);
        assert_eq!(mask("ends_with(name, 'Ltd')", &frame), [false, false, true, false]);
        assert_eq!(mask("len(name) == 3", &frame), [false, false, false, false]);
        assert_eq!(mask("len(lead_source) == 3", &frame), [true, false, true, false]);
        assert_eq!(mask("lead_source in ['Web', 'Event']", &frame), [true, true, true, false]);
        assert_eq!(mask("lead_source > 'F'", &frame), [true, false, true, true]);
        assert_eq!(mask("`Lead Source` == 'Partner'", &frame), [false, false, false, true]);
        assert_eq!(mask("業種 == '製造'", &frame), [true, false, false, true]);
        let column = Expr::parse("lower(name)").unwrap().eval_column(&frame, "l").unwrap();
        assert_eq!(column.kind, Kind::Text);
        assert_eq!(column.get(0), icp_frame::Value::Str("acme, inc."));
        assert!(column.is_missing(3));
    }

    #[test]
    fn dates_compare_with_date_literals_and_datetimes() {
        let frame = sample();
        // signup: 2019-12-31, 2020-01-31, 2020-02-01, missing.
        assert_eq!(mask("signup >= date('2020-01-31')", &frame), [false, true, true, false]);
        assert_eq!(mask("signup < date(\"2020-01-31\")", &frame), [true, false, false, false]);
        assert_eq!(
            mask("signup in [date('2020-02-01'), date('2019-12-31')]", &frame),
            [true, false, true, false]
        );
        // created_at: 2020-01-31 00:00:00, 2020-01-31 12:00:00, 2020-02-01 00:00:00, missing.
        assert_eq!(mask("created_at == date('2020-01-31')", &frame), [true, false, false, false]);
        assert_eq!(mask("created_at > date('2020-01-31')", &frame), [false, true, true, false]);
        assert_eq!(mask("created_at in [date('2020-01-31')]", &frame), [true, false, false, false]);
        assert_eq!(mask("signup == max(signup)", &frame), [false, false, true, false]);
        assert_eq!(mask("created_at == min(created_at)", &frame), [true, false, false, false]);
        let column = Expr::parse("coalesce(signup, date('2000-01-01'))")
            .unwrap()
            .eval_column(&frame, "d")
            .unwrap();
        assert_eq!(column.kind, Kind::Date);
        assert_eq!(column.get(3), icp_frame::Value::Date(icp_frame::days_from_civil(2000, 1, 1)));
    }

    #[test]
    fn boolean_and_zero_one_columns_are_conditions() {
        let frame = sample();
        // won: true, false, true, missing; churned: false, false, true, false; flag: 1, 0, missing, 1.
        assert_eq!(mask("won", &frame), [true, false, true, false]);
        assert_eq!(mask("won and not churned", &frame), [true, false, false, false]);
        assert_eq!(mask("!churned && won", &frame), [true, false, false, false]);
        assert_eq!(mask("flag", &frame), [true, false, false, true]);
        assert_eq!(mask("flag or won", &frame), [true, false, true, true]);
        assert_eq!(mask("won == true", &frame), [true, false, true, false]);
        assert_eq!(
            mask("won and won_value >= p75(won_value)", &frame),
            [false, false, true, false]
        );
        let column = Expr::parse("flag").unwrap().eval_column(&frame, "f").unwrap();
        assert_eq!((column.kind, column.name.as_str()), (Kind::Number, "f"));
    }

    #[test]
    fn rules_that_do_not_check_do_not_evaluate() {
        let frame = sample();
        let err = Expr::parse("won_value").unwrap().eval_mask(&frame).unwrap_err();
        assert!(err.message.contains("not a condition"), "{}", err.message);
        let err = Expr::parse("nope > 1").unwrap().eval_column(&frame, "x").unwrap_err();
        assert!(
            err.message.starts_with("unknown column `nope`; the columns are won, "),
            "{}",
            err.message
        );
        // A tags column as a value is its own copy.
        let column = Expr::parse("tags").unwrap().eval_column(&frame, "copy").unwrap();
        assert_eq!((column.kind, column.name.as_str()), (Kind::Tags, "copy"));
    }

    #[test]
    fn empty_frames_give_empty_masks() {
        let frame = frame_of(vec![number_column("x", &[])]);
        assert_eq!(mask("x > p75(x)", &frame), Vec::<bool>::new());
    }

    /// `cargo test -p icp-rules --release -- --ignored --nocapture` to measure.
    #[test]
    #[ignore = "timing; meaningful only in release builds"]
    fn a_million_rows_evaluate_well_under_a_second() {
        let rows = 1_000_000;
        let values: Vec<f64> = (0..rows).map(|i| ((i * 7919) % 10_007) as f64).collect();
        let won = (0..rows).map(|i| u8::from(i % 3 == 0)).collect();
        let levels = vec!["Web".to_string(), "Event".to_string(), "Partner".to_string()];
        let frame = frame_of(vec![
            Column::new("won", Kind::Boolean, ColumnData::Bool(won)),
            number_column("won_value", &values),
            Column::new(
                "lead_source",
                Kind::Categorical,
                ColumnData::Cat { codes: (0..rows as u32).map(|i| i % 3).collect(), levels },
            ),
        ]);
        for src in [
            "won and won_value >= p75(won_value)",
            "lead_source in ['Web', 'Partner'] and won_value / 2 > 100 or not won",
            "lower(lead_source) == 'web' and won_value is not missing",
        ] {
            let start = std::time::Instant::now();
            let selected = mask(src, &frame).iter().filter(|&&b| b).count();
            let elapsed = start.elapsed();
            println!("{src}: {selected} rows in {elapsed:?}");
            assert!(elapsed.as_secs_f64() < 1.0, "{src} took {elapsed:?}");
        }
    }
}
