//! SQL of training courses: courses, their sessions and enrolments. Rules live in
//! `crate::trainings`.

use linli_app::api::trainings::{Enrolment, NewTrainingSession, TrainingSession};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::AppResult;

/// A course as stored, with its organiser's name and path (for authorization).
#[derive(Debug, Clone)]
pub struct TrainingRow {
    pub id: i64,
    pub node_id: i64,
    pub organiser: String,
    pub node_path: String,
    pub title: String,
    pub topics: Vec<String>,
    pub trainer: String,
    pub place: String,
    pub capacity: i64,
    pub sessions_required: i64,
    pub enrolled: i64,
}

const COLS: &str = "t.id, t.node_id, n.name, n.path, t.title, t.topics, t.trainer, t.place,
    t.capacity, t.sessions_required,
    (SELECT COUNT(*) FROM training_enrolments e WHERE e.training_id = t.id)
    FROM trainings t JOIN nodes n ON n.id = t.node_id";

fn row(r: &Row) -> rusqlite::Result<TrainingRow> {
    let topics: String = r.get(5)?;
    Ok(TrainingRow {
        id: r.get(0)?,
        node_id: r.get(1)?,
        organiser: r.get(2)?,
        node_path: r.get(3)?,
        title: r.get(4)?,
        topics: serde_json::from_str(&topics).unwrap_or_default(),
        trainer: r.get(6)?,
        place: r.get(7)?,
        capacity: r.get(8)?,
        sessions_required: r.get(9)?,
        enrolled: r.get(10)?,
    })
}

pub fn insert_training(conn: &Connection, t: &TrainingRow, by: i64, now: i64) -> AppResult<i64> {
    let topics = serde_json::to_string(&t.topics).unwrap_or_else(|_| "[]".into());
    conn.execute(
        "INSERT INTO trainings (node_id, title, topics, trainer, place, capacity,
                                sessions_required, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            t.node_id,
            t.title,
            topics,
            t.trainer,
            t.place,
            t.capacity,
            t.sessions_required,
            by,
            now
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn insert_session(
    conn: &Connection,
    training_id: i64,
    s: &NewTrainingSession,
) -> AppResult<i64> {
    conn.execute(
        "INSERT INTO training_sessions (training_id, starts_at, ends_at) VALUES (?1, ?2, ?3)",
        params![training_id, s.starts_at, s.ends_at],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn training(conn: &Connection, id: i64) -> AppResult<Option<TrainingRow>> {
    let sql = format!("SELECT {COLS} WHERE t.id = ?1");
    Ok(conn.query_row(&sql, [id], row).optional()?)
}

/// Courses whose last session has not ended before `since`, soonest first, at most 500.
pub fn upcoming(conn: &Connection, since: i64) -> AppResult<Vec<TrainingRow>> {
    let sql = format!(
        "SELECT {COLS} WHERE (SELECT MAX(s.ends_at) FROM training_sessions s
                              WHERE s.training_id = t.id) >= ?1
         ORDER BY (SELECT MIN(s.starts_at) FROM training_sessions s WHERE s.training_id = t.id),
                  t.id
         LIMIT 500"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([since], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The courses `user_id` is enrolled in, newest enrolment first.
pub fn of_user(conn: &Connection, user_id: i64) -> AppResult<Vec<TrainingRow>> {
    let sql = format!(
        "SELECT {COLS} JOIN training_enrolments m ON m.training_id = t.id
         WHERE m.user_id = ?1 ORDER BY m.enrolled_at DESC, m.id DESC"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([user_id], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn sessions_of(conn: &Connection, training_id: i64) -> AppResult<Vec<TrainingSession>> {
    let mut stmt = conn.prepare(
        "SELECT id, starts_at, ends_at FROM training_sessions WHERE training_id = ?1
         ORDER BY starts_at, id",
    )?;
    let rows = stmt.query_map([training_id], |r| {
        Ok(TrainingSession {
            id: r.get(0)?,
            starts_at: r.get(1)?,
            ends_at: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn enrolment_row(r: &Row) -> rusqlite::Result<Enrolment> {
    Ok(Enrolment {
        id: r.get(0)?,
        training_id: r.get(1)?,
        user_id: r.get(2)?,
        enrolled_at: r.get(3)?,
    })
}

pub fn enrolment(
    conn: &Connection,
    training_id: i64,
    user_id: i64,
) -> AppResult<Option<Enrolment>> {
    Ok(conn
        .query_row(
            "SELECT id, training_id, user_id, enrolled_at FROM training_enrolments
             WHERE training_id = ?1 AND user_id = ?2",
            [training_id, user_id],
            enrolment_row,
        )
        .optional()?)
}

pub fn insert_enrolment(
    conn: &Connection,
    training_id: i64,
    user_id: i64,
    now: i64,
) -> AppResult<i64> {
    conn.execute(
        "INSERT INTO training_enrolments (training_id, user_id, enrolled_at) VALUES (?1, ?2, ?3)",
        params![training_id, user_id, now],
    )?;
    Ok(conn.last_insert_rowid())
}

/// (training id, session) of a course session.
pub fn session(conn: &Connection, id: i64) -> AppResult<Option<(i64, TrainingSession)>> {
    Ok(conn
        .query_row(
            "SELECT training_id, id, starts_at, ends_at FROM training_sessions WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get(0)?,
                    TrainingSession {
                        id: r.get(1)?,
                        starts_at: r.get(2)?,
                        ends_at: r.get(3)?,
                    },
                ))
            },
        )
        .optional()?)
}

/// Marks a trainee present at a session (again: kept as first marked) or takes it back.
pub fn set_attendance(
    conn: &Connection,
    session_id: i64,
    user_id: i64,
    present: bool,
    by: i64,
    now: i64,
) -> AppResult<()> {
    if present {
        conn.execute(
            "INSERT OR IGNORE INTO training_attendance (session_id, user_id, marked_by, marked_at)
             VALUES (?1, ?2, ?3, ?4)",
            params![session_id, user_id, by, now],
        )?;
    } else {
        conn.execute(
            "DELETE FROM training_attendance WHERE session_id = ?1 AND user_id = ?2",
            [session_id, user_id],
        )?;
    }
    Ok(())
}

/// Every trainee of a course in enrolment order: (user id, name, sessions attended,
/// minutes of those sessions).
pub fn roster(conn: &Connection, training_id: i64) -> AppResult<Vec<(i64, String, i64, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT e.user_id, u.name, COUNT(s.id),
                COALESCE(SUM((s.ends_at - s.starts_at) / 60), 0)
         FROM training_enrolments e
         JOIN users u ON u.id = e.user_id
         LEFT JOIN training_attendance a ON a.user_id = e.user_id
         LEFT JOIN training_sessions s ON s.id = a.session_id AND s.training_id = e.training_id
         WHERE e.training_id = ?1
         GROUP BY e.id ORDER BY e.enrolled_at, e.id",
    )?;
    let rows = stmt.query_map([training_id], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// (sessions attended, minutes of those sessions) of one trainee of a course.
pub fn attended(conn: &Connection, training_id: i64, user_id: i64) -> AppResult<(i64, i64)> {
    Ok(conn.query_row(
        "SELECT COUNT(*), COALESCE(SUM((s.ends_at - s.starts_at) / 60), 0)
         FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id
         WHERE s.training_id = ?1 AND a.user_id = ?2",
        [training_id, user_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// (user id, session id) of every attendance mark of a course; `user_id` narrows it to
/// one trainee.
pub fn marks(
    conn: &Connection,
    training_id: i64,
    user_id: Option<i64>,
) -> AppResult<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.user_id, a.session_id
         FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id
         WHERE s.training_id = ?1 AND (?2 IS NULL OR a.user_id = ?2)
         ORDER BY s.starts_at, s.id",
    )?;
    let rows = stmt.query_map(params![training_id, user_id], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
