// The patrol rota and log (issue 16) end to end: the demo patrol volunteer 郭强
// (13800000015) opens the coverage board on his phone, signs up for a short evening round
// of 网格一 and sees it filled; the demo dispatcher 梅林调度台 (13800000016) sees it
// filled with his name. Then 郭强 writes a log entry on the phone and the dispatcher's
// desk shows it in today's patrol log.

import { test, expect, screenshot } from './fixtures';
import { request as apiRequest, type APIRequestContext } from '@playwright/test';
import { PASSWORD, personPage, signIn } from './people';

const DISPATCHER = '13800000016';
const PATROL = '13800000015';

async function api(phone: string): Promise<APIRequestContext> {
  const ctx = await apiRequest.newContext({ baseURL: process.env.LINLI_BASE_URL });
  const r = await ctx.post('/api/v1/auth/login', { data: { phone, password: PASSWORD } });
  expect(r.status(), await r.text()).toBe(200);
  return ctx;
}

type Cell = { day: number; kind: string; shift_id: number | null; coverage: string; people: string[] };

/** The community's id and the evening round of 网格一 `day` days ahead, with 郭强 off it. */
async function shortEvening(day: number): Promise<{ community: number; cell: Cell }> {
  const desk = await api(DISPATCHER);
  const nodes: { id: number; name: string }[] = await (await desk.get('/api/v1/nodes?tree=territory')).json();
  const community = nodes.find((n) => n.name === '梅林都汇社区')!.id;
  const rota = await (await desk.get(`/api/v1/communities/${community}/rota`)).json();
  const grid = rota.grids.find((g: { grid_name: string }) => g.grid_name === '网格一');
  const cell: Cell = grid.cells.find((c: Cell) => c.day === rota.days[day] && c.kind === 'evening');
  const patrol = await api(PATROL);
  const me = await (await patrol.get('/api/v1/me')).json();
  // A run before this one may have left him on it.
  await patrol.delete(`/api/v1/shifts/${cell.shift_id}/signups/${me.id}`);
  await desk.dispose();
  await patrol.dispose();
  return { community, cell };
}

test('a patrol volunteer signs up for a short shift and the dispatcher sees it filled; a log entry reaches the desk', async ({ page, browser, shot }, testInfo) => {
  test.setTimeout(120_000);
  // The phone and desktop runs share the server: each takes its own evening.
  const day = testInfo.project.name.includes('phone') ? 1 : 2;
  const { community, cell } = await shortEvening(day);

  await signIn(page, PATROL, '/alarm/rota');
  await expect(page.getByRole('heading', { name: '巡逻排班', level: 1 })).toBeVisible();
  const button = page.locator(`section[data-grid="网格一"] button.rota-cell[data-day="${cell.day}"][data-kind="evening"]`);
  await expect(button).toHaveAttribute('data-coverage', 'short');
  await expect(button).toContainText('缺人');
  await shot('rota');
  await button.click();
  const panel = page.getByTestId('rota-panel');
  await expect(panel).toBeVisible();
  await shot('rota-cell');
  await panel.getByRole('button', { name: '报名' }).click();
  await expect(button).toHaveAttribute('data-coverage', 'filled');
  await expect(button).toContainText('已满');
  await expect(button).toContainText('郭强');
  await expect(page.getByTestId('rota-panel').getByRole('button', { name: '退出' })).toBeVisible();
  await shot('rota-signed-up');
  // No horizontal page overflow on the phone: the table scrolls in its own wrapper.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  const desk = await personPage(browser, testInfo);
  await signIn(desk, DISPATCHER, '/alarm/rota');
  const deskCell = desk.locator(`section[data-grid="网格一"] button.rota-cell[data-day="${cell.day}"][data-kind="evening"]`);
  await expect(deskCell).toHaveAttribute('data-coverage', 'filled');
  await expect(deskCell).toContainText('郭强');
  await screenshot(desk, testInfo, 'rota-dispatcher');

  // A log entry written on the phone shows on the desk.
  const words = `楼道堆放杂物挡住消防通道 ${testInfo.project.name}-${Date.now() % 10000}`;
  await page.goto('/alarm/log');
  await expect(page.getByRole('heading', { name: '巡逻日志', level: 1 })).toBeVisible();
  await page.getByLabel('所在网格').selectOption({ label: '网格一' });
  await page.getByLabel('类型').selectOption({ label: '火情' });
  await page.getByLabel('简要说明').fill(words);
  await shot('log');
  await page.getByRole('button', { name: '记录', exact: true }).click();
  await expect(page.getByTestId('log-saved')).toContainText(words);
  await shot('log-saved');

  await desk.goto(`/dispatch/${community}`);
  const log = desk.getByTestId('desk-log');
  await expect(log).toContainText(words);
  await expect(log).toContainText('火情 · 网格一');
  await screenshot(desk, testInfo, 'desk-log');
});
