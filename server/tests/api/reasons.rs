//! Refusals carry their reason on the wire (`error.reason`), the same in every language;
//! only the message is worded in the caller's.

use linli_server::cards;
use linli_server::store::now;
use serde_json::{json, Value};

use crate::helpers::{json, TestApp};
use crate::projects::{board, volunteer};
use crate::shop::{item, kiosk, member_with_token};

/// Sends the request in `lang`; the status and the JSON error.
async fn send_in(req: reqwest::RequestBuilder, lang: &str) -> (u16, Value) {
    let resp = req.header("accept-language", lang).send().await.unwrap();
    (resp.status().as_u16(), json(resp).await)
}

/// Asserts the refusal in both languages: one status, code and reason, two messages.
async fn refused_in_both(
    req: impl Fn() -> reqwest::RequestBuilder,
    (status, code, reason): (u16, &str, &str),
    zh: &str,
    en: &str,
) {
    for (lang, message) in [("zh-CN", zh), ("en", en)] {
        let (got, body) = send_in(req(), lang).await;
        assert_eq!(got, status, "{lang}: {body}");
        assert_eq!(body["error"]["code"], code, "{lang}: {body}");
        assert_eq!(body["error"]["reason"], reason, "{lang}: {body}");
        assert_eq!(body["error"]["message"], message, "{lang}: {body}");
    }
}

#[tokio::test]
async fn a_checkout_without_enough_points_and_a_blocked_card_say_why() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let k = kiosk(&app).await;
    let soap = json!({"name": "香皂", "category": "日用品", "price": 30});
    let s = item(&app, &admin, soap, 5).await;
    let (_, poor_qr) = member_with_token(&app, &admin, "赵磊", 40).await;
    for (lang, message) in [("zh-CN", "积分余额不足"), ("en", "Not enough points")] {
        let body = json!({"qr": poor_qr, "idempotency_key": format!("poor-{lang}"),
                          "lines": [{"item_id": s["id"], "quantity": 2}]});
        let req = k.client.post(app.url("/api/v1/kiosk/checkout")).json(&body);
        let (status, body) = send_in(req, lang).await;
        assert_eq!(status, 409, "{body}");
        assert_eq!(body["error"]["code"], "conflict");
        assert_eq!(body["error"]["reason"], "insufficient_points");
        assert_eq!(body["error"]["message"], message);
    }

    let (uid, qr) = member_with_token(&app, &admin, "吴静", 100).await;
    let admin_id = admin.id;
    app.db
        .write(move |tx| {
            cards::change(tx, admin_id, uid, cards::CardAction::Block, "挂失", now())?;
            Ok(())
        })
        .await
        .unwrap();
    refused_in_both(
        || {
            k.client
                .post(app.url("/api/v1/cards/verify"))
                .json(&json!({"qr": qr}))
        },
        (409, "conflict", "card_blocked"),
        "这张积分卡已挂失停用，请联系管理员",
        "This card is blocked; please contact an administrator",
    )
    .await;

    refused_in_both(
        || k.client.get(app.url("/api/v1/shop/barcode/0000000000000")),
        (404, "not_found", "no_item_with_barcode"),
        "找不到该内容",
        "Not found",
    )
    .await;
}

#[tokio::test]
async fn a_full_course_says_so() {
    let b = board().await;
    let app = &b.app;
    let first = now() + 2 * 86_400;
    let course = json!({
        "node_id": b.team_a, "title": "急救培训", "trainer": "红十字会", "topics": ["急救常识"],
        "place": "社区服务中心", "capacity": 1,
        "sessions": [{"starts_at": first, "ends_at": first + 3600}],
    });
    let resp = app
        .post(&b.leader_a.client, "/api/v1/trainings", &course)
        .await;
    assert_eq!(resp.status(), 201);
    let path = format!("/api/v1/trainings/{}/enrolment", json(resp).await["id"]);
    let early = volunteer(app, "早到").await;
    assert_eq!(
        app.post(&early.client, &path, &json!({})).await.status(),
        201
    );
    let late = volunteer(app, "晚到").await;
    refused_in_both(
        || late.client.post(app.url(&path)).json(&json!({})),
        (409, "conflict", "training_full"),
        "该培训名额已满",
        "This course is full",
    )
    .await;
}

/// A refusal that is only its code's generic answer carries no reason.
#[tokio::test]
async fn a_generic_refusal_has_no_reason() {
    let app = TestApp::spawn().await;
    let resp = app.get(&app.client, "/api/v1/me").await;
    assert_eq!(resp.status(), 401);
    let body = json(resp).await;
    assert_eq!(body["error"]["code"], "unauthenticated");
    assert!(body["error"].get("reason").is_none(), "{body}");
}

/// The OpenAPI document names every reason a client may branch on.
#[tokio::test]
async fn the_reasons_are_in_the_openapi_document() {
    let app = TestApp::spawn().await;
    let doc = json(app.get(&app.client, "/api/v1/openapi.json").await).await;
    let schemas = &doc["components"]["schemas"];
    assert!(
        schemas["ErrorDetail"]["properties"]["reason"].is_object(),
        "{}",
        schemas["ErrorDetail"]
    );
    let listed = schemas["Reason"]["enum"]
        .as_array()
        .expect("Reason is an enum");
    for reason in linli_app::api::Reason::ALL {
        let wire = serde_json::to_value(reason).unwrap();
        assert!(listed.contains(&wire), "{wire} is not documented");
    }
}
