// A newcomer's first steps: after registering, 我的 offers a card PIN and a team; the
// resident asks to join a team, its leader accepts (and can issue the new member a
// password reset code), and the resident sees the membership and is told. The demo goods
// have their drawn photos in the catalogue and on the home page.

import { test, expect, gotoApp, uniquePhone, axe, screenshot } from './fixtures';
import { personPage, signIn, PASSWORD } from './people';

const LEADER = '13800000002';
const TEAM = '红喇叭治安巡逻队';

test('a newcomer asks to join a team, the leader accepts, the newcomer is a member', async ({ page, browser, shot, a11yViolations }, testInfo) => {
  const phone = uniquePhone();
  const name = `新人${phone.slice(-4)}`;
  await gotoApp(page, '/register');
  await page.getByLabel('姓名').fill(name);
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '注册' }).click();

  // The next steps, offered once, dismissible.
  await expect(page).toHaveURL(/\/me\?welcome/);
  const prompt = page.locator('.welcome-next');
  await expect(prompt.getByRole('heading', { name: '欢迎加入邻里！' })).toBeVisible();
  await expect(prompt.getByRole('link', { name: '设置卡密码' })).toHaveAttribute('href', '/points/card');
  await shot('welcome');
  await prompt.getByRole('button', { name: '以后再说' }).click();
  await expect(prompt).toHaveCount(0);
  await gotoApp(page, '/me?welcome');
  await prompt.getByRole('link', { name: '申请加入服务队' }).click();

  // Asking twice keeps one request.
  await expect(page.getByRole('heading', { name: '加入服务队' })).toBeVisible();
  await page.getByLabel('服务队').selectOption({ label: TEAM });
  await page.getByRole('button', { name: '申请加入' }).click();
  await expect(page.getByText('申请已提交，请等待队长处理。')).toBeVisible();
  await page.getByRole('button', { name: '申请加入' }).click();
  await expect(page.locator('.join-mine li')).toHaveCount(1);
  await expect(page.locator('.join-mine')).toContainText(TEAM);
  await expect(page.locator('.join-mine')).toContainText('等待队长处理');
  await expect(page.locator('.join-mine')).not.toContainText(/\d{10}/);
  await shot('join-asked');

  // The leader accepts on 我带的服务队, then issues the new member a reset code.
  const leader = await personPage(browser, testInfo);
  await signIn(leader, LEADER, '/me');
  await leader.getByRole('link', { name: '我带的服务队' }).click();
  await expect(leader.getByRole('heading', { name: '我带的服务队' })).toBeVisible();
  const request = leader.locator('.join-request', { hasText: name });
  await request.getByRole('button', { name: '同意', exact: true }).click();
  await expect(request).toContainText('已同意');
  const member = leader.locator('.member-row', { hasText: name });
  await member.getByRole('button', { name: '重置码' }).click();
  await expect(member.locator('.reset-code-value')).toHaveText(/重置码\s*\d{4} \d{4}/);
  await expect(member).toContainText('有效期至');
  await expect(member).not.toContainText(/\d{10}/);
  await screenshot(leader, testInfo, 'leader-team');
  a11yViolations.push(...(await axe(leader)));

  // The newcomer sees the outcome, the team on 我的, and the notice.
  await gotoApp(page, '/me/teams');
  await expect(page.locator('.join-mine')).toContainText('已同意');
  await gotoApp(page, '/me');
  await expect(page.locator('.card', { hasText: '我的队伍' })).toContainText(TEAM);
  await page.getByTestId('bell').click();
  await expect(page.locator('.bell-list')).toContainText(`「${TEAM}」同意了你的入队申请`);
  await shot('member');

  // Signed in, the home page also previews the projects with places left.
  await gotoApp(page, '/');
  await expect(page.locator('.projects-preview').getByRole('heading', { name: '近期志愿活动' })).toBeVisible();
  await expect(page.locator('.shop-preview img').first()).toBeVisible();
  await shot('home-signed-in');
});

test('the catalogue and the home page show the demo goods with their photos', async ({ page, shot }) => {
  await gotoApp(page, '/shop');
  const tiles = page.getByTestId('item-tile');
  await expect(tiles.first()).toBeVisible();
  const photos = page.locator('[data-testid=item-tile] img');
  await expect(photos).toHaveCount(await tiles.count());
  await photos.last().scrollIntoViewIfNeeded();
  await expect
    .poll(() => photos.evaluateAll((els) => els.every((e) => (e as HTMLImageElement).naturalWidth > 0)))
    .toBe(true);
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot('catalogue-photos');

  await gotoApp(page, '/');
  const preview = page.locator('.shop-preview');
  await expect(preview.getByRole('heading', { name: '积分超市新品' })).toBeVisible();
  await expect(preview.locator('img').first()).toBeVisible();
  // Signed out, no project preview (the board is for people signed in) and no failed request.
  await expect(page.locator('.projects-preview')).toHaveCount(0);
  await shot('home-previews');
});
