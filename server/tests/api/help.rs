//! Help requests, continued (S7): the resident's photo, the wider second round on the
//! test's clock, the resident's rating and the volunteers' hours for points.

use serde_json::{json, Value};

use crate::alarms::{world, World};
use crate::helpers::{assert_error, json, Person};

impl World {
    /// `by` asks for help in `grid` (anyone can help, one person wanted).
    pub async fn ask(&self, by: &Person, grid: i64, text: &str) -> Value {
        let body = json!({"grid_id": grid, "urgency": "normal", "place": "梅林一街 5 栋 302",
            "text": text, "places": 1});
        let r = self.app.post(&by.client, "/api/v1/help", &body).await;
        assert_eq!(r.status(), 201);
        json(r).await
    }

    async fn help_photo(&self, by: &Person, id: i64, bytes: Vec<u8>) -> reqwest::Response {
        by.client
            .post(self.app.url(&format!("/api/v1/help/{id}/photo")))
            .header("content-type", "application/octet-stream")
            .body(bytes)
            .send()
            .await
            .unwrap()
    }

    pub async fn help(&self, by: &Person, id: i64) -> reqwest::Response {
        self.app
            .get(&by.client, &format!("/api/v1/help/{id}"))
            .await
    }
}

/// The resident attaches one photo, through the shop's photo pipeline: the volunteers it
/// was offered to and the desk see it; nobody else sees the request, nor may add one.
#[tokio::test]
async fn a_help_request_carries_one_photo_of_the_resident() {
    let w = world().await;
    let h = w.ask(&w.resident, w.grid, "水管爆了").await;
    let id = h["id"].as_i64().unwrap();
    assert_eq!(h["photo"], Value::Null);
    let png = || crate::orders_more::png(64, 48);
    for who in [&w.patrol, &w.dispatcher, &w.neighbour] {
        assert_error(w.help_photo(who, id, png()).await, 403, "forbidden").await;
    }
    let r = w.help_photo(&w.resident, id, b"#!/bin/sh\n".to_vec()).await;
    assert_error(r, 422, "validation").await;
    let r = w.help_photo(&w.resident, id, png()).await;
    assert_eq!(r.status(), 201);
    let thumb = json(r).await["photo"]["thumb_url"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(w.app.get(&w.resident.client, &thumb).await.status(), 200);
    assert_error(w.help_photo(&w.resident, id, png()).await, 409, "conflict").await;
    assert_error(
        w.help_photo(&w.resident, 999_999, png()).await,
        404,
        "not_found",
    )
    .await;
    let anon = w
        .app
        .client
        .post(w.app.url(&format!("/api/v1/help/{id}/photo")))
        .body(png())
        .send()
        .await
        .unwrap();
    assert_error(anon, 401, "unauthenticated").await;
    for who in [&w.patrol, &w.dispatcher] {
        let seen = json(w.help(who, id).await).await;
        assert_eq!(seen["photo"]["thumb_url"], thumb.as_str());
    }
    assert_error(w.help(&w.neighbour, id).await, 403, "forbidden").await;
    let audited: i64 = w
        .app
        .db
        .read(move |c| {
            Ok(c.query_row(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'help.photo' AND subject = ?1",
                [format!("help:{id}")],
                |r| r.get(0),
            )?)
        })
        .await
        .unwrap();
    assert_eq!(audited, 1);
}

/// Every new help endpoint is in the OpenAPI document.
#[tokio::test]
async fn every_new_help_endpoint_is_in_the_openapi_document() {
    let w = world().await;
    let doc = json(w.app.get(&w.app.client, "/api/v1/openapi.json").await).await;
    for (path, method) in [
        ("/api/v1/help/{id}", "get"),
        ("/api/v1/help/{id}/photo", "post"),
    ] {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} missing"
        );
    }
}
