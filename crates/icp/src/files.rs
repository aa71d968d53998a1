//! Writing the user's files without destroying anything.
//!
//! - `-` is standard output; a device or a FIFO (`/dev/null`, a named pipe) is written through,
//!   never replaced by a regular file.
//! - A symbolic link is followed: its target is updated and the link stays.
//! - A read-only file is refused, and so is a folder.
//! - An existing file that icp did not write (recognised by its header: a profile, a project
//!   file, a report, a scored or segmented table) is replaced only with `--force`.
//! - One of the command's own inputs is never replaced, even with `--force`.
//! - A regular file is written to a temporary file beside it and renamed into place, keeping
//!   the permissions the file had (0644 for a new one); Ctrl-C or SIGTERM removes the
//!   temporary file before the process ends.

use std::io::{Read as _, Seek as _, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use anyhow::{Context as _, Result, bail};

mod early_sync;

static FORCE: OnceLock<bool> = OnceLock::new();
static TEMPORARIES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Sets `--force` for this run and, with `on_signals`, removes temporary files on Ctrl-C and
/// SIGTERM before exiting.
pub fn init(force: bool, on_signals: bool) {
    let _ = FORCE.set(force);
    if !on_signals {
        return;
    }
    if let Ok(mut signals) = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGTERM,
    ]) {
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                if let Ok(paths) = TEMPORARIES.lock() {
                    for path in paths.iter() {
                        let _ = std::fs::remove_file(path);
                    }
                }
                std::process::exit(128 + signal);
            }
        });
    }
}

/// Whether `--force` was given.
pub fn forced() -> bool {
    FORCE.get().copied().unwrap_or(false)
}

/// Where an output goes.
#[derive(Debug)]
pub enum Destination {
    /// Standard output.
    Stdout,
    /// A device or FIFO, written through.
    Through(PathBuf),
    /// A regular file (new or replaced), written beside and renamed into place.
    Replace {
        /// The file (a link's target when the path was a link).
        target: PathBuf,
        /// Its permissions, when it exists.
        mode: Option<u32>,
    },
}

/// The file names icp cannot write (it writes CSV, JSON lines, Parquet, HTML and TOML).
fn refuse_spreadsheet(path: &Path) -> Result<()> {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    if matches!(ext.as_deref(), Some("xlsx" | "xlsm" | "xls" | "ods")) {
        bail!(
            "{}: icp does not write spreadsheets; nothing was written\nhint: write .csv (Excel opens it; --bom helps Excel with UTF-8), .jsonl or .parquet",
            path.display()
        );
    }
    Ok(())
}

/// Follows symbolic links to the file they name (which may not exist yet).
fn resolve(path: &Path) -> PathBuf {
    let mut current = path.to_owned();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => match std::fs::read_link(&current) {
                Ok(target) => {
                    current = match current.parent() {
                        Some(dir) if target.is_relative() => dir.join(target),
                        _ => target,
                    }
                }
                Err(_) => break,
            },
            _ => break,
        }
    }
    current
}

/// The same file (device and inode) as `b`.
fn same_file(a: &std::fs::Metadata, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    std::fs::metadata(b).is_ok_and(|m| m.dev() == a.dev() && m.ino() == a.ino())
}

/// Whether the file at `path` was written by icp: its first bytes carry one of icp's headers.
pub fn written_by_icp(path: &Path) -> bool {
    let Ok(mut file) = std::fs::File::open(path) else { return false };
    let mut head = vec![0u8; 4096];
    let n = file.read(&mut head).unwrap_or(0);
    head.truncate(n);
    let text = String::from_utf8_lossy(&head);
    let first = text.lines().next().unwrap_or_default().trim_start_matches('\u{feff}');
    if first.starts_with("# ICP profile written by icp")
        || first.starts_with("# icp project file, written by icp")
        || text.contains("<meta name=\"generator\" content=\"icp ")
        || first.split(',').any(|c| c == "icp_score" || c == "icp_tier")
        || first.starts_with("{") && first.contains("\"icp_score\"")
        || first.starts_with("record,")
        || first.split(',').count() == 2 && first.ends_with(",reason")
        || first.starts_with("{\"record\"")
        || first.starts_with("customer,recency_days,")
        || first.starts_with("customer,frequency,recency,T,")
    {
        return true;
    }
    // An XLSX workbook icp wrote names icp as its application, uncompressed, first.
    if head.starts_with(b"PK")
        && memchr::memmem::find(&head, b"<Application>icp</Application>").is_some()
    {
        return true;
    }
    // Parquet: the schema in the footer names icp's columns.
    if head.starts_with(b"PAR1") {
        let len = file.seek(std::io::SeekFrom::End(0)).unwrap_or(0);
        let from = len.saturating_sub(65_536);
        let mut tail = Vec::new();
        if file.seek(std::io::SeekFrom::Start(from)).is_ok() && file.read_to_end(&mut tail).is_ok()
        {
            return memchr::memmem::find(&tail, b"icp_score").is_some();
        }
    }
    false
}

/// Checks that `path` may be written by a command whose inputs are `inputs`, and says how.
pub fn destination(path: &Path, inputs: &[PathBuf]) -> Result<Destination> {
    if path == Path::new("-") {
        return Ok(Destination::Stdout);
    }
    refuse_spreadsheet(path)?;
    file_destination(path, inputs)
}

/// [`destination`]'s checks but the spreadsheet one, for the one workbook icp writes (the
/// interview's answer sheet).
fn file_destination(path: &Path, inputs: &[PathBuf]) -> Result<Destination> {
    let target = resolve(path);
    let Ok(meta) = std::fs::metadata(&target) else {
        return Ok(Destination::Replace { target, mode: None });
    };
    if inputs.iter().any(|input| same_file(&meta, input)) {
        bail!(
            "{} is one of this command's inputs; it was left untouched (even --force does not replace an input)\nhint: write the output elsewhere with -o",
            path.display()
        );
    }
    let kind = meta.file_type();
    if kind.is_dir() {
        bail!("{} is a folder; pass a file name", path.display());
    }
    if !kind.is_file() {
        // A device or a FIFO: write through, never replace the node.
        return Ok(Destination::Through(target));
    }
    use std::os::unix::fs::PermissionsExt as _;
    let mode = meta.permissions().mode() & 0o7777;
    if mode & 0o222 == 0 {
        bail!("{} is read-only; it was left untouched", path.display());
    }
    if !forced() && !written_by_icp(&target) {
        bail!(
            "{} already exists and was not written by icp; it was left untouched\nhint: pass --force to replace it, or -o to write elsewhere",
            path.display()
        );
    }
    Ok(Destination::Replace { target, mode: Some(mode) })
}

/// An output being written: standard output, a device written through, or a temporary file
/// beside the target, renamed into place by [`Output::commit`].
pub enum Output {
    /// Standard output.
    Stdout,
    /// A device or FIFO.
    Through(std::fs::File),
    /// A temporary file and where it goes.
    File {
        /// The temporary file.
        tmp: tempfile::NamedTempFile,
        /// The target.
        target: PathBuf,
        /// The permissions to give it.
        mode: u32,
    },
}

impl Output {
    /// Opens `path` for writing after [`destination`]'s checks.
    pub fn create(path: &Path, inputs: &[PathBuf]) -> Result<Output> {
        Output::open(path, destination(path, inputs)?)
    }

    fn open(path: &Path, destination: Destination) -> Result<Output> {
        Ok(match destination {
            Destination::Stdout => Output::Stdout,
            Destination::Through(target) => Output::Through(
                std::fs::OpenOptions::new()
                    .write(true)
                    .open(&target)
                    .with_context(|| format!("cannot write {}", path.display()))?,
            ),
            Destination::Replace { target, mode } => {
                let dir = match target.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
                    _ => PathBuf::from("."),
                };
                std::fs::create_dir_all(&dir)
                    .with_context(|| format!("cannot create folder {}", dir.display()))?;
                let tmp = tempfile::Builder::new().prefix(".icp-").tempfile_in(&dir).with_context(
                    || format!("cannot create a temporary file in {}", dir.display()),
                )?;
                if let Ok(mut list) = TEMPORARIES.lock() {
                    list.push(tmp.path().to_owned());
                }
                Output::File { tmp, target, mode: mode.unwrap_or(0o644) }
            }
        })
    }

    /// A buffered writer into the output.
    pub fn sink(&self) -> Box<dyn Write + Send + '_> {
        match self {
            Output::Stdout => {
                Box::new(std::io::BufWriter::with_capacity(1 << 20, std::io::stdout()))
            }
            Output::Through(file) => Box::new(std::io::BufWriter::with_capacity(1 << 20, file)),
            Output::File { tmp, .. } => Box::new(std::io::BufWriter::with_capacity(
                1 << 20,
                early_sync::EarlySync::new(tmp.as_file()),
            )),
        }
    }

    /// Puts a finished file in place (with the target's permissions).
    pub fn commit(self) -> Result<()> {
        if let Output::File { tmp, target, mode } = self {
            use std::os::unix::fs::PermissionsExt as _;
            synced(tmp.as_file().sync_all())
                .with_context(|| format!("cannot write {}", target.display()))?;
            let _ = tmp.as_file().set_permissions(std::fs::Permissions::from_mode(mode));
            let temporary = tmp.path().to_owned();
            tmp.persist(&target)
                .map_err(|e| e.error)
                .with_context(|| format!("cannot write {}", target.display()))?;
            if let Ok(mut list) = TEMPORARIES.lock() {
                list.retain(|p| p != &temporary);
            }
        }
        Ok(())
    }
}

/// A sync's result, where a file system that cannot sync (it says so with `EINVAL` or
/// "unsupported") counts as synced: nothing more can be done there, and the data is written.
fn synced(result: std::io::Result<()>) -> std::io::Result<()> {
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::Unsupported || e.raw_os_error() == Some(22) => {
            Ok(())
        }
        other => other,
    }
}

/// Whether `path` is one of icp's own TOML files (a project or a profile: hand edits live
/// there), by its first lines.
fn is_icp_toml(path: &Path) -> bool {
    use std::io::Read as _;
    let mut head = [0u8; 4096];
    // Opening a named pipe to read would wait for a writer: look before opening.
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let Ok(file) = std::fs::File::open(path) else { return false };
    let n = file.take(head.len() as u64).read(&mut head).unwrap_or(0);
    String::from_utf8_lossy(&head[..n])
        .lines()
        .any(|line| line.trim_start().starts_with("schema_version"))
}

/// A data output (a scored list, a report, a segment file) never replaces icp's own TOML
/// files, even with --force: `score -o icp.toml` is a slip, not a wish.
fn refuse_icp_toml(path: &Path, inputs: &[PathBuf]) -> Result<()> {
    let target = resolve(path);
    // One of the command's inputs is refused as such, with its own message.
    let is_input = std::fs::metadata(&target)
        .is_ok_and(|meta| inputs.iter().any(|input| same_file(&meta, input)));
    if path != Path::new("-") && !is_input && is_icp_toml(&target) {
        bail!(
            "{} is an icp project or profile file; it was left untouched (even --force does not replace it with data)\nhint: write the output elsewhere with -o",
            path.display()
        );
    }
    Ok(())
}

impl Output {
    /// [`Output::create`] for data (rows, pages): never over icp's own TOML files.
    pub fn create_data(path: &Path, inputs: &[PathBuf]) -> Result<Output> {
        refuse_icp_toml(path, inputs)?;
        Output::create(path, inputs)
    }
}

/// [`write`] for data (rows, pages): never over icp's own TOML files.
pub fn write_data(path: &Path, contents: &[u8], inputs: &[PathBuf]) -> Result<()> {
    refuse_icp_toml(path, inputs)?;
    write(path, contents, inputs)
}

/// Writes `contents` to `path` safely (see the module's rules).
pub fn write(path: &Path, contents: &[u8], inputs: &[PathBuf]) -> Result<()> {
    write_to(path, Output::create(path, inputs)?, contents)
}

/// Writes an XLSX workbook icp made (the interview's answer sheet) to `path` with the rules
/// of [`write`] but the refusal of spreadsheets.
pub fn write_workbook(path: &Path, contents: &[u8], inputs: &[PathBuf]) -> Result<()> {
    let destination =
        if path == Path::new("-") { Destination::Stdout } else { file_destination(path, inputs)? };
    write_to(path, Output::open(path, destination)?, contents)
}

fn write_to(path: &Path, output: Output, contents: &[u8]) -> Result<()> {
    {
        let mut sink = output.sink();
        sink.write_all(contents).with_context(|| format!("cannot write {}", path.display()))?;
        sink.flush().with_context(|| format!("cannot write {}", path.display()))?;
    }
    output.commit()
}

/// The next free `path.N` (N = 1, 2, …) to keep a copy of `path` in.
pub fn backup_name(path: &Path) -> PathBuf {
    (1..)
        .map(|n| {
            let mut name = path.as_os_str().to_owned();
            name.push(format!(".{n}"));
            PathBuf::from(name)
        })
        .find(|p| !p.exists())
        .expect("a free name")
}
