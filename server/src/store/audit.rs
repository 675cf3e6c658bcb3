//! The append-only audit log.

use rusqlite::{params, Connection};

use crate::error::AppResult;

/// Appends one row; the table's triggers refuse updates and deletes.
pub fn append(
    conn: &Connection,
    actor_id: i64,
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

/// Appends a row without an actor: a step the system took by itself.
pub fn append_system(
    conn: &Connection,
    action: &str,
    subject: &str,
    detail: &str,
    at: i64,
) -> AppResult<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log (actor_id, action, subject, detail, at) VALUES (NULL, ?1, ?2, ?3, ?4)",
    )?
    .execute(params![action, subject, detail, at])?;
    Ok(())
}

/// One audit row, as tests and reports read it.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRow {
    pub actor_id: Option<i64>,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

/// The most recent rows first.
pub fn recent(conn: &Connection, limit: i64) -> AppResult<Vec<AuditRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT actor_id, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        Ok(AuditRow {
            actor_id: r.get(0)?,
            action: r.get(1)?,
            subject: r.get(2)?,
            detail: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
