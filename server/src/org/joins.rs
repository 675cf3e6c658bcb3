//! Requests to join a team: a resident asks, the team's leaders (or admins over it)
//! accept or decline, and the resident is told. Accepting adds the member exactly as
//! `POST /nodes/{id}/members` does, in the same transaction.

use axum::extract::State;
use axum::http::StatusCode;
use linli_app::api::{
    DeclineJoin, ErrorBody, JoinRequest, JoinState, NewJoinRequest, NodeKind, Reason,
};
use linli_app::roles::Role;
use linli_app::validate;
use rusqlite::Connection;
use serde_json::json;

use crate::audit;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppJson, AppPath, AppResult};
use crate::notifications::{self, JOIN_ASKED, JOIN_DECIDED};
use crate::org::members::put_in_team;
use crate::store::notifications::Links;
use crate::store::{self, now};
use crate::AppState;

/// Ask to join a team. Asking again while a request is pending returns that request.
#[utoipa::path(post, path = "/join-requests", tag = "organisation",
    request_body = NewJoinRequest,
    responses(
        (status = 201, description = "The pending request (the existing one if asked before)", body = JoinRequest),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such node", body = ErrorBody),
        (status = 409, description = "Already a member of this team", body = ErrorBody),
        (status = 422, description = "Not a team", body = ErrorBody)))]
pub async fn ask_to_join(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<NewJoinRequest>,
) -> AppResult<(StatusCode, AppJson<JoinRequest>)> {
    let request = state
        .db
        .write(move |tx| {
            let team = store::org::existing_node(tx, req.node_id)?;
            if team.kind != NodeKind::Team {
                return Err(AppError::Refused(Reason::NotATeam));
            }
            if store::org::is_member(tx, user.id, team.id)? {
                return Err(AppError::Refused(Reason::AlreadyMember));
            }
            let id = match store::joins::pending_id(tx, user.id, team.id)? {
                Some(id) => id,
                None => {
                    let at = now();
                    let id = store::joins::insert(tx, user.id, team.id, at)?;
                    audit::record(
                        tx,
                        user.id,
                        "join.ask",
                        &format!("node:{}", team.id),
                        json!({"request": id}),
                    )?;
                    let params = json!({"who": user.name, "team": team.name});
                    for leader in store::joins::leaders_of(tx, team.id)? {
                        notifications::notify(
                            tx,
                            leader,
                            JOIN_ASKED,
                            params.clone(),
                            Links::default(),
                            at,
                        )?;
                    }
                    id
                }
            };
            existing(tx, id).map(|(j, _)| j)
        })
        .await?;
    Ok((StatusCode::CREATED, AppJson(request)))
}

/// My requests to join teams, newest first.
#[utoipa::path(get, path = "/me/join-requests", tag = "organisation",
    responses(
        (status = 200, description = "Newest first", body = Vec<JoinRequest>),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
pub async fn my_join_requests(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<AppJson<Vec<JoinRequest>>> {
    let id = user.id;
    let list = state.db.read(move |c| store::joins::of_user(c, id)).await?;
    Ok(AppJson(list))
}

/// Pending requests to the teams the caller leads or administers, oldest first.
#[utoipa::path(get, path = "/join-requests", tag = "organisation",
    responses(
        (status = 200, description = "Pending requests, oldest first", body = Vec<JoinRequest>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a team leader or admin", body = ErrorBody)))]
pub async fn pending_join_requests(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<AppJson<Vec<JoinRequest>>> {
    user.require_anywhere(Role::TeamLeader)?;
    let list = state
        .db
        .read(move |c| {
            let mut all: Vec<JoinRequest> = Vec::new();
            let reaching = user
                .grants
                .iter()
                .filter(|g| crate::auth::satisfies(g.role, Role::TeamLeader));
            for g in reaching {
                for j in store::joins::pending_within(c, &g.path)? {
                    if !all.iter().any(|k| k.id == j.id) {
                        all.push(j);
                    }
                }
            }
            all.sort_by_key(|j| j.id);
            Ok(all)
        })
        .await?;
    Ok(AppJson(list))
}

/// The request `id`, if `user` leads or administers its team (404 if none).
fn answerable(conn: &Connection, user: &CurrentUser, id: i64) -> AppResult<JoinRequest> {
    let (request, path) = existing(conn, id)?;
    user.require_path(Role::TeamLeader, &path)?;
    Ok(request)
}

fn existing(conn: &Connection, id: i64) -> AppResult<(JoinRequest, String)> {
    store::joins::get(conn, id)?.ok_or(AppError::NOT_FOUND)
}

/// True when the request already has `wanted` (a retry: nothing to do); a refusal when
/// it was answered the other way.
fn already(request: &JoinRequest, wanted: JoinState) -> AppResult<bool> {
    match request.state {
        JoinState::Pending => Ok(false),
        s if s == wanted => Ok(true),
        _ => Err(AppError::Refused(Reason::JoinAnswered)),
    }
}

/// Records the answer to `request`, audits it and tells the person who asked.
fn answer(
    tx: &Connection,
    actor_id: i64,
    request: &JoinRequest,
    state: JoinState,
    reason: &str,
    at: i64,
) -> AppResult<()> {
    let id = request.id;
    store::joins::decide(tx, id, state, reason, actor_id, at)?;
    let (action, params) = match state {
        JoinState::Accepted => (
            "join.accept",
            json!({"team": request.team_name, "accepted": true}),
        ),
        _ => (
            "join.decline",
            json!({"team": request.team_name, "accepted": false, "reason": reason}),
        ),
    };
    let detail = json!({"request": id, "user_id": request.user_id});
    audit::record(
        tx,
        actor_id,
        action,
        &format!("node:{}", request.node_id),
        detail,
    )?;
    let (to, links) = (request.user_id, Links::default());
    notifications::notify(tx, to, JOIN_DECIDED, params, links, at)?;
    Ok(())
}

/// Accept a request: the person becomes a member of the team and is told.
#[utoipa::path(post, path = "/join-requests/{id}/accept", tag = "organisation",
    params(("id" = i64, Path, description = "Join request id")),
    responses(
        (status = 204, description = "Accepted; the person is a member (also on a retry)"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a leader or admin of this team", body = ErrorBody),
        (status = 404, description = "No such request", body = ErrorBody),
        (status = 409, description = "Already declined", body = ErrorBody)))]
pub async fn accept_join(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<StatusCode> {
    user.require_anywhere(Role::TeamLeader)?;
    state
        .db
        .write(move |tx| {
            let request = answerable(tx, &user, id)?;
            if already(&request, JoinState::Accepted)? {
                return Ok(());
            }
            let at = now();
            let detail = json!({"join_request": id});
            put_in_team(tx, user.id, request.user_id, request.node_id, detail, at)?;
            answer(tx, user.id, &request, JoinState::Accepted, "", at)
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Decline a request, optionally saying why; the person is told.
#[utoipa::path(post, path = "/join-requests/{id}/decline", tag = "organisation",
    params(("id" = i64, Path, description = "Join request id")),
    request_body = DeclineJoin,
    responses(
        (status = 204, description = "Declined (also on a retry)"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a leader or admin of this team", body = ErrorBody),
        (status = 404, description = "No such request", body = ErrorBody),
        (status = 409, description = "Already accepted", body = ErrorBody),
        (status = 422, description = "The reason is too long", body = ErrorBody)))]
pub async fn decline_join(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<DeclineJoin>,
) -> AppResult<StatusCode> {
    user.require_anywhere(Role::TeamLeader)?;
    let reason = validate::text("reason", &req.reason, 0, 200)?;
    state
        .db
        .write(move |tx| {
            let request = answerable(tx, &user, id)?;
            if already(&request, JoinState::Declined)? {
                return Ok(());
            }
            answer(tx, user.id, &request, JoinState::Declined, &reason, now())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
