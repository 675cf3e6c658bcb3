//! Sign-ups: a confirmed place while there is one, else the waitlist in arrival order
//! (the order sign-up transactions commit: every write is one `BEGIN IMMEDIATE`
//! transaction on the one writer). Cancelling a confirmed place before the cutoff
//! promotes the first person waiting, in the same transaction, and tells them.

use linli_app::api::projects::{ProjectStatus, Signup, SignupStatus};
use linli_app::api::Reason;
use linli_app::projects as rules;
use rusqlite::Connection;
use serde_json::json;

use crate::error::{AppError, AppResult};
use crate::notifications;
use crate::store::notifications::Links;
use crate::store::projects::{self as store, ProjectRow, SessionRow};

/// The session and its project, if the project is on the board (404 otherwise).
fn open_session(conn: &Connection, session_id: i64) -> AppResult<(SessionRow, ProjectRow)> {
    let s = store::session(conn, session_id)?.ok_or(AppError::NOT_FOUND)?;
    let p = super::existing(conn, s.project_id)?;
    match p.status {
        ProjectStatus::Published => Ok((s, p)),
        ProjectStatus::Closed => Err(AppError::Refused(Reason::SignupClosed)),
        _ => Err(AppError::NOT_FOUND),
    }
}

fn view(conn: &Connection, id: i64) -> AppResult<Signup> {
    store::signup_view_of(conn, id)?.ok_or_else(|| AppError::Internal("sign-up vanished".into()))
}

/// Signs `user_id` up for a session: confirmed if a place is left, else waitlisted.
pub fn sign_up(conn: &Connection, user_id: i64, session_id: i64, now: i64) -> AppResult<Signup> {
    let (s, p) = open_session(conn, session_id)?;
    if !rules::signup_open(now, s.starts_at, p.signup_opens_at, p.signup_closes_at) {
        return Err(AppError::Refused(Reason::SignupClosed));
    }
    if store::live_signup(conn, session_id, user_id)?.is_some() {
        return Err(AppError::Refused(Reason::AlreadySignedUp));
    }
    let status = if store::confirmed_count(conn, session_id)? < s.capacity {
        SignupStatus::Confirmed
    } else {
        SignupStatus::Waitlisted
    };
    let id = match store::insert_signup(conn, session_id, user_id, status, now) {
        Ok(id) => id,
        Err(AppError::Internal(_)) if store::live_signup(conn, session_id, user_id)?.is_some() => {
            return Err(AppError::Refused(Reason::AlreadySignedUp))
        }
        Err(e) => return Err(e),
    };
    view(conn, id)
}

/// Cancels `user_id`'s sign-up: a confirmed place until the cutoff, a waitlist entry until
/// the start. A freed place goes to the first person waiting.
pub fn cancel(conn: &Connection, user_id: i64, session_id: i64, now: i64) -> AppResult<Signup> {
    let s = store::session(conn, session_id)?.ok_or(AppError::NOT_FOUND)?;
    let p = super::existing(conn, s.project_id)?;
    let g = store::live_signup(conn, session_id, user_id)?.ok_or(AppError::NOT_FOUND)?;
    let deadline = match g.status {
        SignupStatus::Confirmed => rules::cancel_until(s.starts_at, p.cancel_cutoff_minutes),
        _ => s.starts_at,
    };
    if now > deadline || g.checked_in_at.is_some() {
        return Err(AppError::Refused(Reason::PastCutoff));
    }
    store::cancel_signup(conn, g.id, now)?;
    if g.status == SignupStatus::Confirmed {
        promote_next(conn, &s, &p, now)?;
    }
    view(conn, g.id)
}

/// Gives a free place of a session to the first person waiting, once, and tells them.
pub fn promote_next(
    conn: &Connection,
    s: &SessionRow,
    p: &ProjectRow,
    now: i64,
) -> AppResult<Option<i64>> {
    if now >= s.starts_at || store::confirmed_count(conn, s.id)? >= s.capacity {
        return Ok(None);
    }
    let Some(next) = store::first_waiting(conn, s.id)? else {
        return Ok(None);
    };
    store::promote(conn, next.id, now)?;
    // Stored as a kind and parameters: worded in the reader's language when read.
    notifications::notify(
        conn,
        next.user_id,
        notifications::PROMOTED,
        json!({"title": p.title, "starts_at": s.starts_at}),
        Links {
            project_id: Some(p.id),
            session_id: Some(s.id),
            ..Links::default()
        },
        now,
    )?;
    Ok(Some(next.user_id))
}
