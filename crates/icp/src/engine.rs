//! Between the command line and the engine: sessions opened from flags and progress on a
//! terminal.

use std::path::Path;

use anyhow::Result;
use icp_engine::progress::{Progress, Stage};
use icp_engine::{Overrides, Session};

pub use crate::hints::advise;

static ALLOW_OUTSIDE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();

/// Sets `--allow-outside` for this run.
pub fn allow_outside(allow: bool) {
    let _ = ALLOW_OUTSIDE.set(allow);
}

/// Whether `--allow-outside` was given.
pub fn outside_allowed() -> bool {
    ALLOW_OUTSIDE.get().copied().unwrap_or(false)
}

/// Opens the project at `path` with `overrides`.
pub fn open(path: &Path, overrides: Overrides) -> Result<Session> {
    let overrides = Overrides { allow_outside: outside_allowed(), ..overrides };
    Session::open(path, overrides).map_err(|e| {
        let e = advise(e);
        // An error about the project file itself already names it: say so once.
        if e.to_string().starts_with(&path.display().to_string()) {
            e
        } else {
            e.context(format!("loading the project {}", path.display()))
        }
    })
}

/// A progress callback that draws a line on a terminal (never with `--quiet`,
/// `ICP_NO_PROGRESS`, or when stderr is not a terminal).
pub fn progress(quiet: bool) -> impl Fn(Progress) + Sync {
    let line = crate::output::ProgressLine::new(quiet);
    move |p: Progress| {
        let label = match p.stage {
            Stage::Evaluating => "evaluating",
            Stage::Clustering => "clustering",
            _ => "working",
        };
        line.set(label, p.done, p.total);
    }
}

/// Reads and validates a profile; the message says the file and the cause once, and where a
/// profile comes from when the file is not there (`flag`, when given, names how to pass
/// another).
pub fn load_profile(path: &Path, flag: Option<&str>) -> Result<icp_profile::Profile> {
    icp_profile::Profile::load(path).map_err(|e| {
        let missing = matches!(&e, icp_profile::ProfileError::Io { source, .. }
            if source.kind() == std::io::ErrorKind::NotFound);
        match flag {
            Some(flag) if missing => anyhow::anyhow!(
                "{e}\nhint: `icp discover` writes a profile; pass its path with {flag}"
            ),
            _ => anyhow::anyhow!("{e}"),
        }
    })
}
