//! The store's logic, written once over a minimal SQL connection ([`Db`]) that SQLite and
//! PostgreSQL both implement. The statements keep to what both understand: `$n` parameters
//! (the SQLite adapter spells them `?n`), `CAST`, `RETURNING`, 64-bit integers and text only, and a
//! transaction that first locks the row it will change (`UPDATE … SET x = x`), which works as
//! a row lock in PostgreSQL and takes SQLite's single write lock.

use std::sync::{Mutex, MutexGuard};

use sha2::{Digest, Sha256};

use crate::error::{Result, StoreError};
use crate::keys::{ApiKey, NewKey, hex, new_token, token_hash, token_prefix};
use crate::model::{
    NewProfileVersion, NewRun, NewScoredLead, NewUpload, ProfileVersion, ProfileVersionInfo,
    Project, ProjectId, Run, RunId, RunStatus, Scope, ScoredLead, Upload,
};
use crate::store::Store;

/// A value passed to or read from a statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}

impl From<u32> for Value {
    fn from(v: u32) -> Self {
        Value::Int(i64::from(v))
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_owned())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// A row read back, by column position.
pub struct SqlRow(pub(crate) Vec<Value>);

impl SqlRow {
    fn int(&self, i: usize) -> Result<i64> {
        match self.0.get(i) {
            Some(Value::Int(v)) => Ok(*v),
            _ => Err(StoreError::Corrupt(format!("column {i} is not an integer"))),
        }
    }

    fn opt_int(&self, i: usize) -> Result<Option<i64>> {
        match self.0.get(i) {
            Some(Value::Null) => Ok(None),
            _ => self.int(i).map(Some),
        }
    }

    fn version(&self, i: usize) -> Result<u32> {
        u32::try_from(self.int(i)?)
            .map_err(|_| StoreError::Corrupt(format!("column {i} is out of range")))
    }

    fn text(&self, i: usize) -> Result<String> {
        match self.0.get(i) {
            Some(Value::Text(v)) => Ok(v.clone()),
            _ => Err(StoreError::Corrupt(format!("column {i} is not text"))),
        }
    }

    fn opt_text(&self, i: usize) -> Result<Option<String>> {
        match self.0.get(i) {
            Some(Value::Null) => Ok(None),
            _ => self.text(i).map(Some),
        }
    }
}

/// What the store needs from a database connection.
pub trait Db: Send {
    /// Runs a statement; rows changed. A unique-constraint violation is
    /// [`StoreError::Unique`].
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64>;
    /// Runs a query; every row.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<SqlRow>>;
    /// Starts a transaction that will write.
    fn begin(&mut self) -> Result<()>;
    /// Commits it.
    fn commit(&mut self) -> Result<()>;
    /// Rolls it back.
    fn rollback(&mut self) -> Result<()>;
    /// Runs several statements (migrations).
    fn batch(&mut self, sql: &str) -> Result<()>;
    /// Marks runs left `running` by a process that died; called once when a store opens.
    fn interrupt_running(&mut self) -> Result<()> {
        self.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'", &[])?;
        Ok(())
    }
}

/// A store over one connection behind a lock: every operation is short, SQLite has one writer anyway, and
/// a PostgreSQL server would take a pool (a later change) rather than a different design.
pub struct SqlStore<D: Db> {
    db: Mutex<D>,
}

impl<D: Db> SqlStore<D> {
    pub(crate) fn new(mut db: D) -> Result<Self> {
        db.interrupt_running()?;
        Ok(SqlStore { db: Mutex::new(db) })
    }

    fn db(&self) -> MutexGuard<'_, D> {
        // A panic while holding the lock cannot leave a transaction open for long: the next
        // `begin` fails loudly rather than nesting, and the driver rolls back on drop.
        self.db.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` in a transaction: committed when it succeeds, rolled back when it fails.
    fn transaction<T>(&self, f: impl FnOnce(&mut D) -> Result<T>) -> Result<T> {
        let mut db = self.db();
        db.begin()?;
        match f(&mut db) {
            Ok(v) => {
                db.commit()?;
                Ok(v)
            }
            Err(e) => {
                // The first error is the one to report; a failed rollback is the driver's
                // (the connection is closed or the transaction already aborted).
                let _ = db.rollback();
                Err(e)
            }
        }
    }
}

/// The longest project name.
const MAX_PROJECT_NAME: usize = 100;

const PROJECT_COLUMNS: &str = "id, name, created_at, active_version";
const RUN_COLUMNS: &str = "id, project_id, kind, actor, started_at, finished_at, status, \
                           data_sha256, profile_version, result";
const KEY_COLUMNS: &str = "prefix, scope, project_id, created_at, revoked_at";
const VERSION_COLUMNS: &str = "version, sha256, created_by, created_at, run_id";
const UPLOAD_COLUMNS: &str =
    "id, project_id, table_name, file_name, sha256, bytes, uploaded_at, actor";

fn project(r: &SqlRow) -> Result<Project> {
    Ok(Project {
        id: ProjectId(r.int(0)?),
        name: r.text(1)?,
        created_at: r.text(2)?,
        active_version: r.opt_int(3)?.map(|v| v as u32),
    })
}

fn run(r: &SqlRow) -> Result<Run> {
    Ok(Run {
        id: RunId(r.int(0)?),
        project: ProjectId(r.int(1)?),
        kind: r.text(2)?,
        actor: r.text(3)?,
        started_at: r.text(4)?,
        finished_at: r.opt_text(5)?,
        status: r.text(6)?.parse().map_err(StoreError::Corrupt)?,
        data_sha256: r.opt_text(7)?,
        profile_version: r.opt_int(8)?.map(|v| v as u32),
        result: r.opt_text(9)?,
    })
}

fn key(r: &SqlRow) -> Result<ApiKey> {
    Ok(ApiKey {
        prefix: r.text(0)?,
        scope: r.text(1)?.parse().map_err(StoreError::Corrupt)?,
        project: r.opt_int(2)?.map(ProjectId),
        created_at: r.text(3)?,
        revoked_at: r.opt_text(4)?,
    })
}

fn version_info(r: &SqlRow, active: Option<u32>) -> Result<ProfileVersionInfo> {
    let version = r.version(0)?;
    Ok(ProfileVersionInfo {
        version,
        sha256: r.text(1)?,
        created_by: r.text(2)?,
        created_at: r.text(3)?,
        run: r.opt_int(4)?.map(RunId),
        active: active == Some(version),
    })
}

fn upload(r: &SqlRow) -> Result<Upload> {
    Ok(Upload {
        id: r.int(0)?,
        project: ProjectId(r.int(1)?),
        table: r.text(2)?,
        file_name: r.text(3)?,
        sha256: r.text(4)?,
        bytes: u64::try_from(r.int(5)?)
            .map_err(|_| StoreError::Corrupt("column 5 is out of range".into()))?,
        uploaded_at: r.text(6)?,
        actor: r.text(7)?,
    })
}

const LEAD_COLUMNS: &str = "id, project_id, profile_version, scored_at, actor, run_id, \
                            score_tenths, tier, profile_values";

/// Scored leads per `INSERT`: one statement for many rows, far below either database's limit
/// on parameters.
const LEADS_PER_INSERT: usize = 100;

fn scored_lead(r: &SqlRow) -> Result<ScoredLead> {
    Ok(ScoredLead {
        id: r.int(0)?,
        lead: NewScoredLead {
            project: ProjectId(r.int(1)?),
            profile_version: r.version(2)?,
            scored_at: r.text(3)?,
            actor: r.text(4)?,
            run: r.opt_int(5)?.map(RunId),
            score_tenths: r.opt_int(6)?.map(|v| v as i32),
            tier: r.text(7)?,
            profile_values: r.text(8)?,
        },
    })
}

fn one<T>(rows: Vec<SqlRow>, read: impl Fn(&SqlRow) -> Result<T>) -> Result<Option<T>> {
    rows.first().map(read).transpose()
}

fn find_project(db: &mut impl Db, id: ProjectId) -> Result<Project> {
    let rows =
        db.query(&format!("SELECT {PROJECT_COLUMNS} FROM projects WHERE id = $1"), &[id.0.into()])?;
    one(rows, project)?.ok_or(StoreError::NoProject(id.0))
}

/// Locks project `id`'s row for the rest of the transaction; its active version.
fn lock_project(db: &mut impl Db, id: ProjectId) -> Result<Option<u32>> {
    let changed = db.execute(
        "UPDATE projects SET active_version = active_version WHERE id = $1",
        &[id.0.into()],
    )?;
    if changed == 0 {
        return Err(StoreError::NoProject(id.0));
    }
    Ok(find_project(db, id)?.active_version)
}

/// Inserts the next version of `project`'s profile (in a transaction); the first is activated.
fn insert_version(
    db: &mut impl Db,
    project: ProjectId,
    new: &NewProfileVersion<'_>,
) -> Result<u32> {
    let active = lock_project(db, project)?;
    let rows = db.query(
        "SELECT COALESCE(MAX(version), 0) + 1 FROM profile_versions WHERE project_id = $1",
        &[project.0.into()],
    )?;
    let version = one(rows, |r| r.version(0))?.unwrap_or(1);
    let sha = hex(&Sha256::digest(new.toml.as_bytes()));
    db.execute(
        "INSERT INTO profile_versions (project_id, version, toml, sha256, created_by, created_at, run_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[
            project.0.into(),
            version.into(),
            new.toml.into(),
            sha.as_str().into(),
            new.created_by.into(),
            new.created_at.into(),
            new.run.map(|r| r.0).into(),
        ],
    )?;
    if active.is_none() {
        db.execute(
            "UPDATE projects SET active_version = $1 WHERE id = $2",
            &[version.into(), project.0.into()],
        )?;
    }
    Ok(version)
}

/// Ends a running run; refuses one already ended, or "ending" it as running.
fn finish(
    db: &mut impl Db,
    id: RunId,
    status: RunStatus,
    finished_at: &str,
    result: Option<&str>,
) -> Result<()> {
    if status == RunStatus::Running {
        return Err(StoreError::RunFinished(id.0));
    }
    let changed = db.execute(
        "UPDATE runs SET status = $2, finished_at = $3, result = $4 WHERE id = $1 AND status = 'running'",
        &[id.0.into(), status.as_str().into(), finished_at.into(), result.into()],
    )?;
    if changed == 0 {
        let exists = !db.query("SELECT id FROM runs WHERE id = $1", &[id.0.into()])?.is_empty();
        return Err(if exists { StoreError::RunFinished(id.0) } else { StoreError::NoRun(id.0) });
    }
    Ok(())
}

impl<D: Db> Store for SqlStore<D> {
    fn create_project(&self, name: &str, created_at: &str) -> Result<Project> {
        if name.trim().is_empty()
            || name.chars().count() > MAX_PROJECT_NAME
            || name.chars().any(char::is_control)
        {
            return Err(StoreError::ProjectName { max: MAX_PROJECT_NAME });
        }
        let rows = self
            .db()
            .query(
                &format!("INSERT INTO projects (name, created_at) VALUES ($1, $2) RETURNING {PROJECT_COLUMNS}"),
                &[name.into(), created_at.into()],
            )
            .map_err(|e| match e {
                StoreError::Unique => StoreError::ProjectExists(name.to_owned()),
                e => e,
            })?;
        one(rows, project)?.ok_or_else(|| StoreError::Corrupt("no row returned".into()))
    }

    fn project(&self, id: ProjectId) -> Result<Project> {
        find_project(&mut *self.db(), id)
    }

    fn projects(&self) -> Result<Vec<Project>> {
        let rows =
            self.db().query(&format!("SELECT {PROJECT_COLUMNS} FROM projects ORDER BY id"), &[])?;
        rows.iter().map(project).collect()
    }

    fn add_profile_version(&self, project: ProjectId, new: NewProfileVersion<'_>) -> Result<u32> {
        self.transaction(|db| insert_version(db, project, &new))
    }

    fn profile_versions(&self, project: ProjectId) -> Result<Vec<ProfileVersionInfo>> {
        let mut db = self.db();
        let active = find_project(&mut *db, project)?.active_version;
        let rows = db.query(
            &format!("SELECT {VERSION_COLUMNS} FROM profile_versions WHERE project_id = $1 ORDER BY version"),
            &[project.0.into()],
        )?;
        rows.iter().map(|r| version_info(r, active)).collect()
    }

    fn profile_version(&self, project: ProjectId, version: u32) -> Result<ProfileVersion> {
        let mut db = self.db();
        let active = find_project(&mut *db, project)?.active_version;
        let rows = db.query(
            &format!("SELECT {VERSION_COLUMNS}, toml FROM profile_versions WHERE project_id = $1 AND version = $2"),
            &[project.0.into(), version.into()],
        )?;
        one(rows, |r| Ok(ProfileVersion { info: version_info(r, active)?, toml: r.text(5)? }))?
            .ok_or(StoreError::NoVersion { project: project.0, version })
    }

    fn activate(&self, project: ProjectId, version: u32) -> Result<()> {
        self.transaction(|db| {
            lock_project(db, project)?;
            let exists = !db
                .query(
                    "SELECT version FROM profile_versions WHERE project_id = $1 AND version = $2",
                    &[project.0.into(), version.into()],
                )?
                .is_empty();
            if !exists {
                return Err(StoreError::NoVersion { project: project.0, version });
            }
            db.execute(
                "UPDATE projects SET active_version = $1 WHERE id = $2",
                &[version.into(), project.0.into()],
            )?;
            Ok(())
        })
    }

    fn start_run(&self, new: NewRun<'_>) -> Result<RunId> {
        let rows = self.db().query(
            "INSERT INTO runs (project_id, kind, actor, started_at, status, data_sha256, profile_version)
             SELECT id, CAST($2 AS TEXT), CAST($3 AS TEXT), CAST($4 AS TEXT), 'running',
                    CAST($5 AS TEXT), CAST($6 AS BIGINT)
             FROM projects WHERE id = $1 RETURNING id",
            &[
                new.project.0.into(),
                new.kind.into(),
                new.actor.into(),
                new.started_at.into(),
                new.data_sha256.into(),
                new.profile_version.into(),
            ],
        )?;
        one(rows, |r| r.int(0))?.map(RunId).ok_or(StoreError::NoProject(new.project.0))
    }

    fn finish_run(
        &self,
        run: RunId,
        status: RunStatus,
        finished_at: &str,
        result: Option<&str>,
    ) -> Result<()> {
        finish(&mut *self.db(), run, status, finished_at, result)
    }

    fn finish_run_with_profile(
        &self,
        id: RunId,
        finished_at: &str,
        result: &str,
        profile: NewProfileVersion<'_>,
    ) -> Result<u32> {
        self.transaction(|db| {
            let rows = db.query("SELECT project_id FROM runs WHERE id = $1", &[id.0.into()])?;
            let project = ProjectId(one(rows, |r| r.int(0))?.ok_or(StoreError::NoRun(id.0))?);
            finish(db, id, RunStatus::Done, finished_at, Some(result))?;
            insert_version(db, project, &NewProfileVersion { run: Some(id), ..profile })
        })
    }

    fn run(&self, id: RunId) -> Result<Run> {
        let rows = self
            .db()
            .query(&format!("SELECT {RUN_COLUMNS} FROM runs WHERE id = $1"), &[id.0.into()])?;
        one(rows, run)?.ok_or(StoreError::NoRun(id.0))
    }

    fn runs(&self, project: ProjectId, limit: usize) -> Result<Vec<Run>> {
        let mut db = self.db();
        find_project(&mut *db, project)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = db.query(
            &format!(
                "SELECT {RUN_COLUMNS} FROM runs WHERE project_id = $1 ORDER BY id DESC LIMIT $2"
            ),
            &[project.0.into(), limit.into()],
        )?;
        rows.iter().map(run).collect()
    }

    fn create_key(
        &self,
        scope: Scope,
        project: Option<ProjectId>,
        created_at: &str,
    ) -> Result<NewKey> {
        let mut db = self.db();
        if let Some(p) = project {
            find_project(&mut *db, p)?;
        }
        let token = new_token()?;
        let key = ApiKey {
            prefix: token_prefix(&token),
            scope,
            project,
            created_at: created_at.to_owned(),
            revoked_at: None,
        };
        db.execute(
            "INSERT INTO api_keys (prefix, hash, scope, project_id, created_at) VALUES ($1, $2, $3, $4, $5)",
            &[
                key.prefix.as_str().into(),
                token_hash(&token).as_str().into(),
                scope.as_str().into(),
                project.map(|p| p.0).into(),
                created_at.into(),
            ],
        )?;
        Ok(NewKey { token, key })
    }

    fn verify_key(&self, token: &str) -> Result<Option<ApiKey>> {
        let rows = self.db().query(
            &format!("SELECT {KEY_COLUMNS} FROM api_keys WHERE hash = $1 AND revoked_at IS NULL"),
            &[token_hash(token).as_str().into()],
        )?;
        one(rows, key)
    }

    fn keys(&self) -> Result<Vec<ApiKey>> {
        let rows = self
            .db()
            .query(&format!("SELECT {KEY_COLUMNS} FROM api_keys ORDER BY id DESC"), &[])?;
        rows.iter().map(key).collect()
    }

    fn revoke_key(&self, prefix: &str, revoked_at: &str) -> Result<usize> {
        let n = self.db().execute(
            "UPDATE api_keys SET revoked_at = $2 WHERE prefix = $1 AND revoked_at IS NULL",
            &[prefix.into(), revoked_at.into()],
        )?;
        if n == 0 {
            return Err(StoreError::NoKey(prefix.to_owned()));
        }
        Ok(n as usize)
    }

    fn record_upload(&self, new: NewUpload<'_>) -> Result<Upload> {
        let bytes = i64::try_from(new.bytes)
            .map_err(|_| StoreError::Corrupt("an upload's size is out of range".into()))?;
        let rows = self.db().query(
            &format!(
                "INSERT INTO uploads (project_id, table_name, file_name, sha256, bytes, uploaded_at, actor)
                 SELECT id, CAST($2 AS TEXT), CAST($3 AS TEXT), CAST($4 AS TEXT), CAST($5 AS BIGINT),
                        CAST($6 AS TEXT), CAST($7 AS TEXT)
                 FROM projects WHERE id = $1 RETURNING {UPLOAD_COLUMNS}"
            ),
            &[
                new.project.0.into(),
                new.table.into(),
                new.file_name.into(),
                new.sha256.into(),
                bytes.into(),
                new.uploaded_at.into(),
                new.actor.into(),
            ],
        )?;
        one(rows, upload)?.ok_or(StoreError::NoProject(new.project.0))
    }

    fn uploads(&self, project: ProjectId, limit: usize) -> Result<Vec<Upload>> {
        let mut db = self.db();
        find_project(&mut *db, project)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = db.query(
            &format!(
                "SELECT {UPLOAD_COLUMNS} FROM uploads WHERE project_id = $1 ORDER BY id DESC LIMIT $2"
            ),
            &[project.0.into(), limit.into()],
        )?;
        rows.iter().map(upload).collect()
    }

    fn add_scored_leads(&self, leads: &[NewScoredLead]) -> Result<()> {
        self.transaction(|db| {
            for chunk in leads.chunks(LEADS_PER_INSERT) {
                let mut sql = String::from(
                    "INSERT INTO scored_leads (project_id, profile_version, scored_at, actor, \
                     run_id, score_tenths, tier, profile_values) VALUES ",
                );
                let mut params: Vec<Value> = Vec::with_capacity(chunk.len() * 8);
                for (i, lead) in chunk.iter().enumerate() {
                    let n = i * 8;
                    if i > 0 {
                        sql.push_str(", ");
                    }
                    sql.push_str(&format!(
                        "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                        n + 1,
                        n + 2,
                        n + 3,
                        n + 4,
                        n + 5,
                        n + 6,
                        n + 7,
                        n + 8
                    ));
                    params.extend([
                        lead.project.0.into(),
                        lead.profile_version.into(),
                        lead.scored_at.as_str().into(),
                        lead.actor.as_str().into(),
                        lead.run.map(|r| r.0).into(),
                        lead.score_tenths.map(i64::from).into(),
                        lead.tier.as_str().into(),
                        lead.profile_values.as_str().into(),
                    ]);
                }
                db.execute(&sql, &params)?;
            }
            Ok(())
        })
    }

    fn scored_leads(
        &self,
        project: ProjectId,
        version: Option<u32>,
        limit: usize,
    ) -> Result<Vec<ScoredLead>> {
        self.leads(
            project,
            "AND (CAST($2 AS BIGINT) IS NULL OR profile_version = $2) ORDER BY id DESC LIMIT $3",
            version.into(),
            limit,
        )
    }

    fn hottest_leads(
        &self,
        project: ProjectId,
        tier: Option<&str>,
        limit: usize,
    ) -> Result<Vec<ScoredLead>> {
        self.leads(
            project,
            "AND (CAST($2 AS TEXT) IS NULL OR tier = $2) \
             ORDER BY score_tenths DESC NULLS LAST, id DESC LIMIT $3",
            tier.into(),
            limit,
        )
    }

    fn latest_upload(&self, project: ProjectId, table: &str) -> Result<Option<Upload>> {
        let mut db = self.db();
        find_project(&mut *db, project)?;
        let rows = db.query(
            &format!(
                "SELECT {UPLOAD_COLUMNS} FROM uploads WHERE project_id = $1 AND table_name = $2 \
                 ORDER BY id DESC LIMIT 1"
            ),
            &[project.0.into(), table.into()],
        )?;
        one(rows, upload)
    }
}

impl<D: Db> SqlStore<D> {
    /// `project`'s kept leads chosen by `rest` (a filter on `$2`, the order, `LIMIT $3`).
    fn leads(
        &self,
        project: ProjectId,
        rest: &str,
        filter: Value,
        limit: usize,
    ) -> Result<Vec<ScoredLead>> {
        let mut db = self.db();
        find_project(&mut *db, project)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = db.query(
            &format!("SELECT {LEAD_COLUMNS} FROM scored_leads WHERE project_id = $1 {rest}"),
            &[project.0.into(), filter, limit.into()],
        )?;
        rows.iter().map(scored_lead).collect()
    }
}
