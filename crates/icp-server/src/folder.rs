//! A project's folder on disk: `DATA_DIR/projects/<id>/`, laid out exactly like a command-line
//! project (icp.toml beside its tables), so every job is the engine's `Session::open` on it.
//!
//! The server names every file in it; a client's file name only ever lends a known extension.
//! Files are replaced by writing a temporary file in the same folder and renaming it, so a
//! crash leaves the old file or the new one, never half of one.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex};

use axum::http::StatusCode;
use icp_store::ProjectId;
use sha2::{Digest, Sha256};

use crate::ApiError;

/// The tables a project's data may be uploaded as.
pub(crate) const TABLES: [&str; 4] = ["accounts", "deals", "orders", "contacts"];

/// Extensions of the formats the readers know, longest first (so `csv.gz` wins over `gz`).
const EXTENSIONS: &[&str] = &[
    "csv.gz",
    "tsv.gz",
    "txt.gz",
    "jsonl.gz",
    "ndjson.gz",
    "csv",
    "tsv",
    "tab",
    "txt",
    "psv",
    "xlsx",
    "xlsm",
    "xls",
    "jsonl",
    "ndjson",
    "json",
    "parquet",
];

/// One project's folder.
#[derive(Debug, Clone)]
pub(crate) struct ProjectFolder {
    /// `DATA_DIR/projects/<id>`.
    pub dir: PathBuf,
}

impl ProjectFolder {
    /// The folder of `project` under `data_dir` (not created).
    pub fn of(data_dir: &Path, project: ProjectId) -> ProjectFolder {
        ProjectFolder { dir: data_dir.join("projects").join(project.0.to_string()) }
    }

    /// The project file.
    pub fn project_file(&self) -> PathBuf {
        self.dir.join("icp.toml")
    }

    /// The project file, or 409 when no accounts (or orders) were uploaded yet.
    pub fn existing_project_file(&self) -> Result<PathBuf, ApiError> {
        let path = self.project_file();
        if path.is_file() {
            Ok(path)
        } else {
            Err(ApiError::new(
                StatusCode::CONFLICT,
                "no_data",
                "the project has no data yet: upload its accounts first (POST /v1/projects/{id}/data/accounts)",
            ))
        }
    }

    /// Holds this project's files still while the guard lives: an upload, a settings change
    /// and a job loading the project never see each other half-done.
    pub fn lock(&self) -> Arc<Mutex<()>> {
        static LOCKS: LazyLock<Mutex<HashMap<PathBuf, Arc<Mutex<()>>>>> =
            LazyLock::new(Mutex::default);
        let mut locks = LOCKS.lock().unwrap_or_else(|p| p.into_inner());
        locks.entry(self.dir.clone()).or_default().clone()
    }

    /// Where a finished run keeps its files.
    pub fn run_dir(&self, run: i64) -> PathBuf {
        self.dir.join("runs").join(run.to_string())
    }

    /// `message` without this folder's location on the server: files are named as the
    /// project names them (`accounts-1a2b….csv`).
    pub fn scrub(&self, message: &str) -> String {
        let mut out = message.to_owned();
        for dir in
            [std::fs::canonicalize(&self.dir).ok(), Some(self.dir.clone())].into_iter().flatten()
        {
            let shown = dir.display().to_string();
            out = out.replace(&format!("{shown}/"), "").replace(&shown, "the project folder");
        }
        out
    }

    /// SHA-256 over the tables `project` names, in order (`table sha256` lines): what a run
    /// read, so two runs on the same data say so.
    pub fn data_sha256(&self, project: &icp_project::ProjectFile) -> Result<String, ApiError> {
        let mut tables = vec![("accounts", &project.accounts.source.path)];
        tables.extend(project.deals.iter().map(|d| ("deals", &d.source.path)));
        tables.extend(project.orders.iter().map(|t| ("orders", &t.path)));
        tables.extend(project.contacts.iter().map(|t| ("contacts", &t.path)));
        let mut all = Sha256::new();
        for (table, path) in tables {
            let (sha, _) = file_sha256(&project.resolve(&self.dir, path)).map_err(|e| {
                ApiError::new(
                    StatusCode::CONFLICT,
                    "no_data",
                    format!("the project's {table} file cannot be read: {}", e.kind()),
                )
            })?;
            all.update(format!("{table} {sha}\n").as_bytes());
        }
        Ok(hex(&all.finalize()))
    }
}

/// Where an upload's body is written as it arrives.
pub(crate) const UPLOAD_PREFIX: &str = ".upload-";
/// Where init reads an upload beside the project's other tables.
pub(crate) const STAGING_PREFIX: &str = ".staging-";
/// Prefixes of the temporary files and folders the server makes in a project's folder.
const TEMPORARY: [&str; 3] = [UPLOAD_PREFIX, STAGING_PREFIX, ".write-"];

/// Removes what a process killed mid-upload left in the projects' folders under `data_dir`
/// (temporary files and staging folders; never a table or icp.toml); how many. Run at
/// start, before any request can be making new ones.
pub fn remove_leftovers(data_dir: &Path) -> std::io::Result<usize> {
    let projects = match std::fs::read_dir(data_dir.join("projects")) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut removed = 0;
    for project in projects {
        let project = project?;
        if !project.file_type()?.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(project.path())? {
            let entry = entry?;
            let name = entry.file_name();
            if !TEMPORARY.iter().any(|p| name.to_string_lossy().starts_with(p)) {
                continue;
            }
            if entry.file_type()?.is_dir() {
                std::fs::remove_dir_all(entry.path())?;
            } else {
                std::fs::remove_file(entry.path())?;
            }
            removed += 1;
        }
    }
    Ok(removed)
}

/// An engine error as the API returns it: 400 with the engine's message (which names file,
/// row and column, never a cell value), without the server's folders.
pub(crate) fn engine_error(folder: &ProjectFolder, e: &icp_engine::EngineError) -> ApiError {
    ApiError::invalid(folder.scrub(&e.to_string()))
}

/// SHA-256 (lowercase hex) and size of a file, read in pieces.
pub(crate) fn file_sha256(path: &Path) -> std::io::Result<(String, u64)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 1 << 16];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
        hasher.update(&buffer[..n]);
    }
    Ok((hex(&hasher.finalize()), bytes))
}

/// Lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The table named in a route, or 404.
pub(crate) fn table(name: &str) -> Result<&'static str, ApiError> {
    TABLES.iter().copied().find(|t| *t == name).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "the table is one of accounts, deals, orders, contacts",
        )
    })
}

/// The extension of a client's file name, when it is one the readers know; the name itself
/// is never used as a path (only its last component is looked at, and only for its ending).
pub(crate) fn known_extension(client_name: &str) -> Result<&'static str, ApiError> {
    let last = client_name.rsplit(['/', '\\']).next().unwrap_or_default().to_ascii_lowercase();
    EXTENSIONS
        .iter()
        .copied()
        .find(|ext| last.len() > ext.len() + 1 && last.ends_with(&format!(".{ext}")))
        .ok_or_else(|| {
            ApiError::invalid(format!(
                "filename: the format is told by its extension, one of {}",
                EXTENSIONS.join(", ")
            ))
        })
}

/// The name the server gives an uploaded table: its table, the start of its hash (so a new
/// file never replaces the one the current icp.toml reads) and the known extension.
pub(crate) fn stored_name(table: &str, sha256: &str, extension: &str) -> String {
    format!("{table}-{}.{extension}", &sha256[..12])
}

/// Writes `bytes` to `dir/name` by a temporary file and a rename (flushed to disk first).
pub(crate) fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let mut temp = tempfile::Builder::new().prefix(TEMPORARY[2]).tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(dir.join(name)).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_names_lend_an_extension_and_nothing_else() {
        assert_eq!(known_extension("export.XLSX").unwrap(), "xlsx");
        assert_eq!(known_extension("../../etc/passwd.csv").unwrap(), "csv");
        assert_eq!(known_extension("C:\\x\\..\\orders.csv.gz").unwrap(), "csv.gz");
        for bad in ["../../etc/passwd", "/etc/shadow", ".csv", "a.csv\0.sh", "x.exe", ""] {
            assert!(known_extension(bad).is_err(), "{bad:?}");
        }
        let sha = "0123456789abcdef".repeat(4);
        assert_eq!(stored_name("deals", &sha, "csv"), "deals-0123456789ab.csv");
    }

    #[test]
    fn leftovers_of_a_killed_upload_are_removed_and_nothing_else() {
        let data = tempfile::tempdir().unwrap();
        assert_eq!(remove_leftovers(data.path()).unwrap(), 0);
        let project = data.path().join("projects/1");
        std::fs::create_dir_all(project.join(".staging-abc")).unwrap();
        std::fs::write(project.join(".staging-abc/accounts-1.csv"), "x").unwrap();
        for name in [".upload-x1", ".write-y2", "icp.toml", "accounts-0123.csv", "settings.json"] {
            std::fs::write(project.join(name), "x").unwrap();
        }
        std::fs::create_dir_all(project.join("runs/3")).unwrap();
        assert_eq!(remove_leftovers(data.path()).unwrap(), 3);
        let mut left: Vec<String> = std::fs::read_dir(&project)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["accounts-0123.csv", "icp.toml", "runs", "settings.json"]);
    }
}
