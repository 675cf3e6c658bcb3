//! SQL of the district statistics, the open books and the exports. The running totals
//! (`stats_rollup`, `ledger_monthly`, `ledger_holdings`) are kept by the triggers of
//! migrations 0011 and 0019 in the same transaction as the records they count; `REBUILD`
//! recomputes them from the records alone.

use linli_app::stats::MetricSums;
use rusqlite::{params, Connection};

use crate::error::AppResult;

/// Recomputes every running total from the records (the migration's backfill).
pub const REBUILD: &str = concat!(
    include_str!("stats_rebuild.sql"),
    include_str!("holdings_rebuild.sql")
);

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

/// A node's [`MetricSums`] per metric for `from`..=`to`, summed by SQLite over the
/// node's rows (one row per metric reaches Rust, however many months are stored).
pub fn node_sums(
    conn: &Connection,
    node_id: i64,
    from: &str,
    to: &str,
) -> AppResult<Vec<(String, MetricSums)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT metric, SUM(CASE WHEN month >= ?2 THEN value ELSE 0 END), SUM(value),
                SUM(CASE WHEN month = ?3 THEN value ELSE 0 END)
         FROM stats_rollup WHERE node_id = ?1 AND month <= ?3 GROUP BY metric",
    )?;
    let rows = stmt.query_map(params![node_id, from, to], |r| {
        let sums = MetricSums {
            in_period: r.get(1)?,
            to_date: r.get(2)?,
            last_month: r.get(3)?,
        };
        Ok((r.get(0)?, sums))
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

/// Balances summed by account kind: (kind, sum), from the running totals.
pub fn balances_by_kind(conn: &Connection) -> AppResult<Vec<(String, i64)>> {
    let mut stmt =
        conn.prepare_cached("SELECT kind, balance FROM ledger_holdings ORDER BY kind")?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Db;

    /// SQLite's sums for children give the same per-metric sums as the rule in the shared
    /// crate does over the rows (before, inside and after the period; the last month).
    #[tokio::test]
    async fn sql_sums_match_the_shared_rule() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("t.db")).unwrap();
        let mut rows = Vec::new();
        for (i, metric) in ["teams", "active_volunteers", "service_minutes"]
            .iter()
            .enumerate()
        {
            for month in ["2024-11", "2024-12", "2025-01", "2025-02", "2025-03"] {
                rows.push((metric.to_string(), month.to_string(), 3 + i as i64 * 10));
            }
        }
        let stored = rows.clone();
        db.write(move |tx| {
            for (metric, month, value) in &stored {
                tx.execute(
                    "INSERT INTO stats_rollup (node_id, metric, month, value) VALUES (7, ?1, ?2, ?3)",
                    params![metric, month, value],
                )?;
            }
            Ok(())
        })
        .await
        .unwrap();
        let (from, to) = ("2024-12", "2025-02");
        let mut from_sql = db.read(move |c| node_sums(c, 7, from, to)).await.unwrap();
        let mut from_rule = linli_app::stats::metric_sums(&rows, from, to);
        from_sql.sort_by(|a, b| a.0.cmp(&b.0));
        from_rule.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(from_sql, from_rule);
        assert_eq!(
            from_sql[0],
            (
                "active_volunteers".to_string(),
                linli_app::stats::MetricSums {
                    in_period: 39,
                    to_date: 52,
                    last_month: 13
                }
            )
        );
    }
}
