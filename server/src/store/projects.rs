//! SQL of the project board: projects, sessions, sign-ups and attendance, hour records,
//! notifications and certificates. Rules live in `crate::projects`.

use linli_app::api::projects::{
    HourRecord, HoursStatus, NewSession, ProjectCategory, ProjectStats, ProjectStatus, Session,
    Signup, SignupStatus,
};
use rusqlite::types::Type;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::AppResult;
use crate::store::tree;

fn enum_col<T>(r: &Row, idx: usize, parse: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let s: String = r.get(idx)?;
    parse(&s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            Type::Text,
            format!("unknown value {s:?}").into(),
        )
    })
}

// ---- projects ----------------------------------------------------------------------------

/// A project as stored, with its team's name and path.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectRow {
    pub id: i64,
    pub team_id: i64,
    pub team_name: String,
    pub team_path: String,
    pub title: String,
    pub category: ProjectCategory,
    pub description: String,
    pub place: String,
    pub territory_id: Option<i64>,
    pub activity: String,
    pub skills: Vec<String>,
    pub signup_opens_at: Option<i64>,
    pub signup_closes_at: Option<i64>,
    pub cancel_cutoff_minutes: i64,
    pub status: ProjectStatus,
    pub reject_reason: Option<String>,
    pub created_at: i64,
}

const PROJECT_COLS: &str = "p.id, p.team_id, t.name, t.path, p.title, p.category,
    p.description, p.place, p.territory_id, p.activity, p.skills, p.signup_opens_at,
    p.signup_closes_at, p.cancel_cutoff_minutes, p.status, p.reject_reason, p.created_at";

const PROJECT_FROM: &str = "projects p JOIN nodes t ON t.id = p.team_id";

fn project_row(r: &Row) -> rusqlite::Result<ProjectRow> {
    let skills: String = r.get(10)?;
    Ok(ProjectRow {
        id: r.get(0)?,
        team_id: r.get(1)?,
        team_name: r.get(2)?,
        team_path: r.get(3)?,
        title: r.get(4)?,
        category: enum_col(r, 5, ProjectCategory::parse)?,
        description: r.get(6)?,
        place: r.get(7)?,
        territory_id: r.get(8)?,
        activity: r.get(9)?,
        skills: serde_json::from_str(&skills).unwrap_or_default(),
        signup_opens_at: r.get(11)?,
        signup_closes_at: r.get(12)?,
        cancel_cutoff_minutes: r.get(13)?,
        status: enum_col(r, 14, ProjectStatus::parse)?,
        reject_reason: r.get(15)?,
        created_at: r.get(16)?,
    })
}

/// Inserts a draft project from `p` (its id, team name and path are ignored).
pub fn insert_project(conn: &Connection, p: &ProjectRow, author: i64, now: i64) -> AppResult<i64> {
    conn.execute(
        "INSERT INTO projects (team_id, title, category, description, place, territory_id,
             activity, skills, signup_opens_at, signup_closes_at, cancel_cutoff_minutes,
             status, created_by, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)",
        params![
            p.team_id,
            p.title,
            p.category.as_str(),
            p.description,
            p.place,
            p.territory_id,
            p.activity,
            serde_json::to_string(&p.skills).unwrap_or_else(|_| "[]".into()),
            p.signup_opens_at,
            p.signup_closes_at,
            p.cancel_cutoff_minutes,
            p.status.as_str(),
            author,
            now
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Writes a project's editable fields.
pub fn update_project(conn: &Connection, p: &ProjectRow, now: i64) -> AppResult<()> {
    conn.execute(
        "UPDATE projects SET title = ?2, category = ?3, description = ?4, place = ?5,
             territory_id = ?6, activity = ?7, skills = ?8, signup_opens_at = ?9,
             signup_closes_at = ?10, cancel_cutoff_minutes = ?11, updated_at = ?12
         WHERE id = ?1",
        params![
            p.id,
            p.title,
            p.category.as_str(),
            p.description,
            p.place,
            p.territory_id,
            p.activity,
            serde_json::to_string(&p.skills).unwrap_or_else(|_| "[]".into()),
            p.signup_opens_at,
            p.signup_closes_at,
            p.cancel_cutoff_minutes,
            now
        ],
    )?;
    Ok(())
}

pub fn set_project_status(
    conn: &Connection,
    id: i64,
    status: ProjectStatus,
    reject_reason: Option<&str>,
    now: i64,
) -> AppResult<()> {
    conn.execute(
        "UPDATE projects SET status = ?2, reject_reason = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, status.as_str(), reject_reason, now],
    )?;
    Ok(())
}

pub fn project(conn: &Connection, id: i64) -> AppResult<Option<ProjectRow>> {
    let sql = format!("SELECT {PROJECT_COLS} FROM {PROJECT_FROM} WHERE p.id = ?1");
    Ok(conn.query_row(&sql, [id], project_row).optional()?)
}

/// Projects in one of `statuses`, optionally of a category, a team, or placed within a
/// territory node's path; newest first, at most 500.
pub fn projects(
    conn: &Connection,
    statuses: &[ProjectStatus],
    category: Option<ProjectCategory>,
    team_id: Option<i64>,
    territory_path: Option<&str>,
) -> AppResult<Vec<ProjectRow>> {
    let wanted: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
    let wanted = serde_json::to_string(&wanted).unwrap_or_else(|_| "[]".into());
    let (lo, hi) = territory_path
        .map(tree::subtree_range)
        .map_or((None, None), |(lo, hi)| (Some(lo), Some(hi)));
    let sql = format!(
        "SELECT {PROJECT_COLS} FROM {PROJECT_FROM}
         LEFT JOIN nodes terr ON terr.id = p.territory_id
         WHERE p.status IN (SELECT value FROM json_each(?1))
           AND (?2 IS NULL OR p.category = ?2)
           AND (?3 IS NULL OR p.team_id = ?3)
           AND (?4 IS NULL OR (terr.path >= ?4 AND terr.path < ?5))
         ORDER BY p.id DESC LIMIT 500"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(
        params![wanted, category.map(|c| c.as_str()), team_id, lo, hi],
        project_row,
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

// ---- sessions ----------------------------------------------------------------------------

/// A session as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionRow {
    pub id: i64,
    pub project_id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: i64,
}

pub fn insert_session(conn: &Connection, project_id: i64, s: &NewSession) -> AppResult<i64> {
    conn.execute(
        "INSERT INTO project_sessions (project_id, starts_at, ends_at, capacity)
         VALUES (?1, ?2, ?3, ?4)",
        params![project_id, s.starts_at, s.ends_at, s.capacity],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn session(conn: &Connection, id: i64) -> AppResult<Option<SessionRow>> {
    Ok(conn
        .query_row(
            "SELECT id, project_id, starts_at, ends_at, capacity FROM project_sessions
             WHERE id = ?1",
            [id],
            |r| {
                Ok(SessionRow {
                    id: r.get(0)?,
                    project_id: r.get(1)?,
                    starts_at: r.get(2)?,
                    ends_at: r.get(3)?,
                    capacity: r.get(4)?,
                })
            },
        )
        .optional()?)
}

/// Moves a session in time (used when a leader reschedules, and by tests to let time
/// pass).
pub fn set_session_times(
    conn: &Connection,
    id: i64,
    starts_at: i64,
    ends_at: i64,
) -> AppResult<()> {
    conn.execute(
        "UPDATE project_sessions SET starts_at = ?2, ends_at = ?3 WHERE id = ?1",
        params![id, starts_at, ends_at],
    )?;
    Ok(())
}

const SESSION_VIEW: &str = "SELECT s.id, s.project_id, s.starts_at, s.ends_at, s.capacity,
        (SELECT COUNT(*) FROM signups g WHERE g.session_id = s.id AND g.status = 'confirmed'),
        (SELECT COUNT(*) FROM signups g WHERE g.session_id = s.id AND g.status = 'waitlisted')
     FROM project_sessions s";

fn session_view(r: &Row) -> rusqlite::Result<Session> {
    let capacity: i64 = r.get(4)?;
    let confirmed: i64 = r.get(5)?;
    Ok(Session {
        id: r.get(0)?,
        project_id: r.get(1)?,
        starts_at: r.get(2)?,
        ends_at: r.get(3)?,
        capacity,
        confirmed,
        waitlisted: r.get(6)?,
        places_left: (capacity - confirmed).max(0),
    })
}

/// A project's sessions with their places, by start.
pub fn sessions_of(conn: &Connection, project_id: i64) -> AppResult<Vec<Session>> {
    let sql = format!("{SESSION_VIEW} WHERE s.project_id = ?1 ORDER BY s.starts_at, s.id");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([project_id], session_view)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn session_view_of(conn: &Connection, id: i64) -> AppResult<Option<Session>> {
    let sql = format!("{SESSION_VIEW} WHERE s.id = ?1");
    Ok(conn.query_row(&sql, [id], session_view).optional()?)
}

// ---- sign-ups ----------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignupRow {
    pub id: i64,
    pub session_id: i64,
    pub user_id: i64,
    pub status: SignupStatus,
    pub arrival: i64,
    pub checked_in_at: Option<i64>,
    pub checked_out_at: Option<i64>,
    pub no_show: bool,
}

const SIGNUP_COLS: &str =
    "id, session_id, user_id, status, arrival, checked_in_at, checked_out_at, no_show";

fn signup_row(r: &Row) -> rusqlite::Result<SignupRow> {
    Ok(SignupRow {
        id: r.get(0)?,
        session_id: r.get(1)?,
        user_id: r.get(2)?,
        status: enum_col(r, 3, SignupStatus::parse)?,
        arrival: r.get(4)?,
        checked_in_at: r.get(5)?,
        checked_out_at: r.get(6)?,
        no_show: r.get::<_, i64>(7)? != 0,
    })
}

/// A person's confirmed or waitlisted sign-up for a session.
pub fn live_signup(
    conn: &Connection,
    session_id: i64,
    user_id: i64,
) -> AppResult<Option<SignupRow>> {
    let sql = format!(
        "SELECT {SIGNUP_COLS} FROM signups
         WHERE session_id = ?1 AND user_id = ?2 AND status <> 'cancelled'"
    );
    Ok(conn
        .query_row(&sql, [session_id, user_id], signup_row)
        .optional()?)
}

pub fn signup(conn: &Connection, id: i64) -> AppResult<Option<SignupRow>> {
    let sql = format!("SELECT {SIGNUP_COLS} FROM signups WHERE id = ?1");
    Ok(conn.query_row(&sql, [id], signup_row).optional()?)
}

/// Confirmed sign-ups of a session.
pub fn confirmed_count(conn: &Connection, session_id: i64) -> AppResult<i64> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM signups WHERE session_id = ?1 AND status = 'confirmed'",
        [session_id],
        |r| r.get(0),
    )?)
}

/// Inserts a sign-up with the next arrival number of its session.
pub fn insert_signup(
    conn: &Connection,
    session_id: i64,
    user_id: i64,
    status: SignupStatus,
    now: i64,
) -> AppResult<i64> {
    conn.execute(
        "INSERT INTO signups (session_id, user_id, status, arrival, created_at)
         VALUES (?1, ?2, ?3,
                 (SELECT COALESCE(MAX(arrival), 0) + 1 FROM signups WHERE session_id = ?1), ?4)",
        params![session_id, user_id, status.as_str(), now],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn cancel_signup(conn: &Connection, id: i64, now: i64) -> AppResult<()> {
    conn.execute(
        "UPDATE signups SET status = 'cancelled', cancelled_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    Ok(())
}

/// The first person waiting for a session, by arrival.
pub fn first_waiting(conn: &Connection, session_id: i64) -> AppResult<Option<SignupRow>> {
    let sql = format!(
        "SELECT {SIGNUP_COLS} FROM signups WHERE session_id = ?1 AND status = 'waitlisted'
         ORDER BY arrival LIMIT 1"
    );
    Ok(conn.query_row(&sql, [session_id], signup_row).optional()?)
}

pub fn promote(conn: &Connection, id: i64, now: i64) -> AppResult<()> {
    conn.execute(
        "UPDATE signups SET status = 'confirmed', promoted_at = ?2
         WHERE id = ?1 AND status = 'waitlisted'",
        params![id, now],
    )?;
    Ok(())
}

pub fn set_checked_in(conn: &Connection, id: i64, at: i64) -> AppResult<()> {
    conn.execute(
        "UPDATE signups SET checked_in_at = ?2, no_show = 0 WHERE id = ?1",
        params![id, at],
    )?;
    Ok(())
}

pub fn set_checked_out(conn: &Connection, id: i64, at: i64) -> AppResult<()> {
    conn.execute(
        "UPDATE signups SET checked_out_at = ?2 WHERE id = ?1",
        params![id, at],
    )?;
    Ok(())
}

pub fn set_no_show(conn: &Connection, id: i64) -> AppResult<()> {
    conn.execute("UPDATE signups SET no_show = 1 WHERE id = ?1", [id])?;
    Ok(())
}

const SIGNUP_VIEW: &str = "SELECT g.id, g.session_id, s.project_id, p.title, p.category, p.place,
        s.starts_at, s.ends_at, g.status, g.arrival, p.cancel_cutoff_minutes,
        g.checked_in_at, g.checked_out_at, g.created_at,
        CASE WHEN g.status = 'waitlisted' THEN
            (SELECT COUNT(*) FROM signups w WHERE w.session_id = g.session_id
               AND w.status = 'waitlisted' AND w.arrival <= g.arrival) END
     FROM signups g JOIN project_sessions s ON s.id = g.session_id
     JOIN projects p ON p.id = s.project_id";

fn signup_view(r: &Row) -> rusqlite::Result<Signup> {
    let starts_at: i64 = r.get(6)?;
    let cutoff: i64 = r.get(10)?;
    Ok(Signup {
        id: r.get(0)?,
        session_id: r.get(1)?,
        project_id: r.get(2)?,
        project_title: r.get(3)?,
        category: enum_col(r, 4, ProjectCategory::parse)?,
        place: r.get(5)?,
        starts_at,
        ends_at: r.get(7)?,
        status: enum_col(r, 8, SignupStatus::parse)?,
        arrival: r.get(9)?,
        cancel_until: linli_app::projects::cancel_until(starts_at, cutoff),
        checked_in_at: r.get(11)?,
        checked_out_at: r.get(12)?,
        created_at: r.get(13)?,
        waitlist_position: r.get(14)?,
    })
}

pub fn signup_view_of(conn: &Connection, id: i64) -> AppResult<Option<Signup>> {
    let sql = format!("{SIGNUP_VIEW} WHERE g.id = ?1");
    Ok(conn.query_row(&sql, [id], signup_view).optional()?)
}

/// A person's sign-ups (cancelled ones too), latest session first, at most 500.
pub fn signups_of_user(conn: &Connection, user_id: i64) -> AppResult<Vec<Signup>> {
    let sql = format!(
        "{SIGNUP_VIEW} WHERE g.user_id = ?1 ORDER BY s.starts_at DESC, g.id DESC LIMIT 500"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([user_id], signup_view)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A session's live sign-ups by arrival, with each person's name and phone.
pub fn roster(conn: &Connection, session_id: i64) -> AppResult<Vec<(SignupRow, String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT g.id, g.session_id, g.user_id, g.status, g.arrival, g.checked_in_at,
                g.checked_out_at, g.no_show, u.name, u.phone
         FROM signups g JOIN users u ON u.id = g.user_id
         WHERE g.session_id = ?1 AND g.status <> 'cancelled' ORDER BY g.arrival",
    )?;
    let rows = stmt.query_map([session_id], |r| Ok((signup_row(r)?, r.get(8)?, r.get(9)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

// ---- hour records ------------------------------------------------------------------------

pub fn insert_hours(
    conn: &Connection,
    signup: &SignupRow,
    checked_in_at: i64,
    checked_out_at: i64,
    minutes: i64,
    now: i64,
) -> AppResult<i64> {
    conn.execute(
        "INSERT INTO hour_records (signup_id, session_id, user_id, checked_in_at,
             checked_out_at, computed_minutes, minutes, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)",
        params![
            signup.id,
            signup.session_id,
            signup.user_id,
            checked_in_at,
            checked_out_at,
            minutes,
            now
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Hours a team logs for one volunteer when it completes a service order: submitted for
/// review at once (the leader's completion is the submission).
pub struct OrderHours {
    pub order_id: i64,
    pub user_id: i64,
    pub from: i64,
    pub to: i64,
    pub minutes: i64,
}

pub fn insert_order_hours(conn: &Connection, h: &OrderHours, by: i64, now: i64) -> AppResult<i64> {
    conn.execute(
        "INSERT INTO hour_records (order_id, user_id, checked_in_at, checked_out_at,
             computed_minutes, minutes, status, submitted_by, submitted_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5, 'pending', ?6, ?7, ?7)",
        params![h.order_id, h.user_id, h.from, h.to, h.minutes, by, now],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Hours a patrol volunteer served on a shift, from check-in to check-out: submitted for
/// review at once (the check-out is the submission), decided by the reviewers over the
/// volunteer's `team_id`.
pub struct ShiftHours {
    pub shift_id: i64,
    pub team_id: i64,
    pub user_id: i64,
    pub from: i64,
    pub to: i64,
    pub minutes: i64,
}

pub fn insert_shift_hours(conn: &Connection, h: &ShiftHours, by: i64, now: i64) -> AppResult<i64> {
    conn.execute(
        "INSERT INTO hour_records (shift_id, team_id, user_id, checked_in_at, checked_out_at,
             computed_minutes, minutes, status, submitted_by, submitted_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, 'pending', ?7, ?8, ?8)",
        params![h.shift_id, h.team_id, h.user_id, h.from, h.to, h.minutes, by, now],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Hours a volunteer who came to a help request logs for it: submitted for review at once
/// (the volunteer's word is the submission), decided by the reviewers over their
/// `team_id`.
pub struct HelpHours {
    pub help_id: i64,
    pub team_id: i64,
    pub user_id: i64,
    pub from: i64,
    pub to: i64,
    pub minutes: i64,
}

pub fn insert_help_hours(conn: &Connection, h: &HelpHours, by: i64, now: i64) -> AppResult<i64> {
    conn.execute(
        "INSERT INTO hour_records (help_id, team_id, user_id, checked_in_at, checked_out_at,
             computed_minutes, minutes, status, submitted_by, submitted_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, 'pending', ?7, ?8, ?8)",
        params![h.help_id, h.team_id, h.user_id, h.from, h.to, h.minutes, by, now],
    )?;
    Ok(conn.last_insert_rowid())
}

/// A volunteer's record for a help request, if logged.
pub fn hours_of_help(conn: &Connection, help_id: i64, user_id: i64) -> AppResult<Option<HoursRow>> {
    let sql = format!("{HOURS_VIEW} WHERE h.help_id = ?1 AND h.user_id = ?2");
    let mut stmt = conn.prepare(&sql)?;
    Ok(stmt
        .query_row(params![help_id, user_id], hours_row)
        .optional()?)
}

/// A volunteer's record for a shift, if checked out.
pub fn hours_of_shift(
    conn: &Connection,
    shift_id: i64,
    user_id: i64,
) -> AppResult<Option<HoursRow>> {
    let sql = format!("{HOURS_VIEW} WHERE h.shift_id = ?1 AND h.user_id = ?2");
    let mut stmt = conn.prepare(&sql)?;
    Ok(stmt
        .query_row(params![shift_id, user_id], hours_row)
        .optional()?)
}

pub fn hours_of_order(conn: &Connection, order_id: i64) -> AppResult<Vec<HoursRow>> {
    hours_where(conn, "h.order_id = ?1", order_id)
}

/// A check-out recorded again before the record is submitted moves its times.
pub fn redo_hours(
    conn: &Connection,
    id: i64,
    checked_in_at: i64,
    checked_out_at: i64,
    minutes: i64,
) -> AppResult<()> {
    conn.execute(
        "UPDATE hour_records SET checked_in_at = ?2, checked_out_at = ?3,
             computed_minutes = ?4, minutes = ?4, edit_reason = NULL, edited_by = NULL
         WHERE id = ?1",
        params![id, checked_in_at, checked_out_at, minutes],
    )?;
    Ok(())
}

/// An hour record as the API shows it, with what authorizing and pricing it needs.
#[derive(Debug, Clone, PartialEq)]
pub struct HoursRow {
    pub record: HourRecord,
    pub team_path: String,
    pub team_name: String,
    pub activity: String,
}

/// A record is a session's (with its project), a service order's (with its service and
/// the team that served it), a patrol shift's (with its grid and the volunteer's team) or
/// a help request's (with its words and the volunteer's team); order, patrol and help
/// hours earn as general volunteer service.
const HOURS_VIEW: &str = "SELECT h.id, h.session_id, s.project_id,
        COALESCE(p.title, v.title, g.name, hr.text), COALESCE(p.category, v.category, 'other'),
        h.user_id, u.name, COALESCE(s.starts_at, h.checked_in_at), h.checked_in_at,
        h.checked_out_at, h.computed_minutes, h.minutes, h.edit_reason, h.status,
        h.reject_reason, h.points, h.transfer_id, t.path, t.name,
        COALESCE(p.activity, 'general'), h.order_id
     FROM hour_records h LEFT JOIN project_sessions s ON s.id = h.session_id
     LEFT JOIN projects p ON p.id = s.project_id
     LEFT JOIN orders o ON o.id = h.order_id LEFT JOIN services v ON v.id = o.service_id
     LEFT JOIN patrol_shifts ps ON ps.id = h.shift_id LEFT JOIN nodes g ON g.id = ps.grid_id
     LEFT JOIN help_requests hr ON hr.id = h.help_id
     JOIN nodes t ON t.id = COALESCE(p.team_id, o.team_id, h.team_id)
     JOIN users u ON u.id = h.user_id";
const HOURS_ORDER: &str = "ORDER BY COALESCE(s.starts_at, h.checked_in_at) DESC, h.id LIMIT 1000";

fn hours_row(r: &Row) -> rusqlite::Result<HoursRow> {
    let category = enum_col(r, 4, ProjectCategory::parse)?;
    Ok(HoursRow {
        record: HourRecord {
            id: r.get(0)?,
            session_id: r.get(1)?,
            project_id: r.get(2)?,
            order_id: r.get(20)?,
            project_title: r.get(3)?,
            category,
            training: category.is_training(),
            user_id: r.get(5)?,
            user_name: r.get(6)?,
            starts_at: r.get(7)?,
            checked_in_at: r.get(8)?,
            checked_out_at: r.get(9)?,
            computed_minutes: r.get(10)?,
            minutes: r.get(11)?,
            edit_reason: r.get(12)?,
            status: enum_col(r, 13, HoursStatus::parse)?,
            reject_reason: r.get(14)?,
            points: r.get(15)?,
            transfer_id: r.get(16)?,
        },
        team_path: r.get(17)?,
        team_name: r.get(18)?,
        activity: r.get(19)?,
    })
}

fn hours_where(conn: &Connection, clause: &str, arg: i64) -> AppResult<Vec<HoursRow>> {
    let sql = format!("{HOURS_VIEW} WHERE {clause} {HOURS_ORDER}");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([arg], hours_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn hours(conn: &Connection, id: i64) -> AppResult<Option<HoursRow>> {
    Ok(hours_where(conn, "h.id = ?1", id)?.into_iter().next())
}

pub fn hours_of_signup(conn: &Connection, signup_id: i64) -> AppResult<Option<HoursRow>> {
    Ok(hours_where(conn, "h.signup_id = ?1", signup_id)?
        .into_iter()
        .next())
}

pub fn hours_of_user(conn: &Connection, user_id: i64) -> AppResult<Vec<HoursRow>> {
    hours_where(conn, "h.user_id = ?1", user_id)
}

pub fn hours_of_session(conn: &Connection, session_id: i64) -> AppResult<Vec<HoursRow>> {
    hours_where(conn, "h.session_id = ?1", session_id)
}

/// Hour records in a status, oldest session first would be nicer for review; newest first
/// keeps one order everywhere.
pub fn hours_in_status(conn: &Connection, status: HoursStatus) -> AppResult<Vec<HoursRow>> {
    let sql = format!("{HOURS_VIEW} WHERE h.status = ?1 {HOURS_ORDER}");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([status.as_str()], hours_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How many hour records are in a status, per team path: the dashboard counts only the
/// teams its reader may review, without loading every record.
pub fn hours_per_team(conn: &Connection, status: HoursStatus) -> AppResult<Vec<(String, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT t.path, COUNT(*) FROM hour_records h
         LEFT JOIN project_sessions s ON s.id = h.session_id
         LEFT JOIN projects p ON p.id = s.project_id LEFT JOIN orders o ON o.id = h.order_id
         JOIN nodes t ON t.id = COALESCE(p.team_id, o.team_id, h.team_id)
         WHERE h.status = ?1 GROUP BY t.path",
    )?;
    let rows = stmt.query_map([status.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How many projects are in a status, per team path.
pub fn projects_per_team(
    conn: &Connection,
    status: ProjectStatus,
) -> AppResult<Vec<(String, i64)>> {
    let sql =
        format!("SELECT t.path, COUNT(*) FROM {PROJECT_FROM} WHERE p.status = ?1 GROUP BY t.path");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([status.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn edit_hours(
    conn: &Connection,
    id: i64,
    minutes: i64,
    reason: &str,
    by: i64,
) -> AppResult<()> {
    conn.execute(
        "UPDATE hour_records SET minutes = ?2, edit_reason = ?3, edited_by = ?4 WHERE id = ?1",
        params![id, minutes, reason, by],
    )?;
    Ok(())
}

/// Draft records of a session become pending; returns how many.
pub fn submit_hours(conn: &Connection, session_id: i64, by: i64, now: i64) -> AppResult<usize> {
    Ok(conn.execute(
        "UPDATE hour_records SET status = 'pending', submitted_by = ?2, submitted_at = ?3
         WHERE session_id = ?1 AND status = 'draft'",
        params![session_id, by, now],
    )?)
}

pub fn approve_hours(
    conn: &Connection,
    id: i64,
    by: i64,
    now: i64,
    points: i64,
    transfer_id: Option<i64>,
) -> AppResult<()> {
    conn.execute(
        "UPDATE hour_records SET status = 'approved', decided_by = ?2, decided_at = ?3,
             points = ?4, transfer_id = ?5, reject_reason = NULL
         WHERE id = ?1",
        params![id, by, now, points, transfer_id],
    )?;
    Ok(())
}

pub fn reject_hours(conn: &Connection, id: i64, by: i64, now: i64, reason: &str) -> AppResult<()> {
    conn.execute(
        "UPDATE hour_records SET status = 'rejected', decided_by = ?2, decided_at = ?3,
             reject_reason = ?4
         WHERE id = ?1",
        params![id, by, now, reason],
    )?;
    Ok(())
}

// ---- certificates ------------------------------------------------------------------------

/// Stores a certificate and its signature; false if the code is taken.
pub fn insert_certificate(
    conn: &Connection,
    code: &str,
    user_id: i64,
    facts: &str,
    hash: &str,
    signature: &str,
    now: i64,
) -> AppResult<bool> {
    match conn.execute(
        "INSERT INTO certificates (code, user_id, facts, hash, issued_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![code, user_id, facts, hash, now],
    ) {
        Ok(_) => {
            sign_certificate(conn, conn.last_insert_rowid(), signature)?;
            Ok(true)
        }
        Err(e) if crate::store::is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Stores a certificate's signature.
pub fn sign_certificate(conn: &Connection, id: i64, signature: &str) -> AppResult<()> {
    conn.execute(
        "INSERT INTO certificate_signatures (certificate_id, signature) VALUES (?1, ?2)",
        params![id, signature],
    )?;
    Ok(())
}

/// (facts JSON, signature) of a certificate; no signature for one never signed.
pub fn certificate(conn: &Connection, code: &str) -> AppResult<Option<(String, Option<String>)>> {
    Ok(conn
        .query_row(
            "SELECT c.facts, s.signature FROM certificates c
             LEFT JOIN certificate_signatures s ON s.certificate_id = c.id
             WHERE c.code = ?1",
            [code],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// (id, facts JSON, hash) of the certificates issued before they were signed.
pub fn unsigned_certificates(conn: &Connection) -> AppResult<Vec<(i64, String, String)>> {
    let mut s = conn.prepare_cached(
        "SELECT c.id, c.facts, c.hash FROM certificates c
         WHERE NOT EXISTS (SELECT 1 FROM certificate_signatures s WHERE s.certificate_id = c.id)
         ORDER BY c.id",
    )?;
    let rows = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ---- statistics --------------------------------------------------------------------------

/// Figures of the projects of teams within `path` (an organisation node's path).
pub fn stats(conn: &Connection, path: Option<&str>) -> AppResult<ProjectStats> {
    let (lo, hi) = path
        .map(tree::subtree_range)
        .map_or((None, None), |(lo, hi)| (Some(lo), Some(hi)));
    let scope = "FROM projects p JOIN nodes t ON t.id = p.team_id
         WHERE p.status IN ('published', 'closed')
           AND (?1 IS NULL OR (t.path >= ?1 AND t.path < ?2))";
    let (projects, trainings): (i64, i64) = conn.query_row(
        &format!("SELECT COUNT(*), COUNT(*) FILTER (WHERE p.category = 'training') {scope}"),
        params![lo, hi],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let (sessions, signups): (i64, i64) = conn.query_row(
        &format!(
            "SELECT COUNT(DISTINCT s.id),
                    (SELECT COUNT(*) FROM signups g JOIN project_sessions s2 ON s2.id = g.session_id
                     WHERE g.status = 'confirmed' AND s2.project_id IN (SELECT p.id {scope}))
             FROM project_sessions s WHERE s.project_id IN (SELECT p.id {scope})"
        ),
        params![lo, hi],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let (volunteers, service, training, points): (i64, i64, i64, i64) = conn.query_row(
        "SELECT COUNT(DISTINCT h.user_id) FILTER (WHERE p.category <> 'training'),
                    COALESCE(SUM(h.minutes) FILTER (WHERE p.category <> 'training'), 0),
                    COALESCE(SUM(h.minutes) FILTER (WHERE p.category = 'training'), 0),
                    COALESCE(SUM(h.points), 0)
             FROM hour_records h JOIN project_sessions s ON s.id = h.session_id
             JOIN projects p ON p.id = s.project_id JOIN nodes t ON t.id = p.team_id
             WHERE h.status = 'approved' AND (?1 IS NULL OR (t.path >= ?1 AND t.path < ?2))",
        params![lo, hi],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    Ok(ProjectStats {
        projects,
        trainings,
        sessions,
        signups,
        volunteers,
        service_minutes: service,
        training_minutes: training,
        points_issued: points,
    })
}
