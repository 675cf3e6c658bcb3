//! SQL of the district statistics, the open books and the exports. The running totals
//! (`stats_rollup`, `ledger_monthly`) are kept by the triggers of migration 0011 in the
//! same transaction as the records they count; `REBUILD` recomputes them from the
//! records alone.

use rusqlite::{params, Connection};

use crate::error::AppResult;

/// Recomputes every running total from the records (the migration's backfill).
pub const REBUILD: &str = include_str!("stats_rebuild.sql");

pub fn rebuild(conn: &Connection) -> AppResult<()> {
    conn.execute_batch(REBUILD)?;
    Ok(())
}

/// A node's stored `(metric, month, value)` rows up to `to` (standing figures need the
/// months before the period too).
pub fn node_rows(
    conn: &Connection,
    node_id: i64,
    to: &str,
) -> AppResult<Vec<(String, String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT metric, month, value FROM stats_rollup WHERE node_id = ?1 AND month <= ?2",
    )?;
    let rows = stmt.query_map(params![node_id, to], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every non-zero running total, sorted: to compare the triggers' totals with a rebuild.
pub fn all_rollups(conn: &Connection) -> AppResult<Vec<(i64, String, String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT node_id, metric, month, value FROM stats_rollup WHERE value <> 0
         ORDER BY node_id, metric, month",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One row of the monthly transfer totals: month, transfer kind, the kinds of the
/// account paying and the account paid, amount and count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthlyFlow {
    pub month: String,
    pub kind: String,
    pub from_kind: String,
    pub to_kind: String,
    pub amount: i64,
    pub transfers: i64,
}

pub fn ledger_monthly(conn: &Connection) -> AppResult<Vec<MonthlyFlow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT month, kind, from_kind, to_kind, amount, transfers FROM ledger_monthly
         ORDER BY month, kind, from_kind, to_kind",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(MonthlyFlow {
            month: r.get(0)?,
            kind: r.get(1)?,
            from_kind: r.get(2)?,
            to_kind: r.get(3)?,
            amount: r.get(4)?,
            transfers: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Balances summed by account kind: (kind, sum).
pub fn balances_by_kind(conn: &Connection) -> AppResult<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, SUM(balance) FROM ledger_accounts GROUP BY kind ORDER BY kind",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Stock donated per donor: (name, kind, value, units), largest value first.
pub fn donations(conn: &Connection) -> AppResult<Vec<(String, String, i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.name, d.kind, SUM(e.value), SUM(e.delta)
         FROM shop_stock_events e INDEXED BY shop_stock_events_donations
         JOIN shop_donors d ON d.id = e.donor_id
         WHERE e.kind = 'stock_in'
         GROUP BY d.id ORDER BY SUM(e.value) DESC, d.id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
