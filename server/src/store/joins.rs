//! SQL of requests to join a team.

use linli_app::api::{JoinRequest, JoinState};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::AppResult;
use crate::store::org::enum_col;
use crate::store::tree;

fn state_str(s: JoinState) -> &'static str {
    match s {
        JoinState::Pending => "pending",
        JoinState::Accepted => "accepted",
        JoinState::Declined => "declined",
    }
}

fn parse_state(s: &str) -> Option<JoinState> {
    [JoinState::Pending, JoinState::Accepted, JoinState::Declined]
        .into_iter()
        .find(|x| state_str(*x) == s)
}

const COLS: &str = "j.id, j.user_id, u.name, j.node_id, n.name, j.state, j.reason, j.created_at,
                    j.decided_at, n.path
     FROM join_requests j JOIN users u ON u.id = j.user_id JOIN nodes n ON n.id = j.node_id";

/// A request and its team's path (for the caller's authorization).
fn row(r: &Row) -> rusqlite::Result<(JoinRequest, String)> {
    Ok((
        JoinRequest {
            id: r.get(0)?,
            user_id: r.get(1)?,
            user_name: r.get(2)?,
            node_id: r.get(3)?,
            team_name: r.get(4)?,
            state: enum_col(r, 5, parse_state)?,
            reason: r.get(6)?,
            created_at: r.get(7)?,
            decided_at: r.get(8)?,
        },
        r.get(9)?,
    ))
}

/// The person's pending request to this team, if any.
pub fn pending_id(conn: &Connection, user_id: i64, node_id: i64) -> AppResult<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM join_requests
             WHERE user_id = ?1 AND node_id = ?2 AND state = 'pending'",
        )?
        .query_row([user_id, node_id], |r| r.get(0))
        .optional()?)
}

pub fn insert(conn: &Connection, user_id: i64, node_id: i64, now: i64) -> AppResult<i64> {
    conn.prepare_cached(
        "INSERT INTO join_requests (user_id, node_id, created_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![user_id, node_id, now])?;
    Ok(conn.last_insert_rowid())
}

/// One request with its team's path.
pub fn get(conn: &Connection, id: i64) -> AppResult<Option<(JoinRequest, String)>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLS} WHERE j.id = ?1"))?
        .query_row([id], row)
        .optional()?)
}

/// A person's requests, newest first.
pub fn of_user(conn: &Connection, user_id: i64) -> AppResult<Vec<JoinRequest>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} WHERE j.user_id = ?1 ORDER BY j.id DESC LIMIT 50"
    ))?;
    let rows = stmt.query_map([user_id], row)?;
    Ok(rows.map(|r| r.map(|(j, _)| j)).collect::<Result<_, _>>()?)
}

/// Pending requests to teams within the subtree at `path`, oldest first.
pub fn pending_within(conn: &Connection, path: &str) -> AppResult<Vec<JoinRequest>> {
    let (lo, hi) = tree::subtree_range(path);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} WHERE j.state = 'pending' AND n.path >= ?1 AND n.path < ?2
         ORDER BY j.id LIMIT 500"
    ))?;
    let rows = stmt.query_map([lo, hi], row)?;
    Ok(rows.map(|r| r.map(|(j, _)| j)).collect::<Result<_, _>>()?)
}

/// Answers a pending request; false when it was no longer pending.
pub fn decide(
    conn: &Connection,
    id: i64,
    state: JoinState,
    reason: &str,
    by: i64,
    now: i64,
) -> AppResult<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE join_requests SET state = ?2, reason = ?3, decided_by = ?4, decided_at = ?5
             WHERE id = ?1 AND state = 'pending'",
        )?
        .execute(params![id, state_str(state), reason, by, now])?;
    Ok(n == 1)
}

/// The people holding the team-leader role at this very team.
pub fn leaders_of(conn: &Connection, node_id: i64) -> AppResult<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT user_id FROM role_grants WHERE node_id = ?1 AND role = 'team_leader' ORDER BY user_id",
    )?;
    let rows = stmt.query_map([node_id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
