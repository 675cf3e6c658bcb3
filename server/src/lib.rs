//! Linli server: builds the axum app over the SQLite store. `main.rs` only calls this,
//! so tests start the very same app on port 0 with a fresh database.

pub mod accounts;
pub mod alarms;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod bank;
pub mod cards;
pub mod clock;
pub mod config;
pub mod dashboard;
pub mod error;
pub mod first_screen;
pub mod health;
pub mod html;
pub mod ledger;
pub mod metrics;
pub mod notifications;
pub mod openapi;
pub mod orders;
pub mod org;
pub mod projects;
pub mod ratings;
pub mod security;
pub mod seed;
pub mod shop;
pub mod site;
pub mod stats;
pub mod store;
pub mod telemetry;
pub mod trainings;

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
    pub metrics: Arc<metrics::Metrics>,
    /// Wakes open notification streams once their notices are committed.
    pub notices: notifications::live::Live,
    /// Signs certificates; kept beside the database.
    pub certificate_key: Arc<projects::signing::CertificateKey>,
    /// The time alarms and their escalation deadlines run on (tests hold a manual one).
    pub clock: clock::Clock,
    pub ladder: Arc<alarms::Ladder>,
    /// The shop's catalogue as browsed: a snapshot rebuilt after changes to goods.
    pub catalogue: shop::Catalogue,
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    demo_accounts: Vec<seed::DemoAccount>,
    db: Db,
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
        .merge(trainings::http::router())
        .merge(stats::router())
        .merge(alarms::http::router())
}

impl Application {
    /// Opens and migrates the database, seeds it if asked and empty, binds the port.
    pub async fn build(
        config: Config,
    ) -> Result<Application, Box<dyn std::error::Error + Send + Sync>> {
        Application::build_with_clock(config, clock::Clock::system()).await
    }

    /// Like `build`, with the clock alarms escalate by (a test's manual one).
    pub async fn build_with_clock(
        config: Config,
        clock: clock::Clock,
    ) -> Result<Application, Box<dyn std::error::Error + Send + Sync>> {
        let db = Db::open(&config.db)?;
        let certificate_key = Arc::new(projects::signing::CertificateKey::load_or_create(
            &config.db,
        )?);
        projects::record::sign_earlier_at_start(&db, certificate_key.clone()).await?;
        let demo_accounts = match config.seed {
            Seed::Demo => seed::demo_if_empty(&db, &shop::photos::uploads_dir(&config.db)).await?,
            Seed::None => Vec::new(),
        };
        ledger::expiry::spawn(db.clone(), std::time::Duration::from_secs(3600));
        shop::reservations::spawn(db.clone());
        if let Some(dir) = &config.backup_dir {
            backup::spawn(config.db.clone(), dir.clone(), config.backup_keep as usize);
        }
        let listener = TcpListener::bind(&config.addr).await?;
        let notices = notifications::live::Live::spawn(db.clone());
        let ladder = alarms::Ladder::from_config(&config);
        alarms::escalate::spawn(db.clone(), clock.clone(), ladder.clone(), notices.clone());
        let state = AppState {
            db: db.clone(),
            auth: auth::AuthState::new(&config),
            config: Arc::new(config),
            metrics: Arc::default(),
            notices,
            certificate_key,
            clock,
            ladder: Arc::new(ladder),
            catalogue: shop::Catalogue::default(),
        };
        let router = router(state);
        Ok(Application {
            listener,
            router,
            demo_accounts,
            db,
        })
    }

    /// The address actually bound (port 0 becomes a real port).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("bound listener has an address")
    }

    /// The server's own database handle (its writer), e.g. for tests that must act on
    /// the very connection the server writes through.
    pub fn db(&self) -> Db {
        self.db.clone()
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
        .route("/metrics", axum::routing::get(metrics::serve))
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(security::refuse_cross_site_writes))
        .layer(middleware::from_fn(error::localize));
    let site = site::service(&state.config.site).with_state(state.clone());
    let counted = middleware::from_fn_with_state(state.metrics.clone(), metrics::track);
    api.with_state(state)
        .fallback_service(site)
        .layer(middleware::from_fn(security::headers))
        .layer(counted)
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
