//! A full disk: the server's writer connection is held to a few more pages than the file
//! has (`PRAGMA max_page_count`). Writes then answer 503 with the typed message and keep
//! nothing, reads go on, and once the limit is raised writes succeed without a restart.

use linli_server::ledger;
use linli_server::store::Db;
use serde_json::{json, Value};

use crate::helpers::{assert_error, json, Person, TestApp};
use crate::ledger::grant_points;

const FUND: i64 = 100_000;

/// Caps the server's writer at `extra` pages more than the file has now (0: no cap).
async fn cap_pages(server_db: &Db, extra: Option<i64>) {
    server_db
        .write(move |tx| {
            let pages: i64 = tx.query_row("PRAGMA page_count", [], |r| r.get(0))?;
            let max = extra.map_or(i64::from(i32::MAX), |e| pages + e);
            let set: i64 =
                tx.query_row(&format!("PRAGMA max_page_count = {max}"), [], |r| r.get(0))?;
            assert_eq!(set, max);
            Ok(())
        })
        .await
        .unwrap();
}

async fn donate(app: &TestApp, p: &Person, key: &str, lang: &str) -> reqwest::Response {
    p.client
        .post(app.url("/api/v1/me/points/donate"))
        .header("Accept-Language", lang)
        .json(&json!({"amount": 3, "idempotency_key": key}))
        .send()
        .await
        .unwrap()
}

async fn balance(app: &TestApp, p: &Person) -> i64 {
    let resp = app.get(&p.client, "/api/v1/me/points").await;
    assert_eq!(resp.status(), 200, "reads keep working");
    json(resp).await["balance"].as_i64().unwrap()
}

async fn donations(app: &TestApp) -> i64 {
    app.db
        .read(|c| {
            Ok(c.query_row(
                "SELECT COUNT(*) FROM ledger_transfers WHERE kind = 'donate'",
                [],
                |r| r.get(0),
            )?)
        })
        .await
        .unwrap()
}

async fn assert_books_balance(app: &TestApp) {
    let broken = app.db.read(ledger::broken_invariants).await.unwrap();
    assert!(broken.is_empty(), "{broken:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_refuses_writes_with_503_keeps_reads_and_recovers_by_itself() {
    let (app, server_db) = TestApp::spawn_with_server_db(|_| {}).await;
    let admin = app.login_as_admin().await;
    let li = app.resident("李梅").await;
    grant_points(&app, &admin, li.id, FUND, "fund").await;

    // Fill the database: donations until the storage refuses one.
    cap_pages(&server_db, Some(2)).await;
    let mut acked = 0;
    let refused = loop {
        let key = format!("fill-{acked}");
        let resp = donate(&app, &li, &key, "zh-CN").await;
        if resp.status() == 503 {
            break (key, assert_error(resp, 503, "unavailable").await);
        }
        assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
        acked += 1;
        assert!(acked < 2000, "the database never filled up");
    };
    let message = refused.1["error"]["message"].as_str().unwrap().to_string();
    assert!(message.contains("存储空间已满"), "{message}");

    // Every later write is refused the same way, in the caller's language, in one shape;
    // concurrent ones too (whole commit groups), and none is half-stored.
    let body = assert_error(
        donate(&app, &li, &refused.0, "en").await,
        503,
        "unavailable",
    )
    .await;
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("storage is full"),
        "{body}"
    );
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..16 {
        let (client, url) = (li.client.clone(), app.url("/api/v1/me/points/donate"));
        tasks.spawn(async move {
            let body = json!({"amount": 3, "idempotency_key": format!("burst-{i}")});
            let resp = client.post(url).json(&body).send().await.unwrap();
            (resp.status().as_u16(), resp.json::<Value>().await.unwrap())
        });
    }
    for (status, body) in tasks.join_all().await {
        assert_eq!(status, 503, "{body}");
        assert_eq!(body["error"]["code"], "unavailable");
    }

    // Reads keep working and show exactly the acknowledged donations.
    assert_eq!(balance(&app, &li).await, FUND - 3 * acked);
    assert_eq!(donations(&app).await, acked);
    assert_books_balance(&app).await;

    // Space returns: the same refused request now goes through, no restart needed.
    cap_pages(&server_db, None).await;
    let resp = donate(&app, &li, &refused.0, "zh-CN").await;
    assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
    assert_eq!(balance(&app, &li).await, FUND - 3 * (acked + 1));
    assert_eq!(donations(&app).await, acked + 1);
    assert_books_balance(&app).await;
}
