//! Where output goes: data to stdout, messages to stderr, files written atomically (a
//! temporary file in the same folder, renamed into place) so a failure never leaves a
//! half-written file or destroys the previous one.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

/// Writes `contents` to `path` atomically.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create folder {}", dir.display()))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    tmp.write_all(contents).with_context(|| format!("cannot write {}", path.display()))?;
    tmp.as_file().sync_all().ok();
    shareable(tmp.as_file());
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Temporary files are private (0600); a finished output is an ordinary file people share.
pub fn shareable(file: &std::fs::File) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let _ = file.set_permissions(std::fs::Permissions::from_mode(0o644));
    }
}

/// A progress line on stderr for long work: shown only on a terminal, never with `--quiet`
/// or `ICP_NO_PROGRESS`, and cleared when done, so piped output and logs stay clean.
pub struct Progress {
    shown: bool,
    label: String,
}

impl Progress {
    /// Starts a progress line.
    pub fn new(label: &str, quiet: bool) -> Progress {
        use std::io::IsTerminal as _;
        let shown = !quiet
            && std::io::stderr().is_terminal()
            && std::env::var_os("ICP_NO_PROGRESS").is_none();
        Progress { shown, label: label.to_owned() }
    }

    /// Shows `done` of `total`.
    pub fn set(&self, done: usize, total: usize) {
        if self.shown && total > 0 {
            let width = 24;
            let filled = (done * width / total).min(width);
            let _ = write!(
                std::io::stderr().lock(),
                "\r{} [{}{}] {done}/{total}",
                self.label,
                "#".repeat(filled),
                "-".repeat(width - filled)
            );
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if self.shown {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
        }
    }
}

/// Prints to stdout (data).
pub fn stdout(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Prints a message line to stderr unless quiet. A leading `warning:`, `note:` or `error:`
/// is coloured when stderr is a terminal and `NO_COLOR` is not set (the word itself always
/// says what it is, so nothing depends on the colour).
pub fn note(quiet: bool, text: &str) {
    if !quiet {
        let _ = writeln!(std::io::stderr().lock(), "{}", paint(text));
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

/// `1234567` as `1,234,567`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A CSV cell: quoted when needed, and defused with a leading `'` when a spreadsheet would run
/// it as a formula.
pub fn csv_cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// `text` cut to `width` characters, with an ellipsis when cut.
pub fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(width.saturating_sub(1)).collect::<String>())
    }
}
