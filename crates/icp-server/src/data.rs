//! A project's data: upload a table (streamed to disk, never held whole in memory), answered
//! with what `icp init` says of the project; list the uploads; the project's summary as
//! `icp describe` gives it.
//!
//! An upload is installed in three steps, each of which a crash leaves whole: the new file and
//! hard links to the project's other tables are laid out in a staging folder where the
//! engine's `init` reads them; only when it succeeds is the new file renamed into the project
//! folder (under a new name, so the current icp.toml never reads it), then icp.toml replaced by
//! a rename, then the upload recorded. A file init refuses leaves nothing behind. Settings
//! changed earlier through the API are applied again to init's proposal.

use std::path::{Path as FsPath, PathBuf};

use axum::Json;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use futures_util::StreamExt;
use icp_engine::init::{InitRequest, init};
use icp_engine::scoring::ReadSettings;
use icp_engine::summary::ProjectSummary;
use icp_engine::{Overrides, Session};
use icp_store::{NewUpload, ProjectId, Scope, Upload};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use crate::folder::{self, ProjectFolder};
use crate::settings::Change;
use crate::{ApiError, AppState, Caller, blocking, now};

/// How to read an uploaded file: its name (for the format) and the command line's read flags.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct UploadQuery {
    /// The client's file name; only a known extension is taken from it.
    filename: Option<String>,
    /// Text encoding (`shift_jis`, `utf-8`, …); detected when absent.
    encoding: Option<String>,
    /// Field delimiter; detected when absent.
    delimiter: Option<String>,
    /// XLSX sheet; the first when absent.
    sheet: Option<String>,
    /// Whether the first row is a header; detected when absent.
    header: Option<bool>,
}

impl UploadQuery {
    fn read_settings(&self) -> Option<ReadSettings> {
        let any = self.encoding.is_some()
            || self.delimiter.is_some()
            || self.sheet.is_some()
            || self.header.is_some();
        any.then(|| ReadSettings {
            encoding: self.encoding.clone(),
            delimiter: self.delimiter.clone(),
            sheet: self.sheet.clone(),
            header: self.header,
            ..ReadSettings::default()
        })
    }
}

/// An upload as the API lists it.
#[derive(Debug, Serialize)]
pub(crate) struct UploadView {
    id: i64,
    table: String,
    file_name: String,
    sha256: String,
    bytes: u64,
    uploaded_at: String,
    actor: String,
}

impl From<Upload> for UploadView {
    fn from(u: Upload) -> Self {
        UploadView {
            id: u.id,
            table: u.table,
            file_name: u.file_name,
            sha256: u.sha256,
            bytes: u.bytes,
            uploaded_at: u.uploaded_at,
            actor: u.actor,
        }
    }
}

/// A summary whose tables are named as the project names them (file names in its folder),
/// never by where the server keeps them.
pub(crate) fn summary_json(mut summary: ProjectSummary) -> Result<Value, ApiError> {
    let tables = std::iter::once(&mut summary.accounts)
        .chain(summary.deals.as_mut())
        .chain(summary.orders.as_mut())
        .chain(summary.contacts.as_mut());
    for table in tables {
        let name = FsPath::new(&table.path).file_name().map(|n| n.to_string_lossy().into_owned());
        table.path = name.unwrap_or_default();
    }
    serde_json::to_value(summary).map_err(|_| ApiError::internal())
}

fn too_large(limit: u64) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        format!("the upload is larger than this server accepts ({limit} bytes)"),
    )
}

pub(crate) async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    Path((project, table)): Path<(i64, String)>,
    query: Result<Query<UploadQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let project = ProjectId(project);
    caller.require(Scope::Admin, Some(project))?;
    let table = folder::table(&table)?;
    let Query(query) = query.map_err(|e| ApiError::invalid(e.body_text()))?;
    let extension = folder::known_extension(query.filename.as_deref().unwrap_or("upload.csv"))?;
    let limit = state.limits.upload_bytes;
    refuse_declared_over(&headers, limit)?;
    let store = state.store.clone();
    blocking(move || Ok(store.project(project)?)).await?;
    let folder = ProjectFolder::of(&state.data_dir, project);
    let Received { temp, sha256, bytes } = receive(&folder, body, limit, "").await?;
    let incoming = Incoming {
        table,
        file_name: folder::stored_name(table, &sha256, extension),
        client_name: client_label(query.filename.as_deref(), table),
        sha256,
        bytes,
        read: query.read_settings(),
    };
    let actor = caller.actor().to_owned();
    let body = blocking(move || install(&state, &folder, project, temp, incoming, &actor)).await?;
    Ok((StatusCode::CREATED, Json(body)))
}

/// Refuses a body whose declared length is over `limit` before reading any of it.
pub(crate) fn refuse_declared_over(headers: &HeaderMap, limit: u64) -> Result<(), ApiError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large(limit));
    }
    Ok(())
}

/// A body written to disk whole.
pub(crate) struct Received {
    /// The file, removed when dropped.
    pub temp: tempfile::NamedTempFile,
    /// Its SHA-256, lowercase hex.
    pub sha256: String,
    /// Its size.
    pub bytes: u64,
}

/// Streams `body` to a temporary file in the project's folder ending in `suffix`, piece by
/// piece, never more than `limit` bytes; the file is removed when anything fails (the handle
/// is dropped), and an empty body is refused.
pub(crate) async fn receive(
    folder: &ProjectFolder,
    body: Body,
    limit: u64,
    suffix: &str,
) -> Result<Received, ApiError> {
    tokio::fs::create_dir_all(&folder.dir).await.map_err(|_| ApiError::internal())?;
    let temp = tempfile::Builder::new()
        .prefix(folder::UPLOAD_PREFIX)
        .suffix(suffix)
        .tempfile_in(&folder.dir)
        .map_err(|_| ApiError::internal())?;
    let mut file = tokio::fs::File::from_std(temp.reopen().map_err(|_| ApiError::internal())?);
    let mut hasher = Sha256::new();
    let mut bytes = 0u64;
    let mut stream = body.into_data_stream();
    while let Some(piece) = stream.next().await {
        let piece = piece.map_err(|_| ApiError::invalid("the upload was cut off"))?;
        bytes += piece.len() as u64;
        if bytes > limit {
            return Err(too_large(limit));
        }
        hasher.update(&piece);
        file.write_all(&piece).await.map_err(|_| ApiError::internal())?;
    }
    file.sync_all().await.map_err(|_| ApiError::internal())?;
    drop(file);
    if bytes == 0 {
        return Err(ApiError::invalid("the upload is empty"));
    }
    Ok(Received { temp, sha256: folder::hex(&hasher.finalize()), bytes })
}

/// How an error message names the uploaded file: the last part of the client's name when it
/// is plain text, otherwise the table.
pub(crate) fn client_label(name: Option<&str>, table: &str) -> String {
    let last = name.and_then(|n| n.rsplit(['/', '\\']).next()).unwrap_or_default();
    if last.is_empty() || last.len() > 200 || last.chars().any(char::is_control) {
        format!("the uploaded {table} file")
    } else {
        last.to_owned()
    }
}

/// An uploaded file waiting to be installed.
struct Incoming {
    table: &'static str,
    file_name: String,
    client_name: String,
    sha256: String,
    bytes: u64,
    read: Option<ReadSettings>,
}

/// The project's tables as its icp.toml names them (file names in its folder).
#[derive(Debug, Default)]
struct Tables {
    accounts: Option<String>,
    deals: Option<String>,
    orders: Option<String>,
    contacts: Option<String>,
    /// The accounts are the customers of the orders (`init --orders` alone).
    from_orders: bool,
    /// How the accounts file is read.
    read: ReadSettings,
}

impl Tables {
    fn of(project: Option<&icp_project::ProjectFile>) -> Tables {
        let Some(p) = project else { return Tables::default() };
        let name = |path: &PathBuf| path.file_name().map(|n| n.to_string_lossy().into_owned());
        let s = &p.accounts.source;
        Tables {
            accounts: if p.accounts.from_orders { None } else { name(&s.path) },
            deals: p.deals.as_ref().and_then(|d| name(&d.source.path)),
            orders: p.orders.as_ref().and_then(|t| name(&t.path)),
            contacts: p.contacts.as_ref().and_then(|t| name(&t.path)),
            from_orders: p.accounts.from_orders,
            read: ReadSettings {
                encoding: s.encoding.clone(),
                delimiter: s.delimiter.clone(),
                sheet: s.sheet.clone(),
                header: s.header,
                ..ReadSettings::default()
            },
        }
    }

    fn slot(&mut self, table: &str) -> &mut Option<String> {
        match table {
            "accounts" => &mut self.accounts,
            "deals" => &mut self.deals,
            "orders" => &mut self.orders,
            _ => &mut self.contacts,
        }
    }

    fn names(&self) -> impl Iterator<Item = &String> {
        [&self.accounts, &self.deals, &self.orders, &self.contacts].into_iter().flatten()
    }
}

/// Runs init over the project's tables with the new one, then installs it (see the module's
/// documentation for the order).
fn install(
    state: &AppState,
    folder: &ProjectFolder,
    project: ProjectId,
    temp: tempfile::NamedTempFile,
    incoming: Incoming,
    actor: &str,
) -> Result<Value, ApiError> {
    let lock = folder.lock();
    let _held = lock.lock().unwrap_or_else(|p| p.into_inner());
    let project_file = folder.project_file();
    let current = project_file
        .is_file()
        .then(|| icp_project::ProjectFile::load(&project_file))
        .transpose()
        .map_err(|e| ApiError::invalid(folder.scrub(&e.to_string())))?;
    let old = Tables::of(current.as_ref());
    let mut new = Tables::of(current.as_ref());
    *new.slot(incoming.table) = Some(incoming.file_name.clone());
    if incoming.table == "accounts" {
        new.from_orders = false;
    }
    let staging = tempfile::Builder::new()
        .prefix(folder::STAGING_PREFIX)
        .tempdir_in(&folder.dir)
        .map_err(|_| ApiError::internal())?;
    for name in new.names().filter(|n| **n != incoming.file_name) {
        let (from, to) = (folder.dir.join(name), staging.path().join(name));
        if std::fs::hard_link(&from, &to).is_err() {
            std::fs::copy(&from, &to).map_err(|_| ApiError::internal())?;
        }
    }
    let staged = staging.path().join(&incoming.file_name);
    temp.persist(&staged).map_err(|_| ApiError::internal())?;

    // The accounts are the accounts file, or (a shop with orders only) the orders file.
    let orders_only = new.accounts.is_none();
    let accounts = match (&new.accounts, &new.orders) {
        (Some(a), _) => a,
        (None, Some(o)) => o,
        (None, None) => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "no_accounts",
                format!(
                    "upload the accounts first (or orders, for a shop with orders only): {} are read beside them",
                    incoming.table
                ),
            ));
        }
    };
    let uploaded_is_accounts = *accounts == incoming.file_name;
    let read = match (&incoming.read, uploaded_is_accounts) {
        (Some(read), true) => read.clone(),
        (Some(_), false) => {
            return Err(ApiError::invalid(format!(
                "encoding, delimiter, sheet and header apply to the accounts file; the {} file is recognised on its own",
                incoming.table
            )));
        }
        (None, true) => ReadSettings::default(),
        (None, false) => new.read.clone(),
    };
    let at = |name: &Option<String>| name.as_ref().map(|n| staging.path().join(n));
    let request = InitRequest {
        accounts: staging.path().join(accounts),
        orders_only,
        deals: at(&new.deals),
        orders: if orders_only { None } else { at(&new.orders) },
        contacts: at(&new.contacts),
        project: staging.path().join("icp.toml"),
        exclude_reason: "excluded through the API".into(),
        read,
        generated_by: format!("icp {} serve", icp_engine::VERSION),
        ..InitRequest::default()
    };
    let staging_dir = ProjectFolder { dir: staging.path().to_owned() };
    let scrub = |e: &icp_engine::EngineError| {
        let message = e.to_string().replace(&staged.display().to_string(), &incoming.client_name);
        folder.scrub(&staging_dir.scrub(&message))
    };
    let proposal = init(&request).map_err(|e| ApiError::invalid(scrub(&e)))?;
    // The settings changed through the API, applied again to what init proposed.
    let saved = Change::saved(folder);
    let (text, summary, keep_saved) = match &saved {
        None => (proposal.text, proposal.summary, true),
        Some(change) => {
            folder::write_atomically(staging.path(), "icp.toml", proposal.text.as_bytes())
                .map_err(|_| ApiError::internal())?;
            let changed = icp_engine::settings::change(
                &request.project,
                change.clone().overrides()?,
                &request.generated_by,
            );
            match changed {
                Ok(mut changed) => {
                    changed.summary.notes = proposal.summary.notes;
                    (changed.text, changed.summary, true)
                }
                Err(e) => {
                    let mut summary = proposal.summary;
                    summary.notes.push(format!(
                        "the settings changed earlier do not apply to the new data ({}); the project is as init proposes it",
                        scrub(&e)
                    ));
                    (proposal.text, summary, false)
                }
            }
        }
    };

    // Installed: the new file under its new name, then icp.toml, then the record.
    std::fs::rename(&staged, folder.dir.join(&incoming.file_name))
        .map_err(|_| ApiError::internal())?;
    folder::write_atomically(&folder.dir, "icp.toml", text.as_bytes())
        .map_err(|_| ApiError::internal())?;
    if !keep_saved {
        Change::save(folder, None)?;
    }
    let still_read: Vec<&String> = new.names().collect();
    for name in old.names().filter(|n| !still_read.contains(n)) {
        // A file no table names any more; a failure only leaves an unused file behind.
        let _ = std::fs::remove_file(folder.dir.join(name));
    }
    let upload = state.store.record_upload(NewUpload {
        project,
        table: incoming.table,
        file_name: &incoming.file_name,
        sha256: &incoming.sha256,
        bytes: incoming.bytes,
        uploaded_at: &now(),
        actor,
    })?;
    Ok(json!({
        "upload": UploadView::from(upload),
        "project": summary_json(summary)?,
    }))
}

pub(crate) async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
) -> Result<Json<Vec<UploadView>>, ApiError> {
    let project = ProjectId(project);
    caller.require(Scope::Read, Some(project))?;
    let uploads = blocking(move || Ok(state.store.uploads(project, 1000)?)).await?;
    Ok(Json(uploads.into_iter().map(UploadView::from).collect()))
}

/// Opens the project's session as `icp describe` does (the folder held still meanwhile).
pub(crate) fn open_session(
    folder: &ProjectFolder,
    overrides: Overrides,
) -> Result<Session, ApiError> {
    let path = folder.existing_project_file()?;
    let lock = folder.lock();
    let _held = lock.lock().unwrap_or_else(|p| p.into_inner());
    Session::open(&path, overrides).map_err(|e| folder::engine_error(folder, &e))
}

pub(crate) async fn summary(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    let project = ProjectId(project);
    caller.require(Scope::Read, Some(project))?;
    let summary = blocking(move || {
        state.store.project(project)?;
        let folder = ProjectFolder::of(&state.data_dir, project);
        let session = open_session(&folder, Overrides::default())?;
        let summary = session.summary().map_err(|e| folder::engine_error(&folder, &e))?;
        let mut body = summary_json(summary)?;
        body["notes"] = json!(session.notes().iter().map(|n| n.to_string()).collect::<Vec<_>>());
        Ok(body)
    })
    .await?;
    Ok(Json(summary))
}
