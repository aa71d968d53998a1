//! Translation to SQL, so that rules can run inside a warehouse.
//!
//! [`SqlOptions::dialect`] picks the engine ([`Dialect`]: quoting, string escapes, dates,
//! text functions, division, booleans and percentiles in its own spelling). By default the
//! output is generic, ANSI-flavoured SQL: identifiers in double quotes, strings in single
//! quotes, `DATE '2020-01-31'`, `IS NULL`, `IN (...)`, `POSITION(... IN ...)`, `CHAR_LENGTH`,
//! and aggregates as scalar subqueries over the whole table (`percentile_cont(q) WITHIN GROUP
//! (ORDER BY ...)` for percentiles). Compound sub-expressions are parenthesised, so the
//! dialect's operator precedence never matters. SQL's `NULL` logic is the rules' missing
//! logic, so the translation keeps the meaning; division is done in floating point and guarded
//! with `NULLIF(divisor, 0)`, as evaluation gives missing for a zero divisor. `x is true`
//! is `x IS TRUE` (and `IS NOT FALSE` …), `x like "a%"` is `x LIKE 'a%' ESCAPE '!'` (the
//! pattern's `%` and `_` keep their meaning), and a yes/no spelling beside a boolean column
//! (`Purchase == "Yes"`, `won == 1`) is `TRUE`/`FALSE` when the column kinds are known; without
//! them the string is written as it is, which is right for a warehouse column holding text.

use icp_frame::{Frame, Kind};

use crate::ast::{Aggregate, BinaryOp, Expr, ExprKind, Function};
use crate::check::boolean_spelling;
use crate::dialect::Dialect;
use crate::display::format_number;
use crate::error::{RuleError, closest};

/// Where and how a rule is translated to SQL.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SqlOptions {
    /// The table (or view) the rule runs against; aggregates such as `p75(x)` read it in a
    /// scalar subquery.
    pub table: String,
    /// The table's schema (or dataset), if it must be named: `"schema"."table"`.
    pub schema: Option<String>,
    /// The table's columns and kinds, when known. With them, column names resolve as
    /// [`Frame::column`] does and are written as spelled here, unknown columns are errors,
    /// `contains` / `in` on a tags column test whole labels (tags are assumed stored as one
    /// text value with `;` between labels), and a number column used as a condition becomes
    /// `"col" = 1`. Without them, names are written as in the rule and `contains` is a
    /// substring test.
    pub columns: Vec<(String, Kind)>,
    /// The SQL dialect written (generic ANSI SQL by default).
    pub dialect: Dialect,
}

impl SqlOptions {
    /// Options for rules over `table`, with no schema and no column information.
    pub fn new(table: impl Into<String>) -> Self {
        SqlOptions { table: table.into(), ..SqlOptions::default() }
    }

    /// Sets the schema the table lives in.
    pub fn with_schema(mut self, schema: impl Into<String>) -> Self {
        self.schema = Some(schema.into());
        self
    }

    /// Sets the SQL dialect.
    pub fn with_dialect(mut self, dialect: Dialect) -> Self {
        self.dialect = dialect;
        self
    }

    /// Takes the column names and kinds from `frame` (e.g. a sample of the warehouse table).
    pub fn with_columns_of(mut self, frame: &Frame) -> Self {
        self.columns = frame.columns().iter().map(|c| (c.name.clone(), c.kind)).collect();
        self
    }
}

impl Expr {
    /// The rule as a SQL value expression (for a `SELECT` list, e.g. a computed value).
    ///
    /// Fails only for unknown columns, when [`SqlOptions::columns`] is given. Types are not
    /// checked here: check the rule against a frame first ([`Expr::check`]).
    pub fn to_sql(&self, options: &SqlOptions) -> Result<String, RuleError> {
        SqlWriter { options }.value(self, false)
    }

    /// The rule as a SQL condition (for a `WHERE` clause or a `CASE WHEN`): like
    /// [`Expr::to_sql`], except that a bare number column becomes `"col" = 1`.
    pub fn to_sql_condition(&self, options: &SqlOptions) -> Result<String, RuleError> {
        SqlWriter { options }.condition(self, false)
    }
}

/// A SQL identifier: `"name"`, with embedded double quotes doubled. (For a column in a rule,
/// see [`quote_column`](crate::quote_column).)
pub fn quote_identifier(name: &str) -> String {
    Dialect::Ansi.quote_identifier(name)
}

/// A SQL string literal: `'text'`, with embedded single quotes doubled. (For a string in a
/// rule, see [`quote_text`](crate::quote_text).)
pub fn quote_string(text: &str) -> String {
    Dialect::Ansi.quote_string(text)
}

/// Parenthesises `sql` unless it is the whole expression.
fn wrap(nested: bool, sql: String) -> String {
    if nested { format!("({sql})") } else { sql }
}

struct SqlWriter<'o> {
    options: &'o SqlOptions,
}

impl SqlWriter<'_> {
    fn dialect(&self) -> Dialect {
        self.options.dialect
    }

    fn table(&self) -> String {
        self.dialect().quote_table(self.options.schema.as_deref(), &self.options.table)
    }

    /// The column's name as the table spells it, and its kind, if columns are known.
    fn resolve(&self, name: &str, expr: &Expr) -> Result<(String, Option<Kind>), RuleError> {
        let columns = &self.options.columns;
        if columns.is_empty() {
            return Ok((name.to_string(), None));
        }
        // The same lookup as `Frame::column`: exact, then ASCII case-insensitive.
        let found = columns
            .iter()
            .find(|(n, _)| n == name)
            .or_else(|| columns.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)));
        match found {
            Some((actual, kind)) => Ok((actual.clone(), Some(*kind))),
            None => {
                let suggestion = match closest(name, columns.iter().map(|(n, _)| n.as_str())) {
                    Some(close) => format!(" (did you mean `{close}`?)"),
                    None => {
                        let shown: Vec<String> = columns
                            .iter()
                            .take(8)
                            .map(|(n, _)| crate::display::column_reference(n))
                            .collect();
                        let more = columns.len() - shown.len();
                        let more =
                            if more > 0 { format!(" and {more} more") } else { String::new() };
                        format!("; the columns are {}{more}", shown.join(", "))
                    }
                };
                Err(RuleError::new(format!("unknown column `{name}`{suggestion}"), expr.span()))
            }
        }
    }

    fn sql_bool(&self, value: bool) -> String {
        self.dialect().bool_literal(value).to_string()
    }

    fn kind_of_column(&self, expr: &Expr) -> Result<Option<Kind>, RuleError> {
        match &expr.kind {
            ExprKind::Column(name) => Ok(self.resolve(name, expr)?.1),
            _ => Ok(None),
        }
    }

    /// Whether `expr` is known to be a yes/no value: a boolean column (when the columns are
    /// known) or a condition such as a comparison.
    fn is_boolean(&self, expr: &Expr) -> Result<bool, RuleError> {
        Ok(match &expr.kind {
            ExprKind::Column(_) => self.kind_of_column(expr)? == Some(Kind::Boolean),
            ExprKind::Bool(_)
            | ExprKind::Not(_)
            | ExprKind::InList { .. }
            | ExprKind::IsMissing { .. }
            | ExprKind::IsBool { .. }
            | ExprKind::Like { .. } => true,
            ExprKind::Binary { op, .. } => !op.is_arithmetic(),
            _ => false,
        })
    }

    /// `literal` as `TRUE`/`FALSE` when it is a yes/no spelling (`'Yes'`, `1`, `'はい'`)
    /// beside a yes/no value `other`, as evaluation reads it.
    fn boolean_spelling(&self, literal: &Expr, other: &Expr) -> Result<Option<bool>, RuleError> {
        if !matches!(literal.kind, ExprKind::Text(_) | ExprKind::Number(_)) {
            return Ok(None);
        }
        Ok(if self.is_boolean(other)? { boolean_spelling(literal).flatten() } else { None })
    }

    /// `expr` where SQL expects a boolean: a 0/1 number column reads as `"col" = 1`.
    fn condition(&self, expr: &Expr, nested: bool) -> Result<String, RuleError> {
        if self.kind_of_column(expr)? == Some(Kind::Number) {
            return Ok(wrap(nested, format!("{} = 1", self.value(expr, true)?)));
        }
        self.value(expr, nested)
    }

    fn value(&self, expr: &Expr, nested: bool) -> Result<String, RuleError> {
        Ok(match &expr.kind {
            ExprKind::Number(value) => format_number(*value),
            ExprKind::Text(text) => self.dialect().quote_string(text),
            ExprKind::Bool(value) => self.dialect().bool_literal(*value).to_string(),
            ExprKind::Date(days) => self.dialect().date_literal(*days),
            ExprKind::Column(name) => self.dialect().quote_identifier(&self.resolve(name, expr)?.0),
            ExprKind::Not(operand) => {
                wrap(nested, format!("NOT {}", self.condition(operand, true)?))
            }
            // Always parenthesised: `a - -1` would start a SQL comment.
            ExprKind::Negate(operand) => format!("(-{})", self.value(operand, true)?),
            ExprKind::Binary { op: op @ (BinaryOp::And | BinaryOp::Or), left, right } => {
                let keyword = if *op == BinaryOp::And { "AND" } else { "OR" };
                // `a AND b AND c` needs no inner parentheses.
                let same_op =
                    matches!(&left.kind, ExprKind::Binary { op: inner, .. } if inner == op);
                let left = self.condition(left, !same_op)?;
                wrap(nested, format!("{left} {keyword} {}", self.condition(right, true)?))
            }
            ExprKind::Binary { op: BinaryOp::Div, left, right } => wrap(
                nested,
                self.dialect().divide(&self.value(left, false)?, &self.value(right, false)?),
            ),
            ExprKind::Binary { op, left: left_expr, right: right_expr } => {
                let symbol = match op {
                    BinaryOp::Eq => "=",
                    BinaryOp::Ne => "<>",
                    other => other.symbol(),
                };
                let (mut left, mut right) =
                    (self.value(left_expr, true)?, self.value(right_expr, true)?);
                if let Some(b) = self.boolean_spelling(right_expr, left_expr)? {
                    right = self.sql_bool(b);
                } else if let Some(b) = self.boolean_spelling(left_expr, right_expr)? {
                    left = self.sql_bool(b);
                }
                wrap(nested, format!("{left} {symbol} {right}"))
            }
            ExprKind::InList { value, items, negated } => {
                let items: Vec<String> = items
                    .iter()
                    .map(|item| match self.boolean_spelling(item, value)? {
                        Some(b) => Ok(self.sql_bool(b)),
                        None => self.value(item, true),
                    })
                    .collect::<Result<_, _>>()?;
                let keyword = if *negated { "NOT IN" } else { "IN" };
                wrap(
                    nested,
                    format!("{} {keyword} ({})", self.value(value, true)?, items.join(", ")),
                )
            }
            ExprKind::IsMissing { value, negated } => {
                let test = if *negated { "IS NOT NULL" } else { "IS NULL" };
                wrap(nested, format!("{} {test}", self.value(value, true)?))
            }
            ExprKind::IsBool { value, expected, negated } => wrap(
                nested,
                self.dialect().is_bool(&self.condition(value, true)?, *expected, *negated),
            ),
            ExprKind::Like { value, pattern, negated } => {
                // `%` and `_` keep their meaning; only the escape character is escaped.
                let pattern = self.dialect().like_pattern(pattern);
                wrap(nested, self.dialect().like(&self.value(value, true)?, &pattern, *negated))
            }
            ExprKind::Call { function, args } => self.call(*function, args, nested)?,
            ExprKind::Aggregate { function, arg } => {
                let arg = self.value(arg, false)?;
                let fraction = match function {
                    Aggregate::Percentile(p) => Some(f64::from(*p) / 100.0),
                    Aggregate::Median => Some(0.5),
                    _ => None,
                };
                if let Some(fraction) = fraction {
                    let dialect = self.dialect();
                    return dialect
                        .percentile(&format_number(fraction), &arg, &self.table())
                        .ok_or_else(|| {
                            RuleError::new(
                                format!(
                                    "{dialect} has no exact percentile; compute `{}` once and \
                                     write the number into the rule",
                                    function.name()
                                ),
                                expr.span(),
                            )
                        });
                }
                let aggregate = match function {
                    Aggregate::Mean => format!("AVG({arg})"),
                    Aggregate::Min => format!("MIN({arg})"),
                    Aggregate::Max => format!("MAX({arg})"),
                    Aggregate::Sum => format!("SUM({arg})"),
                    _ => format!("COUNT({arg})"),
                };
                format!("(SELECT {aggregate} FROM {})", self.table())
            }
        })
    }

    fn call(&self, function: Function, args: &[Expr], nested: bool) -> Result<String, RuleError> {
        let arg = |i: usize| self.value(&args[i], false);
        Ok(match function {
            Function::Lower => format!("LOWER({})", arg(0)?),
            Function::Upper => format!("UPPER({})", arg(0)?),
            Function::Len => self.dialect().char_length(&arg(0)?),
            Function::Abs => format!("ABS({})", arg(0)?),
            Function::Coalesce => {
                let args: Vec<String> = (0..args.len()).map(arg).collect::<Result<_, _>>()?;
                format!("COALESCE({})", args.join(", "))
            }
            Function::Contains if self.kind_of_column(&args[0])? == Some(Kind::Tags) => {
                // Delimit both sides with `;` so that only whole labels match.
                let dialect = self.dialect();
                let label = match &args[1].kind {
                    ExprKind::Text(label) => dialect.quote_string(&format!(";{label};")),
                    _ => format!("';' || {} || ';'", arg(1)?),
                };
                let labels = dialect.delimited_tags(&arg(0)?);
                wrap(nested, format!("{} > 0", dialect.position(&label, &labels)))
            }
            Function::Contains => {
                wrap(nested, format!("{} > 0", self.dialect().position(&arg(1)?, &arg(0)?)))
            }
            Function::StartsWith | Function::EndsWith => {
                let text = self.value(&args[0], true)?;
                let starts = function == Function::StartsWith;
                let dialect = self.dialect();
                let test = match (&args[1].kind, starts) {
                    (ExprKind::Text(prefix), true) => {
                        dialect.like(&text, &format!("{}%", dialect.like_literal(prefix)), false)
                    }
                    (ExprKind::Text(suffix), false) => {
                        dialect.like(&text, &format!("%{}", dialect.like_literal(suffix)), false)
                    }
                    // A computed needle cannot be escaped for LIKE; compare positions instead.
                    (_, true) => format!("{} = 1", dialect.position(&arg(1)?, &arg(0)?)),
                    (_, false) => dialect.ends_with(&arg(0)?, &arg(1)?),
                };
                wrap(nested, test)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_frame::sample;

    fn sql(src: &str) -> String {
        Expr::parse(src).unwrap().to_sql(&SqlOptions::new("crm")).unwrap()
    }

    fn sql_with_columns(src: &str) -> String {
        let options = SqlOptions::new("accounts").with_schema("sales").with_columns_of(&sample());
        Expr::parse(src).unwrap().to_sql_condition(&options).unwrap()
    }

    #[test]
    fn golden_rule_with_a_percentile() {
        assert_eq!(
            sql("won and won_value >= p75(won_value)"),
            "\"won\" AND (\"won_value\" >= (SELECT percentile_cont(0.75) WITHIN GROUP \
             (ORDER BY \"won_value\") FROM \"crm\"))"
        );
        assert_eq!(
            sql("x > median(x) or x < p5(x)"),
            "(\"x\" > (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY \"x\") FROM \"crm\")) \
             OR (\"x\" < (SELECT percentile_cont(0.05) WITHIN GROUP (ORDER BY \"x\") FROM \"crm\"))"
        );
        assert_eq!(
            sql("mean(a) + sum(a) - min(a) * max(a) / count(a)"),
            "((SELECT AVG(\"a\") FROM \"crm\") + (SELECT SUM(\"a\") FROM \"crm\")) - \
             (CAST((SELECT MIN(\"a\") FROM \"crm\") * (SELECT MAX(\"a\") FROM \"crm\") AS \
             DOUBLE PRECISION) / NULLIF((SELECT COUNT(\"a\") FROM \"crm\"), 0))"
        );
    }

    #[test]
    fn quoting_of_identifiers_strings_and_dates() {
        assert_eq!(sql(r#"`Lead "Source"` == 'O\'Brien'"#), "\"Lead \"\"Source\"\"\" = 'O''Brien'");
        assert_eq!(sql("業種 != '製造'"), "\"業種\" <> '製造'");
        assert_eq!(sql("signup >= date('2020-01-31')"), "\"signup\" >= DATE '2020-01-31'");
        assert_eq!(sql("won == true or x > -2.5"), "(\"won\" = TRUE) OR (\"x\" > (-2.5))");
        assert_eq!(sql("a - -1"), "\"a\" - (-1)");
    }

    #[test]
    fn lists_missing_and_logic() {
        assert_eq!(
            sql("industry in ['Software', 'Fintech'] and plan not in [1, 2]"),
            "(\"industry\" IN ('Software', 'Fintech')) AND (\"plan\" NOT IN (1, 2))"
        );
        assert_eq!(
            sql("nps is missing or nps is not missing"),
            "(\"nps\" IS NULL) OR (\"nps\" IS NOT NULL)"
        );
        assert_eq!(sql("a and b and (c or d)"), "\"a\" AND \"b\" AND (\"c\" OR \"d\")");
        assert_eq!(sql("not (a > 1)"), "NOT (\"a\" > 1)");
        assert_eq!(
            sql("value / price"),
            "CAST(\"value\" AS DOUBLE PRECISION) / NULLIF(\"price\", 0)"
        );
    }

    #[test]
    fn string_functions() {
        assert_eq!(sql("lower(name) == 'acme'"), "LOWER(\"name\") = 'acme'");
        assert_eq!(sql("len(upper(name)) > abs(x)"), "CHAR_LENGTH(UPPER(\"name\")) > ABS(\"x\")");
        assert_eq!(sql("coalesce(a, b, 0)"), "COALESCE(\"a\", \"b\", 0)");
        assert_eq!(sql(r"name contains 'it\'s'"), "POSITION('it''s' IN \"name\") > 0");
        assert_eq!(sql("starts_with(name, '50%_off!')"), "\"name\" LIKE '50!%!_off!!%' ESCAPE '!'");
        assert_eq!(sql("ends_with(name, 'Inc.')"), "\"name\" LIKE '%Inc.' ESCAPE '!'");
        assert_eq!(sql("starts_with(name, code)"), "POSITION(\"code\" IN \"name\") = 1");
        assert_eq!(
            sql("ends_with(name, code)"),
            "RIGHT(\"name\", CHAR_LENGTH(\"code\")) = \"code\""
        );
    }

    #[test]
    fn column_information_resolves_names_tags_and_flags() {
        assert_eq!(
            sql_with_columns("'crm' in tags and not flag"),
            "(POSITION(';crm;' IN ';' || REPLACE(REPLACE(TRIM(\"tags\"), ' ;', ';'), '; ', ';') || ';') > 0) AND (NOT (\"flag\" = 1))"
        );
        assert_eq!(
            sql_with_columns("contains(tags, lower(name))"),
            "POSITION(';' || LOWER(\"name\") || ';' IN ';' || REPLACE(REPLACE(TRIM(\"tags\"), ' ;', ';'), '; ', ';') || ';') > 0"
        );
        // Text columns keep the substring meaning.
        assert_eq!(sql_with_columns("name contains 'Inc'"), "POSITION('Inc' IN \"name\") > 0");
        assert_eq!(sql_with_columns("flag"), "\"flag\" = 1");
        assert_eq!(sql_with_columns("WON"), "\"won\"");
        assert_eq!(
            sql_with_columns("won_value > p90(WON_VALUE)"),
            "\"won_value\" > (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY \"won_value\") \
             FROM \"sales\".\"accounts\")"
        );
        let options = SqlOptions::new("t").with_columns_of(&sample());
        let err = Expr::parse("won and wonn").unwrap().to_sql(&options).unwrap_err();
        assert_eq!(err.message, "unknown column `wonn` (did you mean `won`?)");
        assert_eq!(err.span, 8..12);
        let err = Expr::parse("revenue > 1").unwrap().to_sql(&options).unwrap_err();
        assert_eq!(
            err.message,
            "unknown column `revenue`; the columns are won, churned, flag, won_value, \
             employees, lead_source, `Lead Source`, 業種 and 4 more"
        );
        // Without column information, `flag` is written as is.
        assert_eq!(
            Expr::parse("flag").unwrap().to_sql_condition(&SqlOptions::new("t")).unwrap(),
            "\"flag\""
        );
    }
}
