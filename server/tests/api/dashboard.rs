//! The administrators' dashboard over HTTP: low-stock alerts right after stock runs low,
//! today's shop figures, the review queues an admin may act on, and who may ask.

use linli_app::roles::Role;
use linli_server::store::now;
use serde_json::{json, Value};

use crate::helpers::{assert_error, json, TestApp};
use crate::projects::{board, pending_hours, project_body, volunteer};
use crate::shop::{checkout, item, kiosk, member_with_token};

const DAY: i64 = 86_400;

async fn dashboard(app: &TestApp, client: &reqwest::Client, query: &str) -> Value {
    let resp = app
        .get(client, &format!("/api/v1/admin/dashboard{query}"))
        .await;
    assert_eq!(resp.status(), 200);
    json(resp).await
}

fn alert_ids(d: &Value) -> Vec<i64> {
    d["low_stock"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_i64().unwrap())
        .collect()
}

/// Stock running low shows at once, out of stock first; a sale counts today and can
/// push an item under the threshold; the threshold is the caller's to set.
#[tokio::test]
async fn low_stock_and_todays_shop_show_as_soon_as_they_happen() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let d = dashboard(&app, &admin.client, "").await;
    assert_eq!(d["low_stock_threshold"], 5);
    assert!(alert_ids(&d).is_empty());
    assert_eq!(d["orders_today"], 0);

    let plenty = item(
        &app,
        &admin,
        json!({"name": "香皂", "category": "日用品", "price": 30}),
        20,
    )
    .await;
    let few = item(
        &app,
        &admin,
        json!({"name": "牙膏", "category": "日用品", "price": 40}),
        6,
    )
    .await;
    let none = item(
        &app,
        &admin,
        json!({"name": "洗衣液", "category": "日用品", "price": 230}),
        0,
    )
    .await;
    let hidden = item(
        &app,
        &admin,
        json!({"name": "旧书包", "category": "学习用品", "price": 260}),
        1,
    )
    .await;
    let r = app
        .patch(
            &admin.client,
            &format!("/api/v1/admin/shop/items/{}", hidden["id"]),
            &json!({"active": false}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());

    let d = dashboard(&app, &admin.client, "").await;
    assert_eq!(
        alert_ids(&d),
        [none["id"].as_i64().unwrap()],
        "inactive items never alert"
    );
    assert_eq!(d["low_stock"][0]["stock"], 0);
    assert_eq!(d["low_stock"][0]["name"], "洗衣液");

    // A kiosk sale takes 牙膏 from 6 to 4: now low, after the empty shelf.
    let k = kiosk(&app).await;
    let (_, qr) = member_with_token(&app, &admin, "周杰", 500).await;
    let body = json!({"qr": qr, "idempotency_key": "dash-1",
                      "lines": [{"item_id": few["id"], "quantity": 2}]});
    assert_eq!(checkout(&app, &k, &body).await.status(), 201);

    let d = dashboard(&app, &admin.client, "").await;
    assert_eq!(
        alert_ids(&d),
        [none["id"].as_i64().unwrap(), few["id"].as_i64().unwrap()]
    );
    assert_eq!(d["low_stock"][1]["stock"], 4);
    assert_eq!(d["orders_today"], 1);
    assert_eq!(d["items_out_today"], 2);
    assert_eq!(d["points_redeemed_today"], 80);
    assert_eq!(d["refunded_today"], 0);
    assert_eq!(d["day"].as_str().unwrap().len(), 10);

    // A higher threshold takes in 香皂; zero leaves only the empty shelf.
    let d = dashboard(&app, &admin.client, "?threshold=20").await;
    assert_eq!(alert_ids(&d).len(), 3);
    assert_eq!(d["low_stock"][2]["id"], plenty["id"]);
    let d = dashboard(&app, &admin.client, "?threshold=0").await;
    assert_eq!(alert_ids(&d), [none["id"].as_i64().unwrap()]);
    for bad in ["?threshold=-1", "?threshold=10001"] {
        let r = app
            .get(&admin.client, &format!("/api/v1/admin/dashboard{bad}"))
            .await;
        assert_error(r, 422, "validation").await;
    }
    let r = app
        .get(&admin.client, "/api/v1/admin/dashboard?threshold=many")
        .await;
    assert_error(r, 400, "bad_request").await;
}

/// Review counts are the admin's own reach: a global admin sees every pending hour
/// record and submitted project; an admin of another team sees none of them.
#[tokio::test]
async fn review_counts_are_within_the_admins_reach() {
    let b = board().await;
    let app = &b.app;
    let admin = app.login_as_admin().await;
    let d = dashboard(app, &admin.client, "").await;
    assert_eq!(
        (
            d["hours_to_review"].as_i64(),
            d["projects_to_review"].as_i64()
        ),
        (Some(0), Some(0))
    );

    let v = volunteer(app, "王芳").await;
    pending_hours(&b, &v, "法律咨询").await;
    let r = app
        .post(
            &b.leader_a.client,
            "/api/v1/projects",
            &project_body(b.team_a, "社区普法", now() + DAY, 10),
        )
        .await;
    assert_eq!(r.status(), 201);
    let id = json(r).await["id"].as_i64().unwrap();
    let r = app
        .post(
            &b.leader_a.client,
            &format!("/api/v1/projects/{id}/submit"),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), 200);

    let d = dashboard(app, &admin.client, "").await;
    assert_eq!(d["hours_to_review"], 1);
    assert_eq!(d["projects_to_review"], 1);

    // An administrator of team B only: the shop is theirs too, team A's queue is not.
    let team_b_admin = app
        .person_with_role("乙队管理员", Role::Admin, b.team_b)
        .await;
    let d = dashboard(app, &team_b_admin.client, "").await;
    assert_eq!(d["hours_to_review"], 0);
    assert_eq!(d["projects_to_review"], 0);
}

/// Administrators only: anonymous 401; residents, kiosks, team leaders and reviewers 403.
#[tokio::test]
async fn only_administrators_open_the_dashboard() {
    let b = board().await;
    let app = &b.app;
    let admin = app.login_as_admin().await;
    let k = kiosk(app).await;
    let resident = app.resident("李梅").await;
    let anon = TestApp::new_client();
    let path = "/api/v1/admin/dashboard";
    assert_error(app.get(&anon, path).await, 401, "unauthenticated").await;
    for who in [
        &resident.client,
        &k.client,
        &b.leader_a.client,
        &b.reviewer.client,
    ] {
        assert_error(app.get(who, path).await, 403, "forbidden").await;
    }
    assert_eq!(app.get(&admin.client, path).await.status(), 200);
}
