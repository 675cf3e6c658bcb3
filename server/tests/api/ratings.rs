//! Ratings over HTTP: only the person served, once, 1–5 with a bounded plain-text
//! comment, editable for 7 days; the team replies once; a reviewer hides abusive words
//! (the original kept in the audit log); scores and the team's rating on its pages.

use linli_app::api::orders::OrderState;
use serde_json::{json, Value};

use crate::helpers::{assert_error, json, TestApp};
use crate::orders::{world, World};

/// A done order rated by the person served; the rating's id.
async fn done_and_rated(w: &World, stars: i64, comment: &str) -> i64 {
    let id = w.order_in(OrderState::Done).await;
    let resp = w
        .app
        .post(
            &w.resident.client,
            &format!("/api/v1/orders/{id}/rating"),
            &json!({"stars": stars, "comment": comment}),
        )
        .await;
    assert_eq!(resp.status(), 201);
    json(resp).await["id"].as_i64().unwrap()
}

/// Only the person served rates a done order, once; stars and length are checked and
/// markup is kept as plain text.
#[tokio::test]
async fn the_person_served_rates_a_done_order_once() {
    let w = world().await;
    let app = &w.app;
    let open = w.order_in(OrderState::Accepted).await;
    let path = format!("/api/v1/orders/{open}/rating");
    let good = json!({"stars": 5, "comment": "很好"});
    assert_error(
        app.post(&w.resident.client, &path, &good).await,
        409,
        "conflict",
    )
    .await;

    let id = w.order_in(OrderState::Done).await;
    let path = format!("/api/v1/orders/{id}/rating");
    for other in [&w.stranger, &w.leader_a, &w.reviewer] {
        assert_error(
            app.post(&other.client, &path, &good).await,
            403,
            "forbidden",
        )
        .await;
    }
    for bad in [
        json!({"stars": 0}),
        json!({"stars": 6}),
        json!({"stars": 4, "comment": "好".repeat(501)}),
    ] {
        assert_error(
            app.post(&w.resident.client, &path, &bad).await,
            422,
            "validation",
        )
        .await;
    }
    let markup = "<img src=x onerror=alert(1)>";
    let resp = app
        .post(
            &w.resident.client,
            &path,
            &json!({"stars": 4, "comment": markup}),
        )
        .await;
    assert_eq!(resp.status(), 201);
    let rating = json(resp).await;
    assert_eq!(rating["comment"], markup, "stored and sent as typed text");
    assert_eq!(rating["team_id"], w.team_a);
    assert_error(
        app.post(&w.resident.client, &path, &good).await,
        409,
        "conflict",
    )
    .await;

    // The team's rating now shows on its scores.
    let scores = json(
        app.get(
            &w.resident.client,
            &format!("/api/v1/nodes/{}/scores", w.team_a),
        )
        .await,
    )
    .await;
    assert_eq!(scores["rating"], 4.0);
    assert_eq!(scores["ratings"], 1);
    // One order done, one still accepted (the one refused a rating above).
    assert_eq!(scores["orders"], 2);
    assert_eq!(scores["done"], 1);
    assert_eq!(scores["completion_rate"], 0.5);
    assert!(scores["median_complete_secs"].is_i64());
    let service = json(
        app.get(
            &w.resident.client,
            &format!("/api/v1/services/{}", w.service_a),
        )
        .await,
    )
    .await;
    assert_eq!(service["ratings"], 1);
}

/// A rating is editable by its author for 7 days, then locked.
#[tokio::test]
async fn a_rating_can_be_edited_for_seven_days() {
    let w = world().await;
    let app = &w.app;
    let rid = done_and_rated(&w, 2, "来晚了").await;
    let path = format!("/api/v1/ratings/{rid}");
    let edit = json!({"stars": 3, "comment": "来晚了，但很耐心"});
    assert_error(
        app.patch(&w.leader_a.client, &path, &edit).await,
        403,
        "forbidden",
    )
    .await;
    let edited = json(app.patch(&w.resident.client, &path, &edit).await).await;
    assert_eq!(edited["stars"], 3);
    assert!(edited["edited_at"].is_i64());

    // Eight days later (the clock is the stored time: move the rating back).
    app.db
        .write(move |tx| {
            tx.execute(
                "UPDATE ratings SET created_at = created_at - 8 * 86400 WHERE id = ?1",
                [rid],
            )?;
            Ok(())
        })
        .await
        .unwrap();
    assert_error(
        app.patch(&w.resident.client, &path, &edit).await,
        409,
        "conflict",
    )
    .await;
}

/// The team replies once (its leader only), the rater is told; a reviewer hides the
/// words, which stay in the audit log.
#[tokio::test]
async fn the_team_replies_once_and_a_reviewer_hides_abuse() {
    let w = world().await;
    let app = &w.app;
    let rid = done_and_rated(&w, 1, "骂人的话").await;
    let reply = format!("/api/v1/ratings/{rid}/reply");
    let text = json!({"text": "抱歉，我们会改进"});
    assert_error(
        app.post(&w.leader_b.client, &reply, &text).await,
        403,
        "forbidden",
    )
    .await;
    assert_error(
        app.post(&w.resident.client, &reply, &text).await,
        403,
        "forbidden",
    )
    .await;
    let replied = json(app.post(&w.leader_a.client, &reply, &text).await).await;
    assert_eq!(replied["reply"], "抱歉，我们会改进");
    assert_error(
        app.post(&w.leader_a.client, &reply, &text).await,
        409,
        "conflict",
    )
    .await;
    let notes = json(app.get(&w.resident.client, "/api/v1/notifications").await).await;
    assert_eq!(notes[0]["kind"], "rating_reply");

    let hide = format!("/api/v1/ratings/{rid}/hide");
    let why = json!({"reason": "辱骂"});
    for p in [&w.resident, &w.leader_a, &w.far_reviewer] {
        assert_error(app.post(&p.client, &hide, &why).await, 403, "forbidden").await;
    }
    let hidden = json(app.post(&w.reviewer.client, &hide, &why).await).await;
    assert_eq!(hidden["hidden"], true);
    assert_eq!(hidden["comment"], "");
    let public = json(
        app.get(
            &TestApp::new_client(),
            &format!("/api/v1/ratings?team_id={}", w.team_a),
        )
        .await,
    )
    .await;
    assert_eq!(public[0]["comment"], "");
    assert_eq!(public[0]["stars"], 1);
    let audit = app
        .db
        .read(|c| linli_server::store::audit::recent(c, 50))
        .await
        .unwrap();
    let row = audit
        .iter()
        .find(|a| a.action == "rating.hide")
        .expect("audited");
    assert!(row.detail.contains("骂人的话"), "{}", row.detail);
}

/// Sessions are rated by attendees only; shop items by people who took them.
#[tokio::test]
async fn sessions_and_items_are_rated_only_by_people_who_were_there() {
    let w = world().await;
    let app = &w.app;
    let body = json!({"stars": 5});
    let resp = app
        .post(&w.resident.client, "/api/v1/sessions/999999/rating", &body)
        .await;
    assert_error(resp, 404, "not_found").await;
    let resp = app
        .post(
            &w.resident.client,
            "/api/v1/shop/items/999999/rating",
            &body,
        )
        .await;
    assert_error(resp, 404, "not_found").await;
    let list: Value = json(
        app.get(
            &w.resident.client,
            "/api/v1/ratings?subject=session&subject_id=1",
        )
        .await,
    )
    .await;
    assert!(list.as_array().unwrap().is_empty());
}

/// Reviewers get the teams in their reach ranked, rated teams first.
#[tokio::test]
async fn the_assessment_ranks_teams_by_rating() {
    let w = world().await;
    let app = &w.app;
    done_and_rated(&w, 5, "").await;
    let table = json(app.get(&w.reviewer.client, "/api/v1/assessment").await).await;
    let rows = table.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["node_id"], w.team_a);
    assert_eq!(rows[0]["rating"], 5.0);
    assert_eq!(rows[1]["rating"], Value::Null);
    let far = json(app.get(&w.far_reviewer.client, "/api/v1/assessment").await).await;
    assert!(far.as_array().unwrap().is_empty());
}
