//! `GET /stats/nodes/{id}` (reviewers and admins within their scope) and
//! `GET /open-books` (anyone, no sign-in).

use axum::extract::State;
use axum::response::Response;
use linli_app::api::stats::{ExportKind, ExportQuery, NodeStats, OpenBooks, RangeQuery};
use linli_app::api::ErrorBody;
use linli_app::roles::Role;
use linli_app::stats;
use serde_json::json;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::CurrentUser;
use crate::error::{AppJson, AppPath, AppQuery, AppResult};
use crate::ledger::calendar;
use crate::org::tree;
use crate::store::exports::Filter;
use crate::store::{now, org as store_org};
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(node_statistics))
        .routes(routes!(open_books))
        .routes(routes!(export))
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

/// A CSV export (UTF-8 with a byte-order mark, header in the requester's language) of
/// members, hour records, ledger transfers, service orders, ratings or stock events,
/// filtered by a node's subtree (transfers: of members whose first team is there;
/// transfers at a root and stock events: all) and local days. Streamed page by page.
/// Admins whose grant reaches the node (territory nodes: global admins). Each export is
/// written to the audit log before its first row is sent.
#[utoipa::path(get, path = "/exports/{kind}", tag = "stats",
    params(("kind" = inline(ExportKind), Path, description = "What to export"), ExportQuery),
    responses(
        (status = 200, description = "The CSV", content_type = "text/csv", body = String),
        (status = 400, description = "Malformed query or unknown kind", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin of this node", body = ErrorBody),
        (status = 404, description = "No such node", body = ErrorBody),
        (status = 422, description = "A day is malformed or the range is empty", body = ErrorBody)))]
async fn export(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(kind): AppPath<ExportKind>,
    AppQuery(q): AppQuery<ExportQuery>,
) -> AppResult<Response> {
    let (from, until) = super::export::day_range(q.from.as_deref(), q.to.as_deref(), now())?;
    let lang = user.lang;
    let node = state
        .db
        .write(move |tx| {
            let node = store_org::existing_node(tx, q.node_id)?;
            super::require_scope(&user, Role::Admin, &node)?;
            crate::audit::record(
                tx,
                user.id,
                &format!("export.{}", kind.as_str()),
                &format!("node:{}", node.id),
                json!({"from": q.from, "to": q.to}),
            )?;
            Ok(node)
        })
        .await?;
    let filter = Filter {
        node_id: node.id,
        root: tree::is_root(&node.path),
        from,
        until,
    };
    let name = format!("linli-{}-{}.csv", kind.as_str(), calendar::day_key(now()));
    Ok(super::export::stream(
        state.db.clone(),
        lang,
        kind,
        filter,
        name,
    ))
}
