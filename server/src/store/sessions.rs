//! Server-side sessions, keyed by the SHA-256 of the cookie's token.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::AppResult;

pub fn insert(
    conn: &Connection,
    token_hash: &[u8],
    user_id: i64,
    now: i64,
    expires_at: i64,
) -> AppResult<()> {
    conn.prepare_cached("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![token_hash, user_id, now, expires_at],
    )?;
    Ok(())
}

pub fn delete(conn: &Connection, token_hash: &[u8]) -> AppResult<()> {
    conn.prepare_cached("DELETE FROM sessions WHERE token_hash = ?1")?
        .execute([token_hash])?;
    Ok(())
}

/// Ends every session of a person except `keep` (after a password change or reset, a
/// stolen session must not outlive the old password).
pub fn delete_for_user(conn: &Connection, user_id: i64, keep: Option<&[u8]>) -> AppResult<()> {
    conn.prepare_cached("DELETE FROM sessions WHERE user_id = ?1 AND token_hash IS NOT ?2")?
        .execute(params![user_id, keep])?;
    Ok(())
}

/// Drops every expired session (run at sign-in so the table does not grow forever).
pub fn delete_expired(conn: &Connection, now: i64) -> AppResult<()> {
    conn.prepare_cached("DELETE FROM sessions WHERE expires_at <= ?1")?
        .execute([now])?;
    Ok(())
}

/// The user a live session belongs to; expired sessions count as none.
pub fn user_of(conn: &Connection, token_hash: &[u8], now: i64) -> AppResult<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT user_id FROM sessions WHERE token_hash = ?1 AND expires_at > ?2")?
        .query_row(params![token_hash, now], |r| r.get(0))
        .optional()?)
}

/// Moves a session's expiry (tests use it to age a session).
pub fn set_expiry(conn: &Connection, token_hash: &[u8], expires_at: i64) -> AppResult<()> {
    conn.prepare_cached("UPDATE sessions SET expires_at = ?2 WHERE token_hash = ?1")?
        .execute(params![token_hash, expires_at])?;
    Ok(())
}
