//! Checking a rule against a table: every column exists and every operand has a usable type.
//!
//! Types come from how each column is stored (numbers, booleans, dates, datetimes, labels or
//! strings, tags), which is exactly what evaluation reads, so a rule that checks cannot hit a
//! type mismatch while running.

use std::fmt;

use icp_frame::{Column, ColumnData, Frame};

use crate::ast::{Aggregate, BinaryOp, Expr, ExprKind, Function};
use crate::display::{column_reference, format_number};
use crate::error::{RuleError, closest};

/// The type of a rule, or of a part of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueType {
    /// A number.
    Number,
    /// True or false (comparisons, `and`, `is missing`, boolean columns).
    Boolean,
    /// A calendar date.
    Date,
    /// A date with a time of day.
    DateTime,
    /// A string: categorical, text and identifier columns, string literals.
    Text,
    /// Several labels per row (a tags column).
    Tags,
}

impl ValueType {
    /// The type of a column's values, from how they are stored.
    pub fn of_column(column: &Column) -> ValueType {
        match column.data {
            ColumnData::Number(_) => ValueType::Number,
            ColumnData::Bool(_) => ValueType::Boolean,
            ColumnData::Date(_) => ValueType::Date,
            ColumnData::DateTime(_) => ValueType::DateTime,
            ColumnData::Cat { .. } | ColumnData::Str(_) => ValueType::Text,
            ColumnData::Tags(_) => ValueType::Tags,
        }
    }

    /// Lower-case name, as in messages.
    pub fn name(self) -> &'static str {
        match self {
            ValueType::Number => "number",
            ValueType::Boolean => "boolean",
            ValueType::Date => "date",
            ValueType::DateTime => "datetime",
            ValueType::Text => "text",
            ValueType::Tags => "tags",
        }
    }

    /// "a number", "text", ... for sentences.
    fn with_article(self) -> &'static str {
        match self {
            ValueType::Number => "a number",
            ValueType::Boolean => "a boolean",
            ValueType::Date => "a date",
            ValueType::DateTime => "a datetime",
            ValueType::Text => "text",
            ValueType::Tags => "a list of tags",
        }
    }

    fn is_date_like(self) -> bool {
        matches!(self, ValueType::Date | ValueType::DateTime)
    }
}

impl fmt::Display for ValueType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Expr {
    /// Checks the rule against `frame`'s columns and returns the type of its result.
    ///
    /// Reports unknown columns (with a "did you mean" suggestion) and type errors, each
    /// located in the rule. A number column used as a condition must hold only 0, 1 or
    /// missing; that is checked against the data.
    pub fn check(&self, frame: &Frame) -> Result<ValueType, RuleError> {
        Checker { frame }.value(self)
    }

    /// Like [`Expr::check`], and also requires the rule to be a condition (a boolean, or a
    /// 0/1 number column), as golden rules, criteria and segments must be.
    pub fn check_condition(&self, frame: &Frame) -> Result<(), RuleError> {
        Checker { frame }.condition(self)
    }
}

/// What a literal means beside a yes/no value: `Some(Some(b))` for a spelling icp reads as
/// a boolean in the data (`"Yes"`, `"いいえ"`, `1`, any ASCII case; see
/// [`icp_io::parse::parse_bool`]), `Some(None)` for another string or number, `None` for
/// anything that is not such a literal.
pub(crate) fn boolean_spelling(expr: &Expr) -> Option<Option<bool>> {
    match &expr.kind {
        ExprKind::Text(text) => Some(icp_io::parse::parse_bool(text.trim())),
        ExprKind::Number(x) if *x == 1.0 => Some(Some(true)),
        ExprKind::Number(x) if *x == 0.0 => Some(Some(false)),
        ExprKind::Number(_) => Some(None),
        _ => None,
    }
}

/// The error for a string or number beside a yes/no value that is not a yes/no spelling,
/// listing the spellings that work.
fn not_a_boolean_spelling(literal: &Expr, other: &Expr) -> RuleError {
    let pairs: Vec<String> = icp_io::parse::TRUE_SPELLINGS
        .iter()
        .zip(icp_io::parse::FALSE_SPELLINGS)
        .map(|(yes, no)| format!("{yes}/{no}"))
        .collect();
    let reference = match &other.kind {
        ExprKind::Column(name) => column_reference(name),
        _ => "x".to_string(),
    };
    RuleError::new(
        format!(
            "{} is yes/no, and `{literal}` is not a yes/no value; write one of {} \
             (any case), e.g. `{reference} == \"yes\"` or `{reference} is true`",
            subject(other).trim_end_matches(" is").replace("this", "this value"),
            pairs.join(", ")
        ),
        literal.span(),
    )
}

pub(crate) struct Checker<'f> {
    frame: &'f Frame,
}

impl<'f> Checker<'f> {
    pub(crate) fn new(frame: &'f Frame) -> Self {
        Checker { frame }
    }
}

impl Checker<'_> {
    fn column(&self, name: &str, expr: &Expr) -> Result<&Column, RuleError> {
        self.frame.column(name).ok_or_else(|| {
            let names = self.frame.columns().iter().map(|c| c.name.as_str());
            // `x == null` is a habit from SQL; the column lookup is the first thing to fail.
            let suggestion = if ["missing", "null"].iter().any(|w| w.eq_ignore_ascii_case(name)) {
                "; to test for a missing value write `x is missing`".to_string()
            } else if let Some(close) = closest(name, names) {
                format!(" (did you mean `{close}`?)")
            } else {
                let columns = self.frame.columns();
                let shown: Vec<String> =
                    columns.iter().take(8).map(|c| column_reference(&c.name)).collect();
                let more = columns.len().saturating_sub(shown.len());
                let more = if more > 0 { format!(" and {more} more") } else { String::new() };
                if shown.is_empty() {
                    String::new()
                } else {
                    format!("; the columns are {}{more}", shown.join(", "))
                }
            };
            RuleError::new(format!("unknown column `{name}`{suggestion}"), expr.span())
        })
    }

    /// The type of `expr`, for callers that know it checks.
    pub(crate) fn type_of(&self, expr: &Expr) -> Option<ValueType> {
        self.value(expr).ok()
    }

    pub(crate) fn condition(&self, expr: &Expr) -> Result<(), RuleError> {
        let ty = self.value(expr)?;
        if self.is_condition(expr, ty) { Ok(()) } else { Err(not_a_condition(expr, ty)) }
    }

    fn is_condition(&self, expr: &Expr, ty: ValueType) -> bool {
        ty == ValueType::Boolean || (ty == ValueType::Number && self.is_zero_one_column(expr))
    }

    /// A number column holding only 0, 1 or missing reads as a yes/no flag.
    fn is_zero_one_column(&self, expr: &Expr) -> bool {
        let ExprKind::Column(name) = &expr.kind else { return false };
        let Some(ColumnData::Number(values)) = self.frame.column(name).map(|c| &c.data) else {
            return false;
        };
        values.iter().all(|&v| v.is_nan() || v == 0.0 || v == 1.0)
    }

    fn value(&self, expr: &Expr) -> Result<ValueType, RuleError> {
        use ValueType::{Boolean, Number};
        Ok(match &expr.kind {
            ExprKind::Number(_) => Number,
            ExprKind::Text(_) => ValueType::Text,
            ExprKind::Bool(_) => Boolean,
            ExprKind::Date(_) => ValueType::Date,
            ExprKind::Column(name) => ValueType::of_column(self.column(name, expr)?),
            ExprKind::Not(operand) => {
                let ty = self.value(operand)?;
                if !self.is_condition(operand, ty) {
                    return Err(not_a_condition(operand, ty));
                }
                Boolean
            }
            ExprKind::Negate(operand) => {
                self.expect_number(operand, "`-`")?;
                Number
            }
            ExprKind::Binary { op: BinaryOp::And | BinaryOp::Or, left, right } => {
                self.condition(left)?;
                self.condition(right)?;
                Boolean
            }
            ExprKind::Binary { op, left, right } if op.is_arithmetic() => {
                let what = format!("`{}`", op.symbol());
                self.expect_number(left, &what)?;
                self.expect_number(right, &what)?;
                Number
            }
            ExprKind::Binary { left, right, .. } => {
                self.comparison(expr, left, right)?;
                Boolean
            }
            ExprKind::InList { value, items, .. } => {
                let value_type = self.value(value)?;
                if value_type == ValueType::Tags {
                    return Err(several_labels(value));
                }
                for item in items {
                    let item_type = self.value(item)?;
                    if value_type == Boolean
                        && let Some(spelling) = boolean_spelling(item)
                    {
                        if spelling.is_none() {
                            return Err(not_a_boolean_spelling(item, value));
                        }
                        continue;
                    }
                    if !comparable(value_type, item_type) {
                        return Err(RuleError::new(
                            format!(
                                "this item is {}, but {} {}{}",
                                item_type.with_article(),
                                subject(value),
                                value_type.with_article(),
                                literal_hint(item, value_type)
                            ),
                            item.span(),
                        ));
                    }
                }
                Boolean
            }
            ExprKind::IsMissing { value, .. } => {
                self.value(value)?;
                Boolean
            }
            ExprKind::IsBool { value, expected, .. } => {
                let ty = self.value(value)?;
                if !self.is_condition(value, ty) {
                    let mut err = not_a_condition(value, ty);
                    if let ExprKind::Column(name) = &value.kind {
                        err.message = format!(
                            "`is {expected}` needs a yes/no value, but `{name}` is a {} \
                             column; compare it instead, e.g. {}",
                            ty.name(),
                            comparison_example(name, ty)
                        );
                    }
                    return Err(err);
                }
                Boolean
            }
            ExprKind::Like { value, .. } => {
                let ty = self.value(value)?;
                if ty == ValueType::Tags {
                    return Err(several_labels(value));
                }
                if ty != ValueType::Text {
                    return Err(RuleError::new(
                        format!(
                            "`like` needs text, but {} {}; compare it instead, e.g. {}",
                            subject(value),
                            ty.with_article(),
                            match &value.kind {
                                ExprKind::Column(name) => comparison_example(name, ty),
                                _ => "`x >= 100`".to_string(),
                            }
                        ),
                        value.span(),
                    ));
                }
                Boolean
            }
            ExprKind::Call { function, args } => self.call(*function, args)?,
            ExprKind::Aggregate { function, arg } => self.aggregate(*function, arg)?,
        })
    }

    fn expect_number(&self, operand: &Expr, what: &str) -> Result<(), RuleError> {
        let ty = self.value(operand)?;
        if ty == ValueType::Number {
            return Ok(());
        }
        let mut hint = literal_hint(operand, ValueType::Number);
        if hint.is_empty() {
            hint = "; use a number column or a number there, e.g. `won_value * 2`".to_string();
        }
        Err(RuleError::new(
            format!("{what} needs a number, but {} {}{hint}", subject(operand), ty.with_article()),
            operand.span(),
        ))
    }

    /// `operand` must have one of the `allowed` types; `example` is a use that works.
    fn expect_type(
        &self,
        operand: &Expr,
        allowed: &[ValueType],
        what: &str,
        example: &str,
    ) -> Result<ValueType, RuleError> {
        let ty = self.value(operand)?;
        if allowed.contains(&ty) {
            return Ok(ty);
        }
        let wanted: Vec<&str> = allowed.iter().map(|t| t.with_article()).collect();
        let mut hint = allowed
            .iter()
            .map(|&t| literal_hint(operand, t))
            .find(|h| !h.is_empty())
            .unwrap_or_default();
        if hint.is_empty() {
            hint = format!("; e.g. `{example}`");
        }
        Err(RuleError::new(
            format!(
                "{what} needs {}, but {} {}{hint}",
                wanted.join(" or "),
                subject(operand),
                ty.with_article()
            ),
            operand.span(),
        ))
    }

    fn comparison(&self, expr: &Expr, left: &Expr, right: &Expr) -> Result<(), RuleError> {
        let left_type = self.value(left)?;
        let right_type = self.value(right)?;
        for (side, ty) in [(left, left_type), (right, right_type)] {
            if ty == ValueType::Tags {
                return Err(several_labels(side));
            }
        }
        if comparable(left_type, right_type) {
            return Ok(());
        }
        // A yes/no value beside a spelling from the data: `Purchase == "Yes"`, `won == 1`.
        for (side, other, other_type) in [(right, left, left_type), (left, right, right_type)] {
            if other_type == ValueType::Boolean
                && let Some(spelling) = boolean_spelling(side)
            {
                return match spelling {
                    Some(_) => Ok(()),
                    None => Err(not_a_boolean_spelling(side, other)),
                };
            }
        }
        // The classic mistake: `signup >= "2020-01-01"`. Point at the string and show the fix.
        for (side, ty, other) in [(left, left_type, right_type), (right, right_type, left_type)] {
            if let ExprKind::Text(text) = &side.kind
                && other.is_date_like()
            {
                let example =
                    if icp_frame::parse_iso_day(text).is_some() { text } else { "YYYY-MM-DD" };
                return Err(RuleError::new(
                    format!(
                        "cannot compare {} with {}; write the date as date(\"{example}\")",
                        other.with_article(),
                        ty.with_article()
                    ),
                    side.span(),
                ));
            }
        }
        // A literal of the wrong type: point at it and show the spelling that works.
        for (side, side_type, other_type) in
            [(right, right_type, left_type), (left, left_type, right_type)]
        {
            let hint = literal_hint(side, other_type);
            if !hint.is_empty() {
                return Err(RuleError::new(
                    format!(
                        "cannot compare {} with {}{hint}",
                        other_type.with_article(),
                        side_type.with_article()
                    ),
                    side.span(),
                ));
            }
        }
        let example = match (&left.kind, &right.kind) {
            (ExprKind::Column(name), _) => comparison_example(name, left_type),
            (_, ExprKind::Column(name)) => comparison_example(name, right_type),
            _ => "`employees >= 50` or `country == \"Japan\"`".to_string(),
        };
        Err(RuleError::new(
            format!(
                "cannot compare {} with {}; compare values of one type, e.g. {example}",
                left_type.with_article(),
                right_type.with_article()
            ),
            expr.span(),
        ))
    }

    fn call(&self, function: Function, args: &[Expr]) -> Result<ValueType, RuleError> {
        use ValueType::{Boolean, Number, Tags, Text};
        let what = format!("{}()", function.name());
        let example = function.example();
        Ok(match function {
            Function::Lower | Function::Upper => {
                self.expect_type(&args[0], &[Text], &what, example)?;
                Text
            }
            Function::Len => {
                self.expect_type(&args[0], &[Text], &what, example)?;
                Number
            }
            Function::Abs => {
                self.expect_type(&args[0], &[Number], &what, example)?;
                Number
            }
            Function::Contains => {
                self.expect_type(&args[0], &[Text, Tags], &what, example)?;
                self.expect_type(&args[1], &[Text], "the value looked for", example)?;
                Boolean
            }
            Function::StartsWith | Function::EndsWith => {
                self.expect_type(&args[0], &[Text], &what, example)?;
                self.expect_type(&args[1], &[Text], &what, example)?;
                Boolean
            }
            Function::Coalesce => {
                let first = self.value(&args[0])?;
                if first == Tags {
                    return Err(several_labels(&args[0]));
                }
                for arg in &args[1..] {
                    let ty = self.value(arg)?;
                    if ty != first {
                        return Err(RuleError::new(
                            format!(
                                "coalesce() needs arguments of one type: the first is {}, \
                                 but this one is {}{}",
                                first.with_article(),
                                ty.with_article(),
                                match literal_hint(arg, first) {
                                    hint if hint.is_empty() => {
                                        "; e.g. `coalesce(employees, 0)`".to_string()
                                    }
                                    hint => hint,
                                }
                            ),
                            arg.span(),
                        ));
                    }
                }
                first
            }
        })
    }

    fn aggregate(&self, function: Aggregate, arg: &Expr) -> Result<ValueType, RuleError> {
        use ValueType::{Date, DateTime, Number};
        let what = format!("{}()", function.name());
        Ok(match function {
            Aggregate::Count => {
                self.value(arg)?;
                Number
            }
            Aggregate::Min | Aggregate::Max => {
                let example = format!("{}(won_value)", function.name());
                self.expect_type(arg, &[Number, Date, DateTime], &what, &example)?
            }
            Aggregate::Percentile(_) | Aggregate::Median | Aggregate::Mean | Aggregate::Sum => {
                let ty = self.value(arg)?;
                if ty != Number {
                    let dates = if ty.is_date_like() {
                        "; for dates use min() or max(), e.g. `signup >= min(signup)`"
                    } else {
                        ""
                    };
                    return Err(RuleError::new(
                        format!(
                            "{what} needs a number, but {} {}; e.g. `{}(won_value)`{dates}",
                            subject(arg),
                            ty.with_article(),
                            function.name()
                        ),
                        arg.span(),
                    ));
                }
                Number
            }
        })
    }
}

/// How to write the literal `side` so that it compares with a value of type `wanted`, as
/// "; ..." to append to a message, or empty when there is no such spelling.
fn literal_hint(side: &Expr, wanted: ValueType) -> String {
    match (&side.kind, wanted) {
        (ExprKind::Text(text), ValueType::Number) => {
            match icp_io::parse::parse_number(text.trim(), icp_io::parse::DecimalStyle::Point) {
                icp_io::parse::NumberCell::Finite(x) if x >= 0.0 => {
                    format!("; write the number without quotes, e.g. `{}`", format_number(x))
                }
                icp_io::parse::NumberCell::Finite(x) => {
                    format!("; write the number without quotes, e.g. `-{}`", format_number(-x))
                }
                _ => String::new(),
            }
        }
        (ExprKind::Number(_) | ExprKind::Bool(_), ValueType::Text) => {
            format!("; put the value in quotes, e.g. `{}`", crate::quote_text(&side.to_string()))
        }
        (ExprKind::Negate(inner), ValueType::Text) if matches!(inner.kind, ExprKind::Number(_)) => {
            format!("; put the value in quotes, e.g. `{}`", crate::quote_text(&side.to_string()))
        }
        (ExprKind::Number(_) | ExprKind::Text(_), ValueType::Date | ValueType::DateTime) => {
            "; write the date as date(\"YYYY-MM-DD\"), e.g. date(\"2020-01-31\")".to_string()
        }
        (ExprKind::Text(_) | ExprKind::Number(_) | ExprKind::Date(_), ValueType::Boolean) => {
            "; compare a yes/no value with true or false, e.g. `x == true` or `x is true`"
                .to_string()
        }
        _ => String::new(),
    }
}

/// A comparison that works for the column `name` of type `ty`, in backquotes.
fn comparison_example(name: &str, ty: ValueType) -> String {
    let reference = column_reference(name);
    match ty {
        ValueType::Number => format!("`{reference} > 0`"),
        ValueType::Boolean => format!("`{reference} == true`"),
        ValueType::Date | ValueType::DateTime => {
            format!("`{reference} >= date(\"2020-01-01\")`")
        }
        ValueType::Text => format!("`{reference} == \"...\"`"),
        ValueType::Tags => format!("`\"label\" in {reference}`"),
    }
}

/// Types that can be compared with each other (dates with datetimes: a date is midnight).
fn comparable(a: ValueType, b: ValueType) -> bool {
    a == b || (a.is_date_like() && b.is_date_like())
}

/// Whether `expr` prints without parentheses as an operand of a comparison.
fn binding_is_atom(expr: &Expr) -> bool {
    matches!(
        expr.kind,
        ExprKind::Number(_)
            | ExprKind::Text(_)
            | ExprKind::Bool(_)
            | ExprKind::Date(_)
            | ExprKind::Column(_)
            | ExprKind::Call { .. }
            | ExprKind::Aggregate { .. }
    )
}

/// "`amount` is" for a column, "this is" for anything else.
fn subject(expr: &Expr) -> String {
    match &expr.kind {
        ExprKind::Column(name) => format!("`{name}` is"),
        _ => "this is".to_string(),
    }
}

fn several_labels(expr: &Expr) -> RuleError {
    let example = match &expr.kind {
        ExprKind::Column(name) => column_reference(name),
        _ => "tags".to_string(),
    };
    RuleError::new(
        format!(
            "{} several labels per row; test one label with `\"label\" in {example}`",
            subject(expr).replace(" is", " holds")
        ),
        expr.span(),
    )
}

fn not_a_condition(expr: &Expr, ty: ValueType) -> RuleError {
    let message = match &expr.kind {
        ExprKind::Column(name) => {
            let reference = column_reference(name);
            let example = match ty {
                ValueType::Number => {
                    return RuleError::new(
                        format!(
                            "`{name}` is a number column with values other than 0 and 1, so \
                             it is not a condition; compare it instead, e.g. `{reference} > 0`"
                        ),
                        expr.span(),
                    );
                }
                ValueType::Tags => format!("`\"label\" in {reference}`"),
                ValueType::Date | ValueType::DateTime => {
                    format!("`{reference} >= date(\"2020-01-01\")`")
                }
                _ => format!("`{reference} == \"...\"`"),
            };
            format!(
                "`{name}` is a {} column, not a condition; compare it instead, e.g. {example}",
                ty.name()
            )
        }
        _ => format!(
            "expected a condition here, but this is {}; compare it, e.g. `{} > 0`",
            ty.with_article(),
            if binding_is_atom(expr) { expr.to_string() } else { format!("({expr})") }
        ),
    };
    RuleError::new(message, expr.span())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_frame::sample;

    fn check(src: &str) -> Result<ValueType, RuleError> {
        Expr::parse(src).unwrap_or_else(|e| panic!("{}", e.render(src))).check(&sample())
    }

    /// The error for `src`, with the text its span covers.
    fn error(src: &str) -> (String, String) {
        let err = check(src).expect_err(src);
        (err.message, src[err.span].to_string())
    }

    #[test]
    fn result_types() {
        let cases = [
            ("won_value / employees", ValueType::Number),
            ("won and not churned", ValueType::Boolean),
            ("lower(lead_source)", ValueType::Text),
            ("signup", ValueType::Date),
            ("max(created_at)", ValueType::DateTime),
            ("min(signup)", ValueType::Date),
            ("count(tags)", ValueType::Number),
            ("coalesce(won_value, 0)", ValueType::Number),
            ("tags", ValueType::Tags),
            ("`Lead Source` in [\"Web\"]", ValueType::Boolean),
            ("業種 == \"製造\"", ValueType::Boolean),
            ("created_at >= date(\"2020-01-01\")", ValueType::Boolean),
            ("WON_VALUE > 1", ValueType::Boolean),
            ("name contains \"Inc\"", ValueType::Boolean),
            ("won_value is missing", ValueType::Boolean),
        ];
        for (src, expected) in cases {
            assert_eq!(check(src), Ok(expected), "{src}");
        }
    }

    #[test]
    fn unknown_columns_suggest_a_close_name() {
        let src = "won and won_valu >= p75(won_value)";
        let err = check(src).unwrap_err();
        assert_eq!(err.message, "unknown column `won_valu` (did you mean `won_value`?)");
        assert_eq!(err.span, 8..16);
        assert_eq!(
            err.render(src),
            "error in rule: unknown column `won_valu` (did you mean `won_value`?)\n  \
             won and won_valu >= p75(won_value)\n          ^^^^^^^^"
        );
        assert_eq!(
            error("lead_sorce == 'Web'"),
            (
                "unknown column `lead_sorce` (did you mean `lead_source`?)".into(),
                "lead_sorce".into()
            )
        );
        assert_eq!(
            error("`Lead Sorce` == 'Web'"),
            (
                "unknown column `Lead Sorce` (did you mean `Lead Source`?)".into(),
                "`Lead Sorce`".into()
            )
        );
        assert_eq!(
            error("revenue > 1"),
            (
                "unknown column `revenue`; the columns are won, churned, flag, won_value, \
                 employees, lead_source, `Lead Source`, 業種 and 4 more"
                    .into(),
                "revenue".into()
            )
        );
        assert_eq!(
            error("won_value == NULL"),
            (
                "unknown column `NULL`; to test for a missing value write `x is missing`".into(),
                "NULL".into()
            )
        );
    }

    #[test]
    fn type_errors_point_at_the_operand() {
        let cases: [(&str, &str, &str); 20] = [
            (
                "signup >= \"2020-01-01\"",
                "cannot compare a date with text; write the date as date(\"2020-01-01\")",
                "\"2020-01-01\"",
            ),
            (
                "'soon' < created_at",
                "cannot compare a datetime with text; write the date as date(\"YYYY-MM-DD\")",
                "'soon'",
            ),
            (
                "signup == name",
                "cannot compare a date with text; compare values of one type, e.g. `signup >= date(\"2020-01-01\")`",
                "signup == name",
            ),
            (
                "won_value > won",
                "cannot compare a number with a boolean; compare values of one type, e.g. `won_value > 0`",
                "won_value > won",
            ),
            (
                "lower(won_value) == 'x'",
                "lower() needs text, but `won_value` is a number; e.g. `lower(country) == \"japan\"`",
                "won_value",
            ),
            (
                "abs(name) > 1",
                "abs() needs a number, but `name` is text; e.g. `abs(balance) > 100`",
                "name",
            ),
            (
                "won and lead_source",
                "`lead_source` is a text column, not a condition; compare it instead, e.g. `lead_source == \"...\"`",
                "lead_source",
            ),
            (
                "employees or won",
                "`employees` is a number column with values other than 0 and 1, so it is not a condition; compare it instead, e.g. `employees > 0`",
                "employees",
            ),
            (
                "won and (1 + 2)",
                "expected a condition here, but this is a number; compare it, e.g. `(1 + 2) > 0`",
                "(1 + 2)",
            ),
            (
                "won and signup",
                "`signup` is a date column, not a condition; compare it instead, e.g. `signup >= date(\"2020-01-01\")`",
                "signup",
            ),
            (
                "tags == 'crm'",
                "`tags` holds several labels per row; test one label with `\"label\" in tags`",
                "tags",
            ),
            (
                "tags in ['crm']",
                "`tags` holds several labels per row; test one label with `\"label\" in tags`",
                "tags",
            ),
            (
                "lead_source in ['Web', 3]",
                "this item is a number, but `lead_source` is text; put the value in quotes, e.g. `\"3\"`",
                "3",
            ),
            (
                "employees + name > 3",
                "`+` needs a number, but `name` is text; use a number column or a number there, e.g. `won_value * 2`",
                "name",
            ),
            (
                "-signup",
                "`-` needs a number, but `signup` is a date; use a number column or a number there, e.g. `won_value * 2`",
                "signup",
            ),
            (
                "3 in tags",
                "the value looked for needs text, but this is a number; put the value in quotes, e.g. `\"3\"`",
                "3",
            ),
            (
                "coalesce(won_value, 'none') == 1",
                "coalesce() needs arguments of one type: the first is a number, but this one is text; e.g. `coalesce(employees, 0)`",
                "'none'",
            ),
            (
                "p75(signup) < signup",
                "p75() needs a number, but `signup` is a date; e.g. `p75(won_value)`; for dates use min() or max(), e.g. `signup >= min(signup)`",
                "signup",
            ),
            (
                "lead_source == 3",
                "cannot compare text with a number; put the value in quotes, e.g. `\"3\"`",
                "3",
            ),
            (
                "won_value >= '5,000円'",
                "cannot compare a number with text; write the number without quotes, e.g. `5000`",
                "'5,000円'",
            ),
        ];
        for (src, message, spanned) in cases {
            assert_eq!(error(src), (message.to_string(), spanned.to_string()), "{src}");
        }
        assert_eq!(
            error("max(name) == 'a'"),
            (
                "max() needs a number or a date or a datetime, but `name` is text; e.g. `max(won_value)`".into(),
                "name".into()
            )
        );
    }

    #[test]
    fn not_binds_looser_than_comparison_as_in_sql() {
        assert_eq!(check("not lead_source == 'Web'"), Ok(ValueType::Boolean));
        assert_eq!(
            Expr::parse("not lead_source == 'Web'"),
            Expr::parse("not (lead_source == 'Web')")
        );
        let (message, spanned) = error("not lead_source");
        assert!(
            message.starts_with("`lead_source` is a text column, not a condition"),
            "{message}"
        );
        assert_eq!(spanned, "lead_source");
    }

    #[test]
    fn zero_one_number_columns_are_conditions() {
        let frame = sample();
        assert_eq!(Expr::parse("flag and won").unwrap().check(&frame), Ok(ValueType::Boolean));
        assert!(Expr::parse("flag").unwrap().check_condition(&frame).is_ok());
        assert!(Expr::parse("not flag").unwrap().check_condition(&frame).is_ok());
        let err = Expr::parse("won_value").unwrap().check_condition(&frame).unwrap_err();
        assert!(err.message.contains("values other than 0 and 1"), "{}", err.message);
        let err = Expr::parse("won_value * 2").unwrap().check_condition(&frame).unwrap_err();
        assert_eq!(
            err.message,
            "expected a condition here, but this is a number; compare it, e.g. `(won_value * 2) > 0`"
        );
    }
}
