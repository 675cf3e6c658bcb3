// System checks of the served app: the API description, the docs page, the single-page
// app fallback, the JSON 404 for unknown API paths, and how static assets are cached and
// compressed.

import { validate } from '@readme/openapi-parser';
import { test, expect, gotoApp, holdWasm } from './fixtures';

test.describe('API description', () => {
  test('openapi.json is a valid OpenAPI 3 document', async ({ request }) => {
    const res = await request.get('/api/v1/openapi.json');
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('application/json');
    const doc = await res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths ?? {})).toContain('/api/v1/health');
    // The validator may rewrite what it is given; hand it a copy.
    const result = await validate(structuredClone(doc));
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  test('/api/docs renders and lists every path', async ({ page, request, shot }) => {
    const doc = await (await request.get('/api/v1/openapi.json')).json();
    const res = await page.goto('/api/docs');
    expect(res?.status()).toBe(200);
    await expect(page.locator('h1')).toContainText('Linli');
    const table = page.locator('table');
    for (const p of Object.keys(doc.paths)) {
      await expect(table.getByText(p, { exact: true }).first()).toBeVisible();
    }
    await shot('api-docs');
  });
});

test.describe('single-page app', () => {
  test('the home page mounts the app over the loading shell', async ({ page, shot }) => {
    const res = await page.goto('/');
    expect(res?.status()).toBe(200);
    await expect(page).toHaveTitle(/邻里/);
    await gotoApp(page, '/');
    await shot('home');
  });

  test('a deep link returns index.html with 200 and the app mounts', async ({
    page,
    request,
    shot,
  }) => {
    const raw = await request.get('/me');
    expect(raw.status()).toBe(200);
    expect(raw.headers()['content-type']).toContain('text/html');
    expect(raw.headers()['cache-control']).toBe('no-cache');
    const html = await raw.text();
    expect(html).toContain('<div id="app">');
    expect(html).toContain('data-shell');
    expect(html).not.toContain('{{LINLI_');

    const res = await page.goto('/me');
    expect(res?.status()).toBe(200);
    await gotoApp(page, '/me');
    await shot('deep-link-me');
  });

  test('the loading shell paints before the wasm arrives', async ({ page, shot }) => {
    // Hold the wasm back: the static shell must show on its own.
    const release = await holdWasm(page);
    await page.goto('/', { waitUntil: 'domcontentloaded' });
    await expect(page.locator('#app [data-shell]')).toBeVisible();
    await shot('loading-shell');
    release();
    await expect(page.locator('#app [data-shell]')).toHaveCount(0, { timeout: 20_000 });
  });

  test('a missing asset is a 404, not the app', async ({ request }) => {
    const res = await request.get('/pkg/linli-0000000000000000.js');
    expect(res.status()).toBe(404);
    expect(res.headers()['cache-control']).toBe('no-cache');
  });
});

test.describe('API errors', () => {
  for (const [method, path] of [
    ['GET', '/api/v1/no-such-thing'],
    ['POST', '/api/v1/no/such/thing'],
    ['GET', '/api/nope'],
  ] as const) {
    test(`${method} ${path} answers a JSON 404`, async ({ request }) => {
      const res = await request.fetch(path, { method, data: method === 'POST' ? {} : undefined });
      expect(res.status()).toBe(404);
      expect(res.headers()['content-type']).toContain('application/json');
      const body = await res.json();
      expect(body.error.code).toBe('not_found');
      expect(typeof body.error.message).toBe('string');
    });
  }
});

test.describe('static assets', () => {
  async function assetUrls(request: import('@playwright/test').APIRequestContext) {
    const html = await (await request.get('/')).text();
    const js = html.match(/\/pkg\/linli-[0-9a-f]{16}\.js/)?.[0];
    const wasm = html.match(/\/pkg\/linli-[0-9a-f]{16}_bg\.wasm/)?.[0];
    const css = html.match(/\/linli-[0-9a-f]{16}\.css/)?.[0];
    expect([js, wasm, css], 'hashed asset names in index.html').not.toContain(undefined);
    return { js: js!, wasm: wasm!, css: css! };
  }

  test('hashed assets are cached for a year and sent brotli-compressed', async ({ request }) => {
    const assets = await assetUrls(request);
    const types = { js: 'javascript', wasm: 'application/wasm', css: 'text/css' };
    for (const [kind, url] of Object.entries(assets)) {
      const res = await request.get(url, { headers: { 'accept-encoding': 'br' } });
      expect(res.status(), url).toBe(200);
      const h = res.headers();
      expect(h['cache-control'], url).toBe('public, max-age=31536000, immutable');
      expect(h['content-encoding'], url).toBe('br');
      expect(h['content-type'], url).toContain(types[kind as keyof typeof types]);
      expect(h['vary'] ?? '', url).toMatch(/accept-encoding/i);
    }
  });

  test('gzip when brotli is not accepted, identity when nothing is', async ({ request }) => {
    const { wasm } = await assetUrls(request);
    const gz = await request.get(wasm, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers()['content-encoding']).toBe('gzip');
    const plain = await request.get(wasm, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers()['content-encoding']).toBeUndefined();
    // A real wasm module, not a fallback page.
    expect((await plain.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
  });

  test('index.html and unhashed files are revalidated', async ({ request }) => {
    for (const url of ['/', '/index.html', '/favicon.svg', '/manifest.webmanifest']) {
      const res = await request.get(url, { headers: { 'accept-encoding': 'br, gzip' } });
      expect(res.status(), url).toBe(200);
      expect(res.headers()['cache-control'], url).toBe('no-cache');
    }
    const manifest = await (await request.get('/manifest.webmanifest')).json();
    expect(manifest.short_name).toBe('邻里');
  });
});
