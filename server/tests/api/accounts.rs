//! Registering, signing in and out, sessions and the person's own page.

use linli_server::auth::session;
use linli_server::store;
use serde_json::json;

use crate::helpers::{assert_error, json, TestApp, PASSWORD};

fn session_cookie(resp: &reqwest::Response) -> String {
    resp.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with(&format!("{}=", session::COOKIE)))
        .expect("a session cookie")
}

fn token_of(cookie: &str) -> String {
    let value = cookie.split(';').next().unwrap();
    value.split_once('=').unwrap().1.to_string()
}

/// Register signs the person in; /me shows them; after logout /me is 401.
#[tokio::test]
async fn register_me_logout_then_me_is_refused() {
    let app = TestApp::spawn().await;
    let c = &app.client;
    let resp = app.register(c, " 李梅 ", "138 0000 1111", PASSWORD).await;
    assert_eq!(resp.status(), 201);
    let cookie = session_cookie(&resp);
    for attr in [
        "HttpOnly",
        "Secure",
        "SameSite=Strict",
        "Path=/",
        "Max-Age=2592000",
    ] {
        assert!(cookie.contains(attr), "{cookie} has {attr}");
    }
    let me = json(app.get(c, "/api/v1/me").await).await;
    assert_eq!(me["name"], "李梅");
    assert_eq!(me["phone"], "13800001111");
    assert_eq!(me["lang"], "zh-CN");
    assert_eq!(me["roles"], json!([]));
    let out = app.post(c, "/api/v1/auth/logout", &json!({})).await;
    assert_eq!(out.status(), 204);
    assert!(session_cookie(&out).contains("Max-Age=0"));
    assert_error(app.get(c, "/api/v1/me").await, 401, "unauthenticated").await;
}

/// Each sign-in issues a new token and the presented old one stops working.
#[tokio::test]
async fn login_rotates_the_session_token() {
    let app = TestApp::spawn().await;
    let c = &app.client;
    let phone = app.fresh_phone();
    let first = session_cookie(&app.register(c, "周", &phone, PASSWORD).await);
    let resp = app.login(c, &phone, PASSWORD).await;
    assert_eq!(resp.status(), 200);
    let second = session_cookie(&resp);
    assert_ne!(token_of(&first), token_of(&second));
    let stale = reqwest::Client::new()
        .get(app.url("/api/v1/me"))
        .header(
            "cookie",
            format!("{}={}", session::COOKIE, token_of(&first)),
        )
        .send()
        .await
        .unwrap();
    assert_error(stale, 401, "unauthenticated").await;
    assert_eq!(app.get(c, "/api/v1/me").await.status(), 200);
}

/// Sessions live in SQLite, so a new server on the same file keeps people signed in.
#[tokio::test]
async fn sessions_survive_a_server_restart() {
    let app = TestApp::spawn().await;
    let c = &app.client;
    app.register(c, "陈", &app.fresh_phone(), PASSWORD).await;
    let other = app.another_server().await;
    let me = c.get(format!("{other}/api/v1/me")).send().await.unwrap();
    assert_eq!(me.status(), 200);
    assert_eq!(json(me).await["name"], "陈");
}

/// An expired session is refused even though its row is still there.
#[tokio::test]
async fn expired_sessions_are_refused() {
    let app = TestApp::spawn().await;
    let c = &app.client;
    let cookie = session_cookie(&app.register(c, "赵", &app.fresh_phone(), PASSWORD).await);
    let hash = session::hash(&token_of(&cookie));
    app.db
        .write(move |tx| store::sessions::set_expiry(tx, &hash, store::now() - 1))
        .await
        .unwrap();
    assert_error(app.get(c, "/api/v1/me").await, 401, "unauthenticated").await;
}

/// A wrong password and an unknown phone get the same 401 and the same words.
#[tokio::test]
async fn wrong_password_and_unknown_phone_look_the_same() {
    let app = TestApp::spawn().await;
    let phone = app.fresh_phone();
    app.register(&TestApp::new_client(), "吴", &phone, PASSWORD)
        .await;
    let c = TestApp::new_client();
    let wrong = assert_error(
        app.login(&c, &phone, "not-the-password").await,
        401,
        "unauthenticated",
    )
    .await;
    let unknown = assert_error(
        app.login(&c, "13912345678", PASSWORD).await,
        401,
        "unauthenticated",
    )
    .await;
    let junk = assert_error(app.login(&c, "abc", PASSWORD).await, 401, "unauthenticated").await;
    assert_eq!(wrong, unknown);
    assert_eq!(wrong, junk);
    assert_eq!(wrong["error"]["message"], "手机号或密码不正确");
    assert_eq!(app.get(&c, "/api/v1/me").await.status(), 401);
}

/// Five wrong passwords lock the account for a while, even against the right one.
#[tokio::test]
async fn repeated_failures_lock_the_account() {
    let app = TestApp::spawn().await;
    let phone = app.fresh_phone();
    app.register(&TestApp::new_client(), "孙", &phone, PASSWORD)
        .await;
    let c = TestApp::new_client();
    for _ in 0..5 {
        assert_eq!(app.login(&c, &phone, "wrong-password").await.status(), 401);
    }
    let resp = app.login(&c, &phone, PASSWORD).await;
    let wait: u64 = resp.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&wait), "retry after {wait}s");
    let body = assert_error(resp, 429, "rate_limited").await;
    assert_eq!(body["error"]["message"], "尝试次数过多，请稍后再试");
    // Another account from the same address is not locked.
    let other = app.fresh_phone();
    app.register(&TestApp::new_client(), "钱", &other, PASSWORD)
        .await;
    assert_eq!(app.login(&c, &other, PASSWORD).await.status(), 200);
}

/// One address may fail 30 sign-ins in five minutes, whatever the accounts; then even a
/// right password waits. Successful sign-ins do not count.
#[tokio::test]
async fn one_address_is_limited_across_accounts() {
    let app = TestApp::spawn().await;
    let c = TestApp::new_client();
    let phone = app.fresh_phone();
    app.register(&TestApp::new_client(), "钱", &phone, PASSWORD)
        .await;
    for _ in 0..35 {
        assert_eq!(app.login(&c, &phone, PASSWORD).await.status(), 200);
    }
    for i in 0..30 {
        let guess = format!("137{i:08}");
        assert_eq!(app.login(&c, &guess, "guess-guess").await.status(), 401);
    }
    let resp = app.login(&c, &phone, PASSWORD).await;
    assert_error(resp, 429, "rate_limited").await;
}

/// Registrations from one address are limited too (here to three an hour).
#[tokio::test]
async fn one_address_cannot_register_without_limit() {
    let app = TestApp::spawn_with(|c| c.registrations_per_ip = 3).await;
    for _ in 0..3 {
        let resp = app
            .register(&TestApp::new_client(), "人", &app.fresh_phone(), PASSWORD)
            .await;
        assert_eq!(resp.status(), 201);
    }
    let resp = app
        .register(&TestApp::new_client(), "人", &app.fresh_phone(), PASSWORD)
        .await;
    assert_error(resp, 429, "rate_limited").await;
}

/// Registers through a proxy that says the client is `forwarded`.
async fn register_via(app: &TestApp, forwarded: &str) -> u16 {
    TestApp::new_client()
        .post(app.url("/api/v1/auth/register"))
        .header("x-forwarded-for", forwarded)
        .json(&json!({"name": "人", "phone": app.fresh_phone(), "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Behind a trusted proxy (LINLI_TRUSTED_PROXIES) each forwarded client has its own
/// allowance, so one busy household does not lock out the whole community; a forged
/// X-Forwarded-For from an untrusted peer changes nothing.
#[tokio::test]
async fn limits_follow_the_client_behind_a_trusted_proxy_only() {
    let app = TestApp::spawn_with(|c| {
        c.registrations_per_ip = 2;
        c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await;
    for _ in 0..2 {
        assert_eq!(register_via(&app, "203.0.113.7").await, 201);
    }
    assert_eq!(register_via(&app, "203.0.113.7").await, 429);
    // Another client behind the same proxy still may; a forged leftmost entry is not
    // preferred over the address the proxy appended.
    assert_eq!(register_via(&app, "203.0.113.8").await, 201);
    assert_eq!(register_via(&app, "198.51.100.1, 203.0.113.7").await, 429);

    let untrusting = TestApp::spawn_with(|c| c.registrations_per_ip = 2).await;
    for n in 0..2 {
        assert_eq!(
            register_via(&untrusting, &format!("203.0.113.{n}")).await,
            201
        );
    }
    assert_eq!(register_via(&untrusting, "203.0.113.99").await, 429);
}

/// Each invalid field is named in a 422, in the caller's language.
#[tokio::test]
async fn invalid_registrations_name_the_field() {
    let app = TestApp::spawn().await;
    let c = TestApp::new_client();
    let cases = [
        ("", "13800000001", PASSWORD, "name"),
        ("李", "12345", PASSWORD, "phone"),
        ("李", "13800000001", "short", "password"),
    ];
    for (name, phone, password, field) in cases {
        let body = assert_error(
            app.register(&c, name, phone, password).await,
            422,
            "validation",
        )
        .await;
        assert_eq!(body["error"]["field"], field);
    }
    let resp = c
        .post(app.url("/api/v1/auth/register"))
        .header("accept-language", "en")
        .json(&json!({"name": "Li", "phone": "13800000001", "password": "short"}))
        .send()
        .await
        .unwrap();
    let body = assert_error(resp, 422, "validation").await;
    assert_eq!(
        body["error"]["message"],
        "Password needs at least 8 characters"
    );
    assert_eq!(app.get(&c, "/api/v1/me").await.status(), 401);
}

/// A phone can register once; the second attempt is a 409 that says why.
#[tokio::test]
async fn a_phone_registers_once() {
    let app = TestApp::spawn().await;
    let phone = app.fresh_phone();
    assert_eq!(
        app.register(&TestApp::new_client(), "甲", &phone, PASSWORD)
            .await
            .status(),
        201
    );
    let body = assert_error(
        app.register(&TestApp::new_client(), "乙", &phone, PASSWORD)
            .await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(body["error"]["message"], "该手机号已注册");
}

/// A person renames themself and switches language; the choice is remembered.
#[tokio::test]
async fn the_language_switch_is_remembered() {
    let app = TestApp::spawn().await;
    let p = app.resident("老王").await;
    let resp = app
        .patch(
            &p.client,
            "/api/v1/me",
            &json!({"lang": "en", "name": "Wang"}),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let again = TestApp::new_client();
    let me = json(app.login(&again, &p.phone, PASSWORD).await).await;
    assert_eq!(me["lang"], "en");
    assert_eq!(me["name"], "Wang");
    let bad = app
        .patch(&p.client, "/api/v1/me", &json!({"name": "  "}))
        .await;
    assert_eq!(
        assert_error(bad, 422, "validation").await["error"]["field"],
        "name"
    );
    let bad = app
        .patch(&p.client, "/api/v1/me", &json!({"lang": "fr"}))
        .await;
    assert!(bad.status().is_client_error());
}

/// The app's "who is signed in" answers 200 either way: null for nobody (also for an
/// expired or unknown cookie), the profile for a signed-in person.
#[tokio::test]
async fn the_session_question_never_fails() {
    let app = TestApp::spawn().await;
    let anon = TestApp::new_client();
    let resp = app.get(&anon, "/api/v1/auth/session").await;
    assert_eq!(resp.status(), 200);
    assert_eq!(json(resp).await, serde_json::Value::Null);
    let unknown = anon
        .get(app.url("/api/v1/auth/session"))
        .header("cookie", format!("{}=not-a-session", session::COOKIE))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 200);
    assert_eq!(json(unknown).await, serde_json::Value::Null);
    let p = app.resident("老李").await;
    let me = json(app.get(&p.client, "/api/v1/auth/session").await).await;
    assert_eq!(me["id"], p.id);
    assert_eq!(me["name"], "老李");
}
