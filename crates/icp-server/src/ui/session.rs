//! Who is using the web UI: a session opened by signing in with an API key (or, for a server
//! started with `--local` on loopback, without one), carried by a cookie that scripts cannot
//! read (HttpOnly) and that other sites never send (SameSite=Strict), with a CSRF token every
//! form and script sends back.
//!
//! Sessions live in the server's memory, keyed by the SHA-256 of the cookie's token (the token
//! itself is never kept); a restart signs everybody out. A session lasts while it is used
//! (eight idle hours at most) and ends as soon as its key is revoked (checked at most once a
//! second, as the API's key cache does).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use icp_report::Lang;
use icp_store::{ApiKey, Scope};
use sha2::{Digest, Sha256};

use super::i18n::T;
use crate::{AppState, Caller, blocking};

/// The session cookie.
pub(crate) const SESSION_COOKIE: &str = "icp_session";
/// The sign-in form's CSRF cookie (there is no session yet to hold the token).
pub(crate) const SIGN_IN_COOKIE: &str = "icp_signin";
/// The language chosen with the switch.
pub(crate) const LANG_COOKIE: &str = "icp_lang";
/// The header scripts send the CSRF token in.
pub(crate) const CSRF_HEADER: &str = "x-csrf-token";

/// How long an unused session lasts.
const IDLE: Duration = Duration::from_secs(8 * 3600);
/// How often a session's key is checked against the store for revocation.
const RECHECK: Duration = Duration::from_secs(1);
/// The most sessions kept at once; beyond it the least recently used ends.
const MOST: usize = 10_000;

/// One signed-in browser.
#[derive(Debug, Clone)]
struct Session {
    key: ApiKey,
    csrf: String,
    last_seen: Instant,
    checked: Instant,
}

/// Every open session, and whether the server lets people in without a key.
#[derive(Debug, Default)]
pub struct Sessions {
    open: Mutex<HashMap<[u8; 32], Session>>,
    /// `--local`: the server listens on loopback only and nobody signs in.
    pub(crate) local: bool,
}

impl Sessions {
    /// Sessions for a server that lets people in without a key (`icp serve --local`).
    pub fn local() -> Sessions {
        Sessions { local: true, ..Sessions::default() }
    }

    /// Opens a session for `key`; the cookie's token.
    pub(crate) fn open(&self, key: ApiKey) -> Result<String, StatusCode> {
        let token = random_token()?;
        let csrf = random_token()?;
        let now = Instant::now();
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        open.retain(|_, s| now.duration_since(s.last_seen) < IDLE);
        if open.len() >= MOST
            && let Some(oldest) = open.iter().min_by_key(|(_, s)| s.last_seen).map(|(k, _)| *k)
        {
            open.remove(&oldest);
        }
        open.insert(digest(&token), Session { key, csrf, last_seen: now, checked: now });
        Ok(token)
    }

    /// Ends the session whose cookie token is `token`.
    pub(crate) fn end(&self, token: &str) {
        self.open.lock().unwrap_or_else(|p| p.into_inner()).remove(&digest(token));
    }

    /// The live session of `token`, marked as used; whether its key needs checking again.
    fn touch(&self, token: &str) -> Option<(Session, bool)> {
        let now = Instant::now();
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let id = digest(token);
        let session = open.get_mut(&id)?;
        if now.duration_since(session.last_seen) >= IDLE {
            open.remove(&id);
            return None;
        }
        session.last_seen = now;
        let recheck = now.duration_since(session.checked) >= RECHECK;
        if recheck {
            session.checked = now;
        }
        Some((session.clone(), recheck))
    }
}

/// A signed-in person: the key they signed in with (as the API's caller), the session's CSRF
/// token, and the language pages are shown in.
#[derive(Debug, Clone)]
pub(crate) struct Ui {
    pub caller: Caller,
    pub csrf: String,
    pub lang: Lang,
}

impl Ui {
    /// Refuses a form or script whose CSRF token is not the session's.
    pub(crate) fn check_csrf(&self, sent: Option<&str>) -> Result<(), Refused> {
        match sent {
            Some(sent) if same(sent, &self.csrf) => Ok(()),
            _ => Err(Refused {
                lang: self.lang,
                status: StatusCode::FORBIDDEN,
                message: T::CsrfRefused,
            }),
        }
    }

    /// The text of `key` in the page's language.
    pub(crate) fn t(&self, key: T) -> &'static str {
        key.text(self.lang)
    }

    /// A message icp wrote in English (a note, a warning, an error from the engine or the
    /// API), said in the page's language.
    pub(crate) fn say<'a>(&self, message: &'a str) -> std::borrow::Cow<'a, str> {
        icp_report::say(message, self.lang)
    }

    /// A bin's label as shown: icp's own bins ("missing", "other (3 values: …)", yes and no)
    /// in the page's language; a label from the data (a value, a range) as it is, even when it
    /// happens to be a word icp uses ("phone").
    pub(crate) fn bin_label(&self, label: &str) -> String {
        let en = icp_report::EN;
        let own = [en.bin_missing, en.yes, en.no].contains(&label)
            || label.starts_with(&format!("{} (", en.bin_other))
            || label == en.bin_other;
        if own { self.say(label).into_owned() } else { label.to_owned() }
    }

    /// A tier's name as shown: icp's own tiers ("disqualified", "insufficient data") in the
    /// page's language, as the report shows them; the profile's own names as they are.
    pub(crate) fn tier<'a>(&self, name: &'a str) -> &'a str {
        self.lang.messages().tier(name)
    }
}

/// Whether the key allows `scope` on `project` (the same rule as the API's).
pub(crate) fn allowed(ui: &Ui, scope: Scope, project: Option<icp_store::ProjectId>) -> bool {
    ui.caller.require(scope, project).is_ok()
}

impl FromRequestParts<AppState> for Ui {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Ui, Response> {
        let lang = language(&parts.headers);
        let signed_out = || {
            if parts.method == Method::GET {
                Redirect::to("/ui/sign-in").into_response()
            } else {
                refused(lang, StatusCode::UNAUTHORIZED, T::SignedOut)
            }
        };
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(signed_out());
        };
        let Some((session, recheck)) = state.ui.sessions.touch(token) else {
            return Err(signed_out());
        };
        if recheck && !state.ui.sessions.local {
            let store = state.store.clone();
            let prefix = session.key.prefix.clone();
            let live = blocking(move || {
                Ok(store.keys()?.iter().any(|k| k.prefix == prefix && k.revoked_at.is_none()))
            })
            .await
            .map_err(IntoResponse::into_response)?;
            if !live {
                state.ui.sessions.end(token);
                return Err(signed_out());
            }
        }
        Ok(Ui { caller: Caller(session.key), csrf: session.csrf, lang })
    }
}

/// The key a `--local` server's people act with: admin over every project.
pub(crate) fn local_key() -> ApiKey {
    ApiKey {
        prefix: "local".into(),
        scope: Scope::Admin,
        project: None,
        created_at: crate::now(),
        revoked_at: None,
    }
}

/// Whether `--local` may be used when listening on `addr`: only on loopback, where nobody
/// else can reach the server.
pub fn local_allowed(addr: &std::net::SocketAddr) -> Result<(), String> {
    if addr.ip().is_loopback() {
        Ok(())
    } else {
        Err(format!(
            "--local lets anyone who reaches the server in without a key, so it is only \
             allowed when listening on loopback (127.0.0.1 or ::1), not on {addr}; \
             use --addr 127.0.0.1:PORT, or sign in with a key instead"
        ))
    }
}

/// The page's language: the switch's cookie, else the browser's Accept-Language.
pub(crate) fn language(headers: &HeaderMap) -> Lang {
    match cookie(headers, LANG_COOKIE) {
        Some("ja") => return Lang::Ja,
        Some("en") => return Lang::En,
        _ => {}
    }
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    // The first of English or Japanese the browser names, by its weight.
    let mut best: Option<(f32, Lang)> = None;
    for part in accept.split(',') {
        let mut pieces = part.trim().split(';');
        let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
        let weight = pieces
            .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()))
            .unwrap_or(1.0);
        let lang = match tag.split('-').next() {
            Some("ja") => Lang::Ja,
            Some("en") => Lang::En,
            _ => continue,
        };
        if best.is_none_or(|(w, _)| weight > w) {
            best = Some((weight, lang));
        }
    }
    best.map_or(Lang::En, |(_, lang)| lang)
}

/// The CSRF token a script sent in its header.
pub(crate) fn sent_csrf(headers: &HeaderMap) -> Option<&str> {
    headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok())
}

/// The value of cookie `name` in the request.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, the whole site; `Secure` when the request
/// came over HTTPS (through a proxy that terminates TLS and says so), so that the cookie is
/// never sent over plain HTTP again. Plain HTTP on a laptop or a LAN keeps working.
pub(crate) fn set_cookie(
    request: &HeaderMap,
    name: &str,
    value: &str,
    max_age: Option<u64>,
) -> String {
    let age = max_age.map(|s| format!("; Max-Age={s}")).unwrap_or_default();
    let secure = if over_https(request) { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict{secure}{age}")
}

/// Whether a proxy in front says the browser spoke HTTPS (`X-Forwarded-Proto: https` or
/// `Forwarded: proto=https`).
fn over_https(request: &HeaderMap) -> bool {
    let forwarded_proto =
        request.get("x-forwarded-proto").and_then(|v| v.to_str().ok()).is_some_and(|v| {
            v.split(',').next().is_some_and(|p| p.trim().eq_ignore_ascii_case("https"))
        });
    let forwarded = request.get(header::FORWARDED).and_then(|v| v.to_str().ok()).is_some_and(|v| {
        v.split([';', ',']).any(|part| part.trim().eq_ignore_ascii_case("proto=https"))
    });
    forwarded_proto || forwarded
}

/// A new random token: 32 bytes from the operating system, in hex.
pub(crate) fn random_token() -> Result<String, StatusCode> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether two tokens are equal, compared through their digests (no early exit on a secret).
pub(crate) fn same(a: &str, b: &str) -> bool {
    digest(a) == digest(b)
}

fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// A request refused before anything was done, shown as a short page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Refused {
    lang: Lang,
    status: StatusCode,
    message: T,
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        refused(self.lang, self.status, self.message)
    }
}

/// A refusal as a short page in `lang`.
pub(crate) fn refused(lang: Lang, status: StatusCode, message: T) -> Response {
    let body = super::layout::bare(lang, message.text(lang), message.text(lang));
    (status, body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(), v.parse().unwrap());
        }
        h
    }

    #[test]
    fn language_follows_the_switch_then_the_browser() {
        assert_eq!(language(&headers(&[("accept-language", "ja-JP,ja;q=0.9,en;q=0.8")])), Lang::Ja);
        assert_eq!(language(&headers(&[("accept-language", "en-US,ja;q=0.5")])), Lang::En);
        assert_eq!(language(&headers(&[("accept-language", "fr;q=1,ja;q=0.4")])), Lang::Ja);
        assert_eq!(language(&headers(&[])), Lang::En);
        let switched = headers(&[("accept-language", "ja"), ("cookie", "a=b; icp_lang=en")]);
        assert_eq!(language(&switched), Lang::En);
    }

    #[test]
    fn local_is_for_loopback_only() {
        assert!(local_allowed(&"127.0.0.1:8080".parse().unwrap()).is_ok());
        assert!(local_allowed(&"[::1]:8080".parse().unwrap()).is_ok());
        let refused = local_allowed(&"0.0.0.0:8080".parse().unwrap()).unwrap_err();
        assert!(refused.contains("loopback") && refused.contains("0.0.0.0:8080"), "{refused}");
        assert!(local_allowed(&"192.168.1.4:80".parse().unwrap()).is_err());
    }

    #[test]
    fn sessions_open_end_and_tokens_differ() {
        let sessions = Sessions::default();
        let a = sessions.open(local_key()).unwrap();
        let b = sessions.open(local_key()).unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        let (first, _) = sessions.touch(&a).unwrap();
        let (second, _) = sessions.touch(&b).unwrap();
        assert_ne!(first.csrf, second.csrf, "each session has its own CSRF token");
        sessions.end(&a);
        assert!(sessions.touch(&a).is_none());
        assert!(sessions.touch(&b).is_some());
        assert!(sessions.touch("not a token").is_none());
    }
}
