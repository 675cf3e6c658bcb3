//! The patrol log: what the patrol volunteers and grid workers of a grid saw on their
//! rounds (fire, a stall on the street, medical, a dispute, sanitation, other) in a few
//! words, with at most one photo taken through the shop's photo pipeline. The dispatch
//! desk shows the community's log of the day.

use linli_app::api::alarms::{LogEntry, NewLogEntry};
use linli_app::api::Reason;
use linli_app::roles::Role;
use linli_app::validate;
use rusqlite::Connection;
use serde_json::json;

use crate::audit;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::shop::items::photo;
use crate::shop::photos::Processed;
use crate::store::alarms::{self as store, LogRow, NewLog};

/// May `user` write in the log of the grid at `path`?
fn writes_in(user: &CurrentUser, path: &str) -> bool {
    user.has(Role::Patrol, path) || user.has(Role::GridWorker, path)
}

pub fn view(row: LogRow) -> LogEntry {
    LogEntry {
        photo: row.photo.as_ref().map(photo),
        ..row.entry
    }
}

/// Writes an entry in a grid's log.
pub fn write(
    conn: &Connection,
    user: &CurrentUser,
    req: &NewLogEntry,
    now: i64,
) -> AppResult<LogEntry> {
    let (grid, community) = super::grid_and_community(conn, req.grid_id)?;
    if !writes_in(user, &grid.path) {
        return Err(AppError::FORBIDDEN);
    }
    let text = validate::text("text", &req.text, 1, 200)?;
    let id = store::insert_log(
        conn,
        &NewLog {
            grid_id: grid.id,
            community_id: community.id,
            author_id: user.id,
            kind: req.kind,
            text: &text,
        },
        now,
    )?;
    audit::record(
        conn,
        user.id,
        "patrol.log",
        &format!("patrol_log:{id}"),
        json!({"grid_id": grid.id, "kind": req.kind.as_str()}),
    )?;
    entry(conn, id)
}

pub fn entry(conn: &Connection, id: i64) -> AppResult<LogEntry> {
    Ok(view(
        store::log_entry(conn, id)?.ok_or(AppError::NOT_FOUND)?,
    ))
}

/// The checks before a photo is processed and after: the entry's author, while it has
/// none.
pub fn may_add_photo(conn: &Connection, user: &CurrentUser, id: i64) -> AppResult<()> {
    let row = store::log_entry(conn, id)?.ok_or(AppError::NOT_FOUND)?;
    if row.author_id != user.id {
        return Err(AppError::FORBIDDEN);
    }
    if row.photo.is_some() {
        return Err(AppError::Refused(Reason::LogPhotoTaken));
    }
    Ok(())
}

/// Attaches the entry's photo (files already stored).
pub fn add_photo(
    conn: &Connection,
    user: &CurrentUser,
    id: i64,
    p: &Processed,
    now: i64,
) -> AppResult<LogEntry> {
    may_add_photo(conn, user, id)?;
    if !store::insert_log_photo(conn, id, &p.hash, (p.width, p.height), user.id, now)? {
        return Err(AppError::Refused(Reason::LogPhotoTaken));
    }
    audit::record(
        conn,
        user.id,
        "patrol.log_photo",
        &format!("patrol_log:{id}"),
        json!({"photo": p.hash}),
    )?;
    entry(conn, id)
}

/// A community's log of the day holding `now`, newest first.
pub fn today(conn: &Connection, community_id: i64, now: i64) -> AppResult<Vec<LogEntry>> {
    let since = linli_app::clock::day_start(now);
    Ok(store::community_log(conn, community_id, since)?
        .into_iter()
        .map(view)
        .collect())
}
