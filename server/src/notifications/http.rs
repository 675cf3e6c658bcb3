//! The notifications API: the list (pollable with `after`), the unread count for the
//! bell, and marking read. Everyone signed in sees only their own.

use axum::extract::State;
use axum::http::StatusCode;
use linli_app::api::orders::{MarkRead, Notice, NoticeQuery, UnreadCount};
use linli_app::api::ErrorBody;
use linli_app::validate::{Invalid, Problem};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::CurrentUser;
use crate::error::{AppError, AppJson, AppQuery, AppResult};
use crate::store::{notifications as store, now};
use crate::AppState;

/// Most ids one mark-read request may name.
const MAX_IDS: usize = 500;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_notifications))
        .routes(routes!(unread_notifications))
        .routes(routes!(mark_notifications_read))
        .routes(routes!(super::stream::notification_stream))
}

/// My notifications, newest first, worded in my language; `after` returns only newer
/// ones (a polling client passes the newest id it has).
#[utoipa::path(get, path = "/notifications", tag = "notifications",
    params(NoticeQuery),
    responses(
        (status = 200, description = "My notifications", body = Vec<Notice>),
        (status = 400, description = "Malformed query", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
async fn list_notifications(
    State(state): State<AppState>,
    user: CurrentUser,
    AppQuery(q): AppQuery<NoticeQuery>,
) -> AppResult<AppJson<Vec<Notice>>> {
    let list = state
        .db
        .read(move |c| super::list(c, user.id, user.lang, q.after))
        .await?;
    Ok(AppJson(list))
}

/// How many of my notifications are unread (the bell's number).
#[utoipa::path(get, path = "/notifications/unread", tag = "notifications",
    responses(
        (status = 200, description = "Unread count", body = UnreadCount),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
async fn unread_notifications(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<AppJson<UnreadCount>> {
    let unread = state
        .db
        .read(move |c| store::unread_count(c, user.id))
        .await?;
    Ok(AppJson(UnreadCount { unread }))
}

/// Marks some of my notifications read (all of them when `ids` is empty); others'
/// ids are ignored.
#[utoipa::path(post, path = "/notifications/read", tag = "notifications",
    request_body = MarkRead,
    responses(
        (status = 204, description = "Marked"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 422, description = "Too many ids", body = ErrorBody)))]
async fn mark_notifications_read(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<MarkRead>,
) -> AppResult<StatusCode> {
    if req.ids.len() > MAX_IDS {
        return Err(AppError::Invalid(Invalid {
            field: "ids",
            problem: Problem::TooLong { max: MAX_IDS },
        }));
    }
    state
        .db
        .write(move |tx| store::mark_read(tx, user.id, &req.ids, now()))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
