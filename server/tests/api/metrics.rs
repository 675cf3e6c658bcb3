//! `/metrics`: closed unless a token is configured, then only to that bearer token; the
//! Prometheus text counts requests by route template, checkouts and the writer's figures.
//! It is outside `/api/v1`, so it is not in the OpenAPI document.

use serde_json::json;

use crate::helpers::{assert_error, json, TestApp};
use crate::shop::{checkout, item, kiosk, member_with_token};

const TOKEN: &str = "metrics-secret-7f3a";

async fn scrape(app: &TestApp, auth: Option<&str>) -> reqwest::Response {
    let mut req = app.client.get(app.url("/metrics"));
    if let Some(a) = auth {
        req = req.header("Authorization", a);
    }
    req.send().await.unwrap()
}

async fn metrics_text(app: &TestApp) -> String {
    let resp = scrape(app, Some(&format!("Bearer {TOKEN}"))).await;
    assert_eq!(resp.status(), 200);
    let kind = resp.headers()["content-type"].to_str().unwrap().to_string();
    assert!(kind.starts_with("text/plain; version=0.0.4"), "{kind}");
    resp.text().await.unwrap()
}

/// The value of the one sample whose line starts with `series` (name and labels).
fn sample(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(series).and_then(|v| v.strip_prefix(' ')))
        .map_or(0.0, |v| v.parse().unwrap())
}

/// Every line is a comment or `name{labels} value` with a number, and every sample's
/// metric family was declared with a TYPE: what Prometheus' parser requires.
fn assert_valid_exposition(text: &str) {
    let mut typed: Vec<&str> = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').unwrap();
            assert!(["counter", "gauge", "histogram"].contains(&kind), "{line}");
            typed.push(name);
            continue;
        }
        if line.starts_with("# HELP ") {
            continue;
        }
        let (series, value) = line.rsplit_once(' ').expect(line);
        assert!(value == "+Inf" || value.parse::<f64>().is_ok(), "{line}");
        let name = series.split('{').next().unwrap();
        assert!(
            name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "{line}"
        );
        let family = ["_bucket", "_sum", "_count"]
            .iter()
            .find_map(|s| name.strip_suffix(s).filter(|f| typed.contains(f)))
            .unwrap_or(name);
        assert!(typed.contains(&family), "undeclared: {line}");
        if let Some(labels) = series.strip_prefix(name) {
            assert!(labels.is_empty() || (labels.starts_with('{') && labels.ends_with('}')));
        }
    }
}

#[tokio::test]
async fn metrics_are_not_found_without_a_configured_token() {
    let app = TestApp::spawn().await;
    assert_error(scrape(&app, None).await, 404, "not_found").await;
    assert_error(
        scrape(&app, Some("Bearer anything")).await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn metrics_need_the_bearer_token() {
    let app = TestApp::spawn_with(|c| c.metrics_token = Some(TOKEN.into())).await;
    let admin = app.login_as_admin().await;
    for auth in [
        None,
        Some("Bearer wrong"),
        Some("Bearer "),
        Some(TOKEN),
        Some(&format!("Basic {TOKEN}")),
    ] {
        let resp = scrape(&app, auth).await;
        assert_eq!(resp.headers()["www-authenticate"], "Bearer", "{auth:?}");
        assert_error(resp, 401, "unauthenticated").await;
    }
    // A signed-in administrator's session is not the token either.
    let resp = admin.client.get(app.url("/metrics")).send().await.unwrap();
    assert_error(resp, 401, "unauthenticated").await;
    // Nor is it an API endpoint.
    let doc = json(app.get(&app.client, "/api/v1/openapi.json").await).await;
    assert!(doc["paths"].get("/metrics").is_none());
    assert!(metrics_text(&app)
        .await
        .contains("linli_http_requests_total"));
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_checkouts() {
    let app = TestApp::spawn_with(|c| c.metrics_token = Some(TOKEN.into())).await;
    let admin = app.login_as_admin().await;
    let k = kiosk(&app).await;
    let soap = item(
        &app,
        &admin,
        json!({"name": "香皂", "category": "日用品", "price": 5}),
        10,
    )
    .await;
    let (_, qr) = member_with_token(&app, &admin, "李梅", 100).await;

    let before = metrics_text(&app).await;
    assert_valid_exposition(&before);
    let item_route =
        r#"linli_http_requests_total{route="/api/v1/shop/items/{id}",method="GET",status="200"}"#;
    let shown = sample(&before, item_route);
    for _ in 0..3 {
        let url = format!("/api/v1/shop/items/{}", soap["id"]);
        assert_eq!(app.get(&app.client, &url).await.status(), 200);
    }
    // Raw paths never become labels: junk lands under one label.
    app.get(&app.client, "/no/such/page/12345").await;
    app.get(&app.client, "/api/v1/no-such-thing/987").await;

    let body = json!({"qr": qr, "idempotency_key": "m-1",
        "lines": [{"item_id": soap["id"], "quantity": 1}]});
    assert_eq!(checkout(&app, &k, &body).await.status(), 201);
    // A retry is no new checkout.
    assert_eq!(checkout(&app, &k, &body).await.status(), 200);

    let after = metrics_text(&app).await;
    assert_valid_exposition(&after);
    assert_eq!(sample(&after, item_route), shown + 3.0);
    assert_eq!(
        sample(&after, "linli_checkouts_total") - sample(&before, "linli_checkouts_total"),
        1.0
    );
    let checkout_201 =
        r#"linli_http_requests_total{route="/api/v1/kiosk/checkout",method="POST",status="201"}"#;
    assert_eq!(sample(&after, checkout_201), 1.0);
    assert!(
        !after.contains("12345") && !after.contains("987"),
        "{after}"
    );
    assert!(after.contains(r#"route="unmatched""#));
    let latency = r#"linli_http_request_duration_seconds_count{route="/api/v1/shop/items/{id}"}"#;
    assert!(sample(&after, latency) >= 3.0);
    // The writer's figures: commits timed, group sizes, an empty queue at rest.
    assert!(sample(&after, "linli_db_commit_seconds_count") > 0.0);
    assert!(sample(&after, "linli_db_commit_group_size_count") > 0.0);
    assert_eq!(sample(&after, "linli_db_write_queue_depth"), 0.0);
    // This scrape itself is in flight while it is rendered.
    assert!(sample(&after, "linli_http_requests_in_flight") >= 1.0);
    assert_eq!(sample(&after, "linli_live_connections"), 0.0);
}

#[tokio::test]
async fn an_open_notification_stream_counts_as_a_live_connection() {
    let app = TestApp::spawn_with(|c| c.metrics_token = Some(TOKEN.into())).await;
    let resident = app.resident("陈阿姨").await;
    let live = || async { sample(&metrics_text(&app).await, "linli_live_connections") };
    assert_eq!(live().await, 0.0);
    let stream = app
        .get(&resident.client, "/api/v1/notifications/stream")
        .await;
    assert_eq!(stream.status(), 200);
    assert_eq!(live().await, 1.0);
    drop(stream);
    // The server notices the closed connection at its next write (a poll or keep-alive).
    let mut gone = false;
    for _ in 0..50 {
        if live().await == 0.0 {
            gone = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(gone, "the stream still counts after its client left");
}
