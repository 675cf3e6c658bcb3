//! Points cards: every member has one, issued on first use. The phone shows a signed QR
//! token that lapses within a minute; the printed card needs the holder's PIN, and five
//! wrong PINs lock it for a quarter of an hour. Administrators block, unblock and reissue
//! cards; a reissue gives a new number to the same person (the ledger account is the
//! person's, so balance and history stay), and the old number is refused for good.
//!
//! [`verify_card`] is the one check the kiosk and team leaders' check-in call.

pub mod http;
pub mod token;

use linli_app::api::cards::{AdminCard, CardHolder, CardProof, CardStatus, VerifyCardRequest};
use linli_app::api::{ErrorCode, Reason};
use linli_app::cards::{self, DynamicToken, PinPolicy, Unreadable};
use linli_app::validate::{self, Problem};
use rand::{rngs::OsRng, Rng};
use rusqlite::Connection;
use serde_json::json;

use crate::audit;
use crate::auth::password::Passwords;
use crate::error::{AppError, AppResult};
use crate::ledger;
use crate::store::cards::{self as store, CardRow, PinRow};
use crate::store::Db;

/// Wrong PINs in a row that lock the printed card.
pub const MAX_PIN_FAILURES: i64 = 5;
/// How long the lock lasts.
pub const PIN_LOCK_SECS: i64 = 15 * 60;

/// Why a card was refused. `Locked` carries when the lock ends, for a Retry-After.
#[derive(Debug, Clone)]
pub enum VerifyError {
    Refused(AppError),
    Locked { until: i64, now: i64 },
}

impl From<AppError> for VerifyError {
    fn from(e: AppError) -> Self {
        VerifyError::Refused(e)
    }
}

impl VerifyError {
    /// The error body, without the wait.
    pub fn error(&self) -> AppError {
        match self {
            VerifyError::Refused(e) => e.clone(),
            VerifyError::Locked { .. } => AppError::Refused(Reason::CardLocked),
        }
    }
}

fn refused(reason: Reason) -> VerifyError {
    VerifyError::Refused(AppError::Refused(reason))
}

/// What was presented at the counter: the phone's token, or a number with its PIN.
#[derive(Debug, Clone, PartialEq)]
pub enum Presented {
    Token(DynamicToken),
    Card { number: String, pin: String },
}

impl Presented {
    /// The card number presented, either way.
    pub fn number(&self) -> &str {
        match self {
            Presented::Token(t) => &t.number,
            Presented::Card { number, .. } => number,
        }
    }
}

/// Reads a verification request: a scanned text (token, printed card, typed number) or a
/// typed card number; anything but a live token needs a well-formed PIN.
pub fn presented(req: &VerifyCardRequest) -> AppResult<Presented> {
    let read = cards::read_presented(
        req.qr.as_deref(),
        req.card_number.as_deref(),
        req.pin.as_deref(),
        PinPolicy::Required,
    )
    .map_err(|e| unreadable(e, "card_number"))?;
    match read {
        cards::Presented::Token(t) => Ok(Presented::Token(t)),
        cards::Presented::Card {
            number,
            pin: Some(pin),
        } => Ok(Presented::Card { number, pin }),
        cards::Presented::Card { pin: None, .. } => Err(unreadable(Unreadable::PinMissing, "")),
    }
}

/// The refusal for what could not be read; `nothing` names the field asked for when
/// nothing was presented.
pub fn unreadable(e: Unreadable, nothing: &'static str) -> AppError {
    match e {
        Unreadable::Nothing => AppError::invalid(nothing, Problem::Required),
        Unreadable::BadToken => AppError::Refused(Reason::CardTokenInvalid),
        Unreadable::BadNumber => AppError::Refused(Reason::BadCardNumber),
        Unreadable::PinMissing => AppError::invalid("pin", Problem::Required),
        Unreadable::PinMalformed => {
            AppError::invalid("pin", Problem::OutOfRange { min: 4, max: 6 })
        }
    }
}

// ---- issuing ---------------------------------------------------------------------------

/// A fresh random card number: the prefix, ten random digits and the check digit.
pub fn new_number() -> String {
    let mut body = String::with_capacity(cards::NUMBER_LEN);
    body.push(cards::NUMBER_PREFIX);
    for _ in 0..cards::NUMBER_LEN - 2 {
        body.push(char::from(b'0' + OsRng.gen_range(0..10u8)));
    }
    cards::with_check_digit(&body).expect("digits have a check digit")
}

/// Issues a new card to a person, drawing numbers until one is free.
fn issue(conn: &Connection, user_id: i64, now: i64) -> AppResult<CardRow> {
    for _ in 0..20 {
        if let Some(card) = store::insert_card(conn, user_id, &new_number(), now)? {
            return Ok(card);
        }
    }
    Err(AppError::Internal(
        "no free card number after 20 draws".into(),
    ))
}

/// A person's current card, issued on first use. 404 if there is no such person.
pub fn card_of(conn: &Connection, user_id: i64, now: i64) -> AppResult<CardRow> {
    if let Some(card) = store::current_card(conn, user_id)? {
        return Ok(card);
    }
    if store::holder(conn, user_id)?.is_none() {
        return Err(AppError::NOT_FOUND);
    }
    issue(conn, user_id, now)
}

/// Issues cards to everyone who has none (demo data).
pub fn issue_missing(conn: &Connection, now: i64) -> AppResult<usize> {
    let people = store::people_without_card(conn)?;
    for id in &people {
        issue(conn, *id, now)?;
    }
    Ok(people.len())
}

pub fn admin_card(conn: &Connection, card: &CardRow) -> AppResult<AdminCard> {
    let (name, phone) = store::holder(conn, card.user_id)?.ok_or(AppError::NOT_FOUND)?;
    Ok(AdminCard {
        user_id: card.user_id,
        name,
        phone: validate::mask_phone(&phone),
        number: card.number.clone(),
        status: card.status,
        static_qr: cards::static_qr(&card.number),
        issued_at: card.issued_at,
    })
}

// ---- status changes --------------------------------------------------------------------

/// What an administrator (or the holder) does to a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardAction {
    Block,
    Unblock,
    Reissue,
}

impl CardAction {
    fn audit_name(self) -> &'static str {
        match self {
            CardAction::Block => "card.block",
            CardAction::Unblock => "card.unblock",
            CardAction::Reissue => "card.reissue",
        }
    }
}

/// Blocks, unblocks or reissues a person's card, recording who, why and when. Blocking a
/// blocked card or unblocking an active one changes nothing. Returns the current card.
pub fn change(
    conn: &Connection,
    actor: i64,
    user_id: i64,
    action: CardAction,
    reason: &str,
    now: i64,
) -> AppResult<CardRow> {
    let card = card_of(conn, user_id, now)?;
    let after = match action {
        CardAction::Block | CardAction::Unblock => {
            let status = if action == CardAction::Block {
                CardStatus::Blocked
            } else {
                CardStatus::Active
            };
            if card.status == status {
                return Ok(card);
            }
            store::set_status(conn, card.id, status, reason, now)?;
            CardRow {
                status,
                ..card.clone()
            }
        }
        CardAction::Reissue => {
            store::set_status(conn, card.id, CardStatus::Replaced, reason, now)?;
            issue(conn, user_id, now)?
        }
    };
    audit::record(
        conn,
        actor,
        action.audit_name(),
        &format!("user:{user_id}"),
        json!({ "card": card.number, "new_card": after.number, "status": after.status,
                "reason": reason }),
    )?;
    Ok(after)
}

// ---- verification ----------------------------------------------------------------------

/// The card with this number, if it may be used: 404 unknown, 409 blocked or replaced.
fn usable_card(conn: &Connection, number: &str) -> Result<CardRow, VerifyError> {
    let card = store::card_by_number(conn, number)?.ok_or_else(|| refused(Reason::NoSuchCard))?;
    match card.status {
        CardStatus::Active => Ok(card),
        CardStatus::Blocked => Err(refused(Reason::CardBlocked)),
        CardStatus::Replaced => Err(refused(Reason::CardReplaced)),
    }
}

fn holder_of(conn: &Connection, card: &CardRow, proof: CardProof) -> AppResult<CardHolder> {
    let (name, phone) = store::holder(conn, card.user_id)?.ok_or(AppError::NOT_FOUND)?;
    Ok(CardHolder {
        user_id: card.user_id,
        name,
        phone: validate::mask_phone(&phone),
        balance: ledger::spending_balance(conn, card.user_id)?,
        card_number: card.number.clone(),
        proof,
    })
}

/// Wrong PINs already counted before a new attempt, or the end of a lock still running.
/// A lock that has passed forgives the failures that caused it.
pub fn failures_before_attempt(pin: &PinRow, now: i64) -> Result<i64, i64> {
    match pin.locked_until {
        Some(until) if until > now => Err(until),
        Some(_) => Ok(0),
        None => Ok(pin.failures),
    }
}

/// After a wrong PIN that brought the count to `failures`: when the lock ends, if any.
pub fn lock_after_failure(failures: i64, now: i64) -> Option<i64> {
    (failures >= MAX_PIN_FAILURES).then_some(now + PIN_LOCK_SECS)
}

/// The refusal of a wrong PIN, saying in words how many tries are left before the lock.
pub fn wrong_pin(tries_left: i64) -> Reason {
    match tries_left {
        4.. => Reason::WrongPinFourLeft,
        3 => Reason::WrongPinThreeLeft,
        2 => Reason::WrongPinTwoLeft,
        _ => Reason::WrongPinOneLeft,
    }
}

/// The card and the PIN hash to check against, read without the writer. A card locked
/// (or unusable, or without a PIN) is refused here, before its PIN is looked at.
fn before_check(
    conn: &Connection,
    number: &str,
    now: i64,
) -> Result<(CardRow, String), VerifyError> {
    let card = usable_card(conn, number)?;
    let pin = store::pin(conn, card.user_id)?.ok_or_else(|| refused(Reason::PinNotSet))?;
    failures_before_attempt(&pin, now).map_err(|until| VerifyError::Locked { until, now })?;
    Ok((card, pin.pin_hash))
}

/// What a checked PIN comes to, in one write transaction (commit it even when refusing:
/// that is what makes a failure count):
/// - a lock that began while this PIN was being checked refuses it, right or wrong, so
///   guesses racing the fifth failure learn nothing from their answer;
/// - otherwise a right PIN clears the failures, and a wrong one counts, the fifth locking
///   the card.
///
/// None when the PIN was changed meanwhile: it was checked against the old one.
fn settle_check(
    conn: &Connection,
    number: &str,
    checked_hash: &str,
    right: bool,
    now: i64,
) -> AppResult<Option<Result<CardHolder, VerifyError>>> {
    let card = match usable_card(conn, number) {
        Ok(card) => card,
        Err(e) => return Ok(Some(Err(e))),
    };
    let Some(pin) = store::pin(conn, card.user_id)? else {
        return Ok(Some(Err(refused(Reason::PinNotSet))));
    };
    if pin.pin_hash != checked_hash {
        return Ok(None);
    }
    let failures = match failures_before_attempt(&pin, now) {
        Ok(f) => f,
        Err(until) => return Ok(Some(Err(VerifyError::Locked { until, now }))),
    };
    if right {
        store::set_pin_state(conn, card.user_id, 0, None)?;
        return Ok(Some(Ok(holder_of(conn, &card, CardProof::Pin)?)));
    }
    let lock = lock_after_failure(failures + 1, now);
    store::set_pin_state(conn, card.user_id, failures + 1, lock)?;
    Ok(Some(Err(match lock {
        Some(until) => VerifyError::Locked { until, now },
        None => refused(wrong_pin(MAX_PIN_FAILURES - (failures + 1))),
    })))
}

/// Who holds the card behind a phone's live token: the token must carry the server's
/// signature over its exact text, be within its lifetime, and name a usable card. Only
/// reads, so it can run inside the transaction that acts on the holder.
pub fn token_holder(
    conn: &Connection,
    t: &DynamicToken,
    now: i64,
) -> Result<CardHolder, VerifyError> {
    let card = token_card(conn, t, now)?;
    Ok(holder_of(conn, &card, CardProof::Token)?)
}

/// The usable card behind a phone's live token, checked as [`token_holder`] does, without
/// the holder's details (the checkout needs only the card).
pub fn token_card(conn: &Connection, t: &DynamicToken, now: i64) -> Result<CardRow, VerifyError> {
    let secret = store::secret(conn, token::SECRET_NAME)?;
    token::check(secret.as_deref(), t, now)?;
    usable_card(conn, &t.number)
}

/// Who holds the card presented, and their balance, if it may be used now:
/// - a live token must carry the server's signature over its exact text and not be past
///   its expiry;
/// - a number needs the holder's PIN; the card locks after five wrong ones, counted as
///   they fail, never while in progress (the phone's token still works while the
///   printed card is locked);
/// - a blocked or replaced card is refused either way.
///
/// Runs its own transactions (a failure must be committed even when refusing), so call
/// it before the transaction that acts on the holder.
pub async fn verify_card(
    db: &Db,
    passwords: &Passwords,
    presented: Presented,
    now: i64,
) -> Result<CardHolder, VerifyError> {
    match presented {
        Presented::Token(t) => db.read(move |c| Ok(token_holder(c, &t, now))).await?,
        Presented::Card { number, pin } => {
            // The slow hash runs outside the writer, so right PINs checked at once never
            // wait on (or count against) each other; a PIN changed meanwhile is checked
            // again against the new one.
            for _ in 0..3 {
                let n = number.clone();
                let (card, hash) = db.read(move |c| Ok(before_check(c, &n, now))).await??;
                let right = passwords.verify(pin.clone(), Some(hash.clone())).await?;
                let settled = db
                    .write(move |tx| settle_check(tx, &card.number, &hash, right, now))
                    .await?;
                if let Some(outcome) = settled {
                    return outcome;
                }
            }
            Err(VerifyError::Refused(AppError::Code(ErrorCode::Conflict)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use linli_app::validate::Invalid;

    fn pin(failures: i64, locked_until: Option<i64>) -> PinRow {
        PinRow {
            pin_hash: String::new(),
            failures,
            locked_until,
        }
    }

    #[test]
    fn new_numbers_are_valid_and_differ() {
        let a = new_number();
        assert!(cards::is_valid_number(&a), "{a}");
        assert_ne!(a, new_number());
    }

    #[test]
    fn the_fifth_wrong_pin_locks_for_a_quarter_hour() {
        assert_eq!(lock_after_failure(4, 100), None);
        assert_eq!(lock_after_failure(5, 100), Some(100 + 15 * 60));
    }

    #[test]
    fn a_running_lock_refuses_and_a_passed_one_forgives() {
        assert_eq!(failures_before_attempt(&pin(3, None), 100), Ok(3));
        assert_eq!(failures_before_attempt(&pin(5, Some(200)), 100), Err(200));
        assert_eq!(failures_before_attempt(&pin(5, Some(200)), 200), Ok(0));
    }

    fn req(qr: Option<&str>, number: Option<&str>, pin: Option<&str>) -> VerifyCardRequest {
        VerifyCardRequest {
            qr: qr.map(Into::into),
            card_number: number.map(Into::into),
            pin: pin.map(Into::into),
        }
    }

    #[test]
    fn a_number_needs_a_pin_and_a_token_does_not() {
        let n = cards::with_check_digit("81234567890").unwrap();
        assert_eq!(
            presented(&req(None, Some(&cards::format_number(&n)), Some("1234"))).unwrap(),
            Presented::Card {
                number: n.clone(),
                pin: "1234".into()
            }
        );
        let e = presented(&req(Some(&cards::static_qr(&n)), None, None)).unwrap_err();
        assert!(matches!(e, AppError::Invalid(Invalid { field: "pin", .. })));
        let e = presented(&req(None, Some(&n), Some("12"))).unwrap_err();
        assert!(matches!(e, AppError::Invalid(Invalid { field: "pin", .. })));
        let tok = format!("linli:tok:{n}.1800000000.bm9uY2U.c2ln");
        assert!(matches!(
            presented(&req(Some(&tok), None, None)),
            Ok(Presented::Token(_))
        ));
        assert!(presented(&req(None, None, None)).is_err());
        assert!(presented(&req(None, Some("812345678900"), Some("1234"))).is_err());
    }
}
