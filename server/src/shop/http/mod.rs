//! The shop API, by sub-area. Anyone may browse the catalogue, item pages, photos and the
//! honour roll; members see their own receipts and reserve; kiosks (and admins) check out
//! and hand reservations over; administrators (an admin grant anywhere: there is one
//! shop) run the catalogue, stock, orders and refunds. Handlers only check who may ask
//! and call the shop's rules.

mod catalogue;
mod items;
mod kiosk;
mod members;
mod orders;
mod reservations;
mod stock;

use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderMap, HeaderValue};
use linli_app::api::shop::OrdersPage;
use linli_app::roles::Role;
use rusqlite::Connection;
use utoipa_axum::{router::OpenApiRouter, router::UtoipaMethodRouterExt, routes};

use super::{checkout, photos};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::ledger::http::REPLAYED_HEADER;
use crate::store::shop as store_shop;
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(catalogue::catalogue))
        .routes(routes!(catalogue::categories))
        .routes(routes!(catalogue::item_page))
        .routes(routes!(catalogue::by_barcode))
        .routes(routes!(catalogue::photo_file))
        .routes(routes!(catalogue::honour_roll))
        .routes(routes!(members::my_orders))
        .routes(routes!(members::my_month_taken))
        .routes(routes!(members::my_order))
        .routes(routes!(kiosk::kiosk_member))
        .routes(routes!(kiosk::checkout_handler))
        .routes(routes!(kiosk::kiosk_sign_out))
        .routes(routes!(items::admin_items, items::create_item))
        .routes(routes!(items::update_item))
        .routes(routes!(items::upload_photo).layer(DefaultBodyLimit::max(photos::MAX_PHOTO_BYTES)))
        .routes(routes!(items::bulk_edit))
        .routes(routes!(stock::donors, stock::create_donor))
        .routes(routes!(stock::stock_in))
        .routes(routes!(stock::adjust))
        .routes(routes!(stock::stock_events))
        .routes(routes!(stock::low_stock))
        .routes(routes!(stock::stock_count))
        .routes(routes!(orders::orders))
        .routes(routes!(orders::order))
        .routes(routes!(orders::refund))
        .routes(routes!(orders::summary))
        .merge(reservations::router())
}

fn page_size(limit: Option<u32>) -> AppResult<i64> {
    super::in_range("limit", limit.map_or(20, i64::from), 1, 100)
}

fn replayed_headers(replayed: bool) -> HeaderMap {
    let mut headers = HeaderMap::new();
    if replayed {
        headers.insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
    }
    headers
}

fn admin(user: &CurrentUser) -> AppResult<()> {
    user.require_anywhere(Role::Admin)
}

fn orders_page(
    conn: &Connection,
    user_id: Option<i64>,
    day: Option<&str>,
    after: Option<i64>,
    limit: i64,
) -> AppResult<OrdersPage> {
    let rows = store_shop::orders(conn, user_id, day, after, limit)?;
    let full = rows.len() as i64 == limit;
    let items = rows
        .into_iter()
        .map(|o| checkout::receipt(conn, o))
        .collect::<AppResult<Vec<_>>>()?;
    let next_cursor = if full {
        items.last().map(|r| r.order_id)
    } else {
        None
    };
    Ok(OrdersPage { items, next_cursor })
}
