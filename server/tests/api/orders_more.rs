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

pub fn png(w: u32, h: u32) -> Vec<u8> {
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

/// Scores to the second: orders walked through the API, then given known times (the API
/// stamps "now"), two rated. Team A: 3 orders, 2 done of 3 accepted, median review
/// 600 s, accept 200 s, complete 5400 s, 3.5 stars from 2. The community holds all 5
/// orders (a pooled and a rejected one too): median review 300 s. The assessment ranks
/// team A first and lists the community for the reviewer, not for a far one.
#[tokio::test]
async fn scores_and_the_assessment_are_exact() {
    let w = world().await;
    let app = &w.app;
    let done1 = w.order_in(OrderState::Done).await;
    let done2 = w.order_in(OrderState::Done).await;
    let accepted = w.order_in(OrderState::Accepted).await;
    let pooled = w.order_in(OrderState::Pooled).await;
    let rejected = w.order_in(OrderState::Rejected).await;
    // (order, submitted, reviewed, accepted, done)
    let times = [
        (done1, 1_000, Some(1_600), Some(4_600), Some(8_200)),
        (done2, 2_000, Some(2_300), Some(2_500), Some(9_700)),
        (accepted, 3_000, Some(4_000), Some(4_100), None),
        (pooled, 5_000, Some(5_100), None, None),
        (rejected, 6_000, Some(6_050), None, None),
    ];
    app.db
        .write(move |tx| {
            for (id, sub, rev, acc, done) in times {
                tx.execute(
                    "UPDATE orders SET submitted_at = ?2, reviewed_at = ?3, accepted_at = ?4,
                         done_at = ?5 WHERE id = ?1",
                    rusqlite::params![id, sub, rev, acc, done],
                )?;
            }
            Ok(())
        })
        .await
        .unwrap();
    for (id, stars) in [(done1, 5), (done2, 2)] {
        let resp = app
            .post(
                &w.resident.client,
                &format!("/api/v1/orders/{id}/rating"),
                &json!({"stars": stars}),
            )
            .await;
        assert_eq!(resp.status(), 201);
    }
    let team = json(
        app.get(
            &w.resident.client,
            &format!("/api/v1/nodes/{}/scores", w.team_a),
        )
        .await,
    )
    .await;
    assert_eq!(team["rating"], 3.5);
    assert_eq!(team["ratings"], 2);
    assert_eq!(team["orders"], 3);
    assert_eq!(team["done"], 2);
    assert_eq!(team["completion_rate"].as_f64().unwrap(), 2.0 / 3.0);
    assert_eq!(team["median_review_secs"], 600);
    assert_eq!(team["median_accept_secs"], 200);
    assert_eq!(team["median_complete_secs"], 5_400);

    let place = json(
        app.get(
            &w.resident.client,
            &format!("/api/v1/nodes/{}/scores", w.community),
        )
        .await,
    )
    .await;
    assert_eq!(place["rating"], 3.5);
    assert_eq!(place["ratings"], 2);
    assert_eq!(place["orders"], 5);
    assert_eq!(place["done"], 2);
    assert_eq!(place["completion_rate"].as_f64().unwrap(), 2.0 / 3.0);
    assert_eq!(place["median_review_secs"], 300);
    assert_eq!(place["median_accept_secs"], 200);
    assert_eq!(place["median_complete_secs"], 5_400);

    let teams = json(app.get(&w.reviewer.client, "/api/v1/assessment").await).await;
    assert_eq!(teams[0]["node_id"], w.team_a);
    assert_eq!(teams[0], team);
    let path = "/api/v1/assessment?level=communities";
    let places = json(app.get(&w.reviewer.client, path).await).await;
    assert_eq!(places, json!([place]));
    let far = json(app.get(&w.far_reviewer.client, path).await).await;
    assert_eq!(far, json!([]));
    assert_error(app.get(&w.resident.client, path).await, 403, "forbidden").await;
    let bad = app
        .get(&w.reviewer.client, "/api/v1/assessment?level=moon")
        .await;
    assert_eq!(bad.status(), 400);
}
