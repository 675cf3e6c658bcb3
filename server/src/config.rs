//! One typed configuration, read from flags or the `LINLI_*` environment.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Parser, ValueEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Seed {
    /// Seed the demo community when the database is empty.
    Demo,
    /// Start with an empty database.
    None,
}

#[derive(Debug, Clone, Parser)]
#[command(
    name = "linli-server",
    about = "Linli 邻里: community volunteer points"
)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "LINLI_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: String,
    /// SQLite database file; created and migrated on first start.
    #[arg(long, env = "LINLI_DB", default_value = "data/linli.db")]
    pub db: PathBuf,
    /// Demo data to seed into an empty database.
    #[arg(long, env = "LINLI_SEED", value_enum, default_value = "demo")]
    pub seed: Seed,
    /// Built static site (index.html, pkg/, style, icons).
    #[arg(long, env = "LINLI_SITE", default_value = "target/site")]
    pub site: PathBuf,
    /// Log filter, e.g. `info` or `linli_server=debug`.
    #[arg(long, env = "LINLI_LOG", default_value = "info")]
    pub log: String,
    /// Failed sign-ins allowed from one address per 5 minutes.
    #[arg(long, env = "LINLI_LOGIN_FAILURES_PER_IP", default_value_t = 30)]
    pub login_failures_per_ip: usize,
    /// Registrations allowed from one address per hour.
    #[arg(long, env = "LINLI_REGISTRATIONS_PER_IP", default_value_t = 60)]
    pub registrations_per_ip: usize,
    /// Reverse proxies in front of the server (comma-separated addresses). Only for
    /// connections from these is `X-Forwarded-For` believed, to find the client's address
    /// for the per-address limits; otherwise the header is ignored (anyone can send it).
    #[arg(long, env = "LINLI_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<IpAddr>,
}

impl Config {
    /// A configuration for tests: any free port, the given database, no demo data.
    pub fn for_tests(db: PathBuf) -> Config {
        Config {
            addr: "127.0.0.1:0".into(),
            db,
            seed: Seed::None,
            site: PathBuf::from("target/site"),
            log: "warn".into(),
            login_failures_per_ip: 30,
            registrations_per_ip: 60,
            trusted_proxies: Vec::new(),
        }
    }
}
