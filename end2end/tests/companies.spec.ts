// Property companies managed on a page (issue 18): an administrator changes the demo
// company's rate from a later day, sees every version with its date and who may confirm.

import { test, expect, gotoApp } from './fixtures';

const PASSWORD = 'linli2026';
const ADMIN = '13800000001';
const PROPERTY = '13800000005';

test('an administrator sets a property company rate from a later day', async ({ page, shot }) => {
  await gotoApp(page, '/login?next=%2Fadmin%2Fcompanies');
  await page.getByLabel('手机号').fill(ADMIN);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/companies$/);
  await expect(page.getByRole('heading', { name: '物业公司', level: 1 })).toBeVisible();
  const company = page.locator('.company[data-company="梅林都汇物业"]');
  await expect(company.locator('.staff')).toContainText(PROPERTY);

  // The day after tomorrow in Beijing, as the date input takes it.
  const later = new Date(Date.now() + 8 * 3600_000 + 2 * 86_400_000).toISOString().slice(0, 10);
  const rate = String(20 + Math.floor(Math.random() * 70));
  await company.getByLabel('抵扣比例（积分/元）').fill(rate);
  await company.getByLabel('生效日期（留空即刻生效）').fill(later);
  await company.getByRole('button', { name: '保存新比例' }).click();
  await expect(company.getByRole('status')).toContainText('已保存');
  await expect(company.locator('.rates li').first()).toContainText(`${rate} 积分抵 1 元`);
  // Shown in words, as a person reads a date.
  const [y, m, d] = later.split('-').map(Number);
  await expect(company.locator('.rates li').first()).toContainText(`${y}年${m}月${d}日`);
  await shot('companies');

  // A past day is refused in words, and the typed rate stays.
  await company.getByLabel('抵扣比例（积分/元）').fill('9');
  await company.getByLabel('生效日期（留空即刻生效）').fill('2020-01-01');
  await company.getByRole('button', { name: '保存新比例' }).click();
  await expect(company.getByRole('alert')).toContainText('生效日期须是今天或以后的日期');
  await expect(company.getByLabel('抵扣比例（积分/元）')).toHaveValue('9');
});
