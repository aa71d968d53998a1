//! Errors that point into the rule's source text, and the "did you mean" helper.

use std::ops::Range;

/// A problem with a rule, located in its source text.
///
/// Messages name columns and quote the rule, never cell values: customer data is personal
/// and error messages end up in logs and terminals.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct RuleError {
    /// What is wrong, in one sentence.
    pub message: String,
    /// Byte range of the offending text in the rule; empty at the end of the rule when
    /// something is missing there.
    pub span: Range<usize>,
}

impl RuleError {
    pub(crate) fn new(message: impl Into<String>, span: Range<usize>) -> Self {
        RuleError { message: message.into(), span }
    }

    /// 1-based line and 1-based column (counted in characters) where the error starts.
    pub fn line_column(&self, src: &str) -> (usize, usize) {
        let start = floor_char_boundary(src, self.span.start);
        let before = &src[..start];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, src[line_start..start].chars().count() + 1)
    }

    /// The message, the offending line and a caret underline, ready to print:
    ///
    /// ```text
    /// error in rule: unknown column `won_valu` (did you mean `won_value`?)
    ///   won and won_valu >= p75(won_value)
    ///           ^^^^^^^^
    /// ```
    ///
    /// Multi-line rules name the line in the first line. Carets line up under wide (CJK)
    /// characters, which take two terminal cells.
    pub fn render(&self, src: &str) -> String {
        let start = floor_char_boundary(src, self.span.start);
        let end = floor_char_boundary(src, self.span.end.max(start));
        let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
        let end = end.min(line_end);
        let line_text = src[line_start..line_end].trim_end_matches('\r');
        let header = if src.contains('\n') {
            let (line, _) = self.line_column(src);
            format!("error in rule (line {line}): {}", self.message)
        } else {
            format!("error in rule: {}", self.message)
        };
        // Tabs would make the caret column depend on the terminal, so show them as spaces.
        let shown_line = line_text.replace('\t', " ");
        let indent = display_width(&src[line_start..start]);
        let carets = display_width(&src[start..end]).max(1);
        format!("{header}\n  {shown_line}\n  {}{}", " ".repeat(indent), "^".repeat(carets))
    }
}

/// The largest char boundary at or below `index` (clamped to the string), so that spans
/// handed in by callers can never make rendering panic.
fn floor_char_boundary(s: &str, index: usize) -> usize {
    let mut i = index.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Terminal cells a string occupies: East Asian wide characters take two, combining marks
/// none. An approximation of Unicode's East Asian Width that covers CJK, kana, Hangul,
/// fullwidth forms and common emoji, to avoid a dependency just for caret alignment.
pub(crate) fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    let code = c as u32;
    let zero_width = matches!(code,
        0x0300..=0x036F | 0x200B..=0x200F | 0x3099..=0x309A | 0xFE00..=0xFE0F);
    let wide = matches!(code,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD);
    if zero_width {
        0
    } else if wide {
        2
    } else {
        1
    }
}

/// The candidate closest to `name` by case-insensitive edit distance, if it is close enough
/// to be a plausible typo (at most one edit per three characters, and at least one).
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(name, candidate), candidate))
        .filter(|&(distance, _)| distance <= limit)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance between the lower-cased characters of `a` and `b`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    // One row of the dynamic-programming table at a time.
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_caret_under_the_span() {
        let src = "won and won_valu >= p75(won_value)";
        let err = RuleError::new("unknown column `won_valu` (did you mean `won_value`?)", 8..16);
        assert_eq!(
            err.render(src),
            "error in rule: unknown column `won_valu` (did you mean `won_value`?)\n  \
             won and won_valu >= p75(won_value)\n          ^^^^^^^^"
        );
        assert_eq!(err.line_column(src), (1, 9));
    }

    #[test]
    fn carets_account_for_wide_characters() {
        let src = "`業種` == 製造";
        let start = src.find("製造").unwrap();
        let err = RuleError::new("unknown column `製造`", start..src.len());
        let rendered = err.render(src);
        let caret_line = rendered.lines().last().unwrap();
        // "`業種` == " is 1 + 4 + 1 + 4 = 10 cells; "製造" is 4 cells.
        assert_eq!(caret_line, format!("  {}^^^^", " ".repeat(10)));
        assert_eq!(err.line_column(src), (1, 9));
    }

    #[test]
    fn empty_span_at_the_end_gets_one_caret() {
        let src = "won and";
        let err = RuleError::new("expected an expression", 7..7);
        assert!(err.render(src).ends_with("\n  won and\n         ^"), "{}", err.render(src));
        assert_eq!(err.line_column(src), (1, 8));
    }

    #[test]
    fn multi_line_rules_show_the_right_line() {
        let src = "won\n  and  x > 1";
        let err = RuleError::new("unknown column `x`", 11..12);
        assert_eq!(err.line_column(src), (2, 8));
        assert_eq!(
            err.render(src),
            "error in rule (line 2): unknown column `x`\n    and  x > 1\n         ^"
        );
    }

    #[test]
    fn out_of_range_spans_do_not_panic() {
        // Byte 2 is inside `é`; the end is past the string.
        let err = RuleError::new("m", 2..100);
        assert!(err.render("aé").contains('^'));
        assert_eq!(err.line_column("aé"), (1, 2));
    }

    #[test]
    fn suggestions_need_a_close_match() {
        let names = ["won_value", "won", "employees"];
        assert_eq!(closest("won_valu", names), Some("won_value"));
        assert_eq!(closest("WON_VALUE", names), Some("won_value"));
        assert_eq!(closest("employes", names), Some("employees"));
        assert_eq!(closest("revenue", names), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
