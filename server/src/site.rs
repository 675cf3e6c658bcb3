//! The built single-page app: static files with precompressed variants; any other path
//! (a client route such as /me) gets index.html with 200 so deep links work.

use std::path::Path;

use axum::http::{header, HeaderValue};
use tower::ServiceBuilder;
use tower_http::{
    services::{ServeDir, ServeFile},
    set_header::SetResponseHeaderLayer,
};

/// Hashed asset names never change content, so they are cached for a year; index.html
/// must be revalidated so a new release is picked up.
pub fn service(site: &Path) -> axum::routing::MethodRouter<()> {
    let index = ServeFile::new(site.join("index.html"));
    let dir = ServeDir::new(site)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index);
    let svc = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
        .service(dir);
    axum::routing::get_service(svc)
}
