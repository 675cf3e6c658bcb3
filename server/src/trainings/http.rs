//! Training courses' API. Handlers check who is asking and call `trainings`; every rule
//! lives there.

use axum::extract::State;
use axum::http::StatusCode;
use linli_app::api::projects::Certificate;
use linli_app::api::trainings::{
    CreateTraining, Enrolment, TraineeProgress, Training, TrainingAttendance,
};
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
        .routes(routes!(mark_attendance))
        .routes(routes!(training_roster))
        .routes(routes!(training_certificate))
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
        .read(move |c| super::upcoming(c, &user, now()))
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
        .read(move |c| super::view(c, super::existing(c, id)?, &user))
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
    let list = state.db.read(move |c| super::mine(c, &user)).await?;
    Ok(AppJson(list))
}

/// Mark an enrolled trainee present at a session that has started, or take the mark back
/// (the course's organiser).
#[utoipa::path(post, path = "/training-sessions/{id}/attendance", tag = "trainings",
    params(("id" = i64, Path, description = "Course session id")),
    request_body = TrainingAttendance,
    responses(
        (status = 200, description = "The trainee's progress", body = TraineeProgress),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not the course's organiser", body = ErrorBody),
        (status = 404, description = "No such session", body = ErrorBody),
        (status = 409, description = "Not started, or the person is not enrolled", body = ErrorBody),
        (status = 422, description = "Invalid field", body = ErrorBody)))]
async fn mark_attendance(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<TrainingAttendance>,
) -> AppResult<AppJson<TraineeProgress>> {
    let p = state
        .db
        .write(move |tx| super::mark(tx, &user, id, &req, now()))
        .await?;
    Ok(AppJson(p))
}

/// Every trainee's attendance and completion (the course's organiser).
#[utoipa::path(get, path = "/trainings/{id}/roster", tag = "trainings",
    params(("id" = i64, Path, description = "Course id")),
    responses(
        (status = 200, description = "Trainees in enrolment order", body = Vec<TraineeProgress>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not the course's organiser", body = ErrorBody),
        (status = 404, description = "No such course", body = ErrorBody)))]
async fn training_roster(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<Vec<TraineeProgress>>> {
    let list = state.db.read(move |c| super::roster(c, &user, id)).await?;
    Ok(AppJson(list))
}

/// A signed completion certificate for a course I completed: training time only, no
/// service hours or points; checked at `/certificates/{code}` like every certificate.
#[utoipa::path(post, path = "/trainings/{id}/certificate", tag = "trainings",
    params(("id" = i64, Path, description = "Course id")),
    responses(
        (status = 201, description = "The certificate", body = Certificate),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such course", body = ErrorBody),
        (status = 409, description = "Not completed", body = ErrorBody)))]
async fn training_certificate(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<(StatusCode, AppJson<Certificate>)> {
    let key = state.certificate_key.clone();
    let c = state
        .db
        .write(move |tx| super::certificate(tx, &key, user.id, id, now()))
        .await?;
    Ok((StatusCode::CREATED, AppJson(c)))
}
