//! SQL of phone reservations (`shop_reservations`, one row per reserved shop order).
//! Rules live in `crate::shop::reservations`.

use linli_app::api::shop::ReservationStatus;
use rusqlite::types::Type;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::AppResult;

/// A reservation as stored, with its order's facts and its member's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReservationRow {
    pub order_id: i64,
    pub user_id: i64,
    pub member_name: String,
    pub code: String,
    pub status: ReservationStatus,
    pub expires_at: i64,
    pub collected_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub created_at: i64,
    pub total: i64,
    pub transfer_id: Option<i64>,
    pub refund_transfer_id: Option<i64>,
    /// The order was refunded (by an administrator, or when it was closed).
    pub order_refunded: bool,
}

const COLS: &str = "r.order_id, r.user_id, u.name, r.code, r.status, r.expires_at, \
    r.collected_at, r.closed_at, r.created_at, o.total, o.transfer_id, o.refund_transfer_id, \
    o.status = 'refunded'";

const FROM: &str = "FROM shop_reservations r JOIN shop_orders o ON o.id = r.order_id \
    JOIN users u ON u.id = r.user_id";

fn row(r: &Row) -> rusqlite::Result<ReservationRow> {
    let status: String = r.get(4)?;
    Ok(ReservationRow {
        order_id: r.get(0)?,
        user_id: r.get(1)?,
        member_name: r.get(2)?,
        code: r.get(3)?,
        status: ReservationStatus::parse(&status).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                4,
                Type::Text,
                format!("unknown reservation status {status:?}").into(),
            )
        })?,
        expires_at: r.get(5)?,
        collected_at: r.get(6)?,
        closed_at: r.get(7)?,
        created_at: r.get(8)?,
        total: r.get(9)?,
        transfer_id: r.get(10)?,
        refund_transfer_id: r.get(11)?,
        order_refunded: r.get(12)?,
    })
}

/// Adds the pickup of an order; None when the code is taken (draw another).
pub fn insert(
    conn: &Connection,
    order_id: i64,
    user_id: i64,
    code: &str,
    expires_at: i64,
    now: i64,
) -> AppResult<Option<()>> {
    let n = conn
        .prepare_cached(
            "INSERT INTO shop_reservations (order_id, user_id, code, expires_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (code) DO NOTHING",
        )?
        .execute(params![order_id, user_id, code, expires_at, now])?;
    Ok((n == 1).then_some(()))
}

pub fn by_order(conn: &Connection, order_id: i64) -> AppResult<Option<ReservationRow>> {
    let sql = format!("SELECT {COLS} {FROM} WHERE r.order_id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([order_id], row)
        .optional()?)
}

pub fn by_code(conn: &Connection, code: &str) -> AppResult<Option<ReservationRow>> {
    let sql = format!("SELECT {COLS} {FROM} WHERE r.code = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([code], row)
        .optional()?)
}

/// A member's reservations, newest first, before `after` (an order id).
pub fn of_user(
    conn: &Connection,
    user_id: i64,
    after: Option<i64>,
    limit: i64,
) -> AppResult<Vec<ReservationRow>> {
    let sql = format!(
        "SELECT {COLS} {FROM} WHERE r.user_id = ?1 AND (?2 IS NULL OR r.order_id < ?2)
         ORDER BY r.order_id DESC LIMIT ?3"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![user_id, after, limit], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Waiting reservations whose time is up at `now`, oldest first.
pub fn due(conn: &Connection, now: i64, limit: i64) -> AppResult<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT order_id FROM shop_reservations WHERE status = 'reserved' AND expires_at <= ?1
         ORDER BY expires_at, order_id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![now, limit], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether any waiting reservation is due (a cheap check on a reader before writing).
pub fn any_due(conn: &Connection, now: i64) -> AppResult<bool> {
    Ok(!due(conn, now, 1)?.is_empty())
}

/// Marks a waiting reservation collected; false when it was no longer waiting.
pub fn mark_collected(conn: &Connection, order_id: i64, by: i64, now: i64) -> AppResult<bool> {
    let n = conn.execute(
        "UPDATE shop_reservations SET status = 'collected', collected_at = ?3, collected_by = ?2
         WHERE order_id = ?1 AND status = 'reserved'",
        params![order_id, by, now],
    )?;
    Ok(n == 1)
}

/// Closes a waiting reservation as cancelled or expired; false when it was no longer
/// waiting.
pub fn mark_closed(
    conn: &Connection,
    order_id: i64,
    status: ReservationStatus,
    now: i64,
) -> AppResult<bool> {
    let n = conn.execute(
        "UPDATE shop_reservations SET status = ?2, closed_at = ?3
         WHERE order_id = ?1 AND status = 'reserved'",
        params![order_id, status.as_str(), now],
    )?;
    Ok(n == 1)
}

/// The reservation status of an order, if it is a reservation (for receipts).
pub fn status_of(conn: &Connection, order_id: i64) -> AppResult<Option<ReservationStatus>> {
    let s: Option<String> = conn
        .prepare_cached("SELECT status FROM shop_reservations WHERE order_id = ?1")?
        .query_row([order_id], |r| r.get(0))
        .optional()?;
    Ok(s.as_deref().and_then(ReservationStatus::parse))
}

/// Of a day's standing orders, how many are reservations still waiting.
pub fn awaiting_on_day(conn: &Connection, day: &str) -> AppResult<i64> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM shop_reservations r JOIN shop_orders o ON o.id = r.order_id
         WHERE o.day = ?1 AND o.status = 'completed' AND r.status = 'reserved'",
        [day],
        |r| r.get(0),
    )?)
}
