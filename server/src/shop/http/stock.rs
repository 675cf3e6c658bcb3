//! The administrators' stock: donors, stock-in, adjustments, events, low stock, counts.

use axum::extract::State;
use axum::http::StatusCode;
use linli_app::api::shop::{
    CreateDonor, Donor, ItemDetail, LowStockQuery, ShrinkageReport, StockAdjust, StockCount,
    StockEvent, StockEventsPage, StockEventsQuery, StockIn,
};
use linli_app::api::ErrorBody;
use rusqlite::Connection;

use super::super::{items, stock};
use super::{admin, page_size};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppJson, AppQuery, AppResult};
use crate::store::{now, shop as store_shop};
use crate::AppState;

/// Donors with what each gave (administrators; contacts included).
#[utoipa::path(get, path = "/admin/shop/donors", tag = "shop",
    responses(
        (status = 200, description = "Donors", body = Vec<Donor>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody)))]
pub(super) async fn donors(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<AppJson<Vec<Donor>>> {
    admin(&user)?;
    let all = state
        .db
        .read(|c| {
            Ok(store_shop::donors(c)?
                .into_iter()
                .map(stock::donor_view)
                .collect())
        })
        .await?;
    Ok(AppJson(all))
}

/// Register a donor: a local unit, a merchant or a person (administrators).
#[utoipa::path(post, path = "/admin/shop/donors", tag = "shop",
    request_body = CreateDonor,
    responses(
        (status = 201, description = "Created", body = Donor),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 409, description = "Name taken", body = ErrorBody),
        (status = 422, description = "Invalid field", body = ErrorBody)))]
pub(super) async fn create_donor(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<CreateDonor>,
) -> AppResult<(StatusCode, AppJson<Donor>)> {
    admin(&user)?;
    let donor = state
        .db
        .write(move |tx| stock::create_donor(tx, user.id, &req, now()))
        .await?;
    Ok((StatusCode::CREATED, AppJson(donor)))
}

fn event(conn: &Connection, id: i64) -> AppResult<StockEvent> {
    store_shop::events(conn, None, Some(id + 1), 1)?
        .into_iter()
        .next()
        .ok_or_else(|| AppError::Internal("stock event vanished".into()))
}

/// Record donated goods received (捐赠入库): donor, item, quantity, date, note
/// (administrators, audited).
#[utoipa::path(post, path = "/admin/shop/stock-in", tag = "shop",
    request_body = StockIn,
    responses(
        (status = 201, description = "The stock event", body = StockEvent),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 404, description = "No such item", body = ErrorBody),
        (status = 422, description = "Unknown donor, bad quantity or date", body = ErrorBody)))]
pub(super) async fn stock_in(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<StockIn>,
) -> AppResult<(StatusCode, AppJson<StockEvent>)> {
    admin(&user)?;
    let e = state
        .db
        .write(move |tx| {
            let id = stock::stock_in(tx, user.id, &req, now())?;
            event(tx, id)
        })
        .await?;
    state.catalogue.invalidate();
    Ok((StatusCode::CREATED, AppJson(e)))
}

/// Adjust stock for breakage, loss or a correction, with a reason; never below zero
/// (administrators, audited).
#[utoipa::path(operation_id = "stock_adjust", post, path = "/admin/shop/adjustments", tag = "shop",
    request_body = StockAdjust,
    responses(
        (status = 201, description = "The stock event", body = StockEvent),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 404, description = "No such item", body = ErrorBody),
        (status = 409, description = "Would go below zero", body = ErrorBody),
        (status = 422, description = "Zero change or missing reason", body = ErrorBody)))]
pub(super) async fn adjust(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<StockAdjust>,
) -> AppResult<(StatusCode, AppJson<StockEvent>)> {
    admin(&user)?;
    let e = state
        .db
        .write(move |tx| {
            let id = stock::adjust(tx, user.id, &req, now())?;
            event(tx, id)
        })
        .await?;
    state.catalogue.invalidate();
    Ok((StatusCode::CREATED, AppJson(e)))
}

/// Stock events, newest first, optionally of one item (administrators).
#[utoipa::path(get, path = "/admin/shop/stock-events", tag = "shop",
    params(StockEventsQuery),
    responses(
        (status = 200, description = "Events", body = StockEventsPage),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody)))]
pub(super) async fn stock_events(
    State(state): State<AppState>,
    user: CurrentUser,
    AppQuery(q): AppQuery<StockEventsQuery>,
) -> AppResult<AppJson<StockEventsPage>> {
    admin(&user)?;
    let limit = page_size(q.limit)?;
    let items = state
        .db
        .read(move |c| store_shop::events(c, q.item_id, q.after, limit))
        .await?;
    let next_cursor = if items.len() as i64 == limit {
        items.last().map(|e| e.id)
    } else {
        None
    };
    Ok(AppJson(StockEventsPage { items, next_cursor }))
}

/// Active items running low (at most `threshold`, default 5), fewest first: the admin
/// dashboard's alert.
#[utoipa::path(get, path = "/admin/shop/low-stock", tag = "shop",
    params(LowStockQuery),
    responses(
        (status = 200, description = "Items running low", body = Vec<ItemDetail>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 422, description = "Threshold out of range", body = ErrorBody)))]
pub(super) async fn low_stock(
    State(state): State<AppState>,
    user: CurrentUser,
    AppQuery(q): AppQuery<LowStockQuery>,
) -> AppResult<AppJson<Vec<ItemDetail>>> {
    admin(&user)?;
    let threshold = linli_app::dashboard::threshold(q.threshold)?;
    let out = state
        .db
        .read(move |c| {
            let now = now();
            store_shop::low_stock(c, threshold)?
                .into_iter()
                .map(|i| items::detail(c, i, now))
                .collect()
        })
        .await?;
    Ok(AppJson(out))
}

/// Submit a stock count (盘点): each counted item's stock becomes the count and the
/// answer is the shrinkage report (administrators, audited).
#[utoipa::path(post, path = "/admin/shop/counts", tag = "shop",
    request_body = StockCount,
    responses(
        (status = 201, description = "The shrinkage report", body = ShrinkageReport),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 404, description = "No such item", body = ErrorBody),
        (status = 422, description = "Bad line", body = ErrorBody)))]
pub(super) async fn stock_count(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<StockCount>,
) -> AppResult<(StatusCode, AppJson<ShrinkageReport>)> {
    admin(&user)?;
    let report = state
        .db
        .write(move |tx| stock::count(tx, user.id, &req, now()))
        .await?;
    state.catalogue.invalidate();
    Ok((StatusCode::CREATED, AppJson(report)))
}
