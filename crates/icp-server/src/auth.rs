//! Who is calling: the API key in `Authorization: Bearer …`, checked against the store, and
//! what its scope and project allow.

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use icp_store::{ApiKey, ProjectId, Scope};

use std::time::Instant;

use sha2::{Digest, Sha256};

use crate::request_log::CallerSlot;
use crate::{ApiError, AppState, blocking};

/// The caller of a request: a known, unrevoked key.
#[derive(Debug, Clone)]
pub struct Caller(pub ApiKey);

impl Caller {
    /// Fails with 403 unless the key's scope covers `scope` and, for a key bound to one
    /// project, `project` is that project.
    pub fn require(&self, scope: Scope, project: Option<ProjectId>) -> Result<(), ApiError> {
        if !self.0.scope.allows(scope) {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                format!("this key's scope is `{}`; this needs `{scope}`", self.0.scope),
            ));
        }
        if let (Some(bound), Some(asked)) = (self.0.project, project)
            && bound != asked
        {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "this key is for another project",
            ));
        }
        if self.0.project.is_some() && project.is_none() && scope == Scope::Admin {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "a key for one project cannot manage others",
            ));
        }
        Ok(())
    }

    /// Who made a record: the key's prefix, never the key.
    pub fn actor(&self) -> &str {
        &self.0.prefix
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let unauthorized = |message: &str| {
            ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", message.to_owned())
        };
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .ok_or_else(|| unauthorized("an API key is needed: Authorization: Bearer icp_…"))?;
        let token = header
            .to_str()
            .ok()
            .and_then(|h| h.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| unauthorized("the Authorization header must be `Bearer <key>`"))?
            .to_owned();
        // A key verified less than a second ago is trusted again (see `cache`); unknown
        // tokens are never remembered, so guessing cannot fill memory. The cache is keyed by
        // the token's SHA-256, as the store is: no secret is kept in memory or compared byte
        // by byte.
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        if let Some(key) = state.keys.get(&digest) {
            return admit(&parts.extensions, state, key);
        }
        let store = state.store.clone();
        let key = blocking(move || Ok(store.verify_key(&token)?)).await?;
        let key = key.ok_or_else(|| unauthorized("unknown or revoked API key"))?;
        state.keys.put(digest, key.clone());
        admit(&parts.extensions, state, key)
    }
}

/// A known key, named in the request's log line and held to its rate (429 beyond it).
fn admit(
    extensions: &axum::http::Extensions,
    state: &AppState,
    key: ApiKey,
) -> Result<Caller, ApiError> {
    if let Some(slot) = extensions.get::<CallerSlot>() {
        let _ = slot.0.set(key.prefix.clone());
    }
    if let Err(wait) = state.rate.take(&key.prefix, state.limits.rate, Instant::now()) {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!(
                "this key is limited to {} requests a second; try again shortly",
                state.limits.rate.per_second
            ),
        )
        .retry_after(wait.as_secs_f64().ceil().max(1.0) as u64));
    }
    Ok(Caller(key))
}
