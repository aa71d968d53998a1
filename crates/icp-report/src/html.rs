//! A tiny HTML/SVG builder: every element is closed by construction, every text and attribute
//! value is escaped. Only [`Html::raw`] writes unescaped text, for the style sheet and for
//! markup this builder made itself.

/// Escapes text for an element's content.
pub fn escape_text(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // Control characters have no place in a page; keep tabs and newlines.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// Escapes text for a double-quoted attribute value.
pub fn escape_attr(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
}

/// Elements that have no closing tag in HTML.
const VOID: &[&str] = &["meta", "br", "hr", "col", "wbr"];

/// Builds markup into a string.
#[derive(Debug, Default)]
pub struct Html {
    out: String,
}

impl Html {
    /// An empty document fragment.
    pub fn new() -> Self {
        Html { out: String::with_capacity(16 * 1024) }
    }

    fn start_tag(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        debug_assert!(valid_name(tag), "tag {tag:?}");
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            debug_assert!(valid_name(name), "attribute {name:?}");
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            escape_attr(value, &mut self.out);
            self.out.push('"');
        }
        self.out.push('>');
    }

    /// An element whose content `body` writes.
    pub fn el(&mut self, tag: &str, attrs: &[(&str, &str)], body: impl FnOnce(&mut Html)) {
        debug_assert!(!VOID.contains(&tag));
        self.start_tag(tag, attrs);
        body(self);
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }

    /// An element holding only text.
    pub fn text_el(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) {
        self.el(tag, attrs, |h| h.text(text));
    }

    /// An element with no content (`<rect ...></rect>` in SVG, `<meta ...>` in HTML).
    pub fn empty(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        if VOID.contains(&tag) {
            self.start_tag(tag, attrs);
        } else {
            self.el(tag, attrs, |_| {});
        }
    }

    /// Escaped text.
    pub fn text(&mut self, s: &str) {
        escape_text(s, &mut self.out);
    }

    /// Markup written as is: only for constants and for markup built with [`Html`].
    pub fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// A line break in the source, to keep the page readable.
    pub fn nl(&mut self) {
        self.out.push('\n');
    }

    /// The markup.
    pub fn finish(self) -> String {
        self.out
    }
}

fn valid_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':')
        && !s.eq_ignore_ascii_case("script")
        && !s.to_ascii_lowercase().starts_with("on")
}

/// Cuts a text to at most `max` characters, ending with "…" when cut.
pub fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes() {
        let mut h = Html::new();
        h.el("p", &[("title", "a \"b\" <c> & 'd'")], |h| h.text("<script>alert(1)</script> & co"));
        assert_eq!(
            h.finish(),
            "<p title=\"a &quot;b&quot; &lt;c&gt; &amp; &#39;d&#39;\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</p>"
        );
    }

    #[test]
    fn void_and_empty_elements() {
        let mut h = Html::new();
        h.empty("meta", &[("charset", "utf-8")]);
        h.empty("rect", &[("x", "1")]);
        assert_eq!(h.finish(), "<meta charset=\"utf-8\"><rect x=\"1\"></rect>");
    }

    #[test]
    fn clips_long_text() {
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("abc", 4), "abc");
        assert_eq!(clip("日本語のテキスト", 5), "日本語の…");
    }
}
