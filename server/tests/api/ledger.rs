//! The points ledger over HTTP: awards priced by the rules, adjustments, donations,
//! history and lots, reversal, rules versions, idempotency and the audit log.

use linli_server::ledger::{self, ApprovedHours, ServiceHours};
use linli_server::store::now;
use serde_json::{json, Value};

use crate::helpers::{assert_error, json, Person, TestApp};

/// Awards `minutes` of patrol to a person as the admin; returns the transfer detail.
pub async fn award(app: &TestApp, admin: &Person, user_id: i64, minutes: i64, key: &str) -> Value {
    let body = json!({
        "user_id": user_id, "activity": "patrol", "minutes": minutes,
        "reason": "巡逻核实", "idempotency_key": key,
    });
    let resp = app
        .post(&admin.client, "/api/v1/admin/points/award", &body)
        .await;
    assert_eq!(resp.status(), 201);
    json(resp).await
}

/// Gives a person `amount` points by a manual adjustment.
pub async fn grant_points(app: &TestApp, admin: &Person, user_id: i64, amount: i64, key: &str) {
    let body =
        json!({"user_id": user_id, "amount": amount, "reason": "测试充值", "idempotency_key": key});
    let resp = app
        .post(&admin.client, "/api/v1/admin/points/adjust", &body)
        .await;
    assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
}

async fn balance(app: &TestApp, p: &Person) -> i64 {
    json(app.get(&p.client, "/api/v1/me/points").await).await["balance"]
        .as_i64()
        .unwrap()
}

async fn assert_books_balance(app: &TestApp) {
    let broken = app.db.read(ledger::broken_invariants).await.unwrap();
    assert!(broken.is_empty(), "{broken:?}");
}

/// An award is priced by the current rules, records the rule version, opens a lot valid
/// to year end, and shows in the member's balance and history.
#[tokio::test]
async fn an_award_is_priced_by_the_rules_and_shows_in_history() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let li = app.resident("李梅").await;
    let body = json!({
        "user_id": li.id, "activity": "patrol", "minutes": 90, "multiplier": "night",
        "reason": "夜间巡逻 3 月 2 日", "idempotency_key": "a-1",
    });
    let resp = app
        .post(&admin.client, "/api/v1/admin/points/award", &body)
        .await;
    assert_eq!(resp.status(), 201);
    let t = json(resp).await;
    assert_eq!(t["kind"], "earn");
    assert_eq!(t["amount"], 30, "10/h × 1.5 h × 2");
    assert_eq!(t["rule_version"], 1);
    assert_eq!(
        t["manual"], true,
        "entered by an admin, not from an approved record"
    );
    assert_eq!(t["author_id"], admin.id);
    let postings = t["postings"].as_array().unwrap();
    assert_eq!(postings.len(), 2);
    assert_eq!(postings[0]["account_kind"], "issuance");
    assert_eq!(postings[0]["amount"], -30);
    assert_eq!(postings[1]["account_kind"], "member");
    assert_eq!(postings[1]["balance_after"], 30);

    assert_eq!(balance(&app, &li).await, 30);
    let summary = json(app.get(&li.client, "/api/v1/me/points").await).await;
    assert_eq!(summary["expiring"][0]["amount"], 30);
    let lots = json(app.get(&li.client, "/api/v1/me/points/lots").await).await;
    assert_eq!(lots[0]["remaining"], 30);
    assert!(lots[0]["expires_at"].as_i64().unwrap() > now());
    let history = json(app.get(&li.client, "/api/v1/me/points/history").await).await;
    assert_eq!(history["items"][0]["kind"], "earn");
    assert_eq!(history["items"][0]["amount"], 30);
    assert_eq!(history["items"][0]["counterparty"], "issuance");
    assert_eq!(history["next_cursor"], Value::Null);
    assert_books_balance(&app).await;
}

/// Caps trim an award to what is left of the day; at the cap it is refused.
#[tokio::test]
async fn the_daily_cap_trims_and_then_refuses_awards() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let li = app.resident("李梅").await;
    award(&app, &admin, li.id, 9 * 60, "c-1").await;
    let t = award(&app, &admin, li.id, 3 * 60, "c-2").await;
    assert_eq!(t["amount"], 10, "90 earned today, the cap is 100");
    let body = json!({
        "user_id": li.id, "activity": "patrol", "minutes": 60,
        "reason": "巡逻", "idempotency_key": "c-3",
    });
    let resp = app
        .post(&admin.client, "/api/v1/admin/points/award", &body)
        .await;
    assert_error(resp, 409, "conflict").await;
    assert_eq!(balance(&app, &li).await, 100);
}

/// Award input is checked: a reason is mandatory, activities must exist, people too.
#[tokio::test]
async fn awards_need_a_reason_a_known_activity_and_a_real_person() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let li = app.resident("李梅").await;
    let base = json!({
        "user_id": li.id, "activity": "patrol", "minutes": 60,
        "reason": "巡逻", "idempotency_key": "v-1",
    });
    let with = |k: &str, v: Value| {
        let mut b = base.clone();
        b[k] = v;
        b
    };
    let path = "/api/v1/admin/points/award";
    let r = assert_error(
        app.post(&admin.client, path, &with("reason", json!("  ")))
            .await,
        422,
        "validation",
    )
    .await;
    assert_eq!(r["error"]["field"], "reason");
    let r = assert_error(
        app.post(&admin.client, path, &with("activity", json!("karaoke")))
            .await,
        422,
        "validation",
    )
    .await;
    assert_eq!(r["error"]["field"], "activity");
    let r = assert_error(
        app.post(&admin.client, path, &with("minutes", json!(0)))
            .await,
        422,
        "validation",
    )
    .await;
    assert_eq!(r["error"]["field"], "minutes");
    assert_error(
        app.post(&admin.client, path, &with("user_id", json!(999_999)))
            .await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(balance(&app, &li).await, 0);
}

/// Retrying an award with the same key returns the first transfer; the same key with
/// other content is a 409 with a clear message.
#[tokio::test]
async fn the_same_key_replays_and_other_content_conflicts() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let li = app.resident("李梅").await;
    let first = award(&app, &admin, li.id, 60, "k-1").await;
    let again = award(&app, &admin, li.id, 60, "k-1").await;
    assert_eq!(first, again);
    assert_eq!(balance(&app, &li).await, 10);
    let body = json!({
        "user_id": li.id, "activity": "patrol", "minutes": 120,
        "reason": "巡逻核实", "idempotency_key": "k-1",
    });
    let resp = admin
        .client
        .post(app.url("/api/v1/admin/points/award"))
        .header("accept-language", "en")
        .json(&body)
        .send()
        .await
        .unwrap();
    let err = assert_error(resp, 409, "conflict").await;
    assert_eq!(
        err["error"]["message"],
        "This idempotency key was already used for a different request"
    );
    assert_eq!(balance(&app, &li).await, 10);
}

/// A donation moves points to the charity pool; an overspend is refused, not clamped.
#[tokio::test]
async fn donations_spend_and_overspends_are_refused() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let li = app.resident("李梅").await;
    grant_points(&app, &admin, li.id, 50, "g-1").await;
    let d = app
        .post(
            &li.client,
            "/api/v1/me/points/donate",
            &json!({"amount": 20, "idempotency_key": "d-1"}),
        )
        .await;
    assert_eq!(d.status(), 201);
    assert!(d.headers().get("idempotent-replayed").is_none());
    let receipt = json(d).await;
    assert_eq!(receipt["kind"], "donate");
    assert_eq!(receipt["amount"], -20);
    assert_eq!(receipt["balance_after"], 30);
    assert_eq!(receipt["counterparty"], "charity_pool");

    let replay = app
        .post(
            &li.client,
            "/api/v1/me/points/donate",
            &json!({"amount": 20, "idempotency_key": "d-1"}),
        )
        .await;
    assert_eq!(replay.status(), 201);
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    assert_eq!(json(replay).await, receipt);

    let over = app
        .post(
            &li.client,
            "/api/v1/me/points/donate",
            &json!({"amount": 31, "idempotency_key": "d-2"}),
        )
        .await;
    let err = assert_error(over, 409, "conflict").await;
    assert_eq!(err["error"]["message"], "积分余额不足");
    let zero = app
        .post(
            &li.client,
            "/api/v1/me/points/donate",
            &json!({"amount": 0, "idempotency_key": "d-3"}),
        )
        .await;
    assert_error(zero, 422, "validation").await;
    assert_eq!(balance(&app, &li).await, 30);
    assert_books_balance(&app).await;
}

/// A negative adjustment cannot take a member below zero.
#[tokio::test]
async fn a_negative_adjustment_cannot_go_below_zero() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let li = app.resident("李梅").await;
    grant_points(&app, &admin, li.id, 10, "g-1").await;
    let body = json!({"user_id": li.id, "amount": -11, "reason": "更正", "idempotency_key": "n-1"});
    assert_error(
        app.post(&admin.client, "/api/v1/admin/points/adjust", &body)
            .await,
        409,
        "conflict",
    )
    .await;
    let body = json!({"user_id": li.id, "amount": -10, "reason": "更正", "idempotency_key": "n-2"});
    let t = json(
        app.post(&admin.client, "/api/v1/admin/points/adjust", &body)
            .await,
    )
    .await;
    assert_eq!(t["kind"], "adjust");
    assert_eq!(t["manual"], true);
    assert_eq!(balance(&app, &li).await, 0);
}

/// Reversing moves the amount back and links both ways; a second reversal and reversing
/// a reversal are refused; spent points cannot be reversed away.
#[tokio::test]
async fn reversals_undo_once_and_link_both_ways() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let li = app.resident("李梅").await;
    let earn = award(&app, &admin, li.id, 120, "r-1").await;
    let id = earn["id"].as_i64().unwrap();
    let path = format!("/api/v1/admin/points/transfers/{id}/reverse");
    assert_error(
        app.post(&admin.client, &path, &json!({"reason": ""})).await,
        422,
        "validation",
    )
    .await;
    let rev = app
        .post(&admin.client, &path, &json!({"reason": "重复登记"}))
        .await;
    assert_eq!(rev.status(), 201);
    let rev = json(rev).await;
    assert_eq!(rev["kind"], "reverse");
    assert_eq!(rev["reverses_id"], id);
    assert_eq!(rev["amount"], 20);
    assert_eq!(balance(&app, &li).await, 0);
    let same = json(
        app.post(&admin.client, &path, &json!({"reason": "重复登记"}))
            .await,
    )
    .await;
    assert_eq!(same["id"], rev["id"], "the same reversal again is a replay");
    assert_error(
        app.post(&admin.client, &path, &json!({"reason": "再来一次"}))
            .await,
        409,
        "conflict",
    )
    .await;
    let rev_path = format!("/api/v1/admin/points/transfers/{}/reverse", rev["id"]);
    assert_error(
        app.post(&admin.client, &rev_path, &json!({"reason": "撤销冲正"}))
            .await,
        409,
        "conflict",
    )
    .await;
    let original = json(
        app.get(
            &admin.client,
            &format!("/api/v1/admin/points/transfers/{id}"),
        )
        .await,
    )
    .await;
    assert_eq!(original["reversed_by_id"], rev["id"]);

    // Points already donated cannot be taken back by reversing their earn.
    let earn = award(&app, &admin, li.id, 60, "r-2").await;
    let d = app
        .post(
            &li.client,
            "/api/v1/me/points/donate",
            &json!({"amount": 5, "idempotency_key": "r-d"}),
        )
        .await;
    assert_eq!(d.status(), 201);
    let path = format!("/api/v1/admin/points/transfers/{}/reverse", earn["id"]);
    assert_error(
        app.post(&admin.client, &path, &json!({"reason": "撤销"}))
            .await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(balance(&app, &li).await, 5);
    assert_books_balance(&app).await;
}

/// History pages with a keyset cursor and filters by type.
#[tokio::test]
async fn history_pages_by_cursor_and_filters_by_type() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let li = app.resident("李梅").await;
    grant_points(&app, &admin, li.id, 100, "h-0").await;
    for i in 0..5 {
        let d = app
            .post(
                &li.client,
                "/api/v1/me/points/donate",
                &json!({"amount": 1, "idempotency_key": format!("h-{}", i + 1)}),
            )
            .await;
        assert_eq!(d.status(), 201);
    }
    let p1 = json(
        app.get(&li.client, "/api/v1/me/points/history?limit=4")
            .await,
    )
    .await;
    assert_eq!(p1["items"].as_array().unwrap().len(), 4);
    let cursor = p1["next_cursor"].as_i64().unwrap();
    let p2 = json(
        app.get(
            &li.client,
            &format!("/api/v1/me/points/history?limit=4&after={cursor}"),
        )
        .await,
    )
    .await;
    let items = p2["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[1]["kind"], "adjust");
    assert_eq!(p2["next_cursor"], Value::Null);
    let donations = json(
        app.get(&li.client, "/api/v1/me/points/history?type=donate")
            .await,
    )
    .await;
    assert_eq!(donations["items"].as_array().unwrap().len(), 5);
    assert_error(
        app.get(&li.client, "/api/v1/me/points/history?type=theft")
            .await,
        400,
        "bad_request",
    )
    .await;
    assert_error(
        app.get(&li.client, "/api/v1/me/points/history?limit=0")
            .await,
        422,
        "validation",
    )
    .await;
}

/// Editing the rules makes a new version; old versions are kept; new awards use the new
/// version, and the rules are published to members.
#[tokio::test]
async fn rules_are_versioned_and_new_awards_use_the_new_version() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let li = app.resident("李梅").await;
    let mut current = json(app.get(&li.client, "/api/v1/points/rules").await).await;
    assert_eq!(current["version"], 1);
    current["rules"]["activities"][0]["points_per_hour"] = json!(20);
    current["rules"]["validity"] = json!({"kind": "days", "days": 90});
    let put = |body: Value| {
        admin
            .client
            .put(app.url("/api/v1/admin/points/rules"))
            .json(&body)
            .send()
    };
    let bad = put(json!({"rules": current["rules"], "reason": ""}))
        .await
        .unwrap();
    assert_error(bad, 422, "validation").await;
    let v2 = json(
        put(json!({"rules": current["rules"], "reason": "提高巡逻积分"}))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(v2["version"], 2);
    let versions = json(
        app.get(&admin.client, "/api/v1/admin/points/rules/versions")
            .await,
    )
    .await;
    assert_eq!(versions.as_array().unwrap().len(), 2);
    let t = award(&app, &admin, li.id, 60, "v2-1").await;
    assert_eq!(t["amount"], 20);
    assert_eq!(t["rule_version"], 2);
    let lots = json(app.get(&li.client, "/api/v1/me/points/lots").await).await;
    let expires = lots[0]["expires_at"].as_i64().unwrap();
    assert!((expires - now() - 90 * 86_400).abs() < 60);
}

/// Lots lapse at their expiry as `expire` transfers; what was spent is untouched.
#[tokio::test]
async fn expiry_lapses_only_what_is_left() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let li = app.resident("李梅").await;
    award(&app, &admin, li.id, 120, "e-1").await;
    let d = app
        .post(
            &li.client,
            "/api/v1/me/points/donate",
            &json!({"amount": 15, "idempotency_key": "e-d"}),
        )
        .await;
    assert_eq!(d.status(), 201);
    let lots = json(app.get(&li.client, "/api/v1/me/points/lots").await).await;
    let expires = lots[0]["expires_at"].as_i64().unwrap();
    let lapsed = app
        .db
        .write(move |tx| ledger::expire_due(tx, expires, 100))
        .await
        .unwrap();
    assert_eq!(lapsed, 1);
    assert_eq!(balance(&app, &li).await, 0);
    let history = json(app.get(&li.client, "/api/v1/me/points/history").await).await;
    assert_eq!(history["items"][0]["kind"], "expire");
    assert_eq!(
        history["items"][0]["amount"], -5,
        "only the unspent 5 lapse"
    );
    let pool = json(
        app.get(&admin.client, "/api/v1/admin/points/accounts")
            .await,
    )
    .await;
    let pool = pool
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "charity_pool")
        .unwrap()
        .clone();
    assert_eq!(pool["balance"], 15, "donated points stay donated");
    let again = ledger::expiry::run(&app.db, expires + 86_400)
        .await
        .unwrap();
    assert_eq!(again, 0, "nothing lapses twice");
    assert_books_balance(&app).await;
}

/// Admins find accounts by name or phone; every transfer and rules edit is in the audit log.
#[tokio::test]
async fn accounts_are_searchable_and_transfers_are_audited() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let li = app.resident("李梅").await;
    grant_points(&app, &admin, li.id, 7, "s-1").await;
    let found = json(
        app.get(&admin.client, "/api/v1/admin/points/accounts?q=%E6%9D%8E")
            .await,
    )
    .await;
    let found = found.as_array().unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["user_id"], li.id);
    assert_eq!(found[0]["balance"], 7);
    let by_phone = json(
        app.get(
            &admin.client,
            &format!("/api/v1/admin/points/accounts?q={}", &li.phone[5..]),
        )
        .await,
    )
    .await;
    assert_eq!(by_phone[0]["user_id"], li.id);
    let account = found[0]["id"].as_i64().unwrap();
    let h = json(
        app.get(
            &admin.client,
            &format!("/api/v1/admin/points/accounts/{account}/history"),
        )
        .await,
    )
    .await;
    assert_eq!(h["items"][0]["amount"], 7);

    let audit = json(
        app.get(&admin.client, "/api/v1/admin/audit?action=points.&limit=1")
            .await,
    )
    .await;
    let entry = &audit["items"][0];
    assert_eq!(entry["action"], "points.adjust");
    assert_eq!(entry["actor_id"], admin.id);
    assert_eq!(entry["actor_name"], "总管理员");
    assert_eq!(entry["detail"]["amount"], 7);
    assert_eq!(entry["detail"]["reason"], "测试充值");
    assert!(audit["next_cursor"].is_i64());
}

/// An approved hour record earns exactly once, priced by the rules and not flagged as
/// manual; calling again (a retried approval) returns the first transfer.
#[tokio::test]
async fn an_approved_hour_record_earns_exactly_once() {
    let app = TestApp::spawn().await;
    let reviewer = app.login_as_admin().await;
    let li = app.resident("李梅").await;
    let record = ApprovedHours {
        record_id: 42,
        hours: ServiceHours {
            user_id: li.id,
            activity: "clinic".into(),
            minutes: 120,
            multiplier: None,
            served_at: now(),
        },
        approved_by: reviewer.id,
        project: "义诊".into(),
    };
    let r = record.clone();
    let first = app
        .db
        .write(move |tx| ledger::earn_for_approved_hours(tx, &r, now()))
        .await
        .unwrap();
    let again = app
        .db
        .write(move |tx| ledger::earn_for_approved_hours(tx, &record, now() + 60))
        .await
        .unwrap();
    assert!(!first.replayed && again.replayed);
    assert_eq!(first.transfer, again.transfer);
    assert_eq!(first.transfer.amount, 30, "15/h for two hours");
    assert!(!first.transfer.manual);
    assert_eq!(first.transfer.rule_version, Some(1));
    assert_eq!(first.transfer.idempotency_key, "hours:42");
    assert_eq!(balance(&app, &li).await, 30);
    assert_books_balance(&app).await;
}

/// Every points endpoint is in the OpenAPI document.
#[tokio::test]
async fn every_points_endpoint_is_in_the_openapi_document() {
    let app = TestApp::spawn().await;
    let doc = json(app.get(&app.client, "/api/v1/openapi.json").await).await;
    let ops = [
        ("get", "/api/v1/me/points"),
        ("get", "/api/v1/me/points/history"),
        ("get", "/api/v1/me/points/lots"),
        ("post", "/api/v1/me/points/donate"),
        ("get", "/api/v1/points/rules"),
        ("put", "/api/v1/admin/points/rules"),
        ("get", "/api/v1/admin/points/rules/versions"),
        ("post", "/api/v1/admin/points/award"),
        ("post", "/api/v1/admin/points/adjust"),
        ("get", "/api/v1/admin/points/accounts"),
        ("get", "/api/v1/admin/points/accounts/{id}/history"),
        ("get", "/api/v1/admin/points/transfers/{id}"),
        ("post", "/api/v1/admin/points/transfers/{id}/reverse"),
        ("get", "/api/v1/admin/audit"),
    ];
    for (method, path) in ops {
        let op = &doc["paths"][path][method];
        assert!(op.is_object(), "{method} {path} documented");
        assert!(
            op["responses"]["401"].is_object(),
            "{method} {path} documents 401"
        );
    }
    let history = &doc["paths"]["/api/v1/me/points/history"]["get"]["parameters"];
    let names: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["type", "after", "limit"]);
}

/// The demo points give every volunteer a balance and a history, and the books balance.
#[tokio::test]
async fn demo_points_give_volunteers_balances_and_history() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let mut people = Vec::new();
    for name in ["刘芳", "陈伟", "杨秀英", "赵磊", "黄丽"] {
        people.push(app.resident(name).await);
    }
    let ids: Vec<i64> = people.iter().map(|p| p.id).collect();
    let admin_id = admin.id;
    app.db
        .write(move |tx| ledger::demo::seed_points(tx, admin_id, &ids, now()))
        .await
        .unwrap();
    for p in &people {
        assert!(balance(&app, p).await > 0);
        let h = json(app.get(&p.client, "/api/v1/me/points/history").await).await;
        assert!(h["items"].as_array().unwrap().len() >= 2);
    }
    assert_books_balance(&app).await;
}

/// The database itself refuses to edit or delete transfers, postings, lots or rules, to
/// take a member below zero, and to record a posting that does not move the balance.
#[tokio::test]
async fn the_database_refuses_edits_deletes_and_negative_member_balances() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let li = app.resident("李梅").await;
    grant_points(&app, &admin, li.id, 10, "g-1").await;
    let body = json!({"amount": 3, "idempotency_key": "d-1"});
    let d = app
        .post(&li.client, "/api/v1/me/points/donate", &body)
        .await;
    assert_eq!(d.status(), 201, "a donation, so there are lot draws");
    app.db
        .write(|tx| {
            for sql in [
                "UPDATE ledger_transfers SET amount = 1",
                "DELETE FROM ledger_transfers",
                "UPDATE ledger_postings SET amount = 1",
                "DELETE FROM ledger_postings",
                "DELETE FROM ledger_lots",
                "UPDATE ledger_lots SET amount = 99",
                "DELETE FROM ledger_lot_draws",
                "UPDATE earning_rules SET reason = 'x'",
                "DELETE FROM earning_rules",
                "DELETE FROM ledger_accounts",
                "UPDATE ledger_accounts SET balance = -1 WHERE kind = 'member'",
                "UPDATE ledger_accounts SET balance = -1 WHERE kind = 'charity_pool'",
                "INSERT INTO ledger_postings (transfer_id, account_id, amount, balance_after)
                 SELECT MAX(id), (SELECT id FROM ledger_accounts WHERE kind = 'shop'), 5, 5
                 FROM ledger_transfers",
            ] {
                assert!(tx.execute(sql, []).is_err(), "refused: {sql}");
            }
            Ok(())
        })
        .await
        .unwrap();
    assert_eq!(balance(&app, &li).await, 7);
    assert_books_balance(&app).await;
}

/// The audit log names each entry's subject and filters by person (who acted or was
/// acted on, a transfer counting for the member it touches), by kind and by days.
#[tokio::test]
async fn the_audit_log_names_subjects_and_filters_by_person_kind_and_days() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let li = app.resident("李梅").await;
    let wang = app.resident("王强").await;
    grant_points(&app, &admin, li.id, 7, "audit-li").await;
    grant_points(&app, &admin, wang.id, 5, "audit-wang").await;
    let page = |q: String| {
        let (app, admin) = (&app, &admin);
        async move {
            json(
                app.get(&admin.client, &format!("/api/v1/admin/audit?{q}"))
                    .await,
            )
            .await
        }
    };
    let items = |v: &Value| v["items"].as_array().unwrap().clone();

    let all = items(&page("kind=points".into()).await);
    assert_eq!(all.len(), 2);
    assert!(all.iter().all(|e| e["action"] == "points.adjust"));
    assert_eq!(
        all[0]["subject_name"], "王强",
        "a transfer names its member"
    );
    assert_eq!(all[1]["subject_name"], "李梅");

    let mine = items(&page("person=李梅".into()).await);
    assert!(!mine.is_empty());
    assert!(mine.iter().all(|e| e["subject_name"] == "李梅"), "{mine:?}");
    let by_phone = items(&page(format!("person={}", li.phone)).await);
    assert_eq!(by_phone, mine);
    let as_actor = items(&page("person=总管理员&kind=points".into()).await);
    assert_eq!(as_actor.len(), 2, "the admin made both");

    let people = items(&page("kind=people".into()).await);
    assert!(people
        .iter()
        .all(|e| !e["action"].as_str().unwrap().starts_with("points.")));

    let today = linli_app::clock::day_key(now());
    let yesterday = linli_app::clock::day_key(now() - 86_400);
    assert_eq!(
        items(&page(format!("kind=points&from={today}&to={today}")).await).len(),
        2
    );
    assert!(items(&page(format!("to={yesterday}")).await).is_empty());

    // Keyset paging still walks the filtered list.
    let first = page("kind=points&limit=1".into()).await;
    let after = first["next_cursor"].as_i64().unwrap();
    let second = items(&page(format!("kind=points&limit=1&after={after}")).await);
    assert_eq!(second[0]["subject_name"], "李梅");

    let resp = app
        .get(&admin.client, "/api/v1/admin/audit?from=2026-13-40")
        .await;
    let body = assert_error(resp, 422, "validation").await;
    assert_eq!(body["error"]["field"], "from");
    let resp = app
        .get(
            &admin.client,
            &format!("/api/v1/admin/audit?from={today}&to={yesterday}"),
        )
        .await;
    let body = assert_error(resp, 422, "validation").await;
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains('年') && !message.contains("00000"),
        "{message}"
    );
    assert_error(
        app.get(&admin.client, "/api/v1/admin/audit?kind=points.adjust")
            .await,
        400,
        "bad_request",
    )
    .await;
}
