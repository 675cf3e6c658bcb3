//! Notifications: every status change of an order tells the people concerned in the same
//! transaction; the bell's count, the list (pollable with `after`), marking read; stored
//! as kind + parameters and worded in the reader's language.

use linli_app::api::orders::OrderAction;
use serde_json::json;

use crate::helpers::{assert_error, json, Person, TestApp};
use crate::orders::world;

/// The resident hears of each step of their order; the assigned team's leader hears of
/// new work; marking read empties the bell.
#[tokio::test]
async fn each_status_change_notifies_the_people_concerned() {
    let w = world().await;
    let app = &w.app;
    let id = w.place().await;
    let unread = |c: &reqwest::Client| {
        let req = c.get(app.url("/api/v1/notifications/unread"));
        async move {
            req.send()
                .await
                .unwrap()
                .json::<serde_json::Value>()
                .await
                .unwrap()["unread"]
                .clone()
        }
    };
    assert_eq!(
        unread(&w.resident.client).await,
        0,
        "no notice for one's own step"
    );
    w.act(&w.reviewer, id, OrderAction::Assign).await;
    assert_eq!(unread(&w.resident.client).await, 1);
    let lead = json(app.get(&w.leader_a.client, "/api/v1/notifications").await).await;
    assert_eq!(lead[0]["kind"], "order_new");
    assert_eq!(lead[0]["order_id"], id);
    assert!(lead[0]["text"].as_str().unwrap().contains("免费义诊"));
    assert_eq!(unread(&w.leader_b.client).await, 0);

    w.act(&w.leader_a, id, OrderAction::Take).await;
    let notes = json(app.get(&w.resident.client, "/api/v1/notifications").await).await;
    assert_eq!(notes.as_array().unwrap().len(), 2);
    assert_eq!(notes[0]["params"]["state"], "accepted");
    assert_eq!(notes[0]["text"], "你的工单「免费义诊」：已接单");
    let newest = notes[0]["id"].as_i64().unwrap();

    // Polling: nothing newer than the newest seen, until the next step.
    let path = format!("/api/v1/notifications?after={newest}");
    assert!(json(app.get(&w.resident.client, &path).await)
        .await
        .as_array()
        .unwrap()
        .is_empty());
    w.act(&w.leader_a, id, OrderAction::Start).await;
    assert_eq!(
        json(app.get(&w.resident.client, &path).await)
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Read one, then all.
    let r = app
        .post(
            &w.resident.client,
            "/api/v1/notifications/read",
            &json!({"ids": [newest]}),
        )
        .await;
    assert_eq!(r.status(), 204);
    assert_eq!(unread(&w.resident.client).await, 2);
    // Someone else's ids change nothing.
    app.post(
        &w.stranger.client,
        "/api/v1/notifications/read",
        &json!({"ids": [newest + 1]}),
    )
    .await;
    assert_eq!(unread(&w.resident.client).await, 2);
    app.post(&w.resident.client, "/api/v1/notifications/read", &json!({}))
        .await;
    assert_eq!(unread(&w.resident.client).await, 0);
    let too_many = json!({"ids": (0..501).collect::<Vec<i64>>()});
    let r = app
        .post(&w.resident.client, "/api/v1/notifications/read", &too_many)
        .await;
    assert_error(r, 422, "validation").await;
}

/// The same stored notice reads in English once the reader switches language.
#[tokio::test]
async fn notices_are_worded_in_the_readers_language() {
    let w = world().await;
    let app = &w.app;
    let id = w.place().await;
    w.act(&w.reviewer, id, OrderAction::Approve).await;
    let zh = json(app.get(&w.resident.client, "/api/v1/notifications").await).await;
    assert_eq!(zh[0]["text"], "你的工单「免费义诊」：待抢单");
    let r = app
        .patch(&w.resident.client, "/api/v1/me", &json!({"lang": "en"}))
        .await;
    assert_eq!(r.status(), 200);
    let en = json(app.get(&w.resident.client, "/api/v1/notifications").await).await;
    assert_eq!(en[0]["text"], "Your order “免费义诊”: In the open pool");
    assert_eq!(en[0]["id"], zh[0]["id"]);
    // The older list of the project board words it the same way.
    let old = json(
        app.get(&w.resident.client, "/api/v1/me/notifications")
            .await,
    )
    .await;
    assert_eq!(old[0]["text"], en[0]["text"]);
}

/// Opens the resident's stream, resuming after `last` (None: only what comes from now).
async fn open_stream(app: &TestApp, who: &Person, last: Option<i64>) -> reqwest::Response {
    let mut req = who.client.get(app.url("/api/v1/notifications/stream"));
    if let Some(last) = last {
        req = req.header("last-event-id", last.to_string());
    }
    let resp = req.send().await.unwrap();
    assert_eq!(resp.status(), 200);
    resp
}

/// Reads `n` events from an event stream: (id, data).
pub async fn read_events(resp: &mut reqwest::Response, n: usize) -> Vec<(i64, serde_json::Value)> {
    let mut text = String::new();
    let mut out = Vec::new();
    let deadline = std::time::Duration::from_secs(15);
    while out.len() < n {
        let chunk = tokio::time::timeout(deadline, resp.chunk())
            .await
            .expect("an event within 15 s")
            .unwrap()
            .expect("the stream stays open");
        text.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = text.find("\n\n") {
            let block: String = text.drain(..end + 2).collect();
            let field = |name: &str| {
                block
                    .lines()
                    .find_map(|l| l.strip_prefix(name))
                    .map(|v| v.trim().to_string())
            };
            if let (Some(id), Some(data)) = (field("id:"), field("data:")) {
                assert_eq!(field("event:").as_deref(), Some("notice"));
                out.push((id.parse().unwrap(), serde_json::from_str(&data).unwrap()));
            }
        }
    }
    out
}

/// The live stream: a reconnect with Last-Event-ID gets exactly what it missed, in
/// order, and then new notices arrive without asking.
#[tokio::test]
async fn a_reconnected_stream_replays_what_it_missed() {
    let w = world().await;
    let app = &w.app;
    let id = w.place().await;
    w.act(&w.reviewer, id, OrderAction::Assign).await;
    let open = |last: i64| {
        w.resident
            .client
            .get(app.url("/api/v1/notifications/stream"))
            .header("last-event-id", last.to_string())
            .send()
    };
    let mut resp = open(0).await.unwrap();
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    let first = read_events(&mut resp, 1).await;
    assert_eq!(first[0].1["params"]["state"], "assigned");
    drop(resp); // the phone loses its connection

    w.act(&w.leader_a, id, OrderAction::Take).await;
    w.act(&w.leader_a, id, OrderAction::Start).await;
    let mut resp = open(first[0].0).await.unwrap();
    let missed = read_events(&mut resp, 2).await;
    let states: Vec<_> = missed
        .iter()
        .map(|(_, n)| n["params"]["state"].clone())
        .collect();
    assert_eq!(states, vec![json!("accepted"), json!("in_progress")]);
    assert!(missed[0].0 > first[0].0 && missed[1].0 > missed[0].0);

    // Live: the next change arrives on the open stream.
    w.act(&w.leader_a, id, OrderAction::Complete).await;
    let live = read_events(&mut resp, 1).await;
    assert_eq!(live[0].1["params"]["state"], "done");
    assert_eq!(live[0].1["text"], "你的工单「免费义诊」：已完成");

    let anon = crate::helpers::TestApp::new_client();
    let r = app.get(&anon, "/api/v1/notifications/stream").await;
    assert_error(r, 401, "unauthenticated").await;
}

/// A notice reaches an open stream when it is committed, not at the next fallback look
/// (20 s): the assertion allows 3 s, a bound, not a timing target.
#[tokio::test]
async fn a_notice_reaches_an_open_stream_at_once() {
    let w = world().await;
    let id = w.place().await;
    let mut resp = open_stream(&w.app, &w.resident, None).await;
    // Let the stream make its first read and go to sleep before the change.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(
        w.act(&w.reviewer, id, OrderAction::Approve).await.status(),
        200
    );
    let got = tokio::time::timeout(std::time::Duration::from_secs(3), read_events(&mut resp, 1))
        .await
        .expect("delivered well before the fallback poll");
    assert_eq!(got[0].1["params"]["state"], "pooled");
    assert_eq!(got[0].1["order_id"], id);
}

/// Many quick notices while the stream drops and reconnects with Last-Event-ID: every
/// one arrives, once, in order.
#[tokio::test]
async fn a_reconnect_amid_many_quick_notices_misses_nothing() {
    const N: usize = 50;
    let w = world().await;
    let mut orders = Vec::new();
    for _ in 0..N {
        orders.push(w.place().await);
    }
    let produce = async {
        for id in &orders {
            assert_eq!(
                w.act(&w.reviewer, *id, OrderAction::Approve).await.status(),
                200
            );
        }
    };
    let consume = async {
        let mut resp = open_stream(&w.app, &w.resident, Some(0)).await;
        let mut got = read_events(&mut resp, 10).await;
        drop(resp); // the connection drops mid-burst
        let mut resp = open_stream(&w.app, &w.resident, Some(got[9].0)).await;
        got.extend(read_events(&mut resp, N - 10).await);
        got
    };
    let ((), got) = tokio::join!(produce, consume);
    let ids: Vec<i64> = got.iter().map(|(id, _)| *id).collect();
    assert!(
        ids.windows(2).all(|p| p[0] < p[1]),
        "in order, none twice: {ids:?}"
    );
    let mut stored: Vec<i64> = json(w.app.get(&w.resident.client, "/api/v1/notifications").await)
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_i64().unwrap())
        .collect();
    stored.reverse();
    assert_eq!(ids, stored, "exactly the stored notices");
    let mut about: Vec<i64> = got
        .iter()
        .map(|(_, n)| n["order_id"].as_i64().unwrap())
        .collect();
    about.sort();
    assert_eq!(about, orders);
}

/// A reconnect after a long absence gets the whole backlog, page after page, oldest
/// first, skipping none (one read takes at most 200).
#[tokio::test]
async fn a_long_backlog_is_replayed_whole() {
    let app = TestApp::spawn().await;
    let who = app.resident("刘芳").await;
    let user = who.id;
    let ids = app
        .db
        .write(move |tx| {
            (0..450)
                .map(|i| {
                    linli_server::notifications::notify(
                        tx,
                        user,
                        linli_server::notifications::ORDER_NEW,
                        json!({"order": i, "service": "免费义诊"}),
                        Default::default(),
                        0,
                    )
                })
                .collect::<Result<Vec<i64>, _>>()
        })
        .await
        .unwrap();
    let mut resp = open_stream(&app, &who, Some(0)).await;
    let got: Vec<i64> = read_events(&mut resp, ids.len())
        .await
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(got, ids);
}
