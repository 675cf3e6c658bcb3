// The unattended shop (公益积分无人超市) at /kiosk, signed in as the demo kiosk account:
// a card number typed as a USB scanner types it (keys, then Enter, into the field that
// holds the focus), the card's PIN, a tapped item and a scanned goods barcode, checkout,
// the receipt and the balance after it, then the member's own history. Each test makes
// its own resident with points and a PIN, so phone and desktop never share a balance.

import { test, expect, gotoApp, uniquePhone } from './fixtures';
import { request as apiRequest, type APIRequestContext, type Page } from '@playwright/test';

const PASSWORD = 'linli2026';
const ADMIN = '13800000001';
const KIOSK = '13800000004';
const USER_PASSWORD = 'linli-test-2026';
const PIN = '2468';

function key(what: string): string {
  return `e2e-${what}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** A new resident with `points`, a card and PIN; answers the card number. */
async function cardHolder(request: APIRequestContext, points: number): Promise<{ number: string; phone: string }> {
  const phone = uniquePhone();
  const reg = await request.post('/api/v1/auth/register', { data: { name: '扫码测试', phone, password: USER_PASSWORD } });
  expect(reg.ok(), await reg.text()).toBeTruthy();
  const id: number = (await reg.json()).id;
  const pin = await request.put('/api/v1/me/card/pin', { data: { pin: PIN } });
  expect(pin.ok(), await pin.text()).toBeTruthy();
  const number: string = (await pin.json()).number;
  const login = await request.post('/api/v1/auth/login', { data: { phone: ADMIN, password: PASSWORD } });
  expect(login.ok(), await login.text()).toBeTruthy();
  const adjust = await request.post('/api/v1/admin/points/adjust', {
    data: { user_id: id, amount: points, reason: '浏览器测试：先发一些积分', idempotency_key: key('adjust') },
  });
  expect(adjust.status(), await adjust.text()).toBe(201);
  return { number, phone };
}

async function signIn(page: Page, phone: string, password: string, next: string): Promise<void> {
  await gotoApp(page, `/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[/?]/g, '\\$&')}$`));
}

/** Types the card number into the kiosk's card field, then the PIN. */
async function presentCard(page: Page, number: string): Promise<void> {
  await page.locator('#kiosk-card').fill(number);
  await page.locator('#kiosk-card').press('Enter');
  await page.locator('#kiosk-pin').fill(PIN);
  await page.locator('#kiosk-pin').press('Enter');
}

test('a volunteer checks out at the kiosk with a scanned card number and the PIN', async ({ page, request, shot }) => {
  const { number, phone } = await cardHolder(request, 500);
  const soap = await (await request.get('/api/v1/shop/items?q=%E7%89%99%E8%86%8F')).json();
  const toothpaste = soap.items.find((i: { name: string }) => i.name === '牙膏');
  const detail = await (await request.get(`/api/v1/shop/items/${toothpaste.id}`)).json();
  const barcode: string = detail.barcode;

  await signIn(page, KIOSK, PASSWORD, '/kiosk');
  await expect(page.getByRole('heading', { name: '公益积分无人超市', level: 1 })).toBeVisible();
  await expect(page.getByText('请刷积分卡')).toBeVisible();
  // The scan field holds the focus: a scanner just types and presses Enter.
  await expect(page.locator('#kiosk-card')).toBeFocused();
  await shot('scan-card');
  await page.keyboard.type(number, { delay: 5 });
  await page.keyboard.press('Enter');

  await expect(page.getByText('请输入积分卡密码')).toBeVisible();
  await page.locator('#kiosk-pin').fill(PIN);
  await shot('pin');
  // While the PIN is checked the button waits, and Enter again sends nothing more.
  let checks = 0;
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/api/v1/kiosk/member', async (route) => {
    checks += 1;
    await held;
    await route.continue();
  });
  await page.locator('#kiosk-pin').press('Enter');
  const next = page.locator('form.kiosk-step button[type="submit"]');
  await expect(next).toBeDisabled();
  await expect(next).toHaveText('请稍候…');
  await page.locator('#kiosk-pin').press('Enter');
  release();

  await expect(page.getByTestId('kiosk-balance')).toHaveText('500');
  expect(checks).toBe(1);
  await page.unroute('**/api/v1/kiosk/member');
  // Tap one item, scan another's barcode.
  await page.getByRole('button', { name: /^香皂/ }).click();
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await expect(page.locator('#kiosk-barcode')).toBeFocused();
  // A barcode no item has is told apart by the server's reason, not its status.
  await page.keyboard.type('0000000000000', { delay: 5 });
  await page.keyboard.press('Enter');
  await expect(page.getByText('没有找到这个条码的商品。')).toBeVisible();
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await expect(page.locator('#kiosk-barcode')).toBeFocused();
  await page.keyboard.type(barcode, { delay: 5 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('cart-line')).toHaveCount(2);
  await page.getByTestId('cart-line').filter({ hasText: '香皂' }).getByRole('button', { name: '加一件' }).click();
  await expect(page.getByTestId('kiosk-total')).toHaveText(String(30 * 2 + 40));
  await shot('cart');

  await page.getByRole('button', { name: '确认兑换' }).click();
  const receipt = page.getByTestId('receipt');
  await expect(receipt).toContainText('兑换成功');
  await expect(receipt).toContainText('香皂');
  await expect(receipt).toContainText('牙膏');
  await expect(page.getByTestId('receipt-balance')).toHaveText(String(500 - 100));
  await shot('receipt');

  // Next person: back to the card step.
  await page.getByRole('button', { name: '完成，下一位' }).click();
  await expect(page.getByText('请刷积分卡')).toBeVisible();

  // The member sees the purchase and the new balance.
  const member = await request.post('/api/v1/auth/login', { data: { phone, password: USER_PASSWORD } });
  expect(member.ok()).toBeTruthy();
  const points = await (await request.get('/api/v1/me/points')).json();
  expect(points.balance).toBe(400);
  const orders = await (await request.get('/api/v1/me/shop/orders')).json();
  expect(orders.items[0].total).toBe(100);
});

test('a wrong card number is refused and a retried checkout never charges twice', async ({ page, request }) => {
  const { number } = await cardHolder(request, 100);
  await signIn(page, KIOSK, PASSWORD, '/kiosk');
  await expect(page.locator('#kiosk-card')).toBeFocused();
  await page.keyboard.type('812345678901');
  await page.keyboard.press('Enter');
  await expect(page.getByText('这不是有效的积分卡号，请重试。')).toBeVisible();

  await presentCard(page, number);
  await expect(page.getByTestId('kiosk-balance')).toHaveText('100');
  await page.getByRole('button', { name: /^香皂/ }).click();

  // The first answer is lost on the way back: the kiosk says the sale is not paid yet,
  // keeps the basket locked, and sends the same request again by itself.
  let calls = 0;
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/api/v1/kiosk/checkout', async (route) => {
    calls += 1;
    if (calls === 1) {
      await route.fetch(); // the server does check out…
      await route.abort('connectionreset'); // …but the answer never arrives
    } else {
      await held;
      await route.continue();
    }
  });
  await page.getByRole('button', { name: '确认兑换' }).click();
  const pending = page.getByTestId('kiosk-pending');
  await expect(pending).toContainText('尚未付款');
  await expect(page.getByRole('button', { name: /^香皂/ })).toBeDisabled();
  await expect(page.getByRole('button', { name: '取消，重新开始' })).toHaveCount(0);
  await expect(page.getByTestId('receipt')).toHaveCount(0);
  release();
  await expect(page.getByTestId('receipt-balance')).toHaveText('70');
  expect(calls).toBe(2);
});

test('the network drops between pay and the answer: the kiosk waits, then charges once', async ({
  page,
  context,
  request,
  shot,
}) => {
  const { number, phone } = await cardHolder(request, 100);
  await signIn(page, KIOSK, PASSWORD, '/kiosk');
  await presentCard(page, number);
  await expect(page.getByTestId('kiosk-balance')).toHaveText('100');
  await page.getByRole('button', { name: /^香皂/ }).click();
  await expect(page.getByTestId('cart-line')).toHaveCount(1);

  // The request reaches the server, which checks out; then the network goes, so the
  // answer is lost and the retries find no network.
  const keys: string[] = [];
  await page.route('**/api/v1/kiosk/checkout', async (route) => {
    keys.push(route.request().postDataJSON().idempotency_key);
    if (keys.length === 1) {
      await route.fetch();
      await context.setOffline(true);
      await route.abort('internetdisconnected');
    } else {
      await route.continue();
    }
  });
  await page.getByRole('button', { name: '确认兑换' }).click();
  const pending = page.getByTestId('kiosk-pending');
  await expect(pending).toContainText('尚未付款');
  await expect(pending).toContainText('正在等待网络');
  await expect(page.getByRole('button', { name: '尚未付款' })).toBeDisabled();
  await expect(page.getByTestId('cart-line').getByRole('button', { name: '加一件' })).toBeDisabled();
  // Through a few backoff attempts, never a receipt while offline.
  await page.waitForTimeout(2_500);
  await expect(page.getByTestId('receipt')).toHaveCount(0);
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await shot('waiting-for-network');

  await context.setOffline(false);
  await expect(page.getByTestId('receipt')).toContainText('兑换成功');
  await expect(page.getByTestId('receipt-balance')).toHaveText('70');
  await expect(pending).toHaveCount(0);
  // Every attempt that reached the server carried the same key.
  expect(keys.length).toBeGreaterThanOrEqual(2);
  expect(new Set(keys).size).toBe(1);

  // Exactly one charge: the member's balance, orders and ledger.
  const member = await request.post('/api/v1/auth/login', { data: { phone, password: USER_PASSWORD } });
  expect(member.ok()).toBeTruthy();
  const points = await (await request.get('/api/v1/me/points')).json();
  expect(points.balance).toBe(70);
  const orders = await (await request.get('/api/v1/me/shop/orders')).json();
  expect(orders.items).toHaveLength(1);
  expect(orders.items[0].total).toBe(30);
  const history = await (await request.get('/api/v1/me/points/history?type=redeem')).json();
  expect(history.items.map((i: { amount: number }) => i.amount)).toEqual([-30]);
});

test('the cart counts what the member already took this month against the limit', async ({ page, request, shot }) => {
  const { number } = await cardHolder(request, 1000);
  const found = await (await request.get('/api/v1/shop/items?q=%E6%B4%97%E8%A1%A3%E6%B6%B2')).json();
  const detergent = found.items.find((i: { name: string }) => i.name === '洗衣液');
  expect(detergent.monthly_limit).toBe(2);
  // One bottle earlier this month (cardHolder left the request signed in as an admin,
  // who may check out like a kiosk).
  const earlier = await request.post('/api/v1/kiosk/checkout', {
    data: { card_number: number, pin: PIN, idempotency_key: key('earlier'), lines: [{ item_id: detergent.id, quantity: 1 }] },
  });
  expect(earlier.status(), await earlier.text()).toBe(201);

  await signIn(page, KIOSK, PASSWORD, '/kiosk');
  await presentCard(page, number);
  await expect(page.getByTestId('kiosk-balance')).toHaveText(String(1000 - 230));
  await page.getByRole('button', { name: /^洗衣液/ }).click();
  const line = page.getByTestId('cart-line').filter({ hasText: '洗衣液' });
  await expect(line.getByTestId('cart-limit')).toHaveText('每人每月限兑 2 · 本月已兑 1');
  await line.getByRole('button', { name: '加一件' }).click();
  await expect(page.getByText('已达每人每月限兑数量')).toBeVisible();
  await expect(line.locator('.qty-n')).toHaveText('1');
  await shot('month-limit');
});

/**
 * A fresh administrator (at one organisation node, so no other test's admin PIN is
 * touched) with a card PIN; answers the card number. `admin` is signed in as an admin.
 */
async function adminCard(admin: APIRequestContext, pin: string): Promise<string> {
  const phone = uniquePhone();
  const ctx = await apiRequest.newContext({ baseURL: process.env.LINLI_BASE_URL });
  const reg = await ctx.post('/api/v1/auth/register', { data: { name: '值班管理员', phone, password: USER_PASSWORD } });
  expect(reg.ok(), await reg.text()).toBeTruthy();
  const id: number = (await reg.json()).id;
  const set = await ctx.put('/api/v1/me/card/pin', { data: { pin } });
  expect(set.ok(), await set.text()).toBeTruthy();
  const number: string = (await set.json()).number;
  await ctx.dispose();
  const nodes: { id: number; tree: string; parent_id: number | null }[] = await (
    await admin.get('/api/v1/nodes?tree=org')
  ).json();
  const node = nodes.find((n) => n.parent_id !== null) ?? nodes[0];
  const grant = await admin.post(`/api/v1/users/${id}/roles`, { data: { role: 'admin', node_id: node.id } });
  expect(grant.ok(), await grant.text()).toBeTruthy();
  return number;
}

test('on a 1280×800 tablet the kiosk fills the screen, prints its receipt, forgets an idle customer and signs out only with an admin PIN', async ({
  page,
  request,
  shot,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'a tablet of its own size, once');
  await page.setViewportSize({ width: 1280, height: 800 });
  const { number } = await cardHolder(request, 2000);
  const unlock = await adminCard(request, '1357');
  // The page's clock is Playwright's, so the idle timeout is reached without waiting.
  await page.clock.install();

  // Signing in as the kiosk lands at the kiosk, whatever page asked for the sign-in.
  await gotoApp(page, `/login?next=${encodeURIComponent('/me')}`);
  await page.getByLabel('手机号').fill(KIOSK);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/kiosk$/);
  await expect(page.getByRole('heading', { name: '公益积分无人超市', level: 1 })).toBeVisible();
  // No way out: no top bar, side bar or tab bar, no link anywhere.
  await expect(page.locator('header.topbar, nav.sidenav, nav.tabbar')).toHaveCount(0);
  await expect(page.locator('a[href]:not(.skip-link)')).toHaveCount(0);
  // Another address leads back to the kiosk, and the plain sign-out is refused.
  await gotoApp(page, '/me');
  await expect(page).toHaveURL(/\/kiosk$/);
  const out = await page.request.post('/api/v1/auth/logout');
  expect(out.status()).toBe(403);
  await shot('tablet-scan-card');

  // A customer who reads English: the kiosk speaks it for them only.
  await presentCard(page, number);
  await expect(page.getByTestId('kiosk-balance')).toHaveText('2000');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Self-service points shop', level: 1 })).toBeVisible();
  // The goods show their photos (or a picture where there is none yet).
  const goods = page.locator('.kiosk-good');
  expect(await goods.count()).toBeGreaterThan(5);
  await expect(goods.first().locator('.good-photo')).toBeVisible();
  // A long basket: one each of the six best-stocked goods (other tests' shelves stay full).
  const all: { name: string; stock: number }[] = (
    await (await request.get('/api/v1/shop/items?limit=100')).json()
  ).items;
  const plenty = all.filter((i) => i.stock >= 5).sort((a, b) => b.stock - a.stock);
  expect(plenty.length).toBeGreaterThanOrEqual(6);
  for (const i of plenty.slice(0, 6)) await goods.filter({ has: page.locator('.good-name', { hasText: new RegExp(`^${i.name}$`) }) }).click();
  await expect(page.getByTestId('cart-line')).toHaveCount(6);
  // The basket and its checkout button together, without scrolling (tapping goods low on
  // the screen may have scrolled the page; the customer starts at the top).
  await page.evaluate(() => window.scrollTo(0, 0));
  const checkout = page.getByRole('button', { name: 'Confirm', exact: true });
  await expect(checkout).toBeInViewport({ ratio: 1 });
  await expect(page.getByRole('heading', { name: 'Your basket' })).toBeInViewport({ ratio: 1 });
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await shot('tablet-cart');
  const me = await (await page.request.get('/api/v1/me')).json();
  expect(me.lang, 'the customer’s language is not saved to the kiosk account').toBe('zh-CN');

  await checkout.click();
  const receipt = page.getByTestId('receipt');
  await expect(receipt).toContainText('Done');
  await shot('tablet-receipt');
  // Printed, only the receipt shows (without its buttons).
  await page.emulateMedia({ media: 'print' });
  await expect(receipt).toBeVisible();
  await expect(receipt.getByTestId('receipt-balance')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print the receipt' })).toBeHidden();
  await expect(page.locator('.kiosk-idle')).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  // The button opens the browser's print.
  await page.evaluate(() => {
    const w = window as unknown as { printed: number; print: () => void };
    w.printed = 0;
    w.print = () => {
      w.printed += 1;
    };
  });
  await page.getByRole('button', { name: 'Print the receipt' }).click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await page.getByRole('button', { name: 'Finish, next person' }).click();
  // The next customer starts in the kiosk's own language.
  await expect(page.getByText('请刷积分卡')).toBeVisible();

  // A customer who walks away: after a minute the basket and the customer are gone.
  await presentCard(page, number);
  await page.getByRole('button', { name: 'English' }).click();
  await goods.first().click();
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await page.clock.fastForward(61_000);
  await expect(page.getByText('请刷积分卡')).toBeVisible();
  await expect(page.getByTestId('cart-line')).toHaveCount(0);
  await expect(page.getByTestId('kiosk-balance')).toHaveCount(0);

  // Signing out asks for an administrator's card and PIN, and says how many tries are left.
  await page.getByRole('button', { name: '退出终端' }).click();
  await page.getByLabel('管理员的积分卡号').fill(number);
  await page.getByLabel('管理员的卡片密码').fill(PIN);
  await page.getByRole('button', { name: '确认退出' }).click();
  await expect(page.getByText('这张卡不是管理员的卡，超市终端不能退出')).toBeVisible();
  await page.getByLabel('管理员的积分卡号').fill(unlock);
  await page.getByLabel('管理员的卡片密码').fill('0000');
  await page.getByRole('button', { name: '确认退出' }).click();
  await expect(page.getByText('卡片密码不正确，还可以再试四次')).toBeVisible();
  await shot('tablet-sign-out');
  await page.getByLabel('管理员的卡片密码').fill('1357');
  await page.getByRole('button', { name: '确认退出' }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect((await page.request.get('/api/v1/me')).status()).toBe(401);
});

test('the kiosk on a phone: no navigation and nothing wider than the screen', async ({ page, shot }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the phone’s own size');
  await signIn(page, KIOSK, PASSWORD, '/kiosk');
  await expect(page.locator('header.topbar, nav.sidenav, nav.tabbar')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '退出终端' })).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(width).toBeLessThanOrEqual(0);
  await shot('phone-scan-card');
});
