// People and steps the service-order browser tests share: the demo accounts, signing in,
// a second person's page on the same kind of device, a fresh resident, the bell's count.

import { expect, gotoApp, uniquePhone } from './fixtures';
import { request as apiRequest, type Browser, type Page, type TestInfo } from '@playwright/test';

export const PASSWORD = 'linli2026';
export const LEADER = '13800000002';
export const REVIEWER = '13800000003';
export const SERVICE = '红色帮办代办';

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
  const api = await apiRequest.newContext({ baseURL: process.env.LINLI_BASE_URL });
  const r = await api.post('/api/v1/auth/register', {
    data: { name: `居民${phone.slice(-4)}`, phone, password: PASSWORD },
  });
  expect(r.status(), await r.text()).toBe(201);
  await api.dispose();
  return phone;
}

/** The unread count on the bell (0 when it shows none). */
export async function bellCount(page: Page): Promise<number> {
  const count = page.getByTestId('bell-count');
  if (!(await count.isVisible())) return 0;
  return Number(await count.innerText());
}

/** The unread count as the server has it now. */
export async function unread(page: Page): Promise<number> {
  const r = await page.request.get('/api/v1/notifications/unread');
  expect(r.ok()).toBeTruthy();
  return (await r.json()).unread;
}

export async function orderId(page: Page): Promise<number> {
  await expect(page).toHaveURL(/\/services\/orders\/\d+$/);
  return Number(page.url().split('/').pop());
}
