//! Checkouts under contention, through the real server: the last units of an item go to
//! exactly as many people as there are units, stock never goes negative, and every
//! member is debited exactly once however often a kiosk retries.

use linli_server::ledger;
use serde_json::{json, Value};
use tokio::task::JoinSet;

use crate::helpers::TestApp;
use crate::shop::{item, kiosk, member_with_token};

/// Sends every body at once from the kiosk's client; (status, replayed?, body) of each.
async fn all_at_once(
    app: &TestApp,
    client: &reqwest::Client,
    bodies: Vec<Value>,
) -> Vec<(u16, bool, Value)> {
    let mut set = JoinSet::new();
    for body in bodies {
        let req = client.post(app.url("/api/v1/kiosk/checkout")).json(&body);
        set.spawn(async move {
            let resp = req.send().await.expect("request");
            let status = resp.status().as_u16();
            let replayed = resp.headers().contains_key("idempotent-replayed");
            (status, replayed, resp.json::<Value>().await.expect("json"))
        });
    }
    set.join_all().await
}

async fn scalar(app: &TestApp, sql: &'static str) -> i64 {
    app.db
        .read(move |c| Ok(c.query_row(sql, [], |r| r.get(0))?))
        .await
        .unwrap()
}

/// 64 members check out the last 10 soaps at the same moment: exactly 10 succeed, the
/// other 54 are told it is out of stock, stock ends at zero (never below), each winner
/// is debited exactly once, and the books balance.
#[tokio::test]
async fn sixty_four_checkouts_for_the_last_ten_units_succeed_exactly_ten_times() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let k = kiosk(&app).await;
    let soap = item(
        &app,
        &admin,
        json!({"name": "香皂", "category": "日用品", "price": 30}),
        10,
    )
    .await;
    let mut members = Vec::new();
    for i in 0..64 {
        members.push(member_with_token(&app, &admin, &format!("志愿者{i}"), 100).await);
    }
    let bodies = members
        .iter()
        .enumerate()
        .map(|(i, (_, qr))| {
            json!({"qr": qr, "idempotency_key": format!("last-{i}"),
                   "lines": [{"item_id": soap["id"], "quantity": 1}]})
        })
        .collect();
    let results = all_at_once(&app, &k.client, bodies).await;
    let ok = results.iter().filter(|r| r.0 == 201).count();
    let out = results
        .iter()
        .filter(|r| r.0 == 409 && r.2["error"]["message"] == "库存不足，请减少数量或选择其他商品")
        .count();
    assert_eq!(ok, 10, "{results:?}");
    assert_eq!(out, 54);
    assert_eq!(
        scalar(&app, "SELECT stock FROM shop_items").await,
        0,
        "stock ends at zero"
    );
    assert_eq!(
        scalar(&app, "SELECT MIN(stock_after) FROM shop_stock_events").await,
        0
    );
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM ledger_transfers WHERE kind = 'redeem'"
        )
        .await,
        10
    );
    let mut debited = 0;
    for (id, _) in &members {
        let id = *id;
        let b = app
            .db
            .read(move |c| ledger::balance_of_user(c, id))
            .await
            .unwrap();
        assert!(b == 100 || b == 70, "member {id} has {b}");
        debited += usize::from(b == 70);
    }
    assert_eq!(debited, 10);
    let broken = app.db.read(ledger::broken_invariants).await.unwrap();
    assert!(broken.is_empty(), "{broken:?}");
}

/// One checkout sent 16 times at once with the same key: one order, one debit, and every
/// answer is that order's receipt.
#[tokio::test]
async fn concurrent_retries_of_one_checkout_charge_once() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let k = kiosk(&app).await;
    let soap = item(
        &app,
        &admin,
        json!({"name": "香皂", "category": "日用品", "price": 30}),
        5,
    )
    .await;
    let (uid, qr) = member_with_token(&app, &admin, "刘芳", 100).await;
    let body = json!({"qr": qr, "idempotency_key": "same",
                      "lines": [{"item_id": soap["id"], "quantity": 2}]});
    let results = all_at_once(&app, &k.client, vec![body; 16]).await;
    assert!(
        results.iter().all(|r| r.0 == 200 || r.0 == 201),
        "{results:?}"
    );
    assert_eq!(results.iter().filter(|r| r.0 == 201).count(), 1);
    let order = &results[0].2["order_id"];
    assert!(results.iter().all(|r| &r.2["order_id"] == order));
    let b = app
        .db
        .read(move |c| ledger::balance_of_user(c, uid))
        .await
        .unwrap();
    assert_eq!(b, 40);
    assert_eq!(scalar(&app, "SELECT stock FROM shop_items").await, 3);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM shop_orders").await, 1);
}
