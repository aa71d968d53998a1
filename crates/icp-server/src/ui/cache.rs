//! Each project's data loaded once and kept in memory while its icp.toml is unchanged, with
//! what the pages derive from it (the summary, the golden mask, the top golden customers)
//! worked out once: the golden rule's live check, the template editor's effect and the pages
//! work on the frame in memory instead of reading the files again at every keystroke.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use icp_engine::discover::TopGolden;
use icp_engine::{Overrides, Session};
use icp_scorecard::scorer::Scorer;
use icp_store::ProjectId;
use serde_json::{Value, json};

use super::distribution::{Distribution, distributions};
use super::effect::Tiers;
use crate::ApiError;
use crate::data::{open_session, summary_json};
use crate::folder::{self, ProjectFolder};

/// What identifies one state of a project's files: icp.toml's modification time and length
/// (every upload and settings change replaces it by a rename).
type Stamp = (SystemTime, u64);

/// A project as loaded, and what was derived from it so far.
#[derive(Debug)]
pub(crate) struct Loaded {
    pub session: Session,
    folder: ProjectFolder,
    summary: OnceLock<Result<Value, ApiError>>,
    golden: OnceLock<Result<Option<Vec<bool>>, ApiError>>,
    top: OnceLock<Vec<TopGolden>>,
    distributions: OnceLock<HashMap<String, Distribution>>,
    /// The tiers each profile version gives the accounts, by version.
    tiers: Mutex<HashMap<u32, Arc<Tiers>>>,
}

impl Loaded {
    /// The tiers profile `version` (compiled as `scorer`) gives every account, worked out once.
    pub(crate) fn tiers(&self, version: u32, scorer: &Scorer) -> Result<Arc<Tiers>, ApiError> {
        if let Some(t) = self.tiers.lock().unwrap_or_else(|p| p.into_inner()).get(&version) {
            return Ok(t.clone());
        }
        let (tiers, _) = Tiers::of(scorer, &self.session.dataset.frame)
            .map_err(|e| ApiError::invalid(e.to_string()))?;
        let tiers = Arc::new(tiers);
        self.tiers.lock().unwrap_or_else(|p| p.into_inner()).insert(version, tiers.clone());
        Ok(tiers)
    }

    /// What each column's values look like (personal data, identifiers and text left out).
    pub(crate) fn distributions(&self) -> &HashMap<String, Distribution> {
        self.distributions.get_or_init(|| distributions(&self.session.dataset))
    }

    /// What icp understood, as `GET …/summary` answers it (with the session's notes).
    pub(crate) fn summary(&self) -> Result<Value, ApiError> {
        self.summary
            .get_or_init(|| {
                let summary =
                    self.session.summary().map_err(|e| folder::engine_error(&self.folder, &e))?;
                let mut body = summary_json(summary)?;
                let notes: Vec<String> =
                    self.session.notes().iter().map(|n| n.to_string()).collect();
                body["notes"] = json!(notes);
                Ok(body)
            })
            .clone()
    }

    /// Which accounts the golden rule makes golden (none without a rule).
    pub(crate) fn golden(&self) -> Result<Option<&[bool]>, ApiError> {
        let golden = self.golden.get_or_init(|| {
            self.session.golden_mask().map_err(|e| folder::engine_error(&self.folder, &e))
        });
        match golden {
            Ok(g) => Ok(g.as_deref()),
            Err(e) => Err(e.clone()),
        }
    }

    /// The top golden customers by value, as discover lists them (none when the rule does not
    /// read).
    pub(crate) fn top_golden(&self) -> &[TopGolden] {
        self.top.get_or_init(|| {
            self.session
                .analysis()
                .and_then(|a| icp_engine::discover::top_golden(&self.session, &a))
                .unwrap_or_default()
        })
    }
}

/// Loaded projects, at most [`MOST`] at once.
#[derive(Debug, Default)]
pub struct ProjectCache {
    loaded: Mutex<HashMap<i64, (Stamp, Arc<Loaded>)>>,
}

/// The most projects kept loaded; beyond it, the cache starts afresh.
const MOST: usize = 8;

impl ProjectCache {
    /// `project` as its files are now: from memory, or opened (on the caller's blocking
    /// thread) and kept.
    pub(crate) fn load(
        &self,
        folder: &ProjectFolder,
        project: ProjectId,
    ) -> Result<Arc<Loaded>, ApiError> {
        let stamp = stamp(folder)?;
        if let Some((kept, loaded)) =
            self.loaded.lock().unwrap_or_else(|p| p.into_inner()).get(&project.0)
            && *kept == stamp
        {
            return Ok(loaded.clone());
        }
        let session = open_session(folder, Overrides::default())?;
        let loaded = Arc::new(Loaded {
            session,
            folder: folder.clone(),
            summary: OnceLock::new(),
            golden: OnceLock::new(),
            top: OnceLock::new(),
            distributions: OnceLock::new(),
            tiers: Mutex::default(),
        });
        let mut cache = self.loaded.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() >= MOST {
            cache.clear();
        }
        cache.insert(project.0, (stamp, loaded.clone()));
        Ok(loaded)
    }
}

fn stamp(folder: &ProjectFolder) -> Result<Stamp, ApiError> {
    let path = folder.existing_project_file()?;
    let meta = std::fs::metadata(path).map_err(|_| ApiError::internal())?;
    Ok((meta.modified().map_err(|_| ApiError::internal())?, meta.len()))
}
