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
