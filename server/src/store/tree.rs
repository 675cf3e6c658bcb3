//! Materialised paths: a node's path is its ancestors' ids and its own, `/1/4/9/`.
//! "Everything under a node" is every path that starts with the node's path.

/// The path of a new node with id `id` under a parent path (or at a root).
pub fn child_path(parent: Option<&str>, id: i64) -> String {
    format!("{}{id}/", parent.unwrap_or("/"))
}

/// True when `path` is `ancestor` itself or lies anywhere below it.
pub fn is_within(path: &str, ancestor: &str) -> bool {
    !ancestor.is_empty() && path.starts_with(ancestor)
}

/// True for a root node's path (`/7/`).
pub fn is_root(path: &str) -> bool {
    path.len() > 2 && path.starts_with('/') && path.matches('/').count() == 2
}

/// The half-open text range `[lo, hi)` holding exactly the paths within `path`, so
/// the path index answers a subtree query. Paths end with `/` and `0` sorts right
/// after `/`, so replacing the last `/` with `0` bounds the range.
pub fn subtree_range(path: &str) -> (String, String) {
    let hi = match path.strip_suffix('/') {
        Some(stem) => format!("{stem}0"),
        None => format!("{path}0"),
    };
    (path.to_string(), hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A root's path is its id between slashes; children extend their parent's path.
    #[test]
    fn child_paths_extend_the_parent_path() {
        assert_eq!(child_path(None, 1), "/1/");
        assert_eq!(child_path(Some("/1/4/"), 9), "/1/4/9/");
    }

    /// A node is within itself and its ancestors, and not within a sibling whose id
    /// shares its leading digits.
    #[test]
    fn within_means_the_same_node_or_below_it() {
        assert!(is_within("/1/4/9/", "/1/"));
        assert!(is_within("/1/4/", "/1/4/"));
        assert!(!is_within("/1/41/", "/1/4/"));
        assert!(!is_within("/1/", "/1/4/"));
        assert!(!is_within("/1/", ""));
    }

    /// Only one-segment paths are roots.
    #[test]
    fn roots_have_a_single_segment() {
        assert!(is_root("/12/"));
        assert!(!is_root("/1/2/"));
        assert!(!is_root("/"));
    }

    /// The range covers the node and its descendants but not a sibling like `/1/41/`.
    #[test]
    fn subtree_range_holds_exactly_the_subtree() {
        let (lo, hi) = subtree_range("/1/4/");
        let inside = |p: &str| p >= lo.as_str() && p < hi.as_str();
        assert!(inside("/1/4/"));
        assert!(inside("/1/4/9/12/"));
        assert!(!inside("/1/41/"));
        assert!(!inside("/1/5/"));
        assert!(!inside("/1/"));
    }
}
