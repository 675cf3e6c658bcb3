// The areas of the app are wasm chunks fetched on the first visit (issue 13): each opens
// from a cold cache, and a chunk that cannot be fetched shows a retry instead of
// crashing the app, then loads when the network is back.

import type { Browser, Page } from '@playwright/test';
import { test, expect, gotoApp } from './fixtures';

// From the demo data (server/src/seed.rs).
const ADMIN = '13800000001';
const KIOSK = '13800000004';
const PASSWORD = 'linli2026';

/** A chunk: any wasm of the site but the main module. */
const CHUNK = /\/pkg\/(?!linli-)[^/]+\.wasm$/;

const AREAS = [
  { area: 'account', path: '/login', phone: null, heading: '登录邻里' },
  { area: 'shop', path: '/shop/donors', phone: null, heading: '捐赠光荣榜' },
  { area: 'points', path: '/points', phone: ADMIN, heading: '我的积分' },
  { area: 'projects', path: '/projects', phone: ADMIN, heading: '项目' },
  { area: 'kiosk', path: '/kiosk', phone: KIOSK, heading: '公益积分无人超市' },
  { area: 'admin', path: '/admin', phone: ADMIN, heading: '管理工作台' },
];

/** A fresh browser context (empty cache), signed in as `phone` when given. */
async function coldPage(browser: Browser, baseURL: string, phone: string | null): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  if (phone) {
    const res = await context.request.post('/api/v1/auth/login', { data: { phone, password: PASSWORD } });
    expect(res.ok(), await res.text()).toBeTruthy();
  }
  return context.newPage();
}

test('every area opens from a cold cache, fetching its chunk', async ({ browser, baseURL }, testInfo) => {
  const report: string[] = [];
  for (const { area, path, phone, heading } of AREAS) {
    const page = await coldPage(browser, baseURL!, phone);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const chunks: string[] = [];
    page.on('response', (r) => {
      if (CHUNK.test(new URL(r.url()).pathname)) chunks.push(new URL(r.url()).pathname);
    });
    await gotoApp(page, path);
    await expect(page.getByRole('heading', { name: heading, level: 1 }), area).toBeVisible();
    await expect(page.getByTestId('area-failed')).toHaveCount(0);
    expect(chunks.length, `${area}: chunks fetched`).toBeGreaterThan(0);
    expect(errors, `${area}: page errors`).toEqual([]);
    report.push(`${area} ${path}: ${chunks.join(' ')}`);
    await page.context().close();
  }
  await testInfo.attach('chunks', { body: report.join('\n'), contentType: 'text/plain' });
});

test('a chunk that fails to load shows a retry, and the retry loads it', async ({ page, shot }) => {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let blocked = true;
  await page.route(CHUNK, async (route) => {
    await held;
    if (blocked) await route.abort('internetdisconnected');
    else await route.continue();
  });

  await gotoApp(page, '/shop/donors');
  // While the chunk is on its way: the loading line.
  await expect(page.locator('main .state-loading')).toContainText('加载中');
  release();
  // The fetch fails (the loader tries three times): a message and a retry, no crash.
  const failed = page.getByTestId('area-failed');
  await expect(failed).toContainText('这部分页面没能加载');
  await shot('chunk-failed');

  blocked = false;
  await failed.getByRole('button', { name: '重试' }).click();
  await expect(page.getByRole('heading', { name: '捐赠光荣榜', level: 1 })).toBeVisible();
  await expect(failed).toHaveCount(0);

  // The rest of the app kept working meanwhile: the shop's list is in the main module.
  await page.getByRole('link', { name: '商城' }).filter({ visible: true }).first().click();
  await expect(page.getByTestId('item-tile').first()).toBeVisible();
});
