//! What the server writes a transfer for is a typed note, not a sentence: approved hours,
//! a kiosk checkout and a fee offset (and its rejection) carry theirs on every history
//! line and transfer, and read in English for an English reader (no record number).

use linli_app::api::ledger::TransferNote;
use linli_app::i18n::Lang;
use linli_app::ledger::transfer_reason_text;
use serde_json::{json, Value};

use crate::bank::{property, request_offset};
use crate::helpers::{json, Person, TestApp};
use crate::ledger::grant_points;
use crate::projects::{board, pending_hours, volunteer};
use crate::shop::{checkout, item, kiosk, member_with_token};

/// GET in English.
async fn get_en(app: &TestApp, who: &Person, path: &str) -> Value {
    let resp = who
        .client
        .get(app.url(path))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200, "{path}");
    json(resp).await
}

/// A history line's or transfer's reason as an English reader reads it.
fn in_english(line: &Value) -> String {
    let note: Option<TransferNote> = serde_json::from_value(line["note"].clone()).unwrap();
    transfer_reason_text(Lang::En, note.as_ref(), line["reason"].as_str().unwrap())
}

#[tokio::test]
async fn server_written_transfers_carry_a_note_read_in_the_readers_language() {
    let b = board().await;
    let app = &b.app;
    let admin = app.login_as_admin().await;

    // Approved hours: the project and the day, no record number.
    let li = volunteer(app, "李梅").await;
    let record = pending_hours(&b, &li, "法律援助").await;
    let decide = json!({"ids": [record], "approve": true});
    let resp = app
        .post(&b.reviewer.client, "/api/v1/review/hours", &decide)
        .await;
    assert_eq!(resp.status(), 200);
    let page = get_en(app, &li, "/api/v1/me/points/history").await;
    let earn = &page["items"][0];
    assert_eq!(earn["kind"], "earn");
    assert_eq!(earn["note"]["kind"], "hours_approved");
    assert_eq!(earn["note"]["project"], "法律援助");
    let en = in_english(earn);
    assert!(en.starts_with("Service hours approved: 法律援助 ("), "{en}");
    let reason = earn["reason"].as_str().unwrap();
    assert!(reason.starts_with("服务时长审核通过：法律援助"), "{reason}");
    assert!(
        !reason.contains('#') && !reason.contains("记录"),
        "{reason}"
    );

    // A kiosk checkout, seen by an administrator reading English.
    let soap = item(
        app,
        &admin,
        json!({"name": "香皂", "category": "日用品", "price": 30}),
        5,
    )
    .await;
    let k = kiosk(app).await;
    let (_, qr) = member_with_token(app, &admin, "杨秀英", 100).await;
    let resp = checkout(
        app,
        &k,
        &json!({"qr": qr, "idempotency_key": "notes-1",
                "lines": [{"item_id": soap["id"], "quantity": 1}]}),
    )
    .await;
    assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
    let paid = json(resp).await["transfer_id"].as_i64().unwrap();
    let detail = get_en(
        app,
        &admin,
        &format!("/api/v1/admin/points/transfers/{paid}"),
    )
    .await;
    assert_eq!(detail["note"], json!({"kind": "shop_redeem"}));
    assert_eq!(in_english(&detail), "Bought at the community shop");
    assert_eq!(
        detail["reason"], "积分超市兑换",
        "the stored sentence, as before"
    );

    // A fee offset and its rejection, for a resident who reads English.
    let meilin = property(app, &admin, "梅林物业", 10).await;
    grant_points(app, &admin, li.id, 200, "notes-g").await;
    let resp = app
        .patch(&li.client, "/api/v1/me", &json!({"lang": "en"}))
        .await;
    assert_eq!(resp.status(), 200);
    let resp = request_offset(
        app,
        &li,
        json!({"company_id": meilin.company, "month": "2026-03", "unit": "3栋501",
               "points": 100, "idempotency_key": "notes-o"}),
    )
    .await;
    assert_eq!(resp.status(), 201);
    let offset = json(resp).await;
    let page = json(app.get(&li.client, "/api/v1/me/points/history").await).await;
    let line = &page["items"][0];
    assert_eq!(line["kind"], "fee_offset");
    assert_eq!(
        line["note"],
        json!({"kind": "fee_offset", "month": "2026-03", "company": "梅林物业"})
    );
    assert_eq!(
        in_english(line),
        "Property fee offset for Mar 2026 (梅林物业)"
    );
    let reject = format!("/api/v1/property/fee-offsets/{}/reject", offset["id"]);
    let resp = app
        .post(
            &meilin.staff.client,
            &reject,
            &json!({"reason": "房号不符"}),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let page = json(app.get(&li.client, "/api/v1/me/points/history").await).await;
    let back = &page["items"][0];
    assert_eq!(back["kind"], "reverse");
    assert_eq!(
        back["note"],
        json!({"kind": "fee_offset_rejected", "reason": "房号不符"})
    );
    assert_eq!(in_english(back), "Property fee offset rejected: 房号不符");
    assert_eq!(back["reason"], "物业费抵扣被驳回：房号不符");

    // A line a person wrote the reason of has no note.
    let grant = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "adjust")
        .unwrap();
    assert_eq!(grant["note"], Value::Null);
    assert_eq!(in_english(grant), "测试充值");

    // The transfers export words the notes in its reader's language.
    let resp = app
        .patch(&admin.client, "/api/v1/me", &json!({"lang": "en"}))
        .await;
    assert_eq!(resp.status(), 200);
    let root = app.org_root().await;
    let resp = app
        .get(
            &admin.client,
            &format!("/api/v1/exports/transfers?node_id={root}"),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let csv = resp.text().await.unwrap();
    for said in [
        "Service hours approved: 法律援助 (",
        "Bought at the community shop",
        "Property fee offset for Mar 2026 (梅林物业)",
        "Property fee offset rejected: 房号不符",
        "测试充值",
    ] {
        assert!(csv.contains(said), "{said} in {csv}");
    }
    assert!(!csv.contains("积分超市兑换"), "{csv}");
}
