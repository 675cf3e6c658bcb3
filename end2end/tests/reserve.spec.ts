// Reserving from the phone (预约取货): a resident adds soap to the reservation on the
// item page, reserves (paid at once), sees the pickup QR and the ten-digit code; the
// kiosk types the code as a scanner would, sees the member and the goods, and hands them
// over once the member has typed their card PIN (a wrong one says how many tries are
// left); typed again it is refused; the resident's open page then shows "已取货".

import { test, expect, gotoApp, screenshot, uniquePhone } from './fixtures';

const PASSWORD = 'linli2026';
const ADMIN = '13800000001';
const KIOSK = '13800000004';
const USER_PASSWORD = 'linli-test-2026';

test('a resident reserves on the phone and the kiosk hands the goods over', async ({
  page,
  request,
  browser,
  shot,
}, testInfo) => {
  // A fresh resident signed in in the page's browser, with 300 points from the admin.
  const phone = uniquePhone();
  const reg = await page.request.post('/api/v1/auth/register', {
    data: { name: '预约测试', phone, password: USER_PASSWORD },
  });
  expect(reg.ok(), await reg.text()).toBeTruthy();
  const id: number = (await reg.json()).id;
  const pin = await page.request.put('/api/v1/me/card/pin', { data: { pin: '2468' } });
  expect(pin.ok(), await pin.text()).toBeTruthy();
  const login = await request.post('/api/v1/auth/login', { data: { phone: ADMIN, password: PASSWORD } });
  expect(login.ok()).toBeTruthy();
  const adjust = await request.post('/api/v1/admin/points/adjust', {
    data: { user_id: id, amount: 300, reason: '浏览器测试：预约', idempotency_key: `e2e-reserve-${id}` },
  });
  expect(adjust.status(), await adjust.text()).toBe(201);

  // The item page: two soaps into the reservation.
  await gotoApp(page, '/shop');
  await page.getByTestId('item-tile').filter({ hasText: '香皂' }).first().click();
  await expect(page.getByRole('heading', { name: '香皂', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: '加一件' }).click();
  await expect(page.getByTestId('reserve-qty')).toHaveText('2');
  await page.getByRole('button', { name: '加入预约单' }).click();
  await expect(page.getByText('已加入预约单')).toBeVisible();
  await shot('item-added');
  await page.getByRole('link', { name: '去预约 ›' }).click();
  await expect(page).toHaveURL(/\/shop\/reservations$/);

  // The basket: total against the balance, then reserve (points taken now).
  await expect(page.getByTestId('basket-line')).toHaveCount(1);
  await expect(page.getByTestId('basket-total')).toHaveText('60');
  await expect(page.getByText('兑换后剩余 240')).toBeVisible();
  await shot('basket');
  await page.getByRole('button', { name: '确认预约（立即扣除积分）' }).click();
  await expect(page.getByTestId('reserve-done')).toBeVisible();
  const card = page.getByTestId('reservation').first();
  await expect(card.getByTestId('reservation-status')).toHaveText('待取货');
  await expect(card.getByRole('img', { name: '取货二维码' })).toBeVisible();
  const qr = await card.locator('svg.qr').getAttribute('data-qr');
  expect(qr).toMatch(/^linli:pickup:\d{10}\.[A-Za-z0-9_-]+$/);
  const shown = (await card.getByTestId('pickup-code').innerText()).trim();
  expect(shown).toMatch(/^\d{5} \d{5}$/);
  await expect(page.getByTestId('basket')).toHaveCount(0);
  await shot('pickup-code');

  // The kiosk, in its own browser: the code typed as a scanner types it, then Enter.
  const kiosk = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const k = await kiosk.newPage();
  try {
    await gotoApp(k, `/login?next=${encodeURIComponent('/kiosk')}`);
    await k.getByLabel('手机号').fill(KIOSK);
    await k.getByLabel('密码').fill(PASSWORD);
    await k.getByRole('button', { name: '登录', exact: true }).click();
    await expect(k.locator('#kiosk-card')).toBeFocused();
    await k.keyboard.type(shown.replace(' ', ''), { delay: 5 });
    await k.keyboard.press('Enter');
    const pickup = k.getByTestId('pickup');
    await expect(pickup.getByTestId('pickup-member')).toHaveText('预约测试');
    await expect(pickup.getByTestId('pickup-line')).toContainText('香皂');
    await expect(pickup.getByTestId('pickup-line')).toContainText('× 2');
    await screenshot(k, testInfo, 'kiosk-pickup');
    // The code alone is not enough: the member's card PIN, and a wrong one counts.
    await k.getByLabel('请预约人输入积分卡密码').fill('1111');
    await k.getByRole('button', { name: '确认已交付' }).click();
    await expect(k.getByText('卡片密码不正确，还可以再试四次')).toBeVisible();
    await expect(k.getByTestId('pickup-done')).toHaveCount(0);
    await k.getByLabel('请预约人输入积分卡密码').fill('2468');
    await k.getByRole('button', { name: '确认已交付' }).click();
    await expect(k.getByTestId('pickup-done')).toContainText('已交付，欢迎再来');
    await screenshot(k, testInfo, 'kiosk-handed-over');

    // The same code again is refused, saying why.
    await k.getByRole('button', { name: '完成，下一位' }).click();
    await expect(k.locator('#kiosk-card')).toBeFocused();
    await k.keyboard.type(shown, { delay: 5 });
    await k.keyboard.press('Enter');
    await expect(k.getByTestId('pickup-refused')).toContainText('该预约已取货');
    await screenshot(k, testInfo, 'kiosk-refused');
  } finally {
    await kiosk.close();
  }

  // The resident's page notices the handover by itself, and the points stay spent.
  await expect(page.getByTestId('reservation').first().getByTestId('reservation-status')).toHaveText('已取货', {
    timeout: 20_000,
  });
  await expect(page.getByTestId('pickup-code')).toHaveCount(0);
  await shot('collected');
  const points = await (await page.request.get('/api/v1/me/points')).json();
  expect(points.balance).toBe(240);
});

test('the item page counts what I already took this month against the limit', async ({ page, request }) => {
  const phone = uniquePhone();
  const reg = await page.request.post('/api/v1/auth/register', {
    data: { name: '限兑测试', phone, password: USER_PASSWORD },
  });
  expect(reg.ok(), await reg.text()).toBeTruthy();
  const id: number = (await reg.json()).id;
  const login = await request.post('/api/v1/auth/login', { data: { phone: ADMIN, password: PASSWORD } });
  expect(login.ok()).toBeTruthy();
  const adjust = await request.post('/api/v1/admin/points/adjust', {
    data: { user_id: id, amount: 1000, reason: '浏览器测试：限兑', idempotency_key: `e2e-limit-${id}` },
  });
  expect(adjust.status(), await adjust.text()).toBe(201);
  const found = await (await page.request.get('/api/v1/shop/items?q=%E6%B4%97%E8%A1%A3%E6%B6%B2')).json();
  const detergent = found.items.find((i: { name: string }) => i.name === '洗衣液');
  expect(detergent.monthly_limit).toBe(2);
  // One bottle reserved already this month (in the resident's own session).
  const r = await page.request.post('/api/v1/shop/reservations', {
    data: { idempotency_key: `e2e-limit-r-${id}`, lines: [{ item_id: detergent.id, quantity: 1 }] },
  });
  expect(r.status(), await r.text()).toBe(201);
  // Enough on the shelf that only the limit can be what stops at one.
  const left = await (await page.request.get(`/api/v1/shop/items/${detergent.id}`)).json();
  expect(left.stock).toBeGreaterThanOrEqual(2);

  await gotoApp(page, `/shop/items/${detergent.id}`);
  await expect(page.getByRole('heading', { name: '洗衣液', level: 1 })).toBeVisible();
  await expect(page.getByText('最多可预约 1 件')).toBeVisible();
  await expect(page.getByRole('button', { name: '加一件' })).toBeDisabled();
});
