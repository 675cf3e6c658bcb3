//! Demo data of S7: the 红喇叭 patrol rota over the four demo grids for the coming week
//! (the demo patrol volunteer 郭强 on 网格一's gate duty and morning rounds, five
//! residents patrolling too, so the board shows filled, short and empty shifts and some
//! not yet arranged), two entries in today's patrol log, and
//! yesterday evening's alarm in 网格一 with its whole timeline, resolved; help requests
//! there: one done and rated, one answered, one open that went to the whole community.

use linli_app::api::alarms::{AlarmStep, HelpState, LogKind, ShiftKind, Urgency, LEVEL_GRID};
use linli_app::api::orders::RatingSubject;
use linli_app::clock::{self, DAY};
use linli_app::roles::Role;
use rusqlite::Connection;

use crate::error::AppResult;
use crate::projects::demo::{node, user_id};
use crate::store::accounts;
use crate::store::alarms::{self as store, NewAlarm, NewEvent, NewLog};
use crate::store::help::{self, NewHelp};
use crate::store::ratings::{self, NewRating};

use super::shifts::{times, WANTED};

const GRIDS: [&str; 4] = ["网格一", "网格二", "网格三", "网格四"];
const PATROL: &str = "13800000015";
const RESIDENT: &str = "13800000006";
const DISPATCHER: &str = "13800000016";
const GRID_WORKER: &str = "13800000014";
/// The demo's wait before a help request goes to the whole community (the default of
/// `LINLI_HELP_WIDEN_SECS`).
const WIDEN: i64 = 600;

pub fn seed(conn: &Connection, now: i64) -> AppResult<()> {
    let patrol = user_id(conn, PATROL)?;
    let worker = user_id(conn, GRID_WORKER)?;
    let crew = patrollers(conn, now)?;
    let today = clock::day_start(now);
    for day in 0..7 {
        for (g, grid) in GRIDS.into_iter().enumerate() {
            let grid = node(conn, grid)?;
            for kind in ShiftKind::ALL {
                // 网格四's last three days are not arranged yet.
                if g == 3 && day >= 4 {
                    continue;
                }
                let (from, to) = times(kind, today + day * DAY);
                let shift = store::ensure_shift(conn, grid.id, kind, from, to, WANTED)?;
                for who in on_shift(g, kind, day, patrol, &crew) {
                    store::sign_up(conn, shift, who, worker, now)?;
                }
            }
        }
    }
    patrol_log(conn, patrol, worker, now)?;
    resolved_alarm(conn, patrol, now)?;
    help_requests(conn, patrol, now)
}

/// Residents who also patrol: two in 网格一, three in 网格二.
const CREW: [(&str, &str); 5] = [
    ("13800000007", "网格一"),
    ("13800000008", "网格一"),
    ("13800000009", "网格二"),
    ("13800000011", "网格二"),
    ("13800000012", "网格二"),
];

fn patrollers(conn: &Connection, now: i64) -> AppResult<Vec<i64>> {
    let mut out = Vec::new();
    for (phone, grid) in CREW {
        let id = user_id(conn, phone)?;
        accounts::insert_grant(conn, id, Role::Patrol, node(conn, grid)?.id, None, now)?;
        out.push(id);
    }
    Ok(out)
}

/// Who is on a shift of grid `g` on day `day`, so the board shows every coverage: in
/// 网格一 the even days' morning rounds are filled, the odd days' short, the evening
/// rounds and gate duty short; in 网格二 the morning rounds filled, the evening rounds
/// short or empty, the gate empty; 网格三 and 网格四 empty.
fn on_shift(g: usize, kind: ShiftKind, day: i64, patrol: i64, crew: &[i64]) -> Vec<i64> {
    let even = day % 2 == 0;
    match (g, kind) {
        (0, ShiftKind::Morning) if even => vec![patrol, crew[0], crew[1]],
        (0, ShiftKind::Morning) => vec![crew[0]],
        (0, ShiftKind::Evening) => vec![crew[0], crew[1]],
        (0, ShiftKind::Gate) => vec![patrol],
        (1, ShiftKind::Morning) => crew[2..5].to_vec(),
        (1, ShiftKind::Evening) if even => vec![crew[3]],
        _ => Vec::new(),
    }
}

/// Two entries in today's patrol log of 网格一: a street stall 郭强 saw and the bins the
/// grid worker found full.
fn patrol_log(conn: &Connection, patrol: i64, worker: i64, now: i64) -> AppResult<()> {
    let (grid, community) = super::grid_and_community(conn, node(conn, GRIDS[0])?.id)?;
    let today = clock::day_start(now);
    let entries = [
        (
            patrol,
            LogKind::StreetStall,
            "菜市场东门有流动摊贩占道经营，已劝离",
            now - 2 * 3600,
        ),
        (
            worker,
            LogKind::Sanitation,
            "5栋楼下垃圾桶满溢，已通知物业清运",
            now - 1800,
        ),
    ];
    for (author_id, kind, text, at) in entries {
        let e = NewLog {
            grid_id: grid.id,
            community_id: community.id,
            author_id,
            kind,
            text,
        };
        store::insert_log(conn, &e, at.max(today))?;
    }
    Ok(())
}

/// Three needs in 网格一 offered to 郭强: yesterday afternoon's, which he came to, done
/// and rated; this morning's, which he answered in time (full); and an open one from an
/// hour ago that nobody answered within ten minutes, so it went to the whole community.
fn help_requests(conn: &Connection, patrol: i64, now: i64) -> AppResult<()> {
    let (grid, community) = super::grid_and_community(conn, node(conn, GRIDS[0])?.id)?;
    let resident = user_id(conn, RESIDENT)?;
    let yesterday = clock::day_start(now) - DAY + 15 * 3600;
    let needs = [
        (
            Urgency::Normal,
            "2栋502",
            "想请人帮忙把轮椅搬下楼",
            yesterday,
            HelpState::Done,
        ),
        (
            Urgency::Normal,
            "5栋302",
            "家里灯不亮了，想请人看看线路",
            now - 5 * 3600,
            HelpState::Full,
        ),
        (
            Urgency::Urgent,
            "3栋1单元101",
            "老伴腿脚不便，想请人陪去社区医院复诊",
            now - 3600,
            HelpState::Open,
        ),
    ];
    for (urgency, place, text, at, state) in needs {
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
                widen_at: at + WIDEN,
            },
            at,
        )?;
        help::offer(conn, id, patrol, 1)?;
        if state == HelpState::Open {
            help::take_widen(conn, id, at + WIDEN)?;
            for p in help::everyone_within(conn, &community.path, at + WIDEN)? {
                if p != resident {
                    help::offer(conn, id, p, 2)?;
                }
            }
            continue;
        }
        help::answer(conn, id, patrol, at + 300)?;
        help::cancel_widen(conn, id)?;
        if state == HelpState::Full {
            help::set_state(conn, id, HelpState::Full, None)?;
            continue;
        }
        help::set_state(conn, id, HelpState::Done, Some(at + 3600))?;
        ratings::insert(
            conn,
            &NewRating {
                subject: RatingSubject::Help,
                subject_id: id,
                team_id: None,
                rater_id: resident,
                stars: 5,
                comment: "郭师傅十分钟就到了，轮椅稳稳当当搬下了楼，谢谢！",
            },
            at + 3700,
        )?;
    }
    Ok(())
}

/// Yesterday 20:15: smoke on a stairway, 郭强 went, the dispatcher closed it.
fn resolved_alarm(conn: &Connection, patrol: i64, now: i64) -> AppResult<()> {
    let (grid, community) = super::grid_and_community(conn, node(conn, GRIDS[0])?.id)?;
    let resident = user_id(conn, RESIDENT)?;
    let dispatcher = user_id(conn, DISPATCHER)?;
    let at = clock::day_start(now) - 86_400 + 20 * 3600 + 15 * 60;
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
