//! The authorization matrix: every endpoint refuses the anonymous (401) and refuses a
//! lower role or an admin scoped to another branch (403).

use linli_app::roles::Role;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{assert_error, json, Person, TestApp, TwoBranches};

/// Two branches, a team in each, and people with different reach.
struct World {
    app: TestApp,
    root: i64,
    branch_a: i64,
    branch_b: i64,
    team_a: i64,
    team_b: i64,
    /// Admin of branch A only.
    admin_a: Person,
    /// Team leader of team A only.
    leader_a: Person,
    /// A plain resident.
    resident: Person,
    /// A member of team B holding kiosk at branch B.
    member_b: Person,
    kiosk_grant_b: i64,
}

async fn world() -> World {
    let app = TestApp::spawn().await;
    let TwoBranches {
        root,
        branch_a,
        team_a,
        branch_b,
        team_b,
    } = app.two_branches().await;
    let admin_a = app
        .person_with_role("甲管理员", Role::Admin, branch_a)
        .await;
    let leader_a = app
        .person_with_role("甲队长", Role::TeamLeader, team_a)
        .await;
    let member_b = app.person_with_role("乙收银", Role::Kiosk, branch_b).await;
    let global = app.login_as_admin().await;
    let add = app
        .post(
            &global.client,
            &format!("/api/v1/nodes/{team_b}/members"),
            &json!({"user_id": member_b.id}),
        )
        .await;
    assert_eq!(add.status(), 204);
    let me = json(app.get(&member_b.client, "/api/v1/me").await).await;
    let kiosk_grant_b = me["roles"][0]["id"].as_i64().unwrap();
    let resident = app.resident("居民").await;
    World {
        app,
        root,
        branch_a,
        branch_b,
        team_a,
        team_b,
        admin_a,
        leader_a,
        resident,
        member_b,
        kiosk_grant_b,
    }
}

async fn send(
    app: &TestApp,
    c: &reqwest::Client,
    method: Method,
    path: &str,
    body: Option<&Value>,
) -> reqwest::Response {
    let mut req = c.request(method, app.url(path));
    if let Some(b) = body {
        req = req.json(b);
    }
    req.send().await.unwrap()
}

/// One request and the people who must be refused it with 403.
struct Case {
    method: Method,
    path: String,
    body: Option<Value>,
    forbidden_for: Vec<&'static str>,
}

fn case(method: Method, path: String, body: Option<Value>, forbidden_for: &[&'static str]) -> Case {
    Case {
        method,
        path,
        body,
        forbidden_for: forbidden_for.to_vec(),
    }
}

fn cases(w: &World) -> Vec<Case> {
    let (b, tb, ta) = (w.member_b.id, w.team_b, w.team_a);
    vec![
        // A kiosk signs out only with an administrator's card (/kiosk/sign-out).
        case(
            Method::POST,
            "/api/v1/auth/logout".into(),
            None,
            &["kiosk_b"],
        ),
        case(Method::GET, "/api/v1/me".into(), None, &[]),
        case(
            Method::PATCH,
            "/api/v1/me".into(),
            Some(json!({"lang": "en"})),
            &[],
        ),
        case(
            Method::GET,
            "/api/v1/users".into(),
            None,
            &["resident", "kiosk_b"],
        ),
        case(
            Method::GET,
            format!("/api/v1/users/{b}"),
            None,
            &["resident", "leader_a", "admin_a"],
        ),
        case(
            Method::POST,
            format!("/api/v1/users/{b}/roles"),
            Some(json!({"role": "reviewer", "node_id": w.branch_b})),
            &["resident", "leader_a", "admin_a", "kiosk_b"],
        ),
        case(
            Method::POST,
            "/api/v1/me/password".into(),
            Some(json!({"current_password": "wrong-one-1", "password": "another-pass-2"})),
            &[],
        ),
        case(
            Method::POST,
            format!("/api/v1/users/{b}/reset-code"),
            None,
            &["resident", "leader_a", "admin_a", "kiosk_b"],
        ),
        case(
            Method::DELETE,
            format!("/api/v1/users/{b}/roles/{}", w.kiosk_grant_b),
            None,
            &["resident", "leader_a", "admin_a", "kiosk_b"],
        ),
        case(Method::GET, "/api/v1/nodes".into(), None, &[]),
        case(
            Method::POST,
            "/api/v1/nodes".into(),
            Some(json!({"tree": "org", "parent_id": w.branch_b, "kind": "team", "name": "新队"})),
            &["resident", "leader_a", "admin_a", "kiosk_b"],
        ),
        case(
            Method::POST,
            "/api/v1/nodes".into(),
            Some(json!({"tree": "org", "parent_id": null, "kind": "society", "name": "新协会"})),
            &["resident", "leader_a", "admin_a", "kiosk_b"],
        ),
        case(
            Method::POST,
            "/api/v1/nodes".into(),
            Some(
                json!({"tree": "territory", "parent_id": null, "kind": "district", "name": "新区"}),
            ),
            &["resident", "leader_a", "admin_a", "kiosk_b"],
        ),
        case(
            Method::PATCH,
            format!("/api/v1/nodes/{tb}"),
            Some(json!({"name": "改名"})),
            &["resident", "leader_a", "admin_a", "kiosk_b"],
        ),
        // Admin A may edit team A but not move it out of A's reach.
        case(
            Method::PATCH,
            format!("/api/v1/nodes/{ta}"),
            Some(json!({"parent_id": w.branch_b})),
            &["resident", "leader_a", "admin_a", "kiosk_b"],
        ),
        case(
            Method::PATCH,
            format!("/api/v1/nodes/{}", w.root),
            Some(json!({"name": "改名"})),
            &["resident", "leader_a", "admin_a", "kiosk_b"],
        ),
        case(
            Method::GET,
            format!("/api/v1/nodes/{tb}/members"),
            None,
            &["resident", "leader_a", "admin_a", "kiosk_b"],
        ),
        case(
            Method::POST,
            format!("/api/v1/nodes/{tb}/members"),
            Some(json!({"user_id": w.resident.id})),
            &["resident", "leader_a", "admin_a", "kiosk_b"],
        ),
        case(
            Method::DELETE,
            format!("/api/v1/nodes/{tb}/members/{b}"),
            None,
            &["resident", "leader_a", "admin_a", "kiosk_b"],
        ),
        case(
            Method::GET,
            format!("/api/v1/nodes/{ta}/members"),
            None,
            &["resident", "kiosk_b"],
        ),
        // Anyone signed in may ask to join and see their own requests; answering them is
        // tested per role in joins.rs (it needs a request).
        case(
            Method::POST,
            "/api/v1/join-requests".into(),
            Some(json!({"node_id": ta})),
            &[],
        ),
        case(Method::GET, "/api/v1/me/join-requests".into(), None, &[]),
        case(
            Method::GET,
            "/api/v1/join-requests".into(),
            None,
            &["resident", "kiosk_b"],
        ),
    ]
}

/// Every signed-in endpoint answers 401 to a browser without a session.
#[tokio::test]
async fn anonymous_requests_are_refused_everywhere() {
    let w = world().await;
    let anon = TestApp::new_client();
    for c in cases(&w) {
        let resp = send(&w.app, &anon, c.method.clone(), &c.path, c.body.as_ref()).await;
        assert_eq!(resp.status(), 401, "{} {}", c.method, c.path);
        assert_error(resp, 401, "unauthenticated").await;
    }
}

/// Residents, a leader of another team, an admin of another branch, and a kiosk inside
/// the very branch (who may not raise their own roles or manage their own team) get 403.
#[tokio::test]
async fn lower_roles_and_other_branches_are_forbidden() {
    let w = world().await;
    for c in cases(&w) {
        for who in &c.forbidden_for {
            let person = match *who {
                "resident" => &w.resident,
                "leader_a" => &w.leader_a,
                "admin_a" => &w.admin_a,
                "kiosk_b" => &w.member_b,
                other => unreachable!("{other}"),
            };
            let resp = send(
                &w.app,
                &person.client,
                c.method.clone(),
                &c.path,
                c.body.as_ref(),
            )
            .await;
            let status = resp.status();
            let body = json(resp).await;
            assert_eq!(status, 403, "{who}: {} {} -> {body}", c.method, c.path);
            assert_eq!(body["error"]["code"], "forbidden");
        }
    }
    // Nothing was changed by the refused requests.
    let me = json(w.app.get(&w.member_b.client, "/api/v1/me").await).await;
    assert_eq!(me["roles"].as_array().unwrap().len(), 1);
    assert_eq!(me["teams"].as_array().unwrap().len(), 1);
}

/// One resident cannot read another's profile; an unknown id is refused the same way.
#[tokio::test]
async fn residents_cannot_read_each_other() {
    let w = world().await;
    let other = w.app.resident("邻居").await;
    let r = w
        .app
        .get(&w.resident.client, &format!("/api/v1/users/{}", other.id))
        .await;
    assert_error(r, 403, "forbidden").await;
    let r = w.app.get(&w.resident.client, "/api/v1/users/999999").await;
    assert_error(r, 403, "forbidden").await;
    let own = w
        .app
        .get(
            &w.resident.client,
            &format!("/api/v1/users/{}", w.resident.id),
        )
        .await;
    assert_eq!(own.status(), 200);
}

/// Within their branch, a scoped admin can do the same things they were refused outside.
#[tokio::test]
async fn scoped_admins_manage_their_own_branch() {
    let w = world().await;
    let (app, a) = (&w.app, &w.admin_a.client);
    let team = json(
        app.post(
            a,
            "/api/v1/nodes",
            &json!({"tree": "org", "parent_id": w.branch_a, "kind": "team", "name": "甲二队"}),
        )
        .await,
    )
    .await;
    let team = team["id"].as_i64().unwrap();
    assert_eq!(
        app.patch(
            a,
            &format!("/api/v1/nodes/{team}"),
            &json!({"name": "甲三队"})
        )
        .await
        .status(),
        200
    );
    let add = app
        .post(
            a,
            &format!("/api/v1/nodes/{team}/members"),
            &json!({"user_id": w.resident.id}),
        )
        .await;
    assert_eq!(add.status(), 204);
    // Now the resident is in A's branch, so A may read their profile and grant them roles.
    assert_eq!(
        app.get(a, &format!("/api/v1/users/{}", w.resident.id))
            .await
            .status(),
        200
    );
    let g = app
        .post(
            a,
            &format!("/api/v1/users/{}/roles", w.resident.id),
            &json!({"role": "team_leader", "node_id": team}),
        )
        .await;
    assert_eq!(g.status(), 201);
    // The new leader manages their team, and sees phones masked in searches.
    let page = json(app.get(&w.resident.client, "/api/v1/users?q=139").await).await;
    assert!(page["items"][0]["phone"].as_str().unwrap().contains("****"));
    let members = app
        .get(&w.resident.client, &format!("/api/v1/nodes/{team}/members"))
        .await;
    assert_eq!(members.status(), 200);
    let _ = w.branch_b;
}
