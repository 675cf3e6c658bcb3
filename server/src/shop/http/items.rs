//! The administrators' catalogue: every item, adding and editing, photos, bulk edits.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::StatusCode;
use linli_app::api::shop::{BulkEdit, CreateItem, ItemDetail, UpdateItem};
use linli_app::api::ErrorBody;

use super::super::{items, photos};
use super::admin;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppJson, AppPath, AppResult};
use crate::store::{now, shop as store_shop};
use crate::AppState;

/// Every item, active or not, oldest first (administrators).
#[utoipa::path(get, path = "/admin/shop/items", tag = "shop",
    responses(
        (status = 200, description = "All items", body = Vec<ItemDetail>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody)))]
pub(super) async fn admin_items(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<AppJson<Vec<ItemDetail>>> {
    admin(&user)?;
    let all = state
        .db
        .read(|c| {
            let now = now();
            store_shop::all_items(c)?
                .into_iter()
                .map(|i| items::detail(c, i, now))
                .collect()
        })
        .await?;
    Ok(AppJson(all))
}

/// Add an item (administrators). Stock starts at zero and arrives by stock-in; a barcode
/// is generated (in-store EAN-13) when none is given.
#[utoipa::path(post, path = "/admin/shop/items", tag = "shop",
    request_body = CreateItem,
    responses(
        (status = 201, description = "Created", body = ItemDetail),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 409, description = "Barcode taken", body = ErrorBody),
        (status = 422, description = "Invalid field", body = ErrorBody)))]
pub(super) async fn create_item(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<CreateItem>,
) -> AppResult<(StatusCode, AppJson<ItemDetail>)> {
    admin(&user)?;
    let item = state
        .db
        .write(move |tx| {
            let now = now();
            let item = items::create(tx, user.id, &req, now)?;
            items::detail(tx, item, now)
        })
        .await?;
    state.catalogue.invalidate();
    Ok((StatusCode::CREATED, AppJson(item)))
}

/// Edit an item; only the fields given change; `active: false` deactivates it
/// (administrators, audited).
#[utoipa::path(patch, path = "/admin/shop/items/{id}", tag = "shop",
    params(("id" = i64, Path, description = "Item id")),
    request_body = UpdateItem,
    responses(
        (status = 200, description = "The item", body = ItemDetail),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 404, description = "No such item", body = ErrorBody),
        (status = 409, description = "Barcode taken", body = ErrorBody),
        (status = 422, description = "Invalid field", body = ErrorBody)))]
pub(super) async fn update_item(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<UpdateItem>,
) -> AppResult<AppJson<ItemDetail>> {
    admin(&user)?;
    let item = state
        .db
        .write(move |tx| {
            let now = now();
            let item = items::update(tx, user.id, id, &req, now)?;
            items::detail(tx, item, now)
        })
        .await?;
    state.catalogue.invalidate();
    Ok(AppJson(item))
}

/// Add a photo to an item (administrators): the raw bytes of a JPEG, PNG or WebP of at
/// most 5 MB as the body. The type is judged by the content (magic bytes and a full
/// decode), never the name or Content-Type. Stored as 240 px and 800 px JPEGs.
#[utoipa::path(post, path = "/admin/shop/items/{id}/photos", tag = "shop",
    params(("id" = i64, Path, description = "Item id")),
    request_body(content = String, content_type = "application/octet-stream",
        description = "The image file's bytes"),
    responses(
        (status = 201, description = "The item with its photos", body = ItemDetail),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 404, description = "No such item", body = ErrorBody),
        (status = 413, description = "Over 5 MB", body = ErrorBody),
        (status = 422, description = "Not a whole JPEG, PNG or WebP image", body = ErrorBody)))]
pub(super) async fn upload_photo(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    body: Result<Bytes, BytesRejection>,
) -> AppResult<(StatusCode, AppJson<ItemDetail>)> {
    admin(&user)?;
    if !state
        .db
        .read(move |c| Ok(store_shop::item(c, id)?.is_some()))
        .await?
    {
        return Err(AppError::NOT_FOUND);
    }
    let processed = photos::receive(&state.config.db, body).await?;
    let item = state
        .db
        .write(move |tx| {
            let now = now();
            store_shop::insert_photo(
                tx,
                id,
                &processed.hash,
                (processed.width, processed.height),
                user.id,
                now,
            )?;
            crate::audit::record(
                tx,
                user.id,
                "shop.item.photo",
                &format!("shop_item:{id}"),
                serde_json::json!({ "photo": processed.hash }),
            )?;
            let item = store_shop::item(tx, id)?.ok_or(AppError::NOT_FOUND)?;
            items::detail(tx, item, now)
        })
        .await?;
    state.catalogue.invalidate();
    Ok((StatusCode::CREATED, AppJson(item)))
}

/// New prices and/or stock levels for many items in one go, all or none, with a reason
/// (administrators; stock changes are `set` stock events).
#[utoipa::path(post, path = "/admin/shop/items/bulk", tag = "shop",
    request_body = BulkEdit,
    responses(
        (status = 200, description = "The edited items", body = Vec<ItemDetail>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 404, description = "No such item", body = ErrorBody),
        (status = 422, description = "Invalid line or missing reason", body = ErrorBody)))]
pub(super) async fn bulk_edit(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<BulkEdit>,
) -> AppResult<AppJson<Vec<ItemDetail>>> {
    admin(&user)?;
    let out = state
        .db
        .write(move |tx| {
            let now = now();
            items::bulk(tx, user.id, &req, now)?
                .into_iter()
                .map(|i| items::detail(tx, i, now))
                .collect()
        })
        .await?;
    state.catalogue.invalidate();
    Ok(AppJson(out))
}
