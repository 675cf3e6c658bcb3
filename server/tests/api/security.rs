//! Browser hardening over HTTP: the protective headers on pages and API answers, the
//! `__Host-` session cookie, and writes from another site's page refused before they
//! change anything.

use base64::{engine::general_purpose::STANDARD, Engine};
use linli_server::auth::session;
use reqwest::header::HeaderMap;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::helpers::{assert_error, json, Person, TestApp};

const EVIL: &str = "https://evil.example";

/// A built site's index.html with an inline boot script and loading-shell style.
const INDEX: &str = "<!doctype html><html><head>\
    <script type=\"module\">\nimport init from '/pkg/linli.js';\ninit();\n</script>\
    <style>\n.boot{color:red}\n</style></head><body><div id=app></div></body></html>";

fn sha256_source(text: &str) -> String {
    format!(
        "'sha256-{}'",
        STANDARD.encode(Sha256::digest(text.as_bytes()))
    )
}

fn header<'a>(h: &'a HeaderMap, name: &str) -> &'a str {
    h.get(name)
        .unwrap_or_else(|| panic!("{name} missing in {h:?}"))
        .to_str()
        .unwrap()
}

fn assert_protective_headers(h: &HeaderMap) {
    assert_eq!(header(h, "x-content-type-options"), "nosniff");
    assert_eq!(header(h, "referrer-policy"), "same-origin");
    assert_eq!(header(h, "x-frame-options"), "DENY");
    assert!(header(h, "permissions-policy").contains("camera=(self)"));
    assert!(header(h, "content-security-policy").contains("frame-ancestors 'none'"));
}

/// A server over a site folder holding `INDEX`, kept alive with the app.
async fn app_with_site() -> (TestApp, tempfile::TempDir) {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("index.html"), INDEX).unwrap();
    std::fs::write(site.path().join("favicon.svg"), "<svg/>").unwrap();
    let dir = site.path().to_path_buf();
    let app = TestApp::spawn_with(|c| c.site = dir).await;
    (app, site)
}

/// Pages allow our own files, wasm and exactly the inline blocks of index.html (by hash);
/// every answer has the protective headers; API answers are never stored by a cache,
/// while the site keeps its own caching.
#[tokio::test]
async fn pages_and_api_answers_carry_the_protective_headers() {
    let (app, _site) = app_with_site().await;
    let script = sha256_source("\nimport init from '/pkg/linli.js';\ninit();\n");
    let style = sha256_source("\n.boot{color:red}\n");
    for path in ["/", "/me", "/favicon.svg"] {
        let resp = app.get(&app.client, path).await;
        assert_eq!(resp.status(), 200, "{path}");
        let h = resp.headers();
        assert_protective_headers(h);
        let csp = header(h, "content-security-policy");
        assert!(
            csp.contains(&format!("script-src 'self' 'wasm-unsafe-eval' {script};")),
            "{csp}"
        );
        assert!(csp.contains(&format!("style-src 'self' {style};")), "{csp}");
        assert!(csp.contains("default-src 'self'") && csp.contains("object-src 'none'"));
        assert!(!csp.contains("unsafe-inline"));
        assert_eq!(header(h, "cache-control"), "no-cache", "{path}");
    }

    for path in ["/api/v1/health", "/api/v1/me", "/api/v1/nope"] {
        let resp = app.get(&app.client, path).await;
        let h = resp.headers();
        assert_protective_headers(h);
        assert_eq!(header(h, "cache-control"), "no-store", "{path}");
        assert!(header(h, "content-security-policy").starts_with("default-src 'none'"));
    }

    // The docs page is a page too: its own inline style is allowed by its hash.
    let resp = app.get(&app.client, "/api/docs").await;
    assert_protective_headers(resp.headers());
    let csp = header(resp.headers(), "content-security-policy").to_string();
    let html = resp.text().await.unwrap();
    let css = &html[html.find("<style>").unwrap() + 7..html.find("</style>").unwrap()];
    assert!(
        csp.contains(&format!("style-src 'self' {};", sha256_source(css))),
        "{csp}"
    );
}

/// The session cookie is a `__Host-` cookie (Secure, whole host, no Domain), and a
/// client on http://127.0.0.1 (a secure context to browsers too) keeps sending it.
#[tokio::test]
async fn the_session_cookie_is_a_host_cookie() {
    let app = TestApp::spawn().await;
    let c = TestApp::new_client();
    let resp = app
        .register(&c, "安", &app.fresh_phone(), crate::helpers::PASSWORD)
        .await;
    assert_eq!(resp.status(), 201);
    let cookie = header(resp.headers(), "set-cookie").to_string();
    assert!(cookie.starts_with(&format!("{}=", session::COOKIE)));
    assert!(session::COOKIE.starts_with("__Host-"));
    assert!(cookie.contains("; Secure") && cookie.contains("; Path=/;"));
    assert!(!cookie.to_ascii_lowercase().contains("domain="));
    assert_eq!(app.get(&c, "/api/v1/me").await.status(), 200);
}

/// Sends a request as a page of `origin` would.
async fn from(origin: &str, req: reqwest::RequestBuilder) -> reqwest::Response {
    req.header("origin", origin).send().await.expect("request")
}

/// Asserts the cross-site refusal, its message containing `says`.
async fn assert_refused(resp: reqwest::Response, says: &str) {
    let err = assert_error(resp, 403, "forbidden").await;
    let message = err["error"]["message"].as_str().unwrap();
    assert!(message.contains(says), "{message}");
}

async fn node_names(app: &TestApp, admin: &Person) -> Vec<String> {
    let all = json(app.get(&admin.client, "/api/v1/nodes").await).await;
    all.as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap().to_string())
        .collect()
}

async fn my_name(app: &TestApp, p: &Person) -> Value {
    json(app.get(&p.client, "/api/v1/me").await).await["name"].clone()
}

/// A state-changing request sent by another site's page (its `Origin`, or
/// `Sec-Fetch-Site: cross-site`) is refused with 403 in the one error shape, in either
/// language, and changes nothing.
#[tokio::test]
async fn writes_from_another_site_are_refused_and_change_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let root = app.org_root().await;
    let body = json!({"tree": "org", "parent_id": root, "kind": "branch", "name": "钓鱼分会"});

    let c = &admin.client;
    let resp = from(EVIL, c.post(app.url("/api/v1/nodes")).json(&body)).await;
    assert_refused(resp, "其他网站").await;
    let rename = c
        .patch(app.url("/api/v1/me"))
        .header("accept-language", "en")
        .json(&json!({"name": "Mallory"}));
    assert_refused(from(EVIL, rename).await, "another website").await;

    // Without Origin, the fetch metadata alone is enough.
    let resp = c
        .delete(app.url(&format!("/api/v1/users/{}/roles/1", admin.id)))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_refused(resp, "其他网站").await;

    // A sign-in forced from another site (login CSRF) sets no cookie.
    let stranger = TestApp::new_client();
    let login = stranger
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"phone": admin.phone, "password": crate::helpers::PASSWORD}));
    let resp = from(EVIL, login).await;
    assert!(resp.headers().get("set-cookie").is_none());
    assert_refused(resp, "其他网站").await;

    // Nothing changed: no node, the same name, the admin still an admin.
    assert!(!node_names(&app, &admin)
        .await
        .contains(&"钓鱼分会".to_string()));
    assert_eq!(my_name(&app, &admin).await, "总管理员");
    assert_eq!(app.get(c, "/api/v1/users").await.status(), 200);
    assert_eq!(app.get(&stranger, "/api/v1/me").await.status(), 401);
    // Reading from another site is not refused (the browser keeps the answer from it).
    let read = c
        .get(app.url("/api/v1/me"))
        .header("sec-fetch-site", "cross-site");
    assert_eq!(from(EVIL, read).await.status(), 200);
}

/// Writes from our own pages (same Origin, same-origin fetch metadata) work as before.
#[tokio::test]
async fn writes_from_our_own_pages_work() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let root = app.org_root().await;
    let body = json!({"tree": "org", "parent_id": root, "kind": "branch", "name": "邻里分会"});
    let c = &admin.client;
    let create = c
        .post(app.url("/api/v1/nodes"))
        .header("sec-fetch-site", "same-origin")
        .json(&body);
    assert_eq!(from(&app.base, create).await.status(), 201);
    assert!(node_names(&app, &admin)
        .await
        .contains(&"邻里分会".to_string()));

    let rename = c
        .patch(app.url("/api/v1/me"))
        .json(&json!({"name": "管理员甲"}));
    assert_eq!(from(&app.base, rename).await.status(), 200);
    assert_eq!(my_name(&app, &admin).await, "管理员甲");
}
