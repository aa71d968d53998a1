//! Recursive-descent parser: tokens to [`Expr`].
//!
//! One function per precedence level, weakest first:
//!
//! ```text
//! or          := and { ("or" | "||") and }
//! and         := negation { ("and" | "&&") negation }
//! negation    := ("not" | "!") negation | comparison
//! comparison  := additive [ ("==" | "=" | "!=" | "<>" | "<" | "<=" | ">" | ">=") additive
//!                         | ["not"] "in" ( list | additive )
//!                         | "is" ["not"] ("missing" | "null" | "true" | "false")
//!                         | ["not"] "like" string
//!                         | "contains" additive ]
//! additive    := multiplicative { ("+" | "-") multiplicative }
//! multiplicative := prefix { ("*" | "/") prefix }
//! prefix      := "-" prefix | atom
//! atom        := number | string | "true" | "false" | name [ "(" [ or { "," or } ] ")" ]
//!              | `quoted name` | "(" or ")"
//! list        := "[" or { "," or } [","] "]" | "(" or { "," or } [","] ")"
//!                (`x in (expr)` with one non-literal item is `contains(expr, x)`, as before)
//! ```

use std::ops::Range;

use crate::ast::{Aggregate, BinaryOp, Expr, ExprKind, Function, known_function_names};
use crate::error::{RuleError, closest};
use crate::lexer::{Tok, Token, tokenize};

/// Deepest nesting accepted. Checking, evaluation and printing recurse over the tree, so an
/// absurdly deep rule (a config file is untrusted input) must not overflow the stack.
const MAX_DEPTH: usize = 128;

/// Deepest tree accepted. A flat chain (`a or b or … or z`, a long list people write by
/// hand) is built by a loop, one level per term, so it may be far longer than parentheses
/// nest; the recursion over it stays well within a thread's stack.
const MAX_TREE_DEPTH: usize = 512;

impl Expr {
    /// Parses a rule.
    ///
    /// Syntax errors, unknown functions, wrong argument counts and invalid `date("...")`
    /// literals are reported here; column names and types are checked against a table by
    /// [`Expr::check`].
    pub fn parse(src: &str) -> Result<Expr, RuleError> {
        let tokens = tokenize(src)?;
        let mut parser = Parser { src, tokens, pos: 0, nesting: 0 };
        if parser.peek() == &Tok::End {
            return Err(RuleError::new(
                "empty rule; write a condition, e.g. `won_deals > 0`",
                0..src.len(),
            ));
        }
        let expr = parser.or()?;
        if parser.peek() != &Tok::End {
            let token = parser.current();
            return Err(RuleError::new(
                format!(
                    "expected an operator such as `and`, `or` or `==`, found {}",
                    parser.describe(token)
                ),
                token.span.clone(),
            ));
        }
        // Long flat chains (`a + a + ... + a`) are built by loops, not recursion, so the
        // parser's own nesting guard does not see them.
        if expr.depth() > MAX_TREE_DEPTH {
            return Err(RuleError::new(
                format!(
                    "rule is too long (more than {MAX_TREE_DEPTH} terms in a row); split it \
                     into simpler rules"
                ),
                expr.span(),
            ));
        }
        Ok(expr)
    }
}

impl std::str::FromStr for Expr {
    type Err = RuleError;

    /// The same as [`Expr::parse`].
    fn from_str(src: &str) -> Result<Expr, RuleError> {
        Expr::parse(src)
    }
}

struct Parser<'s> {
    src: &'s str,
    tokens: Vec<Token>,
    pos: usize,
    /// Current recursion depth through parentheses, prefixes and calls.
    nesting: usize,
}

impl Parser<'_> {
    fn current(&self) -> &Token {
        &self.tokens[self.pos]
    }

    fn peek(&self) -> &Tok {
        &self.current().tok
    }

    fn peek_second(&self) -> &Tok {
        // The last token is always `End`, so clamping keeps this in bounds.
        &self.tokens[(self.pos + 1).min(self.tokens.len() - 1)].tok
    }

    fn advance(&mut self) -> Token {
        let token = self.tokens[self.pos].clone();
        if token.tok != Tok::End {
            self.pos += 1;
        }
        token
    }

    fn eat(&mut self, tok: &Tok) -> bool {
        if self.peek() == tok {
            self.advance();
            true
        } else {
            false
        }
    }

    /// "`text`" for a token, or "the end of the rule".
    fn describe(&self, token: &Token) -> String {
        if token.tok == Tok::End {
            "the end of the rule".to_string()
        } else {
            format!("`{}`", &self.src[token.span.clone()])
        }
    }

    fn column_of(&self, offset: usize) -> usize {
        self.src[..offset].chars().count() + 1
    }

    fn enter(&mut self, span: Range<usize>) -> Result<(), RuleError> {
        self.nesting += 1;
        if self.nesting > MAX_DEPTH {
            return Err(RuleError::new(
                format!(
                    "rule is nested too deeply (more than {MAX_DEPTH} levels); remove \
                     parentheses that are not needed, or split it into simpler rules"
                ),
                span,
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.nesting -= 1;
    }

    fn or(&mut self) -> Result<Expr, RuleError> {
        let mut left = self.and()?;
        while self.eat(&Tok::Or) {
            let right = self.and()?;
            left = binary(BinaryOp::Or, left, right);
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, RuleError> {
        let mut left = self.negation()?;
        while self.eat(&Tok::And) {
            let right = self.negation()?;
            left = binary(BinaryOp::And, left, right);
        }
        Ok(left)
    }

    /// `not` binds looser than comparisons, as in SQL and Python: `not a == b` is
    /// `not (a == b)`.
    fn negation(&mut self) -> Result<Expr, RuleError> {
        if self.peek() != &Tok::Not || self.peek_second() == &Tok::In {
            return self.comparison();
        }
        let operator = self.advance();
        self.enter(operator.span.clone())?;
        let operand = self.negation()?;
        self.leave();
        let span = operator.span.start..operand.span.end;
        Ok(Expr::new(ExprKind::Not(Box::new(operand)), span))
    }

    fn comparison(&mut self) -> Result<Expr, RuleError> {
        let left = self.additive()?;
        let start = left.span.start;
        let expr = match self.peek().clone() {
            tok if comparison_op(&tok).is_some() => {
                self.advance();
                let op = comparison_op(&tok).expect("guarded above");
                let right = self.additive()?;
                binary(op, left, right)
            }
            Tok::In => {
                self.advance();
                self.in_rest(left, false)?
            }
            Tok::Not if self.peek_second() == &Tok::In => {
                self.advance();
                self.advance();
                self.in_rest(left, true)?
            }
            Tok::Is => {
                self.advance();
                let negated = self.eat(&Tok::Not);
                let token = self.advance();
                let value = Box::new(left);
                let kind = match &token.tok {
                    Tok::Ident(word)
                        if word.eq_ignore_ascii_case("missing")
                            || word.eq_ignore_ascii_case("null") =>
                    {
                        ExprKind::IsMissing { value, negated }
                    }
                    Tok::True | Tok::False => {
                        ExprKind::IsBool { value, expected: token.tok == Tok::True, negated }
                    }
                    _ => {
                        let is = if negated { "is not" } else { "is" };
                        let hint = match &token.tok {
                            Tok::Text(_) | Tok::Number(_) => format!(
                                "; to compare with a value write `==` or `!=`, e.g. \
                                 `{} {} {}`",
                                &self.src[value.span()],
                                if negated { "!=" } else { "==" },
                                &self.src[token.span.clone()]
                            ),
                            _ => format!(", e.g. `x {is} missing` or `x {is} true`"),
                        };
                        return Err(RuleError::new(
                            format!(
                                "expected `missing`, `null`, `true` or `false` after `{is}`, \
                                 found {}{hint}",
                                self.describe(&token)
                            ),
                            token.span,
                        ));
                    }
                };
                Expr::new(kind, start..token.span.end)
            }
            Tok::Ident(word) if word.eq_ignore_ascii_case("like") => {
                self.advance();
                self.like_rest(left, false)?
            }
            Tok::Not if is_like(self.peek_second()) => {
                self.advance();
                self.advance();
                self.like_rest(left, true)?
            }
            Tok::Ident(word) if word.eq_ignore_ascii_case("contains") => {
                self.advance();
                let needle = self.additive()?;
                let end = needle.span.end;
                Expr::new(
                    ExprKind::Call { function: Function::Contains, args: vec![left, needle] },
                    start..end,
                )
            }
            _ => return Ok(left),
        };
        let next = self.current();
        let chained = comparison_op(&next.tok).is_some()
            || matches!(next.tok, Tok::In | Tok::Is)
            || matches!(&next.tok, Tok::Ident(w) if w.eq_ignore_ascii_case("contains"))
            || is_like(&next.tok)
            || (next.tok == Tok::Not
                && (self.peek_second() == &Tok::In || is_like(self.peek_second())));
        if chained {
            return Err(RuleError::new(
                "comparisons cannot be chained; combine them with `and`, or add parentheses",
                next.span.clone(),
            ));
        }
        Ok(expr)
    }

    /// After `like` / `not like`: the pattern, a string literal.
    fn like_rest(&mut self, value: Expr, negated: bool) -> Result<Expr, RuleError> {
        let start = value.span.start;
        let token = self.advance();
        let Tok::Text(pattern) = token.tok else {
            let like = if negated { "not like" } else { "like" };
            return Err(RuleError::new(
                format!(
                    "`{like}` takes a pattern in quotes, found {}; e.g. `{} {like} \"%Inc%\"` \
                     (`%` stands for any run of characters, `_` for one)",
                    self.describe(&token),
                    &self.src[value.span()]
                ),
                token.span,
            ));
        };
        let kind = ExprKind::Like { value: Box::new(value), pattern, negated };
        Ok(Expr::new(kind, start..token.span.end))
    }

    /// After `in` / `not in`: a literal list in brackets or parentheses, or a value to
    /// search (`"tag" in tags`).
    fn in_rest(&mut self, value: Expr, negated: bool) -> Result<Expr, RuleError> {
        let start = value.span.start;
        if matches!(self.peek(), Tok::LBracket | Tok::LParen) {
            let open = self.advance();
            let (close_tok, close_text) =
                if open.tok == Tok::LBracket { (Tok::RBracket, "]") } else { (Tok::RParen, ")") };
            self.enter(open.span.clone())?;
            let mut items = Vec::new();
            let mut trailing_comma = false;
            while self.peek() != &close_tok {
                items.push(self.or()?);
                trailing_comma = self.eat(&Tok::Comma);
                if !trailing_comma {
                    break;
                }
            }
            self.leave();
            let close = self.advance();
            if close.tok != close_tok {
                return Err(RuleError::new(
                    format!(
                        "expected `,` or `{close_text}` to close the `{}` at column {}, \
                         found {}",
                        &self.src[open.span.clone()],
                        self.column_of(open.span.start),
                        self.describe(&close)
                    ),
                    close.span,
                ));
            }
            let span = start..close.span.end;
            // `x in (expr)`: a parenthesised value to search, as before lists in parentheses.
            if open.tok == Tok::LParen
                && let [item] = items.as_slice()
                && !trailing_comma
                && !is_literal(item)
            {
                let mut haystack = items.pop().expect("one item");
                haystack.span = open.span.start..close.span.end;
                return Ok(contains(haystack, value, negated, span));
            }
            if let Some(item) = items.iter().find(|item| !is_literal(item)) {
                return Err(RuleError::new(
                    "list items must be literal values such as 3, \"a\", true or \
                     date(\"2020-01-31\"); to compare with another column write \
                     `x == y or x == z`",
                    item.span.clone(),
                ));
            }
            if items.is_empty() {
                return Err(RuleError::new(
                    format!(
                        "empty list; a list needs at least one item, e.g. `{} in [\"a\", \"b\"]`",
                        &self.src[value.span()]
                    ),
                    open.span.start..close.span.end,
                ));
            }
            let kind = ExprKind::InList { value: Box::new(value), items, negated };
            return Ok(Expr::new(kind, span));
        }
        // `needle in haystack` means `contains(haystack, needle)`: membership for tags,
        // substring for text (as in Python).
        let haystack = self.additive()?;
        let span = start..haystack.span.end;
        Ok(contains(haystack, value, negated, span))
    }

    fn additive(&mut self) -> Result<Expr, RuleError> {
        let mut left = self.multiplicative()?;
        loop {
            let op = match self.peek() {
                Tok::Plus => BinaryOp::Add,
                Tok::Minus => BinaryOp::Sub,
                _ => return Ok(left),
            };
            self.advance();
            let right = self.multiplicative()?;
            left = binary(op, left, right);
        }
    }

    fn multiplicative(&mut self) -> Result<Expr, RuleError> {
        let mut left = self.prefix()?;
        loop {
            let op = match self.peek() {
                Tok::Star => BinaryOp::Mul,
                Tok::Slash => BinaryOp::Div,
                _ => return Ok(left),
            };
            self.advance();
            let right = self.prefix()?;
            left = binary(op, left, right);
        }
    }

    fn prefix(&mut self) -> Result<Expr, RuleError> {
        let wrap: fn(Box<Expr>) -> ExprKind = match self.peek() {
            Tok::Minus => ExprKind::Negate,
            _ => return self.atom(),
        };
        let operator = self.advance();
        self.enter(operator.span.clone())?;
        let operand = self.prefix()?;
        self.leave();
        let span = operator.span.start..operand.span.end;
        Ok(Expr::new(wrap(Box::new(operand)), span))
    }

    fn atom(&mut self) -> Result<Expr, RuleError> {
        let token = self.advance();
        let span = token.span.clone();
        let kind = match token.tok {
            Tok::Number(value) => ExprKind::Number(value),
            Tok::Text(value) => ExprKind::Text(value),
            Tok::True => ExprKind::Bool(true),
            Tok::False => ExprKind::Bool(false),
            Tok::QuotedIdent(name) => ExprKind::Column(name),
            Tok::Ident(name) if self.peek() == &Tok::LParen => return self.call(&name, span),
            Tok::Ident(name) => ExprKind::Column(name),
            Tok::LParen => {
                self.enter(span.clone())?;
                let inner = self.or()?;
                self.leave();
                let close = self.advance();
                if close.tok != Tok::RParen {
                    return Err(RuleError::new(
                        format!(
                            "expected `)` to close the `(` at column {}, found {}",
                            self.column_of(span.start),
                            self.describe(&close)
                        ),
                        close.span,
                    ));
                }
                // The parentheses belong to the span so that carets cover them too.
                return Ok(Expr::new(inner.kind, span.start..close.span.end));
            }
            Tok::LBracket => {
                return Err(RuleError::new(
                    "a list `[...]` can only follow `in` or `not in`, e.g. `x in [1, 2]`",
                    span,
                ));
            }
            _ => {
                return Err(RuleError::new(
                    format!(
                        "expected a value, a column or `(`, found {}; e.g. a number (`5000`), \
                         text in quotes (`\"Web\"`) or a column (`won_value`)",
                        self.describe(&token)
                    ),
                    span,
                ));
            }
        };
        Ok(Expr::new(kind, span))
    }

    /// `name(args)`; the current token is `(`.
    fn call(&mut self, name: &str, name_span: Range<usize>) -> Result<Expr, RuleError> {
        let function = Function::from_name(name);
        let aggregate = Aggregate::from_name(name);
        let is_date = name.eq_ignore_ascii_case("date");
        if function.is_none() && aggregate.is_none() && !is_date {
            let known = known_function_names();
            let suggestion = closest(name, known.iter().copied())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err(RuleError::new(
                format!(
                    "unknown function `{name}`{suggestion}; known functions: {}",
                    known.join(", ")
                ),
                name_span,
            ));
        }
        self.enter(name_span.clone())?;
        let (args, end) = self.arguments()?;
        self.leave();
        let span = name_span.start..end;
        let arity_error = |expected: &str| {
            let example = match (function, is_date) {
                (_, true) => "date(\"2020-01-31\")".to_string(),
                // `min` and `max` are aggregates, not row functions.
                (Some(function), _) if aggregate.is_none() => function.example().to_string(),
                _ => format!("{}(won_value)", name.to_ascii_lowercase()),
            };
            RuleError::new(
                format!(
                    "{}() takes {expected}, got {}; e.g. `{example}`",
                    name.to_ascii_lowercase(),
                    plural(args.len(), "argument")
                ),
                span.clone(),
            )
        };
        if is_date {
            let [arg] = args.as_slice() else {
                return Err(arity_error("1 argument"));
            };
            return Ok(Expr::new(ExprKind::Date(date_literal(arg)?), span));
        }
        if let Some(function) = aggregate {
            if args.len() != 1 {
                return Err(arity_error("1 argument"));
            }
            let arg = Box::new(args.into_iter().next().expect("length checked"));
            return Ok(Expr::new(ExprKind::Aggregate { function, arg }, span));
        }
        let function = function.expect("one of the three kinds matched");
        let (min, max) = function.arity();
        if args.len() < min || max.is_some_and(|max| args.len() > max) {
            let expected = match max {
                Some(max) if max == min => plural(min, "argument"),
                Some(max) => format!("{min} to {max} arguments"),
                None => format!("at least {}", plural(min, "argument")),
            };
            return Err(arity_error(&expected));
        }
        Ok(Expr::new(ExprKind::Call { function, args }, span))
    }

    /// `( [expr {, expr}] )`; returns the arguments and the end of the `)`.
    fn arguments(&mut self) -> Result<(Vec<Expr>, usize), RuleError> {
        let open = self.advance();
        let mut args = Vec::new();
        if self.peek() != &Tok::RParen {
            loop {
                args.push(self.or()?);
                if !self.eat(&Tok::Comma) {
                    break;
                }
            }
        }
        let close = self.advance();
        if close.tok != Tok::RParen {
            return Err(RuleError::new(
                format!(
                    "expected `,` or `)` to close the `(` at column {}, found {}",
                    self.column_of(open.span.start),
                    self.describe(&close)
                ),
                close.span,
            ));
        }
        Ok((args, close.span.end))
    }
}

/// `contains(haystack, needle)`, negated for `not in`.
fn contains(haystack: Expr, needle: Expr, negated: bool, span: Range<usize>) -> Expr {
    let call = Expr::new(
        ExprKind::Call { function: Function::Contains, args: vec![haystack, needle] },
        span.clone(),
    );
    if negated { Expr::new(ExprKind::Not(Box::new(call)), span) } else { call }
}

fn is_like(tok: &Tok) -> bool {
    matches!(tok, Tok::Ident(word) if word.eq_ignore_ascii_case("like"))
}

fn binary(op: BinaryOp, left: Expr, right: Expr) -> Expr {
    let span = left.span.start..right.span.end;
    Expr::new(ExprKind::Binary { op, left: Box::new(left), right: Box::new(right) }, span)
}

fn comparison_op(tok: &Tok) -> Option<BinaryOp> {
    Some(match tok {
        Tok::Eq => BinaryOp::Eq,
        Tok::Ne => BinaryOp::Ne,
        Tok::Lt => BinaryOp::Lt,
        Tok::Le => BinaryOp::Le,
        Tok::Gt => BinaryOp::Gt,
        Tok::Ge => BinaryOp::Ge,
        _ => return None,
    })
}

/// Literal values allowed in `in [...]` lists: constants, including negative numbers.
fn is_literal(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Number(_) | ExprKind::Text(_) | ExprKind::Bool(_) | ExprKind::Date(_) => true,
        ExprKind::Negate(inner) => matches!(inner.kind, ExprKind::Number(_)),
        _ => false,
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// The argument of `date(...)`: a `"YYYY-MM-DD"` string literal naming a real day.
fn date_literal(arg: &Expr) -> Result<i32, RuleError> {
    let ExprKind::Text(text) = &arg.kind else {
        return Err(RuleError::new(
            "date() takes a string literal such as \"2020-01-31\"",
            arg.span.clone(),
        ));
    };
    icp_frame::parse_iso_day(text).ok_or_else(|| {
        RuleError::new(
            format!("invalid date \"{text}\"; write dates as \"YYYY-MM-DD\", e.g. \"2020-01-31\""),
            arg.span.clone(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Expr {
        Expr::parse(src).unwrap_or_else(|e| panic!("{}", e.render(src)))
    }

    /// A fully parenthesised rendering that shows the tree's shape.
    fn shape(expr: &Expr) -> String {
        match &expr.kind {
            ExprKind::Number(n) => n.to_string(),
            ExprKind::Text(s) => format!("{s:?}"),
            ExprKind::Bool(b) => b.to_string(),
            ExprKind::Date(d) => format!("date({d})"),
            ExprKind::Column(c) => c.clone(),
            ExprKind::Not(x) => format!("(not {})", shape(x)),
            ExprKind::Negate(x) => format!("(- {})", shape(x)),
            ExprKind::Binary { op, left, right } => {
                format!("({} {} {})", shape(left), op.symbol(), shape(right))
            }
            ExprKind::InList { value, items, negated } => format!(
                "({} {}in [{}])",
                shape(value),
                if *negated { "not " } else { "" },
                items.iter().map(shape).collect::<Vec<_>>().join(", ")
            ),
            ExprKind::IsMissing { value, negated } => {
                format!("({} is {}missing)", shape(value), if *negated { "not " } else { "" })
            }
            ExprKind::IsBool { value, expected, negated } => {
                format!("({} is {}{expected})", shape(value), if *negated { "not " } else { "" })
            }
            ExprKind::Like { value, pattern, negated } => {
                format!("({} {}like {pattern:?})", shape(value), if *negated { "not " } else { "" })
            }
            ExprKind::Call { function, args } => format!(
                "{}({})",
                function.name(),
                args.iter().map(shape).collect::<Vec<_>>().join(", ")
            ),
            ExprKind::Aggregate { function, arg } => format!("{}({})", function.name(), shape(arg)),
        }
    }

    fn error(src: &str) -> RuleError {
        match Expr::parse(src) {
            Ok(e) => panic!("`{src}` parsed as {}", shape(&e)),
            Err(e) => e,
        }
    }

    #[test]
    fn precedence_of_logic_comparison_and_arithmetic() {
        let cases = [
            ("a or b and c", "(a or (b and c))"),
            ("a and b or c", "((a and b) or c)"),
            ("not a and b", "((not a) and b)"),
            ("not a == b", "(not (a == b))"),
            ("a + b * c > d - e / f", "((a + (b * c)) > (d - (e / f)))"),
            ("a - b - c", "((a - b) - c)"),
            ("a / b / c", "((a / b) / c)"),
            ("-a * b", "((- a) * b)"),
            ("- -3", "(- (- 3))"),
            ("!a || b && c", "((not a) or (b and c))"),
            ("(a or b) and c", "((a or b) and c)"),
            ("x = 1 or y <> 2", "((x == 1) or (y != 2))"),
            (
                "a + 1 is not missing and b is missing",
                "(((a + 1) is not missing) and (b is missing))",
            ),
            (
                "x in [1, -2, 3,] or y not in [\"a\"]",
                "((x in [1, (- 2), 3]) or (y not in [\"a\"]))",
            ),
            ("\"crm\" in tags", "contains(tags, \"crm\")"),
            ("\"crm\" not in tags and won", "((not contains(tags, \"crm\")) and won)"),
            ("tags contains \"crm\" or won", "(contains(tags, \"crm\") or won)"),
            ("won and won_value >= p75(won_value)", "(won and (won_value >= p75(won_value)))"),
            ("`Lead Source` == 'Web'", "(Lead Source == \"Web\")"),
            ("lower(name) == upper(\"x\")", "(lower(name) == upper(\"x\"))"),
            ("coalesce(a, b, 0) > 1", "(coalesce(a, b, 0) > 1)"),
            ("signup >= date(\"1970-01-02\")", "(signup >= date(1))"),
            ("MEDIAN(x) < Mean(x)", "(median(x) < mean(x))"),
            ("AND_x and OR_y", "(AND_x and OR_y)"),
            ("missing is missing", "(missing is missing)"),
            ("contains contains \"a\"", "contains(contains, \"a\")"),
        ];
        for (src, expected) in cases {
            let parsed = parse(src);
            assert_eq!(shape(&parsed), expected, "{src}");
        }
    }

    #[test]
    fn spans_cover_the_source_of_each_node() {
        let src = "won and (won_value >= p75(won_value))";
        let e = parse(src);
        assert_eq!(e.span(), 0..src.len());
        let ExprKind::Binary { left, right, .. } = e.kind() else { panic!() };
        assert_eq!(&src[left.span()], "won");
        assert_eq!(&src[right.span()], "(won_value >= p75(won_value))");
        let ExprKind::Binary { right: p75, .. } = right.kind() else { panic!() };
        assert_eq!(&src[p75.span()], "p75(won_value)");
    }

    #[test]
    fn syntax_errors_point_at_the_problem() {
        let cases: [(&str, &str, &str); 16] = [
            ("", "empty rule; write a condition, e.g. `won_deals > 0`", ""),
            (
                "won and",
                "expected a value, a column or `(`, found the end of the rule; e.g. a number \
                 (`5000`), text in quotes (`\"Web\"`) or a column (`won_value`)",
                "",
            ),
            ("(won", "expected `)` to close the `(` at column 1, found the end of the rule", ""),
            (
                "won won_value",
                "expected an operator such as `and`, `or` or `==`, found `won_value`",
                "won_value",
            ),
            (
                "a < b < c",
                "comparisons cannot be chained; combine them with `and`, or add parentheses",
                "<",
            ),
            (
                "a == 1 in [1]",
                "comparisons cannot be chained; combine them with `and`, or add parentheses",
                "in",
            ),
            (
                "x is nothing",
                "expected `missing`, `null`, `true` or `false` after `is`, found `nothing`, \
                 e.g. `x is missing` or `x is true`",
                "nothing",
            ),
            (
                "x in [1, y]",
                "list items must be literal values such as 3, \"a\", true or date(\"2020-01-31\"); \
                 to compare with another column write `x == y or x == z`",
                "y",
            ),
            (
                "x in []",
                "empty list; a list needs at least one item, e.g. `x in [\"a\", \"b\"]`",
                "[]",
            ),
            ("x in [1 2]", "expected `,` or `]` to close the `[` at column 6, found `2`", "2"),
            (
                "[1] == x",
                "a list `[...]` can only follow `in` or `not in`, e.g. `x in [1, 2]`",
                "[",
            ),
            (
                "lower(a, b) == 'x'",
                "lower() takes 1 argument, got 2 arguments; e.g. `lower(country) == \"japan\"`",
                "lower(a, b)",
            ),
            (
                "coalesce(a)",
                "coalesce() takes at least 2 arguments, got 1 argument; e.g. `coalesce(employees, 0)`",
                "coalesce(a)",
            ),
            (
                "p75() > 1",
                "p75() takes 1 argument, got 0 arguments; e.g. `p75(won_value)`",
                "p75()",
            ),
            (
                "x > date(\"2020-02-30\")",
                "invalid date \"2020-02-30\"; write dates as \"YYYY-MM-DD\", e.g. \"2020-01-31\"",
                "\"2020-02-30\"",
            ),
            ("x > date(y)", "date() takes a string literal such as \"2020-01-31\"", "y"),
        ];
        for (src, message, spanned) in cases {
            let err = error(src);
            assert_eq!(err.message, message, "{src}");
            assert_eq!(&src[err.span.clone()], spanned, "{src}");
        }
    }

    #[test]
    fn unknown_function_lists_the_known_ones() {
        let err = error("won and lowr(name) == 'x'");
        assert_eq!(err.span, 8..12);
        assert!(err.message.starts_with("unknown function `lowr` (did you mean `lower`?); known functions: abs, coalesce, contains, count, date,"), "{}", err.message);
        assert!(err.message.contains("p0..p100"));
        let err = error("p101(x) > 1");
        assert!(err.message.starts_with("unknown function `p101`;"), "{}", err.message);
    }

    #[test]
    fn deep_nesting_is_rejected_not_a_stack_overflow() {
        let deep = format!("{}x{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(error(&deep).message.starts_with("rule is nested too deeply"));
        let long_chain = vec!["x"; 10_000].join(" + ");
        assert!(error(&long_chain).message.starts_with("rule is too long"));
        let nots = format!("{}x", "not ".repeat(10_000));
        assert!(error(&nots).message.starts_with("rule is nested too deeply"));
        // Reasonable rules are nowhere near the limit, and a flat list of 150 (or 500)
        // alternatives is not nesting: it parses, prints and parses back.
        parse(&vec!["x > 1"; 100].join(" and "));
        for n in [150, 500] {
            let flat = (0..n).map(|i| format!("x == {i}")).collect::<Vec<_>>().join(" or ");
            let expr = parse(&flat);
            assert_eq!(parse(&expr.to_string()), expr);
        }
    }

    #[test]
    fn from_str_is_parse() {
        let parsed: Expr = "a > 1".parse().unwrap();
        assert_eq!(parsed, parse("a > 1"));
        assert!("a >".parse::<Expr>().is_err());
    }

    #[test]
    fn iso_dates_are_strict() {
        let day = |src: &str| match parse(&format!("date(\"{src}\")")).kind {
            ExprKind::Date(d) => d,
            other => panic!("{other:?}"),
        };
        assert_eq!(day("1970-01-01"), 0);
        assert_eq!(day("2000-02-29"), 11_016);
        for bad in [
            "1900-02-29",
            "2023-02-29",
            "2024-02-31",
            "2020-13-01",
            "2020-1-01",
            "2020/01/01",
            "2020-01-00",
            "２０２０-01-01",
        ] {
            let src = format!("date(\"{bad}\")");
            let err = Expr::parse(&src).expect_err(bad);
            assert!(err.message.contains("invalid date"), "{bad}: {}", err.message);
        }
    }
}
