//! SQL of notifications: a kind plus JSON parameters per row, worded when read.

use rusqlite::{params, Connection};

use crate::error::AppResult;

/// A notification as stored. `text` is set only on rows from before kinds had
/// parameters (the old waitlist notices, in Chinese).
#[derive(Debug, Clone, PartialEq)]
pub struct NoticeRow {
    pub id: i64,
    pub kind: String,
    pub params: serde_json::Value,
    pub text: String,
    pub order_id: Option<i64>,
    pub project_id: Option<i64>,
    pub session_id: Option<i64>,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

/// Where a notice points, besides its parameters.
#[derive(Debug, Clone, Copy, Default)]
pub struct Links {
    pub order_id: Option<i64>,
    pub project_id: Option<i64>,
    pub session_id: Option<i64>,
}

pub fn insert(
    conn: &Connection,
    user_id: i64,
    kind: &str,
    params: &serde_json::Value,
    links: Links,
    now: i64,
) -> AppResult<i64> {
    conn.prepare_cached(
        "INSERT INTO notifications (user_id, kind, text, params, order_id, project_id,
             session_id, created_at)
         VALUES (?1, ?2, '', ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        user_id,
        kind,
        params.to_string(),
        links.order_id,
        links.project_id,
        links.session_id,
        now
    ])?;
    Ok(conn.last_insert_rowid())
}

/// A person's notifications newer than `after` (an id), newest first, at most `limit`.
pub fn list(
    conn: &Connection,
    user_id: i64,
    after: Option<i64>,
    limit: i64,
) -> AppResult<Vec<NoticeRow>> {
    select(conn, "DESC", user_id, after.unwrap_or(0), limit)
}

/// A person's notifications newer than `after`, oldest first, at most `limit`: the next
/// page of a stream that must not skip any.
pub fn after_oldest_first(
    conn: &Connection,
    user_id: i64,
    after: i64,
    limit: i64,
) -> AppResult<Vec<NoticeRow>> {
    select(conn, "ASC", user_id, after, limit)
}

fn select(
    conn: &Connection,
    order: &str,
    user_id: i64,
    after: i64,
    limit: i64,
) -> AppResult<Vec<NoticeRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, kind, params, text, order_id, project_id, session_id, created_at, read_at
         FROM notifications WHERE user_id = ?1 AND id > ?2 ORDER BY id {order} LIMIT ?3"
    ))?;
    let rows = stmt.query_map(params![user_id, after, limit], |r| {
        let params: String = r.get(2)?;
        Ok(NoticeRow {
            id: r.get(0)?,
            kind: r.get(1)?,
            params: serde_json::from_str(&params).unwrap_or_default(),
            text: r.get(3)?,
            order_id: r.get(4)?,
            project_id: r.get(5)?,
            session_id: r.get(6)?,
            created_at: r.get(7)?,
            read_at: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn unread_count(conn: &Connection, user_id: i64) -> AppResult<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT COUNT(*) FROM notifications WHERE user_id = ?1 AND read_at IS NULL",
        )?
        .query_row([user_id], |r| r.get(0))?)
}

/// Marks some of a person's notifications read (all of them when `ids` is empty).
pub fn mark_read(conn: &Connection, user_id: i64, ids: &[i64], now: i64) -> AppResult<usize> {
    if ids.is_empty() {
        return Ok(conn
            .prepare_cached(
                "UPDATE notifications SET read_at = ?2 WHERE user_id = ?1 AND read_at IS NULL",
            )?
            .execute(params![user_id, now])?);
    }
    let mut stmt = conn.prepare_cached(
        "UPDATE notifications SET read_at = ?3
         WHERE user_id = ?1 AND id = ?2 AND read_at IS NULL",
    )?;
    let mut n = 0;
    for id in ids {
        n += stmt.execute(params![user_id, id, now])?;
    }
    Ok(n)
}

/// Leaders of a team (a `team_leader` grant at the team itself): who hears of new work.
pub fn team_leaders(conn: &Connection, team_id: i64) -> AppResult<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT user_id FROM role_grants WHERE node_id = ?1 AND role = 'team_leader'",
    )?;
    let rows = stmt.query_map([team_id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Reviewers whose grant is at or above any of `paths`: who hears of a new order.
pub fn reviewers_over(conn: &Connection, paths: &[&str]) -> AppResult<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT g.user_id FROM role_grants g JOIN nodes n ON n.id = g.node_id
         WHERE g.role = 'reviewer' AND substr(?1, 1, length(n.path)) = n.path",
    )?;
    let mut out: Vec<i64> = Vec::new();
    for path in paths {
        for id in stmt.query_map([path], |r| r.get(0))? {
            let id = id?;
            if !out.contains(&id) {
                out.push(id);
            }
        }
    }
    Ok(out)
}

/// The newest notice id (0 when there is none).
pub fn last_id(conn: &Connection) -> AppResult<i64> {
    Ok(conn
        .prepare_cached("SELECT COALESCE(MAX(id), 0) FROM notifications")?
        .query_row([], |r| r.get(0))?)
}

/// `(id, user_id)` of the notices after `after`, oldest first, at most `limit`.
pub fn recipients_after(conn: &Connection, after: i64, limit: i64) -> AppResult<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, user_id FROM notifications WHERE id > ?1 ORDER BY id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![after, limit], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
