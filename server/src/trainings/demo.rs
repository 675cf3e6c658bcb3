//! Demo courses: an upcoming first-aid course of 红喇叭 with two trainees enrolled, and
//! the five-day course for new volunteers (the Tianchang report's, with a field visit)
//! that ended last week, which 刘芳 completed and 陈伟 did not.

use linli_app::api::trainings::NewTrainingSession;
use linli_app::clock::{self, DAY};
use rusqlite::Connection;

use crate::error::AppResult;
use crate::projects::demo::{node, user_id};
use crate::store::trainings::{self as store, TrainingRow};

const HOUR: i64 = 3600;

struct Course {
    title: &'static str,
    topics: &'static [&'static str],
    trainer: &'static str,
    place: &'static str,
    capacity: i64,
    /// Days from today (Beijing) of each session, 09:00–11:30.
    days: &'static [i64],
    sessions_required: i64,
    /// (phone, sessions attended from the first) of each trainee.
    trainees: &'static [(&'static str, usize)],
}

const COURSES: &[Course] = &[
    Course {
        title: "应急救护培训",
        topics: &["心肺复苏", "止血包扎", "AED 使用"],
        trainer: "市红十字会 陈医生",
        place: "社区党群服务中心三楼培训室",
        capacity: 20,
        days: &[3, 4, 5],
        sessions_required: 3,
        trainees: &[("13800000006", 0), ("13800000007", 0)],
    },
    Course {
        title: "新志愿者五日培训",
        topics: &["志愿服务理念", "积分规则", "社区走访", "实地参观"],
        trainer: "四新街道志愿者学院",
        place: "四新街道志愿者学院",
        capacity: 30,
        days: &[-12, -11, -10, -9, -8],
        sessions_required: 4,
        trainees: &[("13800000006", 5), ("13800000007", 2)],
    },
];

/// Seeds the demo courses for 红喇叭治安巡逻队 (the demo team leader's team).
pub fn seed(conn: &Connection, now: i64) -> AppResult<()> {
    let team = node(conn, "红喇叭治安巡逻队")?;
    let leader = user_id(conn, "13800000002")?;
    let today = clock::day_start(now);
    for c in COURSES {
        let row = TrainingRow {
            id: 0,
            node_id: team.id,
            organiser: team.name.clone(),
            node_path: team.path.clone(),
            title: c.title.into(),
            topics: c.topics.iter().map(|t| t.to_string()).collect(),
            trainer: c.trainer.into(),
            place: c.place.into(),
            capacity: c.capacity,
            sessions_required: c.sessions_required,
            enrolled: 0,
        };
        let first = today + c.days[0] * DAY;
        let id = store::insert_training(conn, &row, leader, first - 7 * DAY)?;
        let mut sessions = Vec::new();
        for d in c.days {
            let starts_at = today + d * DAY + 9 * HOUR;
            let s = NewTrainingSession {
                starts_at,
                ends_at: starts_at + 150 * 60,
            };
            sessions.push((store::insert_session(conn, id, &s)?, starts_at));
        }
        for (phone, attended) in c.trainees {
            let trainee = user_id(conn, phone)?;
            store::insert_enrolment(conn, id, trainee, first - 5 * DAY)?;
            for (session, starts_at) in sessions.iter().take(*attended) {
                store::set_attendance(conn, *session, trainee, true, leader, starts_at + HOUR)?;
            }
        }
    }
    Ok(())
}
