//! Changing a project's settings for good (kinds, golden rule, value, columns kept out or put
//! back), as a person editing icp.toml would: the change is loaded and checked exactly like a
//! one-off override (unknown columns named with the closest one, rule errors positioned), and
//! only then rendered as the new project file. Nothing is written here: the front end writes
//! the text where and how it wants (atomically).

use std::path::Path;

use crate::error::{Code, EngineError, Result};
use crate::session::{Overrides, Session};
use crate::summary::ProjectSummary;

/// A project with its settings changed, checked, not yet written.
#[derive(Debug)]
pub struct Changed {
    /// The new project file's text.
    pub text: String,
    /// What icp understands of the changed project (with the golden count).
    pub summary: ProjectSummary,
}

/// Loads the project at `project_path` with `change` applied (the overrides' own checks:
/// columns that exist, kinds, rules that parse and apply, a numeric value) and renders the
/// project file that keeps the change. `generated_by` names the front end in its header.
pub fn change(project_path: &Path, change: Overrides, generated_by: &str) -> Result<Changed> {
    let session = Session::open(project_path, change)?;
    let summary = session.summary()?;
    let text = icp_project::render(&session.project, &session.dataset.columns, generated_by);
    // The file must read back as written: a bug here would leave a project nobody can open.
    icp_project::ProjectFile::parse(project_path, &text).map_err(|e| {
        EngineError::invalid(
            Code::Other,
            format!("internal error: the changed project file does not parse: {e}"),
        )
    })?;
    Ok(Changed { text, summary })
}
