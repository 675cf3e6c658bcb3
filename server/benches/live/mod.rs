//! What the live benchmarks (`sse`, `alarm`) share: the release server in its own
//! process on 127.0.0.1, its resident memory, session cookies, and the `/metrics` gauge
//! of open streams.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use linli_server::auth::session;

pub const TOKEN: &str = "bench-metrics-token";

pub fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .expect("the server's /proc status")
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The release server over `db` on `port`, with `extra` environment, once it answers.
pub async fn start_server(db: &Path, port: u16, extra: &[(&str, &str)]) -> Server {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_linli-server"));
    cmd.env("LINLI_DB", db)
        .env("LINLI_ADDR", format!("127.0.0.1:{port}"))
        .env("LINLI_SEED", "none")
        .env("LINLI_LOG", "error")
        .env("LINLI_METRICS_TOKEN", TOKEN)
        .stdout(Stdio::null());
    for (k, v) in extra {
        cmd.env(k, v);
    }
    let server = Server(cmd.spawn().expect("the release server starts"));
    let health = format!("http://127.0.0.1:{port}/api/v1/health");
    for _ in 0..100 {
        if reqwest::get(&health).await.is_ok_and(|r| r.status() == 200) {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not answer on port {port}");
}

pub fn cookie(token: &str) -> String {
    format!("{}={token}", session::COOKIE)
}

pub fn live_gauge(metrics: &str) -> Option<i64> {
    metrics
        .lines()
        .find_map(|l| l.strip_prefix("linli_live_connections "))
        .and_then(|v| v.trim().parse().ok())
}
