// The organisation pages from an administrator's side: both trees, creating a team and
// making a resident its leader and member (seen on that person's page), renaming and
// moving a node, and the people list.

import { test, expect, gotoApp, uniquePhone } from './fixtures';
import type { APIRequestContext, Page } from '@playwright/test';

// From the demo data (server/src/seed.rs).
const ADMIN_PHONE = '13800000001';
const ADMIN_NAME = '张建国';
const DEMO_PASSWORD = 'linli2026';
const SOCIETY = '汉阳区志愿者协会';
const SIXIN_BRANCH = '四新街道志愿服务分会';

async function signInAsAdmin(page: Page): Promise<void> {
  await gotoApp(page, '/login');
  await page.getByLabel('手机号').fill(ADMIN_PHONE);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('heading', { name: `你好，${ADMIN_NAME}` })).toBeVisible();
}

/** Opens an admin page the way a person would: the side bar on desktops, 我的 on phones. */
async function openAdmin(page: Page, isMobile: boolean, label: '组织管理' | '用户管理') {
  if (isMobile) {
    await page.locator('nav.tabbar').getByRole('link', { name: '我的' }).click();
    await page.locator('main').getByRole('link', { name: label }).click();
  } else {
    await page.locator('nav.sidenav').getByRole('link', { name: label }).click();
  }
  await expect(page.getByRole('heading', { name: label, level: 1 })).toBeVisible();
}

async function registerResident(request: APIRequestContext, name: string, phone: string) {
  const res = await request.post('/api/v1/auth/register', {
    data: { name, phone, password: 'linli-test-2026' },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
}

function treeCard(page: Page, title: string) {
  // CSS rather than roles: on phones the trees are hidden while a node's panel is open.
  return page.locator('section.tree-card').filter({ has: page.locator('h2', { hasText: title }) });
}

test('an admin creates a team and makes a resident its leader', async ({
  page,
  request,
  isMobile,
  shot,
}) => {
  const phone = uniquePhone();
  const leader = `队长${phone.slice(-5)}`;
  const team = `测试服务队${phone.slice(-5)}`;
  await registerResident(request, leader, phone);

  await signInAsAdmin(page);
  await openAdmin(page, isMobile, '组织管理');

  // Both trees, nested.
  const org = treeCard(page, '组织架构');
  const territory = treeCard(page, '区域划分');
  await expect(org.getByRole('button', { name: SOCIETY })).toBeVisible();
  await expect(org.getByRole('button', { name: /红喇叭治安巡逻队/ })).toBeVisible();
  await expect(territory.getByRole('button', { name: /梅林都汇社区/ }).first()).toBeVisible();
  await expect(org.locator('li li li').getByRole('button', { name: /白鸽志愿服务队/ })).toBeVisible();
  await shot('org-trees');

  // Create a team under the society.
  await org.getByRole('button', { name: SOCIETY }).click();
  const panel = page.locator('aside.node-panel');
  await expect(panel.getByRole('heading', { name: SOCIETY })).toBeVisible();
  await panel.getByLabel('类型').selectOption({ label: '服务队' });
  await panel.getByLabel('名称').fill(team);
  await panel.getByRole('button', { name: '创建' }).click();

  // The panel moves to the new team, which now sits in the tree.
  await expect(panel.getByRole('heading', { name: team })).toBeVisible();
  await expect(org.locator('button.tree-node', { hasText: team })).toBeAttached();
  await expect(panel.locator('.members')).toContainText('还没有成员');

  // Find the resident, make them team leader here, and add them as a member.
  await panel.getByLabel('输入姓名或手机号').fill(phone);
  await panel.getByRole('button', { name: '搜索' }).click();
  await panel.getByRole('button', { name: new RegExp(leader) }).click();
  await expect(panel.getByLabel('角色')).toHaveValue('team_leader');
  await panel.getByRole('button', { name: '授予角色' }).click();
  await expect(panel.locator('.form-ok')).toContainText(`${leader} · 队长`);
  await panel.getByRole('button', { name: '加为成员' }).click();
  await expect(panel.locator('.members').getByText(leader)).toBeVisible();
  await expect(org.locator('button.tree-node', { hasText: team })).toContainText('1 人');
  await shot('team-with-leader');

  // Their page shows the team and the role.
  await panel.getByRole('link', { name: '查看' }).click();
  await expect(page.getByRole('heading', { name: leader, level: 1 })).toBeVisible();
  await expect(page.locator('.teams')).toContainText(team);
  await expect(page.locator('.roles')).toContainText(`队长 于 ${team}`);
  await shot('leader-page');

  // And the leader sees it on their own account.
  const me = await (await request.get('/api/v1/me')).json();
  expect(me.teams.map((t: { name: string }) => t.name)).toContain(team);
  expect(
    me.roles.some(
      (r: { role: string; node_name: string }) => r.role === 'team_leader' && r.node_name === team,
    ),
  ).toBeTruthy();

  // Revoking the role takes it off their page; the membership stays.
  const grant = page.locator('.roles li', { hasText: team });
  await grant.getByRole('button', { name: '撤销' }).click();
  await grant.getByRole('button', { name: '确认撤销' }).click();
  await expect(page.locator('.roles')).toHaveCount(0);
  await expect(page.getByText('暂时没有其他角色。')).toBeVisible();
  await expect(page.locator('.teams')).toContainText(team);
});

test('an admin renames a node and moves it under a branch', async ({ page, isMobile, shot }) => {
  const suffix = uniquePhone().slice(-5);
  const team = `临时队${suffix}`;
  const renamed = `改名队${suffix}`;

  await signInAsAdmin(page);
  await openAdmin(page, isMobile, '组织管理');
  const org = treeCard(page, '组织架构');
  await org.getByRole('button', { name: SOCIETY }).click();
  const panel = page.locator('aside.node-panel');
  await panel.getByLabel('类型').selectOption({ label: '服务队' });
  await panel.getByLabel('名称').fill(team);
  await panel.getByRole('button', { name: '创建' }).click();
  await expect(panel.getByRole('heading', { name: team })).toBeVisible();

  // A blank name is refused before sending.
  const rename = panel.locator('form').filter({ has: page.getByLabel('重命名') });
  await rename.getByLabel('重命名').fill('   ');
  await rename.getByRole('button', { name: '保存' }).click();
  await expect(rename.getByRole('alert')).toContainText('请填写名称');

  await rename.getByLabel('重命名').fill(renamed);
  await rename.getByRole('button', { name: '保存' }).click();
  await expect(panel.getByRole('heading', { name: renamed })).toBeVisible();
  await expect(org.locator('button.tree-node', { hasText: renamed })).toBeAttached();

  const move = panel.locator('form').filter({ has: page.getByLabel('移动到') });
  await move.getByLabel('移动到').selectOption({ label: `${SOCIETY} › ${SIXIN_BRANCH}` });
  await move.getByRole('button', { name: '保存' }).click();
  await expect(panel.locator('.crumbs')).toHaveText(`${SOCIETY} › ${SIXIN_BRANCH} › ${renamed}`);
  await shot('moved');

  await panel.getByRole('button', { name: '关闭' }).click();
  await expect(panel).toHaveCount(0);
});

test('an admin searches people and opens a person’s page', async ({ page, isMobile, shot }) => {
  await signInAsAdmin(page);
  await openAdmin(page, isMobile, '用户管理');
  const list = page.locator('main ul.row-list');
  await expect(list.getByRole('link').first()).toBeVisible();
  const more = page.getByRole('button', { name: '加载更多' });
  if (await more.isVisible()) {
    const before = await list.getByRole('link').count();
    await more.click();
    await expect.poll(() => list.getByRole('link').count()).toBeGreaterThan(before);
  }
  await shot('users');

  await page.getByLabel('输入姓名或手机号').fill('李红梅');
  await page.getByRole('button', { name: '搜索' }).click();
  await expect(list.getByRole('link')).toHaveCount(1);
  await list.getByRole('link', { name: /李红梅/ }).click();
  await expect(page.getByRole('heading', { name: '李红梅', level: 1 })).toBeVisible();
  await expect(page.locator('.roles')).toContainText('队长 于 红喇叭治安巡逻队');
  await shot('person');

});
