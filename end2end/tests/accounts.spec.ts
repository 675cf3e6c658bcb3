// Accounts from a resident's side: register, sign out, sign in, the shell in Chinese,
// switching to English (remembered on the account), signing out; plus the pages a
// resident must not get into and the 404 page.

import { test, expect, gotoApp, uniquePhone } from './fixtures';
import type { Page } from '@playwright/test';

const PASSWORD = 'linli-test-2026';

/** The navigation a person can actually see: the tab bar on phones, the side bar on desktops. */
function visibleNav(page: Page) {
  return page.locator('nav.tabbar:visible, nav.sidenav:visible');
}

test('a resident registers, signs in, sees the shell in Chinese, switches to English and signs out', async ({
  page,
  browser,
  shot,
}) => {
  const phone = uniquePhone();
  const name = `测试居民${phone.slice(-4)}`;

  await gotoApp(page, '/register');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { name: '注册新账号' })).toBeVisible();

  // The form checks itself before sending anything, in Chinese.
  await page.getByLabel('密码').fill('short');
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await expect(page.getByText('请填写名称')).toBeVisible();
  await expect(page.getByText('请填写手机号')).toBeVisible();
  await expect(page.getByText('密码至少需要 8 个字符')).toBeVisible();
  await shot('register-problems');

  await page.getByLabel('姓名').fill(name);
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '注册', exact: true }).click();

  // Registered and signed in: 我的 welcomes them with the next steps (a card PIN, a
  // team), and the home page greets them by name.
  await expect(page).toHaveURL(/\/me\?welcome$/);
  await expect(page.getByRole('heading', { name: '欢迎加入邻里！' })).toBeVisible();
  await expect(page.getByRole('link', { name: '设置卡密码' })).toBeVisible();
  await visibleNav(page).getByRole('link', { name: '首页', exact: true }).click();
  await expect(page.getByRole('heading', { name: `你好，${name}` })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
  await shot('home-signed-in-zh');

  // The shell speaks Chinese and offers no administration to a resident.
  const nav = visibleNav(page);
  for (const label of ['首页', '商城', '项目', '我的']) {
    await expect(nav.getByRole('link', { name: label, exact: true })).toBeVisible();
  }
  await expect(page.getByRole('link', { name: '组织管理' })).toHaveCount(0);

  // Sign out from 我的, then the same phone cannot register twice.
  await nav.getByRole('link', { name: '我的', exact: true }).click();
  await expect(page.locator('main').getByText(name)).toBeVisible();
  await expect(page.getByText(`${phone.slice(0, 3)}****${phone.slice(7)}`)).toBeVisible();
  await shot('me-zh');
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('heading', { name: '欢迎来到邻里' })).toBeVisible();

  await gotoApp(page, '/register');
  await page.getByLabel('姓名').fill(name);
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await expect(page.getByText('该手机号已注册')).toBeVisible();

  // A wrong password shows the server's message; the right one signs in.
  await gotoApp(page, '/login');
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill('not-the-password');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByText('手机号或密码不正确')).toBeVisible();
  await shot('login-wrong-password');
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('heading', { name: `你好，${name}` })).toBeVisible();

  // Switch to English: the whole shell follows, and <html lang> with it.
  await page.getByRole('button', { name: 'English' }).first().click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: `Hello, ${name}` })).toBeVisible();
  for (const label of ['Home', 'Shop', 'Projects', 'Me']) {
    await expect(visibleNav(page).getByRole('link', { name: label, exact: true })).toBeVisible();
  }
  // The tab is named after the page's heading, in the chosen language.
  await expect(page).toHaveTitle(`Hello, ${name} · Linli`);
  await shot('home-signed-in-en');

  // The choice is remembered on the account: a fresh browser that signs in gets English.
  await expect
    .poll(async () => (await (await page.request.get('/api/v1/me')).json()).lang)
    .toBe('en');
  const other = await browser.newContext({ locale: 'zh-CN' });
  const second = await other.newPage();
  await gotoApp(second, '/login');
  await expect(second.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await second.getByLabel('手机号').fill(phone);
  await second.getByLabel('密码').fill(PASSWORD);
  await second.getByRole('button', { name: '登录', exact: true }).click();
  await expect(second.getByRole('heading', { name: `Hello, ${name}` })).toBeVisible();
  await other.close();

  // Sign out in English.
  await visibleNav(page).getByRole('link', { name: 'Me', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  await shot('me-en');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome to Linli' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
  expect((await page.request.get('/api/v1/me')).status()).toBe(401);
});

test('a visitor’s language choice is kept on this device', async ({ page }) => {
  await gotoApp(page, '/');
  await expect(page.getByRole('heading', { name: '欢迎来到邻里' })).toBeVisible();
  await page.getByRole('button', { name: 'English' }).first().click();
  await expect(page.getByRole('heading', { name: 'Welcome to Linli' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Welcome to Linli' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // Form checks speak the chosen language too.
  await page.getByRole('link', { name: 'Register' }).first().click();
  await page.getByLabel('Phone').fill('12345');
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await expect(page.getByText('Name is required')).toBeVisible();
  await expect(page.getByText('Enter an 11-digit mobile number')).toBeVisible();
  await expect(page.getByText('Password is required')).toBeVisible();

  await page.getByRole('button', { name: '中文' }).first().click();
  await expect(page.getByText('请填写名称')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
});

test('signed-out visitors are asked to sign in and come back; residents are kept out of administration', async ({
  page,
  request,
  shot,
}) => {
  const phone = uniquePhone();
  const name = `普通居民${phone.slice(-4)}`;
  const res = await request.post('/api/v1/auth/register', {
    data: { name, phone, password: PASSWORD },
  });
  expect(res.ok(), await res.text()).toBeTruthy();

  await gotoApp(page, '/me');
  await expect(page.getByText('请先登录后再查看此页面。')).toBeVisible();
  await shot('me-signed-out');
  await page.locator('main').getByRole('link', { name: '登录' }).click();
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.locator('main').getByText(name)).toBeVisible();

  // Signed in, the forms step aside.
  await gotoApp(page, '/login?next=/shop');
  await expect(page).toHaveURL(/\/shop$/);
  await gotoApp(page, '/register');
  await expect(page).toHaveURL(/\/$/);

  await gotoApp(page, '/admin/org');
  await expect(page.getByText('此页面仅限管理员使用。')).toBeVisible();
  await expect(page.getByRole('link', { name: '组织管理' })).toHaveCount(0);
});

test('unknown pages get a friendly 404 with a way home', async ({ page, shot }) => {
  await gotoApp(page, '/no/such/page');
  await expect(page.getByRole('heading', { name: '页面不存在' })).toBeVisible();
  await shot('not-found');
  await page.getByRole('link', { name: '返回首页' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('visitors can browse the shop; the project board asks them to sign in', async ({ page }) => {
  await gotoApp(page, '/');
  await visibleNav(page).getByRole('link', { name: '商城' }).click();
  await expect(page).toHaveURL(/\/shop$/);
  await expect(page.getByRole('heading', { name: '公益积分超市', level: 1 })).toBeVisible();
  await visibleNav(page).getByRole('link', { name: '项目' }).click();
  await expect(page).toHaveURL(/\/projects$/);
  await expect(page.getByText('请先登录后再查看此页面')).toBeVisible();
});

test('a network failure is explained kindly and can be retried', async ({ page, shot }) => {
  await page.route('**/api/v1/auth/session', (route) => route.abort('internetdisconnected'));
  await gotoApp(page, '/');
  await expect(page.getByRole('alert')).toContainText('网络不太好');
  await shot('network-error');
  await page.unroute('**/api/v1/auth/session');
  await page.getByRole('button', { name: '重试' }).click();
  await expect(page.getByRole('heading', { name: '欢迎来到邻里' })).toBeVisible();
});

test('a profile refresh that answers after signing out does not sign the person back in', async ({ page }) => {
  const phone = uniquePhone();
  await gotoApp(page, '/register');
  await page.getByLabel('姓名').fill('慢网居民');
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await expect(page.getByRole('heading', { name: '欢迎加入邻里！' })).toBeVisible();
  await visibleNav(page).getByRole('link', { name: '首页', exact: true }).click();
  await expect(page.getByRole('heading', { name: '你好，慢网居民' })).toBeVisible();

  // 我的 refreshes the profile; on a slow network its answer (given while still signed
  // in) arrives only after the person has signed out.
  let release: () => void = () => {};
  const released = new Promise<void>((r) => (release = r));
  await page.route('**/api/v1/me', async (route) => {
    const answer = await route.fetch();
    await released;
    await route.fulfill({ response: answer });
  });
  await visibleNav(page).getByRole('link', { name: '我的', exact: true }).click();
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('heading', { name: '欢迎来到邻里' })).toBeVisible();
  release();
  await page.waitForTimeout(500);
  await expect(page.getByRole('heading', { name: '欢迎来到邻里' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /你好/ })).toHaveCount(0);
});

test('a signed-out visit makes no failing request; each page names the tab and takes focus', async ({ page }) => {
  const failed: string[] = [];
  const consoleErrors: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  const paths = ['/', '/shop', '/projects', '/services', '/trainings', '/open-books', '/points/standard', '/login', '/register', '/reset'];
  for (const path of paths) {
    await gotoApp(page, path);
    await page.waitForLoadState('networkidle');
  }
  expect(failed, 'requests answered with an error').toEqual([]);
  expect(consoleErrors, 'console errors').toEqual([]);

  // Moving by a link puts focus on the new page's heading and names the tab after it.
  await gotoApp(page, '/');
  await visibleNav(page).getByRole('link', { name: '商城', exact: true }).click();
  await expect(page.getByRole('heading', { name: '公益积分超市', level: 1 })).toBeFocused();
  await expect(page).toHaveTitle('公益积分超市 · 邻里');
});

test('the skip link shows when focused and moves focus to the page', async ({ page }) => {
  await gotoApp(page, '/shop');
  await expect(page.getByRole('heading', { name: '公益积分超市' })).toBeVisible();
  const skip = page.getByRole('link', { name: '跳到正文' });
  await skip.focus();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  // Focus is now in the page itself (the main area or its heading), past the navigation.
  const focusedInMain = () => page.evaluate(() => !!document.activeElement?.closest('main'));
  await expect.poll(focusedInMain, { message: 'focus after the skip link is in the page' }).toBe(true);
  // The next Tab goes on inside the page, not back to the navigation.
  await page.keyboard.press('Tab');
  expect(await focusedInMain(), 'the next stop is inside the page').toBe(true);
});
