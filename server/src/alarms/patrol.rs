//! Patrol check-in and check-out. A volunteer on a shift checks themself in and out on
//! the phone; the grid's arrangers do it for them by card. The check-out writes one hour
//! record for the time served within the shift, submitted at once to the reviewers over
//! the volunteer's team: the same approval → points path as sessions and orders. Doing it
//! twice changes nothing.

use linli_app::api::alarms::PatrolAttendance;
use linli_app::api::projects::AttendanceAction;
use linli_app::api::Reason;
use linli_app::projects::rounded_minutes;
use linli_app::roles::Role;
use linli_app::validate::{Invalid, Problem};
use rusqlite::Connection;
use serde_json::json;

use crate::audit;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::store::alarms::{self as store, ShiftRow};
use crate::store::projects::{self as hours_store, ShiftHours};

use super::shifts::arranges;

/// A shift may be checked in from this long before it starts.
pub const EARLY_SECS: i64 = 3600;

/// May `user` record attendance for `person` on the shift at `grid_path`?
pub fn may_record(user: &CurrentUser, person: i64, grid_path: &str) -> bool {
    if person == user.id {
        user.has(Role::Patrol, grid_path) || arranges(user, grid_path)
    } else {
        arranges(user, grid_path)
    }
}

/// The shift, if `user` may record attendance on it for someone else (checked before a
/// card is read, so nobody else spends its PIN attempts).
pub fn arranged_shift(conn: &Connection, user: &CurrentUser, shift_id: i64) -> AppResult<()> {
    let s = store::shift(conn, shift_id)?.ok_or(AppError::NOT_FOUND)?;
    if !arranges(user, &s.grid_path) {
        return Err(AppError::FORBIDDEN);
    }
    Ok(())
}

/// Is the shift open for attendance at `now`?
pub fn attendable(s: &ShiftRow, now: i64) -> bool {
    now >= s.starts_at - EARLY_SECS && now < s.ends_at + EARLY_SECS
}

/// Checks `person` in or out of a shift at `now`.
pub fn attend(
    conn: &Connection,
    user: &CurrentUser,
    shift_id: i64,
    person: i64,
    action: AttendanceAction,
    now: i64,
) -> AppResult<PatrolAttendance> {
    let s = store::shift(conn, shift_id)?.ok_or(AppError::NOT_FOUND)?;
    if !may_record(user, person, &s.grid_path) {
        return Err(AppError::FORBIDDEN);
    }
    let (checked_in, checked_out) =
        store::attendance(conn, s.id, person)?.ok_or(AppError::Refused(Reason::NotOnShift))?;
    if !attendable(&s, now) {
        return Err(AppError::Refused(Reason::ShiftNotNow));
    }
    let changed = match action {
        AttendanceAction::CheckIn if checked_out.is_some() => {
            return Err(AppError::Refused(Reason::AttendanceOrder))
        }
        AttendanceAction::CheckIn => {
            store::set_attendance(conn, s.id, person, false, now)?;
            checked_in.is_none()
        }
        AttendanceAction::CheckOut => match (checked_in, checked_out) {
            (None, _) => return Err(AppError::Refused(Reason::AttendanceOrder)),
            (Some(_), Some(_)) => false,
            (Some(from), None) => {
                check_out(conn, user, &s, person, from, now)?;
                true
            }
        },
        AttendanceAction::NoShow => {
            return Err(Invalid {
                field: "action",
                problem: Problem::UnknownOption,
            }
            .into())
        }
    };
    if changed {
        audit::record(
            conn,
            user.id,
            &format!("patrol.{}", action_name(action)),
            &format!("shift:{}", s.id),
            json!({"user_id": person, "at": now}),
        )?;
    }
    line(conn, s.id, person)
}

fn action_name(action: AttendanceAction) -> &'static str {
    match action {
        AttendanceAction::CheckIn => "check_in",
        _ => "check_out",
    }
}

/// The check-out: the hour record for the time served within the shift.
fn check_out(
    conn: &Connection,
    user: &CurrentUser,
    s: &ShiftRow,
    person: i64,
    checked_in: i64,
    now: i64,
) -> AppResult<()> {
    let team_id = store::team_of(conn, person)?.ok_or(AppError::Refused(Reason::NoPatrolTeam))?;
    let (from, to) = (checked_in.max(s.starts_at), now.min(s.ends_at));
    let hours = ShiftHours {
        shift_id: s.id,
        team_id,
        user_id: person,
        from,
        to: to.max(from),
        minutes: rounded_minutes(from, to),
    };
    hours_store::insert_shift_hours(conn, &hours, user.id, now)?;
    store::set_attendance(conn, s.id, person, true, now)
}

/// A person's attendance line on a shift.
pub fn line(conn: &Connection, shift_id: i64, person: i64) -> AppResult<PatrolAttendance> {
    let (checked_in_at, checked_out_at) =
        store::attendance(conn, shift_id, person)?.ok_or(AppError::NOT_FOUND)?;
    let (name, _) = crate::store::cards::holder(conn, person)?.ok_or(AppError::NOT_FOUND)?;
    Ok(PatrolAttendance {
        shift_id,
        user_id: person,
        name,
        checked_in_at,
        checked_out_at,
        hours: hours_store::hours_of_shift(conn, shift_id, person)?.map(|h| h.record),
    })
}
