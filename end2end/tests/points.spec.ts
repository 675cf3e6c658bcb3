// 我的积分 and the public-welfare bank from a resident's phone: donating (balance and
// history change), a property-fee offset confirmed by the property company and seen
// confirmed by the resident, the history with its type filter and "load more", and the
// points card's live QR code. Plus the administrators' points pages on a desktop.
//
// Demo accounts (server/src/seed.rs, password linli2026): admin 13800000001, property
// company 13800000005, residents 13800000006…13800000013. Each test (and each project,
// phone or desktop, which run at the same time) uses its own resident, and first gives
// them points through the admin API, so no test depends on another's balance.

import { test, expect, gotoApp } from './fixtures';
import type { APIRequestContext, Page, TestInfo } from '@playwright/test';

const PASSWORD = 'linli2026';
const ADMIN = '13800000001';
const PROPERTY = '13800000005';

/** A demo resident for this test and project: phone gets the first, desktop the second. */
function resident(testInfo: TestInfo, pair: [string, string]): string {
  return testInfo.project.name === 'phone' ? pair[0] : pair[1];
}

function key(what: string): string {
  return `e2e-${what}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** Signs the API context in as the admin and gives `phone` some points; answers their id. */
async function givePoints(request: APIRequestContext, phone: string, amount: number): Promise<number> {
  const login = await request.post('/api/v1/auth/login', { data: { phone: ADMIN, password: PASSWORD } });
  expect(login.ok(), await login.text()).toBeTruthy();
  const users = await request.get(`/api/v1/users?q=${phone}`);
  expect(users.ok(), await users.text()).toBeTruthy();
  const id: number = (await users.json()).items[0].id;
  const adjust = await request.post('/api/v1/admin/points/adjust', {
    data: { user_id: id, amount, reason: '浏览器测试：先发一些积分', idempotency_key: key('adjust') },
  });
  expect(adjust.status(), await adjust.text()).toBe(201);
  return id;
}

/** Opens an admin page the way a person would: the side bar on desktops, 我的 on phones. */
async function openAdmin(page: Page, isMobile: boolean, label: string): Promise<void> {
  if (isMobile) {
    await page.locator('nav.tabbar').getByRole('link', { name: '我的' }).click();
    await page.locator('main').getByRole('link', { name: label }).click();
  } else {
    await page.locator('nav.sidenav').getByRole('link', { name: label }).click();
  }
}

async function signIn(page: Page, phone: string, next = '/'): Promise<void> {
  await gotoApp(page, `/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[/?]/g, '\\$&')}$`));
}

async function signOut(page: Page): Promise<void> {
  const r = await page.request.post('/api/v1/auth/logout');
  expect(r.ok()).toBeTruthy();
}

/** The balance shown at the top of 我的积分. */
async function shownBalance(page: Page): Promise<number> {
  const text = await page.getByTestId('balance').locator('.balance-number').textContent();
  return Number(text);
}

test('a resident donates points to a family and sees the balance and history change', async ({
  page,
  request,
  shot,
}, testInfo) => {
  const phone = resident(testInfo, ['13800000006', '13800000007']);
  await givePoints(request, phone, 200);

  // From the home page's quick link to 我的积分.
  await signIn(page, phone);
  await page.locator('main').getByRole('link', { name: '我的积分' }).click();
  await expect(page.getByRole('heading', { name: '我的积分', level: 1 })).toBeVisible();
  await expect(page.getByTestId('balance')).toBeVisible();
  const before = await shownBalance(page);
  expect(before).toBeGreaterThanOrEqual(200);
  await shot('points');

  await page.getByRole('link', { name: '捐赠积分' }).click();
  await expect(page.getByRole('heading', { name: '捐赠积分', level: 1 })).toBeVisible();
  // Families show only their category and the first character of the name.
  const family = page.getByLabel(/孤寡老人 · 王\*\*/);
  await expect(family).toBeVisible();
  await expect(page.getByText('王桂兰')).toHaveCount(0);
  await family.check();
  await page.getByLabel('积分数').fill('30');
  await shot('donate-form');
  await page.getByRole('button', { name: '确认捐赠' }).click();
  await expect(page.getByText('捐赠成功，感谢你的爱心！')).toBeVisible();
  await expect(page.getByTestId('donate-balance')).toHaveText(String(before - 30));
  await shot('donated');

  // Back on 我的积分: the new balance, and the donation on top of the history.
  await page.getByRole('link', { name: '返回我的积分' }).click();
  await expect(page.getByTestId('balance').locator('.balance-number')).toHaveText(String(before - 30));
  const top = page.locator('.history-row').first();
  await expect(top).toHaveAttribute('data-kind', 'donate');
  await expect(top.locator('.history-kind')).toHaveText('捐赠');
  await expect(top.locator('.amount')).toHaveText('-30');
  await expect(top.locator('.history-reason')).toHaveText('捐赠给受助家庭 王**');
  await shot('points-after-donation');

  // The same page in English, then back to Chinese (the choice follows the account).
  await page.getByRole('button', { name: 'English' }).first().click();
  await expect(page.getByRole('heading', { name: 'My points', level: 1 })).toBeVisible();
  await expect(top.locator('.history-kind')).toHaveText('Donation');
  // What the server wrote it for, in the reader's language too.
  await expect(top.locator('.history-reason')).toHaveText('Donated to the family 王**');
  await expect(page.getByText('Balance', { exact: true })).toBeVisible();
  await shot('points-en');
  await page.getByRole('button', { name: '中文' }).first().click();
  await expect(page.getByRole('heading', { name: '我的积分', level: 1 })).toBeVisible();
});

test('a fee offset is requested, confirmed by the property company and seen confirmed', async ({
  page,
  request,
  shot,
}, testInfo) => {
  const phone = resident(testInfo, ['13800000008', '13800000009']);
  await givePoints(request, phone, 300);
  const unit = `${testInfo.project.name === 'phone' ? 3 : 5}栋2单元${Date.now() % 100000}`;

  await signIn(page, phone, '/points');
  const before = await (async () => {
    await expect(page.getByTestId('balance')).toBeVisible();
    return shownBalance(page);
  })();
  await page.getByRole('link', { name: '抵扣物业费' }).click();
  await expect(page.getByRole('heading', { name: '物业费抵扣', level: 1 })).toBeVisible();
  await expect(page.getByTestId('rate')).toHaveText('10 积分抵 1 元');

  // Points that do not make whole yuan are caught before sending.
  await page.getByLabel('积分数').fill('105');
  await page.getByLabel('房号').fill(unit);
  await page.getByRole('button', { name: '提交抵扣申请' }).click();
  await expect(page.getByText('积分须是抵扣比例的整数倍')).toBeVisible();

  await page.getByLabel('积分数').fill('100');
  await expect(page.getByTestId('yuan')).toHaveText('10 元');
  await page.getByRole('button', { name: '提交抵扣申请' }).click();
  await expect(page.getByText('已提交，等待物业确认。')).toBeVisible();
  const mine = page.locator('.offset-row', { hasText: unit });
  await expect(mine.locator('[data-status]')).toHaveText('待确认');
  await shot('offset-requested');

  // The property company confirms it.
  await signOut(page);
  await signIn(page, PROPERTY, '/property');
  await expect(page.getByRole('heading', { name: '物业费抵扣确认', level: 1 })).toBeVisible();
  const row = page.locator('li.decide', { hasText: unit });
  await expect(row).toBeVisible();
  await expect(row).toContainText('100 分');
  await expect(row).toContainText('10 元');
  await expect(page.getByRole('link', { name: '下载本月对账单（CSV）' })).toHaveAttribute(
    'href',
    /\/api\/v1\/property\/statements\/\d{4}-\d{2}\?company_id=\d+/,
  );
  // The month's statement downloads as CSV with this offset in it.
  const href = await page.getByRole('link', { name: '下载本月对账单（CSV）' }).getAttribute('href');
  const csv = await page.request.get(href ?? '');
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(await csv.text()).toContain(unit);
  await shot('property-pending');
  await row.getByRole('button', { name: '确认抵扣' }).click();
  await expect(page.locator('li.decide', { hasText: unit })).toHaveCount(0);
  await page.getByLabel('状态').selectOption({ label: '已确认' });
  await expect(page.locator('li.decide', { hasText: unit }).locator('[data-status]')).toHaveText('已确认');
  await shot('property-confirmed');

  // The resident sees it confirmed, and the points gone from the balance.
  await signOut(page);
  await signIn(page, phone, '/points/offset');
  await expect(page.locator('.offset-row', { hasText: unit }).locator('[data-status]')).toHaveText('已确认');
  await shot('offset-confirmed');
  await page.getByRole('link', { name: '我的积分' }).first().click();
  await expect(page.getByTestId('balance').locator('.balance-number')).toHaveText(String(before - 100));
  await expect(page.locator('.history-row').first()).toHaveAttribute('data-kind', 'fee_offset');
});

test('the history filters by type and loads more pages', async ({ page, request, shot }, testInfo) => {
  const phone = resident(testInfo, ['13800000010', '13800000011']);
  await givePoints(request, phone, 100);
  await signIn(page, phone, '/points');

  // 22 small donations through the API, so the history has more than one page.
  for (let i = 0; i < 22; i++) {
    const r = await page.request.post('/api/v1/me/bank/donate', {
      data: { amount: 1, idempotency_key: key(`d${i}`) },
    });
    expect(r.status(), await r.text()).toBe(201);
  }
  await page.reload();
  await expect(page.locator('.history-row').first()).toBeVisible();
  await expect(page.locator('.history-row')).toHaveCount(20);
  await page.getByRole('button', { name: '加载更多' }).click();
  await expect(page.locator('.history-row')).not.toHaveCount(20);
  expect(await page.locator('.history-row').count()).toBeGreaterThanOrEqual(23);

  // Only adjustments, then only donations.
  await page.getByLabel('类型').selectOption({ label: '人工调整' });
  await expect(page.locator('.history-row').first()).toHaveAttribute('data-kind', 'adjust');
  await expect(page.locator('.history-row:not([data-kind="adjust"])')).toHaveCount(0);
  await shot('history-adjustments');
  await page.getByLabel('类型').selectOption({ label: '捐赠' });
  await expect(page.locator('.history-row').first()).toHaveAttribute('data-kind', 'donate');
  await expect(page.locator('.history-row:not([data-kind="donate"])')).toHaveCount(0);
  await page.getByLabel('类型').selectOption({ label: '全部' });
  await expect(page.locator('.history-row')).toHaveCount(20);
});

test('the points card shows a live QR code that renews itself, and a PIN can be set', async ({
  page,
  shot,
}, testInfo) => {
  const phone = resident(testInfo, ['13800000012', '13800000013']);
  await page.clock.install();
  await signIn(page, phone, '/points/card');
  await expect(page.getByRole('heading', { name: '我的积分卡', level: 1 })).toBeVisible();
  const qr = page.getByRole('img', { name: '积分卡动态二维码' });
  await expect(qr).toHaveAttribute('data-qr', /^linli:tok:8\d{11}\./);
  await expect(page.getByTestId('card-number')).toHaveText(/^8\d{3} \d{4} \d{4}$/);
  const first = await qr.getAttribute('data-qr');
  await shot('card');

  // Half a minute later the code is a new one.
  await page.clock.runFor(31_000);
  await expect(qr).not.toHaveAttribute('data-qr', first ?? '');
  await expect(qr).toHaveAttribute('data-qr', /^linli:tok:/);

  // A PIN for the printed card: mistyped, then set.
  await page.getByLabel('卡片密码').fill('2580');
  await page.getByLabel('再次输入密码').fill('2581');
  await page.getByRole('button', { name: /设置密码|修改密码/ }).click();
  await expect(page.getByText('两次输入的密码不一致')).toBeVisible();
  await page.getByLabel('再次输入密码').fill('2580');
  const password = page.getByLabel('登录密码（修改时需要）');
  if (await password.isVisible()) await password.fill(PASSWORD);
  await page.getByRole('button', { name: /设置密码|修改密码/ }).click();
  await expect(page.getByText('密码已保存。')).toBeVisible();
  await expect(page.getByText('已设置密码。')).toBeVisible();
  await shot('card-pin-set');
});

test('an administrator awards, looks up a transfer, reverses it and sees it audited', async ({
  page,
  isMobile,
  shot,
}) => {
  await signIn(page, ADMIN);
  await openAdmin(page, isMobile, '积分账户');
  await expect(page.getByRole('heading', { name: '积分账户', level: 1 })).toBeVisible();
  await page.getByRole('searchbox').fill('刘芳');
  await page.getByRole('button', { name: '搜索' }).click();
  await page.locator('.accounts').getByRole('link', { name: /刘芳/ }).click();
  await expect(page.getByRole('heading', { name: /刘芳/, level: 1 })).toBeVisible();

  // An award for verified service, with its reason.
  await page.getByLabel('服务时长（分钟）').fill('60');
  await page.locator('#award-reason').fill('浏览器测试：核实的巡逻服务');
  await page.getByRole('button', { name: '发放积分' }).click();
  await expect(page.getByText('已发放积分。')).toBeVisible();
  await expect(page.locator('.history-row').first()).toHaveAttribute('data-kind', 'earn');
  await shot('admin-account');

  // The transfer, its postings, and its reversal.
  await page.getByRole('status').getByRole('link').click();
  await expect(page.getByRole('heading', { name: /交易详情 #\d+/ })).toBeVisible();
  await expect(page.locator('table.postings tbody tr')).toHaveCount(2);
  await page.getByLabel('原因').fill('浏览器测试：录错了');
  await page.getByRole('button', { name: '确认冲正' }).click();
  await expect(page.getByText('已被冲正：')).toBeVisible();
  await shot('admin-transfer-reversed');

  // The audit log reads as sentences with names, filtered by person, kind and days.
  await openAdmin(page, isMobile, '操作日志');
  await expect(page.getByRole('heading', { name: '操作日志', level: 1 })).toBeVisible();
  const entries = page.getByTestId('audit-entry');
  // Other tests write to the log at the same time: look for the reversal's author among
  // the newest, not at the very top.
  await expect(entries.filter({ hasText: '张建国' }).first()).toBeVisible();
  await page.getByLabel('人员').fill('刘芳');
  await page.getByLabel('类型').selectOption({ label: '积分' });
  await page.getByRole('button', { name: '筛选', exact: true }).click();
  await expect(entries.first()).toContainText('张建国 冲正了 刘芳 的一笔积分');
  // The filtered list replaces the whole list: wait until no entry of the unfiltered one
  // is left before reading them all (the reversal may be the newest entry of both).
  await expect(entries.filter({ hasNotText: '刘芳' })).toHaveCount(0);
  for (const text of await entries.allTextContents()) {
    expect(text).toContain('刘芳');
    // No codes, subjects like user:6, field names or Unix times.
    expect(text).not.toMatch(/[a-z]+_[a-z]+|[a-z]+:\d|\d{9}|points\./);
  }
  await shot('admin-audit');
  // Nothing before the community started.
  await page.getByLabel('截止').fill('2020-01-01');
  await page.getByRole('button', { name: '筛选', exact: true }).click();
  await expect(page.getByText('没有日志记录。')).toBeVisible();
  await page.getByRole('button', { name: '清除筛选' }).click();
  await expect(entries.first()).toBeVisible();

  // Rules, families and printable cards render.
  await openAdmin(page, isMobile, '积分规则');
  if (!isMobile) await expect(page.locator('nav.sidenav [aria-current="page"]')).toHaveCount(1);
  await expect(page.getByRole('heading', { name: '积分管理办法', level: 1 })).toBeVisible();
  await expect(page.locator('.versions .row').first()).toBeVisible();
  const versions = await page.locator('.versions .row').count();
  // Saving publishes a new version (the same rates here, so other tests are unaffected).
  await page.locator('#rules-reason').fill('浏览器测试：重新发布同样的标准');
  await page.getByRole('button', { name: '发布新版本' }).click();
  await expect(page.getByText('已发布新版本。')).toBeVisible();
  await expect(page.locator('.versions .row')).toHaveCount(versions + 1);
  await expect(page.locator('.versions .row').first()).toContainText('浏览器测试：重新发布同样的标准');
  await shot('admin-rules');
  await openAdmin(page, isMobile, '受助家庭');
  await expect(page.getByRole('cell', { name: '王桂兰' })).toBeVisible();
  await shot('admin-families');
  await openAdmin(page, isMobile, '打印积分卡');
  await page.getByRole('searchbox').fill('1380000001');
  await page.getByRole('button', { name: '搜索' }).click();
  await expect(page.locator('.printed-card').first()).toBeVisible();
  await expect(page.locator('.printed-card svg.qr').first()).toHaveAttribute('data-qr', /^linli:card:8\d{11}$/);
  await shot('admin-cards');
  await page.emulateMedia({ media: 'print' });
  await shot('admin-cards-print');
  await page.emulateMedia({ media: 'screen' });

  // A lost card is blocked with a reason, then unblocked (13800000010 has no card test).
  await page.getByRole('searchbox').fill('13800000010');
  await page.getByRole('button', { name: '搜索' }).click();
  const card = page.locator('.printed-card');
  await expect(card).toHaveCount(1);
  await card.getByRole('button', { name: '挂失' }).click();
  await card.getByPlaceholder('原因').fill('浏览器测试：卡片遗失');
  await card.getByRole('button', { name: '挂失' }).click();
  await expect(card.locator('.badge')).toHaveText('已挂失');
  await shot('admin-card-blocked');
  await card.getByRole('button', { name: '解除挂失' }).click();
  await card.getByPlaceholder('原因').fill('浏览器测试：找到了');
  await card.getByRole('button', { name: '解除挂失' }).click();
  await expect(card.locator('.badge')).toHaveCount(0);
});
