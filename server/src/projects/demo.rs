//! Demo projects for the seeded community: the board's projects from the brief, owned by
//! the demo teams, with upcoming sessions and some sign-ups (one session full with a
//! waitlist), a training, one project waiting for review, and a past 清洁家园 session
//! whose hours were approved into points.

use linli_app::api::projects::{NewSession, ProjectCategory, ProjectStatus, SignupStatus};
use linli_app::projects as rules;
use rusqlite::Connection;

use super::{attendance, signups};
use crate::error::{AppError, AppResult};
use crate::store::projects::{self as store, ProjectRow};
use crate::store::{accounts, org};

const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

struct Demo {
    team: &'static str,
    title: &'static str,
    category: ProjectCategory,
    activity: &'static str,
    place: &'static str,
    territory: &'static str,
    description: &'static str,
    status: ProjectStatus,
    /// (days from tomorrow, start hour, minutes long, capacity)
    first: (i64, i64, i64, i64),
    /// Weekdays to repeat on for three weeks.
    weekly: &'static [u8],
    /// Phones of demo volunteers who signed up for the first session, in order.
    signups: &'static [&'static str],
}

const DEMOS: &[Demo] = &[
    Demo {
        team: "白鸽志愿服务队",
        title: "免费义诊",
        category: ProjectCategory::Health,
        activity: "clinic",
        place: "梅林都汇社区卫生服务站门前",
        territory: "梅林都汇社区",
        description: "测血压、测血糖，医生现场问诊。请带上医保卡。",
        status: ProjectStatus::Published,
        first: (2, 9, 150, 10),
        weekly: &[],
        signups: &["13800000008", "13800000009"],
    },
    Demo {
        team: "法律援助服务队",
        title: "法律援助",
        category: ProjectCategory::LegalAid,
        activity: "legal_aid",
        place: "社区党群服务中心二楼调解室",
        territory: "梅林都汇社区",
        description: "婚姻家庭、劳动纠纷、邻里矛盾免费咨询。",
        status: ProjectStatus::Published,
        first: (3, 14, 180, 4),
        weekly: &[],
        signups: &["13800000012"],
    },
    Demo {
        team: "红喇叭治安巡逻队",
        title: "清洁家园",
        category: ProjectCategory::Environment,
        activity: "cleaning",
        place: "网格一 小区中心花园集合",
        territory: "网格一",
        description: "清理楼道小广告和绿化带垃圾，工具由社区提供。",
        status: ProjectStatus::Published,
        first: (1, 8, 120, 3),
        weekly: &[],
        // Three places: the fourth waits.
        signups: &["13800000006", "13800000007", "13800000008", "13800000009"],
    },
    Demo {
        team: "白鸽志愿服务队",
        title: "垃圾分类宣传",
        category: ProjectCategory::Environment,
        activity: "general",
        place: "网格二 各楼栋入口",
        territory: "网格二",
        description: "入户发放垃圾分类指南，指导居民正确投放。",
        status: ProjectStatus::Published,
        first: (4, 15, 120, 8),
        weekly: &[],
        signups: &["13800000010"],
    },
    Demo {
        team: "白鸽志愿服务队",
        title: "广场舞培训",
        category: ProjectCategory::Training,
        activity: "general",
        place: "社区文化广场",
        territory: "梅林都汇社区",
        description: "面向志愿服务组织骨干的广场舞带教培训，结业后可组织居民活动。",
        status: ProjectStatus::Published,
        first: (1, 19, 90, 20),
        weekly: &[2, 4],
        signups: &["13800000012", "13800000010"],
    },
    Demo {
        team: "白鸽志愿服务队",
        title: "健康知识讲座",
        category: ProjectCategory::Health,
        activity: "clinic",
        place: "社区党群服务中心一楼会议室",
        territory: "梅林都汇社区",
        description: "老年人常见慢性病预防与用药安全。",
        status: ProjectStatus::Submitted,
        first: (6, 10, 90, 30),
        weekly: &[],
        signups: &[],
    },
];

pub(crate) fn node(conn: &Connection, name: &str) -> AppResult<org::NodeRow> {
    let id = org::list(conn, None)?
        .into_iter()
        .find(|n| n.name == name)
        .map(|n| n.id)
        .ok_or_else(|| AppError::Internal(format!("demo node {name} missing")))?;
    org::existing_node(conn, id)
}

pub(crate) fn user_id(conn: &Connection, phone: &str) -> AppResult<i64> {
    Ok(accounts::credentials(conn, phone)?
        .ok_or_else(|| AppError::Internal(format!("demo user {phone} missing")))?
        .0)
}

/// Seeds the demo projects (after the demo accounts and points exist).
pub fn seed(conn: &Connection, now: i64) -> AppResult<()> {
    let admin = user_id(conn, "13800000001")?;
    let leader = user_id(conn, "13800000002")?;
    let reviewer = user_id(conn, "13800000003")?;
    // Local (Beijing) midnight starting tomorrow.
    let tomorrow = ((now + 8 * HOUR).div_euclid(DAY) + 1) * DAY - 8 * HOUR;
    for d in DEMOS {
        let team = node(conn, d.team)?;
        let territory = node(conn, d.territory)?;
        let row = ProjectRow {
            id: 0,
            team_id: team.id,
            team_name: team.name.clone(),
            team_path: team.path.clone(),
            title: d.title.into(),
            category: d.category,
            description: d.description.into(),
            place: d.place.into(),
            territory_id: Some(territory.id),
            activity: d.activity.into(),
            skills: vec![],
            signup_opens_at: None,
            signup_closes_at: None,
            cancel_cutoff_minutes: rules::DEFAULT_CANCEL_CUTOFF_MINUTES,
            status: d.status,
            reject_reason: None,
            created_at: now,
        };
        let id = store::insert_project(conn, &row, admin, now)?;
        let (days, hour, minutes, capacity) = d.first;
        let starts_at = tomorrow + days * DAY + hour * HOUR;
        let first = NewSession {
            starts_at,
            ends_at: starts_at + minutes * 60,
            capacity,
        };
        let sessions = if d.weekly.is_empty() {
            vec![first]
        } else {
            rules::expand_weekly(&first, d.weekly, starts_at + 20 * DAY)?
        };
        let mut first_id = None;
        for s in &sessions {
            let sid = store::insert_session(conn, id, s)?;
            first_id.get_or_insert(sid);
        }
        if let Some(sid) = first_id {
            for phone in d.signups {
                signups::sign_up(conn, user_id(conn, phone)?, sid, now)?;
            }
        }
        if d.title == "清洁家园" {
            past_session(
                conn,
                id,
                tomorrow - 4 * DAY + 8 * HOUR,
                (leader, reviewer),
                now,
            )?;
        }
    }
    Ok(())
}

/// A session four days ago that two patrol volunteers attended; their hours were
/// submitted and approved into points.
fn past_session(
    conn: &Connection,
    project_id: i64,
    starts_at: i64,
    (leader, reviewer): (i64, i64),
    now: i64,
) -> AppResult<()> {
    let s = NewSession {
        starts_at,
        ends_at: starts_at + 2 * HOUR,
        capacity: 10,
    };
    let sid = store::insert_session(conn, project_id, &s)?;
    for phone in ["13800000006", "13800000007"] {
        let uid = user_id(conn, phone)?;
        let gid = store::insert_signup(conn, sid, uid, SignupStatus::Confirmed, starts_at - DAY)?;
        let (cin, cout) = (starts_at - 5 * 60, starts_at + 2 * HOUR);
        store::set_checked_in(conn, gid, cin)?;
        store::set_checked_out(conn, gid, cout)?;
        let g = store::signup(conn, gid)?.ok_or(AppError::NOT_FOUND)?;
        store::insert_hours(conn, &g, cin, cout, rules::rounded_minutes(cin, cout), now)?;
    }
    store::submit_hours(conn, sid, leader, now)?;
    for h in store::hours_of_session(conn, sid)? {
        attendance::approve(conn, &h, reviewer, now)?;
    }
    Ok(())
}
