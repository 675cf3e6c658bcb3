//! Liveness: the server answers and the database reads.

use axum::extract::State;
use linli_app::api::Health;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::error::{AppJson, AppResult};
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health))
}

/// Is the server up and its database readable?
#[utoipa::path(get, path = "/health", tag = "system",
    responses((status = 200, description = "Up", body = Health)))]
async fn health(State(state): State<AppState>) -> AppResult<AppJson<Health>> {
    state
        .db
        .read(|c| Ok(c.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))?))
        .await?;
    Ok(AppJson(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }))
}
