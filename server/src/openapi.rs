//! The OpenAPI document (generated from the handlers' annotations) and a docs page
//! rendered from it on the server, so it needs no external assets.
//!
//! The answers that come from how an operation is called rather than from what it does
//! (a body that is not JSON, a path id that is not a number, a request from another
//! site's page) are added here to every operation where they can occur, so the document
//! tells the truth without each handler repeating them.

use axum::{http::header, response::Html, routing::get, Json, Router};
use utoipa::openapi::{
    path::{Operation, ParameterIn, PathItem},
    ContentBuilder, OpenApi, Ref, RefOr, Response, ResponseBuilder,
};

use crate::html::escape;
use crate::security::{page_policy, InlineHashes};
use crate::AppState;

#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "Linli 邻里 API", description = "Community volunteer-service points."),
    tags((name = "system", description = "Health and documentation"))
)]
pub struct ApiDoc;

impl ApiDoc {
    pub fn doc() -> OpenApi {
        <ApiDoc as utoipa::OpenApi>::openapi()
    }
}

pub fn router(mut doc: OpenApi) -> Router<AppState> {
    document_shared_errors(&mut doc);
    let html = docs_page(&doc);
    let policy = page_policy(&InlineHashes::of(&html));
    Router::new()
        .route(
            "/api/v1/openapi.json",
            get(move || async move { Json(doc) }),
        )
        .route(
            "/api/docs",
            get(move || async move { ([(header::CONTENT_SECURITY_POLICY, policy)], Html(html)) }),
        )
}

const BAD_REQUEST: &str = "Malformed request: a path or query value of the wrong type, \
    or a body that is not JSON or is sent without `Content-Type: application/json`";
const CROSS_SITE: &str =
    "Refused: sent by another site's page (`Origin` or `Sec-Fetch-Site`), or not allowed";
const TOO_LARGE: &str = "The body is larger than allowed";
const UNFIT: &str = "The body is JSON but not of the expected form (an array for an object, \
    a wrong type, an unknown choice, a missing field) or a value is out of range";

/// Adds to every operation the error answers its way of being called can give, unless
/// its own annotation already describes that status: 400 where it takes path or query
/// values or a body; 413 and 422 where it takes a body; 403 where it changes something
/// (cross-site writes are refused before any handler runs).
fn document_shared_errors(doc: &mut OpenApi) {
    for (path, item) in doc.paths.paths.iter_mut() {
        let in_path = path.contains('{');
        for (writes, op) in operations_mut(item) {
            let query = op
                .parameters
                .iter()
                .flatten()
                .any(|p| p.parameter_in == ParameterIn::Query);
            let body = op.request_body.is_some();
            if in_path || query || body {
                add_error(op, "400", BAD_REQUEST);
            }
            if body {
                add_error(op, "413", TOO_LARGE);
                add_error(op, "422", UNFIT);
            }
            if writes {
                add_error(op, "403", CROSS_SITE);
            }
        }
    }
}

/// Each operation of a path, with whether its method changes state.
fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = (bool, &mut Operation)> {
    [
        (false, &mut item.get),
        (false, &mut item.head),
        (false, &mut item.options),
        (true, &mut item.post),
        (true, &mut item.put),
        (true, &mut item.patch),
        (true, &mut item.delete),
    ]
    .into_iter()
    .filter_map(|(writes, op)| op.as_mut().map(|op| (writes, op)))
}

fn add_error(op: &mut Operation, status: &str, description: &str) {
    op.responses
        .responses
        .entry(status.to_string())
        .or_insert_with(|| RefOr::T(error_response(description)));
}

fn error_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
}

/// A plain HTML page listing every operation with its summary and responses.
fn docs_page(doc: &OpenApi) -> String {
    let mut rows = String::new();
    for (path, item) in doc.paths.paths.iter() {
        let ops = [
            ("GET", &item.get),
            ("POST", &item.post),
            ("PUT", &item.put),
            ("PATCH", &item.patch),
            ("DELETE", &item.delete),
        ];
        for (method, op) in ops {
            let Some(op) = op else { continue };
            let summary = op
                .summary
                .clone()
                .or(op.description.clone())
                .unwrap_or_default();
            let tags = op.tags.clone().unwrap_or_default().join(", ");
            let responses: Vec<String> = op.responses.responses.keys().cloned().collect();
            rows.push_str(&format!(
                "<tr><td class=m>{method}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                escape(path),
                escape(&summary),
                escape(&tags),
                responses.join(" ")
            ));
        }
    }
    format!(
        "<!doctype html><html lang=zh-CN><head><meta charset=utf-8>\
<meta name=viewport content='width=device-width,initial-scale=1'>\
<title>Linli API</title><link rel=icon href=/favicon.svg type=image/svg+xml><style>body{{font-family:system-ui,sans-serif;margin:1rem}}\
table{{border-collapse:collapse;width:100%}}td,th{{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}}\
.m{{font-weight:bold}}</style></head><body><h1>{} {}</h1>\
<p>OpenAPI document: <a href=/api/v1/openapi.json>/api/v1/openapi.json</a></p>\
<table><thead><tr><th>Method</th><th>Path</th><th>Summary</th><th>Tag</th><th>Responses</th></tr></thead>\
<tbody>\n{rows}</tbody></table></body></html>",
        escape(&doc.info.title),
        escape(&doc.info.version)
    )
}
