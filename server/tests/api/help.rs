//! Help requests, continued (S7): the resident's photo, the wider second round on the
//! test's clock, the resident's rating and the volunteers' hours for points.

use serde_json::{json, Value};

use std::time::Duration;

use linli_app::api::alarms::Skill;
use linli_server::clock::Clock;

use crate::alarms::{volunteers, world, World, T0, WIDEN};
use crate::helpers::{assert_error, json, Person};

impl World {
    /// `by` asks for help in `grid` (anyone can help, one person wanted).
    pub async fn ask(&self, by: &Person, grid: i64, text: &str) -> Value {
        let body = json!({"grid_id": grid, "urgency": "normal", "place": "梅林一街 5 栋 302",
            "text": text, "places": 1});
        let r = self.app.post(&by.client, "/api/v1/help", &body).await;
        assert_eq!(r.status(), 201);
        json(r).await
    }

    async fn help_photo(&self, by: &Person, id: i64, bytes: Vec<u8>) -> reqwest::Response {
        by.client
            .post(self.app.url(&format!("/api/v1/help/{id}/photo")))
            .header("content-type", "application/octet-stream")
            .body(bytes)
            .send()
            .await
            .unwrap()
    }

    pub async fn help(&self, by: &Person, id: i64) -> reqwest::Response {
        self.app
            .get(&by.client, &format!("/api/v1/help/{id}"))
            .await
    }
}

/// The resident attaches one photo, through the shop's photo pipeline: the volunteers it
/// was offered to and the desk see it; nobody else sees the request, nor may add one.
#[tokio::test]
async fn a_help_request_carries_one_photo_of_the_resident() {
    let w = world().await;
    let h = w.ask(&w.resident, w.grid, "水管爆了").await;
    let id = h["id"].as_i64().unwrap();
    assert_eq!(h["photo"], Value::Null);
    let png = || crate::orders_more::png(64, 48);
    for who in [&w.patrol, &w.dispatcher, &w.neighbour] {
        assert_error(w.help_photo(who, id, png()).await, 403, "forbidden").await;
    }
    let r = w.help_photo(&w.resident, id, b"#!/bin/sh\n".to_vec()).await;
    assert_error(r, 422, "validation").await;
    let r = w.help_photo(&w.resident, id, png()).await;
    assert_eq!(r.status(), 201);
    let thumb = json(r).await["photo"]["thumb_url"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(w.app.get(&w.resident.client, &thumb).await.status(), 200);
    assert_error(w.help_photo(&w.resident, id, png()).await, 409, "conflict").await;
    assert_error(
        w.help_photo(&w.resident, 999_999, png()).await,
        404,
        "not_found",
    )
    .await;
    let anon = w
        .app
        .client
        .post(w.app.url(&format!("/api/v1/help/{id}/photo")))
        .body(png())
        .send()
        .await
        .unwrap();
    assert_error(anon, 401, "unauthenticated").await;
    for who in [&w.patrol, &w.dispatcher] {
        let seen = json(w.help(who, id).await).await;
        assert_eq!(seen["photo"]["thumb_url"], thumb.as_str());
    }
    assert_error(w.help(&w.neighbour, id).await, 403, "forbidden").await;
    let audited: i64 = w
        .app
        .db
        .read(move |c| {
            Ok(c.query_row(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'help.photo' AND subject = ?1",
                [format!("help:{id}")],
                |r| r.get(0),
            )?)
        })
        .await
        .unwrap();
    assert_eq!(audited, 1);
}

impl World {
    async fn offers(&self, who: &Person) -> usize {
        let list = json(self.app.get(&who.client, "/api/v1/notifications").await).await;
        list.as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] == "help_offer")
            .count()
    }

    /// Waits (real time, briefly) until the request has gone wider.
    async fn wait_widened(&self, id: i64) -> Value {
        for _ in 0..100 {
            let h = json(self.help(&self.resident, id).await).await;
            if steps(&h).contains(&"widened".to_string()) {
                return h;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("help request {id} did not go wider");
    }
}

fn steps(h: &Value) -> Vec<String> {
    h["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["step"].as_str().unwrap().to_string())
        .collect()
}

async fn audited(w: &World, action: &'static str, id: i64) -> i64 {
    w.app
        .db
        .read(move |c| {
            Ok(c.query_row(
                "SELECT COUNT(*) FROM audit_log WHERE action = ?1 AND subject = ?2",
                [action.to_string(), format!("help:{id}")],
                |r| r.get(0),
            )?)
        })
        .await
        .unwrap()
}

/// A need goes first to its grid's volunteers with the skill; not answered in time, it
/// goes once, on the test's clock, to every volunteer of the community and everyone on
/// duty there, live, in the timeline and the audit log, also with a second server
/// ("after a restart") on the same file. One answered in time never goes wider; one
/// nobody in the grid can answer goes wider at once.
#[tokio::test]
async fn a_request_short_of_people_goes_wider_once_on_time() {
    let w = world().await;
    let medics = volunteers(&w.app, w.grid, Skill::Medical, 1).await;
    let body = json!({"grid_id": w.grid, "skill": "medical", "urgency": "urgent",
        "place": "梅林一街 3 栋 201", "text": "需要人帮忙量血压", "places": 2});
    let r = w.app.post(&w.resident.client, "/api/v1/help", &body).await;
    assert_eq!(r.status(), 201);
    let h = json(r).await;
    let id = h["id"].as_i64().unwrap();
    assert_eq!(h["widen_at"], T0 + WIDEN);
    assert_eq!(steps(&h), ["posted"]);
    assert_eq!(h["timeline"][0]["reached"], 1, "the grid's one medic");
    let path = format!("/api/v1/help/{id}");
    assert_eq!(w.app.get(&medics[0], &path).await.status(), 200);
    for who in [&w.patrol, &w.off_duty, &w.patrol2] {
        assert_error(w.help(who, id).await, 403, "forbidden").await;
    }
    let r = w
        .app
        .post(&medics[0], &format!("{path}/answers"), &json!({}))
        .await;
    assert_eq!(r.status(), 200, "one of two places taken");

    w.clock.set(T0 + WIDEN - 1);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        steps(&json(w.help(&w.resident, id).await).await),
        ["posted", "answered"]
    );

    w.clock.set(T0 + WIDEN);
    let h = w.wait_widened(id).await;
    assert_eq!(steps(&h), ["posted", "answered", "widened"]);
    let wider = &h["timeline"][2];
    assert_eq!(
        (&wider["at"], &wider["reached"]),
        (&json!(T0 + WIDEN), &json!(3))
    );
    assert_eq!(h["widen_at"], Value::Null);
    for who in [&w.patrol, &w.off_duty, &w.patrol2] {
        let seen = json(w.help(who, id).await).await;
        assert_eq!(seen["can_answer"], true);
        assert_eq!(w.offers(who).await, 1, "told once, live");
    }
    assert_error(w.help(&w.neighbour, id).await, 403, "forbidden").await;

    // "Restart": a second server over the same file, later; nothing happens twice.
    let restarted = Clock::manual(T0 + 10 * WIDEN);
    w.app.another_server_with_clock(restarted).await;
    w.clock.set(T0 + 10 * WIDEN);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let h = json(w.help(&w.resident, id).await).await;
    assert_eq!(steps(&h), ["posted", "answered", "widened"]);
    assert_eq!(w.offers(&w.patrol2).await, 1);
    assert_eq!(audited(&w, "help.widen", id).await, 1);

    // Answered in time (full): the deadline passes without a wider round.
    let t1 = T0 + 10 * WIDEN;
    let h = w.ask(&w.neighbour, w.grid, "帮忙搬个柜子").await;
    let full = h["id"].as_i64().unwrap();
    assert_eq!(h["widen_at"], t1 + WIDEN);
    let r = w
        .app
        .post(
            &w.patrol.client,
            &format!("/api/v1/help/{full}/answers"),
            &json!({}),
        )
        .await;
    assert_eq!(json(r).await["state"], "full");
    w.clock.set(t1 + 2 * WIDEN);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let h = json(w.help(&w.neighbour, full).await).await;
    assert_eq!(steps(&h), ["posted", "answered"]);
    assert_error(w.help(&w.patrol2, full).await, 403, "forbidden").await;
    assert_eq!(audited(&w, "help.widen", full).await, 0);

    // Nobody in the grid has the skill: the whole community at once.
    let body = json!({"grid_id": w.grid2, "skill": "legal", "urgency": "low",
        "place": "二号楼", "text": "想咨询租房合同", "places": 1});
    let h = json(w.app.post(&w.resident.client, "/api/v1/help", &body).await).await;
    assert_eq!(steps(&h), ["posted", "widened"]);
    assert_eq!(h["timeline"][0]["reached"], 0);
    let legal = h["id"].as_i64().unwrap();
    assert_eq!(w.help(&w.patrol, legal).await.status(), 200);
}

/// A request `by` asked of `w.patrol` in `w.grid`, answered by them; done if `done`.
async fn answered(w: &World, by: &Person, text: &str, done: bool) -> i64 {
    let id = w.ask(by, w.grid, text).await["id"].as_i64().unwrap();
    let path = format!("/api/v1/help/{id}");
    let r = w
        .app
        .post(&w.patrol.client, &format!("{path}/answers"), &json!({}))
        .await;
    assert_eq!(r.status(), 200);
    if done {
        let r = w
            .app
            .post(&by.client, &format!("{path}/done"), &json!({}))
            .await;
        assert_eq!(r.status(), 200);
    }
    id
}

/// Once it is done, only the resident who asked rates the help, once, with the same 1–5
/// stars and plain-text comment as orders; the request shows it to the resident and the
/// volunteer who came, and the public lists do not.
#[tokio::test]
async fn the_resident_rates_the_help_once_it_was_done() {
    let w = world().await;
    let early = answered(&w, &w.resident, "帮忙修门锁", false).await;
    let rate = |id: i64| format!("/api/v1/help/{id}/rating");
    let good = json!({"stars": 5, "comment": "<b>谢谢</b>郭师傅"});
    assert_error(
        w.app.post(&w.resident.client, &rate(early), &good).await,
        409,
        "conflict",
    )
    .await;
    let id = answered(&w, &w.resident, "帮忙修水龙头", true).await;
    let h = json(w.help(&w.resident, id).await).await;
    assert_eq!((&h["can_rate"], &h["rating"]), (&json!(true), &Value::Null));
    for who in [&w.patrol, &w.neighbour, &w.dispatcher, &w.admin] {
        assert_error(
            w.app.post(&who.client, &rate(id), &good).await,
            403,
            "forbidden",
        )
        .await;
    }
    let anon = w.app.post(&w.app.client, &rate(id), &good).await;
    assert_error(anon, 401, "unauthenticated").await;
    assert_error(
        w.app.post(&w.resident.client, &rate(999_999), &good).await,
        404,
        "not_found",
    )
    .await;
    for bad in [
        json!({"stars": 6}),
        json!({"stars": 4, "comment": "长".repeat(501)}),
    ] {
        let r = w.app.post(&w.resident.client, &rate(id), &bad).await;
        assert_error(r, 422, "validation").await;
    }
    let r = w.app.post(&w.resident.client, &rate(id), &good).await;
    assert_eq!(r.status(), 201);
    let rating = json(r).await;
    assert_eq!(rating["comment"], "<b>谢谢</b>郭师傅", "kept as plain text");
    assert_eq!(rating["subject"], "help");
    assert_error(
        w.app.post(&w.resident.client, &rate(id), &good).await,
        409,
        "conflict",
    )
    .await;
    let h = json(w.help(&w.resident, id).await).await;
    assert_eq!(
        (&h["can_rate"], &h["rating"]["stars"]),
        (&json!(false), &json!(5))
    );
    let came = json(w.help(&w.patrol, id).await).await;
    assert_eq!(came["rating"]["comment"], "<b>谢谢</b>郭师傅");
    assert_eq!(came["can_rate"], false);
    let public = w
        .app
        .get(
            &w.app.client,
            &format!("/api/v1/ratings?subject=help&subject_id={id}"),
        )
        .await;
    assert_eq!(json(public).await, json!([]));
    // The resident may change it within the week, like any rating.
    let rid = rating["id"].as_i64().unwrap();
    let r = w
        .app
        .patch(
            &w.resident.client,
            &format!("/api/v1/ratings/{rid}"),
            &json!({"stars": 4}),
        )
        .await;
    assert_eq!(json(r).await["stars"], 4);
}

/// A volunteer who came logs the time once it was done: one hour record, pending with
/// the reviewers over their team, the same again on a retry, audited once; approved, it
/// earns points once. Nobody else logs hours on it; a volunteer in no team is told why.
#[tokio::test]
async fn a_volunteer_who_came_logs_hours_once_for_points() {
    let w = world().await;
    let id = answered(&w, &w.resident, "帮忙搬煤气罐", false).await;
    let hours = |id: i64| format!("/api/v1/help/{id}/hours");
    let ninety = json!({"minutes": 90});
    let r = w.app.post(&w.patrol.client, &hours(id), &ninety).await;
    assert_error(r, 409, "conflict").await;
    let r = w
        .app
        .post(
            &w.resident.client,
            &format!("/api/v1/help/{id}/done"),
            &json!({}),
        )
        .await;
    assert_eq!(json(r).await["state"], "done");
    for who in [
        &w.resident,
        &w.off_duty,
        &w.dispatcher,
        &w.admin,
        &w.neighbour,
    ] {
        assert_error(
            w.app.post(&who.client, &hours(id), &ninety).await,
            403,
            "forbidden",
        )
        .await;
    }
    assert_error(
        w.app.post(&w.app.client, &hours(id), &ninety).await,
        401,
        "unauthenticated",
    )
    .await;
    assert_error(
        w.app.post(&w.patrol.client, &hours(999_999), &ninety).await,
        404,
        "not_found",
    )
    .await;
    for bad in [0, 24 * 60 + 1] {
        let r = w
            .app
            .post(&w.patrol.client, &hours(id), &json!({"minutes": bad}))
            .await;
        assert_error(r, 422, "validation").await;
    }
    let before = json(w.help(&w.patrol, id).await).await;
    assert_eq!(
        (&before["can_log_hours"], &before["my_hours"]),
        (&json!(true), &Value::Null)
    );
    let r = w.app.post(&w.patrol.client, &hours(id), &ninety).await;
    assert_eq!(r.status(), 201);
    let first = json(r).await;
    let record = first["my_hours"].clone();
    assert_eq!(
        (
            &record["minutes"],
            &record["status"],
            &record["project_title"]
        ),
        (&json!(90), &json!("pending"), &json!("帮忙搬煤气罐"))
    );
    assert_eq!(first["can_log_hours"], false);
    // A retry (another number too) is the record already logged.
    let r = w
        .app
        .post(&w.patrol.client, &hours(id), &json!({"minutes": 600}))
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(json(r).await["my_hours"], record);
    let mine = json(w.app.get(&w.patrol.client, "/api/v1/me/hours").await).await;
    assert_eq!(mine["records"].as_array().unwrap().len(), 1);
    assert_eq!(audited(&w, "help.hours", id).await, 1);
    // The resident does not see the volunteer's hours.
    assert_eq!(
        json(w.help(&w.resident, id).await).await["my_hours"],
        Value::Null
    );

    let reviewer = w.app.reviewer_of(&w.admin, "红喇叭治安巡逻队").await;
    let queue = json(w.app.get(&reviewer.client, "/api/v1/review/hours").await).await;
    assert_eq!(queue[0]["id"], record["id"]);
    let before = w.app.balance(&w.patrol).await;
    for _ in 0..2 {
        let r = w
            .app
            .post(
                &reviewer.client,
                "/api/v1/review/hours",
                &json!({"ids": [record["id"]], "approve": true}),
            )
            .await;
        assert_eq!(r.status(), 200);
    }
    let earned = w.app.balance(&w.patrol).await - before;
    assert!(earned > 0);
    let after = json(w.help(&w.patrol, id).await).await;
    assert_eq!(after["my_hours"]["points"], earned);
    let r = w.app.post(&w.patrol.client, &hours(id), &ninety).await;
    assert_eq!(r.status(), 200, "approved hours stay as they are");

    // Came, but in no team: nobody could review it.
    let id = w.ask(&w.resident, w.grid, "帮忙看看电表").await["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/help/{id}");
    let r = w
        .app
        .post(&w.off_duty.client, &format!("{path}/answers"), &json!({}))
        .await;
    assert_eq!(r.status(), 200);
    let r = w
        .app
        .post(&w.resident.client, &format!("{path}/done"), &json!({}))
        .await;
    assert_eq!(r.status(), 200);
    let r = w.app.post(&w.off_duty.client, &hours(id), &ninety).await;
    assert_error(r, 409, "conflict").await;
}

/// Every new help endpoint is in the OpenAPI document.
#[tokio::test]
async fn every_new_help_endpoint_is_in_the_openapi_document() {
    let w = world().await;
    let doc = json(w.app.get(&w.app.client, "/api/v1/openapi.json").await).await;
    for (path, method) in [
        ("/api/v1/help/{id}", "get"),
        ("/api/v1/help/{id}/photo", "post"),
        ("/api/v1/help/{id}/rating", "post"),
        ("/api/v1/help/{id}/hours", "post"),
    ] {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} missing"
        );
    }
}
