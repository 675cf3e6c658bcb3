//! `make sizes`: each file of the site (raw, gzip, brotli), and what a first visit to `/`
//! or `/shop` downloads. Both are `index.html` with the files it names and their static
//! imports: the signed-out home and the shop's list are in the main module, so neither
//! fetches a chunk (the browser test `first-load.spec.ts` checks that on the wire).
//!
//! Signed out, the server writes the shop's goods into those pages, so their first screen
//! needs no wasm: its total leaves the main module out (and, being static, the goods the
//! server adds to the page, 1–2 KB); the browser test measures it on the wire.

use std::collections::BTreeSet;
use std::path::Path;

use crate::{files_under, read, Result, COMPRESSIBLE};

/// The budget for a first visit, brotli bytes on the wire (issue 13).
pub const FIRST_LOAD_BUDGET: usize = 160_000;

pub fn print_sizes(sizes: &[(String, usize, usize, usize)]) {
    println!(
        "{:<44} {:>10} {:>10} {:>10}",
        "file", "raw", "gzip", "brotli"
    );
    for (name, raw, gz, br) in sizes {
        println!("{name:<44} {raw:>10} {gz:>10} {br:>10}");
    }
}

/// Prints the sizes of the built site and its first-load total.
pub fn sizes(site: &Path) -> Result<()> {
    let mut files = Vec::new();
    files_under(site, &mut files)?;
    files.sort();
    let mut rows = Vec::new();
    for f in &files {
        let ext = f.extension().and_then(|x| x.to_str()).unwrap_or("");
        if !COMPRESSIBLE.contains(&ext) {
            continue;
        }
        let rel = f.strip_prefix(site).unwrap_or(f).display().to_string();
        let size = |suffix: &str| {
            std::fs::metadata(format!("{}{suffix}", f.display())).map(|m| m.len() as usize)
        };
        rows.push((
            rel,
            size("").unwrap_or(0),
            size(".gz").unwrap_or(0),
            size(".br").unwrap_or(0),
        ));
    }
    print_sizes(&rows);

    let first = first_load(site)?;
    let mut total = 0;
    println!("\nfirst load of / and of /shop, signed out (brotli):");
    for url in &first {
        let br = brotli_size(site, url);
        total += br;
        println!("  {url:<42} {br:>10}");
    }
    let module: usize = first
        .iter()
        .filter(|url| url.ends_with(".wasm"))
        .map(|url| brotli_size(site, url))
        .sum();
    println!(
        "  {:<42} {:>10}  (budget {FIRST_LOAD_BUDGET}, before the goods)",
        "the first screen: all but the module",
        total - module
    );
    println!("  {:<42} {total:>10}", "with the app's module");
    Ok(())
}

/// The size of a site file's brotli copy (0 when there is none, as for PNG icons).
fn brotli_size(site: &Path, url: &str) -> usize {
    std::fs::metadata(site.join(format!("{}.br", url.trim_start_matches('/'))))
        .map(|m| m.len() as usize)
        .unwrap_or(0)
}

/// `/index.html`, the site files it names, and the relative static imports of those
/// scripts, transitively.
pub fn first_load(site: &Path) -> Result<BTreeSet<String>> {
    let html = String::from_utf8_lossy(&read(&site.join("index.html"))?).into_owned();
    let mut found = BTreeSet::from(["/index.html".to_string()]);
    let mut todo: Vec<String> = quoted_paths(&html)
        .into_iter()
        .filter(|u| site.join(u.trim_start_matches('/')).is_file())
        .collect();
    while let Some(url) = todo.pop() {
        if !found.insert(url.clone()) || !url.ends_with(".js") {
            continue;
        }
        let js =
            String::from_utf8_lossy(&read(&site.join(url.trim_start_matches('/')))?).into_owned();
        let dir = &url[..url.rfind('/').unwrap_or(0) + 1];
        for import in static_imports(&js) {
            todo.push(format!("{dir}{}", import.trim_start_matches("./")));
        }
    }
    Ok(found)
}

/// Every quoted string that starts with one `/` (site-absolute URLs).
fn quoted_paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for q in ['"', '\''] {
        for (i, part) in text.split(q).enumerate() {
            if i % 2 == 1 && part.starts_with('/') && !part.starts_with("//") && !part.contains(' ')
            {
                out.push(part.to_string());
            }
        }
    }
    out
}

/// The `./` specifiers of `import … from './x.js'` statements.
fn static_imports(js: &str) -> Vec<String> {
    let mut out = Vec::new();
    for q in ['"', '\''] {
        let pat = format!("from {q}./");
        let mut rest = js;
        while let Some(at) = rest.find(&pat) {
            let spec = &rest[at + pat.len() - 2..];
            if let Some(end) = spec.find(q) {
                out.push(spec[..end].to_string());
            }
            rest = &rest[at + pat.len()..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_load_follows_the_page_and_its_static_imports() {
        let site = std::env::temp_dir().join(format!("xtask-sizes-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&site);
        std::fs::create_dir_all(site.join("pkg")).unwrap();
        let files = [
            ("index.html", "<link href=\"/a.css\"><script>import i from '/pkg/g.js'; i({module_or_path: '/pkg/g.wasm'})</script><a href=\"/shop\">"),
            ("a.css", ""),
            ("pkg/g.js", "import * as s from './l.js';"),
            ("pkg/l.js", "import { initSync } from \"./g.js\"; new URL(\"./chunk.wasm\", import.meta.url)"),
            ("pkg/g.wasm", ""),
            ("pkg/chunk.wasm", ""),
        ];
        for (name, body) in files {
            std::fs::write(site.join(name), body).unwrap();
        }
        let got: Vec<String> = first_load(&site).unwrap().into_iter().collect();
        assert_eq!(
            got,
            [
                "/a.css",
                "/index.html",
                "/pkg/g.js",
                "/pkg/g.wasm",
                "/pkg/l.js"
            ]
        );
    }
}
