//! Linli server binary: read the config, start the app, serve until stopped.

use clap::Parser;
use linli_server::{config::Config, Application};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let config = Config::parse();
    linli_server::telemetry::init(&config.log);
    let app = Application::build(config).await?;
    app.run_until_stopped().await?;
    Ok(())
}
