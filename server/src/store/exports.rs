//! SQL of the CSV exports: one page of rows at a time, after a keyset cursor (the
//! record's id), so an export of any size holds one page in memory.

use linli_app::api::stats::ExportKind;
use rusqlite::types::Value;
use rusqlite::{params, Connection};

use crate::error::AppResult;

/// What an export is filtered by: the node's subtree (everything at a root), and a
/// half-open range of Unix times.
#[derive(Debug, Clone)]
pub struct Filter {
    pub node_id: i64,
    pub root: bool,
    pub from: i64,
    pub until: i64,
}

/// Rows of `kind` (?1 node, ?2 root, ?3 from, ?4 until, ?5 after id, ?6 limit); the first
/// column is the cursor, the rest are the cells. System accounts come as `#kind`, a
/// transfer's note as `#` and its JSON (else its reason as written). The
/// unary `+` keeps SQLite off the time indexes: walking the id in order, each page starts
/// where the last stopped, where a time index would rescan and sort the whole range for
/// every page. For the same reason transfers `CROSS JOIN` their postings: SQLite would
/// otherwise walk the postings from the cursor and sort every later one for each page.
fn sql(kind: ExportKind) -> &'static str {
    match kind {
        ExportKind::Members => {
            "SELECT m.rowid, u.id, u.name, u.phone, n.name, m.joined_at, COALESCE(a.balance, 0)
             FROM memberships m JOIN users u ON u.id = m.user_id JOIN nodes n ON n.id = m.node_id
             LEFT JOIN ledger_accounts a ON a.user_id = u.id
             WHERE EXISTS (SELECT 1 FROM node_ancestors x
                           WHERE x.node_id = m.node_id AND x.ancestor_id = ?1)
               AND +m.joined_at >= ?3 AND +m.joined_at < ?4 AND m.rowid > ?5
             ORDER BY m.rowid LIMIT ?6"
        }
        ExportKind::Hours => {
            "SELECT h.id, h.id, u.name, p.title, t.name, h.checked_in_at, h.minutes, h.status,
                    COALESCE(h.points, 0)
             FROM hour_records h JOIN users u ON u.id = h.user_id
             JOIN project_sessions s ON s.id = h.session_id JOIN projects p ON p.id = s.project_id
             JOIN nodes t ON t.id = p.team_id
             WHERE EXISTS (SELECT 1 FROM node_ancestors x WHERE x.ancestor_id = ?1
                           AND x.node_id IN (p.team_id, p.territory_id))
               AND +h.checked_in_at >= ?3 AND +h.checked_in_at < ?4 AND h.id > ?5
             ORDER BY h.id LIMIT ?6"
        }
        ExportKind::Transfers => {
            "SELECT t.id, t.id, t.created_at, t.kind, t.amount,
                    CASE WHEN fa.kind IN ('member', 'family') THEN COALESCE(fu.name, fa.name)
                         ELSE '#' || fa.kind END,
                    CASE WHEN ta.kind IN ('member', 'family') THEN COALESCE(tu.name, ta.name)
                         ELSE '#' || ta.kind END,
                    COALESCE('#' || t.note, t.reason)
             FROM ledger_transfers t
             CROSS JOIN ledger_postings f ON f.transfer_id = t.id AND f.amount < 0
             JOIN ledger_accounts fa ON fa.id = f.account_id LEFT JOIN users fu ON fu.id = fa.user_id
             JOIN ledger_postings tp ON tp.transfer_id = t.id AND tp.amount > 0
             JOIN ledger_accounts ta ON ta.id = tp.account_id LEFT JOIN users tu ON tu.id = ta.user_id
             WHERE t.id > ?5 AND +t.created_at >= ?3 AND +t.created_at < ?4
               AND (?2 = 1 OR EXISTS (
                   SELECT 1 FROM stats_people h JOIN node_ancestors x ON x.node_id = h.node_id
                   WHERE x.ancestor_id = ?1 AND h.user_id IN (fa.user_id, ta.user_id)))
             ORDER BY t.id LIMIT ?6"
        }
        ExportKind::Orders => {
            "SELECT o.id, o.id, o.submitted_at, s.title, COALESCE(t.name, ''), o.served_name,
                    o.state, o.accepted_at, o.done_at
             FROM orders o JOIN services s ON s.id = o.service_id
             LEFT JOIN nodes t ON t.id = o.team_id
             WHERE EXISTS (SELECT 1 FROM node_ancestors x WHERE x.ancestor_id = ?1
                           AND x.node_id IN (o.team_id, o.territory_id, s.team_id))
               AND +o.submitted_at >= ?3 AND +o.submitted_at < ?4 AND o.id > ?5
             ORDER BY o.id LIMIT ?6"
        }
        ExportKind::Ratings => {
            "SELECT r.id, r.id, r.created_at, r.subject, COALESCE(t.name, ''), r.stars,
                    CASE WHEN r.hidden = 1 THEN '' ELSE r.comment END
             FROM ratings r LEFT JOIN nodes t ON t.id = r.team_id
             WHERE (?2 = 1 OR EXISTS (SELECT 1 FROM node_ancestors x
                                     WHERE x.ancestor_id = ?1 AND x.node_id = r.team_id))
               AND +r.created_at >= ?3 AND +r.created_at < ?4 AND r.id > ?5
             ORDER BY r.id LIMIT ?6"
        }
        // The shop is the community's one shop: its events are all at a root, none below.
        ExportKind::StockEvents => {
            "SELECT e.id, e.id, e.created_at, i.name, e.kind, e.delta, e.stock_after,
                    COALESCE(d.name, ''), e.value
             FROM shop_stock_events e JOIN shop_items i ON i.id = e.item_id
             LEFT JOIN shop_donors d ON d.id = e.donor_id
             WHERE ?2 = 1
               AND +e.created_at >= ?3 AND +e.created_at < ?4 AND e.id > ?5
             ORDER BY e.id LIMIT ?6"
        }
    }
}

/// One page: (cursor, cells) per row, at most `limit`.
pub fn page(
    conn: &Connection,
    kind: ExportKind,
    f: &Filter,
    after: i64,
    limit: i64,
) -> AppResult<Vec<(i64, Vec<Value>)>> {
    let mut stmt = conn.prepare_cached(sql(kind))?;
    let width = stmt.column_count();
    let rows = stmt.query_map(
        params![f.node_id, f.root, f.from, f.until, after, limit],
        |r| {
            let cells = (1..width)
                .map(|i| r.get::<_, Value>(i))
                .collect::<Result<_, _>>()?;
            Ok((r.get(0)?, cells))
        },
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}
