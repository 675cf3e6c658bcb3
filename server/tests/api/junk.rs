//! Bad input: whatever arrives, the answer is a 4xx in the JSON error shape, never a 5xx,
//! and one the OpenAPI document lists for that operation.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{assert_error, json, TestApp};

/// One operation of the OpenAPI document and the statuses it documents.
struct Operation {
    method: Method,
    path: String,
    statuses: BTreeSet<u16>,
}

/// Every operation in the OpenAPI document.
async fn operations(app: &TestApp) -> Vec<Operation> {
    let doc = json(app.get(&app.client, "/api/v1/openapi.json").await).await;
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (m, op) in item.as_object().unwrap() {
            let method = Method::from_bytes(m.to_uppercase().as_bytes()).unwrap();
            let statuses = op["responses"]
                .as_object()
                .unwrap()
                .keys()
                .map(|s| s.parse().unwrap())
                .collect();
            ops.push(Operation {
                method,
                path: path.clone(),
                statuses,
            });
        }
    }
    ops
}

/// Statuses answered but not documented, as "METHOD path: status".
type Undocumented = BTreeSet<String>;

fn check_documented(op: &Operation, status: u16, undocumented: &mut Undocumented) {
    if !op.statuses.contains(&status) {
        undocumented.insert(format!("{} {}: {status}", op.method, op.path));
    }
}

/// Fills every `{param}` of a path template with `value`.
fn fill(template: &str, value: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find('}')
            .map_or(rest.len(), |e| start + e + 1);
        out.push_str(value);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

const IDS: &[&str] = &[
    "1",
    "0",
    "-1",
    "abc",
    "99999999999999999999",
    "1.5",
    "%00",
    "1%2F2",
];

fn bodies() -> Vec<(&'static str, String)> {
    vec![
        ("application/json", "{not json".into()),
        ("application/json", "".into()),
        ("application/json", "null".into()),
        ("application/json", "[]".into()),
        ("application/json", "{}".into()),
        ("application/json", r#"{"name": 5, "phone": [], "password": {}, "tree": "x", "kind": 1, "parent_id": "a", "user_id": -1, "role": "god", "node_id": 1e99, "lang": 3}"#.into()),
        ("application/json", r#"{"name": "\u0000", "phone": "13800000001", "password": "\ud800", "parent_id": 9223372036854775807}"#.into()),
        ("application/json", format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000))),
        ("text/plain", "hello".into()),
    ]
}

/// Sends one request; a transport error (the server hanging up) counts as a failure.
async fn status_of(
    app: &TestApp,
    c: &reqwest::Client,
    method: Method,
    path: &str,
    body: Option<(&str, String)>,
) -> u16 {
    let mut req = c.request(method.clone(), app.url(path));
    if let Some((ct, b)) = body {
        req = req.header("content-type", ct).body(b);
    }
    let resp = req
        .send()
        .await
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
    let status = resp.status().as_u16();
    if status >= 400 {
        let text = resp.text().await.unwrap();
        let v: Value = serde_json::from_str(&text)
            .unwrap_or_else(|_| panic!("{method} {path}: not JSON: {text}"));
        assert!(v["error"]["code"].is_string(), "{method} {path}: {v}");
    }
    status
}

async fn walk(
    app: &TestApp,
    c: &reqwest::Client,
    skip_logout: bool,
    undocumented: &mut Undocumented,
) {
    for op in operations(app).await {
        let (method, template) = (op.method.clone(), op.path.as_str());
        if skip_logout && template.ends_with("/logout") {
            continue;
        }
        for id in IDS {
            let path = fill(template, id);
            let queries = [
                "",
                "?tree=bogus&limit=abc&after=x",
                "?q=%00%FF&limit=-5&after=-9",
                "?limit=99999999999999999999",
            ];
            for q in queries {
                let url = format!("{path}{q}");
                let s = status_of(app, c, method.clone(), &url, None).await;
                assert!(s < 500, "{method} {url} -> {s}");
                check_documented(&op, s, undocumented);
            }
            if method == Method::GET {
                continue;
            }
            if *id == "1" {
                let big = (
                    "application/json",
                    format!("{{\"name\": \"{}\"}}", "x".repeat(1 << 20)),
                );
                let s = status_of(app, c, method.clone(), &path, Some(big)).await;
                assert!(s < 500, "{method} {path} with 1 MB -> {s}");
                check_documented(&op, s, undocumented);
            }
            for body in bodies() {
                let s = status_of(app, c, method.clone(), &path, Some(body.clone())).await;
                assert!(
                    s < 500,
                    "{method} {path} {:?} -> {s}",
                    &body.1[..body.1.len().min(40)]
                );
                check_documented(&op, s, undocumented);
            }
        }
    }
}

/// Every operation in the OpenAPI document, sent junk ids, queries and bodies, both
/// anonymously and as a global admin, answers below 500 in the JSON error shape, with a
/// status the document lists for that operation.
#[tokio::test]
async fn every_operation_survives_junk() {
    let app = TestApp::spawn().await;
    let mut undocumented = Undocumented::new();
    walk(&app, &TestApp::new_client(), false, &mut undocumented).await;
    let admin = app.login_as_admin().await;
    walk(&app, &admin.client, true, &mut undocumented).await;
    // The admin is still signed in and the server still answers.
    assert_eq!(app.get(&admin.client, "/api/v1/me").await.status(), 200);
    assert!(
        undocumented.is_empty(),
        "answers the OpenAPI document does not list:\n{}",
        undocumented.into_iter().collect::<Vec<_>>().join("\n")
    );
}

/// A 1 MB body is refused with 413 in the JSON shape, signed in or not.
#[tokio::test]
async fn a_megabyte_body_is_too_large() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let big = json!({"name": "x".repeat(1024 * 1024), "phone": "13800000001", "password": "p"})
        .to_string();
    let resp = app
        .client
        .post(app.url("/api/v1/auth/register"))
        .header("content-type", "application/json")
        .body(big.clone())
        .send()
        .await
        .unwrap();
    assert_error(resp, 413, "payload_too_large").await;
    let resp = admin
        .client
        .post(app.url("/api/v1/nodes"))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_error(resp, 413, "payload_too_large").await;
}

/// A body that is not JSON (bad syntax, no JSON content type) is a 400; JSON of the wrong
/// form (an array or a number for an object, wrong field types, a missing field, an
/// unknown choice) is a 422 that says what did not fit, in the caller's language.
#[tokio::test]
async fn malformed_bodies_are_bad_requests_and_unfit_ones_unprocessable() {
    let app = TestApp::spawn().await;
    let c = &app.client;
    let raw = |body: &'static str| {
        c.post(app.url("/api/v1/auth/register"))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    assert_error(raw("{\"name\":").await.unwrap(), 400, "bad_request").await;
    let untyped = c
        .post(app.url("/api/v1/auth/register"))
        .body(r#"{"name": "李", "phone": "13800000001", "password": "secret-pass-1"}"#)
        .send()
        .await
        .unwrap();
    assert_error(untyped, 400, "bad_request").await;
    for unfit in [
        "[]",
        "[{\"name\": \"李\"}]",
        "42",
        "{\"name\": \"李\"}",
        "{\"name\": 1, \"phone\": 2, \"password\": 3}",
    ] {
        let body = assert_error(raw(unfit).await.unwrap(), 422, "validation").await;
        assert!(
            body["error"]["message"].as_str().unwrap().contains("格式"),
            "{unfit}: {body}"
        );
    }
    let admin = app.login_as_admin().await;
    let resp = admin
        .client
        .patch(app.url("/api/v1/me"))
        .header("accept-language", "en")
        .json(&json!({"lang": "fr"}))
        .send()
        .await
        .unwrap();
    let body = assert_error(resp, 422, "validation").await;
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("expected form"), "{message}");
    let resp = admin
        .client
        .post(app.url("/api/v1/nodes"))
        .json(&json!([{"tree": "org", "kind": "branch", "name": "x"}]))
        .send()
        .await
        .unwrap();
    assert_error(resp, 422, "validation").await;
}

/// Unknown and non-numeric ids are 404 and 400 for an admin.
#[tokio::test]
async fn unknown_and_non_numeric_ids() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let c = &admin.client;
    assert_error(app.get(c, "/api/v1/users/424242").await, 404, "not_found").await;
    assert_error(app.get(c, "/api/v1/users/abc").await, 400, "bad_request").await;
    assert_error(
        app.patch(c, "/api/v1/nodes/424242", &json!({"name": "x"}))
            .await,
        404,
        "not_found",
    )
    .await;
    assert_error(
        app.get(c, "/api/v1/nodes/abc/members").await,
        400,
        "bad_request",
    )
    .await;
    assert_error(
        app.get(c, "/api/v1/nodes/424242/members").await,
        404,
        "not_found",
    )
    .await;
    assert_error(
        app.delete(c, "/api/v1/users/1/roles/424242").await,
        404,
        "not_found",
    )
    .await;
    assert_error(
        app.get(c, "/api/v1/nodes?tree=forest").await,
        400,
        "bad_request",
    )
    .await;
}

/// Every endpoint of this area is in the OpenAPI document.
#[tokio::test]
async fn the_openapi_document_lists_accounts_and_trees() {
    let app = TestApp::spawn().await;
    let ops = operations(&app).await;
    let want = [
        ("POST", "/api/v1/auth/register"),
        ("POST", "/api/v1/auth/login"),
        ("POST", "/api/v1/auth/logout"),
        ("GET", "/api/v1/me"),
        ("PATCH", "/api/v1/me"),
        ("GET", "/api/v1/users"),
        ("GET", "/api/v1/users/{id}"),
        ("POST", "/api/v1/users/{id}/roles"),
        ("DELETE", "/api/v1/users/{id}/roles/{grant_id}"),
        ("GET", "/api/v1/nodes"),
        ("POST", "/api/v1/nodes"),
        ("PATCH", "/api/v1/nodes/{id}"),
        ("GET", "/api/v1/nodes/{id}/members"),
        ("POST", "/api/v1/nodes/{id}/members"),
        ("DELETE", "/api/v1/nodes/{id}/members/{user_id}"),
    ];
    for (m, p) in want {
        assert!(
            ops.iter().any(|op| op.method.as_str() == m && op.path == p),
            "{m} {p} missing"
        );
    }
}
