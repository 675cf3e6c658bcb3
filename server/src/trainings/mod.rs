//! Training courses (培训, S8): a team leader or admin organises a course (title, topics,
//! trainer, place, capacity) with one or more sessions for their team or branch; anyone
//! signed in sees upcoming courses and enrols until the first session starts, within the
//! capacity. Enrolment checks the count and inserts in one write transaction on the one
//! writer (`BEGIN IMMEDIATE`), as project sign-ups do, so no course is over-filled.

pub mod http;

use std::collections::BTreeSet;

use linli_app::api::projects::NewSession;
use linli_app::api::trainings::{CreateTraining, Enrolment, NewTrainingSession, Training};
use linli_app::api::Tree;
use linli_app::i18n::Msg;
use linli_app::projects as project_rules;
use linli_app::roles::Role;
use linli_app::validate::{Invalid, Problem};
use rusqlite::Connection;
use serde_json::json;

use crate::audit;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::store::org;
use crate::store::trainings::{self as store, TrainingRow};

const BEIJING: i64 = 8 * 3600;
const DAY: i64 = 86_400;
const MAX_TOPICS: usize = 10;

fn invalid(field: &'static str, problem: Problem) -> AppError {
    AppError::Invalid(Invalid { field, problem })
}

/// A required text of at most `max` characters, trimmed.
fn text(field: &'static str, raw: &str, max: usize) -> AppResult<String> {
    let t = raw.trim();
    match t.chars().count() {
        0 => Err(invalid(field, Problem::Required)),
        n if n > max => Err(invalid(field, Problem::TooLong { max })),
        _ => Ok(t.to_string()),
    }
}

/// Up to ten topics of 1–40 characters; blanks dropped, duplicates refused.
fn topics(raw: &[String]) -> AppResult<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for t in raw.iter().filter(|t| !t.trim().is_empty()) {
        let t = text("topics", t, 40)?;
        if out.contains(&t) {
            return Err(invalid("topics", Problem::Duplicate));
        }
        out.push(t);
    }
    if out.len() > MAX_TOPICS {
        return Err(invalid(
            "topics",
            Problem::OutOfRange {
                min: 0,
                max: MAX_TOPICS as i64,
            },
        ));
    }
    Ok(out)
}

/// One or more sessions, each checked as a project session is (in the future, at most a
/// day long), sorted, repeats dropped; the capacity is checked with them.
fn sessions(
    raw: &[NewTrainingSession],
    capacity: i64,
    now: i64,
) -> AppResult<Vec<NewTrainingSession>> {
    if raw.is_empty() || raw.len() > project_rules::MAX_SESSIONS {
        return Err(invalid(
            "sessions",
            Problem::OutOfRange {
                min: 1,
                max: project_rules::MAX_SESSIONS as i64,
            },
        ));
    }
    let mut out = Vec::with_capacity(raw.len());
    for s in raw {
        let checked = project_rules::session(
            &NewSession {
                starts_at: s.starts_at,
                ends_at: s.ends_at,
                capacity,
            },
            now,
        )?;
        out.push(NewTrainingSession {
            starts_at: checked.starts_at,
            ends_at: checked.ends_at,
        });
    }
    out.sort_by_key(|s| (s.starts_at, s.ends_at));
    out.dedup();
    Ok(out)
}

/// How many calendar days (Beijing) the sessions fall on.
fn days(starts: impl Iterator<Item = i64>) -> i64 {
    starts
        .map(|t| (t + BEIJING).div_euclid(DAY))
        .collect::<BTreeSet<_>>()
        .len() as i64
}

/// The course or 404.
pub fn existing(conn: &Connection, id: i64) -> AppResult<TrainingRow> {
    store::training(conn, id)?.ok_or(AppError::NOT_FOUND)
}

/// 403 unless `user` leads (or administers) the organising node.
pub fn require_organiser(user: &CurrentUser, t: &TrainingRow) -> AppResult<()> {
    user.require_path(Role::TeamLeader, &t.node_path)
}

/// The course as the person asking sees it.
pub fn view(conn: &Connection, t: TrainingRow, user_id: i64) -> AppResult<Training> {
    let sessions = store::sessions_of(conn, t.id)?;
    Ok(Training {
        id: t.id,
        node_id: t.node_id,
        organiser: t.organiser,
        title: t.title,
        topics: t.topics,
        trainer: t.trainer,
        place: t.place,
        capacity: t.capacity,
        enrolled: t.enrolled,
        places_left: (t.capacity - t.enrolled).max(0),
        days: days(sessions.iter().map(|s| s.starts_at)),
        me_enrolled: store::enrolment(conn, t.id, user_id)?.is_some(),
        sessions,
    })
}

fn views(conn: &Connection, rows: Vec<TrainingRow>, user_id: i64) -> AppResult<Vec<Training>> {
    rows.into_iter().map(|t| view(conn, t, user_id)).collect()
}

/// Courses not yet over, soonest first.
pub fn upcoming(conn: &Connection, user_id: i64, now: i64) -> AppResult<Vec<Training>> {
    views(conn, store::upcoming(conn, now)?, user_id)
}

/// The courses a person is enrolled in.
pub fn mine(conn: &Connection, user_id: i64) -> AppResult<Vec<Training>> {
    views(conn, store::of_user(conn, user_id)?, user_id)
}

/// A team leader or admin organises a course for a node of the organisation tree.
pub fn create(
    conn: &Connection,
    user: &CurrentUser,
    req: &CreateTraining,
    now: i64,
) -> AppResult<Training> {
    user.require_anywhere(Role::TeamLeader)?;
    let node = org::existing_node(conn, req.node_id)?;
    if node.tree != Tree::Org {
        return Err(invalid("node_id", Problem::WrongTree));
    }
    user.require_path(Role::TeamLeader, &node.path)?;
    if !(1..=project_rules::MAX_CAPACITY).contains(&req.capacity) {
        return Err(invalid(
            "capacity",
            Problem::OutOfRange {
                min: 1,
                max: project_rules::MAX_CAPACITY,
            },
        ));
    }
    let row = TrainingRow {
        id: 0,
        node_id: node.id,
        organiser: node.name.clone(),
        node_path: node.path.clone(),
        title: project_rules::title(&req.title)?,
        topics: topics(&req.topics)?,
        trainer: text("trainer", &req.trainer, 40)?,
        place: project_rules::place(&req.place)?,
        capacity: req.capacity,
        enrolled: 0,
    };
    let sessions = sessions(&req.sessions, req.capacity, now)?;
    let id = store::insert_training(conn, &row, user.id, now)?;
    for s in &sessions {
        store::insert_session(conn, id, s)?;
    }
    audit::record(
        conn,
        user.id,
        "training.create",
        &format!("training:{id}"),
        json!({ "node_id": node.id, "title": row.title, "sessions": sessions.len() }),
    )?;
    view(conn, existing(conn, id)?, user.id)
}

/// Enrols `user_id` in a course: refused once the first session has started, when the
/// person is enrolled already, or when every place is taken.
pub fn enrol(conn: &Connection, user_id: i64, training_id: i64, now: i64) -> AppResult<Enrolment> {
    let t = existing(conn, training_id)?;
    let first = store::sessions_of(conn, t.id)?.first().map(|s| s.starts_at);
    if first.is_none_or(|starts| now >= starts) {
        return Err(AppError::conflict(Msg::ErrTrainingStarted));
    }
    if store::enrolment(conn, t.id, user_id)?.is_some() {
        return Err(AppError::conflict(Msg::ErrAlreadyEnrolled));
    }
    // The count and the insert share this write transaction: no other enrolment commits
    // in between.
    if t.enrolled >= t.capacity {
        return Err(AppError::conflict(Msg::ErrTrainingFull));
    }
    store::insert_enrolment(conn, t.id, user_id, now)?;
    store::enrolment(conn, t.id, user_id)?
        .ok_or_else(|| AppError::Internal("enrolment vanished".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_count_beijing_dates() {
        // 2026-03-02 09:00 and 14:00 Beijing are one day; 2026-03-03 01:00 Beijing
        // (17:00 UTC the day before) is the next.
        let d1 = 1_772_413_200; // 2026-03-02 01:00 UTC = 09:00 Beijing
        assert_eq!(days([d1, d1 + 5 * 3600].into_iter()), 1);
        assert_eq!(days([d1, d1 + 16 * 3600].into_iter()), 2);
    }

    #[test]
    fn topics_drop_blanks_and_refuse_repeats() {
        let ok = topics(&["急救".into(), " ".into(), "心理疏导".into()]).unwrap();
        assert_eq!(ok, vec!["急救", "心理疏导"]);
        assert!(topics(&["急救".into(), "急救 ".into()]).is_err());
    }
}
