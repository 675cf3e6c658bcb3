//! The catalogue, anyone's: the item list and categories, item pages, barcodes, photos
//! and the honour roll.

use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use linli_app::api::shop::{CataloguePage, CatalogueQuery, Category, HonourEntry, ItemDetail};
use linli_app::api::{ErrorBody, Reason};

use super::super::{items, photos};
use crate::auth::session;
use crate::error::{AppError, AppJson, AppPath, AppQuery, AppResult};
use crate::ledger;
use crate::store::{self, now, shop as store_shop};
use crate::AppState;

/// The balance of whoever sent the session cookie, if it is a live session.
async fn balance_of_caller(state: &AppState, headers: &HeaderMap) -> AppResult<Option<i64>> {
    let Some(token) = session::token_from(headers) else {
        return Ok(None);
    };
    let hash = session::hash(&token);
    state
        .db
        .read(move |c| match store::sessions::user_of(c, &hash, now())? {
            Some(id) => Ok(Some(ledger::spending_balance(c, id)?)),
            None => Ok(None),
        })
        .await
}

/// The catalogue: active items in their sale window, by category, text (substring of
/// name, description or tags), sorted newest / by price / by popularity, keyset-paged.
/// Signed in, the page carries my balance and `affordable=true` keeps what I can pay for.
#[utoipa::path(get, path = "/shop/items", tag = "shop",
    params(CatalogueQuery),
    responses(
        (status = 200, description = "One page of items", body = CataloguePage),
        (status = 400, description = "Bad cursor or query", body = ErrorBody),
        (status = 401, description = "`affordable` without signing in", body = ErrorBody),
        (status = 422, description = "Limit or search text out of range", body = ErrorBody)))]
pub(super) async fn catalogue(
    State(state): State<AppState>,
    headers: HeaderMap,
    AppQuery(q): AppQuery<CatalogueQuery>,
) -> AppResult<AppJson<CataloguePage>> {
    let balance = balance_of_caller(&state, &headers).await?;
    if q.affordable == Some(true) && balance.is_none() {
        return Err(AppError::UNAUTHENTICATED);
    }
    let snap = state.catalogue.snapshot(&state.db).await?;
    Ok(AppJson(snap.page(&q, balance, now())?))
}

/// Categories of the active items, with how many each has.
#[utoipa::path(get, path = "/shop/categories", tag = "shop",
    responses((status = 200, description = "Categories", body = Vec<Category>)))]
pub(super) async fn categories(State(state): State<AppState>) -> AppResult<AppJson<Vec<Category>>> {
    Ok(AppJson(
        state.catalogue.snapshot(&state.db).await?.categories(),
    ))
}

/// An item's page: photos, description, stock (`in_stock` false: out of stock), limit,
/// barcode, and whether it can be taken now. Inactive items are 404 except to admins.
#[utoipa::path(get, path = "/shop/items/{id}", tag = "shop",
    params(("id" = i64, Path, description = "Item id")),
    responses(
        (status = 200, description = "The item", body = ItemDetail),
        (status = 404, description = "No such item", body = ErrorBody)))]
pub(super) async fn item_page(
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<ItemDetail>> {
    let item = state
        .db
        .read(move |c| {
            let item = store_shop::item(c, id)?
                .filter(|i| i.active)
                .ok_or(AppError::Refused(Reason::NoItemWithBarcode))?;
            items::detail(c, item, now())
        })
        .await?;
    Ok(AppJson(item))
}

/// The active item with this barcode (what a kiosk's scanner typed).
#[utoipa::path(get, path = "/shop/barcode/{code}", tag = "shop",
    params(("code" = String, Path, description = "EAN-13 or Code128 text")),
    responses(
        (status = 200, description = "The item", body = ItemDetail),
        (status = 404, description = "No item has this barcode", body = ErrorBody)))]
pub(super) async fn by_barcode(
    State(state): State<AppState>,
    AppPath(code): AppPath<String>,
) -> AppResult<AppJson<ItemDetail>> {
    let item = state
        .db
        .read(move |c| {
            let item = store_shop::item_by_barcode(c, code.trim())?
                .filter(|i| i.active)
                .ok_or(AppError::Refused(Reason::NoItemWithBarcode))?;
            items::detail(c, item, now())
        })
        .await?;
    Ok(AppJson(item))
}

/// A stored photo (`{sha256}-thumb.jpg` or `{sha256}-display.jpg`), cached for a year:
/// the name changes whenever the picture does.
#[utoipa::path(get, path = "/shop/photos/{file}", tag = "shop",
    params(("file" = String, Path, description = "File name from a photo URL")),
    responses(
        (status = 200, description = "JPEG", content_type = "image/jpeg"),
        (status = 404, description = "No such photo", body = ErrorBody)))]
pub(super) async fn photo_file(
    State(state): State<AppState>,
    AppPath(file): AppPath<String>,
) -> AppResult<Response> {
    let name = photos::file_name(&file).ok_or(AppError::NOT_FOUND)?;
    let path = photos::uploads_dir(&state.config.db).join(name);
    let bytes = tokio::fs::read(&path)
        .await
        .map_err(|_| AppError::NOT_FOUND)?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        bytes,
    )
        .into_response())
}

/// The public honour roll (捐赠光荣榜): donors and what they gave, most first. No
/// contact details.
#[utoipa::path(get, path = "/shop/honour-roll", tag = "shop",
    responses((status = 200, description = "Donors by value given", body = Vec<HonourEntry>)))]
pub(super) async fn honour_roll(
    State(state): State<AppState>,
) -> AppResult<AppJson<Vec<HonourEntry>>> {
    Ok(AppJson(state.db.read(store_shop::honour_roll).await?))
}
