//! Turning the flat node lists the API sends into the nested trees the admin pages draw,
//! and the choices those pages offer (where a node may move, what may be added below it).

use crate::api::{Node, NodeKind, Tree};
use crate::validate::child_kind_allowed;

/// A node with the nodes directly below it, in a stable order.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeNode {
    pub node: Node,
    pub children: Vec<TreeNode>,
}

/// Nests a flat list. Nodes whose parent is not in the list become roots; siblings are
/// ordered by id (creation order). A node caught in a parent cycle (bad data) is left out
/// rather than looping.
pub fn build_forest(nodes: &[Node]) -> Vec<TreeNode> {
    let ids: std::collections::HashSet<i64> = nodes.iter().map(|n| n.id).collect();
    let mut roots: Vec<&Node> = nodes
        .iter()
        .filter(|n| n.parent_id.is_none_or(|p| !ids.contains(&p)))
        .collect();
    roots.sort_by_key(|n| n.id);
    let mut seen = std::collections::HashSet::new();
    roots
        .into_iter()
        .filter_map(|r| grow(r, nodes, &mut seen))
        .collect()
}

fn grow(node: &Node, all: &[Node], seen: &mut std::collections::HashSet<i64>) -> Option<TreeNode> {
    if !seen.insert(node.id) {
        return None;
    }
    let mut kids: Vec<&Node> = all
        .iter()
        .filter(|n| n.parent_id == Some(node.id))
        .collect();
    kids.sort_by_key(|n| n.id);
    let children = kids
        .into_iter()
        .filter_map(|k| grow(k, all, seen))
        .collect();
    Some(TreeNode {
        node: node.clone(),
        children,
    })
}

/// Whether `id` is `ancestor` or lies anywhere below it, following parent links.
pub fn is_within(nodes: &[Node], id: i64, ancestor: i64) -> bool {
    let mut current = Some(id);
    let mut steps = 0;
    while let Some(c) = current {
        if c == ancestor {
            return true;
        }
        steps += 1;
        if steps > nodes.len() {
            return false;
        }
        current = nodes.iter().find(|n| n.id == c).and_then(|n| n.parent_id);
    }
    false
}

/// The nodes `id` may be moved under: same tree, not itself or anything below it, not its
/// current parent, and only where its kind is allowed. Sorted by name for the picker.
pub fn move_targets(nodes: &[Node], id: i64) -> Vec<Node> {
    let Some(me) = nodes.iter().find(|n| n.id == id) else {
        return Vec::new();
    };
    let mut out: Vec<Node> = nodes
        .iter()
        .filter(|n| n.tree == me.tree)
        .filter(|n| Some(n.id) != me.parent_id)
        .filter(|n| !is_within(nodes, n.id, id))
        .filter(|n| child_kind_allowed(Some(n.kind), me.kind))
        .cloned()
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    out
}

/// The kinds that may be created directly below `parent` (or at the top of `tree`).
pub fn child_kinds(tree: Tree, parent: Option<NodeKind>) -> Vec<NodeKind> {
    use NodeKind::*;
    [Society, Branch, Team, District, Street, Community, Grid]
        .into_iter()
        .filter(|k| k.tree() == tree && child_kind_allowed(parent, *k))
        .collect()
}

/// The names from the root down to the node, for a breadcrumb ("汉阳区 › 四新街道").
pub fn ancestry(nodes: &[Node], id: i64) -> Vec<String> {
    let mut names = Vec::new();
    let mut current = Some(id);
    while let Some(c) = current {
        let Some(n) = nodes.iter().find(|n| n.id == c) else {
            break;
        };
        if names.len() >= nodes.len() {
            break;
        }
        names.push(n.name.clone());
        current = n.parent_id;
    }
    names.reverse();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: i64, parent: Option<i64>, kind: NodeKind, name: &str) -> Node {
        Node {
            id,
            tree: kind.tree(),
            parent_id: parent,
            kind,
            name: name.to_string(),
            path: String::new(),
            member_count: 0,
        }
    }

    fn org() -> Vec<Node> {
        use NodeKind::*;
        vec![
            node(5, Some(2), Team, "红喇叭治安巡逻队"),
            node(1, None, Society, "汉阳区志愿者协会"),
            node(2, Some(1), Branch, "四新分会"),
            node(3, Some(1), Branch, "江堤分会"),
            node(4, Some(2), Team, "白鸽志愿服务队"),
            node(6, Some(3), Branch, "江堤一支"),
        ]
    }

    #[test]
    fn a_flat_list_nests_under_its_parents_in_creation_order() {
        let forest = build_forest(&org());
        assert_eq!(forest.len(), 1);
        let root = &forest[0];
        assert_eq!(root.node.id, 1);
        let branches: Vec<i64> = root.children.iter().map(|c| c.node.id).collect();
        assert_eq!(branches, vec![2, 3]);
        let teams: Vec<i64> = root.children[0]
            .children
            .iter()
            .map(|c| c.node.id)
            .collect();
        assert_eq!(teams, vec![4, 5]);
        assert_eq!(root.children[1].children[0].node.name, "江堤一支");
    }

    #[test]
    fn nodes_whose_parent_is_missing_become_roots() {
        use NodeKind::*;
        let nodes = vec![
            node(7, Some(99), Team, "孤儿队"),
            node(1, None, Society, "协会"),
        ];
        let forest = build_forest(&nodes);
        let roots: Vec<i64> = forest.iter().map(|t| t.node.id).collect();
        assert_eq!(roots, vec![1, 7]);
    }

    #[test]
    fn a_parent_cycle_does_not_loop_forever() {
        use NodeKind::*;
        let nodes = vec![
            node(1, Some(2), Branch, "a"),
            node(2, Some(1), Branch, "b"),
            node(3, None, Society, "root"),
        ];
        let forest = build_forest(&nodes);
        assert_eq!(forest.len(), 1);
        assert!(!is_within(&nodes, 1, 3));
        assert_eq!(ancestry(&nodes, 1).len(), 3);
    }

    #[test]
    fn a_node_cannot_move_under_itself_its_descendants_or_its_current_parent() {
        let nodes = org();
        let targets: Vec<i64> = move_targets(&nodes, 2).iter().map(|n| n.id).collect();
        // branch 2 sits under 1; it may go under branch 3 or 6, never under itself or its teams
        assert_eq!(targets, vec![6, 3]);
    }

    #[test]
    fn a_team_may_move_to_any_branch_or_the_society_but_not_under_a_team() {
        let nodes = org();
        let mut targets: Vec<i64> = move_targets(&nodes, 4).iter().map(|n| n.id).collect();
        targets.sort();
        assert_eq!(targets, vec![1, 3, 6]);
    }

    #[test]
    fn moves_never_cross_into_the_other_tree() {
        use NodeKind::*;
        let mut nodes = org();
        nodes.push(node(10, None, District, "汉阳区"));
        nodes.push(node(11, Some(10), Street, "四新街道"));
        assert!(move_targets(&nodes, 4).iter().all(|n| n.tree == Tree::Org));
        assert!(move_targets(&nodes, 11).is_empty());
    }

    #[test]
    fn only_allowed_kinds_are_offered_below_a_node() {
        use NodeKind::*;
        assert_eq!(child_kinds(Tree::Org, Some(Branch)), vec![Branch, Team]);
        assert_eq!(child_kinds(Tree::Org, Some(Team)), vec![]);
        assert_eq!(child_kinds(Tree::Org, None), vec![Society]);
        assert_eq!(child_kinds(Tree::Territory, Some(Community)), vec![Grid]);
    }

    #[test]
    fn ancestry_reads_from_the_root_down() {
        assert_eq!(
            ancestry(&org(), 5),
            vec!["汉阳区志愿者协会", "四新分会", "红喇叭治安巡逻队"]
        );
    }
}
