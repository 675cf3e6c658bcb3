//! The people administrators look after: search, profiles and role grants.

use axum::extract::State;
use axum::http::StatusCode;
use linli_app::api::{ErrorBody, GrantRoleRequest, Profile, Reason, RoleGrant, Tree, UsersPage};
use linli_app::roles::Role;
use linli_app::validate;
use rusqlite::Connection;
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;

use crate::audit;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppJson, AppPath, AppQuery, AppResult};
use crate::org::tree;
use crate::store::{self, now};
use crate::AppState;

const DEFAULT_PAGE: i64 = 20;
const MAX_PAGE: i64 = 100;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UsersQuery {
    /// Part of a name or phone number.
    q: Option<String>,
    /// The `next_cursor` of the previous page.
    after: Option<i64>,
    /// Page size, 1–100 (default 20).
    limit: Option<i64>,
}

/// Cuts one extra row off a page and turns it into the cursor of the next.
fn paginate<T>(mut items: Vec<T>, limit: usize, id: impl Fn(&T) -> i64) -> (Vec<T>, Option<i64>) {
    if items.len() <= limit {
        return (items, None);
    }
    items.truncate(limit);
    let next = items.last().map(id);
    (items, next)
}

/// Find people by name or phone, a page at a time (admins and team leaders; phone
/// numbers are shown whole to global admins only).
#[utoipa::path(get, path = "/users", tag = "people", params(UsersQuery),
    responses(
        (status = 200, description = "One page of people, by id", body = UsersPage),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin or team leader", body = ErrorBody)))]
pub async fn list_users(
    State(state): State<AppState>,
    user: CurrentUser,
    AppQuery(query): AppQuery<UsersQuery>,
) -> AppResult<AppJson<UsersPage>> {
    user.require_anywhere(Role::TeamLeader)?;
    let q = validate::search_text(query.q.as_deref().unwrap_or(""))?;
    let limit = query.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
    let after = query.after.unwrap_or(0);
    let rows = state
        .db
        .read(move |c| store::accounts::search(c, q.as_deref(), after, limit + 1))
        .await?;
    let (mut items, next_cursor) = paginate(rows, limit as usize, |u| u.id);
    if !user.is_global_admin() {
        for u in &mut items {
            u.phone = validate::mask_phone(&u.phone);
        }
    }
    Ok(AppJson(UsersPage { items, next_cursor }))
}

/// 403 unless `user` is `id` or administers a node `id` is attached to; 404 if no such
/// person (told only to admins).
fn may_see(conn: &Connection, user: &CurrentUser, id: i64) -> AppResult<()> {
    if id == user.id {
        return Ok(());
    }
    user.require_anywhere(Role::Admin)?;
    if !store::accounts::user_exists(conn, id)? {
        return Err(AppError::NOT_FOUND);
    }
    let paths = store::accounts::node_paths(conn, id)?;
    if user.administers_any(&paths) {
        Ok(())
    } else {
        Err(AppError::FORBIDDEN)
    }
}

/// A person's page: oneself, or someone an admin's scope covers.
#[utoipa::path(get, path = "/users/{id}", tag = "people",
    params(("id" = i64, Path, description = "Person id")),
    responses(
        (status = 200, description = "The person", body = Profile),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not yours to see", body = ErrorBody),
        (status = 404, description = "No such person", body = ErrorBody)))]
pub async fn get_user(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<Profile>> {
    let profile = state
        .db
        .read(move |c| {
            may_see(c, &user, id)?;
            store::accounts::profile(c, id)?.ok_or(AppError::NOT_FOUND)
        })
        .await?;
    Ok(AppJson(profile))
}

/// Grant a role at a node: organisation roles by admins whose scope covers the node;
/// grid worker, patrol volunteer and dispatcher on a grid or community by global admins.
#[utoipa::path(post, path = "/users/{id}/roles", tag = "people",
    params(("id" = i64, Path, description = "Person id")),
    request_body = GrantRoleRequest,
    responses(
        (status = 201, description = "Granted", body = RoleGrant),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The node is outside the caller's scope", body = ErrorBody),
        (status = 404, description = "No such person or node", body = ErrorBody),
        (status = 409, description = "Already granted", body = ErrorBody),
        (status = 422, description = "Role not grantable, or not at a node of this tree", body = ErrorBody)))]
pub async fn grant_role(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<GrantRoleRequest>,
) -> AppResult<(StatusCode, AppJson<RoleGrant>)> {
    user.require_anywhere(Role::Admin)?;
    let grant = state
        .db
        .write(move |tx| {
            let node = store::org::existing_node(tx, req.node_id)?;
            let role = validate::grantable_role(req.role, node.tree)?;
            // No admin grant sits in the territory tree: its roles are the global admins'.
            match node.tree {
                Tree::Org => user.require_path(Role::Admin, &node.path)?,
                Tree::Territory => user.require_global_admin()?,
            }
            if !store::accounts::user_exists(tx, id)? {
                return Err(AppError::NOT_FOUND);
            }
            let grant_id =
                store::accounts::insert_grant(tx, id, role, node.id, Some(user.id), now())?;
            audit::record(
                tx,
                user.id,
                "role.grant",
                &format!("user:{id}"),
                json!({"grant_id": grant_id, "role": role.as_str(), "node_id": node.id}),
            )?;
            Ok(RoleGrant {
                id: grant_id,
                role,
                node_id: node.id,
                node_name: node.name,
            })
        })
        .await?;
    Ok((StatusCode::CREATED, AppJson(grant)))
}

/// Revoke a role grant (admins whose scope covers the grant's node). The last global
/// admin grant cannot be revoked, so the system never locks itself out.
#[utoipa::path(delete, path = "/users/{id}/roles/{grant_id}", tag = "people",
    params(("id" = i64, Path, description = "Person id"),
           ("grant_id" = i64, Path, description = "Grant id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The grant is outside the caller's scope", body = ErrorBody),
        (status = 404, description = "No such grant for this person", body = ErrorBody),
        (status = 409, description = "The last global admin", body = ErrorBody)))]
pub async fn revoke_role(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath((id, grant_id)): AppPath<(i64, i64)>,
) -> AppResult<StatusCode> {
    user.require_anywhere(Role::Admin)?;
    state
        .db
        .write(move |tx| {
            let (owner, grant, _) = store::accounts::grant(tx, grant_id)?
                .filter(|(owner, _, _)| *owner == id)
                .ok_or(AppError::NOT_FOUND)?;
            // Territory grants (grids, communities) are the global admins' to revoke.
            if !user.is_global_admin() {
                user.require_path(Role::Admin, &grant.path)?;
            }
            let global = grant.role == Role::Admin && tree::is_root(&grant.path);
            if global && store::accounts::root_admin_grants(tx)? <= 1 {
                return Err(AppError::Refused(Reason::LastAdmin));
            }
            store::accounts::delete_grant(tx, grant_id)?;
            audit::record(
                tx,
                user.id,
                "role.revoke",
                &format!("user:{owner}"),
                json!({"grant_id": grant_id, "role": grant.role.as_str(), "node_id": grant.node_id}),
            )
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page with one row too many yields a cursor at its last kept row.
    #[test]
    fn an_extra_row_means_there_is_a_next_page() {
        let (items, next) = paginate(vec![1, 2, 3], 2, |x| *x);
        assert_eq!((items, next), (vec![1, 2], Some(2)));
        let (items, next) = paginate(vec![1, 2], 2, |x| *x);
        assert_eq!((items, next), (vec![1, 2], None));
    }
}
