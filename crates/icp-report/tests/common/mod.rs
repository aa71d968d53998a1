//! A tiny, strict checker for the pages this crate writes: balanced tags, escaped text and
//! attributes, no script, no external reference of any kind.

#![allow(dead_code)]

/// What a page holds, once checked.
#[derive(Debug, Default)]
pub struct Page {
    /// Element ids in document order.
    pub ids: Vec<String>,
    /// Text nodes, unescaped, outside `<style>`.
    pub texts: Vec<String>,
    /// Text a reader meets in attributes (`aria-label`, `title`), unescaped.
    pub attribute_texts: Vec<String>,
    /// Elements by name, in document order.
    pub elements: Vec<String>,
    /// The `lang` of `<html>`.
    pub lang: Option<String>,
    /// The style sheets' text.
    pub css: String,
}

impl Page {
    /// Everything a reader sees, one text per line.
    pub fn visible(&self) -> String {
        let mut all = self.texts.join("\n");
        all.push('\n');
        all.push_str(&self.attribute_texts.join("\n"));
        all
    }
}

const VOID: &[&str] = &["meta", "br", "hr", "col", "wbr", "img", "link", "input"];
/// Attributes whose value is a reference.
const REFERENCES: &[&str] = &[
    "href",
    "src",
    "xlink:href",
    "action",
    "formaction",
    "poster",
    "srcset",
    "data",
    "background",
];

fn unescape(s: &str, at: usize) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let (entity, text) =
            [("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'")]
                .into_iter()
                .find(|(e, _)| tail.starts_with(e))
                .ok_or_else(|| {
                    format!(
                        "unescaped or unknown entity at byte {at}: {:?}",
                        &tail[..tail.len().min(12)]
                    )
                })?;
        out.push_str(text);
        rest = &tail[entity.len()..];
    }
    out.push_str(rest);
    Ok(out)
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':')
}

/// Checks a whole page; the error names the first problem and where it is.
pub fn check(html: &str) -> Result<Page, String> {
    let mut page = Page::default();
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html.strip_prefix("<!DOCTYPE html>").ok_or("no <!DOCTYPE html>")?;
    let base = html.len();
    while !rest.is_empty() {
        let at = base - rest.len();
        match rest.find('<') {
            Some(0) => {}
            Some(i) => {
                text(&rest[..i], at, &mut page)?;
                rest = &rest[i..];
                continue;
            }
            None => {
                text(rest, at, &mut page)?;
                break;
            }
        }
        if rest.starts_with("<!--") {
            return Err(format!("comment at byte {at}"));
        }
        let end = rest.find('>').ok_or_else(|| format!("unclosed tag at byte {at}"))?;
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let open =
                stack.pop().ok_or_else(|| format!("</{name}> closes nothing at byte {at}"))?;
            if open != name {
                return Err(format!("</{name}> closes <{open}> at byte {at}"));
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let (name, attrs) = tag.split_once(' ').unwrap_or((tag, ""));
        if !is_name(name) {
            return Err(format!("bad tag name {name:?} at byte {at}"));
        }
        let name = name.to_ascii_lowercase();
        if name == "script"
            || name == "iframe"
            || name == "object"
            || name == "embed"
            || name == "link"
        {
            return Err(format!("<{name}> at byte {at}: the page must not load or run anything"));
        }
        attributes(&name, attrs, at, &mut page)?;
        page.elements.push(name.clone());
        if name == "style" {
            let close = rest.find("</style>").ok_or("unclosed <style>")?;
            let css = &rest[..close];
            let lower = css.to_ascii_lowercase();
            for bad in ["@import", "url(", "</", "expression("] {
                if lower.contains(bad) {
                    return Err(format!("style sheet contains {bad:?}"));
                }
            }
            page.css.push_str(css);
            rest = &rest[close + "</style>".len()..];
            continue;
        }
        if !self_closing && !VOID.contains(&name.as_str()) {
            stack.push(name);
        }
    }
    if let Some(open) = stack.pop() {
        return Err(format!("<{open}> is never closed"));
    }
    Ok(page)
}

fn text(s: &str, at: usize, page: &mut Page) -> Result<(), String> {
    if s.contains('>') {
        return Err(format!("unescaped '>' in text at byte {at}"));
    }
    let t = unescape(s, at)?;
    if !t.trim().is_empty() {
        page.texts.push(t.trim().to_string());
    }
    Ok(())
}

fn attributes(element: &str, mut s: &str, at: usize, page: &mut Page) -> Result<(), String> {
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return Ok(());
        }
        let eq = s
            .find("=\"")
            .ok_or_else(|| format!("attribute without a quoted value at byte {at}: {s:?}"))?;
        let name = &s[..eq];
        if !is_name(name) {
            return Err(format!("bad attribute name {name:?} at byte {at}"));
        }
        let after = &s[eq + 2..];
        let close = after.find('"').ok_or_else(|| format!("unclosed attribute at byte {at}"))?;
        let raw = &after[..close];
        if raw.contains('<') || raw.contains('>') {
            return Err(format!("unescaped < or > in attribute {name} at byte {at}"));
        }
        let value = unescape(raw, at)?;
        let lower_name = name.to_ascii_lowercase();
        let lower = value.to_ascii_lowercase();
        if lower_name.starts_with("on") {
            return Err(format!("event handler {name} at byte {at}"));
        }
        if lower.contains("http://")
            || lower.contains("https://")
            || lower.trim_start().starts_with("//")
        {
            return Err(format!("URL in attribute {name}={value:?} at byte {at}"));
        }
        if lower.contains("javascript:") || lower.contains("url(") || lower.contains("@import") {
            return Err(format!("active content in attribute {name}={value:?} at byte {at}"));
        }
        if REFERENCES.contains(&lower_name.as_str()) && !value.starts_with('#') {
            return Err(format!("reference outside the page: {name}={value:?} at byte {at}"));
        }
        match lower_name.as_str() {
            "id" => page.ids.push(value),
            "lang" if element == "html" => page.lang = Some(value),
            "aria-label" | "title" => page.attribute_texts.push(value),
            _ => {}
        }
        s = &after[close + 1..];
    }
}

/// Each `<svg>…</svg>` of a page.
pub fn svgs(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").map_or(rest.len(), |e| start + e + "</svg>".len());
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}
