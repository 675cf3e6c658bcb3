//! Linli server binary: read the command line, then serve until stopped, or back up or
//! restore the database.

use clap::Parser;
use linli_server::config::{Cli, Command};
use linli_server::{backup, Application};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let Cli { config, command } = Cli::parse();
    match command {
        None => {
            linli_server::telemetry::init(&config.log);
            let app = Application::build(config).await?;
            app.run_until_stopped().await?;
        }
        Some(Command::Backup { path }) => {
            backup::backup(&config.db, &path)?;
            println!("backed up {} to {}", config.db.display(), path.display());
        }
        Some(Command::Restore { backup: from }) => {
            backup::restore(&from, &config.db)?;
            println!("restored {} from {}", config.db.display(), from.display());
        }
    }
    Ok(())
}
