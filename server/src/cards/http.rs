//! The points-card API: my card, its PIN and live token, reporting it lost; verification
//! for kiosks and team leaders; administrators' block, unblock, reissue and print list.

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use linli_app::api::cards::{
    AdminCard, BlockMyCard, CardActionRequest, CardHolder, CardRecord, CardStatus, CardToken,
    CardsQuery, MyCard, SetPinRequest, VerifyCardRequest,
};
use linli_app::api::{ErrorBody, Reason};
use linli_app::cards;
use linli_app::roles::Role;
use linli_app::validate::{self, Invalid, Problem};
use rusqlite::Connection;
use serde_json::json;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{CardAction, VerifyError};
use crate::audit;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppJson, AppPath, AppQuery, AppResult};
use crate::store::{self, cards as store_cards, now};
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_card))
        .routes(routes!(set_pin))
        .routes(routes!(my_token))
        .routes(routes!(block_my_card))
        .routes(routes!(verify))
        .routes(routes!(printable))
        .routes(routes!(card_history))
        .routes(routes!(admin_block))
        .routes(routes!(admin_unblock))
        .routes(routes!(admin_reissue))
}

impl IntoResponse for VerifyError {
    fn into_response(self) -> Response {
        let wait = match &self {
            VerifyError::Locked { until, now } => Some((until - now).max(1)),
            VerifyError::Refused(_) => None,
        };
        let mut resp = self.error().into_response();
        if let Some(secs) = wait {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        resp
    }
}

/// My card as I see it; issues it first if needed (so call it in a write).
fn my_card_view(conn: &Connection, user_id: i64) -> AppResult<MyCard> {
    let card = super::card_of(conn, user_id, now())?;
    card_view(conn, card)
}

fn card_view(conn: &Connection, card: store_cards::CardRow) -> AppResult<MyCard> {
    let user_id = card.user_id;
    let pin = store_cards::pin(conn, user_id)?;
    let locked_until = pin
        .as_ref()
        .and_then(|p| p.locked_until)
        .filter(|u| *u > now());
    Ok(MyCard {
        static_qr: cards::static_qr(&card.number),
        number: card.number,
        status: card.status,
        has_pin: pin.is_some(),
        locked_until,
        issued_at: card.issued_at,
    })
}

/// My points card (issued on first look): number, status, whether a PIN is set.
#[utoipa::path(get, path = "/me/card", tag = "cards",
    responses(
        (status = 200, description = "My current card", body = MyCard),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
async fn my_card(State(state): State<AppState>, user: CurrentUser) -> AppResult<AppJson<MyCard>> {
    let uid = user.id;
    let issued = state
        .db
        .read(move |c| {
            store_cards::current_card(c, uid)?
                .map(|card| card_view(c, card))
                .transpose()
        })
        .await?;
    let card = match issued {
        Some(card) => card,
        None => state.db.write(move |tx| my_card_view(tx, uid)).await?,
    };
    Ok(AppJson(card))
}

/// Set my card PIN (4–6 digits, stored as an argon2id hash). Changing an existing PIN
/// also needs my account password. A new PIN lifts a wrong-PIN lock.
#[utoipa::path(put, path = "/me/card/pin", tag = "cards",
    request_body = SetPinRequest,
    responses(
        (status = 200, description = "PIN set", body = MyCard),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Wrong account password", body = ErrorBody),
        (status = 422, description = "PIN not 4–6 digits, or password missing", body = ErrorBody)))]
async fn set_pin(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<SetPinRequest>,
) -> AppResult<AppJson<MyCard>> {
    if !cards::is_valid_pin(&req.pin) {
        return Err(AppError::Invalid(Invalid {
            field: "pin",
            problem: Problem::OutOfRange { min: 4, max: 6 },
        }));
    }
    let uid = user.id;
    let (has_pin, password_hash) = state
        .db
        .read(move |c| {
            Ok((
                store_cards::pin(c, uid)?.is_some(),
                store_cards::password_hash(c, uid)?,
            ))
        })
        .await?;
    if has_pin {
        let password = req
            .password
            .clone()
            .filter(|p| !p.is_empty())
            .ok_or(AppError::Invalid(Invalid {
                field: "password",
                problem: Problem::Required,
            }))?;
        if !state.auth.passwords.verify(password, password_hash).await? {
            return Err(AppError::Refused(Reason::WrongPassword));
        }
    }
    let hash = state.auth.passwords.hash(req.pin).await?;
    let card = state
        .db
        .write(move |tx| {
            store_cards::set_pin(tx, uid, &hash, now())?;
            audit::record(tx, uid, "card.pin.set", &format!("user:{uid}"), json!({}))?;
            my_card_view(tx, uid)
        })
        .await?;
    Ok(AppJson(card))
}

fn live_token(card: &store_cards::CardRow, secret: &[u8], now: i64) -> AppResult<CardToken> {
    if card.status != CardStatus::Active {
        return Err(AppError::Refused(Reason::CardBlocked));
    }
    Ok(super::token::issue(secret, &card.number, now))
}

/// A live QR token for my card, valid for 60 s; fetch a new one every 30 s.
#[utoipa::path(post, path = "/me/card/token", tag = "cards",
    responses(
        (status = 200, description = "The token to show as a QR code", body = CardToken),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 409, description = "My card is blocked", body = ErrorBody)))]
async fn my_token(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<AppJson<CardToken>> {
    // The phone asks every 30 s: once the card and the key exist, a read suffices and the
    // writer stays free for checkouts.
    let uid = user.id;
    let ready = state
        .db
        .read(move |c| {
            let card = store_cards::current_card(c, uid)?;
            let secret = store_cards::secret(c, super::token::SECRET_NAME)?;
            Ok(card.zip(secret))
        })
        .await?;
    let token = match ready {
        Some((card, secret)) => live_token(&card, &secret, now())?,
        None => {
            state
                .db
                .write(move |tx| {
                    let now = now();
                    let card = super::card_of(tx, uid, now)?;
                    live_token(&card, &super::token::secret(tx, now)?, now)
                })
                .await?
        }
    };
    Ok(AppJson(token))
}

/// Report my card lost or photographed: it is refused at once until an administrator
/// unblocks or reissues it.
#[utoipa::path(post, path = "/me/card/block", tag = "cards",
    request_body = BlockMyCard,
    responses(
        (status = 200, description = "Blocked", body = MyCard),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 422, description = "Reason too long", body = ErrorBody)))]
async fn block_my_card(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<BlockMyCard>,
) -> AppResult<AppJson<MyCard>> {
    let reason = match req.reason.as_deref().filter(|r| !r.trim().is_empty()) {
        Some(r) => validate::reason(r)?,
        None => "本人挂失".to_string(),
    };
    let card = state
        .db
        .write(move |tx| {
            super::change(tx, user.id, user.id, CardAction::Block, &reason, now())?;
            my_card_view(tx, user.id)
        })
        .await?;
    Ok(AppJson(card))
}

/// Check a card at the counter (kiosks, team leaders and admins): the phone's live QR
/// token, or a printed card / typed number with its PIN. Answers who holds it and their
/// balance. Five wrong PINs lock the card for 15 minutes (429 with Retry-After).
#[utoipa::path(post, path = "/cards/verify", tag = "cards",
    request_body = VerifyCardRequest,
    responses(
        (status = 200, description = "The card holder", body = CardHolder),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a kiosk, team leader or admin", body = ErrorBody),
        (status = 404, description = "No such card", body = ErrorBody),
        (status = 409, description = "Card blocked or replaced, or no PIN set", body = ErrorBody),
        (status = 422, description = "Expired or tampered token, bad number, wrong or missing PIN", body = ErrorBody),
        (status = 429, description = "Locked after five wrong PINs", body = ErrorBody)))]
async fn verify(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<VerifyCardRequest>,
) -> Result<AppJson<CardHolder>, VerifyError> {
    if !user.has_role_anywhere(Role::Kiosk) && !user.has_role_anywhere(Role::TeamLeader) {
        return Err(AppError::FORBIDDEN.into());
    }
    let presented = super::presented(&req)?;
    let holder = super::verify_card(&state.db, &state.auth.passwords, presented, now()).await?;
    Ok(AppJson(holder))
}

/// 403 unless `user` administers `target` (404 for admins if there is no such person).
fn may_administer(conn: &Connection, user: &CurrentUser, target: i64) -> AppResult<()> {
    user.require_anywhere(Role::Admin)?;
    if !store::accounts::user_exists(conn, target)? {
        return Err(AppError::NOT_FOUND);
    }
    let paths = store::accounts::node_paths(conn, target)?;
    if user.administers_any(&paths) {
        Ok(())
    } else {
        Err(AppError::FORBIDDEN)
    }
}

/// Cards to print: a team's members (admins over the team) or people whose name, phone or
/// card number matches `q` (global admins). Cards are issued to those without one.
#[utoipa::path(get, path = "/admin/cards", tag = "cards",
    params(CardsQuery),
    responses(
        (status = 200, description = "Holders with card numbers and QR texts", body = Vec<AdminCard>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin over the team", body = ErrorBody),
        (status = 404, description = "No such team", body = ErrorBody),
        (status = 422, description = "Neither team_id nor q given", body = ErrorBody)))]
async fn printable(
    State(state): State<AppState>,
    user: CurrentUser,
    AppQuery(q): AppQuery<CardsQuery>,
) -> AppResult<AppJson<Vec<AdminCard>>> {
    user.require_anywhere(Role::Admin)?;
    let text = validate::search_text(q.q.as_deref().unwrap_or(""))?;
    let cards = state
        .db
        .write(move |tx| {
            let people = match (q.team_id, text) {
                (Some(team), _) => {
                    user.require(tx, Role::Admin, team)?;
                    store_cards::team_people(tx, team)?
                }
                (None, Some(text)) => {
                    user.require_global_admin()?;
                    store_cards::matching_people(tx, &text)?
                }
                (None, None) => {
                    return Err(AppError::Invalid(Invalid {
                        field: "team_id",
                        problem: Problem::Required,
                    }))
                }
            };
            let now = now();
            people
                .iter()
                .map(|(id, _, _)| super::admin_card(tx, &super::card_of(tx, *id, now)?))
                .collect()
        })
        .await?;
    Ok(AppJson(cards))
}

/// Every card a person has had, newest first (admins over the person).
#[utoipa::path(get, path = "/admin/cards/{user_id}", tag = "cards",
    params(("user_id" = i64, Path, description = "Person id")),
    responses(
        (status = 200, description = "Cards, newest first", body = Vec<CardRecord>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin over this person", body = ErrorBody),
        (status = 404, description = "No such person", body = ErrorBody)))]
async fn card_history(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(user_id): AppPath<i64>,
) -> AppResult<AppJson<Vec<CardRecord>>> {
    let cards = state
        .db
        .read(move |c| {
            may_administer(c, &user, user_id)?;
            store_cards::history(c, user_id)
        })
        .await?;
    Ok(AppJson(cards))
}

async fn admin_change(
    state: &AppState,
    user: CurrentUser,
    user_id: i64,
    action: CardAction,
    reason: &str,
) -> AppResult<AppJson<AdminCard>> {
    let reason = validate::reason(reason)?;
    let card = state
        .db
        .write(move |tx| {
            may_administer(tx, &user, user_id)?;
            let card = super::change(tx, user.id, user_id, action, &reason, now())?;
            super::admin_card(tx, &card)
        })
        .await?;
    Ok(AppJson(card))
}

/// Block a person's card, with a reason (audited).
#[utoipa::path(post, path = "/admin/cards/{user_id}/block", tag = "cards",
    params(("user_id" = i64, Path, description = "Person id")),
    request_body = CardActionRequest,
    responses(
        (status = 200, description = "The blocked card", body = AdminCard),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin over this person", body = ErrorBody),
        (status = 404, description = "No such person", body = ErrorBody),
        (status = 422, description = "Missing reason", body = ErrorBody)))]
async fn admin_block(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(user_id): AppPath<i64>,
    AppJson(req): AppJson<CardActionRequest>,
) -> AppResult<AppJson<AdminCard>> {
    admin_change(&state, user, user_id, CardAction::Block, &req.reason).await
}

/// Unblock a person's card, with a reason (audited).
#[utoipa::path(post, path = "/admin/cards/{user_id}/unblock", tag = "cards",
    params(("user_id" = i64, Path, description = "Person id")),
    request_body = CardActionRequest,
    responses(
        (status = 200, description = "The active card", body = AdminCard),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin over this person", body = ErrorBody),
        (status = 404, description = "No such person", body = ErrorBody),
        (status = 422, description = "Missing reason", body = ErrorBody)))]
async fn admin_unblock(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(user_id): AppPath<i64>,
    AppJson(req): AppJson<CardActionRequest>,
) -> AppResult<AppJson<AdminCard>> {
    admin_change(&state, user, user_id, CardAction::Unblock, &req.reason).await
}

/// Reissue a person's card: a new number for the same account; the old number is refused
/// from now on. Balance, history and PIN stay with the person.
#[utoipa::path(post, path = "/admin/cards/{user_id}/reissue", tag = "cards",
    params(("user_id" = i64, Path, description = "Person id")),
    request_body = CardActionRequest,
    responses(
        (status = 201, description = "The new card", body = AdminCard),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin over this person", body = ErrorBody),
        (status = 404, description = "No such person", body = ErrorBody),
        (status = 422, description = "Missing reason", body = ErrorBody)))]
async fn admin_reissue(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(user_id): AppPath<i64>,
    AppJson(req): AppJson<CardActionRequest>,
) -> AppResult<(StatusCode, AppJson<AdminCard>)> {
    let card = admin_change(&state, user, user_id, CardAction::Reissue, &req.reason).await?;
    Ok((StatusCode::CREATED, card))
}
