//! Training courses over HTTP: organising a course with sessions, enrolment within its
//! capacity under contention, attendance, completion and its certificate (training time
//! apart from service hours), and who may do what.

use linli_app::api::{NodeKind, Tree};
use linli_app::roles::Role;
use linli_server::store::now;
use reqwest::Method;
use serde_json::{json, Value};
use tokio::task::JoinSet;

use crate::helpers::{assert_error, json, Person, TestApp};
use crate::projects::{board, volunteer, Board};

const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

/// The Tianchang report's course: five days, two of them field visits.
fn course_body(node: i64, capacity: i64) -> Value {
    let first = now() + 2 * DAY;
    let sessions: Vec<Value> = (0..5)
        .map(|d| json!({"starts_at": first + d * DAY, "ends_at": first + d * DAY + 3 * HOUR}))
        .collect();
    json!({
        "node_id": node, "title": "社区志愿者骨干培训", "trainer": "天长市志愿者协会",
        "topics": ["志愿服务基础", "急救常识", "实地走访"],
        "place": "天长市社区服务中心", "capacity": capacity, "sessions": sessions,
    })
}

/// A course of team A organised by its leader; its id.
async fn course(b: &Board, capacity: i64) -> i64 {
    let resp = b
        .app
        .post(
            &b.leader_a.client,
            "/api/v1/trainings",
            &course_body(b.team_a, capacity),
        )
        .await;
    assert_eq!(resp.status(), 201);
    let t = json(resp).await;
    assert_eq!(t["days"], 5);
    assert_eq!(t["sessions"].as_array().unwrap().len(), 5);
    assert_eq!(t["organiser"], "法律援助服务队");
    assert_eq!(t["places_left"], capacity);
    t["id"].as_i64().unwrap()
}

async fn sessions(app: &TestApp, who: &Person, id: i64) -> Vec<i64> {
    let t = json(
        app.get(&who.client, &format!("/api/v1/trainings/{id}"))
            .await,
    )
    .await;
    t["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect()
}

/// Moves every session of a course `days` days earlier (time passing).
async fn shift(app: &TestApp, id: i64, days: i64) {
    app.db
        .write(move |tx| {
            tx.execute(
                "UPDATE training_sessions SET starts_at = starts_at - ?2,
                        ends_at = ends_at - ?2 WHERE training_id = ?1",
                [id, days * DAY],
            )?;
            Ok(())
        })
        .await
        .unwrap();
}

async fn mark(
    app: &TestApp,
    who: &Person,
    session: i64,
    user: i64,
    present: bool,
) -> reqwest::Response {
    let path = format!("/api/v1/training-sessions/{session}/attendance");
    app.post(
        &who.client,
        &path,
        &json!({"user_id": user, "present": present}),
    )
    .await
}

fn enrol_path(id: i64) -> String {
    format!("/api/v1/trainings/{id}/enrolment")
}

/// 64 people enrol at the same moment for the last 5 places of a 10-place course:
/// exactly 5 get one, the other 59 are told the course is full in their language, and
/// the course holds 10 enrolments, never more.
#[tokio::test]
async fn sixty_four_enrolments_for_the_last_five_places_succeed_exactly_five_times() {
    let b = board().await;
    let app = &b.app;
    let id = course(&b, 10).await;
    for i in 0..5 {
        let p = volunteer(app, &format!("早到{i}")).await;
        assert_eq!(
            app.post(&p.client, &enrol_path(id), &json!({}))
                .await
                .status(),
            201
        );
    }
    let mut people = Vec::new();
    for i in 0..64 {
        people.push(volunteer(app, &format!("学员{i}")).await);
    }
    let mut set = JoinSet::new();
    for (i, p) in people.iter().enumerate() {
        let lang = if i % 2 == 0 { "zh-CN" } else { "en" };
        let req = p
            .client
            .post(app.url(&enrol_path(id)))
            .header("accept-language", lang)
            .json(&json!({}));
        set.spawn(async move {
            let resp = req.send().await.unwrap();
            let status = resp.status().as_u16();
            (lang, status, resp.json::<Value>().await.unwrap())
        });
    }
    let results = set.join_all().await;
    let ok = results.iter().filter(|r| r.1 == 201).count();
    let full = |lang: &str, text: &str| {
        results
            .iter()
            .filter(|r| r.0 == lang && r.1 == 409 && r.2["error"]["message"] == text)
            .count()
    };
    let (zh, en) = (
        full("zh-CN", "该培训名额已满"),
        full("en", "This course is full"),
    );
    assert_eq!(ok, 5, "{results:?}");
    assert_eq!(zh + en, 59, "{results:?}");
    assert!(zh > 0 && en > 0);
    let t = json(
        app.get(&b.leader_a.client, &format!("/api/v1/trainings/{id}"))
            .await,
    )
    .await;
    assert_eq!(t["enrolled"], 10);
    assert_eq!(t["places_left"], 0);
    let count: i64 = app
        .db
        .read(move |c| {
            Ok(c.query_row(
                "SELECT COUNT(*) FROM training_enrolments WHERE training_id = ?1",
                [id],
                |r| r.get(0),
            )?)
        })
        .await
        .unwrap();
    assert_eq!(count, 10);
}

/// Enrolling twice is refused; my courses list the course; a course that has started
/// takes nobody; bad input is refused field by field in the reader's language.
#[tokio::test]
async fn enrolment_rules_and_bad_input() {
    let b = board().await;
    let app = &b.app;
    let id = course(&b, 3).await;
    let li = volunteer(app, "李梅").await;
    let e = json(app.post(&li.client, &enrol_path(id), &json!({})).await).await;
    assert_eq!(e["user_id"], li.id);
    let again = assert_error(
        app.post(&li.client, &enrol_path(id), &json!({})).await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(again["error"]["message"], "你已报名该培训");
    let mine = json(app.get(&li.client, "/api/v1/me/trainings").await).await;
    assert_eq!(mine[0]["id"], id);
    assert_eq!(mine[0]["me_enrolled"], true);
    let list = json(app.get(&li.client, "/api/v1/trainings").await).await;
    assert!(list.as_array().unwrap().iter().any(|t| t["id"] == id));

    // The first session starts: enrolment closes.
    shift(app, id, 3).await;
    let wang = volunteer(app, "王芳").await;
    let late = assert_error(
        app.post(&wang.client, &enrol_path(id), &json!({})).await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(late["error"]["message"], "该培训已开始，不能再报名");
    assert_error(
        app.post(&wang.client, &enrol_path(999), &json!({})).await,
        404,
        "not_found",
    )
    .await;

    let cases = [
        (json!({"title": " "}), "title"),
        (json!({"trainer": ""}), "trainer"),
        (json!({"capacity": 0}), "capacity"),
        (json!({"sessions": []}), "sessions"),
        (json!({"topics": ["急救", "急救"]}), "topics"),
        (
            json!({"sessions": [{"starts_at": now() + DAY, "ends_at": now() + DAY - 1}]}),
            "ends_at",
        ),
        (json!({"node_id": b.community}), "node_id"),
    ];
    for (change, field) in cases {
        let mut body = course_body(b.team_a, 5);
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let resp = b
            .leader_a
            .client
            .post(app.url("/api/v1/trainings"))
            .header("accept-language", "en")
            .json(&body)
            .send()
            .await
            .unwrap();
        let err = assert_error(resp, 422, "validation").await;
        assert_eq!(err["error"]["field"], field, "{err}");
        let text = err["error"]["message"].as_str().unwrap();
        assert!(!text.contains(field), "raw field name in {text}");
    }
}

/// Five three-hour sessions, four to attend: the organiser marks attendance once each
/// session has started, only of enrolled trainees; four attended sessions complete the
/// course and give a signed certificate of 12 training hours that anyone verifies, with
/// no service hours and no points (nothing reaches the ledger).
#[tokio::test]
async fn attendance_completes_the_course_and_its_certificate_verifies() {
    let b = board().await;
    let app = &b.app;
    let mut body = course_body(b.team_a, 10);
    body["sessions_required"] = json!(4);
    let t = json(
        app.post(&b.leader_a.client, "/api/v1/trainings", &body)
            .await,
    )
    .await;
    assert_eq!(t["sessions_required"], 4);
    let id = t["id"].as_i64().unwrap();
    let s = sessions(app, &b.leader_a, id).await;
    let (li, zhang, wang) = (
        volunteer(app, "李梅").await,
        volunteer(app, "张伟").await,
        volunteer(app, "王芳").await,
    );
    for p in [&li, &zhang] {
        assert_eq!(
            app.post(&p.client, &enrol_path(id), &json!({}))
                .await
                .status(),
            201
        );
    }
    let ahead = assert_error(
        mark(app, &b.leader_a, s[0], li.id, true).await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(ahead["error"]["message"], "该场次尚未开始，不能记录出勤");
    let cert = format!("/api/v1/trainings/{id}/certificate");
    let early = assert_error(
        app.post(&li.client, &cert, &json!({})).await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(
        early["error"]["message"],
        "还没有完成该培训（出勤场次不够）"
    );

    shift(app, id, 10).await;
    let stranger = assert_error(
        mark(app, &b.leader_a, s[0], wang.id, true).await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(stranger["error"]["message"], "此人未报名该培训");
    assert_error(
        mark(app, &b.leader_b, s[0], li.id, true).await,
        403,
        "forbidden",
    )
    .await;
    for &session in &s[..4] {
        assert_eq!(
            mark(app, &b.leader_a, session, li.id, true).await.status(),
            200
        );
    }
    // Marked twice counts once; a mark taken back no longer counts.
    assert_eq!(
        mark(app, &b.leader_a, s[0], li.id, true).await.status(),
        200
    );
    assert_eq!(
        mark(app, &b.leader_a, s[4], zhang.id, true).await.status(),
        200
    );
    let p = json(mark(app, &b.leader_a, s[4], zhang.id, false).await).await;
    assert_eq!(
        (p["attended"].as_i64(), p["completed"].as_bool()),
        (Some(0), Some(false))
    );
    assert_eq!(
        mark(app, &b.leader_a, s[4], zhang.id, true).await.status(),
        200
    );

    let roster = json(
        app.get(
            &b.leader_a.client,
            &format!("/api/v1/trainings/{id}/roster"),
        )
        .await,
    )
    .await;
    assert_eq!(roster[0]["name"], "李梅");
    assert_eq!(roster[0]["attended"], 4);
    assert_eq!(roster[0]["minutes"], 4 * 180);
    assert_eq!(roster[0]["completed"], true);
    assert_eq!(roster[1]["attended"], 1);
    assert_eq!(roster[1]["completed"], false);
    // The sheet shows which sessions each trainee was present at.
    assert_eq!(roster[0]["present"], json!(s[..4]));
    assert_eq!(roster[1]["present"], json!([s[4]]));
    let theirs = json(
        app.get(&b.leader_a.client, &format!("/api/v1/trainings/{id}"))
            .await,
    )
    .await;
    assert_eq!(theirs["me_organiser"], true);
    let mine = json(
        app.get(&li.client, &format!("/api/v1/trainings/{id}"))
            .await,
    )
    .await;
    assert_eq!(
        (mine["me_attended"].as_i64(), mine["me_completed"].as_bool()),
        (Some(4), Some(true))
    );
    assert_eq!(mine["me_organiser"], false);
    assert_error(
        app.post(&zhang.client, &cert, &json!({})).await,
        409,
        "conflict",
    )
    .await;

    let c = json(app.post(&li.client, &cert, &json!({})).await).await;
    assert_eq!(c["facts"]["name"], "李梅");
    assert_eq!(c["facts"]["training_minutes"], 720);
    assert_eq!(c["facts"]["service_minutes"], 0);
    assert_eq!(c["facts"]["points_earned"], 0);
    assert_eq!(c["facts"]["projects"][0]["title"], "社区志愿者骨干培训");
    assert_eq!(c["facts"]["projects"][0]["category"], "培训结业");
    assert_eq!(c["facts"]["projects"][0]["team"], "法律援助服务队");
    let code = c["code"].as_str().unwrap();
    let checked = json(
        app.get(
            &TestApp::new_client(),
            &format!("/api/v1/certificates/{code}"),
        )
        .await,
    )
    .await;
    assert_eq!(checked["valid"], true);
    assert_eq!(checked["facts"], c["facts"]);

    // Training time stays apart: no service minutes, no points, nothing in the ledger.
    let record = json(app.get(&li.client, "/api/v1/me/record").await).await;
    assert_eq!(record["service_minutes"], 0);
    assert_eq!(record["points_earned"], 0);
    let transfers: i64 = app
        .db
        .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM ledger_transfers", [], |r| r.get(0))?))
        .await
        .unwrap();
    assert_eq!(transfers, 0);

    // Trainees who attended rate the course once, with the same 1–5 stars as elsewhere.
    let rate = format!("/api/v1/trainings/{id}/rating");
    let r = app
        .post(
            &li.client,
            &rate,
            &json!({"stars": 5, "comment": "实地走访很有收获"}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let r = json(r).await;
    assert_eq!(
        (r["subject"].as_str(), r["stars"].as_i64()),
        (Some("training"), Some(5))
    );
    let twice = assert_error(
        app.post(&li.client, &rate, &json!({"stars": 4})).await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(twice["error"]["message"], "你已经评价过了，可以修改原评价");
    assert_error(
        app.post(&zhang.client, &rate, &json!({"stars": 9})).await,
        422,
        "validation",
    )
    .await;
    assert_error(
        app.post(&wang.client, &rate, &json!({"stars": 3})).await,
        403,
        "forbidden",
    )
    .await;
    assert_error(
        app.post(
            &li.client,
            "/api/v1/trainings/999/rating",
            &json!({"stars": 3}),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(
        app.post(&zhang.client, &rate, &json!({"stars": 3}))
            .await
            .status(),
        201
    );
    let list = json(
        app.get(
            &TestApp::new_client(),
            &format!("/api/v1/ratings?subject=training&subject_id={id}"),
        )
        .await,
    )
    .await;
    assert_eq!(list.as_array().unwrap().len(), 2);
}

/// Every endpoint refuses the anonymous; only a leader or admin reaching the node
/// organises a course for it (another team's leader, a reviewer and a resident are
/// refused); everyone signed in reads courses and enrols.
#[tokio::test]
async fn authorization_per_role() {
    let b = board().await;
    let app = &b.app;
    let id = course(&b, 5).await;
    let session = sessions(app, &b.leader_a, id).await[0];
    let anon = TestApp::new_client();
    let all: Vec<(Method, String, Value)> = vec![
        (Method::GET, "/api/v1/trainings".into(), json!(null)),
        (
            Method::POST,
            "/api/v1/trainings".into(),
            course_body(b.team_a, 5),
        ),
        (Method::GET, format!("/api/v1/trainings/{id}"), json!(null)),
        (Method::POST, enrol_path(id), json!({})),
        (Method::GET, "/api/v1/me/trainings".into(), json!(null)),
        (
            Method::POST,
            format!("/api/v1/training-sessions/{session}/attendance"),
            json!({"user_id": 1, "present": true}),
        ),
        (
            Method::GET,
            format!("/api/v1/trainings/{id}/roster"),
            json!(null),
        ),
        (
            Method::POST,
            format!("/api/v1/trainings/{id}/certificate"),
            json!({}),
        ),
    ];
    for (m, path, body) in &all {
        let mut req = anon.request(m.clone(), app.url(path));
        if !body.is_null() {
            req = req.json(body);
        }
        assert_error(req.send().await.unwrap(), 401, "unauthenticated").await;
    }

    let resident = volunteer(app, "居民").await;
    let root = app.org_root().await;
    let admin = app.person_with_role("总会管理员", Role::Admin, root).await;
    let other = app
        .make_node(Tree::Org, Some(root), NodeKind::Branch, "乙分会")
        .await;
    let other_admin = app
        .person_with_role("乙分会管理员", Role::Admin, other)
        .await;
    for who in [&resident, &b.leader_b, &b.reviewer, &other_admin] {
        assert_error(
            app.post(&who.client, "/api/v1/trainings", &course_body(b.team_a, 5))
                .await,
            403,
            "forbidden",
        )
        .await;
    }
    let roster = format!("/api/v1/trainings/{id}/roster");
    let trainee = volunteer(app, "学员").await;
    assert_eq!(
        app.post(&trainee.client, &enrol_path(id), &json!({}))
            .await
            .status(),
        201
    );
    for who in [&resident, &b.leader_b, &b.reviewer, &other_admin, &trainee] {
        assert_error(
            mark(app, who, session, trainee.id, true).await,
            403,
            "forbidden",
        )
        .await;
        assert_error(app.get(&who.client, &roster).await, 403, "forbidden").await;
    }
    for who in [&b.leader_a, &admin] {
        let resp = app
            .post(&who.client, "/api/v1/trainings", &course_body(b.team_a, 5))
            .await;
        assert_eq!(resp.status(), 201);
        assert_eq!(app.get(&who.client, &roster).await.status(), 200);
        // Allowed, but the session has not started yet.
        assert_error(
            mark(app, who, session, trainee.id, true).await,
            409,
            "conflict",
        )
        .await;
    }
    assert_eq!(
        app.post(
            &b.leader_b.client,
            "/api/v1/trainings",
            &course_body(b.team_b, 5)
        )
        .await
        .status(),
        201
    );
    for who in [&resident, &b.leader_b, &b.reviewer] {
        assert_eq!(
            app.get(&who.client, "/api/v1/trainings").await.status(),
            200
        );
        let path = format!("/api/v1/trainings/{id}");
        assert_eq!(app.get(&who.client, &path).await.status(), 200);
        assert_eq!(
            app.post(&who.client, &enrol_path(id), &json!({}))
                .await
                .status(),
            201
        );
        assert_eq!(
            app.get(&who.client, "/api/v1/me/trainings").await.status(),
            200
        );
    }
}

#[tokio::test]
async fn every_training_endpoint_is_in_the_openapi_document() {
    let app = TestApp::spawn().await;
    let doc = json(app.get(&app.client, "/api/v1/openapi.json").await).await;
    let want = [
        ("get", "/api/v1/trainings"),
        ("post", "/api/v1/trainings"),
        ("get", "/api/v1/trainings/{id}"),
        ("post", "/api/v1/trainings/{id}/enrolment"),
        ("get", "/api/v1/me/trainings"),
        ("post", "/api/v1/training-sessions/{id}/attendance"),
        ("get", "/api/v1/trainings/{id}/roster"),
        ("post", "/api/v1/trainings/{id}/certificate"),
        ("post", "/api/v1/trainings/{id}/rating"),
    ];
    for (m, p) in want {
        assert!(doc["paths"][p][m].is_object(), "{m} {p} missing");
    }
}
