// The published points standard (积分管理办法, issue 18): anyone, signed out, reads the
// rules in force and the earlier versions with their dates, in both languages.

import { test, expect, gotoApp } from './fixtures';

test('anyone reads the points standard in force without signing in', async ({ page, shot }) => {
  await gotoApp(page, '/');
  await page.getByRole('link', { name: '积分管理办法' }).first().click();
  await expect(page).toHaveURL(/\/points\/standard$/);
  await expect(page.getByRole('heading', { name: '积分管理办法', level: 1 })).toBeVisible();
  const current = page.getByTestId('standard-current');
  await expect(current.getByRole('row', { name: /治安巡逻/ })).toContainText('10');
  await expect(current.getByRole('row', { name: /夜间巡逻/ })).toContainText('×2');
  await expect(current).toContainText('每日上限');
  await expect(current).toContainText('施行自');
  await shot('standard');

  await page.getByRole('button', { name: 'English' }).first().click();
  await expect(page.getByRole('heading', { name: 'Earning rules', level: 1 })).toBeVisible();
  await expect(current).toContainText('in force since');
  await expect(current).toContainText('Until the end of the year they are earned in');
  await shot('standard-en');
  await page.getByRole('button', { name: '中文' }).first().click();
});
