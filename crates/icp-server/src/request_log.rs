//! One structured log event per request, with an id the response carries too
//! (`x-request-id`), so a client's report can be found in the logs. The event names the route
//! (its template, not the path a client typed), the status, the time taken and the key's prefix:
//! never a body, a query, a cell value or a key.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use axum::extract::{MatchedPath, Request};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

/// The header that carries a request's id.
pub const REQUEST_ID: &str = "x-request-id";

/// Who called, filled in by the key check ([`crate::Caller`]) for the request's log event.
#[derive(Debug, Clone, Default)]
pub(crate) struct CallerSlot(pub(crate) Arc<OnceLock<String>>);

/// A new id: this process's start (seconds, hex) and a counter, unique within a deployment's
/// logs without a random source per request.
fn next_id() -> String {
    static STARTED: OnceLock<u64> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(1);
    let started = *STARTED
        .get_or_init(|| SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()));
    format!("{started:x}-{}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// The middleware: ids the request, runs it, logs it.
pub(crate) async fn log(mut request: Request, next: Next) -> Response {
    let id = next_id();
    let started = Instant::now();
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "(no route)".to_owned(), |p| p.as_str().to_owned());
    let caller = CallerSlot::default();
    request.extensions_mut().insert(caller.clone());
    let mut response = next.run(request).await;
    let status = response.status().as_u16();
    let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    let key = caller.0.get().map_or("-", String::as_str);
    if status >= 500 {
        tracing::warn!(request_id = %id, %method, %route, status, micros, key = %key, "request failed");
    } else {
        tracing::info!(request_id = %id, %method, %route, status, micros, key = %key, "request");
    }
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}
