//! Requests that change something, let through only with the session's CSRF token: a form
//! sends it in its `csrf` field, a script in the `x-csrf-token` header. The check happens in the
//! extractor, before the handler runs, so no handler can forget it.

use axum::Form;
use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use super::session::{Ui, sent_csrf};
use crate::AppState;

/// The most bytes a form may have (lead forms and the template editor's fields included).
const FORM_BYTES: usize = 2 * 1024 * 1024;

/// A signed-in person's form whose token matched, and its fields.
pub(crate) struct CheckedForm<T> {
    /// Who sent it.
    pub ui: Ui,
    /// Its fields (a `csrf` field among them is ignored unless `T` asks for it).
    pub form: T,
}

/// A form with no fields of its own: a button.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct NoFields {}

/// The token a form sent in its field.
#[derive(Debug, serde::Deserialize)]
struct Token {
    csrf: Option<String>,
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for CheckedForm<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        let ui = Ui::from_request_parts(&mut parts, state).await?;
        let bytes = axum::body::to_bytes(body, FORM_BYTES)
            .await
            .map_err(|_| StatusCode::PAYLOAD_TOO_LARGE.into_response())?;
        let again = |parts: &Parts| Request::from_parts(parts.clone(), Body::from(bytes.clone()));
        let field = match Form::<Token>::from_request(again(&parts), state).await {
            Ok(Form(token)) => token.csrf,
            Err(_) => None,
        };
        let sent = sent_csrf(&parts.headers).or(field.as_deref());
        ui.check_csrf(sent).map_err(IntoResponse::into_response)?;
        let Form(form) = Form::<T>::from_request(again(&parts), state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(CheckedForm { ui, form })
    }
}

/// A signed-in person's script request (an upload, a lead list) whose header token matched;
/// the body is the handler's to stream.
pub(crate) struct CheckedScript(pub Ui);

impl FromRequestParts<AppState> for CheckedScript {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let ui = Ui::from_request_parts(parts, state).await?;
        ui.check_csrf(sent_csrf(&parts.headers)).map_err(IntoResponse::into_response)?;
        Ok(CheckedScript(ui))
    }
}
