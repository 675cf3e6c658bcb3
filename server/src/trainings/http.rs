//! Training courses' API. Handlers check who is asking and call `trainings`; every rule
//! lives there.

use axum::extract::State;
use axum::http::StatusCode;
use linli_app::api::trainings::{CreateTraining, Enrolment, Training};
use linli_app::api::ErrorBody;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::CurrentUser;
use crate::error::{AppJson, AppPath, AppResult};
use crate::store::now;
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_trainings, create_training))
        .routes(routes!(get_training))
        .routes(routes!(enrol))
        .routes(routes!(my_trainings))
}

/// Courses not yet over, soonest first, with places left.
#[utoipa::path(get, path = "/trainings", tag = "trainings",
    responses(
        (status = 200, description = "Upcoming courses", body = Vec<Training>),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
async fn list_trainings(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<AppJson<Vec<Training>>> {
    let list = state
        .db
        .read(move |c| super::upcoming(c, user.id, now()))
        .await?;
    Ok(AppJson(list))
}

/// Organise a course with one or more sessions for a team or branch (its team leader or
/// an admin over it).
#[utoipa::path(post, path = "/trainings", tag = "trainings",
    request_body = CreateTraining,
    responses(
        (status = 201, description = "The course", body = Training),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Neither a leader nor an admin of this node", body = ErrorBody),
        (status = 404, description = "No such node", body = ErrorBody),
        (status = 422, description = "Invalid field", body = ErrorBody)))]
async fn create_training(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<CreateTraining>,
) -> AppResult<(StatusCode, AppJson<Training>)> {
    let t = state
        .db
        .write(move |tx| super::create(tx, &user, &req, now()))
        .await?;
    Ok((StatusCode::CREATED, AppJson(t)))
}

/// A course with its sessions and places.
#[utoipa::path(get, path = "/trainings/{id}", tag = "trainings",
    params(("id" = i64, Path, description = "Course id")),
    responses(
        (status = 200, description = "The course", body = Training),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such course", body = ErrorBody)))]
async fn get_training(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<Training>> {
    let t = state
        .db
        .read(move |c| super::view(c, super::existing(c, id)?, user.id))
        .await?;
    Ok(AppJson(t))
}

/// Enrol in a course until its first session starts, while places are left.
#[utoipa::path(post, path = "/trainings/{id}/enrolment", tag = "trainings",
    params(("id" = i64, Path, description = "Course id")),
    responses(
        (status = 201, description = "Enrolled", body = Enrolment),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such course", body = ErrorBody),
        (status = 409, description = "Full, already enrolled, or started", body = ErrorBody)))]
async fn enrol(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<(StatusCode, AppJson<Enrolment>)> {
    let e = state
        .db
        .write(move |tx| super::enrol(tx, user.id, id, now()))
        .await?;
    Ok((StatusCode::CREATED, AppJson(e)))
}

/// The courses I am enrolled in, latest enrolment first.
#[utoipa::path(get, path = "/me/trainings", tag = "trainings",
    responses(
        (status = 200, description = "My courses", body = Vec<Training>),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
async fn my_trainings(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<AppJson<Vec<Training>>> {
    let list = state.db.read(move |c| super::mine(c, user.id)).await?;
    Ok(AppJson(list))
}
