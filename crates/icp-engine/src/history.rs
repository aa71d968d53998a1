//! A profile's versions, from files: every profile icp writes records the SHA-256 of the
//! file it replaced (`[provenance] parent`), and discover keeps a replaced version beside the
//! new one (`profile.toml.1`, `.2`, …), so the chain can be listed and rolled back with no
//! store at all.

use std::path::{Path, PathBuf};

use icp_profile::Profile;

use crate::{Code, EngineError, Result};

/// Hex digits a version is shown with (and the fewest `--restore` accepts).
pub const SHORT_HASH: usize = 12;

/// Hex digits a version may be named by, at the least.
pub const MIN_PREFIX: usize = 6;

/// One version of a profile: a profile file in the folder.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Version {
    /// The SHA-256 of the file's bytes (what a child records as its parent).
    pub hash: String,
    /// The file that holds it.
    pub file: PathBuf,
    /// When it was made.
    pub created: String,
    /// The golden rule it was learned on.
    pub golden_rule: String,
    /// Its cross-validated AUC (in-sample when no cross-validated one is stored).
    pub auc: Option<f64>,
    /// Its key attributes.
    pub attributes: Vec<String>,
    /// The hash of the version it replaced, when recorded.
    pub parent: Option<String>,
}

/// The versions of a profile found beside it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct History {
    /// The profile now, then its parent, its parent's parent … as far as the files go.
    pub chain: Vec<Version>,
    /// A parent recorded by the oldest version of the chain that no file in the folder holds.
    pub missing_parent: Option<String>,
    /// Kept versions that are not in the chain (a restored profile's successors, say).
    pub others: Vec<Version>,
    /// Kept copies that hold the same bytes as a version listed above.
    pub duplicates: Vec<Version>,
    /// Kept copies that no longer read as profiles, with why.
    pub unreadable: Vec<(PathBuf, String)>,
}

/// Whether two profiles are the same version: equal but for when they were made and what
/// they replaced (discover run twice on the same data makes no new version).
pub fn same_version(a: &Profile, b: &Profile) -> bool {
    let strip = |p: &Profile| {
        let mut p = p.clone();
        p.provenance.created.clear();
        p.provenance.parent = None;
        p
    };
    strip(a) == strip(b)
}

/// Why the profile being replaced must be kept beside the new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// It was edited by hand (or carries no fingerprint): hand edits are part of the product.
    EditedByHand,
    /// It is another version, and the history needs it.
    Changed,
}

/// Records the profile being replaced (the bytes of its file, `previous`) as `profile`'s
/// parent, and says whether it must be kept. Discover run again on the same data makes no
/// new version: `profile` then takes over the previous one's parent and nothing is kept.
/// What `icp discover` does before it replaces a profile file, and what the server does
/// when a discover job or an upload makes a version after the active one.
pub fn record_parent(previous: &[u8], profile: &mut Profile) -> Option<Kept> {
    let text = String::from_utf8_lossy(previous);
    let hash = crate::provenance::sha256_hex(previous);
    if crate::discover::edited_by_hand(&text) {
        profile.provenance.parent = Some(hash);
        return Some(Kept::EditedByHand);
    }
    let old = Profile::parse(Path::new("profile.toml"), &text).ok()?;
    if same_version(&old, profile) {
        profile.provenance.parent = old.provenance.parent;
        return None;
    }
    profile.provenance.parent = Some(hash);
    Some(Kept::Changed)
}

/// `text` (a profile file someone wrote) with `[provenance] parent` set to `hash`, when it
/// records no parent: one line added under `[provenance]`, the rest byte for byte as it was.
/// `None` when it records one already, or the line cannot be added so that the file still
/// reads as the same profile with that parent.
pub fn with_parent_line(text: &str, hash: &str) -> Option<String> {
    let profile = Profile::parse(Path::new("profile.toml"), text).ok()?;
    if profile.provenance.parent.is_some() {
        return None;
    }
    let line = format!("parent = \"{hash}\"\n");
    let header = text.lines().position(|l| l.trim() == "[provenance]");
    let out = match header {
        Some(at) => {
            let start: usize = text.split_inclusive('\n').take(at + 1).map(str::len).sum();
            let mut out = text[..start].to_owned();
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&line);
            out.push_str(&text[start..]);
            out
        }
        None => {
            let sep = if text.ends_with('\n') || text.is_empty() { "" } else { "\n" };
            format!("{text}{sep}\n[provenance]\n{line}")
        }
    };
    let mut expected = profile;
    expected.provenance.parent = Some(hash.to_owned());
    let reread = Profile::parse(Path::new("profile.toml"), &out).ok()?;
    (reread == expected).then_some(out)
}

/// Whether `name` is a kept copy of the profile named `base`: `base.N`.
fn is_kept_copy(name: &str, base: &str) -> bool {
    name.strip_prefix(base)
        .and_then(|rest| rest.strip_prefix('.'))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn version(path: &Path, bytes: &[u8]) -> std::result::Result<Version, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_owned())?;
    let profile = Profile::parse(path, text).map_err(|e| e.to_string())?;
    Ok(Version {
        hash: crate::provenance::sha256_hex(bytes),
        file: path.to_owned(),
        created: profile.provenance.created.clone(),
        golden_rule: profile.provenance.golden_rule.clone(),
        auc: profile.quality.nested_cv_auc.or(profile.quality.auc_in_sample),
        attributes: profile.attributes.iter().map(|a| a.name.clone()).collect(),
        parent: profile.provenance.parent.clone(),
    })
}

/// The versions of the profile at `path`: the file itself and the copies kept beside it
/// (`path.N`), chained by their recorded parents.
pub fn history(path: &Path) -> Result<History> {
    let io = |source| EngineError::Io { path: path.to_owned(), source };
    let bytes = std::fs::read(path).map_err(|source| {
        EngineError::Profile(icp_profile::ProfileError::Io { file: path.to_owned(), source })
    })?;
    let current = version(path, &bytes).map_err(|message| {
        EngineError::invalid(Code::Other, format!("{}: {message}", path.display()))
    })?;
    let base = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
    // A bare file name lists its copies by bare names too.
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    let listed = dir.map_or_else(|| PathBuf::from("."), Path::to_owned);
    let mut kept = Vec::new();
    let mut unreadable = Vec::new();
    let mut names: Vec<(u64, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(&listed).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_kept_copy(&name, &base) {
            let n = name[base.len() + 1..].parse().unwrap_or(u64::MAX);
            names.push((n, dir.map_or_else(|| PathBuf::from(&name), |d| d.join(&name))));
        }
    }
    // Newest copy first (discover numbers them upwards).
    names.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
    for (_, file) in names {
        match std::fs::read(&file) {
            Ok(bytes) => match version(&file, &bytes) {
                Ok(v) => kept.push(v),
                Err(why) => unreadable.push((file, why)),
            },
            Err(e) => unreadable.push((file, e.to_string())),
        }
    }
    let mut chain = vec![current];
    let mut missing_parent = None;
    while let Some(parent) = chain.last().and_then(|v| v.parent.clone()) {
        if chain.iter().any(|v| v.hash == parent) {
            break; // A cycle (a restored version's parent is already listed).
        }
        match kept.iter().position(|v| v.hash == parent) {
            Some(k) => chain.push(kept.remove(k)),
            None => {
                missing_parent = Some(parent);
                break;
            }
        }
    }
    // A kept copy identical to a version listed adds nothing to the list.
    let (mut others, mut duplicates) = (Vec::<Version>::new(), Vec::new());
    for v in kept {
        if chain.iter().chain(&others).any(|c| c.hash == v.hash) {
            duplicates.push(v);
        } else {
            others.push(v);
        }
    }
    Ok(History { chain, missing_parent, others, duplicates, unreadable })
}

impl History {
    /// The kept copy (not the profile itself) that holds version `hash`, if any.
    pub fn kept_copy(&self, hash: &str) -> Option<&Version> {
        self.chain[1..].iter().chain(&self.others).chain(&self.duplicates).find(|v| v.hash == hash)
    }

    /// Every version listed, the chain first.
    pub fn versions(&self) -> impl Iterator<Item = &Version> {
        self.chain.iter().chain(&self.others)
    }

    /// The version whose hash starts with `prefix` (at least [`MIN_PREFIX`] hex digits).
    pub fn find(&self, prefix: &str) -> Result<&Version> {
        let prefix = prefix.trim().to_ascii_lowercase();
        if prefix.len() < MIN_PREFIX || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(EngineError::invalid(
                Code::Other,
                format!(
                    "`{prefix}` is not a version: give at least {MIN_PREFIX} hex digits of a hash the history lists"
                ),
            ));
        }
        let found: Vec<&Version> =
            self.versions().filter(|v| v.hash.starts_with(&prefix)).collect();
        match found.as_slice() {
            [one] => Ok(one),
            [] => Err(EngineError::invalid(
                Code::Other,
                format!("no version {prefix} among the profile files here"),
            )),
            _ => Err(EngineError::invalid(
                Code::Other,
                format!("{prefix} names {} versions; give more of the hash", found.len()),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_copies_are_the_profile_name_and_a_number() {
        assert!(is_kept_copy("profile.toml.1", "profile.toml"));
        assert!(is_kept_copy("profile.toml.12", "profile.toml"));
        assert!(!is_kept_copy("profile.toml", "profile.toml"));
        assert!(!is_kept_copy("profile.toml.", "profile.toml"));
        assert!(!is_kept_copy("profile.toml.bak", "profile.toml"));
        assert!(!is_kept_copy("other.toml.1", "profile.toml"));
    }
}
