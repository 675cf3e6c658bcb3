//! Reading and editing the trees.

use axum::extract::State;
use axum::http::StatusCode;
use linli_app::api::{CreateNode, ErrorBody, Node, Reason, Tree, UpdateNode};
use linli_app::roles::Role;
use linli_app::validate::{self, Invalid, Problem};
use rusqlite::Connection;
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;

use crate::audit;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppJson, AppPath, AppQuery, AppResult};
use crate::org::tree;
use crate::store::org::NodeRow;
use crate::store::{self, now};
use crate::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NodesQuery {
    /// Which tree; both when absent.
    #[param(inline)]
    tree: Option<Tree>,
}

/// May `user` edit the tree at (or add below) the node with `path`? Organisation nodes
/// belong to the admins whose scope covers them; roots and the territory tree, which no
/// grant can sit in, to global admins.
fn may_edit(user: &CurrentUser, which: Tree, path: Option<&str>) -> bool {
    match (which, path) {
        (Tree::Org, Some(path)) => user.has(Role::Admin, path),
        _ => user.is_global_admin(),
    }
}

fn require_edit(user: &CurrentUser, which: Tree, path: Option<&str>) -> AppResult<()> {
    if may_edit(user, which, path) {
        Ok(())
    } else {
        Err(AppError::FORBIDDEN)
    }
}

fn bad(field: &'static str, problem: Problem) -> AppError {
    Invalid { field, problem }.into()
}

/// Every node of a tree (or both), parents before children. Anyone signed in may read.
#[utoipa::path(get, path = "/nodes", tag = "organisation", params(NodesQuery),
    responses(
        (status = 200, description = "Flat list ordered by path", body = Vec<Node>),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
pub async fn list_nodes(
    State(state): State<AppState>,
    _user: CurrentUser,
    AppQuery(query): AppQuery<NodesQuery>,
) -> AppResult<AppJson<Vec<Node>>> {
    let nodes = state
        .db
        .read(move |c| store::org::list(c, query.tree))
        .await?;
    Ok(AppJson(nodes))
}

/// Add a node: admins covering the parent; roots and territory nodes need a global admin.
#[utoipa::path(post, path = "/nodes", tag = "organisation",
    request_body = CreateNode,
    responses(
        (status = 201, description = "Created", body = Node),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Outside the caller's scope", body = ErrorBody),
        (status = 404, description = "No such parent", body = ErrorBody),
        (status = 422, description = "Invalid name, or a kind that does not belong here", body = ErrorBody)))]
pub async fn create_node(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<CreateNode>,
) -> AppResult<(StatusCode, AppJson<Node>)> {
    user.require_anywhere(Role::Admin)?;
    let name = validate::node_name(&req.name)?;
    let node = state
        .db
        .write(move |tx| {
            let parent = req
                .parent_id
                .map(|id| store::org::existing_node(tx, id))
                .transpose()?;
            let which = parent.as_ref().map_or(req.tree, |p| p.tree);
            require_edit(&user, which, parent.as_ref().map(|p| p.path.as_str()))?;
            validate::node_placement(req.tree, parent.as_ref().map(|p| p.kind), req.kind)?;
            let node = store::org::insert(tx, req.tree, parent.as_ref(), req.kind, &name, now())?;
            audit::record(
                tx,
                user.id,
                "node.create",
                &format!("node:{}", node.id),
                json!({"name": node.name, "parent_id": node.parent_id, "kind": store::org::kind_str(node.kind)}),
            )?;
            store::org::api_node(tx, node.id)
        })
        .await?;
    Ok((StatusCode::CREATED, AppJson(node)))
}

/// Checks a move of `node` under `parent` and performs it.
fn move_node(
    conn: &Connection,
    user: &CurrentUser,
    node: &NodeRow,
    parent_id: i64,
) -> AppResult<()> {
    let parent = store::org::existing_node(conn, parent_id)?;
    if parent.tree != node.tree {
        return Err(bad("parent_id", Problem::WrongTree));
    }
    if tree::is_within(&parent.path, &node.path) {
        return Err(AppError::Refused(Reason::MoveIntoOwnSubtree));
    }
    require_edit(user, parent.tree, Some(&parent.path))?;
    validate::node_placement(node.tree, Some(parent.kind), node.kind)?;
    let moved = store::org::move_subtree(conn, node, &parent)?;
    audit::record(
        conn,
        user.id,
        "node.move",
        &format!("node:{}", node.id),
        json!({"from": node.parent_id, "to": parent.id, "paths_changed": moved}),
    )
}

/// Rename and/or move a node with its whole subtree. Moving under itself is refused.
#[utoipa::path(patch, path = "/nodes/{id}", tag = "organisation",
    params(("id" = i64, Path, description = "Node id")),
    request_body = UpdateNode,
    responses(
        (status = 200, description = "Updated", body = Node),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Outside the caller's scope", body = ErrorBody),
        (status = 404, description = "No such node or parent", body = ErrorBody),
        (status = 422, description = "Invalid name, a move into its own subtree, or a kind that does not belong there", body = ErrorBody)))]
pub async fn update_node(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<UpdateNode>,
) -> AppResult<AppJson<Node>> {
    user.require_anywhere(Role::Admin)?;
    let name = req.name.as_deref().map(validate::node_name).transpose()?;
    let node = state
        .db
        .write(move |tx| {
            let node = store::org::existing_node(tx, id)?;
            require_edit(&user, node.tree, Some(&node.path))?;
            if let Some(parent_id) = req.parent_id.filter(|p| Some(*p) != node.parent_id) {
                move_node(tx, &user, &node, parent_id)?;
            }
            if let Some(name) = name.filter(|n| *n != node.name) {
                store::org::rename(tx, id, &name)?;
                audit::record(
                    tx,
                    user.id,
                    "node.rename",
                    &format!("node:{id}"),
                    json!({"from": node.name, "to": name}),
                )?;
            }
            store::org::api_node(tx, id)
        })
        .await?;
    Ok(AppJson(node))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Grant;
    use linli_app::i18n::Lang;

    fn user_with(role: Role, path: &str) -> CurrentUser {
        CurrentUser {
            id: 1,
            name: "管理员".into(),
            lang: Lang::Zh,
            grants: vec![Grant {
                id: 1,
                role,
                node_id: 1,
                path: path.into(),
            }],
            session_hash: vec![],
        }
    }

    /// A branch admin edits inside the branch only; roots and territory are global.
    #[test]
    fn branch_admins_edit_their_branch_and_nothing_global() {
        let branch = user_with(Role::Admin, "/1/2/");
        assert!(may_edit(&branch, Tree::Org, Some("/1/2/")));
        assert!(may_edit(&branch, Tree::Org, Some("/1/2/7/")));
        assert!(!may_edit(&branch, Tree::Org, Some("/1/3/")));
        assert!(!may_edit(&branch, Tree::Org, None));
        assert!(!may_edit(&branch, Tree::Territory, Some("/9/")));
    }

    /// A global admin edits everything, including roots and the territory tree.
    #[test]
    fn global_admins_edit_everything() {
        let global = user_with(Role::Admin, "/1/");
        assert!(may_edit(&global, Tree::Org, None));
        assert!(may_edit(&global, Tree::Territory, Some("/9/10/")));
        assert!(may_edit(&global, Tree::Org, Some("/1/3/")));
    }

    /// Team leaders lead; they do not reshape trees.
    #[test]
    fn team_leaders_cannot_edit_trees() {
        let leader = user_with(Role::TeamLeader, "/1/2/");
        assert!(!may_edit(&leader, Tree::Org, Some("/1/2/")));
    }
}
