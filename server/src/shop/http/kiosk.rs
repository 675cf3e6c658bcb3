//! The kiosk (kiosks and admins): the member at the counter and the checkout.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use linli_app::api::cards::VerifyCardRequest;
use linli_app::api::shop::{CheckoutRequest, KioskMember, Receipt};
use linli_app::api::{ErrorBody, Reason};
use linli_app::roles::Role;
use serde_json::json;

use super::super::checkout;
use super::replayed_headers;
use crate::accounts::handlers::end_session;
use crate::audit;
use crate::auth::CurrentUser;
use crate::cards::{self, VerifyError};
use crate::error::{AppError, AppJson};
use crate::store::{self as db, now};
use crate::AppState;

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
pub(super) async fn kiosk_member(
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
pub(super) async fn checkout_handler(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<CheckoutRequest>,
) -> Result<(StatusCode, HeaderMap, AppJson<Receipt>), VerifyError> {
    user.require_anywhere(Role::Kiosk)?;
    let (receipt, replayed) =
        checkout::at_kiosk(&state.db, &state.auth.passwords, user.id, req).await?;
    state.catalogue.invalidate();
    let status = if replayed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, replayed_headers(replayed), AppJson(receipt)))
}

/// Whether a set of grants makes its holder an administrator somewhere: who may unlock
/// a kiosk.
fn unlocks_kiosks(grants: &[crate::auth::Grant]) -> bool {
    grants.iter().any(|g| g.role == Role::Admin)
}

/// Signs the kiosk out (kiosk accounts; anyone else may simply sign out): an
/// administrator presents their card, the phone's live QR or the number with the PIN,
/// checked as at the counter (wrong PINs count and lock the card). A card that is not an
/// administrator's is refused (403). The sign-out is audited with who unlocked it.
#[utoipa::path(post, path = "/kiosk/sign-out", tag = "shop",
    request_body = VerifyCardRequest,
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a kiosk, or not an administrator's card", body = ErrorBody),
        (status = 404, description = "No such card", body = ErrorBody),
        (status = 409, description = "Card blocked or replaced, or no PIN set", body = ErrorBody),
        (status = 422, description = "Expired or tampered token, bad number, wrong or missing PIN", body = ErrorBody),
        (status = 429, description = "Locked after five wrong PINs", body = ErrorBody)))]
pub(super) async fn kiosk_sign_out(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<VerifyCardRequest>,
) -> Result<Response, VerifyError> {
    user.require_anywhere(Role::Kiosk)?;
    let presented = cards::presented(&req)?;
    let holder = cards::verify_card(&state.db, &state.auth.passwords, presented, now()).await?;
    let (admin, kiosk) = (holder.user_id, user.id);
    state
        .db
        .write(move |tx| {
            if !unlocks_kiosks(&db::accounts::grants(tx, admin)?) {
                return Err(AppError::Refused(Reason::KioskUnlockNotAdmin));
            }
            audit::record(
                tx,
                admin,
                "kiosk.sign_out",
                &format!("user:{kiosk}"),
                json!({}),
            )
        })
        .await?;
    Ok(end_session(&state, user.session_hash).await?)
}
