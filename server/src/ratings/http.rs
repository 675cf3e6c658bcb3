//! The ratings API: rate an order, an attended session or a taken shop item; edit,
//! reply, hide; the public lists; scores per node and the reviewers' assessment table.

use axum::extract::State;
use axum::http::StatusCode;
use linli_app::api::orders::{
    AssessmentQuery, HideRequest, RateRequest, Rating, RatingQuery, RatingSubject, ReplyRequest,
    Scores,
};
use linli_app::api::ErrorBody;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::CurrentUser;
use crate::error::{AppJson, AppPath, AppQuery, AppResult};
use crate::store::now;
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(rate_order))
        .routes(routes!(rate_session))
        .routes(routes!(rate_item))
        .routes(routes!(rate_training))
        .routes(routes!(rate_help))
        .routes(routes!(list_ratings))
        .routes(routes!(edit_rating))
        .routes(routes!(reply_to_rating))
        .routes(routes!(hide_rating))
        .routes(routes!(node_scores))
        .routes(routes!(team_assessment))
}

async fn rate(
    state: AppState,
    user: CurrentUser,
    subject: RatingSubject,
    id: i64,
    req: RateRequest,
) -> AppResult<(StatusCode, AppJson<Rating>)> {
    let r = state
        .db
        .write(move |tx| super::rate(tx, &user, subject, id, &req, now()))
        .await?;
    Ok((StatusCode::CREATED, AppJson(r)))
}

/// Rate a done order, once (only the person served).
#[utoipa::path(post, path = "/orders/{id}/rating", tag = "ratings",
    params(("id" = i64, Path, description = "Order id")),
    request_body = RateRequest,
    responses(
        (status = 201, description = "The rating", body = Rating),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not the person served", body = ErrorBody),
        (status = 404, description = "No such order", body = ErrorBody),
        (status = 409, description = "Not done yet, or rated already", body = ErrorBody),
        (status = 422, description = "Invalid stars or comment", body = ErrorBody)))]
async fn rate_order(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<RateRequest>,
) -> AppResult<(StatusCode, AppJson<Rating>)> {
    rate(state, user, RatingSubject::Order, id, req).await
}

/// Rate a project session I attended (checked in to), once.
#[utoipa::path(post, path = "/sessions/{id}/rating", tag = "ratings",
    params(("id" = i64, Path, description = "Session id")),
    request_body = RateRequest,
    responses(
        (status = 201, description = "The rating", body = Rating),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Did not attend", body = ErrorBody),
        (status = 404, description = "No such session", body = ErrorBody),
        (status = 409, description = "Rated already", body = ErrorBody),
        (status = 422, description = "Invalid stars or comment", body = ErrorBody)))]
async fn rate_session(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<RateRequest>,
) -> AppResult<(StatusCode, AppJson<Rating>)> {
    rate(state, user, RatingSubject::Session, id, req).await
}

/// Rate a shop item I took, once.
#[utoipa::path(post, path = "/shop/items/{id}/rating", tag = "ratings",
    params(("id" = i64, Path, description = "Item id")),
    request_body = RateRequest,
    responses(
        (status = 201, description = "The rating", body = Rating),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Never took this item", body = ErrorBody),
        (status = 404, description = "No such item", body = ErrorBody),
        (status = 409, description = "Rated already", body = ErrorBody),
        (status = 422, description = "Invalid stars or comment", body = ErrorBody)))]
async fn rate_item(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<RateRequest>,
) -> AppResult<(StatusCode, AppJson<Rating>)> {
    rate(state, user, RatingSubject::ShopItem, id, req).await
}

/// Rate a training course I attended (at least one session), once.
#[utoipa::path(post, path = "/trainings/{id}/rating", tag = "ratings",
    params(("id" = i64, Path, description = "Course id")),
    request_body = RateRequest,
    responses(
        (status = 201, description = "The rating", body = Rating),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Attended no session of it", body = ErrorBody),
        (status = 404, description = "No such course", body = ErrorBody),
        (status = 409, description = "Rated already", body = ErrorBody),
        (status = 422, description = "Invalid stars or comment", body = ErrorBody)))]
async fn rate_training(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<RateRequest>,
) -> AppResult<(StatusCode, AppJson<Rating>)> {
    rate(state, user, RatingSubject::Training, id, req).await
}

/// Rate the help I asked for once I confirmed it was done, once (only the resident who
/// asked). Shown on the request, not in the public lists.
#[utoipa::path(post, path = "/help/{id}/rating", tag = "ratings",
    params(("id" = i64, Path, description = "Help request id")),
    request_body = RateRequest,
    responses(
        (status = 201, description = "The rating", body = Rating),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not the resident who asked", body = ErrorBody),
        (status = 404, description = "No such request", body = ErrorBody),
        (status = 409, description = "Not done yet, or rated already", body = ErrorBody),
        (status = 422, description = "Invalid stars or comment", body = ErrorBody)))]
async fn rate_help(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<RateRequest>,
) -> AppResult<(StatusCode, AppJson<Rating>)> {
    rate(state, user, RatingSubject::Help, id, req).await
}

/// Ratings of one subject, or of one team's orders and sessions, newest first; public.
/// Hidden words are blank; a help request's rating is not listed (it shows on the
/// request only).
#[utoipa::path(get, path = "/ratings", tag = "ratings",
    params(RatingQuery),
    responses(
        (status = 200, description = "Ratings", body = Vec<Rating>),
        (status = 400, description = "Malformed query", body = ErrorBody)))]
async fn list_ratings(
    State(state): State<AppState>,
    AppQuery(q): AppQuery<RatingQuery>,
) -> AppResult<AppJson<Vec<Rating>>> {
    let subject = q.subject.zip(q.subject_id);
    let list = state
        .db
        .read(move |c| super::list(c, subject, q.team_id))
        .await?;
    Ok(AppJson(list))
}

/// Change my rating, within 7 days of giving it.
#[utoipa::path(patch, path = "/ratings/{id}", tag = "ratings",
    params(("id" = i64, Path, description = "Rating id")),
    request_body = RateRequest,
    responses(
        (status = 200, description = "The rating", body = Rating),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not my rating", body = ErrorBody),
        (status = 404, description = "No such rating", body = ErrorBody),
        (status = 409, description = "More than 7 days old", body = ErrorBody),
        (status = 422, description = "Invalid stars or comment", body = ErrorBody)))]
async fn edit_rating(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<RateRequest>,
) -> AppResult<AppJson<Rating>> {
    let r = state
        .db
        .write(move |tx| super::edit(tx, &user, id, &req, now()))
        .await?;
    Ok(AppJson(r))
}

/// The rated team's reply, once (its leader).
#[utoipa::path(post, path = "/ratings/{id}/reply", tag = "ratings",
    params(("id" = i64, Path, description = "Rating id")),
    request_body = ReplyRequest,
    responses(
        (status = 200, description = "The rating with the reply", body = Rating),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a leader of the rated team", body = ErrorBody),
        (status = 404, description = "No such rating", body = ErrorBody),
        (status = 409, description = "Replied already", body = ErrorBody),
        (status = 422, description = "Invalid text", body = ErrorBody)))]
async fn reply_to_rating(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<ReplyRequest>,
) -> AppResult<AppJson<Rating>> {
    let r = state
        .db
        .write(move |tx| super::reply(tx, &user, id, &req.text, now()))
        .await?;
    // The rater is told of the reply; wake their open streams now it is committed.
    state.notices.committed();
    Ok(AppJson(r))
}

/// Hide abusive words (a reviewer over the rated team; a global admin for shop items).
/// The original and the reason stay in the audit log.
#[utoipa::path(post, path = "/ratings/{id}/hide", tag = "ratings",
    params(("id" = i64, Path, description = "Rating id")),
    request_body = HideRequest,
    responses(
        (status = 200, description = "The rating, words hidden", body = Rating),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a reviewer over the team", body = ErrorBody),
        (status = 404, description = "No such rating", body = ErrorBody),
        (status = 422, description = "Invalid reason", body = ErrorBody)))]
async fn hide_rating(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<HideRequest>,
) -> AppResult<AppJson<Rating>> {
    let r = state
        .db
        .write(move |tx| super::hide(tx, &user, id, &req.reason))
        .await?;
    Ok(AppJson(r))
}

/// Scores of a team, a branch or a place (and everything below): average stars with the
/// count, completion rate, median times to review, accept and complete.
#[utoipa::path(get, path = "/nodes/{id}/scores", tag = "ratings",
    params(("id" = i64, Path, description = "Node id")),
    responses(
        (status = 200, description = "Scores", body = Scores),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such node", body = ErrorBody)))]
async fn node_scores(
    State(state): State<AppState>,
    _user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<Scores>> {
    let s = state.db.read(move |c| super::scores(c, id)).await?;
    Ok(AppJson(s))
}

/// The assessment table for reviewers: the teams in reach, or (`level=communities`) the
/// communities their orders served, best rated first.
#[utoipa::path(get, path = "/assessment", tag = "ratings",
    params(AssessmentQuery),
    responses(
        (status = 200, description = "Teams or communities ranked", body = Vec<Scores>),
        (status = 400, description = "Malformed query", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a reviewer", body = ErrorBody)))]
async fn team_assessment(
    State(state): State<AppState>,
    user: CurrentUser,
    AppQuery(q): AppQuery<AssessmentQuery>,
) -> AppResult<AppJson<Vec<Scores>>> {
    let level = q.level.unwrap_or_default();
    let list = state
        .db
        .read(move |c| super::assessment(c, &user, level))
        .await?;
    Ok(AppJson(list))
}
