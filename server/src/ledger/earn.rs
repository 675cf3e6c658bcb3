//! Earning: verified service hours become points under the current rules, within caps.

use linli_app::api::ledger::{AccountKind, AwardRequest, TransferKind, TransferNote};
use linli_app::api::Reason;
use linli_app::validate::{self, Invalid, Problem};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use super::{calendar, fingerprint, member_account, post_transfer, replay, rules, system_account};
use super::{NewTransfer, Posted};
use crate::error::{AppError, AppResult};
use crate::store::ledger as store;

/// Service someone did, as a reviewer or administrator verified it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceHours {
    pub user_id: i64,
    /// An activity code of the current rules, e.g. `patrol`.
    pub activity: String,
    pub minutes: i64,
    /// A multiplier code, e.g. `night`.
    pub multiplier: Option<String>,
    /// When the service happened: caps count per local day and month of this.
    pub served_at: i64,
}

/// An hour record the project board approved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApprovedHours {
    pub record_id: i64,
    pub hours: ServiceHours,
    /// The reviewer who approved it.
    pub approved_by: i64,
    /// What was served, by name (the project's or service's title), for the history.
    /// Not part of the fingerprint: a retry is the same record whatever it is called now.
    #[serde(skip)]
    pub project: String,
}

/// Turns an approved hour record into exactly one earn transfer: calling it again for
/// the same record returns the first transfer and posts nothing.
pub fn earn_for_approved_hours(
    conn: &Connection,
    record: &ApprovedHours,
    now: i64,
) -> AppResult<Posted> {
    earn(
        conn,
        Earning {
            fingerprint: fingerprint(&("hours", record)),
            hours: &record.hours,
            author: record.approved_by,
            reason: String::new(),
            note: Some(TransferNote::HoursApproved {
                project: record.project.clone(),
                served_at: record.hours.served_at,
            }),
            key: format!("hours:{}", record.record_id),
            manual: false,
            record_id: Some(record.record_id),
        },
        now,
    )
}

/// An administrator awards points for service they verified themselves, with a reason;
/// priced by the current rules like any earn, and flagged as entered by hand.
pub fn award(conn: &Connection, admin_id: i64, req: &AwardRequest, now: i64) -> AppResult<Posted> {
    let reason = validate::reason(&req.reason)?;
    let key = validate::idempotency_key(&req.idempotency_key)?;
    let minutes = validate::service_minutes(req.minutes)?;
    let served_at = served_at(req.served_at.unwrap_or(now), now)?;
    let hours = ServiceHours {
        user_id: req.user_id,
        activity: req.activity.trim().to_string(),
        minutes,
        multiplier: req
            .multiplier
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(String::from),
        served_at,
    };
    earn(
        conn,
        Earning {
            // The request as sent: a retry without `served_at` a minute later is the
            // same request, although "now" moved.
            fingerprint: fingerprint(&("award", admin_id, req)),
            hours: &hours,
            author: admin_id,
            reason,
            note: None,
            key: format!("award:{key}"),
            manual: true,
            record_id: None,
        },
        now,
    )
}

/// Service can be recorded up to a year back and not in the future (a day's slack for
/// clocks).
fn served_at(at: i64, now: i64) -> Result<i64, Invalid> {
    validate::time_between("served_at", at, now - 366 * 86_400, now + 86_400)
}

struct Earning<'a> {
    /// Of the caller's request, not of the price: a retry after the rules changed still
    /// finds its first result.
    fingerprint: String,
    hours: &'a ServiceHours,
    author: i64,
    reason: String,
    /// Says what it is for when the server wrote it (else `reason` does).
    note: Option<TransferNote>,
    key: String,
    manual: bool,
    record_id: Option<i64>,
}

fn earn(conn: &Connection, e: Earning, now: i64) -> AppResult<Posted> {
    super::in_savepoint(conn, || earn_inner(conn, e, now))
}

fn earn_inner(conn: &Connection, e: Earning, now: i64) -> AppResult<Posted> {
    let fp = e.fingerprint;
    if let Some(done) = replay(conn, &e.key, &fp)? {
        return Ok(done);
    }
    let h = e.hours;
    let rules = store::current_rules(conn)?;
    let raw = rules::points_for(
        &rules.rules,
        &h.activity,
        h.minutes,
        h.multiplier.as_deref(),
    )?;
    if raw == 0 {
        return Err(AppError::Invalid(Invalid {
            field: "minutes",
            problem: Problem::OutOfRange {
                min: min_minutes(&rules.rules, &h.activity),
                max: 24 * 60,
            },
        }));
    }
    let member = member_account(conn, h.user_id, now)?;
    let (day, month) = (
        calendar::day_key(h.served_at),
        calendar::month_key(h.served_at),
    );
    let (today, this_month) = store::earned_in(conn, member.0, &day, &month)?;
    let points = rules::capped(&rules.rules, raw, today, this_month);
    if points == 0 {
        return Err(AppError::Refused(Reason::EarningCapReached));
    }
    let issuance = system_account(conn, AccountKind::Issuance)?;
    let mut t = NewTransfer::new(
        TransferKind::Earn,
        issuance,
        member,
        points,
        e.reason,
        e.key,
    )
    .by(e.author)
    .meta(json!({
        "user_id": h.user_id,
        "activity": h.activity,
        "minutes": h.minutes,
        "multiplier": h.multiplier,
        "served_at": h.served_at,
        "record_id": e.record_id,
        "uncapped_points": raw,
    }))
    .credit_expires_at(rules::expires_at(rules.rules.validity, now));
    if let Some(note) = e.note {
        t = t.note(note);
    }
    t.manual = e.manual;
    t.rule_version = Some(rules.version);
    t.fingerprint = Some(fp);
    let posted = post_transfer(conn, &t, now)?;
    store::insert_earning(
        conn,
        &store::EarningInsert {
            transfer_id: posted.transfer.id,
            account_id: member.0,
            record_id: e.record_id,
            activity: &h.activity,
            minutes: h.minutes,
            multiplier: h.multiplier.as_deref(),
            points,
            served_day: &day,
            served_month: &month,
        },
    )?;
    Ok(posted)
}

/// The fewest minutes of an activity that earn a point (for the error message).
fn min_minutes(rules: &linli_app::api::ledger::EarningRules, activity: &str) -> i64 {
    let rate = rules
        .activities
        .iter()
        .find(|a| a.code == activity)
        .map_or(0, |a| a.points_per_hour);
    if rate <= 0 {
        return 24 * 60 + 1;
    }
    (60 + rate - 1) / rate
}
