// The one-key alarm (issue 16) end to end, each person in their own browser context:
// a fresh resident presses the red button in 网格一; the demo dispatcher 梅林调度台
// (13800000016) on the community's desk and the demo patrol volunteer 郭强 (13800000015),
// on today's 24-hour gate duty of 网格一, both see it without a reload; the volunteer
// says "I'm going", the dispatcher resolves it with a note, and the resident's list shows
// it resolved. A second alarm, in 网格三 where nobody is on duty, climbs the whole ladder
// while the dispatcher watches (the suite's server escalates every 6 s).

import { test, expect, screenshot } from './fixtures';
import { request as apiRequest, type APIRequestContext } from '@playwright/test';
import { PASSWORD, freshResident, personPage, signIn } from './people';

const DISPATCHER = '13800000016';
const PATROL = '13800000015';

async function api(phone: string): Promise<APIRequestContext> {
  const ctx = await apiRequest.newContext({ baseURL: process.env.LINLI_BASE_URL });
  const r = await ctx.post('/api/v1/auth/login', { data: { phone, password: PASSWORD } });
  expect(r.status(), await r.text()).toBe(200);
  return ctx;
}

/** The demo territory: 梅林都汇社区's id and its grids by name. */
async function territory(ctx: APIRequestContext): Promise<{ community: number; grid: (name: string) => number }> {
  const nodes: { id: number; name: string; kind: string }[] = await (await ctx.get('/api/v1/nodes?tree=territory')).json();
  const find = (name: string) => nodes.find((n) => n.name === name)!.id;
  return { community: find('梅林都汇社区'), grid: find };
}

/** Puts the demo patrol volunteer on today's 24-hour gate duty of 网格一. */
async function patrolOnDuty(): Promise<number> {
  const desk = await api(DISPATCHER);
  const { community, grid } = await territory(desk);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const shift = await desk.post(`/api/v1/grids/${grid('网格一')}/shifts`, { data: { kind: 'gate', date: today } });
  expect(shift.status(), await shift.text()).toBe(201);
  const patrol = await api(PATROL);
  const id = (await shift.json()).id;
  const signup = await patrol.post(`/api/v1/shifts/${id}/signups`, { data: {} });
  // The phone and desktop runs share the server: the second finds them on it already.
  expect([200, 409]).toContain(signup.status());
  await desk.dispose();
  await patrol.dispose();
  return community;
}

test('a resident presses the alarm; the desk and the volunteer on duty see it live; the volunteer goes, the dispatcher resolves', async ({ page, browser, shot }, testInfo) => {
  test.setTimeout(120_000);
  const community = await patrolOnDuty();
  const resident = await freshResident();
  const words = `楼道有烟 ${resident.slice(-4)}`;
  const desk = await personPage(browser, testInfo);
  const volunteer = await personPage(browser, testInfo);
  await signIn(desk, DISPATCHER, `/dispatch/${community}`);
  await signIn(volunteer, PATROL, '/alarm');
  await expect(desk.getByRole('heading', { name: '当前值班' })).toBeVisible();

  await signIn(page, resident, '/alarm');
  await expect(page.getByLabel('所在网格')).toBeVisible();
  await page.getByLabel('所在网格').selectOption({ label: '网格一' });
  await page.getByLabel('简要说明（可不填）').fill(words);
  await shot('alarm-button');
  await page.getByTestId('alarm-button').click();
  await expect(page.getByTestId('alarm-sent')).toBeVisible();
  await shot('alarm-sent');

  // Both see it without a reload: the desk flashes the row, the volunteer's list has it.
  const deskRow = desk.locator('li.al-row', { hasText: words });
  await expect(deskRow).toBeVisible({ timeout: 15_000 });
  await expect(deskRow).toHaveClass(/al-open/);
  await screenshot(desk, testInfo, 'desk');
  const volunteerRow = volunteer.locator('li.al-row', { hasText: words });
  await expect(volunteerRow).toBeVisible({ timeout: 15_000 });
  await volunteerRow.getByRole('link').click();
  await expect(volunteer.getByText(words)).toBeVisible();
  await volunteer.getByTestId('alarm-going').click();
  await expect(volunteer.locator('h1 .al-state')).toHaveText('有人赶往');
  await screenshot(volunteer, testInfo, 'volunteer-going');

  // The desk row follows on its own; the dispatcher opens it and resolves it.
  await expect(deskRow.locator('.al-state')).toHaveText('有人赶往', { timeout: 15_000 });
  await deskRow.getByRole('link').click();
  await desk.getByLabel('处理情况').fill('物业已到场，是邻居炒菜的油烟');
  await desk.getByTestId('alarm-resolve').click();
  await expect(desk.locator('h1 .al-state')).toHaveText('已处理');
  await expect(desk.locator('.al-timeline li').last()).toContainText('处理完毕');
  await screenshot(desk, testInfo, 'resolved');

  // The resident's list shows it resolved, again without a reload.
  await expect(page.locator('li.al-row', { hasText: words }).locator('.al-state')).toHaveText('已处理', { timeout: 15_000 });
  await shot('alarm-resolved');
});

test('an alarm nobody answers climbs the ladder to the outside responders while the dispatcher watches', async ({ page, browser, shot }, testInfo) => {
  test.setTimeout(120_000);
  const resident = await freshResident();
  const words = `有人敲门不走 ${resident.slice(-4)}`;
  const desk = await personPage(browser, testInfo);
  await signIn(page, resident, '/alarm');
  await page.getByLabel('所在网格').selectOption({ label: '网格三' });
  await page.getByLabel('简要说明（可不填）').fill(words);
  await page.getByTestId('alarm-button').click();
  await expect(page.getByTestId('alarm-sent')).toBeVisible();
  await page.getByTestId('alarm-sent').getByRole('link').click();
  const id = Number(page.url().split('/').pop());
  // The resident sees their own alarm, not the desk.
  await expect(page.getByTestId('alarm-level')).toHaveText('本网格');
  const nodes: { id: number; name: string }[] = await (await page.request.get('/api/v1/nodes?tree=territory')).json();
  const community = nodes.find((n) => n.name === '梅林都汇社区')!.id;
  expect((await page.request.get(`/api/v1/dispatch/${community}`)).status()).toBe(403);

  await signIn(desk, DISPATCHER, `/alarm/${id}`);
  const level = desk.getByTestId('alarm-level');
  await expect(level).toHaveText('全社区值班志愿者', { timeout: 30_000 });
  await expect(level).toHaveText('巡逻队队长', { timeout: 30_000 });
  await expect(level).toHaveText('外部力量', { timeout: 30_000 });
  await expect(desk.getByRole('link', { name: '027-84640110' })).toBeVisible();
  await screenshot(desk, testInfo, 'escalated');
  await shot('own-alarm');
});

