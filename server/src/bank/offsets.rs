//! Property-fee offsets (物业费抵扣): a resident offers N points against a month's fee.
//!
//! The request moves the points member → fee-offset account at once (a `fee_offset`
//! transfer), so they cannot be spent twice while the company decides. The company
//! confirms (the points stay there: the fee was reduced) or rejects (the transfer is
//! reversed and the points, with their original expiry, go back). Rejecting is the one
//! way to give an offset's points back: the ledger refuses an administrator's reversal.
//! The rate is the company's points per yuan in force at the time of the request (rates
//! are versioned, each from a day on); points must make whole yuan.

use linli_app::api::bank::{FeeOffset, FeeOffsetRequest, OffsetStatus, PropertyCompany};
use linli_app::api::ledger::{AccountKind, TransferKind, TransferNote};
use linli_app::api::Reason;
use linli_app::bank::{self as rules, mask_name, YuanError};
use linli_app::clock;
use linli_app::i18n::{offset_status_text, t, ExportsMsg, Lang};
use linli_app::ledger::transfer_reason_text;
use linli_app::roles::Role;
use linli_app::validate::{self, Invalid, Problem};
use rusqlite::Connection;
use serde_json::json;

use super::text;
use crate::audit;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::ledger::{self, calendar, fingerprint, NewTransfer, Undo};
use crate::store::bank::{self as store, OffsetInsert, OffsetRow};
use crate::store::ledger as ledger_store;
use crate::store::org;

/// Who is looking at an offset decides how much of the resident they see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// The resident: everything.
    Owner,
    /// The property company: the flat, the name's first character, a masked phone.
    Company,
}

pub fn view(o: OffsetRow, viewer: Viewer) -> FeeOffset {
    let (resident, phone) = match viewer {
        Viewer::Owner => (o.name, o.phone),
        Viewer::Company => (mask_name(&o.name), validate::mask_phone(&o.phone)),
    };
    FeeOffset {
        id: o.id,
        company_id: o.company_id,
        company_name: o.company_name,
        month: o.month,
        unit: o.unit,
        user_id: o.user_id,
        resident,
        phone,
        points: o.points,
        yuan: o.yuan,
        points_per_yuan: o.points_per_yuan,
        status: o.status,
        decision_reason: o.decision_reason,
        requested_at: o.requested_at,
        decided_at: o.decided_at,
        transfer_id: o.transfer_id,
        refund_transfer_id: o.refund_transfer_id,
    }
}

/// A month written `YYYY-MM`, or a 422.
pub fn month(raw: &str) -> AppResult<String> {
    clock::parse_month(raw)
        .map(|(y, m)| rules::month_text(y, m))
        .ok_or(AppError::Refused(Reason::BadMonth))
}

/// The rate of a company as an administrator sets it, or a 422.
pub fn rate(points_per_yuan: i64) -> AppResult<i64> {
    Ok(validate::in_range(
        "points_per_yuan",
        points_per_yuan,
        1,
        rules::MAX_POINTS_PER_YUAN,
    )?)
}

/// When a new rate takes effect: now, or the start of a later (Beijing) day. A rate
/// cannot start in the past: offsets already made used the rate then in force.
pub fn effective_from(raw: Option<&str>, now: i64) -> AppResult<i64> {
    let Some(raw) = raw.filter(|r| !r.trim().is_empty()) else {
        return Ok(now);
    };
    let bad = AppError::Refused(Reason::RateDay);
    let day = clock::parse_day_key(raw.trim()).map(|(y, m, d)| clock::midnight(y, m, d));
    match day {
        Some(day) if day >= clock::day_start(now) => Ok(day.max(now)),
        _ => Err(bad),
    }
}

pub fn existing_company(conn: &Connection, id: i64) -> AppResult<PropertyCompany> {
    store::company(conn, id)?.ok_or(AppError::NOT_FOUND)
}

/// 403 unless `user` acts for the company (property role, or admin, at its node).
pub fn require_company(
    conn: &Connection,
    user: &CurrentUser,
    id: i64,
) -> AppResult<PropertyCompany> {
    user.require_anywhere(Role::Property)?;
    let company = existing_company(conn, id)?;
    let node = org::existing_node(conn, company.node_id)?;
    user.require_path(Role::Property, &node.path)?;
    Ok(company)
}

/// The companies `user` acts for.
pub fn companies_of(conn: &Connection, user: &CurrentUser) -> AppResult<Vec<PropertyCompany>> {
    Ok(store::companies(conn)?
        .into_iter()
        .filter(|(_, path)| user.has(Role::Property, path))
        .map(|(c, _)| c)
        .collect())
}

/// A resident's request: sets the points aside and records the pending offset. A retry
/// with the same key returns the first offset and moves nothing.
pub fn request(
    conn: &Connection,
    user_id: i64,
    req: &FeeOffsetRequest,
    now: i64,
) -> AppResult<(FeeOffset, bool)> {
    let month = month(&req.month)?;
    let unit = text("unit", &req.unit, 1, 32)?;
    let points = validate::points(req.points)?;
    let key = validate::idempotency_key(&req.idempotency_key)?;
    let company = existing_company(conn, req.company_id)?;
    // The rate of the request's day (a rate set for a later day is not yet in force).
    let rate = store::rate_at(conn, company.id, now)?.unwrap_or(company.points_per_yuan);
    let yuan = rules::points_to_yuan(points, rate).map_err(|e| match e {
        YuanError::NotWholeYuan | YuanError::BadRate => AppError::Refused(Reason::NotWholeYuan),
    })?;
    let from = ledger::member_account(conn, user_id, now)?;
    let to = ledger::system_account(conn, AccountKind::FeeOffset)?;
    let mut t = NewTransfer::new(
        TransferKind::FeeOffset,
        from,
        to,
        points,
        String::new(),
        format!("fee-offset:{user_id}:{key}"),
    )
    .note(TransferNote::FeeOffset {
        month: month.clone(),
        company: company.name.clone(),
    })
    .by(user_id)
    .meta(
        json!({ "company_id": company.id, "month": month, "unit": unit,
                  "points_per_yuan": rate, "yuan": yuan }),
    );
    // A retry compares what the resident asked for, not the rate of the moment.
    t.fingerprint = Some(fingerprint(&(
        "fee_offset",
        user_id,
        company.id,
        &month,
        &unit,
        points,
    )));
    let posted = ledger::post_transfer(conn, &t, now)?;
    if posted.replayed {
        let existing = store::offset_by_transfer(conn, posted.transfer.id)?
            .ok_or_else(|| AppError::Internal("fee offset transfer without offset".into()))?;
        return Ok((view(existing, Viewer::Owner), true));
    }
    let id = store::insert_offset(
        conn,
        &OffsetInsert {
            company_id: company.id,
            user_id,
            month: &month,
            unit: &unit,
            points,
            points_per_yuan: rate,
            yuan,
            transfer_id: posted.transfer.id,
            now,
        },
    )?;
    let row = store::offset(conn, id)?.ok_or(AppError::NOT_FOUND)?;
    Ok((view(row, Viewer::Owner), false))
}

/// The company's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Confirm,
    Reject { reason: String },
}

/// Confirms or rejects a pending offset for a company `user` acts for. Giving the same
/// answer again returns the offset unchanged; changing a decided one is a 409.
pub fn decide(
    conn: &Connection,
    user: &CurrentUser,
    id: i64,
    decision: &Decision,
    now: i64,
) -> AppResult<FeeOffset> {
    user.require_anywhere(Role::Property)?;
    let offset = store::offset(conn, id)?.ok_or(AppError::NOT_FOUND)?;
    require_company(conn, user, offset.company_id)?;
    let target = match decision {
        Decision::Confirm => OffsetStatus::Confirmed,
        Decision::Reject { .. } => OffsetStatus::Rejected,
    };
    if offset.status == target {
        return Ok(view(offset, Viewer::Company));
    }
    if offset.status != OffsetStatus::Pending {
        return Err(AppError::Refused(Reason::OffsetDecided));
    }
    // Before offsets owned their points an administrator could reverse them in the
    // ledger: then they are back already, so the offset can only be rejected, recording
    // that reversal instead of a second refund.
    let given_back = ledger_store::undo_of(conn, offset.transfer_id)?;
    let (reason, refund) = match (decision, given_back) {
        (Decision::Confirm, Some(_)) => return Err(AppError::Refused(Reason::AlreadyUndone)),
        (Decision::Confirm, None) => (None, None),
        (Decision::Reject { reason }, given_back) => {
            let reason = validate::reason(reason)?;
            let refund = match given_back {
                Some(id) => id,
                None => {
                    let original = ledger_store::transfer(conn, offset.transfer_id)?
                        .ok_or(AppError::NOT_FOUND)?;
                    let note = TransferNote::FeeOffsetRejected {
                        reason: reason.clone(),
                    };
                    // The reason as written before notes: a retry's fingerprint is the same.
                    let why = transfer_reason_text(Lang::Zh, Some(&note), "");
                    let undo = Undo {
                        note: Some(note),
                        ..Undo::reversal(&original, user.id, why)
                    };
                    ledger::undo(conn, undo, now)?.transfer.id
                }
            };
            (Some(reason), Some(refund))
        }
    };
    if !store::decide(conn, id, target, reason.as_deref(), user.id, refund, now)? {
        return Err(AppError::Refused(Reason::OffsetDecided));
    }
    audit::record(
        conn,
        user.id,
        &format!("bank.offset.{}", target.as_str()),
        &format!("fee_offset:{id}"),
        json!({ "reason": reason, "refund_transfer": refund, "points": offset.points }),
    )?;
    let row = store::offset(conn, id)?.ok_or(AppError::NOT_FOUND)?;
    Ok(view(row, Viewer::Company))
}

// ---- monthly statement -----------------------------------------------------------------

/// One CSV cell: quoted, quotes doubled, and a leading = + - @ (or tab/CR) defused with an
/// apostrophe so a spreadsheet never runs what a resident typed as a formula.
pub fn csv_cell(raw: &str) -> String {
    let risky = raw
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    let text = if risky {
        format!("'{raw}")
    } else {
        raw.to_string()
    };
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// Beijing time, to the minute.
fn local_time(t: i64) -> String {
    let (h, min, _) = linli_app::clock::local_clock(t);
    format!("{} {h:02}:{min:02}", calendar::day_key(t))
}

/// The monthly statement as CSV (UTF-8 with a byte-order mark, so spreadsheet programs
/// read the Chinese): one line per offset, then totals per state.
pub fn statement_csv(lang: Lang, offsets: &[FeeOffset]) -> String {
    let header = [
        ExportsMsg::StmtId,
        ExportsMsg::StmtMonth,
        ExportsMsg::StmtUnit,
        ExportsMsg::StmtResident,
        ExportsMsg::StmtPhone,
        ExportsMsg::StmtPoints,
        ExportsMsg::StmtYuan,
        ExportsMsg::StmtStatus,
        ExportsMsg::StmtRequestedAt,
        ExportsMsg::StmtDecidedAt,
    ];
    let line = |cells: Vec<String>| {
        cells
            .iter()
            .map(|c| csv_cell(c))
            .collect::<Vec<_>>()
            .join(",")
            + "\r\n"
    };
    let mut out = String::from("\u{feff}");
    out += &line(header.iter().map(|m| t(lang, *m).to_string()).collect());
    for o in offsets {
        out += &line(vec![
            o.id.to_string(),
            o.month.clone(),
            o.unit.clone(),
            o.resident.clone(),
            o.phone.clone(),
            o.points.to_string(),
            o.yuan.to_string(),
            offset_status_text(lang, o.status).to_string(),
            local_time(o.requested_at),
            o.decided_at.map(local_time).unwrap_or_default(),
        ]);
    }
    for (status, label) in [
        (OffsetStatus::Confirmed, ExportsMsg::StmtTotalConfirmed),
        (OffsetStatus::Pending, ExportsMsg::StmtTotalPending),
        (OffsetStatus::Rejected, ExportsMsg::StmtTotalRejected),
    ] {
        let of: Vec<&FeeOffset> = offsets.iter().filter(|o| o.status == status).collect();
        let points: i64 = of.iter().map(|o| o.points).sum();
        let yuan: i64 = of.iter().map(|o| o.yuan).sum();
        out += &line(vec![
            t(lang, label).to_string(),
            String::new(),
            String::new(),
            format!("{}", of.len()),
            String::new(),
            points.to_string(),
            yuan.to_string(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    out
}

/// A 422 for a bad `month` query value.
pub fn month_query(raw: Option<&str>) -> AppResult<Option<String>> {
    raw.filter(|m| !m.trim().is_empty()).map(month).transpose()
}

/// A company id given as a query value must be positive.
pub fn company_id(id: i64) -> AppResult<i64> {
    if id > 0 {
        Ok(id)
    } else {
        Err(Invalid {
            field: "company_id",
            problem: Problem::UnknownOption,
        }
        .into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offset(id: i64, status: OffsetStatus, points: i64, yuan: i64) -> FeeOffset {
        FeeOffset {
            id,
            company_id: 1,
            company_name: "梅林物业".into(),
            month: "2026-03".into(),
            unit: "=HYPERLINK(\"x\")".into(),
            user_id: 9,
            resident: "王**".into(),
            phone: "138****0001".into(),
            points,
            yuan,
            points_per_yuan: 10,
            status,
            decision_reason: None,
            requested_at: 1_772_323_200, // 2026-03-01 08:00 Beijing
            decided_at: None,
            transfer_id: 1,
            refund_transfer_id: None,
        }
    }

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(csv_cell("王**"), "\"王**\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=1+1"), "\"'=1+1\"");
        assert_eq!(csv_cell("-5"), "\"'-5\"");
        assert_eq!(csv_cell("@cmd"), "\"'@cmd\"");
        assert_eq!(csv_cell("a,b\nc"), "\"a,b\nc\"");
    }

    #[test]
    fn the_statement_lists_each_offset_and_totals_by_state() {
        let csv = statement_csv(
            Lang::Zh,
            &[
                offset(1, OffsetStatus::Confirmed, 100, 10),
                offset(2, OffsetStatus::Confirmed, 50, 5),
                offset(3, OffsetStatus::Rejected, 30, 3),
            ],
        );
        assert!(csv.starts_with('\u{feff}'));
        let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
        assert_eq!(lines.len(), 1 + 3 + 3);
        assert!(lines[0].contains("\"房号\""));
        assert!(lines[1].contains("\"'=HYPERLINK(\"\"x\"\")\""));
        assert!(lines[1].contains("\"已确认\""));
        assert!(lines[1].contains("\"2026-03-01 08:00\""));
        assert_eq!(
            lines[4],
            "\"合计（已确认）\",\"\",\"\",\"2\",\"\",\"150\",\"15\",\"\",\"\",\"\""
        );
        assert!(lines[6].starts_with("\"合计（已驳回）\",\"\",\"\",\"1\",\"\",\"30\",\"3\""));
        let en = statement_csv(Lang::En, &[]);
        assert!(en.contains("\"Total confirmed\""));
    }

    #[test]
    fn months_and_rates_are_checked() {
        assert_eq!(month(" 2026-03 ").unwrap(), "2026-03");
        assert!(month("2026-3").is_err());
        assert_eq!(rate(10).unwrap(), 10);
        assert!(rate(0).is_err());
        assert_eq!(month_query(Some("")).unwrap(), None);
    }
}
