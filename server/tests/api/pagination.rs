//! Finding people: search by name or phone, keyset pages by id.

use serde_json::Value;

use crate::helpers::{assert_error, json, TestApp};

/// Pages of two walk everyone once, in id order, and the last page has no cursor.
#[tokio::test]
async fn pages_walk_everyone_once() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    for name in ["张三", "李四", "王五", "赵六"] {
        app.resident(name).await;
    }
    let mut seen = Vec::new();
    let mut after = 0;
    loop {
        let page = json(
            app.get(
                &admin.client,
                &format!("/api/v1/users?limit=2&after={after}"),
            )
            .await,
        )
        .await;
        let ids: Vec<i64> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["id"].as_i64().unwrap())
            .collect();
        seen.extend(ids);
        match page["next_cursor"].as_i64() {
            Some(next) => after = next,
            None => break,
        }
    }
    assert_eq!(seen.len(), 5);
    assert!(seen.windows(2).all(|w| w[0] < w[1]));
}

/// Search matches part of a name or of a phone; global admins see phones whole.
#[tokio::test]
async fn search_by_name_or_phone() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let li = app.resident("李小梅").await;
    app.resident("王大力").await;
    let page = json(app.get(&admin.client, "/api/v1/users?q=小梅").await).await;
    let items: &Vec<Value> = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["phone"], li.phone.as_str());
    let tail = &li.phone[6..];
    let page = json(
        app.get(&admin.client, &format!("/api/v1/users?q={tail}"))
            .await,
    )
    .await;
    assert!(page["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u["id"] == li.id));
    let long = "长".repeat(65);
    let r = app
        .get(&admin.client, &format!("/api/v1/users?q={long}"))
        .await;
    assert_eq!(
        assert_error(r, 422, "validation").await["error"]["field"],
        "q"
    );
}
