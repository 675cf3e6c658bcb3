//! SQL of the points shop: items and photos, donors, stock events and counts, orders and
//! receipt lines, and the summaries over them. Rules live in `crate::shop`.

use linli_app::api::ledger::TransferNote;
use linli_app::api::shop::{
    DonorKind, HonourEntry, OrderStatus, ReceiptLine, StockEvent, StockEventKind, SummaryDonor,
    SummaryItem,
};
use rusqlite::types::Type;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::AppResult;

fn conversion(idx: usize, what: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, what.into())
}

// ---- items -----------------------------------------------------------------------------

/// An item as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRow {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub category: String,
    pub tags: Vec<String>,
    pub price: i64,
    pub stock: i64,
    pub monthly_limit: Option<i64>,
    pub active: bool,
    pub available_from: Option<i64>,
    pub available_until: Option<i64>,
    pub barcode: String,
    pub sold: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

const ITEM_COLS: &str = "id, name, description, category, tags, price, stock, monthly_limit, \
    active, available_from, available_until, barcode, sold, created_at, updated_at";

fn item_row(r: &Row) -> rusqlite::Result<ItemRow> {
    let tags: String = r.get(4)?;
    Ok(ItemRow {
        id: r.get(0)?,
        name: r.get(1)?,
        description: r.get(2)?,
        category: r.get(3)?,
        tags: serde_json::from_str(&tags).map_err(|e| conversion(4, e.to_string()))?,
        price: r.get(5)?,
        stock: r.get(6)?,
        monthly_limit: r.get(7)?,
        active: r.get(8)?,
        available_from: r.get(9)?,
        available_until: r.get(10)?,
        barcode: r.get(11)?,
        sold: r.get(12)?,
        created_at: r.get(13)?,
        updated_at: r.get(14)?,
    })
}

fn tags_json(tags: &[String]) -> String {
    serde_json::to_string(tags).unwrap_or_else(|_| "[]".into())
}

/// Inserts an item (stock zero). A taken barcode is a UNIQUE violation for the caller.
pub fn insert_item(conn: &Connection, item: &ItemRow, actor: i64) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO shop_items (name, description, category, tags, price, stock, monthly_limit,
             active, available_from, available_until, barcode, sold, created_by, created_at,
             updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7, ?8, ?9, ?10, 0, ?11, ?12, ?12)",
    )?
    .execute(params![
        item.name,
        item.description,
        item.category,
        tags_json(&item.tags),
        item.price,
        item.monthly_limit,
        item.active,
        item.available_from,
        item.available_until,
        item.barcode,
        actor,
        item.created_at,
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Writes an item's editable fields (not stock or sales: those move by events).
pub fn update_item(conn: &Connection, item: &ItemRow) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE shop_items SET name = ?2, description = ?3, category = ?4, tags = ?5,
             price = ?6, monthly_limit = ?7, active = ?8, available_from = ?9,
             available_until = ?10, barcode = ?11, updated_at = ?12
         WHERE id = ?1",
    )?
    .execute(params![
        item.id,
        item.name,
        item.description,
        item.category,
        tags_json(&item.tags),
        item.price,
        item.monthly_limit,
        item.active,
        item.available_from,
        item.available_until,
        item.barcode,
        item.updated_at,
    ])?;
    Ok(())
}

pub fn item(conn: &Connection, id: i64) -> AppResult<Option<ItemRow>> {
    let sql = format!("SELECT {ITEM_COLS} FROM shop_items WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], item_row)
        .optional()?)
}

pub fn item_by_barcode(conn: &Connection, code: &str) -> AppResult<Option<ItemRow>> {
    let sql = format!("SELECT {ITEM_COLS} FROM shop_items WHERE barcode = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([code], item_row)
        .optional()?)
}

pub fn barcode_taken(conn: &Connection, code: &str) -> AppResult<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM shop_items WHERE barcode = ?1")?
        .query_row([code], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Every item, oldest first (the catalogue snapshot and the admin list).
pub fn all_items(conn: &Connection) -> AppResult<Vec<ItemRow>> {
    let sql = format!("SELECT {ITEM_COLS} FROM shop_items ORDER BY id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], item_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Active items with at most `threshold` left, fewest first.
pub fn low_stock(conn: &Connection, threshold: i64) -> AppResult<Vec<ItemRow>> {
    let sql = format!(
        "SELECT {ITEM_COLS} FROM shop_items WHERE active = 1 AND stock <= ?1 ORDER BY stock, id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([threshold], item_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Moves an item's stock by `delta` unless that would take it below zero; the new stock,
/// or None when refused (or no such item).
pub fn move_stock(conn: &Connection, item_id: i64, delta: i64) -> AppResult<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "UPDATE shop_items SET stock = stock + ?2 WHERE id = ?1 AND stock + ?2 >= 0
             RETURNING stock",
        )?
        .query_row(params![item_id, delta], |r| r.get(0))
        .optional()?)
}

/// Counts units taken (negative: given back by a refund).
pub fn add_sold(conn: &Connection, item_id: i64, delta: i64) -> AppResult<()> {
    conn.prepare_cached("UPDATE shop_items SET sold = MAX(sold + ?2, 0) WHERE id = ?1")?
        .execute(params![item_id, delta])?;
    Ok(())
}

// ---- photos ----------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoRow {
    pub id: i64,
    pub item_id: i64,
    pub hash: String,
    pub width: u32,
    pub height: u32,
}

pub fn photo_row(r: &Row) -> rusqlite::Result<PhotoRow> {
    Ok(PhotoRow {
        id: r.get(0)?,
        item_id: r.get(1)?,
        hash: r.get(2)?,
        width: r.get(3)?,
        height: r.get(4)?,
    })
}

pub fn photos_of(conn: &Connection, item_id: i64) -> AppResult<Vec<PhotoRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, item_id, hash, width, height FROM shop_photos WHERE item_id = ?1
         ORDER BY position, id",
    )?;
    let rows = stmt.query_map([item_id], photo_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The first photo of every item that has one.
pub fn first_photos(conn: &Connection) -> AppResult<Vec<PhotoRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, item_id, hash, width, height FROM shop_photos p
         WHERE id = (SELECT id FROM shop_photos q WHERE q.item_id = p.item_id
                     ORDER BY position, id LIMIT 1)",
    )?;
    let rows = stmt.query_map([], photo_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Adds a photo after the item's others; the same picture twice is kept once.
pub fn insert_photo(
    conn: &Connection,
    item_id: i64,
    hash: &str,
    (width, height): (u32, u32),
    actor: i64,
    now: i64,
) -> AppResult<()> {
    conn.prepare_cached(
        "INSERT INTO shop_photos (item_id, hash, position, width, height, uploaded_by, created_at)
         VALUES (?1, ?2,
                 (SELECT COALESCE(MAX(position), 0) + 1 FROM shop_photos WHERE item_id = ?1),
                 ?3, ?4, ?5, ?6)
         ON CONFLICT (item_id, hash) DO NOTHING",
    )?
    .execute(params![item_id, hash, width, height, actor, now])?;
    Ok(())
}

// ---- donors ----------------------------------------------------------------------------

fn donor_kind(r: &Row, idx: usize) -> rusqlite::Result<DonorKind> {
    let s: String = r.get(idx)?;
    DonorKind::parse(&s).ok_or_else(|| conversion(idx, format!("unknown donor kind {s:?}")))
}

/// A donor with the totals of what they gave:
/// (id, name, kind, contact, note, donations, quantity, value, created_at, last day).
pub type DonorTotals = (
    i64,
    String,
    DonorKind,
    String,
    String,
    i64,
    i64,
    i64,
    i64,
    Option<String>,
);

pub fn insert_donor(
    conn: &Connection,
    name: &str,
    kind: DonorKind,
    contact: &str,
    note: &str,
    now: i64,
) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO shop_donors (name, kind, contact, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![name, kind.as_str(), contact, note, now])?;
    Ok(conn.last_insert_rowid())
}

pub fn donor_exists(conn: &Connection, id: i64) -> AppResult<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM shop_donors WHERE id = ?1")?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

const DONOR_TOTALS: &str = "SELECT d.id, d.name, d.kind, d.contact, d.note,
        COUNT(e.id), COALESCE(SUM(e.delta), 0), COALESCE(SUM(e.value), 0), d.created_at,
        MAX(e.day)
    FROM shop_donors d
    LEFT JOIN shop_stock_events e ON e.donor_id = d.id AND e.kind = 'stock_in'";

fn donor_totals(r: &Row) -> rusqlite::Result<DonorTotals> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        donor_kind(r, 2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
    ))
}

/// Every donor with totals, by name.
pub fn donors(conn: &Connection) -> AppResult<Vec<DonorTotals>> {
    let sql = format!("{DONOR_TOTALS} GROUP BY d.id ORDER BY d.name");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], donor_totals)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn donor(conn: &Connection, id: i64) -> AppResult<Option<DonorTotals>> {
    let sql = format!("{DONOR_TOTALS} WHERE d.id = ?1 GROUP BY d.id");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], donor_totals)
        .optional()?)
}

/// Donors who gave anything, most valuable gifts first.
pub fn honour_roll(conn: &Connection) -> AppResult<Vec<HonourEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.name, d.kind, COUNT(e.id), SUM(e.delta), SUM(e.value), MAX(e.day)
         FROM shop_donors d JOIN shop_stock_events e ON e.donor_id = d.id AND e.kind = 'stock_in'
         GROUP BY d.id ORDER BY SUM(e.value) DESC, d.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(HonourEntry {
            donor_id: r.get(0)?,
            name: r.get(1)?,
            kind: donor_kind(r, 2)?,
            donations: r.get(3)?,
            total_quantity: r.get(4)?,
            total_value: r.get(5)?,
            last_on: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ---- stock events ----------------------------------------------------------------------

/// A stock event to write; the item's stock must already be `stock_after`.
#[derive(Debug, Clone, Default)]
pub struct EventInsert<'a> {
    pub item_id: i64,
    pub kind: Option<StockEventKind>,
    pub delta: i64,
    pub stock_after: i64,
    pub donor_id: Option<i64>,
    pub order_id: Option<i64>,
    pub count_id: Option<i64>,
    pub day: &'a str,
    pub reason: &'a str,
    pub note: &'a str,
    pub value: i64,
    pub actor_id: Option<i64>,
    pub created_at: i64,
}

pub fn insert_event(conn: &Connection, e: &EventInsert) -> AppResult<i64> {
    let kind = e.kind.unwrap_or(StockEventKind::Adjust);
    conn.prepare_cached(
        "INSERT INTO shop_stock_events (item_id, kind, delta, stock_after, donor_id, order_id,
             count_id, day, reason, note, value, actor_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        e.item_id,
        kind.as_str(),
        e.delta,
        e.stock_after,
        e.donor_id,
        e.order_id,
        e.count_id,
        e.day,
        e.reason,
        e.note,
        e.value,
        e.actor_id,
        e.created_at,
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Stock events newest first, optionally of one item, before `after` (an event id).
pub fn events(
    conn: &Connection,
    item_id: Option<i64>,
    after: Option<i64>,
    limit: i64,
) -> AppResult<Vec<StockEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.item_id, i.name, e.kind, e.delta, e.stock_after, e.donor_id, d.name,
                e.order_id, e.count_id, e.day, e.reason, e.note, e.actor_id, e.created_at
         FROM shop_stock_events e
         JOIN shop_items i ON i.id = e.item_id
         LEFT JOIN shop_donors d ON d.id = e.donor_id
         WHERE (?1 IS NULL OR e.item_id = ?1) AND (?2 IS NULL OR e.id < ?2)
         ORDER BY e.id DESC LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![item_id, after, limit], |r| {
        let kind: String = r.get(3)?;
        Ok(StockEvent {
            id: r.get(0)?,
            item_id: r.get(1)?,
            item_name: r.get(2)?,
            kind: StockEventKind::parse(&kind)
                .ok_or_else(|| conversion(3, format!("unknown stock event {kind:?}")))?,
            delta: r.get(4)?,
            stock_after: r.get(5)?,
            donor_id: r.get(6)?,
            donor_name: r.get(7)?,
            order_id: r.get(8)?,
            count_id: r.get(9)?,
            day: r.get(10)?,
            reason: r.get(11)?,
            note: r.get(12)?,
            actor_id: r.get(13)?,
            created_at: r.get(14)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn insert_count(conn: &Connection, actor: i64, note: &str, now: i64) -> AppResult<i64> {
    conn.prepare_cached(
        "INSERT INTO shop_counts (actor_id, note, created_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![actor, note, now])?;
    Ok(conn.last_insert_rowid())
}

pub fn insert_count_line(
    conn: &Connection,
    count_id: i64,
    item_id: i64,
    expected: i64,
    counted: i64,
) -> AppResult<()> {
    conn.prepare_cached(
        "INSERT INTO shop_count_lines (count_id, item_id, expected, counted)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![count_id, item_id, expected, counted])?;
    Ok(())
}

// ---- orders ----------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRow {
    pub id: i64,
    pub user_id: i64,
    pub member_name: String,
    pub card_number: String,
    pub kiosk_id: i64,
    pub fingerprint: String,
    pub total: i64,
    pub transfer_id: Option<i64>,
    pub status: OrderStatus,
    pub refund_transfer_id: Option<i64>,
    pub refund_reason: Option<String>,
    /// What the refund transfer was for, when the system wrote it (a reservation's
    /// cancellation or expiry), to word in the reader's language.
    pub refund_note: Option<TransferNote>,
    pub refunded_at: Option<i64>,
    pub day: String,
    pub created_at: i64,
}

const ORDER_COLS: &str = "o.id, o.user_id, u.name, o.card_number, o.kiosk_id, o.fingerprint, \
    o.total, o.transfer_id, o.status, o.refund_transfer_id, o.refund_reason, o.refunded_at, \
    o.day, o.created_at, rt.note";
/// The orders with their member and their refund's transfer.
const ORDERS: &str = "shop_orders o JOIN users u ON u.id = o.user_id \
    LEFT JOIN ledger_transfers rt ON rt.id = o.refund_transfer_id";

fn order_row(r: &Row) -> rusqlite::Result<OrderRow> {
    let status: String = r.get(8)?;
    Ok(OrderRow {
        id: r.get(0)?,
        user_id: r.get(1)?,
        member_name: r.get(2)?,
        card_number: r.get(3)?,
        kiosk_id: r.get(4)?,
        fingerprint: r.get(5)?,
        total: r.get(6)?,
        transfer_id: r.get(7)?,
        status: match status.as_str() {
            "completed" => OrderStatus::Completed,
            "refunded" => OrderStatus::Refunded,
            other => return Err(conversion(8, format!("unknown order status {other:?}"))),
        },
        refund_transfer_id: r.get(9)?,
        refund_reason: r.get(10)?,
        refunded_at: r.get(11)?,
        day: r.get(12)?,
        created_at: r.get(13)?,
        refund_note: super::ledger::note_col(r, 14)?,
    })
}

pub fn order(conn: &Connection, id: i64) -> AppResult<Option<OrderRow>> {
    let sql = format!("SELECT {ORDER_COLS} FROM {ORDERS} WHERE o.id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], order_row)
        .optional()?)
}

pub fn order_by_key(conn: &Connection, key: &str) -> AppResult<Option<OrderRow>> {
    let sql = format!("SELECT {ORDER_COLS} FROM {ORDERS} WHERE o.idempotency_key = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([key], order_row)
        .optional()?)
}

/// Orders newest first, filtered by member and/or day, before `after` (an order id).
pub fn orders(
    conn: &Connection,
    user_id: Option<i64>,
    day: Option<&str>,
    after: Option<i64>,
    limit: i64,
) -> AppResult<Vec<OrderRow>> {
    let sql = format!(
        "SELECT {ORDER_COLS} FROM {ORDERS}
         WHERE (?1 IS NULL OR o.user_id = ?1) AND (?2 IS NULL OR o.day = ?2)
           AND (?3 IS NULL OR o.id < ?3)
         ORDER BY o.id DESC LIMIT ?4"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![user_id, day, after, limit], order_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The facts of a new order.
pub struct OrderInsert<'a> {
    pub user_id: i64,
    pub card_number: &'a str,
    pub kiosk_id: i64,
    pub idempotency_key: &'a str,
    pub fingerprint: &'a str,
    pub total: i64,
    pub day: &'a str,
    pub month: &'a str,
    pub created_at: i64,
}

pub fn insert_order(conn: &Connection, o: &OrderInsert) -> AppResult<i64> {
    conn.prepare_cached(
        "INSERT INTO shop_orders (user_id, card_number, kiosk_id, idempotency_key, fingerprint,
             total, day, month, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        o.user_id,
        o.card_number,
        o.kiosk_id,
        o.idempotency_key,
        o.fingerprint,
        o.total,
        o.day,
        o.month,
        o.created_at,
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn set_order_transfer(conn: &Connection, order_id: i64, transfer_id: i64) -> AppResult<()> {
    conn.prepare_cached("UPDATE shop_orders SET transfer_id = ?2 WHERE id = ?1")?
        .execute(params![order_id, transfer_id])?;
    Ok(())
}

pub fn lines(conn: &Connection, order_id: i64) -> AppResult<Vec<ReceiptLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT item_id, name, unit_price, quantity FROM shop_order_lines WHERE order_id = ?1
         ORDER BY rowid",
    )?;
    let rows = stmt.query_map([order_id], |r| {
        let (price, qty): (i64, i64) = (r.get(2)?, r.get(3)?);
        Ok(ReceiptLine {
            item_id: r.get(0)?,
            name: r.get(1)?,
            unit_price: price,
            quantity: qty,
            amount: price * qty,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ---- a sale, a cart at a time -----------------------------------------------------------

/// A cart's lines as the sale statements read them: `[[item id, quantity], …]`.
pub fn cart_json(lines: &[(i64, i64)]) -> String {
    serde_json::to_string(lines).unwrap_or_else(|_| "[]".into())
}

/// The items of a cart (see [`cart_json`]) by id, each with the units the member took of
/// it in `month` (refunded orders excluded; 0 for an item without a monthly limit).
/// Unknown ids are left out.
pub fn items_for_sale(
    conn: &Connection,
    user_id: i64,
    month: &str,
    cart: &str,
) -> AppResult<Vec<(ItemRow, i64)>> {
    let sql = format!(
        "SELECT {ITEM_COLS}, CASE WHEN monthly_limit IS NULL THEN 0 ELSE (
             SELECT COALESCE(SUM(l.quantity), 0) FROM shop_orders o
             JOIN shop_order_lines l ON l.order_id = o.id
             WHERE o.user_id = ?1 AND o.month = ?2 AND o.status = 'completed'
               AND l.item_id = shop_items.id) END
         FROM shop_items WHERE id IN (SELECT value ->> 0 FROM json_each(?3)) ORDER BY id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![user_id, month, cart], |r| {
        Ok((item_row(r)?, r.get(15)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Takes each line's units from stock and counts them sold, in one statement. False when
/// a line would take its item below zero (that line is left alone; the caller refuses the
/// sale and rolls back the rest).
pub fn take_stock(conn: &Connection, cart: &str, lines: usize) -> AppResult<bool> {
    let changed = conn
        .prepare_cached(
            "UPDATE shop_items SET stock = stock - c.q, sold = sold + c.q
             FROM (SELECT value ->> 0 AS id, value ->> 1 AS q FROM json_each(?1)) AS c
             WHERE shop_items.id = c.id AND shop_items.stock >= c.q",
        )?
        .execute([cart])?;
    Ok(changed == lines)
}

/// What every line of a sale records beside its units.
pub struct SaleFacts<'a> {
    pub order_id: i64,
    pub day: &'a str,
    pub note: &'a str,
    pub actor_id: i64,
    pub created_at: i64,
}

/// The sale's stock events (one `checkout` event per line, with the item's stock now,
/// after [`take_stock`]) and its receipt lines as sold (name and price now, and the donor
/// of the item's latest stock-in), in the cart's order: two statements for any cart.
pub fn insert_sale_lines(conn: &Connection, cart: &str, f: &SaleFacts) -> AppResult<()> {
    conn.prepare_cached(
        "INSERT INTO shop_stock_events (item_id, kind, delta, stock_after, order_id, day, note,
             actor_id, created_at)
         SELECT i.id, 'checkout', -(c.value ->> 1), i.stock, ?2, ?3, ?4, ?5, ?6
         FROM json_each(?1) c JOIN shop_items i ON i.id = c.value ->> 0 ORDER BY c.key",
    )?
    .execute(params![
        cart,
        f.order_id,
        f.day,
        f.note,
        f.actor_id,
        f.created_at
    ])?;
    conn.prepare_cached(
        "INSERT INTO shop_order_lines (order_id, item_id, name, unit_price, quantity, donor_id)
         SELECT ?2, i.id, i.name, i.price, c.value ->> 1,
             (SELECT e.donor_id FROM shop_stock_events e
              WHERE e.item_id = i.id AND e.kind = 'stock_in' ORDER BY e.id DESC LIMIT 1)
         FROM json_each(?1) c JOIN shop_items i ON i.id = c.value ->> 0 ORDER BY c.key",
    )?
    .execute(params![cart, f.order_id])?;
    Ok(())
}

/// Units a member took this month of each item that has a monthly limit (the same
/// orders [`items_for_sale`] counts), by item id.
pub fn taken_with_limits_in_month(
    conn: &Connection,
    user_id: i64,
    month: &str,
) -> AppResult<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.item_id, SUM(l.quantity) FROM shop_orders o
         JOIN shop_order_lines l ON l.order_id = o.id
         JOIN shop_items i ON i.id = l.item_id
         WHERE o.user_id = ?1 AND o.month = ?2 AND o.status = 'completed'
           AND i.monthly_limit IS NOT NULL
         GROUP BY l.item_id ORDER BY l.item_id",
    )?;
    let rows = stmt.query_map(params![user_id, month], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Marks an order refunded; `actor` None is the system (a reservation's expiry).
pub fn mark_refunded(
    conn: &Connection,
    order_id: i64,
    transfer_id: i64,
    reason: &str,
    actor: Option<i64>,
    now: i64,
) -> AppResult<()> {
    conn.prepare_cached(
        "UPDATE shop_orders SET status = 'refunded', refund_transfer_id = ?2, refund_reason = ?3,
             refunded_by = ?4, refunded_at = ?5
         WHERE id = ?1",
    )?
    .execute(params![order_id, transfer_id, reason, actor, now])?;
    Ok(())
}

// ---- daily summary ---------------------------------------------------------------------

/// (orders, items out, points) of a day's orders that stand, and the refunded count.
pub fn day_totals(conn: &Connection, day: &str) -> AppResult<(i64, i64, i64, i64)> {
    Ok(conn.prepare_cached("SELECT
           (SELECT COUNT(*) FROM shop_orders WHERE day = ?1 AND status = 'completed'),
           (SELECT COALESCE(SUM(l.quantity), 0) FROM shop_orders o
              JOIN shop_order_lines l ON l.order_id = o.id
              WHERE o.day = ?1 AND o.status = 'completed'),
           (SELECT COALESCE(SUM(total), 0) FROM shop_orders WHERE day = ?1 AND status = 'completed'),
           (SELECT COUNT(*) FROM shop_orders WHERE day = ?1 AND status = 'refunded')")?
        .query_row([day],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?)
}

pub fn day_by_item(conn: &Connection, day: &str) -> AppResult<Vec<SummaryItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.item_id, i.name, SUM(l.quantity), SUM(l.quantity * l.unit_price)
         FROM shop_orders o JOIN shop_order_lines l ON l.order_id = o.id
         JOIN shop_items i ON i.id = l.item_id
         WHERE o.day = ?1 AND o.status = 'completed'
         GROUP BY l.item_id ORDER BY SUM(l.quantity) DESC, l.item_id",
    )?;
    let rows = stmt.query_map([day], |r| {
        Ok(SummaryItem {
            item_id: r.get(0)?,
            name: r.get(1)?,
            quantity: r.get(2)?,
            points: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn day_by_donor(conn: &Connection, day: &str) -> AppResult<Vec<SummaryDonor>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.donor_id, COALESCE(d.name, ''), SUM(l.quantity), SUM(l.quantity * l.unit_price)
         FROM shop_orders o JOIN shop_order_lines l ON l.order_id = o.id
         LEFT JOIN shop_donors d ON d.id = l.donor_id
         WHERE o.day = ?1 AND o.status = 'completed'
         GROUP BY l.donor_id ORDER BY SUM(l.quantity * l.unit_price) DESC, l.donor_id",
    )?;
    let rows = stmt.query_map([day], |r| {
        Ok(SummaryDonor {
            donor_id: r.get(0)?,
            name: r.get(1)?,
            quantity: r.get(2)?,
            points: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A member's name, if they exist.
pub fn member_name(conn: &Connection, user_id: i64) -> AppResult<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT name FROM users WHERE id = ?1")?
        .query_row([user_id], |r| r.get(0))
        .optional()?)
}
