//! Live notifications benchmark: the release server in its own process, N people each
//! with one open `GET /notifications/stream`, then a reviewer approves one order of each
//! (an HTTP call whose notice goes to that person). Reports the server's resident memory
//! per open stream (VmRSS before and after opening them, divided) and p50/p99/max time
//! from sending the approval to the notice arriving on the person's stream.
//!
//! `bench/sse.sh` (raises `ulimit -n`); or `cargo bench -p linli-server --bench sse` with
//! CONNS (default 1000) and LINLI_BENCH_PORT (default 3918). Only 127.0.0.1 is used; every
//! wait is bounded.

use std::sync::Arc;
use std::time::{Duration, Instant};

use linli_app::api::projects::ProjectCategory;
use linli_app::api::{NodeKind, Tree};
use linli_app::roles::Role;
use linli_server::auth::session;
use linli_server::store::orders::{NewOrder, ServiceFields};
use linli_server::store::{self, now, Db};
use tokio::sync::Barrier;

mod live;
use live::{cookie, env_or, live_gauge, rss_kib, start_server, TOKEN};

/// Approvals in flight at once (the reviewer's calls).
const SENDERS: usize = 8;

/// A team serving a grid, a reviewer over it, and `n` people each with a session and a
/// submitted order. Returns (reviewer's token, [(token, order id)]).
async fn fixtures(db: &Db, n: usize) -> (String, Vec<(String, i64)>) {
    db.write(move |tx| {
        let t = now();
        let org = |parent, kind, name| store::org::insert(tx, Tree::Org, parent, kind, name, t);
        let root = org(None, NodeKind::Society, "协会")?;
        let branch = org(Some(&root), NodeKind::Branch, "分会")?;
        let team = org(Some(&branch), NodeKind::Team, "甲队")?;
        let area =
            |parent, kind, name| store::org::insert(tx, Tree::Territory, parent, kind, name, t);
        let district = area(None, NodeKind::District, "汉阳区")?;
        let street = area(Some(&district), NodeKind::Street, "四新街道")?;
        let community = area(Some(&street), NodeKind::Community, "梅林社区")?;
        let grid = area(Some(&community), NodeKind::Grid, "网格一")?;
        let session_for = |user: i64| -> linli_server::error::AppResult<String> {
            let token = session::new_token();
            store::sessions::insert(tx, &session::hash(&token), user, t, t + 86_400)?;
            Ok(token)
        };
        let reviewer = store::accounts::insert_user(tx, "审核员", "13700000000", "-", t)?;
        store::accounts::insert_grant(tx, reviewer, Role::Reviewer, branch.id, None, t)?;
        let service = store::orders::insert_service(
            tx,
            &ServiceFields {
                team_id: team.id,
                category: ProjectCategory::Health,
                title: "免费义诊",
                description: "社区医生上门",
                prepare: "",
                serves_id: community.id,
                active: true,
            },
            reviewer,
            t,
        )?;
        let mut people = Vec::with_capacity(n);
        for i in 0..n {
            let phone = format!("139{i:08}");
            let user = store::accounts::insert_user(tx, "居民", &phone, "-", t)?;
            let order = store::orders::insert_order(
                tx,
                &NewOrder {
                    service_id: service,
                    served_id: Some(user),
                    served_name: "居民",
                    placed_by: user,
                    territory_id: grid.id,
                    address: "梅林一街 3 栋",
                    preferred_time: "",
                    phone: &phone,
                    need: "量血压",
                },
                t,
            )?;
            people.push((session_for(user)?, order));
        }
        Ok((session_for(reviewer)?, people))
    })
    .await
    .expect("fixtures")
}

/// Opens a stream, says so at the barrier, then waits (bounded) for its first notice.
async fn listen(
    client: reqwest::Client,
    url: String,
    token: String,
    opened: Arc<Barrier>,
) -> Option<Instant> {
    let mut resp = client
        .get(url)
        .header("cookie", cookie(&token))
        .send()
        .await
        .ok()
        .filter(|r| r.status() == 200);
    opened.wait().await;
    let resp = resp.as_mut()?;
    let mut text = String::new();
    let until = tokio::time::Instant::now() + Duration::from_secs(120);
    while !text.contains("\nid:") && !text.starts_with("id:") {
        let chunk = tokio::time::timeout_at(until, resp.chunk())
            .await
            .ok()?
            .ok()??;
        text.push_str(&String::from_utf8_lossy(&chunk));
    }
    Some(Instant::now())
}

fn main() {
    let conns: usize = env_or("CONNS", 1000);
    let port: u16 = env_or("LINLI_BENCH_PORT", 3918);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async move {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("linli.db");
        let (reviewer, people) = {
            let db = Db::open(&path).unwrap();
            fixtures(&db, conns).await
        };
        let server = start_server(&path, port, &[]).await;
        let pid = server.0.id();
        let base = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(usize::MAX)
            .build()
            .unwrap();
        let metrics = || {
            client
                .get(format!("{base}/metrics"))
                .bearer_auth(TOKEN)
                .send()
        };
        // Warm the server's pools (readers, allocator) before the first reading.
        metrics().await.unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        let before = rss_kib(pid);

        let opened = Arc::new(Barrier::new(conns + 1));
        let stream_url = format!("{base}/api/v1/notifications/stream");
        let listeners: Vec<_> = people
            .iter()
            .map(|(token, _)| {
                tokio::spawn(listen(
                    client.clone(),
                    stream_url.clone(),
                    token.clone(),
                    opened.clone(),
                ))
            })
            .collect();
        let t_open = Instant::now();
        opened.wait().await;
        let open_secs = t_open.elapsed().as_secs_f64();
        tokio::time::sleep(Duration::from_millis(500)).await;
        let after = rss_kib(pid);
        let live = live_gauge(&metrics().await.unwrap().text().await.unwrap());
        let build = if cfg!(debug_assertions) { "debug" } else { "release" };
        println!("== {conns} open notification streams ({build} server, 127.0.0.1)");
        println!("opened in {open_secs:.2} s; linli_live_connections = {live:?}");
        println!(
            "server VmRSS {before} KiB -> {after} KiB: {:.1} KiB per open stream",
            (after.saturating_sub(before)) as f64 / conns as f64
        );

        // One approval per person, SENDERS at a time; each notes when it was sent.
        let sent: Arc<Vec<std::sync::Mutex<Option<Instant>>>> =
            Arc::new((0..conns).map(|_| std::sync::Mutex::new(None)).collect());
        let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let orders: Arc<Vec<i64>> = Arc::new(people.iter().map(|(_, o)| *o).collect());
        let t_send = Instant::now();
        let mut senders = Vec::new();
        for _ in 0..SENDERS {
            let (client, base, reviewer) = (client.clone(), base.clone(), reviewer.clone());
            let (sent, next, orders) = (sent.clone(), next.clone(), orders.clone());
            senders.push(tokio::spawn(async move {
                let mut failed = 0;
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(order) = orders.get(i) else {
                        return failed;
                    };
                    *sent[i].lock().unwrap() = Some(Instant::now());
                    let ok = client
                        .post(format!("{base}/api/v1/orders/{order}/approve"))
                        .header("cookie", cookie(&reviewer))
                        .json(&serde_json::json!({}))
                        .send()
                        .await
                        .is_ok_and(|r| r.status() == 200);
                    failed += usize::from(!ok);
                }
            }));
        }
        let mut failed = 0;
        for s in senders {
            failed += s.await.unwrap();
        }
        let send_secs = t_send.elapsed().as_secs_f64();
        let mut lat = Vec::with_capacity(conns);
        let mut lost = 0;
        for (i, l) in listeners.into_iter().enumerate() {
            match (l.await.unwrap(), *sent[i].lock().unwrap()) {
                (Some(got), Some(at)) => lat.push(got.saturating_duration_since(at)),
                _ => lost += 1,
            }
        }
        lat.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let pct = |p: f64| lat[((lat.len() as f64 * p) as usize).min(lat.len() - 1)];
        println!(
            "{conns} approvals ({SENDERS} at a time) in {send_secs:.2} s ({:.0}/s), {failed} failed",
            conns as f64 / send_secs
        );
        if lat.is_empty() {
            println!("no notice arrived; {lost} streams without one");
            return;
        }
        println!(
            "status change -> notice on the stream: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; {lost} not delivered",
            ms(pct(0.50)),
            ms(pct(0.99)),
            ms(*lat.last().unwrap())
        );
        drop(server);
    });
}
