// Help requests (issue 16): a fresh resident asks for help in 网格一 on the phone, with a
// photo; the demo patrol volunteer 郭强 (13800000015), to whom it is offered, sees the
// photo, answers "I can come" and then sees the place and that it is full; the resident
// sees him coming without a reload, confirms it was done and rates it; he logs the time it
// took for review and points. The dispatch desk lists the open demo request; the demo
// resident sees the done one with its rating and its timeline.

import { test, expect, screenshot } from './fixtures';
import { freshResident, personPage, signIn } from './people';

const PATROL = '13800000015';
const DISPATCHER = '13800000016';
const RESIDENT = '13800000006';

/** An 8×8 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGM4oaGBFTEMLQkAgl1GAWqNFmsAAAAASUVORK5CYII=',
  'base64',
);

test('a resident asks for help with a photo, a volunteer can come, the resident confirms and rates it, the volunteer logs hours', async ({ page, browser, shot }, testInfo) => {
  test.setTimeout(120_000);
  const resident = await freshResident();
  const words = `帮忙换个灯泡 ${resident.slice(-4)}`;
  const place = `7栋${resident.slice(-3)}`;

  await signIn(page, resident, '/help');
  await expect(page.getByLabel('所在网格')).toBeVisible();
  await page.getByLabel('所在网格').selectOption({ label: '网格一' });
  await page.getByLabel('需要哪类帮助').selectOption({ label: '谁都可以' });
  await page.getByLabel('紧急程度').selectOption({ label: '紧急' });
  // Nothing typed yet: a worded refusal, and the form keeps its choices.
  await page.getByTestId('help-post').click();
  await expect(page.locator('form .form-error')).toBeVisible();
  await expect(page.getByLabel('紧急程度')).toHaveValue('urgent');
  await page.getByLabel('具体地点').fill(place);
  await page.getByLabel('需要什么帮助').fill(words);
  await page.getByLabel('照片（可选）').setInputFiles({ name: 'bulb.png', mimeType: 'image/png', buffer: PNG });
  await shot('help-form');
  await page.getByTestId('help-post').click();
  await expect(page.getByTestId('help-posted')).toBeVisible();
  const mine = page.locator('li.help-row', { hasText: words });
  await expect(mine).toContainText('还没有人应答');
  await expect(mine.locator('.al-state')).toHaveText('等待志愿者');
  await expect(mine.getByTestId('help-photo').locator('img')).toBeVisible();
  await expect(mine.getByTestId('help-widens')).toContainText('人手不够时将扩大到全社区');

  const volunteer = await personPage(browser, testInfo);
  await signIn(volunteer, PATROL, '/help');
  const offered = volunteer.locator('li.help-row', { hasText: words });
  await expect(offered).toBeVisible();
  // Before answering, the place stays with the resident.
  await expect(offered).not.toContainText(place);
  await expect(offered.getByTestId('help-photo').locator('img')).toBeVisible();
  await screenshot(volunteer, testInfo, 'help-offered');
  await offered.getByTestId('help-answer').click();
  await expect(offered.locator('.al-state')).toHaveText('人已够了');
  await expect(offered).toContainText(place);
  await expect(offered.getByTestId('help-answer')).toHaveCount(0);
  await screenshot(volunteer, testInfo, 'help-answered');

  // The resident sees who is coming without a reload, then confirms it was done.
  await expect(mine.getByTestId('help-coming')).toContainText('郭强', { timeout: 15_000 });
  await expect(mine.getByRole('link', { name: PATROL })).toBeVisible();
  await shot('help-coming');
  await mine.getByTestId('help-done').click();
  await expect(mine.locator('.al-state')).toHaveText('已完成');
  await expect(mine).toContainText('完成于');
  await expect(mine.getByTestId('help-done')).toHaveCount(0);

  // Rated with the orders' stars and comment; markup stays text.
  const thanks = '<b>谢谢</b>郭师傅';
  await expect(mine.getByText('评价这次帮助')).toBeVisible();
  await mine.locator('.sv-star[data-stars="4"]').click();
  await mine.getByLabel('评价内容').fill(thanks);
  await shot('help-rate');
  await mine.getByRole('button', { name: '提交评价' }).click();
  const rating = mine.getByTestId('help-rating');
  await expect(rating.locator('.sv-stars')).toHaveText('★★★★☆');
  await expect(rating.locator('.sv-comment')).toHaveText(thanks);
  await mine.locator('.help-timeline summary').click();
  await expect(mine.locator('.help-timeline li[data-step="answered"]')).toContainText('郭强');
  await expect(mine.locator('.help-timeline li[data-step="done"]')).toBeVisible();
  await shot('help-done');

  // The volunteer who came logs the time it took: pending review, then points.
  await volunteer.reload();
  const came = volunteer.locator('li.help-row', { hasText: words });
  await expect(came.locator('.al-state')).toHaveText('已完成');
  await expect(came.getByTestId('help-rating')).toContainText(thanks);
  await came.getByLabel('用了多长时间').selectOption({ label: '1.5 小时' });
  await came.getByTestId('help-log-hours').click();
  await expect(came.getByTestId('help-my-hours')).toContainText('1.5 小时');
  await expect(came.getByTestId('help-my-hours')).toContainText('待审核');
  await expect(came.getByTestId('help-log-hours')).toHaveCount(0);
  await screenshot(volunteer, testInfo, 'help-hours');
});

test('the demo resident sees the help that was done, rated, and the open one that went wider', async ({ page, shot }) => {
  await signIn(page, RESIDENT, '/help');
  const done = page.locator('li.help-row', { hasText: '把轮椅搬下楼' });
  await expect(done.locator('.al-state')).toHaveText('已完成');
  await expect(done.getByTestId('help-rating').locator('.sv-stars')).toHaveText('★★★★★');
  const open = page.locator('li.help-row', { hasText: '陪去社区医院复诊' });
  await open.locator('.help-timeline summary').click();
  await expect(open.locator('.help-timeline li[data-step="widened"]')).toContainText('扩大到全社区');
  await shot('help-demo');
});


test('the dispatch desk lists the help requests not yet done after the alarms', async ({ page, shot }) => {
  await signIn(page, DISPATCHER, '/dispatch');
  await page.getByRole('link', { name: '梅林都汇社区' }).click();
  const help = page.getByTestId('desk-help');
  await expect(help.getByRole('heading', { name: '未完成的求助' })).toBeVisible();
  await expect(help.locator('li.help-row', { hasText: '陪去社区医院复诊' })).toBeVisible();
  await expect(help.locator('li.help-row', { hasText: '家里灯不亮了' }).locator('.al-state')).toHaveText('人已够了');
  await shot('desk-help');
});
