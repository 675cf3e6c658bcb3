//! The administrators' dashboard: low-stock alerts, the shop's day and the review queues
//! in one response, so the page an administrator opens first costs one request on a slow
//! phone network. Shop figures are the one shop's (any admin grant, like the shop's admin
//! endpoints); review counts are only of the teams this administrator may review.

use axum::extract::State;
use linli_app::api::dashboard::{AdminDashboard, DashboardQuery, LowStockLine};
use linli_app::api::projects::{HoursStatus, ProjectStatus};
use linli_app::api::ErrorBody;
use linli_app::dashboard;
use linli_app::roles::Role;
use rusqlite::Connection;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::CurrentUser;
use crate::error::{AppJson, AppQuery, AppResult};
use crate::ledger::calendar;
use crate::store::{self, now, shop as store_shop};
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(admin_dashboard))
}

/// What an administrator acts on first: active items at or below `threshold` (default 5,
/// out of stock first), today's orders, items out and points redeemed, and how many hour
/// records and projects wait for their review.
#[utoipa::path(get, path = "/admin/dashboard", tag = "admin",
    params(DashboardQuery),
    responses(
        (status = 200, description = "The dashboard", body = AdminDashboard),
        (status = 400, description = "Malformed query", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 422, description = "Threshold out of range", body = ErrorBody)))]
async fn admin_dashboard(
    State(state): State<AppState>,
    user: CurrentUser,
    AppQuery(q): AppQuery<DashboardQuery>,
) -> AppResult<AppJson<AdminDashboard>> {
    user.require_anywhere(Role::Admin)?;
    let threshold = dashboard::threshold(q.threshold)?;
    let d = state
        .db
        .read(move |c| build(c, &user, threshold, now()))
        .await?;
    Ok(AppJson(d))
}

/// The dashboard as `user` sees it at `now`.
pub fn build(
    conn: &Connection,
    user: &CurrentUser,
    threshold: i64,
    now: i64,
) -> AppResult<AdminDashboard> {
    let day = calendar::day_key(now);
    let mut low_stock: Vec<LowStockLine> = store_shop::low_stock(conn, threshold)?
        .into_iter()
        .map(|i| LowStockLine {
            id: i.id,
            name: i.name,
            category: i.category,
            price: i.price,
            stock: i.stock,
        })
        .collect();
    dashboard::order_alerts(&mut low_stock);
    let (orders, items_out, points_redeemed, refunded) = store_shop::day_totals(conn, &day)?;
    // An admin grant reaches the reviewer's work only within its subtree.
    let reviewable = |per_team: Vec<(String, i64)>| -> i64 {
        per_team
            .iter()
            .filter(|(path, _)| user.has(Role::Reviewer, path))
            .map(|(_, n)| n)
            .sum()
    };
    Ok(AdminDashboard {
        day,
        low_stock_threshold: threshold,
        low_stock,
        orders_today: orders,
        items_out_today: items_out,
        points_redeemed_today: points_redeemed,
        refunded_today: refunded,
        hours_to_review: reviewable(store::projects::hours_per_team(conn, HoursStatus::Pending)?),
        projects_to_review: reviewable(store::projects::projects_per_team(
            conn,
            ProjectStatus::Submitted,
        )?),
    })
}
