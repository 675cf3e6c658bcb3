// Every page on a narrow phone (360×740) and on a desktop (1280×800): for each kind of
// person, every route they can see is opened; nothing may stick out sideways — the page
// does not scroll horizontally and no element reaches past the viewport (what sits inside
// a box that scrolls or clips sideways is that box's business) — and axe (WCAG 2 A/AA)
// finds nothing on it. Admin pages and the kiosk are also looked at (a screenshot, on the
// phone). Detail pages take the first demo id their list page links to.
//
// The routes are those of app/src/ui/mod.rs and app/src/ui/pages/<area>/mod.rs; the
// list below names each once, with who walks it.

import type { Page } from '@playwright/test';
import { test, expect, gotoApp, axe } from './fixtures';
import { signIn } from './people';

type Who = 'visitor' | 'resident' | 'leader' | 'reviewer' | 'admin' | 'kiosk' | 'property' | 'grid' | 'dispatcher';

const PHONES: Record<Exclude<Who, 'visitor'>, string> = {
  admin: '13800000001',
  leader: '13800000002',
  reviewer: '13800000003',
  kiosk: '13800000004',
  property: '13800000005',
  resident: '13800000006',
  grid: '13800000014',
  dispatcher: '13800000016',
};

/**
 * A detail route: its id is the first link on `from` whose path matches `link`, or the
 * `verify_path` of what a POST to `issue` makes (a certificate, made on request).
 */
type Detail = { from: string; link: RegExp } | { issue: string };
type Route = { path: string; who: Who[]; detail?: Detail };

const PUBLIC: Who[] = ['visitor', 'resident'];
const SIGNED_IN: Who[] = ['resident'];

const ROUTES: Route[] = [
  // the main module
  { path: '/', who: [...PUBLIC, 'admin', 'kiosk', 'grid', 'dispatcher', 'property', 'leader', 'reviewer'] },
  { path: '/shop', who: PUBLIC },
  { path: '/not-a-page', who: ['visitor'] },
  // account
  { path: '/login', who: ['visitor'] },
  { path: '/register', who: ['visitor'] },
  // shop
  { path: '/shop/items/:id', who: PUBLIC, detail: { from: '/shop', link: /^\/shop\/items\/\d+$/ } },
  { path: '/shop/donors', who: PUBLIC },
  { path: '/shop/reservations', who: SIGNED_IN },
  // points
  { path: '/me', who: [...PUBLIC, 'admin', 'leader', 'reviewer', 'grid', 'dispatcher', 'property'] },
  { path: '/me/family', who: SIGNED_IN },
  { path: '/points', who: SIGNED_IN },
  { path: '/points/card', who: SIGNED_IN },
  { path: '/points/donate', who: SIGNED_IN },
  { path: '/points/offset', who: SIGNED_IN },
  { path: '/points/standard', who: PUBLIC },
  { path: '/property', who: ['property', 'admin'] },
  // projects
  { path: '/projects', who: PUBLIC },
  { path: '/projects/mine', who: SIGNED_IN },
  { path: '/projects/record', who: SIGNED_IN },
  { path: '/projects/manage', who: ['leader', 'admin'] },
  // Signed out, the board lists no project links; the signed-in walk opens one.
  { path: '/projects/:id', who: SIGNED_IN, detail: { from: '/projects', link: /^\/projects\/\d+$/ } },
  // One of the leader's own projects, whose sessions have a roster.
  { path: '/projects/:led', who: ['leader'], detail: { from: '/projects/manage', link: /^\/projects\/\d+$/ } },
  {
    path: '/sessions/:id/roster',
    who: ['leader'],
    detail: { from: '/projects/:led', link: /^\/sessions\/\d+\/roster$/ },
  },
  { path: '/review', who: ['reviewer', 'admin'] },
  { path: '/certificates/:code', who: ['resident'], detail: { issue: '/api/v1/me/certificates' } },
  // services
  { path: '/services', who: PUBLIC },
  { path: '/services/:id', who: PUBLIC, detail: { from: '/services', link: /^\/services\/\d+$/ } },
  { path: '/services/:id/order', who: SIGNED_IN, detail: { from: '/services', link: /^\/services\/\d+$/ } },
  { path: '/services/orders', who: SIGNED_IN },
  {
    path: '/services/orders/:id',
    who: ['admin'],
    detail: { from: '/services/pool', link: /^\/services\/orders\/\d+$/ },
  },
  { path: '/services/review', who: ['reviewer', 'admin'] },
  { path: '/services/pool', who: ['leader', 'admin'] },
  { path: '/services/manage', who: ['leader', 'admin'] },
  { path: '/services/assessment', who: ['admin'] },
  { path: '/services/teams/:id', who: ['admin'], detail: { from: '/services/assessment', link: /^\/services\/teams\/\d+$/ } },
  {
    path: '/services/ratings/:subject/:id',
    who: ['resident'],
    detail: { from: '/shop/items/:id', link: /^\/services\/ratings\/[a-z_]+\/\d+$/ },
  },
  // trainings
  { path: '/trainings', who: PUBLIC },
  { path: '/trainings/mine', who: SIGNED_IN },
  { path: '/trainings/new', who: ['leader', 'admin'] },
  { path: '/trainings/:id', who: [...SIGNED_IN, 'leader'], detail: { from: '/trainings', link: /^\/trainings\/\d+$/ } },
  // alarms
  { path: '/alarm', who: ['resident', 'grid', 'dispatcher'] },
  { path: '/alarm/rota', who: ['grid', 'admin'] },
  { path: '/alarm/log', who: ['grid', 'dispatcher', 'admin'] },
  { path: '/alarm/:id', who: ['dispatcher'], detail: { from: '/alarm', link: /^\/alarm\/\d+$/ } },
  { path: '/dispatch', who: ['dispatcher', 'admin'] },
  { path: '/dispatch/:id', who: ['dispatcher'], detail: { from: '/dispatch', link: /^\/dispatch\/\d+$/ } },
  { path: '/help', who: ['resident', 'grid'] },
  // kiosk
  { path: '/kiosk', who: ['visitor', 'kiosk'] },
  // administration
  { path: '/admin', who: ['admin'] },
  { path: '/admin/shop', who: ['admin'] },
  { path: '/admin/shop/stock', who: ['admin'] },
  { path: '/admin/shop/count', who: ['admin'] },
  { path: '/admin/shop/orders', who: ['admin'] },
  { path: '/admin/shop/labels', who: ['admin'] },
  { path: '/admin/org', who: ['admin'] },
  { path: '/admin/users', who: ['admin'] },
  { path: '/admin/users/:id', who: ['admin'], detail: { from: '/admin/users', link: /^\/admin\/users\/\d+$/ } },
  { path: '/admin/points', who: ['admin'] },
  { path: '/admin/rules', who: ['admin'] },
  {
    path: '/admin/points/accounts/:id',
    who: ['admin'],
    detail: { from: '/admin/points', link: /^\/admin\/points\/accounts\/\d+$/ },
  },
  {
    path: '/admin/points/transfers/:id',
    who: ['admin'],
    detail: { from: '/admin/points/accounts/:id', link: /^\/admin\/points\/transfers\/\d+$/ },
  },
  { path: '/admin/families', who: ['admin'] },
  { path: '/admin/companies', who: ['admin'] },
  { path: '/admin/cards', who: ['admin'] },
  { path: '/admin/audit', who: ['admin'] },
];

test.use({ viewport: { width: 360, height: 740 } });

/** Waits until the page's own content has come: a heading or a prompt, nothing loading. */
async function settled(page: Page): Promise<void> {
  await expect(page.locator('main :is(h1, .prompt)').first()).toBeVisible();
  await expect(page.locator('main .state-loading')).toHaveCount(0, { timeout: 15_000 });
}

/** What sticks out sideways: the page's own scroll width, and each element past the edge. */
async function sideways(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const out: string[] = [];
    if (root.scrollWidth > width) out.push(`the page is ${root.scrollWidth}px wide (viewport ${width}px)`);
    const inScroller = (el: Element): boolean => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      }
      return false;
    };
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right <= width + 1 && r.left >= -1) continue;
      if (inScroller(el)) continue;
      const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${
        el.classList.length ? `.${Array.from(el.classList).join('.')}` : ''
      }`;
      out.push(`${name} spans ${Math.round(r.left)}–${Math.round(r.right)}px: "${(el.textContent ?? '').trim().slice(0, 40)}"`);
      if (out.length > 8) break;
    }
    return out;
  });
}

/** The first link on `from` whose path matches (lists may come a moment late), or null. */
async function firstLink(page: Page, from: string, link: RegExp): Promise<string | null> {
  await gotoApp(page, from);
  await settled(page);
  for (let i = 0; i < 10; i++) {
    const hrefs = await page
      .locator('main a[href]')
      .evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    const found = hrefs.find((h) => link.test(h));
    if (found) return found;
    await page.waitForTimeout(500);
  }
  return null;
}

/** The path of a detail page: its list's first link, or what a POST makes. */
async function detailPath(page: Page, d: Detail, resolved: Map<string, string>): Promise<string | null> {
  if ('issue' in d) {
    const r = await page.request.post(d.issue);
    expect(r.ok(), await r.text()).toBeTruthy();
    return (await r.json()).verify_path;
  }
  const from = resolved.get(d.from) ?? d.from;
  return from.includes(':') ? null : firstLink(page, from, d.link);
}

const WHO: Who[] = ['visitor', 'resident', 'leader', 'reviewer', 'admin', 'kiosk', 'property', 'grid', 'dispatcher'];

for (const who of WHO) {
  test(`every route fits and passes axe: ${who}`, async ({ page, shot, a11yViolations }, testInfo) => {
    const phone = testInfo.project.name === 'phone';
    if (!phone) await page.setViewportSize({ width: 1280, height: 800 });
    test.setTimeout(420_000);
    if (who !== 'visitor') await signIn(page, PHONES[who], who === 'kiosk' ? '/kiosk' : '/me');
    const resolved = new Map<string, string>();
    const problems: string[] = [];
    const missing: string[] = [];
    for (const route of ROUTES.filter((r) => r.who.includes(who))) {
      let path = route.path;
      if (route.detail) {
        const found = await detailPath(page, route.detail, resolved);
        if (!found) {
          missing.push(route.path);
          continue;
        }
        path = route.path.endsWith('/order') ? `${found}/order` : found;
        resolved.set(route.path, path);
      }
      await gotoApp(page, path);
      await settled(page);
      const wide = await sideways(page);
      if (wide.length) problems.push(`${path}:\n  ${wide.join('\n  ')}`);
      if (phone && (path.startsWith('/admin') || path === '/kiosk')) {
        await shot(`${who}${path.replace(/\//g, '-')}`);
      } else {
        a11yViolations.push(...(await axe(page)).map((v) => `${who} ${path}: ${v}`));
      }
    }
    if (missing.length) testInfo.annotations.push({ type: 'not walked', description: missing.join('; ') });
    expect(problems, 'pages wider than the screen').toEqual([]);
    expect(missing, 'detail pages without a demo id to open').toEqual([]);
  });
}
