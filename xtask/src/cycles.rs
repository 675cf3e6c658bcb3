//! `cargo run -p xtask -- cycles`: file-level import cycles in `app/src` and
//! `server/src`. A file depends on another when it names it: a `use crate::…`,
//! `super::…` or `self::…` path (in a `use` or inline in code), resolved to the deepest
//! module file it reaches. A module's own files are one room with their parent: the parent
//! (`mod.rs`, `lib.rs`) naming its children is not counted, a child naming its parent is.
//! Test modules (`#[cfg(test)]` to the end of the file) are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The crates checked, relative to the workspace root.
pub const CRATES: &[&str] = &["app/src", "server/src"];

/// A module path inside one crate, `[]` for the crate root.
type Module = Vec<String>;

/// Every `.rs` file under `src` with its module path.
fn modules(src: &Path) -> Result<BTreeMap<Module, PathBuf>, String> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![src.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries = fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.insert(module_of(src, &path), path);
            }
        }
    }
    Ok(out)
}

/// `src/a/b.rs` → `[a, b]`; `src/a/mod.rs` → `[a]`; `src/lib.rs`, `src/main.rs` → `[]`.
fn module_of(src: &Path, file: &Path) -> Module {
    let rel = file.strip_prefix(src).unwrap_or(file);
    let mut parts: Module = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The code of a file without comments, string literals and its test module.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or(text);
    let mut out = String::with_capacity(text.len());
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            i += 2;
            while i < b.len() && !b[i..].starts_with(b"*/") {
                i += 1;
            }
            i += 2;
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    out
}

/// Paths a file names: inline `crate::a::b` / `super::…` / `self::…` paths, and every
/// path a `use` tree expands to (`use crate::a::{b, c::d}` → `crate::a::b`,
/// `crate::a::c::d`).
fn named_paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for stmt in code.split(';') {
        let words: Vec<&str> = stmt.split_whitespace().collect();
        if let Some(pos) = words.iter().position(|w| *w == "use") {
            // `a as b` keeps only `a`, marked by `@`; then no spaces at all.
            let tree = words[pos + 1..]
                .join(" ")
                .replace(" as ", "@")
                .replace(' ', "");
            expand(&tree, &mut Vec::new(), &mut out);
        }
    }
    let words: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < words.len() {
        let at_word_start = i == 0 || !(words[i - 1].is_alphanumeric() || words[i - 1] == '_');
        let rest: String = words[i..(i + 7).min(words.len())].iter().collect();
        if at_word_start
            && (rest.starts_with("crate::")
                || rest.starts_with("super::")
                || rest.starts_with("self::"))
        {
            let mut j = i;
            while j < words.len()
                && (words[j].is_alphanumeric() || words[j] == '_' || words[j] == ':')
            {
                j += 1;
            }
            let path: String = words[i..j].iter().collect();
            out.push(
                path.split("::")
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
            );
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// Expands a `use` tree without spaces into its paths, each after `prefix`.
fn expand(tree: &str, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let tree = tree.trim_start_matches("::");
    if let Some(open) = tree.find('{') {
        let head: Vec<String> = tree[..open]
            .split("::")
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let n = prefix.len();
        prefix.extend(head);
        let mut depth = 0;
        let mut start = 0;
        for (k, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&inner[start..k], prefix, out);
                    start = k + 1;
                }
                _ => {}
            }
        }
        expand(&inner[start..], prefix, out);
        prefix.truncate(n);
    } else if !tree.is_empty() {
        let mut path = prefix.clone();
        let name = tree.split('@').next().unwrap_or(tree);
        path.extend(
            name.split("::")
                .filter(|s| !s.is_empty() && *s != "*")
                .map(str::to_string),
        );
        out.push(path);
    }
}

/// The module file a path named in module `from` reaches, if it is one of this crate's.
fn resolve(from: &Module, path: &[String], known: &BTreeMap<Module, PathBuf>) -> Option<Module> {
    let mut abs: Module = match path.first().map(String::as_str) {
        Some("crate") => Vec::new(),
        Some("super") | Some("self") => from.clone(),
        _ => return None,
    };
    let mut rest = &path[1..];
    if path[0] == "super" {
        abs.pop();
    }
    while rest.first().is_some_and(|s| s == "super") {
        abs.pop();
        rest = &rest[1..];
    }
    abs.extend(rest.iter().filter(|s| *s != "self").cloned());
    while !known.contains_key(&abs) {
        abs.pop()?;
    }
    Some(abs)
}

/// Each file's dependencies (module → the modules it names).
fn graph(src: &Path) -> Result<BTreeMap<Module, BTreeSet<Module>>, String> {
    let known = modules(src)?;
    let mut out = BTreeMap::new();
    for (module, file) in &known {
        let text = fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let deps = named_paths(&code_of(&text))
            .iter()
            .filter_map(|p| resolve(module, p, &known))
            // Its own file, or one of its own submodules: the same room.
            .filter(|d| !d.starts_with(module))
            .collect();
        out.insert(module.clone(), deps);
    }
    Ok(out)
}

/// The cycles of a graph, one per strongly connected group of two or more files.
fn cycles(g: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    // Tarjan's algorithm; a source tree is shallow enough to recurse on.
    struct State<'a> {
        g: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'a Module, usize>,
        low: BTreeMap<&'a Module, usize>,
        stack: Vec<&'a Module>,
        on_stack: BTreeSet<&'a Module>,
        out: Vec<Vec<Module>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a Module) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.g.get(v).into_iter().flatten() {
            let Some((w, _)) = s.g.get_key_value(w) else {
                continue;
            };
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut group = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                group.push(w.clone());
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                s.out.push(group);
            }
        }
    }
    let mut s = State {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in g.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.out
}

fn name(m: &Module) -> String {
    if m.is_empty() {
        "crate".into()
    } else {
        m.join("::")
    }
}

/// The import cycles of the crates under `root`, worded; empty when there are none.
pub fn find(root: &Path) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for krate in CRATES {
        let g = graph(&root.join(krate))?;
        for group in cycles(&g) {
            let names: Vec<String> = group.iter().map(name).collect();
            let edges: Vec<String> = group
                .iter()
                .flat_map(|a| {
                    g[a].iter()
                        .filter(|b| group.contains(b))
                        .map(move |b| format!("{} → {}", name(a), name(b)))
                })
                .collect();
            out.push(format!(
                "{krate}: {} ({})",
                names.join(", "),
                edges.join("; ")
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(p: &str) -> Vec<String> {
        p.split("::").map(str::to_string).collect()
    }

    #[test]
    fn use_trees_expand_to_every_path() {
        let code = code_of("use crate::a::{b, c::{d, e as f}};\nuse super::g; // crate::x\n");
        let paths = named_paths(&code);
        for p in [
            "crate::a::b",
            "crate::a::c::d",
            "crate::a::c::e",
            "super::g",
        ] {
            assert!(paths.contains(&s(p)), "{p} in {paths:?}");
        }
        assert!(!paths.contains(&s("crate::x")), "comments are not code");
    }

    #[test]
    fn paths_resolve_to_the_deepest_module_file() {
        let known: BTreeMap<Module, PathBuf> = [vec![], s("a"), s("a::b"), s("c")]
            .into_iter()
            .map(|m| (m, PathBuf::new()))
            .collect();
        assert_eq!(
            resolve(&s("c"), &s("crate::a::b::Item"), &known),
            Some(s("a::b"))
        );
        assert_eq!(
            resolve(&s("a::b"), &s("super::helper"), &known),
            Some(s("a"))
        );
        assert_eq!(
            resolve(&s("a::b"), &s("super::super::c::x"), &known),
            Some(s("c"))
        );
        assert_eq!(resolve(&s("c"), &s("std::fmt"), &known), None);
    }

    #[test]
    fn a_loop_between_files_is_a_cycle_and_a_parent_naming_its_child_is_not() {
        let g: BTreeMap<Module, BTreeSet<Module>> = [
            (s("a"), [s("b")].into()),
            (s("b"), [s("a")].into()),
            (s("c"), [].into()),
        ]
        .into_iter()
        .collect();
        assert_eq!(cycles(&g), vec![vec![s("a"), s("b")]]);
        let m: Module = s("shop");
        assert!(s("shop::checkout").starts_with(&m));
    }

    /// The real tree: no file-level import cycle in either crate.
    #[test]
    fn the_sources_have_no_import_cycles() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let found = find(&root).unwrap();
        assert!(found.is_empty(), "import cycles:\n{}", found.join("\n"));
    }
}
