//! The OpenAPI document (generated from the handlers' annotations) and a docs page
//! rendered from it on the server, so it needs no external assets.

use axum::{http::header, response::Html, routing::get, Json, Router};
use utoipa::openapi::OpenApi;

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

pub fn router(doc: OpenApi) -> Router<AppState> {
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

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
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
<title>Linli API</title><style>body{{font-family:system-ui,sans-serif;margin:1rem}}\
table{{border-collapse:collapse;width:100%}}td,th{{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}}\
.m{{font-weight:bold}}</style></head><body><h1>{} {}</h1>\
<p>OpenAPI document: <a href=/api/v1/openapi.json>/api/v1/openapi.json</a></p>\
<table><thead><tr><th>Method</th><th>Path</th><th>Summary</th><th>Tag</th><th>Responses</th></tr></thead>\
<tbody>\n{rows}</tbody></table></body></html>",
        escape(&doc.info.title),
        escape(&doc.info.version)
    )
}
