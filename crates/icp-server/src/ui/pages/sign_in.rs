//! Signing in with an API key, signing out, and the language switch.
//!
//! The sign-in form has no session yet to hold its CSRF token, so the token is also set in a
//! cookie of its own (HttpOnly, SameSite=Strict) and the two must match. A successful sign-in
//! opens a new session (never one a visitor brought along).

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::html;
use serde::Deserialize;

use super::super::i18n::T;
use super::super::layout;
use super::super::session::{
    self, LANG_COOKIE, SESSION_COOKIE, SIGN_IN_COOKIE, cookie, language, set_cookie,
};
use super::see_other;
use crate::ui::checked::{CheckedForm, NoFields};
use crate::{AppState, blocking};

/// `GET /ui/sign-in`.
pub(crate) async fn form(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let lang = language(&headers);
    if state.ui.sessions.local {
        // Nobody signs in on a loopback-only server started with --local.
        return match state.ui.sessions.open(session::local_key()) {
            Ok(token) => signed_in(&headers, &token),
            Err(status) => status.into_response(),
        };
    }
    let Ok(token) = session::random_token() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    sign_in_page(&headers, lang, &token, None)
}

fn sign_in_page(
    request: &HeaderMap,
    lang: icp_report::Lang,
    token: &str,
    error: Option<T>,
) -> Response {
    let body = html! {
        @if let Some(error) = error { p.alert role="alert" { (error.text(lang)) } }
        p { (T::SignInIntro.text(lang)) }
        form.stack method="post" action="/ui/sign-in" {
            input type="hidden" name="csrf" value=(token);
            label for="key" { (T::ApiKey.text(lang)) }
            input #key type="password" name="key" autocomplete="current-password" required;
            div { button type="submit" { (T::SignIn.text(lang)) } }
        }
    };
    let mut response = layout::bare_with(lang, T::SignIn.text(lang), body);
    if error.is_some() {
        *response.status_mut() = StatusCode::UNAUTHORIZED;
    }
    if let Ok(value) = set_cookie(request, SIGN_IN_COOKIE, token, Some(3600)).parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// The sign-in form's fields.
#[derive(Debug, Deserialize)]
pub(crate) struct SignIn {
    key: String,
    csrf: String,
}

/// `POST /ui/sign-in`.
pub(crate) async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<SignIn>,
) -> Response {
    let lang = language(&headers);
    let expected = cookie(&headers, SIGN_IN_COOKIE);
    if !expected.is_some_and(|e| session::same(e, &form.csrf)) {
        return session::refused(lang, StatusCode::FORBIDDEN, T::CsrfRefused);
    }
    let store = state.store.clone();
    let token = form.key.trim().to_owned();
    let key = match blocking(move || Ok(store.verify_key(&token)?)).await {
        Ok(key) => key,
        Err(e) => return e.into_response(),
    };
    let Some(key) = key else {
        let Ok(fresh) = session::random_token() else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        return sign_in_page(&headers, lang, &fresh, Some(T::WrongKey));
    };
    match state.ui.sessions.open(key) {
        Ok(token) => signed_in(&headers, &token),
        Err(status) => status.into_response(),
    }
}

/// Sets the session cookie, forgets the sign-in cookie, and goes to the projects.
fn signed_in(request: &HeaderMap, token: &str) -> Response {
    let mut response = see_other("/ui");
    let cookies = [
        set_cookie(request, SESSION_COOKIE, token, None),
        set_cookie(request, SIGN_IN_COOKIE, "", Some(0)),
    ];
    for value in cookies {
        if let Ok(value) = value.parse() {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// `POST /ui/sign-out`.
pub(crate) async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    CheckedForm { ui: _, form: NoFields {} }: CheckedForm<NoFields>,
) -> Response {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        state.ui.sessions.end(token);
    }
    let mut response = see_other("/ui/sign-in");
    if let Ok(value) = set_cookie(&headers, SESSION_COOKIE, "", Some(0)).parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// `GET /ui/lang/{en|ja}`: remembers the language (a preference in a cookie; nothing on the
/// server changes) and goes back to the page the switch was on.
pub(crate) async fn switch_language(Path(code): Path<String>, headers: HeaderMap) -> Response {
    let code = if code == "ja" { "ja" } else { "en" };
    let back = headers
        .get(header::REFERER)
        .and_then(|r| r.to_str().ok())
        .and_then(same_site_path)
        .unwrap_or("/ui");
    let mut response = see_other(back);
    if let Ok(value) = set_cookie(&headers, LANG_COOKIE, code, Some(365 * 24 * 3600)).parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// The path of a referring UI page (`http://host/ui/p/1` → `/ui/p/1`); none for anything
/// that could lead elsewhere.
fn same_site_path(referer: &str) -> Option<&str> {
    let rest = referer.split_once("://").map_or(referer, |(_, rest)| rest);
    let path = &rest[rest.find('/')?..];
    (path.starts_with("/ui") && !path.starts_with("//") && !path.contains('\\')).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::same_site_path;

    #[test]
    fn the_switch_goes_back_only_to_ui_pages() {
        assert_eq!(same_site_path("http://127.0.0.1:8080/ui/p/1?x=2"), Some("/ui/p/1?x=2"));
        assert_eq!(same_site_path("http://127.0.0.1:8080/v1/projects"), None);
        assert_eq!(same_site_path("http://evil.example"), None);
        assert_eq!(same_site_path("http://h//evil.example/ui"), None);
    }
}
