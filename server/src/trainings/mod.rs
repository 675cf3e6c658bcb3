//! Training courses (培训, S8): a team leader or admin organises a course (title, topics,
//! trainer, place, capacity) with one or more sessions for their team or branch; anyone
//! signed in sees upcoming courses and enrols until the first session starts, within the
//! capacity. Enrolment checks the count and inserts in one write transaction on the one
//! writer (`BEGIN IMMEDIATE`), as project sign-ups do, so no course is over-filled.
//!
//! The organiser marks attendance per session once it has started; a trainee who attended
//! `sessions_required` sessions has completed the course and may take a completion
//! certificate, issued and verified like the service-record one. Training time never
//! touches the ledger or service hours: it earns no points.

pub mod demo;
pub mod http;

use linli_app::api::projects::{Certificate, CertificateFacts, CertificateLine};
use linli_app::api::trainings::{
    CreateTraining, Enrolment, TraineeProgress, Training, TrainingAttendance,
};
use linli_app::api::{Reason, Tree};
use linli_app::projects as project_rules;
use linli_app::roles::Role;
use linli_app::trainings as rules;
use linli_app::validate::{Invalid, Problem};
use rusqlite::Connection;
use serde_json::json;

use crate::audit;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::projects::record::{self, ISSUER};
use crate::projects::signing::CertificateKey;
use crate::store::org;
use crate::store::trainings::{self as store, TrainingRow};

/// The course or 404.
pub fn existing(conn: &Connection, id: i64) -> AppResult<TrainingRow> {
    store::training(conn, id)?.ok_or(AppError::NOT_FOUND)
}

/// 403 unless `user` leads (or administers) the organising node.
pub fn require_organiser(user: &CurrentUser, t: &TrainingRow) -> AppResult<()> {
    user.require_path(Role::TeamLeader, &t.node_path)
}

/// The course as the person asking sees it.
pub fn view(conn: &Connection, t: TrainingRow, user: &CurrentUser) -> AppResult<Training> {
    let sessions = store::sessions_of(conn, t.id)?;
    let (attended, _) = store::attended(conn, t.id, user.id)?;
    let organiser = require_organiser(user, &t).is_ok();
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
        days: rules::days(sessions.iter().map(|s| s.starts_at)),
        me_enrolled: store::enrolment(conn, t.id, user.id)?.is_some(),
        me_attended: attended,
        me_completed: attended >= t.sessions_required,
        me_organiser: organiser,
        sessions_required: t.sessions_required,
        sessions,
    })
}

fn views(
    conn: &Connection,
    rows: Vec<TrainingRow>,
    user: &CurrentUser,
) -> AppResult<Vec<Training>> {
    rows.into_iter().map(|t| view(conn, t, user)).collect()
}

/// Courses not yet over, soonest first.
pub fn upcoming(conn: &Connection, user: &CurrentUser, now: i64) -> AppResult<Vec<Training>> {
    views(conn, store::upcoming(conn, now)?, user)
}

/// The courses a person is enrolled in.
pub fn mine(conn: &Connection, user: &CurrentUser) -> AppResult<Vec<Training>> {
    views(conn, store::of_user(conn, user.id)?, user)
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
        return Err(Invalid {
            field: "node_id",
            problem: Problem::WrongTree,
        }
        .into());
    }
    user.require_path(Role::TeamLeader, &node.path)?;
    let capacity = rules::capacity(req.capacity)?;
    let sessions = rules::sessions(&req.sessions, now)?;
    let row = TrainingRow {
        id: 0,
        node_id: node.id,
        organiser: node.name.clone(),
        node_path: node.path.clone(),
        title: project_rules::title(&req.title)?,
        topics: rules::topics(&req.topics)?,
        trainer: rules::trainer(&req.trainer)?,
        place: project_rules::place(&req.place)?,
        capacity,
        sessions_required: rules::sessions_required(req.sessions_required, sessions.len())?,
        enrolled: 0,
    };
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
    view(conn, existing(conn, id)?, user)
}

/// Enrols `user_id` in a course: refused once the first session has started, when the
/// person is enrolled already, or when every place is taken.
pub fn enrol(conn: &Connection, user_id: i64, training_id: i64, now: i64) -> AppResult<Enrolment> {
    let t = existing(conn, training_id)?;
    let first = store::sessions_of(conn, t.id)?.first().map(|s| s.starts_at);
    if first.is_none_or(|starts| now >= starts) {
        return Err(AppError::Refused(Reason::TrainingStarted));
    }
    if store::enrolment(conn, t.id, user_id)?.is_some() {
        return Err(AppError::Refused(Reason::AlreadyEnrolled));
    }
    // The count and the insert share this write transaction: no other enrolment commits
    // in between.
    if t.enrolled >= t.capacity {
        return Err(AppError::Refused(Reason::TrainingFull));
    }
    store::insert_enrolment(conn, t.id, user_id, now)?;
    store::enrolment(conn, t.id, user_id)?
        .ok_or_else(|| AppError::Internal("enrolment vanished".into()))
}

/// The course of a session and the session, or 404.
fn course_of_session(
    conn: &Connection,
    session_id: i64,
) -> AppResult<(TrainingRow, linli_app::api::trainings::TrainingSession)> {
    let (training_id, s) = store::session(conn, session_id)?.ok_or(AppError::NOT_FOUND)?;
    Ok((existing(conn, training_id)?, s))
}

/// A trainee's progress from (sessions attended, their minutes) and the attendance marks
/// (user, session) of the course.
fn trainee(
    t: &TrainingRow,
    user_id: i64,
    name: String,
    (attended, minutes): (i64, i64),
    marks: &[(i64, i64)],
) -> TraineeProgress {
    TraineeProgress {
        user_id,
        name,
        attended,
        minutes,
        completed: attended >= t.sessions_required,
        present: marks
            .iter()
            .filter(|(u, _)| *u == user_id)
            .map(|(_, s)| *s)
            .collect(),
    }
}

fn progress(
    conn: &Connection,
    t: &TrainingRow,
    user_id: i64,
    name: String,
) -> AppResult<TraineeProgress> {
    Ok(trainee(
        t,
        user_id,
        name,
        store::attended(conn, t.id, user_id)?,
        &store::marks(conn, t.id, Some(user_id))?,
    ))
}

/// The organiser marks an enrolled trainee present at a session that has started, or
/// takes the mark back; the trainee's progress after it.
pub fn mark(
    conn: &Connection,
    user: &CurrentUser,
    session_id: i64,
    req: &TrainingAttendance,
    now: i64,
) -> AppResult<TraineeProgress> {
    let (t, s) = course_of_session(conn, session_id)?;
    require_organiser(user, &t)?;
    if now < s.starts_at {
        return Err(AppError::Refused(Reason::TrainingSessionAhead));
    }
    if store::enrolment(conn, t.id, req.user_id)?.is_none() {
        return Err(AppError::Refused(Reason::NotEnrolled));
    }
    store::set_attendance(conn, s.id, req.user_id, req.present, user.id, now)?;
    audit::record(
        conn,
        user.id,
        "training.attendance",
        &format!("training_session:{}", s.id),
        json!({ "user_id": req.user_id, "present": req.present }),
    )?;
    let (name, _) = crate::store::cards::holder(conn, req.user_id)?.ok_or(AppError::NOT_FOUND)?;
    progress(conn, &t, req.user_id, name)
}

/// Every trainee's progress, for the organiser.
pub fn roster(conn: &Connection, user: &CurrentUser, id: i64) -> AppResult<Vec<TraineeProgress>> {
    let t = existing(conn, id)?;
    require_organiser(user, &t)?;
    let marks = store::marks(conn, t.id, None)?;
    Ok(store::roster(conn, t.id)?
        .into_iter()
        .map(|(user_id, name, attended, minutes)| {
            trainee(&t, user_id, name, (attended, minutes), &marks)
        })
        .collect())
}

/// A completion certificate for a trainee who completed the course: training minutes
/// only, no service minutes and no points, signed and checked like every certificate.
pub fn certificate(
    conn: &Connection,
    key: &CertificateKey,
    user_id: i64,
    id: i64,
    now: i64,
) -> AppResult<Certificate> {
    let t = existing(conn, id)?;
    let (name, _) = crate::store::cards::holder(conn, user_id)?.ok_or(AppError::NOT_FOUND)?;
    let p = progress(conn, &t, user_id, name)?;
    if !p.completed {
        return Err(AppError::Refused(Reason::TrainingNotCompleted));
    }
    let c = record::issue_facts(conn, key, user_id, now, |code| CertificateFacts {
        code,
        name: p.name.clone(),
        service_minutes: 0,
        training_minutes: p.minutes,
        points_earned: 0,
        projects: vec![CertificateLine {
            title: t.title.clone(),
            category: TRAINING_CATEGORY.to_string(),
            team: t.organiser.clone(),
            minutes: p.minutes,
        }],
        issued_at: now,
        issuer: ISSUER.to_string(),
    })?;
    audit::record(
        conn,
        user_id,
        "training.certificate",
        &format!("training:{}", t.id),
        json!({ "code": c.code, "minutes": p.minutes }),
    )?;
    Ok(c)
}

/// A completion certificate's line says what it is, as a service-record line names its
/// project's category.
const TRAINING_CATEGORY: &str = "培训结业";
