//! `/metrics` in the Prometheus text format, written by hand (a few counters, gauges and
//! histograms need no crate). Closed by default: it answers 404 unless
//! `LINLI_METRICS_TOKEN` is set, and then only to `Authorization: Bearer <token>`.
//! It is not under `/api/v1`, so it is not in the OpenAPI document.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::{
    extract::{MatchedPath, Request, State},
    http::{header, HeaderMap, HeaderValue, Method},
    middleware::Next,
    response::{IntoResponse, Response},
};
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::AppState;

/// Upper bounds (seconds) of the latency buckets: request answers and commits.
pub const SECONDS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];
/// Upper bounds of the writes-per-commit buckets (the writer takes at most 64).
pub const GROUP_SIZES: &[f64] = &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0];

/// The kiosk's checkout route: its 201 answers are the checkouts counted (a retry is a
/// 200, a refusal a 4xx), so only committed sales count.
const CHECKOUT_ROUTE: &str = "/api/v1/kiosk/checkout";
/// The route label of requests no route matched (the static site, junk paths): one label,
/// so arbitrary paths cannot blow up the number of series.
const UNMATCHED: &str = "unmatched";

/// The writer's figures, for `/metrics`.
pub struct WriterStats {
    /// Writes sent and not yet taken into a transaction.
    pub queued: AtomicI64,
    pub commit_seconds: Histogram,
    pub group_size: Histogram,
    /// Groups refused by the storage (disk full, read-only, I/O error).
    pub storage_failures: AtomicU64,
}

impl Default for WriterStats {
    fn default() -> Self {
        WriterStats {
            queued: AtomicI64::new(0),
            commit_seconds: Histogram::new(SECONDS),
            group_size: Histogram::new(GROUP_SIZES),
            storage_failures: AtomicU64::new(0),
        }
    }
}

/// A histogram over fixed buckets, updated without locks.
pub struct Histogram {
    bounds: &'static [f64],
    /// Per bucket (not cumulative); one more for +Inf.
    buckets: Vec<AtomicU64>,
    /// The sum in millionths, kept as an integer so it can be an atomic.
    sum_micros: AtomicU64,
}

impl Histogram {
    pub fn new(bounds: &'static [f64]) -> Histogram {
        Histogram {
            bounds,
            buckets: (0..=bounds.len()).map(|_| AtomicU64::new(0)).collect(),
            sum_micros: AtomicU64::new(0),
        }
    }

    pub fn observe(&self, value: f64) {
        let i = self.bounds.partition_point(|b| *b < value);
        self.buckets[i].fetch_add(1, Ordering::Relaxed);
        self.sum_micros
            .fetch_add((value * 1e6).round() as u64, Ordering::Relaxed);
    }

    /// The sample lines of this histogram; `labels` is empty or ends with a comma.
    fn render(&self, out: &mut String, name: &str, labels: &str) {
        let mut cumulative = 0;
        for (i, bucket) in self.buckets.iter().enumerate() {
            cumulative += bucket.load(Ordering::Relaxed);
            let le = self
                .bounds
                .get(i)
                .map_or("+Inf".to_string(), |b| b.to_string());
            let _ = writeln!(out, "{name}_bucket{{{labels}le=\"{le}\"}} {cumulative}");
        }
        let sum = self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let braces = labels_in_braces(labels);
        let _ = writeln!(out, "{name}_sum{braces} {sum}");
        let _ = writeln!(out, "{name}_count{braces} {cumulative}");
    }
}

/// What the HTTP side counts; the writer's own figures live in [`WriterStats`].
pub struct Metrics {
    /// Answers by (route template, method, status).
    requests: Mutex<BTreeMap<(String, &'static str, u16), u64>>,
    /// Answer latency by route template.
    latency: Mutex<BTreeMap<String, Arc<Histogram>>>,
    in_flight: Arc<AtomicI64>,
    live: Arc<AtomicI64>,
    checkouts: AtomicU64,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            requests: Mutex::default(),
            latency: Mutex::default(),
            in_flight: Arc::default(),
            live: Arc::default(),
            checkouts: AtomicU64::new(0),
        }
    }
}

/// Holds one up on a gauge until dropped (also when a request is cancelled midway).
/// It owns its gauge, so a stream that outlives its handler can carry it.
pub struct GaugeGuard(Arc<AtomicI64>);

impl GaugeGuard {
    fn new(gauge: &Arc<AtomicI64>) -> Self {
        gauge.fetch_add(1, Ordering::Relaxed);
        GaugeGuard(gauge.clone())
    }
}

impl Drop for GaugeGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Metrics {
    /// Counts a long-lived connection (a server-sent event stream) while the guard lives.
    pub fn live_connection(&self) -> GaugeGuard {
        GaugeGuard::new(&self.live)
    }

    fn record(&self, route: String, method: &'static str, status: u16, seconds: f64) {
        if route == CHECKOUT_ROUTE && status == 201 {
            self.checkouts.fetch_add(1, Ordering::Relaxed);
        }
        let histogram = {
            let mut latency = self.latency.lock().unwrap_or_else(|p| p.into_inner());
            latency
                .entry(route.clone())
                .or_insert_with(|| Arc::new(Histogram::new(SECONDS)))
                .clone()
        };
        histogram.observe(seconds);
        let mut requests = self.requests.lock().unwrap_or_else(|p| p.into_inner());
        *requests.entry((route, method, status)).or_insert(0) += 1;
    }

    /// The whole exposition text.
    pub fn render(&self, writer: &WriterStats) -> String {
        let mut out = String::new();
        let out = &mut out;
        header(
            out,
            "linli_http_requests_total",
            "counter",
            "HTTP requests answered, by route template, method and status.",
        );
        let requests = self
            .requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        for ((route, method, status), n) in &requests {
            let labels = format!(
                "route=\"{}\",method=\"{method}\",status=\"{status}\"",
                escape(route)
            );
            let _ = writeln!(out, "linli_http_requests_total{{{labels}}} {n}");
        }
        let name = "linli_http_request_duration_seconds";
        header(
            out,
            name,
            "histogram",
            "Time to answer a request (until the response head), by route template.",
        );
        let latency = self
            .latency
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        for (route, histogram) in &latency {
            histogram.render(out, name, &format!("route=\"{}\",", escape(route)));
        }
        let load = |n: &AtomicI64| n.load(Ordering::Relaxed);
        single(
            out,
            "linli_http_requests_in_flight",
            "gauge",
            "Requests being answered now.",
            load(&self.in_flight),
        );
        single(
            out,
            "linli_live_connections",
            "gauge",
            "Long-lived connections (server-sent event streams) open now.",
            load(&self.live),
        );
        single(
            out,
            "linli_checkouts_total",
            "counter",
            "Kiosk checkouts committed (retries and refusals not counted).",
            self.checkouts.load(Ordering::Relaxed),
        );
        single(
            out,
            "linli_db_write_queue_depth",
            "gauge",
            "Writes waiting for the database writer.",
            load(&writer.queued),
        );
        histogram(
            out,
            "linli_db_commit_seconds",
            "Time to commit one group of writes (the fsync included).",
            &writer.commit_seconds,
        );
        histogram(
            out,
            "linli_db_commit_group_size",
            "Writes sharing one commit.",
            &writer.group_size,
        );
        single(
            out,
            "linli_db_storage_failures_total",
            "counter",
            "Write groups refused by the storage (disk full, read-only, I/O error).",
            writer.storage_failures.load(Ordering::Relaxed),
        );
        std::mem::take(out)
    }
}

/// Middleware: counts every request under its route template and times its answer.
pub async fn track(State(metrics): State<Arc<Metrics>>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| UNMATCHED.to_string(), |p| p.as_str().to_string());
    let method = method_label(req.method());
    let started = Instant::now();
    let resp = {
        let _in_flight = GaugeGuard::new(&metrics.in_flight);
        next.run(req).await
    };
    let seconds = started.elapsed().as_secs_f64();
    metrics.record(route, method, resp.status().as_u16(), seconds);
    resp
}

/// GET /metrics: 404 unless a token is configured, 401 without that token.
pub async fn serve(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = state.config.metrics_token.as_deref() else {
        return AppError::NOT_FOUND.into_response();
    };
    if !bearer_matches(&headers, token) {
        let mut resp = AppError::UNAUTHENTICATED.into_response();
        resp.headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return resp;
    }
    let body = state.metrics.render(state.db.writer_stats());
    let text = HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8");
    ([(header::CONTENT_TYPE, text)], body).into_response()
}

/// Compares digests, so the time taken does not tell how much of the token was right.
fn bearer_matches(headers: &HeaderMap, token: &str) -> bool {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    let (a, b) = (Sha256::digest(given), Sha256::digest(token));
    !given.is_empty()
        && a.iter()
            .zip(b.iter())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The standard methods by name; anything else as one label.
fn method_label(m: &Method) -> &'static str {
    const KNOWN: [Method; 7] = [
        Method::GET,
        Method::HEAD,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
        Method::OPTIONS,
    ];
    KNOWN
        .iter()
        .find(|k| *k == m)
        .map_or("other", |k| k.as_str())
}

fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// A metric with one unlabelled sample.
fn single(out: &mut String, name: &str, kind: &str, help: &str, value: impl std::fmt::Display) {
    header(out, name, kind, help);
    let _ = writeln!(out, "{name} {value}");
}

fn histogram(out: &mut String, name: &str, help: &str, h: &Histogram) {
    header(out, name, "histogram", help);
    h.render(out, name, "");
}

fn labels_in_braces(labels: &str) -> String {
    match labels.strip_suffix(',') {
        Some(l) => format!("{{{l}}}"),
        None => String::new(),
    }
}

/// A label value as the exposition format wants it.
fn escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_histogram_renders_cumulative_buckets_sum_and_count() {
        let h = Histogram::new(&[1.0, 2.0]);
        for v in [0.5, 1.5, 1.5, 9.0] {
            h.observe(v);
        }
        let mut out = String::new();
        h.render(&mut out, "x", "route=\"/a\",");
        assert_eq!(
            out,
            "x_bucket{route=\"/a\",le=\"1\"} 1\nx_bucket{route=\"/a\",le=\"2\"} 3\n\
             x_bucket{route=\"/a\",le=\"+Inf\"} 4\nx_sum{route=\"/a\"} 12.5\n\
             x_count{route=\"/a\"} 4\n"
        );
    }
}
