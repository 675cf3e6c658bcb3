//! Who is in which team. Admins covering the team, or its team leaders, manage it.

use axum::extract::State;
use axum::http::StatusCode;
use linli_app::api::{AddMember, ErrorBody, NodeKind, Reason, UserSummary};
use linli_app::roles::Role;
use linli_app::validate;
use rusqlite::Connection;
use serde_json::json;

use crate::audit;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppJson, AppPath, AppResult};
use crate::store::org::NodeRow;
use crate::store::{self, now};
use crate::AppState;

/// The team node `id`, if `user` may manage its members (team leader or admin over it).
fn managed_team(conn: &Connection, user: &CurrentUser, id: i64) -> AppResult<NodeRow> {
    let node = store::org::existing_node(conn, id)?;
    // An admin grant satisfies the team-leader check too.
    user.require_path(Role::TeamLeader, &node.path)?;
    if node.kind != NodeKind::Team {
        return Err(AppError::Refused(Reason::NotATeam));
    }
    Ok(node)
}

/// A team's members (phones shown whole to admins over the team, masked to leaders).
#[utoipa::path(get, path = "/nodes/{id}/members", tag = "organisation",
    params(("id" = i64, Path, description = "Team node id")),
    responses(
        (status = 200, description = "Members by id", body = Vec<UserSummary>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin or leader of this team", body = ErrorBody),
        (status = 404, description = "No such node", body = ErrorBody),
        (status = 422, description = "Not a team", body = ErrorBody)))]
pub async fn list_members(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<Vec<UserSummary>>> {
    user.require_anywhere(Role::TeamLeader)?;
    let members = state
        .db
        .read(move |c| {
            let team = managed_team(c, &user, id)?;
            let mut members = store::org::members(c, id)?;
            if !user.has(Role::Admin, &team.path) {
                for m in &mut members {
                    m.phone = validate::mask_phone(&m.phone);
                }
            }
            Ok(members)
        })
        .await?;
    Ok(AppJson(members))
}

/// Put a person in a team (adding someone already in it changes nothing).
#[utoipa::path(post, path = "/nodes/{id}/members", tag = "organisation",
    params(("id" = i64, Path, description = "Team node id")),
    request_body = AddMember,
    responses(
        (status = 204, description = "The person is a member"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin or leader of this team", body = ErrorBody),
        (status = 404, description = "No such node or person", body = ErrorBody),
        (status = 422, description = "Not a team", body = ErrorBody)))]
pub async fn add_member(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<AddMember>,
) -> AppResult<StatusCode> {
    user.require_anywhere(Role::TeamLeader)?;
    state
        .db
        .write(move |tx| {
            managed_team(tx, &user, id)?;
            if !store::accounts::user_exists(tx, req.user_id)? {
                return Err(AppError::NOT_FOUND);
            }
            put_in_team(tx, user.id, req.user_id, id, json!({}), now())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Makes `user_id` a member of team `node` and audits it once (adding someone already in
/// it changes nothing); `detail` adds to the audit entry. Adding by hand and accepting a
/// join request both come here.
pub(super) fn put_in_team(
    tx: &rusqlite::Connection,
    actor_id: i64,
    user_id: i64,
    node: i64,
    mut detail: serde_json::Value,
    at: i64,
) -> AppResult<()> {
    if store::org::add_member(tx, user_id, node, at)? {
        detail["user_id"] = json!(user_id);
        audit::record(tx, actor_id, "member.add", &format!("node:{node}"), detail)?;
    }
    Ok(())
}

/// Take a person out of a team.
#[utoipa::path(delete, path = "/nodes/{id}/members/{user_id}", tag = "organisation",
    params(("id" = i64, Path, description = "Team node id"),
           ("user_id" = i64, Path, description = "Person id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin or leader of this team", body = ErrorBody),
        (status = 404, description = "No such node, or not a member", body = ErrorBody),
        (status = 422, description = "Not a team", body = ErrorBody)))]
pub async fn remove_member(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath((id, user_id)): AppPath<(i64, i64)>,
) -> AppResult<StatusCode> {
    user.require_anywhere(Role::TeamLeader)?;
    state
        .db
        .write(move |tx| {
            managed_team(tx, &user, id)?;
            if !store::org::remove_member(tx, user_id, id)? {
                return Err(AppError::NOT_FOUND);
            }
            audit::record(
                tx,
                user.id,
                "member.remove",
                &format!("node:{id}"),
                json!({"user_id": user_id}),
            )
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
