//! The audit trail: every administrative change appends a row in the same transaction
//! as the change itself, so one never lands without the other.

use rusqlite::Connection;

use crate::error::AppResult;
use crate::store::{self, now};

/// Records that `actor` did `action` to `subject` (e.g. `node:7`), with details.
pub fn record(
    conn: &Connection,
    actor: i64,
    action: &str,
    subject: &str,
    detail: serde_json::Value,
) -> AppResult<()> {
    store::audit::append(conn, actor, action, subject, &detail.to_string(), now())
}

/// Records a step nobody took by hand (an alarm's escalation, run by the clock).
pub fn record_system(
    conn: &Connection,
    action: &str,
    subject: &str,
    detail: serde_json::Value,
    at: i64,
) -> AppResult<()> {
    store::audit::append_system(conn, action, subject, &detail.to_string(), at)
}
