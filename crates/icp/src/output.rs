//! Where output goes: data to stdout, messages to stderr (files: see `files`).

use std::io::Write;

use anyhow::Result;

/// A progress line on stderr for long work: shown only on a terminal, never with `--quiet`
/// or `ICP_NO_PROGRESS`, and cleared when done, so piped output and logs stay clean.
pub struct ProgressLine {
    shown: bool,
    drawn: std::sync::atomic::AtomicBool,
}

impl ProgressLine {
    /// A progress line, shown when the terminal and the settings allow.
    pub fn new(quiet: bool) -> ProgressLine {
        use std::io::IsTerminal as _;
        let shown = !quiet
            && std::io::stderr().is_terminal()
            && std::env::var_os("ICP_NO_PROGRESS").is_none();
        ProgressLine { shown, drawn: std::sync::atomic::AtomicBool::new(false) }
    }

    /// Shows `done` of `total` after `label`.
    pub fn set(&self, label: &str, done: usize, total: usize) {
        if self.shown && total > 0 {
            let width = 24;
            let filled = (done * width / total).min(width);
            self.drawn.store(true, std::sync::atomic::Ordering::Relaxed);
            let _ = write!(
                std::io::stderr().lock(),
                "\r{label} [{}{}] {done}/{total}",
                "#".repeat(filled),
                "-".repeat(width - filled)
            );
        }
    }
}

impl Drop for ProgressLine {
    fn drop(&mut self) {
        if self.drawn.load(std::sync::atomic::Ordering::Relaxed) {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
        }
    }
}

/// Whether `c` would act on a terminal instead of showing: control characters (escape
/// sequences can set the window title, move the cursor or hide text) and the invisible marks
/// that reorder text (bidirectional overrides).
fn acts_on_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every character that would act on a terminal shown as `\uXXXX` (the JSON
/// spelling, so JSON stays valid and means the same), because names and values come from
/// the user's data.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(acts_on_terminal) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if acts_on_terminal(c) {
            out.push_str(&format!("\\u{:04X}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Prints to stdout (data), with anything that would act on a terminal escaped.
pub fn stdout(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(terminal_safe(text).as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Prints a message line to stderr unless quiet. A leading `warning:`, `note:` or `error:`
/// is coloured when stderr is a terminal and `NO_COLOR` is not set (the word itself always
/// says what it is, so nothing depends on the colour).
pub fn note(quiet: bool, text: &str) {
    if !quiet {
        let _ = writeln!(std::io::stderr().lock(), "{}", paint(&terminal_safe(text)));
    }
}

/// Whether stderr takes colour: a terminal, and no `NO_COLOR`.
pub fn colour() -> bool {
    use std::io::IsTerminal as _;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Colours the leading label of a message when colour is on.
pub fn paint(text: &str) -> String {
    if !colour() {
        return text.to_owned();
    }
    for (label, code) in
        [("error:", "1;31"), ("warning:", "1;33"), ("note:", "1;36"), ("hint:", "1;32")]
    {
        if let Some(rest) = text.strip_prefix(label) {
            return format!("\x1b[{code}m{label}\x1b[0m{rest}");
        }
    }
    text.to_owned()
}

pub use icp_engine::format::thousands;

/// A CSV cell: quoted when needed, and defused with a leading `'` when a spreadsheet would run
/// it as a formula — the same rule as every CSV icp writes (`icp_io::write::csv`).
pub fn csv_cell(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() + 2);
    icp_io::write::csv::push_text(&mut out, text.as_bytes());
    String::from_utf8(out).expect("UTF-8 in, UTF-8 out")
}

/// Terminal columns `text` takes (East Asian wide characters take two).
pub fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// `text` cut to `max` terminal columns, with an ellipsis when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// `text` padded with spaces to `columns` terminal columns.
pub fn pad(text: &str, columns: usize) -> String {
    format!("{text}{}", " ".repeat(columns.saturating_sub(width(text))))
}

/// Prints the engine's notes: warnings as `warning:`, the rest as `note:`.
pub fn notes(quiet: bool, notes: &[icp_engine::Note]) {
    for n in notes {
        let label = if n.is_warning() { "warning" } else { "note" };
        note(quiet, &format!("{label}: {n}"));
    }
}
