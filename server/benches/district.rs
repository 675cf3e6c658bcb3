//! A district at scale: a generator and the reads that must stay fast.
//!
//! For each size in SIZES (ledger postings; default `10000,10000000`) it fills a fresh
//! database with a realistic district by batched SQL: 1 society, 10 branches, 450 teams,
//! a district of 5 streets and 20 communities, MEMBERS members (default 30,000) each in
//! a team, 4,500 published projects, postings/10 approved hour records (with their
//! sessions and sign-ups) and postings/10 completed service orders, 200 shop items with
//! donations, and postings/2 transfers (earnings and shop spending over 24 months) with
//! their postings, lots and lot draws. The running totals are then rebuilt from those
//! records by the same SQL the migration uses (`store::stats::REBUILD`) and the triggers
//! put back. Then a release server runs in its own process on each size and each read is
//! timed on all sizes interleaved (REQS rounds after a warm-up, one request per size in
//! turn, so the machine's load falls on every size alike): a member's balance, their
//! history page, the shop catalogue, the statistics of the whole society, the open books.
//! Finally an export of every hour record and one of every transfer are streamed while
//! the server's resident memory is sampled.
//!
//! `bench/district.sh`, or `cargo bench -p linli-server --bench district` with SIZES,
//! MEMBERS, REQS (default 200), KEEP (a directory to keep the databases in), REUSE=1
//! (time a database already kept there instead of generating it again: generation of
//! 10 million postings takes long, and timing is fairest on a quiet machine) and
//! LINLI_BENCH_PORT (default 3919; one port per size from there).

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use linli_app::api::{NodeKind, Tree};
use linli_app::roles::Role;
use linli_server::auth::session;
use linli_server::store::{self, Db};
use rusqlite::{params, Connection};

const START: i64 = 1_704_038_400; // 2024-01-01 00:00 +08:00
const SPAN: i64 = 730 * 86_400;
const BRANCHES: i64 = 10;
const TEAMS_PER_BRANCH: i64 = 45;
const PROJECTS_PER_TEAM: i64 = 10;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A small deterministic generator (no dependency, same district every run).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

/// Ids of what the reads need: (member, society root).
struct District {
    member: i64,
    admin: i64,
    root: i64,
}

/// Fills `path` (a fresh file) with a district of `postings` ledger postings.
fn generate(path: &Path, postings: i64, members: i64) -> District {
    drop(Db::open(path).expect("migrated"));
    let mut c = Connection::open(path).unwrap();
    c.execute_batch(
        "PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF; PRAGMA cache_size = -400000;",
    )
    .unwrap();
    // The running totals are rebuilt from the records at the end, not row by row.
    let triggers: Vec<(String, String)> = c
        .prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'
             AND (name LIKE 'stats_%' OR name = 'ledger_postings_match_balance')",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (name, _) in &triggers {
        c.execute_batch(&format!("DROP TRIGGER {name}")).unwrap();
    }
    let mut rng = Lcg(17);
    let tx = c.transaction().unwrap();
    let node = |parent: Option<&store::org::NodeRow>, tree, kind, name: &str| {
        store::org::insert(&tx, tree, parent, kind, name, START).unwrap()
    };
    let root = node(None, Tree::Org, NodeKind::Society, "汉阳区志愿者协会");
    let mut teams = Vec::new();
    for b in 0..BRANCHES {
        let branch = node(
            Some(&root),
            Tree::Org,
            NodeKind::Branch,
            &format!("第{b}分会"),
        );
        for t in 0..TEAMS_PER_BRANCH {
            teams.push(
                node(
                    Some(&branch),
                    Tree::Org,
                    NodeKind::Team,
                    &format!("志愿服务{b}-{t}队"),
                )
                .id,
            );
        }
    }
    let district = node(None, Tree::Territory, NodeKind::District, "汉阳区");
    let mut communities = Vec::new();
    for s in 0..5 {
        let street = node(
            Some(&district),
            Tree::Territory,
            NodeKind::Street,
            &format!("街道{s}"),
        );
        for k in 0..4 {
            communities.push(
                node(
                    Some(&street),
                    Tree::Territory,
                    NodeKind::Community,
                    &format!("社区{s}-{k}"),
                )
                .id,
            );
        }
    }
    let admin = store::accounts::insert_user(&tx, "区管理员", "13600000000", "-", START).unwrap();
    store::accounts::insert_grant(&tx, admin, Role::Admin, root.id, None, START).unwrap();
    {
        let mut user = tx
            .prepare("INSERT INTO users (id, name, phone, password_hash, created_at) VALUES (?1, ?2, ?3, '-', ?4)")
            .unwrap();
        let mut member = tx
            .prepare("INSERT INTO memberships (user_id, node_id, joined_at) VALUES (?1, ?2, ?3)")
            .unwrap();
        let mut account = tx
            .prepare("INSERT INTO ledger_accounts (id, kind, user_id, created_at) VALUES (?1, 'member', ?2, ?3)")
            .unwrap();
        for m in 0..members {
            let id = 1000 + m;
            user.execute(params![
                id,
                format!("志愿者{m}"),
                format!("138{m:08}"),
                START
            ])
            .unwrap();
            member
                .execute(params![id, teams[(m as usize) % teams.len()], START])
                .unwrap();
            account.execute(params![id, id, START]).unwrap();
        }
    }
    // Projects, sessions, sign-ups and approved hours; services and orders.
    let records = (postings / 10).max(1);
    let projects = teams.len() as i64 * PROJECTS_PER_TEAM;
    {
        let mut project = tx
            .prepare(
                "INSERT INTO projects (id, team_id, title, category, place, territory_id, activity,
                     status, created_by, created_at, updated_at)
                 VALUES (?1, ?2, '社区服务', ?3, '社区广场', ?4, 'general', 'published', ?5, ?6, ?6)",
            )
            .unwrap();
        for p in 0..projects {
            let team = teams[(p / PROJECTS_PER_TEAM) as usize];
            let category = if p % 10 == 9 { "training" } else { "health" };
            let at = START + (p * SPAN / projects);
            let community = communities[(p as usize) % communities.len()];
            project
                .execute(params![p + 1, team, category, community, admin, at])
                .unwrap();
        }
        let mut session = tx
            .prepare("INSERT INTO project_sessions (id, project_id, starts_at, ends_at, capacity) VALUES (?1, ?2, ?3, ?3 + 7200, 20)")
            .unwrap();
        let mut signup = tx
            .prepare("INSERT INTO signups (id, session_id, user_id, status, arrival, created_at) VALUES (?1, ?2, ?3, 'confirmed', ?1, ?4)")
            .unwrap();
        let mut hours = tx
            .prepare(
                "INSERT INTO hour_records (id, signup_id, session_id, user_id, checked_in_at,
                     checked_out_at, computed_minutes, minutes, status, decided_at, points, created_at)
                 VALUES (?1, ?1, ?2, ?3, ?4, ?4 + 120 * 60, 120, 120, 'approved', ?4, 20, ?4)",
            )
            .unwrap();
        let sessions = (records / 20).max(1);
        for s in 0..sessions {
            let at = START + s * SPAN / sessions;
            session
                .execute(params![s + 1, (s % projects) + 1, at])
                .unwrap();
        }
        for h in 0..records {
            let s = h % sessions;
            let at = START + s * SPAN / sessions;
            // Distinct people within a session (k-th of its sign-ups).
            let user = 1000 + ((h / sessions) * 1597 + s * 31) % members;
            signup.execute(params![h + 1, s + 1, user, at]).unwrap();
            hours.execute(params![h + 1, s + 1, user, at]).unwrap();
        }
        let mut service = tx
            .prepare("INSERT INTO services (id, team_id, category, title, serves_id, created_at, updated_at) VALUES (?1, ?2, 'health', '上门服务', ?3, ?4, ?4)")
            .unwrap();
        for (i, team) in teams.iter().enumerate() {
            service
                .execute(params![i as i64 + 1, team, district.id, START])
                .unwrap();
        }
        let mut order = tx
            .prepare(
                "INSERT INTO orders (id, service_id, served_id, served_name, placed_by, territory_id,
                     address, phone, need, state, team_id, submitted_at, accepted_at, done_at, state_at)
                 VALUES (?1, ?2, ?3, '居民', ?3, ?4, '某栋', '13800000000', '上门服务', 'done', ?5,
                     ?6, ?6 + 3600, ?6 + 7200, ?6 + 7200)",
            )
            .unwrap();
        for o in 0..records {
            let t = (o as usize) % teams.len();
            let user = 1000 + (rng.below(members as u64) as i64);
            let at = START + o * SPAN / records;
            let community = communities[(o as usize) % communities.len()];
            order
                .execute(params![o + 1, t as i64 + 1, user, community, teams[t], at])
                .unwrap();
        }
    }
    // The shop: items and their donations.
    {
        let mut donor = tx
            .prepare("INSERT INTO shop_donors (id, name, kind, created_at) VALUES (?1, ?2, ?3, ?4)")
            .unwrap();
        let mut item = tx
            .prepare("INSERT INTO shop_items (id, name, category, price, stock, barcode, created_at, updated_at) VALUES (?1, ?2, '日用品', ?3, 500, ?4, ?5, ?5)")
            .unwrap();
        let mut event = tx
            .prepare("INSERT INTO shop_stock_events (item_id, kind, delta, stock_after, donor_id, day, value, created_at) VALUES (?1, 'stock_in', 500, 500, ?2, '2024-01-01', ?3, ?4)")
            .unwrap();
        for d in 0..100i64 {
            let kind = if d % 10 == 0 { "person" } else { "merchant" };
            donor
                .execute(params![d + 1, format!("爱心单位{d}"), kind, START])
                .unwrap();
        }
        for i in 0..200i64 {
            let price = 10 + (i % 40) * 5;
            item.execute(params![
                i + 1,
                format!("商品{i}"),
                price,
                format!("2000000{i:06}"),
                START
            ])
            .unwrap();
            event
                .execute(params![i + 1, (i % 100) + 1, price * 500, START])
                .unwrap();
        }
    }
    // The ledger: earnings of 20 (a lot each) and spending of 10 (drawn from the oldest
    // lot), every balance and balance_after kept as the posting code keeps them.
    {
        let sys = |kind: &str| -> i64 {
            tx.query_row(
                "SELECT id FROM ledger_accounts WHERE kind = ?1",
                [kind],
                |r| r.get(0),
            )
            .unwrap()
        };
        let (issuance, shop) = (sys("issuance"), sys("shop"));
        let mut transfer = tx
            .prepare(
                "INSERT INTO ledger_transfers (id, kind, amount, idempotency_key, fingerprint, author_id,
                     reason, rule_version, created_at)
                 VALUES (?1, ?2, ?3, 'g' || ?1, '-', NULL, ?4, ?5, ?6)",
            )
            .unwrap();
        let mut posting = tx
            .prepare("INSERT INTO ledger_postings (transfer_id, account_id, amount, balance_after) VALUES (?1, ?2, ?3, ?4)")
            .unwrap();
        let mut lot = tx
            .prepare("INSERT INTO ledger_lots (id, account_id, transfer_id, amount, remaining, created_at) VALUES (?1, ?2, ?3, 20, ?4, ?5)")
            .unwrap();
        let mut draw = tx
            .prepare(
                "INSERT INTO ledger_lot_draws (transfer_id, lot_id, amount) VALUES (?1, ?2, 10)",
            )
            .unwrap();
        let n = members as usize;
        let mut balance = vec![0i64; n];
        // Per member: their open lots, oldest first (lot id, remaining).
        let mut lots: Vec<std::collections::VecDeque<(i64, i64)>> = vec![Default::default(); n];
        let mut lot_rows: Vec<(i64, i64, i64, i64)> = Vec::new(); // id, account, transfer, created
        let mut remaining: Vec<i64> = Vec::new();
        let (mut issued, mut spent) = (0i64, 0i64);
        let transfers = postings / 2;
        for t in 0..transfers {
            let id = t + 1;
            // The timed member (the first) takes the first 60 transfers, so the history
            // page read is a full page at every size, not an empty one at 10 thousand.
            let m = if t < 60 {
                0
            } else {
                rng.below(n as u64) as usize
            };
            let account = 1000 + m as i64;
            let at = START + t * SPAN / transfers.max(1);
            if balance[m] >= 10 && rng.below(100) < 45 {
                transfer
                    .execute(params![id, "redeem", 10, "积分超市兑换", None::<i64>, at])
                    .unwrap();
                balance[m] -= 10;
                spent += 10;
                posting
                    .execute(params![id, account, -10, balance[m]])
                    .unwrap();
                posting.execute(params![id, shop, 10, spent]).unwrap();
                let front = lots[m].front_mut().expect("an open lot");
                draw.execute(params![id, front.0]).unwrap();
                front.1 -= 10;
                remaining[(front.0 - 1) as usize] -= 10;
                if front.1 == 0 {
                    lots[m].pop_front();
                }
            } else {
                transfer
                    .execute(params![id, "earn", 20, "志愿服务", Some(1), at])
                    .unwrap();
                issued += 20;
                posting
                    .execute(params![id, issuance, -20, -issued])
                    .unwrap();
                balance[m] += 20;
                posting
                    .execute(params![id, account, 20, balance[m]])
                    .unwrap();
                let lot_id = lot_rows.len() as i64 + 1;
                lot_rows.push((lot_id, account, id, at));
                remaining.push(20);
                lots[m].push_back((lot_id, 20));
            }
        }
        for (i, (id, account, transfer_id, at)) in lot_rows.iter().enumerate() {
            lot.execute(params![id, account, transfer_id, remaining[i], at])
                .unwrap();
        }
        let mut set = tx
            .prepare("UPDATE ledger_accounts SET balance = ?2 WHERE id = ?1")
            .unwrap();
        for (m, b) in balance.iter().enumerate() {
            set.execute(params![1000 + m as i64, b]).unwrap();
        }
        set.execute(params![issuance, -issued]).unwrap();
        set.execute(params![shop, spent]).unwrap();
    }
    tx.commit().unwrap();
    let started = Instant::now();
    c.execute_batch(store::stats::REBUILD).unwrap();
    println!(
        "  running totals rebuilt from the records in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    for (_, sql) in &triggers {
        c.execute_batch(sql).unwrap();
    }
    District {
        member: 1000,
        admin,
        root: root.id,
    }
}

/// The ids the reads need, found again in a district generated by an earlier run.
fn kept(path: &Path) -> District {
    let c = Connection::open(path).unwrap();
    let one = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    District {
        member: 1000,
        admin: one("SELECT id FROM users WHERE phone = '13600000000'"),
        root: one("SELECT id FROM nodes WHERE kind = 'society' ORDER BY id LIMIT 1"),
    }
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn start_server(db: &Path, port: u16) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_linli-server"))
        .env("LINLI_DB", db)
        .env("LINLI_ADDR", format!("127.0.0.1:{port}"))
        .env("LINLI_SEED", "none")
        .env("LINLI_LOG", "error")
        .stdout(Stdio::null())
        .spawn()
        .expect("the server starts");
    let server = Server(child);
    let health = format!("http://127.0.0.1:{port}/api/v1/health");
    for _ in 0..300 {
        if reqwest::get(&health).await.is_ok_and(|r| r.status() == 200) {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not answer on port {port}");
}

fn proc_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// A session for `user`, written straight into the database; the cookie header.
fn sign_in(path: &Path, user: i64) -> String {
    let c = Connection::open(path).unwrap();
    let token = session::new_token();
    let now = store::now();
    store::sessions::insert(&c, &session::hash(&token), user, now, now + 86_400).unwrap();
    format!("{}={token}", session::COOKIE)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// One GET, read to the end; its time in milliseconds.
async fn one_get(client: &reqwest::Client, url: &str, cookie: Option<&str>) -> f64 {
    let mut req = client.get(url);
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let started = Instant::now();
    let resp = req.send().await.unwrap();
    assert_eq!(resp.status(), 200, "{url}");
    resp.bytes().await.unwrap();
    started.elapsed().as_secs_f64() * 1000.0
}

/// p50 and p99 in milliseconds for each (url, cookie), timed interleaved: request i goes
/// to every target in turn, so a busy moment of the machine falls on all sizes alike
/// (timing them one after the other compared quiet minutes with loaded ones). The first
/// 20 rounds warm up and are not counted.
async fn time_interleaved(
    client: &reqwest::Client,
    targets: &[(String, Option<String>)],
    reqs: usize,
) -> Vec<(f64, f64)> {
    let mut ms = vec![Vec::with_capacity(reqs); targets.len()];
    for i in 0..reqs + 20 {
        for (t, (url, cookie)) in targets.iter().enumerate() {
            let took = one_get(client, url, cookie.as_deref()).await;
            if i >= 20 {
                ms[t].push(took);
            }
        }
    }
    ms.into_iter()
        .map(|mut m| {
            m.sort_by(f64::total_cmp);
            (percentile(&m, 0.5), percentile(&m, 0.99))
        })
        .collect()
}

/// What one read asks of a server (its API base): the URL and the cookie to send.
type Target = fn(&str, &Prepared) -> (String, Option<String>);

/// A prepared district: its size, file, ids and sessions.
struct Prepared {
    postings: i64,
    path: std::path::PathBuf,
    district: District,
    member: String,
    admin: String,
    _dir: tempfile::TempDir,
}

fn main() {
    let sizes: Vec<i64> = std::env::var("SIZES")
        .unwrap_or_else(|_| "10000,10000000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let members: i64 = env_or("MEMBERS", 30_000);
    let reqs: usize = env_or("REQS", 200);
    let port: u16 = env_or("LINLI_BENCH_PORT", 3919);
    let keep = std::env::var("KEEP").ok();
    let reuse = keep.is_some() && std::env::var("REUSE").is_ok_and(|v| v == "1");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!("district benchmark ({build} server), {members} members, {reqs} requests per read");
    let mut prepared = Vec::new();
    for postings in sizes {
        let dir = tempfile::tempdir().unwrap();
        let path = match &keep {
            Some(k) => Path::new(k).join(format!("district-{postings}.db")),
            None => dir.path().join("district.db"),
        };
        let started = Instant::now();
        let ready = reuse && path.exists();
        let district = if ready {
            kept(&path)
        } else {
            let _ = std::fs::remove_file(&path);
            generate(&path, postings, members)
        };
        let size = std::fs::metadata(&path).unwrap().len()
            + std::fs::metadata(path.with_extension("db-wal")).map_or(0, |m| m.len());
        println!(
            "{postings} postings: {} in {:.1} s, database {:.1} MiB",
            if ready { "ready" } else { "generated" },
            started.elapsed().as_secs_f64(),
            size as f64 / 1_048_576.0
        );
        prepared.push(Prepared {
            postings,
            member: sign_in(&path, district.member),
            admin: sign_in(&path, district.admin),
            path,
            district,
            _dir: dir,
        });
    }
    rt.block_on(async {
        let mut servers = Vec::new();
        for (i, p) in prepared.iter().enumerate() {
            servers.push(start_server(&p.path, port + i as u16).await);
        }
        let base = |i: usize| format!("http://127.0.0.1:{}/api/v1", port + i as u16);
        let client = reqwest::Client::new();
        let reads: [(&str, Target); 5] = [
            ("balance", |b, p| (format!("{b}/me/points"), Some(p.member.clone()))),
            ("history page", |b, p| (format!("{b}/me/points/history"), Some(p.member.clone()))),
            ("catalogue", |b, _| (format!("{b}/shop/items"), None)),
            ("statistics page", |b, p| {
                let root = p.district.root;
                let url = format!("{b}/stats/nodes/{root}?from=2024-01&to=2025-12");
                (url, Some(p.admin.clone()))
            }),
            ("open books", |b, _| (format!("{b}/open-books"), None)),
        ];
        let sizes: Vec<String> = prepared.iter().map(|p| p.postings.to_string()).collect();
        println!("  p50 / p99 in ms, interleaved, at {} postings", sizes.join(" / "));
        for (name, target) in reads {
            let targets: Vec<_> = prepared
                .iter()
                .enumerate()
                .map(|(i, p)| target(&base(i), p))
                .collect();
            let times = time_interleaved(&client, &targets, reqs).await;
            let cells: Vec<String> =
                times.iter().map(|(p50, p99)| format!("p50 {p50:7.2}  p99 {p99:7.2}")).collect();
            let ratio = times.last().unwrap().0 / times[0].0;
            println!("  {name:<16} {}   ratio of p50 {ratio:.2}", cells.join("   |   "));
        }
        // Exports of every hour record and every transfer, read as they stream, the
        // server's memory sampled.
        for (i, (p, server)) in prepared.iter().zip(&servers).enumerate() {
            let pid = server.0.id();
            for kind in ["hours", "transfers"] {
                let before = proc_kib(pid, "VmRSS:");
                let url = format!("{}/exports/{kind}?node_id={}", base(i), p.district.root);
                let started = Instant::now();
                let mut resp = client.get(&url).header("cookie", &p.admin).send().await.unwrap();
                assert_eq!(resp.status(), 200);
                let (mut bytes, mut lines, mut peak, mut samples) = (0usize, 0usize, before, 0u32);
                while let Some(chunk) = resp.chunk().await.unwrap() {
                    bytes += chunk.len();
                    lines += chunk.iter().filter(|b| **b == b'\n').count();
                    samples += 1;
                    if samples % 20 == 0 {
                        peak = peak.max(proc_kib(pid, "VmRSS:"));
                    }
                }
                peak = peak.max(proc_kib(pid, "VmRSS:"));
                println!(
                    "  {} postings, export of {} rows ({kind}): {:.1} MiB in {:.1} s; server RSS {before} KiB before, peak {peak} KiB while streaming (VmHWM {} KiB)",
                    p.postings,
                    lines - 1,
                    bytes as f64 / 1_048_576.0,
                    started.elapsed().as_secs_f64(),
                    proc_kib(pid, "VmHWM:")
                );
            }
        }
        drop(servers);
    });
}
