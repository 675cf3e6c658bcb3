//! The public-welfare bank (公益银行): points given on, second time round ("二次公益").
//!
//! - Administrators register families in difficulty; each gets a ledger family account.
//!   Residents see only a category and the first character of the name.
//! - Members donate to the charity pool or to a named family (`donate` transfers).
//! - Case workers (reviewers, or admins) allocate pool points to families (`allocate`).
//! - A family spends in the shop through the person linked to it: the shop charges
//!   [`crate::ledger::spending_account`] when that person chooses to pay from the family's points.
//! - Property-fee offsets are in [`offsets`].
//!
//! Family points never expire: they are given for need, not earned.

pub mod companies;
pub mod http;
pub mod offsets;
pub mod spending;

use linli_app::api::bank::{
    AllocateRequest, Allocation, BankDonateRequest, BankOverview, CreateFamily, Family,
    PublicFamily, UpdateFamily,
};
use linli_app::api::ledger::{AccountKind, TransferKind, TransferNote};
use linli_app::api::Reason;
use linli_app::bank::mask_name;
use linli_app::validate::{self, Invalid, Problem};
use rusqlite::Connection;
use serde_json::json;

use crate::audit;
use crate::error::{AppError, AppResult};
use crate::ledger::{self, AccountId, NewTransfer, Posted};
use crate::store::bank::{self as store, FamilyChange, FamilyInsert};
use crate::store::{accounts, ledger as ledger_store};

/// A text of `min..=max` characters after trimming (`min` 0 allows blank).
fn text(field: &'static str, raw: &str, min: usize, max: usize) -> AppResult<String> {
    Ok(validate::text(field, raw, min, max)?)
}

fn known_person(conn: &Connection, user_id: i64) -> AppResult<i64> {
    if accounts::user_exists(conn, user_id)? {
        Ok(user_id)
    } else {
        Err(Invalid {
            field: "user_id",
            problem: Problem::UnknownOption,
        }
        .into())
    }
}

fn existing_family(conn: &Connection, id: i64) -> AppResult<Family> {
    store::family(conn, id)?.ok_or(AppError::NOT_FOUND)
}

/// A family that may receive points now: 404 unknown, 409 inactive.
fn receiving_family(conn: &Connection, id: i64) -> AppResult<Family> {
    let f = existing_family(conn, id)?;
    if !f.active {
        return Err(AppError::Refused(Reason::FamilyInactive));
    }
    Ok(f)
}

/// Registers a family in difficulty and opens its ledger account.
pub fn register_family(
    conn: &Connection,
    actor: i64,
    req: &CreateFamily,
    now: i64,
) -> AppResult<Family> {
    let full_name = text("full_name", &req.full_name, 1, 32)?;
    let contact = text("contact", &req.contact, 0, 64)?;
    let note = text("note", &req.note, 0, 200)?;
    let user_id = req.user_id.map(|u| known_person(conn, u)).transpose()?;
    let id = store::insert_family(
        conn,
        &FamilyInsert {
            full_name: &full_name,
            category: req.category,
            contact: &contact,
            note: &note,
            user_id,
            created_by: actor,
            now,
        },
    )?;
    ledger::family_account(conn, id, &full_name, now)?;
    audit::record(
        conn,
        actor,
        "bank.family.register",
        &format!("family:{id}"),
        json!({ "category": req.category, "user_id": user_id }),
    )?;
    existing_family(conn, id)
}

/// Changes a family's details, linked person or whether it receives points.
pub fn update_family(
    conn: &Connection,
    actor: i64,
    id: i64,
    req: &UpdateFamily,
) -> AppResult<Family> {
    existing_family(conn, id)?;
    let full_name = req
        .full_name
        .as_deref()
        .map(|n| text("full_name", n, 1, 32))
        .transpose()?;
    let contact = req
        .contact
        .as_deref()
        .map(|c| text("contact", c, 0, 64))
        .transpose()?;
    let note = req
        .note
        .as_deref()
        .map(|n| text("note", n, 0, 200))
        .transpose()?;
    let user_id = match (req.unlink_user, req.user_id) {
        (true, _) => Some(None),
        (false, Some(u)) => Some(Some(known_person(conn, u)?)),
        (false, None) => None,
    };
    let change = FamilyChange {
        full_name: full_name.as_deref(),
        category: req.category,
        contact: contact.as_deref(),
        note: note.as_deref(),
        user_id,
        active: req.active,
    };
    store::update_family(conn, id, &change)?;
    audit::record(
        conn,
        actor,
        "bank.family.update",
        &format!("family:{id}"),
        json!({ "category": req.category, "user_id": user_id, "active": req.active,
                "renamed": full_name.is_some() }),
    )?;
    existing_family(conn, id)
}

/// The pool's balance and the families one can give to, as residents see them.
pub fn overview(conn: &Connection) -> AppResult<BankOverview> {
    let pool = ledger_store::system_account(conn, AccountKind::CharityPool)?;
    let families = store::families(conn)?
        .into_iter()
        .filter(|f| f.active)
        .map(|f| PublicFamily {
            id: f.id,
            category: f.category,
            masked_name: mask_name(&f.full_name),
        })
        .collect();
    Ok(BankOverview {
        pool_balance: pool.balance,
        families,
    })
}

fn account_of(conn: &Connection, f: &Family, now: i64) -> AppResult<AccountId> {
    ledger::family_account(conn, f.id, &f.full_name, now)
}

/// A member's donation: to a family, or to the charity pool without one. Keys share the
/// pool donation's namespace, so one key cannot pay twice to different targets.
pub fn donate(
    conn: &Connection,
    user_id: i64,
    req: &BankDonateRequest,
    now: i64,
) -> AppResult<Posted> {
    let Some(family_id) = req.family_id else {
        return ledger::donate_to_pool(conn, user_id, req.amount, &req.idempotency_key, now);
    };
    let amount = validate::points(req.amount)?;
    let key = validate::idempotency_key(&req.idempotency_key)?;
    let family = receiving_family(conn, family_id)?;
    let from = ledger::member_account(conn, user_id, now)?;
    let to = account_of(conn, &family, now)?;
    let mut t = NewTransfer::new(
        TransferKind::Donate,
        from,
        to,
        amount,
        String::new(),
        format!("donate:{user_id}:{key}"),
    )
    .note(TransferNote::FamilyDonation {
        family: mask_name(&family.full_name),
    })
    .by(user_id)
    .meta(json!({ "family_id": family_id }));
    // A retry compares the request, not the family's name of the moment.
    t.fingerprint = Some(ledger::fingerprint(&(
        "donate_family",
        user_id,
        family_id,
        amount,
    )));
    ledger::post_transfer(conn, &t, now)
}

/// A case worker moves points from the charity pool to a family, with a reason.
pub fn allocate(
    conn: &Connection,
    actor: i64,
    req: &AllocateRequest,
    now: i64,
) -> AppResult<(Posted, Allocation)> {
    let amount = validate::points(req.amount)?;
    let reason = validate::reason(&req.reason)?;
    let key = validate::idempotency_key(&req.idempotency_key)?;
    let family = receiving_family(conn, req.family_id)?;
    let pool = ledger::system_account(conn, AccountKind::CharityPool)?;
    let to = account_of(conn, &family, now)?;
    let t = NewTransfer::new(
        TransferKind::Allocate,
        pool,
        to,
        amount,
        reason,
        format!("allocate:{actor}:{key}"),
    )
    .by(actor)
    .meta(json!({ "family_id": family.id }));
    // The schema keeps the pool at or above zero: an allocation it cannot cover is a 409.
    let posted = ledger::post_transfer(conn, &t, now)?;
    if !posted.replayed {
        audit::record(
            conn,
            actor,
            "bank.allocate",
            &format!("family:{}", family.id),
            json!({ "transfer": posted.transfer.id, "amount": amount }),
        )?;
    }
    let balance = |id: AccountId| -> AppResult<i64> {
        Ok(ledger_store::account(conn, id.0)?.map_or(0, |a| a.balance))
    };
    let allocation = Allocation {
        transfer_id: posted.transfer.id,
        family_id: family.id,
        amount: posted.transfer.amount,
        pool_balance: balance(pool)?,
        family_balance: balance(to)?,
    };
    Ok((posted, allocation))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_trimmed_bounded_and_required_when_asked() {
        assert_eq!(text("unit", " 3栋501 ", 1, 32).unwrap(), "3栋501");
        assert!(text("unit", "  ", 1, 32).is_err());
        assert_eq!(text("note", "  ", 0, 32).unwrap(), "");
        assert!(text("unit", &"楼".repeat(33), 1, 32).is_err());
        assert!(text("unit", "a\0b", 1, 32).is_err());
    }
}
