// The app as an installable, offline-capable web app: the static first paint of
// index.html is laid out exactly as the mounted app and the mount shifts nothing; the
// service worker, manifest and icons are served right; after a first visit the app
// starts offline and says what still works; a new version is announced.
//
// The rest of the suite runs with service workers blocked (playwright.config.ts), so
// request routing there is never hidden behind the worker; this file allows them.

import { test, expect, gotoApp, holdWasm, layoutShift, waitForApp, watchLayoutShift } from './fixtures';
import type { Page } from '@playwright/test';

test.use({ serviceWorkers: 'allow' });

/** Boxes of the parts of the first screen that both renditions have. */
async function boxes(page: Page): Promise<Record<string, number[]>> {
  return page.evaluate(() => {
    const out: Record<string, number[]> = {};
    const parts = [
      '.topbar', '.brand', '.lang-switch', '.topbar-login', '.sidenav', '.content',
      '.welcome', '.welcome h1', '.welcome .actions', '.home > h2', '.quick-links', '.tabbar',
    ];
    for (const sel of parts) {
      const el = document.querySelector(sel);
      if (!el) continue;
      const r = el.getBoundingClientRect();
      // The main area's height is left out: the home page's previews of goods and
      // projects load below the first screen and lengthen it without moving anything.
      const box = sel === '.content' ? [r.x, r.y, r.width] : [r.x, r.y, r.width, r.height];
      out[sel] = box.map((v) => Math.round(v));
    }
    return out;
  });
}

test('the static first paint is the signed-out home page, laid out as the app', async ({ page, shot }) => {
  const release = await holdWasm(page);
  await page.goto('/', { waitUntil: 'domcontentloaded' });
  await expect(page.locator('#app [data-shell]')).toBeVisible();
  await expect(page.getByRole('heading', { name: '欢迎来到邻里', level: 1 })).toBeVisible();
  const before = await boxes(page);
  await shot('static-first-paint');
  release();
  await waitForApp(page);
  await expect(page.getByRole('heading', { name: '欢迎来到邻里', level: 1 })).toBeVisible();
  const after = await boxes(page);
  expect(Object.keys(before).length).toBeGreaterThanOrEqual(10);
  expect(after).toEqual(before);
});

test('away from home the static paint shows the loading line and marks the right tab', async ({ page }) => {
  const release = await holdWasm(page);
  await page.goto('/projects', { waitUntil: 'domcontentloaded' });
  await expect(page.locator('#app [data-shell] .state-loading')).toHaveText('加载中…');
  await expect(page.locator('#app [data-shell] .welcome')).toHaveCount(0);
  await expect(page.locator('#app [data-shell] [aria-current="page"][href="/projects"]').first()).toBeAttached();
  release();
  await waitForApp(page);
});

test('a cold load of / shifts no layout (CLS under 0.02)', async ({ page }) => {
  await watchLayoutShift(page);
  await gotoApp(page, '/');
  await expect(page.getByRole('link', { name: '注册' })).toBeVisible();
  // Let anything late (the session's answer, fonts) land before reading.
  await page.waitForTimeout(1_000);
  const cls = await layoutShift(page);
  expect(cls).toBeLessThan(0.02);
});

test('sw.js, the manifest and its PNG icons are served for an installable app', async ({ request }) => {
  const html = await (await request.get('/')).text();
  const js = html.match(/\/pkg\/linli-[0-9a-f]{16}\.js/)![0];
  const wasm = html.match(/\/pkg\/linli-[0-9a-f]{16}_bg\.wasm/)![0];
  const css = html.match(/\/linli-[0-9a-f]{16}\.css/)![0];

  const sw = await request.get('/sw.js', { headers: { 'accept-encoding': 'br, gzip' } });
  expect(sw.status()).toBe(200);
  expect(sw.headers()['cache-control']).toBe('no-cache');
  expect(sw.headers()['content-type']).toMatch(/javascript/);
  const code = await sw.text();
  expect(code).not.toContain('{{LINLI_');
  for (const url of ['/index.html', js, wasm, css]) expect(code).toContain(`"${url}"`);
  expect(code).toMatch(/const VERSION = '[0-9a-f]{16}'/);

  const manifest = await (await request.get('/manifest.webmanifest')).json();
  const icons: { src: string; sizes: string; type: string; purpose?: string }[] = manifest.icons;
  for (const [sizes, purpose] of [['192x192', 'any'], ['512x512', 'any'], ['512x512', 'maskable']]) {
    const icon = icons.find((i) => i.sizes === sizes && i.type === 'image/png' && (i.purpose ?? 'any').includes(purpose));
    expect(icon, `${sizes} ${purpose}`).toBeTruthy();
    const res = await request.get(icon!.src);
    expect(res.status(), icon!.src).toBe(200);
    expect(res.headers()['content-type']).toBe('image/png');
    const png = await res.body();
    // The PNG header's width and height.
    const side = Number(sizes.split('x')[0]);
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([side, side]);
  }
  expect(manifest.display).toBe('standalone');
  expect(manifest.start_url).toBe('/');
});

/** Opens the app and waits until its service worker controls the page. */
async function controlled(page: Page): Promise<void> {
  await gotoApp(page, '/');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

test('after a first visit the app starts offline and says what still works', async ({ page, context, shot }) => {
  await controlled(page);
  // Nothing from the API is kept.
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname);
    }
    return urls;
  });
  expect(cached).toContain('/index.html');
  expect(cached.filter((u) => u.startsWith('/api/'))).toEqual([]);

  await context.setOffline(true);
  await page.reload();
  await waitForApp(page);
  await expect(page.locator('.topbar')).toBeVisible();
  const offline = page.getByTestId('offline-page');
  await expect(offline.getByRole('heading', { name: '当前没有网络' })).toBeVisible();
  await expect(offline).toContainText('超市终端会保留已提交的兑换');
  await expect(page.getByTestId('offline-banner')).toHaveText('没有网络：部分功能暂不可用');
  await shot('offline-zh');
  // Both languages.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(offline.getByRole('heading', { name: 'You are offline' })).toBeVisible();
  await page.getByRole('button', { name: '中文' }).click();

  // A page never opened before still gets the shell.
  await page.goto('/shop');
  await waitForApp(page);
  await expect(page.getByTestId('offline-page')).toBeVisible();

  // The network returns: the app carries on by itself.
  await context.setOffline(false);
  await expect(page.getByTestId('offline-page')).toHaveCount(0);
  await expect(page.getByTestId('offline-banner')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: '公益积分超市', level: 1 })).toBeVisible();
});

test('a page of an older version hears of the new one, in both languages', async ({ page }) => {
  await controlled(page);
  // The worker that took over at the first visit is this page's own version: no notice.
  await page.waitForTimeout(300);
  await expect(page.getByTestId('new-version')).toHaveCount(0);
  // A newer worker names another main script when it takes over.
  await page.evaluate(() =>
    navigator.serviceWorker.dispatchEvent(
      new MessageEvent('message', { data: { type: 'linli-version', js: '/pkg/linli-0000000000000000.js' } }),
    ),
  );
  const note = page.getByTestId('new-version');
  await expect(note).toContainText('邻里有新版本，下次打开时自动使用。');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(note).toContainText('A new version of Linli is ready');
  await note.getByRole('button', { name: 'Close' }).click();
  await expect(note).toHaveCount(0);
});
