//! The patrol rota's coverage board, withdrawing from a shift, check-in and check-out
//! giving hours through the approval → points path, and the patrol log on the desk.

use serde_json::{json, Value};

use crate::alarms::{world, World, T0};
use crate::helpers::{assert_error, json, Person};

const TOMORROW: &str = "2026-12-04";
const DAY: i64 = 86_400;

impl World {
    async fn shift_on(&self, by: &Person, grid: i64, kind: &str, date: &str) -> i64 {
        let r = self
            .app
            .post(
                &by.client,
                &format!("/api/v1/grids/{grid}/shifts"),
                &json!({"kind": kind, "date": date}),
            )
            .await;
        assert_eq!(r.status(), 201);
        json(r).await["id"].as_i64().unwrap()
    }

    async fn rota(&self, by: &Person) -> Value {
        let path = format!("/api/v1/communities/{}/rota", self.community);
        let r = self.app.get(&by.client, &path).await;
        assert_eq!(r.status(), 200);
        json(r).await
    }
}

/// The cell of `grid_name` on day `day` (0: today) of `kind`.
fn cell<'a>(rota: &'a Value, grid_name: &str, day: usize, kind: &str) -> &'a Value {
    let g = rota["grids"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["grid_name"] == grid_name)
        .unwrap();
    let d = rota["days"][day].as_i64().unwrap();
    g["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["day"] == d && c["kind"] == kind)
        .unwrap()
}

/// Seven days from today, every grid × day × kind, each filled, short or empty with the
/// names on it; a shift not yet added is empty without an id.
#[tokio::test]
async fn the_board_shows_a_week_of_coverage() {
    let w = world().await;
    let tomorrow = w
        .shift_on(&w.grid_worker, w.grid, "morning", TOMORROW)
        .await;
    let rota = w.rota(&w.patrol).await;
    let days = rota["days"].as_array().unwrap();
    assert_eq!(days.len(), 7);
    assert_eq!(days[0].as_i64().unwrap(), T0 - 10 * 3600);
    assert_eq!(rota["grids"].as_array().unwrap().len(), 2);
    assert_eq!(rota["grids"][0]["cells"].as_array().unwrap().len(), 21);
    let today = cell(&rota, "网格一", 0, "morning");
    assert_eq!(
        (&today["coverage"], &today["people"], &today["mine"]),
        (&json!("short"), &json!(["巡逻甲"]), &json!(true))
    );
    let none = cell(&rota, "网格一", 0, "evening");
    assert_eq!(
        (&none["coverage"], &none["shift_id"]),
        (&json!("empty"), &Value::Null)
    );
    let next = cell(&rota, "网格一", 1, "morning");
    assert_eq!(
        (&next["coverage"], &next["can_sign_up"]),
        (&json!("empty"), &json!(true))
    );
    for who in [&w.patrol, &w.off_duty] {
        assert_eq!(w.signup(who, tomorrow, None).await.status(), 200);
    }
    let r = w.signup(&w.grid_worker, tomorrow, Some(w.patrol2.id)).await;
    assert_error(r, 422, "validation").await;
    let extra = w
        .app
        .person_with_role("巡逻丁", linli_app::roles::Role::Patrol, w.grid)
        .await;
    assert_eq!(
        w.signup(&w.grid_worker, tomorrow, Some(extra.id))
            .await
            .status(),
        200
    );
    let rota = w.rota(&w.dispatcher).await;
    let next = cell(&rota, "网格一", 1, "morning");
    assert_eq!(next["coverage"], "filled");
    assert_eq!(next["people"].as_array().unwrap().len(), 3);
    // Another week; a date that is none.
    let path = format!("/api/v1/communities/{}/rota?from=2026-12-10", w.community);
    let later = json(w.app.get(&w.patrol.client, &path).await).await;
    assert_eq!(later["days"][0].as_i64().unwrap(), T0 - 10 * 3600 + 7 * DAY);
    let path = format!("/api/v1/communities/{}/rota?from=soon", w.community);
    assert_error(w.app.get(&w.patrol.client, &path).await, 422, "validation").await;
}

/// A volunteer withdraws before the shift begins, not after; arrangers may take anyone
/// off, other volunteers nobody but themselves.
#[tokio::test]
async fn volunteers_withdraw_before_a_shift_begins() {
    let w = world().await;
    let app = &w.app;
    let tomorrow = w.shift_on(&w.dispatcher, w.grid, "evening", TOMORROW).await;
    assert_eq!(w.signup(&w.off_duty, tomorrow, None).await.status(), 200);
    let rota = w.rota(&w.off_duty).await;
    assert_eq!(cell(&rota, "网格一", 1, "evening")["can_withdraw"], true);
    let mine = |shift: i64, who: i64| format!("/api/v1/shifts/{shift}/signups/{who}");
    let r = app
        .delete(&w.patrol.client, &mine(tomorrow, w.off_duty.id))
        .await;
    assert_error(r, 403, "forbidden").await;
    let r = app
        .delete(&w.off_duty.client, &mine(tomorrow, w.off_duty.id))
        .await;
    assert_eq!(json(r).await["people"], json!([]));
    let r = app
        .delete(&w.off_duty.client, &mine(tomorrow, w.off_duty.id))
        .await;
    assert_error(r, 409, "conflict").await;
    assert_eq!(w.signup(&w.patrol, tomorrow, None).await.status(), 200);
    let r = app
        .delete(&w.grid_worker.client, &mine(tomorrow, w.patrol.id))
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(w.signup(&w.patrol, tomorrow, None).await.status(), 200);
    for who in [&w.resident, &w.far_dispatcher, &w.leader] {
        let r = app.delete(&who.client, &mine(tomorrow, w.patrol.id)).await;
        assert_error(r, 403, "forbidden").await;
    }
    let r = app
        .delete(&w.dispatcher.client, &mine(tomorrow, w.patrol.id))
        .await;
    assert_eq!(r.status(), 200);
    // Today's morning rounds have begun.
    let rota = w.rota(&w.patrol).await;
    let today = cell(&rota, "网格一", 0, "morning");
    assert_eq!(today["can_withdraw"], false);
    let id = today["shift_id"].as_i64().unwrap();
    let r = app.delete(&w.patrol.client, &mine(id, w.patrol.id)).await;
    assert_error(r, 409, "conflict").await;
    let r = app
        .delete(&w.patrol.client, &mine(999_999, w.patrol.id))
        .await;
    assert_error(r, 404, "not_found").await;
    assert_error(
        app.delete(&app.client, &mine(id, w.patrol.id)).await,
        401,
        "unauthenticated",
    )
    .await;
}

/// Who sees the board: anyone with a place role in one of the community's grids and
/// global admins; only arrangers get the grid's volunteers to fill gaps with.
#[tokio::test]
async fn rota_authorization_per_role() {
    let w = world().await;
    let app = &w.app;
    let path = format!("/api/v1/communities/{}/rota", w.community);
    assert_error(app.get(&app.client, &path).await, 401, "unauthenticated").await;
    for who in [&w.resident, &w.leader, &w.far_dispatcher] {
        assert_error(app.get(&who.client, &path).await, 403, "forbidden").await;
    }
    let by_grid = |rota: &Value| -> Vec<(bool, usize)> {
        rota["grids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                (
                    g["can_arrange"].as_bool().unwrap(),
                    g["patrollers"].as_array().unwrap().len(),
                )
            })
            .collect()
    };
    assert_eq!(
        by_grid(&w.rota(&w.patrol).await),
        vec![(false, 0), (false, 0)]
    );
    assert_eq!(
        by_grid(&w.rota(&w.grid_worker).await),
        vec![(true, 2), (false, 0)]
    );
    assert_eq!(
        by_grid(&w.rota(&w.dispatcher).await),
        vec![(true, 2), (true, 1)]
    );
    assert_eq!(by_grid(&w.rota(&w.admin).await), vec![(true, 2), (true, 1)]);
    let r = app
        .get(
            &w.dispatcher.client,
            &format!("/api/v1/communities/{}/rota", w.grid),
        )
        .await;
    assert_error(r, 422, "validation").await;
    let r = app
        .get(&w.dispatcher.client, "/api/v1/communities/999999/rota")
        .await;
    assert_error(r, 404, "not_found").await;
    // A patrol volunteer of one grid cannot sign up in another, nor add a shift.
    let rota = w.rota(&w.patrol).await;
    assert_eq!(cell(&rota, "网格二", 0, "morning")["can_sign_up"], false);
    let r = app
        .post(
            &w.patrol.client,
            &format!("/api/v1/grids/{}/shifts", w.grid),
            &json!({"kind": "gate", "date": TOMORROW}),
        )
        .await;
    assert_error(r, 403, "forbidden").await;
}

/// Every patrol endpoint is in the OpenAPI document.
#[tokio::test]
async fn every_patrol_endpoint_is_in_the_openapi_document() {
    let w = world().await;
    let doc = json(w.app.get(&w.app.client, "/api/v1/openapi.json").await).await;
    for (path, method) in [
        ("/api/v1/communities/{id}/rota", "get"),
        ("/api/v1/shifts/{id}/signups/{user_id}", "delete"),
        ("/api/v1/shifts/{id}/attendance", "post"),
        ("/api/v1/patrol-log", "post"),
        ("/api/v1/patrol-log/{id}/photo", "post"),
    ] {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} missing"
        );
    }
}

impl World {
    /// Checks `who` (none: oneself) in or out of a shift as `by`.
    async fn attend(&self, by: &Person, shift: i64, body: Value) -> reqwest::Response {
        let path = format!("/api/v1/shifts/{shift}/attendance");
        self.app.post(&by.client, &path, &body).await
    }

    async fn morning(&self, by: &Person) -> i64 {
        let rota = self.rota(by).await;
        cell(&rota, "网格一", 0, "morning")["shift_id"]
            .as_i64()
            .unwrap()
    }
}

/// Checking in and out twice gives one hour record for the time served within the
/// shift, pending review; approving it twice earns once; all audited.
#[tokio::test]
async fn check_in_and_out_give_one_hour_record_and_points_once() {
    let w = world().await;
    let shift = w.morning(&w.patrol).await;
    let check_in = json!({"action": "check_in"});
    let check_out = json!({"action": "check_out"});
    let r = w.attend(&w.patrol, shift, check_out.clone()).await;
    assert_error(r, 409, "conflict").await;
    for _ in 0..2 {
        let line = json(w.attend(&w.patrol, shift, check_in.clone()).await).await;
        assert_eq!(line["checked_in_at"], T0);
    }
    w.clock.advance(5 * 1800);
    let first = json(w.attend(&w.patrol, shift, check_out.clone()).await).await;
    w.clock.advance(600);
    let again = json(w.attend(&w.patrol, shift, check_out).await).await;
    assert_eq!(first, again);
    let hours = &first["hours"];
    // Served 10:00 to the shift's end at 12:00.
    assert_eq!(
        (&hours["minutes"], &hours["status"]),
        (&json!(120), &json!("pending"))
    );
    assert_eq!(hours["project_title"], "网格一");
    let r = w.attend(&w.patrol, shift, check_in).await;
    assert_error(r, 409, "conflict").await;
    let mine = json(w.app.get(&w.patrol.client, "/api/v1/me/hours").await).await;
    assert_eq!(mine["records"].as_array().unwrap().len(), 1);
    let reviewer = w.app.reviewer_of(&w.admin, "红喇叭治安巡逻队").await;
    let queue = json(w.app.get(&reviewer.client, "/api/v1/review/hours").await).await;
    assert_eq!(queue[0]["id"], hours["id"]);
    let before = w.app.balance(&w.patrol).await;
    for _ in 0..2 {
        let r = w
            .app
            .post(
                &reviewer.client,
                "/api/v1/review/hours",
                &json!({"ids": [hours["id"]], "approve": true}),
            )
            .await;
        assert_eq!(r.status(), 200);
    }
    let earned = w.app.balance(&w.patrol).await - before;
    assert!(earned > 0);
    let approved = json(w.app.get(&w.patrol.client, "/api/v1/me/hours").await).await;
    assert_eq!(approved["records"][0]["points"], earned);
    let audit = json(
        w.app
            .get(
                &w.admin.client,
                "/api/v1/admin/audit?action=patrol.check_out",
            )
            .await,
    )
    .await;
    assert_eq!(audit["items"].as_array().map_or(0, Vec::len), 1, "{audit}");
}

/// Someone not on the shift is refused, by themself or by card; a shift far off cannot
/// be checked in yet; the arrangers check someone in by card number.
#[tokio::test]
async fn only_people_on_the_shift_check_in_and_only_now() {
    let w = world().await;
    let shift = w.morning(&w.patrol).await;
    let check_in = json!({"action": "check_in"});
    let r = w.attend(&w.off_duty, shift, check_in.clone()).await;
    assert_error(r, 409, "conflict").await;
    let card = json(w.app.get(&w.off_duty.client, "/api/v1/me/card").await).await;
    let by_card = json!({"action": "check_in", "card_number": card["number"]});
    let r = w.attend(&w.grid_worker, shift, by_card).await;
    assert_error(r, 409, "conflict").await;
    let card = json(w.app.get(&w.patrol.client, "/api/v1/me/card").await).await;
    let by_card = json!({"action": "check_in", "card_number": card["number"]});
    let line = json(w.attend(&w.grid_worker, shift, by_card).await).await;
    assert_eq!(
        (&line["name"], &line["checked_in_at"]),
        (&json!("巡逻甲"), &json!(T0))
    );
    let later = w.shift_on(&w.dispatcher, w.grid, "evening", TOMORROW).await;
    assert_eq!(w.signup(&w.off_duty, later, None).await.status(), 200);
    let r = w.attend(&w.off_duty, later, check_in.clone()).await;
    assert_error(r, 409, "conflict").await;
    let r = w
        .attend(&w.patrol, shift, json!({"action": "no_show"}))
        .await;
    assert_error(r, 422, "validation").await;
    let r = w
        .attend(&w.patrol, shift, json!({"action": "check_in", "at": T0}))
        .await;
    assert_error(r, 422, "validation").await;
}

/// Who records attendance: the volunteer for themself; the grid worker and dispatcher
/// over the grid for anyone; nobody else.
#[tokio::test]
async fn attendance_authorization_per_role() {
    let w = world().await;
    let shift = w.morning(&w.patrol).await;
    let named = json!({"action": "check_in", "user_id": w.patrol.id});
    let r = w
        .app
        .post(
            &w.app.client,
            &format!("/api/v1/shifts/{shift}/attendance"),
            &named,
        )
        .await;
    assert_error(r, 401, "unauthenticated").await;
    for who in [
        &w.resident,
        &w.leader,
        &w.far_dispatcher,
        &w.patrol2,
        &w.off_duty,
    ] {
        assert_error(w.attend(who, shift, named.clone()).await, 403, "forbidden").await;
    }
    // Oneself without a place role in the grid.
    let r = w
        .attend(&w.resident, shift, json!({"action": "check_in"}))
        .await;
    assert_error(r, 403, "forbidden").await;
    for who in [&w.grid_worker, &w.dispatcher, &w.admin] {
        assert_eq!(w.attend(who, shift, named.clone()).await.status(), 200);
    }
    let r = w.attend(&w.dispatcher, 999_999, named).await;
    assert_error(r, 404, "not_found").await;
    let rota = w.rota(&w.patrol).await;
    let me = cell(&rota, "网格一", 0, "morning");
    assert_eq!(
        (&me["checked_in_at"], &me["can_attend"]),
        (&json!(T0), &json!(true))
    );
}

impl World {
    async fn log(&self, by: &Person, grid: i64, kind: &str, text: &str) -> reqwest::Response {
        let body = json!({"grid_id": grid, "kind": kind, "text": text});
        self.app.post(&by.client, "/api/v1/patrol-log", &body).await
    }

    async fn log_photo(&self, by: &Person, id: i64) -> reqwest::Response {
        by.client
            .post(self.app.url(&format!("/api/v1/patrol-log/{id}/photo")))
            .header("content-type", "application/octet-stream")
            .body(crate::orders_more::png(64, 48))
            .send()
            .await
            .unwrap()
    }

    async fn desk_log(&self) -> Vec<Value> {
        let path = format!("/api/v1/dispatch/{}", self.community);
        let desk = json(self.app.get(&self.dispatcher.client, &path).await).await;
        desk["log"].as_array().unwrap().clone()
    }
}

/// Patrol volunteers and grid workers write in their grid's log, with one photo; the
/// desk shows the community's log of the day, newest first, and not yesterday's.
#[tokio::test]
async fn the_patrol_log_shows_on_the_desk_today() {
    let w = world().await;
    let r = w
        .log(&w.patrol, w.grid, "street_stall", " 菜市场口占道摆摊 ")
        .await;
    assert_eq!(r.status(), 201);
    let stall = json(r).await;
    assert_eq!(
        (&stall["text"], &stall["author_name"], &stall["photo"]),
        (&json!("菜市场口占道摆摊"), &json!("巡逻甲"), &Value::Null)
    );
    let id = stall["id"].as_i64().unwrap();
    let r = w.log_photo(&w.off_duty, id).await;
    assert_error(r, 403, "forbidden").await;
    let with = json(w.log_photo(&w.patrol, id).await).await;
    let thumb = with["photo"]["thumb_url"].as_str().unwrap().to_string();
    assert_eq!(w.app.get(&w.patrol.client, &thumb).await.status(), 200);
    assert_error(w.log_photo(&w.patrol, id).await, 409, "conflict").await;
    assert_error(w.log_photo(&w.patrol, 999_999).await, 404, "not_found").await;
    let anon = w
        .app
        .client
        .post(w.app.url(&format!("/api/v1/patrol-log/{id}/photo")))
        .body(crate::orders_more::png(8, 8))
        .send()
        .await
        .unwrap();
    assert_error(anon, 401, "unauthenticated").await;
    w.clock.advance(60);
    let r = w
        .log(&w.grid_worker, w.grid, "sanitation", "垃圾桶满溢")
        .await;
    assert_eq!(r.status(), 201);
    let log = w.desk_log().await;
    let kinds: Vec<_> = log.iter().map(|e| e["kind"].clone()).collect();
    assert_eq!(kinds, vec![json!("sanitation"), json!("street_stall")]);
    assert_eq!(log[1]["photo"]["thumb_url"], thumb.as_str());
    w.clock.advance(DAY);
    assert!(w.desk_log().await.is_empty());
}

/// Who writes in a grid's log: its patrol volunteers and grid workers only; the text is
/// required; a node that is no grid is refused.
#[tokio::test]
async fn log_authorization_per_role() {
    let w = world().await;
    let body = json!({"grid_id": w.grid, "kind": "fire", "text": "冒烟"});
    let r = w.app.post(&w.app.client, "/api/v1/patrol-log", &body).await;
    assert_error(r, 401, "unauthenticated").await;
    for who in [
        &w.resident,
        &w.leader,
        &w.patrol2,
        &w.dispatcher,
        &w.far_dispatcher,
    ] {
        assert_error(w.log(who, w.grid, "fire", "冒烟").await, 403, "forbidden").await;
    }
    for who in [&w.patrol, &w.off_duty, &w.grid_worker] {
        assert_eq!(w.log(who, w.grid, "fire", "冒烟").await.status(), 201);
    }
    assert_error(
        w.log(&w.patrol, w.grid, "fire", "  ").await,
        422,
        "validation",
    )
    .await;
    assert_error(
        w.log(&w.patrol, w.community, "fire", "冒烟").await,
        422,
        "validation",
    )
    .await;
    let r = w.log(&w.patrol, w.grid, "ufo", "冒烟").await;
    assert_eq!(r.status(), 422);
    // The desk's log is the desk's: a resident cannot read it there.
    let path = format!("/api/v1/dispatch/{}", w.community);
    assert_error(w.app.get(&w.resident.client, &path).await, 403, "forbidden").await;
    assert_eq!(w.desk_log().await.len(), 3);
}

/// The demo shows a week of rota with filled, short, empty and unarranged shifts, and two
/// entries in today's log on the desk.
#[tokio::test]
async fn the_demo_shows_the_rota_working() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = linli_server::config::Config::for_tests(dir.path().join("demo.db"));
    config.seed = linli_server::config::Seed::Demo;
    let app = linli_server::Application::build(config).await.unwrap();
    let base = format!("http://{}", app.local_addr());
    tokio::spawn(app.run_until_stopped());
    let c = crate::helpers::TestApp::new_client();
    let login = c
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"phone": "13800000016", "password": linli_server::seed::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let nodes = json(
        c.get(format!("{base}/api/v1/nodes?tree=territory"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let community = nodes
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["name"] == "梅林都汇社区")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let get = |path: String| c.get(format!("{base}/api/v1{path}")).send();
    let rota = json(get(format!("/communities/{community}/rota")).await.unwrap()).await;
    let mut seen = std::collections::BTreeSet::new();
    for g in rota["grids"].as_array().unwrap() {
        for cell in g["cells"].as_array().unwrap() {
            let state = match cell["shift_id"] {
                Value::Null => "none".to_string(),
                _ => cell["coverage"].as_str().unwrap().to_string(),
            };
            seen.insert(state);
        }
    }
    assert_eq!(
        seen.into_iter().collect::<Vec<_>>(),
        ["empty", "filled", "none", "short"]
    );
    let desk = json(get(format!("/dispatch/{community}")).await.unwrap()).await;
    assert_eq!(desk["log"].as_array().unwrap().len(), 2);
}
