//! The rules language: one small expression language for golden rules (which customers are
//! "golden"), hard criteria and segment rules.
//!
//! A rule is parsed once ([`Expr::parse`]), checked against a table's columns
//! ([`Expr::check`]), then either evaluated over a [`Frame`](icp_frame::Frame)
//! ([`Expr::eval_mask`], [`Expr::eval_column`]) or translated to SQL ([`Expr::to_sql`]) to
//! run inside a warehouse. Every error carries the byte span it is about, and
//! [`RuleError::render`] shows it:
//!
//! ```text
//! error in rule: unknown column `won_valu` (did you mean `won_value`?)
//!   won and won_valu >= p75(won_value)
//!           ^^^^^^^^
//! ```
//!
//! Messages quote the rule and name columns, never cell values: customer data is personal.
//! Every message says what to write instead.
//!
//! # The language
//!
//! | | |
//! |---|---|
//! | numbers | `3`, `2.5`, `1e3`, `-4`, and as exports write them: `5,000`, `5,000円`, `¥5,000`, `$1,200.50`, `1200USD`, `12%` (which is 12, as icp reads such a cell). Inside a list or a call a comma separates items, so write `5000` there |
//! | strings | `"Web"` or `'Web'`; escapes `\"` `\'` `\\` `\n` `\t` |
//! | booleans | `true`, `false` |
//! | dates | `date("2020-01-31")` (strictly `YYYY-MM-DD`) |
//! | columns | bare names of letters (any script), digits, `_` and `.`, not starting with a digit: `won_value`, `deal.amount`, `業種`; anything else in backticks: `` `Lead Source` `` (a doubled backtick inside stands for one). Names match exactly, then ignoring ASCII case. |
//! | comparison | `==` (or `=`), `!=` (or `<>`), `<`, `<=`, `>`, `>=`: numbers with numbers, text with text (byte order), booleans with booleans, dates and datetimes with each other (a date is its midnight) |
//! | lists | `x in [1, 2]`, `x not in ["a", "b"]`, or in parentheses as in SQL: `x in ("1年", "2年")`; items are literals of the value's type (`x in (column)` with one non-literal item searches `column`, as below) |
//! | yes/no | a boolean column compares with the spellings icp reads in the data, in any ASCII case: `Purchase == "Yes"`, `won == 1`, `churn == false`, `解約 == "いいえ"`, `解約 != "はい"` (yes/no, y/n, true/false, t/f, 1/0, はい/いいえ, 有/無, ○/×, 真/偽); `x is true`, `x is false`, `x is not true`, `x is not false` are never unknown (a missing `x` is neither) |
//! | patterns | `name like "%Inc%"`, `name not like "A_me"`: `%` any run of characters, `_` one, case-sensitive (`lower(name) like "%inc%"` to ignore case) |
//! | tags | `"crm" in tags`, `"crm" not in tags`, `tags contains "crm"`, `contains(tags, "crm")`: whether the row has that exact label |
//! | text search | the same spellings on a text column test for a substring: `"Inc" in name`, `name contains "Inc"` |
//! | logic | `and` / `&&`, `or` / `\|\|`, `not` / `!`, parentheses |
//! | arithmetic | `+ - * /`, unary `-`; division by zero gives missing |
//! | missing | `x is missing`, `x is not missing` (also `is null`, `is not null`) |
//! | aggregates | `p0`..`p100` (linear interpolation, as numpy and `percentile_cont`), `median`, `mean`, `min`, `max` (also dates), `sum`, `count` (non-missing rows); over every row of the table, computed once; the argument may be any expression |
//! | functions | `lower(s)`, `upper(s)`, `contains(s, "sub")`, `starts_with(s, "x")`, `ends_with(s, "x")`, `len(s)` (characters), `abs(x)`, `coalesce(a, b, ...)` |
//!
//! Keywords and function names are case-insensitive (`AND`, `Lower`); `and`, `or`, `not`,
//! `in`, `is`, `true` and `false` are reserved, so columns with those names need backticks
//! (`missing`, `null`, `contains` and `like` are keywords only where they follow a value).
//!
//! A boolean column is a condition on its own (`won and not churned`), and so is a number
//! column holding only 0, 1 or missing. Text, date and tags columns must be compared.
//!
//! Precedence, loosest first: `or`; `and`; `not`; comparisons, `in`, `is missing`,
//! `is true`, `like`, `contains` (which do not chain: `a < b < c` is an error); `+ -`; `* /`; unary `-`. As in
//! SQL and Python, `not a == b` means `not (a == b)`.
//!
//! ## Missing values
//!
//! Missing values follow SQL's three-valued logic: arithmetic and comparisons with a
//! missing operand are missing ("unknown"), `unknown and false` is false, `unknown or true`
//! is true, `not unknown` is unknown, and `x in [...]` / `x not in [...]` are unknown for a
//! missing `x`. A rule selects a row only when it is true, as a SQL `WHERE` does, so
//! `x > 3` and `not (x > 3)` both leave out rows where `x` is missing; say what they mean
//! with `x is missing` or `coalesce(x, 0)`. Aggregates ignore missing values; over no values
//! they are missing (except `count`, which is 0).
//!
//! ## Types
//!
//! [`Expr::check`] types a rule against the table before anything runs: unknown columns
//! (with a "did you mean" suggestion), comparing a date with text, `lower()` on a number, a
//! text column used as a condition and the like are errors pointing at the offending part.
//! The canonical text of a rule ([`std::fmt::Display`] on [`Expr`]) parses back to the same
//! rule.
#![warn(missing_docs)]

mod ast;
mod check;
#[cfg(test)]
mod data_spellings;
mod dialect;
mod display;
mod error;
mod eval;
mod lexer;
mod parser;
#[cfg(test)]
mod roundtrip_props;
mod sql;
#[cfg(test)]
mod test_frame;

pub use ast::{Aggregate, BinaryOp, Expr, ExprKind, Function};
pub use check::ValueType;
pub use dialect::Dialect;
pub use display::{quote_column, quote_text};
pub use error::{RuleError, closest};
pub use sql::{SqlOptions, quote_identifier, quote_string};
