//! District statistics and the open books: a small world made by hand (records written
//! through the store with dates in chosen months, points through the real ledger), every
//! figure checked exactly, children adding up to their parents, the running totals equal
//! to a rebuild from the records, and who may see which node.

use linli_app::api::ledger::{AccountKind, TransferKind};
use linli_app::api::{NodeKind, Tree};
use linli_app::roles::Role;
use linli_server::ledger::{self, AccountId, NewTransfer};
use linli_server::store;
use rusqlite::{params, Transaction};
use serde_json::{json, Value};

use crate::helpers::{assert_error, json, Person, TestApp};

/// 2026-01-01T00:00+08:00.
const NEW_YEAR: i64 = 1_767_196_800;
const JAN: i64 = NEW_YEAR + 10 * 86_400;
const FEB: i64 = NEW_YEAR + 40 * 86_400;

pub struct World {
    pub app: TestApp,
    pub root: i64,
    pub branch_a: i64,
    pub branch_b: i64,
    pub team_a1: i64,
    pub team_a2: i64,
    pub team_b1: i64,
    pub district: i64,
    pub community: i64,
    pub admin: Person,
    pub people: Vec<Person>,
}

fn exec(tx: &Transaction, sql: &str, p: impl rusqlite::Params) -> i64 {
    tx.execute(sql, p).expect(sql);
    tx.last_insert_rowid()
}

fn project(
    tx: &Transaction,
    team: i64,
    territory: Option<i64>,
    category: &str,
    status: &str,
    by: i64,
) -> i64 {
    exec(
        tx,
        "INSERT INTO projects (team_id, title, category, place, territory_id, activity, status,
             created_by, created_at, updated_at)
         VALUES (?1, '义诊', ?2, '社区广场', ?3, 'clinic', ?4, ?5, ?6, ?6)",
        params![team, category, territory, status, by, JAN],
    )
}

fn session(tx: &Transaction, project: i64, starts: i64) -> i64 {
    exec(
        tx,
        "INSERT INTO project_sessions (project_id, starts_at, ends_at, capacity)
         VALUES (?1, ?2, ?2 + 7200, 10)",
        params![project, starts],
    )
}

/// An hour record for a sign-up, submitted, then approved when `approve`.
fn hours(tx: &Transaction, session: i64, user: i64, at: i64, minutes: i64, approve: bool) {
    let signup = exec(
        tx,
        "INSERT INTO signups (session_id, user_id, status, arrival, created_at)
         VALUES (?1, ?2, 'confirmed', ?2, ?3)",
        params![session, user, at],
    );
    let record = exec(
        tx,
        "INSERT INTO hour_records (signup_id, session_id, user_id, checked_in_at, checked_out_at,
             computed_minutes, minutes, status, created_at)
         VALUES (?1, ?2, ?3, ?4, ?4 + ?5 * 60, ?5, ?5, 'pending', ?4)",
        params![signup, session, user, at, minutes],
    );
    if approve {
        exec(
            tx,
            "UPDATE hour_records SET status = 'approved', decided_at = ?2 WHERE id = ?1",
            params![record, at],
        );
    }
}

/// An order placed at `at`, accepted at `taken` and completed at `done` when given.
#[allow(clippy::too_many_arguments)]
fn order(
    tx: &Transaction,
    service: i64,
    team: i64,
    territory: i64,
    served: Option<i64>,
    placed_by: i64,
    taken: i64,
    done: Option<i64>,
) -> i64 {
    let id = exec(
        tx,
        "INSERT INTO orders (service_id, served_id, served_name, placed_by, territory_id, address,
             phone, need, state, team_id, submitted_at, state_at)
         VALUES (?1, ?2, '王奶奶', ?3, ?4, '3栋2单元', '13900000000', '修水管', 'assigned', ?5, ?6, ?6)",
        params![service, served, placed_by, territory, team, taken - 3600],
    );
    exec(
        tx,
        "UPDATE orders SET state = 'accepted', accepted_at = ?2 WHERE id = ?1",
        params![id, taken],
    );
    if let Some(done) = done {
        exec(
            tx,
            "UPDATE orders SET state = 'done', done_at = ?2 WHERE id = ?1",
            params![id, done],
        );
    }
    id
}

fn rating(
    tx: &Transaction,
    subject: &str,
    id: i64,
    team: i64,
    rater: i64,
    stars: i64,
    at: i64,
) -> i64 {
    exec(
        tx,
        "INSERT INTO ratings (subject, subject_id, team_id, rater_id, stars, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![subject, id, team, rater, stars, at],
    )
}

fn join(tx: &Transaction, user: i64, team: i64, at: i64) {
    exec(
        tx,
        "INSERT INTO memberships (user_id, node_id, joined_at) VALUES (?1, ?2, ?3)",
        params![user, team, at],
    );
}

/// Posts a transfer through the real ledger at `at`; its id.
fn transfer(tx: &Transaction, t: NewTransfer, at: i64) -> i64 {
    ledger::post_transfer(tx, &t, at)
        .expect("transfer")
        .transfer
        .id
}

fn new(kind: TransferKind, from: AccountId, to: AccountId, amount: i64, key: &str) -> NewTransfer {
    NewTransfer::new(kind, from, to, amount, "测试", key.to_string())
}

/// Two branches (A with teams A1, A2; B with B1) under a society, a district with a
/// community; three volunteers (v1 of A1, v2 of A2, v3 of B1 from February) and a
/// resident in no team. January and February 2026.
pub async fn world() -> World {
    let app = TestApp::spawn().await;
    let root = app.org_root().await;
    let branch_a = app
        .make_node(Tree::Org, Some(root), NodeKind::Branch, "甲分会")
        .await;
    let branch_b = app
        .make_node(Tree::Org, Some(root), NodeKind::Branch, "乙分会")
        .await;
    let team_a1 = app
        .make_node(
            Tree::Org,
            Some(branch_a),
            NodeKind::Team,
            "红喇叭治安巡逻队",
        )
        .await;
    let team_a2 = app
        .make_node(Tree::Org, Some(branch_a), NodeKind::Team, "白鸽志愿服务队")
        .await;
    let team_b1 = app
        .make_node(Tree::Org, Some(branch_b), NodeKind::Team, "法律援助服务队")
        .await;
    let district = app
        .make_node(Tree::Territory, None, NodeKind::District, "汉阳区")
        .await;
    let community = app
        .make_node(
            Tree::Territory,
            Some(district),
            NodeKind::Community,
            "梅林都汇社区",
        )
        .await;
    let admin = app.login_as_admin().await;
    let mut people = Vec::new();
    for name in ["周志愿", "吴志愿", "郑志愿", "冯居民"] {
        people.push(app.resident(name).await);
    }
    let (v1, v2, v3, r) = (people[0].id, people[1].id, people[2].id, people[3].id);
    let (t_a1, t_a2, t_b1, c) = (team_a1, team_a2, team_b1, community);
    app.db
        .write(move |tx| {
            join(tx, v1, t_a1, JAN);
            join(tx, v2, t_a2, JAN);
            join(tx, v3, t_b1, FEB);
            join(tx, v1, t_b1, FEB); // a second team: v1 still counts at A1

            let p1 = project(tx, t_a1, Some(c), "health", "published", v1);
            let s1 = session(tx, p1, JAN + 3 * 86_400);
            let s2 = session(tx, p1, FEB + 86_400);
            let p2 = project(tx, t_a2, None, "training", "draft", v2);
            let s3 = session(tx, p2, FEB);
            exec(
                tx,
                "UPDATE projects SET status = 'published' WHERE id = ?1",
                [p2],
            );
            let p3 = project(tx, t_b1, None, "legal_aid", "draft", v3);
            let s4 = session(tx, p3, FEB);
            hours(tx, s1, v1, JAN + 3 * 86_400, 90, true);
            hours(tx, s1, v2, JAN + 3 * 86_400, 60, true);
            hours(tx, s2, v1, FEB + 86_400, 30, true);
            hours(tx, s3, v2, FEB, 120, true);
            hours(tx, s1, v3, JAN + 3 * 86_400, 45, false);
            hours(tx, s4, v3, FEB, 50, false);

            let service = exec(
                tx,
                "INSERT INTO services (team_id, category, title, serves_id, created_at, updated_at)
                 VALUES (?1, 'repair', '上门维修', ?2, 0, 0)",
                params![t_a1, c],
            );
            let o1 = order(tx, service, t_a1, c, Some(v2), v2, JAN, Some(FEB));
            order(tx, service, t_b1, c, None, v3, FEB, None);
            order(tx, service, t_a1, c, Some(v2), v2, FEB, Some(FEB + 3600));
            rating(tx, "order", o1, t_a1, v2, 5, FEB + 7200);
            let r2 = rating(tx, "session", s1, t_a1, v1, 4, JAN + 4 * 86_400);
            exec(tx, "UPDATE ratings SET stars = 3 WHERE id = ?1", [r2]);

            let issuance = ledger::system_account(tx, AccountKind::Issuance)?;
            let shop = ledger::system_account(tx, AccountKind::Shop)?;
            let pool = ledger::system_account(tx, AccountKind::CharityPool)?;
            let fees = ledger::system_account(tx, AccountKind::FeeOffset)?;
            let [a1, a2, a3, ar] =
                [v1, v2, v3, r].map(|u| ledger::member_account(tx, u, JAN).unwrap());
            use TransferKind::*;
            transfer(tx, new(Adjust, issuance, a1, 100, "i1"), JAN);
            transfer(tx, new(Adjust, issuance, a2, 50, "i2"), JAN);
            // Before v3 joins a team: in the books, at no node.
            transfer(
                tx,
                new(Adjust, issuance, a3, 40, "i3").credit_expires_at(Some(FEB)),
                JAN,
            );
            transfer(tx, new(Adjust, issuance, ar, 25, "i4"), JAN);
            transfer(tx, new(Redeem, a1, shop, 30, "s1"), JAN + 60);
            let paid = transfer(tx, new(Redeem, a1, shop, 20, "s2"), FEB);
            let refund = NewTransfer {
                undoes: Some(paid),
                ..new(Refund, shop, a1, 20, "s3")
            };
            transfer(tx, refund, FEB + 60);
            transfer(tx, new(Donate, a1, pool, 15, "d1"), FEB);
            transfer(tx, new(FeeOffset, a2, fees, 20, "f1"), FEB);
            // v3 spends 35 and the 5 left lapse in February, after joining B1.
            transfer(tx, new(Redeem, a3, shop, 35, "s4"), JAN + 120);
            ledger::expire_due(tx, FEB + 86_400, 100)?;
            Ok(())
        })
        .await
        .expect("world written");
    World {
        app,
        root,
        branch_a,
        branch_b,
        team_a1,
        team_a2,
        team_b1,
        district,
        community,
        admin,
        people,
    }
}

async fn stats(w: &World, who: &Person, node: i64) -> Value {
    let path = format!("/api/v1/stats/nodes/{node}?from=2026-01&to=2026-02");
    let resp = w.app.get(&who.client, &path).await;
    assert_eq!(resp.status(), 200, "{path}");
    json(resp).await
}

/// The named figures of a totals object, the rest zero.
fn expect(totals: &Value, named: &[(&str, i64)]) {
    let map = totals.as_object().unwrap();
    assert_eq!(map.len(), 19, "every figure is there: {totals}");
    for (k, v) in map {
        let want = named.iter().find(|(n, _)| n == k).map_or(0, |(_, v)| *v);
        assert_eq!(v.as_i64(), Some(want), "{k} in {totals}");
    }
}

/// Each child's totals summed, plus what the node counts itself (an organisation node is
/// one organisation), equal the node's totals, figure by figure.
fn assert_adds_up(s: &Value) {
    let own_org = i64::from(s["node"]["tree"] == "org" && s["node"]["kind"] != "team");
    let totals = s["totals"].as_object().unwrap();
    for (k, v) in totals {
        let children: i64 = s["children"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["totals"][k].as_i64().unwrap())
            .sum();
        let own = if k == "organisations" { own_org } else { 0 };
        assert_eq!(
            v.as_i64().unwrap(),
            children + own,
            "{k} of {}",
            s["node"]["name"]
        );
    }
}

#[tokio::test]
async fn every_figure_of_a_hand_made_world_and_children_add_up() {
    let w = world().await;
    let a1 = stats(&w, &w.admin, w.team_a1).await;
    expect(
        &a1["totals"],
        &[
            ("teams", 1),
            ("volunteers", 1),
            ("active_volunteers", 1),
            ("projects", 1),
            ("sessions", 2),
            ("orders_taken", 2),
            ("orders_done", 2),
            ("people_served", 1),
            ("service_minutes", 180),
            ("points_issued", 100),
            ("points_spent", 30),
            ("points_donated", 15),
            ("redemptions", 1),
            ("ratings", 2),
            ("rating_stars", 8),
        ],
    );
    // Month by month: January's figures, February's, standing ones accumulated.
    let jan = &a1["months"][0]["figures"];
    let feb = &a1["months"][1]["figures"];
    assert_eq!(a1["months"][0]["month"], "2026-01");
    assert_eq!(
        (
            jan["service_minutes"].as_i64(),
            feb["service_minutes"].as_i64()
        ),
        (Some(150), Some(30))
    );
    assert_eq!(
        (
            jan["active_volunteers"].as_i64(),
            feb["active_volunteers"].as_i64()
        ),
        (Some(2), Some(1))
    );
    assert_eq!(
        (jan["points_spent"].as_i64(), feb["points_spent"].as_i64()),
        (Some(30), Some(0))
    );
    assert_eq!(
        (jan["redemptions"].as_i64(), feb["redemptions"].as_i64()),
        (Some(1), Some(0))
    );
    assert_eq!(
        (jan["orders_taken"].as_i64(), feb["orders_taken"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        (jan["volunteers"].as_i64(), feb["volunteers"].as_i64()),
        (Some(1), Some(1))
    );

    let a2 = stats(&w, &w.admin, w.team_a2).await;
    expect(
        &a2["totals"],
        &[
            ("teams", 1),
            ("volunteers", 1),
            ("projects", 1),
            ("sessions", 1),
            ("training_minutes", 120),
            ("points_issued", 50),
            ("points_offset", 20),
        ],
    );
    // v3's 40 came before joining, so B1 has only the 5 that lapsed after; the draft
    // project and the unapproved hours count nowhere.
    let b1 = stats(&w, &w.admin, w.team_b1).await;
    expect(
        &b1["totals"],
        &[
            ("teams", 1),
            ("volunteers", 1),
            ("orders_taken", 1),
            ("points_expired", 5),
        ],
    );
    let root = stats(&w, &w.admin, w.root).await;
    assert_eq!(root["totals"]["organisations"], 3);
    assert_eq!(root["totals"]["volunteers"], 3);
    assert_eq!(root["months"][0]["figures"]["volunteers"], 2);
    assert_eq!(root["totals"]["service_minutes"], 180);
    for node in [w.root, w.branch_a, w.branch_b] {
        assert_adds_up(&stats(&w, &w.admin, node).await);
    }
    // The territory: what the records place in the community, rolled up to the district.
    let community = stats(&w, &w.admin, w.community).await;
    expect(
        &community["totals"],
        &[
            ("active_volunteers", 1),
            ("projects", 1),
            ("sessions", 2),
            ("orders_taken", 3),
            ("orders_done", 2),
            ("people_served", 1),
            ("service_minutes", 180),
        ],
    );
    let district = stats(&w, &w.admin, w.district).await;
    assert_eq!(district["totals"], community["totals"]);
    assert_adds_up(&district);

    // Every running total equals a rebuild from the records alone.
    let (kept, rebuilt) = w
        .app
        .db
        .write(|tx| {
            let kept = store::stats::all_rollups(tx)?;
            store::stats::rebuild(tx)?;
            Ok((kept, store::stats::all_rollups(tx)?))
        })
        .await
        .unwrap();
    assert!(!kept.is_empty());
    assert_eq!(kept, rebuilt);
}

/// The running totals the demo community's real write paths kept (projects, hours,
/// orders, ratings, the shop, the bank) equal a rebuild from its records.
#[tokio::test]
async fn the_demo_communitys_totals_equal_a_rebuild() {
    let app = TestApp::spawn_with(|c| c.seed = linli_server::config::Seed::Demo).await;
    let (kept, rebuilt, flows) = app
        .db
        .write(|tx| {
            let kept = store::stats::all_rollups(tx)?;
            let flows = store::stats::ledger_monthly(tx)?;
            let held = store::stats::balances_by_kind(tx)?;
            store::stats::rebuild(tx)?;
            Ok((
                kept,
                store::stats::all_rollups(tx)?,
                flows == store::stats::ledger_monthly(tx)?
                    && held == store::stats::balances_by_kind(tx)?,
            ))
        })
        .await
        .unwrap();
    assert!(kept.iter().any(|r| r.1 == "service_minutes"));
    assert!(kept.iter().any(|r| r.1 == "points_spent"));
    assert_eq!(kept, rebuilt);
    assert!(
        flows,
        "the open books' monthly totals and holdings equal a rebuild"
    );
}

#[tokio::test]
async fn the_open_books_show_where_points_went_and_name_no_resident() {
    let w = world().await;
    let soap = crate::shop::item(
        &w.app,
        &w.admin,
        json!({"name": "香皂", "category": "日用品", "price": 30}),
        10,
    )
    .await;
    let resp = w
        .app
        .post(
            &w.admin.client,
            "/api/v1/admin/shop/donors",
            &json!({"name": "李四捐赠", "kind": "person", "contact": "13800000000"}),
        )
        .await;
    let person = json(resp).await["id"].as_i64().unwrap();
    let resp = w
        .app
        .post(
            &w.admin.client,
            "/api/v1/admin/shop/stock-in",
            &json!({"donor_id": person, "item_id": soap["id"], "quantity": 2}),
        )
        .await;
    assert_eq!(resp.status(), 201);

    let anonymous = TestApp::new_client();
    let resp = w.app.get(&anonymous, "/api/v1/open-books").await;
    assert_eq!(resp.status(), 200);
    let text = resp.text().await.unwrap();
    let books: Value = serde_json::from_str(&text).unwrap();
    let t = &books["totals"];
    assert_eq!(
        [
            t["issued"].clone(),
            t["spent"].clone(),
            t["donated"].clone(),
            t["offset"].clone(),
            t["expired"].clone(),
            t["allocated"].clone()
        ],
        [
            json!(215),
            json!(65),
            json!(15),
            json!(20),
            json!(5),
            json!(0)
        ]
    );
    assert_eq!(books["held"], 110);
    assert_eq!(books["charity_pool"], 15);
    assert_eq!(books["conservation"]["held_by_flows"], 110);
    assert_eq!(books["conservation"]["held_by_balances"], 110);
    assert_eq!(books["conservation"]["all_balances"], 0);
    assert_eq!(books["conservation"]["holds"], true);
    let months = books["months"].as_array().unwrap();
    assert_eq!(months.len(), 2);
    assert_eq!(months[0]["month"], "2026-01");
    assert_eq!(months[0]["flow"]["issued"], 215);
    assert_eq!(months[0]["flow"]["spent"], 65);
    assert_eq!(months[1]["flow"]["spent"], 0);
    assert_eq!(months[1]["flow"]["expired"], 5);
    assert_eq!(
        books["honour_roll"],
        json!([{"name": "汉阳区爱心超市", "kind": "merchant", "value": 300, "units": 10}])
    );
    assert_eq!(
        books["private_donations"],
        json!({"value": 60, "units": 2, "donors": 1})
    );
    assert_eq!(
        books["stock_donated"],
        json!({"value": 360, "units": 12, "donors": 2})
    );
    for p in &w.people {
        assert!(!text.contains(&p.phone), "no phone in the books");
    }
    for word in [
        "周志愿",
        "吴志愿",
        "郑志愿",
        "冯居民",
        "李四",
        "王奶奶",
        "13800000000",
        "phone",
        "user",
    ] {
        assert!(!text.contains(word), "{word} is not in the open books");
    }
}

#[tokio::test]
async fn statistics_are_seen_within_ones_scope_only() {
    let w = world().await;
    let app = &w.app;
    let admin_a = app
        .person_with_role("甲管理员", Role::Admin, w.branch_a)
        .await;
    let reviewer_a1 = app
        .person_with_role("甲一审核员", Role::Reviewer, w.team_a1)
        .await;
    let leader_a1 = app
        .person_with_role("甲一队长", Role::TeamLeader, w.team_a1)
        .await;
    let resident = &w.people[3];
    let anonymous = Person {
        client: TestApp::new_client(),
        id: 0,
        phone: String::new(),
    };
    let all = [
        w.root,
        w.branch_a,
        w.branch_b,
        w.team_a1,
        w.team_a2,
        w.team_b1,
        w.district,
        w.community,
    ];
    let sees = |who: &Person| -> Vec<i64> {
        if who.id == w.admin.id {
            all.to_vec()
        } else if who.id == admin_a.id {
            vec![w.branch_a, w.team_a1, w.team_a2]
        } else if who.id == reviewer_a1.id {
            vec![w.team_a1]
        } else {
            vec![]
        }
    };
    for who in [
        &w.admin,
        &admin_a,
        &reviewer_a1,
        &leader_a1,
        resident,
        &anonymous,
    ] {
        for node in all {
            let resp = app
                .get(&who.client, &format!("/api/v1/stats/nodes/{node}"))
                .await;
            let want = if who.id == 0 {
                401
            } else if sees(who).contains(&node) {
                200
            } else {
                403
            };
            assert_eq!(
                resp.status().as_u16(),
                want,
                "person {} node {node}",
                who.id
            );
        }
    }
    assert_error(
        app.get(&w.admin.client, "/api/v1/stats/nodes/999999").await,
        404,
        "not_found",
    )
    .await;
    for q in [
        "from=2026-13",
        "to=26-01",
        "from=2026-03&to=2026-02",
        "from=2000-01&to=2026-02",
    ] {
        let resp = app
            .get(
                &w.admin.client,
                &format!("/api/v1/stats/nodes/{}?{q}", w.root),
            )
            .await;
        let body = assert_error(resp, 422, "validation").await;
        assert!(body["error"]["field"].is_string(), "{q}: {body}");
    }
    let en = w
        .admin
        .client
        .get(app.url(&format!("/api/v1/stats/nodes/{}?from=2026-13", w.root)))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(
        json(en).await["error"]["message"],
        "From is not a valid date"
    );
    // Open books: anyone, signed in or not.
    for who in [&w.admin, resident, &anonymous] {
        assert_eq!(
            app.get(&who.client, "/api/v1/open-books").await.status(),
            200
        );
    }
}

#[tokio::test]
async fn the_statistics_endpoints_are_in_the_openapi_document() {
    let app = TestApp::spawn().await;
    let doc = json(app.get(&app.client, "/api/v1/openapi.json").await).await;
    for path in ["/api/v1/stats/nodes/{id}", "/api/v1/open-books"] {
        assert!(doc["paths"][path]["get"].is_object(), "{path} documented");
    }
}

async fn export(w: &World, who: &Person, path: &str) -> reqwest::Response {
    w.app
        .get(&who.client, &format!("/api/v1/exports/{path}"))
        .await
}

/// The body's text after its byte-order mark, which must be there.
async fn csv(resp: reqwest::Response) -> String {
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(resp.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\"linli-"));
    let bytes = resp.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 byte-order mark first");
    String::from_utf8(bytes[3..].to_vec()).unwrap()
}

#[tokio::test]
async fn exports_are_csv_in_the_readers_language_and_audited() {
    use linli_app::api::projects::HoursStatus;
    use linli_app::i18n::{hours_status_text, transfer_kind_text, Lang};
    let w = world().await;
    let text = csv(export(
        &w,
        &w.admin,
        &format!("hours?node_id={}&from=2026-01-01&to=2026-02-28", w.team_a1),
    )
    .await)
    .await;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "编号,姓名,项目,团队,日期,时长（分钟）,状态,积分");
    assert_eq!(lines.len(), 5, "{text}");
    let approved = hours_status_text(Lang::Zh, HoursStatus::Approved);
    assert!(
        lines[1].ends_with(&format!(
            ",周志愿,义诊,红喇叭治安巡逻队,2026-01-14,90,{approved},0"
        )),
        "{}",
        lines[1]
    );
    // A range that leaves out January.
    let feb = csv(export(
        &w,
        &w.admin,
        &format!("hours?node_id={}&from=2026-02-01", w.team_a1),
    )
    .await)
    .await;
    assert_eq!(feb.lines().count(), 2);

    let members = csv(export(&w, &w.admin, &format!("members?node_id={}", w.branch_a)).await).await;
    assert_eq!(members.lines().count(), 3);
    assert!(members.contains(&w.people[0].phone) && members.contains("吴志愿"));
    assert!(!members.contains("郑志愿"));

    // In English for a reader who reads English; every transfer at the root.
    let resp = w
        .app
        .patch(&w.admin.client, "/api/v1/me", &json!({"lang": "en"}))
        .await;
    assert_eq!(resp.status(), 200);
    let transfers = csv(export(&w, &w.admin, &format!("transfers?node_id={}", w.root)).await).await;
    let lines: Vec<&str> = transfers.lines().collect();
    assert_eq!(
        lines[0],
        "No.,Time,Kind,Points,From account,To account,Reason"
    );
    assert_eq!(lines.len(), 12, "{transfers}");
    assert!(transfers.contains(transfer_kind_text(Lang::En, TransferKind::Refund)));
    // Below the root: the transfers of members whose first team is there (v3's credit
    // came before joining B1, yet it is v3's: the export lists every transfer of them).
    let b = csv(export(&w, &w.admin, &format!("transfers?node_id={}", w.team_b1)).await).await;
    assert_eq!(b.lines().count(), 4, "{b}");
    let stock = csv(export(
        &w,
        &w.admin,
        &format!("stock_events?node_id={}", w.branch_a),
    )
    .await)
    .await;
    assert_eq!(stock.lines().count(), 1, "the shop's events are the root's");
    for kind in ["orders", "ratings", "stock_events"] {
        let all = csv(export(&w, &w.admin, &format!("{kind}?node_id={}", w.root)).await).await;
        assert!(all.lines().count() >= 1);
    }
    let orders = csv(export(&w, &w.admin, &format!("orders?node_id={}", w.community)).await).await;
    assert_eq!(orders.lines().count(), 4);

    let audit = w
        .app
        .db
        .read(|c| store::audit::recent(c, 50))
        .await
        .unwrap();
    let exports: Vec<_> = audit
        .iter()
        .filter(|a| a.action.starts_with("export."))
        .collect();
    assert_eq!(exports.len(), 10);
    assert!(exports.iter().all(|a| a.actor_id == Some(w.admin.id)));
    assert!(exports
        .iter()
        .any(|a| a.action == "export.hours" && a.subject == format!("node:{}", w.team_a1)));
}

#[tokio::test]
async fn exports_are_for_admins_of_the_node_only() {
    let w = world().await;
    let app = &w.app;
    let admin_a = app
        .person_with_role("甲管理员", Role::Admin, w.branch_a)
        .await;
    let reviewer = app.person_with_role("审核员", Role::Reviewer, w.root).await;
    let anonymous = Person {
        client: TestApp::new_client(),
        id: 0,
        phone: String::new(),
    };
    for kind in [
        "members",
        "hours",
        "transfers",
        "orders",
        "ratings",
        "stock_events",
    ] {
        let a1 = format!("{kind}?node_id={}", w.team_a1);
        let root = format!("{kind}?node_id={}", w.root);
        let territory = format!("{kind}?node_id={}", w.community);
        assert_eq!(export(&w, &admin_a, &a1).await.status(), 200, "{kind}");
        assert_eq!(export(&w, &admin_a, &root).await.status(), 403, "{kind}");
        assert_eq!(
            export(&w, &admin_a, &territory).await.status(),
            403,
            "{kind}"
        );
        assert_eq!(
            export(&w, &w.admin, &territory).await.status(),
            200,
            "{kind}"
        );
        assert_eq!(export(&w, &reviewer, &a1).await.status(), 403, "{kind}");
        assert_eq!(export(&w, &w.people[0], &a1).await.status(), 403, "{kind}");
        assert_eq!(export(&w, &anonymous, &a1).await.status(), 401, "{kind}");
    }
    // Refusals are audited nowhere; bad input is a worded 4xx.
    let audit = app.db.read(|c| store::audit::recent(c, 500)).await.unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|a| a.action.starts_with("export."))
            .count(),
        6 * 2
    );
    let node = w.root;
    let bad = export(
        &w,
        &w.admin,
        &format!("hours?node_id={node}&from=2026-02-30"),
    )
    .await;
    assert_error(bad, 422, "validation").await;
    let bad = export(
        &w,
        &w.admin,
        &format!("hours?node_id={node}&from=2026-03-01&to=2026-02-01"),
    )
    .await;
    assert_error(bad, 422, "validation").await;
    assert_error(
        export(&w, &w.admin, &format!("gold?node_id={node}")).await,
        400,
        "bad_request",
    )
    .await;
    assert_error(export(&w, &w.admin, "hours").await, 400, "bad_request").await;
    assert_error(
        export(&w, &w.admin, "hours?node_id=999999").await,
        404,
        "not_found",
    )
    .await;
    let doc = json(app.get(&app.client, "/api/v1/openapi.json").await).await;
    assert!(doc["paths"]["/api/v1/exports/{kind}"]["get"].is_object());
}
