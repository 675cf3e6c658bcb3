//! The split wasm as the site serves it. `make site` runs the splitter (one chunk per
//! area of the app, see `app/src/ui/area.rs`), wasm-bindgen on the main module and
//! wasm-opt on every file, into one folder:
//!
//! - `main.js`, `main_bg.wasm`: wasm-bindgen's glue and the main module,
//! - `__wasm_split.js`: the splitter's loader, which fetches `./<chunk>.wasm`,
//! - `<chunk>.wasm`: the chunks.
//!
//! The splitter names chunks without a content hash, so here every file gets one and the
//! references between them are rewritten: the loader's chunk URLs, the loader's import
//! of the glue, and the glue's import of the loader.

use std::fs;
use std::path::Path;

use crate::{hash, read, Result};

const GLUE: &str = "main.js";
const MAIN_WASM: &str = "main_bg.wasm";
const LOADER: &str = "__wasm_split.js";

/// The files of `/pkg/`, by URL, and the URLs `index.html` names.
pub struct Pkg {
    pub js_url: String,
    pub wasm_url: String,
    pub loader_url: String,
    pub files: Vec<(String, Vec<u8>)>,
}

impl Pkg {
    /// The bytes of the file served at `url`.
    pub fn file(&self, url: &str) -> Result<&[u8]> {
        self.files
            .iter()
            .find(|(u, _)| u == url)
            .map(|(_, b)| b.as_slice())
            .ok_or_else(|| format!("{url} is not among the built files"))
    }
}

/// Reads the folder `make site` prepared and names every file by its content.
pub fn pkg_files(dir: &Path) -> Result<Pkg> {
    let glue = text(&dir.join(GLUE))?;
    let main_wasm = read(&dir.join(MAIN_WASM))?;
    let mut loader = text(&dir.join(LOADER))?;

    let mut files = Vec::new();
    for (name, bytes) in chunks(dir)? {
        let stem = name.trim_end_matches(".wasm");
        let hashed = format!("{stem}-{}.wasm", hash(&[&bytes]));
        loader = replace_all(
            &loader,
            &format!("\"./{name}\""),
            &format!("\"./{hashed}\""),
        )?;
        files.push((format!("/pkg/{hashed}"), bytes));
    }

    // The glue and the loader import each other, so they share one hash: that of the
    // main module, the glue and the loader with its chunk names (which hash the chunks).
    let pkg_hash = hash(&[glue.as_bytes(), &main_wasm, loader.as_bytes()]);
    let js_name = format!("linli-{pkg_hash}.js");
    let loader_name = format!("split-{pkg_hash}.js");
    let loader = replace_all(
        &loader,
        &format!("\"./{GLUE}\""),
        &format!("\"./{js_name}\""),
    )?;
    let glue = replace_import(&glue, LOADER, &loader_name)?;

    let js_url = format!("/pkg/{js_name}");
    let wasm_url = format!("/pkg/linli-{pkg_hash}_bg.wasm");
    let loader_url = format!("/pkg/{loader_name}");
    let mut all = vec![
        (js_url.clone(), glue.into_bytes()),
        (wasm_url.clone(), main_wasm),
        (loader_url.clone(), loader.into_bytes()),
    ];
    all.append(&mut files);
    Ok(Pkg {
        js_url,
        wasm_url,
        loader_url,
        files: all,
    })
}

/// The chunks: every wasm file but the main module, in name order.
fn chunks(dir: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".wasm") && n != MAIN_WASM)
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| Ok((n.clone(), read(&dir.join(&n))?)))
        .collect()
}

fn text(path: &Path) -> Result<String> {
    String::from_utf8(read(path)?).map_err(|_| format!("{} is not UTF-8", path.display()))
}

/// Replaces every `from`, which must occur: a rename that silently misses a reference
/// would ship a site that fails on the first visit to an area.
fn replace_all(text: &str, from: &str, to: &str) -> Result<String> {
    if !text.contains(from) {
        return Err(format!("expected {from} in the split loader or glue"));
    }
    Ok(text.replace(from, to))
}

/// Points the glue's `import … from './<module>'` at `to`, whichever quotes it uses. The
/// import object's key keeps the old name: it is the wasm's import module.
fn replace_import(glue: &str, module: &str, to: &str) -> Result<String> {
    for q in ['\'', '"'] {
        let from = format!("from {q}./{module}{q}");
        if glue.contains(&from) {
            return Ok(glue.replace(&from, &format!("from {q}./{to}{q}")));
        }
    }
    Err(format!("the wasm-bindgen glue does not import ./{module}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_is_hashed_and_every_reference_rewritten() {
        let dir = tempdir();
        fs::write(
            dir.join(GLUE),
            "import * as s from './__wasm_split.js';\nimports['./__wasm_split.js'] = s;",
        )
        .unwrap();
        fs::write(dir.join(MAIN_WASM), b"main").unwrap();
        fs::write(dir.join("split_admin.wasm"), b"admin").unwrap();
        fs::write(
            dir.join(LOADER),
            "import { initSync } from \"./main.js\";\nmakeLoad(() => fetch(new URL(\"./split_admin.wasm\", import.meta.url)));",
        )
        .unwrap();
        let pkg = pkg_files(&dir).unwrap();
        let urls: Vec<&str> = pkg.files.iter().map(|(u, _)| u.as_str()).collect();
        assert_eq!(urls.len(), 4);
        let body = |url: &str| {
            let (_, b) = pkg.files.iter().find(|(u, _)| u == url).unwrap();
            String::from_utf8(b.clone()).unwrap()
        };
        let chunk = urls.iter().find(|u| u.contains("split_admin-")).unwrap();
        let chunk_name = chunk.trim_start_matches("/pkg/");
        let loader = body(&pkg.loader_url);
        assert!(loader.contains(&format!("\"./{chunk_name}\"")));
        let js_name = pkg.js_url.trim_start_matches("/pkg/");
        assert!(loader.contains(&format!("from \"./{js_name}\"")));
        let glue = body(&pkg.js_url);
        let loader_name = pkg.loader_url.trim_start_matches("/pkg/");
        assert!(glue.contains(&format!("from './{loader_name}'")));
        // The import object's key is the wasm's import module name: unchanged.
        assert!(glue.contains("imports['./__wasm_split.js']"));
        // Named as the server recognises hashed (immutable) files: `-`, 16 hex digits, `.`.
        for name in [chunk_name, loader_name, js_name] {
            let at = name.rfind('-').unwrap();
            assert_eq!(name.as_bytes()[at + 17], b'.', "{name}");
            assert!(name[at + 1..at + 17].chars().all(|c| c.is_ascii_hexdigit()));
        }
    }

    #[test]
    fn a_missing_reference_fails_the_build() {
        assert!(replace_all("abc", "x", "y").is_err());
        assert!(replace_import("import './other.js'", LOADER, "x.js").is_err());
    }

    fn tempdir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-pkg-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }
}
