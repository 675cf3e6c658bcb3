//! A member's own receipts and what they took this month.

use axum::extract::State;
use linli_app::api::shop::{CartLine, OrdersPage, OrdersQuery, Receipt};
use linli_app::api::ErrorBody;

use super::super::checkout;
use super::{orders_page, page_size};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppJson, AppPath, AppQuery, AppResult};
use crate::store::{now, shop as store_shop};
use crate::AppState;

/// My shop receipts, newest first.
#[utoipa::path(get, path = "/me/shop/orders", tag = "shop",
    params(OrdersQuery),
    responses(
        (status = 200, description = "My receipts", body = OrdersPage),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
pub(super) async fn my_orders(
    State(state): State<AppState>,
    user: CurrentUser,
    AppQuery(q): AppQuery<OrdersQuery>,
) -> AppResult<AppJson<OrdersPage>> {
    let limit = page_size(q.limit)?;
    let page = state
        .db
        .read(move |c| orders_page(c, Some(user.id), None, q.after, limit))
        .await?;
    Ok(AppJson(page))
}

/// What I took this month of each item with a monthly limit (phone reservations
/// included, refunds not), so the item page and the basket stop at what is left.
#[utoipa::path(get, path = "/me/shop/month-taken", tag = "shop",
    responses(
        (status = 200, description = "Units per limited item this month", body = Vec<CartLine>),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
pub(super) async fn my_month_taken(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<AppJson<Vec<CartLine>>> {
    let taken = state
        .db
        .read(move |c| checkout::month_taken(c, user.id, now()))
        .await?;
    Ok(AppJson(taken))
}

/// One of my receipts (another member's is 404).
#[utoipa::path(get, path = "/me/shop/orders/{id}", tag = "shop",
    params(("id" = i64, Path, description = "Order id")),
    responses(
        (status = 200, description = "The receipt", body = Receipt),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such order of mine", body = ErrorBody)))]
pub(super) async fn my_order(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<Receipt>> {
    let receipt = state
        .db
        .read(move |c| {
            let o = store_shop::order(c, id)?
                .filter(|o| o.user_id == user.id)
                .ok_or(AppError::NOT_FOUND)?;
            checkout::receipt(c, o)
        })
        .await?;
    Ok(AppJson(receipt))
}
