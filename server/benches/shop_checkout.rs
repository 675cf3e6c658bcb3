//! Checkout benchmark: kiosk checkouts over HTTP against the real server (release build,
//! SQLite in WAL with synchronous=FULL), at 1, 16 and 64 concurrent clients, with
//! throughput and p50/p99 latency; and, in the same run, raw rusqlite doing the same
//! writes per checkout (stock, stock event, order, receipt line, transfer, two postings,
//! lot draw, audit row) in one transaction each, with the same durability settings; and
//! raw rusqlite committing 16 checkouts per transaction, the ceiling of the server's group
//! commit. Between the levels it reads the writer's commit figures from `/metrics`.
//!
//! `cargo bench -p linli-server --bench shop_checkout` (SECS=5 per level by default).
//! Only 127.0.0.1 is used; every loop is bounded in time.

use std::time::{Duration, Instant};

use linli_app::api::ledger::AdjustRequest;
use linli_app::api::shop::{CreateDonor, CreateItem, DonorKind, StockIn};
use linli_app::api::{NodeKind, Tree};
use linli_app::roles::Role;
use linli_server::auth::password;
use linli_server::cards::{self, token};
use linli_server::config::Config;
use linli_server::store::{self, now, Db};
use linli_server::{ledger, shop, Application};
use rusqlite::{params, Connection};
use serde_json::json;

const MEMBERS: usize = 64;
const PASSWORD: &str = "bench-pass-1";
/// The bench reads the writer's commit figures from the server's `/metrics`.
const METRICS_TOKEN: &str = "bench-metrics";

struct Setup {
    kiosk_id: i64,
    item_id: i64,
    members: Vec<(i64, String)>,
}

/// An admin, a kiosk, one item with plenty of stock at 1 point, members with points.
async fn setup(db: &Db) -> (Setup, String) {
    let hash = tokio::task::spawn_blocking(|| password::hash_now(PASSWORD).unwrap())
        .await
        .unwrap();
    db.write(move |tx| {
        let root = store::org::insert(tx, Tree::Org, None, NodeKind::Society, "协会", 0)?;
        let admin = store::accounts::insert_user(tx, "管理员", "13900000001", &hash, 0)?;
        store::accounts::insert_grant(tx, admin, Role::Admin, root.id, None, 0)?;
        let kiosk = store::accounts::insert_user(tx, "超市", "13900000002", &hash, 0)?;
        store::accounts::insert_grant(tx, kiosk, Role::Kiosk, root.id, None, 0)?;
        let t = now();
        let item = shop::items::create(
            tx,
            admin,
            &CreateItem {
                name: "香皂".into(),
                category: "日用品".into(),
                price: 1,
                ..Default::default()
            },
            t,
        )?;
        let donor = shop::stock::create_donor(
            tx,
            admin,
            &CreateDonor {
                name: "供销社".into(),
                kind: DonorKind::Unit,
                contact: String::new(),
                note: String::new(),
            },
            t,
        )?;
        for _ in 0..10 {
            let req = StockIn {
                donor_id: donor.id,
                item_id: item.id,
                quantity: 100_000,
                received_on: None,
                note: String::new(),
            };
            shop::stock::stock_in(tx, admin, &req, t)?;
        }
        let mut members = Vec::new();
        for i in 0..MEMBERS {
            let id = store::accounts::insert_user(
                tx,
                &format!("志愿者{i}"),
                &format!("1370000{i:04}"),
                "x",
                0,
            )?;
            let card = cards::card_of(tx, id, t)?;
            let req = AdjustRequest {
                user_id: id,
                amount: 1_000_000,
                reason: "压测".into(),
                idempotency_key: format!("bench-{id}"),
            };
            ledger::adjust(tx, admin, &req, t)?;
            members.push((id, card.number));
        }
        Ok(Setup {
            kiosk_id: kiosk,
            item_id: item.id,
            members,
        })
    })
    .await
    .map(|s| (s, "13900000002".to_string()))
    .unwrap()
}

async fn tokens(db: &Db, members: &[(i64, String)]) -> Vec<String> {
    let numbers: Vec<String> = members.iter().map(|m| m.1.clone()).collect();
    db.write(move |tx| {
        let secret = token::secret(tx, now())?;
        Ok(numbers
            .iter()
            .map(|n| token::issue(&secret, n, now()).qr)
            .collect())
    })
    .await
    .unwrap()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Runs `clients` checkout loops for `secs`; returns (checkouts/s, p50, p99, errors).
async fn level(
    base: &str,
    kiosk: &reqwest::Client,
    item_id: i64,
    qrs: &[String],
    clients: usize,
    secs: u64,
    run: usize,
) -> (f64, Duration, Duration, usize) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    let start = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for c in 0..clients {
        let (client, url, qr) = (
            kiosk.clone(),
            format!("{base}/api/v1/kiosk/checkout"),
            qrs[c % qrs.len()].clone(),
        );
        set.spawn(async move {
            let mut lat = Vec::new();
            let mut errors = 0;
            let mut n = 0u64;
            while Instant::now() < deadline {
                let body = json!({"qr": qr, "idempotency_key": format!("r{run}-c{c}-{n}"),
                                  "lines": [{"item_id": item_id, "quantity": 1}]});
                n += 1;
                let t = Instant::now();
                match client.post(&url).json(&body).send().await {
                    Ok(r) if r.status() == 201 => {
                        let _ = r.bytes().await;
                        lat.push(t.elapsed());
                    }
                    Ok(r) => {
                        errors += 1;
                        if errors == 1 {
                            eprintln!(
                                "checkout refused: {} {}",
                                r.status(),
                                r.text().await.unwrap_or_default()
                            );
                        }
                    }
                    Err(e) => {
                        errors += 1;
                        if errors == 1 {
                            eprintln!("checkout failed: {e}");
                        }
                    }
                }
            }
            (lat, errors)
        });
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for (lat, e) in set.join_all().await {
        all.extend(lat);
        errors += e;
    }
    let elapsed = start.elapsed().as_secs_f64();
    all.sort();
    (
        all.len() as f64 / elapsed,
        percentile(&all, 0.5),
        percentile(&all, 0.99),
        errors,
    )
}

/// The server's own checkout (token check, limits, stock, ledger, receipt) through the
/// `Db` writer without HTTP, one after another for `secs`: what the HTTP layer adds is
/// the difference to the one-client level. Returns (checkouts/s, p50, p99).
async fn direct(db: &Db, s: &Setup, qrs: &[String], secs: u64) -> (f64, Duration, Duration) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    let start = Instant::now();
    let mut lat = Vec::new();
    let cart = shop::checkout::Cart::parse(&[linli_app::api::shop::CartLine {
        item_id: s.item_id,
        quantity: 1,
    }])
    .unwrap();
    let mut n = 0usize;
    while Instant::now() < deadline {
        let Ok(linli_app::cards::CardQr::Dynamic(t)) =
            linli_app::cards::decode(&qrs[n % qrs.len()])
        else {
            panic!("a live token");
        };
        let key = shop::checkout::order_key(s.kiosk_id, &format!("direct-{n}")).unwrap();
        let fp = shop::checkout::checkout_fingerprint(&t.number, &cart);
        let (kiosk, cart) = (s.kiosk_id, cart.clone());
        n += 1;
        let began = Instant::now();
        db.write(move |tx| {
            let order = shop::checkout::KioskOrder {
                kiosk_id: kiosk,
                cart: &cart,
                key: &key,
                fp: &fp,
                now: now(),
            };
            shop::checkout::with_token(tx, &order, &t)
        })
        .await
        .unwrap();
        lat.push(began.elapsed());
    }
    let elapsed = start.elapsed().as_secs_f64();
    lat.sort();
    (
        lat.len() as f64 / elapsed,
        percentile(&lat, 0.5),
        percentile(&lat, 0.99),
    )
}

/// The server's writer as `/metrics` counts it, since it started.
#[derive(Clone, Copy, Default)]
struct Writer {
    commits: f64,
    writes: f64,
    commit_secs: f64,
    /// Commits that took at most 10 ms.
    quick: f64,
}

impl Writer {
    async fn now(base: &str) -> Writer {
        let text = reqwest::Client::new()
            .get(format!("{base}/metrics"))
            .bearer_auth(METRICS_TOKEN)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let value = |name: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(name)?.trim().parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        Writer {
            commits: value("linli_db_commit_seconds_count"),
            writes: value("linli_db_commit_group_size_sum"),
            commit_secs: value("linli_db_commit_seconds_sum"),
            quick: value("linli_db_commit_seconds_bucket{le=\"0.01\"}"),
        }
    }

    /// One row of the writer's table: what it did between `before` and `self`.
    fn row_since(self, before: Writer, clients: usize) -> String {
        let commits = self.commits - before.commits;
        format!(
            "| {clients} | {commits:.0} | {:.1} | {:.2} | {:.0} |",
            (self.writes - before.writes) / commits.max(1.0),
            1000.0 * (self.commit_secs - before.commit_secs) / commits.max(1.0),
            commits - (self.quick - before.quick),
        )
    }
}

/// The same writes as one checkout, in raw SQL, in one transaction.
fn raw_checkout(
    conn: &mut Connection,
    label: &str,
    n: i64,
    item_id: i64,
    shop: i64,
    member: (i64, i64),
) {
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .unwrap();
    raw_writes(&tx, label, n, item_id, shop, member);
    tx.commit().unwrap();
}

/// The writes of one checkout.
fn raw_writes(
    tx: &rusqlite::Transaction,
    label: &str,
    n: i64,
    item_id: i64,
    shop: i64,
    (user, account): (i64, i64),
) {
    let at = now();
    {
        let stock: i64 = tx
                .prepare_cached("UPDATE shop_items SET stock = stock - 1 WHERE id = ?1 AND stock >= 1 RETURNING stock")
                .unwrap()
                .query_row([item_id], |r| r.get(0))
                .unwrap();
        tx.prepare_cached(
            "INSERT INTO shop_orders (user_id, card_number, kiosk_id, idempotency_key, fingerprint,
                     total, day, month, created_at) VALUES (?1, 'x', ?1, ?2, 'f', 1, 'd', 'm', ?3)",
        )
        .unwrap()
        .execute(params![user, format!("raw-{label}-{n}"), at])
        .unwrap();
        let order = tx.last_insert_rowid();
        tx.prepare_cached(
                "INSERT INTO shop_stock_events (item_id, kind, delta, stock_after, order_id, day, created_at)
                 VALUES (?1, 'checkout', -1, ?2, ?3, 'd', ?4)",
            )
            .unwrap()
            .execute(params![item_id, stock, order, at])
            .unwrap();
        tx.prepare_cached("UPDATE shop_items SET sold = sold + 1 WHERE id = ?1")
            .unwrap()
            .execute([item_id])
            .unwrap();
        tx.prepare_cached(
            "INSERT INTO shop_order_lines (order_id, item_id, name, unit_price, quantity)
                 VALUES (?1, ?2, '香皂', 1, 1)",
        )
        .unwrap()
        .execute(params![order, item_id])
        .unwrap();
        tx.prepare_cached(
                "INSERT INTO ledger_transfers (kind, amount, idempotency_key, fingerprint, author_id,
                     reason, meta, created_at) VALUES ('redeem', 1, ?1, 'f', ?2, '积分超市兑换', '{}', ?3)",
            )
            .unwrap()
            .execute(params![format!("raw:{label}:order:{order}"), user, at])
            .unwrap();
        let transfer = tx.last_insert_rowid();
        for (acct, amount) in [(account, -1i64), (shop, 1)] {
            let bal: i64 = tx
                    .prepare_cached("UPDATE ledger_accounts SET balance = balance + ?1 WHERE id = ?2 RETURNING balance")
                    .unwrap()
                    .query_row(params![amount, acct], |r| r.get(0))
                    .unwrap();
            tx.prepare_cached(
                "INSERT INTO ledger_postings (transfer_id, account_id, amount, balance_after)
                     VALUES (?1, ?2, ?3, ?4)",
            )
            .unwrap()
            .execute(params![transfer, acct, amount, bal])
            .unwrap();
        }
        let lot: i64 = tx
                .prepare_cached("SELECT id FROM ledger_lots WHERE account_id = ?1 AND remaining > 0 ORDER BY id LIMIT 1")
                .unwrap()
                .query_row([account], |r| r.get(0))
                .unwrap();
        tx.prepare_cached("UPDATE ledger_lots SET remaining = remaining - 1 WHERE id = ?1")
            .unwrap()
            .execute([lot])
            .unwrap();
        tx.prepare_cached(
            "INSERT INTO ledger_lot_draws (transfer_id, lot_id, amount) VALUES (?1, ?2, 1)",
        )
        .unwrap()
        .execute(params![transfer, lot])
        .unwrap();
        tx.prepare_cached(
            "INSERT INTO audit_log (actor_id, action, subject, detail, at)
                 VALUES (?1, 'points.redeem', 'transfer', '{}', ?2)",
        )
        .unwrap()
        .execute(params![user, at])
        .unwrap();
        tx.prepare_cached("UPDATE shop_orders SET transfer_id = ?2 WHERE id = ?1")
            .unwrap()
            .execute(params![order, transfer])
            .unwrap();
    }
}

/// A connection with the server's settings (WAL, synchronous=FULL, the writer's own
/// checkpoints past 8000 WAL pages), and the shop's
/// ledger account.
fn raw_conn(path: &std::path::Path) -> (Connection, i64) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;
         PRAGMA busy_timeout = 5000; PRAGMA wal_autocheckpoint = 8000;",
    )
    .unwrap();
    let shop: i64 = conn
        .query_row(
            "SELECT id FROM ledger_accounts WHERE kind = 'shop'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    (conn, shop)
}

/// The ceiling: raw rusqlite committing `per_commit` checkouts per transaction (what the
/// server's group commit does under load), one thread, for `secs`; checkouts/s.
fn raw_batched(
    path: &std::path::Path,
    item_id: i64,
    members: &[(i64, i64)],
    secs: u64,
    per_commit: usize,
) -> f64 {
    let (mut conn, shop) = raw_conn(path);
    let deadline = Instant::now() + Duration::from_secs(secs);
    let start = Instant::now();
    let mut n = 0i64;
    while Instant::now() < deadline {
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .unwrap();
        for _ in 0..per_commit {
            raw_writes(
                &tx,
                "batched",
                n,
                item_id,
                shop,
                members[n as usize % members.len()],
            );
            n += 1;
        }
        tx.commit().unwrap();
    }
    n as f64 / start.elapsed().as_secs_f64()
}

/// Raw rusqlite throughput for `secs`: `threads` threads sharing one connection behind a
/// mutex (SQLite has one writer; the server does the same), one transaction per checkout.
fn raw(
    label: &str,
    path: &std::path::Path,
    item_id: i64,
    members: &[(i64, i64)],
    secs: u64,
    threads: usize,
) -> (f64, Duration, Duration) {
    let (conn, shop) = raw_conn(path);
    let conn = std::sync::Arc::new(std::sync::Mutex::new(conn));
    let counter = std::sync::Arc::new(std::sync::atomic::AtomicI64::new(0));
    let deadline = Instant::now() + Duration::from_secs(secs);
    let start = Instant::now();
    let lat: Vec<Duration> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (conn, counter) = (conn.clone(), counter.clone());
                scope.spawn(move || {
                    let mut lat = Vec::new();
                    while Instant::now() < deadline {
                        let n = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let member = members[n as usize % members.len()];
                        let t = Instant::now();
                        let mut c = conn.lock().unwrap();
                        raw_checkout(&mut c, label, n, item_id, shop, member);
                        drop(c);
                        lat.push(t.elapsed());
                    }
                    lat
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let elapsed = start.elapsed().as_secs_f64();
    let mut lat = lat;
    lat.sort();
    (
        lat.len() as f64 / elapsed,
        percentile(&lat, 0.5),
        percentile(&lat, 0.99),
    )
}

fn main() {
    let secs: u64 = std::env::var("SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let db_path = dir.path().join("bench.db");
        let mut config = Config::for_tests(db_path.clone());
        config.log = "error".into();
        config.metrics_token = Some(METRICS_TOKEN.into());
        let app = Application::build(config).await.unwrap();
        let base = format!("http://{}", app.local_addr());
        tokio::spawn(app.run_until_stopped());
        let db = Db::open(&db_path).unwrap();
        let (s, kiosk_phone) = setup(&db).await;
        let kiosk = reqwest::Client::builder()
            .cookie_store(true)
            .pool_max_idle_per_host(128)
            .build()
            .unwrap();
        let r = kiosk
            .post(format!("{base}/api/v1/auth/login"))
            .json(&json!({"phone": kiosk_phone, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "kiosk signs in");

        // Raw rusqlite on a second database with the same schema and settings, measured
        // before and after the HTTP levels (the disk's fsync time drifts with other load).
        let raw_path = dir.path().join("raw.db");
        let raw_db = Db::open(&raw_path).unwrap();
        let (rs, _) = setup(&raw_db).await;
        let ids: Vec<i64> = rs.members.iter().map(|m| m.0).collect();
        let accounts = raw_db
            .read(move |c| {
                ids.iter()
                    .map(|&u| Ok((u, ledger::member_account(c, u, now())?.0)))
                    .collect::<Result<Vec<_>, _>>()
            })
            .await
            .unwrap();
        let raw_run = |label: &'static str, threads: usize| {
            let (path, accounts, item) = (raw_path.clone(), accounts.clone(), rs.item_id);
            async move {
                let (tps, p50, p99) =
                    tokio::task::spawn_blocking(move || raw(label, &path, item, &accounts, secs, threads))
                        .await
                        .unwrap();
                println!(
                    "raw rusqlite ({label}, {threads} threads), same writes per checkout, one transaction each \
                     (WAL, synchronous=FULL): {tps:.0} checkouts/s, p50 {:.2} ms, p99 {:.2} ms",
                    ms(p50),
                    ms(p99)
                );
                tps
            }
        };
        let raw_before = raw_run("before", 1).await.max(raw_run("before16", 16).await);

        println!("checkout over HTTP (kiosk, live QR token, 1 item), {secs} s per level:");
        println!("| clients | checkouts/s | p50 ms | p99 ms | errors |");
        println!("|---|---|---|---|---|");
        let mut levels = Vec::new();
        let mut writer_rows = Vec::new();
        for (run, clients) in [1usize, 16, 64].into_iter().enumerate() {
            let qrs = tokens(&db, &s.members).await;
            let before = Writer::now(&base).await;
            let (tps, p50, p99, errors) =
                level(&base, &kiosk, s.item_id, &qrs, clients, secs, run).await;
            writer_rows.push(Writer::now(&base).await.row_since(before, clients));
            levels.push((clients, tps));
            println!(
                "| {clients} | {tps:.0} | {:.2} | {:.2} | {errors} |",
                ms(p50),
                ms(p99)
            );
        }
        println!("the server's writer at each level (a commit over 10 ms holds up every write queued behind it):");
        println!("| clients | commits | writes per commit | mean commit ms | commits over 10 ms |");
        println!("|---|---|---|---|---|");
        for row in writer_rows {
            println!("{row}");
        }
        let qrs = tokens(&db, &s.members).await;
        let (tps, p50, p99) = direct(&db, &s, &qrs, secs).await;
        println!(
            "the server's checkout through its Db writer, no HTTP, 1 client: {tps:.0} checkouts/s, \
             p50 {:.2} ms, p99 {:.2} ms",
            ms(p50),
            ms(p99)
        );
        let raw_after = raw_run("after", 1).await.max(raw_run("after16", 16).await);
        let raw_best = raw_before.max(raw_after);
        let (path, accts, item) = (raw_path.clone(), accounts.clone(), rs.item_id);
        let batched =
            tokio::task::spawn_blocking(move || raw_batched(&path, item, &accts, secs, 16))
                .await
                .unwrap();
        println!(
            "raw rusqlite, 16 checkouts per transaction (the ceiling of group commit): \
             {batched:.0} checkouts/s"
        );
        for (clients, tps) in levels {
            println!(
                "HTTP at {clients} clients / best raw = {:.0}% (target ≥ 50%)",
                100.0 * tps / raw_best
            );
        }
    });
}
