//! The syntax tree a rule parses into.
//!
//! Trees are built only by [`Expr::parse`], so a few invariants hold everywhere downstream:
//! number literals are finite and never negative (`-3` is `Negate(3)`), list items are literals,
//! and call arities are right. Equality ignores source positions, so a rule and its canonical
//! [`Display`](std::fmt::Display) form compare equal after re-parsing.

use std::ops::Range;

/// A parsed rule: a node of the syntax tree together with where it came from in the source.
#[derive(Debug, Clone)]
pub struct Expr {
    pub(crate) kind: ExprKind,
    pub(crate) span: Range<usize>,
}

/// What an [`Expr`] node is.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ExprKind {
    /// A number literal: finite, never negative (a leading `-` is [`ExprKind::Negate`]).
    Number(f64),
    /// A string literal, escapes resolved.
    Text(String),
    /// `true` or `false`.
    Bool(bool),
    /// `date("2020-01-31")`, as days since 1970-01-01.
    Date(i32),
    /// A column reference, as written (looked up exactly, then case-insensitively).
    Column(String),
    /// `not x` (also `!x`).
    Not(Box<Expr>),
    /// `-x`.
    Negate(Box<Expr>),
    /// Arithmetic, a comparison, `and` or `or`.
    Binary {
        /// The operator.
        op: BinaryOp,
        /// Left operand.
        left: Box<Expr>,
        /// Right operand.
        right: Box<Expr>,
    },
    /// `x in [..]` or `x not in [..]`; the items are literals.
    InList {
        /// The value looked up.
        value: Box<Expr>,
        /// The literal items (at least one).
        items: Vec<Expr>,
        /// `true` for `not in`.
        negated: bool,
    },
    /// `x is missing` or `x is not missing`.
    IsMissing {
        /// The value tested.
        value: Box<Expr>,
        /// `true` for `is not missing`.
        negated: bool,
    },
    /// `x is true`, `x is false`, `x is not true`, `x is not false`: as in SQL, never
    /// unknown (a missing `x` is neither true nor false).
    IsBool {
        /// The condition tested.
        value: Box<Expr>,
        /// `true` for `is true` / `is not true`.
        expected: bool,
        /// `true` for `is not ...`.
        negated: bool,
    },
    /// `x like "pattern"` or `x not like "pattern"`: `%` stands for any run of characters,
    /// `_` for exactly one; the rest must match exactly (case included).
    Like {
        /// The text matched.
        value: Box<Expr>,
        /// The pattern, as written in the rule's string literal.
        pattern: String,
        /// `true` for `not like`.
        negated: bool,
    },
    /// A row-wise function call.
    Call {
        /// Which function.
        function: Function,
        /// Its arguments (arity already checked).
        args: Vec<Expr>,
    },
    /// An aggregate over every row of the table, computed once.
    Aggregate {
        /// Which aggregate.
        function: Aggregate,
        /// The aggregated expression, evaluated on every row.
        arg: Box<Expr>,
    },
}

/// Infix operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BinaryOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/` (division by zero gives missing)
    Div,
    /// `==` (also `=`)
    Eq,
    /// `!=` (also `<>`)
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `and` (also `&&`)
    And,
    /// `or` (also `||`)
    Or,
}

/// Binding strength, weakest first. Shared by the parser's structure, the canonical printer
/// and the checker's hints, so the three cannot disagree.
pub(crate) mod precedence {
    pub const OR: u8 = 1;
    pub const AND: u8 = 2;
    /// `not`: looser than comparisons, as in SQL and Python (`not a == b` is `not (a == b)`).
    pub const NOT: u8 = 3;
    /// Comparisons, `in`, `is missing`, `is true`, `like`: non-associative.
    pub const COMPARISON: u8 = 4;
    pub const ADDITIVE: u8 = 5;
    pub const MULTIPLICATIVE: u8 = 6;
    /// Unary `-`.
    pub const PREFIX: u8 = 7;
    pub const ATOM: u8 = 8;
}

impl BinaryOp {
    /// The canonical spelling.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::And => "and",
            BinaryOp::Or => "or",
        }
    }

    /// Whether the operator compares two values.
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge
        )
    }

    /// Whether the operator is `+ - * /`.
    pub fn is_arithmetic(self) -> bool {
        matches!(self, BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div)
    }

    pub(crate) fn precedence(self) -> u8 {
        match self {
            BinaryOp::Or => precedence::OR,
            BinaryOp::And => precedence::AND,
            BinaryOp::Add | BinaryOp::Sub => precedence::ADDITIVE,
            BinaryOp::Mul | BinaryOp::Div => precedence::MULTIPLICATIVE,
            _ => precedence::COMPARISON,
        }
    }
}

/// Row-wise functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Function {
    /// `lower(text)`
    Lower,
    /// `upper(text)`
    Upper,
    /// `contains(text, "sub")` (substring) or `contains(tags, "label")` (membership).
    Contains,
    /// `starts_with(text, "prefix")`
    StartsWith,
    /// `ends_with(text, "suffix")`
    EndsWith,
    /// `len(text)`: length in characters.
    Len,
    /// `abs(number)`
    Abs,
    /// `coalesce(a, b, ...)`: the first argument that is not missing.
    Coalesce,
}

impl Function {
    const ALL: [Function; 8] = [
        Function::Lower,
        Function::Upper,
        Function::Contains,
        Function::StartsWith,
        Function::EndsWith,
        Function::Len,
        Function::Abs,
        Function::Coalesce,
    ];

    /// The name used in rules.
    pub fn name(self) -> &'static str {
        match self {
            Function::Lower => "lower",
            Function::Upper => "upper",
            Function::Contains => "contains",
            Function::StartsWith => "starts_with",
            Function::EndsWith => "ends_with",
            Function::Len => "len",
            Function::Abs => "abs",
            Function::Coalesce => "coalesce",
        }
    }

    /// The function called `name` (case-insensitive).
    pub fn from_name(name: &str) -> Option<Function> {
        Function::ALL.into_iter().find(|f| f.name().eq_ignore_ascii_case(name))
    }

    /// A call that works, for messages.
    pub(crate) fn example(self) -> &'static str {
        match self {
            Function::Lower => "lower(country) == \"japan\"",
            Function::Upper => "upper(country) == \"JAPAN\"",
            Function::Contains => "contains(name, \"Inc\")",
            Function::StartsWith => "starts_with(name, \"Acme\")",
            Function::EndsWith => "ends_with(name, \"Ltd\")",
            Function::Len => "len(name) > 3",
            Function::Abs => "abs(balance) > 100",
            Function::Coalesce => "coalesce(employees, 0)",
        }
    }

    /// Smallest and largest number of arguments (`None`: unbounded).
    pub(crate) fn arity(self) -> (usize, Option<usize>) {
        match self {
            Function::Lower | Function::Upper | Function::Len | Function::Abs => (1, Some(1)),
            Function::Contains | Function::StartsWith | Function::EndsWith => (2, Some(2)),
            Function::Coalesce => (2, None),
        }
    }
}

/// Aggregates over a whole column (every row of the table, whatever the rule selects).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Aggregate {
    /// `p0` .. `p100`: percentile with linear interpolation (numpy's default, SQL's
    /// `percentile_cont`).
    Percentile(u8),
    /// `median(x)`, the same as `p50(x)`.
    Median,
    /// `mean(x)`
    Mean,
    /// `min(x)` (numbers, dates, datetimes)
    Min,
    /// `max(x)` (numbers, dates, datetimes)
    Max,
    /// `sum(x)`
    Sum,
    /// `count(x)`: how many rows are not missing.
    Count,
}

impl Aggregate {
    /// The name used in rules, e.g. `p75` or `median`.
    pub fn name(self) -> String {
        match self {
            Aggregate::Percentile(p) => format!("p{p}"),
            Aggregate::Median => "median".into(),
            Aggregate::Mean => "mean".into(),
            Aggregate::Min => "min".into(),
            Aggregate::Max => "max".into(),
            Aggregate::Sum => "sum".into(),
            Aggregate::Count => "count".into(),
        }
    }

    /// The aggregate called `name` (case-insensitive); `pNN` for `NN` in 0..=100.
    pub fn from_name(name: &str) -> Option<Aggregate> {
        let lower = name.to_ascii_lowercase();
        let fixed = match lower.as_str() {
            "median" => Some(Aggregate::Median),
            "mean" => Some(Aggregate::Mean),
            "min" => Some(Aggregate::Min),
            "max" => Some(Aggregate::Max),
            "sum" => Some(Aggregate::Sum),
            "count" => Some(Aggregate::Count),
            _ => None,
        };
        fixed.or_else(|| {
            let digits = lower.strip_prefix('p')?;
            // At most three digits so that `p0075` or absurd lengths are not percentiles.
            if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            let value: u8 = digits.parse().ok()?;
            (value <= 100).then_some(Aggregate::Percentile(value))
        })
    }
}

/// Every function name, for "unknown function" messages.
pub(crate) fn known_function_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Function::ALL.iter().map(|f| f.name()).collect();
    names.extend(["date", "median", "mean", "min", "max", "sum", "count", "p0..p100"]);
    names.sort_unstable();
    names
}

impl PartialEq for Expr {
    /// Structural equality; source positions are ignored.
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind
    }
}

impl Expr {
    pub(crate) fn new(kind: ExprKind, span: Range<usize>) -> Self {
        Expr { kind, span }
    }

    /// What this node is.
    pub fn kind(&self) -> &ExprKind {
        &self.kind
    }

    /// Byte range of this node in the source it was parsed from.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// The direct sub-expressions, left to right.
    pub(crate) fn children(&self) -> Vec<&Expr> {
        match &self.kind {
            ExprKind::Number(_)
            | ExprKind::Text(_)
            | ExprKind::Bool(_)
            | ExprKind::Date(_)
            | ExprKind::Column(_) => Vec::new(),
            ExprKind::Not(x) | ExprKind::Negate(x) => vec![x],
            ExprKind::Binary { left, right, .. } => vec![left, right],
            ExprKind::InList { value, items, .. } => {
                std::iter::once(&**value).chain(items.iter()).collect()
            }
            ExprKind::IsMissing { value, .. }
            | ExprKind::IsBool { value, .. }
            | ExprKind::Like { value, .. } => vec![value],
            ExprKind::Call { args, .. } => args.iter().collect(),
            ExprKind::Aggregate { arg, .. } => vec![arg],
        }
    }

    /// The columns the rule refers to, each once, in order of first mention, spelled as in
    /// the rule.
    pub fn columns(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        // Depth-first, left to right, with an explicit stack (children pushed in reverse).
        let mut stack = vec![self];
        while let Some(expr) = stack.pop() {
            if let ExprKind::Column(name) = &expr.kind
                && !names.contains(name)
            {
                names.push(name.clone());
            }
            stack.extend(expr.children().into_iter().rev());
        }
        names
    }

    /// Longest path from this node to a leaf, computed without recursion so that it is safe
    /// on any tree (the parser uses it to reject trees too deep for the recursive passes).
    pub(crate) fn depth(&self) -> usize {
        let mut deepest = 0;
        let mut stack = vec![(self, 1)];
        while let Some((expr, depth)) = stack.pop() {
            deepest = deepest.max(depth);
            stack.extend(expr.children().into_iter().map(|c| (c, depth + 1)));
        }
        deepest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_names_parse_only_in_range() {
        assert_eq!(Aggregate::from_name("p75"), Some(Aggregate::Percentile(75)));
        assert_eq!(Aggregate::from_name("P0"), Some(Aggregate::Percentile(0)));
        assert_eq!(Aggregate::from_name("p100"), Some(Aggregate::Percentile(100)));
        assert_eq!(Aggregate::from_name("p101"), None);
        assert_eq!(Aggregate::from_name("p"), None);
        assert_eq!(Aggregate::from_name("p7a"), None);
        assert_eq!(Aggregate::from_name("p0075"), None);
        assert_eq!(Aggregate::from_name("MEDIAN"), Some(Aggregate::Median));
        assert_eq!(Aggregate::Percentile(5).name(), "p5");
    }

    #[test]
    fn function_names_are_case_insensitive() {
        assert_eq!(Function::from_name("Starts_With"), Some(Function::StartsWith));
        assert_eq!(Function::from_name("lowercase"), None);
        assert!(known_function_names().contains(&"coalesce"));
    }

    #[test]
    fn columns_are_listed_once_in_order() {
        let e = Expr::parse("b > a and (c or b) and p75(a) < 3").unwrap();
        assert_eq!(e.columns(), ["b", "a", "c"]);
    }

    #[test]
    fn equality_ignores_positions() {
        assert_eq!(Expr::parse("a>1").unwrap(), Expr::parse("  a  >  1 ").unwrap());
        assert_ne!(Expr::parse("a > 1").unwrap(), Expr::parse("a >= 1").unwrap());
    }
}
