//! Giving points back: the one way to undo a transfer.
//!
//! An undo moves a transfer's amount back between its two accounts and is recorded
//! against it (`ledger_undos`), so a transfer is given back at most once whatever the
//! path; a second undo is a 409 from [`super::post_transfer`] itself, and the table's key
//! refuses it even if a caller forgot to ask. An undo is never undone (make an adjustment).
//!
//! A transfer that pays for something else is undone only through its owner: a shop
//! order's payment by the order's refund (an administrator's refund, or the member
//! cancelling a reservation, or the reservation expiring), which also puts the goods back;
//! a fee offset's points by the property company rejecting it. An administrator's
//! [`reverse`] covers the rest: earnings and awards, adjustments, donations, allocations
//! and expiries.

use linli_app::api::ledger::{TransferKind, TransferNote};
use linli_app::api::Reason;
use linli_app::validate;
use rusqlite::Connection;
use serde_json::json;

use super::{current_credit_expiry, fingerprint, post_transfer, AccountId, NewTransfer, Posted};
use crate::error::{AppError, AppResult};
use crate::store::ledger::{self as store, Owner, TransferRow};

/// What giving a transfer back needs to know; the amount and accounts come from it.
#[derive(Debug, Clone)]
pub struct Undo {
    pub original: i64,
    /// `Reverse` (pointing at the original) or `Refund`.
    pub kind: TransferKind,
    /// None for the system (a reservation's expiry).
    pub author: Option<i64>,
    pub reason: String,
    /// What the server gives it back for, worded for each reader; None: `reason` says it.
    pub note: Option<TransferNote>,
    pub key: String,
    pub manual: bool,
    pub meta: serde_json::Value,
    /// Overrides the content fingerprint (see [`NewTransfer::fingerprint`]).
    pub fingerprint: Option<String>,
}

impl Undo {
    /// A `reverse` transfer under the key `reverse:{original}`, entered by `author` with a
    /// reason: an administrator's reversal, or a fee offset's rejection.
    pub fn reversal(original: &TransferRow, author: i64, reason: String) -> Undo {
        Undo {
            original: original.id,
            kind: TransferKind::Reverse,
            author: Some(author),
            fingerprint: Some(fingerprint(&("reverse", original.id, author, &reason))),
            reason,
            note: None,
            key: format!("reverse:{}", original.id),
            manual: true,
            meta: json!({ "reverses": original.id, "kind": original.kind }),
        }
    }
}

/// Gives a transfer back once: its amount moves back from the account it credited to the
/// one it debited. Taking back a credit draws the very lot it created first; giving back
/// a debit opens a lot that keeps the latest expiry of the points it restores (see
/// [`restored_expiry`]). A retry under the same key replays; any other second undo of the
/// same transfer is a 409.
pub fn undo(conn: &Connection, u: Undo, now: i64) -> AppResult<Posted> {
    let original = store::transfer(conn, u.original)?.ok_or(AppError::NOT_FOUND)?;
    let postings = store::postings_of(conn, original.id)?;
    let debited = postings.iter().find(|p| p.1 < 0).map(|p| p.0);
    let credited = postings.iter().find(|p| p.1 > 0).map(|p| p.0);
    let (Some(debited), Some(credited)) = (debited, credited) else {
        return Err(AppError::Internal(format!(
            "transfer {} has no postings",
            u.original
        )));
    };
    let mut t = NewTransfer::new(
        u.kind,
        AccountId(credited),
        AccountId(debited),
        original.amount,
        u.reason,
        u.key,
    )
    .meta(u.meta)
    .credit_expires_at(restored_expiry(conn, original.id, now)?);
    t.author = u.author;
    t.manual = u.manual;
    t.undoes = Some(original.id);
    t.draw_first_lots = store::lots_created_by(conn, original.id)?;
    t.fingerprint = u.fingerprint;
    if let Some(note) = u.note {
        t = t.note(note);
    }
    post_transfer(conn, &t, now)
}

/// Refuses a second undo of `original` (by any path) and the undo of an undo; called by
/// the ledger for every transfer that gives another back.
pub(super) fn check_undoable(conn: &Connection, original: i64, amount: i64) -> AppResult<()> {
    let row = store::transfer(conn, original)?.ok_or(AppError::NOT_FOUND)?;
    refuse_second_undo(conn, &row)?;
    if row.amount != amount {
        return Err(AppError::Internal(format!(
            "an undo of transfer {original} must move {}, not {amount}",
            row.amount
        )));
    }
    Ok(())
}

fn refuse_second_undo(conn: &Connection, original: &TransferRow) -> AppResult<()> {
    if original.kind == TransferKind::Reverse || store::is_undo(conn, original.id)? {
        return Err(AppError::Refused(Reason::NotReversible));
    }
    if store::undo_of(conn, original.id)?.is_some() {
        return Err(AppError::Refused(Reason::AlreadyUndone));
    }
    Ok(())
}

/// An administrator's reversal, with a mandatory reason, of a transfer nothing else owns.
/// Repeating the same reversal returns it; a transfer given back already (reversed or
/// refunded), an undo, or a transfer an order or a fee offset owns is a 409 saying why.
pub fn reverse(
    conn: &Connection,
    admin_id: i64,
    transfer_id: i64,
    reason: &str,
    now: i64,
) -> AppResult<Posted> {
    let reason = validate::reason(reason)?;
    let original = store::transfer(conn, transfer_id)?.ok_or(AppError::NOT_FOUND)?;
    let u = Undo::reversal(&original, admin_id, reason);
    if let Some(existing) = store::transfer_by_key(conn, &u.key)? {
        return if Some(&existing.fingerprint) == u.fingerprint.as_ref() {
            Ok(Posted {
                transfer: existing,
                replayed: true,
                from_balance: None,
            })
        } else {
            Err(AppError::Refused(Reason::AlreadyReversed))
        };
    }
    refuse_second_undo(conn, &original)?;
    match store::owner_of(conn, transfer_id)? {
        Some(Owner::ShopOrder(_)) => Err(AppError::Refused(Reason::UndoThroughOrder)),
        Some(Owner::FeeOffset(_)) => Err(AppError::Refused(Reason::UndoThroughOffset)),
        None => undo(conn, u, now),
    }
}

/// When points given back for a debit lapse: the latest expiry among the lots the
/// original drew from (never, if any of them never lapses), or a fresh validity when that
/// moment has passed or the original drew no lots.
pub fn restored_expiry(conn: &Connection, transfer_id: i64, now: i64) -> AppResult<Option<i64>> {
    let drawn = store::drawn_lot_expiries(conn, transfer_id)?;
    if drawn.is_empty() {
        return current_credit_expiry(conn, now);
    }
    if drawn.iter().any(Option::is_none) {
        return Ok(None);
    }
    match drawn.into_iter().flatten().max() {
        Some(at) if at > now => Ok(Some(at)),
        _ => current_credit_expiry(conn, now),
    }
}
