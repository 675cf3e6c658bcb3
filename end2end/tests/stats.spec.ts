// District statistics and the open books (issue 17): an administrator opens the
// statistics of the whole society, sees the figures and the three charts (each with its
// data table for screen readers) and downloads a spreadsheet whose first bytes are the
// byte-order mark and a header in Chinese; a signed-out visitor opens the open books and
// sees the conservation check hold.

import fs from 'node:fs';
import { test, expect, gotoApp } from './fixtures';

// From the demo data (server/src/seed.rs).
const ADMIN_PHONE = '13800000001';
const DEMO_PASSWORD = 'linli2026';
const SOCIETY = '汉阳区志愿者协会';

test('an administrator opens the statistics of the community and downloads a CSV', async ({ page, shot }) => {
  const login = await page.request.post('/api/v1/auth/login', { data: { phone: ADMIN_PHONE, password: DEMO_PASSWORD } });
  expect(login.ok(), await login.text()).toBeTruthy();
  await gotoApp(page, '/admin');
  await page.getByRole('link', { name: '统计', exact: true }).click();
  await expect(page).toHaveURL(/\/stats$/);
  await expect(page.getByRole('heading', { name: '统计', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: new RegExp(SOCIETY) })).toBeVisible();
  await expect(page.locator('.stats-figures')).toContainText('服务时长（小时）');
  await expect(page.locator('.stats-figures')).toContainText('注册志愿者');
  for (const id of ['st-hours', 'st-points', 'st-share']) {
    const chart = page.locator(`figure#${id}`);
    await expect(chart.locator('svg[role="img"]')).toBeVisible();
    await expect(chart.locator('table.chart-table caption')).toHaveCount(1);
  }
  await expect(page.locator('figure#st-hours rect.bar')).toHaveCount(12);
  // No horizontal scrolling on a phone.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await shot('statistics');

  await page.getByLabel('内容').selectOption('members');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '下载 CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^linli-members-.*\.csv$/);
  const bytes = fs.readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  expect(text.split('\r\n')[0]).toBe('编号,姓名,手机号,团队,加入日期,积分余额');
  const rows = text.trim().split('\r\n').length - 1;
  expect(rows).toBeGreaterThan(0);
  await expect(page.locator('.stats-progress')).toContainText(`${rows} 行`);
  await expect(page.locator('.stats-progress')).toContainText('导出完成');
  await shot('statistics-exported');
});

test('a signed-out visitor opens the open books', async ({ page, shot }) => {
  await gotoApp(page, '/');
  await page.getByRole('link', { name: '公开账本' }).click();
  await expect(page).toHaveURL(/\/open-books$/);
  await expect(page.getByRole('heading', { name: '公开账本', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: '守恒核对' })).toBeVisible();
  await expect(page.locator('.books-verdict')).toHaveText('✓ 账目平衡');
  await expect(page.getByRole('heading', { name: '爱心捐赠榜' })).toBeVisible();
  await expect(page.locator('figure#bk-months svg[role="img"]')).toBeVisible();
  await expect(page.locator('figure#bk-months table.chart-table')).toHaveCount(1);
  await shot('open-books');
});
