//! SQL of S7: volunteers' skills, patrol shifts, alarms with their stored escalation
//! deadlines, timeline and the people each reached.

use linli_app::api::alarms::{AlarmState, AlarmStep, LogEntry, LogKind, OnShift, ShiftKind, Skill};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::AppResult;
use crate::org::tree;
use crate::store::org::enum_col;
use crate::store::shop::PhotoRow;

// ---- skills ---------------------------------------------------------------------------------

pub fn skills(conn: &Connection, user_id: i64) -> AppResult<Vec<Skill>> {
    let mut stmt = conn
        .prepare_cached("SELECT skill FROM volunteer_skills WHERE user_id = ?1 ORDER BY skill")?;
    let rows = stmt.query_map([user_id], |r| enum_col(r, 0, Skill::parse))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Replaces a person's skills.
pub fn set_skills(conn: &Connection, user_id: i64, skills: &[Skill]) -> AppResult<()> {
    conn.prepare_cached("DELETE FROM volunteer_skills WHERE user_id = ?1")?
        .execute([user_id])?;
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO volunteer_skills (user_id, skill) VALUES (?1, ?2)",
    )?;
    for s in skills {
        insert.execute(params![user_id, s.as_str()])?;
    }
    Ok(())
}

// ---- shifts ---------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub struct ShiftRow {
    pub id: i64,
    pub grid_id: i64,
    pub grid_name: String,
    pub grid_path: String,
    pub kind: ShiftKind,
    pub starts_at: i64,
    pub ends_at: i64,
    pub wanted: i64,
}

const SHIFT_COLS: &str =
    "p.id, p.grid_id, n.name, n.path, p.kind, p.starts_at, p.ends_at, p.wanted";

fn shift_row(r: &Row) -> rusqlite::Result<ShiftRow> {
    Ok(ShiftRow {
        id: r.get(0)?,
        grid_id: r.get(1)?,
        grid_name: r.get(2)?,
        grid_path: r.get(3)?,
        kind: enum_col(r, 4, ShiftKind::parse)?,
        starts_at: r.get(5)?,
        ends_at: r.get(6)?,
        wanted: r.get(7)?,
    })
}

/// Adds a shift, or finds the one already there for that grid, kind and start.
pub fn ensure_shift(
    conn: &Connection,
    grid_id: i64,
    kind: ShiftKind,
    starts_at: i64,
    ends_at: i64,
    wanted: i64,
) -> AppResult<i64> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO patrol_shifts (grid_id, kind, starts_at, ends_at, wanted)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![grid_id, kind.as_str(), starts_at, ends_at, wanted])?;
    Ok(conn
        .prepare_cached(
            "SELECT id FROM patrol_shifts WHERE grid_id = ?1 AND kind = ?2 AND starts_at = ?3",
        )?
        .query_row(params![grid_id, kind.as_str(), starts_at], |r| r.get(0))?)
}

pub fn shift(conn: &Connection, id: i64) -> AppResult<Option<ShiftRow>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {SHIFT_COLS} FROM patrol_shifts p JOIN nodes n ON n.id = p.grid_id
             WHERE p.id = ?1"
        ))?
        .query_row([id], shift_row)
        .optional()?)
}

/// The shifts of the grids within `path` that overlap `[from, to)`, by start and grid.
pub fn shifts_within(
    conn: &Connection,
    path: &str,
    from: i64,
    to: i64,
) -> AppResult<Vec<ShiftRow>> {
    let (lo, hi) = tree::subtree_range(path);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SHIFT_COLS} FROM patrol_shifts p JOIN nodes n ON n.id = p.grid_id
         WHERE n.path >= ?1 AND n.path < ?2 AND p.starts_at < ?4 AND p.ends_at > ?3
         ORDER BY p.starts_at, n.path, p.kind"
    ))?;
    let rows = stmt.query_map(params![lo, hi, from, to], shift_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The people on a shift, in sign-up order.
pub fn shift_people(conn: &Connection, shift_id: i64) -> AppResult<Vec<OnShift>> {
    let mut stmt = conn.prepare_cached(
        "SELECT u.id, u.name, u.phone FROM patrol_signups s JOIN users u ON u.id = s.user_id
         WHERE s.shift_id = ?1 ORDER BY s.at, u.id",
    )?;
    let rows = stmt.query_map([shift_id], |r| {
        Ok(OnShift {
            user_id: r.get(0)?,
            name: r.get(1)?,
            phone: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Signs a person up; false when they were on it already.
pub fn sign_up(
    conn: &Connection,
    shift_id: i64,
    user_id: i64,
    added_by: i64,
    now: i64,
) -> AppResult<bool> {
    let n = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO patrol_signups (shift_id, user_id, added_by, at)
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![shift_id, user_id, added_by, now])?;
    Ok(n == 1)
}

/// Takes a person off a shift; false when they were not on it.
pub fn withdraw(conn: &Connection, shift_id: i64, user_id: i64) -> AppResult<bool> {
    let n = conn
        .prepare_cached("DELETE FROM patrol_signups WHERE shift_id = ?1 AND user_id = ?2")?
        .execute(params![shift_id, user_id])?;
    Ok(n == 1)
}

/// The patrol volunteers of a grid (granted at it or above), by name.
pub fn patrollers(conn: &Connection, grid_path: &str) -> AppResult<Vec<(i64, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT u.id, u.name FROM role_grants g JOIN nodes n ON n.id = g.node_id
         JOIN users u ON u.id = g.user_id
         WHERE g.role = 'patrol' AND substr(?1, 1, length(n.path)) = n.path
         ORDER BY u.name, u.id",
    )?;
    let rows = stmt.query_map([grid_path], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A person's (check-in, check-out) on a shift; None when not on it.
pub type Attendance = (Option<i64>, Option<i64>);

pub fn attendance(conn: &Connection, shift_id: i64, user_id: i64) -> AppResult<Option<Attendance>> {
    Ok(conn
        .prepare_cached(
            "SELECT checked_in_at, checked_out_at FROM patrol_signups
             WHERE shift_id = ?1 AND user_id = ?2",
        )?
        .query_row(params![shift_id, user_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Records a check-in or (`out`) a check-out; the first one counts.
pub fn set_attendance(
    conn: &Connection,
    shift_id: i64,
    user_id: i64,
    out: bool,
    at: i64,
) -> AppResult<()> {
    let col = if out {
        "checked_out_at"
    } else {
        "checked_in_at"
    };
    conn.prepare_cached(&format!(
        "UPDATE patrol_signups SET {col} = ?3
         WHERE shift_id = ?1 AND user_id = ?2 AND {col} IS NULL"
    ))?
    .execute(params![shift_id, user_id, at])?;
    Ok(())
}

/// The team whose reviewers decide a patrol volunteer's hours: the first team they
/// joined.
pub fn team_of(conn: &Connection, user_id: i64) -> AppResult<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT m.node_id FROM memberships m JOIN nodes n ON n.id = m.node_id
             WHERE m.user_id = ?1 AND n.kind = 'team' ORDER BY m.joined_at, m.node_id LIMIT 1",
        )?
        .query_row([user_id], |r| r.get(0))
        .optional()?)
}

/// People on duty now (on a shift covering `now`) in the grids within `path`.
pub fn on_duty_within(conn: &Connection, path: &str, now: i64) -> AppResult<Vec<i64>> {
    let (lo, hi) = tree::subtree_range(path);
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT s.user_id FROM patrol_signups s
         JOIN patrol_shifts p ON p.id = s.shift_id JOIN nodes n ON n.id = p.grid_id
         WHERE n.path >= ?1 AND n.path < ?2 AND p.starts_at <= ?3 AND p.ends_at > ?3
         ORDER BY s.user_id",
    )?;
    let rows = stmt.query_map(params![lo, hi, now], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Holders of `role` granted at `path` or any node above it.
pub fn holders_above(conn: &Connection, role: &str, path: &str) -> AppResult<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT g.user_id FROM role_grants g JOIN nodes n ON n.id = g.node_id
         WHERE g.role = ?1 AND substr(?2, 1, length(n.path)) = n.path ORDER BY g.user_id",
    )?;
    let rows = stmt.query_map(params![role, path], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Leaders of the teams the patrol volunteers of the grids within `path` belong to.
pub fn patrol_team_leaders(conn: &Connection, path: &str) -> AppResult<Vec<i64>> {
    let (lo, hi) = tree::subtree_range(path);
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT l.user_id FROM role_grants l
         WHERE l.role = 'team_leader' AND l.node_id IN (
             SELECT m.node_id FROM memberships m
             JOIN role_grants p ON p.user_id = m.user_id AND p.role = 'patrol'
             JOIN nodes n ON n.id = p.node_id
             WHERE n.path >= ?1 AND n.path < ?2)
         ORDER BY l.user_id",
    )?;
    let rows = stmt.query_map(params![lo, hi], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

// ---- alarms ---------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub struct AlarmRow {
    pub id: i64,
    pub grid_id: i64,
    pub grid_name: String,
    pub grid_path: String,
    pub community_id: i64,
    pub raised_by: i64,
    pub raised_by_name: String,
    pub raised_by_phone: String,
    pub text: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub state: AlarmState,
    pub level: i64,
    pub escalate_at: Option<i64>,
    pub acked_by_name: Option<String>,
    pub created_at: i64,
    pub resolved_at: Option<i64>,
    pub resolution: String,
}

const ALARM_COLS: &str = "a.id, a.grid_id, g.name, g.path, a.community_id, a.raised_by, u.name,
    u.phone, a.text, a.lat, a.lon, a.state, a.level, a.escalate_at,
    (SELECT k.name FROM users k WHERE k.id = a.acked_by), a.created_at, a.resolved_at,
    a.resolution";
const ALARM_FROM: &str =
    "alarms a JOIN nodes g ON g.id = a.grid_id JOIN users u ON u.id = a.raised_by";

fn alarm_row(r: &Row) -> rusqlite::Result<AlarmRow> {
    Ok(AlarmRow {
        id: r.get(0)?,
        grid_id: r.get(1)?,
        grid_name: r.get(2)?,
        grid_path: r.get(3)?,
        community_id: r.get(4)?,
        raised_by: r.get(5)?,
        raised_by_name: r.get(6)?,
        raised_by_phone: r.get(7)?,
        text: r.get(8)?,
        lat: r.get(9)?,
        lon: r.get(10)?,
        state: enum_col(r, 11, AlarmState::parse)?,
        level: r.get(12)?,
        escalate_at: r.get(13)?,
        acked_by_name: r.get(14)?,
        created_at: r.get(15)?,
        resolved_at: r.get(16)?,
        resolution: r.get(17)?,
    })
}

pub struct NewAlarm<'a> {
    pub grid_id: i64,
    pub community_id: i64,
    pub raised_by: i64,
    pub client_key: Option<&'a str>,
    pub text: &'a str,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub escalate_at: i64,
}

pub fn insert_alarm(conn: &Connection, a: &NewAlarm, now: i64) -> AppResult<i64> {
    conn.prepare_cached(
        "INSERT INTO alarms (grid_id, community_id, raised_by, client_key, text, lat, lon,
             escalate_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        a.grid_id,
        a.community_id,
        a.raised_by,
        a.client_key,
        a.text,
        a.lat,
        a.lon,
        a.escalate_at,
        now
    ])?;
    Ok(conn.last_insert_rowid())
}

/// The alarm this person already raised with this key (a retried press).
pub fn by_key(conn: &Connection, raised_by: i64, key: &str) -> AppResult<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM alarms WHERE raised_by = ?1 AND client_key = ?2")?
        .query_row(params![raised_by, key], |r| r.get(0))
        .optional()?)
}

pub fn alarm(conn: &Connection, id: i64) -> AppResult<Option<AlarmRow>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {ALARM_COLS} FROM {ALARM_FROM} WHERE a.id = ?1"
        ))?
        .query_row([id], alarm_row)
        .optional()?)
}

/// A community's alarms still open or acknowledged, then those resolved since `since`;
/// oldest first within each.
pub fn community_alarms(
    conn: &Connection,
    community_id: i64,
    since: i64,
) -> AppResult<Vec<AlarmRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ALARM_COLS} FROM {ALARM_FROM}
         WHERE a.community_id = ?1 AND (a.state <> 'resolved' OR a.resolved_at >= ?2)
         ORDER BY a.state = 'resolved', a.id"
    ))?;
    let rows = stmt.query_map(params![community_id, since], alarm_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Alarms a person raised or was reached by, newest first, at most `limit`.
pub fn alarms_of(conn: &Connection, user_id: i64, limit: i64) -> AppResult<Vec<AlarmRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ALARM_COLS} FROM {ALARM_FROM}
         WHERE a.raised_by = ?1
            OR a.id IN (SELECT alarm_id FROM alarm_reached WHERE user_id = ?1)
         ORDER BY a.id DESC LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![user_id, limit], alarm_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Records that the alarm reached these people at `level`; returns those it had not
/// reached before.
pub fn reach(conn: &Connection, alarm_id: i64, people: &[i64], level: i64) -> AppResult<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "INSERT OR IGNORE INTO alarm_reached (alarm_id, user_id, level) VALUES (?1, ?2, ?3)",
    )?;
    let mut new = Vec::new();
    for p in people {
        if stmt.execute(params![alarm_id, p, level])? == 1 {
            new.push(*p);
        }
    }
    Ok(new)
}

pub fn was_reached(conn: &Connection, alarm_id: i64, user_id: i64) -> AppResult<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM alarm_reached WHERE alarm_id = ?1 AND user_id = ?2")?
        .query_row(params![alarm_id, user_id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Everyone the alarm reached.
pub fn reached(conn: &Connection, alarm_id: i64) -> AppResult<Vec<i64>> {
    let mut stmt = conn
        .prepare_cached("SELECT user_id FROM alarm_reached WHERE alarm_id = ?1 ORDER BY user_id")?;
    let rows = stmt.query_map([alarm_id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub struct NewEvent<'a> {
    pub alarm_id: i64,
    pub step: AlarmStep,
    pub level: i64,
    pub actor_id: Option<i64>,
    pub reached: i64,
    pub note: &'a str,
}

pub fn add_event(conn: &Connection, e: &NewEvent, now: i64) -> AppResult<()> {
    conn.prepare_cached(
        "INSERT INTO alarm_events (alarm_id, kind, level, actor_id, reached, note, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        e.alarm_id,
        e.step.as_str(),
        e.level,
        e.actor_id,
        e.reached,
        e.note,
        now
    ])?;
    Ok(())
}

/// (step, level, actor name, reached, note, at), oldest first.
pub type EventRow = (AlarmStep, i64, Option<String>, i64, String, i64);

pub fn events(conn: &Connection, alarm_id: i64) -> AppResult<Vec<EventRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.kind, e.level, u.name, e.reached, e.note, e.at
         FROM alarm_events e LEFT JOIN users u ON u.id = e.actor_id
         WHERE e.alarm_id = ?1 ORDER BY e.id",
    )?;
    let rows = stmt.query_map([alarm_id], |r| {
        Ok((
            enum_col(r, 0, AlarmStep::parse)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Has this person said "I'm going" to this alarm?
pub fn has_acked(conn: &Connection, alarm_id: i64, user_id: i64) -> AppResult<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM alarm_events
             WHERE alarm_id = ?1 AND actor_id = ?2 AND kind = 'acknowledged'",
        )?
        .query_row(params![alarm_id, user_id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The first "I'm going": the alarm stops climbing the ladder.
pub fn acknowledge(conn: &Connection, id: i64, user_id: i64, now: i64) -> AppResult<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE alarms SET state = 'acknowledged', acked_by = ?2, acked_at = ?3,
                 escalate_at = NULL
             WHERE id = ?1 AND state = 'open'",
        )?
        .execute(params![id, user_id, now])?;
    Ok(n == 1)
}

pub fn resolve(conn: &Connection, id: i64, user_id: i64, note: &str, now: i64) -> AppResult<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE alarms SET state = 'resolved', resolved_by = ?2, resolved_at = ?3,
                 resolution = ?4, escalate_at = NULL
             WHERE id = ?1 AND state <> 'resolved'",
        )?
        .execute(params![id, user_id, now, note])?;
    Ok(n == 1)
}

/// Ids of open alarms whose next step is due at `now`, soonest first.
pub fn due(conn: &Connection, now: i64, limit: i64) -> AppResult<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM alarms WHERE escalate_at IS NOT NULL AND escalate_at <= ?1
         ORDER BY escalate_at, id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![now, limit], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Takes one ladder step if it is still due and nobody took it: moves `from` to
/// `from + 1` with the next deadline. False when the step was not (or no longer) due,
/// so each step happens once however many runners try it.
pub fn climb(
    conn: &Connection,
    id: i64,
    from: i64,
    next: Option<i64>,
    now: i64,
) -> AppResult<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE alarms SET level = ?2 + 1, escalate_at = ?3
             WHERE id = ?1 AND state = 'open' AND level = ?2
               AND escalate_at IS NOT NULL AND escalate_at <= ?4",
        )?
        .execute(params![id, from, next, now])?;
    Ok(n == 1)
}

// ---- patrol log -----------------------------------------------------------------------------

pub struct NewLog<'a> {
    pub grid_id: i64,
    pub community_id: i64,
    pub author_id: i64,
    pub kind: LogKind,
    pub text: &'a str,
}

pub fn insert_log(conn: &Connection, e: &NewLog, now: i64) -> AppResult<i64> {
    conn.prepare_cached(
        "INSERT INTO patrol_log (grid_id, community_id, author_id, kind, text, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        e.grid_id,
        e.community_id,
        e.author_id,
        e.kind.as_str(),
        e.text,
        now
    ])?;
    Ok(conn.last_insert_rowid())
}

/// A log entry with its author's id, its photo's row if any.
pub struct LogRow {
    pub entry: LogEntry,
    pub author_id: i64,
    pub photo: Option<PhotoRow>,
}

const LOG_SELECT: &str = "SELECT l.id, l.grid_id, g.name, l.kind, l.text, u.name, l.created_at,
        l.author_id, p.id, p.hash, p.width, p.height
     FROM patrol_log l JOIN nodes g ON g.id = l.grid_id JOIN users u ON u.id = l.author_id
     LEFT JOIN patrol_log_photos p ON p.entry_id = l.id";

fn log_row(r: &Row) -> rusqlite::Result<LogRow> {
    let id: i64 = r.get(0)?;
    let photo = match r.get::<_, Option<i64>>(8)? {
        Some(pid) => Some(PhotoRow {
            id: pid,
            item_id: id,
            hash: r.get(9)?,
            width: r.get(10)?,
            height: r.get(11)?,
        }),
        None => None,
    };
    Ok(LogRow {
        entry: LogEntry {
            id,
            grid_id: r.get(1)?,
            grid_name: r.get(2)?,
            kind: enum_col(r, 3, LogKind::parse)?,
            text: r.get(4)?,
            author_name: r.get(5)?,
            created_at: r.get(6)?,
            photo: None,
        },
        author_id: r.get(7)?,
        photo,
    })
}

pub fn log_entry(conn: &Connection, id: i64) -> AppResult<Option<LogRow>> {
    Ok(conn
        .prepare_cached(&format!("{LOG_SELECT} WHERE l.id = ?1"))?
        .query_row([id], log_row)
        .optional()?)
}

/// A community's log since `since`, newest first.
pub fn community_log(conn: &Connection, community_id: i64, since: i64) -> AppResult<Vec<LogRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{LOG_SELECT} WHERE l.community_id = ?1 AND l.created_at >= ?2
         ORDER BY l.created_at DESC, l.id DESC"
    ))?;
    let rows = stmt.query_map(params![community_id, since], log_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Attaches an entry's photo; false when it has one already.
pub fn insert_log_photo(
    conn: &Connection,
    entry_id: i64,
    hash: &str,
    (width, height): (u32, u32),
    by: i64,
    now: i64,
) -> AppResult<bool> {
    let n = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO patrol_log_photos
                 (entry_id, hash, width, height, uploaded_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![entry_id, hash, width, height, by, now])?;
    Ok(n == 1)
}
