//! Splits a rule into tokens, each with its byte span.

use std::ops::Range;

use crate::error::RuleError;

/// One token kind. Reserved words are recognised here (case-insensitively); `missing` and
/// `contains` stay identifiers because they are keywords only in one position each, and
/// columns with those names should keep working.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Number(f64),
    Text(String),
    /// A bare identifier: column or function name, or a contextual keyword.
    Ident(String),
    /// A backtick-quoted name: always a column.
    QuotedIdent(String),
    And,
    Or,
    Not,
    In,
    Is,
    True,
    False,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    Star,
    Slash,
    End,
}

/// A token and where it is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub span: Range<usize>,
}

/// Words that can never be bare column names (use backticks for such columns).
pub(crate) const RESERVED_WORDS: [&str; 7] = ["and", "or", "not", "in", "is", "true", "false"];

/// Whether `c` can start a bare identifier. Any letter counts, including non-ASCII ones such
/// as kana and kanji, so Japanese headers need no quoting.
pub(crate) fn is_identifier_start(c: char) -> bool {
    c == '_' || c.is_alphabetic() || (!c.is_ascii() && is_identifier_continue(c))
}

/// Whether `c` can continue a bare identifier: letters, digits, `_`, `.`, plus combining marks
/// and the Japanese middle dot, which occur inside real-world headers (`業種・規模`).
pub(crate) fn is_identifier_continue(c: char) -> bool {
    c == '_'
        || c == '.'
        || c.is_alphanumeric()
        || matches!(c as u32, 0x0300..=0x036F | 0x3099..=0x309A | 0x30FB | 0xFF65)
}

/// Currency signs a number may start with, as exports write amounts (`¥5,000`, `$1,200`).
const CURRENCY_PREFIXES: [char; 7] = ['$', '€', '£', '¥', '￥', '₩', '₹'];

/// Tokens of `src`, ending with [`Tok::End`] (whose span is empty, at the end).
pub(crate) fn tokenize(src: &str) -> Result<Vec<Token>, RuleError> {
    let mut lexer = Lexer { src, pos: 0, separating: Vec::new(), previous: None };
    let mut tokens = Vec::new();
    loop {
        let token = lexer.next_token()?;
        match token.tok {
            // `[`, `in (` and `name(` hold items separated by commas; other parentheses
            // group an expression, where `1,000` can only be a number.
            Tok::LBracket => lexer.separating.push(true),
            Tok::LParen => {
                lexer.separating.push(matches!(lexer.previous, Some(Tok::Ident(_) | Tok::In)))
            }
            Tok::RBracket | Tok::RParen => {
                lexer.separating.pop();
            }
            _ => {}
        }
        lexer.previous = Some(token.tok.clone());
        let at_end = token.tok == Tok::End;
        tokens.push(token);
        if at_end {
            return Ok(tokens);
        }
    }
}

struct Lexer<'s> {
    src: &'s str,
    pos: usize,
    /// Per open bracket, whether commas inside it separate items (lists, arguments).
    separating: Vec<bool>,
    /// The token before the current one.
    previous: Option<Tok>,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn peek_second(&self) -> Option<char> {
        self.src[self.pos..].chars().nth(1)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat_while(&mut self, mut keep: impl FnMut(char) -> bool) {
        while self.peek().is_some_and(&mut keep) {
            self.bump();
        }
    }

    fn next_token(&mut self) -> Result<Token, RuleError> {
        self.eat_while(char::is_whitespace);
        let start = self.pos;
        let Some(c) = self.bump() else {
            return Ok(Token { tok: Tok::End, span: start..start });
        };
        let tok = match c {
            '0'..='9' => return self.number(start),
            c if CURRENCY_PREFIXES.contains(&c)
                && self.peek().is_some_and(|d| d.is_ascii_digit()) =>
            {
                return self.number(start);
            }
            '"' | '\'' => return self.string(start, c),
            '`' => return self.quoted_identifier(start),
            c if is_identifier_start(c) => {
                self.eat_while(is_identifier_continue);
                let word = &self.src[start..self.pos];
                reserved_word(word).unwrap_or_else(|| Tok::Ident(word.to_string()))
            }
            '(' => Tok::LParen,
            ')' => Tok::RParen,
            '[' => Tok::LBracket,
            ']' => Tok::RBracket,
            ',' => Tok::Comma,
            '+' => Tok::Plus,
            '-' => Tok::Minus,
            '*' => Tok::Star,
            '/' => Tok::Slash,
            '=' => {
                self.eat_if('=');
                Tok::Eq
            }
            '!' => {
                if self.eat_if('=') {
                    Tok::Ne
                } else {
                    Tok::Not
                }
            }
            '<' => {
                if self.eat_if('=') {
                    Tok::Le
                } else if self.eat_if('>') {
                    Tok::Ne
                } else {
                    Tok::Lt
                }
            }
            '>' => {
                if self.eat_if('=') {
                    Tok::Ge
                } else {
                    Tok::Gt
                }
            }
            '&' | '|' => {
                if self.eat_if(c) {
                    if c == '&' { Tok::And } else { Tok::Or }
                } else {
                    let word = if c == '&' { "and" } else { "or" };
                    return Err(RuleError::new(
                        format!("unexpected `{c}`; write `{c}{c}` or `{word}`"),
                        start..self.pos,
                    ));
                }
            }
            other => return Err(unexpected_character(other, start..self.pos)),
        };
        Ok(Token { tok, span: start..self.pos })
    }

    fn eat_if(&mut self, expected: char) -> bool {
        if self.peek() == Some(expected) {
            self.bump();
            true
        } else {
            false
        }
    }

    /// `12`, `2.5`, `1e3`, `1.5E-3`, and numbers written as exports write them: thousands
    /// separators (`5,000`), a currency sign or code before or after (`¥5,000`, `5,000円`,
    /// `1200USD`) and a percent sign (`12%`, which is 12, as icp reads such cells). The value
    /// is read by the same rules as cells ([`icp_io::parse::parse_number`]). A fraction or
    /// exponent must have digits, so `3.x` and `10k` are errors rather than a number glued to
    /// a name.
    ///
    /// Inside a list or a call, where a comma separates items, `1,000` is two items (`1` and
    /// `000`) as it always was; a grouping that can only be a number there (`[5,000円]`,
    /// `[1,000]`) is refused as ambiguous.
    fn number(&mut self, start: usize) -> Result<Token, RuleError> {
        let prefixed = !self.src[start..].starts_with(|c: char| c.is_ascii_digit());
        self.eat_while(|c| c.is_ascii_digit());
        let groups_start = self.pos;
        let groups_end = self.thousands_groups(start);
        if groups_end > groups_start {
            let separating = self.separating.last().copied().unwrap_or(false);
            if separating {
                let zero_group = self.src[groups_start..groups_end].contains(",0");
                let after = &self.src[groups_end..];
                let unit = after.starts_with('%')
                    || after.starts_with(CURRENCY_PREFIXES)
                    || after.starts_with(is_identifier_continue);
                if prefixed || zero_group || unit {
                    let written_end = groups_end + unit_length(after);
                    let written = &self.src[start..written_end];
                    let digits: String =
                        self.src[start..groups_end].chars().filter(char::is_ascii_digit).collect();
                    return Err(RuleError::new(
                        format!(
                            "`{written}` is ambiguous here, where a comma separates items; \
                             write the number without separators, e.g. `{digits}`"
                        ),
                        start..written_end,
                    ));
                }
            } else {
                self.pos = groups_end;
            }
        }
        if self.peek() == Some('.') && self.peek_second().is_some_and(|c| c.is_ascii_digit()) {
            self.bump();
            self.eat_while(|c| c.is_ascii_digit());
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            let rest = &self.src[self.pos + 1..];
            let sign_len = usize::from(rest.starts_with(['+', '-']));
            if rest[sign_len..].starts_with(|c: char| c.is_ascii_digit()) {
                self.pos += 1 + sign_len;
                self.eat_while(|c| c.is_ascii_digit());
            }
        }
        let digits_end = self.pos;
        let unit = unit_length(&self.src[self.pos..]);
        if unit > 0 {
            let word = &self.src[self.pos..self.pos + unit];
            let is_unit = word == "%"
                || word.chars().all(|c| CURRENCY_PREFIXES.contains(&c))
                || is_currency_word(word);
            if is_unit && !prefixed {
                self.pos += unit;
            }
        }
        if self.peek().is_some_and(is_identifier_continue) {
            self.eat_while(is_identifier_continue);
            let text = &self.src[start..self.pos];
            let digits = &self.src[start..digits_end];
            return Err(RuleError::new(
                format!(
                    "invalid number `{text}`: write a number as digits, e.g. `{digits}` \
                     (a currency sign, a currency code such as 円 or USD, or % may follow), \
                     and put a column whose name starts with a digit in backticks, \
                     e.g. `` `{text}` ``"
                ),
                start..self.pos,
            ));
        }
        let text = &self.src[start..self.pos];
        let too_large = || {
            RuleError::new(
                format!(
                    "number `{text}` is too large; numbers must be below about 1.8e308, \
                     e.g. `1e300`"
                ),
                start..self.pos,
            )
        };
        // Plain numbers parse as before; the rest by the rules cells are read with.
        let value = match text.parse::<f64>() {
            Ok(value) => value,
            Err(_) => match icp_io::parse::parse_number(text, icp_io::parse::DecimalStyle::Point) {
                icp_io::parse::NumberCell::Finite(value) => value,
                icp_io::parse::NumberCell::NonFinite => return Err(too_large()),
                icp_io::parse::NumberCell::Invalid => {
                    let digits: String =
                        text.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect();
                    return Err(RuleError::new(
                        format!("invalid number `{text}`; write it as digits, e.g. `{digits}`"),
                        start..self.pos,
                    ));
                }
            },
        };
        if !value.is_finite() {
            return Err(too_large());
        }
        Ok(Token { tok: Tok::Number(value), span: start..self.pos })
    }

    /// The end of the `,ddd` groups right after the digits at the current position (the
    /// current position when there are none). Groups follow one to three leading digits and
    /// are exactly three digits each, as in [`icp_io::parse::parse_number`].
    fn thousands_groups(&self, start: usize) -> usize {
        let leading = self.src[start..self.pos].chars().filter(char::is_ascii_digit).count();
        if !(1..=3).contains(&leading) {
            return self.pos;
        }
        let bytes = self.src.as_bytes();
        let mut end = self.pos;
        while bytes.get(end) == Some(&b',')
            && bytes.get(end + 1..end + 4).is_some_and(|g| g.iter().all(u8::is_ascii_digit))
            && !bytes.get(end + 4).is_some_and(u8::is_ascii_digit)
        {
            end += 4;
        }
        end
    }

    /// A string in `"` or `'`. Escapes: `\"`, `\'`, `\\`, `\n`, `\t`.
    fn string(&mut self, start: usize, quote: char) -> Result<Token, RuleError> {
        let mut value = String::new();
        loop {
            let escape_start = self.pos;
            match self.bump() {
                None => {
                    return Err(RuleError::new(
                        format!("unterminated string: add a closing {quote}"),
                        start..self.src.len(),
                    ));
                }
                Some(c) if c == quote => break,
                Some('\\') => match self.bump() {
                    Some(c @ ('"' | '\'' | '\\')) => value.push(c),
                    Some('n') => value.push('\n'),
                    Some('t') => value.push('\t'),
                    Some(other) => {
                        return Err(RuleError::new(
                            format!(
                                "unknown escape `\\{other}` in string (known: \\\" \\' \\\\ \\n \\t)"
                            ),
                            escape_start..self.pos,
                        ));
                    }
                    None => {
                        return Err(RuleError::new(
                            format!("unterminated string: add a closing {quote}"),
                            start..self.src.len(),
                        ));
                    }
                },
                Some(c) => value.push(c),
            }
        }
        Ok(Token { tok: Tok::Text(value), span: start..self.pos })
    }

    /// `` `Lead Source` ``; a doubled backtick stands for one.
    fn quoted_identifier(&mut self, start: usize) -> Result<Token, RuleError> {
        let mut name = String::new();
        loop {
            match self.bump() {
                None => {
                    return Err(RuleError::new(
                        "unterminated column name: add a closing `",
                        start..self.src.len(),
                    ));
                }
                Some('`') if self.peek() == Some('`') => {
                    self.bump();
                    name.push('`');
                }
                Some('`') => break,
                Some(c) => name.push(c),
            }
        }
        if name.is_empty() {
            return Err(RuleError::new(
                "empty column name; write the name between the backticks, e.g. `Lead Source`",
                start..self.pos,
            ));
        }
        Ok(Token { tok: Tok::QuotedIdent(name), span: start..self.pos })
    }
}

/// Currency codes and words that may follow a number, as [`icp_io::parse::parse_number`]
/// strips them.
fn is_currency_word(word: &str) -> bool {
    ["円", "USD", "EUR", "GBP", "JPY", "CHF", "AUD"].contains(&word)
}

/// Bytes of a unit right at the start of `rest`: `%`, a currency sign, or a word.
fn unit_length(rest: &str) -> usize {
    match rest.chars().next() {
        Some('%') => 1,
        Some(c) if CURRENCY_PREFIXES.contains(&c) => c.len_utf8(),
        Some(c) if is_identifier_continue(c) => {
            rest.find(|c: char| !is_identifier_continue(c)).unwrap_or(rest.len())
        }
        _ => 0,
    }
}

/// The error for a character the language has no use for, with the spelling that works.
fn unexpected_character(c: char, span: Range<usize>) -> RuleError {
    let message = match c {
        // Full-width forms, as Japanese input methods type them: say the ASCII one.
        '\u{FF01}'..='\u{FF5E}' => {
            let ascii = char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c);
            format!("unexpected full-width character `{c}`; write `{ascii}` instead")
        }
        '\u{3000}' => "unexpected full-width space; write an ordinary space instead".to_string(),
        '%' => "unexpected `%`; a percent sign follows a number directly, e.g. `12%`, \
                and a pattern goes in quotes after `like`, e.g. `name like \"%Inc%\"`"
            .to_string(),
        '“' | '”' | '‘' | '’' | '「' | '」' => {
            format!("unexpected `{c}`; put text in straight quotes, e.g. \"Web\" or 'Web'")
        }
        _ => format!(
            "unexpected character `{c}`; put text in quotes, e.g. \"{c}\", and a column \
             whose name has such characters in backticks, e.g. `` `{c}` ``"
        ),
    };
    RuleError::new(message, span)
}

fn reserved_word(word: &str) -> Option<Tok> {
    let tok = match word.to_ascii_lowercase().as_str() {
        "and" => Tok::And,
        "or" => Tok::Or,
        "not" => Tok::Not,
        "in" => Tok::In,
        "is" => Tok::Is,
        "true" => Tok::True,
        "false" => Tok::False,
        _ => return None,
    };
    Some(tok)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<Tok> {
        tokenize(src).unwrap().into_iter().map(|t| t.tok).collect()
    }

    fn error(src: &str) -> RuleError {
        tokenize(src).unwrap_err()
    }

    #[test]
    fn numbers() {
        assert_eq!(
            kinds("3 2.5 1e3 1.5E-3 7e+2"),
            [
                Tok::Number(3.0),
                Tok::Number(2.5),
                Tok::Number(1000.0),
                Tok::Number(0.0015),
                Tok::Number(700.0),
                Tok::End
            ]
        );
    }

    #[test]
    fn strings_with_escapes_in_both_quotes() {
        assert_eq!(
            kinds(r#""a\"b\\c" 'it\'s' "tab\there""#),
            [
                Tok::Text("a\"b\\c".into()),
                Tok::Text("it's".into()),
                Tok::Text("tab\there".into()),
                Tok::End
            ]
        );
        assert_eq!(kinds(r#"'say "hi"'"#), [Tok::Text("say \"hi\"".into()), Tok::End]);
    }

    #[test]
    fn identifiers_including_japanese_dots_and_backticks() {
        assert_eq!(
            kinds("業種 deal.amount _x1 `Lead Source` `a``b` データ・分析"),
            [
                Tok::Ident("業種".into()),
                Tok::Ident("deal.amount".into()),
                Tok::Ident("_x1".into()),
                Tok::QuotedIdent("Lead Source".into()),
                Tok::QuotedIdent("a`b".into()),
                Tok::Ident("データ・分析".into()),
                Tok::End
            ]
        );
    }

    #[test]
    fn reserved_words_are_case_insensitive_and_symbols_alias_them() {
        assert_eq!(
            kinds("AND && Or || not ! In IS True false missing"),
            [
                Tok::And,
                Tok::And,
                Tok::Or,
                Tok::Or,
                Tok::Not,
                Tok::Not,
                Tok::In,
                Tok::Is,
                Tok::True,
                Tok::False,
                Tok::Ident("missing".into()),
                Tok::End
            ]
        );
    }

    #[test]
    fn operators_and_their_spans() {
        let tokens = tokenize("a<>b!=c<=d>=e==f=g<h>i").unwrap();
        let ops: Vec<_> =
            tokens.iter().filter(|t| !matches!(t.tok, Tok::Ident(_) | Tok::End)).collect();
        let expected = [Tok::Ne, Tok::Ne, Tok::Le, Tok::Ge, Tok::Eq, Tok::Eq, Tok::Lt, Tok::Gt];
        assert_eq!(ops.iter().map(|t| t.tok.clone()).collect::<Vec<_>>(), expected);
        assert_eq!(ops[0].span, 1..3);
        assert_eq!(ops[5].span, 16..17);
        assert_eq!(tokenize("業種 > 1").unwrap()[1].span, 7..8);
    }

    #[test]
    fn errors_point_at_the_bad_text() {
        let e = error("a > 10k");
        assert_eq!(e.span, 4..7);
        assert!(e.message.starts_with("invalid number `10k`"), "{}", e.message);
        assert_eq!(error("a > 3.x").span, 4..7);

        let e = error("name == \"abc");
        assert_eq!(
            (e.span.clone(), e.message.as_str()),
            (8..12, "unterminated string: add a closing \"")
        );

        let e = error(r#"x == "a\qb""#);
        assert_eq!(e.span, 7..9);
        assert!(e.message.starts_with("unknown escape `\\q`"));

        let e = error("`Lead Source == 1");
        assert_eq!(e.span, 0..17);
        assert_eq!(
            error("`` == 1").message,
            "empty column name; write the name between the backticks, e.g. `Lead Source`"
        );

        let e = error("a & b");
        assert_eq!(
            (e.span.clone(), e.message.as_str()),
            (2..3, "unexpected `&`; write `&&` or `and`")
        );
        let e = error("a ＝ 1");
        assert_eq!(
            (e.span.clone(), e.message.as_str()),
            (2..5, "unexpected full-width character `＝`; write `=` instead")
        );
        let e = error("a ? 1");
        assert_eq!(
            e.message,
            "unexpected character `?`; put text in quotes, e.g. \"?\", and a column whose \
             name has such characters in backticks, e.g. `` `?` ``"
        );
        assert_eq!(
            error("x > 1e999").message,
            "number `1e999` is too large; numbers must be below about 1.8e308, e.g. `1e300`"
        );
    }
}
