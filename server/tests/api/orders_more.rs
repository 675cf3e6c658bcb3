//! Service orders, continued: volunteer hours logged on completion go through the hours
//! review into points (once), reviewers hear of new orders in their reach, and the
//! placer's optional photos take the shop's photo path.

use linli_app::api::orders::OrderState;
use serde_json::{json, Value};

use crate::helpers::{assert_error, json, Person, TestApp};
use crate::orders::{world, World};

async fn balance(app: &TestApp, p: &Person) -> i64 {
    json(app.get(&p.client, "/api/v1/me/points").await).await["balance"]
        .as_i64()
        .unwrap()
}

async fn join_team_a(w: &World, p: &Person) {
    let path = format!("/api/v1/nodes/{}/members", w.team_a);
    let add = w
        .app
        .post(&w.admin.client, &path, &json!({"user_id": p.id}))
        .await;
    assert_eq!(add.status(), 204);
}

async fn complete(w: &World, id: i64, hours: Value) -> reqwest::Response {
    let body = json!({"report": "已上门量血压", "hours": hours});
    w.app
        .post(
            &w.leader_a.client,
            &format!("/api/v1/orders/{id}/complete"),
            &body,
        )
        .await
}

/// The leader completes with 90 minutes for a team member: a pending hour record of the
/// order that the reviewer over the team approves (twice); the volunteer earns 15 points
/// (general service, 10 an hour) exactly once, and their record shows the service.
#[tokio::test]
async fn hours_logged_on_completion_are_approved_into_points_once() {
    let w = world().await;
    let app = &w.app;
    let volunteer = app.resident("志愿者小周").await;
    join_team_a(&w, &volunteer).await;
    let id = w.order_in(OrderState::Accepted).await;

    // Nobody outside the team, no zero minutes, no one twice; nothing is stored then.
    for bad in [
        json!([{"user_id": w.stranger.id, "minutes": 90}]),
        json!([{"user_id": volunteer.id, "minutes": 0}]),
        json!([{"user_id": volunteer.id, "minutes": 60}, {"user_id": volunteer.id, "minutes": 30}]),
    ] {
        assert_error(complete(&w, id, bad).await, 422, "validation").await;
    }
    assert_eq!(w.state_of(id).await["state"], "accepted");

    let resp = complete(&w, id, json!([{"user_id": volunteer.id, "minutes": 90}])).await;
    assert_eq!(resp.status(), 200);
    let order = json(resp).await;
    assert_eq!(order["state"], "done");
    assert_eq!(order["volunteers"], json!([volunteer.id]));
    let hours = order["hours"].as_array().unwrap();
    assert_eq!(hours.len(), 1);
    assert_eq!(hours[0]["order_id"], id);
    assert_eq!(hours[0]["session_id"], Value::Null);
    assert_eq!(hours[0]["minutes"], 90);
    assert_eq!(hours[0]["status"], "pending");
    assert_eq!(hours[0]["project_title"], "免费义诊");
    let record = hours[0]["id"].as_i64().unwrap();

    // In the reviewer's queue, like a session's hours; not in a far reviewer's.
    let queue = json(app.get(&w.reviewer.client, "/api/v1/review/hours").await).await;
    assert!(queue.as_array().unwrap().iter().any(|h| h["id"] == record));
    let far = json(
        app.get(&w.far_reviewer.client, "/api/v1/review/hours")
            .await,
    )
    .await;
    assert!(far.as_array().unwrap().is_empty());
    let decide = json!({"ids": [record], "approve": true});
    let resp = app
        .post(&w.far_reviewer.client, "/api/v1/review/hours", &decide)
        .await;
    assert_error(resp, 403, "forbidden").await;
    for _ in 0..2 {
        let resp = app
            .post(&w.reviewer.client, "/api/v1/review/hours", &decide)
            .await;
        assert_eq!(resp.status(), 200);
        let out = json(resp).await;
        assert_eq!(out[0]["status"], "approved");
        assert_eq!(out[0]["points"], 15);
    }
    assert_eq!(balance(app, &volunteer).await, 15, "earned once");
    let rec = json(app.get(&volunteer.client, "/api/v1/me/record").await).await;
    assert_eq!(rec["service_minutes"], 90);
    assert_eq!(rec["points_earned"], 15);
    assert_eq!(rec["projects"][0]["title"], "免费义诊");
    assert_eq!(rec["projects"][0]["project_id"], Value::Null);
    let broken = app
        .db
        .read(linli_server::ledger::broken_invariants)
        .await
        .unwrap();
    assert!(broken.is_empty(), "{broken:?}");
}

/// A new order tells the reviewers over its area or its team, and no one else; the
/// notice is worded when read.
#[tokio::test]
async fn reviewers_over_the_order_hear_of_it() {
    let w = world().await;
    let app = &w.app;
    let id = w.place().await;
    let notes = json(app.get(&w.reviewer.client, "/api/v1/notifications").await).await;
    assert_eq!(notes[0]["kind"], "order_review");
    assert_eq!(notes[0]["order_id"], id);
    assert_eq!(notes[0]["text"], "新的工单「免费义诊」等待你审核");
    let unread = json(
        app.get(&w.reviewer.client, "/api/v1/notifications/unread")
            .await,
    )
    .await;
    assert_eq!(unread["unread"], 1);
    for p in [&w.far_reviewer, &w.leader_a, &w.resident] {
        let notes = json(app.get(&p.client, "/api/v1/notifications").await).await;
        assert!(
            notes
                .as_array()
                .unwrap()
                .iter()
                .all(|n| n["kind"] != "order_review"),
            "{}",
            p.id
        );
    }
    app.patch(&w.reviewer.client, "/api/v1/me", &json!({"lang": "en"}))
        .await;
    let notes = json(app.get(&w.reviewer.client, "/api/v1/notifications").await).await;
    assert_eq!(
        notes[0]["text"],
        "A new order “免费义诊” is waiting for your review"
    );
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
        w,
        h,
        image::Rgb([40, 120, 200]),
    ));
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

async fn upload(w: &World, p: &Person, id: i64, bytes: Vec<u8>) -> reqwest::Response {
    p.client
        .post(w.app.url(&format!("/api/v1/orders/{id}/photos")))
        .header("content-type", "application/octet-stream")
        .body(bytes)
        .send()
        .await
        .unwrap()
}

/// The resident adds photos to an open order; they are stored and served as the shop's;
/// others may not add any, a fifth is refused, and so is any once the order is closed.
#[tokio::test]
async fn the_placer_adds_photos_while_the_order_is_open() {
    let w = world().await;
    let id = w.place().await;
    let resp = upload(&w, &w.resident, id, png(1200, 900)).await;
    assert_eq!(resp.status(), 201);
    let order = json(resp).await;
    let photos = order["photos"].as_array().unwrap();
    assert_eq!(photos.len(), 1);
    assert_eq!(
        (photos[0]["width"].as_i64(), photos[0]["height"].as_i64()),
        (Some(1200), Some(900))
    );
    let thumb = photos[0]["thumb_url"].as_str().unwrap();
    assert!(thumb.starts_with("/api/v1/shop/photos/"));
    let resp = w.app.get(&w.app.client, thumb).await;
    assert_eq!(resp.status(), 200);
    let pic = image::load_from_memory(&resp.bytes().await.unwrap()).unwrap();
    assert_eq!(pic.width(), 240);
    // The reviewer sees them on the order.
    let seen = json(
        w.app
            .get(&w.reviewer.client, &format!("/api/v1/orders/{id}"))
            .await,
    )
    .await;
    assert_eq!(seen["photos"], order["photos"]);

    assert_error(
        upload(&w, &w.stranger, id, png(10, 10)).await,
        404,
        "not_found",
    )
    .await;
    assert_error(
        upload(&w, &w.reviewer, id, png(10, 10)).await,
        403,
        "forbidden",
    )
    .await;
    assert_error(
        upload(&w, &w.resident, id, b"<script>".to_vec()).await,
        422,
        "validation",
    )
    .await;
    for n in 2..=4 {
        let resp = upload(&w, &w.resident, id, png(10 + n, 10)).await;
        assert_eq!(resp.status(), 201);
    }
    let body = assert_error(
        upload(&w, &w.resident, id, png(99, 10)).await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(body["error"]["message"], "每张工单最多 4 张照片");

    let closed = w.order_in(OrderState::Cancelled).await;
    assert_error(
        upload(&w, &w.resident, closed, png(10, 10)).await,
        409,
        "conflict",
    )
    .await;
    let anon = TestApp::new_client();
    let resp = anon
        .post(w.app.url(&format!("/api/v1/orders/{id}/photos")))
        .body(png(10, 10))
        .send()
        .await
        .unwrap();
    assert_error(resp, 401, "unauthenticated").await;
}

/// An admin over the team manages its catalogue like its leader: adds a service, edits
/// it, retires it (it leaves the public catalogue and takes no orders, its team's list
/// keeps it) and offers it again; bad input is a 422 naming the field.
#[tokio::test]
async fn admins_and_leaders_manage_the_catalogue() {
    let w = world().await;
    let app = &w.app;
    let body = json!({"team_id": w.team_a, "category": "legal_aid", "title": "红色帮办代办",
        "prepare": "身份证", "serves_id": w.community});
    let resp = app.post(&w.admin.client, "/api/v1/services", &body).await;
    assert_eq!(resp.status(), 201);
    let id = json(resp).await["id"].as_i64().unwrap();
    let path = format!("/api/v1/services/{id}");
    let edited = json(
        app.patch(&w.admin.client, &path, &json!({"title": "上门办理残疾证"}))
            .await,
    )
    .await;
    assert_eq!(edited["title"], "上门办理残疾证");
    assert_eq!(edited["prepare"], "身份证");
    let resp = app
        .patch(&w.leader_a.client, &path, &json!({"title": " "}))
        .await;
    let err = assert_error(resp, 422, "validation").await;
    assert!(err["error"]["message"].as_str().unwrap().contains("名称"));
    let retired = app
        .patch(&w.leader_a.client, &path, &json!({"active": false}))
        .await;
    assert_eq!(json(retired).await["active"], false);
    let public = json(
        app.get(&w.resident.client, "/api/v1/services?q=残疾证")
            .await,
    )
    .await;
    assert!(public.as_array().unwrap().is_empty());
    let mut order = w.order_body();
    order["service_id"] = json!(id);
    let resp = app.post(&w.resident.client, "/api/v1/orders", &order).await;
    assert_error(resp, 409, "conflict").await;
    let team = json(
        app.get(
            &w.resident.client,
            &format!("/api/v1/services?team_id={}", w.team_a),
        )
        .await,
    )
    .await;
    assert!(team.as_array().unwrap().iter().any(|s| s["id"] == id));
    let back = app
        .patch(&w.admin.client, &path, &json!({"active": true}))
        .await;
    assert_eq!(json(back).await["active"], true);
    let resp = app.post(&w.resident.client, "/api/v1/orders", &order).await;
    assert_eq!(resp.status(), 201);
}
