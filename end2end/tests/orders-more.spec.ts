// Service orders (issue 14), the other actions in the browser: a reviewer refuses with a
// reason, a resident cancels and adds a photo, a leader hands an order back with a
// reason, the team replies to a rating and a reviewer hides abusive words, a second
// take of a pool order is answered kindly, the bell keeps counting by polling when the
// live stream is blocked, and the leader's catalogue, the team page and the reviewers'
// assessment table. Steps that are not under test are done through the API.

import { test, expect, gotoApp, uniquePhone } from './fixtures';
import { type Browser, type Page, type TestInfo } from '@playwright/test';
import { LEADER, REVIEWER, SERVICE, bellCount, freshResident, personPage, signIn, unread } from './order-people';

/** The demo reviewer and leader on their own pages, and a fresh resident on `page`. */
async function everyone(page: Page, browser: Browser, testInfo: TestInfo): Promise<{ reviewer: Page; leader: Page }> {
  const reviewer = await personPage(browser, testInfo);
  const leader = await personPage(browser, testInfo);
  await signIn(reviewer, REVIEWER, '/services/review');
  await signIn(leader, LEADER, '/services/pool');
  await signIn(page, await freshResident(), '/services/orders');
  return { reviewer, leader };
}

type Svc = { id: number; team_id: number; serves_id: number };

async function service(page: Page): Promise<Svc> {
  const r = await page.request.get(`/api/v1/services?q=${encodeURIComponent(SERVICE)}`);
  expect(r.ok()).toBeTruthy();
  return (await r.json())[0];
}

/** A new order by the signed-in person of `page`, through the API; its id. */
async function place(page: Page, need: string): Promise<number> {
  const s = await service(page);
  const r = await page.request.post('/api/v1/orders', {
    data: {
      service_id: s.id, need, territory_id: s.serves_id, address: '梅林都汇小区 1 栋 101',
      preferred_time: '周日下午', phone: '13912340000',
    },
  });
  expect(r.status(), await r.text()).toBe(201);
  return (await r.json()).id;
}

async function act(page: Page, id: number, verb: string, data: object = {}): Promise<void> {
  const r = await page.request.post(`/api/v1/orders/${id}/${verb}`, { data });
  expect(r.status(), await r.text()).toBe(200);
}



/** An 8×8 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGM4oaGBFTEMLQkAgl1GAWqNFmsAAAAASUVORK5CYII=',
  'base64',
);

test('a reviewer refuses with a reason, a resident cancels and adds a photo, a leader hands one back', async ({ page, browser, shot }, testInfo) => {
  test.setTimeout(120_000);
  const { reviewer, leader } = await everyone(page, browser, testInfo);
  const refused = await place(page, '帮我办理护照');
  const cancelled = await place(page, '帮我取快递');
  const handed = await place(page, '帮我代缴燃气费');

  // The reviewer refuses one with a reason from the list and words.
  await reviewer.goto(`/services/orders/${refused}`);
  await reviewer.getByLabel('驳回原因').selectOption('out_of_scope');
  await reviewer.getByLabel('说明（驳回、退回或完成报告）').fill('护照请到出入境窗口办理');
  await reviewer.getByRole('button', { name: '驳回', exact: true }).click();
  await expect(reviewer.locator('.sv-order-detail .sv-state')).toHaveText('已驳回');
  await page.goto(`/services/orders/${refused}`);
  const facts = page.locator('.sv-order-detail');
  await expect(facts.locator('.sv-state')).toHaveText('已驳回');
  await expect(facts).toContainText('不在服务范围内');
  await expect(facts).toContainText('护照请到出入境窗口办理');
  await expect(page.locator('.sv-timeline')).toContainText('护照请到出入境窗口办理');
  await shot('refused');

  // The resident adds a photo to an open order, then withdraws it.
  await page.goto(`/services/orders/${cancelled}`);
  await page.getByLabel('添加照片（可选）').setInputFiles({ name: 'parcel.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.locator('.sv-photos img')).toHaveCount(1);
  await page.getByRole('button', { name: '撤销点单' }).click();
  await expect(page.locator('.sv-order-detail .sv-state')).toHaveText('已取消');
  await expect(page.getByRole('button', { name: '撤销点单' })).toHaveCount(0);
  await expect(page.getByLabel('添加照片（可选）')).toHaveCount(0);
  await expect(page.locator('.sv-photos img')).toHaveCount(1);
  await shot('cancelled');

  // The leader takes one and hands it back with a reason: it is in the pool again.
  const s = await service(leader);
  await act(reviewer, handed, 'approve', { team_id: s.team_id });
  await act(leader, handed, 'take');
  await leader.goto(`/services/orders/${handed}`);
  await leader.getByLabel('说明（驳回、退回或完成报告）').fill('本周队员都在外地');
  await leader.getByRole('button', { name: '退回' }).click();
  await expect(leader.locator('.sv-order-detail .sv-state')).toHaveText('待抢单');
  await expect(leader.locator('.sv-timeline')).toContainText('本周队员都在外地');
  await page.goto(`/services/orders/${handed}`);
  await expect(page.locator('.sv-order-detail .sv-state')).toHaveText('待抢单');
  await shot('handed-back');
  await reviewer.context().close();
  await leader.context().close();
});

test('the team replies to a rating and a reviewer hides abusive words', async ({ page, browser, shot }, testInfo) => {
  test.setTimeout(120_000);
  const { reviewer, leader } = await everyone(page, browser, testInfo);
  const id = await place(page, '帮我代缴电话费');
  const s = await service(leader);
  await act(reviewer, id, 'approve', { team_id: s.team_id });
  await act(leader, id, 'take');
  await act(leader, id, 'complete', { report: '已代缴' });
  const rated = await page.request.post(`/api/v1/orders/${id}/rating`, {
    data: { stars: 1, comment: '你们都是骗子，滚' },
  });
  expect(rated.status()).toBe(201);
  const before = await unread(page);
  await gotoApp(page, `/services/orders/${id}`);

  await leader.goto(`/services/orders/${id}`);
  await expect(leader.locator('.sv-comment')).toHaveText('你们都是骗子，滚');
  await leader.getByLabel('回复评价').fill('很抱歉让您不满意，我们会改进');
  await leader.getByRole('button', { name: '回复', exact: true }).click();
  await expect(leader.locator('.sv-reply')).toContainText('很抱歉让您不满意，我们会改进');

  await reviewer.goto(`/services/orders/${id}`);
  await reviewer.getByLabel('隐藏原因').fill('辱骂性语言');
  await reviewer.getByRole('button', { name: '隐藏不当内容' }).click();
  await expect(reviewer.locator('.sv-hidden')).toBeVisible();
  await expect(reviewer.locator('.sv-comment')).toHaveCount(0);

  // The resident hears of the reply without a reload and sees both.
  await expect.poll(() => bellCount(page), { timeout: 15_000 }).toBeGreaterThan(before);
  await page.reload();
  await expect(page.locator('.sv-rate .sv-hidden')).toHaveText('该评价内容因不当已被隐藏');
  await expect(page.locator('.sv-rate .sv-reply')).toContainText('很抱歉让您不满意，我们会改进');
  await shot('reply-and-hidden');
  await reviewer.context().close();
  await leader.context().close();
});

test('a pool order another page took first is answered kindly', async ({ page, browser, shot }, testInfo) => {
  const reviewer = await personPage(browser, testInfo);
  await signIn(reviewer, REVIEWER, '/services/review');
  const resident = await personPage(browser, testInfo);
  await signIn(resident, await freshResident(), '/services/orders');
  const id = await place(resident, '帮我代办医保卡');
  await act(reviewer, id, 'approve');
  await signIn(page, LEADER, '/services/pool');
  const row = page.locator(`li[data-order="${id}"]`);
  await expect(row).toBeVisible();
  // Someone else (here: the same leader from another device) takes it first.
  await act(page, id, 'take');
  await row.locator('xpath=following-sibling::li[1]').getByRole('button', { name: '接单' }).click();
  await expect(page.locator('.form-error')).toHaveText('这单已经被其他服务队接走了，谢谢你的热心！');
  await expect(page.locator(`li[data-order="${id}"]`)).toHaveCount(0);
  await shot('taken-first');
  await reviewer.context().close();
  await resident.context().close();
});

test('the bell keeps counting by polling when the live stream is blocked; reviewers hear of new orders', async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  await page.route('**/api/v1/notifications/stream*', (r) => r.abort());
  await signIn(page, REVIEWER, '/services/review');
  const before = await bellCount(page);
  const resident = await personPage(browser, testInfo);
  await signIn(resident, await freshResident(), '/services/orders');
  await place(resident, '帮我代缴有线电视费');
  // No stream: the 30 s poll brings it.
  await expect.poll(() => bellCount(page), { timeout: 45_000 }).toBeGreaterThan(before);
  await page.getByTestId('bell').click();
  await expect(page.locator('.bell-panel')).toContainText('等待你审核');
  await expect(page.locator('.bell-panel')).toContainText(/今天 \d\d:\d\d/);
  await resident.context().close();
});

test('a leader manages the catalogue; the team page and the assessment table show scores', async ({ page, browser, shot }, testInfo) => {
  await signIn(page, LEADER, '/services/manage');
  const title = `上门理发${uniquePhone().slice(-4)}`;
  await page.getByLabel('服务名称').fill(title);
  await page.getByLabel('分类').selectOption('other');
  await page.getByLabel('请提前准备').fill('一把椅子');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  const row = page.locator('li.sv-managed', { hasText: title });
  await expect(row).toBeVisible();
  await shot('manage');
  await row.getByRole('button', { name: '停用' }).click();
  await expect(row).toContainText('已停用');
  await gotoApp(page, `/services`);
  await page.getByLabel('搜索服务').fill(title);
  await page.getByLabel('搜索服务').press('Enter');
  await expect(page.getByText('没有符合条件的服务。')).toBeVisible();

  await page.getByLabel('搜索服务').fill(SERVICE);
  await page.getByLabel('搜索服务').press('Enter');
  await expect(page.locator('.sv-card')).toHaveCount(1);
  await page.getByRole('link', { name: SERVICE }).click();
  await expect(page).toHaveURL(/\/services\/\d+$/);
  await page.locator('.sv-detail .sv-facts a').click();
  await expect(page).toHaveURL(/\/services\/teams\/\d+$/);
  await expect(page.getByTestId('score-rating')).toContainText('★');
  await shot('team');

  const reviewer = await personPage(browser, testInfo);
  await signIn(reviewer, REVIEWER, '/services/assessment');
  await expect(reviewer.locator('table.sv-assess tbody tr').first()).toBeVisible();
  await reviewer.getByRole('button', { name: '社区' }).click();
  await expect(reviewer.locator('table.sv-assess th[scope="col"]').nth(1)).toHaveText('社区');
  await expect(reviewer.locator('table.sv-assess tbody tr').first()).toBeVisible();
  await reviewer.context().close();
});
