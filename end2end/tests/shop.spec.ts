// The points shop from a resident's phone (browse, search, categories, sort, "only what I
// can afford", an item page, the honour roll) and its administration (an admin creates an
// item, uploads a photo generated here, is told plainly when a file is the wrong type,
// and records a donated stock-in). Each test registers its own people, so the phone and
// desktop projects never share a balance.

import { test, expect, gotoApp, uniquePhone } from './fixtures';
import type { APIRequestContext, Page } from '@playwright/test';
import zlib from 'node:zlib';

const PASSWORD = 'linli2026';
const ADMIN = '13800000001';
const USER_PASSWORD = 'linli-test-2026';

function key(what: string): string {
  return `e2e-${what}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** Registers a new resident and gives them `points` through the admin API; answers the phone. */
export async function newResident(request: APIRequestContext, name: string, points: number): Promise<string> {
  const phone = uniquePhone();
  const reg = await request.post('/api/v1/auth/register', { data: { name, phone, password: USER_PASSWORD } });
  expect(reg.ok(), await reg.text()).toBeTruthy();
  const id: number = (await reg.json()).id;
  const login = await request.post('/api/v1/auth/login', { data: { phone: ADMIN, password: PASSWORD } });
  expect(login.ok(), await login.text()).toBeTruthy();
  const adjust = await request.post('/api/v1/admin/points/adjust', {
    data: { user_id: id, amount: points, reason: '浏览器测试：先发一些积分', idempotency_key: key('adjust') },
  });
  expect(adjust.status(), await adjust.text()).toBe(201);
  return phone;
}

async function signIn(page: Page, phone: string, password: string, next: string): Promise<void> {
  await gotoApp(page, `/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[/?]/g, '\\$&')}$`));
}

async function tilePrices(page: Page): Promise<number[]> {
  const texts = await page.getByTestId('item-tile').locator('.item-price strong').allTextContents();
  return texts.map(Number);
}

test('a resident browses the shop, searches, sorts and keeps to what they can afford', async ({ page, request, shot }) => {
  const phone = await newResident(request, '浏览测试', 100);
  await signIn(page, phone, USER_PASSWORD, '/shop');

  await expect(page.getByRole('heading', { name: '公益积分超市', level: 1 })).toBeVisible();
  await expect(page.getByTestId('shop-balance')).toContainText('100');
  const tiles = page.getByTestId('item-tile');
  await expect(tiles.filter({ hasText: '洗衣液' })).toBeVisible();
  await expect(tiles.filter({ hasText: '书包' })).toBeVisible();
  // Thumbnails are lazy.
  const img = tiles.locator('img').first();
  if ((await img.count()) > 0) await expect(img).toHaveAttribute('loading', 'lazy');
  await shot('catalogue');

  // Chinese substring search.
  await page.getByRole('searchbox').fill('洗衣');
  await page.getByRole('searchbox').press('Enter');
  await expect(tiles).toHaveCount(1);
  await expect(tiles.first()).toContainText('洗衣液');
  await expect(tiles.first()).toContainText('230');
  await page.getByRole('searchbox').fill('');
  await page.getByRole('searchbox').press('Enter');
  await expect(tiles.filter({ hasText: '书包' })).toBeVisible();

  // A category.
  await page.getByRole('button', { name: '粮油', exact: true }).click();
  await expect(tiles.filter({ hasText: '大米' })).toBeVisible();
  await expect(tiles.filter({ hasText: '香皂' })).toHaveCount(0);
  await page.getByRole('button', { name: '全部', exact: true }).click();
  await expect(tiles.filter({ hasText: '香皂' })).toBeVisible();

  // Cheapest first.
  await page.getByLabel('排序').selectOption('price_asc');
  await expect(tiles.first()).toContainText('香皂');
  const sorted = await tilePrices(page);
  expect(sorted).toEqual([...sorted].sort((a, b) => a - b));

  // Only what 100 points can pay for.
  await page.getByLabel('只看我兑得起的').check();
  await expect(tiles.filter({ hasText: '洗衣液' })).toHaveCount(0);
  await expect(tiles.filter({ hasText: '香皂' })).toBeVisible();
  for (const p of await tilePrices(page)) expect(p).toBeLessThanOrEqual(100);
  await shot('affordable');

  // The search, sort and "affordable" are in the address.
  await page.getByRole('searchbox').fill('香皂');
  await page.getByRole('searchbox').press('Enter');
  await expect(tiles).toHaveCount(1);
  expect(new URL(page.url()).search).toBe(`?q=${encodeURIComponent('香皂')}&sort=price_asc&affordable=1`);

  // An item page, and Back finds the catalogue as it was left.
  await tiles.filter({ hasText: '香皂' }).click();
  await expect(page.getByRole('heading', { name: '香皂', level: 1 })).toBeVisible();
  await expect(page.getByTestId('item-stock')).toContainText(/库存|已兑完/);
  await shot('item');
  await page.goBack();
  await expect(page.getByRole('searchbox')).toHaveValue('香皂');
  await expect(page.getByLabel('排序')).toHaveValue('price_asc');
  await expect(page.getByLabel('只看我兑得起的')).toBeChecked();
  await expect(tiles).toHaveCount(1);
  await expect(tiles.first()).toContainText('香皂');
  // A category too; "all" takes it out again.
  await page.getByRole('button', { name: '粮油', exact: true }).click();
  await expect(page).toHaveURL(/category=/);
  await page.getByRole('button', { name: '全部', exact: true }).click();
  await expect(page).not.toHaveURL(/category=/);

  // The honour roll.
  await gotoApp(page, '/shop');
  await page.getByRole('link', { name: /捐赠光荣榜/ }).click();
  await expect(page.getByRole('heading', { name: '捐赠光荣榜', level: 1 })).toBeVisible();
  await expect(page.getByText('汉阳区供销合作社')).toBeVisible();
  await shot('honour-roll');
});

// ---- a tiny PNG, made here -------------------------------------------------------------

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A `size`×`size` RGB PNG: a red square with a white cross. */
function png(size: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const white = Math.abs(x - size / 2) < size / 10 || Math.abs(y - size / 2) < size / 10;
      row.set(white ? [255, 255, 255] : [200, 16, 46], 1 + x * 3);
    }
    rows.push(row);
  }
  const idat = zlib.deflateSync(Buffer.concat(rows));
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

/** A `size`×`size` RGB PNG of noise, stored uncompressed: over 5 MB from 1300 px on. */
function noisyPng(size: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc(size * (1 + size * 3));
  let seed = 12345;
  for (let i = 0; i < raw.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    raw[i] = i % (1 + size * 3) === 0 ? 0 : seed >>> 24;
  }
  const idat = zlib.deflateSync(raw, { level: 0 });
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

test('an admin creates an item with a photo and records a donation', async ({ page, shot }, testInfo) => {
  const name = `测试爱心礼包${testInfo.project.name === 'phone' ? '甲' : '乙'}${Date.now() % 100000}`;
  await signIn(page, ADMIN, PASSWORD, '/admin/shop');
  await expect(page.getByRole('heading', { name: '商品管理', level: 1 })).toBeVisible();

  // An empty form says which fields are wrong, each at its field, not only "输入有误".
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.locator('#item-name-error')).toHaveText('请填写名称');
  await expect(page.locator('#item-category-error')).toHaveText('请填写分类');
  await expect(page.locator('#item-price-error')).toContainText('请填写');
  await expect(page.getByText('输入有误')).toHaveCount(0);
  await shot('admin-item-empty');

  await page.getByLabel('商品名称').fill(name);
  await page.getByLabel('分类', { exact: true }).fill('生活用品');
  await page.getByLabel('所需积分').fill('88');
  await page.getByLabel(/每人每月限兑/).fill('2');
  await page.getByLabel(/标签/).fill('测试，爱心');
  await page.getByLabel('描述').fill('浏览器测试创建的商品');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '编辑商品' })).toBeVisible();
  await expect(page.getByTestId('admin-item').filter({ hasText: name })).toBeVisible();

  // A script named .jpg is refused before upload, with a clear message.
  const photo = page.getByLabel('商品照片', { exact: true });
  await photo.setInputFiles({ name: 'evil.js', mimeType: 'text/javascript', buffer: Buffer.from('alert(1)') });
  await page.getByRole('button', { name: '上传' }).click();
  await expect(page.getByText('只能上传 JPEG、PNG 或 WebP 图片。')).toBeVisible();

  // A real PNG goes up and comes back as a thumbnail.
  await photo.setInputFiles({ name: 'gift.png', mimeType: 'image/png', buffer: png(64) });
  await page.getByRole('button', { name: '上传' }).click();
  await expect(page.getByText('照片已上传。')).toBeVisible();
  await expect(page.getByTestId('admin-item').filter({ hasText: name }).locator('img')).toBeVisible();
  await shot('admin-item-created');

  // A photo over the 5 MB limit (which the server refuses) is made smaller in the
  // browser, and taken.
  const big = noisyPng(1500);
  expect(big.length).toBeGreaterThan(5 * 1024 * 1024);
  await photo.setInputFiles({ name: 'camera.png', mimeType: 'image/png', buffer: big });
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && /\/photos$/.test(r.url()));
  await page.getByRole('button', { name: '上传' }).click();
  expect((await answered).ok()).toBeTruthy();
  await expect(page.getByText('照片已上传。')).toBeVisible();
  await expect(page.getByText('照片太大')).toHaveCount(0);

  // Record a donated stock-in for it.
  await page.getByRole('link', { name: '捐赠入库' }).click();
  await expect(page.getByRole('heading', { name: '捐赠入库', level: 1 })).toBeVisible();
  await page.locator('#in-donor').selectOption({ label: '汉阳区供销合作社' });
  await page.locator('#in-item').selectOption({ label: `${name} (0)` });
  await page.getByLabel('数量', { exact: true }).fill('12');
  await page.getByLabel('日期', { exact: true }).fill('2026-11-20');
  await page.locator('#in-note').fill('浏览器测试捐赠');
  await page.getByRole('button', { name: '捐赠入库', exact: true }).click();
  await expect(page.getByText('已入库。')).toBeVisible();
  await expect(page.locator('#in-item option', { hasText: `${name} (12)` })).toHaveCount(1);
  await shot('admin-stock-in');

  // It is in the catalogue with its stock, and the donor on the honour roll.
  await gotoApp(page, '/shop');
  await page.getByRole('searchbox').fill(name);
  await page.getByRole('searchbox').press('Enter');
  const tile = page.getByTestId('item-tile').filter({ hasText: name });
  await expect(tile).toContainText('88');
  await expect(tile).toContainText('12');
  await expect(tile.locator('img')).toHaveAttribute('loading', 'lazy');
});
