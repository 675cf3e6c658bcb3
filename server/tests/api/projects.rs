//! The project board over HTTP: publishing and review, the board's filters, sign-ups
//! with waitlists and promotion, check-in by card, hours, approval into points, the
//! volunteer record and certificates, and who may do what.

use std::sync::OnceLock;

use linli_app::api::{NodeKind, Tree};
use linli_app::roles::Role;
use linli_server::auth::password;
use linli_server::store::{self, now};
use reqwest::Method;
use serde_json::{json, Value};
use tokio::task::JoinSet;

use crate::helpers::{assert_error, json, Person, TestApp, PASSWORD};

const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

/// Two teams under one branch, their leaders, a reviewer over the branch, a grid.
pub struct Board {
    pub app: TestApp,
    pub team_a: i64,
    pub team_b: i64,
    pub leader_a: Person,
    pub leader_b: Person,
    pub reviewer: Person,
    pub community: i64,
    pub grid: i64,
}

pub async fn board() -> Board {
    let app = TestApp::spawn().await;
    let root = app.org_root().await;
    let branch = app
        .make_node(Tree::Org, Some(root), NodeKind::Branch, "梅林分会")
        .await;
    let team_a = app
        .make_node(Tree::Org, Some(branch), NodeKind::Team, "法律援助服务队")
        .await;
    let team_b = app
        .make_node(Tree::Org, Some(branch), NodeKind::Team, "白鸽志愿服务队")
        .await;
    let district = app
        .make_node(Tree::Territory, None, NodeKind::District, "汉阳区")
        .await;
    let street = app
        .make_node(
            Tree::Territory,
            Some(district),
            NodeKind::Street,
            "四新街道",
        )
        .await;
    let community = app
        .make_node(
            Tree::Territory,
            Some(street),
            NodeKind::Community,
            "梅林都汇社区",
        )
        .await;
    let grid = app
        .make_node(Tree::Territory, Some(community), NodeKind::Grid, "网格一")
        .await;
    let leader_a = app
        .person_with_role("队长甲", Role::TeamLeader, team_a)
        .await;
    let leader_b = app
        .person_with_role("队长乙", Role::TeamLeader, team_b)
        .await;
    let reviewer = app.person_with_role("审核员", Role::Reviewer, branch).await;
    Board {
        app,
        team_a,
        team_b,
        leader_a,
        leader_b,
        reviewer,
        community,
        grid,
    }
}

fn hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| password::hash_now(PASSWORD).expect("hash"))
}

/// A resident made in the store (fast) and signed in through the API.
pub async fn volunteer(app: &TestApp, name: &str) -> Person {
    let (n, phone) = (name.to_string(), app.fresh_phone());
    let p = phone.clone();
    let id = app
        .db
        .write(move |tx| store::accounts::insert_user(tx, &n, &p, hash(), 0))
        .await
        .unwrap();
    let client = TestApp::new_client();
    assert_eq!(app.login(&client, &phone, PASSWORD).await.status(), 200);
    Person { client, id, phone }
}

pub fn project_body(team: i64, title: &str, starts_at: i64, capacity: i64) -> Value {
    json!({
        "team_id": team, "title": title, "category": "legal_aid",
        "description": "现场解答, 带上材料", "place": "梅林都汇社区活动室",
        "activity": "legal_aid", "skills": ["法律"],
        "sessions": [{"starts_at": starts_at, "ends_at": starts_at + 2 * HOUR, "capacity": capacity}],
    })
}

/// A project of team A, published; its id and first session's id.
pub async fn published(b: &Board, title: &str, starts_at: i64, capacity: i64) -> (i64, i64) {
    let app = &b.app;
    let resp = app
        .post(
            &b.leader_a.client,
            "/api/v1/projects",
            &project_body(b.team_a, title, starts_at, capacity),
        )
        .await;
    assert_eq!(resp.status(), 201);
    let p = json(resp).await;
    let id = p["id"].as_i64().unwrap();
    let path = format!("/api/v1/projects/{id}/submit");
    assert_eq!(
        app.post(&b.leader_a.client, &path, &json!({}))
            .await
            .status(),
        200
    );
    let path = format!("/api/v1/projects/{id}/approve");
    let resp = app.post(&b.reviewer.client, &path, &json!({})).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(json(resp).await["status"], "published");
    (id, p["sessions"][0]["id"].as_i64().unwrap())
}

pub async fn sign_up(app: &TestApp, p: &Person, session: i64) -> reqwest::Response {
    app.post(
        &p.client,
        &format!("/api/v1/sessions/{session}/signup"),
        &json!({}),
    )
    .await
}

async fn cancel(app: &TestApp, p: &Person, session: i64) -> reqwest::Response {
    app.delete(&p.client, &format!("/api/v1/sessions/{session}/signup"))
        .await
}

/// Lets time pass: the session now runs from `starts_at` for two hours.
pub async fn move_session(app: &TestApp, session: i64, starts_at: i64) {
    app.db
        .write(move |tx| {
            store::projects::set_session_times(tx, session, starts_at, starts_at + 2 * HOUR)
        })
        .await
        .unwrap();
}

async fn attendance(
    app: &TestApp,
    leader: &Person,
    session: i64,
    body: Value,
) -> reqwest::Response {
    app.post(
        &leader.client,
        &format!("/api/v1/sessions/{session}/attendance"),
        &body,
    )
    .await
}

/// Team A's leader marks a person by id (`at`: when it happened, else now).
pub async fn mark(
    b: &Board,
    session: i64,
    action: &str,
    user_id: i64,
    at: Option<i64>,
) -> reqwest::Response {
    let mut body = json!({"action": action, "user_id": user_id});
    if let Some(at) = at {
        body["at"] = json!(at);
    }
    attendance(&b.app, &b.leader_a, session, body).await
}

async fn balance(app: &TestApp, p: &Person) -> i64 {
    json(app.get(&p.client, "/api/v1/me/points").await).await["balance"]
        .as_i64()
        .unwrap()
}

/// Signs up, is checked in by card number and out two hours later, hours submitted; the
/// id of the pending hour record.
pub async fn pending_hours(b: &Board, p: &Person, title: &str) -> i64 {
    let app = &b.app;
    let (_, session) = published(b, title, now() + DAY, 5).await;
    assert_eq!(sign_up(app, p, session).await.status(), 201);
    let start = now() - 3 * HOUR;
    move_session(app, session, start).await;
    let card = json(app.get(&p.client, "/api/v1/me/card").await).await;
    let number = card["number"].as_str().unwrap().to_string();
    let resp = attendance(
        app,
        &b.leader_a,
        session,
        json!({"action": "check_in", "card_number": number, "at": start}),
    )
    .await;
    assert_eq!(resp.status(), 200, "{}", resp.text().await.unwrap());
    let resp = mark(
        b,
        session,
        "check_out",
        p.id,
        Some(start + 2 * HOUR + 5 * 60),
    )
    .await;
    assert_eq!(resp.status(), 200);
    let line = json(resp).await;
    assert_eq!(
        line["hours"]["computed_minutes"], 120,
        "rounded to the half hour"
    );
    assert_eq!(line["hours"]["status"], "draft");
    let resp = app
        .post(
            &b.leader_a.client,
            &format!("/api/v1/sessions/{session}/hours/submit"),
            &json!({}),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let records = json(resp).await;
    assert_eq!(records[0]["status"], "pending");
    records[0]["id"].as_i64().unwrap()
}

/// The whole path: a resident signs up, the leader checks them in by card number and out
/// two hours later, submits, a reviewer approves (twice); the volunteer's balance, points
/// history, hours and record show it once; a certificate verifies publicly with a
/// valid signature and no phone number.
#[tokio::test]
async fn signed_up_checked_in_by_card_approved_and_certified() {
    let b = board().await;
    let app = &b.app;
    let li = volunteer(app, "李梅").await;
    let record = pending_hours(&b, &li, "法律援助").await;
    let mine = json(app.get(&li.client, "/api/v1/me/hours").await).await;
    assert_eq!(mine["pending_minutes"], 120);
    assert_eq!(mine["approved_minutes"], 0);

    let decide = json!({"ids": [record], "approve": true});
    for _ in 0..2 {
        let resp = app
            .post(&b.reviewer.client, "/api/v1/review/hours", &decide)
            .await;
        assert_eq!(resp.status(), 200);
        let out = json(resp).await;
        assert_eq!(out[0]["status"], "approved");
        assert_eq!(out[0]["points"], 30, "2 h of legal aid at 15 an hour");
    }
    assert_eq!(
        balance(app, &li).await,
        30,
        "earned once though approved twice"
    );
    let history = json(app.get(&li.client, "/api/v1/me/points/history").await).await;
    let items = history["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["kind"], "earn");
    assert_eq!(items[0]["amount"], 30);
    let mine = json(app.get(&li.client, "/api/v1/me/hours").await).await;
    assert_eq!(mine["approved_minutes"], 120);
    assert_eq!(mine["pending_minutes"], 0);
    let rec = json(app.get(&li.client, "/api/v1/me/record").await).await;
    assert_eq!(rec["service_minutes"], 120);
    assert_eq!(rec["points_earned"], 30);
    assert_eq!(rec["projects"][0]["title"], "法律援助");
    let stats = json(app.get(&li.client, "/api/v1/stats/projects").await).await;
    assert_eq!(stats["projects"], 1);
    assert_eq!(stats["sessions"], 1);
    assert_eq!(stats["signups"], 1);
    assert_eq!(stats["volunteers"], 1);
    assert_eq!(stats["service_minutes"], 120);
    assert_eq!(stats["training_minutes"], 0);
    assert_eq!(stats["points_issued"], 30);

    let resp = app
        .post(&li.client, "/api/v1/me/certificates", &json!({}))
        .await;
    assert_eq!(resp.status(), 201);
    let cert = json(resp).await;
    let code = cert["code"].as_str().unwrap();
    // Anyone, signed in or not, can check it.
    let resp = app
        .get(
            &TestApp::new_client(),
            &format!("/api/v1/certificates/{code}"),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let text = resp.text().await.unwrap();
    assert!(!text.contains(&li.phone), "no phone on the public page");
    assert!(!text.contains("****"), "not even masked");
    let public: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(public["facts"], cert["facts"]);
    assert_eq!(public["facts"]["name"], "李梅");
    assert_eq!(public["facts"]["service_minutes"], 120);
    assert_eq!(public["signature"], cert["signature"]);
    assert_eq!(public["public_key"], cert["public_key"]);
    assert_eq!(public["valid"], true);
    assert_error(
        app.get(&TestApp::new_client(), "/api/v1/certificates/ABCDEFGHJKLM")
            .await,
        404,
        "not_found",
    )
    .await;
    let broken = app
        .db
        .read(linli_server::ledger::broken_invariants)
        .await
        .unwrap();
    assert!(broken.is_empty(), "{broken:?}");
}

/// An hour record approved by several requests at once earns exactly once.
#[tokio::test]
async fn concurrent_approvals_earn_once() {
    let b = board().await;
    let app = &b.app;
    let li = volunteer(app, "李梅").await;
    let record = pending_hours(&b, &li, "法律援助").await;
    let mut set = JoinSet::new();
    for _ in 0..16 {
        let req = b
            .reviewer
            .client
            .post(app.url("/api/v1/review/hours"))
            .json(&json!({"ids": [record], "approve": true}));
        set.spawn(async move { req.send().await.unwrap().status().as_u16() });
    }
    assert!(set.join_all().await.iter().all(|s| *s == 200));
    assert_eq!(balance(app, &li).await, 30);
    let earns: i64 = app
        .db
        .read(|c| {
            Ok(c.query_row(
                "SELECT COUNT(*) FROM ledger_transfers WHERE kind = 'earn'",
                [],
                |r| r.get(0),
            )?)
        })
        .await
        .unwrap();
    assert_eq!(earns, 1);
}

/// 64 people sign up at once for the last 3 places: exactly 3 are confirmed and 61
/// waitlisted, in arrival (commit) order, at positions 1..=61 without gaps.
#[tokio::test]
async fn sixty_four_concurrent_sign_ups_for_the_last_three_places() {
    let b = board().await;
    let app = &b.app;
    let (_, session) = published(&b, "免费义诊", now() + 2 * DAY, 10).await;
    for i in 0..7 {
        let p = volunteer(app, &format!("早到{i}")).await;
        assert_eq!(sign_up(app, &p, session).await.status(), 201);
    }
    let mut people = Vec::new();
    for i in 0..64 {
        people.push(volunteer(app, &format!("志愿者{i}")).await);
    }
    let mut set = JoinSet::new();
    for p in &people {
        let req = p
            .client
            .post(app.url(&format!("/api/v1/sessions/{session}/signup")))
            .json(&json!({}));
        set.spawn(async move {
            let resp = req.send().await.unwrap();
            assert_eq!(resp.status(), 201);
            resp.json::<Value>().await.unwrap()
        });
    }
    let mut results = set.join_all().await;
    results.sort_by_key(|s| s["arrival"].as_i64().unwrap());
    let confirmed: Vec<_> = results
        .iter()
        .filter(|s| s["status"] == "confirmed")
        .collect();
    let waiting: Vec<_> = results
        .iter()
        .filter(|s| s["status"] == "waitlisted")
        .collect();
    assert_eq!(confirmed.len(), 3);
    assert_eq!(waiting.len(), 61);
    // Arrivals are 8..=71 without gaps; the first three to commit got the places.
    let arrivals: Vec<i64> = results
        .iter()
        .map(|s| s["arrival"].as_i64().unwrap())
        .collect();
    assert_eq!(arrivals, (8..=71).collect::<Vec<_>>());
    assert!(confirmed
        .iter()
        .all(|s| s["arrival"].as_i64().unwrap() <= 10));
    let positions: Vec<i64> = waiting
        .iter()
        .map(|s| s["waitlist_position"].as_i64().unwrap())
        .collect();
    assert_eq!(positions, (1..=61).collect::<Vec<_>>());
    // The roster agrees.
    let roster = json(
        app.get(
            &b.leader_a.client,
            &format!("/api/v1/sessions/{session}/roster"),
        )
        .await,
    )
    .await;
    assert_eq!(roster["session"]["confirmed"], 10);
    assert_eq!(roster["session"]["waitlisted"], 61);
    assert_eq!(roster["session"]["places_left"], 0);
}

async fn notifications(app: &TestApp, p: &Person) -> Vec<Value> {
    json(app.get(&p.client, "/api/v1/me/notifications").await)
        .await
        .as_array()
        .unwrap()
        .clone()
}

async fn my_status(app: &TestApp, p: &Person, session: i64) -> Value {
    let list = json(app.get(&p.client, "/api/v1/me/signups").await).await;
    list.as_array()
        .unwrap()
        .iter()
        .find(|s| s["session_id"] == session && s["status"] != "cancelled")
        .cloned()
        .unwrap_or(Value::Null)
}

/// A cancellation gives the place to the first person waiting, exactly once, with a
/// notification; cancelling the same place many times at once promotes only one; two
/// cancellations at once promote the first two waiting; after the cutoff no one cancels.
#[tokio::test]
async fn cancellations_promote_the_first_waiting_exactly_once() {
    let b = board().await;
    let app = &b.app;
    let (_, session) = published(&b, "清洁家园", now() + 2 * DAY, 2).await;
    let mut people = Vec::new();
    for i in 0..6 {
        let p = volunteer(app, &format!("居民{i}")).await;
        assert_eq!(sign_up(app, &p, session).await.status(), 201);
        people.push(p);
    }
    assert_eq!(
        my_status(app, &people[2], session).await["waitlist_position"],
        1
    );
    assert_error(sign_up(app, &people[0], session).await, 409, "conflict").await;

    // The same confirmed person cancels eight times at once: one succeeds, one promotion.
    let mut set = JoinSet::new();
    for _ in 0..8 {
        let req = people[0]
            .client
            .delete(app.url(&format!("/api/v1/sessions/{session}/signup")));
        set.spawn(async move { req.send().await.unwrap().status().as_u16() });
    }
    let mut codes = set.join_all().await;
    codes.sort_unstable();
    assert_eq!(codes, vec![200, 404, 404, 404, 404, 404, 404, 404]);
    assert_eq!(
        my_status(app, &people[2], session).await["status"],
        "confirmed"
    );
    assert_eq!(
        my_status(app, &people[3], session).await["waitlist_position"],
        1
    );
    let n = notifications(app, &people[2]).await;
    assert_eq!(n.len(), 1);
    assert_eq!(n[0]["kind"], "promoted");
    assert!(n[0]["text"].as_str().unwrap().contains("清洁家园"));
    assert!(notifications(app, &people[3]).await.is_empty());

    // Two confirmed people cancel at once: the next two waiting move up, once each.
    let mut set = JoinSet::new();
    for p in [&people[1], &people[2]] {
        let req = p
            .client
            .delete(app.url(&format!("/api/v1/sessions/{session}/signup")));
        set.spawn(async move { req.send().await.unwrap().status().as_u16() });
    }
    assert_eq!(set.join_all().await, vec![200, 200]);
    for p in [&people[3], &people[4]] {
        assert_eq!(my_status(app, p, session).await["status"], "confirmed");
        assert_eq!(notifications(app, p).await.len(), 1);
    }
    assert_eq!(
        my_status(app, &people[5], session).await["waitlist_position"],
        1
    );
    assert_eq!(
        notifications(app, &people[2]).await.len(),
        1,
        "no second one"
    );

    // A waitlisted person leaves without promoting anyone.
    assert_eq!(cancel(app, &people[5], session).await.status(), 200);
    // Two hours before the start is past the default three-hour cutoff.
    move_session(app, session, now() + 2 * HOUR).await;
    let body = assert_error(cancel(app, &people[3], session).await, 409, "conflict").await;
    assert!(body["error"]["message"].as_str().unwrap().contains("截止"));
    let roster = json(
        app.get(
            &b.leader_a.client,
            &format!("/api/v1/sessions/{session}/roster"),
        )
        .await,
    )
    .await;
    assert_eq!(roster["session"]["confirmed"], 2);
    assert_eq!(roster["session"]["waitlisted"], 0);
}

/// Drafts are hidden until a reviewer publishes them; a rejection carries its reason and
/// the draft can be fixed and resubmitted; weekly repeats create the sessions; the board
/// filters by category, territory (community covers its grids), dates and places; a
/// session exports as .ics; closing ends sign-ups.
#[tokio::test]
async fn projects_are_reviewed_published_filtered_and_closed() {
    let b = board().await;
    let app = &b.app;
    let li = volunteer(app, "李梅").await;
    // Next Monday 09:00 Beijing at least a day ahead, repeated Mon/Wed for two weeks.
    let base = 1_772_413_200; // a Monday 09:00 Beijing
    let monday = base + ((now() + DAY - base) / (7 * DAY) + 1) * 7 * DAY;
    let mut body = project_body(b.team_a, "广场舞培训", monday, 20);
    body["category"] = json!("training");
    body["territory_id"] = json!(b.grid);
    body["repeat"] = json!({"weekdays": [1, 3], "until": monday + 9 * DAY});
    let resp = app
        .post(&b.leader_a.client, "/api/v1/projects", &body)
        .await;
    assert_eq!(resp.status(), 201);
    let p = json(resp).await;
    let id = p["id"].as_i64().unwrap();
    assert_eq!(p["status"], "draft");
    assert_eq!(p["cancel_cutoff_minutes"], 180);
    let starts: Vec<i64> = p["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["starts_at"].as_i64().unwrap())
        .collect();
    assert_eq!(
        starts,
        vec![monday, monday + 2 * DAY, monday + 7 * DAY, monday + 9 * DAY]
    );
    let path = format!("/api/v1/projects/{id}");
    assert_error(app.get(&li.client, &path).await, 404, "not_found").await;
    assert_eq!(app.get(&b.reviewer.client, &path).await.status(), 200);
    assert!(json(app.get(&li.client, "/api/v1/projects").await)
        .await
        .as_array()
        .unwrap()
        .is_empty());

    // Submit, reject with a reason, fix, resubmit, approve.
    let submit = format!("/api/v1/projects/{id}/submit");
    assert_eq!(
        app.post(&b.leader_a.client, &submit, &json!({}))
            .await
            .status(),
        200
    );
    let reject = format!("/api/v1/projects/{id}/reject");
    assert_error(
        app.post(&b.reviewer.client, &reject, &json!({"reason": " "}))
            .await,
        422,
        "validation",
    )
    .await;
    let resp = app
        .post(
            &b.reviewer.client,
            &reject,
            &json!({"reason": "请写明集合地点"}),
        )
        .await;
    assert_eq!(json(resp).await["reject_reason"], "请写明集合地点");
    let resp = app
        .patch(
            &b.leader_a.client,
            &path,
            &json!({"place": "梅林都汇社区广场东门"}),
        )
        .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(
        app.post(&b.leader_a.client, &submit, &json!({}))
            .await
            .status(),
        200
    );
    let approve = format!("/api/v1/projects/{id}/approve");
    assert_eq!(
        app.post(&b.reviewer.client, &approve, &json!({}))
            .await
            .status(),
        200
    );
    assert_error(
        app.patch(&b.leader_a.client, &path, &json!({"title": "改名"}))
            .await,
        409,
        "conflict",
    )
    .await;

    // A second project of team B, elsewhere, in another category.
    let mut other = project_body(b.team_b, "垃圾分类宣传", now() + DAY, 1);
    other["category"] = json!("environment");
    let resp = app
        .post(&b.leader_b.client, "/api/v1/projects", &other)
        .await;
    let other_id = json(resp).await["id"].as_i64().unwrap();
    for (who, step) in [(&b.leader_b, "submit"), (&b.reviewer, "approve")] {
        let resp = app
            .post(
                &who.client,
                &format!("/api/v1/projects/{other_id}/{step}"),
                &json!({}),
            )
            .await;
        assert_eq!(resp.status(), 200);
    }
    let ids = |v: Value| -> Vec<i64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_i64().unwrap())
            .collect()
    };
    let list = |q: String| {
        let c = li.client.clone();
        let url = app.url(&format!("/api/v1/projects{q}"));
        async move {
            c.get(url)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    assert_eq!(ids(list(String::new()).await), vec![other_id, id]);
    assert_eq!(ids(list("?category=training".into()).await), vec![id]);
    assert_eq!(
        ids(list(format!("?territory_id={}", b.community)).await),
        vec![id]
    );
    assert_eq!(
        ids(list(format!("?territory_id={}", b.grid)).await),
        vec![id]
    );
    assert_eq!(
        ids(list(format!(
            "?from={}&to={}",
            monday + 6 * DAY,
            monday + 8 * DAY
        ))
        .await),
        vec![id]
    );
    assert_eq!(
        ids(list(format!("?team_id={}", b.team_b)).await),
        vec![other_id]
    );
    let board = list(String::new()).await;
    assert_eq!(board[1]["team"]["name"], "法律援助服务队");
    assert_eq!(board[1]["team"]["rating"], Value::Null);
    assert_eq!(board[1]["places_left"], 80);
    assert_eq!(board[1]["upcoming_sessions"], 4);
    // The one place of the other project goes; it drops out of "has places".
    let other_session = json(
        app.get(&li.client, &format!("/api/v1/projects/{other_id}"))
            .await,
    )
    .await["sessions"][0]["id"]
        .as_i64()
        .unwrap();
    assert_eq!(sign_up(app, &li, other_session).await.status(), 201);
    assert_eq!(ids(list("?has_places=true".into()).await), vec![id]);
    assert_error(
        app.get(
            &li.client,
            &format!("/api/v1/projects?territory_id={}", b.team_a),
        )
        .await,
        422,
        "validation",
    )
    .await;

    // The calendar file.
    let resp = app
        .get(
            &li.client,
            &format!("/api/v1/sessions/{other_session}/calendar.ics"),
        )
        .await;
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    let ics = resp.text().await.unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(ics.contains("SUMMARY:垃圾分类宣传\r\n"));
    assert!(ics.contains("DESCRIPTION:现场解答\\, 带上材料\r\n"));

    // Closing ends sign-ups.
    let close = format!("/api/v1/projects/{other_id}/close");
    assert_eq!(
        app.post(&b.reviewer.client, &close, &json!({}))
            .await
            .status(),
        200
    );
    let late = volunteer(app, "迟到者").await;
    assert_error(sign_up(app, &late, other_session).await, 409, "conflict").await;
    assert!(!ids(list(String::new()).await).contains(&other_id));
    let manage = json(app.get(&b.leader_a.client, "/api/v1/manage/projects").await).await;
    assert_eq!(ids(manage), vec![id]);
}

/// Trainings count apart from service and earn no points; a leader can edit hours only
/// with a reason and not after approval; a no-show is recorded; out-of-order attendance
/// and people without a place are refused.
#[tokio::test]
async fn trainings_hours_edits_and_attendance_rules() {
    let b = board().await;
    let app = &b.app;
    let li = volunteer(app, "李梅").await;
    let wang = volunteer(app, "王芳").await;
    let mut body = project_body(b.team_a, "志愿者培训", now() + DAY, 5);
    body["category"] = json!("training");
    let id = json(
        app.post(&b.leader_a.client, "/api/v1/projects", &body)
            .await,
    )
    .await["id"]
        .as_i64()
        .unwrap();
    for (who, step) in [(&b.leader_a, "submit"), (&b.reviewer, "approve")] {
        let path = format!("/api/v1/projects/{id}/{step}");
        assert_eq!(app.post(&who.client, &path, &json!({})).await.status(), 200);
    }
    let session = json(app.get(&li.client, &format!("/api/v1/projects/{id}")).await).await
        ["sessions"][0]["id"]
        .as_i64()
        .unwrap();
    assert_eq!(sign_up(app, &li, session).await.status(), 201);
    assert_eq!(sign_up(app, &wang, session).await.status(), 201);
    let start = now() - 3 * HOUR;
    move_session(app, session, start).await;
    let stranger = volunteer(app, "路人").await;
    let conflict = |r| assert_error(r, 409, "conflict");
    conflict(mark(&b, session, "check_in", stranger.id, None).await).await;
    conflict(mark(&b, session, "check_out", li.id, None).await).await;
    let resp = mark(&b, session, "no_show", wang.id, None).await;
    assert_eq!(json(resp).await["no_show"], true);
    for (action, at) in [("check_in", start), ("check_out", start + 90 * 60)] {
        assert_eq!(
            mark(&b, session, action, li.id, Some(at)).await.status(),
            200
        );
    }
    conflict(mark(&b, session, "check_in", li.id, None).await).await;
    let roster = json(
        app.get(
            &b.leader_a.client,
            &format!("/api/v1/sessions/{session}/roster"),
        )
        .await,
    )
    .await;
    let record = roster["entries"][0]["hours"]["id"].as_i64().unwrap();
    assert_eq!(roster["entries"][0]["hours"]["minutes"], 90);
    assert_eq!(
        roster["entries"][0]["phone"],
        format!("{}****{}", &li.phone[..3], &li.phone[7..])
    );
    let edit = format!("/api/v1/hours/{record}");
    assert_error(
        app.patch(
            &b.leader_a.client,
            &edit,
            &json!({"minutes": 120, "reason": ""}),
        )
        .await,
        422,
        "validation",
    )
    .await;
    assert_error(
        app.patch(
            &b.leader_b.client,
            &edit,
            &json!({"minutes": 120, "reason": "提前到场布置"}),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    let resp = app
        .patch(
            &b.leader_a.client,
            &edit,
            &json!({"minutes": 120, "reason": "提前到场布置"}),
        )
        .await;
    let edited = json(resp).await;
    assert_eq!(edited["minutes"], 120);
    assert_eq!(edited["computed_minutes"], 90);
    assert_eq!(edited["edit_reason"], "提前到场布置");
    // Approving a draft (not yet submitted) is refused.
    assert_error(
        app.post(
            &b.reviewer.client,
            "/api/v1/review/hours",
            &json!({"ids": [record], "approve": true}),
        )
        .await,
        409,
        "conflict",
    )
    .await;
    let submit = format!("/api/v1/sessions/{session}/hours/submit");
    assert_eq!(
        app.post(&b.leader_a.client, &submit, &json!({}))
            .await
            .status(),
        200
    );
    let queue = json(app.get(&b.reviewer.client, "/api/v1/review/hours").await).await;
    assert_eq!(queue.as_array().unwrap().len(), 1);
    let resp = app
        .post(
            &b.reviewer.client,
            "/api/v1/review/hours",
            &json!({"ids": [record], "approve": true}),
        )
        .await;
    assert_eq!(json(resp).await[0]["points"], 0, "trainings earn no points");
    assert_error(
        app.patch(
            &b.leader_a.client,
            &edit,
            &json!({"minutes": 60, "reason": "改"}),
        )
        .await,
        409,
        "conflict",
    )
    .await;
    assert_error(
        app.post(
            &b.reviewer.client,
            "/api/v1/review/hours",
            &json!({"ids": [record], "approve": false, "reason": "x"}),
        )
        .await,
        409,
        "conflict",
    )
    .await;
    let mine = json(app.get(&li.client, "/api/v1/me/hours").await).await;
    assert_eq!(mine["training_minutes"], 120);
    assert_eq!(mine["approved_minutes"], 0);
    assert_eq!(balance(app, &li).await, 0);
    let rec = json(app.get(&li.client, "/api/v1/me/record").await).await;
    assert_eq!(rec["training_minutes"], 120);
    assert_eq!(rec["service_minutes"], 0);
    let path = format!("/api/v1/stats/projects?node_id={}", b.team_a);
    let stats = json(app.get(&li.client, &path).await).await;
    assert_eq!(stats["trainings"], 1);
    assert_eq!(stats["training_minutes"], 120);
    assert_eq!(stats["service_minutes"], 0);
    assert_eq!(stats["volunteers"], 0);
    let path = format!("/api/v1/stats/projects?node_id={}", b.team_b);
    assert_eq!(
        json(app.get(&li.client, &path).await).await["training_minutes"],
        0
    );
    let path = format!("/api/v1/stats/projects?node_id={}", b.grid);
    assert_error(app.get(&li.client, &path).await, 422, "validation").await;
}

/// A reviewer rejects hours with a reason; nothing is earned.
#[tokio::test]
async fn rejected_hours_earn_nothing() {
    let b = board().await;
    let app = &b.app;
    let li = volunteer(app, "李梅").await;
    let record = pending_hours(&b, &li, "法律援助").await;
    assert_error(
        app.post(
            &b.reviewer.client,
            "/api/v1/review/hours",
            &json!({"ids": [record], "approve": false}),
        )
        .await,
        422,
        "validation",
    )
    .await;
    let resp = app
        .post(
            &b.reviewer.client,
            "/api/v1/review/hours",
            &json!({"ids": [record], "approve": false, "reason": "签到记录不符"}),
        )
        .await;
    let out = json(resp).await;
    assert_eq!(out[0]["status"], "rejected");
    assert_eq!(out[0]["reject_reason"], "签到记录不符");
    assert_eq!(balance(app, &li).await, 0);
}

/// Who may do what: anonymous people get 401 everywhere but the public certificate
/// page; residents 403 on leaders' and reviewers' endpoints; team B's leader cannot run
/// team A's project; no one sees another person's sign-ups.
#[tokio::test]
async fn authorization_matrix() {
    let b = board().await;
    let app = &b.app;
    let (id, session) = published(&b, "健康知识讲座", now() + DAY, 3).await;
    let li = volunteer(app, "李梅").await;
    let wang = volunteer(app, "王芳").await;
    assert_eq!(sign_up(app, &li, session).await.status(), 201);
    let anon = TestApp::new_client();

    let project = format!("/api/v1/projects/{id}");
    let s = format!("/api/v1/sessions/{session}");
    let body = project_body(b.team_a, "新项目", now() + DAY, 3);
    let att = json!({"action": "check_in", "user_id": li.id});
    let future = json!({"sessions": [{"starts_at": now() + DAY, "ends_at": now() + DAY + HOUR, "capacity": 3}]});
    // (method, path, body) of every endpoint that needs a session.
    let all: Vec<(Method, String, Value)> = vec![
        (Method::GET, "/api/v1/projects".into(), json!(null)),
        (Method::POST, "/api/v1/projects".into(), body.clone()),
        (Method::GET, project.clone(), json!(null)),
        (Method::PATCH, project.clone(), json!({"title": "x"})),
        (Method::POST, format!("{project}/sessions"), future.clone()),
        (Method::POST, format!("{project}/submit"), json!({})),
        (Method::POST, format!("{project}/approve"), json!({})),
        (
            Method::POST,
            format!("{project}/reject"),
            json!({"reason": "x"}),
        ),
        (Method::POST, format!("{project}/close"), json!({})),
        (Method::GET, "/api/v1/manage/projects".into(), json!(null)),
        (Method::POST, format!("{s}/signup"), json!({})),
        (Method::DELETE, format!("{s}/signup"), json!(null)),
        (Method::GET, format!("{s}/calendar.ics"), json!(null)),
        (Method::GET, format!("{s}/roster"), json!(null)),
        (Method::POST, format!("{s}/attendance"), att.clone()),
        (Method::POST, format!("{s}/hours/submit"), json!({})),
        (
            Method::PATCH,
            "/api/v1/hours/1".into(),
            json!({"minutes": 60, "reason": "x"}),
        ),
        (Method::GET, "/api/v1/review/hours".into(), json!(null)),
        (
            Method::POST,
            "/api/v1/review/hours".into(),
            json!({"ids": [1], "approve": true}),
        ),
        (Method::GET, "/api/v1/me/signups".into(), json!(null)),
        (Method::GET, "/api/v1/me/hours".into(), json!(null)),
        (Method::GET, "/api/v1/me/notifications".into(), json!(null)),
        (Method::GET, "/api/v1/me/record".into(), json!(null)),
        (Method::POST, "/api/v1/me/certificates".into(), json!({})),
        (Method::GET, "/api/v1/stats/projects".into(), json!(null)),
    ];
    for (m, path, body) in &all {
        let mut req = anon.request(m.clone(), app.url(path));
        if !body.is_null() {
            req = req.json(body);
        }
        assert_error(req.send().await.unwrap(), 401, "unauthenticated").await;
    }

    // Residents: leaders' and reviewers' endpoints are forbidden.
    let leader_only: Vec<(Method, String, Value)> = vec![
        (Method::POST, "/api/v1/projects".into(), body.clone()),
        (Method::POST, format!("{project}/approve"), json!({})),
        (
            Method::POST,
            format!("{project}/reject"),
            json!({"reason": "x"}),
        ),
        (Method::POST, format!("{project}/close"), json!({})),
        (Method::POST, format!("{project}/sessions"), future.clone()),
        (Method::GET, "/api/v1/manage/projects".into(), json!(null)),
        (Method::GET, format!("{s}/roster"), json!(null)),
        (Method::POST, format!("{s}/attendance"), att.clone()),
        (Method::POST, format!("{s}/hours/submit"), json!({})),
        (Method::GET, "/api/v1/review/hours".into(), json!(null)),
        (
            Method::POST,
            "/api/v1/review/hours".into(),
            json!({"ids": [1], "approve": true}),
        ),
    ];
    for (m, path, body) in &leader_only {
        let mut req = wang.client.request(m.clone(), app.url(path));
        if !body.is_null() {
            req = req.json(body);
        }
        let resp = req.send().await.unwrap();
        assert_eq!(resp.status(), 403, "resident {m} {path}");
    }

    // Team B's leader cannot run team A's project or its sessions, nor draft for team A.
    let b_forbidden: Vec<(Method, String, Value)> = vec![
        (Method::POST, "/api/v1/projects".into(), body.clone()),
        (Method::POST, format!("{project}/sessions"), future.clone()),
        (Method::POST, format!("{project}/close"), json!({})),
        (Method::POST, format!("{project}/approve"), json!({})),
        (Method::GET, format!("{s}/roster"), json!(null)),
        (Method::POST, format!("{s}/attendance"), att.clone()),
        (Method::POST, format!("{s}/hours/submit"), json!({})),
        (Method::GET, "/api/v1/review/hours".into(), json!(null)),
    ];
    for (m, path, body) in &b_forbidden {
        let mut req = b.leader_b.client.request(m.clone(), app.url(path));
        if !body.is_null() {
            req = req.json(body);
        }
        let resp = req.send().await.unwrap();
        assert_eq!(resp.status(), 403, "leader of B {m} {path}");
    }
    // Leaders don't approve their own projects or hours.
    let resp = app
        .post(
            &b.leader_a.client,
            "/api/v1/review/hours",
            &json!({"ids": [1], "approve": true}),
        )
        .await;
    assert_eq!(resp.status(), 403);
    let roster = app.get(&b.leader_a.client, &format!("{s}/roster")).await;
    assert_eq!(roster.status(), 200);

    // My sign-ups are mine: Wang sees none of Li's and cannot cancel hers.
    let theirs = json(app.get(&wang.client, "/api/v1/me/signups").await).await;
    assert!(theirs.as_array().unwrap().is_empty());
    assert_error(cancel(app, &wang, session).await, 404, "not_found").await;
    let mine = json(app.get(&li.client, "/api/v1/me/signups").await).await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert!(
        json(app.get(&wang.client, "/api/v1/me/hours").await).await["records"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

/// Bad input is a 4xx in the JSON error shape: unknown activity and category, past
/// sessions, empty titles, bad repeats, wrong trees, unknown ids, bad cards.
#[tokio::test]
async fn bad_input_is_refused_with_json_errors() {
    let b = board().await;
    let app = &b.app;
    let c = &b.leader_a.client;
    let good = project_body(b.team_a, "免费义诊", now() + DAY, 5);
    let cases: Vec<(Value, u16, &str)> = vec![
        (json!({"activity": "karaoke"}), 422, "activity"),
        (json!({"title": "  "}), 422, "title"),
        (json!({"place": ""}), 422, "place"),
        (json!({"territory_id": b.team_a}), 422, "territory_id"),
        (json!({"team_id": b.grid}), 403, ""),
        (
            json!({"cancel_cutoff_minutes": -5}),
            422,
            "cancel_cutoff_minutes",
        ),
        (
            json!({"sessions": [{"starts_at": now() - HOUR, "ends_at": now(), "capacity": 3}]}),
            422,
            "starts_at",
        ),
        (
            json!({"sessions": [{"starts_at": now() + DAY, "ends_at": now() + DAY, "capacity": 3}]}),
            422,
            "ends_at",
        ),
        (
            json!({"sessions": [{"starts_at": now() + DAY, "ends_at": now() + DAY + HOUR, "capacity": 0}]}),
            422,
            "capacity",
        ),
        (
            json!({"repeat": {"weekdays": [9], "until": now() + 9 * DAY}}),
            422,
            "weekdays",
        ),
        (
            json!({"signup_opens_at": now() + 10, "signup_closes_at": now()}),
            422,
            "signup_closes_at",
        ),
    ];
    for (patch, status, field) in cases {
        let mut body = good.clone();
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        let resp = app.post(c, "/api/v1/projects", &body).await;
        let got = resp.status().as_u16();
        let err: Value = resp.json().await.unwrap();
        assert_eq!(got, status, "{patch}: {err}");
        if !field.is_empty() {
            assert_eq!(err["error"]["field"], field, "{patch}");
        }
    }
    let mut body = good.clone();
    body["category"] = json!("karaoke");
    let resp = app.post(c, "/api/v1/projects", &body).await;
    assert!(resp.status().is_client_error());
    assert_error(
        app.get(c, "/api/v1/projects/424242").await,
        404,
        "not_found",
    )
    .await;
    assert_error(app.get(c, "/api/v1/projects/abc").await, 400, "bad_request").await;
    assert_error(
        app.get(c, "/api/v1/projects?category=karaoke").await,
        400,
        "bad_request",
    )
    .await;

    let (_, session) = published(&b, "免费义诊", now() + DAY, 5).await;
    for (body, status) in [
        (json!({"action": "check_in"}), 422),
        (json!({"action": "check_in", "card_number": "1234"}), 422),
        (json!({"action": "check_in", "qr": "linli:tok:bogus"}), 422),
        (
            json!({"action": "check_in", "card_number": "812345678903"}),
            422,
        ),
        (json!({"action": "dance", "user_id": 1}), 422),
    ] {
        let resp = attendance(app, &b.leader_a, session, body.clone()).await;
        let got = resp.status().as_u16();
        let err: Value = resp.json().await.unwrap();
        assert!(
            got == status || got == 404 || got == 400,
            "{body}: {got} {err}"
        );
        assert!(err["error"]["code"].is_string(), "{body}: {err}");
    }
    assert_error(
        app.post(
            &b.reviewer.client,
            "/api/v1/review/hours",
            &json!({"ids": [], "approve": true}),
        )
        .await,
        422,
        "validation",
    )
    .await;
    assert_error(
        app.post(
            &b.reviewer.client,
            "/api/v1/review/hours",
            &json!({"ids": [424242], "approve": true}),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    assert_error(
        app.get(&TestApp::new_client(), "/api/v1/certificates/%00")
            .await,
        404,
        "not_found",
    )
    .await;
}

/// Every endpoint of the board is in the OpenAPI document.
#[tokio::test]
async fn every_project_endpoint_is_in_the_openapi_document() {
    let app = TestApp::spawn().await;
    let doc = json(app.get(&app.client, "/api/v1/openapi.json").await).await;
    let want = [
        ("get", "/api/v1/projects"),
        ("post", "/api/v1/projects"),
        ("get", "/api/v1/projects/{id}"),
        ("patch", "/api/v1/projects/{id}"),
        ("post", "/api/v1/projects/{id}/sessions"),
        ("post", "/api/v1/projects/{id}/submit"),
        ("post", "/api/v1/projects/{id}/approve"),
        ("post", "/api/v1/projects/{id}/reject"),
        ("post", "/api/v1/projects/{id}/close"),
        ("get", "/api/v1/manage/projects"),
        ("post", "/api/v1/sessions/{id}/signup"),
        ("delete", "/api/v1/sessions/{id}/signup"),
        ("get", "/api/v1/sessions/{id}/calendar.ics"),
        ("get", "/api/v1/sessions/{id}/roster"),
        ("post", "/api/v1/sessions/{id}/attendance"),
        ("post", "/api/v1/sessions/{id}/hours/submit"),
        ("patch", "/api/v1/hours/{id}"),
        ("get", "/api/v1/review/hours"),
        ("post", "/api/v1/review/hours"),
        ("get", "/api/v1/me/signups"),
        ("get", "/api/v1/me/hours"),
        ("get", "/api/v1/me/notifications"),
        ("get", "/api/v1/me/record"),
        ("post", "/api/v1/me/certificates"),
        ("get", "/api/v1/certificates/{code}"),
        ("get", "/api/v1/stats/projects"),
    ];
    for (m, p) in want {
        assert!(doc["paths"][p][m].is_object(), "{m} {p} missing");
    }
}

/// The demo community has the brief's projects: five on the board (one a training),
/// 健康知识讲座 waiting for review, 清洁家园's next session full with one waiting, and two
/// patrol volunteers with approved hours from a past session in their record.
#[tokio::test]
async fn the_demo_community_has_projects_sign_ups_and_approved_hours() {
    use linli_server::config::{Config, Seed};
    use linli_server::seed::DEMO_PASSWORD;
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::for_tests(dir.path().join("demo.db"));
    config.seed = Seed::Demo;
    let app = linli_server::Application::build(config).await.unwrap();
    let base = format!("http://{}", app.local_addr());
    tokio::spawn(app.run_until_stopped());
    let sign_in = |phone: &'static str| {
        let base = base.clone();
        async move {
            let c = TestApp::new_client();
            let resp = c
                .post(format!("{base}/api/v1/auth/login"))
                .json(&json!({"phone": phone, "password": DEMO_PASSWORD}))
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status(), 200);
            c
        }
    };
    let get = |c: reqwest::Client, path: String| {
        let base = base.clone();
        async move {
            let resp = c.get(format!("{base}/api/v1{path}")).send().await.unwrap();
            assert_eq!(resp.status(), 200, "{path}");
            resp.json::<Value>().await.unwrap()
        }
    };
    let liu = sign_in("13800000006").await;
    let board = get(liu.clone(), "/projects".into()).await;
    let titles: Vec<&str> = board
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    for t in [
        "免费义诊",
        "法律援助",
        "清洁家园",
        "垃圾分类宣传",
        "广场舞培训",
    ] {
        assert!(titles.contains(&t), "{t} on the board");
    }
    assert!(!titles.contains(&"健康知识讲座"), "still under review");
    let training = get(liu.clone(), "/projects?category=training".into()).await;
    assert_eq!(training[0]["title"], "广场舞培训");
    let cleaning = board
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["title"] == "清洁家园")
        .unwrap();
    let detail = get(liu.clone(), format!("/projects/{}", cleaning["id"])).await;
    let next = detail["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["starts_at"].as_i64().unwrap() > now())
        .unwrap();
    assert_eq!(next["places_left"], 0);
    assert_eq!(next["waitlisted"], 1);
    let record = get(liu.clone(), "/me/record".into()).await;
    assert_eq!(record["service_minutes"], 120);
    assert_eq!(record["projects"][0]["title"], "清洁家园");
    let reviewer = sign_in("13800000003").await;
    let queue = get(reviewer, "/manage/projects?status=submitted".into()).await;
    assert_eq!(queue[0]["title"], "健康知识讲座");
}

/// The leader's scanner takes the phone's live token, a printed card with its PIN (a
/// wrong PIN is refused and counted), or a number alone; a blocked card is refused.
#[tokio::test]
async fn check_in_by_live_token_pin_or_number_and_blocked_cards_refused() {
    let b = board().await;
    let app = &b.app;
    let (_, session) = published(&b, "免费义诊", now() + DAY, 5).await;
    let people = [
        volunteer(app, "甲").await,
        volunteer(app, "乙").await,
        volunteer(app, "丙").await,
    ];
    for p in &people {
        assert_eq!(sign_up(app, p, session).await.status(), 201);
    }
    move_session(app, session, now() - HOUR).await;
    // The phone's live token.
    let token = json(
        app.post(&people[0].client, "/api/v1/me/card/token", &json!({}))
            .await,
    )
    .await["qr"]
        .as_str()
        .unwrap()
        .to_string();
    let resp = attendance(
        app,
        &b.leader_a,
        session,
        json!({"action": "check_in", "qr": token}),
    )
    .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(json(resp).await["user_id"], people[0].id);
    // A printed card's number with its PIN; a wrong PIN first.
    let pin = people[1]
        .client
        .put(app.url("/api/v1/me/card/pin"))
        .json(&json!({"pin": "2468"}))
        .send()
        .await
        .unwrap();
    assert_eq!(pin.status(), 200);
    let number = json(app.get(&people[1].client, "/api/v1/me/card").await).await["number"]
        .as_str()
        .unwrap()
        .to_string();
    let wrong = json!({"action": "check_in", "card_number": number, "pin": "1111"});
    assert_error(
        attendance(app, &b.leader_a, session, wrong).await,
        422,
        "validation",
    )
    .await;
    let right = json!({"action": "check_in", "card_number": number, "pin": "2468"});
    let resp = attendance(app, &b.leader_a, session, right).await;
    assert_eq!(json(resp).await["user_id"], people[1].id);
    // A blocked card is refused, even by number alone.
    let card = json(app.get(&people[2].client, "/api/v1/me/card").await).await;
    let blocked = app
        .post(
            &people[2].client,
            "/api/v1/me/card/block",
            &json!({"reason": "丢了"}),
        )
        .await;
    assert_eq!(blocked.status(), 200);
    let by_number = json!({"action": "check_in", "card_number": card["number"]});
    assert_error(
        attendance(app, &b.leader_a, session, by_number).await,
        409,
        "conflict",
    )
    .await;
    let roster = json(
        app.get(
            &b.leader_a.client,
            &format!("/api/v1/sessions/{session}/roster"),
        )
        .await,
    )
    .await;
    let checked: Vec<bool> = roster["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["checked_in_at"].is_i64())
        .collect();
    assert_eq!(checked, vec![true, true, false]);
}

/// Scanning before the check-in window says when it opens, as a date in words in the
/// reader's language: never Unix seconds, never an inverted range.
#[tokio::test]
async fn an_early_check_in_says_when_the_window_opens() {
    let b = board().await;
    let app = &b.app;
    let li = volunteer(app, "李梅").await;
    let (_, session) = published(&b, "早到", now() + 3 * DAY, 5).await;
    assert_eq!(sign_up(app, &li, session).await.status(), 201);
    let resp = mark(&b, session, "check_in", li.id, None).await;
    assert_eq!(resp.status(), 422);
    let zh = json(resp).await["error"].clone();
    assert_eq!(zh["field"], "at");
    let text = zh["message"].as_str().unwrap();
    assert!(text.starts_with("签到从 ") && text.contains("月"), "{text}");
    assert!(
        !text
            .split(|c: char| !c.is_ascii_digit())
            .any(|n| n.len() >= 9),
        "{text}"
    );
    let en = b
        .leader_a
        .client
        .post(app.url(&format!("/api/v1/sessions/{session}/attendance")))
        .header("accept-language", "en")
        .json(&json!({"action": "check_in", "user_id": li.id}))
        .send()
        .await
        .unwrap();
    let en = json(en).await["error"]["message"].clone();
    let en = en.as_str().unwrap();
    assert!(
        en.starts_with("Check-in opens on ") && en.contains(" at "),
        "{en}"
    );
    assert!(!en.contains('，') && !en.contains('。'), "{en}");
}
