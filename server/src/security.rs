//! Browser hardening: what a page may load and run (Content-Security-Policy), what the
//! browser may guess, leak or allow (nosniff, Referrer-Policy, Permissions-Policy, framing),
//! that API answers are never cached, and that another site's page cannot make a signed-in
//! browser change anything (state-changing API requests must come from our own pages).
//!
//! Pages may run only our own files plus the inline `<script>` and `<style>` blocks they
//! were built with, allowed by their SHA-256 hashes (`InlineHashes::of` reads them from the
//! HTML, so whatever `public/index.html` holds keeps working without hand-kept hashes).
//! Inline `style="…"` attributes are not allowed: the UI sets none (Leptos `style:` goes
//! through the CSSOM, which a policy does not restrict).

use std::collections::BTreeSet;

use axum::{
    extract::Request,
    http::{header, uri::Authority, HeaderMap, HeaderValue, Method, Uri},
    middleware::Next,
    response::{IntoResponse, Response},
};
use base64::{engine::general_purpose::STANDARD, Engine};
use linli_app::api::Reason;
use sha2::{Digest, Sha256};

use crate::error::AppError;

/// For answers that are not pages (JSON, images): load nothing, run nothing, be framed
/// by no one. Pages set their own policy (`page_policy`) and keep it.
pub const NON_PAGE_POLICY: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// The camera is for the kiosk's scanner on our own pages; nothing else is ever asked for.
const PERMISSIONS: &str = "camera=(self), microphone=(), geolocation=(), payment=(), usb=()";

/// The SHA-256 sources (`'sha256-…'`) of a page's inline scripts and styles.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct InlineHashes {
    pub scripts: BTreeSet<String>,
    pub styles: BTreeSet<String>,
}

impl InlineHashes {
    pub fn of(html: &str) -> InlineHashes {
        let mut h = InlineHashes::default();
        h.add(html);
        h
    }

    /// Adds the blocks of another page (one policy can serve every page of the site).
    pub fn add(&mut self, html: &str) {
        for (tag, text) in inline_blocks(html) {
            let source = hash_source(&text);
            match tag {
                Tag::Script => self.scripts.insert(source),
                Tag::Style => self.styles.insert(source),
            };
        }
    }
}

/// `'sha256-<base64>'` of a block's text, as the browser computes it.
fn hash_source(text: &str) -> String {
    format!(
        "'sha256-{}'",
        STANDARD.encode(Sha256::digest(text.as_bytes()))
    )
}

/// The policy of a page with these inline blocks.
pub fn page_policy(inline: &InlineHashes) -> String {
    let join = |set: &BTreeSet<String>| set.iter().map(|s| format!(" {s}")).collect::<String>();
    format!(
        "default-src 'self'; \
         script-src 'self' 'wasm-unsafe-eval'{}; \
         style-src 'self'{}; style-src-attr 'none'; \
         img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; media-src 'self'; \
         worker-src 'self'; manifest-src 'self'; frame-src 'none'; object-src 'none'; \
         base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
        join(&inline.scripts),
        join(&inline.styles),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Script,
    Style,
}

/// Every inline `<script>` (one without `src`) and `<style>` of a page with its text as the
/// browser hashes it: the raw characters between the tags (neither element decodes
/// entities), with line ends normalised to `\n` as the HTML parser does. Comments are
/// skipped.
fn inline_blocks(html: &str) -> Vec<(Tag, String)> {
    // ASCII lower-casing keeps byte offsets, so positions found here index `html` too.
    let lower = html.to_ascii_lowercase();
    let mut blocks = Vec::new();
    let mut at = 0;
    while let Some(found) = lower[at..].find('<') {
        let start = at + found;
        let rest = &lower[start..];
        if rest.starts_with("<!--") {
            at = rest.find("-->").map_or(lower.len(), |end| start + end + 3);
            continue;
        }
        let Some((tag, name)) = [(Tag::Script, "script"), (Tag::Style, "style")]
            .into_iter()
            .find(|(_, name)| opens(rest, name))
        else {
            at = start + 1;
            continue;
        };
        let Some(open_end) = tag_end(&lower, start) else {
            break;
        };
        let Some(close) = lower[open_end..].find(&format!("</{name}")) else {
            break;
        };
        let attrs = &lower[start + 1 + name.len()..open_end - 1];
        if !(tag == Tag::Script && has_attribute(attrs, "src")) {
            let text = &html[open_end..open_end + close];
            blocks.push((tag, text.replace("\r\n", "\n").replace('\r', "\n")));
        }
        at = open_end + close;
    }
    blocks
}

/// Whether `rest` (lower case, starting at `<`) opens the element `name`.
fn opens(rest: &str, name: &str) -> bool {
    rest[1..].starts_with(name)
        && rest[1 + name.len()..]
            .chars()
            .next()
            .is_some_and(|c| c == '>' || c == '/' || c.is_ascii_whitespace())
}

/// The offset just past the `>` that ends the tag starting at `start`, skipping quoted
/// attribute values.
fn tag_end(html: &str, start: usize) -> Option<usize> {
    let mut quote = None;
    for (i, c) in html[start..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(start + i + 1),
            _ => {}
        }
    }
    None
}

/// Whether a tag's attribute text (lower case) has the attribute `name`.
fn has_attribute(attrs: &str, name: &str) -> bool {
    let mut rest = attrs.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
    while !rest.is_empty() {
        let end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        if &rest[..end] == name {
            return true;
        }
        rest = rest[end..].trim_start();
        if let Some(value) = rest.strip_prefix('=') {
            let value = value.trim_start();
            rest = match value.chars().next() {
                Some(q @ ('"' | '\'')) => value[1..].find(q).map_or("", |e| &value[e + 2..]),
                _ => value
                    .find(|c: char| c.is_ascii_whitespace())
                    .map_or("", |e| &value[e..]),
            };
        }
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
    }
    false
}

/// Middleware over everything: the protective headers, a policy for answers that set
/// none, and `no-store` on API answers that chose no caching of their own (photos do).
pub async fn headers(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let api = path == "/api" || path.starts_with("/api/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(NON_PAGE_POLICY));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert("permissions-policy", HeaderValue::from_static(PERMISSIONS));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if api {
        h.entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-store"));
    }
    res
}

/// Middleware over the API: a request that would change something is refused (403) when
/// the browser says another site's page sent it. Requests without `Origin` (curl, the
/// kiosk's scripts, tests) pass: the browser always sends it on such requests.
pub async fn refuse_cross_site_writes(req: Request, next: Next) -> Response {
    if from_another_site(req.method(), req.headers(), req.uri()) {
        return AppError::Refused(Reason::CrossSite).into_response();
    }
    next.run(req).await
}

/// Whether a state-changing request comes from another site: `Sec-Fetch-Site:
/// cross-site`, or an `Origin` whose host and port are not the ones the request was sent
/// to (`Host`, or the URI's authority in HTTP/2). An `Origin` of `null` (sandboxed or
/// privacy-hidden senders) is not ours either.
fn from_another_site(method: &Method, headers: &HeaderMap, uri: &Uri) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    let fetch_site = headers.get("sec-fetch-site").map(HeaderValue::as_bytes);
    if fetch_site.is_some_and(|v| v.eq_ignore_ascii_case(b"cross-site")) {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false;
    };
    let own = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.parse::<Authority>().ok())
        .or_else(|| uri.authority().cloned());
    let origin = origin.to_str().ok().and_then(|o| o.parse::<Uri>().ok());
    match (origin, own) {
        (Some(origin), Some(own)) => !same_host(&origin, &own),
        _ => true,
    }
}

/// Whether an `Origin` names the host and port a request was sent to (a missing port
/// being the default one of the origin's scheme).
fn same_host(origin: &Uri, own: &Authority) -> bool {
    let (Some(scheme), Some(theirs)) = (origin.scheme_str(), origin.authority()) else {
        return false;
    };
    let default = match scheme {
        "https" => 443,
        "http" => 80,
        _ => return false,
    };
    theirs.host().eq_ignore_ascii_case(own.host())
        && theirs.port_u16().unwrap_or(default) == own.port_u16().unwrap_or(default)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(html: &str) -> Vec<(Tag, String)> {
        inline_blocks(html)
    }

    /// Inline scripts and styles are found with their exact text; scripts with `src` and
    /// anything inside comments are not.
    #[test]
    fn inline_blocks_are_found_exactly() {
        let html = "<!doctype html><head>\
            <script src=\"/a.js\"></script>\
            <SCRIPT type=\"module\">\nimport init from '/x.js';\ninit();\n</SCRIPT>\
            <!-- <script>not this</script> -->\
            <style media='screen'>a{b:c}</style>\
            <scripts>not a script</scripts>\
            <script data-x='a > b' async>one()</script>\
            </head>";
        assert_eq!(
            blocks(html),
            vec![
                (Tag::Script, "\nimport init from '/x.js';\ninit();\n".into()),
                (Tag::Style, "a{b:c}".into()),
                (Tag::Script, "one()".into()),
            ]
        );
    }

    /// `src` must be the attribute itself, not a value or a longer name.
    #[test]
    fn only_a_real_src_attribute_makes_a_script_external() {
        assert!(has_attribute(" type=module src=/a.js", "src"));
        assert!(has_attribute(" async src", "src"));
        assert!(!has_attribute(" data-src=/a.js", "src"));
        assert!(!has_attribute(" title='src=x' type=module", "src"));
        assert!(!has_attribute(" title=\"a src b\"", "src"));
        assert_eq!(blocks("<script data-src='x'>go()</script>").len(), 1);
        assert!(blocks("<script type=module src='/x.js'></script>").is_empty());
    }

    /// The hash is over the text as the browser sees it: CR LF becomes LF. The value for
    /// `alert('Hello, world.');` is the one in the CSP specification's example.
    #[test]
    fn hashes_match_what_the_browser_computes() {
        let spec = InlineHashes::of("<script>alert('Hello, world.');</script>");
        assert_eq!(
            spec.scripts.iter().next().unwrap(),
            "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
        );
        assert_eq!(
            InlineHashes::of("<style>a{}\r\nb{}</style>"),
            InlineHashes::of("<style>a{}\nb{}</style>")
        );
        let unterminated = InlineHashes::of("<script>never closed");
        assert!(unterminated.scripts.is_empty());
    }

    /// The page policy allows our files, wasm, and exactly the page's inline blocks.
    #[test]
    fn the_page_policy_names_each_inline_block() {
        let p = page_policy(&InlineHashes::of("<script>a()</script><style>b{}</style>"));
        let script = hash_source("a()");
        let style = hash_source("b{}");
        assert!(p.contains(&format!("script-src 'self' 'wasm-unsafe-eval' {script};")));
        assert!(p.contains(&format!("style-src 'self' {style};")));
        for d in [
            "default-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
            "worker-src 'self'",
            "manifest-src 'self'",
        ] {
            assert!(p.contains(d), "{d} in {p}");
        }
        assert!(!p.contains("unsafe-inline") && !p.contains("'unsafe-eval'"));
    }

    fn req(method: Method, pairs: &[(&str, &str)]) -> bool {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(
                header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        from_another_site(&method, &h, &Uri::from_static("/api/v1/x"))
    }

    #[test]
    fn writes_from_our_own_pages_or_without_an_origin_pass() {
        let host = ("host", "127.0.0.1:3000");
        assert!(!req(Method::POST, &[host]));
        assert!(!req(
            Method::POST,
            &[host, ("origin", "http://127.0.0.1:3000")]
        ));
        assert!(!req(
            Method::DELETE,
            &[
                ("host", "linli.example"),
                ("origin", "https://linli.example")
            ]
        ));
        assert!(!req(
            Method::PATCH,
            &[
                ("host", "Linli.Example:443"),
                ("origin", "https://linli.example")
            ]
        ));
        for site in ["same-origin", "same-site", "none"] {
            assert!(!req(Method::PUT, &[host, ("sec-fetch-site", site)]));
        }
        // Reading is never refused, whoever asks.
        assert!(!req(
            Method::GET,
            &[
                host,
                ("origin", "https://evil.example"),
                ("sec-fetch-site", "cross-site")
            ]
        ));
    }

    #[test]
    fn writes_from_another_site_are_refused() {
        let host = ("host", "127.0.0.1:3000");
        assert!(req(
            Method::POST,
            &[host, ("origin", "https://evil.example")]
        ));
        assert!(req(
            Method::POST,
            &[host, ("origin", "http://127.0.0.1:3001")]
        ));
        assert!(req(Method::POST, &[host, ("origin", "http://127.0.0.1")]));
        assert!(req(Method::POST, &[host, ("origin", "null")]));
        assert!(req(
            Method::DELETE,
            &[host, ("sec-fetch-site", "cross-site")]
        ));
        assert!(req(
            Method::PATCH,
            &[
                ("host", "linli.example"),
                ("origin", "https://linli.example.evil.example")
            ]
        ));
        assert!(
            req(Method::POST, &[("origin", "http://127.0.0.1:3000")]),
            "no host to compare with"
        );
    }
}
