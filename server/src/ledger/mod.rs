//! The points ledger: double-entry books every other feature posts to.
//!
//! Everything that moves points calls [`post_transfer`] inside a `Db::write`
//! transaction. It refuses an overspend, replays a retried idempotency key, keeps the
//! cached balances, lots and audit log in step, and never edits or deletes: corrections
//! are [`undo`]s (a reversal, a refund), each transfer given back at most once. Earning ([`earn_for_approved_hours`], [`award`]) prices
//! service with the current rules; [`expiry`] lapses what is left of old lots.

pub mod calendar;
pub mod demo;
pub mod earn;
pub mod expiry;
pub mod http;
pub mod lots;
pub mod rules;
pub mod standard;
pub mod transfer;
pub mod undo;

use linli_app::api::ledger::{AccountKind, AdjustRequest, TransferKind, TransferNote};
use linli_app::api::Reason;
use linli_app::validate;
use rusqlite::Connection;
use serde_json::json;

use crate::error::{AppError, AppResult};
use crate::store::ledger as store;

pub use earn::{award, earn_for_approved_hours, ApprovedHours, ServiceHours};
pub use expiry::expire_due;
pub use transfer::{fingerprint, AccountId, NewTransfer, Posted};
pub use undo::{reverse, undo, Undo};

/// Posts a transfer: one debit, one credit, atomically. The shop, the public-welfare bank
/// and the project board all call this inside their own `Db::write` transaction.
///
/// - The same idempotency key with the same content returns the original transfer
///   (`replayed: true`) and posts nothing; with other content it is a 409.
/// - A member or family account never goes below zero: an overspend is a 409
///   (`ErrInsufficientPoints`), never clamped. Lots already due lapse first.
/// - Debits draw the holder's lots oldest first; credits to a holder open a new lot.
/// - An undo ([`NewTransfer::undoes`]) is recorded against its original: a transfer is
///   given back at most once, by any path (a second is a 409, `ErrAlreadyUndone`), and
///   an undo is never undone itself.
/// - The transfer is written to the audit log.
///
/// On error nothing of this transfer remains (it runs in a savepoint), so a caller may
/// carry on with its transaction.
pub fn post_transfer(conn: &Connection, t: &NewTransfer, now: i64) -> AppResult<Posted> {
    in_savepoint(conn, || post(conn, t, now, true))
}

/// Runs `f` so that its writes vanish if it fails, whatever the caller does next.
pub(crate) fn in_savepoint<T>(conn: &Connection, f: impl FnOnce() -> AppResult<T>) -> AppResult<T> {
    // Prepared once per connection: every posting pays for these two.
    conn.prepare_cached("SAVEPOINT ledger_post")?.execute([])?;
    match f() {
        Ok(v) => {
            conn.prepare_cached("RELEASE ledger_post")?.execute([])?;
            Ok(v)
        }
        Err(e) => {
            conn.execute_batch("ROLLBACK TO ledger_post; RELEASE ledger_post")?;
            Err(e)
        }
    }
}

fn insufficient() -> AppError {
    AppError::Refused(Reason::InsufficientPoints)
}

fn no_such_account() -> AppError {
    AppError::Refused(Reason::NoSuchAccount)
}

/// The original transfer when `key` was already used with this content; a 409 when it was
/// used with other content; None for a new key.
pub fn replay(conn: &Connection, key: &str, fingerprint: &str) -> AppResult<Option<Posted>> {
    match store::transfer_by_key(conn, key)? {
        None => Ok(None),
        Some(t) if t.fingerprint == fingerprint => Ok(Some(Posted {
            transfer: t,
            replayed: true,
            from_balance: None,
        })),
        Some(_) => Err(AppError::Refused(Reason::IdempotencyKeyReused)),
    }
}

fn post(conn: &Connection, t: &NewTransfer, now: i64, lapse_due_first: bool) -> AppResult<Posted> {
    validate::points(t.amount)?;
    let reason = validate::reason(&t.reason)?;
    if t.idempotency_key.is_empty() || t.idempotency_key.len() > 200 {
        return Err(AppError::Internal(
            "idempotency key must be 1-200 bytes".into(),
        ));
    }
    if t.from == t.to {
        return Err(AppError::Internal("a transfer needs two accounts".into()));
    }
    let fp = t.content_fingerprint();
    if !t.fresh_key {
        if let Some(done) = replay(conn, &t.idempotency_key, &fp)? {
            return Ok(done);
        }
    }
    if let Some(original) = t.undoes {
        undo::check_undoable(conn, original, t.amount)?;
    }
    let from = store::account(conn, t.from.0)?.ok_or_else(no_such_account)?;
    let to = store::account(conn, t.to.0)?.ok_or_else(no_such_account)?;
    // A holder's open lots, read once: the lapse of due ones and the draw both use them.
    let mut open = Vec::new();
    if from.kind.is_holder() {
        open = store::open_lots(conn, from.id)?;
        let mut balance = from.balance;
        if lapse_due_first && open.iter().any(|l| lots::is_due(l, now)) {
            expiry::expire_account(conn, from.id, now)?;
            balance = store::account(conn, from.id)?.map_or(0, |a| a.balance);
            open = store::open_lots(conn, from.id)?;
        }
        // A clear refusal up front; the schema's CHECK is the backstop.
        if balance < t.amount {
            return Err(insufficient());
        }
    }

    let meta = serde_json::to_string(&t.meta).map_err(|e| AppError::Internal(e.to_string()))?;
    let note = (t.note.as_ref().map(serde_json::to_string).transpose())
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let reverses_id = t.undoes.filter(|_| t.kind == TransferKind::Reverse);
    let id = store::insert_transfer(
        conn,
        &store::TransferInsert {
            kind: t.kind,
            amount: t.amount,
            idempotency_key: &t.idempotency_key,
            fingerprint: &fp,
            author_id: t.author,
            reason: &reason,
            note: note.as_deref(),
            manual: t.manual,
            rule_version: t.rule_version,
            reverses_id,
            meta: &meta,
            created_at: now,
        },
    )?;
    if let Some(original) = t.undoes {
        store::insert_undo(conn, original, id)?;
    }
    let from_balance = store::post(conn, id, from.id, -t.amount)?;
    if from.kind.is_holder() {
        let order = lots::draw_order(open, &t.draw_first_lots);
        let draws = lots::plan_draws(&order, t.amount).ok_or_else(insufficient)?;
        for (lot, take) in draws {
            store::draw_lot(conn, id, lot, take)?;
        }
    }
    store::post(conn, id, to.id, t.amount)?;
    if to.kind.is_holder() {
        store::insert_lot(conn, to.id, id, t.amount, t.credit_expires_at, now)?;
    }
    let detail = json!({
        "kind": t.kind, "amount": t.amount, "from": from.id, "to": to.id,
        "reason": reason, "note": t.note, "manual": t.manual, "undoes": t.undoes,
    });
    store::audit(
        conn,
        t.author,
        &format!("points.{}", t.kind.as_str()),
        &format!("transfer:{id}"),
        &detail.to_string(),
        now,
    )?;
    // The row as written: nothing to read back.
    let transfer = store::TransferRow {
        id,
        kind: t.kind,
        amount: t.amount,
        idempotency_key: t.idempotency_key.clone(),
        fingerprint: fp,
        author_id: t.author,
        reason,
        note: t.note.clone(),
        manual: t.manual,
        rule_version: t.rule_version,
        reverses_id,
        meta,
        created_at: now,
    };
    Ok(Posted {
        transfer,
        replayed: false,
        from_balance: Some(from_balance),
    })
}

// ---- accounts --------------------------------------------------------------------------

/// A member's account, opened on first use. 404 if there is no such person.
pub fn member_account(conn: &Connection, user_id: i64, now: i64) -> AppResult<AccountId> {
    if let Some(a) = store::account_of_user(conn, user_id)? {
        return Ok(AccountId(a.id));
    }
    if !store::user_exists(conn, user_id)? {
        return Err(no_such_account());
    }
    Ok(AccountId(store::insert_member_account(conn, user_id, now)?))
}

/// A registered family's account, opened on first use.
pub fn family_account(
    conn: &Connection,
    family_id: i64,
    name: &str,
    now: i64,
) -> AppResult<AccountId> {
    if let Some(a) = store::account_of_family(conn, family_id)? {
        return Ok(AccountId(a.id));
    }
    Ok(AccountId(store::insert_family_account(
        conn, family_id, name, now,
    )?))
}

/// The account of a system kind: issuance, shop, fee offset or charity pool.
pub fn system_account(conn: &Connection, kind: AccountKind) -> AppResult<AccountId> {
    if kind.is_holder() {
        return Err(AppError::Internal(format!(
            "{kind:?} is not a system account"
        )));
    }
    Ok(AccountId(store::system_account(conn, kind)?.id))
}

/// The account `user_id` spends from in the shop: their family's when they are linked
/// to an active one (二次公益: they spend for it), their own otherwise.
pub fn spending_account(conn: &Connection, user_id: i64, now: i64) -> AppResult<AccountId> {
    Ok(spender(conn, user_id, now)?.account)
}

/// Who pays in the shop: the account [`spending_account`] names, and what the member's
/// balance reads ([`spending_balance`]) once it has paid, known from the payment itself.
pub struct Spender {
    pub account: AccountId,
    /// An active family that has no account yet: the member pays from their own, but
    /// their balance reads the family's, which is nothing.
    family_without_account: bool,
}

impl Spender {
    /// [`spending_balance`] right after `paid` was posted from this spender's account.
    pub fn balance_after(&self, paid: &Posted) -> AppResult<i64> {
        if self.family_without_account {
            return Ok(0);
        }
        paid.from_balance
            .ok_or_else(|| AppError::Internal("a payment replayed inside its sale".into()))
    }
}

/// See [`Spender`].
pub fn spender(conn: &Connection, user_id: i64, now: i64) -> AppResult<Spender> {
    let family = crate::store::bank::family_of_user(conn, user_id)?.filter(|f| f.active);
    let account = match family.as_ref().filter(|f| f.account_id > 0) {
        Some(f) => AccountId(f.account_id),
        None => member_account(conn, user_id, now)?,
    };
    Ok(Spender {
        account,
        family_without_account: family.is_some_and(|f| f.account_id == 0),
    })
}

/// The balance `user_id` spends from (see [`spending_account`]).
pub fn spending_balance(conn: &Connection, user_id: i64) -> AppResult<i64> {
    match crate::store::bank::family_of_user(conn, user_id)?.filter(|f| f.active) {
        Some(f) => Ok(f.balance),
        None => balance_of_user(conn, user_id),
    }
}

/// A member's balance (zero before their first transfer).
pub fn balance_of_user(conn: &Connection, user_id: i64) -> AppResult<i64> {
    Ok(store::account_of_user(conn, user_id)?.map_or(0, |a| a.balance))
}

/// The expiry a credit gets under the current rules.
pub fn current_credit_expiry(conn: &Connection, now: i64) -> AppResult<Option<i64>> {
    let rules = store::current_rules(conn)?;
    Ok(rules::expires_at(rules.rules.validity, now))
}

// ---- member and admin operations -------------------------------------------------------

/// A member gives points to the charity pool (公益积分池). The client's key is namespaced
/// by the member, so two members can never collide.
pub fn donate_to_pool(
    conn: &Connection,
    user_id: i64,
    amount: i64,
    client_key: &str,
    now: i64,
) -> AppResult<Posted> {
    let amount = validate::points(amount)?;
    let key = validate::idempotency_key(client_key)?;
    let from = member_account(conn, user_id, now)?;
    let pool = system_account(conn, AccountKind::CharityPool)?;
    let t = NewTransfer::new(
        TransferKind::Donate,
        from,
        pool,
        amount,
        String::new(),
        format!("donate:{user_id}:{key}"),
    )
    .note(TransferNote::PoolDonation)
    .by(user_id);
    post_transfer(conn, &t, now)
}

/// An administrator's manual correction: credits (from issuance) or debits (back to
/// issuance) a member, flagged as manual. A debit cannot take a member below zero.
pub fn adjust(
    conn: &Connection,
    admin_id: i64,
    req: &AdjustRequest,
    now: i64,
) -> AppResult<Posted> {
    let amount = validate::adjustment(req.amount)?;
    let reason = validate::reason(&req.reason)?;
    let key = validate::idempotency_key(&req.idempotency_key)?;
    let member = member_account(conn, req.user_id, now)?;
    let issuance = system_account(conn, AccountKind::Issuance)?;
    let (from, to) = if amount > 0 {
        (issuance, member)
    } else {
        (member, issuance)
    };
    let t = NewTransfer::new(
        TransferKind::Adjust,
        from,
        to,
        amount.abs(),
        reason,
        format!("adjust:{key}"),
    )
    .by(admin_id)
    .manual()
    .meta(json!({ "user_id": req.user_id }))
    .credit_expires_at(current_credit_expiry(conn, now)?);
    post_transfer(conn, &t, now)
}

/// The invariants of the books that fail (empty when all hold): zero-sum transfers,
/// balances equal to postings and to lots, no holder below zero, expiry only of due lots.
pub fn broken_invariants(conn: &Connection) -> AppResult<Vec<String>> {
    store::broken_invariants(conn)
}
