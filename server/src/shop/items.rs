//! Catalogue management: creating and editing items, barcodes, bulk edits, and the item
//! page's view.

use linli_app::api::shop::{BulkEdit, CreateItem, ItemDetail, Photo, StockEventKind, UpdateItem};
use linli_app::api::Reason;
use linli_app::validate::{self, Problem};
use rand::{rngs::OsRng, Rng};
use rusqlite::Connection;
use serde_json::json;

use super::{in_range, text};
use crate::audit;
use crate::error::{AppError, AppResult};
use crate::ledger::calendar;
use crate::store::is_unique_violation;
use crate::store::shop::{self as store, EventInsert, ItemRow, PhotoRow};

/// Highest price of one item, in points.
pub const MAX_PRICE: i64 = linli_app::shop::MAX_PRICE;
/// Highest stock one edit or donation may bring.
pub const MAX_QUANTITY: i64 = 100_000;

/// Is this text a valid EAN-13 (13 digits, the last the check digit)?
pub fn is_ean13(code: &str) -> bool {
    code.len() == 13
        && code.bytes().all(|b| b.is_ascii_digit())
        && ean13_check(&code[..12]) == Some(code.as_bytes()[12] - b'0')
}

/// The EAN-13 check digit of twelve digits.
pub fn ean13_check(first12: &str) -> Option<u8> {
    if first12.len() != 12 || !first12.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first12
        .bytes()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    Some(((10 - sum % 10) % 10) as u8)
}

/// A barcode given by an administrator: an EAN-13 with a right check digit, or Code128
/// text (1–32 printable ASCII characters, not 13 digits).
pub fn parse_barcode(raw: &str) -> AppResult<String> {
    let code = raw.trim();
    if code.is_empty() {
        return Err(AppError::invalid("barcode", Problem::Required));
    }
    if code.len() > 32 || !code.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        return Err(AppError::invalid("barcode", Problem::UnknownOption));
    }
    if code.len() == 13 && code.bytes().all(|b| b.is_ascii_digit()) && !is_ean13(code) {
        return Err(AppError::invalid("barcode", Problem::UnknownOption));
    }
    Ok(code.to_string())
}

/// An in-store EAN-13 (prefix 200, reserved for restricted in-store use) that no item has.
fn new_barcode(conn: &Connection) -> AppResult<String> {
    for _ in 0..20 {
        let body = format!("200{:09}", OsRng.gen_range(0..1_000_000_000u32));
        let code = format!("{body}{}", ean13_check(&body).unwrap_or(0));
        if !store::barcode_taken(conn, &code)? {
            return Ok(code);
        }
    }
    Err(AppError::Internal("no free barcode after 20 draws".into()))
}

fn tags(raw: &[String]) -> AppResult<Vec<String>> {
    if raw.len() > 10 {
        return Err(AppError::invalid(
            "tags",
            Problem::OutOfRange { min: 0, max: 10 },
        ));
    }
    let mut out: Vec<String> = Vec::new();
    for t in raw {
        let t = text("tags", t, 1, 12)?;
        if !out.contains(&t) {
            out.push(t);
        }
    }
    Ok(out)
}

fn window(from: Option<i64>, until: Option<i64>) -> AppResult<()> {
    for (field, t) in [("available_from", from), ("available_until", until)] {
        if let Some(t) = t {
            validate::time_between(field, t, 0, 4_102_444_800)?;
        }
    }
    if let (Some(f), Some(u)) = (from, until) {
        if f >= u {
            return Err(AppError::invalid("available_until", Problem::UnknownOption));
        }
    }
    Ok(())
}

fn limit(n: i64) -> AppResult<i64> {
    in_range("monthly_limit", n, 1, linli_app::shop::MAX_MONTHLY_LIMIT)
}

/// Checks an item's fields; the row is ready to store.
fn checked(mut item: ItemRow) -> AppResult<ItemRow> {
    item.name = text("name", &item.name, 1, 40)?;
    item.description = text("description", &item.description, 0, 2000)?;
    item.category = text("category", &item.category, 1, 20)?;
    item.tags = tags(&item.tags)?;
    item.price = in_range("price", item.price, 1, MAX_PRICE)?;
    if let Some(l) = item.monthly_limit {
        limit(l)?;
    }
    window(item.available_from, item.available_until)?;
    Ok(item)
}

fn barcode_taken() -> AppError {
    AppError::Refused(Reason::BarcodeTaken)
}

/// Adds an item to the catalogue (stock zero until goods are received).
pub fn create(conn: &Connection, actor: i64, req: &CreateItem, now: i64) -> AppResult<ItemRow> {
    let barcode = match req.barcode.as_deref().filter(|b| !b.trim().is_empty()) {
        Some(b) => parse_barcode(b)?,
        None => new_barcode(conn)?,
    };
    let item = checked(ItemRow {
        id: 0,
        name: req.name.clone(),
        description: req.description.clone(),
        category: req.category.clone(),
        tags: req.tags.clone(),
        price: req.price,
        stock: 0,
        monthly_limit: req.monthly_limit,
        active: true,
        available_from: req.available_from,
        available_until: req.available_until,
        barcode,
        sold: 0,
        created_at: now,
        updated_at: now,
    })?;
    let id = store::insert_item(conn, &item, actor).map_err(|e| {
        if is_unique_violation(&e) {
            barcode_taken()
        } else {
            e.into()
        }
    })?;
    audit::record(
        conn,
        actor,
        "shop.item.create",
        &format!("shop_item:{id}"),
        json!({ "name": item.name, "price": item.price, "barcode": item.barcode }),
    )?;
    Ok(ItemRow { id, ..item })
}

/// Zero clears an optional number.
fn clearable(n: i64) -> Option<i64> {
    (n != 0).then_some(n)
}

/// Edits an item; only the fields given change. Deactivating hides it from the catalogue
/// and refuses it at checkout; its history stays.
pub fn update(
    conn: &Connection,
    actor: i64,
    id: i64,
    req: &UpdateItem,
    now: i64,
) -> AppResult<ItemRow> {
    let before = store::item(conn, id)?.ok_or(AppError::NOT_FOUND)?;
    let mut item = before.clone();
    if let Some(v) = &req.name {
        item.name = v.clone();
    }
    if let Some(v) = &req.description {
        item.description = v.clone();
    }
    if let Some(v) = &req.category {
        item.category = v.clone();
    }
    if let Some(v) = &req.tags {
        item.tags = v.clone();
    }
    if let Some(v) = req.price {
        item.price = v;
    }
    if let Some(v) = req.monthly_limit {
        item.monthly_limit = clearable(v);
    }
    if let Some(v) = req.available_from {
        item.available_from = clearable(v);
    }
    if let Some(v) = req.available_until {
        item.available_until = clearable(v);
    }
    if let Some(v) = &req.barcode {
        item.barcode = parse_barcode(v)?;
    }
    if let Some(v) = req.active {
        item.active = v;
    }
    item.updated_at = now;
    let item = checked(item)?;
    if item.barcode != before.barcode && store::barcode_taken(conn, &item.barcode)? {
        return Err(barcode_taken());
    }
    store::update_item(conn, &item)?;
    audit::record(
        conn,
        actor,
        if req.active == Some(false) && before.active {
            "shop.item.deactivate"
        } else {
            "shop.item.update"
        },
        &format!("shop_item:{id}"),
        serde_json::to_value(req).unwrap_or_default(),
    )?;
    Ok(item)
}

/// New prices and/or stock levels for many items at once: all lines or none. A stock
/// level is set through a `set` stock event carrying the reason.
pub fn bulk(conn: &Connection, actor: i64, req: &BulkEdit, now: i64) -> AppResult<Vec<ItemRow>> {
    let reason = text("reason", &req.reason, 1, 200)?;
    if req.lines.is_empty() || req.lines.len() > 500 {
        return Err(AppError::invalid(
            "lines",
            Problem::OutOfRange { min: 1, max: 500 },
        ));
    }
    let mut seen = std::collections::HashSet::new();
    let day = calendar::day_key(now);
    let mut out = Vec::new();
    for line in &req.lines {
        if !seen.insert(line.item_id) {
            return Err(AppError::invalid("item_id", Problem::Duplicate));
        }
        let mut item = store::item(conn, line.item_id)?.ok_or(AppError::NOT_FOUND)?;
        if let Some(price) = line.price {
            item.price = in_range("price", price, 1, MAX_PRICE)?;
            item.updated_at = now;
            store::update_item(conn, &item)?;
        }
        if let Some(stock) = line.stock {
            let stock = in_range("stock", stock, 0, MAX_QUANTITY)?;
            let delta = stock - item.stock;
            if delta != 0 {
                let after = store::move_stock(conn, item.id, delta)?
                    .ok_or(AppError::Refused(Reason::StockBelowZero))?;
                store::insert_event(
                    conn,
                    &EventInsert {
                        item_id: item.id,
                        kind: Some(StockEventKind::Set),
                        delta,
                        stock_after: after,
                        day: &day,
                        reason: &reason,
                        actor_id: Some(actor),
                        created_at: now,
                        ..Default::default()
                    },
                )?;
                item.stock = after;
            }
        }
        out.push(item);
    }
    audit::record(
        conn,
        actor,
        "shop.item.bulk",
        "shop_items",
        json!({ "reason": reason, "lines": req.lines }),
    )?;
    Ok(out)
}

/// Public URL of a stored photo file.
pub fn photo_url(hash: &str, size: &str) -> String {
    format!("/api/v1/shop/photos/{hash}-{size}.jpg")
}

pub fn photo(p: &PhotoRow) -> Photo {
    Photo {
        id: p.id,
        thumb_url: photo_url(&p.hash, "thumb"),
        display_url: photo_url(&p.hash, "display"),
        width: p.width,
        height: p.height,
    }
}

/// Is the item for sale at `now`: active and inside its window?
pub fn on_sale(item: &ItemRow, now: i64) -> bool {
    item.active
        && item.available_from.is_none_or(|f| f <= now)
        && item.available_until.is_none_or(|u| now < u)
}

pub fn detail(conn: &Connection, item: ItemRow, now: i64) -> AppResult<ItemDetail> {
    let photos = store::photos_of(conn, item.id)?.iter().map(photo).collect();
    Ok(ItemDetail {
        on_sale: on_sale(&item, now),
        in_stock: item.stock > 0,
        id: item.id,
        name: item.name,
        description: item.description,
        category: item.category,
        tags: item.tags,
        price: item.price,
        stock: item.stock,
        monthly_limit: item.monthly_limit,
        active: item.active,
        available_from: item.available_from,
        available_until: item.available_until,
        barcode: item.barcode,
        photos,
        sold: item.sold,
        created_at: item.created_at,
        updated_at: item.updated_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ean13_check_digits_are_computed_and_verified() {
        // A published example: 4006381333931.
        assert_eq!(ean13_check("400638133393"), Some(1));
        assert!(is_ean13("4006381333931"));
        assert!(!is_ean13("4006381333932"));
        assert!(!is_ean13("400638133393"));
    }

    #[test]
    fn barcodes_are_ean13_or_printable_code128_text() {
        assert_eq!(parse_barcode(" 4006381333931 ").unwrap(), "4006381333931");
        assert!(parse_barcode("4006381333932").is_err());
        assert_eq!(parse_barcode("LL-0001").unwrap(), "LL-0001");
        assert!(parse_barcode("洗衣液").is_err());
        assert!(parse_barcode("a b").is_err());
        assert!(parse_barcode("").is_err());
        assert!(parse_barcode(&"x".repeat(33)).is_err());
    }

    #[test]
    fn an_item_is_on_sale_only_when_active_and_inside_its_window() {
        let item = ItemRow {
            id: 1,
            name: "香皂".into(),
            description: String::new(),
            category: "日用品".into(),
            tags: vec![],
            price: 30,
            stock: 1,
            monthly_limit: None,
            active: true,
            available_from: Some(100),
            available_until: Some(200),
            barcode: "x".into(),
            sold: 0,
            created_at: 0,
            updated_at: 0,
        };
        assert!(!on_sale(&item, 99));
        assert!(on_sale(&item, 100));
        assert!(!on_sale(&item, 200));
        assert!(!on_sale(
            &ItemRow {
                active: false,
                ..item
            },
            150
        ));
    }
}
