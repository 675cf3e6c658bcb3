//! Linli server: builds the axum app over the SQLite store. `main.rs` only calls this,
//! so tests start the very same app on port 0 with a fresh database.

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod bank;
pub mod cards;
pub mod config;
pub mod dashboard;
pub mod error;
pub mod health;
pub mod ledger;
pub mod notifications;
pub mod openapi;
pub mod orders;
pub mod org;
pub mod projects;
pub mod ratings;
pub mod seed;
pub mod shop;
pub mod site;
pub mod store;
pub mod telemetry;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::{extract::DefaultBodyLimit, middleware, Router};
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;
use utoipa_axum::router::OpenApiRouter;

use crate::config::{Config, Seed};
use crate::store::Db;

/// Largest request body accepted by JSON endpoints.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub auth: auth::AuthState,
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    demo_accounts: Vec<seed::DemoAccount>,
}

/// The whole JSON API, each business module contributing its own routes.
fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(health::router())
        .merge(accounts::router())
        .merge(org::router())
        .merge(ledger::http::router())
        .merge(cards::http::router())
        .merge(bank::http::router())
        .merge(shop::http::router())
        .merge(projects::http::router())
        .merge(dashboard::router())
        .merge(orders::http::router())
        .merge(ratings::http::router())
        .merge(notifications::http::router())
}

impl Application {
    /// Opens and migrates the database, seeds it if asked and empty, binds the port.
    pub async fn build(
        config: Config,
    ) -> Result<Application, Box<dyn std::error::Error + Send + Sync>> {
        let db = Db::open(&config.db)?;
        let demo_accounts = match config.seed {
            Seed::Demo => seed::demo_if_empty(&db).await?,
            Seed::None => Vec::new(),
        };
        ledger::expiry::spawn(db.clone(), std::time::Duration::from_secs(3600));
        shop::reservations::spawn(db.clone());
        let listener = TcpListener::bind(&config.addr).await?;
        let state = AppState {
            db,
            auth: auth::AuthState::new(&config),
            config: Arc::new(config),
        };
        let router = router(state);
        Ok(Application {
            listener,
            router,
            demo_accounts,
        })
    }

    /// The address actually bound (port 0 becomes a real port).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("bound listener has an address")
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let addr = self.local_addr();
        tracing::info!("listening on http://{addr}");
        println!("Linli is listening on http://{addr}");
        if !self.demo_accounts.is_empty() {
            println!("{}", seed::accounts_table(&self.demo_accounts));
        }
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal())
        .await
    }
}

/// Assembles the API (with its OpenAPI document and docs page) and the static site.
pub fn router(state: AppState) -> Router {
    let (api, doc) = OpenApiRouter::with_openapi(openapi::ApiDoc::doc())
        .nest("/api/v1", api_routes())
        .split_for_parts();
    let api = api
        .merge(openapi::router(doc))
        .route("/api", axum::routing::any(error::api_not_found))
        .route("/api/{*rest}", axum::routing::any(error::api_not_found))
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(error::localize));
    let site = site::service(&state.config.site);
    api.with_state(state)
        .fallback_service(site)
        .layer(TraceLayer::new_for_http())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
