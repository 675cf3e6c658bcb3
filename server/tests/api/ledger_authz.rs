//! Who may use the points API: every endpoint refuses the anonymous (401); the admin
//! endpoints refuse residents and admins of a single branch (403); members only ever see
//! their own points.

use linli_app::api::{NodeKind, Tree};
use linli_app::roles::Role;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{assert_error, json, TestApp};
use crate::ledger::{award, grant_points};

async fn send(
    app: &TestApp,
    c: &reqwest::Client,
    method: &Method,
    path: &str,
    body: Option<&Value>,
) -> reqwest::Response {
    let mut req = c.request(method.clone(), app.url(path));
    if let Some(b) = body {
        req = req.json(b);
    }
    req.send().await.unwrap()
}

/// (method, path, body) of every points endpoint, member ones first.
fn endpoints(user_id: i64, account_id: i64, transfer_id: i64) -> (Vec<Endpoint>, Vec<Endpoint>) {
    let rules = json!({"rules": {
        "activities": [{"code": "patrol", "name": "巡逻", "points_per_hour": 99}],
        "multipliers": [], "daily_cap": null, "monthly_cap": null,
        "validity": {"kind": "none"}}, "reason": "越权修改"});
    let member = vec![
        (Method::GET, "/api/v1/me/points".to_string(), None),
        (Method::GET, "/api/v1/me/points/history".into(), None),
        (Method::GET, "/api/v1/me/points/lots".into(), None),
        (
            Method::POST,
            "/api/v1/me/points/donate".into(),
            Some(json!({"amount": 1, "idempotency_key": "authz-d"})),
        ),
        (Method::GET, "/api/v1/points/rules".into(), None),
    ];
    let admin = vec![
        (
            Method::PUT,
            "/api/v1/admin/points/rules".into(),
            Some(rules),
        ),
        (
            Method::GET,
            "/api/v1/admin/points/rules/versions".into(),
            None,
        ),
        (
            Method::POST,
            "/api/v1/admin/points/award".into(),
            Some(
                json!({"user_id": user_id, "activity": "patrol", "minutes": 60,
                        "reason": "越权", "idempotency_key": "authz-a"}),
            ),
        ),
        (
            Method::POST,
            "/api/v1/admin/points/adjust".into(),
            Some(json!({"user_id": user_id, "amount": 500, "reason": "越权",
                        "idempotency_key": "authz-j"})),
        ),
        (Method::GET, "/api/v1/admin/points/accounts?q=".into(), None),
        (
            Method::GET,
            format!("/api/v1/admin/points/accounts/{account_id}/history"),
            None,
        ),
        (
            Method::GET,
            format!("/api/v1/admin/points/transfers/{transfer_id}"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/admin/points/transfers/{transfer_id}/reverse"),
            Some(json!({"reason": "越权冲正"})),
        ),
        (Method::GET, "/api/v1/admin/audit".into(), None),
        (
            Method::GET,
            "/api/v1/admin/audit?kind=people&person=居民&from=2026-01-01&to=2036-12-31".into(),
            None,
        ),
    ];
    (member, admin)
}

type Endpoint = (Method, String, Option<Value>);

/// Anonymous requests get 401 everywhere; residents and a branch admin get 403 on every
/// admin endpoint, and nothing changes.
#[tokio::test]
async fn points_endpoints_refuse_the_anonymous_and_lower_roles() {
    let app = TestApp::spawn().await;
    let root = app.org_root().await;
    let branch = app
        .make_node(Tree::Org, Some(root), NodeKind::Branch, "甲分会")
        .await;
    let admin = app.login_as_admin().await;
    let branch_admin = app
        .person_with_role("分会管理员", Role::Admin, branch)
        .await;
    let reviewer = app.person_with_role("审核员", Role::Reviewer, root).await;
    let team = app
        .make_node(Tree::Org, Some(branch), NodeKind::Team, "甲队")
        .await;
    let leader = app.person_with_role("队长", Role::TeamLeader, team).await;
    let resident = app.resident("居民").await;
    let t = award(&app, &admin, resident.id, 60, "seed").await;
    let transfer_id = t["id"].as_i64().unwrap();
    let account_id = t["postings"][1]["account_id"].as_i64().unwrap();
    let (member, admin_only) = endpoints(resident.id, account_id, transfer_id);

    let anon = TestApp::new_client();
    for (m, path, body) in member.iter().chain(admin_only.iter()) {
        let resp = send(&app, &anon, m, path, body.as_ref()).await;
        assert_eq!(resp.status(), 401, "anonymous {m} {path}");
        assert_error(resp, 401, "unauthenticated").await;
    }
    for (who, person) in [
        ("resident", &resident),
        ("branch admin", &branch_admin),
        ("reviewer", &reviewer),
        ("team leader", &leader),
    ] {
        for (m, path, body) in &admin_only {
            let resp = send(&app, &person.client, m, path, body.as_ref()).await;
            let status = resp.status();
            let body = json(resp).await;
            assert_eq!(status, 403, "{who}: {m} {path} -> {body}");
            assert_eq!(body["error"]["code"], "forbidden");
        }
    }
    // The refused requests changed nothing.
    let me = json(app.get(&resident.client, "/api/v1/me/points").await).await;
    assert_eq!(me["balance"], 10);
    let rules = json(app.get(&resident.client, "/api/v1/points/rules").await).await;
    assert_eq!(rules["version"], 1);
    // And the global admin may use them all.
    for (m, path, body) in &admin_only {
        let resp = send(&app, &admin.client, m, path, body.as_ref()).await;
        assert!(
            resp.status().is_success(),
            "admin: {m} {path} -> {}",
            resp.status()
        );
    }
}

/// A member sees only their own balance, history and lots; another member's transfers
/// never appear, and donating spends only the caller's own points.
#[tokio::test]
async fn members_only_ever_see_their_own_points() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let li = app.resident("李梅").await;
    let wang = app.resident("王芳").await;
    grant_points(&app, &admin, li.id, 40, "li-1").await;
    let history = json(app.get(&wang.client, "/api/v1/me/points/history").await).await;
    assert_eq!(history["items"], json!([]));
    let lots = json(app.get(&wang.client, "/api/v1/me/points/lots").await).await;
    assert_eq!(lots, json!([]));
    let me = json(app.get(&wang.client, "/api/v1/me/points").await).await;
    assert_eq!(me["balance"], 0);
    // Wang cannot spend Li's points, even with Li's idempotency key.
    let body = json!({"amount": 10, "idempotency_key": "li-donation"});
    let d = app
        .post(&li.client, "/api/v1/me/points/donate", &body)
        .await;
    assert_eq!(d.status(), 201);
    let d = app
        .post(&wang.client, "/api/v1/me/points/donate", &body)
        .await;
    assert_error(d, 409, "conflict").await;
    let li_me = json(app.get(&li.client, "/api/v1/me/points").await).await;
    assert_eq!(li_me["balance"], 30);
    // Nor read Li's history through the admin path.
    let account = json(
        app.get(&admin.client, "/api/v1/admin/points/accounts?q=%E6%9D%8E")
            .await,
    )
    .await[0]["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/admin/points/accounts/{account}/history");
    assert_error(app.get(&wang.client, &path).await, 403, "forbidden").await;
}
