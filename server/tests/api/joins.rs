//! Requests to join a team: a resident asks (once, however often they press), the team's
//! leaders or admins over it accept or decline, and the resident is told.

use linli_app::roles::Role;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{assert_error, json, Person, TestApp, TwoBranches};

/// Two branches with a team each; a leader of team A, a leader of team B, an admin of
/// branch A, a kiosk of branch A and a newly registered resident.
struct World {
    app: TestApp,
    branch_a: i64,
    team_a: i64,
    leader_a: Person,
    leader_b: Person,
    admin_a: Person,
    admin_b: Person,
    kiosk_a: Person,
    resident: Person,
}

async fn world() -> World {
    let app = TestApp::spawn().await;
    let TwoBranches {
        branch_a,
        team_a,
        branch_b,
        team_b,
        ..
    } = app.two_branches().await;
    World {
        leader_a: app
            .person_with_role("甲队长", Role::TeamLeader, team_a)
            .await,
        leader_b: app
            .person_with_role("乙队长", Role::TeamLeader, team_b)
            .await,
        admin_a: app
            .person_with_role("甲管理员", Role::Admin, branch_a)
            .await,
        admin_b: app
            .person_with_role("乙管理员", Role::Admin, branch_b)
            .await,
        kiosk_a: app.person_with_role("甲收银", Role::Kiosk, branch_a).await,
        resident: app.resident("新居民").await,
        app,
        branch_a,
        team_a,
    }
}

async fn ask(w: &World, p: &Person, node_id: i64) -> reqwest::Response {
    w.app
        .post(
            &p.client,
            "/api/v1/join-requests",
            &json!({"node_id": node_id}),
        )
        .await
}

async fn pending_for(w: &World, p: &Person) -> Vec<Value> {
    let list = json(w.app.get(&p.client, "/api/v1/join-requests").await).await;
    list.as_array().expect("a list").clone()
}

async fn notices(w: &World, p: &Person) -> Vec<String> {
    let list = json(w.app.get(&p.client, "/api/v1/notifications").await).await;
    list.as_array()
        .expect("notices")
        .iter()
        .map(|n| n["text"].as_str().unwrap_or("").to_string())
        .collect()
}

async fn audit_actions(app: &TestApp) -> Vec<String> {
    app.db
        .read(|c| {
            let mut stmt = c.prepare("SELECT action FROM audit_log ORDER BY id")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
        .unwrap()
}

/// Asking twice keeps one pending request; the leader sees it and accepts; the resident
/// is then a member exactly as if added by hand (audited), sees the outcome and is told.
#[tokio::test]
async fn a_resident_asks_once_and_the_leader_accepts() {
    let w = world().await;
    let first = ask(&w, &w.resident, w.team_a).await;
    assert_eq!(first.status(), 201);
    let first = json(first).await;
    assert_eq!(first["state"], "pending");
    assert_eq!(first["team_name"], "甲队");
    let again = json(ask(&w, &w.resident, w.team_a).await).await;
    assert_eq!(again["id"], first["id"], "asking twice keeps one request");

    let waiting = pending_for(&w, &w.leader_a).await;
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0]["user_name"], "新居民");
    assert!(pending_for(&w, &w.leader_b).await.is_empty());
    assert!(notices(&w, &w.leader_a).await[0].contains("新居民申请加入「甲队」"));

    let id = first["id"].as_i64().unwrap();
    let accept = format!("/api/v1/join-requests/{id}/accept");
    let resp = w.app.post(&w.leader_a.client, &accept, &json!({})).await;
    assert_eq!(resp.status(), 204);
    // A retry changes nothing; declining now is refused in words.
    let resp = w.app.post(&w.leader_a.client, &accept, &json!({})).await;
    assert_eq!(resp.status(), 204);
    let decline = format!("/api/v1/join-requests/{id}/decline");
    let resp = w.app.post(&w.leader_a.client, &decline, &json!({})).await;
    let body = assert_error(resp, 409, "conflict").await;
    assert_eq!(body["error"]["message"], "这条入队申请已经处理过了");

    let me = json(w.app.get(&w.resident.client, "/api/v1/me").await).await;
    assert_eq!(me["teams"][0]["node_id"], w.team_a);
    let mine = json(
        w.app
            .get(&w.resident.client, "/api/v1/me/join-requests")
            .await,
    )
    .await;
    assert_eq!(mine[0]["state"], "accepted");
    assert!(mine[0]["decided_at"].is_i64());
    assert_eq!(
        notices(&w, &w.resident).await,
        vec!["「甲队」同意了你的入队申请，欢迎加入！".to_string()]
    );
    assert!(pending_for(&w, &w.leader_a).await.is_empty());
    let members = json(
        w.app
            .get(
                &w.leader_a.client,
                &format!("/api/v1/nodes/{}/members", w.team_a),
            )
            .await,
    )
    .await;
    assert_eq!(members[0]["id"], w.resident.id);
    let actions = audit_actions(&w.app).await;
    for a in ["join.ask", "member.add", "join.accept"] {
        assert_eq!(actions.iter().filter(|x| *x == a).count(), 1, "{a} once");
    }

    // A member asking again is told they already are one.
    let resp = ask(&w, &w.resident, w.team_a).await;
    let body = assert_error(resp, 409, "conflict").await;
    assert_eq!(body["error"]["message"], "你已经是该服务队的队员");
    // And their new leader may issue them a password reset code.
    let code = w
        .app
        .post(
            &w.leader_a.client,
            &format!("/api/v1/users/{}/reset-code", w.resident.id),
            &json!({}),
        )
        .await;
    assert_eq!(code.status(), 201);
    assert_eq!(json(code).await["code"].as_str().unwrap().len(), 8);
}

/// Declining with a reason tells the resident why; they may ask again later.
#[tokio::test]
async fn a_declined_resident_is_told_why_and_may_ask_again() {
    let w = world().await;
    let id = json(ask(&w, &w.resident, w.team_a).await).await["id"]
        .as_i64()
        .unwrap();
    let decline = format!("/api/v1/join-requests/{id}/decline");
    let long = "长".repeat(201);
    let resp = w
        .app
        .post(&w.leader_a.client, &decline, &json!({"reason": long}))
        .await;
    assert_error(resp, 422, "validation").await;
    let resp = w
        .app
        .post(
            &w.leader_a.client,
            &decline,
            &json!({"reason": "本队已满员"}),
        )
        .await;
    assert_eq!(resp.status(), 204);
    let mine = json(
        w.app
            .get(&w.resident.client, "/api/v1/me/join-requests")
            .await,
    )
    .await;
    assert_eq!(mine[0]["state"], "declined");
    assert_eq!(mine[0]["reason"], "本队已满员");
    assert_eq!(
        notices(&w, &w.resident).await,
        vec!["「甲队」没有同意你的入队申请：本队已满员".to_string()]
    );
    let me = json(w.app.get(&w.resident.client, "/api/v1/me").await).await;
    assert!(me["teams"].as_array().unwrap().is_empty());
    let accept = format!("/api/v1/join-requests/{id}/accept");
    let resp = w.app.post(&w.leader_a.client, &accept, &json!({})).await;
    assert_error(resp, 409, "conflict").await;

    let again = json(ask(&w, &w.resident, w.team_a).await).await;
    assert_ne!(again["id"], id);
    assert_eq!(again["state"], "pending");
}

/// Only teams take members; an unknown node is not found.
#[tokio::test]
async fn only_teams_can_be_asked() {
    let w = world().await;
    let resp = ask(&w, &w.resident, w.branch_a).await;
    let body = assert_error(resp, 422, "validation").await;
    assert_eq!(body["error"]["message"], "只能加入服务队");
    assert_error(ask(&w, &w.resident, 999_999).await, 404, "not_found").await;
    let resp = w
        .app
        .post(
            &w.leader_a.client,
            "/api/v1/join-requests/999999/accept",
            &json!({}),
        )
        .await;
    assert_error(resp, 404, "not_found").await;
}

/// Per role: the anonymous get 401 everywhere; residents and kiosks may ask but not
/// answer or list; a leader of another team and an admin of another branch may not answer;
/// the team's leader and an admin over the team may.
#[tokio::test]
async fn each_role_may_do_what_it_should() {
    let w = world().await;
    let id = json(ask(&w, &w.resident, w.team_a).await).await["id"]
        .as_i64()
        .unwrap();
    let anon = TestApp::new_client();
    let accept = format!("/api/v1/join-requests/{id}/accept");
    let decline = format!("/api/v1/join-requests/{id}/decline");
    let endpoints = [
        (Method::POST, "/api/v1/join-requests".to_string()),
        (Method::GET, "/api/v1/join-requests".to_string()),
        (Method::GET, "/api/v1/me/join-requests".to_string()),
        (Method::POST, accept.clone()),
        (Method::POST, decline.clone()),
    ];
    for (method, path) in &endpoints {
        let resp = anon
            .request(method.clone(), w.app.url(path))
            .json(&json!({"node_id": w.team_a}))
            .send()
            .await
            .unwrap();
        assert_error(resp, 401, "unauthenticated").await;
    }
    for p in [&w.resident, &w.kiosk_a] {
        let resp = w.app.get(&p.client, "/api/v1/join-requests").await;
        assert_error(resp, 403, "forbidden").await;
    }
    for p in [&w.resident, &w.kiosk_a, &w.leader_b, &w.admin_b] {
        for path in [&accept, &decline] {
            let resp = w.app.post(&p.client, path, &json!({})).await;
            assert_error(resp, 403, "forbidden").await;
        }
    }
    // The kiosk of branch A may itself ask to join (it is a person too).
    assert_eq!(ask(&w, &w.kiosk_a, w.team_a).await.status(), 201);
    // The branch admin sees both requests and answers one; the leader answers the other.
    let waiting = pending_for(&w, &w.admin_a).await;
    assert_eq!(waiting.len(), 2);
    assert!(pending_for(&w, &w.admin_b).await.is_empty());
    let resp = w.app.post(&w.admin_a.client, &accept, &json!({})).await;
    assert_eq!(resp.status(), 204);
    let kiosk_request = waiting[1]["id"].as_i64().unwrap();
    let resp = w
        .app
        .post(
            &w.leader_a.client,
            &format!("/api/v1/join-requests/{kiosk_request}/decline"),
            &json!({}),
        )
        .await;
    assert_eq!(resp.status(), 204);
    assert_eq!(
        notices(&w, &w.kiosk_a).await,
        vec!["「甲队」没有同意你的入队申请".to_string()]
    );
    // Nobody else's requests show in a resident's own list.
    let mine = json(
        w.app
            .get(&w.kiosk_a.client, "/api/v1/me/join-requests")
            .await,
    )
    .await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
}
