// People of the browser tests: signing in, another person's browser, a fresh resident.

import { request as apiRequest, type Browser, type Page, type TestInfo } from '@playwright/test';
import { expect, gotoApp, uniquePhone } from './fixtures';

export const PASSWORD = 'linli2026';

export async function signIn(page: Page, phone: string, next: string): Promise<void> {
  await gotoApp(page, `/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[/?]/g, '\\$&')}$`));
}

/** Another person's page, on the same kind of device as the test's project. */
export async function personPage(browser: Browser, testInfo: TestInfo): Promise<Page> {
  const u = testInfo.project.use;
  const context = await browser.newContext({
    baseURL: process.env.LINLI_BASE_URL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: u.viewport,
    userAgent: u.userAgent,
    deviceScaleFactor: u.deviceScaleFactor,
    isMobile: u.isMobile,
    hasTouch: u.hasTouch,
  });
  return context.newPage();
}

export async function freshResident(): Promise<string> {
  const phone = uniquePhone();
  const ctx = await apiRequest.newContext({ baseURL: process.env.LINLI_BASE_URL });
  const r = await ctx.post('/api/v1/auth/register', {
    data: { name: `居民${phone.slice(-4)}`, phone, password: PASSWORD },
  });
  expect(r.status(), await r.text()).toBe(201);
  await ctx.dispose();
  return phone;
}
