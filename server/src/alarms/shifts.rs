//! Patrol shifts: a grid's morning and evening rounds and its 24-hour gate duty, each
//! wanting three volunteers. Patrol volunteers sign themselves up; grid workers and
//! dispatchers over the grid add shifts and fill gaps. Who is on a shift covering now is
//! "on duty": the alarm reaches them.

use linli_app::api::alarms::{CreateShift, GridDuty, Shift, ShiftKind};
use linli_app::api::Reason;
use linli_app::api::{Node, NodeKind, Tree};
use linli_app::clock;
use linli_app::roles::Role;
use linli_app::validate::{Invalid, Problem};
use rusqlite::Connection;
use serde_json::json;

use crate::audit;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::store::alarms::{self as store, ShiftRow};
use crate::store::org;

/// Volunteers a shift wants.
pub const WANTED: i64 = 3;

/// May `user` arrange the rota of the grid at `path`?
pub fn arranges(user: &CurrentUser, path: &str) -> bool {
    user.has(Role::GridWorker, path) || super::dispatches(user, path)
}

/// When a shift of `kind` on the local day starting at `day` begins and ends.
pub fn times(kind: ShiftKind, day: i64) -> (i64, i64) {
    let (from, to) = kind.hours();
    (day + from * 3600, day + to * 3600)
}

fn api_shift(conn: &Connection, s: ShiftRow) -> AppResult<Shift> {
    Ok(Shift {
        people: store::shift_people(conn, s.id)?,
        id: s.id,
        grid_id: s.grid_id,
        grid_name: s.grid_name,
        kind: s.kind,
        starts_at: s.starts_at,
        ends_at: s.ends_at,
        wanted: s.wanted,
    })
}

/// Adds a shift to a grid's rota (the same shift twice is one).
pub fn create(
    conn: &Connection,
    user: &CurrentUser,
    grid_id: i64,
    req: &CreateShift,
) -> AppResult<Shift> {
    let (grid, _) = super::grid_and_community(conn, grid_id)?;
    if !arranges(user, &grid.path) {
        return Err(AppError::FORBIDDEN);
    }
    let day = clock::parse_date(&req.date).ok_or(Invalid {
        field: "date",
        problem: Problem::Required,
    })?;
    let (starts_at, ends_at) = times(req.kind, day);
    let id = store::ensure_shift(conn, grid.id, req.kind, starts_at, ends_at, WANTED)?;
    audit::record(
        conn,
        user.id,
        "shift.create",
        &format!("shift:{id}"),
        json!({"grid_id": grid.id, "kind": req.kind.as_str(), "starts_at": starts_at}),
    )?;
    let row = store::shift(conn, id)?.ok_or(AppError::NOT_FOUND)?;
    api_shift(conn, row)
}

/// Puts a patrol volunteer on a shift: themself, or (`who`) by a grid worker or
/// dispatcher filling a gap. A full shift or a second sign-up is refused.
pub fn sign_up(
    conn: &Connection,
    user: &CurrentUser,
    shift_id: i64,
    who: Option<i64>,
    now: i64,
) -> AppResult<Shift> {
    let s = store::shift(conn, shift_id)?.ok_or(AppError::NOT_FOUND)?;
    let volunteer = who.unwrap_or(user.id);
    if volunteer == user.id {
        user.require_path(Role::Patrol, &s.grid_path)?;
    } else if !arranges(user, &s.grid_path) {
        return Err(AppError::FORBIDDEN);
    } else {
        let patrols = crate::store::accounts::grants(conn, volunteer)?
            .iter()
            .any(|g| g.reaches(Role::Patrol, &s.grid_path));
        if !patrols {
            return Err(Invalid {
                field: "user_id",
                problem: Problem::UnknownOption,
            }
            .into());
        }
    }
    if store::shift_people(conn, s.id)?.len() as i64 >= s.wanted {
        return Err(AppError::Refused(Reason::ShiftFull));
    }
    if !store::sign_up(conn, s.id, volunteer, user.id, now)? {
        return Err(AppError::Refused(Reason::AlreadyOnShift));
    }
    audit::record(
        conn,
        user.id,
        "shift.sign_up",
        &format!("shift:{}", s.id),
        json!({"user_id": volunteer}),
    )?;
    api_shift(conn, s)
}

/// Takes a patrol volunteer off a shift before it begins: themself, or anyone by a
/// grid worker or dispatcher over the grid.
pub fn withdraw(
    conn: &Connection,
    user: &CurrentUser,
    shift_id: i64,
    who: i64,
    now: i64,
) -> AppResult<Shift> {
    let s = store::shift(conn, shift_id)?.ok_or(AppError::NOT_FOUND)?;
    if who != user.id && !arranges(user, &s.grid_path) {
        return Err(AppError::FORBIDDEN);
    }
    if now >= s.starts_at {
        return Err(AppError::Refused(Reason::ShiftBegun));
    }
    if !store::withdraw(conn, s.id, who)? {
        return Err(AppError::Refused(Reason::NotOnShift));
    }
    audit::record(
        conn,
        user.id,
        "shift.withdraw",
        &format!("shift:{}", s.id),
        json!({"user_id": who}),
    )?;
    api_shift(conn, s)
}

/// The grids of a community, in tree order.
pub fn grids_of(conn: &Connection, community_path: &str) -> AppResult<Vec<Node>> {
    Ok(org::list(conn, Some(Tree::Territory))?
        .into_iter()
        .filter(|n| {
            n.kind == NodeKind::Grid && crate::org::tree::is_within(&n.path, community_path)
        })
        .collect())
}

/// Who is on duty now in each grid of a community (grids without anyone included).
pub fn on_duty(conn: &Connection, community_path: &str, now: i64) -> AppResult<Vec<GridDuty>> {
    let grids = grids_of(conn, community_path)?;
    let shifts = store::shifts_within(conn, community_path, now, now + 1)?;
    let mut out = Vec::new();
    for g in grids {
        let mut people = Vec::new();
        for s in shifts.iter().filter(|s| s.grid_id == g.id) {
            for p in store::shift_people(conn, s.id)? {
                if !people
                    .iter()
                    .any(|q: &linli_app::api::alarms::OnShift| q.user_id == p.user_id)
                {
                    people.push(p);
                }
            }
        }
        out.push(GridDuty {
            grid_id: g.id,
            grid_name: g.name,
            people,
        });
    }
    Ok(out)
}
