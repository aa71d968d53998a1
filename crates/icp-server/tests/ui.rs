//! The web UI as a browser meets it: sign-in, sessions and CSRF, languages, bringing data, the
//! golden rule's live check, and every page showing hostile text as text. Requests go through
//! the whole router, cookies carried as a browser carries them.

mod support;

use std::collections::HashMap;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use icp_store::Scope;
use support::{Api, synthetic};

/// A browser: its cookies, its language, and the last page's CSRF token.
struct Browser<'a> {
    api: &'a Api,
    cookies: HashMap<String, String>,
    accept_language: &'static str,
}

/// A response as a test reads it.
struct Page {
    status: StatusCode,
    location: Option<String>,
    set_cookies: Vec<String>,
    content_type: String,
    csp: Option<String>,
    body: String,
}

impl Page {
    /// The CSRF token the page carries (its meta tag, or its sign-in form).
    fn csrf(&self) -> String {
        let at = self
            .body
            .find("name=\"csrf-token\" content=\"")
            .map(|i| i + "name=\"csrf-token\" content=\"".len())
            .or_else(|| {
                self.body.find("name=\"csrf\" value=\"").map(|i| i + "name=\"csrf\" value=\"".len())
            })
            .unwrap_or_else(|| panic!("no CSRF token on the page: {}", self.body));
        self.body[at..at + 64].to_owned()
    }
}

impl<'a> Browser<'a> {
    fn new(api: &'a Api) -> Browser<'a> {
        Browser { api, cookies: HashMap::new(), accept_language: "en-US,en;q=0.9" }
    }

    async fn send(
        &mut self,
        method: &str,
        uri: &str,
        headers: &[(&str, &str)],
        body: Body,
    ) -> Page {
        let mut request = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::ACCEPT_LANGUAGE, self.accept_language);
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
            request = request.header(header::COOKIE, jar.join("; "));
        }
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        let response = self.api.respond(request.body(body).unwrap()).await;
        let status = response.status();
        let text = |name: header::HeaderName| {
            response.headers().get(name).map(|v| v.to_str().unwrap().to_owned())
        };
        let location = text(header::LOCATION);
        let content_type = text(header::CONTENT_TYPE).unwrap_or_default();
        let csp = text(header::CONTENT_SECURITY_POLICY);
        let set_cookies: Vec<String> = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        for c in &set_cookies {
            let (pair, _) = c.split_once(';').unwrap_or((c, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if c.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        Page { status, location, set_cookies, content_type, csp, body }
    }

    async fn get(&mut self, uri: &str) -> Page {
        self.send("GET", uri, &[], Body::empty()).await
    }

    /// A form post, fields url-encoded.
    async fn post(&mut self, uri: &str, fields: &[(&str, &str)]) -> Page {
        let body: Vec<String> =
            fields.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
        let form = [("content-type", "application/x-www-form-urlencoded")];
        self.send("POST", uri, &form, Body::from(body.join("&"))).await
    }

    /// Signs in with `key` through the form; the projects page.
    async fn sign_in(&mut self, key: &str) -> Page {
        let form = self.get("/ui/sign-in").await;
        let token = form.csrf();
        let done = self.post("/ui/sign-in", &[("key", key), ("csrf", &token)]).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        self.get("/ui").await
    }
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn signing_in_with_a_key_opens_a_strict_http_only_session() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let mut browser = Browser::new(&api);

    // Signed out: pages lead to the sign-in form, posts are refused.
    let page = browser.get("/ui").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location.as_deref(), Some("/ui/sign-in"));
    let page = browser.post("/ui/projects", &[("name", "x")]).await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);

    let form = browser.get("/ui/sign-in").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.content_type.starts_with("text/html"), "{}", form.content_type);
    assert!(form.csp.as_deref().unwrap().contains("default-src 'self'"));
    assert!(form.body.contains("type=\"password\""), "{}", form.body);
    let token = form.csrf();

    // The form's token must come back with its cookie.
    let mut stranger = Browser::new(&api);
    let forged = stranger.post("/ui/sign-in", &[("key", &admin), ("csrf", &token)]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "a sign-in without the form's cookie");
    let wrong = browser.post("/ui/sign-in", &[("key", &admin), ("csrf", &"0".repeat(64))]).await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);

    // A wrong key: refused, no session.
    let token = browser.get("/ui/sign-in").await.csrf();
    let refused = browser.post("/ui/sign-in", &[("key", "icp_nope"), ("csrf", &token)]).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert!(refused.body.contains("unknown or revoked"), "{}", refused.body);
    assert!(!browser.cookies.contains_key("icp_session"));

    let token = refused.csrf();
    let done = browser.post("/ui/sign-in", &[("key", &admin), ("csrf", &token)]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let session = done.set_cookies.iter().find(|c| c.starts_with("icp_session=")).unwrap();
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Strict"), "{session}");
    assert!(!session.contains(&admin), "the key itself is never a cookie");
    assert!(!session.contains("Secure"), "plain HTTP on a laptop keeps its session");
    // Behind a proxy that terminates TLS, every cookie is Secure: never sent over plain HTTP.
    let mut behind = Browser::new(&api);
    let proxied = [("x-forwarded-proto", "https")];
    let form = behind.send("GET", "/ui/sign-in", &proxied, Body::empty()).await;
    assert!(!form.set_cookies.is_empty());
    assert!(form.set_cookies.iter().all(|c| c.contains("; Secure")), "{:?}", form.set_cookies);
    let page = browser.get("/ui").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Projects") && page.body.contains("Sign out"), "{}", page.body);

    // Signing out ends the session on the server, not only in the browser.
    let kept = browser.cookies.clone();
    let token = page.csrf();
    let out = browser.post("/ui/sign-out", &[("csrf", &token)]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    browser.cookies = kept;
    assert_eq!(browser.get("/ui").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn every_form_needs_the_session_s_csrf_token() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let mut browser = Browser::new(&api);
    let page = browser.sign_in(&admin).await;
    let token = page.csrf();
    let mut other = Browser::new(&api);
    let other_token = other.sign_in(&admin).await.csrf();
    assert_ne!(token, other_token);

    for csrf in [None, Some("wrong"), Some(other_token.as_str())] {
        let mut fields = vec![("name", "forged")];
        if let Some(c) = csrf {
            fields.push(("csrf", c));
        }
        let refused = browser.post("/ui/projects", &fields).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "csrf {csrf:?}");
        assert!(refused.body.contains("Reload the page"), "{}", refused.body);
    }
    assert!(api.store.projects().unwrap().is_empty(), "a refused form made a project");

    let made = browser.post("/ui/projects", &[("name", "acme"), ("csrf", &token)]).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let projects = api.store.projects().unwrap();
    assert_eq!(projects.len(), 1);
    assert_eq!(made.location, Some(format!("/ui/p/{}", projects[0].id.0)));

    // Scripts send the token in a header: an upload without it is refused before reading.
    let id = projects[0].id.0;
    let (accounts, _) = synthetic();
    let upload = format!("/ui/p/{id}/upload/accounts?filename=a.csv");
    let refused = browser.send("POST", &upload, &[], Body::from(accounts.clone())).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(!api.folder(id).join("icp.toml").exists());
    let refused = browser
        .send("POST", &upload, &[("x-csrf-token", &other_token)], Body::from(accounts))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_revoked_key_ends_its_sessions_and_scopes_hold() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let read = api.key(Scope::Read, None);
    let mut browser = Browser::new(&api);
    let page = browser.sign_in(&read).await;
    assert!(!page.body.contains("action=\"/ui/projects\""), "a read key sees no create form");
    let token = page.csrf();
    let refused = browser.post("/ui/projects", &[("name", "x"), ("csrf", &token)]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(api.store.projects().unwrap().is_empty());

    let mut admin_browser = Browser::new(&api);
    assert_eq!(admin_browser.sign_in(&admin).await.status, StatusCode::OK);
    api.store.revoke_key(&admin[..12], "2026-12-02T00:00:00Z").unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let page = admin_browser.get("/ui").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "a revoked key's session still works");
}

#[tokio::test]
async fn pages_follow_accept_language_and_the_switch_is_remembered() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let mut browser = Browser::new(&api);
    browser.accept_language = "ja-JP,ja;q=0.9,en;q=0.5";
    let form = browser.get("/ui/sign-in").await;
    assert!(form.body.contains("<html lang=\"ja\">"), "{}", form.body);
    assert!(form.body.contains("サインイン"));
    let page = browser.sign_in(&admin).await;
    assert!(page.body.contains("プロジェクト") && !page.body.contains(">Projects<"));

    let switched = browser
        .send("GET", "/ui/lang/en", &[("referer", "http://127.0.0.1/ui")], Body::empty())
        .await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    assert_eq!(switched.location.as_deref(), Some("/ui"));
    let cookie = switched.set_cookies.iter().find(|c| c.starts_with("icp_lang=en")).unwrap();
    assert!(cookie.contains("Max-Age="), "{cookie}");
    let page = browser.get("/ui").await;
    assert!(page.body.contains("<html lang=\"en\">") && page.body.contains(">Projects<"));
    // A switch never leads off the UI.
    let elsewhere = browser
        .send("GET", "/ui/lang/ja", &[("referer", "http://evil.example/x")], Body::empty())
        .await;
    assert_eq!(elsewhere.location.as_deref(), Some("/ui"));
}

#[tokio::test]
async fn a_local_server_lets_people_in_without_a_key_but_still_checks_csrf() {
    let dir = tempfile::tempdir().unwrap();
    let store = support::test_store(dir.path());
    let mut api = Api::over(dir, store, icp_server::Limits::default());
    api.state = api.state.clone().with_local_ui();
    let mut browser = Browser::new(&api);
    let page = browser.get("/ui/sign-in").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let page = browser.get("/ui").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("Sign out"), "nobody signs out of a local server");
    let refused = browser.post("/ui/projects", &[("name", "x")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let token = page.csrf();
    let made = browser.post("/ui/projects", &[("name", "x"), ("csrf", &token)]).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER);
    // The API itself still needs a key.
    let (status, _, _) = api.call("GET", "/v1/projects", None, Body::empty()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// A signed-in admin with a new project; its id.
async fn project_in<'a>(api: &'a Api, name: &str) -> (Browser<'a>, i64, String) {
    let admin = api.key(Scope::Admin, None);
    let mut browser = Browser::new(api);
    let token = browser.sign_in(&admin).await.csrf();
    let made = browser.post("/ui/projects", &[("name", name), ("csrf", &token)]).await;
    let id = made.location.unwrap().rsplit('/').next().unwrap().parse().unwrap();
    (browser, id, token)
}

#[tokio::test]
async fn bring_data_see_what_icp_understood_fix_a_column_and_write_the_golden_rule() {
    let api = Api::new();
    let (mut browser, id, token) = project_in(&api, "acme").await;
    let page = browser.get(&format!("/ui/p/{id}")).await;
    assert!(page.body.contains("data-upload") && page.body.contains("No data yet"));

    let (accounts, deals) = synthetic();
    let csrf = [("x-csrf-token", token.as_str())];
    let uri = format!("/ui/p/{id}/upload/accounts?filename=accounts.csv");
    let up = browser.send("POST", &uri, &csrf, Body::from(accounts)).await;
    assert_eq!(up.status, StatusCode::CREATED, "{}", up.body);
    assert!(up.body.contains(&format!("/ui/p/{id}?upload=")), "{}", up.body);
    let uri = format!("/ui/p/{id}/upload/deals?filename=deals.csv");
    let up = browser.send("POST", &uri, &csrf, Body::from(deals)).await;
    assert_eq!(up.status, StatusCode::CREATED, "{}", up.body);
    // A file the readers refuse: the API's message, for the script to show.
    let uri = format!("/ui/p/{id}/upload/accounts?filename=notes.docx");
    let bad = browser.send("POST", &uri, &csrf, Body::from("x")).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("message"), "{}", bad.body);
    // The same refusals on a Japanese page are said in Japanese.
    browser.accept_language = "ja-JP,ja;q=0.9";
    let bad = browser.send("POST", &uri, &csrf, Body::from("x")).await;
    assert!(bad.body.contains("拡張子") && !bad.body.contains("is told by"), "{}", bad.body);
    let uri_empty = format!("/ui/p/{id}/upload/accounts?filename=empty.csv");
    let empty = browser.send("POST", &uri_empty, &csrf, Body::from("")).await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert!(empty.body.contains("空です"), "{}", empty.body);
    browser.accept_language = "en-US,en;q=0.9";

    let page = browser.get(&format!("/ui/p/{id}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = &page.body;
    assert!(body.contains("What icp understood") && body.contains("id=\"columns\""));
    assert!(body.contains("won_deals") && body.contains("industry"), "{body}");
    // Each column's values in brief: labels with shares, numbers with their median; never an
    // identifier's values (account names).
    let columns = &body[body.find("id=\"columns\"").unwrap()..];
    let columns = &columns[..columns.find("</table>").unwrap()];
    assert!(columns.contains("Software ") && columns.contains("(median "), "{columns}");
    let top_name = body.split("id=\"top-golden\"").nth(1).unwrap();
    let top_name = top_name.split("<th scope=\"row\">").nth(1).unwrap().split('<').next().unwrap();
    assert!(!columns.contains(top_name), "an account's name in the columns table: {top_name}");
    let summary = icp_engine::Session::open(&api.folder(id).join("icp.toml"), Default::default())
        .unwrap()
        .summary()
        .unwrap();
    let golden = summary.golden.count.unwrap();
    assert!(body.contains(&format!("<strong>{golden}</strong>")), "golden count {golden}: {body}");
    assert!(body.contains("Top golden customers"));

    // Fix a column: read founded_year as a category, and leave country out.
    let fix = browser
        .post(
            &format!("/ui/p/{id}/columns"),
            &[
                ("column", "founded_year"),
                ("kind", "categorical"),
                ("was_kind", "number"),
                ("analyse", "yes"),
                ("was_analysed", "yes"),
                ("csrf", &token),
            ],
        )
        .await;
    assert_eq!(fix.status, StatusCode::SEE_OTHER, "{}", fix.body);
    let fix = browser
        .post(
            &format!("/ui/p/{id}/columns"),
            &[
                ("column", "country"),
                ("was_kind", "categorical"),
                ("was_analysed", "yes"),
                ("csrf", &token),
            ],
        )
        .await;
    assert_eq!(fix.status, StatusCode::SEE_OTHER, "{}", fix.body);
    let summary = icp_engine::Session::open(&api.folder(id).join("icp.toml"), Default::default())
        .unwrap()
        .summary()
        .unwrap();
    let column = |name: &str| summary.columns.iter().find(|c| c.name == name).unwrap().clone();
    assert_eq!(column("founded_year").kind, "categorical");
    assert!(!column("country").analyse);

    // The live check: a misspelt column gives its position and the closest name, as a fragment.
    let check = format!("/ui/p/{id}/golden/check");
    let wrong = browser
        .send(
            "POST",
            &check,
            &[("x-csrf-token", &token), ("content-type", "application/x-www-form-urlencoded")],
            Body::from("rule=won_deal+%3E+0"),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::OK);
    assert!(!wrong.body.contains("<html"), "a fragment, not a page");
    assert!(
        wrong.body.contains("did you mean") && wrong.body.contains("won_deals"),
        "{}",
        wrong.body
    );
    assert!(wrong.body.contains('^'), "no position: {}", wrong.body);
    // On a Japanese page the engine's words are said in Japanese too: the error, the reasons
    // a column is left out; the rule, the names and the caret stay as they are.
    browser.accept_language = "ja-JP,ja;q=0.9";
    let wrong_ja = browser
        .send(
            "POST",
            &check,
            &[("x-csrf-token", &token), ("content-type", "application/x-www-form-urlencoded")],
            Body::from("rule=won_deal+%3E+0"),
        )
        .await;
    assert!(
        wrong_ja.body.contains("のことですか") && wrong_ja.body.contains("won_deals"),
        "{}",
        wrong_ja.body
    );
    assert!(wrong_ja.body.contains("won_deal &gt; 0") && wrong_ja.body.contains('^'));
    assert!(!wrong_ja.body.contains("did you mean"), "{}", wrong_ja.body);
    let understood = browser.get(&format!("/ui/p/{id}")).await;
    assert!(understood.body.contains("識別子"), "{}", understood.body);
    assert!(!understood.body.contains(">identifier<"), "{}", understood.body);
    browser.accept_language = "en-US,en;q=0.9";
    let right = browser
        .send(
            "POST",
            &check,
            &[("x-csrf-token", &token), ("content-type", "application/x-www-form-urlencoded")],
            Body::from("rule=won_deals+%3E+0+and+employees+%3E%3D+20"),
        )
        .await;
    let session = icp_engine::Session::open(
        &api.folder(id).join("icp.toml"),
        icp_engine::Overrides {
            golden: Some(icp_engine::Override::new("won_deals > 0 and employees >= 20", "test")),
            ..Default::default()
        },
    )
    .unwrap();
    let count = session.golden_mask().unwrap().unwrap().iter().filter(|g| **g).count();
    assert!(right.body.contains(&format!("<strong>{count}</strong>")), "{}", right.body);
    let forged = browser
        .send(
            "POST",
            &check,
            &[("content-type", "application/x-www-form-urlencoded")],
            Body::from("rule=x"),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    // Saving a wrong rule changes nothing; a right one is the project's.
    let toml = api.folder(id).join("icp.toml");
    let before = std::fs::read(&toml).unwrap();
    let refused = browser
        .post(&format!("/ui/p/{id}/golden"), &[("rule", "won_deal > 0"), ("csrf", &token)])
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.body.contains("did you mean"), "{}", refused.body);
    assert_eq!(std::fs::read(&toml).unwrap(), before);
    let saved = browser
        .post(
            &format!("/ui/p/{id}/golden"),
            &[("rule", "won_deals > 0 and employees >= 20"), ("csrf", &token)],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = browser.get(&format!("/ui/p/{id}")).await;
    assert!(page.body.contains(&format!("<strong>{count}</strong>")), "{}", page.body);
}

#[tokio::test]
async fn hostile_names_and_values_are_shown_as_text_on_every_page() {
    let api = Api::new();
    let (mut browser, id, token) = project_in(&api, "<script>alert('p')</script>").await;
    let mut csv = String::from(
        "account_id,company_name,industry,employees,won,<script>alert(1)</script>,email\n",
    );
    for i in 0..60 {
        let industry = if i % 3 == 0 { "<script>alert(2)</script>" } else { "Retail" };
        let won = if i % 2 == 0 { "yes" } else { "no" };
        let email = format!("person{i}@example.com");
        csv.push_str(&format!("A{i},Co {i},{industry},{},{won},x{},{email}\n", 10 + i, i % 4));
    }
    let hostile_name = "filename=%3Cscript%3Ealert(3)%3C%2Fscript%3E.csv";
    let uri = format!("/ui/p/{id}/upload/accounts?{hostile_name}");
    let up = browser.send("POST", &uri, &[("x-csrf-token", &token)], Body::from(csv)).await;
    assert_eq!(up.status, StatusCode::CREATED, "{}", up.body);
    // A file the readers refuse names the file in its message: JSON the script shows as text.
    let bad = browser
        .send("POST", &uri, &[("x-csrf-token", &token)], Body::from("a,b\n1,2,3,4\n\u{0}"))
        .await;
    assert!(bad.content_type.starts_with("application/json"), "{}", bad.content_type);
    let rule = "industry == '<script>alert(2)</script>'";
    let saved =
        browser.post(&format!("/ui/p/{id}/golden"), &[("rule", rule), ("csrf", &token)]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    for uri in ["/ui".to_owned(), format!("/ui/p/{id}")] {
        let page = browser.get(&uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}: {}", page.body);
        assert!(!page.body.contains("<script>alert"), "{uri} runs a script: {}", page.body);
        assert!(page.body.contains("&lt;script&gt;alert"), "{uri} lost the text");
    }
    let page = browser.get(&format!("/ui/p/{id}")).await;
    // Personal data is named and left out, never shown.
    assert!(page.body.contains("Personal data (left out)"), "{}", page.body);
    assert!(!page.body.contains("@example.com"), "an email address is on the page");
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the column name");
    assert!(page.body.contains("&lt;script&gt;alert(2)&lt;/script&gt;"), "the category value");
    let check = browser
        .send(
            "POST",
            &format!("/ui/p/{id}/golden/check"),
            &[("x-csrf-token", &token), ("content-type", "application/x-www-form-urlencoded")],
            Body::from("rule=%3Cscript%3Ealert(4)%3C%2Fscript%3E"),
        )
        .await;
    assert!(!check.body.contains("<script>alert"), "{}", check.body);
}

#[tokio::test]
async fn the_script_and_stylesheet_are_served_by_icp() {
    let api = Api::new();
    let mut browser = Browser::new(&api);
    let js = browser.get("/ui/static/ui.js").await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js.content_type.starts_with("text/javascript"));
    assert!(js.body.contains("x-csrf-token"));
    let css = browser.get("/ui/static/ui.css").await;
    assert!(css.content_type.starts_with("text/css"));
    // Nothing on any page comes from another origin.
    let page = browser.get("/ui/sign-in").await;
    assert!(!page.body.contains("http://") && !page.body.contains("https://"), "{}", page.body);
}

/// Follows a run's progress fragment until it names the page to go to (two minutes at most).
async fn wait_for_run(browser: &mut Browser<'_>, run_page: &str) {
    let start = std::time::Instant::now();
    loop {
        let request = Request::builder()
            .uri(format!("{run_page}/progress"))
            .header(header::COOKIE, jar(browser))
            .body(Body::empty())
            .unwrap();
        let response = browser.api.respond(request).await;
        assert_eq!(response.status(), StatusCode::OK);
        if let Some(done) = response.headers().get("x-job-done") {
            assert_eq!(done.to_str().unwrap(), run_page);
            return;
        }
        assert!(start.elapsed().as_secs() < 120, "the run is still going");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

fn jar(browser: &Browser<'_>) -> String {
    browser.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
}

#[tokio::test]
async fn discover_runs_with_progress_shows_findings_and_leaks_can_be_kept_or_dropped() {
    let api = Api::new();
    let (mut browser, id, token, run_page) = discovered(&api).await;
    assert!(run_page.starts_with(&format!("/ui/p/{id}/runs/")), "{run_page}");
    let refused = browser.post(&format!("/ui/p/{id}/discover"), &[]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "a discover without the CSRF token");
    let page = browser.get(&format!("/ui/p/{id}")).await;
    assert!(page.body.contains(&format!("href=\"{run_page}\"")), "the run is listed");
    let page = browser.get(&run_page).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = &page.body;
    assert!(body.contains("What golden customers share"), "{body}");
    assert!(body.contains("<svg") && body.contains("class=\"chart\""), "no lift chart: {body}");
    assert!(body.contains("Top golden customers") && body.contains("Profile version made"));
    // The figures are the run's own.
    let run: i64 = run_page.rsplit('/').next().unwrap().parse().unwrap();
    let stored = api.store.run(icp_store::RunId(run)).unwrap();
    let result: serde_json::Value =
        serde_json::from_str(stored.result.as_deref().unwrap()).unwrap();
    let auc = result["result"]["nested_cv_auc"].as_f64().unwrap();
    assert!(body.contains(&format!("{auc:.3}")), "AUC {auc:.3} not shown");
    for key in result["result"]["key_attributes"].as_array().unwrap() {
        assert!(body.contains(&format!("<figcaption>{}</figcaption>", key.as_str().unwrap())));
    }
    let flagged: Vec<String> = result["result"]["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["leak"].is_string())
        .map(|a| a["column"].as_str().unwrap().to_owned())
        .collect();
    assert!(!flagged.is_empty(), "the synthetic data has flagged columns");
    assert!(body.contains("Possible leaks"));

    // Drop one flagged column, keep another: icp.toml records both decisions.
    let column = &flagged[0];
    let run_field = run.to_string();
    let fields = [("column", column.as_str()), ("decision", "drop"), ("run", &run_field)];
    let refused = browser.post(&format!("/ui/p/{id}/leaks"), &fields).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let mut with_token = fields.to_vec();
    with_token.push(("csrf", &token));
    let dropped = browser.post(&format!("/ui/p/{id}/leaks"), &with_token).await;
    assert_eq!(dropped.status, StatusCode::SEE_OTHER, "{}", dropped.body);
    assert!(dropped.location.unwrap().contains("saved=1"));
    let project = icp_project::ProjectFile::load(&api.folder(id).join("icp.toml")).unwrap();
    assert_eq!(project.columns[column].leak, Some(true));
    let keep = [("column", column.as_str()), ("decision", "keep"), ("csrf", &token)];
    let kept = browser.post(&format!("/ui/p/{id}/leaks"), &keep).await;
    assert_eq!(kept.status, StatusCode::SEE_OTHER);
    let project = icp_project::ProjectFile::load(&api.folder(id).join("icp.toml")).unwrap();
    assert_eq!(project.columns[column].leak, Some(false));
    let unknown = [("column", "no_such"), ("decision", "keep"), ("csrf", &token)];
    let refused = browser.post(&format!("/ui/p/{id}/leaks"), &unknown).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
}

/// A project with the synthetic data uploaded and discover run through the UI; the browser,
/// the project, the CSRF token and the run's page.
async fn discovered(api: &Api) -> (Browser<'_>, i64, String, String) {
    let (mut browser, id, token) = project_in(api, "acme").await;
    let (accounts, deals) = synthetic();
    let csrf = [("x-csrf-token", token.as_str())];
    for (table, bytes) in [("accounts", accounts), ("deals", deals)] {
        let uri = format!("/ui/p/{id}/upload/{table}?filename={table}.csv");
        let up = browser.send("POST", &uri, &csrf, Body::from(bytes)).await;
        assert_eq!(up.status, StatusCode::CREATED, "{}", up.body);
    }
    let started = browser.post(&format!("/ui/p/{id}/discover"), &[("csrf", &token)]).await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    let run_page = started.location.unwrap();
    wait_for_run(&mut browser, &run_page).await;
    (browser, id, token, run_page)
}

/// The editor's fields for `profile` as it stands, in the form's names.
fn fields_of(profile: &icp_profile::Profile) -> Vec<(String, String)> {
    let mut f = Vec::new();
    for (i, c) in profile.criteria.iter().enumerate() {
        if c.enabled {
            f.push((format!("crit.{i}.on"), "1".into()));
        }
        f.push((format!("crit.{i}.rule"), c.rule.clone()));
        f.push((format!("crit.{i}.reason"), c.reason.clone().unwrap_or_default()));
    }
    for (i, t) in profile.tiers.iter().enumerate() {
        f.push((format!("tier.{i}.min"), t.min_score.to_string()));
        f.push((format!("tier.{i}.action"), t.action.clone().unwrap_or_default()));
    }
    for (a, attribute) in profile.attributes.iter().enumerate() {
        for (b, bin) in attribute.bins.iter().enumerate() {
            f.push((format!("pts.{a}.{b}"), bin.points.to_string()));
        }
        f.push((format!("pts.{a}.missing"), attribute.missing_points.to_string()));
    }
    f
}

/// The accounts each tier holds in an effect fragment (`data-tier` cells).
fn tier_counts(fragment: &str) -> Vec<(String, usize)> {
    fragment
        .split("data-tier=\"")
        .skip(1)
        .map(|rest| {
            let (name, rest) = rest.split_once('"').unwrap();
            let count = rest[1..].split('<').next().unwrap().parse().unwrap();
            (name.to_owned(), count)
        })
        .collect()
}

#[tokio::test]
async fn the_template_editor_shows_an_edit_s_effect_saves_compares_activates_and_rolls_back() {
    let api = Api::new();
    let (mut browser, id, token, _) = discovered(&api).await;
    let versions = browser.get(&format!("/ui/p/{id}/profiles")).await;
    assert!(versions.body.contains("v1") && versions.body.contains("/profiles/1/edit"));
    let editor = browser.get(&format!("/ui/p/{id}/profiles/1/edit")).await;
    assert_eq!(editor.status, StatusCode::OK, "{}", editor.body);
    assert!(editor.body.contains("data-effect") && editor.body.contains("name=\"tier.0.min\""));
    assert!(editor.body.contains(">0 / 600<"), "unchanged: nobody changes tier: {}", editor.body);
    // icp's own tiers are named in the page's language, as the report names them.
    browser.accept_language = "ja-JP,ja;q=0.9";
    let ja = browser.get(&format!("/ui/p/{id}/profiles/1/edit")).await;
    assert!(ja.body.contains(">データ不足<"), "{}", ja.body);
    assert!(!ja.body.contains(">insufficient data<"), "{}", ja.body);
    browser.accept_language = "en-US,en;q=0.9";

    let v1 = api.store.profile_version(icp_store::ProjectId(id), 1).unwrap().toml;
    let profile = icp_profile::Profile::parse(std::path::Path::new("p.toml"), &v1).unwrap();
    let before = tier_counts(&editor.body);
    assert_eq!(before.iter().map(|(_, n)| n).sum::<usize>(), 600, "{before:?}");

    // Raise tier A's cut-off: fewer A accounts, the rest moved, counted.
    let mut fields = fields_of(&profile);
    let raised = profile.tiers[0].min_score + 15.0;
    fields.iter_mut().find(|(k, _)| k == "tier.0.min").unwrap().1 = raised.to_string();
    let encoded = |fields: &[(String, String)]| {
        fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    };
    let effect_uri = format!("/ui/p/{id}/profiles/1/effect");
    let headers =
        [("x-csrf-token", token.as_str()), ("content-type", "application/x-www-form-urlencoded")];
    let effect = browser.send("POST", &effect_uri, &headers, Body::from(encoded(&fields))).await;
    assert_eq!(effect.status, StatusCode::OK, "{}", effect.body);
    let after = tier_counts(&effect.body);
    let a = |counts: &[(String, usize)]| counts.iter().find(|(n, _)| n == "A").unwrap().1;
    assert!(a(&after) < a(&before), "{before:?} → {after:?}");
    let moved = a(&before) - a(&after);
    assert!(effect.body.contains(&format!(">{moved} / 600<")), "{}", effect.body);

    // An edit `icp score` would refuse: the profile's own message, nothing saved.
    let mut wrong = fields.clone();
    wrong.iter_mut().find(|(k, _)| k == "pts.0.0").unwrap().1 = "1000".into();
    let refused = browser.send("POST", &effect_uri, &headers, Body::from(encoded(&wrong))).await;
    assert!(refused.body.contains("not a valid profile"), "{}", refused.body);
    let mut wrong = fields.clone();
    wrong.iter_mut().find(|(k, _)| k == "tier.0.min").unwrap().1 = "lots".into();
    let refused = browser.send("POST", &effect_uri, &headers, Body::from(encoded(&wrong))).await;
    assert!(refused.body.contains("is not a number"), "{}", refused.body);
    let forged =
        browser.send("POST", &effect_uri, &headers[1..], Body::from(encoded(&fields))).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    // Save as v2: the cut-off as edited; compare shows it side by side; activate; roll back.
    let mut save = fields.clone();
    save.push(("csrf".into(), token.clone()));
    let saved = browser
        .send(
            "POST",
            &format!("/ui/p/{id}/profiles/1/save"),
            &headers[1..],
            Body::from(encoded(&save)),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let v2 = api.store.profile_version(icp_store::ProjectId(id), 2).unwrap().toml;
    let v2 = icp_profile::Profile::parse(std::path::Path::new("p.toml"), &v2).unwrap();
    assert_eq!(v2.tiers[0].min_score, raised);
    let compare = browser.get(&format!("/ui/p/{id}/profiles/compare?a=1&b=2")).await;
    assert_eq!(compare.status, StatusCode::OK, "{}", compare.body);
    assert!(compare.body.contains(&icp_engine::format::number(raised)), "{}", compare.body);
    let activated =
        browser.post(&format!("/ui/p/{id}/profiles/2/activate"), &[("csrf", token.as_str())]).await;
    assert_eq!(activated.status, StatusCode::SEE_OTHER);
    assert_eq!(api.store.project(icp_store::ProjectId(id)).unwrap().active_version, Some(2));

    // The counts are what scoring the accounts with v2 gives (the API's batch route).
    let admin = api.key(Scope::Admin, None);
    let (accounts, _) = synthetic();
    let (status, _, scored) = api
        .call("POST", &format!("/v1/projects/{id}/score/batch"), Some(&admin), Body::from(accounts))
        .await;
    assert_eq!(status, StatusCode::OK);
    let mut rows = scored.lines();
    let header: Vec<&str> = rows.next().unwrap().split(',').collect();
    let tier = header.iter().position(|h| *h == "icp_tier").unwrap();
    let batch_a = rows.filter(|r| fields_in(r).get(tier).map(String::as_str) == Some("A")).count();
    assert_eq!(batch_a, a(&after), "the editor's count differs from scoring");

    let refused = browser.post(&format!("/ui/p/{id}/profiles/1/activate"), &[]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let rolled =
        browser.post(&format!("/ui/p/{id}/profiles/1/activate"), &[("csrf", token.as_str())]).await;
    assert_eq!(rolled.status, StatusCode::SEE_OTHER);
    assert_eq!(api.store.project(icp_store::ProjectId(id)).unwrap().active_version, Some(1));
}

/// The fields of one CSV line (quoted fields may hold commas; none here holds a line break).
fn fields_in(line: &str) -> Vec<String> {
    let (mut out, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    out.push(field);
    out
}

#[tokio::test]
async fn leads_are_scored_one_by_one_and_as_a_list_and_listed_hottest_first() {
    let api = Api::new();
    let (mut browser, id, token, _) = discovered(&api).await;
    let admin = api.key(Scope::Admin, None);
    let activated =
        browser.post(&format!("/ui/p/{id}/profiles/1/activate"), &[("csrf", &token)]).await;
    assert_eq!(activated.status, StatusCode::SEE_OTHER);
    let page = browser.get(&format!("/ui/p/{id}/leads")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("No leads scored yet"));
    assert!(page.body.contains("data-score-list"));
    assert!(page.body.contains("name=\"industry\""), "a field per profile column: {}", page.body);

    // One lead through the form: the API's answer for the same fields.
    let lead = [("industry", "Software"), ("employees", "120"), ("country", "Germany")];
    let mut fields = lead.to_vec();
    fields.push(("csrf", &token));
    let result = browser.post(&format!("/ui/p/{id}/leads/score"), &fields).await;
    assert_eq!(result.status, StatusCode::OK, "{}", result.body);
    let json_lead: serde_json::Value =
        lead.iter().map(|(k, v)| ((*k).to_owned(), serde_json::Value::from(*v))).collect();
    let (status, want) =
        api.json("POST", &format!("/v1/projects/{id}/score"), &admin, json_lead).await;
    assert_eq!(status, StatusCode::OK, "{want}");
    let tier = want["tier"].as_str().unwrap();
    assert!(result.body.contains(&format!("id=\"lead-tier\">{tier}<")), "{}", result.body);
    let reasons = want["reasons"].as_str().unwrap();
    assert!(!reasons.is_empty());
    let refused = browser.post(&format!("/ui/p/{id}/leads/score"), &lead).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // Both leads are kept; the list shows them with their reasons, and filters by tier.
    api.state.flush_history();
    let page = browser.get(&format!("/ui/p/{id}/leads")).await;
    let escaped = reasons.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    assert!(page.body.contains(&escaped), "reasons missing: {}", page.body);
    assert_eq!(page.body.matches(&format!("data-tier=\"{tier}\"")).count(), 2, "{}", page.body);
    let other = if tier == "A" { "D" } else { "A" };
    let filtered = browser.get(&format!("/ui/p/{id}/leads?tier={other}")).await;
    assert_eq!(filtered.body.matches(&format!("data-tier=\"{tier}\"")).count(), 0);

    // A Shift_JIS lead list comes back scored in Shift_JIS, as the batch route scores it.
    // Every column the profile reads, as a CRM export carries them (empty where unknown).
    let v1 = api.store.profile_version(icp_store::ProjectId(id), 1).unwrap().toml;
    let profile = icp_profile::Profile::parse(std::path::Path::new("p.toml"), &v1).unwrap();
    let mut columns: Vec<String> = Vec::new();
    for a in &profile.attributes {
        if !columns.contains(&a.column)
            && !["industry", "employees", "country"].contains(&a.column.as_str())
        {
            columns.push(a.column.clone());
        }
    }
    let mut list = format!("industry,employees,country,{},メモ\r\n", columns.join(","));
    let blanks = ",".repeat(columns.len());
    for i in 0..20 {
        list.push_str(&format!("Software,{},Germany{blanks},見込み{i}\r\n", 20 + i * 10));
    }
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&list);
    let uri = format!("/ui/p/{id}/leads/batch?filename=q3%20leads.csv");
    let scored = browser
        .send(
            "POST",
            &uri,
            &[("x-csrf-token", &token), ("content-type", "text/csv")],
            Body::from(sjis.to_vec()),
        )
        .await;
    assert_eq!(scored.status, StatusCode::OK, "{}", scored.body);
    let refused = browser
        .send("POST", &uri, &[("content-type", "text/csv")], Body::from(sjis.to_vec()))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let request = Request::builder()
        .method("POST")
        .uri(format!("/ui/p/{id}/leads/batch?filename=q3%20leads.csv"))
        .header(header::COOKIE, jar(&browser))
        .header("x-csrf-token", &token)
        .header("content-type", "text/csv")
        .body(Body::from(sjis.to_vec()))
        .unwrap();
    let response = api.respond(request).await;
    let disposition = response.headers()[header::CONTENT_DISPOSITION].to_str().unwrap().to_owned();
    assert_eq!(disposition, "attachment; filename=\"q3leads-scored.csv\"");
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    let (text, _, malformed) = encoding_rs::SHIFT_JIS.decode(&bytes);
    assert!(!malformed && std::str::from_utf8(&bytes).is_err(), "not Shift_JIS");
    assert!(text.contains("見込み19") && text.lines().next().unwrap().contains("icp_tier"));
    assert_eq!(text.lines().count(), 21, "{text}");
}

#[tokio::test]
async fn segments_show_their_actions_rule_segments_are_edited_and_lists_and_reports_download() {
    let api = Api::new();
    let (mut browser, id, token, _) = discovered(&api).await;
    let activated =
        browser.post(&format!("/ui/p/{id}/profiles/1/activate"), &[("csrf", &token)]).await;
    assert_eq!(activated.status, StatusCode::SEE_OTHER);
    let page = browser.get(&format!("/ui/p/{id}/segments")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("No segmentation yet"));

    // A new rule segment: a misspelt rule is refused with the closest column, then saved.
    let edit = format!("/ui/p/{id}/segments/edit");
    let wrong = [("name", "Big software"), ("when", "industy == 'Software'"), ("csrf", &token)];
    let refused = browser.post(&edit, &wrong).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(refused.body.contains("did you mean"), "{}", refused.body);
    let rule = "industry == 'Software' and employees >= 200";
    let added =
        browser.post(&edit, &[("name", "Big software"), ("when", rule), ("csrf", &token)]).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let project = icp_project::ProjectFile::load(&api.folder(id).join("icp.toml")).unwrap();
    assert_eq!(project.segments.len(), 1);
    assert_eq!(
        (project.segments[0].when.as_str(), project.segments[0].action.as_deref()),
        (rule, None)
    );

    // Segmentation as the API's job; the rule segment without an action says so.
    let started = browser.post(&format!("/ui/p/{id}/segments/run"), &[("csrf", &token)]).await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    wait_for_run(&mut browser, &started.location.unwrap()).await;
    let page = browser.get(&format!("/ui/p/{id}/segments")).await;
    assert!(page.body.contains("id=\"segments\"") && page.body.contains("Big software"));
    assert!(page.body.contains("value=\"Big software\""), "the rule segment is editable");

    // Its action and owner, edited in place, are the project's; the next run shows them.
    let fields = [
        ("name", "Big software"),
        ("action", "Call this week"),
        ("owner", "Aiko"),
        ("csrf", &token),
    ];
    let saved = browser.post(&edit, &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let project = icp_project::ProjectFile::load(&api.folder(id).join("icp.toml")).unwrap();
    let segment = &project.segments[0];
    assert_eq!(
        (segment.when.as_str(), segment.action.as_deref(), segment.owner.as_deref()),
        (rule, Some("Call this week"), Some("Aiko"))
    );
    let started = browser.post(&format!("/ui/p/{id}/segments/run"), &[("csrf", &token)]).await;
    let run_page = started.location.unwrap();
    wait_for_run(&mut browser, &run_page).await;
    let page = browser.get(&format!("/ui/p/{id}/segments")).await;
    assert!(page.body.contains("value=\"Call this week\"") && page.body.contains("value=\"Aiko\""));
    // In Japanese, icp's own family names are said in Japanese; people's names and actions
    // stay as they wrote them.
    browser.accept_language = "ja-JP,ja;q=0.9";
    let ja = browser.get(&format!("/ui/p/{id}/segments")).await;
    assert!(ja.body.contains("<td>ルールセグメント</td>"), "{}", ja.body);
    assert!(!ja.body.contains("<td>rule segment</td>"));
    assert!(ja.body.contains("Big software") && ja.body.contains("value=\"Call this week\""));
    browser.accept_language = "en-US,en;q=0.9";

    // The do-not-approach list downloads as the API serves it.
    let run: i64 = run_page.rsplit('/').next().unwrap().parse().unwrap();
    let request = Request::builder()
        .uri(format!("/ui/p/{id}/runs/{run}/files/do_not_approach.csv"))
        .header(header::COOKIE, jar(&browser))
        .body(Body::empty())
        .unwrap();
    let response = api.respond(request).await;
    assert_eq!(response.status(), StatusCode::OK);
    let disposition = response.headers()[header::CONTENT_DISPOSITION].to_str().unwrap().to_owned();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    let admin = api.key(Scope::Admin, None);
    let (_, _, served) =
        api.get(&format!("/v1/projects/{id}/runs/{run}/files/do_not_approach.csv"), &admin).await;
    assert_eq!(String::from_utf8_lossy(&bytes), served);
    let listed = served.lines().count() - 1;
    assert!(page.body.contains(&format!("id=\"dna-count\">{listed}<")), "{listed}: {}", page.body);
    let escape = browser.get(&format!("/ui/p/{id}/runs/{run}/files/..%2Ficp.toml")).await;
    assert_eq!(escape.status, StatusCode::NOT_FOUND);

    // The report in Japanese, viewed and downloaded.
    let report = browser.get(&format!("/ui/p/{id}/report?lang=ja")).await;
    assert_eq!(report.status, StatusCode::OK);
    assert!(report.body.contains("<html lang=\"ja\""), "{}", &report.body[..200]);
    let download = browser.get(&format!("/ui/p/{id}/report?lang=en&download=1")).await;
    assert!(download.body.contains("<html lang=\"en\""));
}
