//! The shop API. Anyone may browse the catalogue, item pages, photos and the honour roll;
//! members see their own receipts; kiosks (and admins) check out; administrators (an
//! admin grant anywhere: there is one shop) run the catalogue, stock, orders and refunds.
//! Handlers only check who may ask and call the shop's rules.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use linli_app::api::cards::VerifyCardRequest;
use linli_app::api::shop::{
    BulkEdit, CartLine, CataloguePage, CatalogueQuery, Category, CheckoutRequest, CreateDonor,
    CreateItem, DailySummary, Donor, HonourEntry, ItemDetail, KioskMember, LowStockQuery,
    OrdersPage, OrdersQuery, Receipt, RefundRequest, ShrinkageReport, StockAdjust, StockCount,
    StockEvent, StockEventsPage, StockEventsQuery, StockIn, SummaryQuery, UpdateItem,
};
use linli_app::api::ErrorBody;
use linli_app::roles::Role;
use rusqlite::Connection;
use utoipa_axum::{router::OpenApiRouter, router::UtoipaMethodRouterExt, routes};

use super::checkout::{self, Cart};
use super::{items, parse_day, photos, stock, Catalogue};
use crate::auth::{session, CurrentUser};
use crate::cards::{self, Presented, VerifyError};
use crate::error::{AppError, AppJson, AppPath, AppQuery, AppResult};
use crate::ledger::{self, calendar, http::REPLAYED_HEADER};
use crate::store::{self, now, shop as store_shop};
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(catalogue))
        .routes(routes!(categories))
        .routes(routes!(item_page))
        .routes(routes!(by_barcode))
        .routes(routes!(photo_file))
        .routes(routes!(honour_roll))
        .routes(routes!(my_orders))
        .routes(routes!(my_month_taken))
        .routes(routes!(my_order))
        .routes(routes!(kiosk_member))
        .routes(routes!(checkout_handler))
        .routes(routes!(admin_items, create_item))
        .routes(routes!(update_item))
        .routes(routes!(upload_photo).layer(DefaultBodyLimit::max(photos::MAX_PHOTO_BYTES)))
        .routes(routes!(bulk_edit))
        .routes(routes!(donors, create_donor))
        .routes(routes!(stock_in))
        .routes(routes!(adjust))
        .routes(routes!(stock_events))
        .routes(routes!(low_stock))
        .routes(routes!(stock_count))
        .routes(routes!(orders))
        .routes(routes!(order))
        .routes(routes!(refund))
        .routes(routes!(summary))
        .merge(super::reservations_http::router())
        .layer(Extension(Catalogue::default()))
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

// ---- catalogue (anyone) ----------------------------------------------------------------

/// The balance of whoever sent the session cookie, if it is a live session.
async fn balance_of_caller(state: &AppState, headers: &HeaderMap) -> AppResult<Option<i64>> {
    let Some(token) = session::token_from(headers) else {
        return Ok(None);
    };
    let hash = session::hash(&token);
    state
        .db
        .read(move |c| match store::sessions::user_of(c, &hash, now())? {
            Some(id) => Ok(Some(ledger::balance_of_user(c, id)?)),
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
async fn catalogue(
    State(state): State<AppState>,
    Extension(cat): Extension<Catalogue>,
    headers: HeaderMap,
    AppQuery(q): AppQuery<CatalogueQuery>,
) -> AppResult<AppJson<CataloguePage>> {
    let balance = balance_of_caller(&state, &headers).await?;
    if q.affordable == Some(true) && balance.is_none() {
        return Err(AppError::UNAUTHENTICATED);
    }
    let snap = cat.snapshot(&state.db).await?;
    Ok(AppJson(snap.page(&q, balance, now())?))
}

/// Categories of the active items, with how many each has.
#[utoipa::path(get, path = "/shop/categories", tag = "shop",
    responses((status = 200, description = "Categories", body = Vec<Category>)))]
async fn categories(
    State(state): State<AppState>,
    Extension(cat): Extension<Catalogue>,
) -> AppResult<AppJson<Vec<Category>>> {
    Ok(AppJson(cat.snapshot(&state.db).await?.categories()))
}

/// An item's page: photos, description, stock (`in_stock` false: out of stock), limit,
/// barcode, and whether it can be taken now. Inactive items are 404 except to admins.
#[utoipa::path(get, path = "/shop/items/{id}", tag = "shop",
    params(("id" = i64, Path, description = "Item id")),
    responses(
        (status = 200, description = "The item", body = ItemDetail),
        (status = 404, description = "No such item", body = ErrorBody)))]
async fn item_page(
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<ItemDetail>> {
    let item = state
        .db
        .read(move |c| {
            let item = store_shop::item(c, id)?
                .filter(|i| i.active)
                .ok_or(AppError::NOT_FOUND)?;
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
async fn by_barcode(
    State(state): State<AppState>,
    AppPath(code): AppPath<String>,
) -> AppResult<AppJson<ItemDetail>> {
    let item = state
        .db
        .read(move |c| {
            let item = store_shop::item_by_barcode(c, code.trim())?
                .filter(|i| i.active)
                .ok_or(AppError::NOT_FOUND)?;
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
async fn photo_file(
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
async fn honour_roll(State(state): State<AppState>) -> AppResult<AppJson<Vec<HonourEntry>>> {
    Ok(AppJson(state.db.read(store_shop::honour_roll).await?))
}

// ---- members ---------------------------------------------------------------------------

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

/// My shop receipts, newest first.
#[utoipa::path(get, path = "/me/shop/orders", tag = "shop",
    params(OrdersQuery),
    responses(
        (status = 200, description = "My receipts", body = OrdersPage),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
async fn my_orders(
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
async fn my_month_taken(
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
async fn my_order(
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

// ---- kiosk -----------------------------------------------------------------------------

/// The member at the kiosk (kiosks and admins): checks the card as `/cards/verify` does
/// (live QR, or number with PIN, counting wrong PINs) and adds how many of each
/// limited item they took this month, so the cart shows what the limit leaves.
#[utoipa::path(post, path = "/kiosk/member", tag = "shop",
    request_body = VerifyCardRequest,
    responses(
        (status = 200, description = "The card holder and this month's limited items", body = KioskMember),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a kiosk or admin", body = ErrorBody),
        (status = 404, description = "No such card", body = ErrorBody),
        (status = 409, description = "Card blocked or replaced, or no PIN set", body = ErrorBody),
        (status = 422, description = "Expired or tampered token, bad number, wrong or missing PIN", body = ErrorBody),
        (status = 429, description = "Locked after five wrong PINs", body = ErrorBody)))]
async fn kiosk_member(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<VerifyCardRequest>,
) -> Result<AppJson<KioskMember>, VerifyError> {
    user.require_anywhere(Role::Kiosk)?;
    let presented = cards::presented(&req)?;
    let holder = cards::verify_card(&state.db, &state.auth.passwords, presented, now()).await?;
    let id = holder.user_id;
    let month_taken = state
        .db
        .read(move |c| checkout::month_taken(c, id, now()))
        .await?;
    Ok(AppJson(KioskMember {
        holder,
        month_taken,
    }))
}

/// Self-checkout at the unattended shop (kiosks and admins). The member presents the
/// phone's live QR (no PIN) or the card / its number with the PIN. In one transaction:
/// limits and sale windows checked, stock taken (never below zero), one `redeem` transfer
/// for the total, the receipt written. A retry with the same `idempotency_key` returns
/// the same receipt (200, `idempotent-replayed: true`) and charges nothing; the same key
/// with another card or cart is a 409.
#[utoipa::path(post, path = "/kiosk/checkout", tag = "shop",
    request_body = CheckoutRequest,
    responses(
        (status = 201, description = "Checked out: the receipt", body = Receipt),
        (status = 200, description = "A retry: the original receipt", body = Receipt),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a kiosk or admin", body = ErrorBody),
        (status = 404, description = "No such card", body = ErrorBody),
        (status = 409, description = "Out of stock, over the monthly limit, not on sale, not enough points, card blocked, or key reused", body = ErrorBody),
        (status = 422, description = "Bad cart, key, card number or PIN", body = ErrorBody),
        (status = 429, description = "Card locked after wrong PINs", body = ErrorBody)))]
async fn checkout_handler(
    State(state): State<AppState>,
    Extension(cat): Extension<Catalogue>,
    user: CurrentUser,
    AppJson(req): AppJson<CheckoutRequest>,
) -> Result<(StatusCode, HeaderMap, AppJson<Receipt>), VerifyError> {
    user.require_anywhere(Role::Kiosk)?;
    let cart = Cart::parse(&req.lines)?;
    let key = checkout::order_key(user.id, &req.idempotency_key)?;
    let presented = cards::presented(&VerifyCardRequest {
        qr: req.qr.clone(),
        card_number: req.card_number.clone(),
        pin: req.pin.clone(),
    })?;
    let number = match &presented {
        Presented::Token(t) => t.number.clone(),
        Presented::Card { number, .. } => number.clone(),
    };
    let fp = checkout::checkout_fingerprint(&number, &cart);
    let (receipt, replayed) = match presented {
        // The phone's token is only read, so checking it and checking out share one
        // transaction: one trip to the writer per checkout.
        Presented::Token(t) => {
            state
                .db
                .write(move |tx| {
                    let now = now();
                    if let Some(done) = checkout::replayed(tx, &key, &fp)? {
                        return Ok(Ok((done, true)));
                    }
                    match cards::token_holder(tx, &t, now) {
                        Ok(holder) => {
                            checkout::checkout(tx, user.id, &holder, &cart, &key, &fp, now).map(Ok)
                        }
                        Err(refused) => Ok(Err(refused)),
                    }
                })
                .await??
        }
        // A PIN is checked (slowly, by design) outside any transaction, and a failure
        // counted after; a retry after a lost answer is answered before that.
        Presented::Card { .. } => {
            let (k, f) = (key.clone(), fp.clone());
            if let Some(done) = state
                .db
                .read(move |c| checkout::replayed(c, &k, &f))
                .await?
            {
                return Ok((StatusCode::OK, replayed_headers(true), AppJson(done)));
            }
            let holder =
                cards::verify_card(&state.db, &state.auth.passwords, presented, now()).await?;
            state
                .db
                .write(move |tx| checkout::checkout(tx, user.id, &holder, &cart, &key, &fp, now()))
                .await?
        }
    };
    cat.invalidate();
    let status = if replayed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, replayed_headers(replayed), AppJson(receipt)))
}

// ---- administrators: catalogue ---------------------------------------------------------

fn admin(user: &CurrentUser) -> AppResult<()> {
    user.require_anywhere(Role::Admin)
}

/// Every item, active or not, oldest first (administrators).
#[utoipa::path(get, path = "/admin/shop/items", tag = "shop",
    responses(
        (status = 200, description = "All items", body = Vec<ItemDetail>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody)))]
async fn admin_items(
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
async fn create_item(
    State(state): State<AppState>,
    Extension(cat): Extension<Catalogue>,
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
    cat.invalidate();
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
async fn update_item(
    State(state): State<AppState>,
    Extension(cat): Extension<Catalogue>,
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
    cat.invalidate();
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
async fn upload_photo(
    State(state): State<AppState>,
    Extension(cat): Extension<Catalogue>,
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
    cat.invalidate();
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
async fn bulk_edit(
    State(state): State<AppState>,
    Extension(cat): Extension<Catalogue>,
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
    cat.invalidate();
    Ok(AppJson(out))
}

// ---- administrators: donors and stock --------------------------------------------------

/// Donors with what each gave (administrators; contacts included).
#[utoipa::path(get, path = "/admin/shop/donors", tag = "shop",
    responses(
        (status = 200, description = "Donors", body = Vec<Donor>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody)))]
async fn donors(
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
async fn create_donor(
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
async fn stock_in(
    State(state): State<AppState>,
    Extension(cat): Extension<Catalogue>,
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
    cat.invalidate();
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
async fn adjust(
    State(state): State<AppState>,
    Extension(cat): Extension<Catalogue>,
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
    cat.invalidate();
    Ok((StatusCode::CREATED, AppJson(e)))
}

/// Stock events, newest first, optionally of one item (administrators).
#[utoipa::path(get, path = "/admin/shop/stock-events", tag = "shop",
    params(StockEventsQuery),
    responses(
        (status = 200, description = "Events", body = StockEventsPage),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody)))]
async fn stock_events(
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
async fn low_stock(
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
async fn stock_count(
    State(state): State<AppState>,
    Extension(cat): Extension<Catalogue>,
    user: CurrentUser,
    AppJson(req): AppJson<StockCount>,
) -> AppResult<(StatusCode, AppJson<ShrinkageReport>)> {
    admin(&user)?;
    let report = state
        .db
        .write(move |tx| stock::count(tx, user.id, &req, now()))
        .await?;
    cat.invalidate();
    Ok((StatusCode::CREATED, AppJson(report)))
}

// ---- administrators: orders ------------------------------------------------------------

/// All receipts, newest first, by day and/or member (administrators).
#[utoipa::path(get, path = "/admin/shop/orders", tag = "shop",
    params(OrdersQuery),
    responses(
        (status = 200, description = "Receipts", body = OrdersPage),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 422, description = "Bad day or limit", body = ErrorBody)))]
async fn orders(
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
async fn order(
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
async fn refund(
    State(state): State<AppState>,
    Extension(cat): Extension<Catalogue>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<RefundRequest>,
) -> AppResult<(HeaderMap, AppJson<Receipt>)> {
    admin(&user)?;
    let (receipt, replayed) = state
        .db
        .write(move |tx| checkout::refund(tx, user.id, id, &req.reason, now()))
        .await?;
    cat.invalidate();
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
async fn summary(
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
