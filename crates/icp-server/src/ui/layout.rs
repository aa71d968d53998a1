//! The frame around every page: the document head (the UI's own stylesheet and script, served
//! by icp itself), the top bar with the language switch and sign-out, and the main landmark.
//! Pages are HTML documents with a strict Content-Security-Policy: nothing is loaded from
//! anywhere but this server.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use icp_report::Lang;
use maud::{DOCTYPE, Markup, html};

use super::i18n::T;
use super::session::Ui;

/// Nothing from other origins, no inline script; inline styles only for the report's charts.
pub(crate) const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// A whole page for a signed-in person: `title`, then `body` inside `<main>`.
pub(crate) fn page(ui: &Ui, title: &str, back: Option<(&str, &str)>, body: Markup) -> Response {
    let markup = html! {
        (DOCTYPE)
        html lang=(ui.lang.code()) {
            (head(ui.lang, title, Some(&ui.csrf)))
            body {
                a.skip href="#main" { (ui.t(T::SkipToContent)) }
                header.bar {
                    a.brand href="/ui" { (ui.t(T::AppName)) }
                    nav.tools aria-label=(ui.t(T::Language)) {
                        (switch(ui.lang))
                        @if ui.caller.actor() != "local" {
                            form.inline method="post" action="/ui/sign-out" {
                                input type="hidden" name="csrf" value=(ui.csrf);
                                button.link type="submit" { (ui.t(T::SignOut)) }
                            }
                        }
                    }
                }
                main #main {
                    @if let Some((href, label)) = back {
                        p.back { a href=(href) { "← " (label) } }
                    }
                    h1 { (title) }
                    (body)
                }
            }
        }
    };
    html_response(markup)
}

/// A page without the top bar (sign-in, refusals).
pub(crate) fn bare(lang: Lang, title: &str, message: &str) -> Response {
    bare_with(lang, title, html! { p.alert role="alert" { (message) } })
}

/// A page without the top bar around `body`.
pub(crate) fn bare_with(lang: Lang, title: &str, body: Markup) -> Response {
    let markup = html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            (head(lang, title, None))
            body {
                header.bar {
                    a.brand href="/ui" { (T::AppName.text(lang)) }
                    nav.tools aria-label=(T::Language.text(lang)) { (switch(lang)) }
                }
                main #main { h1 { (title) } (body) }
            }
        }
    };
    html_response(markup)
}

/// The document head; `csrf` is there for the page's script to send back.
fn head(lang: Lang, title: &str, csrf: Option<&str>) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            @if let Some(token) = csrf { meta name="csrf-token" content=(token); }
            title { (title) " · icp" }
            // No icon to fetch: the browser would ask for /favicon.ico.
            link rel="icon" href="data:,";
            link rel="stylesheet" href=(super::assets::CSS_PATH);
            script src=(super::assets::JS_PATH) defer {}
            @if lang == Lang::Ja { meta name="icp-lang" content="ja"; }
        }
    }
}

/// Links to the other language (a preference kept in a cookie; nothing on the server changes).
fn switch(lang: Lang) -> Markup {
    html! {
        span.switch {
            @for other in Lang::ALL {
                @if other == lang {
                    span aria-current="true" { (label(other)) }
                } @else {
                    a href={ "/ui/lang/" (other.code()) } hreflang=(other.code()) lang=(other.code()) { (label(other)) }
                }
            }
        }
    }
}

fn label(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "English",
        Lang::Ja => "日本語",
    }
}

/// An HTML response with the UI's security headers.
pub(crate) fn html_response(markup: Markup) -> Response {
    let mut response = markup.into_response();
    secure(&mut response);
    response
}

/// The headers every UI page carries.
pub(crate) fn secure(response: &mut Response) {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, header::HeaderValue::from_static(CSP));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, header::HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, header::HeaderValue::from_static("same-origin"));
    headers.insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
}

/// A hidden CSRF field for a form.
pub(crate) fn csrf_field(ui: &Ui) -> Markup {
    html! { input type="hidden" name="csrf" value=(ui.csrf); }
}
