//! Service orders over HTTP: the catalogue, placing (also by proxy), the review queue,
//! the pool, every (state, action, role) triple against the state machine, the 16-way
//! take, and who may call each endpoint.

use linli_app::api::orders::{OrderAction, OrderState};
use linli_app::api::{NodeKind, Tree};
use linli_app::i18n::{t, Lang};
use linli_app::orders::{self as rules, Actor, Party, Refusal};
use linli_app::roles::Role;
use reqwest::Method;
use serde_json::{json, Value};
use tokio::task::JoinSet;

use crate::helpers::{assert_error, json, Person, TestApp};

/// A branch with teams A and B offering health services to a community, team C offering
/// legal aid there, and people standing in every relation to an order.
pub struct World {
    pub app: TestApp,
    pub branch: i64,
    pub community: i64,
    pub grid: i64,
    /// A grid of another community no service reaches.
    pub far_grid: i64,
    pub team_a: i64,
    pub service_a: i64,
    /// The person served.
    pub resident: Person,
    pub stranger: Person,
    /// Reviewer over the branch (reaches the teams).
    pub reviewer: Person,
    /// Reviewer over another branch.
    pub far_reviewer: Person,
    pub leader_a: Person,
    pub leader_b: Person,
    /// Leads team C, which offers another kind of service.
    pub leader_c: Person,
    pub admin: Person,
}

pub async fn world() -> World {
    let app = TestApp::spawn().await;
    let root = app.org_root().await;
    let branch = app
        .make_node(Tree::Org, Some(root), NodeKind::Branch, "社区分会")
        .await;
    let other_branch = app
        .make_node(Tree::Org, Some(root), NodeKind::Branch, "别的分会")
        .await;
    let team = |name: &'static str| app.make_node(Tree::Org, Some(branch), NodeKind::Team, name);
    let (team_a, team_b, team_c) = (team("甲队").await, team("乙队").await, team("丙队").await);
    let district = app
        .make_node(Tree::Territory, None, NodeKind::District, "汉阳区")
        .await;
    let street = app
        .make_node(
            Tree::Territory,
            Some(district),
            NodeKind::Street,
            "四新街道",
        )
        .await;
    let community = app
        .make_node(
            Tree::Territory,
            Some(street),
            NodeKind::Community,
            "梅林社区",
        )
        .await;
    let grid = app
        .make_node(Tree::Territory, Some(community), NodeKind::Grid, "网格一")
        .await;
    let far = app
        .make_node(
            Tree::Territory,
            Some(street),
            NodeKind::Community,
            "远方社区",
        )
        .await;
    let far_grid = app
        .make_node(Tree::Territory, Some(far), NodeKind::Grid, "远方网格")
        .await;
    let leader_a = app
        .person_with_role("甲队长", Role::TeamLeader, team_a)
        .await;
    let leader_b = app
        .person_with_role("乙队长", Role::TeamLeader, team_b)
        .await;
    let leader_c = app
        .person_with_role("丙队长", Role::TeamLeader, team_c)
        .await;
    let reviewer = app.person_with_role("审核员", Role::Reviewer, branch).await;
    let far_reviewer = app
        .person_with_role("外审核员", Role::Reviewer, other_branch)
        .await;
    let admin = app.login_as_admin().await;
    let service_a = add_service(&app, &leader_a, team_a, "health", "免费义诊", community).await;
    add_service(&app, &leader_b, team_b, "health", "上门体检", community).await;
    add_service(&app, &leader_c, team_c, "legal_aid", "法律援助", community).await;
    World {
        resident: app.resident("刘芳").await,
        stranger: app.resident("路人").await,
        app,
        branch,
        community,
        grid,
        far_grid,
        team_a,
        service_a,
        reviewer,
        far_reviewer,
        leader_a,
        leader_b,
        leader_c,
        admin,
    }
}

pub async fn add_service(
    app: &TestApp,
    leader: &Person,
    team: i64,
    category: &str,
    title: &str,
    serves: i64,
) -> i64 {
    let body = json!({"team_id": team, "category": category, "title": title,
        "description": "社区医生上门", "prepare": "带上病历", "serves_id": serves});
    let resp = app.post(&leader.client, "/api/v1/services", &body).await;
    assert_eq!(resp.status(), 201, "service created");
    json(resp).await["id"].as_i64().unwrap()
}

impl World {
    pub fn order_body(&self) -> Value {
        json!({"service_id": self.service_a, "need": "老人行动不便，需要量血压",
            "territory_id": self.grid, "address": "梅林一街 3 栋 201", "preferred_time": "周六上午",
            "phone": "13912345678"})
    }

    /// A new order by the resident, waiting for review.
    pub async fn place(&self) -> i64 {
        let resp = self
            .app
            .post(&self.resident.client, "/api/v1/orders", &self.order_body())
            .await;
        assert_eq!(resp.status(), 201);
        json(resp).await["id"].as_i64().unwrap()
    }

    pub async fn act(&self, who: &Person, id: i64, action: OrderAction) -> reqwest::Response {
        let (path, body) = match action {
            OrderAction::Approve => ("approve", json!({})),
            OrderAction::Assign => ("approve", json!({"team_id": self.team_a})),
            OrderAction::Reject => (
                "reject",
                json!({"reason": "duplicate", "text": "已有同样的单"}),
            ),
            OrderAction::Cancel => ("cancel", json!({})),
            OrderAction::Take => ("take", json!({})),
            OrderAction::Staff => ("staff", json!({"volunteer_ids": []})),
            OrderAction::Start => ("start", json!({})),
            OrderAction::HandBack => ("hand-back", json!({"reason": "人手不够"})),
            OrderAction::Complete => ("complete", json!({"report": "已上门量血压，情况正常"})),
        };
        self.app
            .post(&who.client, &format!("/api/v1/orders/{id}/{path}"), &body)
            .await
    }

    async fn must(&self, who: &Person, id: i64, action: OrderAction) {
        let resp = self.act(who, id, action).await;
        let status = resp.status();
        assert_eq!(status, 200, "{action:?}: {}", resp.text().await.unwrap());
    }

    /// A new order walked to `state` (teams that hold it: team A).
    pub async fn order_in(&self, state: OrderState) -> i64 {
        use OrderAction as A;
        let id = self.place().await;
        let steps: &[(&Person, OrderAction)] = match state {
            OrderState::Submitted => &[],
            OrderState::Pooled => &[(&self.reviewer, A::Approve)],
            OrderState::Assigned => &[(&self.reviewer, A::Assign)],
            OrderState::Rejected => &[(&self.reviewer, A::Reject)],
            OrderState::Accepted => &[(&self.reviewer, A::Assign), (&self.leader_a, A::Take)],
            OrderState::InProgress => &[
                (&self.reviewer, A::Assign),
                (&self.leader_a, A::Take),
                (&self.leader_a, A::Start),
            ],
            OrderState::Done => &[
                (&self.reviewer, A::Assign),
                (&self.leader_a, A::Take),
                (&self.leader_a, A::Complete),
            ],
            OrderState::Cancelled => &[(&self.resident, A::Cancel)],
        };
        for (who, action) in steps {
            self.must(who, id, *action).await;
        }
        id
    }

    pub async fn state_of(&self, id: i64) -> Value {
        json(
            self.app
                .get(&self.resident.client, &format!("/api/v1/orders/{id}"))
                .await,
        )
        .await
    }
}

/// Who each test person is to an order in `state` as `order_in` makes it.
fn parties(role: &str, state: OrderState) -> Actor {
    let held_by_a = matches!(
        state,
        OrderState::Assigned | OrderState::Accepted | OrderState::InProgress | OrderState::Done
    );
    match role {
        "resident" => Actor::of(&[Party::Served, Party::Placer]),
        "reviewer" => Actor::of(&[Party::Reviewer]),
        "leader_a" => Actor::of(&[Party::AreaLeader]).with(Party::TeamLeader, held_by_a),
        "leader_b" => Actor::of(&[Party::AreaLeader]),
        _ => Actor::default(),
    }
}

/// Every (state, action, role) through the API: what the state machine allows answers
/// 200 and moves the order; a party that may never do it gets 403; one that may, but not
/// from this state, gets 409 naming the state — and the order is left as it was.
#[tokio::test]
async fn every_state_action_and_role_is_answered_as_the_state_machine_says() {
    let w = world().await;
    let roles: [(&str, &Person); 7] = [
        ("resident", &w.resident),
        ("stranger", &w.stranger),
        ("reviewer", &w.reviewer),
        ("far_reviewer", &w.far_reviewer),
        ("leader_a", &w.leader_a),
        ("leader_b", &w.leader_b),
        ("leader_c", &w.leader_c),
    ];
    let mut checked = 0;
    for state in OrderState::ALL {
        for action in OrderAction::ALL {
            // Refusals first on one order; each success needs a fresh one.
            let mut cases: Vec<_> = roles
                .iter()
                .map(|(name, p)| (*name, *p, rules::next(state, action, parties(name, state))))
                .collect();
            cases.sort_by_key(|c| c.2.is_ok());
            let mut id = w.order_in(state).await;
            for (name, person, expected) in cases {
                let resp = w.act(person, id, action).await;
                let what = format!("{name} {action:?} from {state:?}");
                match expected {
                    Ok(to) => {
                        let body = json(resp).await;
                        assert_eq!(body["state"], json!(to), "{what}: {body}");
                        assert_eq!(w.state_of(id).await["state"], json!(to), "{what}");
                        id = w.order_in(state).await;
                    }
                    Err(Refusal::Forbidden) => {
                        assert_error(resp, 403, "forbidden").await;
                    }
                    Err(Refusal::WrongState(s)) => {
                        let body = assert_error(resp, 409, "conflict").await;
                        assert_eq!(
                            body["error"]["message"],
                            t(Lang::Zh, rules::state_refusal(s)),
                            "{what}"
                        );
                        assert_eq!(w.state_of(id).await["state"], json!(state), "{what}");
                    }
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 8 * 9 * 7);
}

/// Sixteen teams take the same pooled order at once: exactly one wins, the others hear
/// the order is accepted already (409), and the order is the winner's.
#[tokio::test]
async fn sixteen_simultaneous_takes_give_exactly_one_winner() {
    let w = world().await;
    let mut leaders = Vec::new();
    for i in 0..16 {
        let team = w
            .app
            .make_node(
                Tree::Org,
                Some(w.branch),
                NodeKind::Team,
                &format!("抢单队{i}"),
            )
            .await;
        let leader = w
            .app
            .person_with_role(&format!("队长{i}"), Role::TeamLeader, team)
            .await;
        add_service(&w.app, &leader, team, "health", "义诊", w.community).await;
        leaders.push((team, leader));
    }
    let id = w.order_in(OrderState::Pooled).await;
    let mut set = JoinSet::new();
    for (team, leader) in &leaders {
        let req = leader
            .client
            .post(w.app.url(&format!("/api/v1/orders/{id}/take")))
            .json(&json!({"team_id": team}));
        let team = *team;
        set.spawn(async move {
            let resp = req.send().await.unwrap();
            (
                team,
                resp.status().as_u16(),
                resp.json::<Value>().await.unwrap(),
            )
        });
    }
    let results = set.join_all().await;
    let winners: Vec<_> = results.iter().filter(|r| r.1 == 200).collect();
    assert_eq!(winners.len(), 1, "{results:?}");
    for (_, status, body) in results.iter().filter(|r| r.1 != 200) {
        assert_eq!(*status, 409, "{body}");
        assert_eq!(
            body["error"]["message"],
            t(Lang::Zh, rules::state_refusal(OrderState::Accepted))
        );
    }
    let order = w.state_of(id).await;
    assert_eq!(order["state"], "accepted");
    assert_eq!(order["team_id"], winners[0].0);
    let takes = order["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "take")
        .count();
    assert_eq!(takes, 1, "one take on the timeline");
}

/// A team leader orders for an elderly resident without a phone; a resident cannot
/// order for someone else.
#[tokio::test]
async fn team_leaders_order_on_behalf_of_people_without_a_phone() {
    let w = world().await;
    let mut body = w.order_body();
    body["for_name"] = json!("王奶奶");
    let resp = w
        .app
        .post(&w.resident.client, "/api/v1/orders", &body)
        .await;
    assert_error(resp, 403, "forbidden").await;

    let resp = w
        .app
        .post(&w.leader_c.client, "/api/v1/orders", &body)
        .await;
    assert_eq!(resp.status(), 201);
    let order = json(resp).await;
    assert_eq!(order["proxy"], true);
    assert_eq!(order["served_name"], "王奶奶");
    assert_eq!(order["served_id"], Value::Null);
    assert_eq!(order["placed_by"], w.leader_c.id);
    assert_eq!(order["allowed"], json!(["cancel"]));

    // For an account: the served person sees it as theirs.
    body["for_name"] = Value::Null;
    body["for_user_id"] = json!(w.resident.id);
    let order = json(
        w.app
            .post(&w.leader_c.client, "/api/v1/orders", &body)
            .await,
    )
    .await;
    assert_eq!(order["served_name"], "刘芳");
    let mine = json(w.app.get(&w.resident.client, "/api/v1/me/orders").await).await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["id"], order["id"]);
}

/// Placing checks the service, the place and the fields.
#[tokio::test]
async fn placing_an_order_checks_its_input() {
    let w = world().await;
    let c = &w.resident.client;
    let mut body = w.order_body();
    body["territory_id"] = json!(w.far_grid);
    assert_error(
        w.app.post(c, "/api/v1/orders", &body).await,
        422,
        "validation",
    )
    .await;
    let mut body = w.order_body();
    body["phone"] = json!("12");
    assert_error(
        w.app.post(c, "/api/v1/orders", &body).await,
        422,
        "validation",
    )
    .await;
    let mut body = w.order_body();
    body["need"] = json!(" ");
    assert_error(
        w.app.post(c, "/api/v1/orders", &body).await,
        422,
        "validation",
    )
    .await;
    let mut body = w.order_body();
    body["territory_id"] = json!(w.team_a);
    assert_error(
        w.app.post(c, "/api/v1/orders", &body).await,
        422,
        "validation",
    )
    .await;
    let mut body = w.order_body();
    body["service_id"] = json!(999_999);
    assert_error(
        w.app.post(c, "/api/v1/orders", &body).await,
        404,
        "not_found",
    )
    .await;
    // A service taken off the catalogue takes no orders.
    let off = w
        .app
        .patch(
            &w.leader_a.client,
            &format!("/api/v1/services/{}", w.service_a),
            &json!({"active": false}),
        )
        .await;
    assert_eq!(off.status(), 200);
    let resp = w.app.post(c, "/api/v1/orders", &w.order_body()).await;
    assert_error(resp, 409, "conflict").await;
}

/// The catalogue is public and searchable; inactive services leave the public list.
#[tokio::test]
async fn the_catalogue_is_browsed_and_searched_by_anyone() {
    let w = world().await;
    let anon = TestApp::new_client();
    let all = json(w.app.get(&anon, "/api/v1/services").await).await;
    assert_eq!(all.as_array().unwrap().len(), 3);
    let found = json(w.app.get(&anon, "/api/v1/services?q=义诊").await).await;
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["prepare"], "带上病历");
    let legal = json(
        w.app
            .get(&anon, "/api/v1/services?category=legal_aid")
            .await,
    )
    .await;
    assert_eq!(legal[0]["title"], "法律援助");
    let here = format!("/api/v1/services?territory_id={}", w.grid);
    assert_eq!(
        json(w.app.get(&anon, &here).await)
            .await
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let far = format!("/api/v1/services?territory_id={}", w.far_grid);
    assert!(json(w.app.get(&anon, &far).await)
        .await
        .as_array()
        .unwrap()
        .is_empty());
    // Percent signs are searched as text.
    let none = json(w.app.get(&anon, "/api/v1/services?q=%25").await).await;
    assert!(none.as_array().unwrap().is_empty());

    let path = format!("/api/v1/services/{}", w.service_a);
    let resp = w
        .app
        .patch(&w.leader_a.client, &path, &json!({"active": false}))
        .await;
    assert_eq!(json(resp).await["active"], false);
    assert_eq!(
        json(w.app.get(&anon, "/api/v1/services").await)
            .await
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let team = format!("/api/v1/services?team_id={}", w.team_a);
    assert_eq!(
        json(w.app.get(&anon, &team).await).await[0]["active"],
        false
    );
}

/// The queue holds the orders in the reviewer's reach with how long each waited; the
/// pool shows leaders what their teams can take.
#[tokio::test]
async fn reviewers_and_leaders_see_their_queues() {
    let w = world().await;
    let id = w.place().await;
    let queue = json(w.app.get(&w.reviewer.client, "/api/v1/orders/review").await).await;
    assert_eq!(queue[0]["id"], id);
    assert!(queue[0]["waited_secs"].as_i64().unwrap() >= 0);
    let far = json(
        w.app
            .get(&w.far_reviewer.client, "/api/v1/orders/review")
            .await,
    )
    .await;
    assert!(far.as_array().unwrap().is_empty());

    w.must(&w.reviewer, id, OrderAction::Approve).await;
    for leader in [&w.leader_a, &w.leader_b] {
        let pool = json(w.app.get(&leader.client, "/api/v1/orders/pool").await).await;
        assert_eq!(pool[0]["id"], id);
    }
    let pool = json(w.app.get(&w.leader_c.client, "/api/v1/orders/pool").await).await;
    assert!(
        pool.as_array().unwrap().is_empty(),
        "legal aid team, health order"
    );

    // Handed back with a reason: on the timeline, and in the pool again.
    w.must(&w.leader_b, id, OrderAction::Take).await;
    w.must(&w.leader_b, id, OrderAction::HandBack).await;
    let order = w.state_of(id).await;
    assert_eq!(order["state"], "pooled");
    assert_eq!(order["team_id"], Value::Null);
    let last = order["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "hand_back");
    assert_eq!(last["note"], "人手不够");
}

/// Staffing names members of the team only; completing records the report.
#[tokio::test]
async fn leaders_staff_and_complete_with_a_report() {
    let w = world().await;
    let id = w.order_in(OrderState::Accepted).await;
    let path = format!("/api/v1/orders/{id}/staff");
    let resp = w
        .app
        .post(
            &w.leader_a.client,
            &path,
            &json!({"volunteer_ids": [w.stranger.id]}),
        )
        .await;
    assert_error(resp, 422, "validation").await;
    let add = w
        .app
        .post(
            &w.admin.client,
            &format!("/api/v1/nodes/{}/members", w.team_a),
            &json!({"user_id": w.stranger.id}),
        )
        .await;
    assert_eq!(add.status(), 204);
    let resp = w
        .app
        .post(
            &w.leader_a.client,
            &path,
            &json!({"volunteer_ids": [w.stranger.id]}),
        )
        .await;
    assert_eq!(json(resp).await["volunteers"], json!([w.stranger.id]));
    w.must(&w.leader_a, id, OrderAction::Complete).await;
    let order = w.state_of(id).await;
    assert_eq!(order["report"], "已上门量血压，情况正常");
    assert!(order["done_at"].is_i64());
    assert_eq!(order["allowed"], json!([]));
}

/// Who may call each new endpoint: anonymous 401 where a session is needed, and 403 for
/// the roles listed.
#[tokio::test]
async fn every_order_endpoint_refuses_the_wrong_roles() {
    let w = world().await;
    let id = w.place().await;
    let svc = w.service_a;
    // An order action's case: its path, a body that would do, who is refused.
    fn act<'a>(id: i64, verb: &str, body: Value, forbidden: Vec<&'a Person>) -> Case<'a> {
        (
            Method::POST,
            format!("/api/v1/orders/{id}/{verb}"),
            body,
            forbidden,
        )
    }
    type Case<'a> = (Method, String, Value, Vec<&'a Person>);
    let cases: Vec<Case> = vec![
        (
            Method::POST,
            "/api/v1/services".into(),
            json!({"team_id": w.team_a, "category": "health", "title": "新服务", "serves_id": w.community}),
            vec![&w.resident, &w.leader_b, &w.reviewer],
        ),
        (
            Method::PATCH,
            format!("/api/v1/services/{svc}"),
            json!({"title": "改名"}),
            vec![&w.resident, &w.leader_b, &w.reviewer],
        ),
        (
            Method::GET,
            "/api/v1/orders/review".into(),
            json!(null),
            vec![&w.resident, &w.leader_a],
        ),
        (
            Method::GET,
            "/api/v1/orders/pool".into(),
            json!(null),
            vec![&w.resident, &w.reviewer],
        ),
        act(
            id,
            "approve",
            json!({}),
            vec![&w.resident, &w.far_reviewer, &w.leader_a],
        ),
        act(
            id,
            "reject",
            json!({"reason": "other"}),
            vec![&w.stranger, &w.far_reviewer, &w.leader_b],
        ),
        act(
            id,
            "cancel",
            json!({}),
            vec![&w.stranger, &w.reviewer, &w.leader_a],
        ),
        act(
            id,
            "take",
            json!({}),
            vec![&w.resident, &w.reviewer, &w.leader_c],
        ),
        act(
            id,
            "staff",
            json!({"volunteer_ids": []}),
            vec![&w.resident, &w.reviewer, &w.leader_c],
        ),
        act(
            id,
            "start",
            json!({}),
            vec![&w.resident, &w.reviewer, &w.leader_c],
        ),
        act(
            id,
            "hand-back",
            json!({"reason": "忙"}),
            vec![&w.resident, &w.reviewer, &w.leader_c],
        ),
        act(
            id,
            "complete",
            json!({"report": "好"}),
            vec![&w.resident, &w.reviewer, &w.leader_c],
        ),
        // Only the placer or the person served adds photos (checked before any bytes).
        act(id, "photos", json!({}), vec![&w.reviewer, &w.leader_a]),
        (
            Method::GET,
            "/api/v1/assessment".into(),
            json!(null),
            vec![&w.resident, &w.leader_a],
        ),
        (
            Method::POST,
            "/api/v1/orders".into(),
            {
                let mut b = w.order_body();
                b["for_name"] = json!("王奶奶");
                b
            },
            vec![&w.resident, &w.reviewer],
        ),
    ];
    let anon = TestApp::new_client();
    let send = |c: &reqwest::Client, m: &Method, path: &str, body: &Value| {
        let mut req = c.request(m.clone(), w.app.url(path));
        if !body.is_null() {
            req = req.json(body);
        }
        req.send()
    };
    for (m, path, body, forbidden) in &cases {
        let resp = send(&anon, m, path, body).await.unwrap();
        assert_error(resp, 401, "unauthenticated").await;
        for p in forbidden {
            let resp = send(&p.client, m, path, body).await.unwrap();
            let status = resp.status();
            let text = resp.text().await.unwrap();
            assert_eq!(status, 403, "{m} {path}: {text}");
        }
    }
    // Strangers do not see an order at all.
    let resp = w
        .app
        .get(&w.stranger.client, &format!("/api/v1/orders/{id}"))
        .await;
    assert_error(resp, 404, "not_found").await;
    for anon_path in [
        "/api/v1/me/orders",
        "/api/v1/notifications",
        "/api/v1/notifications/unread",
    ] {
        assert_error(w.app.get(&anon, anon_path).await, 401, "unauthenticated").await;
    }
    // Nothing moved.
    assert_eq!(w.state_of(id).await["state"], "submitted");
}

/// A refusal is worded in the caller's language.
#[tokio::test]
async fn an_illegal_action_is_refused_in_english_too() {
    let w = world().await;
    let id = w.order_in(OrderState::Done).await;
    let resp = w
        .resident
        .client
        .post(w.app.url(&format!("/api/v1/orders/{id}/cancel")))
        .header("accept-language", "en")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    let body = assert_error(resp, 409, "conflict").await;
    assert_eq!(
        body["error"]["message"],
        t(Lang::En, rules::state_refusal(OrderState::Done))
    );
}

/// The demo community has orders in every state, and rated teams with replies, so a
/// newcomer sees the loop working and teams no longer show "no ratings".
#[tokio::test]
async fn the_demo_has_orders_in_every_state_and_rated_teams() {
    let dir = tempfile::tempdir().unwrap();
    let db = linli_server::store::Db::open(&dir.path().join("demo.db")).unwrap();
    linli_server::seed::demo_if_empty(&db, &dir.path().join("uploads"))
        .await
        .unwrap();
    let (states, replies, doves) = db
        .read(|c| {
            let mut s = c.prepare("SELECT DISTINCT state FROM orders ORDER BY state")?;
            let states: Vec<String> = s.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
            let replies: i64 = c.query_row(
                "SELECT COUNT(*) FROM ratings WHERE reply IS NOT NULL",
                [],
                |r| r.get(0),
            )?;
            let doves: i64 = c.query_row(
                "SELECT id FROM nodes WHERE name = '白鸽志愿服务队'",
                [],
                |r| r.get(0),
            )?;
            let rating = linli_server::store::ratings::team_average(c, doves)?;
            Ok((states, replies, rating))
        })
        .await
        .unwrap();
    assert_eq!(states.len(), OrderState::ALL.len(), "{states:?}");
    assert!(replies >= 2);
    assert_eq!(doves, (Some(5.0), 1));
}
