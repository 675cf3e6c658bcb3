// Families in difficulty spend donated points (二次公益, issue 18): a case worker gives a
// family points from the charity pool and a points card with a PIN; the family's card
// buys soap at the kiosk, paid from the family's points; the family sees them on its page.

import { test, expect, uniquePhone } from './fixtures';
import { PASSWORD, signIn } from './people';
import type { APIRequestContext } from '@playwright/test';

const ADMIN = '13800000001';
const KIOSK = '13800000004';
const PIN = '1357';

function key(what: string): string {
  return `e2e-${what}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** A new family, and 200 points in the charity pool to give it. */
async function familyAndPool(request: APIRequestContext): Promise<string> {
  // A surname no demo family has: residents see "category · first character" only, and other
  // tests pick the demo families by that.
  const name = `欧阳奶奶${uniquePhone().slice(-4)}`;
  const donor = uniquePhone();
  const reg = await request.post('/api/v1/auth/register', { data: { name: '捐赠人', phone: donor, password: PASSWORD } });
  expect(reg.ok(), await reg.text()).toBeTruthy();
  const donorId: number = (await reg.json()).id;
  const login = await request.post('/api/v1/auth/login', { data: { phone: ADMIN, password: PASSWORD } });
  expect(login.ok()).toBeTruthy();
  const fam = await request.post('/api/v1/admin/bank/families', { data: { full_name: name, category: 'elderly_alone' } });
  expect(fam.status(), await fam.text()).toBe(201);
  const adjust = await request.post('/api/v1/admin/points/adjust', {
    data: { user_id: donorId, amount: 200, reason: '浏览器测试：捐赠用积分', idempotency_key: key('adjust') },
  });
  expect(adjust.status(), await adjust.text()).toBe(201);
  const again = await request.post('/api/v1/auth/login', { data: { phone: donor, password: PASSWORD } });
  expect(again.ok()).toBeTruthy();
  const give = await request.post('/api/v1/me/bank/donate', { data: { amount: 200, idempotency_key: key('pool') } });
  expect(give.status(), await give.text()).toBe(201);
  return name;
}

test("a case worker gives a family points and a card; the family's card buys soap at the kiosk", async ({ page, request, shot }) => {
  const name = await familyAndPool(request);

  await signIn(page, ADMIN, '/admin/families');
  await page.locator('#allocate-family').selectOption({ label: `${name} · 孤寡老人` });
  await page.locator('#allocate-amount').fill('60');
  await page.locator('#allocate-reason').fill('冬季生活补助');
  await page.getByRole('button', { name: '分配', exact: true }).click();
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('60');

  await page.locator('#card-family').selectOption({ label: name });
  await page.locator('#card-pin').fill(PIN);
  await page.getByRole('button', { name: '发卡', exact: true }).click();
  const issued = page.getByTestId('family-card-number');
  await expect(issued).toBeVisible();
  await expect(page.locator('.form-ok', { hasText: '已发卡' })).toContainText('60');
  const number = (await issued.getAttribute('data-number'))!;
  await shot('family-card');
  await page.request.post('/api/v1/auth/logout');

  await signIn(page, KIOSK, '/kiosk');
  await page.locator('#kiosk-card').fill(number);
  await page.locator('#kiosk-card').press('Enter');
  await page.locator('#kiosk-pin').fill(PIN);
  await page.locator('#kiosk-pin').press('Enter');
  await expect(page.getByTestId('kiosk-balance')).toHaveText('60');
  await page.getByRole('button', { name: /^香皂/ }).click();
  await expect(page.getByTestId('kiosk-total')).toHaveText('30');
  await page.getByRole('button', { name: '确认兑换' }).click();
  await expect(page.getByTestId('receipt')).toContainText('兑换成功');
  await expect(page.getByTestId('receipt')).toContainText(name);
  await expect(page.getByTestId('receipt-balance')).toHaveText('30');
  await shot('family-receipt');

  // The family's points fell by the soap's price, and only once.
  const login = await request.post('/api/v1/auth/login', { data: { phone: ADMIN, password: PASSWORD } });
  expect(login.ok()).toBeTruthy();
  const families = await (await request.get('/api/v1/admin/bank/families')).json();
  expect(families.find((f: { full_name: string }) => f.full_name === name).balance).toBe(30);
});

test('a person who spends for a family sees its points on the family page', async ({ page, request, shot }) => {
  const name = await familyAndPool(request);
  const phone = uniquePhone();
  const reg = await request.post('/api/v1/auth/register', { data: { name: '王小明', phone, password: PASSWORD } });
  expect(reg.ok()).toBeTruthy();
  const son: number = (await reg.json()).id;
  const login = await request.post('/api/v1/auth/login', { data: { phone: ADMIN, password: PASSWORD } });
  expect(login.ok()).toBeTruthy();
  const families = await (await request.get('/api/v1/admin/bank/families')).json();
  const family = families.find((f: { full_name: string }) => f.full_name === name);
  expect((await request.patch(`/api/v1/admin/bank/families/${family.id}`, { data: { user_id: son } })).ok()).toBeTruthy();
  const give = await request.post('/api/v1/admin/bank/allocations', {
    data: { family_id: family.id, amount: 40, reason: '生活补助', idempotency_key: key('alloc') },
  });
  expect(give.status(), await give.text()).toBe(201);

  await signIn(page, phone, '/me');
  await page.getByRole('link', { name: new RegExp(`我的家庭 · ${name}`) }).click();
  await expect(page).toHaveURL(/\/me\/family$/);
  await expect(page.getByRole('heading', { name: '我的家庭', level: 1 })).toBeVisible();
  await expect(page.getByTestId('family-balance')).toHaveText('40');
  await shot('my-family');
});
