// The project board (issue 5) end to end: a resident signs up on a phone, the team
// leader checks them in and out by card number at the session, corrects the hours with a
// reason and submits them, a reviewer approves them, and the resident's balance, history
// and record show the points; a waitlist promotion with its notification; and the
// service-record certificate's public check, opened signed out.
//
// Each test makes its own residents (fresh registrations) and its own project, created
// by the demo team leader 李红梅 (13800000002) and approved by the demo reviewer 王志强
// (13800000003), so phone and desktop runs never share a session.

import { test, expect, gotoApp, uniquePhone } from './fixtures';
import { request as apiRequest, type APIRequestContext, type Page } from '@playwright/test';

const PASSWORD = 'linli2026';
const LEADER = '13800000002';
const REVIEWER = '13800000003';
const MIN = 60;

type Person = { api: APIRequestContext; phone: string; name: string; id: number; card: string };

async function signedIn(phone: string): Promise<APIRequestContext> {
  const api = await apiRequest.newContext({ baseURL: process.env.LINLI_BASE_URL });
  const r = await api.post('/api/v1/auth/login', { data: { phone, password: PASSWORD } });
  expect(r.ok(), await r.text()).toBeTruthy();
  return api;
}

/** A fresh resident, registered and signed in through the API, with their card number. */
async function resident(label: string): Promise<Person> {
  const phone = uniquePhone();
  const name = `${label}${phone.slice(-4)}`;
  const api = await apiRequest.newContext({ baseURL: process.env.LINLI_BASE_URL });
  const r = await api.post('/api/v1/auth/register', { data: { name, phone, password: PASSWORD } });
  expect(r.status(), await r.text()).toBe(201);
  const login = await api.post('/api/v1/auth/login', { data: { phone, password: PASSWORD } });
  expect(login.ok()).toBeTruthy();
  const me = await (await api.get('/api/v1/me')).json();
  const card = await api.get('/api/v1/me/card');
  expect(card.ok(), await card.text()).toBeTruthy();
  return { api, phone, name, id: me.id, card: (await card.json()).number };
}

/** A published patrol project of the leader's team with one session; its session id. */
async function publishedProject(
  title: string,
  startsIn: number,
  capacity: number,
): Promise<{ project: number; session: number; startsAt: number }> {
  const leader = await signedIn(LEADER);
  const me = await (await leader.get('/api/v1/me')).json();
  const team = me.roles.find((g: { role: string }) => g.role === 'team_leader').node_id;
  const now = Math.floor(Date.now() / 1000);
  const created = await leader.post('/api/v1/projects', {
    data: {
      team_id: team,
      title,
      category: 'environment',
      description: '浏览器测试建的项目',
      place: '梅林都汇社区活动室',
      activity: 'patrol',
      sessions: [{ starts_at: now + startsIn, ends_at: now + startsIn + 120 * MIN, capacity }],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const p = await created.json();
  expect((await leader.post(`/api/v1/projects/${p.id}/submit`)).ok()).toBeTruthy();
  const reviewer = await signedIn(REVIEWER);
  const approved = await reviewer.post(`/api/v1/projects/${p.id}/approve`);
  expect(approved.ok(), await approved.text()).toBeTruthy();
  return { project: p.id, session: p.sessions[0].id, startsAt: p.sessions[0].starts_at };
}

/** The Monday (as a day number) of the Beijing week holding Unix time `t`. */
function beijingWeek(t: number): number {
  const days = Math.floor((t + 8 * 3600) / 86400);
  return days - ((days + 3) % 7);
}

/** The Beijing month (0–11) holding Unix time `t`. */
function beijingMonth(t: number): number {
  return new Date((t + 8 * 3600) * 1000).getUTCMonth();
}

async function signIn(page: Page, phone: string, next: string): Promise<void> {
  await gotoApp(page, `/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[/?]/g, '\\$&')}$`));
}

async function signOut(page: Page): Promise<void> {
  expect((await page.request.post('/api/v1/auth/logout')).ok()).toBeTruthy();
}

test('a resident signs up, is checked in and out by card, and the approved hours earn points', async ({ page, shot }, testInfo) => {
  test.setTimeout(90_000);
  const title = `清洁家园测试${testInfo.project.name}${Date.now() % 100000}`;
  const { session, startsAt } = await publishedProject(title, 90 * MIN, 5);
  const vol = await resident('志愿者');

  // The resident finds the project on the board and signs up.
  await signIn(page, vol.phone, '/projects');
  const card = page.locator('.project-card', { hasText: title });
  await expect(card).toBeVisible();
  await shot('board');
  // The same board as week and month calendars: the session sits on its day.
  await page.getByRole('button', { name: '周', exact: true }).click();
  if (beijingWeek(startsAt) !== beijingWeek(Date.now() / 1000)) await page.getByRole('button', { name: /下一页/ }).click();
  await expect(page.locator('.cal-item', { hasText: title })).toBeVisible();
  await shot('calendar-week');
  await page.getByRole('button', { name: '月', exact: true }).click();
  if (beijingMonth(startsAt) !== beijingMonth(Date.now() / 1000)) await page.getByRole('button', { name: /下一页/ }).click();
  await expect(page.locator('.cal-item', { hasText: title })).toBeVisible();
  await shot('calendar-month');
  await page.getByRole('button', { name: '列表', exact: true }).click();
  await card.getByRole('link').click();
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  const row = page.locator(`[data-session="${session}"]`);
  await row.getByRole('button', { name: '报名', exact: true }).click();
  await expect(row.getByTestId('my-status')).toHaveText('已报名');
  await shot('signed-up');
  await page.getByRole('link', { name: '我的报名' }).first().click();
  const mine = page.locator(`.signup-card[data-session="${session}"]`);
  await expect(mine.getByTestId('signup-status')).toContainText('已报名');
  await expect(mine.getByRole('link', { name: /加入日历/ })).toHaveAttribute('href', `/api/v1/sessions/${session}/calendar.ics`);
  await shot('my-signups');

  // The leader checks them in, then out, by card number typed into the scanner field.
  await signOut(page);
  await signIn(page, LEADER, '/projects/manage');
  await expect(page.getByRole('heading', { name: '发布新项目' })).toBeVisible();
  await expect(page.locator('.row', { hasText: title })).toBeVisible();
  await shot('manage');
  await gotoApp(page, `/sessions/${session}/roster`);
  await expect(page.getByRole('heading', { name: '签到名单' })).toBeVisible();
  const person = page.locator('[data-testid="roster-row"]', { hasText: vol.name });
  await expect(person.getByTestId('attendance')).toHaveText('未到');
  const scan = page.getByLabel('积分卡（扫码或输入卡号）');
  await scan.fill(vol.card);
  await scan.press('Enter');
  await expect(person.getByTestId('attendance')).toContainText('已签到');
  await page.locator('.scanner').getByRole('button', { name: '签退', exact: true }).first().click();
  await scan.fill(vol.card);
  await scan.press('Enter');
  await expect(person.getByTestId('attendance')).toContainText('已签退');
  // Checked out at once: zero hours, flagged, and not sent for review until corrected.
  await expect(person.getByTestId('zero-hours')).toHaveText('时长为 0，请修改后再提交');
  await page.getByRole('button', { name: /提交服务时长/ }).click();
  await expect(page.getByText('有记录的服务时长为 0，不能提交或通过：请先修改时长并写明原因')).toBeVisible();
  await shot('roster-zero-hours');
  await person.getByRole('button', { name: '修改时长' }).click();
  await person.getByLabel('时长（小时）').fill('2');
  await person.getByLabel('原因').fill('补录：实际服务两小时');
  await person.getByRole('button', { name: '保存' }).click();
  await expect(person.getByTestId('hours')).toContainText('2');
  await expect(person.getByTestId('hours')).toContainText('补录：实际服务两小时');
  await expect(person.getByTestId('zero-hours')).toHaveCount(0);
  await shot('roster');
  await page.getByRole('button', { name: /提交服务时长/ }).click();
  await expect(page.getByText('服务时长已提交审核。')).toBeVisible();
  await expect(person.locator('[data-status="pending"]')).toBeVisible();

  // The reviewer approves the record.
  await signOut(page);
  await signIn(page, REVIEWER, '/review');
  const rec = page.locator('.hours-review li', { hasText: vol.name });
  await expect(rec).toBeVisible();
  await rec.getByRole('checkbox').check();
  await shot('review');
  await page.getByRole('button', { name: '通过所选' }).click();
  await expect(page.getByText('已处理记录： 1')).toBeVisible();
  await expect(page.locator('.hours-review li', { hasText: vol.name })).toHaveCount(0);

  // The volunteer's balance and history show the 20 points (patrol: 10 an hour).
  await signOut(page);
  await signIn(page, vol.phone, '/points');
  await expect(page.getByTestId('balance').locator('.balance-number')).toHaveText('20');
  const top = page.locator('.history-row').first();
  await expect(top).toHaveAttribute('data-kind', 'earn');
  await expect(top.locator('.amount')).toHaveText('+20');
  await expect(top.locator('.history-reason')).toHaveText(title);
  await gotoApp(page, '/projects/record');
  await expect(page.getByTestId('approved-hours')).toHaveText('2');
  await expect(page.getByTestId('points-earned')).toHaveText('20');
  await page.getByRole('button', { name: '开具证明' }).click();
  await expect(page.locator('.certificate')).toBeVisible();
  await expect(page.getByTestId('cert-hours')).toHaveText('2');
  await expect(page.locator('.certificate svg.qr')).toHaveAttribute('data-qr', /\/certificates\/[A-Z0-9]{12}$/);
  await shot('record-certificate');
});

test('scanning before the check-in window says when it opens, as a date in words', async ({ page, shot }, testInfo) => {
  const title = `早到测试${testInfo.project.name}${Date.now() % 100000}`;
  const { session } = await publishedProject(title, 26 * 60 * MIN, 5);
  const vol = await resident('早到');
  const signup = await vol.api.post(`/api/v1/sessions/${session}/signup`, { data: {} });
  expect(signup.status(), await signup.text()).toBe(201);
  await signIn(page, LEADER, '/projects/manage');
  await gotoApp(page, `/sessions/${session}/roster`);
  await expect(page.getByRole('heading', { name: '签到名单' })).toBeVisible();
  const scan = page.getByLabel('积分卡（扫码或输入卡号）');
  await scan.fill(vol.card);
  await scan.press('Enter');
  // "签到从 12月4日 21:40 开始": the moment in words, never Unix seconds or a range.
  const alert = page.getByRole('alert').filter({ hasText: '签到从' });
  await expect(alert).toHaveText(/^签到从 \d{1,2}月\d{1,2}日 \d{2}:\d{2} 开始$/);
  await shot('check-in-too-early');
});

test('a full session keeps a waitlist, and a cancellation promotes the first waiting', async ({ page, shot }, testInfo) => {
  const title = `广场舞培训候补${testInfo.project.name}${Date.now() % 100000}`;
  const { project, session } = await publishedProject(title, 24 * 3600, 1);
  const first = await resident('先报名');
  const second = await resident('候补者');
  expect((await first.api.post(`/api/v1/sessions/${session}/signup`)).status()).toBe(201);

  await signIn(page, second.phone, `/projects/${project}`);
  const row = page.locator(`[data-session="${session}"]`);
  await expect(row).toContainText('已满');
  await row.getByRole('button', { name: '加入候补' }).click();
  await expect(row.getByTestId('my-status')).toHaveText('候补第 1');
  await shot('waitlisted');

  // The first person cancels, asked first on the page; the second is promoted and told.
  await signOut(page);
  await signIn(page, first.phone, `/projects/${project}`);
  await expect(row.getByTestId('my-status')).toHaveText('已报名');
  await row.getByRole('button', { name: '取消报名' }).click();
  await expect(row.getByText('确定取消这一场的报名吗？名额会让给候补的人。')).toBeVisible();
  await shot('cancel-confirm');
  await row.getByRole('button', { name: '保留报名' }).click();
  await expect(row.getByTestId('my-status')).toHaveText('已报名');
  await row.getByRole('button', { name: '取消报名' }).click();
  await row.getByRole('button', { name: '确定取消' }).click();
  await expect(row.getByTestId('my-status')).toHaveCount(0);
  // The place went to the one waiting: the session is full again.
  await expect(row.getByRole('button', { name: '加入候补' })).toBeVisible();
  await signOut(page);
  await signIn(page, second.phone, '/projects/mine');
  const mine = page.locator(`.signup-card[data-session="${session}"]`);
  await expect(mine.getByTestId('signup-status')).toHaveText('已报名');
  await expect(page.locator('.note', { hasText: title })).toContainText('已转为正式名额');
  await shot('promoted');
});

test('anyone can check a certificate by its QR link without signing in', async ({ page, shot }) => {
  // No certificate of no service: a newcomer is told why.
  const newcomer = await resident('证明');
  const none = await newcomer.api.post('/api/v1/me/certificates');
  expect(none.status()).toBe(409);
  expect((await none.json()).error.message).toBe('还没有审核通过的服务时长，暂不能开具证明');
  await signIn(page, newcomer.phone, '/projects/record');
  await expect(page.getByText('有了审核通过的服务时长后即可开具证明。')).toBeVisible();
  await expect(page.getByRole('button', { name: '开具证明' })).toBeDisabled();
  await shot('record-nothing-to-certify');
  await signOut(page);
  // 陈伟 of the demo community has approved patrol hours.
  const api = await signedIn('13800000007');
  const vol = { name: (await (await api.get('/api/v1/me')).json()).name as string };
  const issued = await api.post('/api/v1/me/certificates');
  expect(issued.status(), await issued.text()).toBe(201);
  const cert = await issued.json();

  await gotoApp(page, cert.verify_path);
  await expect(page.getByRole('heading', { name: '志愿服务记录证明查验' })).toBeVisible();
  await expect(page.getByTestId('verify-status')).toHaveText('查验通过：平台签名有效，内容未被改动。');
  await expect(page.getByTestId('cert-code')).toHaveText(cert.code);
  await expect(page.getByTestId('cert-signature')).toHaveText(cert.signature);
  await expect(page.getByTestId('cert-public-key')).toHaveText(cert.public_key);
  await expect(page.locator('.certificate')).toContainText(vol.name);
  await shot('verify');

  await gotoApp(page, '/certificates/AAAAAAAAAAAA');
  await expect(page.getByRole('alert')).toBeVisible();
});

test('a leader drafts a weekly project in the form and submits it; a reviewer publishes it', async ({ page, shot }, testInfo) => {
  const title = `健康讲座表单${testInfo.project.name}${Date.now() % 100000}`;
  const local = (t: number) => new Date((t + 8 * 3600) * 1000).toISOString().slice(0, 16);
  const start = Math.floor(Date.now() / 1000) + 2 * 86400;
  await signIn(page, LEADER, '/projects/manage');
  // An empty form names each missing field in words at the field: no title / starts_at.
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page.locator('#pj-title-error')).toHaveText('请填写项目名称');
  const form = page.locator('form', { has: page.locator('#pj-title') });
  await expect(form.locator('.field-error').first()).toBeVisible();
  for (const text of await form.locator('.field-error, .form-error').allTextContents()) {
    expect(text).not.toMatch(/[a-z]/);
  }
  await shot('form-empty');
  await page.getByLabel('项目名称').fill(title);
  await page.getByLabel('分类').selectOption('health');
  await page.getByLabel('积分规则（服务类型）').selectOption('clinic');
  await page.getByLabel('地点', { exact: true }).fill('社区卫生服务站');
  await page.getByLabel('开始时间').fill(local(start));
  await page.getByLabel('结束时间').fill(local(start + 2 * 3600));
  await page.getByLabel('名额').fill('6');
  await page.getByText('周一', { exact: true }).click();
  await page.getByText('周四', { exact: true }).click();
  await page.getByLabel('重复至').fill(local(start + 14 * 86400).slice(0, 10));
  await shot('form');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await expect(page.locator('.session-row').nth(2)).toBeVisible();
  const detail = new URL(page.url()).pathname;
  await page.getByRole('button', { name: '提交审核' }).click();
  await expect(page.locator('[data-status="submitted"]')).toBeVisible();

  // The reviewer sends it back with a reason; the leader sees the status and the reason,
  // on the project and in the list of their projects, and submits it again.
  await signOut(page);
  await signIn(page, REVIEWER, detail);
  await page.getByRole('button', { name: '退回' }).click();
  await page.getByLabel('驳回原因').fill('请写明集合地点');
  await page.locator('.manage-actions form').getByRole('button', { name: '退回' }).click();
  await expect(page.locator('[data-status="rejected"]')).toBeVisible();
  await signOut(page);
  await signIn(page, LEADER, '/projects/manage');
  await expect(page.locator('.row', { hasText: title }).locator('[data-status="rejected"]')).toBeVisible();
  await gotoApp(page, detail);
  await expect(page.getByText('驳回原因：请写明集合地点')).toBeVisible();
  await shot('rejected-with-reason');
  await page.getByRole('button', { name: '提交审核' }).click();
  await expect(page.locator('[data-status="submitted"]')).toBeVisible();

  await signOut(page);
  await signIn(page, REVIEWER, '/review');
  const row = page.locator('.review-project', { hasText: title });
  await row.getByRole('button', { name: '通过' }).click();
  await expect(row).toHaveCount(0);
  await gotoApp(page, '/projects');
  await expect(page.locator('.project-card', { hasText: title })).toBeVisible();
});
