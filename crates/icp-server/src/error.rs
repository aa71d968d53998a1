//! Errors as the API returns them: a status, a stable code and a message that names what is
//! wrong (a file's row and column, a profile's line) but never a stored value or a key.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use icp_store::StoreError;

/// An error response: `{"error": {"code": "…", "message": "…"}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// A stable code clients can match on.
    pub code: &'static str,
    /// What went wrong, for people.
    pub message: String,
    /// Seconds after which a retry may succeed (`Retry-After`), for 429 and 503.
    pub retry_after: Option<u64>,
}

impl ApiError {
    /// An error with `status`, `code` and `message`.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into(), retry_after: None }
    }

    /// The same error, telling the client to retry after `seconds`.
    pub fn retry_after(self, seconds: u64) -> ApiError {
        ApiError { retry_after: Some(seconds), ..self }
    }

    /// The request is malformed or invalid (400).
    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid", message)
    }

    /// Something that should not happen; details stay in the server.
    pub fn internal() -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "internal error")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": { "code": self.code, "message": self.message } });
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        let status = match &e {
            StoreError::NoProject(_)
            | StoreError::NoVersion { .. }
            | StoreError::NoRun(_)
            | StoreError::NoKey(_) => (StatusCode::NOT_FOUND, "not_found"),
            StoreError::ProjectExists(_) | StoreError::RunFinished(_) | StoreError::Unique => {
                (StatusCode::CONFLICT, "conflict")
            }
            StoreError::ProjectName { .. } => (StatusCode::BAD_REQUEST, "invalid"),
            // The database is away or refused: the client may retry later.
            StoreError::Database(_) | StoreError::Open { .. } => {
                (StatusCode::SERVICE_UNAVAILABLE, "database_unavailable")
            }
            StoreError::NewerSchema { .. } | StoreError::Corrupt(_) | StoreError::Random(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
        };
        let message = match status.1 {
            // The driver's words may quote stored values: not for clients.
            "database_unavailable" => "the database is unavailable; try again".to_owned(),
            "internal" => "internal error".to_owned(),
            _ => e.to_string(),
        };
        let error = ApiError::new(status.0, status.1, message);
        if status.0 == StatusCode::SERVICE_UNAVAILABLE { error.retry_after(1) } else { error }
    }
}

/// No such route.
pub(crate) async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such route; see /v1/openapi.json")
}

/// A request body as bytes, with the extractor's refusals (too large, unreadable) as JSON errors.
pub(crate) fn body(
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<axum::body::Bytes, ApiError> {
    body.map_err(|rejection| {
        let status = rejection.status();
        let code =
            if status == StatusCode::PAYLOAD_TOO_LARGE { "payload_too_large" } else { "invalid" };
        ApiError::new(status, code, rejection.body_text())
    })
}

/// A JSON body, whatever its declared content type (curl's `-d` says form data): a body that
/// is not JSON is a 400 with the parser's position.
pub(crate) fn json_body<T: serde::de::DeserializeOwned>(
    bytes: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<T, ApiError> {
    let bytes = body(bytes)?;
    serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::invalid(format!("the body is not the JSON expected: {e}")))
}
