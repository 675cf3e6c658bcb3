//! The session cookie: a random token the browser keeps; the server keeps its SHA-256.
//!
//! Its name carries the `__Host-` prefix, so a browser takes it only when it is `Secure`,
//! for the whole host (`Path=/`, no `Domain`): no sibling subdomain and no plain-http
//! page can plant or overwrite it. Browsers count http://localhost and 127.0.0.1 as secure,
//! so local use works over plain http; any other address needs https (the camera and the
//! service worker need that too).

use axum::http::{header, HeaderMap, HeaderValue};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::{rngs::OsRng, RngCore};
use sha2::{Digest, Sha256};

pub const COOKIE: &str = "__Host-linli_session";
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

fn cookie(value: &str, max_age: i64) -> HeaderValue {
    let text =
        format!("{COOKIE}={value}; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age={max_age}");
    HeaderValue::from_str(&text).expect("cookie text is plain ASCII")
}

/// Set-Cookie for a new session.
pub fn set_cookie(token: &str) -> HeaderValue {
    cookie(token, TTL_SECS)
}

/// Set-Cookie that makes the browser forget the session.
pub fn clear_cookie() -> HeaderValue {
    cookie("", 0)
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
        assert_eq!(token_from(&h), Some(t.clone()));
        assert_eq!(
            token_from(&headers(&[("cookie", &format!("{COOKIE}=x"))])),
            None
        );
        // The old name without the prefix (which anyone on the network could plant) is not read.
        assert_eq!(
            token_from(&headers(&[("cookie", &format!("linli_session={t}"))])),
            None
        );
        assert_eq!(token_from(&headers(&[])), None);
    }

    /// The cookie carries every protective attribute, and what `__Host-` requires:
    /// Secure, Path=/ and no Domain.
    #[test]
    fn the_cookie_is_a_host_cookie_http_only_strict_and_secure() {
        for c in [set_cookie("tok"), clear_cookie()] {
            let c = c.to_str().unwrap();
            assert!(c.starts_with("__Host-linli_session="));
            for attr in ["; HttpOnly", "; Secure", "; SameSite=Strict", "; Path=/;"] {
                assert!(c.contains(attr), "{attr} in {c}");
            }
            assert!(!c.to_ascii_lowercase().contains("domain"));
        }
        assert!(set_cookie("tok")
            .to_str()
            .unwrap()
            .ends_with("Max-Age=2592000"));
        assert!(clear_cookie().to_str().unwrap().ends_with("Max-Age=0"));
    }
}
