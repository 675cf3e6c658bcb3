//! Expiry: what is left of a lot when its time comes returns to issuance as an `expire`
//! transfer. Only remaining points lapse; spent points were drawn from the lot already.

use std::time::Duration;

use linli_app::api::ledger::{AccountKind, TransferKind, TransferNote};
use rusqlite::Connection;
use serde_json::json;

use super::{post, system_account, AccountId, NewTransfer};
use crate::error::AppResult;
use crate::store::{self, ledger as ledger_store, Db};

/// Lots lapsed per write transaction, so the job never holds the writer for long.
const BATCH: i64 = 200;

/// Lapses up to `limit` due lots (all accounts), one `expire` transfer each. Returns how
/// many it lapsed. Idempotent: each lot lapses under the key `expire:lot:{id}`.
pub fn expire_due(conn: &Connection, now: i64, limit: i64) -> AppResult<usize> {
    let due = ledger_store::due_lots(conn, None, now, limit)?;
    for &(lot, account, remaining) in &due {
        expire_lot(conn, lot, account, remaining, now)?;
    }
    Ok(due.len())
}

/// Lapses the due lots of one account (before it spends, so lapsed points are never spent).
/// Returns how many lapsed.
pub(super) fn expire_account(conn: &Connection, account_id: i64, now: i64) -> AppResult<usize> {
    let due = ledger_store::due_lots(conn, Some(account_id), now, 1000)?;
    for &(lot, account, remaining) in &due {
        expire_lot(conn, lot, account, remaining, now)?;
    }
    Ok(due.len())
}

fn expire_lot(
    conn: &Connection,
    lot: i64,
    account: i64,
    remaining: i64,
    now: i64,
) -> AppResult<()> {
    let issuance = system_account(conn, AccountKind::Issuance)?;
    let mut t = NewTransfer::new(
        TransferKind::Expire,
        AccountId(account),
        issuance,
        remaining,
        String::new(),
        format!("expire:lot:{lot}"),
    )
    .note(TransferNote::Expired)
    .meta(json!({ "lot_id": lot }));
    t.draw_first_lots = vec![lot];
    post(conn, &t, now, false)?;
    Ok(())
}

/// Lapses everything due at `now`, a batch per transaction. Returns the lots lapsed.
pub async fn run(db: &Db, now: i64) -> AppResult<usize> {
    let mut total = 0;
    loop {
        let n = db.write(move |tx| expire_due(tx, now, BATCH)).await?;
        total += n;
        if (n as i64) < BATCH {
            return Ok(total);
        }
    }
}

/// The background job: lapses due lots at start and then every `every`. Year-end expiry
/// falls at midnight, so an hourly tick lapses points within the hour (and catches up
/// after downtime).
pub fn spawn(db: Db, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match run(&db, store::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(lots = n, "points expired"),
                Err(e) => tracing::error!(error = %e, "points expiry failed"),
            }
        }
    })
}
