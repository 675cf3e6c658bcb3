//! The public-welfare bank over HTTP: families and their privacy, donations to the pool
//! and to families, allocations by case workers, fee offsets from request to statement,
//! idempotent retries, and who may do what.

use linli_app::api::{NodeKind, Tree};
use linli_app::roles::Role;
use linli_server::ledger;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{assert_error, json, Person, TestApp};
use crate::ledger::grant_points;

async fn balance(app: &TestApp, p: &Person) -> i64 {
    json(app.get(&p.client, "/api/v1/me/points").await).await["balance"]
        .as_i64()
        .unwrap()
}

async fn assert_books_balance(app: &TestApp) {
    let broken = app.db.read(ledger::broken_invariants).await.unwrap();
    assert!(broken.is_empty(), "{broken:?}");
}

pub async fn register_family(app: &TestApp, admin: &Person, body: Value) -> Value {
    let resp = app
        .post(&admin.client, "/api/v1/admin/bank/families", &body)
        .await;
    assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
    json(resp).await
}

async fn wang_family(app: &TestApp, admin: &Person) -> i64 {
    let body = json!({"full_name": "王建华", "category": "hardship",
                      "contact": "13900001111", "note": "低保户"});
    register_family(app, admin, body).await["id"]
        .as_i64()
        .unwrap()
}

async fn family(app: &TestApp, admin: &Person, id: i64) -> Value {
    let all = json(app.get(&admin.client, "/api/v1/admin/bank/families").await).await;
    all.as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id)
        .cloned()
        .unwrap()
}

async fn pool(app: &TestApp, p: &Person) -> i64 {
    json(app.get(&p.client, "/api/v1/bank").await).await["pool_balance"]
        .as_i64()
        .unwrap()
}

async fn donate(app: &TestApp, p: &Person, body: Value) -> reqwest::Response {
    app.post(&p.client, "/api/v1/me/bank/donate", &body).await
}

/// Residents see a family as its category and the first character of its name; admins
/// see everything; an inactive family disappears from the residents' list.
#[tokio::test]
async fn residents_see_only_category_and_first_character() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let li = app.resident("李梅").await;
    let id = wang_family(&app, &admin).await;
    let f = family(&app, &admin, id).await;
    assert_eq!(f["full_name"], "王建华");
    assert_eq!(f["balance"], 0);
    assert!(f["account_id"].as_i64().unwrap() > 0);

    let overview = json(app.get(&li.client, "/api/v1/bank").await).await;
    let text = overview.to_string();
    assert!(!text.contains("王建华") && !text.contains("13900001111") && !text.contains("低保"));
    assert_eq!(
        overview["families"][0],
        json!({"id": id, "category": "hardship", "masked_name": "王**"})
    );
    let resp = app
        .patch(
            &admin.client,
            &format!("/api/v1/admin/bank/families/{id}"),
            &json!({"active": false}),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let overview = json(app.get(&li.client, "/api/v1/bank").await).await;
    assert_eq!(overview["families"], json!([]));
    let resp = donate(
        &app,
        &li,
        json!({"family_id": id, "amount": 1, "idempotency_key": "x"}),
    )
    .await;
    assert_error(resp, 409, "conflict").await;
    // Input is checked.
    let resp = app
        .post(
            &admin.client,
            "/api/v1/admin/bank/families",
            &json!({"full_name": " ", "category": "hardship"}),
        )
        .await;
    let err = assert_error(resp, 422, "validation").await;
    assert_eq!(err["error"]["field"], "full_name");
    let resp = app
        .post(
            &admin.client,
            "/api/v1/admin/bank/families",
            &json!({"full_name": "赵", "category": "rich"}),
        )
        .await;
    assert!(resp.status().is_client_error());
    let resp = app
        .post(
            &admin.client,
            "/api/v1/admin/bank/families",
            &json!({"full_name": "赵", "category": "disability", "user_id": 424242}),
        )
        .await;
    assert_error(resp, 422, "validation").await;
}

/// Donations move exactly what was given, to the pool or to a family, show in the
/// donor's history, never take a balance below zero, and a retry posts once.
#[tokio::test]
async fn donations_move_points_exactly_and_once() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let li = app.resident("李梅").await;
    grant_points(&app, &admin, li.id, 100, "d-g1").await;
    let fam = wang_family(&app, &admin).await;

    let resp = donate(&app, &li, json!({"amount": 30, "idempotency_key": "d-1"})).await;
    assert_eq!(resp.status(), 201);
    let to_pool = json(resp).await;
    assert_eq!(to_pool["kind"], "donate");
    assert_eq!(to_pool["amount"], -30);
    assert_eq!(to_pool["counterparty"], "charity_pool");
    assert_eq!(pool(&app, &li).await, 30);

    let body = json!({"family_id": fam, "amount": 45, "idempotency_key": "d-2"});
    let resp = donate(&app, &li, body.clone()).await;
    assert_eq!(resp.status(), 201);
    assert!(resp.headers().get("idempotent-replayed").is_none());
    let to_family = json(resp).await;
    assert_eq!(to_family["counterparty"], "family");
    assert_eq!(to_family["balance_after"], 25);
    let again = donate(&app, &li, body).await;
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(json(again).await, to_family);
    assert_eq!(balance(&app, &li).await, 25);
    assert_eq!(family(&app, &admin, fam).await["balance"], 45);

    // The same key for another target or amount is refused; so is an overspend.
    let resp = donate(&app, &li, json!({"amount": 45, "idempotency_key": "d-2"})).await;
    assert_error(resp, 409, "conflict").await;
    let resp = donate(
        &app,
        &li,
        json!({"family_id": fam, "amount": 26, "idempotency_key": "d-3"}),
    )
    .await;
    assert_error(resp, 409, "conflict").await;
    for bad in [0, -5] {
        let resp = donate(
            &app,
            &li,
            json!({"family_id": fam, "amount": bad, "idempotency_key": "d-4"}),
        )
        .await;
        assert_error(resp, 422, "validation").await;
    }
    let resp = donate(
        &app,
        &li,
        json!({"family_id": 424242, "amount": 1, "idempotency_key": "d-5"}),
    )
    .await;
    assert_error(resp, 404, "not_found").await;
    assert_eq!(balance(&app, &li).await, 25);
    let history = json(
        app.get(&li.client, "/api/v1/me/points/history?type=donate")
            .await,
    )
    .await;
    assert_eq!(history["items"].as_array().unwrap().len(), 2);
    assert_books_balance(&app).await;
}

/// A case worker (reviewer) allocates pool points to a family, never more than the pool
/// holds; a retry allocates once; the family's linked person sees the balance.
#[tokio::test]
async fn case_workers_allocate_from_the_pool() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let root = app.org_root().await;
    let reviewer = app.person_with_role("王志强", Role::Reviewer, root).await;
    let li = app.resident("李梅").await;
    let head = app.resident("王建华").await;
    grant_points(&app, &admin, li.id, 80, "a-g1").await;
    donate(&app, &li, json!({"amount": 80, "idempotency_key": "a-d"})).await;
    let body = json!({"full_name": "王建华", "category": "elderly_alone", "user_id": head.id});
    let fam = register_family(&app, &admin, body).await["id"]
        .as_i64()
        .unwrap();

    let alloc = json!({"family_id": fam, "amount": 50, "reason": "春节慰问",
                       "idempotency_key": "a-1"});
    let resp = app
        .post(&reviewer.client, "/api/v1/admin/bank/allocations", &alloc)
        .await;
    assert_eq!(resp.status(), 201);
    let a = json(resp).await;
    assert_eq!(
        (a["pool_balance"].as_i64(), a["family_balance"].as_i64()),
        (Some(30), Some(50))
    );
    let again = app
        .post(&reviewer.client, "/api/v1/admin/bank/allocations", &alloc)
        .await;
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(json(again).await["transfer_id"], a["transfer_id"]);
    let too_much = json!({"family_id": fam, "amount": 31, "reason": "慰问",
                          "idempotency_key": "a-2"});
    let resp = app
        .post(
            &reviewer.client,
            "/api/v1/admin/bank/allocations",
            &too_much,
        )
        .await;
    assert_error(resp, 409, "conflict").await;
    let resp = app
        .post(&li.client, "/api/v1/admin/bank/allocations", &too_much)
        .await;
    assert_error(resp, 403, "forbidden").await;
    let no_reason = json!({"family_id": fam, "amount": 1, "reason": "",
                           "idempotency_key": "a-3"});
    let resp = app
        .post(
            &reviewer.client,
            "/api/v1/admin/bank/allocations",
            &no_reason,
        )
        .await;
    assert_error(resp, 422, "validation").await;

    assert_eq!(pool(&app, &li).await, 30);
    let mine = json(app.get(&head.client, "/api/v1/me/family").await).await;
    assert_eq!(mine["balance"], 50);
    assert_eq!(mine["category"], "elderly_alone");
    assert_eq!(
        json(app.get(&li.client, "/api/v1/me/family").await).await,
        Value::Null
    );
    // A person spends for one family at most.
    let body = json!({"full_name": "王二", "category": "hardship", "user_id": head.id});
    let resp = app
        .post(&admin.client, "/api/v1/admin/bank/families", &body)
        .await;
    assert_error(resp, 409, "conflict").await;
    let audit = json(
        app.get(&admin.client, "/api/v1/admin/audit?action=bank.")
            .await,
    )
    .await;
    assert!(audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "bank.allocate" && e["actor_id"] == reviewer.id));
    assert_books_balance(&app).await;
}

pub struct Property {
    pub company: i64,
    pub staff: Person,
}

/// A property company at a new branch, with its staff member holding `property` there.
pub async fn property(app: &TestApp, admin: &Person, name: &str, rate: i64) -> Property {
    let root = app.org_root().await;
    let node = app
        .make_node(Tree::Org, Some(root), NodeKind::Branch, name)
        .await;
    let resp = app
        .post(
            &admin.client,
            "/api/v1/admin/bank/companies",
            &json!({"name": name, "node_id": node, "points_per_yuan": rate}),
        )
        .await;
    assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
    let company = json(resp).await["id"].as_i64().unwrap();
    let staff = app.person_with_role(name, Role::Property, node).await;
    Property { company, staff }
}

pub async fn request_offset(app: &TestApp, p: &Person, body: Value) -> reqwest::Response {
    app.post(&p.client, "/api/v1/me/bank/fee-offsets", &body)
        .await
}

/// Request → points set aside at once; confirm → the statement shows it with yuan and
/// totals; reject → the points come back; a retried request posts once.
#[tokio::test]
async fn fee_offsets_from_request_to_statement() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let meilin = property(&app, &admin, "梅林都汇物业", 10).await;
    let li = app.resident("李梅").await;
    let wang = app.resident("王芳").await;
    grant_points(&app, &admin, li.id, 200, "f-g1").await;
    grant_points(&app, &admin, wang.id, 60, "f-g2").await;

    let body = json!({"company_id": meilin.company, "month": "2026-03", "unit": "3栋2单元501",
                      "points": 100, "idempotency_key": "f-1"});
    let resp = request_offset(&app, &li, body.clone()).await;
    assert_eq!(resp.status(), 201);
    let offset = json(resp).await;
    assert_eq!(offset["status"], "pending");
    assert_eq!(offset["yuan"], 10);
    assert_eq!(offset["resident"], "李梅");
    assert_eq!(balance(&app, &li).await, 100, "set aside at once");
    let again = request_offset(&app, &li, body).await;
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(json(again).await["id"], offset["id"]);
    assert_eq!(balance(&app, &li).await, 100);

    // Whole yuan only, a real month, and never more than the balance.
    let bad = |k: &str, v: Value| {
        let mut b = json!({"company_id": meilin.company, "month": "2026-03", "unit": "5栋101",
                           "points": 50, "idempotency_key": format!("f-bad-{k}")});
        b[k] = v;
        b
    };
    let en = |b: Value| {
        li.client
            .post(app.url("/api/v1/me/bank/fee-offsets"))
            .header("accept-language", "en")
            .json(&b)
            .send()
    };
    let err = assert_error(
        en(bad("points", json!(55))).await.unwrap(),
        422,
        "validation",
    )
    .await;
    assert_eq!(
        err["error"]["message"],
        "The points must convert to whole yuan at the company's rate"
    );
    assert_error(
        en(bad("month", json!("2026-3"))).await.unwrap(),
        422,
        "validation",
    )
    .await;
    assert_error(
        en(bad("unit", json!(" "))).await.unwrap(),
        422,
        "validation",
    )
    .await;
    assert_error(
        en(bad("points", json!(110))).await.unwrap(),
        409,
        "conflict",
    )
    .await;
    assert_error(
        en(bad("company_id", json!(424242))).await.unwrap(),
        404,
        "not_found",
    )
    .await;
    assert_eq!(balance(&app, &li).await, 100);

    let resp = request_offset(
        &app,
        &wang,
        json!({"company_id": meilin.company, "month": "2026-03", "unit": "7栋302",
               "points": 60, "idempotency_key": "f-2"}),
    )
    .await;
    let wang_offset = json(resp).await;
    assert_eq!(balance(&app, &wang).await, 0);

    let staff = &meilin.staff.client;
    let list = json(
        app.get(
            staff,
            &format!(
                "/api/v1/property/fee-offsets?company_id={}&month=2026-03",
                meilin.company
            ),
        )
        .await,
    )
    .await;
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["resident"], "李**");
    assert!(list[0]["phone"].as_str().unwrap().contains("****"));

    let confirm = format!("/api/v1/property/fee-offsets/{}/confirm", offset["id"]);
    let resp = app.post(staff, &confirm, &json!({})).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(json(resp).await["status"], "confirmed");
    assert_eq!(app.post(staff, &confirm, &json!({})).await.status(), 200);
    let reject = format!("/api/v1/property/fee-offsets/{}/reject", offset["id"]);
    let resp = app.post(staff, &reject, &json!({"reason": "重复"})).await;
    assert_error(resp, 409, "conflict").await;

    let reject = format!("/api/v1/property/fee-offsets/{}/reject", wang_offset["id"]);
    let resp = app.post(staff, &reject, &json!({"reason": " "})).await;
    assert_error(resp, 422, "validation").await;
    let resp = app
        .post(staff, &reject, &json!({"reason": "该房号已缴清"}))
        .await;
    assert_eq!(resp.status(), 200);
    let rejected = json(resp).await;
    assert_eq!(rejected["status"], "rejected");
    assert!(rejected["refund_transfer_id"].as_i64().is_some());
    assert_eq!(balance(&app, &wang).await, 60, "refunded");
    let confirm = format!("/api/v1/property/fee-offsets/{}/confirm", wang_offset["id"]);
    assert_error(app.post(staff, &confirm, &json!({})).await, 409, "conflict").await;
    let mine = json(app.get(&wang.client, "/api/v1/me/bank/fee-offsets").await).await;
    assert_eq!(mine[0]["status"], "rejected");
    assert_eq!(mine[0]["decision_reason"], "该房号已缴清");
    let history = json(app.get(&wang.client, "/api/v1/me/points/history").await).await;
    assert_eq!(history["items"][0]["kind"], "reverse");
    assert_eq!(history["items"][0]["amount"], 60);

    let path = format!(
        "/api/v1/property/statements/2026-03?company_id={}",
        meilin.company
    );
    let resp = app.get(staff, &path).await;
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = resp.text().await.unwrap();
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 1 + 2 + 3, "{csv}");
    assert!(
        lines[1].contains("\"3栋2单元501\",\"李**\"")
            && lines[1].contains("\"100\",\"10\",\"已确认\"")
    );
    assert!(lines[2].contains("\"已驳回\""));
    assert!(lines[3].starts_with("\"合计（已确认）\",\"\",\"\",\"1\",\"\",\"100\",\"10\""));
    assert!(!csv.contains("李梅") && !csv.contains(&li.phone));
    let other_month = app
        .get(
            staff,
            &format!(
                "/api/v1/property/statements/2026-04?company_id={}",
                meilin.company
            ),
        )
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(other_month.trim_end().split("\r\n").count(), 4);
    assert_error(
        app.get(
            staff,
            &format!(
                "/api/v1/property/statements/2026-13?company_id={}",
                meilin.company
            ),
        )
        .await,
        422,
        "validation",
    )
    .await;
    assert_books_balance(&app).await;
}

/// One property company never sees or decides another's offsets; residents never see
/// another resident's; a new rate applies to new requests only.
#[tokio::test]
async fn property_companies_see_only_their_own() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let a = property(&app, &admin, "梅林都汇物业", 10).await;
    let b = property(&app, &admin, "四新花园物业", 5).await;
    let li = app.resident("李梅").await;
    let wang = app.resident("王芳").await;
    grant_points(&app, &admin, li.id, 100, "p-g1").await;
    let resp = request_offset(
        &app,
        &li,
        json!({"company_id": a.company, "month": "2026-05", "unit": "1栋101",
               "points": 50, "idempotency_key": "p-1"}),
    )
    .await;
    let offset = json(resp).await;

    let mine = json(app.get(&b.staff.client, "/api/v1/property/companies").await).await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["id"], b.company);
    let list_a = format!("/api/v1/property/fee-offsets?company_id={}", a.company);
    assert_error(app.get(&b.staff.client, &list_a).await, 403, "forbidden").await;
    let stmt_a = format!(
        "/api/v1/property/statements/2026-05?company_id={}",
        a.company
    );
    assert_error(app.get(&b.staff.client, &stmt_a).await, 403, "forbidden").await;
    let confirm = format!("/api/v1/property/fee-offsets/{}/confirm", offset["id"]);
    assert_error(
        app.post(&b.staff.client, &confirm, &json!({})).await,
        403,
        "forbidden",
    )
    .await;
    let reject = format!("/api/v1/property/fee-offsets/{}/reject", offset["id"]);
    let resp = app
        .post(&b.staff.client, &reject, &json!({"reason": "越权"}))
        .await;
    assert_error(resp, 403, "forbidden").await;
    assert_eq!(
        json(app.get(&wang.client, "/api/v1/me/bank/fee-offsets").await).await,
        json!([])
    );
    // Admins act for every company.
    assert_eq!(app.get(&admin.client, &list_a).await.status(), 200);

    let resp = app
        .patch(
            &admin.client,
            &format!("/api/v1/admin/bank/companies/{}", a.company),
            &json!({"points_per_yuan": 25}),
        )
        .await;
    assert_eq!(json(resp).await["points_per_yuan"], 25);
    let list = json(app.get(&admin.client, &list_a).await).await;
    assert_eq!(list[0]["points_per_yuan"], 10);
    assert_eq!(list[0]["yuan"], 5);
    let resp = app
        .patch(
            &admin.client,
            &format!("/api/v1/admin/bank/companies/{}", a.company),
            &json!({"points_per_yuan": 0}),
        )
        .await;
    assert_error(resp, 422, "validation").await;
}

type Endpoint = (Method, String, Option<Value>);

fn endpoints(family: i64, company: i64, offset: i64) -> (Vec<Endpoint>, Vec<Endpoint>) {
    let member = vec![
        (Method::GET, "/api/v1/bank".to_string(), None),
        (
            Method::POST,
            "/api/v1/me/bank/donate".into(),
            Some(json!({"amount": 1, "idempotency_key": "z-1"})),
        ),
        (Method::GET, "/api/v1/me/family".into(), None),
        (Method::GET, "/api/v1/bank/companies".into(), None),
        (
            Method::POST,
            "/api/v1/me/bank/fee-offsets".into(),
            Some(
                json!({"company_id": company, "month": "2026-03", "unit": "1",
                        "points": 10, "idempotency_key": "z-2"}),
            ),
        ),
        (Method::GET, "/api/v1/me/bank/fee-offsets".into(), None),
    ];
    let staff = vec![
        (Method::GET, "/api/v1/admin/bank/families".to_string(), None),
        (
            Method::POST,
            "/api/v1/admin/bank/families".into(),
            Some(json!({"full_name": "越权", "category": "hardship"})),
        ),
        (
            Method::PATCH,
            format!("/api/v1/admin/bank/families/{family}"),
            Some(json!({"active": false})),
        ),
        (
            Method::POST,
            "/api/v1/admin/bank/allocations".into(),
            Some(json!({"family_id": family, "amount": 1, "reason": "越权",
                        "idempotency_key": "z-3"})),
        ),
        (
            Method::POST,
            "/api/v1/admin/bank/companies".into(),
            Some(json!({"name": "越权", "node_id": 1, "points_per_yuan": 1})),
        ),
        (
            Method::PATCH,
            format!("/api/v1/admin/bank/companies/{company}"),
            Some(json!({"points_per_yuan": 1})),
        ),
        (Method::GET, "/api/v1/property/companies".into(), None),
        (
            Method::GET,
            format!("/api/v1/property/fee-offsets?company_id={company}"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/property/fee-offsets/{offset}/confirm"),
            Some(json!({})),
        ),
        (
            Method::POST,
            format!("/api/v1/property/fee-offsets/{offset}/reject"),
            Some(json!({"reason": "越权"})),
        ),
        (
            Method::GET,
            format!("/api/v1/property/statements/2026-03?company_id={company}"),
            None,
        ),
    ];
    (member, staff)
}

async fn send(app: &TestApp, c: &reqwest::Client, e: &Endpoint) -> reqwest::Response {
    let mut req = c.request(e.0.clone(), app.url(&e.1));
    if let Some(b) = &e.2 {
        req = req.json(b);
    }
    req.send().await.unwrap()
}

/// Every bank endpoint refuses the anonymous (401); residents get 403 from every admin,
/// case-worker and property endpoint and nothing changes; reviewers may not register
/// families or set rates; property staff may not touch families.
#[tokio::test]
async fn who_may_use_the_bank_endpoints() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let p = property(&app, &admin, "梅林都汇物业", 10).await;
    let li = app.resident("李梅").await;
    grant_points(&app, &admin, li.id, 100, "z-g1").await;
    let fam = wang_family(&app, &admin).await;
    let offset = json(
        request_offset(
            &app,
            &li,
            json!({"company_id": p.company, "month": "2026-03", "unit": "1栋",
                   "points": 20, "idempotency_key": "z-o"}),
        )
        .await,
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let (member, staff) = endpoints(fam, p.company, offset);
    let anon = TestApp::new_client();
    for e in member.iter().chain(staff.iter()) {
        assert_error(send(&app, &anon, e).await, 401, "unauthenticated").await;
    }
    let wang = app.resident("王芳").await;
    for e in &staff {
        assert_error(send(&app, &wang.client, e).await, 403, "forbidden").await;
    }
    let root = app.org_root().await;
    let reviewer = app.person_with_role("王志强", Role::Reviewer, root).await;
    for e in [&staff[1], &staff[2], &staff[4], &staff[5], &staff[6]] {
        assert_error(send(&app, &reviewer.client, e).await, 403, "forbidden").await;
    }
    for e in &staff[..6] {
        assert_error(send(&app, &p.staff.client, e).await, 403, "forbidden").await;
    }
    assert_eq!(family(&app, &admin, fam).await["active"], true);
    let pending = json(app.get(&li.client, "/api/v1/me/bank/fee-offsets").await).await;
    assert_eq!(pending[0]["status"], "pending");
    assert_eq!(balance(&app, &li).await, 80);
    for e in &member {
        assert!(send(&app, &wang.client, e).await.status().as_u16() < 500);
    }
    assert_books_balance(&app).await;
}

/// The demo community comes with cards for everyone, three families shown masked, and
/// the property company's rate; the property account acts for that company.
#[tokio::test]
async fn the_demo_community_has_cards_families_and_a_rate() {
    use linli_server::config::{Config, Seed};
    use linli_server::seed::{DEMO_ACCOUNTS, DEMO_PASSWORD};
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::for_tests(dir.path().join("demo.db"));
    config.seed = Seed::Demo;
    let app = linli_server::Application::build(config).await.unwrap();
    let base = format!("http://{}", app.local_addr());
    tokio::spawn(app.run_until_stopped());
    let login = |phone: &'static str| {
        let base = base.clone();
        async move {
            let c = TestApp::new_client();
            let resp = c
                .post(format!("{base}/api/v1/auth/login"))
                .json(&json!({"phone": phone, "password": DEMO_PASSWORD}))
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status(), 200);
            c
        }
    };
    let get = |c: reqwest::Client, path: &'static str| {
        let url = format!("{base}{path}");
        async move { json(c.get(url).send().await.unwrap()).await }
    };
    let property = DEMO_ACCOUNTS
        .iter()
        .find(|a| a.role == Role::Property)
        .unwrap();
    let resident = DEMO_ACCOUNTS
        .iter()
        .find(|a| a.role == Role::Resident)
        .unwrap();
    let c = login(resident.phone).await;
    let card = get(c.clone(), "/api/v1/me/card").await;
    assert!(linli_app::cards::is_valid_number(
        card["number"].as_str().unwrap()
    ));
    let bank = get(c.clone(), "/api/v1/bank").await;
    let masked: Vec<&str> = bank["families"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["masked_name"].as_str().unwrap())
        .collect();
    assert_eq!(masked, ["王**", "陈**", "刘**"]);
    let companies = get(c, "/api/v1/bank/companies").await;
    assert_eq!(companies[0]["points_per_yuan"], 10);
    let mine = get(login(property.phone).await, "/api/v1/property/companies").await;
    assert_eq!(mine[0]["name"], property.name);
}

/// Every card and bank endpoint is in the OpenAPI document.
#[tokio::test]
async fn the_openapi_document_lists_cards_and_bank() {
    let app = TestApp::spawn().await;
    let doc = json(app.get(&app.client, "/api/v1/openapi.json").await).await;
    let want = [
        ("get", "/api/v1/me/card"),
        ("put", "/api/v1/me/card/pin"),
        ("post", "/api/v1/me/card/token"),
        ("post", "/api/v1/me/card/block"),
        ("post", "/api/v1/cards/verify"),
        ("get", "/api/v1/admin/cards"),
        ("get", "/api/v1/admin/cards/{user_id}"),
        ("post", "/api/v1/admin/cards/{user_id}/block"),
        ("post", "/api/v1/admin/cards/{user_id}/unblock"),
        ("post", "/api/v1/admin/cards/{user_id}/reissue"),
        ("get", "/api/v1/bank"),
        ("post", "/api/v1/me/bank/donate"),
        ("get", "/api/v1/me/family"),
        ("get", "/api/v1/admin/bank/families"),
        ("post", "/api/v1/admin/bank/families"),
        ("patch", "/api/v1/admin/bank/families/{id}"),
        ("post", "/api/v1/admin/bank/allocations"),
        ("get", "/api/v1/bank/companies"),
        ("post", "/api/v1/admin/bank/companies"),
        ("patch", "/api/v1/admin/bank/companies/{id}"),
        ("post", "/api/v1/me/bank/fee-offsets"),
        ("get", "/api/v1/me/bank/fee-offsets"),
        ("get", "/api/v1/property/companies"),
        ("get", "/api/v1/property/fee-offsets"),
        ("post", "/api/v1/property/fee-offsets/{id}/confirm"),
        ("post", "/api/v1/property/fee-offsets/{id}/reject"),
        ("get", "/api/v1/property/statements/{month}"),
    ];
    for (m, p) in want {
        assert!(doc["paths"][p][m].is_object(), "{m} {p} missing");
    }
    let csv = &doc["paths"]["/api/v1/property/statements/{month}"]["get"]["responses"]["200"];
    assert!(csv["content"]["text/csv"].is_object(), "{csv}");
}
