//! The project board's API. Handlers check who is asking and call `projects`; every rule
//! lives there. All routes need a session except the public certificate check.

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use linli_app::api::cards::CardStatus;
use linli_app::api::projects::{
    AddSessions, AttendanceRequest, BoardQuery, Certificate, CreateProject, EditHours, HourRecord,
    HoursDecision, HoursQuery, ManageQuery, MyHours, Notification, Project, ProjectStats,
    ProjectSummary, RejectProject, Roster, RosterEntry, Signup, StatsQuery, UpdateProject,
    VolunteerRecord,
};
use linli_app::api::{ErrorBody, Reason};
use linli_app::cards::{read_presented, PinPolicy, Presented as Read};
use linli_app::validate::{self, Invalid, Problem};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{attendance, ics, record, signups, Transition};
use crate::auth::CurrentUser;
use crate::cards::{self, Presented, VerifyError};
use crate::error::{AppError, AppJson, AppPath, AppQuery, AppResult};
use crate::store::{cards as card_store, now, projects as store};
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(board, create_project))
        .routes(routes!(get_project, update_project))
        .routes(routes!(add_sessions))
        .routes(routes!(submit_project))
        .routes(routes!(approve_project))
        .routes(routes!(reject_project))
        .routes(routes!(close_project))
        .routes(routes!(manage_projects))
        .routes(routes!(sign_up, cancel_signup))
        .routes(routes!(session_calendar))
        .routes(routes!(session_roster))
        .routes(routes!(record_attendance))
        .routes(routes!(submit_hours))
        .routes(routes!(edit_hours))
        .routes(routes!(review_hours, decide_hours))
        .routes(routes!(my_signups))
        .routes(routes!(my_hours))
        .routes(routes!(my_notifications))
        .routes(routes!(my_record))
        .routes(routes!(issue_certificate))
        .routes(routes!(verify_certificate))
        .routes(routes!(project_stats))
}

// ---- projects ----------------------------------------------------------------------------

/// The board: published projects, filtered by category, dates (a session starting in
/// `[from, to)`), territory (a community or grid and everything below), team and places
/// left; with places left per upcoming session and the team.
#[utoipa::path(get, path = "/projects", tag = "projects",
    params(BoardQuery),
    responses(
        (status = 200, description = "Projects on the board", body = Vec<ProjectSummary>),
        (status = 400, description = "Malformed query", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such territory node", body = ErrorBody),
        (status = 422, description = "Not a territory node", body = ErrorBody)))]
async fn board(
    State(state): State<AppState>,
    _user: CurrentUser,
    AppQuery(q): AppQuery<BoardQuery>,
) -> AppResult<AppJson<Vec<ProjectSummary>>> {
    let list = state.db.read(move |c| super::board(c, &q, now())).await?;
    Ok(AppJson(list))
}

/// Draft a project for a team (its team leader), with sessions, optionally repeated
/// weekly on chosen days until a date.
#[utoipa::path(post, path = "/projects", tag = "projects",
    request_body = CreateProject,
    responses(
        (status = 201, description = "The draft", body = Project),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a leader of this team", body = ErrorBody),
        (status = 404, description = "No such team", body = ErrorBody),
        (status = 422, description = "Invalid field", body = ErrorBody)))]
async fn create_project(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<CreateProject>,
) -> AppResult<(StatusCode, AppJson<Project>)> {
    let p = state
        .db
        .write(move |tx| super::create(tx, &user, &req, now()))
        .await?;
    Ok((StatusCode::CREATED, AppJson(p)))
}

/// A project with its sessions and places (drafts only to their leaders and reviewers).
#[utoipa::path(get, path = "/projects/{id}", tag = "projects",
    params(("id" = i64, Path, description = "Project id")),
    responses(
        (status = 200, description = "The project", body = Project),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such project", body = ErrorBody)))]
async fn get_project(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<Project>> {
    let p = state
        .db
        .read(move |c| {
            super::require_visible(&user, &super::existing(c, id)?)?;
            super::detail(c, id)
        })
        .await?;
    Ok(AppJson(p))
}

/// Edit a draft or rejected project (its team leader).
#[utoipa::path(patch, path = "/projects/{id}", tag = "projects",
    params(("id" = i64, Path, description = "Project id")),
    request_body = UpdateProject,
    responses(
        (status = 200, description = "The project", body = Project),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a leader of its team", body = ErrorBody),
        (status = 404, description = "No such project", body = ErrorBody),
        (status = 409, description = "Submitted, published or closed", body = ErrorBody),
        (status = 422, description = "Invalid field", body = ErrorBody)))]
async fn update_project(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<UpdateProject>,
) -> AppResult<AppJson<Project>> {
    let p = state
        .db
        .write(move |tx| super::update(tx, &user, id, &req, now()))
        .await?;
    Ok(AppJson(p))
}

/// Add sessions, optionally repeated weekly (its team leader; not once closed).
#[utoipa::path(post, path = "/projects/{id}/sessions", tag = "projects",
    params(("id" = i64, Path, description = "Project id")),
    request_body = AddSessions,
    responses(
        (status = 201, description = "The project", body = Project),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a leader of its team", body = ErrorBody),
        (status = 404, description = "No such project", body = ErrorBody),
        (status = 409, description = "Closed", body = ErrorBody),
        (status = 422, description = "Invalid session or repeat", body = ErrorBody)))]
async fn add_sessions(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<AddSessions>,
) -> AppResult<(StatusCode, AppJson<Project>)> {
    let p = state
        .db
        .write(move |tx| {
            super::add_sessions(tx, &user, id, &req.sessions, req.repeat.as_ref(), now())
        })
        .await?;
    Ok((StatusCode::CREATED, AppJson(p)))
}

async fn move_project(
    state: &AppState,
    user: CurrentUser,
    id: i64,
    t: Transition,
) -> AppResult<AppJson<Project>> {
    let p = state
        .db
        .write(move |tx| super::transition(tx, &user, id, t, now()))
        .await?;
    Ok(AppJson(p))
}

/// Submit a draft or rejected project for review (its team leader).
#[utoipa::path(post, path = "/projects/{id}/submit", tag = "projects",
    params(("id" = i64, Path, description = "Project id")),
    responses(
        (status = 200, description = "Submitted", body = Project),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a leader of its team", body = ErrorBody),
        (status = 404, description = "No such project", body = ErrorBody),
        (status = 409, description = "Not a draft or rejected", body = ErrorBody),
        (status = 422, description = "No sessions", body = ErrorBody)))]
async fn submit_project(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<Project>> {
    move_project(&state, user, id, Transition::Submit).await
}

/// Approve and publish a submitted project (a reviewer over its team).
#[utoipa::path(post, path = "/projects/{id}/approve", tag = "projects",
    params(("id" = i64, Path, description = "Project id")),
    responses(
        (status = 200, description = "Published", body = Project),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a reviewer over its team", body = ErrorBody),
        (status = 404, description = "No such project", body = ErrorBody),
        (status = 409, description = "Not submitted", body = ErrorBody)))]
async fn approve_project(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<Project>> {
    move_project(&state, user, id, Transition::Approve).await
}

/// Reject a submitted project with a reason (a reviewer over its team).
#[utoipa::path(post, path = "/projects/{id}/reject", tag = "projects",
    params(("id" = i64, Path, description = "Project id")),
    request_body = RejectProject,
    responses(
        (status = 200, description = "Rejected", body = Project),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a reviewer over its team", body = ErrorBody),
        (status = 404, description = "No such project", body = ErrorBody),
        (status = 409, description = "Not submitted", body = ErrorBody),
        (status = 422, description = "Missing reason", body = ErrorBody)))]
async fn reject_project(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<RejectProject>,
) -> AppResult<AppJson<Project>> {
    let reason = validate::reason(&req.reason)?;
    move_project(&state, user, id, Transition::Reject(reason)).await
}

/// Close a published project (its team leader or a reviewer over the team).
#[utoipa::path(post, path = "/projects/{id}/close", tag = "projects",
    params(("id" = i64, Path, description = "Project id")),
    responses(
        (status = 200, description = "Closed", body = Project),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Neither its leader nor a reviewer over it", body = ErrorBody),
        (status = 404, description = "No such project", body = ErrorBody),
        (status = 409, description = "Not published", body = ErrorBody)))]
async fn close_project(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<Project>> {
    move_project(&state, user, id, Transition::Close).await
}

/// Projects I lead or review, in any state (e.g. `status=submitted`: the review queue).
#[utoipa::path(get, path = "/manage/projects", tag = "projects",
    params(ManageQuery),
    responses(
        (status = 200, description = "Projects", body = Vec<ProjectSummary>),
        (status = 400, description = "Malformed query", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Neither a team leader nor a reviewer", body = ErrorBody)))]
async fn manage_projects(
    State(state): State<AppState>,
    user: CurrentUser,
    AppQuery(q): AppQuery<ManageQuery>,
) -> AppResult<AppJson<Vec<ProjectSummary>>> {
    let list = state
        .db
        .read(move |c| super::managed(c, &user, &q, now()))
        .await?;
    Ok(AppJson(list))
}

// ---- sign-ups ----------------------------------------------------------------------------

/// Sign up for a session: a confirmed place if one is left, else the waitlist (in arrival
/// order; `waitlist_position` 1 is promoted first).
#[utoipa::path(post, path = "/sessions/{id}/signup", tag = "projects",
    params(("id" = i64, Path, description = "Session id")),
    responses(
        (status = 201, description = "Confirmed or waitlisted", body = Signup),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such session on the board", body = ErrorBody),
        (status = 409, description = "Already signed up, or sign-up not open", body = ErrorBody)))]
async fn sign_up(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<(StatusCode, AppJson<Signup>)> {
    let s = state
        .db
        .write(move |tx| signups::sign_up(tx, user.id, id, now()))
        .await?;
    Ok((StatusCode::CREATED, AppJson(s)))
}

/// Cancel my sign-up: a confirmed place until the cutoff (default 3 h before the start),
/// a waitlist entry until the start. The first person waiting gets the place.
#[utoipa::path(delete, path = "/sessions/{id}/signup", tag = "projects",
    params(("id" = i64, Path, description = "Session id")),
    responses(
        (status = 200, description = "Cancelled", body = Signup),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No sign-up of mine", body = ErrorBody),
        (status = 409, description = "Past the cutoff or already checked in", body = ErrorBody)))]
async fn cancel_signup(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<Signup>> {
    let s = state
        .db
        .write(move |tx| signups::cancel(tx, user.id, id, now()))
        .await?;
    // Cancelling may have promoted someone waiting, who is told.
    state.notices.committed();
    Ok(AppJson(s))
}

/// A session as an iCalendar file, for the phone's calendar.
#[utoipa::path(get, path = "/sessions/{id}/calendar.ics", tag = "projects",
    params(("id" = i64, Path, description = "Session id")),
    responses(
        (status = 200, description = "The event", content_type = "text/calendar", body = String),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such session", body = ErrorBody)))]
async fn session_calendar(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<Response> {
    let text = state
        .db
        .read(move |c| {
            let s = store::session(c, id)?.ok_or(AppError::NOT_FOUND)?;
            let p = super::existing(c, s.project_id)?;
            super::require_visible(&user, &p)?;
            Ok(ics::calendar(&ics::Event {
                uid: format!("linli-session-{id}@linli"),
                title: &p.title,
                place: &p.place,
                description: &p.description,
                starts_at: s.starts_at,
                ends_at: s.ends_at,
                stamp: now(),
            }))
        })
        .await?;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"session-{id}.ics\""))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        text,
    )
        .into_response())
}

/// My sign-ups, latest session first (cancelled ones too).
#[utoipa::path(get, path = "/me/signups", tag = "projects",
    responses(
        (status = 200, description = "My sign-ups", body = Vec<Signup>),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
async fn my_signups(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<AppJson<Vec<Signup>>> {
    let list = state
        .db
        .read(move |c| store::signups_of_user(c, user.id))
        .await?;
    Ok(AppJson(list))
}

/// My notifications, newest first (e.g. promoted from a waitlist).
#[utoipa::path(get, path = "/me/notifications", tag = "projects",
    responses(
        (status = 200, description = "My notifications", body = Vec<Notification>),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
async fn my_notifications(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<AppJson<Vec<Notification>>> {
    let list = state
        .db
        .read(move |c| crate::store::notifications::list(c, user.id, None, 200))
        .await?
        .into_iter()
        .map(|row| Notification {
            text: crate::notifications::word(user.lang, &row),
            id: row.id,
            kind: row.kind,
            project_id: row.project_id,
            session_id: row.session_id,
            created_at: row.created_at,
        })
        .collect();
    Ok(AppJson(list))
}

// ---- at the session ----------------------------------------------------------------------

/// A session's roster: confirmed and waitlisted people with attendance and hours (its
/// team leader or a reviewer over the team).
#[utoipa::path(get, path = "/sessions/{id}/roster", tag = "projects",
    params(("id" = i64, Path, description = "Session id")),
    responses(
        (status = 200, description = "The roster", body = Roster),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Neither its leader nor a reviewer over it", body = ErrorBody),
        (status = 404, description = "No such session", body = ErrorBody)))]
async fn session_roster(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<Roster>> {
    let r = state
        .db
        .read(move |c| attendance::roster(c, &user, id))
        .await?;
    Ok(AppJson(r))
}

fn card_refused(reason: Reason) -> VerifyError {
    VerifyError::Refused(AppError::Refused(reason))
}

/// The person a leader names: a tapped `user_id`, the phone's live token (verified by the
/// cards service), a printed card or typed number with its PIN (verified, counting wrong
/// PINs), or a card number alone — the leader sees the holder at the door, so attendance
/// needs no PIN; the card must still be active.
pub(crate) async fn attendee(
    state: &AppState,
    req: &AttendanceRequest,
) -> Result<i64, VerifyError> {
    if let Some(id) = req.user_id {
        return Ok(id);
    }
    let read = read_presented(
        req.qr.as_deref(),
        req.card_number.as_deref(),
        req.pin.as_deref(),
        PinPolicy::Optional,
    )
    .map_err(|e| cards::unreadable(e, "user_id"))?;
    let presented = match read {
        Read::Token(t) => Presented::Token(t),
        Read::Card {
            number,
            pin: Some(pin),
        } => Presented::Card { number, pin },
        Read::Card { number, pin: None } => {
            let found = state
                .db
                .read(move |c| card_store::card_by_number(c, &number))
                .await?;
            let card = found.ok_or_else(|| card_refused(Reason::NoSuchCard))?;
            return match card.status {
                CardStatus::Active => Ok(card.user_id),
                CardStatus::Blocked => Err(card_refused(Reason::CardBlocked)),
                CardStatus::Replaced => Err(card_refused(Reason::CardReplaced)),
            };
        }
    };
    let holder = cards::verify_card(&state.db, &state.auth.passwords, presented, now()).await?;
    Ok(holder.user_id)
}

/// Check a person in or out, or mark a no-show (the session's team leader): by tapped
/// name (`user_id`), scanned card QR or typed card number. A check-out records the hours,
/// rounded to the nearest half hour.
#[utoipa::path(post, path = "/sessions/{id}/attendance", tag = "projects",
    params(("id" = i64, Path, description = "Session id")),
    request_body = AttendanceRequest,
    responses(
        (status = 200, description = "The person's roster line", body = RosterEntry),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a leader of its team", body = ErrorBody),
        (status = 404, description = "No such session or card", body = ErrorBody),
        (status = 409, description = "Not on the roster, out of order, hours submitted, or card blocked", body = ErrorBody),
        (status = 422, description = "Bad card, token, PIN or time", body = ErrorBody),
        (status = 429, description = "Card locked after wrong PINs", body = ErrorBody)))]
async fn record_attendance(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<AttendanceRequest>,
) -> Result<AppJson<RosterEntry>, VerifyError> {
    // Only this session's leaders get to present cards here (and spend PIN attempts).
    user.require_anywhere(linli_app::roles::Role::TeamLeader)?;
    let leader = user.clone();
    state
        .db
        .read(move |c| attendance::led_session(c, &leader, id).map(|_| ()))
        .await?;
    let person = attendee(&state, &req).await?;
    let (action, at) = (req.action, req.at);
    let e = state
        .db
        .write(move |tx| attendance::record(tx, &user, id, person, action, at, now()))
        .await?;
    Ok(AppJson(e))
}

/// Submit a session's draft hour records for review (its team leader).
#[utoipa::path(post, path = "/sessions/{id}/hours/submit", tag = "projects",
    params(("id" = i64, Path, description = "Session id")),
    responses(
        (status = 200, description = "The session's hour records", body = Vec<HourRecord>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a leader of its team", body = ErrorBody),
        (status = 404, description = "No such session", body = ErrorBody),
        (status = 409, description = "A draft record shows zero hours", body = ErrorBody)))]
async fn submit_hours(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<Vec<HourRecord>>> {
    let list = state
        .db
        .write(move |tx| attendance::submit(tx, &user, id, now()))
        .await?;
    Ok(AppJson(list))
}

/// Correct a draft or pending record's minutes, with a reason (its team leader; audited).
#[utoipa::path(patch, path = "/hours/{id}", tag = "projects",
    params(("id" = i64, Path, description = "Hour record id")),
    request_body = EditHours,
    responses(
        (status = 200, description = "The record", body = HourRecord),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a leader of its team", body = ErrorBody),
        (status = 404, description = "No such record", body = ErrorBody),
        (status = 409, description = "Already decided", body = ErrorBody),
        (status = 422, description = "Minutes zero or out of range, or no reason", body = ErrorBody)))]
async fn edit_hours(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<EditHours>,
) -> AppResult<AppJson<HourRecord>> {
    let r = state
        .db
        .write(move |tx| attendance::edit(tx, &user, id, req.minutes, &req.reason))
        .await?;
    Ok(AppJson(r))
}

/// Hour records to review (reviewers, within their scope; default: pending).
#[utoipa::path(get, path = "/review/hours", tag = "projects",
    params(HoursQuery),
    responses(
        (status = 200, description = "Records", body = Vec<HourRecord>),
        (status = 400, description = "Malformed query", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a reviewer", body = ErrorBody)))]
async fn review_hours(
    State(state): State<AppState>,
    user: CurrentUser,
    AppQuery(q): AppQuery<HoursQuery>,
) -> AppResult<AppJson<Vec<HourRecord>>> {
    let list = state
        .db
        .read(move |c| attendance::for_review(c, &user, q.status))
        .await?;
    Ok(AppJson(list))
}

/// Approve (each record earns points once, through the ledger) or reject (with a reason)
/// pending hour records in bulk, all or nothing (reviewers over their teams).
#[utoipa::path(post, path = "/review/hours", tag = "projects",
    request_body = HoursDecision,
    responses(
        (status = 200, description = "The records after the decision", body = Vec<HourRecord>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a reviewer over a record's team", body = ErrorBody),
        (status = 404, description = "No such record", body = ErrorBody),
        (status = 409, description = "A record is a draft, shows zero hours or was already decided otherwise", body = ErrorBody),
        (status = 422, description = "No ids, too many, or no reason to reject", body = ErrorBody)))]
async fn decide_hours(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<HoursDecision>,
) -> AppResult<AppJson<Vec<HourRecord>>> {
    let list = state
        .db
        .write(move |tx| attendance::decide(tx, &user, &req, now()))
        .await?;
    Ok(AppJson(list))
}

/// My hour records: pending and approved service hours (信用时长) and training hours.
#[utoipa::path(get, path = "/me/hours", tag = "projects",
    responses(
        (status = 200, description = "My hours", body = MyHours),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
async fn my_hours(State(state): State<AppState>, user: CurrentUser) -> AppResult<AppJson<MyHours>> {
    let h = state.db.read(move |c| attendance::mine(c, user.id)).await?;
    Ok(AppJson(h))
}

// ---- record and certificates -------------------------------------------------------------

/// My volunteer record: approved hours by project, training apart, points earned.
#[utoipa::path(get, path = "/me/record", tag = "projects",
    responses(
        (status = 200, description = "My record", body = VolunteerRecord),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
async fn my_record(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<AppJson<VolunteerRecord>> {
    let r = state.db.read(move |c| record::record(c, user.id)).await?;
    Ok(AppJson(r))
}

/// Issue a service-record certificate (志愿服务记录证明) of my record as it stands.
#[utoipa::path(post, path = "/me/certificates", tag = "projects",
    responses(
        (status = 201, description = "The certificate", body = Certificate),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 409, description = "No approved service hours to certify", body = ErrorBody)))]
async fn issue_certificate(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<(StatusCode, AppJson<Certificate>)> {
    let key = state.certificate_key.clone();
    let c = state
        .db
        .write(move |tx| record::issue(tx, &key, user.id, now()))
        .await?;
    Ok((StatusCode::CREATED, AppJson(c)))
}

/// Public check of a certificate by its code (no sign-in): the facts, the platform's
/// signature and public key, and whether the signature checks out over the facts as
/// stored now. No phone numbers.
#[utoipa::path(get, path = "/certificates/{code}", tag = "projects",
    params(("code" = String, Path, description = "Certificate code")),
    responses(
        (status = 200, description = "The certificate", body = Certificate),
        (status = 404, description = "No such certificate", body = ErrorBody)))]
async fn verify_certificate(
    State(state): State<AppState>,
    AppPath(code): AppPath<String>,
) -> AppResult<AppJson<Certificate>> {
    let key = state.certificate_key.clone();
    let c = state
        .db
        .read(move |c| record::verify(c, &key, &code))
        .await?;
    Ok(AppJson(c))
}

/// The board's figures under an organisation node (default: everything): projects,
/// trainings, sessions, sign-ups, volunteers, service and training hours (apart), points.
#[utoipa::path(get, path = "/stats/projects", tag = "projects",
    params(StatsQuery),
    responses(
        (status = 200, description = "Figures", body = ProjectStats),
        (status = 400, description = "Malformed query", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such node", body = ErrorBody),
        (status = 422, description = "Not an organisation node", body = ErrorBody)))]
async fn project_stats(
    State(state): State<AppState>,
    _user: CurrentUser,
    AppQuery(q): AppQuery<StatsQuery>,
) -> AppResult<AppJson<ProjectStats>> {
    let stats = state
        .db
        .read(move |c| {
            let path = match q.node_id {
                Some(id) => {
                    let node = crate::store::org::existing_node(c, id)?;
                    if node.tree != linli_app::api::Tree::Org {
                        return Err(AppError::Invalid(Invalid {
                            field: "node_id",
                            problem: Problem::WrongTree,
                        }));
                    }
                    Some(node.path)
                }
                None => None,
            };
            store::stats(c, path.as_deref())
        })
        .await?;
    Ok(AppJson(stats))
}
