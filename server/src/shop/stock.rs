//! Donated stock (捐赠入库), adjustments with a reason, and stock counts (盘点) with their
//! shrinkage report. Every change is one event row written with the new stock.

use linli_app::api::shop::{
    CreateDonor, Donor, ShrinkageLine, ShrinkageReport, StockAdjust, StockCount, StockEventKind,
    StockIn,
};
use linli_app::api::Reason;
use linli_app::validate::Problem;
use rusqlite::Connection;
use serde_json::json;

use super::items::MAX_QUANTITY;
use super::{in_range, parse_day, text};
use crate::audit;
use crate::error::{AppError, AppResult};
use crate::ledger::calendar;
use crate::store::is_unique_violation;
use crate::store::shop::{self as store, DonorTotals, EventInsert};

fn below_zero() -> AppError {
    AppError::Refused(Reason::StockBelowZero)
}

pub fn donor_view(d: DonorTotals) -> Donor {
    let (id, name, kind, contact, note, donations, total_quantity, total_value, created_at, _) = d;
    Donor {
        id,
        name,
        kind,
        contact,
        note,
        donations,
        total_quantity,
        total_value,
        created_at,
    }
}

/// Registers a donor: a unit, a merchant or a person, with how to reach them.
pub fn create_donor(
    conn: &Connection,
    actor: i64,
    req: &CreateDonor,
    now: i64,
) -> AppResult<Donor> {
    let name = text("name", &req.name, 1, 60)?;
    let contact = text("contact", &req.contact, 0, 100)?;
    let note = text("note", &req.note, 0, 500)?;
    let id = store::insert_donor(conn, &name, req.kind, &contact, &note, now).map_err(|e| {
        if is_unique_violation(&e) {
            AppError::Refused(Reason::DonorExists)
        } else {
            e.into()
        }
    })?;
    audit::record(
        conn,
        actor,
        "shop.donor.create",
        &format!("shop_donor:{id}"),
        json!({ "name": name, "kind": req.kind }),
    )?;
    Ok(donor_view(
        store::donor(conn, id)?.ok_or(AppError::NOT_FOUND)?,
    ))
}

/// Records donated goods received: the stock rises and the donor is credited with their
/// points value at today's price.
pub fn stock_in(conn: &Connection, actor: i64, req: &StockIn, now: i64) -> AppResult<i64> {
    let quantity = in_range("quantity", req.quantity, 1, MAX_QUANTITY)?;
    let note = text("note", &req.note, 0, 500)?;
    let day = match req.received_on.as_deref().filter(|d| !d.trim().is_empty()) {
        Some(d) => parse_day("received_on", d.trim())?,
        None => calendar::day_key(now),
    };
    if !store::donor_exists(conn, req.donor_id)? {
        return Err(AppError::invalid("donor_id", Problem::UnknownOption));
    }
    let item = store::item(conn, req.item_id)?.ok_or(AppError::NOT_FOUND)?;
    let after = store::move_stock(conn, item.id, quantity)?.ok_or_else(below_zero)?;
    let id = store::insert_event(
        conn,
        &EventInsert {
            item_id: item.id,
            kind: Some(StockEventKind::StockIn),
            delta: quantity,
            stock_after: after,
            donor_id: Some(req.donor_id),
            day: &day,
            note: &note,
            value: quantity * item.price,
            actor_id: Some(actor),
            created_at: now,
            ..Default::default()
        },
    )?;
    audit::record(
        conn,
        actor,
        "shop.stock.in",
        &format!("shop_item:{}", item.id),
        json!({ "donor_id": req.donor_id, "quantity": quantity, "received_on": day,
                "event": id }),
    )?;
    Ok(id)
}

/// Breakage, loss or a correction: a non-zero change with its reason, never below zero.
pub fn adjust(conn: &Connection, actor: i64, req: &StockAdjust, now: i64) -> AppResult<i64> {
    let reason = text("reason", &req.reason, 1, 200)?;
    if req.delta == 0 {
        return Err(AppError::invalid("delta", Problem::Required));
    }
    let delta = in_range("delta", req.delta, -MAX_QUANTITY, MAX_QUANTITY)?;
    let item = store::item(conn, req.item_id)?.ok_or(AppError::NOT_FOUND)?;
    let after = store::move_stock(conn, item.id, delta)?.ok_or_else(below_zero)?;
    let day = calendar::day_key(now);
    let id = store::insert_event(
        conn,
        &EventInsert {
            item_id: item.id,
            kind: Some(StockEventKind::Adjust),
            delta,
            stock_after: after,
            day: &day,
            reason: &reason,
            actor_id: Some(actor),
            created_at: now,
            ..Default::default()
        },
    )?;
    audit::record(
        conn,
        actor,
        "shop.stock.adjust",
        &format!("shop_item:{}", item.id),
        json!({ "delta": delta, "reason": reason, "event": id }),
    )?;
    Ok(id)
}

/// Staff counted the shelf: each counted item's stock becomes what was counted, the
/// difference is recorded as a `count` event, and the report shows the shrinkage.
pub fn count(
    conn: &Connection,
    actor: i64,
    req: &StockCount,
    now: i64,
) -> AppResult<ShrinkageReport> {
    let note = text("note", &req.note, 0, 500)?;
    if req.lines.is_empty() || req.lines.len() > 500 {
        return Err(AppError::invalid(
            "lines",
            Problem::OutOfRange { min: 1, max: 500 },
        ));
    }
    let count_id = store::insert_count(conn, actor, &note, now)?;
    let day = calendar::day_key(now);
    let mut seen = std::collections::HashSet::new();
    let mut lines = Vec::new();
    for line in &req.lines {
        if !seen.insert(line.item_id) {
            return Err(AppError::invalid("item_id", Problem::Duplicate));
        }
        let counted = in_range("counted", line.counted, 0, MAX_QUANTITY)?;
        let item = store::item(conn, line.item_id)?.ok_or(AppError::NOT_FOUND)?;
        let difference = counted - item.stock;
        store::insert_count_line(conn, count_id, item.id, item.stock, counted)?;
        if difference != 0 {
            let after = store::move_stock(conn, item.id, difference)?.ok_or_else(below_zero)?;
            store::insert_event(
                conn,
                &EventInsert {
                    item_id: item.id,
                    kind: Some(StockEventKind::Count),
                    delta: difference,
                    stock_after: after,
                    count_id: Some(count_id),
                    day: &day,
                    reason: "盘点",
                    note: &note,
                    actor_id: Some(actor),
                    created_at: now,
                    ..Default::default()
                },
            )?;
        }
        lines.push(ShrinkageLine {
            item_id: item.id,
            name: item.name,
            expected: item.stock,
            counted,
            difference,
            value: difference * item.price,
        });
    }
    let report = ShrinkageReport {
        count_id,
        missing_units: lines.iter().map(|l| (-l.difference).max(0)).sum(),
        net_value: lines.iter().map(|l| l.value).sum(),
        lines,
        created_at: now,
    };
    audit::record(
        conn,
        actor,
        "shop.stock.count",
        &format!("shop_count:{count_id}"),
        json!({ "missing_units": report.missing_units, "net_value": report.net_value }),
    )?;
    Ok(report)
}
