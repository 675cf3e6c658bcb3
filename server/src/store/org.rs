//! The organisation and territory trees, and team membership.

use linli_app::api::{Node, NodeKind, Tree, UserSummary};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{AppError, AppResult};
use crate::store::tree;

/// A node as stored, without its member count.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeRow {
    pub id: i64,
    pub tree: Tree,
    pub parent_id: Option<i64>,
    pub kind: NodeKind,
    pub name: String,
    pub path: String,
}

pub fn tree_str(t: Tree) -> &'static str {
    match t {
        Tree::Org => "org",
        Tree::Territory => "territory",
    }
}

fn parse_tree(s: &str) -> Option<Tree> {
    [Tree::Org, Tree::Territory]
        .into_iter()
        .find(|t| tree_str(*t) == s)
}

const KINDS: [NodeKind; 7] = [
    NodeKind::Society,
    NodeKind::Branch,
    NodeKind::Team,
    NodeKind::District,
    NodeKind::Street,
    NodeKind::Community,
    NodeKind::Grid,
];

pub fn kind_str(k: NodeKind) -> &'static str {
    match k {
        NodeKind::Society => "society",
        NodeKind::Branch => "branch",
        NodeKind::Team => "team",
        NodeKind::District => "district",
        NodeKind::Street => "street",
        NodeKind::Community => "community",
        NodeKind::Grid => "grid",
    }
}

fn parse_kind(s: &str) -> Option<NodeKind> {
    KINDS.into_iter().find(|k| kind_str(*k) == s)
}

/// A text column that must hold one of our enum names.
pub(crate) fn enum_col<T>(
    row: &Row,
    idx: usize,
    parse: fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    let s: String = row.get(idx)?;
    parse(&s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            rusqlite::types::Type::Text,
            format!("unknown value {s:?}").into(),
        )
    })
}

const NODE_COLS: &str = "id, tree, parent_id, kind, name, path";

fn node_row(r: &Row) -> rusqlite::Result<NodeRow> {
    Ok(NodeRow {
        id: r.get(0)?,
        tree: enum_col(r, 1, parse_tree)?,
        parent_id: r.get(2)?,
        kind: enum_col(r, 3, parse_kind)?,
        name: r.get(4)?,
        path: r.get(5)?,
    })
}

pub fn node(conn: &Connection, id: i64) -> AppResult<Option<NodeRow>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {NODE_COLS} FROM nodes WHERE id = ?1"))?
        .query_row([id], node_row)
        .optional()?)
}

/// A node that must exist: 404 otherwise.
pub fn existing_node(conn: &Connection, id: i64) -> AppResult<NodeRow> {
    node(conn, id)?.ok_or(AppError::NOT_FOUND)
}

/// The nodes right below a node, in the order they were made.
pub fn children(conn: &Connection, id: i64) -> AppResult<Vec<NodeRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {NODE_COLS} FROM nodes WHERE parent_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt.query_map([id], node_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn with_count(conn: &Connection, row: NodeRow) -> AppResult<Node> {
    let member_count = member_count(conn, row.id)?;
    Ok(Node {
        id: row.id,
        tree: row.tree,
        parent_id: row.parent_id,
        kind: row.kind,
        name: row.name,
        path: row.path,
        member_count,
    })
}

fn member_count(conn: &Connection, node_id: i64) -> AppResult<i64> {
    Ok(conn
        .prepare_cached("SELECT COUNT(*) FROM memberships WHERE node_id = ?1")?
        .query_row([node_id], |r| r.get(0))?)
}

/// A node as the API shows it.
pub fn api_node(conn: &Connection, id: i64) -> AppResult<Node> {
    with_count(conn, existing_node(conn, id)?)
}

/// Every node of one tree (or both), parents before children.
pub fn list(conn: &Connection, which: Option<Tree>) -> AppResult<Vec<Node>> {
    let mut stmt = conn.prepare_cached(
        "SELECT n.id, n.tree, n.parent_id, n.kind, n.name, n.path,
                (SELECT COUNT(*) FROM memberships m WHERE m.node_id = n.id)
         FROM nodes n WHERE ?1 IS NULL OR n.tree = ?1 ORDER BY n.path",
    )?;
    let rows = stmt.query_map([which.map(tree_str)], |r| {
        let row = node_row(r)?;
        Ok(Node {
            id: row.id,
            tree: row.tree,
            parent_id: row.parent_id,
            kind: row.kind,
            name: row.name,
            path: row.path,
            member_count: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Adds a node under `parent` (or as a root); its path ends with its own id.
pub fn insert(
    conn: &Connection,
    which: Tree,
    parent: Option<&NodeRow>,
    kind: NodeKind,
    name: &str,
    now: i64,
) -> AppResult<NodeRow> {
    // The path needs the new id, so insert with a placeholder no other committed row can
    // hold (the single writer sees its own placeholder only until the UPDATE below).
    conn.prepare_cached(
        "INSERT INTO nodes (tree, parent_id, kind, name, path, created_at)
         VALUES (?1, ?2, ?3, ?4, '', ?5)",
    )?
    .execute(params![
        tree_str(which),
        parent.map(|p| p.id),
        kind_str(kind),
        name,
        now
    ])?;
    let id = conn.last_insert_rowid();
    let path = tree::child_path(parent.map(|p| p.path.as_str()), id);
    conn.prepare_cached("UPDATE nodes SET path = ?2 WHERE id = ?1")?
        .execute(params![id, path])?;
    existing_node(conn, id)
}

pub fn rename(conn: &Connection, id: i64, name: &str) -> AppResult<()> {
    conn.prepare_cached("UPDATE nodes SET name = ?2 WHERE id = ?1")?
        .execute(params![id, name])?;
    Ok(())
}

/// Moves `node` and its whole subtree under `parent`: one statement rewrites every
/// descendant's path prefix. Returns how many paths changed.
pub fn move_subtree(conn: &Connection, node: &NodeRow, parent: &NodeRow) -> AppResult<usize> {
    conn.prepare_cached("UPDATE nodes SET parent_id = ?2 WHERE id = ?1")?
        .execute(params![node.id, parent.id])?;
    let new_path = tree::child_path(Some(&parent.path), node.id);
    let (lo, hi) = tree::subtree_range(&node.path);
    let changed = conn
        .prepare_cached(
            "UPDATE nodes SET path = ?1 || substr(path, ?2)
         WHERE path >= ?3 AND path < ?4",
        )?
        .execute(params![new_path, node.path.len() as i64 + 1, lo, hi])?;
    Ok(changed)
}

/// The people directly in a node, by id.
pub fn members(conn: &Connection, node_id: i64) -> AppResult<Vec<UserSummary>> {
    let mut stmt = conn.prepare_cached(
        "SELECT u.id, u.name, u.phone FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.node_id = ?1 ORDER BY u.id",
    )?;
    let rows = stmt.query_map([node_id], |r| {
        Ok(UserSummary {
            id: r.get(0)?,
            name: r.get(1)?,
            phone: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Adds a member; false when they were one already.
pub fn add_member(conn: &Connection, user_id: i64, node_id: i64, now: i64) -> AppResult<bool> {
    let n = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO memberships (user_id, node_id, joined_at) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![user_id, node_id, now])?;
    Ok(n == 1)
}

/// Removes a member; false when they were not one.
pub fn remove_member(conn: &Connection, user_id: i64, node_id: i64) -> AppResult<bool> {
    let n = conn
        .prepare_cached("DELETE FROM memberships WHERE user_id = ?1 AND node_id = ?2")?
        .execute(params![user_id, node_id])?;
    Ok(n == 1)
}

/// Is the person directly in this node?
pub fn is_member(conn: &Connection, user_id: i64, node_id: i64) -> AppResult<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM memberships WHERE user_id = ?1 AND node_id = ?2")?
        .query_row([user_id, node_id], |_| Ok(()))
        .optional()?
        .is_some())
}
