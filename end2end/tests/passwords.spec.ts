// Passwords after registration: a person renames themself and changes their password on
// 账户设置; a person who forgot theirs gets a one-time code from an administrator and
// resets it from the sign-in page.

import { test, expect, gotoApp, axe, screenshot } from './fixtures';
import { freshResident, personPage, signIn, PASSWORD } from './people';

const ADMIN = '13800000001';

test('a resident changes their name and password on the settings page', async ({ page, shot }) => {
  const phone = await freshResident();
  await signIn(page, phone, '/me');
  // 我的 shows the balance and the way to the settings.
  await expect(page.getByRole('link', { name: /我的积分\s*0/ })).toBeVisible();
  await page.getByRole('link', { name: '账户设置' }).click();
  await expect(page.getByRole('heading', { name: '账户设置' })).toBeVisible();

  const name = page.getByLabel('姓名');
  await name.fill('  ');
  await page.getByRole('button', { name: '保存姓名' }).click();
  await expect(page.getByText('请填写名称')).toBeVisible();
  await name.fill('王秀英');
  await page.getByRole('button', { name: '保存姓名' }).click();
  await expect(page.getByText('姓名已保存')).toBeVisible();

  // A wrong current password is refused and changes nothing.
  await page.getByLabel('当前密码').fill('not-my-password');
  await page.getByLabel('新密码').fill('new-pass-2027');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByRole('alert')).toContainText('当前密码不正确');
  await page.getByLabel('当前密码').fill(PASSWORD);
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByText('密码已修改，其他设备上的登录已退出')).toBeVisible();
  await expect(page.getByLabel('当前密码')).toHaveValue('');
  await shot('settings');

  // The new name shows on 我的; the new password signs in.
  await page.getByRole('link', { name: '‹ 我的' }).click();
  await expect(page.locator('.profile-card')).toContainText('王秀英');
  await page.getByRole('button', { name: '退出登录' }).click();
  await gotoApp(page, '/login');
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill('new-pass-2027');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('heading', { name: '你好，王秀英' })).toBeVisible();
});

test('a forgotten password is reset with a code an administrator issued', async ({ page, browser, shot, a11yViolations }, testInfo) => {
  const phone = await freshResident();
  // The administrator finds the person and issues a code.
  const admin = await personPage(browser, testInfo);
  await signIn(admin, ADMIN, '/admin/users');
  await admin.getByRole('searchbox').fill(phone);
  await admin.getByRole('button', { name: '搜索' }).click();
  await admin.getByRole('link', { name: new RegExp(`居民${phone.slice(-4)}`) }).click();
  await admin.getByRole('button', { name: '发放密码重置码' }).click();
  const shown = admin.locator('.reset-code-value');
  await expect(shown).toHaveText(/重置码\s*\d{4} \d{4}/);
  await expect(admin.locator('.reset-code')).toContainText('有效期至');
  await expect(admin.locator('.reset-code')).not.toContainText(/\d{10}/);
  await screenshot(admin, testInfo, 'reset-code-issued');
  a11yViolations.push(...(await axe(admin)));
  const code = ((await shown.textContent()) ?? '').replace(/\D/g, '');
  expect(code).toHaveLength(8);

  // The person, signed out, resets from the sign-in page.
  await gotoApp(page, '/login');
  await page.getByRole('link', { name: '忘记密码？' }).click();
  await expect(page.getByRole('heading', { name: '重设密码' })).toBeVisible();
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('重置码').fill('12ab');
  await page.getByLabel('新密码').fill('short');
  await page.getByRole('button', { name: '重设密码并登录' }).click();
  await expect(page.getByText('重置码是 8 位数字')).toBeVisible();
  await expect(page.getByText('密码至少需要 8 个字符')).toBeVisible();
  await shot('reset-problems');
  // A wrong code is refused in words.
  await page.getByLabel('重置码').fill(code === '00000000' ? '11111111' : '00000000');
  await page.getByLabel('新密码').fill('reset-pass-2027');
  await page.getByRole('button', { name: '重设密码并登录' }).click();
  await expect(page.getByRole('alert')).toContainText('重置码不正确');
  await page.getByLabel('重置码').fill(`${code.slice(0, 4)} ${code.slice(4)}`);
  await page.getByRole('button', { name: '重设密码并登录' }).click();
  await expect(page).toHaveURL(/\/me\?reset=1$/);
  await expect(page.getByText('密码已重设，您已登录')).toBeVisible();
  await shot('reset-done');

  // The code worked once; the new password signs in.
  await page.getByRole('button', { name: '退出登录' }).click();
  await gotoApp(page, '/login');
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill('reset-pass-2027');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('heading', { name: /你好/ })).toBeVisible();
  await admin.context().close();
});

test('the reset page speaks English', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('linli.lang', 'en'));
  await gotoApp(page, '/reset');
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await expect(page.getByText('Ask your team leader or community administrator')).toBeVisible();
  await page.getByRole('button', { name: 'Reset password and sign in' }).click();
  await expect(page.getByText('Reset code is required')).toBeVisible();
});
