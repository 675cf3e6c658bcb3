//! Crash test: the real server binary is killed with SIGKILL again and again while
//! members' donations pour in concurrently; clients retry with the same idempotency key
//! until they get an answer. Afterwards no acknowledged transfer is lost, none is
//! doubled, the books balance and SQLite's integrity check passes.
//!
//! `make test` runs a short version; `bench/crash.sh` runs a long one. Sizes come from
//! LINLI_CRASH_KILLS, LINLI_CRASH_SPENDS and LINLI_CRASH_WORKERS.

use std::collections::HashMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use linli_app::api::ledger::AdjustRequest;
use linli_server::auth::password;
use linli_server::ledger;
use linli_server::store::{self, Db};
use rand::Rng;
use serde_json::{json, Value};

const PASSWORD: &str = "secret-pass-1";
/// Points per donation.
const AMOUNT: i64 = 3;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A free port below Linux's ephemeral range, so the other tests' servers (bound to
/// port 0) cannot take it between a kill and the restart.
fn free_port() -> u16 {
    let mut rng = rand::thread_rng();
    loop {
        let port = rng.gen_range(20_000..30_000);
        if TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

/// Starts the server binary on the database at a fixed address.
fn start(db: &Path, addr: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_linli-server"))
        .env("LINLI_ADDR", addr)
        .env("LINLI_DB", db)
        .env("LINLI_SEED", "none")
        .env("LINLI_LOG", "error")
        .env("LINLI_SITE", "/nonexistent")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("server starts")
}

async fn wait_until_up(client: &reqwest::Client, base: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(r) = client.get(format!("{base}/api/v1/health")).send().await {
            if r.status() == 200 {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("server did not come up");
}

/// A member with `fund` points, and an administrator who granted them.
async fn prepare(db_path: &Path, phone: &str, fund: i64) -> i64 {
    let db = Db::open(db_path).expect("db");
    let hash = password::hash_now(PASSWORD).unwrap();
    let phone = phone.to_string();
    db.write(move |tx| {
        let admin = store::accounts::insert_user(tx, "管理员", "13900000000", "x", 0)?;
        let member = store::accounts::insert_user(tx, "李梅", &phone, &hash, 0)?;
        let req = AdjustRequest {
            user_id: member,
            amount: fund,
            reason: "压力测试备用积分".into(),
            idempotency_key: "crash-fund".into(),
        };
        ledger::adjust(tx, admin, &req, store::now())?;
        Ok(member)
    })
    .await
    .expect("prepared")
}

/// What a spend finally got: acknowledged with a transfer id, or refused as insufficient.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    Acked(i64),
    Refused,
}

#[derive(Default)]
struct Counters {
    retries: AtomicUsize,
    server_errors: AtomicUsize,
}

/// Sends one donation until it gets a final answer, reusing its key on every retry.
async fn spend(client: &reqwest::Client, base: &str, key: &str, c: &Counters) -> Outcome {
    let body = json!({"amount": AMOUNT, "idempotency_key": key});
    let since = Instant::now();
    loop {
        let sent = client
            .post(format!("{base}/api/v1/me/points/donate"))
            .json(&body)
            .send()
            .await;
        match sent {
            Ok(resp) if resp.status() == 201 => {
                if let Ok(v) = resp.json::<Value>().await {
                    return Outcome::Acked(v["transfer_id"].as_i64().expect("transfer id"));
                }
            }
            Ok(resp) if resp.status() == 409 => {
                let v: Value = resp.json().await.unwrap_or_default();
                assert_eq!(v["error"]["message"], "积分余额不足", "{key}: {v}");
                return Outcome::Refused;
            }
            Ok(resp) => {
                assert!(resp.status().is_server_error(), "{key}: {}", resp.status());
                c.server_errors.fetch_add(1, Ordering::Relaxed);
            }
            Err(_) => {}
        }
        // The server is down or the answer was lost: the same key again.
        c.retries.fetch_add(1, Ordering::Relaxed);
        assert!(
            since.elapsed() < Duration::from_secs(60),
            "{key}: the server never came back"
        );
        tokio::time::sleep(Duration::from_millis(15)).await;
    }
}

/// Sends spends with retries while the server is SIGKILLed and restarted; then checks
/// the books on disk.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_concurrent_spends_loses_and_doubles_nothing() {
    let kills = env_or("LINLI_CRASH_KILLS", 6);
    let spends = env_or("LINLI_CRASH_SPENDS", 240);
    let workers = env_or("LINLI_CRASH_WORKERS", 8).max(1);
    // The balance covers 5/8 of the spends, so refusals are exercised too.
    let covered = (spends * 5 / 8) as i64;

    let dir = tempfile::tempdir().unwrap();
    let db_path: PathBuf = dir.path().join("crash.db");
    let phone = "13811112222";
    let member = prepare(&db_path, phone, covered * AMOUNT).await;
    let addr = format!("127.0.0.1:{}", free_port());
    let base = format!("http://{addr}");

    let mut server = start(&db_path, &addr);
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    wait_until_up(&client, &base).await;
    let login = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"phone": phone, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);

    let started = Instant::now();
    let counters = Arc::new(Counters::default());
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..workers {
        let (client, base, counters, next) =
            (client.clone(), base.clone(), counters.clone(), next.clone());
        tasks.spawn(async move {
            let mut outcomes = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= spends {
                    return outcomes;
                }
                let key = format!("crash-{i}");
                outcomes.push((key.clone(), spend(&client, &base, &key, &counters).await));
            }
        });
    }

    // Kill -9 at random moments while spends are in flight, restarting each time.
    let mut killed = 0;
    while killed < kills && next.load(Ordering::Relaxed) < spends {
        let pause = rand::thread_rng().gen_range(10..150);
        tokio::time::sleep(Duration::from_millis(pause)).await;
        let exited = server.try_wait().unwrap();
        assert!(exited.is_none(), "the server died on its own: {exited:?}");
        server.kill().expect("SIGKILL");
        server.wait().unwrap();
        killed += 1;
        server = start(&db_path, &addr);
    }
    let mut outcomes: HashMap<String, Outcome> = HashMap::new();
    while let Some(result) = tasks.join_next().await {
        outcomes.extend(result.unwrap());
    }
    server.kill().unwrap();
    server.wait().unwrap();
    let elapsed = started.elapsed();

    // The books on disk, read after the last kill.
    let conn = rusqlite::Connection::open(&db_path).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let broken = ledger::broken_invariants(&conn).unwrap();
    assert!(broken.is_empty(), "{broken:?}");

    let acked: HashMap<&String, i64> = outcomes
        .iter()
        .filter_map(|(k, o)| match o {
            Outcome::Acked(id) => Some((k, *id)),
            Outcome::Refused => None,
        })
        .collect();
    let refused = outcomes.len() - acked.len();
    assert_eq!(outcomes.len(), spends, "every spend got a final answer");
    // None lost: every acknowledged spend is on disk, under its key, once.
    for (key, id) in &acked {
        let stored: Vec<i64> = conn
            .prepare("SELECT id FROM ledger_transfers WHERE idempotency_key = ?1")
            .unwrap()
            .query_map([format!("donate:{member}:{key}")], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(stored, vec![*id], "{key} stored once as acknowledged");
    }
    // None doubled or invented: the donations on disk are exactly the acknowledged ones.
    let donations: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM ledger_transfers WHERE kind = 'donate'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(donations as usize, acked.len());
    // The balance covered exactly `covered` spends: no more, no fewer succeeded.
    assert_eq!(acked.len() as i64, covered);
    let balance: i64 = conn
        .query_row(
            "SELECT balance FROM ledger_accounts WHERE user_id = ?1",
            [member],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(balance, 0);

    let report = format!(
        "crash test: {killed} kill -9s, {spends} spends by {workers} concurrent clients in {:.1}s; \
         {} acknowledged, {refused} refused as insufficient, {} retries, {} server errors; \
         acknowledged lost 0, doubled 0, invariants ok ({} checks), integrity_check ok",
        elapsed.as_secs_f64(),
        acked.len(),
        counters.retries.load(Ordering::Relaxed),
        counters.server_errors.load(Ordering::Relaxed),
        linli_server::store::ledger::INVARIANT_CHECKS.len(),
    );
    println!("{report}");
    if let Ok(path) = std::env::var("LINLI_CRASH_REPORT") {
        std::fs::write(path, format!("{report}\n")).unwrap();
    }
    assert!(
        killed >= kills.min(1),
        "the server was killed at least once"
    );
}
