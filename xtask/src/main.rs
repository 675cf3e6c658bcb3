//! Build helper for Linli. `cargo run -p xtask -- site` assembles the static site that the
//! server serves from `target/site/`:
//!
//! - the split wasm (see `pkg_files`): the main module and its wasm-bindgen JS, the
//!   splitter's loader and one chunk per area, all under content-hashed names
//!   (`pkg/linli-<hash>.js`, `pkg/linli-<hash>_bg.wasm`, `pkg/split-<hash>.js`,
//!   `pkg/<chunk>-<hash>.wasm`) with the references between them rewritten,
//! - one stylesheet from `style/*.css` in file-name order (`linli-<hash>.css`),
//! - `index.html` from `public/index.html` with its `{{LINLI_*}}` placeholders filled in,
//! - every other file of `public/` as it is, except `sw.js`, whose precache list and
//!   version are filled in (see `service_worker`),
//! - `.br` and `.gz` siblings of every compressible file, for the server to send as they are.
//!
//! The site is written to a scratch folder first and then swapped in, so a running server
//! never sees half a site.

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sha2::{Digest, Sha256};

mod cycles;
mod pkg;
mod sizes;

use pkg::{pkg_files, Pkg};
use sizes::{print_sizes, sizes};

/// Hex digits of the content hash in asset names. The server recognises hashed names by
/// this length (see `server/src/site.rs`).
const HASH_LEN: usize = 16;

/// File types worth precompressing.
const COMPRESSIBLE: &[&str] = &[
    "html",
    "js",
    "mjs",
    "wasm",
    "css",
    "svg",
    "json",
    "webmanifest",
    "txt",
    "xml",
];

const USAGE: &str = "usage: cargo run -p xtask -- site [--pkg DIR] [--out DIR]
       cargo run -p xtask -- sizes [--out DIR]
       cargo run -p xtask -- cycles

  site    assemble the site
  sizes   each file of the site, and what a first visit downloads
  cycles  fail on a file-level import cycle in app/src or server/src
  --pkg   the split, bound and optimised wasm  (default target/wasm-split/opt)
  --out   site folder                           (default target/site)

Paths are relative to the workspace root.";

struct SiteArgs {
    pkg: PathBuf,
    out: PathBuf,
}

type Result<T> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("site") => parse_site_args(&args[1..]).and_then(|a| site(&a)),
        Some("sizes") => parse_site_args(&args[1..]).and_then(|a| sizes(&a.out)),
        Some("cycles") => no_cycles(),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: xtask lives one folder below it. Read at run time (`cargo run`
/// sets CARGO_MANIFEST_DIR), so a binary built in another checkout never reads that
/// checkout's files; without cargo, the current folder.
fn root() -> PathBuf {
    match std::env::var_os("CARGO_MANIFEST_DIR") {
        Some(dir) => Path::new(&dir)
            .parent()
            .expect("xtask sits inside the workspace")
            .to_path_buf(),
        None => PathBuf::from("."),
    }
}

/// Fails, naming them, when the sources have file-level import cycles (`make lint`).
fn no_cycles() -> Result<()> {
    let found = cycles::find(Path::new("."))?;
    if found.is_empty() {
        println!("no import cycles in {}", cycles::CRATES.join(", "));
        return Ok(());
    }
    Err(format!("import cycles:\n{}", found.join("\n")))
}

fn parse_site_args(args: &[String]) -> Result<SiteArgs> {
    let root = root();
    let mut out = SiteArgs {
        pkg: root.join("target/wasm-split/opt"),
        out: root.join("target/site"),
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n\n{USAGE}"))?;
        let path = root.join(value);
        match flag.as_str() {
            "--pkg" => out.pkg = path,
            "--out" => out.out = path,
            _ => return Err(format!("unknown option {flag}\n\n{USAGE}")),
        }
    }
    Ok(out)
}

fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn hash(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    let mut hex = String::with_capacity(64);
    for b in h.finalize() {
        let _ = write!(hex, "{b:02x}");
    }
    hex.truncate(HASH_LEN);
    hex
}

/// All of `style/*.css`, in file-name order, each headed by its name.
fn stylesheet(dir: &Path) -> Result<Vec<u8>> {
    let mut files: Vec<PathBuf> = match fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "css"))
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    let mut css = Vec::new();
    for f in files {
        let name = f.file_name().unwrap_or_default().to_string_lossy();
        css.extend_from_slice(format!("/* {name} */\n").as_bytes());
        css.extend_from_slice(&read(&f)?);
        if !css.ends_with(b"\n") {
            css.push(b'\n');
        }
    }
    Ok(css)
}

/// Copies `from` into `to` recursively, skipping `skip` (a file directly in `from`).
fn copy_tree(from: &Path, to: &Path, skip: &str) -> Result<()> {
    let entries = fs::read_dir(from).map_err(|e| format!("cannot list {}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') || name == skip {
            continue;
        }
        if path.is_dir() {
            copy_tree(&path, &to.join(&name), "")?;
        } else {
            write(&to.join(&name), &read(&path)?)?;
        }
    }
    Ok(())
}

/// `public/index.html` with its placeholders filled in; every placeholder must be used
/// and none may be left over.
fn index_html(template: &str, pkg: &Pkg, css: &str) -> Result<String> {
    let mut html = template.to_string();
    for (key, value) in [
        ("{{LINLI_JS}}", pkg.js_url.as_str()),
        ("{{LINLI_WASM}}", pkg.wasm_url.as_str()),
        ("{{LINLI_SPLIT_JS}}", pkg.loader_url.as_str()),
        ("{{LINLI_CSS}}", css),
    ] {
        if !html.contains(key) {
            return Err(format!("public/index.html lacks the placeholder {key}"));
        }
        html = html.replace(key, value);
    }
    if let Some(at) = html.find("{{LINLI_") {
        let rest: String = html[at..].chars().take(40).collect();
        return Err(format!(
            "public/index.html has an unknown placeholder: {rest}"
        ));
    }
    Ok(html)
}

/// Small files of `public/` the service worker keeps beside the shell.
const PRECACHE_PUBLIC: &[&str] = &["favicon.svg", "icon-192.png", "manifest.webmanifest"];

/// `public/sw.js` with its placeholders filled in: the precache list (the shell's files
/// and `PRECACHE_PUBLIC`), a version from all their contents, and the main script's name.
fn service_worker(template: &str, precache: &[(&str, &[u8])], main_js: &str) -> Result<String> {
    let bytes: Vec<&[u8]> = precache.iter().map(|(_, b)| *b).collect();
    let urls: Vec<String> = precache.iter().map(|(u, _)| format!("\"{u}\"")).collect();
    let mut sw = template.to_string();
    for (key, value) in [
        ("{{LINLI_SW_VERSION}}", hash(&bytes)),
        ("{{LINLI_PRECACHE}}", format!("[{}]", urls.join(", "))),
        ("{{LINLI_JS}}", main_js.to_string()),
    ] {
        if !sw.contains(key) {
            return Err(format!("public/sw.js lacks the placeholder {key}"));
        }
        sw = sw.replace(key, &value);
    }
    if sw.contains("{{LINLI_") {
        return Err("public/sw.js has an unknown placeholder".to_string());
    }
    Ok(sw)
}

/// Writes the filled-in `sw.js` into the site, over the template `copy_tree` put there.
fn write_service_worker(
    public: &Path,
    site: &Path,
    shell: &[(&str, &[u8])],
    main_js: &str,
) -> Result<()> {
    let template = String::from_utf8(read(&public.join("sw.js"))?)
        .map_err(|_| "public/sw.js is not UTF-8".to_string())?;
    let mut files = Vec::new();
    for name in PRECACHE_PUBLIC {
        files.push((format!("/{name}"), read(&public.join(name))?));
    }
    let mut precache: Vec<(&str, &[u8])> = shell.to_vec();
    precache.extend(files.iter().map(|(u, b)| (u.as_str(), b.as_slice())));
    write(
        &site.join("sw.js"),
        service_worker(&template, &precache, main_js)?.as_bytes(),
    )
}

fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len() / 3);
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).map_err(|e| e.to_string())?;
    Ok(out)
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).map_err(|e| e.to_string())?;
    enc.finish().map_err(|e| e.to_string())
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            files_under(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// Writes `.br` and `.gz` beside every compressible file; returns (path, raw, gz, br).
fn precompress(site: &Path) -> Result<Vec<(String, usize, usize, usize)>> {
    let mut files = Vec::new();
    files_under(site, &mut files)?;
    files.sort();
    let mut sizes = Vec::new();
    for f in files {
        let ext = f.extension().and_then(|x| x.to_str()).unwrap_or("");
        if !COMPRESSIBLE.contains(&ext) {
            continue;
        }
        let raw = read(&f)?;
        let br = brotli(&raw)?;
        let gz = gzip(&raw)?;
        let mut name = f.clone().into_os_string();
        name.push(".br");
        write(Path::new(&name), &br)?;
        let mut name = f.clone().into_os_string();
        name.push(".gz");
        write(Path::new(&name), &gz)?;
        let rel = f.strip_prefix(site).unwrap_or(&f).display().to_string();
        sizes.push((rel, raw.len(), gz.len(), br.len()));
    }
    Ok(sizes)
}

fn site(args: &SiteArgs) -> Result<()> {
    let root = root();
    let public = root.join("public");
    let pkg = pkg_files(&args.pkg).map_err(|e| format!("{e} (run `make site` to build it)"))?;
    let css = stylesheet(&root.join("style"))?;
    let template = String::from_utf8(read(&public.join("index.html"))?)
        .map_err(|_| "public/index.html is not UTF-8".to_string())?;

    let css_url = format!("/linli-{}.css", hash(&[&css]));
    let html = index_html(&template, &pkg, &css_url)?;

    // Build beside the target, then swap it in.
    let scratch = args.out.with_extension("new");
    let old = args.out.with_extension("old");
    for dir in [&scratch, &old] {
        if dir.exists() {
            fs::remove_dir_all(dir).map_err(|e| format!("cannot clear {}: {e}", dir.display()))?;
        }
    }
    copy_tree(&public, &scratch, "index.html")?;
    for (url, bytes) in &pkg.files {
        write(&scratch.join(url.trim_start_matches('/')), bytes)?;
    }
    write(&scratch.join(css_url.trim_start_matches('/')), &css)?;
    write(&scratch.join("index.html"), html.as_bytes())?;
    // The service worker precaches what every first load needs; area chunks are cached
    // on first use.
    let mut shell: Vec<(&str, &[u8])> = vec![("/index.html", html.as_bytes()), (&css_url, &css)];
    for url in [&pkg.js_url, &pkg.loader_url, &pkg.wasm_url] {
        shell.push((url, pkg.file(url)?));
    }
    write_service_worker(&public, &scratch, &shell, &pkg.js_url)?;
    let sizes = precompress(&scratch)?;

    if args.out.exists() {
        fs::rename(&args.out, &old).map_err(|e| format!("cannot move the old site: {e}"))?;
    }
    fs::rename(&scratch, &args.out).map_err(|e| format!("cannot place the site: {e}"))?;
    if old.exists() {
        fs::remove_dir_all(&old).map_err(|e| format!("cannot remove the old site: {e}"))?;
    }

    println!("site written to {}", args.out.display());
    print_sizes(&sizes);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_has_fixed_length_and_depends_on_content() {
        let a = hash(&[b"a"]);
        assert_eq!(a.len(), HASH_LEN);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, hash(&[b"b"]));
        // The parts are length-prefixed, so moving a byte across them changes the hash.
        assert_ne!(hash(&[b"ab", b"c"]), hash(&[b"a", b"bc"]));
    }

    fn pkg() -> Pkg {
        Pkg {
            js_url: "/a.js".into(),
            wasm_url: "/a.wasm".into(),
            loader_url: "/s.js".into(),
            files: Vec::new(),
        }
    }

    #[test]
    fn index_html_fills_every_placeholder() {
        let t = "<link href='{{LINLI_CSS}}'><link rel=modulepreload href='{{LINLI_SPLIT_JS}}'><script>import i from '{{LINLI_JS}}'; i({module_or_path: '{{LINLI_WASM}}'})</script>";
        let html = index_html(t, &pkg(), "/a.css").unwrap();
        assert_eq!(
            html,
            "<link href='/a.css'><link rel=modulepreload href='/s.js'><script>import i from '/a.js'; i({module_or_path: '/a.wasm'})</script>"
        );
    }

    #[test]
    fn index_html_refuses_missing_or_unknown_placeholders() {
        assert!(index_html("{{LINLI_JS}}{{LINLI_WASM}}{{LINLI_SPLIT_JS}}", &pkg(), "").is_err());
        assert!(index_html(
            "{{LINLI_JS}}{{LINLI_WASM}}{{LINLI_SPLIT_JS}}{{LINLI_CSS}}{{LINLI_X}}",
            &pkg(),
            ""
        )
        .is_err());
    }

    #[test]
    fn service_worker_lists_the_shell_and_versions_it_by_content() {
        let t = "const V = '{{LINLI_SW_VERSION}}'; const P = {{LINLI_PRECACHE}}; const J = '{{LINLI_JS}}';";
        let a = service_worker(t, &[("/index.html", b"a"), ("/a.js", b"b")], "/a.js").unwrap();
        let v = hash(&[b"a", b"b"]);
        assert_eq!(
            a,
            format!("const V = '{v}'; const P = [\"/index.html\", \"/a.js\"]; const J = '/a.js';")
        );
        let b = service_worker(t, &[("/index.html", b"a"), ("/a.js", b"c")], "/a.js").unwrap();
        assert_ne!(a, b, "another script is another version");
        assert!(service_worker("{{LINLI_PRECACHE}}", &[], "").is_err());
        assert!(service_worker(&format!("{t}{{{{LINLI_X}}}}"), &[], "").is_err());
    }

    #[test]
    fn compressed_copies_round_trip() {
        let text = "邻里 Linli ".repeat(200);
        let br = brotli(text.as_bytes()).unwrap();
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut back).unwrap();
        assert_eq!(back, text.as_bytes());
        let gz = gzip(text.as_bytes()).unwrap();
        let mut back = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut back)
            .unwrap();
        assert_eq!(back, text);
        assert!(br.len() < text.len() && gz.len() < text.len());
    }
}
