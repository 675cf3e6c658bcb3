//! The published points standard (积分管理办法): anyone reads the rules in force and the
//! earlier versions with their dates; an administrator's change publishes a new version.

use serde_json::{json, Value};

use crate::helpers::{assert_error, json, TestApp};

async fn standard(app: &TestApp) -> Value {
    let resp = app
        .get(&TestApp::new_client(), "/api/v1/points/standard")
        .await;
    assert_eq!(resp.status(), 200, "no sign-in needed");
    json(resp).await
}

#[tokio::test]
async fn anyone_reads_the_standard_in_force_and_every_earlier_version_with_its_dates() {
    let app = TestApp::spawn().await;
    let first = standard(&app).await;
    let versions = first["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0]["version"], 1);
    assert_eq!(versions[0]["in_force_until"], Value::Null);
    let rules = &versions[0]["rules"];
    assert_eq!(rules["activities"][0]["name"], "治安巡逻");
    assert_eq!(rules["activities"][0]["points_per_hour"], 10);
    assert_eq!(rules["multipliers"][0]["percent"], 200);
    assert_eq!(rules["daily_cap"], 100);
    assert_eq!(rules["monthly_cap"], 1000);
    assert_eq!(rules["validity"]["kind"], "year_end");

    // A member may not change it; an administrator's change is a new version.
    let mut changed = rules.clone();
    changed["activities"][0]["points_per_hour"] = json!(12);
    changed["daily_cap"] = json!(80);
    let body = json!({"rules": changed, "reason": "巡逻积分提高到每小时 12 分"});
    let member = app.resident("李梅").await;
    let put = |client: &reqwest::Client| {
        client
            .put(app.url("/api/v1/admin/points/rules"))
            .json(&body)
            .send()
    };
    assert_error(put(&member.client).await.unwrap(), 403, "forbidden").await;
    assert_error(
        put(&TestApp::new_client()).await.unwrap(),
        401,
        "unauthenticated",
    )
    .await;
    let admin = app.login_as_admin().await;
    assert_eq!(put(&admin.client).await.unwrap().status(), 200);

    let now = standard(&app).await;
    let text = now.to_string();
    assert!(!text.contains("author"), "who published it is not public");
    let versions = now["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    let (current, earlier) = (&versions[0], &versions[1]);
    assert_eq!(current["version"], 2);
    assert_eq!(current["reason"], "巡逻积分提高到每小时 12 分");
    assert_eq!(current["rules"]["activities"][0]["points_per_hour"], 12);
    assert_eq!(current["rules"]["daily_cap"], 80);
    assert_eq!(current["in_force_until"], Value::Null);
    assert_eq!(earlier["version"], 1);
    assert_eq!(
        earlier["rules"], *rules,
        "the earlier version is kept as it was"
    );
    assert_eq!(earlier["in_force_until"], current["in_force_from"]);
    assert!(earlier["in_force_from"].as_i64() <= current["in_force_from"].as_i64());
}

#[tokio::test]
async fn the_standard_is_in_the_openapi_document_without_sign_in() {
    let app = TestApp::spawn().await;
    let doc = json(app.get(&app.client, "/api/v1/openapi.json").await).await;
    let op = &doc["paths"]["/api/v1/points/standard"]["get"];
    assert!(op.is_object());
    assert!(op["responses"]["200"].is_object());
    assert!(op["responses"]["401"].is_null(), "public");
}
