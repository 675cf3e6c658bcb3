//! Reservation endpoints: any signed-in member reserves, lists and cancels their own;
//! kiosks (and admins) look pickups up and hand them over. Handlers only check who may
//! ask and call `shop::reservations`.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use linli_app::api::cards::VerifyCardRequest;
use linli_app::api::shop::{
    CollectPickupRequest, Reservation, ReservationsPage, ReservationsQuery, ReserveRequest,
};
use linli_app::api::ErrorBody;
use linli_app::roles::Role;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::super::in_range;
use super::super::reservations::{self as rules};
use super::replayed_headers;
use crate::auth::CurrentUser;
use crate::cards::{self, VerifyError};
use crate::error::{AppJson, AppPath, AppQuery, AppResult};
use crate::store::{now, reservations as store};
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(reserve, my_reservations))
        .routes(routes!(cancel_reservation))
        .routes(routes!(pickup))
        .routes(routes!(collect_pickup))
}

/// Expires what is due before a reservation read or write, in its own transactions, so
/// the refunds stand even when the request itself is then refused.
async fn sweep(state: &AppState) -> AppResult<()> {
    if rules::sweep(&state.db, now()).await? > 0 {
        state.catalogue.invalidate();
    }
    Ok(())
}

/// Reserve goods from the phone (any signed-in member), paid at once: in one
/// transaction the limits and sale windows are checked, stock is taken (never below
/// zero), one `redeem` transfer pays the total, and the order gets a pickup code and QR
/// valid for three days. A retry with the same `idempotency_key` returns the same
/// reservation (200, `idempotent-replayed: true`) and charges nothing; the same key with
/// another cart is a 409.
#[utoipa::path(post, path = "/shop/reservations", tag = "shop",
    request_body = ReserveRequest,
    responses(
        (status = 201, description = "Reserved and paid", body = Reservation),
        (status = 200, description = "A retry: the original reservation", body = Reservation),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 409, description = "Out of stock, over the monthly limit, not on sale, not enough points, or key reused", body = ErrorBody),
        (status = 422, description = "Bad cart or key", body = ErrorBody)))]
async fn reserve(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<ReserveRequest>,
) -> AppResult<(StatusCode, HeaderMap, AppJson<Reservation>)> {
    let lines = rules::cart_lines(&req.lines)?;
    let key = rules::reserve_key(user.id, &req.idempotency_key)?;
    let fp = rules::reserve_fingerprint(&lines);
    sweep(&state).await?;
    let (r, replayed) = state
        .db
        .write(move |tx| rules::reserve(tx, user.id, &lines, &key, &fp, now()))
        .await?;
    state.catalogue.invalidate();
    let status = if replayed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, replayed_headers(replayed), AppJson(r)))
}

/// My reservations, newest first, with their pickup codes and QR texts.
#[utoipa::path(get, path = "/shop/reservations", tag = "shop",
    params(ReservationsQuery),
    responses(
        (status = 200, description = "My reservations", body = ReservationsPage),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 422, description = "Limit out of range", body = ErrorBody)))]
async fn my_reservations(
    State(state): State<AppState>,
    user: CurrentUser,
    AppQuery(q): AppQuery<ReservationsQuery>,
) -> AppResult<AppJson<ReservationsPage>> {
    let limit = in_range("limit", q.limit.map_or(20, i64::from), 1, 100)?;
    sweep(&state).await?;
    let page = state
        .db
        .read(move |c| {
            let items = store::of_user(c, user.id, q.after, limit)?
                .into_iter()
                .map(|r| rules::view(c, r))
                .collect::<AppResult<Vec<_>>>()?;
            let next_cursor = if items.len() as i64 == limit {
                items.last().map(|r| r.id)
            } else {
                None
            };
            Ok(ReservationsPage { items, next_cursor })
        })
        .await?;
    Ok(AppJson(page))
}

/// Cancel my waiting reservation: points back in full (keeping their expiry), goods back
/// on the shelf. Cancelling again returns it (200, `idempotent-replayed: true`); a
/// collected or expired one is a 409; someone else's is a 404.
#[utoipa::path(post, path = "/shop/reservations/{id}/cancel", tag = "shop",
    params(("id" = i64, Path, description = "Reservation (order) id")),
    responses(
        (status = 200, description = "The cancelled reservation", body = Reservation),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such reservation of mine", body = ErrorBody),
        (status = 409, description = "Already collected or expired", body = ErrorBody)))]
async fn cancel_reservation(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<(HeaderMap, AppJson<Reservation>)> {
    sweep(&state).await?;
    let (r, replayed) = state
        .db
        .write(move |tx| rules::cancel(tx, user.id, id, now()))
        .await?;
    state.catalogue.invalidate();
    Ok((replayed_headers(replayed), AppJson(r)))
}

/// The reservation of a scanned pickup QR or typed pickup code (kiosks and admins),
/// whatever its status, so the kiosk can say why a closed one cannot be handed over.
#[utoipa::path(get, path = "/kiosk/pickups/{code}", tag = "shop",
    params(("code" = String, Path, description = "The pickup QR text or the ten-digit code")),
    responses(
        (status = 200, description = "The reservation", body = Reservation),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a kiosk or admin", body = ErrorBody),
        (status = 404, description = "No reservation has this code", body = ErrorBody),
        (status = 422, description = "Not a pickup code, or a QR with a bad signature", body = ErrorBody)))]
async fn pickup(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(code): AppPath<String>,
) -> AppResult<AppJson<Reservation>> {
    user.require_anywhere(Role::Kiosk)?;
    sweep(&state).await?;
    let r = state.db.read(move |c| rules::lookup(c, &code)).await?;
    Ok(AppJson(r))
}

/// Hand a waiting reservation over (kiosks and admins) once the member has typed their
/// card PIN (checked as at the counter: wrong PINs count and lock the card): it becomes
/// `collected`, with when and by whom. A collected, cancelled or expired one is refused
/// with a 409 saying which.
#[utoipa::path(post, path = "/kiosk/pickups/{code}/collect", tag = "shop",
    params(("code" = String, Path, description = "The pickup QR text or the ten-digit code")),
    request_body = CollectPickupRequest,
    responses(
        (status = 200, description = "Handed over", body = Reservation),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a kiosk or admin", body = ErrorBody),
        (status = 404, description = "No reservation has this code", body = ErrorBody),
        (status = 409, description = "Already collected, cancelled or expired; or the member has no PIN", body = ErrorBody),
        (status = 422, description = "Not a pickup code, a QR with a bad signature, or a wrong or missing PIN", body = ErrorBody),
        (status = 429, description = "The member's card is locked after wrong PINs", body = ErrorBody)))]
async fn collect_pickup(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(code): AppPath<String>,
    AppJson(req): AppJson<CollectPickupRequest>,
) -> Result<AppJson<Reservation>, VerifyError> {
    user.require_anywhere(Role::Kiosk)?;
    sweep(&state).await?;
    let raw = code.clone();
    let number = state
        .db
        .write(move |tx| rules::member_card(tx, &raw, now()))
        .await?;
    let presented = cards::presented(&VerifyCardRequest {
        card_number: Some(number),
        pin: Some(req.pin),
        ..Default::default()
    })?;
    cards::verify_card(&state.db, &state.auth.passwords, presented, now()).await?;
    let r = state
        .db
        .write(move |tx| rules::collect(tx, user.id, &code, now()))
        .await?;
    Ok(AppJson(r))
}
