//! Canonical printing. `Display` for [`Expr`] writes the rule with canonical keywords and
//! operators, double-quoted strings and only the parentheses the grammar needs; the text
//! re-parses to an equal tree. Infix `contains` and `"tag" in tags` print in their function
//! form `contains(tags, "tag")`, which is what they parse into.

use std::fmt::{self, Write};

use icp_frame::format_date;

use crate::ast::{Expr, ExprKind, precedence};
use crate::lexer::{RESERVED_WORDS, is_identifier_continue, is_identifier_start};

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Number(value) => f.write_str(&format_number(*value)),
            ExprKind::Text(text) => write_string_literal(f, text),
            ExprKind::Bool(value) => write!(f, "{value}"),
            ExprKind::Date(days) => write!(f, "date(\"{}\")", format_date(*days)),
            ExprKind::Column(name) => f.write_str(&column_reference(name)),
            ExprKind::Not(operand) => {
                f.write_str("not ")?;
                write_operand(f, operand, binding(operand) < precedence::NOT)
            }
            ExprKind::Negate(operand) => {
                // `- -x` rather than `--x`, which reads like a SQL comment.
                let space = if matches!(operand.kind, ExprKind::Negate(_)) { " " } else { "" };
                write!(f, "-{space}")?;
                write_operand(f, operand, binding(operand) < precedence::PREFIX)
            }
            ExprKind::Binary { op, left, right } => {
                let own = op.precedence();
                // Comparisons do not chain, so a comparison operand needs parentheses on
                // either side; the other operators associate to the left.
                let left_parens =
                    if op.is_comparison() { binding(left) <= own } else { binding(left) < own };
                write_operand(f, left, left_parens)?;
                write!(f, " {} ", op.symbol())?;
                write_operand(f, right, binding(right) <= own)
            }
            ExprKind::InList { value, items, negated } => {
                write_operand(f, value, binding(value) <= precedence::COMPARISON)?;
                f.write_str(if *negated { " not in [" } else { " in [" })?;
                write_list(f, items)?;
                f.write_char(']')
            }
            ExprKind::IsMissing { value, negated } => {
                write_operand(f, value, binding(value) <= precedence::COMPARISON)?;
                f.write_str(if *negated { " is not missing" } else { " is missing" })
            }
            ExprKind::IsBool { value, expected, negated } => {
                write_operand(f, value, binding(value) <= precedence::COMPARISON)?;
                write!(f, " is {}{expected}", if *negated { "not " } else { "" })
            }
            ExprKind::Like { value, pattern, negated } => {
                write_operand(f, value, binding(value) <= precedence::COMPARISON)?;
                f.write_str(if *negated { " not like " } else { " like " })?;
                write_string_literal(f, pattern)
            }
            ExprKind::Call { function, args } => {
                write!(f, "{}(", function.name())?;
                write_list(f, args)?;
                f.write_char(')')
            }
            ExprKind::Aggregate { function, arg } => write!(f, "{}({arg})", function.name()),
        }
    }
}

/// How tightly the node's printed form binds, to decide on parentheses around it.
fn binding(expr: &Expr) -> u8 {
    match &expr.kind {
        ExprKind::Binary { op, .. } => op.precedence(),
        ExprKind::InList { .. }
        | ExprKind::IsMissing { .. }
        | ExprKind::IsBool { .. }
        | ExprKind::Like { .. } => precedence::COMPARISON,
        ExprKind::Not(_) => precedence::NOT,
        ExprKind::Negate(_) => precedence::PREFIX,
        _ => precedence::ATOM,
    }
}

fn write_operand(f: &mut fmt::Formatter<'_>, operand: &Expr, parens: bool) -> fmt::Result {
    if parens { write!(f, "({operand})") } else { write!(f, "{operand}") }
}

fn write_list(f: &mut fmt::Formatter<'_>, items: &[Expr]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}

fn write_string_literal(f: &mut impl Write, text: &str) -> fmt::Result {
    f.write_char('"')?;
    for c in text.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\t' => f.write_str("\\t")?,
            c => f.write_char(c)?,
        }
    }
    f.write_char('"')
}

/// A non-negative finite number in the shortest form that reads back to the same value:
/// plain digits in everyday ranges, exponent notation (`1e300`) for the extremes.
pub(crate) fn format_number(value: f64) -> String {
    if value == 0.0 || (1e-5..1e16).contains(&value.abs()) {
        format!("{value}")
    } else {
        format!("{value:?}")
    }
}

/// How a rule refers to the column `name`: bare when the name is a valid identifier that is
/// not a keyword, otherwise in backticks with embedded backticks doubled (`` `a``b` `` for
/// the column ``a`b``). The result always parses back to a reference to exactly `name`
/// (the language has no empty column name: `""` gives ``` `` ```, which does not parse).
///
/// Use this, never hand-made backticks, when writing a rule that names a column; for SQL
/// identifiers see [`quote_identifier`](crate::quote_identifier).
pub fn quote_column(name: &str) -> String {
    column_reference(name)
}

/// A string literal in the rules language: double quotes, with `"`, `\`, newline and tab
/// escaped as `\"`, `\\`, `\n` and `\t`. The result always parses back to exactly `text`.
/// For SQL string literals see [`quote_string`](crate::quote_string).
pub fn quote_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    write_string_literal(&mut out, text).expect("writing to a String cannot fail");
    out
}

pub(crate) fn column_reference(name: &str) -> String {
    let mut chars = name.chars();
    let bare = chars.next().is_some_and(is_identifier_start)
        && chars.all(is_identifier_continue)
        && !RESERVED_WORDS
            .iter()
            .chain(&["missing", "contains", "like"])
            .any(|w| w.eq_ignore_ascii_case(name));
    if bare { name.to_string() } else { format!("`{}`", name.replace('`', "``")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(src: &str) -> String {
        Expr::parse(src).unwrap_or_else(|e| panic!("{}", e.render(src))).to_string()
    }

    #[test]
    fn canonical_forms() {
        let cases = [
            ("won&&!churned", "won and not churned"),
            ("a = 1 OR b <> 'x'", "a == 1 or b != \"x\""),
            ("(a or b) and c", "(a or b) and c"),
            ("a or (b and c)", "a or b and c"),
            ("a and (b and c)", "a and (b and c)"),
            ("(a - b) - c", "a - b - c"),
            ("a - (b - c)", "a - (b - c)"),
            ("(a > 1) == (b > 2)", "(a > 1) == (b > 2)"),
            ("not (a == b)", "not a == b"),
            ("(not a) == b", "(not a) == b"),
            ("- (-x)", "- -x"),
            ("-(a + b) * 2", "-(a + b) * 2"),
            ("x in [1, -2.5, 1e3]", "x in [1, -2.5, 1000]"),
            ("x NOT IN ['a']", "x not in [\"a\"]"),
            ("(a + 1) is not missing", "a + 1 is not missing"),
            ("(a in [1]) is missing", "(a in [1]) is missing"),
            ("'crm' in tags", "contains(tags, \"crm\")"),
            ("'crm' not in tags", "not contains(tags, \"crm\")"),
            ("tags contains 'crm'", "contains(tags, \"crm\")"),
            ("signup >= DATE('2020-01-31')", "signup >= date(\"2020-01-31\")"),
            ("P75(x)", "p75(x)"),
            ("`Lead Source` == 'it\\'s'", "`Lead Source` == \"it's\""),
            ("`業種` == '製造'", "業種 == \"製造\""),
            ("`and` or `missing` or `a``b` or `1x`", "`and` or `missing` or `a``b` or `1x`"),
            ("s == 'say \"hi\"\\\\'", "s == \"say \\\"hi\\\"\\\\\""),
            ("x > 1e300 or x < 1e-7 or x == 0.5", "x > 1e300 or x < 1e-7 or x == 0.5"),
            ("x is NULL or y is TRUE", "x is missing or y is true"),
            (
                "x not in ('a', 'b') and y NOT LIKE '%a'",
                "x not in [\"a\", \"b\"] and y not like \"%a\"",
            ),
            ("x >= 5,000円 and y < 12%", "x >= 5000 and y < 12"),
        ];
        for (src, expected) in cases {
            assert_eq!(canonical(src), expected, "{src}");
        }
    }

    /// Draws from proptest's deterministic generator, so the run is the same every time.
    struct Rng(proptest::test_runner::TestRng);

    impl Rng {
        fn new() -> Self {
            Rng(proptest::test_runner::TestRng::deterministic_rng(
                proptest::test_runner::RngAlgorithm::ChaCha,
            ))
        }

        fn below(&mut self, n: usize) -> usize {
            use proptest::prelude::RngExt as _;
            self.0.random_range(0..n)
        }

        fn pick<'a>(&mut self, options: &[&'a str]) -> &'a str {
            options[self.below(options.len())]
        }
    }

    /// Random rule text, using every construct and alternative spelling. Sub-expressions
    /// are parenthesised only half of the time, so some outputs do not parse (chained
    /// comparisons); those are skipped by the caller.
    fn random_rule(rng: &mut Rng, depth: usize) -> String {
        let atoms = [
            "won",
            "x",
            "`Lead Source`",
            "業種",
            "deal.amount",
            "3",
            "2.5",
            "1e3",
            "0",
            "\"a\\\"b\"",
            "'it\\'s'",
            "true",
            "FALSE",
            "date('2020-02-29')",
            "`and`",
        ];
        if depth == 0 || rng.below(5) == 0 {
            return rng.pick(&atoms).to_string();
        }
        let sub = |rng: &mut Rng| {
            let inner = random_rule(rng, depth - 1);
            if rng.below(2) == 0 { format!("({inner})") } else { inner }
        };
        match rng.below(11) {
            0 => {
                let op = rng.pick(&["and", "or", "&&", "||", "AND"]);
                format!("{} {op} {}", sub(rng), sub(rng))
            }
            1 => {
                let op = rng.pick(&["==", "=", "!=", "<>", "<", "<=", ">", ">="]);
                format!("{} {op} {}", sub(rng), sub(rng))
            }
            2 => {
                let op = rng.pick(&["+", "-", "*", "/"]);
                format!("{}{op}{}", sub(rng), sub(rng))
            }
            3 => format!("{}{}", rng.pick(&["not ", "!", "-", "- "]), sub(rng)),
            4 => format!("({})", random_rule(rng, depth - 1)),
            5 => {
                let items = ["1", "-2", "'a'", "true", "date('1999-12-31')", "4.5"];
                let count = 1 + rng.below(3);
                let list: Vec<&str> = (0..count).map(|_| rng.pick(&items)).collect();
                let keyword = rng.pick(&["in", "not in", "NOT IN"]);
                let (open, close) = if rng.below(2) == 0 { ("[", "]") } else { ("(", ")") };
                format!("{} {keyword} {open}{}{close}", sub(rng), list.join(", "))
            }
            6 => {
                let what = rng.pick(&["missing", "null", "NULL", "true", "FALSE"]);
                format!("{} is {}{what}", sub(rng), rng.pick(&["", "not ", "NOT "]))
            }
            7 => {
                let function = rng.pick(&["lower", "UPPER", "len", "abs"]);
                format!("{function}({})", random_rule(rng, depth - 1))
            }
            8 => {
                let function = rng.pick(&["coalesce", "contains", "starts_with", "ends_with"]);
                format!(
                    "{function}({}, {})",
                    random_rule(rng, depth - 1),
                    random_rule(rng, depth - 1)
                )
            }
            9 => {
                let aggregate = format!("p{}", rng.below(101));
                let function =
                    rng.pick(&[&aggregate, "median", "mean", "min", "max", "sum", "count"]);
                format!("{function}({})", random_rule(rng, depth - 1))
            }
            _ => match rng.below(6) {
                0 => format!("'crm' in {}", sub(rng)),
                1 => format!("{} not in tags", sub(rng)),
                2 => format!("{} contains {}", sub(rng), sub(rng)),
                3 => {
                    let keyword = rng.pick(&["like", "LIKE", "not like", "NOT LIKE"]);
                    let pattern = rng.pick(&["'%Inc%'", "\"_年\"", "''", "'a!b_%'"]);
                    format!("{} {keyword} {pattern}", sub(rng))
                }
                // Numbers as exports write them, outside lists and calls.
                4 => {
                    let number = rng.pick(&["5,000円", "¥5,000", "1,234.5", "12%", "$1,200"]);
                    format!("{} >= {number}", sub(rng))
                }
                _ => format!("'crm' in ({})", sub(rng)),
            },
        }
    }

    #[test]
    fn canonical_text_reparses_to_the_same_tree() {
        let mut rng = Rng::new();
        let mut parsed = 0;
        for _ in 0..3000 {
            let src = random_rule(&mut rng, 5);
            let Ok(expr) = Expr::parse(&src) else { continue };
            parsed += 1;
            let canonical = expr.to_string();
            let reparsed = Expr::parse(&canonical)
                .unwrap_or_else(|e| panic!("{src}\n{}", e.render(&canonical)));
            assert_eq!(reparsed, expr, "{src}\n{canonical}");
            // Canonical text is a fixed point.
            assert_eq!(reparsed.to_string(), canonical, "{src}");
            // Every parsed rule translates to SQL (types are the checker's business).
            let sql = expr.to_sql(&crate::SqlOptions::new("t")).expect("no column list, no error");
            assert!(!sql.is_empty());
        }
        assert!(parsed > 1500, "only {parsed} of 3000 generated rules parsed");
    }

    #[test]
    fn column_references_quote_only_when_needed() {
        assert_eq!(column_reference("won_value"), "won_value");
        assert_eq!(column_reference("deal.amount"), "deal.amount");
        assert_eq!(column_reference("Lead Source"), "`Lead Source`");
        assert_eq!(column_reference("NOT"), "`NOT`");
        assert_eq!(column_reference("Contains"), "`Contains`");
        assert_eq!(column_reference("2024 revenue"), "`2024 revenue`");
        assert_eq!(column_reference(""), "``");
    }

    #[test]
    fn quoting_helpers_round_trip() {
        assert_eq!(quote_column("a`b"), "`a``b`");
        assert_eq!(quote_column("`"), "````");
        assert_eq!(quote_column("won"), "won");
        assert_eq!(quote_text("say \"hi\"\\"), "\"say \\\"hi\\\"\\\\\"");
        for name in ["a`b", "``", "Lead \"Source\"", "it's", "業種 `x`", "and", "a\\b", "tab\there"]
        {
            let expr = Expr::parse(&quote_column(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(expr.kind, ExprKind::Column(name.to_string()), "{name}");
            let expr = Expr::parse(&quote_text(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(expr.kind, ExprKind::Text(name.to_string()), "{name}");
            let rule = format!("{} == {}", quote_column(name), quote_text(name));
            let expr = Expr::parse(&rule).unwrap_or_else(|e| panic!("{}", e.render(&rule)));
            assert_eq!(expr.to_string(), rule, "canonical form keeps the quoting");
        }
        assert!(Expr::parse(&quote_column("")).is_err());
        assert_eq!(Expr::parse(&quote_text("")).unwrap().kind, ExprKind::Text(String::new()));
    }
}
