//! SQL of the public-welfare bank: families in difficulty, property companies and
//! property-fee offsets. The rules live in `crate::bank`.

use linli_app::api::bank::{
    CompanyRate, CompanyStaff, Family, FamilyCategory, OffsetStatus, PropertyCompany,
};
use linli_app::api::Reason;
use rusqlite::types::Type;
use rusqlite::{named_params, params, Connection, OptionalExtension, Row};

use crate::error::{AppError, AppResult};
use crate::store::{is_unique_violation, now};

fn parsed<T>(r: &Row, idx: usize, parse: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let s: String = r.get(idx)?;
    parse(&s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, format!("unknown {s:?}").into())
    })
}

// ---- families --------------------------------------------------------------------------

/// What a new family row holds.
pub struct FamilyInsert<'a> {
    pub full_name: &'a str,
    pub category: FamilyCategory,
    pub contact: &'a str,
    pub note: &'a str,
    pub user_id: Option<i64>,
    pub created_by: i64,
    pub now: i64,
}

fn user_taken(e: rusqlite::Error) -> AppError {
    if is_unique_violation(&e) {
        AppError::Refused(Reason::UserHasFamily)
    } else {
        e.into()
    }
}

pub fn insert_family(conn: &Connection, f: &FamilyInsert) -> AppResult<i64> {
    conn.prepare_cached(
        "INSERT INTO families (full_name, category, contact, note, user_id, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        f.full_name,
        f.category.as_str(),
        f.contact,
        f.note,
        f.user_id,
        f.created_by,
        f.now
    ])
    .map_err(user_taken)?;
    Ok(conn.last_insert_rowid())
}

/// The fields of a family an administrator changes (None: unchanged).
#[derive(Default)]
pub struct FamilyChange<'a> {
    pub full_name: Option<&'a str>,
    pub category: Option<FamilyCategory>,
    pub contact: Option<&'a str>,
    pub note: Option<&'a str>,
    /// Some(None) unlinks the person.
    pub user_id: Option<Option<i64>>,
    pub active: Option<bool>,
}

pub fn update_family(conn: &Connection, id: i64, c: &FamilyChange) -> AppResult<()> {
    conn.prepare_cached(
        "UPDATE families SET full_name = COALESCE(?2, full_name),
             category = COALESCE(?3, category), contact = COALESCE(?4, contact),
             note = COALESCE(?5, note),
             user_id = CASE WHEN ?6 THEN ?7 ELSE user_id END,
             active = COALESCE(?8, active)
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        c.full_name,
        c.category.map(FamilyCategory::as_str),
        c.contact,
        c.note,
        c.user_id.is_some(),
        c.user_id.flatten(),
        c.active
    ])
    .map_err(user_taken)?;
    Ok(())
}

const FAMILY_SQL: &str = "
    SELECT f.id, f.full_name, f.category, f.contact, f.note, f.user_id, u.name, f.active,
           COALESCE(a.id, 0), COALESCE(a.balance, 0), f.created_at
    FROM families f
    LEFT JOIN users u ON u.id = f.user_id
    LEFT JOIN ledger_accounts a ON a.family_id = f.id";

fn family_row(r: &Row) -> rusqlite::Result<Family> {
    Ok(Family {
        id: r.get(0)?,
        full_name: r.get(1)?,
        category: parsed(r, 2, FamilyCategory::parse)?,
        contact: r.get(3)?,
        note: r.get(4)?,
        user_id: r.get(5)?,
        user_name: r.get(6)?,
        active: r.get(7)?,
        account_id: r.get(8)?,
        balance: r.get(9)?,
        created_at: r.get(10)?,
    })
}

pub fn family(conn: &Connection, id: i64) -> AppResult<Option<Family>> {
    let sql = format!("{FAMILY_SQL} WHERE f.id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], family_row)
        .optional()?)
}

/// Every family (active ones first), for administrators and case workers.
pub fn families(conn: &Connection) -> AppResult<Vec<Family>> {
    let sql = format!("{FAMILY_SQL} ORDER BY f.active DESC, f.id LIMIT 1000");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], family_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The family a person spends for, if any.
pub fn family_of_user(conn: &Connection, user_id: i64) -> AppResult<Option<Family>> {
    let sql = format!("{FAMILY_SQL} WHERE f.user_id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([user_id], family_row)
        .optional()?)
}

// ---- property companies ----------------------------------------------------------------

/// The rate of company `c` in force at `:at` (a Unix time): the newest version in effect
/// then, or the first one when all start later.
const RATE_AT: &str = "(SELECT r.points_per_yuan FROM company_rates r WHERE r.company_id = c.id
      ORDER BY r.effective_from > :at, CASE WHEN r.effective_from > :at THEN r.effective_from
      ELSE -r.effective_from END, r.id DESC LIMIT 1)";

fn company_row(r: &Row) -> rusqlite::Result<PropertyCompany> {
    Ok(PropertyCompany {
        id: r.get(0)?,
        name: r.get(1)?,
        node_id: r.get(2)?,
        points_per_yuan: r.get(3)?,
    })
}

pub fn insert_company(
    conn: &Connection,
    name: &str,
    node_id: i64,
    points_per_yuan: i64,
    by: i64,
    now: i64,
) -> AppResult<i64> {
    conn.prepare_cached(
        "INSERT INTO property_companies (name, node_id, points_per_yuan, updated_by, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![name, node_id, points_per_yuan, by, now])
    .map_err(|e| {
        if is_unique_violation(&e) {
            AppError::Refused(Reason::CompanyExists)
        } else {
            e.into()
        }
    })?;
    let id = conn.last_insert_rowid();
    insert_rate(conn, id, points_per_yuan, now, by, now)?;
    Ok(id)
}

/// Renames a company and, given a rate, records it as a new version in force from now.
pub fn update_company(
    conn: &Connection,
    id: i64,
    name: Option<&str>,
    points_per_yuan: Option<i64>,
    by: i64,
    now: i64,
) -> AppResult<()> {
    conn.prepare_cached(
        "UPDATE property_companies SET name = COALESCE(?2, name),
             points_per_yuan = COALESCE(?3, points_per_yuan), updated_by = ?4, updated_at = ?5
         WHERE id = ?1",
    )?
    .execute(params![id, name, points_per_yuan, by, now])?;
    if let Some(rate) = points_per_yuan {
        insert_rate(conn, id, rate, now, by, now)?;
    }
    Ok(())
}

/// A new version of a company's rate, in force from `effective_from`.
pub fn insert_rate(
    conn: &Connection,
    company_id: i64,
    points_per_yuan: i64,
    effective_from: i64,
    by: i64,
    now: i64,
) -> AppResult<()> {
    conn.prepare_cached(
        "INSERT INTO company_rates (company_id, points_per_yuan, effective_from, set_by, set_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        company_id,
        points_per_yuan,
        effective_from,
        by,
        now
    ])?;
    Ok(())
}

/// The company's rate in force at `at`.
pub fn rate_at(conn: &Connection, company_id: i64, at: i64) -> AppResult<Option<i64>> {
    let sql = format!("SELECT {RATE_AT} FROM property_companies c WHERE c.id = :id");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(named_params! {":id": company_id, ":at": at}, |r| r.get(0))
        .optional()?
        .flatten())
}

/// Every version of a company's rate, the latest to take effect first.
pub fn rates(conn: &Connection, company_id: i64) -> AppResult<Vec<CompanyRate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.points_per_yuan, r.effective_from, r.set_at, u.name
         FROM company_rates r LEFT JOIN users u ON u.id = r.set_by
         WHERE r.company_id = ?1 ORDER BY r.effective_from DESC, r.id DESC",
    )?;
    let rows = stmt.query_map([company_id], |r| {
        Ok(CompanyRate {
            points_per_yuan: r.get(0)?,
            effective_from: r.get(1)?,
            set_at: r.get(2)?,
            set_by_name: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The people holding the `property` role at a node, by name.
pub fn staff_at(conn: &Connection, node_id: i64) -> AppResult<Vec<CompanyStaff>> {
    let mut stmt = conn.prepare_cached(
        "SELECT u.id, u.name, u.phone, g.id FROM role_grants g JOIN users u ON u.id = g.user_id
         WHERE g.node_id = ?1 AND g.role = 'property' ORDER BY u.name, g.id",
    )?;
    let rows = stmt.query_map([node_id], |r| {
        Ok(CompanyStaff {
            user_id: r.get(0)?,
            name: r.get(1)?,
            phone: r.get(2)?,
            grant_id: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The company with the rate in force now.
pub fn company(conn: &Connection, id: i64) -> AppResult<Option<PropertyCompany>> {
    let sql = format!(
        "SELECT c.id, c.name, c.node_id, {RATE_AT} FROM property_companies c WHERE c.id = :id"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(named_params! {":id": id, ":at": now()}, company_row)
        .optional()?)
}

/// Every company with its node's path (for the property role's scope), by name, each
/// with the rate in force now.
pub fn companies(conn: &Connection) -> AppResult<Vec<(PropertyCompany, String)>> {
    let sql = format!(
        "SELECT c.id, c.name, c.node_id, {RATE_AT}, n.path
         FROM property_companies c JOIN nodes n ON n.id = c.node_id ORDER BY c.name, c.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(named_params! {":at": now()}, |r| {
        Ok((company_row(r)?, r.get(4)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

// ---- fee offsets -----------------------------------------------------------------------

/// A fee offset as stored, with the resident's real name and phone (callers mask).
#[derive(Debug, Clone, PartialEq)]
pub struct OffsetRow {
    pub id: i64,
    pub company_id: i64,
    pub company_name: String,
    pub month: String,
    pub unit: String,
    pub user_id: i64,
    pub name: String,
    pub phone: String,
    pub points: i64,
    pub points_per_yuan: i64,
    pub yuan: i64,
    pub status: OffsetStatus,
    pub decision_reason: Option<String>,
    pub requested_at: i64,
    pub decided_at: Option<i64>,
    pub transfer_id: i64,
    pub refund_transfer_id: Option<i64>,
}

const OFFSET_SQL: &str = "
    SELECT o.id, o.company_id, c.name, o.month, o.unit, o.user_id, u.name, u.phone, o.points,
           o.points_per_yuan, o.yuan, o.status, o.decision_reason, o.requested_at,
           o.decided_at, o.transfer_id, o.refund_transfer_id
    FROM fee_offsets o
    JOIN property_companies c ON c.id = o.company_id
    JOIN users u ON u.id = o.user_id";

fn offset_row(r: &Row) -> rusqlite::Result<OffsetRow> {
    Ok(OffsetRow {
        id: r.get(0)?,
        company_id: r.get(1)?,
        company_name: r.get(2)?,
        month: r.get(3)?,
        unit: r.get(4)?,
        user_id: r.get(5)?,
        name: r.get(6)?,
        phone: r.get(7)?,
        points: r.get(8)?,
        points_per_yuan: r.get(9)?,
        yuan: r.get(10)?,
        status: parsed(r, 11, OffsetStatus::parse)?,
        decision_reason: r.get(12)?,
        requested_at: r.get(13)?,
        decided_at: r.get(14)?,
        transfer_id: r.get(15)?,
        refund_transfer_id: r.get(16)?,
    })
}

/// What a new fee offset row holds.
pub struct OffsetInsert<'a> {
    pub company_id: i64,
    pub user_id: i64,
    pub month: &'a str,
    pub unit: &'a str,
    pub points: i64,
    pub points_per_yuan: i64,
    pub yuan: i64,
    pub transfer_id: i64,
    pub now: i64,
}

pub fn insert_offset(conn: &Connection, o: &OffsetInsert) -> AppResult<i64> {
    conn.prepare_cached(
        "INSERT INTO fee_offsets (company_id, user_id, month, unit, points, points_per_yuan,
             yuan, transfer_id, requested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        o.company_id,
        o.user_id,
        o.month,
        o.unit,
        o.points,
        o.points_per_yuan,
        o.yuan,
        o.transfer_id,
        o.now
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn offset(conn: &Connection, id: i64) -> AppResult<Option<OffsetRow>> {
    let sql = format!("{OFFSET_SQL} WHERE o.id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], offset_row)
        .optional()?)
}

pub fn offset_by_transfer(conn: &Connection, transfer_id: i64) -> AppResult<Option<OffsetRow>> {
    let sql = format!("{OFFSET_SQL} WHERE o.transfer_id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([transfer_id], offset_row)
        .optional()?)
}

/// A company's offsets, optionally of one month and one state, oldest first.
pub fn company_offsets(
    conn: &Connection,
    company_id: i64,
    month: Option<&str>,
    status: Option<OffsetStatus>,
) -> AppResult<Vec<OffsetRow>> {
    let sql = format!(
        "{OFFSET_SQL} WHERE o.company_id = ?1 AND (?2 IS NULL OR o.month = ?2)
           AND (?3 IS NULL OR o.status = ?3)
         ORDER BY o.id LIMIT 5000"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![company_id, month, status.map(OffsetStatus::as_str)],
        offset_row,
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A resident's own offsets, newest first.
pub fn user_offsets(conn: &Connection, user_id: i64) -> AppResult<Vec<OffsetRow>> {
    let sql = format!("{OFFSET_SQL} WHERE o.user_id = ?1 ORDER BY o.id DESC LIMIT 200");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([user_id], offset_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Records the company's answer to a pending offset; false if it was no longer pending.
pub fn decide(
    conn: &Connection,
    id: i64,
    status: OffsetStatus,
    reason: Option<&str>,
    by: i64,
    refund_transfer_id: Option<i64>,
    now: i64,
) -> AppResult<bool> {
    let changed = conn
        .prepare_cached(
            "UPDATE fee_offsets SET status = ?2, decision_reason = ?3, decided_by = ?4,
             refund_transfer_id = ?5, decided_at = ?6
         WHERE id = ?1 AND status = 'pending'",
        )?
        .execute(params![
            id,
            status.as_str(),
            reason,
            by,
            refund_transfer_id,
            now
        ])?;
    Ok(changed == 1)
}
