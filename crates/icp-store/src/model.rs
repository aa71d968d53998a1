//! The records the store keeps.

use std::fmt;
use std::str::FromStr;

/// A project's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProjectId(pub i64);

/// A run's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RunId(pub i64);

/// A project: one business's data, its profile versions and runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// Its id.
    pub id: ProjectId,
    /// Its name (unique).
    pub name: String,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// The active profile version, when one is.
    pub active_version: Option<u32>,
}

/// A profile version to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProfileVersion<'a> {
    /// The profile as TOML, exactly as written (hand edits are part of the product).
    pub toml: &'a str,
    /// Who made it: `discover`, or the key prefix of the person who uploaded it.
    pub created_by: &'a str,
    /// When (RFC 3339).
    pub created_at: &'a str,
    /// The run that made it, when a run did.
    pub run: Option<RunId>,
}

/// What a listing says about a profile version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileVersionInfo {
    /// Its number, from 1 up within the project.
    pub version: u32,
    /// SHA-256 of its TOML, lowercase hex.
    pub sha256: String,
    /// Who made it.
    pub created_by: String,
    /// When.
    pub created_at: String,
    /// The run that made it.
    pub run: Option<RunId>,
    /// Whether it is the project's active version.
    pub active: bool,
}

/// A profile version with its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileVersion {
    /// What a listing says.
    pub info: ProfileVersionInfo,
    /// The profile as TOML.
    pub toml: String,
}

/// A run to record: a job starting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRun<'a> {
    /// The project.
    pub project: ProjectId,
    /// What runs: `discover`, `evaluate`, `score`, `segment`, …
    pub kind: &'a str,
    /// Who asked (a key prefix, or `cli`).
    pub actor: &'a str,
    /// When it started (RFC 3339).
    pub started_at: &'a str,
    /// SHA-256 of the data it reads, when known.
    pub data_sha256: Option<&'a str>,
    /// The profile version it uses, when it uses one.
    pub profile_version: Option<u32>,
}

/// Where a run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunStatus {
    /// Still going.
    Running,
    /// Finished with its figures.
    Done,
    /// Stopped with an error.
    Failed,
    /// The process died while it ran (found so when the store was next opened).
    Interrupted,
}

impl RunStatus {
    /// How the database spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Running => "running",
            RunStatus::Done => "done",
            RunStatus::Failed => "failed",
            RunStatus::Interrupted => "interrupted",
        }
    }
}

impl FromStr for RunStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "running" => RunStatus::Running,
            "done" => RunStatus::Done,
            "failed" => RunStatus::Failed,
            "interrupted" => RunStatus::Interrupted,
            other => return Err(format!("unknown run status `{other}`")),
        })
    }
}

/// A recorded run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Its id.
    pub id: RunId,
    /// The project.
    pub project: ProjectId,
    /// What ran.
    pub kind: String,
    /// Who asked.
    pub actor: String,
    /// When it started.
    pub started_at: String,
    /// When it finished, once it has.
    pub finished_at: Option<String>,
    /// Where it stands.
    pub status: RunStatus,
    /// SHA-256 of the data it read.
    pub data_sha256: Option<String>,
    /// The profile version it used.
    pub profile_version: Option<u32>,
    /// Its figures (JSON, as the job wrote them), once done; the error's message once failed.
    pub result: Option<String>,
}

/// What a key may do. Each scope includes the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// Read projects, profiles, runs and reports.
    Read,
    /// Read, and score leads.
    Score,
    /// Everything: upload, discover, activate, manage keys.
    Admin,
}

impl Scope {
    /// Whether a key with this scope may do what `needed` allows.
    pub fn allows(self, needed: Scope) -> bool {
        self >= needed
    }

    /// How people and the database spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Score => "score",
            Scope::Admin => "admin",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Scope {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "read" => Scope::Read,
            "score" => Scope::Score,
            "admin" => Scope::Admin,
            _ => return Err("a scope is `read`, `score` or `admin`".to_owned()),
        })
    }
}

/// A file uploaded to a project, to record once it is in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUpload<'a> {
    /// The project.
    pub project: ProjectId,
    /// Which table it is: `accounts`, `deals`, `orders` or `contacts`.
    pub table: &'a str,
    /// The name the server gave it in the project's folder (never the client's name).
    pub file_name: &'a str,
    /// SHA-256 of its bytes, lowercase hex.
    pub sha256: &'a str,
    /// Its size.
    pub bytes: u64,
    /// When it was uploaded (RFC 3339).
    pub uploaded_at: &'a str,
    /// Who uploaded it (a key prefix).
    pub actor: &'a str,
}

/// A recorded upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// Its id, rising with time.
    pub id: i64,
    /// The project.
    pub project: ProjectId,
    /// Which table it is.
    pub table: String,
    /// Its name in the project's folder.
    pub file_name: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Its size.
    pub bytes: u64,
    /// When.
    pub uploaded_at: String,
    /// Who.
    pub actor: String,
}

/// A scored lead to keep: what scored it, when, for whom, and the values of the profile's
/// columns only (never the lead's other fields, which may be personal data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewScoredLead {
    /// The project.
    pub project: ProjectId,
    /// The profile version that scored it.
    pub profile_version: u32,
    /// When (RFC 3339).
    pub scored_at: String,
    /// Who asked (a key prefix).
    pub actor: String,
    /// The batch run it belongs to (none for a lead scored alone).
    pub run: Option<RunId>,
    /// Its score in tenths (`None`: insufficient data).
    pub score_tenths: Option<i32>,
    /// Its tier (or the insufficient / disqualified tier's name).
    pub tier: String,
    /// The profile's columns and their values, as a JSON object (`null`: missing).
    pub profile_values: String,
}

/// A kept scored lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoredLead {
    /// Its id (ascending in the order leads were kept).
    pub id: i64,
    /// What was kept.
    pub lead: NewScoredLead,
}
