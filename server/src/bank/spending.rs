//! Families in difficulty spend the points given to them (二次公益), at the kiosk and from
//! a phone, through the same checkout as members: the one difference is whose account a
//! card (or a signed-in person) pays from ([`crate::ledger::spending_account`]). A person
//! linked to an active family spends for it: their card and their reservations draw on
//! the family's account, with the same limits, receipts and one-transaction ledger
//! posting as a member's.
//!
//! A family gets a card like anyone: a case worker issues it, with a PIN, to the person
//! linked to the family, or, when no one is linked (an elderly member without a phone),
//! to a holder made for the family that cannot sign in; the case worker may keep the
//! printed card for them.

use axum::extract::State;
use axum::http::StatusCode;
use linli_app::api::bank::{FamilyCard, IssueFamilyCard};
use linli_app::api::ErrorBody;
use linli_app::cards;
use linli_app::roles::Role;
use linli_app::validate::{Invalid, Problem};
use rusqlite::Connection;
use serde_json::json;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::audit;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppJson, AppPath, AppResult};
use crate::store::bank::{self as store, FamilyChange};
use crate::store::{accounts, cards as card_store, now};
use crate::AppState;

/// The phone column of a family's own card holder: unique, and never a number anyone
/// can sign in with (sign-in takes 11 digits).
fn holder_phone(family_id: i64) -> String {
    format!("family-{family_id}")
}

/// Issues (or returns) the family's card and sets its PIN (`pin_hash`, already hashed).
pub fn issue_family_card(
    conn: &Connection,
    actor: i64,
    family_id: i64,
    pin_hash: &str,
    now: i64,
) -> AppResult<FamilyCard> {
    let family = super::receiving_family(conn, family_id)?;
    super::account_of(conn, &family, now)?;
    let holder = match family.user_id {
        Some(u) => u,
        None => {
            // An unusable password hash: the holder never signs in.
            let u =
                accounts::insert_user(conn, &family.full_name, &holder_phone(family_id), "!", now)?;
            store::update_family(
                conn,
                family_id,
                &FamilyChange {
                    user_id: Some(Some(u)),
                    ..Default::default()
                },
            )?;
            u
        }
    };
    let card = crate::cards::card_of(conn, holder, now)?;
    card_store::set_pin(conn, holder, pin_hash, now)?;
    audit::record(
        conn,
        actor,
        "bank.family.card",
        &format!("family:{family_id}"),
        json!({ "user_id": holder, "card": card.number }),
    )?;
    let (holder_name, _) = card_store::holder(conn, holder)?.ok_or(AppError::NOT_FOUND)?;
    Ok(FamilyCard {
        family_id,
        user_id: holder,
        holder_name,
        number: card.number,
        balance: crate::ledger::spending_balance(conn, holder)?,
    })
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(issue_card))
}

/// Give a family a points card with a PIN (case workers: reviewers or admins): to the
/// person linked to it, or to a holder made for the family. Its checkouts and
/// reservations spend the family's points. Issuing again keeps the card and sets the PIN.
#[utoipa::path(post, path = "/admin/bank/families/{id}/card", tag = "bank",
    params(("id" = i64, Path, description = "Family id")),
    request_body = IssueFamilyCard,
    responses(
        (status = 201, description = "The family's card", body = FamilyCard),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a reviewer or admin", body = ErrorBody),
        (status = 404, description = "No such family", body = ErrorBody),
        (status = 409, description = "The family is not receiving points", body = ErrorBody),
        (status = 422, description = "PIN not 4–6 digits", body = ErrorBody)))]
async fn issue_card(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<IssueFamilyCard>,
) -> AppResult<(StatusCode, AppJson<FamilyCard>)> {
    user.require_anywhere(Role::Reviewer)?;
    if !cards::is_valid_pin(&req.pin) {
        return Err(AppError::Invalid(Invalid {
            field: "pin",
            problem: Problem::OutOfRange { min: 4, max: 6 },
        }));
    }
    let hash = state.auth.passwords.hash(req.pin).await?;
    let card = state
        .db
        .write(move |tx| issue_family_card(tx, user.id, id, &hash, now()))
        .await?;
    Ok((StatusCode::CREATED, AppJson(card)))
}
