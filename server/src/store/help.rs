//! SQL of help requests: the need, its photo, who it was offered to, who answered.

use linli_app::api::alarms::{HelpState, Skill, Urgency};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::AppResult;
use crate::org::tree;
use crate::store::org::enum_col;
use crate::store::shop::PhotoRow;

#[derive(Debug, Clone, PartialEq)]
pub struct HelpRow {
    pub id: i64,
    pub requester_id: i64,
    pub requester_name: String,
    pub requester_phone: String,
    pub grid_id: i64,
    pub grid_name: String,
    pub skill: Option<Skill>,
    pub urgency: Urgency,
    pub place: String,
    pub text: String,
    pub places: i64,
    pub state: HelpState,
    pub done_at: Option<i64>,
    pub created_at: i64,
    /// When it goes wider if still short; none once it did, or once enough came.
    pub widen_at: Option<i64>,
    pub widened_at: Option<i64>,
}

const COLS: &str = "h.id, h.requester_id, u.name, u.phone, h.grid_id, g.name, h.skill, h.urgency,
    h.place, h.text, h.places, h.state, h.done_at, h.created_at, h.widen_at, h.widened_at";
const FROM: &str =
    "help_requests h JOIN users u ON u.id = h.requester_id JOIN nodes g ON g.id = h.grid_id";

fn row(r: &Row) -> rusqlite::Result<HelpRow> {
    let skill: Option<String> = r.get(6)?;
    Ok(HelpRow {
        id: r.get(0)?,
        requester_id: r.get(1)?,
        requester_name: r.get(2)?,
        requester_phone: r.get(3)?,
        grid_id: r.get(4)?,
        grid_name: r.get(5)?,
        skill: skill.as_deref().and_then(Skill::parse),
        urgency: enum_col(r, 7, Urgency::parse)?,
        place: r.get(8)?,
        text: r.get(9)?,
        places: r.get(10)?,
        state: enum_col(r, 11, HelpState::parse)?,
        done_at: r.get(12)?,
        created_at: r.get(13)?,
        widen_at: r.get(14)?,
        widened_at: r.get(15)?,
    })
}

pub struct NewHelp<'a> {
    pub requester_id: i64,
    pub grid_id: i64,
    pub community_id: i64,
    pub skill: Option<Skill>,
    pub urgency: Urgency,
    pub place: &'a str,
    pub text: &'a str,
    pub places: i64,
    pub widen_at: i64,
}

pub fn insert(conn: &Connection, h: &NewHelp, now: i64) -> AppResult<i64> {
    conn.prepare_cached(
        "INSERT INTO help_requests (requester_id, grid_id, community_id, skill, urgency, place,
             text, places, created_at, widen_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        h.requester_id,
        h.grid_id,
        h.community_id,
        h.skill.map(Skill::as_str),
        h.urgency.as_str(),
        h.place,
        h.text,
        h.places,
        now,
        h.widen_at
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn get(conn: &Connection, id: i64) -> AppResult<Option<HelpRow>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLS} FROM {FROM} WHERE h.id = ?1"))?
        .query_row([id], row)
        .optional()?)
}

/// Requests a person asked for or was offered, newest first.
pub fn of(conn: &Connection, user_id: i64, limit: i64) -> AppResult<Vec<HelpRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM {FROM}
         WHERE h.requester_id = ?1
            OR h.id IN (SELECT request_id FROM help_offers WHERE user_id = ?1)
         ORDER BY h.id DESC LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![user_id, limit], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A community's requests still waiting for their volunteers or to be confirmed done,
/// oldest first (the dispatch desk).
pub fn open_in(conn: &Connection, community_id: i64) -> AppResult<Vec<HelpRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM {FROM}
         WHERE h.community_id = ?1 AND h.state <> 'done'
         ORDER BY h.id LIMIT 100"
    ))?;
    let rows = stmt.query_map([community_id], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Patrol volunteers of the grids within `path` (with `skill`, when one is asked for).
pub fn volunteers(conn: &Connection, path: &str, skill: Option<Skill>) -> AppResult<Vec<i64>> {
    let (lo, hi) = tree::subtree_range(path);
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT g.user_id FROM role_grants g JOIN nodes n ON n.id = g.node_id
         WHERE g.role = 'patrol' AND n.path >= ?1 AND n.path < ?2
           AND (?3 IS NULL OR EXISTS (SELECT 1 FROM volunteer_skills s
                                      WHERE s.user_id = g.user_id AND s.skill = ?3))
         ORDER BY g.user_id",
    )?;
    let rows = stmt.query_map(params![lo, hi, skill.map(Skill::as_str)], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Offers a request to a person in `round`; false when it was offered to them before.
pub fn offer(conn: &Connection, request_id: i64, user_id: i64, round: i64) -> AppResult<bool> {
    let n = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO help_offers (request_id, user_id, round) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![request_id, user_id, round])?;
    Ok(n == 1)
}

/// How many people each round reached: (first, second).
pub fn reached(conn: &Connection, request_id: i64) -> AppResult<(i64, i64)> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(SUM(round = 1), 0), COALESCE(SUM(round = 2), 0)
             FROM help_offers WHERE request_id = ?1",
        )?
        .query_row([request_id], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// Patrol volunteers of the grids within `path` (any skill) and whoever is on a shift
/// there at `now`.
pub fn everyone_within(conn: &Connection, path: &str, now: i64) -> AppResult<Vec<i64>> {
    let mut people = volunteers(conn, path, None)?;
    people.extend(crate::store::alarms::on_duty_within(conn, path, now)?);
    people.sort_unstable();
    people.dedup();
    Ok(people)
}

/// Requests whose wider round is due at `now`, soonest first.
pub fn due(conn: &Connection, now: i64, limit: i64) -> AppResult<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM help_requests WHERE widen_at IS NOT NULL AND widen_at <= ?1
         ORDER BY widen_at, id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![now, limit], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Takes the wider round if it is still due: clears the deadline and records when. False
/// when another runner (or an answer) got there first, so it happens once.
pub fn take_widen(conn: &Connection, id: i64, now: i64) -> AppResult<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE help_requests SET widen_at = NULL, widened_at = ?2
             WHERE id = ?1 AND widen_at IS NOT NULL AND widen_at <= ?2",
        )?
        .execute(params![id, now])?;
    Ok(n == 1)
}

/// Drops the wider round: enough people are coming, or it is done.
pub fn cancel_widen(conn: &Connection, id: i64) -> AppResult<()> {
    conn.prepare_cached("UPDATE help_requests SET widen_at = NULL WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

pub fn was_offered(conn: &Connection, request_id: i64, user_id: i64) -> AppResult<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM help_offers WHERE request_id = ?1 AND user_id = ?2")?
        .query_row(params![request_id, user_id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// A volunteer accepted: who, their phone, when they answered.
#[derive(Debug, Clone, PartialEq)]
pub struct HelperRow {
    pub user_id: i64,
    pub name: String,
    pub phone: String,
    pub at: i64,
}

/// Accepted helpers, first answer first.
pub fn helpers(conn: &Connection, request_id: i64) -> AppResult<Vec<HelperRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT u.id, u.name, u.phone, a.at FROM help_answers a JOIN users u ON u.id = a.user_id
         WHERE a.request_id = ?1 ORDER BY a.at, u.id",
    )?;
    let rows = stmt.query_map([request_id], |r| {
        Ok(HelperRow {
            user_id: r.get(0)?,
            name: r.get(1)?,
            phone: r.get(2)?,
            at: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Records an answer; false when this person had answered already.
pub fn answer(conn: &Connection, request_id: i64, user_id: i64, now: i64) -> AppResult<bool> {
    let n = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO help_answers (request_id, user_id, at) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![request_id, user_id, now])?;
    Ok(n == 1)
}

pub fn set_state(
    conn: &Connection,
    id: i64,
    state: HelpState,
    done_at: Option<i64>,
) -> AppResult<()> {
    conn.prepare_cached("UPDATE help_requests SET state = ?2, done_at = ?3 WHERE id = ?1")?
        .execute(params![id, state.as_str(), done_at])?;
    Ok(())
}

/// A request's photo, if the resident attached one.
pub fn photo(conn: &Connection, request_id: i64) -> AppResult<Option<PhotoRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, request_id, hash, width, height FROM help_photos WHERE request_id = ?1",
        )?
        .query_row([request_id], |r| {
            Ok(PhotoRow {
                id: r.get(0)?,
                item_id: r.get(1)?,
                hash: r.get(2)?,
                width: r.get(3)?,
                height: r.get(4)?,
            })
        })
        .optional()?)
}

/// Attaches a request's photo; false when it has one already.
pub fn insert_photo(
    conn: &Connection,
    request_id: i64,
    hash: &str,
    (width, height): (u32, u32),
    by: i64,
    now: i64,
) -> AppResult<bool> {
    let n = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO help_photos
                 (request_id, hash, width, height, uploaded_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![request_id, hash, width, height, by, now])?;
    Ok(n == 1)
}
