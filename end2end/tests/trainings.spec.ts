// Training courses (培训, issue 18): a team leader organises a course on its page; a
// resident enrols from a phone; once a session has started the organiser ticks who was
// there; the trainee, now completed, takes the completion certificate (checked on the
// public page) and rates the course. Times and days read in words, never as numbers of
// seconds.

import { test, expect, gotoApp } from './fixtures';
import { PASSWORD, freshResident, personPage, signIn } from './people';

const LEADER = '13800000002';

test('a leader organises a course; a resident enrols, is marked present, takes the certificate and rates it', async ({ page, browser, request, shot }, testInfo) => {
  const suffix = `${testInfo.project.name}-${Date.now() % 100000}`;
  await signIn(page, LEADER, '/trainings/new');

  // The form names what is missing, in words, before anything is sent.
  await page.getByRole('button', { name: '发布培训' }).click();
  await expect(page.locator('.training-form')).toContainText('请填写项目名称');
  await expect(page.locator('.training-form')).toContainText('请填写授课人');

  const title = `应急救护复训 ${suffix}`;
  await page.getByLabel('项目名称').fill(title);
  await page.getByLabel('培训内容').fill('心肺复苏，AED 使用');
  await page.getByLabel('授课人').fill('市红十字会 陈医生');
  await page.getByLabel('地点').fill('社区党群服务中心三楼');
  await page.getByLabel('名额').fill('12');
  await page.getByRole('button', { name: '添加一场' }).click();
  await expect(page.getByTestId('session-line')).toHaveCount(2);
  await shot('form');
  await page.getByRole('button', { name: '发布培训' }).click();
  await expect(page).toHaveURL(/\/trainings\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.locator('.training-detail')).toContainText('心肺复苏、AED 使用');
  await expect(page.locator('.training-detail')).toContainText('2 天 · 2 场');
  await expect(page.locator('.training-sessions li')).toHaveCount(2);
  await expect(page.locator('.training-sessions li').first()).toContainText(/\d+月\d+日 09:00–11:30/);
  await expect(page.getByTestId('my-training-status')).toHaveText('我组织的');
  await expect(page.locator('.training-sheet')).toContainText('还没有学员报名');
  await shot('organised');

  // A one-session course that starts in a moment (the API takes seconds; the form
  // minutes), so its attendance can be taken within the test.
  const login = await request.post('/api/v1/auth/login', { data: { phone: LEADER, password: PASSWORD } });
  expect(login.ok()).toBeTruthy();
  const me = await (await request.get('/api/v1/me')).json();
  const team = me.roles.find((g: { role: string }) => g.role === 'team_leader').node_id;
  const starts = Math.floor(Date.now() / 1000) + 30;
  const quick = `急救小课 ${suffix}`;
  const made = await request.post('/api/v1/trainings', {
    data: {
      node_id: team, title: quick, topics: ['止血包扎'], trainer: '陈医生', place: '社区卫生服务站',
      capacity: 5, sessions: [{ starts_at: starts, ends_at: starts + 3600 }],
    },
  });
  expect(made.status(), await made.text()).toBe(201);
  const id: number = (await made.json()).id;

  // The resident finds it among the upcoming courses and enrols.
  const phone = await freshResident();
  const trainee = await personPage(browser, testInfo);
  await signIn(trainee, phone, '/trainings');
  const card = trainee.locator(`li[data-training="${id}"]`);
  await expect(card).toContainText(quick);
  await expect(card).toContainText('剩余名额 5');
  await card.getByRole('link', { name: quick }).click();
  await expect(trainee).toHaveURL(new RegExp(`/trainings/${id}$`));
  await trainee.getByRole('button', { name: '报名参加' }).click();
  await expect(trainee.getByTestId('my-training-status')).toHaveText('已报名');
  await expect(trainee.locator('.training-detail')).toContainText('已出勤 0/1');
  await expect(trainee.locator('.training-sheet')).toHaveCount(0);
  await shot('enrolled');

  // Once the session has started the organiser ticks the trainee present.
  const name = `居民${phone.slice(-4)}`;
  const present = page.getByRole('checkbox', { name: `${name} · 第 1 场` });
  await expect(async () => {
    await gotoApp(page, `/trainings/${id}`);
    await expect(present).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await present.check();
  const row = page.getByTestId('trainee-row').filter({ hasText: name });
  await expect(row).toContainText('已结业');
  await expect(present).toBeChecked();
  await shot('attendance');

  // The trainee takes the certificate, which the public page checks.
  await gotoApp(trainee, `/trainings/${id}`);
  await expect(trainee.getByTestId('my-training-status')).toHaveText('已结业');
  await trainee.getByRole('button', { name: '开具结业证书' }).click();
  await expect(trainee).toHaveURL(/\/certificates\/[A-Za-z0-9-]+$/);
  await expect(trainee.locator('main')).toContainText(quick);
  await expect(trainee.locator('main')).toContainText('培训结业');
  await expect(trainee.getByTestId('verify-status')).toContainText('查验通过');
  await shot('certificate');

  // And rates the course: its ratings page takes one rating from someone who attended.
  await gotoApp(trainee, `/trainings/${id}`);
  await trainee.getByRole('link', { name: '评价课程' }).click();
  await trainee.getByRole('radio', { name: '5/5' }).click();
  await trainee.getByLabel('评价内容（可不填）').fill('讲得很实用');
  await trainee.getByRole('button', { name: '提交评价' }).click();
  await expect(trainee.getByTestId('subject-average')).toContainText('5.0 (1)');
  await shot('rated');

  // The trainee's own list shows the course as completed; in English too.
  await gotoApp(trainee, '/trainings/mine');
  await expect(trainee.locator(`li[data-training="${id}"]`)).toContainText('已结业');
  await trainee.getByRole('button', { name: 'English' }).click();
  await expect(trainee.locator(`li[data-training="${id}"]`)).toContainText('Completed');
  await expect(trainee.locator(`li[data-training="${id}"]`)).not.toContainText(/\d{9,}/);
  await trainee.context().close();
});

test('the demo courses: one open for enrolment, one completed with its certificate waiting', async ({ page, shot }) => {
  await signIn(page, '13800000006', '/trainings/mine');
  const done = page.locator('li.training-card', { hasText: '新志愿者五日培训' });
  await expect(done).toContainText('已结业');
  const upcoming = page.locator('li.training-card', { hasText: '应急救护培训' });
  await expect(upcoming).toContainText('已报名');
  await expect(upcoming).toContainText('3 天 · 3 场');
  await shot('mine');
  await done.getByRole('link').click();
  await expect(page.getByRole('button', { name: '开具结业证书' })).toBeVisible();
});
