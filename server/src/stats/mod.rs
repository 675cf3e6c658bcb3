//! District statistics for any node of either tree, and the open books (公开账本).
//!
//! Every figure is read from running totals that triggers keep in the same transaction
//! as the records they count (migration 0011), so a page costs a few dozen rows however
//! many postings there are; `store::stats::REBUILD` recomputes them from the records.

pub mod books;
pub mod export;
mod http;

pub use http::router;

use linli_app::api::stats::{ChildFigures, NodeRef, NodeStats};
use linli_app::api::Tree;
use linli_app::roles::Role;
use linli_app::stats;
use rusqlite::Connection;

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::store::org::{self as store_org, NodeRow};
use crate::store::stats as store;

/// May this person see the figures (or export the records) of this node? Organisation
/// nodes: `role` there (an admin grant reaches any role); territory nodes, which no grant
/// covers: a global admin.
pub fn require_scope(user: &CurrentUser, role: Role, node: &NodeRow) -> AppResult<()> {
    match node.tree {
        Tree::Org => user.require_path(role, &node.path),
        Tree::Territory => user.require_global_admin(),
    }
}

fn node_ref(n: &NodeRow) -> NodeRef {
    NodeRef {
        id: n.id,
        tree: n.tree,
        kind: n.kind,
        name: n.name.clone(),
    }
}

/// A node's statistics from `from` to `to` (local months), with each child's totals.
pub fn node_stats(
    conn: &Connection,
    user: &CurrentUser,
    node_id: i64,
    from: &str,
    to: &str,
) -> AppResult<NodeStats> {
    let node = store_org::existing_node(conn, node_id)?;
    require_scope(user, Role::Reviewer, &node)?;
    let (totals, months) = stats::assemble(&store::node_rows(conn, node.id, to)?, from, to);
    let children = store_org::children(conn, node.id)?
        .iter()
        .map(|child| {
            let sums = store::node_sums(conn, child.id, from, to)?;
            Ok(ChildFigures {
                node: node_ref(child),
                totals: stats::totals_of(&sums),
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok(NodeStats {
        node: node_ref(&node),
        from: from.to_string(),
        to: to.to_string(),
        totals,
        months,
        children,
    })
}
