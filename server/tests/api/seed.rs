//! The demo community: seeded once into an empty database, every demo account usable.

use linli_server::config::{Config, Seed};
use linli_server::seed::{self, DEMO_ACCOUNTS, DEMO_PASSWORD};
use linli_server::store::Db;
use linli_server::Application;
use serde_json::Value;

use crate::helpers::{json, TestApp};

/// With LINLI_SEED=demo, the trees and accounts exist and the admin can sign in.
#[tokio::test]
async fn the_demo_community_is_seeded_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::for_tests(dir.path().join("demo.db"));
    config.seed = Seed::Demo;
    let app = Application::build(config).await.unwrap();
    let base = format!("http://{}", app.local_addr());
    tokio::spawn(app.run_until_stopped());

    let c = TestApp::new_client();
    let login = c
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"phone": "13800000001", "password": DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let me = json(login).await;
    assert_eq!(me["roles"][0]["role"], "admin");
    let nodes: Value = json(c.get(format!("{base}/api/v1/nodes")).send().await.unwrap()).await;
    let names: Vec<&str> = nodes
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    for want in [
        "汉阳区志愿者协会",
        "红喇叭治安巡逻队",
        "白鸽志愿服务队",
        "农技专家服务队",
        "法律援助服务队",
        "梅林都汇社区",
        "网格四",
    ] {
        assert!(names.contains(&want), "{want} seeded");
    }
    let page = json(
        c.get(format!("{base}/api/v1/users?limit=100"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(page["items"].as_array().unwrap().len(), DEMO_ACCOUNTS.len());

    // A second pass over a populated database adds nothing.
    let db = Db::open(&dir.path().join("demo.db")).unwrap();
    assert!(seed::demo_if_empty(&db, &dir.path().join("uploads"))
        .await
        .unwrap()
        .is_empty());
}

/// Every demo account signs in with the shared password; the team leader leads a team.
#[tokio::test]
async fn every_demo_account_signs_in() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("demo.db")).unwrap();
    assert_eq!(
        seed::demo_if_empty(&db, &dir.path().join("uploads"))
            .await
            .unwrap()
            .len(),
        DEMO_ACCOUNTS.len()
    );
    let config = Config::for_tests(dir.path().join("demo.db"));
    let app = Application::build(config).await.unwrap();
    let base = format!("http://{}", app.local_addr());
    tokio::spawn(app.run_until_stopped());
    for a in DEMO_ACCOUNTS {
        let c = TestApp::new_client();
        let resp = c
            .post(format!("{base}/api/v1/auth/login"))
            .json(&serde_json::json!({"phone": a.phone, "password": DEMO_PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "{}", a.phone);
        let me = json(resp).await;
        assert_eq!(me["name"], a.name);
        if a.role != linli_app::roles::Role::Resident {
            assert_eq!(me["roles"][0]["role"], a.role.as_str());
        } else {
            assert_eq!(me["teams"][0]["name"], a.at);
            // Demo volunteers arrive with earned points and a history to look at.
            let points = json(
                c.get(format!("{base}/api/v1/me/points"))
                    .send()
                    .await
                    .unwrap(),
            )
            .await;
            assert!(
                points["balance"].as_i64().unwrap() > 0,
                "{} has points",
                a.phone
            );
        }
    }
}

/// Every demo good has a drawn picture, stored beside the database like an upload, so
/// the catalogue and the kiosk show photos.
#[tokio::test]
async fn every_demo_good_has_a_stored_photo() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("demo.db")).unwrap();
    let uploads = dir.path().join("uploads");
    seed::demo_if_empty(&db, &uploads).await.unwrap();
    let (items, hashes) = db
        .read(|c| {
            let items: i64 = c.query_row("SELECT COUNT(*) FROM shop_items", [], |r| r.get(0))?;
            let mut s = c.prepare("SELECT DISTINCT hash FROM shop_photos")?;
            let hashes: Vec<String> = s.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
            Ok((items, hashes))
        })
        .await
        .unwrap();
    assert!(items >= 12);
    assert_eq!(hashes.len() as i64, items, "one distinct picture per good");
    for h in hashes {
        let thumb = std::fs::metadata(uploads.join(format!("{h}-thumb.jpg"))).unwrap();
        assert!(thumb.len() < 10 * 1024);
        assert!(uploads.join(format!("{h}-display.jpg")).exists());
    }
}
