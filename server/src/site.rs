//! The built single-page app from `target/site` (see `xtask`): static files with their
//! precompressed brotli and gzip variants. A path that names no file and has no file
//! extension (a client route such as /me) gets index.html with 200 so deep links work; a
//! missing file (/pkg/old.js) is a plain 404, never index.html in its place.
//!
//! Caching: content-hashed assets (`linli-<16 hex>.css`, `pkg/linli-<16 hex>_bg.wasm`) never
//! change, so they are cached for a year; everything else, index.html and the service
//! worker `sw.js` above all, is revalidated on every use so a new release is picked up at
//! once.

use std::path::Path;

use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderValue, StatusCode},
    response::Response,
    routing::{get, MethodRouter},
};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// Hex digits of the content hash in asset names; xtask writes exactly this many.
const HASH_LEN: usize = 16;

pub const CACHE_IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const CACHE_REVALIDATE: &str = "no-cache";

pub fn service(site: &Path) -> MethodRouter<()> {
    let files = ServeDir::new(site).precompressed_br().precompressed_gzip();
    let index = ServeFile::new(site.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let spa = files.clone().fallback(index);
    get(move |req: Request| serve(files.clone(), spa.clone(), req))
}

async fn serve(files: ServeDir, spa: ServeDir<ServeFile>, req: Request) -> Response {
    let path = req.uri().path();
    let hashed = is_hashed(path);
    let names_a_file = last_segment(path).contains('.');
    let mut res = if names_a_file {
        let Ok(res) = files.oneshot(req).await;
        res.map(Body::new)
    } else {
        let Ok(res) = spa.oneshot(req).await;
        res.map(Body::new)
    };
    let fresh = matches!(
        res.status(),
        StatusCode::OK | StatusCode::NOT_MODIFIED | StatusCode::PARTIAL_CONTENT
    );
    let cache = if hashed && fresh {
        CACHE_IMMUTABLE
    } else {
        CACHE_REVALIDATE
    };
    let headers = res.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    res
}

fn last_segment(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or("")
}

/// Whether the file name carries a content hash: `-` then `HASH_LEN` lowercase hex digits
/// then `.` or `_` (as in `linli-0123456789abcdef_bg.wasm`).
pub fn is_hashed(path: &str) -> bool {
    let name = last_segment(path).as_bytes();
    name.iter().enumerate().any(|(i, &b)| {
        b == b'-'
            && name.len() > i + HASH_LEN + 1
            && name[i + 1..=i + HASH_LEN]
                .iter()
                .all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
            && matches!(name[i + HASH_LEN + 1], b'.' | b'_')
    })
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed("/pkg/linli-0123456789abcdef.js"));
        assert!(is_hashed("/pkg/linli-0123456789abcdef_bg.wasm"));
        assert!(is_hashed("/linli-fedcba9876543210.css"));
    }

    #[test]
    fn other_names_are_not() {
        assert!(!is_hashed("/"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/favicon.svg"));
        assert!(!is_hashed("/sw.js"));
        assert!(!is_hashed("/me"));
        // too short, upper case, not followed by a separator, hash in a folder name
        assert!(!is_hashed("/linli-0123456789abcde.js"));
        assert!(!is_hashed("/linli-0123456789ABCDEF.js"));
        assert!(!is_hashed("/linli-0123456789abcdef0.js"));
        assert!(!is_hashed("/linli-0123456789abcdef"));
        assert!(!is_hashed("/x-0123456789abcdef/app.js"));
    }
}
