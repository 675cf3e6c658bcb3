//! Spending under contention, through the real server: many requests at once never
//! overspend, and an idempotency key posts once however often and however concurrently
//! it is sent.

use linli_server::ledger;
use serde_json::{json, Value};
use tokio::task::JoinSet;

use crate::helpers::{assert_error, json, TestApp};
use crate::ledger::grant_points;

/// Sends `bodies` as donations, all at once; returns (status, replayed?, body) of each.
async fn donate_all(
    app: &TestApp,
    client: &reqwest::Client,
    bodies: Vec<Value>,
) -> Vec<(u16, bool, Value)> {
    let mut set = JoinSet::new();
    for body in bodies {
        let req = client.post(app.url("/api/v1/me/points/donate")).json(&body);
        set.spawn(async move {
            let resp = req.send().await.expect("request");
            let status = resp.status().as_u16();
            let replayed = resp.headers().contains_key("idempotent-replayed");
            (status, replayed, resp.json::<Value>().await.expect("json"))
        });
    }
    set.join_all().await
}

async fn balance(app: &TestApp, client: &reqwest::Client) -> i64 {
    json(app.get(client, "/api/v1/me/points").await).await["balance"]
        .as_i64()
        .unwrap()
}

/// 64 concurrent donations of 7 against a balance of exactly 20 × 7: exactly 20 succeed,
/// the other 44 are refused as insufficient, and the books balance.
#[tokio::test]
async fn sixty_four_concurrent_spends_against_twenty_succeed_exactly_twenty_times() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let li = app.resident("李梅").await;
    grant_points(&app, &admin, li.id, 20 * 7, "fund").await;
    let bodies = (0..64)
        .map(|i| json!({"amount": 7, "idempotency_key": format!("spend-{i}")}))
        .collect();
    let results = donate_all(&app, &li.client, bodies).await;
    let ok = results.iter().filter(|r| r.0 == 201).count();
    let refused = results
        .iter()
        .filter(|r| r.0 == 409 && r.2["error"]["message"] == "积分余额不足")
        .count();
    assert_eq!(ok, 20, "{results:?}");
    assert_eq!(refused, 44);
    assert_eq!(balance(&app, &li.client).await, 0);
    let broken = app.db.read(ledger::broken_invariants).await.unwrap();
    assert!(broken.is_empty(), "{broken:?}");
}

/// The same key sent 16 times at once posts once; every answer is the same transfer,
/// 15 of them marked as replays. The same key with another amount is a 409.
#[tokio::test]
async fn one_key_sent_concurrently_posts_once_and_other_content_is_refused() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let li = app.resident("李梅").await;
    grant_points(&app, &admin, li.id, 100, "fund").await;
    let body = json!({"amount": 30, "idempotency_key": "once"});
    let results = donate_all(&app, &li.client, vec![body; 16]).await;
    assert!(results.iter().all(|r| r.0 == 201), "{results:?}");
    assert_eq!(results.iter().filter(|r| !r.1).count(), 1, "one fresh post");
    let first = &results[0].2;
    assert!(results.iter().all(|r| &r.2 == first), "identical answers");
    assert_eq!(first["balance_after"], 70);
    assert_eq!(balance(&app, &li.client).await, 70);

    let other = app
        .post(
            &li.client,
            "/api/v1/me/points/donate",
            &json!({"amount": 31, "idempotency_key": "once"}),
        )
        .await;
    let err = assert_error(other, 409, "conflict").await;
    assert_eq!(
        err["error"]["message"],
        "该请求编号已用于另一笔不同的操作，请勿重复使用"
    );
    let again = app
        .post(
            &li.client,
            "/api/v1/me/points/donate",
            &json!({"amount": 30, "idempotency_key": "once"}),
        )
        .await;
    assert_eq!(again.status(), 201);
    assert_eq!(
        &json(again).await,
        first,
        "still the first result afterwards"
    );
    assert_eq!(balance(&app, &li.client).await, 70);
    let history = json(
        app.get(&li.client, "/api/v1/me/points/history?type=donate")
            .await,
    )
    .await;
    assert_eq!(history["items"].as_array().unwrap().len(), 1);
}

/// Concurrent awards with one key post one earn, so a retried award never pays twice.
#[tokio::test]
async fn a_retried_award_pays_once_even_when_concurrent() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let li = app.resident("李梅").await;
    let body = json!({"user_id": li.id, "activity": "clinic", "minutes": 120,
                      "reason": "义诊", "idempotency_key": "award-once"});
    let mut set = JoinSet::new();
    for _ in 0..8 {
        let req = admin
            .client
            .post(app.url("/api/v1/admin/points/award"))
            .json(&body);
        set.spawn(async move {
            let resp = req.send().await.unwrap();
            (
                resp.status().as_u16(),
                resp.json::<Value>().await.unwrap()["id"].clone(),
            )
        });
    }
    let results = set.join_all().await;
    assert!(
        results.iter().all(|r| r.0 == 201 && r.1 == results[0].1),
        "{results:?}"
    );
    assert_eq!(balance(&app, &li.client).await, 30);
}
