//! Where a profile came from: each input file with its SHA-256 and row count.

use std::io::Read;
use std::path::Path;

use icp_project::Dataset;
use sha2::{Digest, Sha256};

/// The accounts and deals files of `dataset`, fingerprinted.
pub fn inputs(dataset: &Dataset) -> Vec<icp_profile::Input> {
    // The accounts table hands its columns to the assembled frame, so its own frame is empty:
    // the rows are those it had when read.
    let mut out = vec![input(&dataset.accounts.source.path, dataset.accounts_shape.0)];
    out.extend(dataset.deals.iter().map(|d| input(&d.source.path, d.frame.rows())));
    out
}

fn input(path: &Path, rows: usize) -> icp_profile::Input {
    icp_profile::Input {
        path: path.display().to_string(),
        sha256: sha256_file(path).unwrap_or_default(),
        rows: rows as u64,
    }
}

/// The SHA-256 of `bytes`, as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of a file's bytes, as lower-case hex.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}
