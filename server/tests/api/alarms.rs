//! One call, a hundred answers (S7): grid-scoped roles, skills, the patrol rota's shifts,
//! the one-key alarm (stored before "sent", live over the notification stream, replayed
//! after a dropped connection) and its escalation ladder on a clock the test moves.

use std::time::Duration;

use linli_app::api::alarms::Skill;
use linli_app::api::{NodeKind, Tree};
use linli_app::roles::Role;
use linli_server::auth::session;
use linli_server::clock::Clock;
use linli_server::store;
use serde_json::{json, Value};

use crate::helpers::{assert_error, json, Person, TestApp};
use crate::notifications::read_events;

/// 2026-12-03 10:00 Beijing: inside the morning rounds.
pub const T0: i64 = 1_796_263_200;
const STEP: i64 = 120;
/// How long a help request waits for its grid before it goes to the whole community.
pub const WIDEN: i64 = 300;

pub struct World {
    pub app: TestApp,
    pub clock: Clock,
    pub community: i64,
    pub grid: i64,
    pub grid2: i64,
    pub far_community: i64,
    pub admin: Person,
    pub dispatcher: Person,
    pub far_dispatcher: Person,
    pub grid_worker: Person,
    /// On the morning rounds of `grid`, a member of the patrol team.
    pub patrol: Person,
    /// On the morning rounds of `grid2`.
    pub patrol2: Person,
    /// A patrol volunteer of `grid` not on duty.
    pub off_duty: Person,
    pub leader: Person,
    pub resident: Person,
    pub neighbour: Person,
}

pub async fn world() -> World {
    let clock = Clock::manual(T0);
    let app = TestApp::spawn_with_clock(clock.clone(), |c| {
        c.alarm_escalate_secs = STEP as u32;
        c.help_widen_secs = WIDEN as u32;
    })
    .await;
    let t = |parent: Option<i64>, kind: NodeKind, name: &'static str| {
        app.make_node(Tree::Territory, parent, kind, name)
    };
    let district = t(None, NodeKind::District, "汉阳区").await;
    let street = t(Some(district), NodeKind::Street, "四新街道").await;
    let community = t(Some(street), NodeKind::Community, "梅林都汇社区").await;
    let grid = t(Some(community), NodeKind::Grid, "网格一").await;
    let grid2 = t(Some(community), NodeKind::Grid, "网格二").await;
    let far_community = t(Some(street), NodeKind::Community, "远方社区").await;
    let root = app.org_root().await;
    let team = app
        .make_node(Tree::Org, Some(root), NodeKind::Team, "红喇叭治安巡逻队")
        .await;
    let admin = app.login_as_admin().await;
    let dispatcher = app
        .person_with_role("调度员", Role::Dispatcher, community)
        .await;
    let far_dispatcher = app
        .person_with_role("远方调度", Role::Dispatcher, far_community)
        .await;
    let grid_worker = app.person_with_role("网格员", Role::GridWorker, grid).await;
    let patrol = app.person_with_role("巡逻甲", Role::Patrol, grid).await;
    let patrol2 = app.person_with_role("巡逻乙", Role::Patrol, grid2).await;
    let off_duty = app.person_with_role("巡逻丙", Role::Patrol, grid).await;
    let leader = app.person_with_role("队长", Role::TeamLeader, team).await;
    let resident = app.resident("居民甲").await;
    let neighbour = app.resident("居民乙").await;
    let add = app
        .post(
            &admin.client,
            &format!("/api/v1/nodes/{team}/members"),
            &json!({"user_id": patrol.id}),
        )
        .await;
    assert_eq!(add.status(), 204);
    let w = World {
        app,
        clock,
        community,
        grid,
        grid2,
        far_community,
        admin,
        dispatcher,
        far_dispatcher,
        grid_worker,
        patrol,
        patrol2,
        off_duty,
        leader,
        resident,
        neighbour,
    };
    for (g, who) in [(w.grid, &w.patrol), (w.grid2, &w.patrol2)] {
        let shift = w.shift(&w.dispatcher, g, "morning").await;
        let r = w.signup(who, shift, None).await;
        assert_eq!(r.status(), 200);
    }
    w
}

impl World {
    pub async fn shift(&self, by: &Person, grid: i64, kind: &str) -> i64 {
        let r = self
            .app
            .post(
                &by.client,
                &format!("/api/v1/grids/{grid}/shifts"),
                &json!({"kind": kind, "date": "2026-12-03"}),
            )
            .await;
        assert_eq!(r.status(), 201);
        json(r).await["id"].as_i64().unwrap()
    }

    pub async fn signup(&self, by: &Person, shift: i64, who: Option<i64>) -> reqwest::Response {
        self.app
            .post(
                &by.client,
                &format!("/api/v1/shifts/{shift}/signups"),
                &json!({"user_id": who}),
            )
            .await
    }

    async fn raise(&self, by: &Person, text: &str) -> Value {
        let r = self
            .app
            .post(
                &by.client,
                "/api/v1/alarms",
                &json!({"grid_id": self.grid, "text": text, "lat": 30.55, "lon": 114.22}),
            )
            .await;
        assert_eq!(r.status(), 201);
        json(r).await
    }

    async fn alarm(&self, by: &Person, id: i64) -> Value {
        let r = self
            .app
            .get(&by.client, &format!("/api/v1/alarms/{id}"))
            .await;
        assert_eq!(r.status(), 200);
        json(r).await
    }

    /// Waits (real time, briefly) until the alarm reaches `level`.
    async fn wait_level(&self, id: i64, level: i64) -> Value {
        for _ in 0..100 {
            let a = self.alarm(&self.dispatcher, id).await;
            if a["level"] == level {
                return a;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("alarm {id} did not reach level {level}");
    }

    async fn notices(&self, who: &Person) -> Vec<Value> {
        json(self.app.get(&who.client, "/api/v1/notifications").await)
            .await
            .as_array()
            .unwrap()
            .clone()
    }
}

fn escalations(a: &Value) -> Vec<i64> {
    a["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["step"] == "escalated")
        .map(|e| e["level"].as_i64().unwrap())
        .collect()
}

/// Grid worker, patrol volunteer and dispatcher are granted on the territory tree (by a
/// global admin), the organisation roles only on the organisation tree.
#[tokio::test]
async fn place_roles_are_granted_on_grids_and_communities() {
    let w = world().await;
    let app = &w.app;
    let grant = |by: &Person, role: &str, node: i64| {
        let body = json!({"role": role, "node_id": node});
        let url = app.url(&format!("/api/v1/users/{}/roles", w.neighbour.id));
        by.client.post(url).json(&body).send()
    };
    let r = grant(&w.admin, "grid_worker", w.grid).await.unwrap();
    assert_eq!(r.status(), 201);
    let grant_id = json(r).await["id"].as_i64().unwrap();
    assert_eq!(
        grant(&w.admin, "patrol", w.grid2).await.unwrap().status(),
        201
    );
    let body = assert_error(
        grant(&w.admin, "team_leader", w.grid).await.unwrap(),
        422,
        "validation",
    )
    .await;
    assert_eq!(body["error"]["field"], "node_id");
    assert_eq!(body["error"]["message"], "该角色不能授予在这个节点上");
    let root = app.org_root().await;
    assert_error(
        grant(&w.admin, "dispatcher", root).await.unwrap(),
        422,
        "validation",
    )
    .await;
    // A grant on a place is no team leader's or scoped admin's to give.
    assert_error(
        grant(&w.leader, "patrol", w.grid).await.unwrap(),
        403,
        "forbidden",
    )
    .await;
    let me = json(app.get(&w.neighbour.client, "/api/v1/me").await).await;
    let roles: Vec<_> = me["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["role"].clone())
        .collect();
    assert!(roles.contains(&json!("grid_worker")) && roles.contains(&json!("patrol")));
    let r = app
        .delete(
            &w.admin.client,
            &format!("/api/v1/users/{}/roles/{grant_id}", w.neighbour.id),
        )
        .await;
    assert_eq!(r.status(), 204);
}

/// Volunteers keep their skills; an unknown skill is a 422.
#[tokio::test]
async fn volunteers_record_their_skills() {
    let w = world().await;
    let app = &w.app;
    let c = &w.patrol.client;
    let r = app
        .client
        .put(app.url("/api/v1/me/skills"))
        .json(&json!({"skills": ["medical", "elderly_care", "medical"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = c
        .put(app.url("/api/v1/me/skills"))
        .json(&json!({"skills": ["medical", "elderly_care", "medical"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(json(r).await["skills"], json!(["elderly_care", "medical"]));
    let r = c
        .put(app.url("/api/v1/me/skills"))
        .json(&json!({"skills": ["juggling"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let mine = json(app.get(c, "/api/v1/me/skills").await).await;
    assert_eq!(mine["skills"], json!(["elderly_care", "medical"]));
}

/// Shifts: grid workers and dispatchers arrange them, patrol volunteers of the grid sign
/// up, three fill a shift, a gap is filled only with a patrol volunteer of the grid.
#[tokio::test]
async fn shifts_fill_up_to_three() {
    let w = world().await;
    let shift = w.shift(&w.grid_worker, w.grid, "evening").await;
    let r = w
        .app
        .post(
            &w.patrol.client,
            &format!("/api/v1/grids/{}/shifts", w.grid),
            &json!({"kind": "gate", "date": "2026-12-03"}),
        )
        .await;
    assert_error(r, 403, "forbidden").await;
    let r = w
        .app
        .post(
            &w.grid_worker.client,
            &format!("/api/v1/grids/{}/shifts", w.grid2),
            &json!({"kind": "gate", "date": "2026-12-03"}),
        )
        .await;
    assert_error(r, 403, "forbidden").await;
    assert_error(w.signup(&w.resident, shift, None).await, 403, "forbidden").await;
    assert_error(w.signup(&w.patrol2, shift, None).await, 403, "forbidden").await;
    assert_eq!(w.signup(&w.patrol, shift, None).await.status(), 200);
    assert_error(w.signup(&w.patrol, shift, None).await, 409, "conflict").await;
    // Filling a gap: only with a patrol volunteer of this grid.
    let r = w.signup(&w.grid_worker, shift, Some(w.patrol2.id)).await;
    assert_error(r, 422, "validation").await;
    let r = w.signup(&w.grid_worker, shift, Some(w.off_duty.id)).await;
    assert_eq!(json(r).await["people"].as_array().unwrap().len(), 2);
    let third = w.app.person_with_role("巡逻丁", Role::Patrol, w.grid).await;
    let fourth = w.app.person_with_role("巡逻戊", Role::Patrol, w.grid).await;
    assert_eq!(w.signup(&third, shift, None).await.status(), 200);
    assert_error(w.signup(&fourth, shift, None).await, 409, "conflict").await;
}

/// The alarm is on disk, with the people it reached and their notices, when the button
/// hears "sent"; a retried press is the same alarm.
#[tokio::test]
async fn an_alarm_is_stored_before_it_is_sent() {
    let w = world().await;
    let body = json!({"grid_id": w.grid, "text": "楼道有烟", "key": "press-1"});
    let r = w
        .app
        .post(&w.resident.client, "/api/v1/alarms", &body)
        .await;
    assert_eq!(r.status(), 201);
    let a = json(r).await;
    let id = a["id"].as_i64().unwrap();
    // A fresh connection to the file sees the alarm and who it reached at once.
    let conn = rusqlite::Connection::open(&w.app.db_path).unwrap();
    let (text, escalate_at): (String, i64) = conn
        .query_row(
            "SELECT text, escalate_at FROM alarms WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((text.as_str(), escalate_at), ("楼道有烟", T0 + STEP));
    let reached: Vec<i64> = conn
        .prepare("SELECT user_id FROM alarm_reached WHERE alarm_id = ?1 ORDER BY user_id")
        .unwrap()
        .query_map([id], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut expected = vec![w.dispatcher.id, w.grid_worker.id, w.patrol.id];
    expected.sort();
    assert_eq!(
        reached, expected,
        "desk, grid worker and the volunteer on duty"
    );
    let notices: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM notifications WHERE kind = 'alarm'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(notices, 3);
    let again = w
        .app
        .post(&w.resident.client, "/api/v1/alarms", &body)
        .await;
    assert_eq!(again.status(), 200);
    assert_eq!(json(again).await["id"], id);
    // Not a grid, a half location: refused, nothing stored.
    let bad = json!({"grid_id": w.community, "text": ""});
    assert_error(
        w.app.post(&w.resident.client, "/api/v1/alarms", &bad).await,
        422,
        "validation",
    )
    .await;
    let bad = json!({"grid_id": w.grid, "lat": 30.0});
    assert_error(
        w.app.post(&w.resident.client, "/api/v1/alarms", &bad).await,
        422,
        "validation",
    )
    .await;
    let count: i64 = conn
        .query_row("SELECT COUNT(*) FROM alarms", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 1);
}

/// The desk's live stream: an alarm arrives at once; the connection dies mid-stream;
/// the reconnect with Last-Event-ID gets every alarm event it missed, once, in order,
/// then the next live one.
#[tokio::test]
async fn a_dropped_desk_stream_misses_no_alarm() {
    let w = world().await;
    let open = |last: Option<i64>| {
        let mut req = w
            .dispatcher
            .client
            .get(w.app.url("/api/v1/notifications/stream"));
        if let Some(last) = last {
            req = req.header("last-event-id", last.to_string());
        }
        req.send()
    };
    let mut stream = open(None).await.unwrap();
    assert_eq!(stream.status(), 200);
    let first = w.raise(&w.resident, "有人晕倒").await;
    let got = read_events(&mut stream, 1).await;
    assert_eq!(got[0].1["kind"], "alarm");
    assert_eq!(got[0].1["params"]["alarm"], first["id"]);
    assert_eq!(got[0].1["text"], "居民甲在网格一发出紧急报警：有人晕倒");
    drop(stream); // the desk's connection dies

    let mut missed_ids = Vec::new();
    for i in 0..5 {
        let who = if i % 2 == 0 {
            &w.neighbour
        } else {
            &w.resident
        };
        missed_ids.push(w.raise(who, &format!("第{i}起")).await["id"].clone());
    }
    let ack = w
        .app
        .post(
            &w.patrol.client,
            &format!("/api/v1/alarms/{}/ack", first["id"]),
            &json!({}),
        )
        .await;
    assert_eq!(ack.status(), 200);
    let mut stream = open(Some(got[0].0)).await.unwrap();
    let missed = read_events(&mut stream, 6).await;
    let alarms: Vec<_> = missed[..5]
        .iter()
        .map(|(_, n)| n["params"]["alarm"].clone())
        .collect();
    assert_eq!(alarms, missed_ids);
    assert_eq!(missed[5].1["kind"], "alarm_ack");
    assert_eq!(missed[5].1["text"], "巡逻甲正在赶往网格一");
    assert!(missed.windows(2).all(|p| p[0].0 < p[1].0));
    let live = w.raise(&w.neighbour, "最后一起").await;
    let next = read_events(&mut stream, 1).await;
    assert_eq!(next[0].1["params"]["alarm"], live["id"]);
}

/// The ladder on the test's clock: nothing a second early, each rung once at its time
/// (community on duty, then the patrol team's leader, then the outside responders), also
/// with a second server started on the same file ("after a restart") running the same
/// deadlines; nothing after the top.
#[tokio::test]
async fn escalation_fires_each_step_once_on_time_across_a_restart() {
    let w = world().await;
    let a = w.raise(&w.resident, "").await;
    let id = a["id"].as_i64().unwrap();
    assert_eq!(a["escalate_at"], T0 + STEP);
    assert!(
        w.notices(&w.patrol2).await.is_empty(),
        "another grid is not told yet"
    );

    w.clock.set(T0 + STEP - 1);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(w.alarm(&w.dispatcher, id).await["level"], 0);

    w.clock.set(T0 + STEP);
    let a = w.wait_level(id, 1).await;
    assert_eq!(escalations(&a), vec![1]);
    assert_eq!(a["escalate_at"], T0 + 2 * STEP);
    let told = w.notices(&w.patrol2).await;
    assert_eq!(told.len(), 1, "the community's on-duty volunteers");
    assert_eq!(told[0]["kind"], "alarm");
    assert!(w.notices(&w.leader).await.is_empty());

    // "Restart": a second server over the same file, its own clock, at the same time.
    let restarted = Clock::manual(T0 + STEP);
    let base = w.app.another_server_with_clock(restarted.clone()).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(escalations(&w.alarm(&w.dispatcher, id).await), vec![1]);

    restarted.set(T0 + 2 * STEP);
    let a = w.wait_level(id, 2).await;
    assert_eq!(
        w.notices(&w.leader).await.len(),
        1,
        "the patrol team's leader"
    );
    // The first server reaches the same deadline later: it finds the step taken.
    w.clock.set(T0 + 2 * STEP);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(escalations(&a), vec![1, 2]);
    assert_eq!(escalations(&w.alarm(&w.dispatcher, id).await), vec![1, 2]);

    restarted.set(T0 + 3 * STEP);
    let a = w.wait_level(id, 3).await;
    assert_eq!(a["escalate_at"], Value::Null, "the top of the ladder");
    assert_eq!(a["responders"][0]["phone"], "027-84640110");
    let desk = w.notices(&w.dispatcher).await;
    assert_eq!(desk[0]["kind"], "alarm_escalated");
    assert!(desk[0]["text"]
        .as_str()
        .unwrap()
        .contains("四新派出所 027-84640110"));

    restarted.set(T0 + 10 * STEP);
    w.clock.set(T0 + 10 * STEP);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let c = TestApp::new_client();
    let r = c
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"phone": w.dispatcher.phone, "password": crate::helpers::PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let a = json(
        c.get(format!("{base}/api/v1/alarms/{id}"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(escalations(&a), vec![1, 2, 3]);
    let audited: i64 = w
        .app
        .db
        .read(move |c| {
            Ok(c.query_row(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'alarm.escalate' AND subject = ?1",
                [format!("alarm:{id}")],
                |r| r.get(0),
            )?)
        })
        .await
        .unwrap();
    assert_eq!(audited, 3);
}

/// The first "I'm going" stops the ladder; the dispatcher resolves with a note and the
/// timeline tells every step.
#[tokio::test]
async fn an_acknowledged_alarm_stops_climbing_and_is_resolved_with_a_note() {
    let w = world().await;
    let id = w.raise(&w.resident, "老人摔倒").await["id"]
        .as_i64()
        .unwrap();
    let r = w
        .app
        .post(
            &w.patrol.client,
            &format!("/api/v1/alarms/{id}/ack"),
            &json!({}),
        )
        .await;
    let a = json(r).await;
    assert_eq!(a["state"], "acknowledged");
    assert_eq!(a["acked_by_name"], "巡逻甲");
    assert_eq!(a["escalate_at"], Value::Null);
    assert_eq!(a["can_ack"], false);
    w.clock.set(T0 + 5 * STEP);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(w.alarm(&w.dispatcher, id).await["level"], 0);
    let told = w.notices(&w.resident).await;
    assert_eq!(told[0]["kind"], "alarm_ack");

    let resolve = |by: &Person, note: &str| {
        let url = w.app.url(&format!("/api/v1/alarms/{id}/resolve"));
        by.client.post(url).json(&json!({"note": note})).send()
    };
    assert_error(
        resolve(&w.dispatcher, "  ").await.unwrap(),
        422,
        "validation",
    )
    .await;
    let a = json(resolve(&w.dispatcher, "已送医，家属陪同").await.unwrap()).await;
    assert_eq!(a["state"], "resolved");
    assert_eq!(a["resolution"], "已送医，家属陪同");
    let steps: Vec<_> = a["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["step"].clone())
        .collect();
    assert_eq!(
        steps,
        vec![json!("raised"), json!("acknowledged"), json!("resolved")]
    );
    assert_error(
        resolve(&w.dispatcher, "再次").await.unwrap(),
        409,
        "conflict",
    )
    .await;
    let r = w
        .app
        .post(
            &w.grid_worker.client,
            &format!("/api/v1/alarms/{id}/ack"),
            &json!({}),
        )
        .await;
    assert_error(r, 409, "conflict").await;
    assert_eq!(w.notices(&w.resident).await[0]["kind"], "alarm_resolved");
}

/// Who sees, acknowledges and resolves an alarm, and who opens the desk; a resident
/// never sees another resident's alarm, the sender's phone goes only to the people
/// reached and the desk, the outside responders only to the desk.
#[tokio::test]
async fn alarm_authorization_per_role() {
    let w = world().await;
    let app = &w.app;
    let id = w.raise(&w.resident, "争吵").await["id"].as_i64().unwrap();
    let path = format!("/api/v1/alarms/{id}");
    assert_error(app.get(&app.client, &path).await, 401, "unauthenticated").await;
    for who in [
        &w.neighbour,
        &w.far_dispatcher,
        &w.off_duty,
        &w.patrol2,
        &w.leader,
    ] {
        assert_error(app.get(&who.client, &path).await, 403, "forbidden").await;
        let r = app
            .post(&who.client, &format!("{path}/ack"), &json!({}))
            .await;
        assert_error(r, 403, "forbidden").await;
    }
    let own = w.alarm(&w.resident, id).await;
    assert_eq!(own["raised_by_phone"], Value::Null);
    assert_eq!(own["responders"], json!([]));
    assert_eq!(
        (own["can_ack"].clone(), own["can_resolve"].clone()),
        (json!(false), json!(false))
    );
    let reached = w.alarm(&w.patrol, id).await;
    assert_eq!(reached["raised_by_phone"], w.resident.phone);
    assert_eq!(reached["responders"], json!([]));
    assert_eq!(reached["can_ack"], true);
    let desk = w.alarm(&w.dispatcher, id).await;
    assert_eq!(desk["responders"][0]["name"], "四新派出所");
    assert_eq!(desk["can_resolve"], true);
    assert!(w.alarm(&w.admin, id).await["can_resolve"]
        .as_bool()
        .unwrap());
    assert_eq!(w.alarm(&w.grid_worker, id).await["can_resolve"], false);
    // Lists: mine shows my own only.
    let mine = json(app.get(&w.neighbour.client, "/api/v1/alarms").await).await;
    assert_eq!(mine, json!([]));
    let mine = json(app.get(&w.resident.client, "/api/v1/alarms").await).await;
    assert_eq!(mine[0]["id"], id);
    // Resolving: dispatchers over the grid only.
    for who in [&w.resident, &w.patrol, &w.grid_worker, &w.far_dispatcher] {
        let r = app
            .post(
                &who.client,
                &format!("{path}/resolve"),
                &json!({"note": "好了"}),
            )
            .await;
        assert_error(r, 403, "forbidden").await;
    }
    let r = app
        .post(
            &w.dispatcher.client,
            "/api/v1/alarms/999999/ack",
            &json!({}),
        )
        .await;
    assert_error(r, 404, "not_found").await;
    // The desk: dispatchers of the community and global admins.
    let desk_path = format!("/api/v1/dispatch/{}", w.community);
    assert_error(
        app.get(&app.client, &desk_path).await,
        401,
        "unauthenticated",
    )
    .await;
    for who in [
        &w.resident,
        &w.patrol,
        &w.grid_worker,
        &w.leader,
        &w.far_dispatcher,
    ] {
        assert_error(app.get(&who.client, &desk_path).await, 403, "forbidden").await;
    }
    let desk = json(app.get(&w.dispatcher.client, &desk_path).await).await;
    assert_eq!(desk["alarms"][0]["id"], id);
    let duty: Vec<_> = desk["on_duty"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["grid_name"].clone(),
                g["people"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(duty, vec![(json!("网格一"), 1), (json!("网格二"), 1)]);
    assert_eq!(app.get(&w.admin.client, &desk_path).await.status(), 200);
    let r = app
        .get(
            &w.dispatcher.client,
            &format!("/api/v1/dispatch/{}", w.grid),
        )
        .await;
    assert_error(r, 422, "validation").await;
    let r = app
        .get(
            &w.far_dispatcher.client,
            &format!("/api/v1/dispatch/{}", w.far_community),
        )
        .await;
    assert_eq!(json(r).await["alarms"], json!([]));
}

/// A grid worker orders a service for a neighbour of their own grid, not elsewhere; a
/// resident still cannot order for others.
#[tokio::test]
async fn a_grid_worker_orders_for_a_neighbour_of_their_grid() {
    let o = crate::orders::world().await;
    let app = &o.app;
    let worker = app
        .person_with_role("网格员", Role::GridWorker, o.grid)
        .await;
    let elsewhere = app
        .person_with_role("远方网格员", Role::GridWorker, o.far_grid)
        .await;
    let mut body = o.order_body();
    body["for_name"] = json!("王奶奶");
    let r = app.post(&worker.client, "/api/v1/orders", &body).await;
    assert_eq!(r.status(), 201);
    let order = json(r).await;
    assert_eq!(order["served_name"], "王奶奶");
    let r = app.post(&elsewhere.client, "/api/v1/orders", &body).await;
    assert_error(r, 403, "forbidden").await;
    let r = app.post(&o.stranger.client, "/api/v1/orders", &body).await;
    assert_error(r, 403, "forbidden").await;
}

/// `n` patrol volunteers of `grid` with `skill`, made in the store with their sessions
/// (64 sign-ins through the password hash would only slow the test): their browsers.
pub async fn volunteers(app: &TestApp, grid: i64, skill: Skill, n: usize) -> Vec<reqwest::Client> {
    let phones: Vec<String> = (0..n).map(|_| app.fresh_phone()).collect();
    let tokens = app
        .db
        .write(move |tx| {
            let mut tokens = Vec::new();
            for (i, phone) in phones.iter().enumerate() {
                let id = store::accounts::insert_user(tx, &format!("志愿者{i}"), phone, "-", 0)?;
                store::accounts::insert_grant(tx, id, Role::Patrol, grid, None, 0)?;
                store::alarms::set_skills(tx, id, &[skill])?;
                let token = session::new_token();
                store::sessions::insert(tx, &session::hash(&token), id, 0, i64::MAX / 2)?;
                tokens.push(token);
            }
            Ok(tokens)
        })
        .await
        .unwrap();
    tokens
        .into_iter()
        .map(|t| {
            let mut h = reqwest::header::HeaderMap::new();
            let cookie = format!("{}={t}", session::COOKIE);
            h.insert("cookie", cookie.parse().unwrap());
            reqwest::Client::builder()
                .default_headers(h)
                .build()
                .unwrap()
        })
        .collect()
}

/// 64 volunteers answer a request that wants 3 at the same moment: exactly 3 are
/// accepted, the others hear that enough are coming. The place and the resident's phone
/// go only to those 3; their phones only to the resident; another resident sees nothing.
#[tokio::test]
async fn sixty_four_answers_for_three_places_accept_exactly_three() {
    let w = world().await;
    let app = &w.app;
    let doctors = volunteers(app, w.grid, Skill::Medical, 64).await;
    let lawyers = volunteers(app, w.grid, Skill::Legal, 1).await;
    let body = json!({"grid_id": w.grid, "skill": "medical", "urgency": "urgent",
        "place": "梅林一街 3 栋 201", "text": "老人血压高，需要量血压", "places": 3});
    let r = app.post(&w.resident.client, "/api/v1/help", &body).await;
    assert_eq!(r.status(), 201);
    let id = json(r).await["id"].as_i64().unwrap();
    let path = format!("/api/v1/help/{id}");
    // Offered to the medical volunteers only, without the place or the phone.
    let seen = json(app.get(&doctors[0], &path).await).await;
    assert_eq!(
        (seen["place"].clone(), seen["requester_phone"].clone()),
        (Value::Null, Value::Null)
    );
    assert_eq!(seen["can_answer"], true);
    assert_eq!(seen["mine"], false);
    assert_error(app.get(&lawyers[0], &path).await, 403, "forbidden").await;
    assert_error(app.get(&w.neighbour.client, &path).await, 403, "forbidden").await;
    let offered = json(app.get(&doctors[5], "/api/v1/notifications").await).await;
    assert_eq!(offered[0]["kind"], "help_offer");

    let mut all = tokio::task::JoinSet::new();
    for (i, c) in doctors.iter().enumerate() {
        let req = c.post(app.url(&format!("{path}/answers"))).json(&json!({}));
        all.spawn(async move { (i, req.send().await.unwrap()) });
    }
    let mut accepted = Vec::new();
    for (i, r) in all.join_all().await {
        match r.status().as_u16() {
            200 => {
                let h = json(r).await;
                assert_eq!(h["place"], "梅林一街 3 栋 201");
                assert_eq!(h["requester_phone"], w.resident.phone);
                accepted.push(i);
            }
            409 => assert_eq!(json(r).await["error"]["message"], "人已经够了，谢谢你"),
            s => panic!("answer {i}: {s}"),
        }
    }
    assert_eq!(accepted.len(), 3, "exactly the places wanted");
    let own = json(app.get(&w.resident.client, &path).await).await;
    assert_eq!(own["state"], "full");
    assert_eq!(own["mine"], true);
    let helpers = own["helpers"].as_array().unwrap();
    assert_eq!(helpers.len(), 3);
    assert!(helpers.iter().all(|h| h["phone"].is_string()));
    let late = (0..64).find(|i| !accepted.contains(i)).unwrap();
    let other = json(app.get(&doctors[late], &path).await).await;
    assert_eq!(other["place"], Value::Null);
    assert!(other["helpers"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["phone"].is_null()));

    // The desk lists it, full, without the place, until it is done.
    let desk_path = format!("/api/v1/dispatch/{}", w.community);
    let desk = json(app.get(&w.dispatcher.client, &desk_path).await).await;
    assert_eq!(desk["help"][0]["id"], id);
    assert_eq!(desk["help"][0]["state"], "full");
    assert_eq!(desk["help"][0]["place"], Value::Null);

    // Only the resident confirms it was done, once.
    let done = format!("{path}/done");
    assert_error(
        app.post(&doctors[accepted[0]], &done, &json!({})).await,
        403,
        "forbidden",
    )
    .await;
    assert_eq!(
        json(app.post(&w.resident.client, &done, &json!({})).await).await["state"],
        "done"
    );
    assert_error(
        app.post(&w.resident.client, &done, &json!({})).await,
        409,
        "conflict",
    )
    .await;
    let desk = json(app.get(&w.dispatcher.client, &desk_path).await).await;
    assert_eq!(desk["help"], json!([]));
    let bad = json!({"grid_id": w.grid, "urgency": "low", "place": "", "text": "x", "places": 3});
    assert_error(
        app.post(&w.resident.client, "/api/v1/help", &bad).await,
        422,
        "validation",
    )
    .await;
    let bad =
        json!({"grid_id": w.grid, "urgency": "low", "place": "家", "text": "x", "places": 64});
    assert_error(
        app.post(&w.resident.client, "/api/v1/help", &bad).await,
        422,
        "validation",
    )
    .await;
}
