//! The S7 API: skills, the red button, "I'm going", resolving, the dispatch desk and the
//! patrol rota's shifts. Handlers are thin; the rules live in `super`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use linli_app::api::alarms::{
    Alarm, CreateShift, Desk, HelpRequest, LogEntry, LogHelpHours, NewLogEntry, PatrolAttendance,
    PostHelp, RaiseAlarm, ResolveAlarm, Rota, RotaQuery, Shift, ShiftSignup, Skills,
};
use linli_app::api::projects::AttendanceRequest;
use linli_app::api::ErrorBody;
use linli_app::clock;
use linli_app::validate::{Invalid, Problem};
use utoipa_axum::{router::OpenApiRouter, router::UtoipaMethodRouterExt, routes};

use crate::auth::CurrentUser;
use crate::cards::VerifyError;
use crate::error::AppError;
use crate::error::{AppJson, AppPath, AppQuery, AppResult};
use crate::shop::photos;
use crate::store::alarms as store;
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_skills, set_my_skills))
        .routes(routes!(raise_alarm, my_alarms))
        .routes(routes!(get_alarm))
        .routes(routes!(acknowledge_alarm))
        .routes(routes!(resolve_alarm))
        .routes(routes!(dispatch_desk))
        .routes(routes!(create_shift))
        .routes(routes!(sign_up_for_shift))
        .routes(routes!(withdraw_from_shift))
        .routes(routes!(community_rota))
        .routes(routes!(patrol_attendance))
        .routes(routes!(write_log))
        .routes(routes!(add_log_photo).layer(DefaultBodyLimit::max(photos::MAX_PHOTO_BYTES)))
        .routes(routes!(post_help, my_help))
        .routes(routes!(get_help))
        .routes(routes!(answer_help))
        .routes(routes!(help_done))
        .routes(routes!(log_help_hours))
        .routes(routes!(add_help_photo).layer(DefaultBodyLimit::max(photos::MAX_PHOTO_BYTES)))
}

/// My skills as a volunteer (medical, legal, electrician …).
#[utoipa::path(get, path = "/me/skills", tag = "alarms",
    responses(
        (status = 200, description = "My skills", body = Skills),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
async fn my_skills(State(state): State<AppState>, user: CurrentUser) -> AppResult<AppJson<Skills>> {
    let skills = state.db.read(move |c| store::skills(c, user.id)).await?;
    Ok(AppJson(Skills { skills }))
}

/// Replaces my skills.
#[utoipa::path(put, path = "/me/skills", tag = "alarms",
    request_body = Skills,
    responses(
        (status = 200, description = "My skills now", body = Skills),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 422, description = "Not a known skill", body = ErrorBody)))]
async fn set_my_skills(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<Skills>,
) -> AppResult<AppJson<Skills>> {
    let skills = state
        .db
        .write(move |tx| {
            store::set_skills(tx, user.id, &req.skills)?;
            store::skills(tx, user.id)
        })
        .await?;
    Ok(AppJson(Skills { skills }))
}

/// The red button: anyone signed in raises an alarm in a grid. Answered only once the
/// alarm and its notices are on disk; the same `key` again returns the same alarm.
#[utoipa::path(post, path = "/alarms", tag = "alarms",
    request_body = RaiseAlarm,
    responses(
        (status = 201, description = "Stored and sent", body = Alarm),
        (status = 200, description = "Already stored under this key", body = Alarm),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 422, description = "Not a grid, text too long, location out of range", body = ErrorBody)))]
async fn raise_alarm(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<RaiseAlarm>,
) -> AppResult<(StatusCode, AppJson<Alarm>)> {
    let now = state.clock.now();
    let ladder = state.ladder.clone();
    let (alarm, new) = state
        .db
        .write(move |tx| {
            let (id, new) = super::raise(tx, &user, &req, &ladder, now)?;
            Ok((super::detail(tx, &user, id, &ladder)?, new))
        })
        .await?;
    state.notices.committed();
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, AppJson(alarm)))
}

/// Alarms I raised or that reached me, newest first.
#[utoipa::path(get, path = "/alarms", tag = "alarms",
    responses(
        (status = 200, description = "My alarms", body = Vec<Alarm>),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
async fn my_alarms(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<AppJson<Vec<Alarm>>> {
    let ladder = state.ladder.clone();
    let list = state
        .db
        .read(move |c| super::mine(c, &user, &ladder))
        .await?;
    Ok(AppJson(list))
}

/// One alarm with its timeline: its sender, the people it reached, dispatchers over it.
#[utoipa::path(get, path = "/alarms/{id}", tag = "alarms",
    params(("id" = i64, Path, description = "Alarm id")),
    responses(
        (status = 200, description = "The alarm", body = Alarm),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not yours to see", body = ErrorBody),
        (status = 404, description = "No such alarm", body = ErrorBody)))]
async fn get_alarm(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<Alarm>> {
    let ladder = state.ladder.clone();
    let alarm = state
        .db
        .read(move |c| super::detail(c, &user, id, &ladder))
        .await?;
    Ok(AppJson(alarm))
}

/// "I'm going": someone the alarm reached, or a dispatcher. The first stops the ladder.
#[utoipa::path(post, path = "/alarms/{id}/ack", tag = "alarms",
    params(("id" = i64, Path, description = "Alarm id")),
    responses(
        (status = 200, description = "The alarm now", body = Alarm),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The alarm did not reach you", body = ErrorBody),
        (status = 404, description = "No such alarm", body = ErrorBody),
        (status = 409, description = "Already resolved", body = ErrorBody)))]
async fn acknowledge_alarm(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<Alarm>> {
    let now = state.clock.now();
    let ladder = state.ladder.clone();
    let alarm = state
        .db
        .write(move |tx| {
            super::acknowledge(tx, &user, id, now)?;
            super::detail(tx, &user, id, &ladder)
        })
        .await?;
    state.notices.committed();
    Ok(AppJson(alarm))
}

/// Closes an alarm with a note (dispatchers over it).
#[utoipa::path(post, path = "/alarms/{id}/resolve", tag = "alarms",
    params(("id" = i64, Path, description = "Alarm id")),
    request_body = ResolveAlarm,
    responses(
        (status = 200, description = "The alarm now", body = Alarm),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a dispatcher over it", body = ErrorBody),
        (status = 404, description = "No such alarm", body = ErrorBody),
        (status = 409, description = "Already resolved", body = ErrorBody),
        (status = 422, description = "No note", body = ErrorBody)))]
async fn resolve_alarm(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<ResolveAlarm>,
) -> AppResult<AppJson<Alarm>> {
    let now = state.clock.now();
    let ladder = state.ladder.clone();
    let alarm = state
        .db
        .write(move |tx| {
            super::resolve(tx, &user, id, &req.note, now)?;
            super::detail(tx, &user, id, &ladder)
        })
        .await?;
    state.notices.committed();
    Ok(AppJson(alarm))
}

/// A community's dispatch desk: its open alarms first, then today's closed ones, the help
/// requests not yet done, who is on duty in each grid now, and today's patrol log
/// (dispatchers over the community, global admins).
#[utoipa::path(get, path = "/dispatch/{community_id}", tag = "alarms",
    params(("community_id" = i64, Path, description = "Community node id")),
    responses(
        (status = 200, description = "The desk", body = Desk),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a dispatcher here", body = ErrorBody),
        (status = 404, description = "No such node", body = ErrorBody),
        (status = 422, description = "Not a community", body = ErrorBody)))]
async fn dispatch_desk(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(community_id): AppPath<i64>,
) -> AppResult<AppJson<Desk>> {
    let now = state.clock.now();
    let ladder = state.ladder.clone();
    let desk = state
        .db
        .read(move |c| {
            let community = super::community(c, community_id)?;
            if !super::dispatches(&user, &community.path) {
                return Err(crate::error::AppError::FORBIDDEN);
            }
            let alarms = store::community_alarms(c, community.id, clock::day_start(now))?
                .into_iter()
                .map(|a| super::view(c, &user, a, &ladder))
                .collect::<AppResult<_>>()?;
            let help = crate::store::help::open_in(c, community.id)?
                .into_iter()
                .map(|h| super::help::view(c, &user, h))
                .collect::<AppResult<_>>()?;
            Ok(Desk {
                community_id: community.id,
                on_duty: super::shifts::on_duty(c, &community.path, now)?,
                log: super::log::today(c, community.id, now)?,
                community_name: community.name,
                alarms,
                help,
            })
        })
        .await?;
    Ok(AppJson(desk))
}

/// Adds a shift to a grid's rota (grid workers and dispatchers over the grid).
#[utoipa::path(post, path = "/grids/{id}/shifts", tag = "alarms",
    params(("id" = i64, Path, description = "Grid node id")),
    request_body = CreateShift,
    responses(
        (status = 201, description = "The shift", body = Shift),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not arranging this grid's rota", body = ErrorBody),
        (status = 422, description = "Not a grid, or no date", body = ErrorBody)))]
async fn create_shift(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<CreateShift>,
) -> AppResult<(StatusCode, AppJson<Shift>)> {
    let shift = state
        .db
        .write(move |tx| super::shifts::create(tx, &user, id, &req))
        .await?;
    Ok((StatusCode::CREATED, AppJson(shift)))
}

/// Signs a patrol volunteer up for a shift: themself, or one named by a grid worker or
/// dispatcher filling a gap.
#[utoipa::path(post, path = "/shifts/{id}/signups", tag = "alarms",
    params(("id" = i64, Path, description = "Shift id")),
    request_body = ShiftSignup,
    responses(
        (status = 200, description = "The shift now", body = Shift),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a patrol volunteer of this grid", body = ErrorBody),
        (status = 404, description = "No such shift", body = ErrorBody),
        (status = 409, description = "Full, or already on it", body = ErrorBody),
        (status = 422, description = "The person named is no patrol volunteer here", body = ErrorBody)))]
async fn sign_up_for_shift(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<ShiftSignup>,
) -> AppResult<AppJson<Shift>> {
    let now = state.clock.now();
    let shift = state
        .db
        .write(move |tx| super::shifts::sign_up(tx, &user, id, req.user_id, now))
        .await?;
    Ok(AppJson(shift))
}

/// Takes a patrol volunteer off a shift before it begins: themself, or anyone by a grid
/// worker or dispatcher over the grid.
#[utoipa::path(delete, path = "/shifts/{id}/signups/{user_id}", tag = "alarms",
    params(("id" = i64, Path, description = "Shift id"),
        ("user_id" = i64, Path, description = "The volunteer taken off")),
    responses(
        (status = 200, description = "The shift now", body = Shift),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Neither the volunteer nor arranging this grid's rota", body = ErrorBody),
        (status = 404, description = "No such shift", body = ErrorBody),
        (status = 409, description = "Begun, or not on it", body = ErrorBody)))]
async fn withdraw_from_shift(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath((id, who)): AppPath<(i64, i64)>,
) -> AppResult<AppJson<Shift>> {
    let now = state.clock.now();
    let shift = state
        .db
        .write(move |tx| super::shifts::withdraw(tx, &user, id, who, now))
        .await?;
    Ok(AppJson(shift))
}

/// The coverage board of a community: its grids × seven days from `from` (default today)
/// × morning, evening and gate duty, filled, short or empty (anyone with a place role in
/// one of its grids).
#[utoipa::path(get, path = "/communities/{id}/rota", tag = "alarms",
    params(("id" = i64, Path, description = "Community node id"), RotaQuery),
    responses(
        (status = 200, description = "The board", body = Rota),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not working in this community's grids", body = ErrorBody),
        (status = 404, description = "No such node", body = ErrorBody),
        (status = 422, description = "Not a community, or a bad date", body = ErrorBody)))]
async fn community_rota(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppQuery(q): AppQuery<RotaQuery>,
) -> AppResult<AppJson<Rota>> {
    let now = state.clock.now();
    let rota = state
        .db
        .read(move |c| super::rota::rota(c, &user, id, q.from.as_deref(), now))
        .await?;
    Ok(AppJson(rota))
}

/// Checks a patrol volunteer in or out of a shift: themself (no one named), or by a grid
/// worker or dispatcher over the grid naming them (`user_id`) or presenting their card
/// (scanned `qr` or typed `card_number`). The check-out gives one hour record, submitted
/// for review; doing either again changes nothing. Recorded as it happens (no `at`).
#[utoipa::path(post, path = "/shifts/{id}/attendance", tag = "alarms",
    params(("id" = i64, Path, description = "Shift id")),
    request_body = AttendanceRequest,
    responses(
        (status = 200, description = "The person's attendance and hours", body = PatrolAttendance),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not on this grid's patrol, or not arranging it for others", body = ErrorBody),
        (status = 404, description = "No such shift or card", body = ErrorBody),
        (status = 409, description = "Not on the shift, not now, out of order, no team, or card blocked", body = ErrorBody),
        (status = 422, description = "Bad card, token or PIN; no-show or a time given", body = ErrorBody),
        (status = 429, description = "Card locked after wrong PINs", body = ErrorBody)))]
async fn patrol_attendance(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<AttendanceRequest>,
) -> Result<AppJson<PatrolAttendance>, VerifyError> {
    if req.at.is_some() {
        let bad = Invalid {
            field: "at",
            problem: Problem::UnknownOption,
        };
        return Err(AppError::from(bad).into());
    }
    let named = req.user_id.is_some() || req.qr.is_some() || req.card_number.is_some();
    let person = if named {
        let who = user.clone();
        state
            .db
            .read(move |c| super::patrol::arranged_shift(c, &who, id))
            .await?;
        crate::projects::http::attendee(&state, &req).await?
    } else {
        user.id
    };
    let now = state.clock.now();
    let line = state
        .db
        .write(move |tx| super::patrol::attend(tx, &user, id, person, req.action, now))
        .await?;
    Ok(AppJson(line))
}

/// Writes an observation or incident in a grid's patrol log (its patrol volunteers and
/// grid workers).
#[utoipa::path(post, path = "/patrol-log", tag = "alarms",
    request_body = NewLogEntry,
    responses(
        (status = 201, description = "The entry", body = LogEntry),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not patrolling or looking after this grid", body = ErrorBody),
        (status = 422, description = "Not a grid, or no text", body = ErrorBody)))]
async fn write_log(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<NewLogEntry>,
) -> AppResult<(StatusCode, AppJson<LogEntry>)> {
    let now = state.clock.now();
    let entry = state
        .db
        .write(move |tx| super::log::write(tx, &user, &req, now))
        .await?;
    Ok((StatusCode::CREATED, AppJson(entry)))
}

/// Attaches the one photo of a log entry (its author): the raw bytes of a JPEG, PNG or
/// WebP of at most 5 MB, stored as the shop's photos are.
#[utoipa::path(post, path = "/patrol-log/{id}/photo", tag = "alarms",
    params(("id" = i64, Path, description = "Log entry id")),
    request_body(content = String, content_type = "application/octet-stream",
        description = "The image file's bytes"),
    responses(
        (status = 201, description = "The entry with its photo", body = LogEntry),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not its author", body = ErrorBody),
        (status = 404, description = "No such entry", body = ErrorBody),
        (status = 409, description = "It has a photo already", body = ErrorBody),
        (status = 413, description = "Over 5 MB", body = ErrorBody),
        (status = 422, description = "Not a whole JPEG, PNG or WebP image", body = ErrorBody)))]
async fn add_log_photo(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    body: Result<Bytes, BytesRejection>,
) -> AppResult<(StatusCode, AppJson<LogEntry>)> {
    let who = user.clone();
    state
        .db
        .read(move |c| super::log::may_add_photo(c, &who, id))
        .await?;
    let p = photos::receive(&state.config.db, body).await?;
    let now = state.clock.now();
    let entry = state
        .db
        .write(move |tx| super::log::add_photo(tx, &user, id, &p, now))
        .await?;
    Ok((StatusCode::CREATED, AppJson(entry)))
}

/// A resident asks for help; it is offered to the grid's patrol volunteers whose skills
/// match (at once to the whole community when there are none), and once to the whole
/// community and everyone on duty there if still short after `LINLI_HELP_WIDEN_SECS`.
#[utoipa::path(post, path = "/help", tag = "alarms",
    request_body = PostHelp,
    responses(
        (status = 201, description = "Posted and offered", body = HelpRequest),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 422, description = "Not a grid, no text or place, places out of range", body = ErrorBody)))]
async fn post_help(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<PostHelp>,
) -> AppResult<(StatusCode, AppJson<HelpRequest>)> {
    let now = state.clock.now();
    let widen_secs = state.ladder.help_widen_secs;
    let help = state
        .db
        .write(move |tx| {
            let id = super::help::post(tx, &user, &req, widen_secs, now)?;
            super::help::detail(tx, &user, id)
        })
        .await?;
    state.notices.committed();
    Ok((StatusCode::CREATED, AppJson(help)))
}

/// Help requests I posted or was offered, newest first.
#[utoipa::path(get, path = "/help", tag = "alarms",
    responses(
        (status = 200, description = "My help requests", body = Vec<HelpRequest>),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
async fn my_help(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<AppJson<Vec<HelpRequest>>> {
    let list = state.db.read(move |c| super::help::mine(c, &user)).await?;
    Ok(AppJson(list))
}

/// One help request: the resident, the volunteers it was offered to, dispatchers.
#[utoipa::path(get, path = "/help/{id}", tag = "alarms",
    params(("id" = i64, Path, description = "Help request id")),
    responses(
        (status = 200, description = "The request", body = HelpRequest),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not yours to see", body = ErrorBody),
        (status = 404, description = "No such request", body = ErrorBody)))]
async fn get_help(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<HelpRequest>> {
    let help = state
        .db
        .read(move |c| super::help::detail(c, &user, id))
        .await?;
    Ok(AppJson(help))
}

/// "I can come": accepted while places are left; then 409.
#[utoipa::path(post, path = "/help/{id}/answers", tag = "alarms",
    params(("id" = i64, Path, description = "Help request id")),
    responses(
        (status = 200, description = "Accepted: the request with its place and phone", body = HelpRequest),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not offered to you", body = ErrorBody),
        (status = 404, description = "No such request", body = ErrorBody),
        (status = 409, description = "Enough are coming, or you answered already", body = ErrorBody)))]
async fn answer_help(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<HelpRequest>> {
    let now = state.clock.now();
    let help = state
        .db
        .write(move |tx| {
            super::help::answer(tx, &user, id, now)?;
            super::help::detail(tx, &user, id)
        })
        .await?;
    state.notices.committed();
    Ok(AppJson(help))
}

/// The resident confirms the help was given.
#[utoipa::path(post, path = "/help/{id}/done", tag = "alarms",
    params(("id" = i64, Path, description = "Help request id")),
    responses(
        (status = 200, description = "Done", body = HelpRequest),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not your request", body = ErrorBody),
        (status = 404, description = "No such request", body = ErrorBody),
        (status = 409, description = "Already done", body = ErrorBody)))]
async fn help_done(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<HelpRequest>> {
    let now = state.clock.now();
    let help = state
        .db
        .write(move |tx| {
            super::help::done(tx, &user, id, now)?;
            super::help::detail(tx, &user, id)
        })
        .await?;
    Ok(AppJson(help))
}

/// Attaches the one photo of a help request (the resident who asked, before it is done):
/// the raw bytes of a JPEG, PNG or WebP of at most 5 MB, stored as the shop's photos are
/// and shown to whoever may see the request.
#[utoipa::path(post, path = "/help/{id}/photo", tag = "alarms",
    params(("id" = i64, Path, description = "Help request id")),
    request_body(content = String, content_type = "application/octet-stream",
        description = "The image file's bytes"),
    responses(
        (status = 201, description = "The request with its photo", body = HelpRequest),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not your request", body = ErrorBody),
        (status = 404, description = "No such request", body = ErrorBody),
        (status = 409, description = "Done, or it has a photo already", body = ErrorBody),
        (status = 413, description = "Over 5 MB", body = ErrorBody),
        (status = 422, description = "Not a whole JPEG, PNG or WebP image", body = ErrorBody)))]
async fn add_help_photo(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    body: Result<Bytes, BytesRejection>,
) -> AppResult<(StatusCode, AppJson<HelpRequest>)> {
    let who = user.clone();
    state
        .db
        .read(move |c| super::help::may_add_photo(c, &who, id).map(|_| ()))
        .await?;
    let p = photos::receive(&state.config.db, body).await?;
    let now = state.clock.now();
    let help = state
        .db
        .write(move |tx| {
            super::help::add_photo(tx, &user, id, &p, now)?;
            super::help::detail(tx, &user, id)
        })
        .await?;
    Ok((StatusCode::CREATED, AppJson(help)))
}

/// A volunteer who came logs the time the help took, once the resident confirmed it was
/// done: one hour record for the reviewers over their team, then points as for a patrol
/// shift. Again, it is the record already logged (200), unchanged.
#[utoipa::path(post, path = "/help/{id}/hours", tag = "alarms",
    params(("id" = i64, Path, description = "Help request id")),
    request_body = LogHelpHours,
    responses(
        (status = 201, description = "Logged: the request with my hours", body = HelpRequest),
        (status = 200, description = "Logged before: the request with my hours", body = HelpRequest),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "You did not come to it", body = ErrorBody),
        (status = 404, description = "No such request", body = ErrorBody),
        (status = 409, description = "Not done yet, or you are in no team", body = ErrorBody),
        (status = 422, description = "Minutes out of range", body = ErrorBody)))]
async fn log_help_hours(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<LogHelpHours>,
) -> AppResult<(StatusCode, AppJson<HelpRequest>)> {
    let now = state.clock.now();
    let (new, help) = state
        .db
        .write(move |tx| {
            let new = super::help::log_hours(tx, &user, id, req.minutes, now)?;
            Ok((new, super::help::detail(tx, &user, id)?))
        })
        .await?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, AppJson(help)))
}
