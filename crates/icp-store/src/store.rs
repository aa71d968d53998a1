//! The operations a service needs from its database, whatever the database is.

use crate::error::Result;
use crate::keys::{ApiKey, NewKey};
use crate::model::{
    NewProfileVersion, NewRun, NewScoredLead, NewUpload, ProfileVersion, ProfileVersionInfo,
    Project, ProjectId, Run, RunId, RunStatus, Scope, ScoredLead, Upload,
};

/// What the server remembers. Every method is one transaction: it happens whole or not at
/// all. Implementations are shared between request handlers, hence `Send + Sync`.
pub trait Store: Send + Sync {
    /// Creates a project; names are unique.
    fn create_project(&self, name: &str, created_at: &str) -> Result<Project>;

    /// A project by id.
    fn project(&self, id: ProjectId) -> Result<Project>;

    /// Every project, oldest first.
    fn projects(&self) -> Result<Vec<Project>>;

    /// Adds an immutable profile version (numbered from 1 within the project) and returns its
    /// number. It is not active until [`Store::activate`]; the first version is activated.
    fn add_profile_version(&self, project: ProjectId, new: NewProfileVersion<'_>) -> Result<u32>;

    /// Every version of a project's profile, oldest first (without their text).
    fn profile_versions(&self, project: ProjectId) -> Result<Vec<ProfileVersionInfo>>;

    /// One version with its text.
    fn profile_version(&self, project: ProjectId, version: u32) -> Result<ProfileVersion>;

    /// Makes `version` the one scoring uses (rolling back is activating an earlier one).
    fn activate(&self, project: ProjectId, version: u32) -> Result<()>;

    /// Records that a run started.
    fn start_run(&self, new: NewRun<'_>) -> Result<RunId>;

    /// Records how a run ended (`result`: its figures as JSON when done, the error's
    /// message when failed) — once.
    fn finish_run(
        &self,
        run: RunId,
        status: RunStatus,
        finished_at: &str,
        result: Option<&str>,
    ) -> Result<()>;

    /// Records a discover run's end together with the profile version it made: both or
    /// neither, so a crash never leaves a version without its run or a done run without its
    /// version.
    fn finish_run_with_profile(
        &self,
        run: RunId,
        finished_at: &str,
        result: &str,
        profile: NewProfileVersion<'_>,
    ) -> Result<u32>;

    /// A run by id.
    fn run(&self, run: RunId) -> Result<Run>;

    /// A project's runs, newest first, at most `limit`.
    fn runs(&self, project: ProjectId, limit: usize) -> Result<Vec<Run>>;

    /// Makes an API key; the token is in the result and nowhere else.
    fn create_key(
        &self,
        scope: Scope,
        project: Option<ProjectId>,
        created_at: &str,
    ) -> Result<NewKey>;

    /// The key a presented token belongs to, when it is known and not revoked.
    fn verify_key(&self, token: &str) -> Result<Option<ApiKey>>;

    /// Every key, newest first (prefixes only).
    fn keys(&self) -> Result<Vec<ApiKey>>;

    /// Revokes every key whose prefix is `prefix`; how many were revoked.
    fn revoke_key(&self, prefix: &str, revoked_at: &str) -> Result<usize>;

    /// Records a file uploaded to a project (after it is in place on disk).
    fn record_upload(&self, new: NewUpload<'_>) -> Result<Upload>;

    /// A project's uploads, newest first, at most `limit`.
    fn uploads(&self, project: ProjectId, limit: usize) -> Result<Vec<Upload>>;

    /// Keeps scored leads, all or none.
    fn add_scored_leads(&self, leads: &[NewScoredLead]) -> Result<()>;

    /// A project's kept scored leads, newest first, at most `limit`; only those `version`
    /// scored when it is given.
    fn scored_leads(
        &self,
        project: ProjectId,
        version: Option<u32>,
        limit: usize,
    ) -> Result<Vec<ScoredLead>>;

    /// A project's kept scored leads with the highest scores, in `tier` when it is given:
    /// highest first, newest first among equal scores, unscored ones last; at most `limit`.
    fn hottest_leads(
        &self,
        project: ProjectId,
        tier: Option<&str>,
        limit: usize,
    ) -> Result<Vec<ScoredLead>>;

    /// A project's newest upload of `table`, if any: the file a job reads for that table.
    fn latest_upload(&self, project: ProjectId, table: &str) -> Result<Option<Upload>>;
}
