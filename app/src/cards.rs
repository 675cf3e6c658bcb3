//! Points cards: the card number and the text inside a card's QR code. Shared because the
//! server issues and checks them and the kiosk page decodes a scan in the browser.
//!
//! A card number is 12 digits: `8`, ten random digits, and a Luhn check digit, so a
//! mistyped digit or two swapped neighbours are caught before anything is looked up.
//!
//! QR texts:
//! - printed card (static): `linli:card:<number>`; it proves nothing by itself, so the
//!   holder's PIN must go with it;
//! - phone (dynamic): `linli:tok:<number>.<expires>.<nonce>.<sig>`, where `sig` is the
//!   server's HMAC-SHA256 over [`DynamicToken::signed_text`]; it lapses within a minute,
//!   so a screenshot stops working.
//!
//! A bare number (typed, or read by a barcode scanner) decodes as a static card.

use crate::api::projects::{AttendanceAction, AttendanceRequest};
use crate::validate::{Invalid, Problem};

/// Digits in a card number, check digit included.
pub const NUMBER_LEN: usize = 12;
/// Every card number starts with this digit.
pub const NUMBER_PREFIX: char = '8';
const STATIC_PREFIX: &str = "linli:card:";
const TOKEN_PREFIX: &str = "linli:tok:";
/// Longest QR text accepted for decoding (a token is about 100 characters).
const MAX_QR_LEN: usize = 256;

/// The Luhn check digit for a string of digits (None if it holds anything else).
pub fn check_digit(body: &str) -> Option<u8> {
    let mut sum = 0u32;
    for (i, c) in body.chars().rev().enumerate() {
        let d = c.to_digit(10)?;
        // Doubling starts with the digit next to the (future) check digit.
        let d = if i % 2 == 0 {
            let x = d * 2;
            if x > 9 {
                x - 9
            } else {
                x
            }
        } else {
            d
        };
        sum += d;
    }
    Some(((10 - sum % 10) % 10) as u8)
}

/// A card number from its 11-digit body: the body with its check digit appended.
pub fn with_check_digit(body: &str) -> Option<String> {
    let d = check_digit(body)?;
    Some(format!("{body}{d}"))
}

/// Drops the spaces and dashes people type or print between groups of digits.
pub fn normalize_number(raw: &str) -> String {
    raw.chars().filter(|c| !matches!(c, ' ' | '-')).collect()
}

/// Is this (normalized) text a well-formed card number with a correct check digit?
pub fn is_valid_number(n: &str) -> bool {
    n.len() == NUMBER_LEN
        && n.starts_with(NUMBER_PREFIX)
        && n.chars().all(|c| c.is_ascii_digit())
        && check_digit(&n[..NUMBER_LEN - 1]) == n[NUMBER_LEN - 1..].parse::<u8>().ok()
}

/// A card number as printed: `8123 4567 8901`.
pub fn format_number(n: &str) -> String {
    let digits: Vec<char> = n.chars().collect();
    digits
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A card number shown to someone who need not see it whole: `8123 **** 8901`.
pub fn mask_number(n: &str) -> String {
    if n.len() == NUMBER_LEN && n.is_ascii() {
        format!("{} **** {}", &n[..4], &n[8..])
    } else {
        "****".to_string()
    }
}

/// A PIN: 4 to 6 digits.
pub fn is_valid_pin(pin: &str) -> bool {
    (4..=6).contains(&pin.len()) && pin.chars().all(|c| c.is_ascii_digit())
}

/// A signed, short-lived token shown as the phone's QR code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DynamicToken {
    pub number: String,
    /// Unix seconds after which the token is refused.
    pub expires_at: i64,
    /// Random, base64url: two tokens for the same second still differ.
    pub nonce: String,
    /// base64url HMAC-SHA256 of [`DynamicToken::signed_text`].
    pub sig: String,
}

impl DynamicToken {
    /// What the server signs: everything but the signature, with a version label.
    pub fn signed_text(&self) -> String {
        signed_text(&self.number, self.expires_at, &self.nonce)
    }
}

/// The signed text for a token's parts.
pub fn signed_text(number: &str, expires_at: i64, nonce: &str) -> String {
    format!("linli-card-v1|{number}|{expires_at}|{nonce}")
}

/// What a card's QR code (or a typed number) says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardQr {
    /// A printed card, or a number typed in: needs the holder's PIN.
    Static { number: String },
    /// The phone's live code.
    Dynamic(DynamicToken),
}

/// Why a scanned text is not a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QrError {
    /// Not a Linli card code at all.
    NotACard,
    /// A card number whose check digit does not match (misread or mistyped).
    BadNumber,
    /// A token that is cut short or malformed.
    BadToken,
}

fn is_base64url(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn valid_number(raw: &str) -> Result<String, QrError> {
    let n = normalize_number(raw);
    if is_valid_number(&n) {
        Ok(n)
    } else {
        Err(QrError::BadNumber)
    }
}

fn decode_token(rest: &str) -> Result<DynamicToken, QrError> {
    let parts: Vec<&str> = rest.split('.').collect();
    let [number, expires, nonce, sig] = parts[..] else {
        return Err(QrError::BadToken);
    };
    if !is_valid_number(number) || !is_base64url(nonce) || !is_base64url(sig) {
        return Err(QrError::BadToken);
    }
    let expires_at = expires
        .parse::<i64>()
        .ok()
        .filter(|e| *e > 0 && expires.chars().all(|c| c.is_ascii_digit()))
        .ok_or(QrError::BadToken)?;
    Ok(DynamicToken {
        number: number.to_string(),
        expires_at,
        nonce: nonce.to_string(),
        sig: sig.to_string(),
    })
}

/// Reads a scanned or typed text.
pub fn decode(text: &str) -> Result<CardQr, QrError> {
    let text = text.trim();
    if text.len() > MAX_QR_LEN {
        return Err(QrError::NotACard);
    }
    if let Some(rest) = text.strip_prefix(TOKEN_PREFIX) {
        return decode_token(rest).map(CardQr::Dynamic);
    }
    if let Some(rest) = text.strip_prefix(STATIC_PREFIX) {
        return valid_number(rest).map(|number| CardQr::Static { number });
    }
    let looks_numeric = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-'));
    if looks_numeric {
        return valid_number(text).map(|number| CardQr::Static { number });
    }
    Err(QrError::NotACard)
}

/// The QR text for a card code.
pub fn encode(qr: &CardQr) -> String {
    match qr {
        CardQr::Static { number } => format!("{STATIC_PREFIX}{number}"),
        CardQr::Dynamic(t) => format!(
            "{TOKEN_PREFIX}{}.{}.{}.{}",
            t.number, t.expires_at, t.nonce, t.sig
        ),
    }
}

/// The QR text printed on a card.
pub fn static_qr(number: &str) -> String {
    encode(&CardQr::Static {
        number: number.to_string(),
    })
}

/// Whether a card number must come with its PIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinPolicy {
    /// Anything but the phone's live token needs the PIN (the kiosk, card checks).
    Required,
    /// The PIN may be left out (a team leader sees the holder at the door); one typed is
    /// still checked.
    Optional,
}

/// What was presented at a counter, read (not yet verified).
#[derive(Debug, Clone, PartialEq)]
pub enum Presented {
    /// The phone's live token; its signature is the server's to check.
    Token(DynamicToken),
    /// A printed card's QR or a card number, with the PIN typed, if any.
    Card { number: String, pin: Option<String> },
}

/// Why what was presented could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// Neither a scanned text nor a card number.
    Nothing,
    /// A token that is not one of ours.
    BadToken,
    /// Not a card number (or a wrong check digit).
    BadNumber,
    PinMissing,
    /// A PIN that is not 4–6 digits.
    PinMalformed,
}

fn nonblank(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// Reads what was presented: a scanned text (live token, printed card, typed number)
/// first, else a typed card number; then the PIN under `policy`. Blank fields count as
/// absent.
pub fn read_presented(
    scanned: Option<&str>,
    typed: Option<&str>,
    pin: Option<&str>,
    policy: PinPolicy,
) -> Result<Presented, Unreadable> {
    let qr = match (nonblank(scanned), nonblank(typed)) {
        (Some(text), _) => decode(text),
        (None, Some(number)) => decode(&normalize_number(number)),
        (None, None) => return Err(Unreadable::Nothing),
    };
    let number = match qr {
        Ok(CardQr::Dynamic(t)) => return Ok(Presented::Token(t)),
        Ok(CardQr::Static { number }) => number,
        Err(QrError::BadToken) => return Err(Unreadable::BadToken),
        Err(_) => return Err(Unreadable::BadNumber),
    };
    let pin = match nonblank(pin) {
        None if policy == PinPolicy::Required => return Err(Unreadable::PinMissing),
        None => None,
        Some(p) if !is_valid_pin(p) => return Err(Unreadable::PinMalformed),
        Some(p) => Some(p.to_string()),
    };
    Ok(Presented::Card { number, pin })
}

/// What the leader's scanner field (a keyboard-wedge scanner types and presses Enter) or
/// a typed card number means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardInput {
    /// A QR text (`linli:…`): the phone's live code or a printed card.
    Qr(String),
    /// A card number, spaces and dashes dropped.
    Number(String),
}

/// Reads the scanner field; None when it holds nothing usable (blank or a number with a
/// wrong check digit).
pub fn card_input(raw: &str) -> Option<CardInput> {
    let t = raw.trim();
    if t.is_empty() {
        return None;
    }
    if t.starts_with("linli:") {
        return Some(CardInput::Qr(t.to_string()));
    }
    let n = normalize_number(t);
    is_valid_number(&n).then_some(CardInput::Number(n))
}

/// What a scan at an attendance scanner asks: `action` for the card's holder, or the
/// problem with what was scanned (the project roster and the patrol rota share it).
pub fn card_attendance(action: AttendanceAction, raw: &str) -> Result<AttendanceRequest, Invalid> {
    let (qr, card_number) = match card_input(raw) {
        Some(CardInput::Qr(q)) => (Some(q), None),
        Some(CardInput::Number(n)) => (None, Some(n)),
        None => {
            return Err(Invalid {
                field: "card_number",
                problem: Problem::UnknownOption,
            })
        }
    };
    Ok(AttendanceRequest {
        action,
        user_id: None,
        qr,
        card_number,
        pin: None,
        at: None,
    })
}

/// Checks a PIN and its repetition.
pub fn check_pin(pin: &str, again: &str) -> Result<String, Vec<Invalid>> {
    let mut problems = Vec::new();
    if !is_valid_pin(pin) {
        problems.push(Invalid {
            field: "pin",
            problem: Problem::OutOfRange { min: 4, max: 6 },
        });
    } else if pin != again {
        problems.push(Invalid {
            field: "pin_again",
            problem: Problem::UnknownOption,
        });
    }
    if problems.is_empty() {
        Ok(pin.to_string())
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_was_presented_is_read_with_the_pin_policy_asked_for() {
        let n = with_check_digit("81234567890").unwrap();
        let card = |pin: Option<&str>| Presented::Card {
            number: n.clone(),
            pin: pin.map(Into::into),
        };
        let read = read_presented;
        let typed = format_number(&n);
        let qr = static_qr(&n);
        assert_eq!(
            read(None, Some(&typed), Some(" 1234 "), PinPolicy::Required),
            Ok(card(Some("1234")))
        );
        assert_eq!(
            read(Some(&qr), None, None, PinPolicy::Required),
            Err(Unreadable::PinMissing)
        );
        assert_eq!(
            read(Some(&qr), None, None, PinPolicy::Optional),
            Ok(card(None))
        );
        assert_eq!(
            read(None, Some(&n), Some("12"), PinPolicy::Optional),
            Err(Unreadable::PinMalformed)
        );
        assert_eq!(
            read(Some(" "), None, None, PinPolicy::Optional),
            Err(Unreadable::Nothing)
        );
        assert_eq!(
            read(
                None,
                Some("812345678900"),
                Some("1234"),
                PinPolicy::Required
            ),
            Err(Unreadable::BadNumber)
        );
        let tok = format!("linli:tok:{n}.1800000000.bm9uY2U.c2ln");
        assert!(matches!(
            read(Some(&tok), None, None, PinPolicy::Required),
            Ok(Presented::Token(_))
        ));
    }

    const GOOD: &str = "812345678906";

    #[test]
    fn the_check_digit_is_luhn() {
        // The textbook Luhn example: 7992739871 has check digit 3.
        assert_eq!(check_digit("7992739871"), Some(3));
        assert_eq!(with_check_digit("81234567890").as_deref(), Some(GOOD));
        assert_eq!(check_digit("12a"), None);
    }

    #[test]
    fn a_number_needs_twelve_digits_the_prefix_and_its_check_digit() {
        assert!(is_valid_number(GOOD));
        assert!(!is_valid_number("812345678904"), "wrong check digit");
        assert!(!is_valid_number("81234567890"), "too short");
        assert!(!is_valid_number("712345678909"), "wrong prefix");
        assert!(!is_valid_number("８12345678903"), "full-width digit");
    }

    #[test]
    fn one_wrong_digit_or_a_swap_is_caught() {
        let good: Vec<char> = GOOD.chars().collect();
        for i in 1..NUMBER_LEN {
            let mut bad = good.clone();
            bad[i] = if bad[i] == '0' { '1' } else { '0' };
            assert!(
                !is_valid_number(&bad.iter().collect::<String>()),
                "digit {i}"
            );
        }
        let mut swapped = good.clone();
        swapped.swap(2, 3);
        assert!(!is_valid_number(&swapped.iter().collect::<String>()));
    }

    #[test]
    fn numbers_are_printed_in_groups_and_masked_in_the_middle() {
        assert_eq!(format_number(GOOD), "8123 4567 8906");
        assert_eq!(mask_number(GOOD), "8123 **** 8906");
        assert_eq!(mask_number("x"), "****");
    }

    #[test]
    fn pins_are_four_to_six_digits() {
        assert!(is_valid_pin("1234"));
        assert!(is_valid_pin("123456"));
        assert!(!is_valid_pin("123"));
        assert!(!is_valid_pin("1234567"));
        assert!(!is_valid_pin("12a4"));
        assert!(!is_valid_pin("١٢٣٤"), "non-ASCII digits");
    }

    #[test]
    fn static_codes_and_typed_numbers_decode_to_the_number() {
        let want = CardQr::Static {
            number: GOOD.into(),
        };
        assert_eq!(decode(&static_qr(GOOD)), Ok(want.clone()));
        assert_eq!(decode(" 8123 4567-8906 "), Ok(want));
        assert_eq!(decode("812345678904"), Err(QrError::BadNumber));
        assert_eq!(decode("linli:card:812345678904"), Err(QrError::BadNumber));
        assert_eq!(decode("https://example.com"), Err(QrError::NotACard));
        assert_eq!(decode(""), Err(QrError::NotACard));
        assert_eq!(decode(&"8".repeat(1000)), Err(QrError::NotACard));
    }

    #[test]
    fn tokens_round_trip_through_their_text() {
        let t = DynamicToken {
            number: GOOD.into(),
            expires_at: 1_800_000_000,
            nonce: "AbC-_9".into(),
            sig: "c2lnbmF0dXJl".into(),
        };
        let text = encode(&CardQr::Dynamic(t.clone()));
        assert_eq!(
            text,
            "linli:tok:812345678906.1800000000.AbC-_9.c2lnbmF0dXJl"
        );
        assert_eq!(decode(&text), Ok(CardQr::Dynamic(t.clone())));
        assert_eq!(
            t.signed_text(),
            "linli-card-v1|812345678906|1800000000|AbC-_9"
        );
    }

    #[test]
    fn malformed_tokens_are_refused() {
        for bad in [
            "linli:tok:",
            "linli:tok:812345678906.1800000000.nonce",
            "linli:tok:812345678906.1800000000.nonce.sig.extra",
            "linli:tok:812345678904.1800000000.nonce.sig",
            "linli:tok:812345678906.-5.nonce.sig",
            "linli:tok:812345678906.+5.nonce.sig",
            "linli:tok:812345678906.99999999999999999999.nonce.sig",
            "linli:tok:812345678906.1800000000.no=nce.sig",
            "linli:tok:812345678906.1800000000..sig",
        ] {
            assert_eq!(decode(bad), Err(QrError::BadToken), "{bad}");
        }
    }

    #[test]
    fn the_scanner_field_tells_qr_texts_from_card_numbers() {
        let n = with_check_digit("81234567890").unwrap();
        assert_eq!(
            card_input(&format!("{} \n", format_number(&n))),
            Some(CardInput::Number(n.clone()))
        );
        assert_eq!(
            card_input("linli:tok:x"),
            Some(CardInput::Qr("linli:tok:x".into()))
        );
        assert_eq!(card_input("  "), None);
        assert_eq!(card_input("812345678900"), None, "wrong check digit");
    }

    #[test]
    fn a_pin_is_four_to_six_digits_typed_twice() {
        assert_eq!(check_pin("1234", "1234"), Ok("1234".into()));
        assert_eq!(check_pin("12", "12").unwrap_err()[0].field, "pin");
        assert_eq!(check_pin("1234", "1235").unwrap_err()[0].field, "pin_again");
    }
}
