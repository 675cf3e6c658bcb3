// Linli's service worker. `cargo run -p xtask -- site` fills in the placeholders: the
// version (from the content hashes of what it precaches), the precache list and the
// main script's name.
//
// - The shell (index.html, the stylesheet, the main script and wasm, icons) is precached
//   at install, so the app starts without a network.
// - Other /pkg/ files (area chunks) are cached on first use: their names carry a content
//   hash, so a cached copy is never stale.
// - Page loads go to the network first and fall back to the cached shell; the app then
//   shows what works offline.
// - Nothing under /api/ is ever answered from or written to a cache.
// - A new version takes over at once and names its main script to the open pages; a page
//   running another one shows a "new version" notice, and the next visit runs the new one.
'use strict';

const VERSION = '{{LINLI_SW_VERSION}}';
const PRECACHE = {{LINLI_PRECACHE}};
const MAIN_JS = '{{LINLI_JS}}';
const SHELL = `linli-shell-${VERSION}`;
const PKG = 'linli-pkg';
// Area chunks kept across versions (oldest dropped first): an open page of the previous
// version may still need its own.
const PKG_KEEP = 80;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'no-cache' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('linli-shell-') && name !== SHELL) await caches.delete(name);
      }
      const pkg = await caches.open(PKG);
      const keys = await pkg.keys();
      for (const old of keys.slice(0, Math.max(0, keys.length - PKG_KEEP))) await pkg.delete(old);
      await self.clients.claim();
      for (const client of await self.clients.matchAll({ type: 'window' })) {
        client.postMessage({ type: 'linli-version', version: VERSION, js: MAIN_JS });
      }
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  // Never the API (not even its docs page), never another origin: the browser as usual.
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (req.mode === 'navigate') {
    event.respondWith(page(req));
  } else if (url.pathname.startsWith('/pkg/')) {
    event.respondWith(immutable(event));
  } else if (PRECACHE.includes(url.pathname)) {
    event.respondWith(cached(req));
  }
});

/** A page load: the network's answer, or offline the cached shell. */
async function page(req) {
  try {
    return await fetch(req);
  } catch (offline) {
    const shell = await caches.match('/index.html', { cacheName: SHELL, ignoreVary: true });
    if (shell) return shell;
    return new Response(
      '<!doctype html><meta charset="utf-8"><title>邻里</title>' +
        '<p lang="zh-CN">当前没有网络，请联网后再打开邻里。</p>' +
        '<p lang="en">You are offline: connect to the network and open Linli again.</p>',
      { status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } },
    );
  }
}

/** A content-hashed file: the cached copy, or fetched once and kept. */
async function immutable(event) {
  const req = event.request;
  const hit = await caches.match(req, { ignoreVary: true });
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok) {
    const copy = res.clone();
    event.waitUntil(caches.open(PKG).then((c) => c.put(req, copy)));
  }
  return res;
}

/** A precached file (stylesheet, icons): the cached copy, else the network. */
async function cached(req) {
  return (await caches.match(req, { cacheName: SHELL, ignoreVary: true })) || fetch(req);
}
