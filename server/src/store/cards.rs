//! SQL of points cards: cards and their status, PINs and the wrong-PIN lock, the server's
//! own secrets, and the holders shown on the print sheet. Rules live in `crate::cards`.

use linli_app::api::cards::{CardRecord, CardStatus};
use rusqlite::types::Type;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::AppResult;
use crate::store::is_unique_violation;

/// A card as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardRow {
    pub id: i64,
    pub user_id: i64,
    pub number: String,
    pub status: CardStatus,
    pub issued_at: i64,
}

/// A person's PIN and lock state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinRow {
    pub pin_hash: String,
    pub failures: i64,
    pub locked_until: Option<i64>,
}

fn status_col(r: &Row, idx: usize) -> rusqlite::Result<CardStatus> {
    let s: String = r.get(idx)?;
    CardStatus::parse(&s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            Type::Text,
            format!("unknown card status {s:?}").into(),
        )
    })
}

const CARD_COLS: &str = "id, user_id, number, status, issued_at";

fn card_row(r: &Row) -> rusqlite::Result<CardRow> {
    Ok(CardRow {
        id: r.get(0)?,
        user_id: r.get(1)?,
        number: r.get(2)?,
        status: status_col(r, 3)?,
        issued_at: r.get(4)?,
    })
}

/// A person's current card (active or blocked), if one was issued.
pub fn current_card(conn: &Connection, user_id: i64) -> AppResult<Option<CardRow>> {
    let sql = format!("SELECT {CARD_COLS} FROM cards WHERE user_id = ?1 AND status <> 'replaced'");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([user_id], card_row)
        .optional()?)
}

pub fn card_by_number(conn: &Connection, number: &str) -> AppResult<Option<CardRow>> {
    let sql = format!("SELECT {CARD_COLS} FROM cards WHERE number = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([number], card_row)
        .optional()?)
}

/// Issues a card; None when the number is already taken (the caller draws another).
pub fn insert_card(
    conn: &Connection,
    user_id: i64,
    number: &str,
    now: i64,
) -> AppResult<Option<CardRow>> {
    let res = conn
        .prepare_cached("INSERT INTO cards (user_id, number, issued_at) VALUES (?1, ?2, ?3)")?
        .execute(params![user_id, number, now]);
    match res {
        Ok(_) => Ok(Some(CardRow {
            id: conn.last_insert_rowid(),
            user_id,
            number: number.to_string(),
            status: CardStatus::Active,
            issued_at: now,
        })),
        Err(e) if is_unique_violation(&e) && number_taken(conn, number)? => Ok(None),
        Err(e) => Err(e.into()),
    }
}

fn number_taken(conn: &Connection, number: &str) -> AppResult<bool> {
    Ok(card_by_number(conn, number)?.is_some())
}

pub fn set_status(
    conn: &Connection,
    card_id: i64,
    status: CardStatus,
    reason: &str,
    now: i64,
) -> AppResult<()> {
    conn.prepare_cached(
        "UPDATE cards SET status = ?2, status_reason = ?3, status_changed_at = ?4 WHERE id = ?1",
    )?
    .execute(params![card_id, status.as_str(), reason, now])?;
    Ok(())
}

/// Every card a person has had, newest first.
pub fn history(conn: &Connection, user_id: i64) -> AppResult<Vec<CardRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT number, status, status_reason, issued_at, status_changed_at FROM cards
         WHERE user_id = ?1 ORDER BY id DESC",
    )?;
    let rows = stmt.query_map([user_id], |r| {
        Ok(CardRecord {
            number: r.get(0)?,
            status: status_col(r, 1)?,
            status_reason: r.get(2)?,
            issued_at: r.get(3)?,
            status_changed_at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

// ---- PINs ------------------------------------------------------------------------------

pub fn pin(conn: &Connection, user_id: i64) -> AppResult<Option<PinRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT pin_hash, failures, locked_until FROM card_pins WHERE user_id = ?1",
        )?
        .query_row([user_id], |r| {
            Ok(PinRow {
                pin_hash: r.get(0)?,
                failures: r.get(1)?,
                locked_until: r.get(2)?,
            })
        })
        .optional()?)
}

/// Sets or replaces a PIN, clearing any failures and lock.
pub fn set_pin(conn: &Connection, user_id: i64, pin_hash: &str, now: i64) -> AppResult<()> {
    conn.prepare_cached(
        "INSERT INTO card_pins (user_id, pin_hash, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (user_id) DO UPDATE SET pin_hash = excluded.pin_hash, failures = 0,
             locked_until = NULL, updated_at = excluded.updated_at",
    )?
    .execute(params![user_id, pin_hash, now])?;
    Ok(())
}

/// Writes the failure count and lock of a person's PIN.
pub fn set_pin_state(
    conn: &Connection,
    user_id: i64,
    failures: i64,
    locked_until: Option<i64>,
) -> AppResult<()> {
    conn.prepare_cached(
        "UPDATE card_pins SET failures = ?2, locked_until = ?3 WHERE user_id = ?1",
    )?
    .execute(params![user_id, failures, locked_until])?;
    Ok(())
}

/// The account password hash, to confirm a PIN change.
pub fn password_hash(conn: &Connection, user_id: i64) -> AppResult<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT password_hash FROM users WHERE id = ?1")?
        .query_row([user_id], |r| r.get(0))
        .optional()?)
}

// ---- secrets ---------------------------------------------------------------------------

pub fn secret(conn: &Connection, name: &str) -> AppResult<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT value FROM server_secrets WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?)
}

/// Stores a secret unless one of that name exists (the first one stays).
pub fn insert_secret(conn: &Connection, name: &str, value: &[u8], now: i64) -> AppResult<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO server_secrets (name, value, created_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![name, value, now])?;
    Ok(())
}

// ---- holders ---------------------------------------------------------------------------

/// Name and phone of a person.
pub fn holder(conn: &Connection, user_id: i64) -> AppResult<Option<(String, String)>> {
    Ok(conn
        .prepare_cached("SELECT name, phone FROM users WHERE id = ?1")?
        .query_row([user_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// (id, name, phone) of a team's members, by id.
pub fn team_people(conn: &Connection, team_id: i64) -> AppResult<Vec<(i64, String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT u.id, u.name, u.phone FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.node_id = ?1 ORDER BY u.id LIMIT 500",
    )?;
    let rows = stmt.query_map([team_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// (id, name, phone) of people whose name, phone or card number contains `q`, by id.
pub fn matching_people(conn: &Connection, q: &str) -> AppResult<Vec<(i64, String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT u.id, u.name, u.phone FROM users u
         WHERE instr(u.name, ?1) > 0 OR instr(u.phone, ?1) > 0
            OR EXISTS (SELECT 1 FROM cards c WHERE c.user_id = u.id AND instr(c.number, ?1) > 0)
         ORDER BY u.id LIMIT 200",
    )?;
    let rows = stmt.query_map([q], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Ids of people with no current card (for seeding).
pub fn people_without_card(conn: &Connection) -> AppResult<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM users u WHERE NOT EXISTS
             (SELECT 1 FROM cards c WHERE c.user_id = u.id AND c.status <> 'replaced')
         ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
