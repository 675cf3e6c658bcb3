//! Families in difficulty spend the points given to them (二次公益): a case worker gives
//! a family points and a card; the card buys at the kiosk through the ledger like a
//! member's (one transaction, never below zero, a retry charges once).

use linli_app::roles::Role;
use serde_json::{json, Value};
use tokio::task::JoinSet;

use crate::bank::register_family;
use crate::helpers::{assert_error, json, Person, TestApp};
use crate::ledger::grant_points;
use crate::shop::{books_balance, checkout, item, kiosk, stock_of};

const PIN: &str = "2468";

struct World {
    app: TestApp,
    admin: Person,
    reviewer: Person,
    kiosk: Person,
    soap: Value,
    family: i64,
}

/// A family given 100 points by a case worker from the pool, and soap on the shelf.
async fn world() -> World {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let root = app.org_root().await;
    let reviewer = app.person_with_role("社工张", Role::Reviewer, root).await;
    let kiosk = kiosk(&app).await;
    let soap = item(
        &app,
        &admin,
        json!({"name": "香皂", "category": "日用品", "price": 30}),
        10,
    )
    .await;
    let family = register_family(
        &app,
        &admin,
        json!({"full_name": "王奶奶", "category": "elderly_alone", "note": "独居老人"}),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let donor = app.resident("李梅").await;
    grant_points(&app, &admin, donor.id, 300, "fs-g").await;
    let resp = app
        .post(
            &donor.client,
            "/api/v1/me/bank/donate",
            &json!({"amount": 300, "idempotency_key": "fs-d"}),
        )
        .await;
    assert_eq!(resp.status(), 201);
    let resp = app
        .post(
            &reviewer.client,
            "/api/v1/admin/bank/allocations",
            &json!({"family_id": family, "amount": 100, "reason": "冬季生活补助",
                    "idempotency_key": "fs-a"}),
        )
        .await;
    assert_eq!(resp.status(), 201);
    World {
        app,
        admin,
        reviewer,
        kiosk,
        soap,
        family,
    }
}

async fn issue_card(w: &World, who: &Person) -> reqwest::Response {
    w.app
        .post(
            &who.client,
            &format!("/api/v1/admin/bank/families/{}/card", w.family),
            &json!({"pin": PIN}),
        )
        .await
}

async fn family_balance(w: &World) -> i64 {
    let all = json(
        w.app
            .get(&w.admin.client, "/api/v1/admin/bank/families")
            .await,
    )
    .await;
    all.as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == w.family)
        .unwrap()["balance"]
        .as_i64()
        .unwrap()
}

async fn pool(w: &World) -> i64 {
    json(w.app.get(&w.admin.client, "/api/v1/bank").await).await["pool_balance"]
        .as_i64()
        .unwrap()
}

fn buy(number: &str, key: &str, item: &Value, quantity: i64) -> Value {
    json!({"card_number": number, "pin": PIN, "idempotency_key": key,
           "lines": [{"item_id": item["id"], "quantity": quantity}]})
}

#[tokio::test]
async fn a_family_card_buys_soap_at_the_kiosk_through_the_ledger() {
    let w = world().await;
    let app = &w.app;
    let resp = issue_card(&w, &w.reviewer).await;
    assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
    let card = json(resp).await;
    assert_eq!(card["holder_name"], "王奶奶");
    assert_eq!(card["balance"], 100);
    let number = card["number"].as_str().unwrap().to_string();
    let families = json(
        app.get(&w.admin.client, "/api/v1/admin/bank/families")
            .await,
    )
    .await;
    assert_eq!(
        families[0]["user_id"], card["user_id"],
        "the family's holder"
    );
    let pool_before = pool(&w).await;

    // The kiosk reads the card: the family's name and points.
    let resp = app
        .post(
            &w.kiosk.client,
            "/api/v1/cards/verify",
            &json!({"card_number": number, "pin": PIN}),
        )
        .await;
    assert_eq!(resp.status(), 200, "{}", resp.text().await.unwrap());
    let holder = json(resp).await;
    assert_eq!(holder["name"], "王奶奶");
    assert_eq!(holder["balance"], 100);

    let body = buy(&number, "fs-k1", &w.soap, 1);
    let resp = checkout(app, &w.kiosk, &body).await;
    assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
    let receipt = json(resp).await;
    assert_eq!(receipt["total"], 30);
    assert_eq!(receipt["balance"], 70);
    assert_eq!(receipt["member_name"], "王奶奶");
    assert_eq!(family_balance(&w).await, 70);
    assert_eq!(stock_of(app, &w.soap["id"]).await, 9);

    // A retry after a network drop charges nothing more.
    let again = checkout(app, &w.kiosk, &body).await;
    assert_eq!(again.status(), 200);
    assert!(again.headers().contains_key("idempotent-replayed"));
    assert_eq!(json(again).await["order_id"], receipt["order_id"]);
    assert_eq!(family_balance(&w).await, 70);

    // More than the family has: refused whole, nothing moves.
    let resp = checkout(app, &w.kiosk, &buy(&number, "fs-k2", &w.soap, 3)).await;
    assert_eq!(resp.status(), 409);
    assert_eq!(family_balance(&w).await, 70);
    assert_eq!(stock_of(app, &w.soap["id"]).await, 9);

    // Eight kiosks at once, two soaps each (60) from 70: exactly one goes through.
    let mut set = JoinSet::new();
    for i in 0..8 {
        let (client, url) = (w.kiosk.client.clone(), app.url("/api/v1/kiosk/checkout"));
        let body = buy(&number, &format!("fs-race-{i}"), &w.soap, 2);
        set.spawn(async move { client.post(url).json(&body).send().await.unwrap().status() });
    }
    let statuses = set.join_all().await;
    assert_eq!(
        statuses.iter().filter(|s| s.as_u16() == 201).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| matches!(s.as_u16(), 201 | 409)),
        "{statuses:?}"
    );
    assert_eq!(family_balance(&w).await, 10);
    assert_eq!(stock_of(app, &w.soap["id"]).await, 7);
    assert_eq!(pool(&w).await, pool_before, "the pool is not charged");
    books_balance(app).await;

    // Issuing again keeps the card (a new PIN only).
    let again = json(issue_card(&w, &w.admin).await).await;
    assert_eq!(again["number"], card["number"]);
}

/// A person linked to a family spends for it: their card pays from the family's points,
/// their own stay, and `/me/family` shows the family's.
#[tokio::test]
async fn a_linked_person_spends_the_familys_points_and_sees_them() {
    let w = world().await;
    let app = &w.app;
    let son = app.resident("王小明").await;
    grant_points(app, &w.admin, son.id, 50, "fs-own").await;
    let resp = app
        .patch(
            &w.admin.client,
            &format!("/api/v1/admin/bank/families/{}", w.family),
            &json!({"user_id": son.id}),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let card = json(issue_card(&w, &w.reviewer).await).await;
    assert_eq!(card["user_id"], son.id);
    assert_eq!(card["balance"], 100);
    let mine = json(app.get(&son.client, "/api/v1/me/family").await).await;
    assert_eq!(mine["full_name"], "王奶奶");
    assert_eq!(mine["balance"], 100);

    let number = card["number"].as_str().unwrap();
    let resp = checkout(app, &w.kiosk, &buy(number, "fs-l1", &w.soap, 2)).await;
    assert_eq!(resp.status(), 201);
    assert_eq!(json(resp).await["balance"], 40);
    let mine = json(app.get(&son.client, "/api/v1/me/family").await).await;
    assert_eq!(mine["balance"], 40);
    let own = json(app.get(&son.client, "/api/v1/me/points").await).await;
    assert_eq!(own["balance"], 50, "their own points are not touched");
    books_balance(app).await;
}

/// Giving a family a card: 401 signed out; 403 for residents, property staff and the
/// kiosk; reviewers and admins may; bad PIN 422, unknown family 404, inactive 409.
#[tokio::test]
async fn who_may_give_a_family_a_card() {
    let w = world().await;
    let app = &w.app;
    let root = app.org_root().await;
    let resident = app.resident("李梅").await;
    let property = app.person_with_role("物业", Role::Property, root).await;
    let anonymous = Person {
        client: TestApp::new_client(),
        id: 0,
        phone: String::new(),
    };
    assert_error(issue_card(&w, &anonymous).await, 401, "unauthenticated").await;
    for who in [&resident, &property, &w.kiosk] {
        assert_error(issue_card(&w, who).await, 403, "forbidden").await;
    }
    let families = json(
        app.get(&w.admin.client, "/api/v1/admin/bank/families")
            .await,
    )
    .await;
    assert_eq!(
        families[0]["user_id"],
        Value::Null,
        "no refusal made a holder"
    );
    let path = format!("/api/v1/admin/bank/families/{}/card", w.family);
    assert_error(
        app.post(&w.reviewer.client, &path, &json!({"pin": "12"}))
            .await,
        422,
        "validation",
    )
    .await;
    assert_error(
        app.post(
            &w.reviewer.client,
            "/api/v1/admin/bank/families/9999/card",
            &json!({"pin": PIN}),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(issue_card(&w, &w.reviewer).await.status(), 201);
    assert_eq!(issue_card(&w, &w.admin).await.status(), 201);
    let resp = app
        .patch(
            &w.admin.client,
            &format!("/api/v1/admin/bank/families/{}", w.family),
            &json!({"active": false}),
        )
        .await;
    assert_eq!(resp.status(), 200);
    assert_error(issue_card(&w, &w.reviewer).await, 409, "conflict").await;

    let doc = json(app.get(&app.client, "/api/v1/openapi.json").await).await;
    let op = &doc["paths"]["/api/v1/admin/bank/families/{id}/card"]["post"];
    assert!(op["responses"]["403"].is_object());
}
