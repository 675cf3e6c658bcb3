//! At the session: the leader's roster, check-in and check-out (by card or by name),
//! no-shows, hour records computed from attendance and editable with a reason, their
//! submission, and the reviewers' approval that turns each into one earn.

use linli_app::api::projects::{
    AttendanceAction, HourRecord, HoursDecision, HoursStatus, MyHours, ProjectStatus, Roster,
    RosterEntry, SignupStatus,
};
use linli_app::api::Reason;
use linli_app::projects as rules;
use linli_app::roles::Role;
use linli_app::validate::{self, Invalid, Problem};
use rusqlite::Connection;
use serde_json::json;

use crate::audit;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::ledger::{self, ApprovedHours, ServiceHours};
use crate::store::projects::{self as store, HoursRow, ProjectRow, SessionRow, SignupRow};

/// Attendance may be recorded from two hours before the start.
const EARLY_SECS: i64 = 2 * 3600;
/// Most records one bulk decision may cover.
pub const MAX_BULK: usize = 200;

/// The session and its project, for its leader (404 / 403 otherwise).
pub fn led_session(
    conn: &Connection,
    user: &CurrentUser,
    session_id: i64,
) -> AppResult<(SessionRow, ProjectRow)> {
    let s = store::session(conn, session_id)?.ok_or(AppError::NOT_FOUND)?;
    let p = super::existing(conn, s.project_id)?;
    super::require_visible(user, &p)?;
    super::require_leader(user, &p)?;
    Ok((s, p))
}

fn entry(
    conn: &Connection,
    g: SignupRow,
    name: String,
    phone: String,
    pos: Option<i64>,
) -> AppResult<RosterEntry> {
    Ok(RosterEntry {
        signup_id: g.id,
        user_id: g.user_id,
        name,
        phone: validate::mask_phone(&phone),
        status: g.status,
        waitlist_position: pos,
        checked_in_at: g.checked_in_at,
        checked_out_at: g.checked_out_at,
        no_show: g.no_show,
        hours: store::hours_of_signup(conn, g.id)?.map(|h| h.record),
    })
}

/// A session's roster for its leader or a reviewer of the team.
pub fn roster(conn: &Connection, user: &CurrentUser, session_id: i64) -> AppResult<Roster> {
    let s = store::session(conn, session_id)?.ok_or(AppError::NOT_FOUND)?;
    let p = super::existing(conn, s.project_id)?;
    super::require_visible(user, &p)?;
    if !super::manages(user, &p) {
        return Err(AppError::FORBIDDEN);
    }
    let mut entries = Vec::new();
    let mut waiting = 0;
    for (g, name, phone) in store::roster(conn, session_id)? {
        let pos = (g.status == SignupStatus::Waitlisted).then(|| {
            waiting += 1;
            waiting
        });
        entries.push(entry(conn, g, name, phone, pos)?);
    }
    Ok(Roster {
        project_id: p.id,
        project_title: p.title.clone(),
        session: store::session_view_of(conn, session_id)?.ok_or(AppError::NOT_FOUND)?,
        entries,
    })
}

fn zero_hours() -> AppError {
    AppError::Refused(Reason::ZeroHours)
}

fn order() -> AppError {
    AppError::Refused(Reason::AttendanceOrder)
}

/// Records a check-in, check-out or no-show for a person with a confirmed place. A
/// check-out writes (or, before submission, rewrites) the person's hour record.
pub fn record(
    conn: &Connection,
    user: &CurrentUser,
    session_id: i64,
    person: i64,
    action: AttendanceAction,
    at: Option<i64>,
    now: i64,
) -> AppResult<RosterEntry> {
    let (s, p) = led_session(conn, user, session_id)?;
    if !matches!(p.status, ProjectStatus::Published | ProjectStatus::Closed) {
        return Err(super::wrong_state());
    }
    let at = at.unwrap_or(now);
    let opens = s.starts_at - EARLY_SECS;
    if at < opens {
        return Err(Invalid {
            field: "at",
            problem: Problem::CheckInOpens { at: opens },
        }
        .into());
    }
    let at = validate::time_between("at", at, opens, now + 60)?;
    let g = store::live_signup(conn, session_id, person)?
        .filter(|g| g.status == SignupStatus::Confirmed)
        .ok_or(AppError::Refused(Reason::NotOnRoster))?;
    match action {
        AttendanceAction::CheckIn => {
            if g.checked_out_at.is_some() {
                return Err(order());
            }
            // Scanning twice keeps the first time.
            if g.checked_in_at.is_none() {
                store::set_checked_in(conn, g.id, at)?;
            }
        }
        AttendanceAction::CheckOut => {
            let Some(checked_in) = g.checked_in_at else {
                return Err(order());
            };
            if at < checked_in {
                return Err(AppError::Invalid(Invalid {
                    field: "at",
                    problem: Problem::NotBefore { at: checked_in },
                }));
            }
            let minutes = rules::rounded_minutes(checked_in, at);
            match store::hours_of_signup(conn, g.id)? {
                None => {
                    store::insert_hours(conn, &g, checked_in, at, minutes, now)?;
                }
                Some(h) if h.record.status == HoursStatus::Draft => {
                    store::redo_hours(conn, h.record.id, checked_in, at, minutes)?;
                }
                Some(_) => return Err(AppError::Refused(Reason::HoursLocked)),
            }
            store::set_checked_out(conn, g.id, at)?;
        }
        AttendanceAction::NoShow => {
            if g.checked_in_at.is_some() {
                return Err(order());
            }
            store::set_no_show(conn, g.id)?;
        }
    }
    let action_name = match action {
        AttendanceAction::CheckIn => "attendance.check_in",
        AttendanceAction::CheckOut => "attendance.check_out",
        AttendanceAction::NoShow => "attendance.no_show",
    };
    audit::record(
        conn,
        user.id,
        action_name,
        &format!("signup:{}", g.id),
        json!({ "session_id": session_id, "user_id": person, "at": at }),
    )?;
    let g = store::signup(conn, g.id)?.ok_or(AppError::NOT_FOUND)?;
    let (name, phone) = crate::store::cards::holder(conn, person)?.ok_or(AppError::NOT_FOUND)?;
    entry(conn, g, name, phone, None)
}

fn hours_row(conn: &Connection, id: i64) -> AppResult<HoursRow> {
    store::hours(conn, id)?.ok_or(AppError::NOT_FOUND)
}

/// The leader corrects a draft or pending record's minutes, with a reason.
pub fn edit(
    conn: &Connection,
    user: &CurrentUser,
    id: i64,
    minutes: i64,
    reason: &str,
) -> AppResult<HourRecord> {
    user.require_anywhere(Role::TeamLeader)?;
    let h = hours_row(conn, id)?;
    user.require_path(Role::TeamLeader, &h.team_path)?;
    let minutes = validate::in_range("minutes", minutes, 0, 24 * 60)?;
    // Zero hours is a mistake to correct, never a record to keep.
    if minutes == 0 {
        return Err(AppError::Refused(Reason::ZeroMinutes));
    }
    let reason = validate::reason(reason)?;
    if !matches!(h.record.status, HoursStatus::Draft | HoursStatus::Pending) {
        return Err(AppError::Refused(Reason::HoursLocked));
    }
    store::edit_hours(conn, id, minutes, &reason, user.id)?;
    audit::record(
        conn,
        user.id,
        "hours.edit",
        &format!("hours:{id}"),
        json!({ "from": h.record.minutes, "to": minutes, "reason": reason }),
    )?;
    Ok(hours_row(conn, id)?.record)
}

/// The leader submits a session's draft records for review; returns all its records.
pub fn submit(
    conn: &Connection,
    user: &CurrentUser,
    session_id: i64,
    now: i64,
) -> AppResult<Vec<HourRecord>> {
    led_session(conn, user, session_id)?;
    // A check-out right after the check-in leaves zero hours: flagged on the roster, and
    // not sent on until the leader corrects it.
    let zero = store::hours_of_session(conn, session_id)?
        .iter()
        .any(|h| h.record.status == HoursStatus::Draft && h.record.minutes == 0);
    if zero {
        return Err(zero_hours());
    }
    let n = store::submit_hours(conn, session_id, user.id, now)?;
    audit::record(
        conn,
        user.id,
        "hours.submit",
        &format!("session:{session_id}"),
        json!({ "records": n }),
    )?;
    Ok(store::hours_of_session(conn, session_id)?
        .into_iter()
        .map(|h| h.record)
        .collect())
}

/// Records a reviewer may decide, in a status (default pending).
pub fn for_review(
    conn: &Connection,
    user: &CurrentUser,
    status: Option<HoursStatus>,
) -> AppResult<Vec<HourRecord>> {
    user.require_anywhere(Role::Reviewer)?;
    let rows = store::hours_in_status(conn, status.unwrap_or(HoursStatus::Pending))?;
    Ok(rows
        .into_iter()
        .filter(|h| user.has(Role::Reviewer, &h.team_path))
        .map(|h| h.record)
        .collect())
}

/// Points for an approved record: one earn through the ledger (none for trainings or
/// zero minutes; zero when a cap leaves no room or the time is too short for a point).
fn earn(conn: &Connection, h: &HoursRow, approver: i64, now: i64) -> AppResult<(i64, Option<i64>)> {
    if h.record.training || h.record.minutes == 0 {
        return Ok((0, None));
    }
    let approved = ApprovedHours {
        record_id: h.record.id,
        hours: ServiceHours {
            user_id: h.record.user_id,
            activity: h.activity.clone(),
            minutes: h.record.minutes,
            multiplier: None,
            served_at: h.record.checked_in_at,
        },
        approved_by: approver,
        project: h.record.project_title.clone(),
    };
    match ledger::earn_for_approved_hours(conn, &approved, now) {
        Ok(posted) => Ok((posted.transfer.amount, Some(posted.transfer.id))),
        Err(AppError::Refused(Reason::EarningCapReached)) => Ok((0, None)),
        Err(AppError::Invalid(Invalid {
            field: "minutes", ..
        })) => Ok((0, None)),
        Err(e) => Err(e),
    }
}

/// Approves one pending record: its earn (if any) and the audit entry, in the caller's
/// transaction.
pub fn approve(conn: &Connection, h: &HoursRow, approver: i64, now: i64) -> AppResult<()> {
    let id = h.record.id;
    let (points, transfer) = earn(conn, h, approver, now)?;
    store::approve_hours(conn, id, approver, now, points, transfer)?;
    audit::record(
        conn,
        approver,
        "hours.approve",
        &format!("hours:{id}"),
        json!({ "minutes": h.record.minutes, "points": points, "transfer_id": transfer }),
    )
}

/// A reviewer approves or rejects records in bulk, all or nothing. Approving an approved
/// record (twice, or concurrently: writes are serialised) changes nothing and earns
/// nothing more; each record earns at most once (the ledger key is `hours:{id}`).
pub fn decide(
    conn: &Connection,
    user: &CurrentUser,
    d: &HoursDecision,
    now: i64,
) -> AppResult<Vec<HourRecord>> {
    user.require_anywhere(Role::Reviewer)?;
    let mut ids = d.ids.clone();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() || ids.len() > MAX_BULK {
        return Err(AppError::Invalid(Invalid {
            field: "ids",
            problem: Problem::OutOfRange {
                min: 1,
                max: MAX_BULK as i64,
            },
        }));
    }
    let reason = if d.approve {
        None
    } else {
        Some(validate::reason(d.reason.as_deref().unwrap_or(""))?)
    };
    let mut out = Vec::new();
    for id in ids {
        let h = hours_row(conn, id)?;
        user.require_path(Role::Reviewer, &h.team_path)?;
        match (h.record.status, &reason) {
            (HoursStatus::Approved, None) | (HoursStatus::Rejected, Some(_)) => {}
            (HoursStatus::Pending, None) if h.record.minutes == 0 => return Err(zero_hours()),
            (HoursStatus::Pending, None) => approve(conn, &h, user.id, now)?,
            (HoursStatus::Pending, Some(r)) => {
                store::reject_hours(conn, id, user.id, now, r)?;
                audit::record(
                    conn,
                    user.id,
                    "hours.reject",
                    &format!("hours:{id}"),
                    json!({ "reason": r }),
                )?;
            }
            (HoursStatus::Draft, _) => return Err(super::wrong_state()),
            _ => return Err(AppError::Refused(Reason::HoursLocked)),
        }
        out.push(hours_row(conn, id)?.record);
    }
    Ok(out)
}

/// My hour records with the totals: pending (draft or submitted) service, approved
/// service (信用时长) and approved training minutes.
pub fn mine(conn: &Connection, user_id: i64) -> AppResult<MyHours> {
    let records: Vec<HourRecord> = store::hours_of_user(conn, user_id)?
        .into_iter()
        .map(|h| h.record)
        .collect();
    let sum =
        |f: &dyn Fn(&HourRecord) -> bool| records.iter().filter(|r| f(r)).map(|r| r.minutes).sum();
    Ok(MyHours {
        pending_minutes: sum(&|r| {
            !r.training && matches!(r.status, HoursStatus::Draft | HoursStatus::Pending)
        }),
        approved_minutes: sum(&|r| !r.training && r.status == HoursStatus::Approved),
        training_minutes: sum(&|r| r.training && r.status == HoursStatus::Approved),
        records,
    })
}
