//! Passwords after registration: changing one's own, and a forgotten one reset with the
//! one-time code a team leader or admin of the person's node issued.

use linli_app::api::{NodeKind, Tree};
use linli_app::roles::Role;
use serde_json::{json, Value};

use crate::helpers::{assert_error, json, Person, TestApp, PASSWORD};

const NEW_PASSWORD: &str = "new-secret-2";

/// A team with a leader and a member, and a leader of another team.
async fn team(app: &TestApp) -> (Person, Person, Person) {
    let root = app.org_root().await;
    let team = app
        .make_node(Tree::Org, Some(root), NodeKind::Team, "甲队")
        .await;
    let other = app
        .make_node(Tree::Org, Some(root), NodeKind::Team, "乙队")
        .await;
    let leader = app.person_with_role("甲队长", Role::TeamLeader, team).await;
    let stranger = app
        .person_with_role("乙队长", Role::TeamLeader, other)
        .await;
    let member = app.resident("队员").await;
    let admin = app.login_as_admin().await;
    let add = app
        .post(
            &admin.client,
            &format!("/api/v1/nodes/{team}/members"),
            &json!({"user_id": member.id}),
        )
        .await;
    assert_eq!(add.status(), 204);
    (leader, member, stranger)
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

/// Changing one's password needs the current one; afterwards the old password no longer
/// signs in, the new one does, and the person's other sessions have ended.
#[tokio::test]
async fn changing_a_password_needs_the_current_one_and_ends_other_sessions() {
    let app = TestApp::spawn().await;
    let me = app.resident("李梅").await;
    let elsewhere = TestApp::new_client();
    assert_eq!(
        app.login(&elsewhere, &me.phone, PASSWORD).await.status(),
        200
    );

    let wrong = app
        .post(
            &me.client,
            "/api/v1/me/password",
            &json!({"current_password": "not-it-123", "password": NEW_PASSWORD}),
        )
        .await;
    let body = assert_error(wrong, 422, "validation").await;
    assert_eq!(body["error"]["message"], "当前密码不正确");
    let short = app
        .post(
            &me.client,
            "/api/v1/me/password",
            &json!({"current_password": PASSWORD, "password": "short"}),
        )
        .await;
    let body = assert_error(short, 422, "validation").await;
    assert_eq!(body["error"]["field"], "password");
    // Nothing changed by the refusals.
    assert_eq!(
        app.login(&TestApp::new_client(), &me.phone, PASSWORD)
            .await
            .status(),
        200
    );

    let ok = app
        .post(
            &me.client,
            "/api/v1/me/password",
            &json!({"current_password": PASSWORD, "password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(ok.status(), 204);
    assert_eq!(
        app.get(&me.client, "/api/v1/me").await.status(),
        200,
        "this session stays"
    );
    assert_error(
        app.get(&elsewhere, "/api/v1/me").await,
        401,
        "unauthenticated",
    )
    .await;
    let old = app.login(&TestApp::new_client(), &me.phone, PASSWORD).await;
    assert_error(old, 401, "unauthenticated").await;
    assert_eq!(
        app.login(&TestApp::new_client(), &me.phone, NEW_PASSWORD)
            .await
            .status(),
        200
    );
    assert!(audit_actions(&app)
        .await
        .contains(&"password.change".to_string()));
}

/// A team leader issues a code for a member; the member resets with it and is signed in;
/// the code works once, old sessions end, and both steps are audited.
#[tokio::test]
async fn a_leader_s_code_resets_a_member_s_password_once() {
    let app = TestApp::spawn().await;
    let (leader, member, _) = team(&app).await;
    let issued = app
        .post(
            &leader.client,
            &format!("/api/v1/users/{}/reset-code", member.id),
            &json!({}),
        )
        .await;
    assert_eq!(issued.status(), 201);
    let issued: Value = json(issued).await;
    let code = issued["code"].as_str().unwrap().to_string();
    assert_eq!(code.len(), 8);
    assert!(code.chars().all(|c| c.is_ascii_digit()));
    assert!(issued["expires_at"].as_i64().unwrap() > linli_server::store::now() + 23 * 3600);

    let browser = TestApp::new_client();
    let spaced = format!("{} {}", &code[..4], &code[4..]);
    let reset = app
        .post(
            &browser,
            "/api/v1/auth/reset",
            &json!({"phone": member.phone, "reset_code": spaced, "password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(reset.status(), 200);
    assert_eq!(json(reset).await["id"], member.id);
    assert_eq!(
        app.get(&browser, "/api/v1/me").await.status(),
        200,
        "signed in"
    );
    assert_error(
        app.get(&member.client, "/api/v1/me").await,
        401,
        "unauthenticated",
    )
    .await;
    assert_eq!(
        app.login(&TestApp::new_client(), &member.phone, NEW_PASSWORD)
            .await
            .status(),
        200
    );

    let again = app
        .post(
            &TestApp::new_client(),
            "/api/v1/auth/reset",
            &json!({"phone": member.phone, "reset_code": code, "password": "third-pass-3"}),
        )
        .await;
    let body = assert_error(again, 401, "unauthenticated").await;
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("重置码"));
    let actions = audit_actions(&app).await;
    assert!(actions.contains(&"password.reset_code".to_string()));
    assert!(actions.contains(&"password.reset".to_string()));
}

/// A leader of another team, a resident and the person themselves (as a resident) may
/// not issue a code; an unknown person is 404 to a leader.
#[tokio::test]
async fn only_a_leader_or_admin_of_the_person_issues_codes() {
    let app = TestApp::spawn().await;
    let (leader, member, stranger) = team(&app).await;
    let path = format!("/api/v1/users/{}/reset-code", member.id);
    for who in [&stranger, &member] {
        assert_error(
            app.post(&who.client, &path, &json!({})).await,
            403,
            "forbidden",
        )
        .await;
    }
    let admin = app.login_as_admin().await;
    assert_eq!(
        app.post(&admin.client, &path, &json!({})).await.status(),
        201
    );
    let missing = app
        .post(
            &leader.client,
            "/api/v1/users/999999/reset-code",
            &json!({}),
        )
        .await;
    assert_error(missing, 404, "not_found").await;
}

/// A wrong code, an expired code and a replaced code are all refused the same way,
/// and the password is unchanged; a malformed code is a 422 naming the field.
#[tokio::test]
async fn wrong_expired_and_replaced_codes_are_refused() {
    let app = TestApp::spawn().await;
    let (leader, member, _) = team(&app).await;
    let path = format!("/api/v1/users/{}/reset-code", member.id);
    let first = json(app.post(&leader.client, &path, &json!({})).await).await;
    let second = json(app.post(&leader.client, &path, &json!({})).await).await;
    let reset = |code: String| {
        let app = &app;
        let phone = member.phone.clone();
        async move {
            app.post(
                &TestApp::new_client(),
                "/api/v1/auth/reset",
                &json!({"phone": phone, "reset_code": code, "password": NEW_PASSWORD}),
            )
            .await
        }
    };
    let first_code = first["code"].as_str().unwrap().to_string();
    let second_code = second["code"].as_str().unwrap().to_string();
    if first_code != second_code {
        assert_error(reset(first_code).await, 401, "unauthenticated").await;
    }
    let wrong = if second_code == "00000000" {
        "11111111"
    } else {
        "00000000"
    };
    assert_error(reset(wrong.into()).await, 401, "unauthenticated").await;
    let body = assert_error(reset("12ab".into()).await, 422, "validation").await;
    assert_eq!(body["error"]["field"], "reset_code");
    // Age the live code past its expiry.
    let id = member.id;
    app.db
        .write(move |tx| {
            tx.execute(
                "UPDATE password_resets SET expires_at = 0 WHERE user_id = ?1",
                [id],
            )?;
            Ok(())
        })
        .await
        .unwrap();
    assert_error(reset(second_code).await, 401, "unauthenticated").await;
    assert_eq!(
        app.login(&TestApp::new_client(), &member.phone, PASSWORD)
            .await
            .status(),
        200
    );
}

/// Guessing codes is limited like guessing passwords: after five wrong tries the phone
/// is told to wait.
#[tokio::test]
async fn guessing_codes_is_rate_limited() {
    let app = TestApp::spawn().await;
    let member = app.resident("队员").await;
    let mut last = 0;
    for n in 0..6 {
        let resp = app
            .post(
                &TestApp::new_client(),
                "/api/v1/auth/reset",
                &json!({"phone": member.phone, "reset_code": format!("1234567{n}"), "password": NEW_PASSWORD}),
            )
            .await;
        last = resp.status().as_u16();
    }
    assert_eq!(last, 429);
}
