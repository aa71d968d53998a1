//! The API's reference: an OpenAPI 3.1 document kept beside the code (`openapi.json`) and
//! checked by the tests against the router and real responses.

use axum::http::header;
use axum::response::IntoResponse;

/// The document, as served.
pub const DOCUMENT: &str = include_str!("../openapi.json");

/// `GET /v1/openapi.json` (no key needed: it describes, it does not reveal).
pub(crate) async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT)
}
