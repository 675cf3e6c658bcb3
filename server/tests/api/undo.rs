//! One way to undo a transfer: every pair of paths that give points back (an order's
//! refund, a reservation cancelled or expired, a fee offset rejected, an administrator's
//! reversal of a donation, an allocation or an hour record's earning) credits the member
//! exactly once whatever order they run in; the path that comes too late answers 409 with
//! a message in both languages; a retry of the same undo replays harmlessly; and the books
//! stay whole.

use linli_app::api::ledger::TransferKind;
use linli_app::api::Reason;
use linli_app::i18n::{t, Lang, Msg};
use linli_server::error::AppError;
use linli_server::ledger::{self, Undo};
use linli_server::shop::reservations::{self, TTL_SECS};
use linli_server::store::{is_unique_violation, ledger as ledger_store, now};
use serde_json::{json, Value};
use tokio::task::JoinSet;

use crate::bank::{property, register_family, request_offset};
use crate::helpers::{json, Person, TestApp};
use crate::ledger::{award, grant_points};
use crate::projects::{board, pending_hours, volunteer};
use crate::shop::{balance_of, books_balance, checkout, item, kiosk, member_with_token, stock_of};

fn soap() -> Value {
    json!({"name": "香皂", "category": "日用品", "price": 30})
}

fn reverse_path(transfer: &Value) -> String {
    format!("/api/v1/admin/points/transfers/{transfer}/reverse")
}

fn refund_path(order: &Value) -> String {
    format!("/api/v1/admin/shop/orders/{order}/refund")
}

/// The member has their 100 points back once, the goods are on the shelf again, and the
/// books balance: how every undo of a 30-point sale of 1 of 5 ends.
async fn given_back_once(app: &TestApp, uid: i64, item: &Value) {
    assert_eq!(balance_of(app, uid).await, 100, "credited once");
    assert_eq!(stock_of(app, item).await, 5);
    books_balance(app).await;
}

async fn post_in(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    body: &Value,
    lang: Lang,
) -> reqwest::Response {
    client
        .post(app.url(path))
        .header("accept-language", lang.code())
        .json(body)
        .send()
        .await
        .expect("request")
}

/// The request is refused with 409 and `msg`, worded in Chinese and in English (it is
/// sent once in each language: a refusal changes nothing, so the second sees the same).
async fn assert_conflict(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    body: &Value,
    msg: Msg,
) {
    for lang in Lang::ALL {
        let resp = post_in(app, client, path, body, lang).await;
        assert_eq!(resp.status(), 409, "{path} in {}", lang.code());
        let err: Value = resp.json().await.unwrap();
        assert_eq!(err["error"]["code"], "conflict", "{err}");
        assert_eq!(err["error"]["message"], t(lang, msg), "{err}");
    }
}

async fn reverse(
    app: &TestApp,
    admin: &Person,
    transfer: &Value,
    reason: &str,
) -> reqwest::Response {
    app.post(
        &admin.client,
        &reverse_path(transfer),
        &json!({"reason": reason}),
    )
    .await
}

async fn refund(app: &TestApp, admin: &Person, order: &Value) -> reqwest::Response {
    app.post(
        &admin.client,
        &refund_path(order),
        &json!({"reason": "商品破损"}),
    )
    .await
}

/// A server, its administrator and a soap with five on the shelf.
async fn shop() -> (TestApp, Person, Value) {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let s = item(&app, &admin, soap(), 5).await;
    (app, admin, s)
}

/// Reverses `transfer` in the store, as an administrator could before a transfer's owner
/// was the one way to give it back (the API refuses it now); the reversal's id.
async fn reversed_before_the_rule(app: &TestApp, admin: &Person, transfer: &Value) -> i64 {
    let (paid, admin_id) = (transfer.as_i64().unwrap(), admin.id);
    app.db
        .write(move |tx| {
            let original = ledger_store::transfer(tx, paid)?.unwrap();
            let undo = Undo::reversal(&original, admin_id, "旧冲正".into());
            Ok(ledger::undo(tx, undo, now())?.transfer.id)
        })
        .await
        .unwrap()
}

/// Runs the reservation sweep as if their time were up; how many expired.
async fn expire_all(app: &TestApp) -> usize {
    reservations::sweep(&app.db, now() + TTL_SECS + 1)
        .await
        .unwrap()
}

/// A kiosk sale of one soap (30 points) to a new member holding 100; the receipt.
async fn sold(app: &TestApp, admin: &Person, soap: &Value) -> (i64, Value) {
    let k = kiosk(app).await;
    let (uid, qr) = member_with_token(app, admin, "杨秀英", 100).await;
    let resp = checkout(
        app,
        &k,
        &json!({"qr": qr, "idempotency_key": "u-1",
                "lines": [{"item_id": soap["id"], "quantity": 1}]}),
    )
    .await;
    assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
    let receipt = json(resp).await;
    assert_eq!(balance_of(app, uid).await, 70);
    (uid, receipt)
}

/// Refund, then reverse the payment: the reversal is refused as already given back, and
/// the refund itself cannot be reversed; a retried refund moves nothing.
#[tokio::test]
async fn an_order_refunded_then_reversed_pays_back_once() {
    let (app, admin, s) = shop().await;
    let (uid, receipt) = sold(&app, &admin, &s).await;

    let resp = refund(&app, &admin, &receipt["order_id"]).await;
    assert_eq!(resp.status(), 200);
    let refunded = json(resp).await;
    assert_eq!(balance_of(&app, uid).await, 100);
    let body = json!({"reason": "重复退款"});
    assert_conflict(
        &app,
        &admin.client,
        &reverse_path(&receipt["transfer_id"]),
        &body,
        Msg::ErrAlreadyUndone,
    )
    .await;
    assert_conflict(
        &app,
        &admin.client,
        &reverse_path(&refunded["refund_transfer_id"]),
        &body,
        Msg::ErrNotReversible,
    )
    .await;
    let again = refund(&app, &admin, &receipt["order_id"]).await;
    assert_eq!(again.status(), 200);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(balance_of(&app, uid).await, 100, "credited once");
    assert_eq!(stock_of(&app, &s["id"]).await, 5);
    // The payment shows what gave it back.
    let path = format!("/api/v1/admin/points/transfers/{}", receipt["transfer_id"]);
    let detail = json(app.get(&admin.client, &path).await).await;
    assert_eq!(detail["reversed_by_id"], refunded["refund_transfer_id"]);
    books_balance(&app).await;
}

/// Reverse the payment first: refused, pointing at the order's refund, which then pays
/// back once (goods on the shelf again); reversing after that is still refused.
#[tokio::test]
async fn an_order_is_given_back_through_its_refund_not_a_reversal() {
    let (app, admin, s) = shop().await;
    let (uid, receipt) = sold(&app, &admin, &s).await;
    let body = json!({"reason": "顾客退货"});
    let path = reverse_path(&receipt["transfer_id"]);

    assert_conflict(&app, &admin.client, &path, &body, Msg::ErrUndoThroughOrder).await;
    assert_eq!(balance_of(&app, uid).await, 70, "nothing moved");
    assert_eq!(
        refund(&app, &admin, &receipt["order_id"]).await.status(),
        200
    );
    assert_eq!(balance_of(&app, uid).await, 100);
    assert_conflict(&app, &admin.client, &path, &body, Msg::ErrAlreadyUndone).await;
    given_back_once(&app, uid, &s["id"]).await;
}

/// Refunds and reversals of one order sent all at once: one refund, the member credited
/// once, every reversal refused.
#[tokio::test]
async fn racing_refunds_and_reversals_pay_back_once() {
    let (app, admin, s) = shop().await;
    let (uid, receipt) = sold(&app, &admin, &s).await;
    let mut set = JoinSet::new();
    for i in 0..16 {
        let (path, body) = if i % 2 == 0 {
            (refund_path(&receipt["order_id"]), json!({"reason": "退货"}))
        } else {
            (
                reverse_path(&receipt["transfer_id"]),
                json!({"reason": "冲正"}),
            )
        };
        let req = admin.client.post(app.url(&path)).json(&body);
        set.spawn(async move { (i % 2, req.send().await.unwrap().status().as_u16()) });
    }
    for (kind, status) in set.join_all().await {
        assert_eq!(status, if kind == 0 { 200 } else { 409 });
    }
    assert_eq!(balance_of(&app, uid).await, 100);
    books_balance(&app).await;
}

// ---- reservations ----------------------------------------------------------------------

async fn reserved(app: &TestApp, admin: &Person, soap: &Value) -> (Person, Value) {
    let li = app.resident("李梅").await;
    grant_points(app, admin, li.id, 100, "li").await;
    let resp = app
        .post(
            &li.client,
            "/api/v1/shop/reservations",
            &json!({"idempotency_key": "r-1",
                    "lines": [{"item_id": soap["id"], "quantity": 2}]}),
        )
        .await;
    assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
    let r = json(resp).await;
    assert_eq!(balance_of(app, li.id).await, 40);
    (li, r)
}

fn cancel_path(r: &Value) -> String {
    format!("/api/v1/shop/reservations/{}/cancel", r["id"])
}

/// A reservation's payment goes back when the member cancels; reversing it before or
/// after is refused, and cancelling again replays.
#[tokio::test]
async fn a_cancelled_reservation_pays_back_once_whatever_the_order() {
    let (app, admin, s) = shop().await;
    let (li, r) = reserved(&app, &admin, &s).await;
    let body = json!({"reason": "预约取消"});
    let path = reverse_path(&r["transfer_id"]);

    assert_conflict(&app, &admin.client, &path, &body, Msg::ErrUndoThroughOrder).await;
    let resp = app.post(&li.client, &cancel_path(&r), &Value::Null).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(json(resp).await["status"], "cancelled");
    assert_eq!(balance_of(&app, li.id).await, 100);
    assert_conflict(&app, &admin.client, &path, &body, Msg::ErrAlreadyUndone).await;
    let again = app.post(&li.client, &cancel_path(&r), &Value::Null).await;
    assert_eq!(again.status(), 200);
    assert_eq!(
        refund(&app, &admin, &r["id"]).await.status(),
        200,
        "the order was refunded with it: a repeat"
    );
    given_back_once(&app, li.id, &s["id"]).await;
}

/// A reservation that expires pays back once: a reversal before is refused (and so
/// cannot pay a second time at expiry), a reversal or refund after moves nothing.
#[tokio::test]
async fn an_expired_reservation_pays_back_once_whatever_the_order() {
    let (app, admin, s) = shop().await;
    let (li, r) = reserved(&app, &admin, &s).await;
    let body = json!({"reason": "逾期"});
    let path = reverse_path(&r["transfer_id"]);

    assert_conflict(&app, &admin.client, &path, &body, Msg::ErrUndoThroughOrder).await;
    assert_eq!(expire_all(&app).await, 1);
    assert_eq!(balance_of(&app, li.id).await, 100);
    assert_conflict(&app, &admin.client, &path, &body, Msg::ErrAlreadyUndone).await;
    let again = refund(&app, &admin, &r["id"]).await;
    assert_eq!(again.status(), 200);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    given_back_once(&app, li.id, &s["id"]).await;
}

/// A refund by an administrator while the reservation waits closes it; the expiry sweep
/// then has nothing to pay.
#[tokio::test]
async fn a_reservation_refunded_while_waiting_does_not_pay_again_at_expiry() {
    let (app, admin, s) = shop().await;
    let (li, r) = reserved(&app, &admin, &s).await;
    assert_eq!(refund(&app, &admin, &r["id"]).await.status(), 200);
    assert_eq!(balance_of(&app, li.id).await, 100);
    assert_eq!(expire_all(&app).await, 0);
    given_back_once(&app, li.id, &s["id"]).await;
}

/// A payment reversed in the ledger before orders owned their payments (made here in the
/// store, as the API no longer allows it): when its reservation expires, that reversal
/// becomes the refund — the goods go back, the points do not come twice.
#[tokio::test]
async fn a_reservation_reversed_before_the_rule_is_not_paid_twice_at_expiry() {
    let (app, admin, s) = shop().await;
    let (li, r) = reserved(&app, &admin, &s).await;
    let reversal = reversed_before_the_rule(&app, &admin, &r["transfer_id"]).await;
    assert_eq!(balance_of(&app, li.id).await, 100);
    assert_eq!(expire_all(&app).await, 1);
    assert_eq!(balance_of(&app, li.id).await, 100, "credited once");
    assert_eq!(stock_of(&app, &s["id"]).await, 5);
    let order = json(refund(&app, &admin, &r["id"]).await).await;
    assert_eq!(order["refund_transfer_id"], reversal);
    books_balance(&app).await;
}

// ---- fee offsets -----------------------------------------------------------------------

/// A pending offset of 50 points by a member who held 50, and who is involved.
struct Offset {
    app: TestApp,
    admin: Person,
    li: Person,
    staff: Person,
    offset: Value,
}

async fn pending_offset() -> Offset {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let p = property(&app, &admin, "梅林都汇物业", 10).await;
    let li = app.resident("李梅").await;
    grant_points(&app, &admin, li.id, 50, "o-g").await;
    let resp = request_offset(
        &app,
        &li,
        json!({"company_id": p.company, "month": "2026-06", "unit": "2栋",
               "points": 50, "idempotency_key": "o-1"}),
    )
    .await;
    assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
    let offset = json(resp).await;
    assert_eq!(balance_of(&app, li.id).await, 0);
    Offset {
        app,
        admin,
        li,
        staff: p.staff,
        offset,
    }
}

fn decide_path(offset: &Value, how: &str) -> String {
    format!("/api/v1/property/fee-offsets/{}/{how}", offset["id"])
}

/// Rejecting gives an offset's points back once; a reversal before is refused (only the
/// company gives them back), after is refused as given back; rejecting again replays.
#[tokio::test]
async fn a_rejected_offset_pays_back_once_whatever_the_order() {
    let Offset {
        app,
        admin,
        li,
        staff,
        offset,
    } = pending_offset().await;
    let body = json!({"reason": "住户已搬走"});
    let path = reverse_path(&offset["transfer_id"]);

    assert_conflict(&app, &admin.client, &path, &body, Msg::ErrUndoThroughOffset).await;
    let reject = json!({"reason": "该房号已缴清"});
    let resp = app
        .post(&staff.client, &decide_path(&offset, "reject"), &reject)
        .await;
    assert_eq!(resp.status(), 200);
    let rejected = json(resp).await;
    assert_eq!(balance_of(&app, li.id).await, 50);
    // The rejection gave the points back as a reversal: it says so.
    assert_conflict(&app, &admin.client, &path, &body, Msg::ErrAlreadyReversed).await;
    assert_conflict(
        &app,
        &admin.client,
        &reverse_path(&rejected["refund_transfer_id"]),
        &body,
        Msg::ErrNotReversible,
    )
    .await;
    let again = app
        .post(&staff.client, &decide_path(&offset, "reject"), &reject)
        .await;
    assert_eq!(again.status(), 200);
    assert_eq!(balance_of(&app, li.id).await, 50, "credited once");
    books_balance(&app).await;
}

/// A confirmed offset is final: its points are not given back by a reversal either.
#[tokio::test]
async fn a_confirmed_offset_is_not_reversed() {
    let Offset {
        app,
        admin,
        li,
        staff,
        offset,
    } = pending_offset().await;
    let resp = app
        .post(&staff.client, &decide_path(&offset, "confirm"), &json!({}))
        .await;
    assert_eq!(resp.status(), 200);
    let path = reverse_path(&offset["transfer_id"]);
    let body = json!({"reason": "撤销抵扣"});
    assert_conflict(&app, &admin.client, &path, &body, Msg::ErrUndoThroughOffset).await;
    assert_eq!(balance_of(&app, li.id).await, 0);
    books_balance(&app).await;
}

/// An offset reversed in the ledger before offsets owned their points (made in the
/// store): confirming is refused as given back, rejecting records that reversal instead
/// of paying a second time.
#[tokio::test]
async fn an_offset_reversed_before_the_rule_is_rejected_without_paying_twice() {
    let Offset {
        app,
        admin,
        li,
        staff,
        offset,
    } = pending_offset().await;
    let reversal = reversed_before_the_rule(&app, &admin, &offset["transfer_id"]).await;
    assert_eq!(balance_of(&app, li.id).await, 50);
    assert_conflict(
        &app,
        &staff.client,
        &decide_path(&offset, "confirm"),
        &json!({}),
        Msg::ErrAlreadyUndone,
    )
    .await;
    let resp = app
        .post(
            &staff.client,
            &decide_path(&offset, "reject"),
            &json!({"reason": "已冲正"}),
        )
        .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(json(resp).await["refund_transfer_id"], reversal);
    assert_eq!(balance_of(&app, li.id).await, 50, "credited once");
    books_balance(&app).await;
}

// ---- what only a reversal gives back ---------------------------------------------------

/// Reverses once (201), replays the same reversal, and refuses another reason (409, both
/// languages) and a reversal of the reversal.
async fn reverse_exactly_once(app: &TestApp, admin: &Person, transfer: &Value) -> Value {
    let resp = reverse(app, admin, transfer, "登记错误").await;
    assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
    let rev = json(resp).await;
    let same = reverse(app, admin, transfer, "登记错误").await;
    assert_eq!(same.headers()["idempotent-replayed"], "true");
    assert_eq!(json(same).await["id"], rev["id"]);
    let path = reverse_path(transfer);
    let other = json!({"reason": "再冲一次"});
    assert_conflict(app, &admin.client, &path, &other, Msg::ErrAlreadyReversed).await;
    let back = reverse_path(&rev["id"]);
    assert_conflict(app, &admin.client, &back, &other, Msg::ErrNotReversible).await;
    rev
}

/// Donations to the pool and to a family are given back by a reversal, once.
#[tokio::test]
async fn a_donation_is_given_back_once() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let li = app.resident("李梅").await;
    grant_points(&app, &admin, li.id, 100, "d-g").await;
    let fam = register_family(
        &app,
        &admin,
        json!({"full_name": "王建华", "category": "hardship"}),
    )
    .await["id"]
        .clone();
    let mut ids = Vec::new();
    for body in [
        json!({"amount": 30, "idempotency_key": "d-pool"}),
        json!({"amount": 20, "family_id": fam, "idempotency_key": "d-fam"}),
    ] {
        let resp = app.post(&li.client, "/api/v1/me/bank/donate", &body).await;
        assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
        ids.push(json(resp).await["transfer_id"].clone());
    }
    assert_eq!(balance_of(&app, li.id).await, 50);
    for id in &ids {
        reverse_exactly_once(&app, &admin, id).await;
    }
    assert_eq!(balance_of(&app, li.id).await, 100, "each credited once");
    books_balance(&app).await;
}

/// An allocation from the pool to a family is given back to the pool by a reversal, once.
#[tokio::test]
async fn an_allocation_is_given_back_once() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let li = app.resident("李梅").await;
    grant_points(&app, &admin, li.id, 80, "a-g").await;
    let resp = app
        .post(
            &li.client,
            "/api/v1/me/bank/donate",
            &json!({"amount": 80, "idempotency_key": "a-d"}),
        )
        .await;
    assert_eq!(resp.status(), 201);
    let fam = register_family(
        &app,
        &admin,
        json!({"full_name": "王建华", "category": "elderly_alone"}),
    )
    .await["id"]
        .clone();
    let resp = app
        .post(
            &admin.client,
            "/api/v1/admin/bank/allocations",
            &json!({"family_id": fam, "amount": 50, "reason": "春节慰问",
                    "idempotency_key": "a-1"}),
        )
        .await;
    assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
    let a = json(resp).await;
    reverse_exactly_once(&app, &admin, &a["transfer_id"]).await;
    let pool = json(app.get(&li.client, "/api/v1/bank").await).await["pool_balance"].clone();
    assert_eq!(pool, 80, "back in the pool once");
    books_balance(&app).await;
}

/// An approved hour record's earning is given back by a reversal, once; approving the
/// record again earns nothing more and rejecting it now is refused.
#[tokio::test]
async fn an_hour_record_earning_is_given_back_once() {
    let b = board().await;
    let app = &b.app;
    let admin = app.login_as_admin().await;
    let li = volunteer(app, "李梅").await;
    let record = pending_hours(&b, &li, "法律援助").await;
    let approve = json!({"ids": [record], "approve": true});
    let resp = app
        .post(&b.reviewer.client, "/api/v1/review/hours", &approve)
        .await;
    assert_eq!(resp.status(), 200);
    let earned = json(resp).await[0]["transfer_id"].clone();
    assert_eq!(balance_of(app, li.id).await, 30);

    reverse_exactly_once(app, &admin, &earned).await;
    assert_eq!(balance_of(app, li.id).await, 0);
    let again = app
        .post(&b.reviewer.client, "/api/v1/review/hours", &approve)
        .await;
    assert_eq!(again.status(), 200);
    let reject = json!({"ids": [record], "approve": false, "reason": "重复登记"});
    let resp = app
        .post(&b.reviewer.client, "/api/v1/review/hours", &reject)
        .await;
    assert_eq!(resp.status(), 409);
    assert_eq!(
        balance_of(app, li.id).await,
        0,
        "taken back once, earned once"
    );
    // An award (no owner) is reversed the same way.
    let awarded = award(app, &admin, li.id, 60, "h-a").await;
    reverse_exactly_once(app, &admin, &awarded["id"]).await;
    assert_eq!(balance_of(app, li.id).await, 0);
    books_balance(app).await;
}

// ---- the ledger itself -----------------------------------------------------------------

/// Whatever a caller does, the ledger gives a transfer back once: a second undo under a
/// new key and of another kind is refused by `post_transfer`, and the table refuses a
/// second row for the same transfer even without asking first.
#[tokio::test]
async fn the_ledger_refuses_a_second_undo_by_any_path() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let li = app.resident("李梅").await;
    let earned = award(&app, &admin, li.id, 120, "l-1").await;
    let id = earned["id"].as_i64().unwrap();
    let undo = |kind, key: &str| Undo {
        original: id,
        kind,
        author: Some(admin.id),
        reason: "更正".into(),
        note: None,
        key: key.into(),
        manual: true,
        meta: json!({}),
        fingerprint: None,
    };
    let first = undo(TransferKind::Reverse, "l-undo-1");
    let first = app
        .db
        .write(move |tx| ledger::undo(tx, first, now()))
        .await
        .unwrap();
    let retry = undo(TransferKind::Reverse, "l-undo-1");
    let again = app
        .db
        .write(move |tx| ledger::undo(tx, retry, now()))
        .await
        .unwrap();
    assert!(again.replayed && again.transfer.id == first.transfer.id);
    let second = undo(TransferKind::Refund, "l-undo-2");
    let err = app
        .db
        .write(move |tx| ledger::undo(tx, second, now()))
        .await
        .unwrap_err();
    assert!(
        matches!(err, AppError::Refused(Reason::AlreadyUndone)),
        "{err:?}"
    );
    let other = award(&app, &admin, li.id, 60, "l-2").await["id"]
        .as_i64()
        .unwrap();
    let raw = app
        .db
        .write(move |tx| {
            let res = tx.execute(
                "INSERT INTO ledger_undos (undone_id, undo_id) VALUES (?1, ?2)",
                [id, other],
            );
            Ok(res.is_err_and(|e| is_unique_violation(&e)))
        })
        .await
        .unwrap();
    assert!(raw, "the primary key refuses a second undo row");
    assert_eq!(balance_of(&app, li.id).await, 10, "given back once");
    books_balance(&app).await;
}
