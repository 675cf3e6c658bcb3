//! Pickup codes of phone reservations, shared by the server (which draws and signs them)
//! and the kiosk (which must tell them from card numbers and goods barcodes).
//!
//! A reservation has a random ten-digit code the member can read out or type on the
//! kiosk's numeric keypad, shown as `48392 01756`; its QR carries the code and an HMAC
//! signature: `linli:pickup:4839201756.<base64url>`. Ten digits never look like a card
//! number (twelve digits starting with 8) or an EAN-13 barcode (thirteen).
//!
//! Also the phone's reservation basket as it is kept between pages, and the names of
//! reservation and order statuses.

use serde::{Deserialize, Serialize};

use crate::api::shop::{CartLine, ItemDetail, OrderStatus, ReservationStatus};
use crate::api::Reason;
use crate::i18n::Msg;
use crate::shop::{KioskCart, KioskLine};

/// Days a reservation waits at the shop before it expires and is refunded (the
/// reserve page's hint says so in words).
pub const HOLD_DAYS: i64 = 3;
/// Digits in a pickup code.
pub const CODE_LEN: usize = 10;
/// What a pickup QR starts with.
pub const QR_PREFIX: &str = "linli:pickup:";
/// Longest text worth parsing (a signature is 22 characters).
const MAX_TEXT: usize = 80;

/// A pickup as presented at the kiosk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickupRef {
    /// A scanned QR: the code with its signature, to be checked by the server.
    Qr { code: String, sig: String },
    /// A typed code (spaces and dashes allowed).
    Typed { code: String },
}

impl PickupRef {
    pub fn code(&self) -> &str {
        match self {
            PickupRef::Qr { code, .. } | PickupRef::Typed { code } => code,
        }
    }
}

/// The ten digits of a typed code, if that is what it is.
pub fn normalize_code(raw: &str) -> Option<String> {
    let digits: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .collect();
    (digits.len() == CODE_LEN && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

fn is_base64url(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Reads a scanned or typed text as a pickup, or None if it is something else.
pub fn parse(raw: &str) -> Option<PickupRef> {
    let text = raw.trim();
    if text.len() > MAX_TEXT {
        return None;
    }
    if let Some(rest) = text.strip_prefix(QR_PREFIX) {
        let (code, sig) = rest.split_once('.')?;
        let code = normalize_code(code).filter(|c| c == code)?;
        return is_base64url(sig).then(|| PickupRef::Qr {
            code,
            sig: sig.to_string(),
        });
    }
    normalize_code(text).map(|code| PickupRef::Typed { code })
}

/// The QR text for a code and its signature.
pub fn qr_text(code: &str, sig: &str) -> String {
    format!("{QR_PREFIX}{code}.{sig}")
}

/// The text the server signs for a code.
pub fn signed_text(code: &str) -> String {
    format!("pickup:{code}")
}

/// A code as shown to be read out: `48392 01756`.
pub fn format_code(code: &str) -> String {
    if code.len() == CODE_LEN && code.is_ascii() {
        format!("{} {}", &code[..5], &code[5..])
    } else {
        code.to_string()
    }
}

/// A basket line as the phone stores it (local storage) between pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedLine {
    pub item_id: i64,
    pub name: String,
    pub price: i64,
    pub stock: i64,
    pub monthly_limit: Option<i64>,
    /// Units taken earlier this month (older baskets lack it: 0, the server still checks).
    #[serde(default)]
    pub taken: i64,
    pub quantity: i64,
}

/// The basket from its stored JSON; anything unreadable is an empty basket.
pub fn basket_from_json(text: &str) -> KioskCart {
    let saved: Vec<SavedLine> = serde_json::from_str(text).unwrap_or_default();
    let mut cart = KioskCart::default();
    cart.lines = saved
        .into_iter()
        .filter(|l| l.quantity > 0)
        .map(|l| KioskLine {
            item_id: l.item_id,
            name: l.name,
            price: l.price,
            stock: l.stock,
            monthly_limit: l.monthly_limit,
            taken: l.taken,
            quantity: l.quantity,
        })
        .collect();
    cart
}

/// The basket's JSON for storage.
pub fn basket_to_json(cart: &KioskCart) -> String {
    let saved: Vec<SavedLine> = cart
        .lines
        .iter()
        .map(|l| SavedLine {
            item_id: l.item_id,
            name: l.name.clone(),
            price: l.price,
            stock: l.stock,
            monthly_limit: l.monthly_limit,
            taken: l.taken,
            quantity: l.quantity,
        })
        .collect();
    serde_json::to_string(&saved).unwrap_or_else(|_| "[]".into())
}

/// An item page's item as a basket line (quantity zero: `KioskCart::add` adds one), with
/// the units of it I took this month.
pub fn line_of(item: &ItemDetail, taken: &[CartLine]) -> KioskLine {
    KioskLine {
        item_id: item.id,
        name: item.name.clone(),
        price: item.price,
        stock: item.stock,
        monthly_limit: item.monthly_limit,
        taken: crate::shop::taken_of(taken, item.id),
        quantity: 0,
    }
}

pub fn status_label(s: ReservationStatus) -> Msg {
    match s {
        ReservationStatus::Reserved => Msg::StReserved,
        ReservationStatus::Collected => Msg::StCollected,
        ReservationStatus::Cancelled => Msg::StCancelled,
        ReservationStatus::Expired => Msg::StExpired,
    }
}

pub fn order_status_label(s: OrderStatus) -> Msg {
    match s {
        OrderStatus::Completed => Msg::Completed,
        OrderStatus::Refunded => Msg::Refunded,
        OrderStatus::Reserved => Msg::StReserved,
        OrderStatus::Collected => Msg::StCollected,
        OrderStatus::Cancelled => Msg::StCancelled,
        OrderStatus::Expired => Msg::StExpired,
    }
}

/// Why the kiosk cannot hand a reservation over, or None when it can.
pub fn refusal(s: ReservationStatus) -> Option<Reason> {
    match s {
        ReservationStatus::Reserved => None,
        ReservationStatus::Collected => Some(Reason::ReservationCollected),
        ReservationStatus::Cancelled => Some(Reason::ReservationCancelled),
        ReservationStatus::Expired => Some(Reason::ReservationExpired),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cards;

    #[test]
    fn typed_codes_allow_spaces_and_dashes_but_need_ten_digits() {
        assert_eq!(normalize_code(" 48392 01756 "), Some("4839201756".into()));
        assert_eq!(normalize_code("48392-01756"), Some("4839201756".into()));
        assert_eq!(normalize_code("483920175"), None);
        assert_eq!(normalize_code("48392017560"), None);
        assert_eq!(normalize_code("48392O1756"), None);
        assert_eq!(format_code("4839201756"), "48392 01756");
    }

    #[test]
    fn a_qr_carries_the_code_and_its_signature() {
        let text = qr_text("4839201756", "abc-_9");
        assert_eq!(
            parse(&text),
            Some(PickupRef::Qr {
                code: "4839201756".into(),
                sig: "abc-_9".into()
            })
        );
        assert_eq!(parse("linli:pickup:4839201756"), None);
        assert_eq!(parse("linli:pickup:48392 01756.abc"), None);
        assert_eq!(parse("linli:pickup:4839201756.a b"), None);
        assert_eq!(parse("linli:pickup:4839201756."), None);
    }

    #[test]
    fn card_numbers_card_codes_and_barcodes_are_not_pickups() {
        let number = cards::with_check_digit("81234567890").unwrap();
        assert_eq!(parse(&number), None);
        assert_eq!(parse(&cards::format_number(&number)), None);
        assert_eq!(parse(&cards::static_qr(&number)), None);
        assert_eq!(parse("6901234567892"), None);
        assert_eq!(parse("LL-SOAP"), None);
        assert_eq!(parse(""), None);
        assert_eq!(
            parse("48392 01756"),
            Some(PickupRef::Typed {
                code: "4839201756".into()
            })
        );
    }

    #[test]
    fn the_basket_survives_storage_and_bad_storage_is_empty() {
        let mut cart = KioskCart::default();
        let line = KioskLine {
            item_id: 4,
            name: "香皂".into(),
            price: 30,
            stock: 9,
            monthly_limit: Some(3),
            taken: 1,
            quantity: 0,
        };
        cart.add(line.clone()).unwrap();
        cart.add(line).unwrap();
        let mut back = basket_from_json(&basket_to_json(&cart));
        assert_eq!(back.lines, cart.lines);
        assert_eq!(back.total(), 60);
        // What was taken earlier this month still counts after the trip through storage.
        assert_eq!(back.change(4, 1), Err(crate::shop::CartRefusal::OverLimit));
        assert!(basket_from_json("not json").is_empty());
        assert!(basket_from_json(r#"[{"item_id":1}]"#).is_empty());
    }

    #[test]
    fn the_hint_names_the_days_a_reservation_waits() {
        use crate::i18n::{t, Lang};
        assert!(t(Lang::Zh, Msg::ReserveHint).contains(&format!("{HOLD_DAYS} 天内")));
        assert!(t(Lang::En, Msg::ReserveHint).contains(&format!("within {HOLD_DAYS} days")));
    }

    #[test]
    fn only_a_waiting_reservation_can_be_handed_over() {
        assert_eq!(refusal(ReservationStatus::Reserved), None);
        assert_eq!(
            refusal(ReservationStatus::Expired),
            Some(Reason::ReservationExpired)
        );
        assert_eq!(order_status_label(OrderStatus::Reserved), Msg::StReserved);
    }
}
