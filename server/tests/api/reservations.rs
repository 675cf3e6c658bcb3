//! Reservations from the phone over HTTP: paid at reserve time, retried safely, cancelled
//! with a full refund, expired with a refund exactly once however many sweeps overlap,
//! handed over once at the kiosk by code or signed QR, private to their member, and who
//! may call what.

use linli_app::api::ledger::TransferNote;
use linli_app::i18n::{t, Lang, Msg};
use linli_app::ledger::transfer_reason_text;
use linli_server::ledger;
use linli_server::shop::reservations::{self, TTL_SECS};
use linli_server::store::{now, Db};
use serde_json::{json, Value};
use tokio::task::JoinSet;

use crate::helpers::{assert_error, json, Person, TestApp, PASSWORD};
use crate::ledger::grant_points;
use crate::shop::{item, kiosk};

fn soap() -> Value {
    json!({"name": "香皂", "category": "日用品", "price": 30})
}

fn detergent() -> Value {
    json!({"name": "洗衣液", "category": "日用品", "price": 230, "monthly_limit": 2})
}

async fn stock_of(app: &TestApp, id: &Value) -> i64 {
    json(
        app.get(&app.client, &format!("/api/v1/shop/items/{id}"))
            .await,
    )
    .await["stock"]
        .as_i64()
        .unwrap()
}

async fn balance_of(app: &TestApp, user_id: i64) -> i64 {
    app.db
        .read(move |c| ledger::balance_of_user(c, user_id))
        .await
        .unwrap()
}

async fn scalar(app: &TestApp, sql: &'static str) -> i64 {
    app.db
        .read(move |c| Ok(c.query_row(sql, [], |r| r.get(0))?))
        .await
        .unwrap()
}

async fn books_balance(app: &TestApp) {
    let broken = app.db.read(ledger::broken_invariants).await.unwrap();
    assert!(broken.is_empty(), "{broken:?}");
}

/// The card PIN every reserving member sets, typed at the kiosk to collect.
const PIN: &str = "2468";

/// Sets (or sets again) a member's card PIN.
async fn set_pin(app: &TestApp, p: &Person, pin: &str) {
    let resp = p
        .client
        .put(app.url("/api/v1/me/card/pin"))
        .json(&json!({"pin": pin, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200, "{}", resp.text().await.unwrap());
}

/// Reserves from the phone; the member has a card PIN, so the kiosk can hand it over.
async fn reserve(app: &TestApp, p: &Person, key: &str, lines: Value) -> reqwest::Response {
    set_pin(app, p, PIN).await;
    app.post(
        &p.client,
        "/api/v1/shop/reservations",
        &json!({"idempotency_key": key, "lines": lines}),
    )
    .await
}

/// Reserves and expects it to work.
async fn reserved(app: &TestApp, p: &Person, key: &str, lines: Value) -> Value {
    let resp = reserve(app, p, key, lines).await;
    assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
    json(resp).await
}

fn enc(text: &str) -> String {
    text.replace(':', "%3A").replace(' ', "%20")
}

async fn pickup(app: &TestApp, k: &Person, code: &str) -> reqwest::Response {
    app.get(&k.client, &format!("/api/v1/kiosk/pickups/{}", enc(code)))
        .await
}

async fn collect(app: &TestApp, k: &Person, code: &str) -> reqwest::Response {
    collect_with(app, k, code, PIN).await
}

async fn collect_with(app: &TestApp, k: &Person, code: &str, pin: &str) -> reqwest::Response {
    app.post(
        &k.client,
        &format!("/api/v1/kiosk/pickups/{}/collect", enc(code)),
        &json!({ "pin": pin }),
    )
    .await
}

async fn cancel(app: &TestApp, p: &Person, id: &Value) -> reqwest::Response {
    app.post(
        &p.client,
        &format!("/api/v1/shop/reservations/{id}/cancel"),
        &Value::Null,
    )
    .await
}

/// The phone learns what the monthly limit leaves: my units of limited items this month,
/// reservations included and cancelled ones not; signed-in only, and only my own.
#[tokio::test]
async fn my_month_taken_counts_reservations_until_cancelled() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let s = item(&app, &admin, soap(), 5).await;
    let d = item(&app, &admin, detergent(), 3).await;
    let li = app.resident("李梅").await;
    let wang = app.resident("王强").await;
    grant_points(&app, &admin, li.id, 1000, "li").await;
    let taken = |p: &Person| {
        let c = p.client.clone();
        let app = &app;
        async move { app.get(&c, "/api/v1/me/shop/month-taken").await }
    };

    assert_eq!(json(taken(&li).await).await, json!([]));
    let lines = json!([{"item_id": d["id"], "quantity": 1}, {"item_id": s["id"], "quantity": 2}]);
    let r = reserved(&app, &li, "t-1", lines).await;
    // Only the limited item; another member sees nothing of mine.
    assert_eq!(
        json(taken(&li).await).await,
        json!([{"item_id": d["id"], "quantity": 1}])
    );
    assert_eq!(json(taken(&wang).await).await, json!([]));
    assert_eq!(cancel(&app, &li, &r["id"]).await.status(), 200);
    assert_eq!(json(taken(&li).await).await, json!([]));
    let anon = TestApp::new_client();
    assert_error(
        app.get(&anon, "/api/v1/me/shop/month-taken").await,
        401,
        "unauthenticated",
    )
    .await;
}

/// Reserving pays at once (balance and stock drop, one `redeem`, receipt lines), gives a
/// ten-digit code and a signed QR valid three days, and a retry with the same key
/// returns the same reservation without charging again.
#[tokio::test]
async fn a_reservation_is_paid_at_once_and_a_retry_charges_once() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let s = item(&app, &admin, soap(), 5).await;
    let d = item(&app, &admin, detergent(), 3).await;
    let li = app.resident("李梅").await;
    grant_points(&app, &admin, li.id, 500, "li").await;

    let lines = json!([{"item_id": d["id"], "quantity": 1}, {"item_id": s["id"], "quantity": 2}]);
    let r = reserved(&app, &li, "r-1", lines.clone()).await;
    assert_eq!(r["status"], "reserved");
    assert_eq!(r["total"], 230 + 60);
    assert_eq!(r["member_name"], "李梅");
    assert_eq!(r["lines"].as_array().unwrap().len(), 2);
    let code = r["code"].as_str().unwrap();
    assert_eq!(code.len(), 10);
    assert!(code.chars().all(|c| c.is_ascii_digit()));
    let qr = r["qr"].as_str().unwrap();
    assert!(qr.starts_with(&format!("linli:pickup:{code}.")), "{qr}");
    assert_eq!(
        r["expires_at"].as_i64().unwrap() - r["created_at"].as_i64().unwrap(),
        TTL_SECS
    );
    assert_eq!(balance_of(&app, li.id).await, 500 - 290);
    assert_eq!(stock_of(&app, &s["id"]).await, 3);
    assert_eq!(stock_of(&app, &d["id"]).await, 2);

    // A retry after a dropped answer: the same reservation, nothing charged.
    let again = reserve(&app, &li, "r-1", lines.clone()).await;
    assert_eq!(again.status(), 200);
    assert!(again.headers().contains_key("idempotent-replayed"));
    let again = json(again).await;
    assert_eq!(again["id"], r["id"]);
    assert_eq!(again["code"], r["code"]);
    assert_eq!(balance_of(&app, li.id).await, 210);
    assert_eq!(stock_of(&app, &s["id"]).await, 3);
    // The same key for another cart is refused.
    let other = json!([{"item_id": s["id"], "quantity": 1}]);
    assert_error(reserve(&app, &li, "r-1", other).await, 409, "conflict").await;

    // It is listed as mine, and paid by a `redeem` in my history naming the order.
    let mine = json(app.get(&li.client, "/api/v1/shop/reservations").await).await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    assert_eq!(mine["items"][0]["id"], r["id"]);
    assert_eq!(mine["items"][0]["qr"], r["qr"]);
    let history = json(app.get(&li.client, "/api/v1/me/points/history").await).await;
    assert_eq!(history["items"][0]["kind"], "redeem");
    assert_eq!(history["items"][0]["amount"], -290);
    assert_eq!(history["items"][0]["transfer_id"], r["transfer_id"]);
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM ledger_transfers WHERE kind = 'redeem'"
        )
        .await,
        1
    );
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM shop_orders").await, 1);
    // The monthly limit counts reserved units: two of the two allowed are now spoken for.
    let more = json!([{"item_id": d["id"], "quantity": 2}]);
    assert_error(reserve(&app, &li, "r-2", more).await, 409, "conflict").await;
    books_balance(&app).await;
}

/// A refused reservation changes nothing: too few points, over the limit, out of stock.
#[tokio::test]
async fn a_refused_reservation_changes_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let s = item(&app, &admin, soap(), 2).await;
    let d = item(&app, &admin, detergent(), 5).await;
    let li = app.resident("李梅").await;
    grant_points(&app, &admin, li.id, 100, "li").await;
    for (key, lines, msg) in [
        (
            "poor",
            json!([{"item_id": d["id"], "quantity": 1}]),
            "积分余额不足",
        ),
        ("limit", json!([{"item_id": d["id"], "quantity": 3}]), ""),
        (
            "stock",
            json!([{"item_id": s["id"], "quantity": 3}]),
            "库存不足，请减少数量或选择其他商品",
        ),
    ] {
        let body = assert_error(reserve(&app, &li, key, lines).await, 409, "conflict").await;
        if !msg.is_empty() {
            assert_eq!(body["error"]["message"], msg, "{key}");
        }
    }
    assert_eq!(balance_of(&app, li.id).await, 100);
    assert_eq!(stock_of(&app, &s["id"]).await, 2);
    assert_eq!(stock_of(&app, &d["id"]).await, 5);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM shop_orders").await, 0);
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM shop_reservations").await,
        0
    );
}

/// Cancelling before pickup refunds everything (points back, stock back with `refund`
/// events); cancelling again is a harmless repeat; the kiosk then refuses the code.
#[tokio::test]
async fn cancelling_refunds_points_and_restocks_once() {
    let app = TestApp::spawn().await;
    let Scene {
        admin,
        soap: s,
        li,
        reservation: r,
    } = scene(&app, "c-1", 3).await;
    let k = kiosk(&app).await;
    assert_eq!(balance_of(&app, li.id).await, 10);
    assert_eq!(stock_of(&app, &s["id"]).await, 2);

    let resp = cancel(&app, &li, &r["id"]).await;
    assert_eq!(resp.status(), 200);
    let c = json(resp).await;
    assert_eq!(c["status"], "cancelled");
    assert!(c["closed_at"].is_i64());
    assert!(c["refund_transfer_id"].is_i64());
    assert_eq!(balance_of(&app, li.id).await, 100);
    assert_eq!(stock_of(&app, &s["id"]).await, 5);
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM shop_stock_events WHERE kind = 'refund'"
        )
        .await,
        1
    );

    let again = cancel(&app, &li, &r["id"]).await;
    assert_eq!(again.status(), 200);
    assert!(again.headers().contains_key("idempotent-replayed"));
    assert_eq!(balance_of(&app, li.id).await, 100);
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM ledger_transfers WHERE kind = 'refund'"
        )
        .await,
        1
    );

    let code = r["code"].as_str().unwrap();
    let shown = json(pickup(&app, &k, code).await).await;
    assert_eq!(shown["status"], "cancelled");
    let body = assert_error(collect(&app, &k, code).await, 409, "conflict").await;
    assert_eq!(body["error"]["message"], "该预约已取消，积分已退还");

    // The day's summary leaves it out and counts it refunded.
    let sm = json(app.get(&admin.client, "/api/v1/admin/shop/summary").await).await;
    assert_eq!(sm["orders"], 0);
    assert_eq!(sm["refunded_orders"], 1);
    assert_eq!(sm["awaiting_pickup"], 0);

    // The orders list says why it was refunded as a note, worded for each reader.
    let orders = json(app.get(&admin.client, "/api/v1/admin/shop/orders").await).await;
    let order = &orders["items"][0];
    assert_eq!(
        order["refund_note"],
        json!({"kind": "reservation_cancelled"})
    );
    let note: TransferNote = serde_json::from_value(order["refund_note"].clone()).unwrap();
    let reason = order["refund_reason"].as_str().unwrap();
    assert_eq!(
        transfer_reason_text(Lang::En, Some(&note), reason),
        t(Lang::En, Msg::NoteReservationCancelled)
    );
    assert_eq!(
        transfer_reason_text(Lang::Zh, Some(&note), reason),
        t(Lang::Zh, Msg::NoteReservationCancelled)
    );
    books_balance(&app).await;
}

/// The usual scene: an admin, five soaps on the shelf, 李梅 with 100 points who reserved
/// `quantity` of them under `key`.
struct Scene {
    admin: Person,
    soap: Value,
    li: Person,
    reservation: Value,
}

async fn scene(app: &TestApp, key: &str, quantity: i64) -> Scene {
    let admin = app.login_as_admin().await;
    let soap = item(app, &admin, soap(), 5).await;
    let li = app.resident("李梅").await;
    grant_points(app, &admin, li.id, 100, "li").await;
    let lines = json!([{"item_id": soap["id"], "quantity": quantity}]);
    let reservation = reserved(app, &li, key, lines).await;
    Scene {
        admin,
        soap,
        li,
        reservation,
    }
}

/// The kiosk finds a reservation by its typed code (spaces allowed) or its signed QR,
/// refuses a forged QR or junk, hands it over once, and refuses a second handover and a
/// late cancel. Nothing is refunded.
#[tokio::test]
async fn the_kiosk_hands_a_reservation_over_once() {
    let app = TestApp::spawn().await;
    let Scene {
        admin,
        soap: s,
        li,
        reservation: r,
    } = scene(&app, "k-1", 1).await;
    let k = kiosk(&app).await;
    let code = r["code"].as_str().unwrap().to_string();
    let qr = r["qr"].as_str().unwrap().to_string();

    // The summary counts it as out on the day it was reserved, and waiting.
    let sm = json(app.get(&admin.client, "/api/v1/admin/shop/summary").await).await;
    assert_eq!(sm["orders"], 1);
    assert_eq!(sm["items_out"], 1);
    assert_eq!(sm["points_redeemed"], 30);
    assert_eq!(sm["awaiting_pickup"], 1);

    // Receipts show the reservation's status.
    let orders = json(app.get(&admin.client, "/api/v1/admin/shop/orders").await).await;
    assert_eq!(orders["items"][0]["status"], "reserved");
    assert_eq!(orders["items"][0]["card"], "");

    let typed = format!("{} {}", &code[..5], &code[5..]);
    let shown = json(pickup(&app, &k, &typed).await).await;
    assert_eq!(shown["id"], r["id"]);
    assert_eq!(shown["member_name"], "李梅");
    assert_eq!(shown["status"], "reserved");
    assert_eq!(shown["lines"][0]["name"], "香皂");
    assert_eq!(json(pickup(&app, &k, &qr).await).await["id"], r["id"]);

    // A QR with another code under this signature, or a made-up one, is refused.
    let other = if code.starts_with('1') { "2" } else { "1" };
    let forged = qr.replacen(&code[..1], other, 1);
    assert_ne!(forged, qr);
    assert_error(pickup(&app, &k, &forged).await, 422, "validation").await;
    assert_error(collect(&app, &k, &forged).await, 422, "validation").await;
    let unknown = if code == "0000000000" {
        "1111111111"
    } else {
        "0000000000"
    };
    let body = assert_error(pickup(&app, &k, unknown).await, 404, "not_found").await;
    assert_eq!(body["error"]["message"], "没有这个取货码的预约");
    for junk in ["abc", "12345", "linli:pickup:", "linli:card:812345678906"] {
        assert_error(pickup(&app, &k, junk).await, 422, "validation").await;
    }
    let long = "9".repeat(500);
    assert_error(pickup(&app, &k, &long).await, 422, "validation").await;

    let resp = collect(&app, &k, &qr).await;
    assert_eq!(resp.status(), 200);
    let done = json(resp).await;
    assert_eq!(done["status"], "collected");
    assert!(done["collected_at"].is_i64());
    let by = scalar(&app, "SELECT collected_by FROM shop_reservations").await;
    assert_eq!(by, k.id);

    let body = assert_error(collect(&app, &k, &code).await, 409, "conflict").await;
    assert_eq!(body["error"]["message"], "该预约已取货");
    assert_error(cancel(&app, &li, &r["id"]).await, 409, "conflict").await;
    assert_eq!(balance_of(&app, li.id).await, 70);
    assert_eq!(stock_of(&app, &s["id"]).await, 4);
    let mine = json(app.get(&li.client, "/api/v1/shop/reservations").await).await;
    assert_eq!(mine["items"][0]["status"], "collected");
    let receipts = json(app.get(&li.client, "/api/v1/me/shop/orders").await).await;
    assert_eq!(receipts["items"][0]["status"], "collected");
    let sm = json(app.get(&admin.client, "/api/v1/admin/shop/summary").await).await;
    assert_eq!(sm["orders"], 1);
    assert_eq!(sm["awaiting_pickup"], 0);
    books_balance(&app).await;
}

/// Uncollected reservations expire after three days and are refunded exactly once, even
/// when sweeps from several connections run at the same moment; a sweep before the time
/// closes nothing, and an expired code is refused at the kiosk.
#[tokio::test]
async fn expiry_refunds_exactly_once_with_concurrent_sweeps() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let k = kiosk(&app).await;
    let s = item(&app, &admin, soap(), 10).await;
    let li = app.resident("李梅").await;
    let wang = app.resident("王强").await;
    grant_points(&app, &admin, li.id, 100, "li").await;
    grant_points(&app, &admin, wang.id, 100, "wang").await;
    let a = reserved(
        &app,
        &li,
        "e-1",
        json!([{"item_id": s["id"], "quantity": 2}]),
    )
    .await;
    let b = reserved(
        &app,
        &wang,
        "e-2",
        json!([{"item_id": s["id"], "quantity": 1}]),
    )
    .await;
    assert_eq!(stock_of(&app, &s["id"]).await, 7);

    // Not yet due: nothing happens.
    assert_eq!(reservations::sweep(&app.db, now()).await.unwrap(), 0);

    let later = now() + TTL_SECS + 1;
    let mut set = JoinSet::new();
    for _ in 0..8 {
        // Each sweep on its own connection, as several servers on one file would.
        let db = Db::open(&app.db_path).unwrap();
        set.spawn(async move {
            let direct = db
                .write(move |tx| reservations::expire_due(tx, later, 100))
                .await
                .unwrap();
            direct + reservations::sweep(&db, later).await.unwrap()
        });
    }
    let expired: usize = set.join_all().await.into_iter().sum();
    assert_eq!(expired, 2, "each reservation expires once");
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM ledger_transfers WHERE kind = 'refund'"
        )
        .await,
        2
    );
    assert_eq!(balance_of(&app, li.id).await, 100);
    assert_eq!(balance_of(&app, wang.id).await, 100);
    assert_eq!(stock_of(&app, &s["id"]).await, 10);
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM shop_reservations WHERE status = 'expired'"
        )
        .await,
        2
    );

    let mine = json(app.get(&li.client, "/api/v1/shop/reservations").await).await;
    assert_eq!(mine["items"][0]["status"], "expired");
    let body = assert_error(
        collect(&app, &k, a["code"].as_str().unwrap()).await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(body["error"]["message"], "该预约已过期未取，积分已退还");
    assert_error(cancel(&app, &wang, &b["id"]).await, 409, "conflict").await;
    books_balance(&app).await;
}

/// An administrator refunding a waiting reservation cancels it: points and goods back,
/// the kiosk refuses it, receipts say cancelled, and the expiry sweep later moves nothing.
#[tokio::test]
async fn an_admin_refund_of_a_waiting_reservation_cancels_it() {
    let app = TestApp::spawn().await;
    let Scene {
        admin,
        soap: s,
        li,
        reservation: r,
    } = scene(&app, "x-1", 2).await;
    let k = kiosk(&app).await;

    let resp = app
        .post(
            &admin.client,
            &format!("/api/v1/admin/shop/orders/{}/refund", r["id"]),
            &json!({"reason": "居民电话取消"}),
        )
        .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(json(resp).await["status"], "cancelled");
    assert_eq!(balance_of(&app, li.id).await, 100);
    assert_eq!(stock_of(&app, &s["id"]).await, 5);
    let mine = json(app.get(&li.client, "/api/v1/shop/reservations").await).await;
    assert_eq!(mine["items"][0]["status"], "cancelled");
    let code = r["code"].as_str().unwrap();
    assert_error(collect(&app, &k, code).await, 409, "conflict").await;
    let orders = json(app.get(&admin.client, "/api/v1/admin/shop/orders").await).await;
    assert_eq!(orders["items"][0]["status"], "cancelled");
    // An administrator's reason reads as they wrote it: no note.
    assert_eq!(orders["items"][0]["refund_reason"], "居民电话取消");
    assert!(orders["items"][0].get("refund_note").is_none());

    let later = now() + TTL_SECS + 1;
    assert_eq!(reservations::sweep(&app.db, later).await.unwrap(), 0);
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM ledger_transfers WHERE kind = 'refund'"
        )
        .await,
        1
    );
    assert_eq!(
        scalar(&app, "SELECT status = 'cancelled' FROM shop_reservations").await,
        1
    );
    books_balance(&app).await;
}

/// Reservations are private: another member neither sees nor cancels mine, and cannot
/// collect it (residents are not kiosks).
#[tokio::test]
async fn another_member_cannot_see_or_cancel_my_reservation() {
    let app = TestApp::spawn().await;
    let Scene {
        li, reservation: r, ..
    } = scene(&app, "p-1", 1).await;
    let wang = app.resident("王强").await;

    let theirs = json(app.get(&wang.client, "/api/v1/shop/reservations").await).await;
    assert!(theirs["items"].as_array().unwrap().is_empty());
    assert_error(cancel(&app, &wang, &r["id"]).await, 404, "not_found").await;
    let code = r["code"].as_str().unwrap();
    assert_error(pickup(&app, &wang, code).await, 403, "forbidden").await;
    assert_error(collect(&app, &wang, code).await, 403, "forbidden").await;
    assert_error(collect(&app, &li, code).await, 403, "forbidden").await;
    assert_eq!(balance_of(&app, li.id).await, 70);
    let mine = json(app.get(&li.client, "/api/v1/shop/reservations").await).await;
    assert_eq!(mine["items"][0]["status"], "reserved");
}

/// Who may call what: signed out 401 everywhere; any signed-in person reserves, lists and
/// cancels their own; pickups are for kiosks and admins only.
#[tokio::test]
async fn every_reservation_endpoint_checks_its_role() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let k = kiosk(&app).await;
    let li = app.resident("李梅").await;
    let anon = TestApp::new_client();
    let s = item(&app, &admin, soap(), 10).await;
    for p in [&li, &k, &admin] {
        grant_points(&app, &admin, p.id, 200, &format!("fund-{}", p.id)).await;
    }
    let lines = json!([{"item_id": s["id"], "quantity": 1}]);
    let r = reserved(&app, &li, "a-1", lines.clone()).await;
    let code = r["code"].as_str().unwrap().to_string();

    let send = |c: &reqwest::Client, m: &str, p: String, b: Value| {
        let mut req = c.request(m.parse().unwrap(), app.url(&p));
        if !b.is_null() {
            req = req.json(&b);
        }
        req.send()
    };
    let all: Vec<(&str, String, Value)> = vec![
        (
            "POST",
            "/api/v1/shop/reservations".into(),
            json!({"idempotency_key": "anon", "lines": lines}),
        ),
        ("GET", "/api/v1/shop/reservations".into(), Value::Null),
        (
            "POST",
            format!("/api/v1/shop/reservations/{}/cancel", r["id"]),
            Value::Null,
        ),
        ("GET", format!("/api/v1/kiosk/pickups/{code}"), Value::Null),
        (
            "POST",
            format!("/api/v1/kiosk/pickups/{code}/collect"),
            json!({ "pin": PIN }),
        ),
    ];
    for (m, p, b) in &all {
        let resp = send(&anon, m, p.clone(), b.clone()).await.unwrap();
        assert_error(resp, 401, "unauthenticated").await;
    }
    // Pickups: residents 403; kiosks and admins look up.
    for (m, p, b) in &all[3..] {
        let resp = send(&li.client, m, p.clone(), b.clone()).await.unwrap();
        assert_error(resp, 403, "forbidden").await;
    }
    assert_eq!(pickup(&app, &k, &code).await.status(), 200);
    assert_eq!(pickup(&app, &admin, &code).await.status(), 200);
    // Everyone signed in may reserve and list their own.
    for p in [&li, &k, &admin] {
        let key = format!("own-{}", p.id);
        let mine = reserved(&app, p, &key, lines.clone()).await;
        assert_eq!(mine["user_id"], p.id);
        let listed = json(app.get(&p.client, "/api/v1/shop/reservations").await).await;
        assert_eq!(listed["items"][0]["id"], mine["id"]);
    }
    // An admin may hand over; a kiosk may too (another reservation).
    assert_eq!(collect(&app, &admin, &code).await.status(), 200);
    let r2 = reserved(&app, &li, "a-2", lines.clone()).await;
    assert_eq!(
        collect(&app, &k, r2["code"].as_str().unwrap())
            .await
            .status(),
        200
    );
    // The owner cancels their own (a third one).
    let r3 = reserved(&app, &li, "a-3", lines.clone()).await;
    assert_eq!(cancel(&app, &li, &r3["id"]).await.status(), 200);
}

/// Junk input is a clear 4xx and changes nothing.
#[tokio::test]
async fn junk_reservation_input_is_refused() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let s = item(&app, &admin, soap(), 5).await;
    let li = app.resident("李梅").await;
    grant_points(&app, &admin, li.id, 100, "li").await;
    let id = s["id"].clone();
    for (lines, key) in [
        (json!([]), "j1"),
        (json!([{"item_id": id, "quantity": 0}]), "j2"),
        (json!([{"item_id": id, "quantity": 100}]), "j3"),
        (json!([{"item_id": id, "quantity": -1}]), "j4"),
        (json!([{"item_id": 999_999, "quantity": 1}]), "j5"),
        (
            json!([{"item_id": id, "quantity": 1}, {"item_id": id, "quantity": 1}]),
            "j6",
        ),
        (json!([{"item_id": id, "quantity": 1}]), ""),
        (json!([{"item_id": id, "quantity": 1}]), "has space"),
    ] {
        assert_error(reserve(&app, &li, key, lines).await, 422, "validation").await;
    }
    let url = app.url("/api/v1/shop/reservations");
    for body in [
        "{",
        "[]",
        r#"{"lines": "soap", "idempotency_key": "x"}"#,
        r#"{"lines": [{"item_id": "one", "quantity": 1}], "idempotency_key": "x"}"#,
    ] {
        let resp = li
            .client
            .post(&url)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        let st = resp.status().as_u16();
        assert!((400..500).contains(&st), "{body} -> {st}");
    }
    for q in ["?limit=0", "?limit=101", "?limit=abc", "?after=x"] {
        let st = app
            .get(&li.client, &format!("/api/v1/shop/reservations{q}"))
            .await
            .status()
            .as_u16();
        assert!((400..500).contains(&st), "{q} -> {st}");
    }
    for p in [
        "/api/v1/shop/reservations/abc/cancel",
        "/api/v1/shop/reservations/99999/cancel",
    ] {
        let st = app
            .post(&li.client, p, &Value::Null)
            .await
            .status()
            .as_u16();
        assert!((400..500).contains(&st), "{p} -> {st}");
    }
    assert_eq!(balance_of(&app, li.id).await, 100);
    assert_eq!(stock_of(&app, &id).await, 5);
}

/// Every reservation endpoint is in the OpenAPI document.
#[tokio::test]
async fn every_reservation_endpoint_is_in_the_openapi_document() {
    let app = TestApp::spawn().await;
    let doc = json(app.get(&app.client, "/api/v1/openapi.json").await).await;
    let paths = doc["paths"].as_object().unwrap();
    for (m, p) in [
        ("post", "/api/v1/shop/reservations"),
        ("get", "/api/v1/shop/reservations"),
        ("post", "/api/v1/shop/reservations/{id}/cancel"),
        ("get", "/api/v1/kiosk/pickups/{code}"),
        ("post", "/api/v1/kiosk/pickups/{code}/collect"),
    ] {
        assert!(
            paths.get(p).and_then(|i| i.get(m)).is_some(),
            "{m} {p} missing"
        );
    }
}

/// A pickup code alone is not enough: the kiosk hands over only with the member's card
/// PIN. A missing PIN is a 422 naming the field, a wrong one a 422 saying in words how
/// many tries are left (counted on the member's card, which locks after five), and
/// nothing is handed over until the right PIN comes.
#[tokio::test]
async fn a_pickup_needs_the_members_pin_and_says_how_many_tries_are_left() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let k = kiosk(&app).await;
    let s = item(&app, &admin, soap(), 10).await;
    let li = app.resident("李梅").await;
    grant_points(&app, &admin, li.id, 500, "li").await;
    let r = reserved(
        &app,
        &li,
        "pin-1",
        json!([{"item_id": s["id"], "quantity": 1}]),
    )
    .await;
    let code = r["code"].as_str().unwrap();

    let body = assert_error(
        app.post(
            &k.client,
            &format!("/api/v1/kiosk/pickups/{code}/collect"),
            &json!({ "pin": "" }),
        )
        .await,
        422,
        "validation",
    )
    .await;
    assert_eq!(body["error"]["field"], "pin");
    let first = assert_error(
        collect_with(&app, &k, code, "1111").await,
        422,
        "validation",
    )
    .await;
    assert_eq!(first["error"]["message"], "卡片密码不正确，还可以再试四次");
    let resp = k
        .client
        .post(app.url(&format!("/api/v1/kiosk/pickups/{code}/collect")))
        .header("accept-language", "en")
        .json(&json!({ "pin": "1112" }))
        .send()
        .await
        .unwrap();
    let second = assert_error(resp, 422, "validation").await;
    assert_eq!(
        second["error"]["message"],
        "Wrong card PIN: three tries left"
    );
    let waiting = json(pickup(&app, &k, code).await).await;
    assert_eq!(waiting["status"], "reserved");

    let done = collect(&app, &k, code).await;
    assert_eq!(done.status(), 200, "{}", done.text().await.unwrap());
    assert_eq!(json(done).await["status"], "collected");
}
