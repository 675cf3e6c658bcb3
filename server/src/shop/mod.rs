//! The points shop (公益积分超市): a catalogue priced in points, stock that only moves by
//! recorded events (donations in, checkouts out, adjustments and counts with reasons), and
//! the kiosk's checkout: card, limits, stock, the ledger's `redeem` and the receipt in one
//! transaction, with the kiosk's key making a retry harmless. Refunds put points back
//! (keeping their expiry) and goods back on the shelf, also in one transaction.
//!
//! Per-person limits count per local (Beijing) calendar month: a limit of 2 means at most
//! two units of that item per member per month; refunded orders do not count.
//!
//! Members may also reserve from the phone (`reservations`): the same sale as a kiosk
//! checkout, paid at reserve time, then handed over at the kiosk against a pickup code.
//! The daily summary counts a reservation on the day it was reserved, as "out" like any
//! checkout, because its points and stock moved then; `awaiting_pickup` says how many of
//! those are still on the shelf. A cancelled or expired reservation is refunded and, like
//! any refunded order, leaves the figures for `refunded_orders`.

pub mod catalogue;
pub mod checkout;
pub mod demo;
pub mod demo_photos;
pub mod http;
pub mod items;
pub mod photos;
pub mod reservations;
pub mod stock;

use linli_app::clock;
use linli_app::validate::{self, Problem};

use crate::error::AppError;

pub use catalogue::Catalogue;

/// A trimmed text of `min..=max` characters (names are Chinese: characters, not bytes).
fn text(field: &'static str, raw: &str, min: usize, max: usize) -> Result<String, AppError> {
    Ok(validate::text(field, raw, min, max)?)
}

fn in_range(field: &'static str, n: i64, min: i64, max: i64) -> Result<i64, AppError> {
    if (min..=max).contains(&n) {
        Ok(n)
    } else {
        Err(AppError::invalid(field, Problem::OutOfRange { min, max }))
    }
}

/// A local date `YYYY-MM-DD` that exists (the one clock's calendar), in 2000–2100.
pub fn parse_day(field: &'static str, raw: &str) -> Result<String, AppError> {
    match clock::parse_day_key(raw) {
        Some((y, _, _)) if (2000..=2100).contains(&y) => Ok(raw.to_string()),
        _ => Err(AppError::invalid(field, Problem::UnknownOption)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_must_exist() {
        assert!(parse_day("day", "2026-02-28").is_ok());
        assert!(parse_day("day", "2024-02-29").is_ok());
        assert!(parse_day("day", "2026-02-29").is_err());
        assert!(parse_day("day", "2026-13-01").is_err());
        assert!(parse_day("day", "2026-1-01").is_err());
        assert!(parse_day("day", "２０２６-01-01").is_err());
    }

    #[test]
    fn texts_are_trimmed_and_counted_in_characters() {
        assert_eq!(text("name", "  洗衣液 ", 1, 3).unwrap(), "洗衣液");
        assert!(text("name", "洗衣液啊", 1, 3).is_err());
        assert!(text("name", "   ", 1, 3).is_err());
        assert!(text("name", "a\u{0}b", 1, 3).is_err());
    }
}
