//! Demo points for the seeded community: verified service over the past weeks, a few
//! donations to the charity pool, so balances, history and expiry have something to show.

use linli_app::api::ledger::AwardRequest;
use rusqlite::Connection;

use super::{award, donate_to_pool};
use crate::error::AppResult;

const DAY: i64 = 86_400;

/// (activity, multiplier, minutes, reason) of the services volunteers did.
const SERVICES: &[(&str, Option<&str>, i64, &str)] = &[
    ("patrol", Some("night"), 120, "红喇叭治安巡逻（夜间）"),
    ("cleaning", None, 90, "清洁家园"),
    ("clinic", None, 180, "免费义诊"),
    ("patrol", None, 150, "红喇叭治安巡逻"),
    ("legal_aid", None, 60, "法律援助咨询"),
    ("general", None, 120, "垃圾分类宣传"),
    ("teaching", Some("holiday"), 120, "广场舞培训（节假日）"),
];

/// Awards each volunteer a few verified services from the last three weeks (as
/// `admin_id`) and has every other one donate to the charity pool.
pub fn seed_points(
    conn: &Connection,
    admin_id: i64,
    volunteers: &[i64],
    now: i64,
) -> AppResult<()> {
    for (i, &user) in volunteers.iter().enumerate() {
        let count = 2 + i % 4;
        for n in 0..count {
            let (activity, multiplier, minutes, reason) = SERVICES[(i + n) % SERVICES.len()];
            let req = AwardRequest {
                user_id: user,
                activity: activity.into(),
                minutes,
                multiplier: multiplier.map(String::from),
                served_at: Some(now - ((n as i64) * 4 + 1 + i as i64 % 3) * DAY),
                reason: reason.into(),
                idempotency_key: format!("demo-{user}-{n}"),
            };
            award(conn, admin_id, &req, now)?;
        }
        if i % 2 == 0 {
            donate_to_pool(conn, user, 10, &format!("demo-donation-{user}"), now)?;
        }
    }
    Ok(())
}
