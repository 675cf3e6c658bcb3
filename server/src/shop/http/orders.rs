//! The administrators' orders: receipts, refunds and the day's summary.

use axum::extract::State;
use axum::http::HeaderMap;
use linli_app::api::shop::{
    DailySummary, OrdersPage, OrdersQuery, Receipt, RefundRequest, SummaryQuery,
};
use linli_app::api::ErrorBody;

use super::super::{checkout, parse_day};
use super::{admin, orders_page, page_size, replayed_headers};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppJson, AppPath, AppQuery, AppResult};
use crate::ledger::calendar;
use crate::store::{now, shop as store_shop};
use crate::AppState;

/// All receipts, newest first, by day and/or member (administrators).
#[utoipa::path(get, path = "/admin/shop/orders", tag = "shop",
    params(OrdersQuery),
    responses(
        (status = 200, description = "Receipts", body = OrdersPage),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 422, description = "Bad day or limit", body = ErrorBody)))]
pub(super) async fn orders(
    State(state): State<AppState>,
    user: CurrentUser,
    AppQuery(q): AppQuery<OrdersQuery>,
) -> AppResult<AppJson<OrdersPage>> {
    admin(&user)?;
    let limit = page_size(q.limit)?;
    let day = q.day.as_deref().map(|d| parse_day("day", d)).transpose()?;
    let page = state
        .db
        .read(move |c| orders_page(c, q.user_id, day.as_deref(), q.after, limit))
        .await?;
    Ok(AppJson(page))
}

/// One receipt (administrators).
#[utoipa::path(get, path = "/admin/shop/orders/{id}", tag = "shop",
    params(("id" = i64, Path, description = "Order id")),
    responses(
        (status = 200, description = "The receipt", body = Receipt),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 404, description = "No such order", body = ErrorBody)))]
pub(super) async fn order(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<Receipt>> {
    admin(&user)?;
    let r = state
        .db
        .read(move |c| {
            let o = store_shop::order(c, id)?.ok_or(AppError::NOT_FOUND)?;
            checkout::receipt(c, o)
        })
        .await?;
    Ok(AppJson(r))
}

/// Refund an order (administrators): points back to the member keeping their expiry,
/// goods back in stock, in one transaction. Refunding again returns the refunded order
/// (200, `idempotent-replayed: true`) and moves nothing.
#[utoipa::path(post, path = "/admin/shop/orders/{id}/refund", tag = "shop",
    params(("id" = i64, Path, description = "Order id")),
    request_body = RefundRequest,
    responses(
        (status = 200, description = "The refunded receipt", body = Receipt),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 404, description = "No such order", body = ErrorBody),
        (status = 422, description = "Missing reason", body = ErrorBody)))]
pub(super) async fn refund(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<RefundRequest>,
) -> AppResult<(HeaderMap, AppJson<Receipt>)> {
    admin(&user)?;
    let (receipt, replayed) = state
        .db
        .write(move |tx| checkout::refund(tx, user.id, id, &req.reason, now()))
        .await?;
    state.catalogue.invalidate();
    Ok((replayed_headers(replayed), AppJson(receipt)))
}

/// One day's shop figures (administrators): orders, items out, points redeemed, by item
/// and by donor; refunded orders are left out and counted apart.
#[utoipa::path(get, path = "/admin/shop/summary", tag = "shop",
    params(SummaryQuery),
    responses(
        (status = 200, description = "The day's summary", body = DailySummary),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 422, description = "Bad day", body = ErrorBody)))]
pub(super) async fn summary(
    State(state): State<AppState>,
    user: CurrentUser,
    AppQuery(q): AppQuery<SummaryQuery>,
) -> AppResult<AppJson<DailySummary>> {
    admin(&user)?;
    let day = match q.day.as_deref() {
        Some(d) => parse_day("day", d)?,
        None => calendar::day_key(now()),
    };
    let s = state
        .db
        .read(move |c| {
            let (orders, items_out, points_redeemed, refunded_orders) =
                store_shop::day_totals(c, &day)?;
            let awaiting_pickup = crate::store::reservations::awaiting_on_day(c, &day)?;
            Ok(DailySummary {
                by_item: store_shop::day_by_item(c, &day)?,
                by_donor: store_shop::day_by_donor(c, &day)?,
                day,
                orders,
                items_out,
                points_redeemed,
                refunded_orders,
                awaiting_pickup,
            })
        })
        .await?;
    Ok(AppJson(s))
}
