//! Points cards over HTTP: issuing, the phone's live token, PINs and the wrong-PIN lock,
//! block, unblock and reissue, the print list, and who may do what.

use linli_app::api::{NodeKind, Tree};
use linli_app::cards::{self as card_rules, CardQr};
use linli_app::roles::Role;
use linli_server::auth::password::Passwords;
use linli_server::cards::{self, token, Presented, VerifyError, PIN_LOCK_SECS};
use linli_server::store::{self, now};
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{assert_error, json, Person, TestApp};
use crate::ledger::grant_points;

async fn my_card(app: &TestApp, p: &Person) -> Value {
    let resp = app.get(&p.client, "/api/v1/me/card").await;
    assert_eq!(resp.status(), 200);
    json(resp).await
}

async fn put_pin(app: &TestApp, p: &Person, body: Value) -> reqwest::Response {
    p.client
        .put(app.url("/api/v1/me/card/pin"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn token(app: &TestApp, p: &Person) -> String {
    let resp = app
        .post(&p.client, "/api/v1/me/card/token", &json!({}))
        .await;
    assert_eq!(resp.status(), 200);
    json(resp).await["qr"].as_str().unwrap().to_string()
}

async fn verify(app: &TestApp, kiosk: &Person, body: Value) -> reqwest::Response {
    verify_as(app, kiosk, body, "zh-CN").await
}

async fn verify_as(app: &TestApp, kiosk: &Person, body: Value, lang: &str) -> reqwest::Response {
    kiosk
        .client
        .post(app.url("/api/v1/cards/verify"))
        .header("accept-language", lang)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn kiosk(app: &TestApp) -> Person {
    let root = app.org_root().await;
    app.person_with_role("梅林公益超市", Role::Kiosk, root)
        .await
}

/// A card is issued on first look, keeps its number, and the number carries a valid check
/// digit; the printed QR text decodes back to it.
#[tokio::test]
async fn a_card_is_issued_once_with_a_checked_number() {
    let app = TestApp::spawn().await;
    let li = app.resident("李梅").await;
    let first = my_card(&app, &li).await;
    let number = first["number"].as_str().unwrap();
    assert!(card_rules::is_valid_number(number), "{number}");
    assert_eq!(first["status"], "active");
    assert_eq!(first["has_pin"], false);
    assert_eq!(
        card_rules::decode(first["static_qr"].as_str().unwrap()),
        Ok(CardQr::Static {
            number: number.into()
        })
    );
    assert_eq!(my_card(&app, &li).await["number"], number);
}

/// The phone's token names the holder with a masked phone and the balance; so does a
/// typed number with the right PIN.
#[tokio::test]
async fn a_live_token_or_the_number_with_its_pin_names_the_holder() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let kiosk = kiosk(&app).await;
    let li = app.resident("李梅").await;
    grant_points(&app, &admin, li.id, 230, "c-g1").await;

    let holder = json(verify(&app, &kiosk, json!({"qr": token(&app, &li).await})).await).await;
    assert_eq!(holder["user_id"], li.id);
    assert_eq!(holder["name"], "李梅");
    assert_eq!(holder["balance"], 230);
    assert_eq!(holder["proof"], "token");
    assert!(holder["phone"].as_str().unwrap().contains("****"));

    let resp = put_pin(&app, &li, json!({"pin": "2468"})).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(json(resp).await["has_pin"], true);
    let number = my_card(&app, &li).await["number"]
        .as_str()
        .unwrap()
        .to_string();
    let typed = card_rules::format_number(&number);
    let resp = verify(&app, &kiosk, json!({"card_number": typed, "pin": "2468"})).await;
    assert_eq!(resp.status(), 200);
    let holder = json(resp).await;
    assert_eq!(holder["proof"], "pin");
    assert_eq!(holder["balance"], 230);
    let printed = card_rules::static_qr(&number);
    let resp = verify(&app, &kiosk, json!({"qr": printed, "pin": "2468"})).await;
    assert_eq!(resp.status(), 200);
}

/// A token from two minutes ago (a screenshot) is refused as expired.
#[tokio::test]
async fn an_expired_token_is_refused() {
    let app = TestApp::spawn().await;
    let kiosk = kiosk(&app).await;
    let li = app.resident("李梅").await;
    let live = token(&app, &li).await;
    let Ok(CardQr::Dynamic(t)) = card_rules::decode(&live) else {
        panic!("a token")
    };
    let secret = app
        .db
        .read(|c| store::cards::secret(c, token::SECRET_NAME))
        .await
        .unwrap()
        .unwrap();
    let old = token::make(&secret, &t.number, now() - 120);
    let text = card_rules::encode(&CardQr::Dynamic(old));
    let resp = verify_as(&app, &kiosk, json!({"qr": text}), "en").await;
    let err = assert_error(resp, 422, "validation").await;
    assert_eq!(
        err["error"]["message"],
        "This QR code has expired; refresh it on the phone and scan again"
    );
}

/// Flipping one character of the signature, or moving the expiry, is tampering.
#[tokio::test]
async fn a_tampered_token_is_refused() {
    let app = TestApp::spawn().await;
    let kiosk = kiosk(&app).await;
    let li = app.resident("李梅").await;
    let live = token(&app, &li).await;
    let Ok(CardQr::Dynamic(t)) = card_rules::decode(&live) else {
        panic!("a token")
    };
    let mut flipped = t.clone();
    let mut sig: Vec<char> = flipped.sig.chars().collect();
    sig[0] = if sig[0] == 'A' { 'B' } else { 'A' };
    flipped.sig = sig.into_iter().collect();
    let mut later = t.clone();
    later.expires_at += 30;
    let mut other = t.clone();
    other.nonce = "bm9uY2U".into();
    for bad in [flipped, later, other] {
        let text = card_rules::encode(&CardQr::Dynamic(bad));
        let resp = verify_as(&app, &kiosk, json!({"qr": text}), "en").await;
        let err = assert_error(resp, 422, "validation").await;
        assert_eq!(
            err["error"]["message"],
            "This QR code is not valid; refresh it on the phone or use the card"
        );
    }
    // A cut-short token and a mistyped number are refused before any lookup.
    let cut = &live[..live.len() - 50];
    assert_error(
        verify(&app, &kiosk, json!({"qr": cut})).await,
        422,
        "validation",
    )
    .await;
    let resp = verify(
        &app,
        &kiosk,
        json!({"card_number": "812345678900", "pin": "1234"}),
    )
    .await;
    assert_error(resp, 422, "validation").await;
    // The untouched token still works.
    assert_eq!(
        verify(&app, &kiosk, json!({"qr": live})).await.status(),
        200
    );
}

/// A member blocks their own lost card: its token and number are refused and no new
/// token is given; an admin unblocks it with a reason and it works again.
#[tokio::test]
async fn a_blocked_card_is_refused_until_unblocked() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let kiosk = kiosk(&app).await;
    let li = app.resident("李梅").await;
    put_pin(&app, &li, json!({"pin": "1357"})).await;
    let live = token(&app, &li).await;
    let number = my_card(&app, &li).await["number"]
        .as_str()
        .unwrap()
        .to_string();

    let resp = app
        .post(
            &li.client,
            "/api/v1/me/card/block",
            &json!({"reason": "丢失"}),
        )
        .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(json(resp).await["status"], "blocked");
    let err = assert_error(
        verify_as(&app, &kiosk, json!({"qr": live}), "en").await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(
        err["error"]["message"],
        "This card is blocked; please contact an administrator"
    );
    let resp = verify(&app, &kiosk, json!({"card_number": number, "pin": "1357"})).await;
    assert_error(resp, 409, "conflict").await;
    let resp = app
        .post(&li.client, "/api/v1/me/card/token", &json!({}))
        .await;
    assert_error(resp, 409, "conflict").await;
    // The member cannot lift the block themselves.
    let path = format!("/api/v1/admin/cards/{}/unblock", li.id);
    let resp = app
        .post(&li.client, &path, &json!({"reason": "找到了"}))
        .await;
    assert_error(resp, 403, "forbidden").await;

    let resp = app
        .post(&admin.client, &path, &json!({"reason": "找到了"}))
        .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(json(resp).await["status"], "active");
    let live = token(&app, &li).await;
    assert_eq!(
        verify(&app, &kiosk, json!({"qr": live})).await.status(),
        200
    );
    let audit = json(
        app.get(&admin.client, "/api/v1/admin/audit?action=card.")
            .await,
    )
    .await;
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"card.block") && actions.contains(&"card.unblock"));
}

/// A reissue gives a new number to the same account: the old number is refused for good,
/// the new one works with the same PIN, and balance and history are unchanged.
#[tokio::test]
async fn a_reissued_card_refuses_the_old_number_and_keeps_the_balance() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let kiosk = kiosk(&app).await;
    let li = app.resident("李梅").await;
    grant_points(&app, &admin, li.id, 260, "r-g1").await;
    put_pin(&app, &li, json!({"pin": "8642"})).await;
    let old = my_card(&app, &li).await["number"]
        .as_str()
        .unwrap()
        .to_string();

    let path = format!("/api/v1/admin/cards/{}/reissue", li.id);
    let resp = app
        .post(&admin.client, &path, &json!({"reason": "卡片被拍照"}))
        .await;
    assert_eq!(resp.status(), 201);
    let new_card = json(resp).await;
    let new = new_card["number"].as_str().unwrap().to_string();
    assert_ne!(new, old);
    assert!(card_rules::is_valid_number(&new));
    assert_eq!(my_card(&app, &li).await["number"], new.as_str());

    let resp = verify_as(
        &app,
        &kiosk,
        json!({"card_number": old, "pin": "8642"}),
        "en",
    )
    .await;
    let err = assert_error(resp, 409, "conflict").await;
    assert_eq!(
        err["error"]["message"],
        "This card was replaced; the old number no longer works"
    );
    let resp = verify(&app, &kiosk, json!({"card_number": new, "pin": "8642"})).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(json(resp).await["balance"], 260);
    let history = json(app.get(&li.client, "/api/v1/me/points/history").await).await;
    assert_eq!(history["items"].as_array().unwrap().len(), 1);
    let cards = json(
        app.get(&admin.client, &format!("/api/v1/admin/cards/{}", li.id))
            .await,
    )
    .await;
    assert_eq!(cards[0]["number"], new.as_str());
    assert_eq!(cards[1]["number"], old.as_str());
    assert_eq!(cards[1]["status"], "replaced");
    assert_eq!(cards[1]["status_reason"], "卡片被拍照");
    // Reissue needs a reason.
    let resp = app
        .post(&admin.client, &path, &json!({"reason": " "}))
        .await;
    assert_error(resp, 422, "validation").await;
}

/// Five wrong PINs lock the card: the fifth answer says so with Retry-After, the right
/// PIN is refused while the lock runs (the phone's token still works), and after the
/// lock has passed the right PIN works again.
#[tokio::test]
async fn five_wrong_pins_lock_the_card_for_a_while() {
    let app = TestApp::spawn().await;
    let kiosk = kiosk(&app).await;
    let li = app.resident("李梅").await;
    put_pin(&app, &li, json!({"pin": "1234"})).await;
    let number = my_card(&app, &li).await["number"]
        .as_str()
        .unwrap()
        .to_string();
    let attempt = |pin: &'static str| {
        let body = json!({"card_number": number.clone(), "pin": pin});
        let (app, kiosk) = (&app, &kiosk);
        async move { verify_as(app, kiosk, body, "en").await }
    };
    // Each wrong PIN says in words how many tries are left before the lock.
    for left in ["four", "three", "two"] {
        let err = assert_error(attempt("9999").await, 422, "validation").await;
        assert_eq!(
            err["error"]["message"],
            format!("Wrong card PIN: {left} tries left")
        );
    }
    let err = assert_error(attempt("9999").await, 422, "validation").await;
    assert_eq!(
        err["error"]["message"],
        "Wrong card PIN: one try left before the card locks for 15 minutes"
    );
    let fifth = attempt("9999").await;
    let retry: i64 = fifth.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (PIN_LOCK_SECS - 5..=PIN_LOCK_SECS).contains(&retry),
        "{retry}"
    );
    assert_error(fifth, 429, "rate_limited").await;
    assert_error(attempt("1234").await, 429, "rate_limited").await;
    assert!(my_card(&app, &li).await["locked_until"].as_i64().unwrap() > now());
    let live = token(&app, &li).await;
    assert_eq!(
        verify(&app, &kiosk, json!({"qr": live})).await.status(),
        200
    );

    // The verification service, with its clock moved past the lock.
    let later = now() + PIN_LOCK_SECS + 1;
    let presented = Presented::Card {
        number: number.clone(),
        pin: "1234".into(),
    };
    let holder = cards::verify_card(&app.db, &Passwords::default(), presented, later)
        .await
        .expect("the lock has passed");
    assert_eq!(holder.user_id, li.id);
    let early = Presented::Card {
        number: number.clone(),
        pin: "0000".into(),
    };
    let wrong = cards::verify_card(&app.db, &Passwords::default(), early, later).await;
    assert!(
        matches!(wrong, Err(VerifyError::Refused(_))),
        "counting anew"
    );
}

/// The first PIN needs only the session; changing it needs the account password. A
/// printed card without a PIN is refused with a clear message.
#[tokio::test]
async fn changing_a_pin_needs_the_account_password() {
    let app = TestApp::spawn().await;
    let kiosk = kiosk(&app).await;
    let li = app.resident("李梅").await;
    let number = my_card(&app, &li).await["number"]
        .as_str()
        .unwrap()
        .to_string();
    let resp = verify(&app, &kiosk, json!({"card_number": number, "pin": "1234"})).await;
    assert_error(resp, 409, "conflict").await;

    for bad in ["123", "1234567", "12a4", ""] {
        let err = assert_error(
            put_pin(&app, &li, json!({"pin": bad})).await,
            422,
            "validation",
        )
        .await;
        assert_eq!(err["error"]["field"], "pin");
    }
    assert_eq!(
        put_pin(&app, &li, json!({"pin": "1234"})).await.status(),
        200
    );
    let err = assert_error(
        put_pin(&app, &li, json!({"pin": "5678"})).await,
        422,
        "validation",
    )
    .await;
    assert_eq!(err["error"]["field"], "password");
    let resp = put_pin(
        &app,
        &li,
        json!({"pin": "5678", "password": "wrong-pass-9"}),
    )
    .await;
    assert_error(resp, 403, "forbidden").await;
    let resp = put_pin(
        &app,
        &li,
        json!({"pin": "5678", "password": crate::helpers::PASSWORD}),
    )
    .await;
    assert_eq!(resp.status(), 200);
    let resp = verify(&app, &kiosk, json!({"card_number": number, "pin": "1234"})).await;
    assert_error(resp, 422, "validation").await;
    let resp = verify(&app, &kiosk, json!({"card_number": number, "pin": "5678"})).await;
    assert_eq!(resp.status(), 200);
    // An unknown (but well-formed) number is a 404.
    let unknown = card_rules::with_check_digit("80000000000").unwrap();
    let resp = verify(&app, &kiosk, json!({"card_number": unknown, "pin": "5678"})).await;
    assert_error(resp, 404, "not_found").await;
}

/// The print list: a team's members with numbers and QR texts for an admin over the
/// team; a search for global admins; nothing for a branch admin elsewhere.
#[tokio::test]
async fn admins_list_cards_to_print_within_their_scope() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let root = app.org_root().await;
    let branch = app
        .make_node(Tree::Org, Some(root), NodeKind::Branch, "梅林分会")
        .await;
    let other = app
        .make_node(Tree::Org, Some(root), NodeKind::Branch, "四新分会")
        .await;
    let team = app
        .make_node(Tree::Org, Some(branch), NodeKind::Team, "红喇叭治安巡逻队")
        .await;
    let li = app.resident("李梅").await;
    let wang = app.resident("王芳").await;
    for p in [&li, &wang] {
        let resp = app
            .post(
                &admin.client,
                &format!("/api/v1/nodes/{team}/members"),
                &json!({"user_id": p.id}),
            )
            .await;
        assert!(resp.status().is_success());
    }
    let path = format!("/api/v1/admin/cards?team_id={team}");
    let list = json(app.get(&admin.client, &path).await).await;
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    for c in list {
        let number = c["number"].as_str().unwrap();
        assert!(card_rules::is_valid_number(number));
        assert_eq!(c["static_qr"], card_rules::static_qr(number));
        assert!(c["phone"].as_str().unwrap().contains("****"));
    }
    assert_eq!(
        my_card(&app, &li).await["number"],
        list.iter().find(|c| c["user_id"] == li.id).unwrap()["number"]
    );
    let found = json(app.get(&admin.client, "/api/v1/admin/cards?q=王芳").await).await;
    assert_eq!(found.as_array().unwrap().len(), 1);

    let branch_admin = app
        .person_with_role("分会管理员", Role::Admin, branch)
        .await;
    assert_eq!(app.get(&branch_admin.client, &path).await.status(), 200);
    let elsewhere = app.person_with_role("别处管理员", Role::Admin, other).await;
    assert_error(app.get(&elsewhere.client, &path).await, 403, "forbidden").await;
    let resp = app.get(&elsewhere.client, "/api/v1/admin/cards?q=王").await;
    assert_error(resp, 403, "forbidden").await;
    let block = format!("/api/v1/admin/cards/{}/block", li.id);
    let resp = app
        .post(&elsewhere.client, &block, &json!({"reason": "越权"}))
        .await;
    assert_error(resp, 403, "forbidden").await;
    let resp = app
        .post(&branch_admin.client, &block, &json!({"reason": "核实挂失"}))
        .await;
    assert_eq!(resp.status(), 200);
    assert_error(
        app.get(&admin.client, "/api/v1/admin/cards").await,
        422,
        "validation",
    )
    .await;
    assert_error(
        app.get(&admin.client, "/api/v1/admin/cards/424242").await,
        404,
        "not_found",
    )
    .await;
}

type Endpoint = (Method, String, Option<Value>);

fn member_endpoints() -> Vec<Endpoint> {
    vec![
        (Method::GET, "/api/v1/me/card".into(), None),
        (
            Method::PUT,
            "/api/v1/me/card/pin".into(),
            Some(json!({"pin": "1234"})),
        ),
        (
            Method::POST,
            "/api/v1/me/card/token".into(),
            Some(json!({})),
        ),
        (
            Method::POST,
            "/api/v1/me/card/block".into(),
            Some(json!({})),
        ),
    ]
}

fn staff_endpoints(user_id: i64, team: i64) -> Vec<Endpoint> {
    let reason = json!({"reason": "越权"});
    vec![
        (
            Method::POST,
            "/api/v1/cards/verify".into(),
            Some(json!({"card_number": "812345678906", "pin": "1234"})),
        ),
        (
            Method::GET,
            format!("/api/v1/admin/cards?team_id={team}"),
            None,
        ),
        (Method::GET, format!("/api/v1/admin/cards/{user_id}"), None),
        (
            Method::POST,
            format!("/api/v1/admin/cards/{user_id}/block"),
            Some(reason.clone()),
        ),
        (
            Method::POST,
            format!("/api/v1/admin/cards/{user_id}/unblock"),
            Some(reason.clone()),
        ),
        (
            Method::POST,
            format!("/api/v1/admin/cards/{user_id}/reissue"),
            Some(reason),
        ),
    ]
}

async fn send(app: &TestApp, c: &reqwest::Client, e: &Endpoint) -> reqwest::Response {
    let mut req = c.request(e.0.clone(), app.url(&e.1));
    if let Some(b) = &e.2 {
        req = req.json(b);
    }
    req.send().await.unwrap()
}

/// Every card endpoint refuses the anonymous; residents get 403 from the kiosk and admin
/// ones, and nothing they do reaches another person's card; kiosks and team leaders may
/// verify but not administer.
#[tokio::test]
async fn who_may_use_the_card_endpoints() {
    let app = TestApp::spawn().await;
    let root = app.org_root().await;
    let team = app
        .make_node(Tree::Org, Some(root), NodeKind::Team, "白鸽志愿服务队")
        .await;
    let li = app.resident("李梅").await;
    let wang = app.resident("王芳").await;
    let before = my_card(&app, &li).await;
    let anon = TestApp::new_client();
    for e in member_endpoints()
        .iter()
        .chain(staff_endpoints(li.id, team).iter())
    {
        assert_error(send(&app, &anon, e).await, 401, "unauthenticated").await;
    }
    for e in staff_endpoints(li.id, team) {
        let resp = send(&app, &wang.client, &e).await;
        assert_error(resp, 403, "forbidden").await;
    }
    // Wang's own card actions touch only Wang's card.
    for e in member_endpoints() {
        assert!(
            send(&app, &wang.client, &e).await.status().is_success(),
            "{}",
            e.1
        );
    }
    assert_eq!(my_card(&app, &wang).await["status"], "blocked");
    assert_eq!(my_card(&app, &li).await, before);

    let leader = app.person_with_role("李红梅", Role::TeamLeader, team).await;
    let kiosk = kiosk(&app).await;
    for staff in [&leader, &kiosk] {
        let live = token(&app, &li).await;
        assert_eq!(verify(&app, staff, json!({"qr": live})).await.status(), 200);
        for e in staff_endpoints(li.id, team).into_iter().skip(1) {
            assert_error(send(&app, &staff.client, &e).await, 403, "forbidden").await;
        }
    }
    let reviewer = app.person_with_role("王志强", Role::Reviewer, root).await;
    let live = token(&app, &li).await;
    assert_error(
        verify(&app, &reviewer, json!({"qr": live})).await,
        403,
        "forbidden",
    )
    .await;
}

/// `count` PIN checks of one card sent at once; their statuses.
async fn pins_at_once(app: &TestApp, kiosk: &Person, number: &str, pins: Vec<String>) -> Vec<u16> {
    let mut set = tokio::task::JoinSet::new();
    for pin in pins {
        let (client, url) = (kiosk.client.clone(), app.url("/api/v1/cards/verify"));
        let body = json!({"card_number": number, "pin": pin});
        set.spawn(async move {
            let resp = client.post(url).json(&body).send().await.unwrap();
            resp.status().as_u16()
        });
    }
    set.join_all().await
}

/// A card with PIN 1234 and its number.
async fn card_with_pin(app: &TestApp, p: &Person) -> String {
    assert_eq!(put_pin(app, p, json!({"pin": "1234"})).await.status(), 200);
    my_card(app, p).await["number"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Right PINs checked at once never lock the card: only failures count.
#[tokio::test]
async fn sixteen_right_pins_at_once_all_pass() {
    let app = TestApp::spawn().await;
    let kiosk = kiosk(&app).await;
    let li = app.resident("李梅").await;
    let number = card_with_pin(&app, &li).await;
    let statuses = pins_at_once(&app, &kiosk, &number, vec!["1234".to_string(); 16]).await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    assert!(my_card(&app, &li).await["locked_until"].is_null());
}

/// A burst of 20 wrong PINs cannot outrun the lock: four are answered "wrong PIN", the
/// fifth failure locks the card and every other guess is refused as locked, never
/// counted; the right PIN is then refused too until the lock ends.
#[tokio::test]
async fn concurrent_guesses_cannot_outrun_the_lock() {
    let app = TestApp::spawn().await;
    let kiosk = kiosk(&app).await;
    let li = app.resident("李梅").await;
    let li_id = li.id;
    let number = card_with_pin(&app, &li).await;
    let guesses = (0..20).map(|i| format!("{:04}", 5000 + i)).collect();
    let statuses = pins_at_once(&app, &kiosk, &number, guesses).await;
    let wrong = statuses.iter().filter(|s| **s == 422).count();
    let locked = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((wrong, locked), (4, 16), "{statuses:?}");
    let pin = app
        .db
        .read(move |c| store::cards::pin(c, li_id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        pin.failures,
        cards::MAX_PIN_FAILURES,
        "five failures, no more"
    );
    let until = pin.locked_until.expect("locked");
    let resp = verify(&app, &kiosk, json!({"card_number": number, "pin": "1234"})).await;
    assert_error(resp, 429, "rate_limited").await;
    let passwords = Passwords::default();
    let right = |at: i64| {
        let presented = Presented::Card {
            number: number.clone(),
            pin: "1234".into(),
        };
        cards::verify_card(&app.db, &passwords, presented, at)
    };
    assert!(matches!(
        right(until - 1).await,
        Err(VerifyError::Locked { .. })
    ));
    assert_eq!(
        right(until).await.expect("the lock has ended").user_id,
        li_id
    );
}
