//! `GET /stats/nodes/{id}` (reviewers and admins within their scope) and
//! `GET /open-books` (anyone, no sign-in).

use axum::extract::State;
use linli_app::api::stats::{NodeStats, OpenBooks, RangeQuery};
use linli_app::api::ErrorBody;
use linli_app::stats;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::CurrentUser;
use crate::error::{AppJson, AppPath, AppQuery, AppResult};
use crate::ledger::calendar;
use crate::store::now;
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(node_statistics))
        .routes(routes!(open_books))
}

/// A node's figures over a range of local months (default: the twelve ending this
/// month), month by month, with each child's totals: organisations, teams, registered
/// and active volunteers, projects, sessions, service orders taken and completed, people
/// served, approved service and training minutes, points issued, spent, donated, offset
/// and expired, shop redemptions and ratings. Organisation nodes: reviewers and admins
/// whose grant reaches the node; territory nodes: global admins.
#[utoipa::path(get, path = "/stats/nodes/{id}", tag = "stats",
    params(("id" = i64, Path, description = "Node id"), RangeQuery),
    responses(
        (status = 200, description = "The node's statistics", body = NodeStats),
        (status = 400, description = "Malformed query", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The node is outside this person's scope", body = ErrorBody),
        (status = 404, description = "No such node", body = ErrorBody),
        (status = 422, description = "A month is malformed or the range is empty or longer than ten years", body = ErrorBody)))]
async fn node_statistics(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppQuery(q): AppQuery<RangeQuery>,
) -> AppResult<AppJson<NodeStats>> {
    let (from, to) = stats::month_range(
        q.from.as_deref(),
        q.to.as_deref(),
        &calendar::month_key(now()),
    )?;
    let s = state
        .db
        .read(move |c| super::node_stats(c, &user, id, &from, &to))
        .await?;
    Ok(AppJson(s))
}

/// The public books (公开账本), no sign-in: points issued and where they went, month by
/// month; the conservation check (what members and families hold by the flows against
/// the sum of their balances); the honour roll of donating units and merchants and the
/// stock donated. Nothing identifies a resident.
#[utoipa::path(get, path = "/open-books", tag = "stats",
    responses((status = 200, description = "The open books", body = OpenBooks)))]
async fn open_books(State(state): State<AppState>) -> AppResult<AppJson<OpenBooks>> {
    let books = state.db.read(super::books::open_books).await?;
    Ok(AppJson(books))
}
