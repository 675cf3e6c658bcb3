// The administrators' dashboard (/admin): an administrator signs in, opens it from the
// home page, sees a low-stock alert for a demo item the test has just run down (a stock
// count through the API), follows the alert to the stock page with the item chosen,
// restocks it, and the alert is gone. The phone and desktop projects each run down an
// item of their own, so they never race for one shelf.

import { test, expect, gotoApp } from './fixtures';
import type { APIRequestContext } from '@playwright/test';

// From the demo data (server/src/seed.rs, server/src/shop/demo.rs).
const ADMIN_PHONE = '13800000001';
const ADMIN_NAME = '张建国';
const DEMO_PASSWORD = 'linli2026';
const DONOR = '汉阳区供销合作社';

/** Sets a demo item's stock to `counted` with a stock count (盘点); answers its id. */
async function countDown(request: APIRequestContext, name: string, counted: number): Promise<number> {
  const login = await request.post('/api/v1/auth/login', { data: { phone: ADMIN_PHONE, password: DEMO_PASSWORD } });
  expect(login.ok(), await login.text()).toBeTruthy();
  const items: { id: number; name: string }[] = await (await request.get('/api/v1/admin/shop/items')).json();
  const item = items.find((i) => i.name === name);
  expect(item, `demo item ${name}`).toBeTruthy();
  const count = await request.post('/api/v1/admin/shop/counts', {
    data: { lines: [{ item_id: item!.id, counted }], note: '浏览器测试：库存预警' },
  });
  expect(count.status(), await count.text()).toBe(201);
  return item!.id;
}

test('the dashboard alerts an administrator to low stock and leads to restocking it', async ({ page, request, shot }, testInfo) => {
  const itemName = testInfo.project.name === 'phone' ? '保温杯' : '酱油';
  const itemId = await countDown(request, itemName, 2);

  await gotoApp(page, '/login');
  await page.getByLabel('手机号').fill(ADMIN_PHONE);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('heading', { name: `你好，${ADMIN_NAME}` })).toBeVisible();
  await page.locator('main').getByRole('link', { name: '管理工作台' }).first().click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole('heading', { name: '管理工作台', level: 1 })).toBeVisible();

  // The alert: the item with what is left, out-of-stock items above it.
  const alerts = page.getByTestId('low-stock-alerts');
  await expect(alerts.getByRole('heading', { name: /库存不足提醒/ })).toBeVisible();
  const alert = alerts.getByRole('link').filter({ hasText: itemName });
  await expect(alert).toContainText('库存 2');
  await expect(alert).toContainText('去补货');
  // Out-of-stock rows (已兑完) never come after one that still has some left.
  const rows = await alerts.getByRole('link').allTextContents();
  const firstLow = rows.findIndex((r) => !r.includes('已兑完'));
  expect(firstLow === -1 || rows.slice(firstLow).every((r) => !r.includes('已兑完')), rows.join(' | ')).toBeTruthy();
  // Today and the review queue are there, and every admin page one tap away.
  await expect(page.getByTestId('shop-today')).toContainText('出库件数');
  await expect(page.getByTestId('to-review')).toBeVisible();
  await expect(page.locator('main .quick-links').getByRole('link', { name: '超市管理' })).toBeVisible();
  await shot('admin-dashboard');

  // Following the alert opens the stock page with the item chosen for a stock-in.
  await alert.click();
  await expect(page).toHaveURL(new RegExp(`/admin/shop/stock\\?item=${itemId}$`));
  await expect(page.getByRole('heading', { name: '捐赠入库', level: 1 })).toBeVisible();
  await expect(page.locator('#in-item')).toHaveValue(String(itemId));
  await expect(page.getByLabel('数量', { exact: true })).toBeFocused();
  await shot('restock-chosen');
  await page.locator('#in-donor').selectOption({ label: DONOR });
  await page.getByLabel('数量', { exact: true }).fill('10');
  await page.getByRole('button', { name: '捐赠入库', exact: true }).click();
  await expect(page.getByText('已入库。')).toBeVisible();

  // Back on the dashboard the alert is gone.
  await page.getByRole('link', { name: '返回管理工作台' }).click();
  await expect(page.getByRole('heading', { name: '管理工作台', level: 1 })).toBeVisible();
  await expect(page.getByTestId('low-stock-alerts')).toBeVisible();
  await expect(page.getByTestId('low-stock-alerts').getByRole('link').filter({ hasText: itemName })).toHaveCount(0);
  await shot('admin-dashboard-restocked');
});
