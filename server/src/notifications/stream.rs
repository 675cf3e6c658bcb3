//! `GET /notifications/stream`: my notifications as Server-Sent Events. Each event's id
//! is the notice's id, so a browser's `EventSource` that reconnects sends the last one it
//! saw as `Last-Event-ID` and gets what it missed, replayed from the table. An open stream
//! sleeps until [`super::live`] says its person's notices were committed, then reads what
//! is new from the table; the table stays the truth, so a missed wake-up costs only time
//! (the stream also looks every [`FALLBACK`]). A comment every 15 s keeps proxies from
//! closing an idle stream.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};
use linli_app::api::orders::{Notice, NoticeQuery};
use linli_app::i18n::Lang;

use crate::auth::CurrentUser;
use crate::error::{AppQuery, AppResult};
use crate::metrics::GaugeGuard;
use crate::store::{notifications as store, Db};
use crate::AppState;

/// How often an open stream looks for new notices without being woken.
pub const FALLBACK: Duration = Duration::from_secs(20);

/// Where a (re)connecting client left off: `Last-Event-ID`, else `?after=`, else now
/// (only notices from here on).
fn resume_from(headers: &HeaderMap, after: Option<i64>) -> Option<i64> {
    headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .or(after)
}

struct Cursor {
    db: Db,
    user_id: i64,
    lang: Lang,
    last: i64,
    pending: VecDeque<Notice>,
    /// Read again without waiting: at the start, and while reads come back full.
    ready: bool,
    wake: super::live::Listener,
    _live: GaugeGuard,
}

/// Most notices one read takes; a longer backlog is read page after page, oldest first,
/// so a reconnect after many notices skips none.
const PAGE: i64 = 200;

/// The next notices after `last`, oldest first.
async fn newer(c: &Cursor) -> Vec<Notice> {
    let (user, lang, last) = (c.user_id, c.lang, c.last);
    c.db.read(move |conn| {
        Ok(store::after_oldest_first(conn, user, last, PAGE)?
            .into_iter()
            .map(|r| super::to_api(lang, r))
            .collect())
    })
    .await
    .unwrap_or_default()
}

fn event(n: &Notice) -> Event {
    Event::default()
        .id(n.id.to_string())
        .event("notice")
        .data(serde_json::to_string(n).unwrap_or_default())
}

/// The events of one connection: what was missed first, then new notices as they are
/// stored.
fn events(cursor: Cursor) -> impl Stream<Item = Result<Event, Infallible>> {
    stream::unfold(cursor, |mut c| async move {
        loop {
            if let Some(n) = c.pending.pop_front() {
                c.last = c.last.max(n.id);
                let e = event(&n);
                return Some((Ok(e), c));
            }
            if !c.ready {
                c.wake.wait(FALLBACK).await;
            }
            c.pending = newer(&c).await.into();
            c.ready = c.pending.len() as i64 == PAGE;
        }
    })
}

/// My notifications as they come (Server-Sent Events, event `notice`, data a `Notice`).
/// Reconnecting with `Last-Event-ID` (or `?after=`) replays what was missed; without
/// either, only notices from now on. Clients that cannot stream poll
/// `GET /notifications?after=` instead.
#[utoipa::path(get, path = "/notifications/stream", tag = "notifications",
    params(NoticeQuery,
        ("Last-Event-ID" = Option<i64>, Header, description = "The last notice id seen")),
    responses(
        (status = 200, description = "An event stream of notices", content_type = "text/event-stream", body = String),
        (status = 400, description = "Malformed query", body = linli_app::api::ErrorBody),
        (status = 401, description = "Not signed in", body = linli_app::api::ErrorBody)))]
pub async fn notification_stream(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    AppQuery(q): AppQuery<NoticeQuery>,
) -> AppResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let user_id = user.id;
    // Listen before the first read of the table: what commits after it wakes us.
    let wake = state.notices.listen(user_id);
    let last = match resume_from(&headers, q.after) {
        Some(id) => id,
        None => {
            state
                .db
                .read(move |c| {
                    Ok(store::list(c, user_id, None, 1)?
                        .first()
                        .map_or(0, |n| n.id))
                })
                .await?
        }
    };
    let cursor = Cursor {
        db: state.db.clone(),
        user_id,
        lang: user.lang,
        last,
        pending: VecDeque::new(),
        ready: true,
        wake,
        _live: state.metrics.live_connection(),
    };
    Ok(Sse::new(events(cursor)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Last-Event-ID wins over `after`; junk in it is ignored.
    #[test]
    fn a_reconnect_resumes_from_the_last_event_id() {
        let mut h = HeaderMap::new();
        assert_eq!(resume_from(&h, Some(3)), Some(3));
        h.insert("last-event-id", "17".parse().unwrap());
        assert_eq!(resume_from(&h, Some(3)), Some(17));
        h.insert("last-event-id", "abc".parse().unwrap());
        assert_eq!(resume_from(&h, None), None);
    }
}
