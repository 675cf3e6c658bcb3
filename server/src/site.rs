//! The built single-page app from `target/site` (see `xtask`): static files with their
//! precompressed brotli and gzip variants. A path that names no file and has no file
//! extension (a client route such as /me) gets index.html with 200 so deep links work; a
//! missing file (/pkg/old.js) is a plain 404, never index.html in its place.
//!
//! Caching: content-hashed assets (`linli-<16 hex>.css`, `pkg/linli-<16 hex>_bg.wasm`) never
//! change, so they are cached for a year; everything else, index.html and the service
//! worker `sw.js` above all, is revalidated on every use so a new release is picked up at
//! once.
//!
//! Every answer carries the pages' Content-Security-Policy, which allows the inline blocks
//! of the site's HTML files by their hashes (see `crate::security`). It is worked out from
//! the files on disk and again whenever index.html changes (xtask swaps in a rebuilt site
//! under a running server).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, StatusCode, Uri},
    response::Response,
    routing::{get, MethodRouter},
};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::auth::session;
use crate::first_screen;
use crate::security::{page_policy, InlineHashes};
use crate::store::now;
use crate::AppState;

/// Hex digits of the content hash in asset names; xtask writes exactly this many.
const HASH_LEN: usize = 16;

pub const CACHE_IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const CACHE_REVALIDATE: &str = "no-cache";
/// Brotli's quality for pages filled in per request. Measured on `/shop` with the demo
/// goods (17 KB): quality 4 takes 0.35 ms for 4.5 KB; 5 to 9 take about 6 ms each for
/// 4.0–4.2 KB, which is most of the request's time; the prebuilt files use the best (11).
const BROTLI_QUALITY: i32 = 4;

pub fn service(site: &Path) -> MethodRouter<AppState> {
    let files = ServeDir::new(site).precompressed_br().precompressed_gzip();
    let index = ServeFile::new(site.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let spa = files.clone().fallback(index);
    let built = SiteIndex::new(site);
    get(move |State(state): State<AppState>, req: Request| {
        serve(files.clone(), spa.clone(), built.clone(), state, req)
    })
}

/// What the built index.html says: the site's Content-Security-Policy, and the page itself
/// for the server to fill in (`first_screen`). Kept until index.html changes.
#[derive(Clone)]
struct SiteIndex {
    dir: Arc<PathBuf>,
    cached: Arc<Mutex<Option<Cached>>>,
}

struct Built {
    policy: HeaderValue,
    /// None while there is no index.html.
    page: Option<String>,
}

/// When index.html was written and its size, or None while there is none.
type Stamp = Option<(SystemTime, u64)>;
/// What was built from index.html, and its stamp then.
type Cached = (Stamp, Arc<Built>);

impl SiteIndex {
    fn new(dir: &Path) -> SiteIndex {
        SiteIndex {
            dir: Arc::new(dir.to_path_buf()),
            cached: Arc::default(),
        }
    }

    fn current(&self) -> Arc<Built> {
        let path = self.dir.join("index.html");
        let stamp = std::fs::metadata(&path)
            .and_then(|m| Ok((m.modified()?, m.len())))
            .ok();
        let mut cached = self.cached.lock().unwrap_or_else(|e| e.into_inner());
        match &*cached {
            Some((seen, built)) if *seen == stamp => built.clone(),
            _ => {
                let policy = HeaderValue::from_str(&page_policy(&inline_hashes(&self.dir)))
                    .expect("the policy is ASCII");
                let page = std::fs::read_to_string(&path).ok();
                let built = Arc::new(Built { policy, page });
                *cached = Some((stamp, built.clone()));
                built
            }
        }
    }
}

/// The inline blocks of every HTML file under `dir`.
fn inline_hashes(dir: &Path) -> InlineHashes {
    let mut hashes = InlineHashes::default();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|x| x == "html") {
                if let Ok(html) = std::fs::read_to_string(&path) {
                    hashes.add(&html);
                }
            }
        }
    }
    hashes
}

async fn serve(
    files: ServeDir,
    spa: ServeDir<ServeFile>,
    index: SiteIndex,
    state: AppState,
    req: Request,
) -> Response {
    let path = req.uri().path();
    let hashed = is_hashed(path);
    let names_a_file = last_segment(path).contains('.');
    let built = index.current();
    let mut res = if let Some(page) = filled(&state, &built, req.uri(), req.headers()).await {
        page
    } else if names_a_file {
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
    if !headers.contains_key(header::VARY) {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    headers.insert(header::CONTENT_SECURITY_POLICY, built.policy.clone());
    res
}

/// `/` or `/shop` with its first screen filled in (`first_screen`), compressed for the
/// wire, when the visit carries no session; None otherwise.
async fn filled(
    state: &AppState,
    built: &Built,
    uri: &Uri,
    headers: &HeaderMap,
) -> Option<Response> {
    let page = built.page.as_deref()?;
    if session::token_from(headers).is_some() {
        return None;
    }
    if !matches!(uri.path(), "/" | "/shop") {
        return None;
    }
    let snap = state.catalogue.snapshot(&state.db).await.ok()?;
    let html = first_screen::fill(page, uri.path(), uri.query(), &snap, now())?;
    let (body, encoding) = compress(html.into_bytes(), headers);
    let mut res = Response::new(Body::from(body));
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    if let Some(encoding) = encoding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    // Who sends a session gets the page as built.
    headers.insert(
        header::VARY,
        HeaderValue::from_static("accept-encoding, cookie"),
    );
    Some(res)
}

/// The body in the best encoding the browser takes: brotli, else gzip, else as it is.
fn compress(body: Vec<u8>, headers: &HeaderMap) -> (Vec<u8>, Option<&'static str>) {
    let accepts = |name: &str| {
        headers
            .get_all(header::ACCEPT_ENCODING)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|e| e.split(';').next().unwrap_or("").trim() == name)
    };
    if accepts("br") {
        let mut out = Vec::with_capacity(body.len() / 4);
        let params = brotli::enc::BrotliEncoderParams {
            quality: BROTLI_QUALITY,
            // A window just over the page: the default 4 MB one costs more to set up
            // than the page does to compress, and a page fits in it whole either way.
            lgwin: brotli_window(body.len()),
            size_hint: body.len(),
            ..Default::default()
        };
        if brotli::BrotliCompress(&mut &body[..], &mut out, &params).is_ok() {
            return (out, Some("br"));
        }
    } else if accepts("gzip") {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        if gz.write_all(&body).is_ok() {
            if let Ok(out) = gz.finish() {
                return (out, Some("gzip"));
            }
        }
    }
    (body, None)
}

/// Brotli's window (log2 of its size) for a body of `len` bytes: the smallest that holds
/// it, within what brotli allows (16–24).
fn brotli_window(len: usize) -> i32 {
    (len.max(1).next_power_of_two().trailing_zeros() as i32).clamp(16, 24)
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
    use super::*;

    /// The policy follows the site on disk: it names the inline blocks of every HTML file
    /// and changes when a rebuilt index.html is swapped in.
    #[test]
    fn the_policy_follows_the_site_on_disk() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        std::fs::create_dir_all(dir.join("pages")).unwrap();
        std::fs::write(dir.join("index.html"), "<script>one()</script>").unwrap();
        std::fs::write(dir.join("pages/offline.html"), "<style>p{}</style>").unwrap();
        let policy = SiteIndex::new(dir);
        let first = policy.current().policy.clone();
        let text = first.to_str().unwrap();
        assert_eq!(
            text,
            page_policy(&InlineHashes::of(
                "<script>one()</script><style>p{}</style>"
            ))
        );
        std::fs::write(dir.join("index.html"), "<script>two(2)</script>").unwrap();
        let second = policy.current().policy.clone();
        assert_ne!(first, second);
        assert!(second.to_str().unwrap().contains(
            InlineHashes::of("<script>two(2)</script>")
                .scripts
                .first()
                .unwrap()
        ));
    }

    #[test]
    fn the_brotli_window_holds_the_page() {
        assert_eq!(brotli_window(0), 16);
        assert_eq!(brotli_window(20_000), 16);
        assert_eq!(brotli_window(70_000), 17);
        assert_eq!(brotli_window(1 << 30), 24);
    }

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
