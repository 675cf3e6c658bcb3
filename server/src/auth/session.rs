//! The session cookie: a random token the browser keeps; the server keeps its SHA-256.

use axum::http::{header, HeaderMap, HeaderValue};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::{rngs::OsRng, RngCore};
use sha2::{Digest, Sha256};

pub const COOKIE: &str = "linli_session";
/// Thirty days.
pub const TTL_SECS: i64 = 30 * 24 * 60 * 60;
/// 32 random bytes in unpadded base64url.
const TOKEN_LEN: usize = 43;

/// A fresh unguessable token.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database stores: a stolen database copy holds no usable tokens.
pub fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// The session token from the request's cookies, if it has a plausible one.
pub fn token_from(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.trim().to_string())
        .filter(|t| t.len() == TOKEN_LEN)
}

/// Mark the cookie Secure when configured, or when a TLS proxy says the request came
/// over https.
pub fn wants_secure(configured: bool, headers: &HeaderMap) -> bool {
    configured
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"))
}

fn cookie(value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text =
        format!("{COOKIE}={value}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age}{secure}");
    HeaderValue::from_str(&text).expect("cookie text is plain ASCII")
}

/// Set-Cookie for a new session.
pub fn set_cookie(token: &str, secure: bool) -> HeaderValue {
    cookie(token, TTL_SECS, secure)
}

/// Set-Cookie that makes the browser forget the session.
pub fn clear_cookie(secure: bool) -> HeaderValue {
    cookie("", 0, secure)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    /// Tokens are 32 random bytes: the right length, and never the same twice.
    #[test]
    fn tokens_are_long_and_unique() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), TOKEN_LEN);
        assert_ne!(a, b);
        assert_eq!(hash(&a).len(), 32);
    }

    /// The session cookie is found among others; junk values are ignored.
    #[test]
    fn the_token_is_read_from_among_other_cookies() {
        let t = new_token();
        let h = headers(&[("cookie", &format!("a=1; {COOKIE}={t}; b=2"))]);
        assert_eq!(token_from(&h), Some(t));
        assert_eq!(token_from(&headers(&[("cookie", "linli_session=x")])), None);
        assert_eq!(token_from(&headers(&[])), None);
    }

    /// The cookie carries every protective attribute, and Secure only when wanted.
    #[test]
    fn the_cookie_is_http_only_strict_and_secure_behind_tls() {
        let c = set_cookie("tok", false);
        let c = c.to_str().unwrap();
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.contains("Path=/"));
        assert!(c.contains("Max-Age=2592000") && !c.contains("Secure"));
        assert!(set_cookie("tok", true)
            .to_str()
            .unwrap()
            .ends_with("; Secure"));
        let proxied = headers(&[("x-forwarded-proto", "https")]);
        assert!(wants_secure(false, &proxied));
        assert!(!wants_secure(false, &headers(&[])));
    }
}
