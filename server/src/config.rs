//! One typed configuration, read from flags or the `LINLI_*` environment.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// The command line: serve (no subcommand), or a maintenance task on the database.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "linli-server",
    about = "Linli 邻里: community volunteer points",
    long_about = "Linli 邻里: community volunteer points.\n\n\
        Without a subcommand the server runs. `backup` and `restore` work on LINLI_DB \
        (see the README's Backup and restore section)."
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Copy the database to PATH while the server keeps running (a consistent snapshot).
    Backup {
        /// Where to write the copy; it appears only once complete.
        path: PathBuf,
    },
    /// Replace the database with a backup, after checking it. Stop the server first.
    Restore {
        /// The backup file to restore.
        backup: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Seed {
    /// Seed the demo community when the database is empty.
    Demo,
    /// Start with an empty database.
    None,
}

#[derive(Debug, Clone, Parser)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "LINLI_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: String,
    /// SQLite database file; created and migrated on first start.
    #[arg(long, env = "LINLI_DB", default_value = "data/linli.db", global = true)]
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
    /// Directory for a daily backup of the database; no backups when unset.
    #[arg(long, env = "LINLI_BACKUP_DIR")]
    pub backup_dir: Option<PathBuf>,
    /// How many of the newest daily backups to keep.
    #[arg(long, env = "LINLI_BACKUP_KEEP", default_value_t = 7,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub backup_keep: u32,
    /// Bearer token that opens GET /metrics; /metrics answers 404 when unset.
    #[arg(long, env = "LINLI_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// Seconds an alarm waits for an "I'm going" before each step up its ladder.
    #[arg(long, env = "LINLI_ALARM_ESCALATE_SECS", default_value_t = 120,
          value_parser = clap::value_parser!(u32).range(5..))]
    pub alarm_escalate_secs: u32,
    /// Outside responders shown to the dispatcher at the top of the ladder, as
    /// comma-separated `name=phone` (e.g. `四新派出所=027-84640110`).
    #[arg(long, env = "LINLI_ALARM_RESPONDERS", value_delimiter = ',')]
    pub alarm_responders: Vec<String>,
    /// Seconds a help request waits for enough "I can come" from its grid's volunteers
    /// with the skill before it goes to the whole community.
    #[arg(long, env = "LINLI_HELP_WIDEN_SECS", default_value_t = 600,
          value_parser = clap::value_parser!(u32).range(5..))]
    pub help_widen_secs: u32,
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
            backup_dir: None,
            backup_keep: 7,
            metrics_token: None,
            alarm_escalate_secs: 120,
            alarm_responders: vec!["四新派出所=027-84640110".into()],
            help_widen_secs: 600,
        }
    }
}
