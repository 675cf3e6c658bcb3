//! The phone's live QR token: HMAC-SHA256 over the card number, expiry and a nonce, under
//! a key the server generates on first use and keeps in its database.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use hmac::{Hmac, Mac};
use linli_app::api::cards::CardToken;
use linli_app::api::Reason;
use linli_app::cards::{self, CardQr, DynamicToken};
use rand::{rngs::OsRng, RngCore};
use rusqlite::Connection;
use sha2::Sha256;

use super::VerifyError;
use crate::error::{AppError, AppResult};
use crate::store::cards as store;

pub const SECRET_NAME: &str = "card_token_hmac";
/// A token is accepted for this long after it is made…
pub const TTL_SECS: i64 = 60;
/// …and the phone fetches a new one this often, so the one on screen is always live.
pub const REFRESH_SECS: i64 = 30;

type HmacSha256 = Hmac<Sha256>;

fn mac(secret: &[u8], text: &str) -> HmacSha256 {
    let mut m = HmacSha256::new_from_slice(secret).expect("HMAC takes any key length");
    m.update(text.as_bytes());
    m
}

/// The base64url signature of a token's parts.
pub fn sign(secret: &[u8], number: &str, expires_at: i64, nonce: &str) -> String {
    let text = cards::signed_text(number, expires_at, nonce);
    URL_SAFE_NO_PAD.encode(mac(secret, &text).finalize().into_bytes())
}

/// Makes a token for a card number that lapses `TTL_SECS` after `now`.
pub fn make(secret: &[u8], number: &str, now: i64) -> DynamicToken {
    let mut nonce = [0u8; 9];
    OsRng.fill_bytes(&mut nonce);
    let nonce = URL_SAFE_NO_PAD.encode(nonce);
    let expires_at = now + TTL_SECS;
    DynamicToken {
        number: number.to_string(),
        expires_at,
        sig: sign(secret, number, expires_at, &nonce),
        nonce,
    }
}

fn invalid() -> VerifyError {
    VerifyError::Refused(AppError::Refused(Reason::CardTokenInvalid))
}

/// Accepts a token only if its signature matches its exact text (compared in constant
/// time) and it has not lapsed. The signature is checked first, so an edited expiry reads
/// as tampering, not as "expired".
pub fn check(secret: Option<&[u8]>, t: &DynamicToken, now: i64) -> Result<(), VerifyError> {
    let secret = secret.ok_or_else(invalid)?;
    let sig = URL_SAFE_NO_PAD.decode(&t.sig).map_err(|_| invalid())?;
    mac(secret, &t.signed_text())
        .verify_slice(&sig)
        .map_err(|_| invalid())?;
    if t.expires_at <= now {
        return Err(VerifyError::Refused(AppError::Refused(
            Reason::CardTokenExpired,
        )));
    }
    if t.expires_at > now + TTL_SECS + 5 {
        return Err(invalid());
    }
    Ok(())
}

/// The signing key, generated from the OS's randomness the first time it is needed.
pub fn secret(conn: &Connection, now: i64) -> AppResult<Vec<u8>> {
    if let Some(s) = store::secret(conn, SECRET_NAME)? {
        return Ok(s);
    }
    let mut key = [0u8; 32];
    OsRng.fill_bytes(&mut key);
    store::insert_secret(conn, SECRET_NAME, &key, now)?;
    store::secret(conn, SECRET_NAME)?
        .ok_or_else(|| AppError::Internal("card secret not stored".into()))
}

/// A live token for a card, as the phone shows it.
pub fn issue(secret: &[u8], number: &str, now: i64) -> CardToken {
    let t = make(secret, number, now);
    CardToken {
        expires_at: t.expires_at,
        qr: cards::encode(&CardQr::Dynamic(t)),
        refresh_in: REFRESH_SECS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";
    const NUMBER: &str = "812345678906";

    fn code(r: Result<(), VerifyError>) -> Option<Reason> {
        match r {
            Ok(()) => None,
            Err(VerifyError::Refused(AppError::Refused(r))) => Some(r),
            Err(e) => panic!("unexpected {e:?}"),
        }
    }

    #[test]
    fn a_fresh_token_verifies_until_it_lapses() {
        let t = make(KEY, NUMBER, 1000);
        assert_eq!(t.expires_at, 1000 + TTL_SECS);
        assert_eq!(code(check(Some(KEY), &t, 1000)), None);
        assert_eq!(code(check(Some(KEY), &t, 1059)), None);
        assert_eq!(
            code(check(Some(KEY), &t, 1060)),
            Some(Reason::CardTokenExpired)
        );
    }

    #[test]
    fn any_edit_or_another_key_breaks_the_signature() {
        let t = make(KEY, NUMBER, 1000);
        let mut later = t.clone();
        later.expires_at += 3600;
        let mut other_card = t.clone();
        other_card.number = "812345678914".into();
        let mut flipped = t.clone();
        let mut sig: Vec<char> = flipped.sig.chars().collect();
        sig[5] = if sig[5] == 'A' { 'B' } else { 'A' };
        flipped.sig = sig.into_iter().collect();
        for bad in [later, other_card, flipped] {
            assert_eq!(
                code(check(Some(KEY), &bad, 1000)),
                Some(Reason::CardTokenInvalid)
            );
        }
        assert_eq!(
            code(check(Some(b"another key"), &t, 1000)),
            Some(Reason::CardTokenInvalid)
        );
        assert_eq!(code(check(None, &t, 1000)), Some(Reason::CardTokenInvalid));
    }

    #[test]
    fn tokens_for_the_same_second_differ() {
        assert_ne!(make(KEY, NUMBER, 1000), make(KEY, NUMBER, 1000));
    }
}
