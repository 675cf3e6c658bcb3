//! Property companies managed by administrators: a company's rate is versioned, each
//! offset uses the rate in force on its day, and who may confirm for it is listed.

use linli_app::api::bank::FeeOffsetRequest;
use linli_app::roles::Role;
use linli_server::bank::offsets;
use linli_server::store::now;
use reqwest::Method;
use serde_json::{json, Value};

use crate::bank::{property, request_offset};
use crate::helpers::{assert_error, json, TestApp};
use crate::ledger::grant_points;

const DAY: i64 = 86_400;

/// `YYYY-MM-DD` in Beijing of a Unix time.
fn beijing_day(t: i64) -> String {
    linli_server::ledger::calendar::day_key(t)
}

#[tokio::test]
async fn an_offset_uses_the_rate_in_force_on_its_day() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let p = property(&app, &admin, "梅林都汇物业", 10).await;
    let li = app.resident("李梅").await;
    grant_points(&app, &admin, li.id, 1000, "r-g").await;
    let rates_path = format!("/api/v1/admin/bank/companies/{}/rates", p.company);

    // From the day after tomorrow 20 points make a yuan.
    let later = beijing_day(now() + 2 * DAY);
    let resp = app
        .post(
            &admin.client,
            &rates_path,
            &json!({"points_per_yuan": 20, "effective_from": later}),
        )
        .await;
    assert_eq!(resp.status(), 201);
    let rates = json(resp).await;
    assert_eq!(rates.as_array().unwrap().len(), 2);
    assert_eq!(
        rates[0]["points_per_yuan"], 20,
        "the latest to take effect first"
    );
    assert_eq!(rates[1]["points_per_yuan"], 10);
    assert_eq!(rates[0]["set_by_name"], "总管理员");

    // Today's offset uses today's rate, and the company still shows it.
    let today = json(
        request_offset(
            &app,
            &li,
            json!({"company_id": p.company, "month": "2026-03", "unit": "3栋501",
                   "points": 100, "idempotency_key": "r-1"}),
        )
        .await,
    )
    .await;
    assert_eq!(today["points_per_yuan"], 10);
    assert_eq!(today["yuan"], 10);
    let companies = json(app.get(&li.client, "/api/v1/bank/companies").await).await;
    assert_eq!(companies[0]["points_per_yuan"], 10);

    // An offset made three days on uses the new rate; the first keeps its own.
    let (user, company) = (li.id, p.company);
    let (later_offset, _) = app
        .db
        .write(move |tx| {
            let req = FeeOffsetRequest {
                company_id: company,
                month: "2026-04".into(),
                unit: "3栋501".into(),
                points: 100,
                idempotency_key: "r-2".into(),
            };
            offsets::request(tx, user, &req, now() + 3 * DAY)
        })
        .await
        .unwrap();
    assert_eq!(later_offset.points_per_yuan, 20);
    assert_eq!(later_offset.yuan, 5);
    let mine = json(app.get(&li.client, "/api/v1/me/bank/fee-offsets").await).await;
    let by_month = |m: &str| {
        mine.as_array()
            .unwrap()
            .iter()
            .find(|o| o["month"] == m)
            .cloned()
            .unwrap()
    };
    assert_eq!(by_month("2026-03")["points_per_yuan"], 10);
    assert_eq!(by_month("2026-04")["points_per_yuan"], 20);

    // A rate set for now takes over at once; one for a past day or not a date is refused.
    let resp = app
        .post(&admin.client, &rates_path, &json!({"points_per_yuan": 5}))
        .await;
    assert_eq!(resp.status(), 201);
    let companies = json(app.get(&li.client, "/api/v1/bank/companies").await).await;
    assert_eq!(companies[0]["points_per_yuan"], 5);
    for bad in [
        json!({"points_per_yuan": 8, "effective_from": beijing_day(now() - DAY)}),
        json!({"points_per_yuan": 8, "effective_from": "2026-02-30"}),
        json!({"points_per_yuan": 8, "effective_from": "明天"}),
    ] {
        let resp = app
            .client
            .post(app.url(&rates_path))
            .header("accept-language", "en")
            .json(&bad)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 401);
        let resp = admin
            .client
            .post(app.url(&rates_path))
            .header("accept-language", "en")
            .json(&bad)
            .send()
            .await
            .unwrap();
        let body = assert_error(resp, 422, "validation").await;
        assert_eq!(
            body["error"]["message"],
            "The rate must start today or on a later day, written YYYY-MM-DD"
        );
    }
    let resp = app
        .post(&admin.client, &rates_path, &json!({"points_per_yuan": 0}))
        .await;
    assert_error(resp, 422, "validation").await;
    let rates = json(app.get(&admin.client, &rates_path).await).await;
    assert_eq!(rates.as_array().unwrap().len(), 3, "refusals left nothing");
}

#[tokio::test]
async fn the_people_who_may_confirm_for_a_company_are_listed() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let p = property(&app, &admin, "梅林都汇物业", 10).await;
    let staff = json(
        app.get(
            &admin.client,
            &format!("/api/v1/admin/bank/companies/{}/staff", p.company),
        )
        .await,
    )
    .await;
    let list = staff.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["user_id"], p.staff.id);
    assert_eq!(list[0]["name"], "梅林都汇物业");
    assert_eq!(list[0]["phone"], p.staff.phone.as_str());
    // Revoked through the people API, they are no longer listed and may not confirm.
    let grant = list[0]["grant_id"].as_i64().unwrap();
    let resp = app
        .delete(
            &admin.client,
            &format!("/api/v1/users/{}/roles/{grant}", p.staff.id),
        )
        .await;
    assert_eq!(resp.status(), 204);
    let staff = json(
        app.get(
            &admin.client,
            &format!("/api/v1/admin/bank/companies/{}/staff", p.company),
        )
        .await,
    )
    .await;
    assert_eq!(staff, json!([]));
    let resp = app
        .get(
            &p.staff.client,
            &format!("/api/v1/property/fee-offsets?company_id={}", p.company),
        )
        .await;
    assert_error(resp, 403, "forbidden").await;
}

/// The anonymous get 401; residents, property staff and a branch admin get 403; a
/// missing company is a 404 for a global admin.
#[tokio::test]
async fn who_may_manage_company_rates_and_staff() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let p = property(&app, &admin, "梅林都汇物业", 10).await;
    let resident = app.resident("李梅").await;
    let root = app.org_root().await;
    let branch = app
        .make_node(
            linli_app::api::Tree::Org,
            Some(root),
            linli_app::api::NodeKind::Branch,
            "甲分会",
        )
        .await;
    let branch_admin = app.person_with_role("甲管理员", Role::Admin, branch).await;
    let endpoints = |id: i64| -> Vec<(Method, String, Option<Value>)> {
        vec![
            (
                Method::GET,
                format!("/api/v1/admin/bank/companies/{id}/rates"),
                None,
            ),
            (
                Method::POST,
                format!("/api/v1/admin/bank/companies/{id}/rates"),
                Some(json!({"points_per_yuan": 3})),
            ),
            (
                Method::GET,
                format!("/api/v1/admin/bank/companies/{id}/staff"),
                None,
            ),
        ]
    };
    let send = |c: &reqwest::Client, (m, path, body): &(Method, String, Option<Value>)| {
        let mut req = c.request(m.clone(), app.url(path));
        if let Some(b) = body {
            req = req.json(b);
        }
        req.send()
    };
    for e in endpoints(p.company) {
        assert_error(
            send(&TestApp::new_client(), &e).await.unwrap(),
            401,
            "unauthenticated",
        )
        .await;
        for who in [&resident, &p.staff, &branch_admin] {
            assert_error(send(&who.client, &e).await.unwrap(), 403, "forbidden").await;
        }
    }
    for e in endpoints(9999) {
        assert_error(send(&admin.client, &e).await.unwrap(), 404, "not_found").await;
    }
    let rates = json(
        app.get(
            &admin.client,
            &format!("/api/v1/admin/bank/companies/{}/rates", p.company),
        )
        .await,
    )
    .await;
    assert_eq!(
        rates.as_array().unwrap().len(),
        1,
        "no refused request changed it"
    );

    let doc = json(app.get(&app.client, "/api/v1/openapi.json").await).await;
    for (method, path) in [
        ("get", "/api/v1/admin/bank/companies/{id}/rates"),
        ("post", "/api/v1/admin/bank/companies/{id}/rates"),
        ("get", "/api/v1/admin/bank/companies/{id}/staff"),
    ] {
        let op = &doc["paths"][path][method];
        assert!(op["responses"]["403"].is_object(), "{method} {path}");
    }
}
