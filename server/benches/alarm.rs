//! One-key alarm benchmark: the release server in its own process with N open
//! notification streams (the community's dispatcher and N-1 patrol volunteers on duty,
//! spread over G grids), then P presses of the red button one after another, each in the
//! next grid. Reports p50/p99/max from sending a press to its alarm arriving on each
//! stream it reaches (the desk and that grid's volunteers), and any not delivered.
//!
//! `bench/alarm.sh` (raises `ulimit -n`); or `cargo bench -p linli-server --bench alarm`
//! with CONNS (default 1000), GRIDS (default 10), PRESSES (default 20) and
//! LINLI_BENCH_PORT (default 3919). Only 127.0.0.1 is used; every wait is bounded.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use linli_app::api::alarms::ShiftKind;
use linli_app::api::{NodeKind, Tree};
use linli_app::roles::Role;
use linli_server::auth::session;
use linli_server::store::{self, now, Db};
use tokio::sync::Barrier;

mod live;
use live::{cookie, env_or, live_gauge, rss_kib, start_server, TOKEN};

struct Fixtures {
    /// Stream tokens with the grid each listens for (None: the dispatcher, all grids).
    listeners: Vec<(String, Option<usize>)>,
    presser: String,
    grids: Vec<i64>,
}

/// A community with `g` grids, each with a 24-hour gate shift covering now; a dispatcher;
/// `n - 1` patrol volunteers on those shifts, round robin; one resident who presses.
async fn fixtures(db: &Db, n: usize, g: usize) -> Fixtures {
    db.write(move |tx| {
        let t = now();
        let area = |parent, kind, name: &str| {
            store::org::insert(tx, Tree::Territory, parent, kind, name, t)
        };
        let district = area(None, NodeKind::District, "汉阳区")?;
        let street = area(Some(&district), NodeKind::Street, "四新街道")?;
        let community = area(Some(&street), NodeKind::Community, "梅林社区")?;
        let session_for = |user: i64| -> linli_server::error::AppResult<String> {
            let token = session::new_token();
            store::sessions::insert(tx, &session::hash(&token), user, t, t + 86_400)?;
            Ok(token)
        };
        let mut grids = Vec::new();
        let mut shifts = Vec::new();
        for i in 0..g {
            let grid = area(Some(&community), NodeKind::Grid, &format!("网格{i}"))?;
            let shift = store::alarms::ensure_shift(
                tx,
                grid.id,
                ShiftKind::Gate,
                t - 3600,
                t + 86_400,
                n as i64,
            )?;
            grids.push(grid.id);
            shifts.push(shift);
        }
        let desk = store::accounts::insert_user(tx, "调度员", "13700000000", "-", t)?;
        store::accounts::insert_grant(tx, desk, Role::Dispatcher, community.id, None, t)?;
        let mut listeners = vec![(session_for(desk)?, None)];
        for i in 1..n {
            let user = store::accounts::insert_user(tx, "志愿者", &format!("139{i:08}"), "-", t)?;
            let grid = i % g;
            store::accounts::insert_grant(tx, user, Role::Patrol, grids[grid], None, t)?;
            store::alarms::sign_up(tx, shifts[grid], user, user, t)?;
            listeners.push((session_for(user)?, Some(grid)));
        }
        let resident = store::accounts::insert_user(tx, "居民", "13600000000", "-", t)?;
        Ok(Fixtures {
            listeners,
            presser: session_for(resident)?,
            grids,
        })
    })
    .await
    .expect("fixtures")
}

/// Opens a stream, says so at the barrier, then collects (alarm id, arrival) of the
/// alarm notices until it has `expect` of them or the time is up.
async fn listen(
    client: reqwest::Client,
    url: String,
    token: String,
    expect: usize,
    opened: Arc<Barrier>,
) -> Vec<(i64, Instant)> {
    let mut resp = client
        .get(url)
        .header("cookie", cookie(&token))
        .send()
        .await
        .ok()
        .filter(|r| r.status() == 200);
    opened.wait().await;
    let mut got = Vec::new();
    let Some(resp) = resp.as_mut() else {
        return got;
    };
    let mut text = String::new();
    let until = tokio::time::Instant::now() + Duration::from_secs(120);
    while got.len() < expect {
        let Ok(Ok(Some(chunk))) = tokio::time::timeout_at(until, resp.chunk()).await else {
            break;
        };
        let at = Instant::now();
        text.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = text.find("\n\n") {
            let block: String = text.drain(..end + 2).collect();
            let Some(data) = block.lines().find_map(|l| l.strip_prefix("data:")) else {
                continue;
            };
            let v: serde_json::Value = serde_json::from_str(data.trim()).unwrap_or_default();
            if v["kind"] == "alarm" {
                got.push((v["params"]["alarm"].as_i64().unwrap_or(0), at));
            }
        }
    }
    got
}

fn main() {
    let conns: usize = env_or("CONNS", 1000);
    let grids: usize = env_or("GRIDS", 10);
    let presses: usize = env_or("PRESSES", 20);
    let port: u16 = env_or("LINLI_BENCH_PORT", 3919);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async move {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("linli.db");
        let f = {
            let db = Db::open(&path).unwrap();
            fixtures(&db, conns, grids).await
        };
        // No escalation during the run: only the presses' own notices are timed.
        let server = start_server(&path, port, &[("LINLI_ALARM_ESCALATE_SECS", "86400")]).await;
        let base = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(usize::MAX)
            .build()
            .unwrap();

        let pid = server.0.id();
        let before = rss_kib(pid);
        let per_grid = |grid: usize| (0..presses).filter(|p| p % grids == grid).count();
        let opened = Arc::new(Barrier::new(f.listeners.len() + 1));
        let stream_url = format!("{base}/api/v1/notifications/stream");
        let listeners: Vec<_> = f
            .listeners
            .iter()
            .map(|(token, grid)| {
                let expect = grid.map_or(presses, per_grid);
                tokio::spawn(listen(
                    client.clone(),
                    stream_url.clone(),
                    token.clone(),
                    expect,
                    opened.clone(),
                ))
            })
            .collect();
        opened.wait().await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let live = live_gauge(
            &client
                .get(format!("{base}/metrics"))
                .bearer_auth(TOKEN)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap(),
        );
        let build = if cfg!(debug_assertions) { "debug" } else { "release" };
        println!("== one-key alarm: {conns} open notification streams ({build} server, 127.0.0.1)");
        println!("linli_live_connections = {live:?}; {grids} grids, {presses} presses");
        println!(
            "server VmRSS {before} KiB -> {} KiB with the streams open",
            rss_kib(pid)
        );

        // Presses one after another, each remembered by the id the server gave it.
        let sent: Arc<Mutex<HashMap<i64, Instant>>> = Arc::default();
        let mut failed = 0;
        for p in 0..presses {
            let body = serde_json::json!({"grid_id": f.grids[p % grids], "text": format!("第{p}次")});
            let at = Instant::now();
            let r = client
                .post(format!("{base}/api/v1/alarms"))
                .header("cookie", cookie(&f.presser))
                .json(&body)
                .send()
                .await;
            match r {
                Ok(r) if r.status() == 201 => {
                    let id = r.json::<serde_json::Value>().await.unwrap()["id"]
                        .as_i64()
                        .unwrap();
                    sent.lock().unwrap().insert(id, at);
                }
                _ => failed += 1,
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let expected: usize = f
            .listeners
            .iter()
            .map(|(_, g)| g.map_or(presses, per_grid))
            .sum();
        let mut lat = Vec::with_capacity(expected);
        for l in listeners {
            for (alarm, at) in l.await.unwrap() {
                if let Some(sent) = sent.lock().unwrap().get(&alarm) {
                    lat.push(at.saturating_duration_since(*sent));
                }
            }
        }
        lat.sort();
        let lost = expected - lat.len();
        println!("{presses} presses, {failed} failed; {expected} deliveries expected");
        if lat.is_empty() {
            println!("no alarm arrived");
            return;
        }
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let pct = |p: f64| lat[((lat.len() as f64 * p) as usize).min(lat.len() - 1)];
        println!(
            "press -> alarm on the stream: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; {lost} not delivered",
            ms(pct(0.50)),
            ms(pct(0.99)),
            ms(*lat.last().unwrap())
        );
        drop(server);
    });
}
