//! The organisation and territory trees, memberships, roles on profiles, and the audit log.

use linli_app::api::{NodeKind, Tree};
use linli_app::roles::Role;
use linli_server::store;
use serde_json::{json, Value};

use crate::helpers::{assert_error, json, TestApp};

async fn create(app: &TestApp, c: &reqwest::Client, body: Value) -> Value {
    let resp = app.post(c, "/api/v1/nodes", &body).await;
    assert_eq!(resp.status(), 201, "create {body}");
    json(resp).await
}

/// Creates an organisation node over HTTP (so it is audited) and returns its id.
async fn org_node(app: &TestApp, c: &reqwest::Client, parent: i64, kind: &str, name: &str) -> i64 {
    let body = json!({"tree": "org", "parent_id": parent, "kind": kind, "name": name});
    id(&create(app, c, body).await)
}

fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap()
}

async fn node(app: &TestApp, c: &reqwest::Client, id: i64) -> Value {
    let all = json(app.get(c, "/api/v1/nodes").await).await;
    all.as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == id)
        .cloned()
        .expect("node listed")
}

/// A global admin builds society → branch → team; paths follow the ids.
#[tokio::test]
async fn an_admin_builds_the_organisation_tree() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let c = &admin.client;
    let root = app.org_root().await;
    let branch = create(
        &app,
        c,
        json!({"tree": "org", "parent_id": root, "kind": "branch", "name": "四新分会"}),
    )
    .await;
    let team = create(
        &app,
        c,
        json!({"tree": "org", "parent_id": id(&branch), "kind": "team", "name": "白鸽志愿服务队"}),
    )
    .await;
    assert_eq!(branch["path"], format!("/{root}/{}/", id(&branch)));
    assert_eq!(
        team["path"],
        format!("/{root}/{}/{}/", id(&branch), id(&team))
    );
    assert_eq!(team["member_count"], 0);
    let org = json(app.get(c, "/api/v1/nodes?tree=org").await).await;
    assert_eq!(org.as_array().unwrap().len(), 3);
    let territory = json(app.get(c, "/api/v1/nodes?tree=territory").await).await;
    assert_eq!(territory, json!([]));
}

/// The territory tree goes district → street → community → grid and nothing else.
#[tokio::test]
async fn territory_nodes_follow_the_placement_rules() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let c = &admin.client;
    let district = create(
        &app,
        c,
        json!({"tree": "territory", "parent_id": null, "kind": "district", "name": "汉阳区"}),
    )
    .await;
    let resp = app
        .post(c, "/api/v1/nodes", &json!({"tree": "territory", "parent_id": id(&district), "kind": "grid", "name": "网格一"}))
        .await;
    assert_eq!(
        assert_error(resp, 422, "validation").await["error"]["field"],
        "kind"
    );
    let resp = app
        .post(
            c,
            "/api/v1/nodes",
            &json!({"tree": "org", "parent_id": id(&district), "kind": "team", "name": "队"}),
        )
        .await;
    assert_eq!(
        assert_error(resp, 422, "validation").await["error"]["field"],
        "kind"
    );
    let resp = app
        .post(
            c,
            "/api/v1/nodes",
            &json!({"tree": "org", "parent_id": 999999, "kind": "team", "name": "队"}),
        )
        .await;
    assert_error(resp, 404, "not_found").await;
    let resp = app
        .post(
            c,
            "/api/v1/nodes",
            &json!({"tree": "org", "parent_id": null, "kind": "society", "name": "  "}),
        )
        .await;
    assert_eq!(
        assert_error(resp, 422, "validation").await["error"]["field"],
        "name"
    );
}

/// Rename, then move a branch with its team under another branch: every descendant's
/// path follows, and a move into its own subtree is refused.
#[tokio::test]
async fn moving_a_node_moves_its_subtree() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let c = &admin.client;
    let root = app.org_root().await;
    let a = org_node(&app, c, root, "branch", "甲分会").await;
    let b = org_node(&app, c, root, "branch", "乙分会").await;
    let a1 = org_node(&app, c, a, "branch", "甲一分会").await;
    let team = org_node(&app, c, a1, "team", "巡逻队").await;

    let renamed = json(
        app.patch(
            c,
            &format!("/api/v1/nodes/{a}"),
            &json!({"name": "甲街道分会"}),
        )
        .await,
    )
    .await;
    assert_eq!(renamed["name"], "甲街道分会");

    let moved = app
        .patch(c, &format!("/api/v1/nodes/{a}"), &json!({"parent_id": b}))
        .await;
    assert_eq!(moved.status(), 200);
    assert_eq!(json(moved).await["path"], format!("/{root}/{b}/{a}/"));
    assert_eq!(
        node(&app, c, a1).await["path"],
        format!("/{root}/{b}/{a}/{a1}/")
    );
    assert_eq!(
        node(&app, c, team).await["path"],
        format!("/{root}/{b}/{a}/{a1}/{team}/")
    );
    assert_eq!(node(&app, c, b).await["path"], format!("/{root}/{b}/"));

    for target in [a, a1, team] {
        let resp = app
            .patch(
                c,
                &format!("/api/v1/nodes/{a}"),
                &json!({"parent_id": target}),
            )
            .await;
        let body = assert_error(resp, 422, "validation").await;
        if target != team {
            assert_eq!(body["error"]["message"], "不能移动到自己的下级");
        }
    }
    // A team cannot sit under a team, and a society cannot move at all.
    let t2 = org_node(&app, c, b, "team", "二队").await;
    let resp = app
        .patch(
            c,
            &format!("/api/v1/nodes/{t2}"),
            &json!({"parent_id": team}),
        )
        .await;
    assert_eq!(
        assert_error(resp, 422, "validation").await["error"]["field"],
        "kind"
    );
    let resp = app
        .patch(
            c,
            &format!("/api/v1/nodes/{root}"),
            &json!({"parent_id": b}),
        )
        .await;
    assert_error(resp, 422, "validation").await;
}

/// A team leader manages their team's members; membership and roles show on the profile.
#[tokio::test]
async fn memberships_and_roles_appear_on_the_profile() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let root = app.org_root().await;
    let team = app
        .make_node(Tree::Org, Some(root), NodeKind::Team, "红喇叭治安巡逻队")
        .await;
    let leader = app.person_with_role("李队长", Role::TeamLeader, team).await;
    let volunteer = app.resident("刘芳").await;

    let add = app
        .post(
            &leader.client,
            &format!("/api/v1/nodes/{team}/members"),
            &json!({"user_id": volunteer.id}),
        )
        .await;
    assert_eq!(add.status(), 204);
    let again = app
        .post(
            &leader.client,
            &format!("/api/v1/nodes/{team}/members"),
            &json!({"user_id": volunteer.id}),
        )
        .await;
    assert_eq!(again.status(), 204);
    let members = json(
        app.get(&leader.client, &format!("/api/v1/nodes/{team}/members"))
            .await,
    )
    .await;
    assert_eq!(members[0]["id"], volunteer.id);
    assert_eq!(
        members[0]["phone"].as_str().unwrap().len(),
        "139****0001".len()
    );
    assert!(members[0]["phone"].as_str().unwrap().contains("****"));
    let full = json(
        app.get(&admin.client, &format!("/api/v1/nodes/{team}/members"))
            .await,
    )
    .await;
    assert_eq!(full[0]["phone"], volunteer.phone.as_str());

    let grant = app
        .post(
            &admin.client,
            &format!("/api/v1/users/{}/roles", volunteer.id),
            &json!({"role": "reviewer", "node_id": team}),
        )
        .await;
    assert_eq!(grant.status(), 201);
    let grant = json(grant).await;
    assert_eq!(grant["node_name"], "红喇叭治安巡逻队");

    let me = json(app.get(&volunteer.client, "/api/v1/me").await).await;
    assert_eq!(
        me["teams"],
        json!([{"node_id": team, "name": "红喇叭治安巡逻队"}])
    );
    assert_eq!(me["roles"][0]["role"], "reviewer");
    let seen = json(
        app.get(&admin.client, &format!("/api/v1/users/{}", volunteer.id))
            .await,
    )
    .await;
    assert_eq!(seen, me);
    let count = node(&app, &admin.client, team).await["member_count"].clone();
    assert_eq!(count, 1);

    let dup = app
        .post(
            &admin.client,
            &format!("/api/v1/users/{}/roles", volunteer.id),
            &json!({"role": "reviewer", "node_id": team}),
        )
        .await;
    assert_error(dup, 409, "conflict").await;
    let revoke = app
        .delete(
            &admin.client,
            &format!("/api/v1/users/{}/roles/{}", volunteer.id, grant["id"]),
        )
        .await;
    assert_eq!(revoke.status(), 204);
    let out = app
        .delete(
            &leader.client,
            &format!("/api/v1/nodes/{team}/members/{}", volunteer.id),
        )
        .await;
    assert_eq!(out.status(), 204);
    let me = json(app.get(&volunteer.client, "/api/v1/me").await).await;
    assert_eq!(
        (me["teams"].clone(), me["roles"].clone()),
        (json!([]), json!([]))
    );
    let gone = app
        .delete(
            &leader.client,
            &format!("/api/v1/nodes/{team}/members/{}", volunteer.id),
        )
        .await;
    assert_error(gone, 404, "not_found").await;
}

/// Resident is not a grantable role, grants sit only on organisation nodes, and people
/// join teams only.
#[tokio::test]
async fn grants_and_memberships_refuse_the_wrong_targets() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let c = &admin.client;
    let root = app.org_root().await;
    let grid = app
        .make_node(Tree::Territory, None, NodeKind::District, "汉阳区")
        .await;
    let p = app.resident("某人").await;
    let url = format!("/api/v1/users/{}/roles", p.id);
    let r = app
        .post(c, &url, &json!({"role": "resident", "node_id": root}))
        .await;
    assert_eq!(
        assert_error(r, 422, "validation").await["error"]["field"],
        "role"
    );
    let r = app
        .post(c, &url, &json!({"role": "admin", "node_id": grid}))
        .await;
    assert_eq!(
        assert_error(r, 422, "validation").await["error"]["field"],
        "node_id"
    );
    let r = app
        .post(c, &url, &json!({"role": "root", "node_id": root}))
        .await;
    assert!(r.status().is_client_error());
    let r = app
        .post(
            c,
            "/api/v1/users/999999/roles",
            &json!({"role": "admin", "node_id": root}),
        )
        .await;
    assert_error(r, 404, "not_found").await;
    let r = app
        .post(
            c,
            &format!("/api/v1/nodes/{root}/members"),
            &json!({"user_id": p.id}),
        )
        .await;
    assert_error(r, 422, "validation").await;
}

/// The last global admin cannot revoke their own grant and lock everyone out.
#[tokio::test]
async fn the_last_global_admin_stays() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let me = json(app.get(&admin.client, "/api/v1/me").await).await;
    let grant = me["roles"][0]["id"].as_i64().unwrap();
    let r = app
        .delete(
            &admin.client,
            &format!("/api/v1/users/{}/roles/{grant}", admin.id),
        )
        .await;
    assert_error(r, 409, "conflict").await;
}

/// Every administrative change leaves an audit row naming who did it.
#[tokio::test]
async fn admin_actions_are_audited() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let c = &admin.client;
    let root = app.org_root().await;
    let b1 = org_node(&app, c, root, "branch", "一").await;
    let b2 = org_node(&app, c, root, "branch", "二").await;
    let team = org_node(&app, c, b1, "team", "队").await;
    app.patch(
        c,
        &format!("/api/v1/nodes/{team}"),
        &json!({"name": "新队", "parent_id": b2}),
    )
    .await;
    let p = app.resident("志愿者").await;
    app.post(
        c,
        &format!("/api/v1/nodes/{team}/members"),
        &json!({"user_id": p.id}),
    )
    .await;
    app.delete(c, &format!("/api/v1/nodes/{team}/members/{}", p.id))
        .await;
    let g = json(
        app.post(
            c,
            &format!("/api/v1/users/{}/roles", p.id),
            &json!({"role": "kiosk", "node_id": b2}),
        )
        .await,
    )
    .await;
    app.delete(c, &format!("/api/v1/users/{}/roles/{}", p.id, g["id"]))
        .await;

    let rows = app.db.read(|c| store::audit::recent(c, 50)).await.unwrap();
    let actions: Vec<&str> = rows.iter().rev().map(|r| r.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "node.create",
            "node.create",
            "node.create",
            "node.move",
            "node.rename",
            "member.add",
            "member.remove",
            "role.grant",
            "role.revoke"
        ]
    );
    assert!(rows.iter().all(|r| r.actor_id == Some(admin.id)));
    assert_eq!(rows[0].subject, format!("user:{}", p.id));
}
