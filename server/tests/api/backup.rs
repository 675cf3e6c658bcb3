//! Backups while the server runs: `linli-server backup` taken during donations and kiosk
//! checkouts restores into a fresh server with every ledger invariant holding and a
//! consistent prefix of the writes; restore checks what it restores and refuses a
//! database in use; the daily backups keep the N newest.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use linli_server::config::Config;
use linli_server::store::Db;
use linli_server::{backup, ledger, Application};
use serde_json::json;

use crate::helpers::{json, TestApp, PASSWORD};
use crate::ledger::grant_points;
use crate::shop::{item, kiosk, member_with_token};

const FUND: i64 = 100_000;
const PRICE: i64 = 5;
const STOCK: i64 = 10_000;

/// `linli-server backup PATH` on the database, as an operator runs it.
async fn backup_cli(db: &Path, dest: &Path) {
    let (db, dest) = (db.to_path_buf(), dest.to_path_buf());
    let out = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_linli-server"))
            .env("LINLI_DB", &db)
            .arg("backup")
            .arg(&dest)
            .output()
            .expect("the binary runs")
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The numbers after `prefix` in the idempotency keys of one table's rows.
async fn key_numbers(db: &Db, sql: &'static str, prefix: String) -> Vec<i64> {
    let keys: Vec<String> = db
        .read(move |c| {
            let mut s = c.prepare(sql)?;
            let rows = s.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
        .unwrap();
    let mut n: Vec<i64> = keys
        .iter()
        .map(|k| k.strip_prefix(&prefix).unwrap().parse().unwrap())
        .collect();
    n.sort_unstable();
    n
}

/// Asserts `n` is 0, 1, …, len-1: every write up to some point and none after it.
fn assert_prefix(n: &[i64], what: &str) {
    let expected: Vec<i64> = (0..n.len() as i64).collect();
    assert_eq!(n, expected, "{what} form a prefix");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_during_writes_restores_every_invariant_and_a_prefix() {
    let app = TestApp::spawn().await;
    let admin = app.login_as_admin().await;
    let li = app.resident("李梅").await;
    grant_points(&app, &admin, li.id, FUND, "fund-li").await;
    let k = kiosk(&app).await;
    let soap = json!({"name": "香皂", "category": "日用品", "price": PRICE});
    let soap = item(&app, &admin, soap, STOCK).await;
    let (wang, qr) = member_with_token(&app, &admin, "王芳", FUND).await;

    // Two writers, each one request after another, until told to stop.
    let stop = Arc::new(AtomicBool::new(false));
    let (s, url, client) = (
        stop.clone(),
        app.url("/api/v1/me/points/donate"),
        li.client.clone(),
    );
    let donations = tokio::spawn(async move {
        let mut n = 0;
        while !s.load(Ordering::Relaxed) {
            let body = json!({"amount": 3, "idempotency_key": format!("d-{n}")});
            let resp = client.post(&url).json(&body).send().await.unwrap();
            assert_eq!(resp.status(), 201);
            n += 1;
        }
        n
    });
    let (s, base, kiosk_client, item_id) =
        (stop.clone(), app.base.clone(), k.client, soap["id"].clone());
    let checkouts = tokio::spawn(async move {
        let mut n = 0;
        while !s.load(Ordering::Relaxed) {
            let body = json!({"qr": qr, "idempotency_key": format!("c-{n}"),
                "lines": [{"item_id": item_id, "quantity": 1}]});
            let resp = kiosk_client
                .post(format!("{base}/api/v1/kiosk/checkout"))
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
            n += 1;
        }
        n
    });

    let dir = tempfile::tempdir().unwrap();
    let mut backups = Vec::new();
    for i in 0..3 {
        tokio::time::sleep(Duration::from_millis(150)).await;
        let dest = dir.path().join(format!("backup-{i}.db"));
        backup_cli(&app.db_path, &dest).await;
        assert!(!dest.with_extension("db.partial").exists());
        backups.push(dest);
    }
    stop.store(true, Ordering::Relaxed);
    let (donated, sold) = (donations.await.unwrap(), checkouts.await.unwrap());

    let mut seen = (0, 0);
    for (i, b) in backups.iter().enumerate() {
        let restored = dir.path().join(format!("restored-{i}.db"));
        backup::restore(b, &restored).expect("a good backup restores");
        let server = Application::build(Config::for_tests(restored.clone()))
            .await
            .expect("a restored database starts");
        let (base, db) = (format!("http://{}", server.local_addr()), server.db());
        tokio::spawn(server.run_until_stopped());

        let broken = db.read(ledger::broken_invariants).await.unwrap();
        assert!(broken.is_empty(), "backup {i}: {broken:?}");
        let d = key_numbers(
            &db,
            "SELECT idempotency_key FROM ledger_transfers WHERE kind = 'donate'",
            format!("donate:{}:d-", li.id),
        )
        .await;
        assert_prefix(&d, "donations");
        let c = key_numbers(
            &db,
            "SELECT idempotency_key FROM shop_orders",
            format!("shop:{}:c-", k.id),
        )
        .await;
        assert_prefix(&c, "checkouts");
        let (d, c) = (d.len() as i64, c.len() as i64);
        // Later backups hold at least as much; none holds more than was acknowledged.
        assert!(d >= seen.0 && c >= seen.1 && d <= donated && c <= sold);
        seen = (d, c);
        println!("backup {i}: {d} of {donated} donations, {c} of {sold} checkouts");

        // The restored server answers with the books of that moment.
        let client = TestApp::new_client();
        let login = client
            .post(format!("{base}/api/v1/auth/login"))
            .json(&json!({"phone": li.phone, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), 200);
        let me = client
            .get(format!("{base}/api/v1/me/points"))
            .send()
            .await
            .unwrap();
        assert_eq!(json(me).await["balance"], FUND - 3 * d);
        let wang_balance = db
            .read(move |c| ledger::balance_of_user(c, wang))
            .await
            .unwrap();
        assert_eq!(wang_balance, FUND - PRICE * c);
        let shown = client
            .get(format!("{base}/api/v1/shop/items/{}", soap["id"]))
            .send()
            .await
            .unwrap();
        assert_eq!(json(shown).await["stock"], STOCK - c);
    }
    assert!(seen.0 > 0 && seen.1 > 0, "the backups saw writes: {seen:?}");
}

#[tokio::test]
async fn restore_checks_the_backup_and_refuses_a_database_in_use() {
    let app = TestApp::spawn().await;
    app.login_as_admin().await;
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.db");
    backup_cli(&app.db_path, &good).await;

    // The server has its database open: restoring over it is refused, nothing changes.
    let err = backup::restore(&good, &app.db_path).unwrap_err();
    assert!(err.to_string().contains("stop the server first"), "{err}");
    assert!(app.db_path.exists());

    // Not a database, or a database with broken books: refused before anything is touched.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, vec![7u8; 8192]).unwrap();
    let target = dir.path().join("target.db");
    assert!(backup::restore(&junk, &target).is_err());
    assert!(!target.exists());
    let cooked = dir.path().join("cooked.db");
    std::fs::copy(&good, &cooked).unwrap();
    let conn = rusqlite::Connection::open(&cooked).unwrap();
    conn.execute_batch("UPDATE ledger_accounts SET balance = balance + 5 WHERE kind = 'shop'")
        .unwrap();
    drop(conn);
    let err = backup::restore(&cooked, &target).unwrap_err();
    assert!(err.to_string().contains("ledger invariants"), "{err}");
    assert!(!target.exists());

    // A stopped database (no server) is replaced, its old log removed with it.
    let old = dir.path().join("old.db");
    Db::open(&old).unwrap();
    std::fs::write(dir.path().join("old.db-wal"), b"stale").unwrap();
    backup::restore(&good, &old).expect("restores over a stopped database");
    assert!(!dir.path().join("old.db-wal").exists());
    backup::check(&old).unwrap();
}

/// The daily backups in `dir`, oldest first.
fn listed(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn daily_backups_keep_the_newest_n_and_leave_other_files_alone() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), b"keep me").unwrap();
    let day = 86_400;
    let first = 1_796_290_208; // 2026-12-03 17:30:08 in Beijing
    let mut made: Vec<PathBuf> = Vec::new();
    for i in 0..5 {
        made.push(backup::daily(&app.db_path, dir.path(), 3, first + i * day).unwrap());
    }
    assert_eq!(
        listed(dir.path()),
        [
            "linli-20261205-173008.db",
            "linli-20261206-173008.db",
            "linli-20261207-173008.db",
            "notes.txt"
        ]
    );
    for kept in &made[2..] {
        backup::check(kept).expect("each kept backup is sound");
    }
    // Keeping more than there are deletes nothing.
    assert!(backup::prune(dir.path(), 10).unwrap().is_empty());
}

#[tokio::test]
async fn the_backup_dir_setting_takes_a_backup_at_start_when_none_is_recent() {
    let dir = tempfile::tempdir().unwrap();
    let backups = dir.path().join("backups");
    let b = backups.clone();
    let _app = TestApp::spawn_with(move |c| {
        c.backup_dir = Some(b);
        c.backup_keep = 2;
    })
    .await;
    for _ in 0..100 {
        if backups.is_dir() && listed(&backups).iter().any(|n| n.ends_with(".db")) {
            let name = &listed(&backups)[0];
            backup::check(&backups.join(name)).unwrap();
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no backup appeared in {}", backups.display());
}
