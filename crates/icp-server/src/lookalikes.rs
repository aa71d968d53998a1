//! What a lead's expected value and lookalikes need from its project, shared by one lead's
//! scoring and a batch's: the check that the profile has a value to expect, and the index
//! over the project's golden customers.
//!
//! Building the index reads the project's accounts, far more work than scoring a lead, so
//! each project keeps the one index it last built, with the version and the `icp.toml` it was
//! built from: uploaded tables are stored under their content's hash and named there, so the
//! same text means the same golden customers, and any upload, settings change or new version
//! rebuilds it. One build runs per project at a time; requests arriving meanwhile wait for it
//! rather than each reading the accounts again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use icp_engine::lookalike::LookalikeIndex;
use icp_scorecard::scorer::Scorer;
use icp_store::ProjectId;

use crate::folder::{self, ProjectFolder};
use crate::{ApiError, AppState};

/// Each project's slot: its last index, with the version and `icp.toml` text it was built from.
pub(crate) type Indexes = Arc<Mutex<HashMap<i64, Arc<Mutex<Option<Built>>>>>>;

/// An index and what it was built from.
pub(crate) struct Built {
    version: u32,
    toml: String,
    index: Arc<LookalikeIndex>,
}

/// 409 unless `scorer`'s profile was learned with a value (its `[economics]`).
pub(crate) fn require_economics(scorer: &Scorer) -> Result<(), ApiError> {
    if scorer.profile().economics.is_some() {
        return Ok(());
    }
    Err(ApiError::new(
        StatusCode::CONFLICT,
        "no_economics",
        "expected value needs a profile learned with a value: set `economics` (price) or `value` in the settings and run discover again",
    ))
}

/// The index over `project`'s golden customers for `scorer` (its profile `version`), built
/// on a blocking thread unless the project's files are those it was last built from.
pub(crate) async fn index(
    state: &AppState,
    project: ProjectId,
    version: u32,
    scorer: &Scorer,
) -> Result<Arc<LookalikeIndex>, ApiError> {
    let (state, scorer) = (state.clone(), scorer.clone());
    crate::blocking(move || {
        let folder = ProjectFolder::of(&state.data_dir, project);
        let toml = std::fs::read_to_string(folder.existing_project_file()?)
            .map_err(|_| ApiError::internal())?;
        let slot = {
            let mut slots = state.lookalikes.lock().map_err(|_| ApiError::internal())?;
            slots.entry(project.0).or_default().clone()
        };
        // Held while building: a second request for the project waits and takes this build.
        // A build that panicked left no index: the slot is still usable.
        let mut built = slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(b) = built.as_ref().filter(|b| b.version == version && b.toml == toml) {
            return Ok(b.index.clone());
        }
        let session = crate::data::open_session(&folder, icp_engine::Overrides::default())?;
        let index = LookalikeIndex::build(&session, &scorer)
            .map(Arc::new)
            .map_err(|e| folder::engine_error(&folder, &e))?;
        // The text read before the session opened: a change in between rebuilds next time.
        *built = Some(Built { version, toml, index: index.clone() });
        Ok(index)
    })
    .await
}
