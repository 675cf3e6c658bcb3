//! Signed certificates: the verification page checks the platform's Ed25519 signature over
//! the facts as stored, so a row changed in the database file no longer verifies.

use linli_server::projects::record::{canonical_json, content_hash};
use rusqlite::Connection;
use serde_json::{json, Value};

use crate::helpers::{json, TestApp};
use crate::projects::{board, pending_hours, volunteer, Board};

/// A volunteer with two approved hours (no certificate is issued for none) has theirs issued.
async fn issue(b: &Board, name: &str) -> Value {
    let app = &b.app;
    let person = volunteer(app, name).await;
    let record = pending_hours(b, &person, "法律援助").await;
    let decide = json!({"ids": [record], "approve": true});
    let resp = app
        .post(&b.reviewer.client, "/api/v1/review/hours", &decide)
        .await;
    assert_eq!(resp.status(), 200);
    let resp = app
        .post(&person.client, "/api/v1/me/certificates", &json!({}))
        .await;
    assert_eq!(resp.status(), 201);
    json(resp).await
}

async fn check(base: &str, code: &str) -> Value {
    let resp = TestApp::new_client()
        .get(format!("{base}/api/v1/certificates/{code}"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    resp.json().await.unwrap()
}

/// Opens the server's database file as someone with the file would, past its triggers.
fn raw(app: &TestApp) -> Connection {
    let conn = Connection::open(&app.db_path).unwrap();
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .unwrap();
    conn.execute_batch("DROP TRIGGER IF EXISTS certificates_no_update")
        .unwrap();
    conn
}

#[tokio::test]
async fn a_certificate_whose_facts_are_edited_in_the_database_fails_verification() {
    let b = board().await;
    let app = &b.app;
    let cert = issue(&b, "王芳").await;
    let code = cert["code"].as_str().unwrap();
    let before = check(&app.base, code).await;
    assert_eq!(before["valid"], true);
    assert_eq!(before["signature"].as_str().unwrap().len(), 128);
    let key = std::fs::read_to_string(format!("{}.signing-key", app.db_path.display())).unwrap();
    assert_ne!(
        before["public_key"].as_str().unwrap(),
        key.trim(),
        "the public half is shown"
    );

    // 2 hours become 100, and the hash beside the facts is worked out again, as anyone
    // could: the signature still fails.
    let mut facts = before["facts"].clone();
    facts["service_minutes"] = json!(6000);
    let conn = raw(app);
    let changed = conn
        .execute(
            "UPDATE certificates SET facts = ?2, hash = ?3 WHERE code = ?1",
            (code, canonical_json(&facts), content_hash(&facts)),
        )
        .unwrap();
    assert_eq!(changed, 1);
    let after = check(&app.base, code).await;
    assert_eq!(after["valid"], false);
    assert_eq!(after["facts"]["service_minutes"], 6000);
    assert_eq!(after["signature"], before["signature"]);

    // Another certificate's signature moved onto this one does not verify either.
    let other = issue(&b, "赵磊").await;
    conn.execute(
        "UPDATE certificates SET facts = ?2 WHERE code = ?1",
        (code, canonical_json(&before["facts"])),
    )
    .unwrap();
    assert_eq!(
        check(&app.base, code).await["valid"],
        true,
        "restored facts verify again"
    );
    conn.execute_batch("DROP TRIGGER certificate_signatures_no_update")
        .unwrap();
    conn.execute(
        "UPDATE certificate_signatures SET signature = ?2
         WHERE certificate_id = (SELECT id FROM certificates WHERE code = ?1)",
        (code, other["signature"].as_str().unwrap()),
    )
    .unwrap();
    assert_eq!(check(&app.base, code).await["valid"], false);
    // Without any signature it does not verify.
    conn.execute("DELETE FROM certificate_signatures", [])
        .unwrap();
    assert_eq!(check(&app.base, code).await["valid"], false);
    assert_eq!(
        check(&app.base, other["code"].as_str().unwrap()).await["valid"],
        false
    );
}

/// The key is made on the first start and kept: a restarted server verifies what the first
/// one signed. Certificates issued before signing are signed at the next start only when
/// their facts still match the hash they were issued with.
#[tokio::test]
async fn the_key_outlives_a_restart_and_earlier_certificates_are_signed_when_intact() {
    let b = board().await;
    let app = &b.app;
    let cert = issue(&b, "孙丽").await;
    let code = cert["code"].as_str().unwrap();
    let user_id: i64 = {
        let conn = raw(app);
        let id = conn
            .query_row(
                "SELECT user_id FROM certificates WHERE code = ?1",
                [code],
                |r| r.get(0),
            )
            .unwrap();
        // Two certificates as an older server left them: no signature.
        for (c, minutes, honest) in [("EARLYCERT234", 60, true), ("EARLYCERT567", 90, false)] {
            let mut facts = cert["facts"].clone();
            facts["code"] = json!(c);
            facts["service_minutes"] = json!(minutes);
            let hash = if honest {
                content_hash(&facts)
            } else {
                content_hash(&json!({"altered": true}))
            };
            conn.execute(
                "INSERT INTO certificates (code, user_id, facts, hash, issued_at)
                 VALUES (?1, ?2, ?3, ?4, 0)",
                (c, id, canonical_json(&facts), hash),
            )
            .unwrap();
        }
        id
    };
    assert!(user_id > 0);
    let restarted = app.another_server().await;
    let again = check(&restarted, code).await;
    assert_eq!(again["valid"], true);
    assert_eq!(again["public_key"], cert["public_key"]);
    assert_eq!(check(&restarted, "EARLYCERT234").await["valid"], true);
    assert_eq!(check(&restarted, "EARLYCERT567").await["valid"], false);
}
