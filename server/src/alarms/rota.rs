//! The coverage board: a community's grids × the coming seven days × morning, evening and
//! gate duty, each cell filled, short or empty with the names on it. Everyone holding a
//! place role in one of its grids sees the board; a patrol volunteer signs up where they
//! patrol, the grid's arrangers add shifts and fill gaps.

use linli_app::api::alarms::{Coverage, Patroller, Rota, RotaCell, RotaGrid, ShiftKind};
use linli_app::api::Node;
use linli_app::clock::{self, DAY};
use linli_app::roles::Role;
use linli_app::validate::{Invalid, Problem};
use rusqlite::Connection;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::store::alarms::{self as store, ShiftRow};

use super::patrol;
use super::shifts::{arranges, grids_of, times, WANTED};

/// Days the board shows.
pub const DAYS: i64 = 7;

/// Does `user` work in the grid at `path` (patrol, grid worker, dispatcher)?
fn works_in(user: &CurrentUser, path: &str) -> bool {
    [Role::Patrol, Role::GridWorker, Role::Dispatcher]
        .into_iter()
        .any(|r| user.has(r, path))
        || user.is_global_admin()
}

/// The first day shown: the date asked for, else today (Beijing).
fn first_day(from: Option<&str>, now: i64) -> AppResult<i64> {
    match from.map(str::trim).filter(|f| !f.is_empty()) {
        None => Ok(clock::day_start(now)),
        Some(d) => clock::parse_date(d).ok_or_else(|| {
            Invalid {
                field: "from",
                problem: Problem::BadDate,
            }
            .into()
        }),
    }
}

/// A community's coverage board for seven days from `from`.
pub fn rota(
    conn: &Connection,
    user: &CurrentUser,
    community_id: i64,
    from: Option<&str>,
    now: i64,
) -> AppResult<Rota> {
    let community = super::community(conn, community_id)?;
    let grids = grids_of(conn, &community.path)?;
    if !grids.iter().any(|g| works_in(user, &g.path)) {
        return Err(AppError::FORBIDDEN);
    }
    let first = first_day(from, now)?;
    let days: Vec<i64> = (0..DAYS).map(|i| first + i * DAY).collect();
    let shifts = store::shifts_within(conn, &community.path, first, first + DAYS * DAY)?;
    let grids = grids
        .into_iter()
        .map(|g| grid_row(conn, user, g, &days, &shifts, now))
        .collect::<AppResult<_>>()?;
    Ok(Rota {
        community_id: community.id,
        community_name: community.name,
        days,
        grids,
    })
}

fn grid_row(
    conn: &Connection,
    user: &CurrentUser,
    g: Node,
    days: &[i64],
    shifts: &[ShiftRow],
    now: i64,
) -> AppResult<RotaGrid> {
    let can_arrange = arranges(user, &g.path);
    let patrols = user.has(Role::Patrol, &g.path);
    let mut cells = Vec::new();
    for day in days {
        for kind in ShiftKind::ALL {
            let starts_at = times(kind, *day).0;
            let shift = shifts
                .iter()
                .find(|s| s.grid_id == g.id && s.kind == kind && s.starts_at == starts_at);
            cells.push(cell(conn, user, patrols, (*day, kind), shift, now)?);
        }
    }
    let patrollers = if can_arrange {
        store::patrollers(conn, &g.path)?
            .into_iter()
            .map(|(user_id, name)| Patroller { user_id, name })
            .collect()
    } else {
        Vec::new()
    };
    Ok(RotaGrid {
        grid_id: g.id,
        grid_name: g.name,
        can_arrange,
        patrollers,
        cells,
    })
}

fn cell(
    conn: &Connection,
    user: &CurrentUser,
    patrols: bool,
    (day, kind): (i64, ShiftKind),
    shift: Option<&ShiftRow>,
    now: i64,
) -> AppResult<RotaCell> {
    let (starts_at, ends_at) = times(kind, day);
    let people = match shift {
        Some(s) => store::shift_people(conn, s.id)?,
        None => Vec::new(),
    };
    let wanted = shift.map_or(WANTED, |s| s.wanted);
    let mine = people.iter().any(|p| p.user_id == user.id);
    let (checked_in_at, checked_out_at) = match shift.filter(|_| mine) {
        Some(s) => store::attendance(conn, s.id, user.id)?.unwrap_or_default(),
        None => (None, None),
    };
    let room = (people.len() as i64) < wanted;
    Ok(RotaCell {
        day,
        kind,
        shift_id: shift.map(|s| s.id),
        starts_at,
        wanted,
        coverage: Coverage::of(people.len(), wanted),
        mine,
        can_sign_up: shift.is_some() && patrols && !mine && room && now < ends_at,
        can_withdraw: mine && now < starts_at,
        can_attend: mine && shift.is_some_and(|s| patrol::attendable(s, now)),
        checked_in_at,
        checked_out_at,
        people: people.into_iter().map(|p| p.name).collect(),
    })
}
