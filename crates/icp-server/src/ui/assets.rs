//! The UI's stylesheet and script, compiled into the binary and served by icp itself (the UI
//! works on a laptop without internet: no CDN, no external font or script).

use std::sync::LazyLock;

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// Where the stylesheet is served.
pub(crate) const CSS_PATH: &str = "/ui/static/ui.css";
/// Where the script is served.
pub(crate) const JS_PATH: &str = "/ui/static/ui.js";

/// The UI's own rules, after the report's.
const UI_CSS: &str = include_str!("static/ui.css");
const JS: &str = include_str!("static/ui.js");

/// `GET /ui/static/ui.css`.
pub(crate) async fn css() -> Response {
    static CSS: LazyLock<String> = LazyLock::new(|| format!("{}\n{UI_CSS}", icp_report::CSS));
    asset("text/css; charset=utf-8", CSS.as_str())
}

/// `GET /ui/static/ui.js`.
pub(crate) async fn js() -> Response {
    asset("text/javascript; charset=utf-8", JS)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            // Small and changed only with the binary: an hour keeps page loads quick.
            (header::CACHE_CONTROL, "public, max-age=3600"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        body,
    )
        .into_response()
}
