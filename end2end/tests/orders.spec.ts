// Service orders (issue 14) end to end, each person in their own browser context: a
// fresh resident orders 红色帮办代办 on the phone (or desktop), the demo reviewer 王志强
// (13800000003) approves it to the service's team, the demo leader 李红梅 (13800000002)
// takes it and completes it with a report, and the resident rates it — with a comment
// that is markup and must show as text. The reviewer's, the leader's and the resident's
// bells count up without a reload.
// A second test: the leader orders for an elderly neighbour without a phone.

import { test, expect } from './fixtures';
import { LEADER, REVIEWER, SERVICE, bellCount, freshResident, orderId, personPage, signIn, unread } from './order-people';

const MARKUP = '<img src=x onerror=alert(1)>';

test('a resident orders, the reviewer assigns the team, the leader takes and completes it, the resident rates it', async ({ page, browser, shot }, testInfo) => {
  test.setTimeout(120_000);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const resident = await freshResident();
  const reviewer = await personPage(browser, testInfo);
  const leader = await personPage(browser, testInfo);
  await signIn(reviewer, REVIEWER, '/services/review');
  await signIn(leader, LEADER, '/services/pool');
  const leaderBefore = await unread(leader);
  const reviewerBefore = await unread(reviewer);

  // The resident finds the service in the public catalogue and orders it.
  await signIn(page, resident, '/services');
  await page.getByLabel('搜索服务').fill('帮办');
  await page.getByLabel('搜索服务').press('Enter');
  await page.getByRole('link', { name: SERVICE }).first().click();
  await expect(page.getByRole('heading', { name: SERVICE })).toBeVisible();
  await shot('service');
  await page.getByRole('link', { name: '我要点单' }).click();
  await page.getByLabel('需要什么帮助').fill('帮我代缴这个月的水电费');
  await page.getByLabel('详细地址').fill('梅林都汇小区 3 栋 201');
  await page.getByLabel('方便的时间').fill('周六上午');
  await shot('order-form');
  await page.getByRole('button', { name: '提交点单' }).click();
  const id = await orderId(page);
  await expect(page.locator('.sv-order-detail .sv-state')).toHaveText('待审核');
  await shot('order-submitted');

  // The reviewer's bell counts the new order without a reload; the queue shows it with
  // how long it has waited.
  await expect.poll(() => bellCount(reviewer), { timeout: 15_000 }).toBeGreaterThan(reviewerBefore);
  await reviewer.reload();
  const row = reviewer.locator(`li[data-order="${id}"]`);
  await expect(row.locator('.sv-waited')).toContainText('已等待');
  await row.getByRole('link', { name: SERVICE }).click();
  await reviewer.locator('[data-action="assign"]').click();
  await expect(reviewer.locator('.sv-order-detail .sv-state')).toHaveText('已派单');

  // The leader's bell counts the assignment; they take it from the pool and finish it.
  await expect.poll(() => bellCount(leader), { timeout: 15_000 }).toBeGreaterThan(leaderBefore);
  const residentBefore = await unread(page);
  await leader.reload();
  const pooled = leader.locator(`li[data-order="${id}"]`);
  await expect(pooled).toBeVisible();
  await pooled.locator('xpath=following-sibling::li[1]').getByRole('button', { name: '接单' }).click();
  await leader.getByRole('link', { name: '已接单，查看' }).first().click();
  await expect(leader).toHaveURL(new RegExp(`/services/orders/${id}$`));
  await expect(leader.locator('.sv-order-detail .sv-state')).toHaveText('已接单');
  await leader.getByLabel('说明（驳回、退回或完成报告）').fill('已代缴水电费，收据交给本人');
  await leader.getByRole('button', { name: '完成服务' }).click();
  await expect(leader.locator('.sv-order-detail .sv-state')).toHaveText('已完成');

  // The resident's bell counted every step without a reload; the list leads to the order.
  await expect.poll(() => bellCount(page), { timeout: 15_000 }).toBeGreaterThan(residentBefore);
  await page.locator('.sv-links').getByRole('link', { name: '我的点单' }).click();
  await expect(page.locator(`li[data-order="${id}"] .sv-state`)).toHaveText('已完成');
  await page.getByTestId('bell').click();
  await expect(page.locator('.bell-panel')).toContainText('已完成');
  await shot('bell');
  await page.locator('.bell-panel').getByRole('link').first().click();
  await expect(page.locator('.sv-order-detail .sv-state')).toHaveText('已完成');
  await expect(page.locator('.sv-timeline')).toContainText('已完成');

  // The rating: four stars and a comment that is markup, shown as the text typed.
  await page.getByRole('radio', { name: '4/5' }).click();
  await page.getByLabel('评价内容（可不填）').fill(MARKUP);
  await page.getByRole('button', { name: '提交评价' }).click();
  const rating = page.locator('.sv-rate .sv-rating');
  await expect(rating.locator('.sv-comment')).toHaveText(MARKUP);
  await expect(rating.locator('.sv-stars')).toHaveText('★★★★☆');
  await expect(page.locator('.sv-rate img')).toHaveCount(0);
  await shot('rated');
  expect(dialogs).toEqual([]);

  // The same page in English: no raw codes.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('.sv-order-detail .sv-state')).toHaveText('Done');
  await shot('rated-en');
  await reviewer.context().close();
  await leader.context().close();
});

test('a team leader orders for an elderly neighbour without a phone', async ({ page, shot }) => {
  await signIn(page, LEADER, '/services');
  await page.getByRole('link', { name: SERVICE }).first().click();
  await page.getByRole('link', { name: '我要点单' }).click();
  await page.getByLabel('替他人点单（如没有手机的老人）').check();
  await page.getByLabel('为谁点单（姓名）').fill('张桂芳');
  await page.getByLabel('需要什么帮助').fill('帮老人代购降压药');
  await page.getByLabel('详细地址').fill('梅林都汇小区 5 栋 102');
  await page.getByLabel('联系电话').fill('13900001111');
  await shot('proxy-form');
  await page.getByRole('button', { name: '提交点单' }).click();
  await orderId(page);
  const facts = page.locator('.sv-order-detail');
  await expect(facts).toContainText('张桂芳');
  await expect(facts).toContainText('代下单：');
  await expect(facts).toContainText('李红梅');
  await expect(facts.locator('.sv-state')).toHaveText('待审核');
  await shot('proxy-order');
});
