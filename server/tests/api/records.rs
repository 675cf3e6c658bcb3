//! Hours and records tell the truth: a zero-hour record is flagged and neither submitted
//! nor approved until corrected; a person's history names the project or the goods; the
//! volunteer record and its certificate say what the ledger says, and no certificate is
//! issued for no service.

use linli_app::i18n::{t, Lang, Msg};
use linli_server::store::{ledger as ledger_store, now};
use serde_json::{json, Value};

use crate::helpers::{assert_error, json, Person, TestApp};
use crate::projects::{board, mark, move_session, pending_hours, published, sign_up, volunteer};
use crate::shop::{checkout, item, kiosk, member_with_token};

const HOUR: i64 = 3600;

/// The request is refused with `status`, `code` and `msg`, worded in both languages.
async fn refused(
    app: &TestApp,
    client: &reqwest::Client,
    method: reqwest::Method,
    path: &str,
    body: &Value,
    (status, code, msg): (u16, &str, Msg),
) {
    for lang in Lang::ALL {
        let resp = client
            .request(method.clone(), app.url(path))
            .header("accept-language", lang.code())
            .json(body)
            .send()
            .await
            .expect("request");
        let err = assert_error(resp, status, code).await;
        assert_eq!(
            err["error"]["message"],
            t(lang, msg),
            "{path} in {}",
            lang.code()
        );
    }
}

/// A person's history as the store reads it (the member has no client of their own).
async fn history(app: &TestApp, user_id: i64) -> Vec<Value> {
    let items = app
        .db
        .read(move |c| {
            let account = ledger_store::account_of_user(c, user_id)?.unwrap();
            ledger_store::history(c, account.id, None, None, 20)
        })
        .await
        .unwrap();
    items
        .into_iter()
        .map(|i| serde_json::to_value(i).unwrap())
        .collect()
}

/// Checked out at the minute of check-in: a draft of zero hours, flagged; submitting the
/// session is refused in words until the leader corrects it (zero is no correction);
/// a pending record of zero hours (as older data may hold) is not approved either.
#[tokio::test]
async fn zero_hours_are_refused_until_corrected() {
    let b = board().await;
    let app = &b.app;
    let li = volunteer(app, "李梅").await;
    let (_, session) = published(&b, "社区清扫", now() + 86_400, 5).await;
    assert_eq!(sign_up(app, &li, session).await.status(), 201);
    let start = now() - 3 * HOUR;
    move_session(app, session, start).await;
    for action in ["check_in", "check_out"] {
        let resp = mark(&b, session, action, li.id, Some(start)).await;
        assert_eq!(resp.status(), 200, "{}", resp.text().await.unwrap());
    }
    let roster = json(
        app.get(
            &b.leader_a.client,
            &format!("/api/v1/sessions/{session}/roster"),
        )
        .await,
    )
    .await;
    let hours = &roster["entries"][0]["hours"];
    assert_eq!(hours["minutes"], 0);
    assert_eq!(hours["status"], "draft");
    let record = hours["id"].as_i64().unwrap();

    let submit = format!("/api/v1/sessions/{session}/hours/submit");
    let zero = (409, "conflict", Msg::ErrZeroHours);
    refused(
        app,
        &b.leader_a.client,
        reqwest::Method::POST,
        &submit,
        &json!({}),
        zero,
    )
    .await;
    let edit = format!("/api/v1/hours/{record}");
    refused(
        app,
        &b.leader_a.client,
        reqwest::Method::PATCH,
        &edit,
        &json!({"minutes": 0, "reason": "确认为零"}),
        (422, "validation", Msg::ErrZeroMinutes),
    )
    .await;
    let resp = app
        .patch(
            &b.leader_a.client,
            &edit,
            &json!({"minutes": 120, "reason": "补录：实际服务两小时"}),
        )
        .await;
    assert_eq!(json(resp).await["minutes"], 120);
    let resp = app.post(&b.leader_a.client, &submit, &json!({})).await;
    assert_eq!(json(resp).await[0]["status"], "pending");

    // A pending record of zero hours, written before the rule: the reviewer is told why.
    app.db
        .write(move |tx| {
            tx.execute(
                "UPDATE hour_records SET minutes = 0 WHERE id = ?1",
                [record],
            )?;
            Ok(())
        })
        .await
        .unwrap();
    let approve = json!({"ids": [record], "approve": true});
    refused(
        app,
        &b.reviewer.client,
        reqwest::Method::POST,
        "/api/v1/review/hours",
        &approve,
        zero,
    )
    .await;
    assert_eq!(app.balance(&li).await, 0);
    let reject = json!({"ids": [record], "approve": false, "reason": "时长为零"});
    let resp = app
        .post(&b.reviewer.client, "/api/v1/review/hours", &reject)
        .await;
    assert_eq!(json(resp).await[0]["status"], "rejected");
}

/// No certificate without approved service; once approved, the record, the certificate
/// and the history agree on the points and the history names the project; after an
/// administrator reverses the earning, the record and a new certificate say 0.
#[tokio::test]
async fn the_record_and_certificate_agree_with_the_ledger() {
    let b = board().await;
    let app = &b.app;
    let li = volunteer(app, "李梅").await;
    refused(
        app,
        &li.client,
        reqwest::Method::POST,
        "/api/v1/me/certificates",
        &json!({}),
        (409, "conflict", Msg::ErrNoServiceHours),
    )
    .await;

    let record = pending_hours(&b, &li, "法律援助").await;
    let decide = json!({"ids": [record], "approve": true});
    let resp = app
        .post(&b.reviewer.client, "/api/v1/review/hours", &decide)
        .await;
    assert_eq!(json(resp).await[0]["points"], 30);
    let page = json(app.get(&li.client, "/api/v1/me/points/history").await).await;
    let earn = &page["items"][0];
    assert_eq!(earn["kind"], "earn");
    assert_eq!(
        earn["about"],
        json!(["法律援助"]),
        "named, not a record number"
    );
    let rec = json(app.get(&li.client, "/api/v1/me/record").await).await;
    assert_eq!(rec["points_earned"], 30);
    assert_eq!(rec["projects"][0]["points"], 30);
    let cert = json(
        app.post(&li.client, "/api/v1/me/certificates", &json!({}))
            .await,
    )
    .await;
    assert_eq!(cert["facts"]["points_earned"], 30);
    assert_eq!(cert["facts"]["service_minutes"], 120);

    let admin = app.login_as_admin().await;
    let transfer = earn["transfer_id"].as_i64().unwrap();
    let resp = app
        .post(
            &admin.client,
            &format!("/api/v1/admin/points/transfers/{transfer}/reverse"),
            &json!({"reason": "重复记录"}),
        )
        .await;
    assert!(resp.status().is_success(), "{}", resp.text().await.unwrap());
    assert_eq!(app.balance(&li).await, 0);
    let page = json(app.get(&li.client, "/api/v1/me/points/history").await).await;
    assert_eq!(page["items"][0]["kind"], "reverse");
    assert_eq!(page["items"][0]["about"], json!(["法律援助"]));
    let rec = json(app.get(&li.client, "/api/v1/me/record").await).await;
    assert_eq!(
        rec["points_earned"], 0,
        "the record says what the ledger says"
    );
    assert_eq!(
        rec["service_minutes"], 120,
        "the service itself still happened"
    );
    let cert = json(
        app.post(&li.client, "/api/v1/me/certificates", &json!({}))
            .await,
    )
    .await;
    assert_eq!(cert["facts"]["points_earned"], 0);
}

/// A kiosk sale and its refund name the goods and how many.
#[tokio::test]
async fn history_names_the_goods() {
    let app = TestApp::spawn().await;
    let admin: Person = app.login_as_admin().await;
    let soap = item(
        &app,
        &admin,
        json!({"name": "香皂", "category": "日用品", "price": 30}),
        5,
    )
    .await;
    let rice = item(
        &app,
        &admin,
        json!({"name": "大米", "category": "粮油", "price": 20}),
        5,
    )
    .await;
    let k = kiosk(&app).await;
    let (uid, qr) = member_with_token(&app, &admin, "杨秀英", 100).await;
    let resp = checkout(
        &app,
        &k,
        &json!({"qr": qr, "idempotency_key": "names-1",
                "lines": [{"item_id": soap["id"], "quantity": 1},
                          {"item_id": rice["id"], "quantity": 2}]}),
    )
    .await;
    assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
    let receipt = json(resp).await;
    let mut goods = history(&app, uid).await[0]["about"].clone();
    goods.as_array_mut().unwrap().sort_by_key(|v| v.to_string());
    assert_eq!(goods, json!(["大米 × 2", "香皂 × 1"]));
    let order = &receipt["order_id"];
    let resp = app
        .post(
            &admin.client,
            &format!("/api/v1/admin/shop/orders/{order}/refund"),
            &json!({"reason": "商品破损"}),
        )
        .await;
    assert!(resp.status().is_success(), "{}", resp.text().await.unwrap());
    let items = history(&app, uid).await;
    assert_eq!(items[0]["kind"], "refund");
    assert_eq!(items[0]["about"].as_array().unwrap().len(), 2);
    // The allocation that gave the member points names nothing: its reason says it.
    assert_eq!(items.last().unwrap()["about"], json!([]));
}
