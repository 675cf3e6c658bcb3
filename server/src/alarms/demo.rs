//! Demo data of S7: the 红喇叭 patrol rota over the four demo grids for the coming week
//! (the demo patrol volunteer 郭强 on 网格一's gate duty and morning rounds), and
//! yesterday evening's alarm in 网格一 with its whole timeline, resolved; an open and an
//! answered help request there.

use linli_app::api::alarms::{AlarmStep, HelpState, ShiftKind, Urgency, LEVEL_GRID};
use linli_app::board;
use rusqlite::Connection;

use crate::error::AppResult;
use crate::projects::demo::{node, user_id};
use crate::store::alarms::{self as store, NewAlarm, NewEvent};
use crate::store::help::{self, NewHelp};

use super::shifts::{times, WANTED};

const GRIDS: [&str; 4] = ["网格一", "网格二", "网格三", "网格四"];
const PATROL: &str = "13800000015";
const RESIDENT: &str = "13800000006";
const DISPATCHER: &str = "13800000016";
const GRID_WORKER: &str = "13800000014";

pub fn seed(conn: &Connection, now: i64) -> AppResult<()> {
    let patrol = user_id(conn, PATROL)?;
    let worker = user_id(conn, GRID_WORKER)?;
    let today = board::day_start(now);
    for day in 0..7 {
        let day_start = today + day * 86_400;
        for grid in GRIDS {
            let grid = node(conn, grid)?;
            for kind in ShiftKind::ALL {
                let (from, to) = times(kind, day_start);
                let shift = store::ensure_shift(conn, grid.id, kind, from, to, WANTED)?;
                let his = grid.name == GRIDS[0] && (kind == ShiftKind::Gate || day % 2 == 0);
                if his {
                    store::sign_up(conn, shift, patrol, worker, now)?;
                }
            }
        }
    }
    resolved_alarm(conn, patrol, now)?;
    help_requests(conn, patrol, now)
}

/// Two needs in 网格一 offered to 郭强: this morning's, which he answered (full), and an
/// open one from an hour ago.
fn help_requests(conn: &Connection, patrol: i64, now: i64) -> AppResult<()> {
    let (grid, community) = super::grid_and_community(conn, node(conn, GRIDS[0])?.id)?;
    let resident = user_id(conn, RESIDENT)?;
    let needs = [
        (
            Urgency::Normal,
            "5栋302",
            "家里灯不亮了，想请人看看线路",
            now - 5 * 3600,
            true,
        ),
        (
            Urgency::Urgent,
            "3栋1单元101",
            "老伴腿脚不便，想请人陪去社区医院复诊",
            now - 3600,
            false,
        ),
    ];
    for (urgency, place, text, at, answered) in needs {
        let id = help::insert(
            conn,
            &NewHelp {
                requester_id: resident,
                grid_id: grid.id,
                community_id: community.id,
                skill: None,
                urgency,
                place,
                text,
                places: 1,
            },
            at,
        )?;
        help::offer(conn, id, patrol)?;
        if answered {
            help::answer(conn, id, patrol, at + 600)?;
            help::set_state(conn, id, HelpState::Full, None)?;
        }
    }
    Ok(())
}

/// Yesterday 20:15: smoke on a stairway, 郭强 went, the dispatcher closed it.
fn resolved_alarm(conn: &Connection, patrol: i64, now: i64) -> AppResult<()> {
    let (grid, community) = super::grid_and_community(conn, node(conn, GRIDS[0])?.id)?;
    let resident = user_id(conn, RESIDENT)?;
    let dispatcher = user_id(conn, DISPATCHER)?;
    let at = board::day_start(now) - 86_400 + 20 * 3600 + 15 * 60;
    let id = store::insert_alarm(
        conn,
        &NewAlarm {
            grid_id: grid.id,
            community_id: community.id,
            raised_by: resident,
            client_key: None,
            text: "3栋2单元楼道有烟味",
            lat: None,
            lon: None,
            escalate_at: at + 120,
        },
        at,
    )?;
    let reached = store::reach(
        conn,
        id,
        &[dispatcher, patrol, user_id(conn, GRID_WORKER)?],
        LEVEL_GRID,
    )?;
    let step = |step, actor, reached, note: &'static str, at| {
        store::add_event(
            conn,
            &NewEvent {
                alarm_id: id,
                step,
                level: LEVEL_GRID,
                actor_id: Some(actor),
                reached,
                note,
            },
            at,
        )
    };
    step(AlarmStep::Raised, resident, reached.len() as i64, "", at)?;
    store::acknowledge(conn, id, patrol, at + 70)?;
    step(AlarmStep::Acknowledged, patrol, 0, "", at + 70)?;
    let note = "郭强到场查看，是住户烧水干锅，已关火开窗，无人受伤";
    store::resolve(conn, id, dispatcher, note, at + 1260)?;
    step(AlarmStep::Resolved, dispatcher, 0, note, at + 1260)
}
