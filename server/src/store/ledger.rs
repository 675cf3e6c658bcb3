//! SQL of the points ledger: accounts, transfers and postings, lots, earnings, rules, and
//! the reads behind the points pages. The rules of posting live in `crate::ledger`.

use linli_app::api::ledger::{
    AccountKind, AccountSummary, AuditEntry, EarningRules, Expiring, HistoryItem, Lot, PostingView,
    RulesVersion, TransferKind, TransferNote,
};
use linli_app::api::Reason;
use rusqlite::types::Type;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{AppError, AppResult};
use crate::store::is_unique_violation;

/// A ledger account as the posting code needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountRow {
    pub id: i64,
    pub kind: AccountKind,
    pub user_id: Option<i64>,
    pub balance: i64,
}

/// A stored transfer, without its postings.
#[derive(Debug, Clone, PartialEq)]
pub struct TransferRow {
    pub id: i64,
    pub kind: TransferKind,
    pub amount: i64,
    pub idempotency_key: String,
    pub fingerprint: String,
    pub author_id: Option<i64>,
    pub reason: String,
    pub note: Option<TransferNote>,
    pub manual: bool,
    pub rule_version: Option<i64>,
    pub reverses_id: Option<i64>,
    pub meta: String,
    pub created_at: i64,
}

/// What a new transfer row holds.
pub struct TransferInsert<'a> {
    pub kind: TransferKind,
    pub amount: i64,
    pub idempotency_key: &'a str,
    pub fingerprint: &'a str,
    pub author_id: Option<i64>,
    pub reason: &'a str,
    /// JSON of a `TransferNote`.
    pub note: Option<&'a str>,
    pub manual: bool,
    pub rule_version: Option<i64>,
    pub reverses_id: Option<i64>,
    pub meta: &'a str,
    pub created_at: i64,
}

fn bad_text(idx: usize, what: &str, s: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        idx,
        Type::Text,
        format!("unknown {what} {s:?}").into(),
    )
}

fn account_kind_col(r: &Row, idx: usize) -> rusqlite::Result<AccountKind> {
    let s: String = r.get(idx)?;
    AccountKind::parse(&s).ok_or_else(|| bad_text(idx, "account kind", &s))
}

fn transfer_kind_col(r: &Row, idx: usize) -> rusqlite::Result<TransferKind> {
    let s: String = r.get(idx)?;
    TransferKind::parse(&s).ok_or_else(|| bad_text(idx, "transfer kind", &s))
}

/// A transfer's note; one this build cannot read is left out (its reason still says it).
pub(crate) fn note_col(r: &Row, idx: usize) -> rusqlite::Result<Option<TransferNote>> {
    let s: Option<String> = r.get(idx)?;
    Ok(s.and_then(|s| serde_json::from_str(&s).ok()))
}

fn json_col<T: serde::de::DeserializeOwned>(r: &Row, idx: usize) -> rusqlite::Result<T> {
    let s: String = r.get(idx)?;
    serde_json::from_str(&s)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, e.into()))
}

// ---- accounts --------------------------------------------------------------------------

const ACCOUNT_COLS: &str = "id, kind, user_id, balance";

fn account_row(r: &Row) -> rusqlite::Result<AccountRow> {
    Ok(AccountRow {
        id: r.get(0)?,
        kind: account_kind_col(r, 1)?,
        user_id: r.get(2)?,
        balance: r.get(3)?,
    })
}

pub fn account(conn: &Connection, id: i64) -> AppResult<Option<AccountRow>> {
    let sql = format!("SELECT {ACCOUNT_COLS} FROM ledger_accounts WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], account_row)
        .optional()?)
}

pub fn account_of_user(conn: &Connection, user_id: i64) -> AppResult<Option<AccountRow>> {
    let sql = format!("SELECT {ACCOUNT_COLS} FROM ledger_accounts WHERE user_id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([user_id], account_row)
        .optional()?)
}

pub fn account_of_family(conn: &Connection, family_id: i64) -> AppResult<Option<AccountRow>> {
    let sql = format!("SELECT {ACCOUNT_COLS} FROM ledger_accounts WHERE family_id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([family_id], account_row)
        .optional()?)
}

/// The one account of a system kind (seeded by the migration).
pub fn system_account(conn: &Connection, kind: AccountKind) -> AppResult<AccountRow> {
    let sql = format!("SELECT {ACCOUNT_COLS} FROM ledger_accounts WHERE kind = ?1 LIMIT 1");
    conn.prepare_cached(&sql)?
        .query_row([kind.as_str()], account_row)
        .optional()?
        .ok_or_else(|| AppError::Internal(format!("system account {kind:?} missing")))
}

/// Opens a member's account; fails (foreign key) if the person does not exist.
pub fn insert_member_account(conn: &Connection, user_id: i64, now: i64) -> AppResult<i64> {
    conn.prepare_cached(
        "INSERT INTO ledger_accounts (kind, user_id, created_at) VALUES ('member', ?1, ?2)",
    )?
    .execute(params![user_id, now])?;
    Ok(conn.last_insert_rowid())
}

pub fn insert_family_account(
    conn: &Connection,
    family_id: i64,
    name: &str,
    now: i64,
) -> AppResult<i64> {
    conn.prepare_cached("INSERT INTO ledger_accounts (kind, family_id, name, created_at) VALUES ('family', ?1, ?2, ?3)")?
        .execute(params![family_id, name, now],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn user_exists(conn: &Connection, user_id: i64) -> AppResult<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM users WHERE id = ?1")?
        .query_row([user_id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Accounts matching a name or phone fragment; with no text, the system accounts.
pub fn search_accounts(conn: &Connection, q: Option<&str>) -> AppResult<Vec<AccountSummary>> {
    let sql = "SELECT a.id, a.kind, a.user_id, COALESCE(u.name, a.name), u.phone, a.balance
         FROM ledger_accounts a LEFT JOIN users u ON u.id = a.user_id
         WHERE (?1 IS NULL AND a.kind NOT IN ('member', 'family'))
            OR (?1 IS NOT NULL AND (instr(COALESCE(u.name, a.name), ?1) > 0
                                    OR instr(COALESCE(u.phone, ''), ?1) > 0))
         ORDER BY a.kind = 'member', a.id LIMIT 50";
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([q], |r| {
        Ok(AccountSummary {
            id: r.get(0)?,
            kind: account_kind_col(r, 1)?,
            user_id: r.get(2)?,
            name: r.get(3)?,
            phone: r.get(4)?,
            balance: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

// ---- transfers and postings -----------------------------------------------------------

const TRANSFER_COLS: &str = "id, kind, amount, idempotency_key, fingerprint, author_id, reason, \
     manual, rule_version, reverses_id, meta, created_at, note";

fn transfer_row(r: &Row) -> rusqlite::Result<TransferRow> {
    Ok(TransferRow {
        id: r.get(0)?,
        kind: transfer_kind_col(r, 1)?,
        amount: r.get(2)?,
        idempotency_key: r.get(3)?,
        fingerprint: r.get(4)?,
        author_id: r.get(5)?,
        reason: r.get(6)?,
        manual: r.get(7)?,
        rule_version: r.get(8)?,
        reverses_id: r.get(9)?,
        meta: r.get(10)?,
        created_at: r.get(11)?,
        note: note_col(r, 12)?,
    })
}

pub fn transfer_by_key(conn: &Connection, key: &str) -> AppResult<Option<TransferRow>> {
    let sql = format!("SELECT {TRANSFER_COLS} FROM ledger_transfers WHERE idempotency_key = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([key], transfer_row)
        .optional()?)
}

pub fn transfer(conn: &Connection, id: i64) -> AppResult<Option<TransferRow>> {
    let sql = format!("SELECT {TRANSFER_COLS} FROM ledger_transfers WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], transfer_row)
        .optional()?)
}

// ---- undos -----------------------------------------------------------------------------

/// The transfer that gave this one back (a reversal or a refund), if any.
pub fn undo_of(conn: &Connection, id: i64) -> AppResult<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT undo_id FROM ledger_undos WHERE undone_id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// Whether this transfer itself gives another back.
pub fn is_undo(conn: &Connection, id: i64) -> AppResult<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM ledger_undos WHERE undo_id = ?1")?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Records that `undo_id` gives `undone_id` back. A second undo of the same transfer is
/// refused by the primary key, whatever path it came by.
pub fn insert_undo(conn: &Connection, undone_id: i64, undo_id: i64) -> AppResult<()> {
    conn.prepare_cached("INSERT INTO ledger_undos (undone_id, undo_id) VALUES (?1, ?2)")?
        .execute(params![undone_id, undo_id])
        .map_err(|e| {
            if is_unique_violation(&e) {
                AppError::Refused(Reason::AlreadyUndone)
            } else {
                e.into()
            }
        })?;
    Ok(())
}

/// What a transfer pays for, when something other than the ledger owns it: its undo
/// goes through that owner (an order's refund puts the goods back too; an offset is
/// rejected by its property company).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    ShopOrder(i64),
    FeeOffset(i64),
}

pub fn owner_of(conn: &Connection, transfer_id: i64) -> AppResult<Option<Owner>> {
    Ok(conn
        .prepare_cached(
            "SELECT 'order', id FROM shop_orders WHERE transfer_id = ?1
             UNION ALL SELECT 'offset', id FROM fee_offsets WHERE transfer_id = ?1 LIMIT 1",
        )?
        .query_row([transfer_id], |r| {
            let kind: String = r.get(0)?;
            let id = r.get(1)?;
            Ok(if kind == "order" {
                Owner::ShopOrder(id)
            } else {
                Owner::FeeOffset(id)
            })
        })
        .optional()?)
}

pub fn insert_transfer(conn: &Connection, t: &TransferInsert) -> AppResult<i64> {
    conn.prepare_cached(
        "INSERT INTO ledger_transfers (kind, amount, idempotency_key, fingerprint, author_id,
             reason, manual, rule_version, reverses_id, meta, created_at, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        t.kind.as_str(),
        t.amount,
        t.idempotency_key,
        t.fingerprint,
        t.author_id,
        t.reason,
        t.manual,
        t.rule_version,
        t.reverses_id,
        t.meta,
        t.created_at,
        t.note
    ])?;
    Ok(conn.last_insert_rowid())
}

/// True when an error is a CHECK constraint failure (a holder balance below zero).
fn is_check_violation(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_CHECK
    )
}

/// Moves an account's cached balance and records the posting, in that order (a trigger
/// insists the posting carries the new balance). A balance the schema forbids (a member
/// below zero) is refused as insufficient points.
pub fn post(conn: &Connection, transfer_id: i64, account_id: i64, amount: i64) -> AppResult<i64> {
    let balance: i64 = conn
        .prepare_cached(
            "UPDATE ledger_accounts SET balance = balance + ?1 WHERE id = ?2 RETURNING balance",
        )?
        .query_row(params![amount, account_id], |r| r.get(0))
        .map_err(|e| {
            if is_check_violation(&e) {
                AppError::Refused(Reason::InsufficientPoints)
            } else {
                e.into()
            }
        })?;
    conn.prepare_cached(
        "INSERT INTO ledger_postings (transfer_id, account_id, amount, balance_after)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![transfer_id, account_id, amount, balance])?;
    Ok(balance)
}

/// (account id, amount) of each posting of a transfer.
pub fn postings_of(conn: &Connection, transfer_id: i64) -> AppResult<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT account_id, amount FROM ledger_postings WHERE transfer_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([transfer_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The postings of a transfer with their accounts' names, for the detail page.
pub fn posting_views(conn: &Connection, transfer_id: i64) -> AppResult<Vec<PostingView>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.account_id, a.kind, COALESCE(u.name, a.name), p.amount, p.balance_after
         FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id
         LEFT JOIN users u ON u.id = a.user_id
         WHERE p.transfer_id = ?1 ORDER BY p.id",
    )?;
    let rows = stmt.query_map([transfer_id], |r| {
        Ok(PostingView {
            account_id: r.get(0)?,
            account_kind: account_kind_col(r, 1)?,
            account_name: r.get(2)?,
            amount: r.get(3)?,
            balance_after: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn user_name(conn: &Connection, user_id: i64) -> AppResult<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT name FROM users WHERE id = ?1")?
        .query_row([user_id], |r| r.get(0))
        .optional()?)
}

// ---- history ---------------------------------------------------------------------------

/// What a transfer was for, by name (`HistoryItem::about`), joined by `ABOUT_SEP`: the
/// hour record an earn came from (through `ledger_earnings`), else the lines of the shop
/// order it paid or refunded; a reversal names what it reversed. Each lookup is by key.
const HISTORY_SQL: &str = "
    SELECT t.id, t.kind, p.amount, p.balance_after, t.reason, oa.kind, t.manual,
           t.reverses_id, u.undo_id, t.created_at,
           COALESCE(
             (SELECT COALESCE(pj.title, v.title, g.name, hr.text)
              FROM ledger_earnings e JOIN hour_records h ON h.id = e.record_id
              LEFT JOIN project_sessions s ON s.id = h.session_id
              LEFT JOIN projects pj ON pj.id = s.project_id
              LEFT JOIN orders o ON o.id = h.order_id
              LEFT JOIN services v ON v.id = o.service_id
              LEFT JOIN patrol_shifts ps ON ps.id = h.shift_id
              LEFT JOIN nodes g ON g.id = ps.grid_id
              LEFT JOIN help_requests hr ON hr.id = h.help_id
              WHERE e.transfer_id = COALESCE(t.reverses_id, t.id)),
             (SELECT group_concat(l.name || ' × ' || l.quantity, char(31))
              FROM shop_orders so JOIN shop_order_lines l ON l.order_id = so.id
              WHERE so.transfer_id = COALESCE(t.reverses_id, t.id)),
             (SELECT group_concat(l.name || ' × ' || l.quantity, char(31))
              FROM shop_orders so JOIN shop_order_lines l ON l.order_id = so.id
              WHERE so.refund_transfer_id = t.id)),
           t.note
    FROM ledger_postings p
    JOIN ledger_transfers t ON t.id = p.transfer_id
    JOIN ledger_postings o ON o.transfer_id = p.transfer_id AND o.account_id <> p.account_id
    JOIN ledger_accounts oa ON oa.id = o.account_id
    LEFT JOIN ledger_undos u ON u.undone_id = t.id
    WHERE p.account_id = ?1";

fn history_item(r: &Row) -> rusqlite::Result<HistoryItem> {
    Ok(HistoryItem {
        transfer_id: r.get(0)?,
        kind: transfer_kind_col(r, 1)?,
        amount: r.get(2)?,
        balance_after: r.get(3)?,
        reason: r.get(4)?,
        counterparty: account_kind_col(r, 5)?,
        manual: r.get(6)?,
        reverses_id: r.get(7)?,
        reversed_by_id: r.get(8)?,
        created_at: r.get(9)?,
        about: r
            .get::<_, Option<String>>(10)?
            .map(|a| a.split(ABOUT_SEP).map(str::to_string).collect())
            .unwrap_or_default(),
        note: note_col(r, 11)?,
    })
}

/// Separates the names in a history line's `about` column (a unit separator: no name has one).
const ABOUT_SEP: char = '\u{1f}';

/// Newest first, transfers older than `before` (the keyset cursor), optionally of one kind.
pub fn history(
    conn: &Connection,
    account_id: i64,
    kind: Option<TransferKind>,
    before: Option<i64>,
    limit: i64,
) -> AppResult<Vec<HistoryItem>> {
    let sql = format!(
        "{HISTORY_SQL} AND (?2 IS NULL OR t.kind = ?2) AND (?3 IS NULL OR p.transfer_id < ?3)
         ORDER BY p.transfer_id DESC LIMIT ?4"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![account_id, kind.map(|k| k.as_str()), before, limit],
        history_item,
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One transfer as seen from one account.
pub fn history_item_of(
    conn: &Connection,
    account_id: i64,
    transfer_id: i64,
) -> AppResult<Option<HistoryItem>> {
    let sql = format!("{HISTORY_SQL} AND p.transfer_id = ?2");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![account_id, transfer_id], history_item)
        .optional()?)
}

// ---- lots ------------------------------------------------------------------------------

/// A lot with points left in it; the order lots are drawn in is `crate::ledger::lots`'s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenLot {
    pub id: i64,
    pub remaining: i64,
    /// None: never expires.
    pub expires_at: Option<i64>,
    pub created_at: i64,
}

/// Lots of an account that still hold points (any order: the caller sorts).
pub fn open_lots(conn: &Connection, account_id: i64) -> AppResult<Vec<OpenLot>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, remaining, expires_at, created_at FROM ledger_lots
         WHERE account_id = ?1 AND remaining > 0",
    )?;
    let rows = stmt.query_map([account_id], |r| {
        Ok(OpenLot {
            id: r.get(0)?,
            remaining: r.get(1)?,
            expires_at: r.get(2)?,
            created_at: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Ids of the lots a transfer created.
pub fn lots_created_by(conn: &Connection, transfer_id: i64) -> AppResult<Vec<i64>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM ledger_lots WHERE transfer_id = ?1")?;
    let rows = stmt.query_map([transfer_id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The expiry of each lot a transfer drew from (None: a lot that never expires).
pub fn drawn_lot_expiries(conn: &Connection, transfer_id: i64) -> AppResult<Vec<Option<i64>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.expires_at FROM ledger_lot_draws d JOIN ledger_lots l ON l.id = d.lot_id
         WHERE d.transfer_id = ?1",
    )?;
    let rows = stmt.query_map([transfer_id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn insert_lot(
    conn: &Connection,
    account_id: i64,
    transfer_id: i64,
    amount: i64,
    expires_at: Option<i64>,
    now: i64,
) -> AppResult<i64> {
    conn.prepare_cached("INSERT INTO ledger_lots (account_id, transfer_id, amount, remaining, expires_at, created_at)
         VALUES (?1, ?2, ?3, ?3, ?4, ?5)")?
        .execute(params![account_id, transfer_id, amount, expires_at, now],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Takes `amount` from a lot for a transfer and records the draw.
pub fn draw_lot(conn: &Connection, transfer_id: i64, lot_id: i64, amount: i64) -> AppResult<()> {
    let changed = conn
        .prepare_cached(
            "UPDATE ledger_lots SET remaining = remaining - ?2 WHERE id = ?1 AND remaining >= ?2",
        )?
        .execute(params![lot_id, amount])?;
    if changed != 1 {
        return Err(AppError::Internal(format!(
            "lot {lot_id} cannot give {amount}"
        )));
    }
    conn.prepare_cached(
        "INSERT INTO ledger_lot_draws (transfer_id, lot_id, amount) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![transfer_id, lot_id, amount])?;
    Ok(())
}

/// Lots whose expiry has come and that still hold points: (lot id, account id, remaining).
pub fn due_lots(
    conn: &Connection,
    account_id: Option<i64>,
    now: i64,
    limit: i64,
) -> AppResult<Vec<(i64, i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, account_id, remaining FROM ledger_lots
         WHERE remaining > 0 AND expires_at <= ?1 AND (?2 IS NULL OR account_id = ?2)
         ORDER BY expires_at, id LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![now, account_id, limit], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Lots of an account, open ones first in the order they will be spent.
pub fn lots(conn: &Connection, account_id: i64) -> AppResult<Vec<Lot>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, transfer_id, amount, remaining, expires_at, created_at FROM ledger_lots
         WHERE account_id = ?1
         ORDER BY remaining = 0, expires_at IS NULL, expires_at, created_at, id LIMIT 200",
    )?;
    let rows = stmt.query_map([account_id], |r| {
        Ok(Lot {
            id: r.get(0)?,
            transfer_id: r.get(1)?,
            amount: r.get(2)?,
            remaining: r.get(3)?,
            expires_at: r.get(4)?,
            created_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Upcoming expiry times with the points lapsing at each, soonest first.
pub fn expiring(conn: &Connection, account_id: i64, now: i64) -> AppResult<Vec<Expiring>> {
    let mut stmt = conn.prepare_cached(
        "SELECT expires_at, SUM(remaining) FROM ledger_lots
         WHERE account_id = ?1 AND remaining > 0 AND expires_at > ?2
         GROUP BY expires_at ORDER BY expires_at LIMIT 12",
    )?;
    let rows = stmt.query_map(params![account_id, now], |r| {
        Ok(Expiring {
            expires_at: r.get(0)?,
            amount: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

// ---- earnings and rules ----------------------------------------------------------------

/// What was earned (and not since given back) on a local day and in a local month.
pub fn earned_in(
    conn: &Connection,
    account_id: i64,
    day: &str,
    month: &str,
) -> AppResult<(i64, i64)> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(SUM(CASE WHEN e.served_day = ?2 THEN e.points END), 0),
                COALESCE(SUM(e.points), 0)
         FROM ledger_earnings e
         WHERE e.account_id = ?1 AND e.served_month = ?3
           AND NOT EXISTS (SELECT 1 FROM ledger_undos u WHERE u.undone_id = e.transfer_id)",
        )?
        .query_row(params![account_id, day, month], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?)
}

pub struct EarningInsert<'a> {
    pub transfer_id: i64,
    pub account_id: i64,
    pub record_id: Option<i64>,
    pub activity: &'a str,
    pub minutes: i64,
    pub multiplier: Option<&'a str>,
    pub points: i64,
    pub served_day: &'a str,
    pub served_month: &'a str,
}

pub fn insert_earning(conn: &Connection, e: &EarningInsert) -> AppResult<()> {
    conn.prepare_cached(
        "INSERT INTO ledger_earnings (transfer_id, account_id, record_id, activity, minutes,
             multiplier, points, served_day, served_month)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        e.transfer_id,
        e.account_id,
        e.record_id,
        e.activity,
        e.minutes,
        e.multiplier,
        e.points,
        e.served_day,
        e.served_month
    ])?;
    Ok(())
}

fn rules_row(r: &Row) -> rusqlite::Result<RulesVersion> {
    Ok(RulesVersion {
        version: r.get(0)?,
        rules: json_col(r, 1)?,
        reason: r.get(2)?,
        author_id: r.get(3)?,
        created_at: r.get(4)?,
    })
}

/// The rules in force: the newest version.
pub fn current_rules(conn: &Connection) -> AppResult<RulesVersion> {
    conn.prepare_cached(
        "SELECT version, rules, reason, author_id, created_at FROM earning_rules
         ORDER BY version DESC LIMIT 1",
    )?
    .query_row([], rules_row)
    .optional()?
    .ok_or_else(|| AppError::Internal("no earning rules".into()))
}

/// Every version, newest first.
pub fn rules_versions(conn: &Connection) -> AppResult<Vec<RulesVersion>> {
    let mut stmt = conn.prepare_cached(
        "SELECT version, rules, reason, author_id, created_at FROM earning_rules
         ORDER BY version DESC LIMIT 100",
    )?;
    let rows = stmt.query_map([], rules_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn insert_rules(
    conn: &Connection,
    rules: &EarningRules,
    reason: &str,
    author_id: i64,
    now: i64,
) -> AppResult<i64> {
    let json = serde_json::to_string(rules).map_err(|e| AppError::Internal(e.to_string()))?;
    conn.prepare_cached(
        "INSERT INTO earning_rules (version, rules, reason, author_id, created_at)
         VALUES ((SELECT COALESCE(MAX(version), 0) + 1 FROM earning_rules), ?1, ?2, ?3, ?4)",
    )?
    .execute(params![json, reason, author_id, now])?;
    Ok(conn.last_insert_rowid())
}

// ---- audit -----------------------------------------------------------------------------

/// Appends to the audit log; `actor_id` None is the system (the expiry job).
pub fn audit(
    conn: &Connection,
    actor_id: Option<i64>,
    action: &str,
    subject: &str,
    detail: &str,
    at: i64,
) -> AppResult<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log (actor_id, action, subject, detail, at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![actor_id, action, subject, detail, at])?;
    Ok(())
}

/// Which audit rows to read; every part optional.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Actions starting with this.
    pub action_prefix: Option<String>,
    /// Actions whose first word is one of these.
    pub domains: Option<Vec<String>>,
    /// Part of a name, or a whole phone number: rows where such a person acted or was
    /// acted on (their account, or a transfer touching their points).
    pub person: Option<String>,
    /// `at` in `from..until`.
    pub from: Option<i64>,
    pub until: Option<i64>,
}

/// One page of the audit log, newest first (keyset on the id), filtered; each subject's
/// name resolved so the page can say whom or what an entry is about.
pub fn audit_page(
    conn: &Connection,
    f: &AuditFilter,
    before: Option<i64>,
    limit: i64,
) -> AppResult<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(
        "WITH people AS (SELECT id FROM users
                         WHERE ?4 IS NOT NULL AND (instr(name, ?4) > 0 OR phone = ?4))
         SELECT l.id, l.actor_id, u.name, l.action, l.subject, l.detail, l.at,
           CASE l.kind
             WHEN 'user' THEN (SELECT name FROM users WHERE id = l.sid)
             WHEN 'node' THEN (SELECT name FROM nodes WHERE id = l.sid)
             WHEN 'shop_item' THEN (SELECT name FROM shop_items WHERE id = l.sid)
             WHEN 'shop_donor' THEN (SELECT name FROM shop_donors WHERE id = l.sid)
             WHEN 'shop_order' THEN (SELECT b.name FROM shop_orders o
                                     JOIN users b ON b.id = o.user_id WHERE o.id = l.sid)
             WHEN 'project' THEN (SELECT title FROM projects WHERE id = l.sid)
             WHEN 'session' THEN (SELECT p.title FROM project_sessions s
                                  JOIN projects p ON p.id = s.project_id WHERE s.id = l.sid)
             WHEN 'signup' THEN (SELECT p.title FROM signups g
                                 JOIN project_sessions s ON s.id = g.session_id
                                 JOIN projects p ON p.id = s.project_id WHERE g.id = l.sid)
             WHEN 'hours' THEN (SELECT v.name FROM hour_records h
                                JOIN users v ON v.id = h.user_id WHERE h.id = l.sid)
             WHEN 'training' THEN (SELECT title FROM trainings WHERE id = l.sid)
             WHEN 'training_session' THEN (SELECT t.title FROM training_sessions s
                                   JOIN trainings t ON t.id = s.training_id WHERE s.id = l.sid)
             WHEN 'company' THEN (SELECT name FROM property_companies WHERE id = l.sid)
             WHEN 'fee_offset' THEN (SELECT r.name FROM fee_offsets o
                                     JOIN users r ON r.id = o.user_id WHERE o.id = l.sid)
             WHEN 'family' THEN (SELECT full_name FROM families WHERE id = l.sid)
             WHEN 'service' THEN (SELECT title FROM services WHERE id = l.sid)
             WHEN 'order' THEN (SELECT served_name FROM orders WHERE id = l.sid)
             WHEN 'help' THEN (SELECT r.name FROM help_requests h
                               JOIN users r ON r.id = h.requester_id WHERE h.id = l.sid)
             WHEN 'alarm' THEN (SELECT n.name FROM alarms a
                                JOIN nodes n ON n.id = a.grid_id WHERE a.id = l.sid)
             WHEN 'shift' THEN (SELECT n.name FROM patrol_shifts s
                                JOIN nodes n ON n.id = s.grid_id WHERE s.id = l.sid)
             WHEN 'transfer' THEN (SELECT COALESCE(m.name, a.name) FROM ledger_postings p
                                   JOIN ledger_accounts a ON a.id = p.account_id
                                   LEFT JOIN users m ON m.id = a.user_id
                                   WHERE p.transfer_id = l.sid
                                     AND a.kind IN ('member', 'family') LIMIT 1)
           END
         FROM (SELECT *, substr(subject, 1, instr(subject, ':') - 1) AS kind,
                         CAST(substr(subject, instr(subject, ':') + 1) AS INTEGER) AS sid
               FROM audit_log) l
         LEFT JOIN users u ON u.id = l.actor_id
         WHERE (?1 IS NULL OR substr(l.action, 1, length(?1)) = ?1)
           AND (?2 IS NULL OR l.id < ?2)
           AND (?5 IS NULL OR substr(l.action, 1, instr(l.action || '.', '.') - 1)
                              IN (SELECT value FROM json_each(?5)))
           AND (?4 IS NULL
                OR l.actor_id IN (SELECT id FROM people)
                OR l.subject IN (SELECT 'user:' || id FROM people)
                OR l.subject IN (SELECT 'transfer:' || p.transfer_id FROM ledger_postings p
                                 JOIN ledger_accounts a ON a.id = p.account_id
                                 WHERE a.user_id IN (SELECT id FROM people)))
           AND (?6 IS NULL OR l.at >= ?6)
           AND (?7 IS NULL OR l.at < ?7)
         ORDER BY l.id DESC LIMIT ?3",
    )?;
    let domains = f
        .domains
        .as_ref()
        .map(|d| serde_json::Value::from(d.clone()).to_string());
    let rows = stmt.query_map(
        params![
            f.action_prefix,
            before,
            limit,
            f.person,
            domains,
            f.from,
            f.until
        ],
        |r| {
            let detail: String = r.get(5)?;
            Ok(AuditEntry {
                id: r.get(0)?,
                actor_id: r.get(1)?,
                actor_name: r.get(2)?,
                action: r.get(3)?,
                subject: r.get(4)?,
                subject_name: r.get(7)?,
                detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::String(detail)),
                at: r.get(6)?,
            })
        },
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

// ---- invariants ------------------------------------------------------------------------

/// Each query returns the rows that break one invariant of the books; all must be empty.
pub const INVARIANT_CHECKS: &[(&str, &str)] = &[
    (
        "postings of a transfer sum to zero",
        "SELECT transfer_id FROM ledger_postings GROUP BY transfer_id HAVING SUM(amount) <> 0",
    ),
    (
        "every transfer has postings on two accounts moving its amount",
        "SELECT t.id FROM ledger_transfers t
         WHERE (SELECT COUNT(*) FROM ledger_postings p WHERE p.transfer_id = t.id) <> 2
            OR (SELECT SUM(ABS(amount)) FROM ledger_postings p WHERE p.transfer_id = t.id)
               <> 2 * t.amount",
    ),
    (
        "all postings sum to zero",
        "SELECT 1 FROM (SELECT COALESCE(SUM(amount), 0) AS s FROM ledger_postings) WHERE s <> 0",
    ),
    (
        "cached balance equals the sum of postings",
        "SELECT a.id FROM ledger_accounts a
         WHERE a.balance <> (SELECT COALESCE(SUM(amount), 0) FROM ledger_postings p
                             WHERE p.account_id = a.id)",
    ),
    (
        "each posting's balance_after is the running sum",
        "SELECT id FROM (SELECT id, balance_after, SUM(amount) OVER
             (PARTITION BY account_id ORDER BY id) AS running FROM ledger_postings)
         WHERE running <> balance_after",
    ),
    (
        "no member or family balance below zero",
        "SELECT id FROM ledger_accounts WHERE kind IN ('member', 'family') AND balance < 0",
    ),
    (
        "a holder's balance equals what its lots hold",
        "SELECT a.id FROM ledger_accounts a WHERE a.kind IN ('member', 'family')
           AND a.balance <> (SELECT COALESCE(SUM(remaining), 0) FROM ledger_lots l
                             WHERE l.account_id = a.id)",
    ),
    (
        "a lot's remaining is its amount less what was drawn",
        "SELECT l.id FROM ledger_lots l
         WHERE l.remaining <> l.amount - (SELECT COALESCE(SUM(amount), 0)
                                          FROM ledger_lot_draws d WHERE d.lot_id = l.id)",
    ),
    (
        "each debit of a holder drew exactly its amount from the holder's lots",
        "SELECT p.transfer_id FROM ledger_postings p
         JOIN ledger_accounts a ON a.id = p.account_id AND a.kind IN ('member', 'family')
         WHERE p.amount < 0 AND -p.amount <> (SELECT COALESCE(SUM(d.amount), 0)
             FROM ledger_lot_draws d JOIN ledger_lots l ON l.id = d.lot_id
             WHERE d.transfer_id = p.transfer_id AND l.account_id = p.account_id)",
    ),
    (
        "an undo gives back exactly what it undoes, between the same two accounts",
        "SELECT u.undo_id FROM ledger_undos u
         JOIN ledger_transfers o ON o.id = u.undone_id
         JOIN ledger_transfers n ON n.id = u.undo_id
         WHERE n.amount <> o.amount
            OR (SELECT COUNT(*) FROM ledger_postings a JOIN ledger_postings b
                    ON b.account_id = a.account_id AND b.amount = -a.amount
                WHERE a.transfer_id = u.undone_id AND b.transfer_id = u.undo_id) <> 2",
    ),
    (
        "every reversal and refund is recorded as the one undo of its original",
        "SELECT t.id FROM ledger_transfers t
         WHERE t.kind IN ('reverse', 'refund') AND NOT EXISTS
             (SELECT 1 FROM ledger_undos u WHERE u.undo_id = t.id
                AND (t.reverses_id IS NULL OR u.undone_id = t.reverses_id))",
    ),
    (
        "a refunded order or rejected offset was given back by the undo of its payment",
        "SELECT o.id FROM shop_orders o WHERE o.refund_transfer_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM ledger_undos u
                           WHERE u.undone_id = o.transfer_id AND u.undo_id = o.refund_transfer_id)
         UNION ALL
         SELECT f.id FROM fee_offsets f WHERE f.refund_transfer_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM ledger_undos u
                           WHERE u.undone_id = f.transfer_id AND u.undo_id = f.refund_transfer_id)",
    ),
    (
        "an expiry only takes what was left in lots already due",
        "SELECT t.id FROM ledger_transfers t JOIN ledger_lot_draws d ON d.transfer_id = t.id
         JOIN ledger_lots l ON l.id = d.lot_id
         WHERE t.kind = 'expire' AND (l.expires_at IS NULL OR l.expires_at > t.created_at)",
    ),
];

/// The invariants that fail, each with up to five offending ids.
pub fn broken_invariants(conn: &Connection) -> AppResult<Vec<String>> {
    let mut broken = Vec::new();
    for (name, sql) in INVARIANT_CHECKS {
        let mut stmt = conn.prepare_cached(sql)?;
        let ids: Vec<i64> = stmt
            .query_map([], |r| r.get(0))?
            .take(5)
            .collect::<Result<_, _>>()?;
        if !ids.is_empty() {
            broken.push(format!("{name}: {ids:?}"));
        }
    }
    Ok(broken)
}
