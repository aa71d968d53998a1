//! Each project's data loaded once and kept in memory while its icp.toml is unchanged, so the
//! golden rule's live check and the template editor's effect work on the frame in memory
//! instead of reading the files again at every keystroke.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use icp_engine::{Overrides, Session};
use icp_store::ProjectId;

use crate::ApiError;
use crate::data::open_session;
use crate::folder::ProjectFolder;

/// What identifies one state of a project's files: icp.toml's modification time and length
/// (every upload and settings change replaces it by a rename).
type Stamp = (SystemTime, u64);

/// Loaded projects, at most [`MOST`] at once.
#[derive(Debug, Default)]
pub struct ProjectCache {
    loaded: Mutex<HashMap<i64, (Stamp, Arc<Session>)>>,
}

/// The most projects kept loaded; beyond it, the cache starts afresh.
const MOST: usize = 8;

impl ProjectCache {
    /// `project`'s session as its files are now: from memory, or opened (on the caller's
    /// blocking thread) and kept.
    pub(crate) fn session(
        &self,
        folder: &ProjectFolder,
        project: ProjectId,
    ) -> Result<Arc<Session>, ApiError> {
        let stamp = stamp(folder)?;
        if let Some((kept, session)) =
            self.loaded.lock().unwrap_or_else(|p| p.into_inner()).get(&project.0)
            && *kept == stamp
        {
            return Ok(session.clone());
        }
        let session = Arc::new(open_session(folder, Overrides::default())?);
        let mut loaded = self.loaded.lock().unwrap_or_else(|p| p.into_inner());
        if loaded.len() >= MOST {
            loaded.clear();
        }
        loaded.insert(project.0, (stamp, session.clone()));
        Ok(session)
    }
}

fn stamp(folder: &ProjectFolder) -> Result<Stamp, ApiError> {
    let path = folder.existing_project_file()?;
    let meta = std::fs::metadata(path).map_err(|_| ApiError::internal())?;
    Ok((meta.modified().map_err(|_| ApiError::internal())?, meta.len()))
}
