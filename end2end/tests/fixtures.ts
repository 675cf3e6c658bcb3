// Shared fixtures and helpers for every browser test. Import `test` and `expect` from
// here rather than from '@playwright/test':
//
//   import { test, expect, gotoApp, uniquePhone } from './fixtures';
//
//   test('…', async ({ page, shot }) => {
//     await gotoApp(page, '/me');
//     await shot('me-signed-out');
//   });
//
// - every page fails its test on an uncaught exception, a Rust panic or any console
//   error (a wasm crash is never silent); the exceptions are the browser's own lines for
//   an API's 4xx answer, which the page shows in words (a refusal, "not signed in"), and
//   for a request that got no answer because the network was cut, and the chunk loader's
//   report of a chunk it could not fetch (tests that cut the network check what the page
//   says); `test.use({ allowPageErrors: true })` turns the check off;
// - every screenshot also runs axe (WCAG 2 A and AA rules) on the page as it is shown,
//   and any violation fails the test, with the rule, the elements and axe's help text;
// - any Content-Security-Policy violation in any page of the test (its own context or
//   one it opens with `browser.newContext`) fails the test, always; a browser launched by
//   hand is watched with `watchCsp(context, list)`;
// - `shot(name)` saves a full-page screenshot to screenshots/<project>/<file>-<name>.png;
// - `gotoApp(page, path)` opens a client route and waits until the wasm app has replaced
//   the static first paint (the element with `data-shell` inside #app); `holdWasm(page)`
//   keeps the wasm back so that static paint can be looked at;
// - `uniquePhone()` gives a valid mainland mobile number no other test uses (the server
//   and its database are shared by all tests of a run).

import { test as base, expect, type BrowserContext, type ConsoleMessage, type Page, type TestInfo } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

export { expect };

export const SCREENSHOTS = path.resolve(__dirname, '..', 'screenshots');

type Fixtures = {
  allowPageErrors: boolean;
  pageErrors: string[];
  cspViolations: string[];
  a11yViolations: string[];
  shot: (name: string) => Promise<void>;
};

/** The browser's report of an HTTP 4xx answer to a request the page made. */
const HTTP_4XX = /^Failed to load resource: the server responded with a status of 4\d\d/;
/** The browser's report of a request that got no answer (the network was cut). */
const NO_ANSWER = /^Failed to load resource: net::ERR_(INTERNET_DISCONNECTED|FAILED|CONNECTION_RESET|ABORTED)/;

/** A console error that is the browser reporting an answer the page handles itself. */
function handled(m: ConsoleMessage): boolean {
  const text = m.text();
  const api = new URL(m.location().url || 'http://x/', 'http://x/').pathname.startsWith('/api/');
  // The chunk loader's own report of a chunk it could not fetch: the area shows a retry.
  const chunk = /^TypeError: Failed to fetch/.test(text) && /\/pkg\/split-/.test(text);
  return (HTTP_4XX.test(text) && api) || NO_ANSWER.test(text) || chunk || CSP_MESSAGE.test(text);
}

/** Chromium's own report of a blocked load or inline block, or ours from the event below. */
const CSP_MESSAGE = /Content Security Policy|Content-Security-Policy|Refused to/;

/**
 * Records every Content-Security-Policy violation in the pages of `context` into `into`:
 * the browser's console report and the `securitypolicyviolation` event (an init script
 * runs before the page's own scripts and logs it, with what was blocked and where).
 */
export async function watchCsp(context: BrowserContext, into: string[]): Promise<void> {
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(
        `Content-Security-Policy violation: ${e.effectiveDirective} blocked ` +
          `${e.blockedURI || 'an inline block'} at ${e.sourceFile}:${e.lineNumber} ` +
          `(${(e.sample || '').slice(0, 60)})`,
      );
    });
  });
  context.on('console', (m) => {
    if (CSP_MESSAGE.test(m.text())) into.push(`${m.type()}: ${m.text()}`);
  });
}

export const test = base.extend<Fixtures>({
  allowPageErrors: [false, { option: true }],

  pageErrors: [
    async ({ page, allowPageErrors }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
      page.on('console', (m) => {
        // CSP reports are counted by their own fixture.
        if (m.type() === 'error' && !handled(m)) {
          errors.push(`console: ${m.text()}`);
        }
      });
      await use(errors);
      if (!allowPageErrors) expect(errors, 'errors thrown in the page').toEqual([]);
    },
    { auto: true },
  ],

  cspViolations: [
    async ({ context, browser }, use) => {
      const violations: string[] = [];
      await watchCsp(context, violations);
      // Contexts the test opens itself (a second person, a kiosk) are watched too.
      const newContext = browser.newContext;
      browser.newContext = async (...args) => {
        const opened = await newContext.apply(browser, args);
        await watchCsp(opened, violations);
        return opened;
      };
      try {
        await use(violations);
      } finally {
        browser.newContext = newContext;
      }
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],

  a11yViolations: [
    async ({}, use) => {
      const violations: string[] = [];
      await use(violations);
      expect(violations, 'accessibility violations (axe, WCAG 2 A/AA)').toEqual([]);
    },
    { auto: true },
  ],

  shot: async ({ page, a11yViolations }, use, testInfo) => {
    await use(async (name: string) => {
      await screenshot(page, testInfo, name);
      a11yViolations.push(...(await axe(page)).map((v) => `${name}: ${v}`));
    });
  },
});

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

type AxeResult = {
  violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
};

/**
 * Runs axe on the page as it is now (WCAG 2 A and AA rules) and describes each violation:
 * the rule, its impact, what it asks and the first elements at fault. axe is evaluated
 * through the DevTools protocol, so the page's Content-Security-Policy does not apply.
 */
export async function axe(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const result = (await page.evaluate(() =>
    // @ts-expect-error axe is the global the source above defines
    window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    }),
  )) as AxeResult;
  return result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ` +
      v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '),
  );
}

/** Saves a full-page screenshot under screenshots/<project>/ and attaches it to the report. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = path.basename(testInfo.file).replace(/\.spec\.ts$/, '');
  const safe = `${file}-${name}`.replace(/[^\p{L}\p{N}._-]+/gu, '_');
  const target = path.join(SCREENSHOTS, testInfo.project.name, `${safe}.png`);
  const body = await page.screenshot({ path: target, fullPage: true });
  await testInfo.attach(name, { body, contentType: 'image/png' });
}

/** Waits until the wasm app has mounted: the loading shell is gone and #app has content. */
export async function waitForApp(page: Page): Promise<void> {
  await expect(page.locator('#app [data-shell]')).toHaveCount(0, { timeout: 20_000 });
  await expect(page.locator('#app > *').first()).toBeAttached();
}

/** Holds every wasm download back until the returned function is called. */
export async function holdWasm(page: Page): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route(/_bg\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/** Starts adding up the page's layout shifts (CLS) from its first paint; read them with
 *  `layoutShift(page)`. Call before the page is opened. */
export async function watchLayoutShift(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { cls: number };
    w.cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
        if (!e.hadRecentInput) w.cls += e.value;
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** The page's layout shifts so far (see `watchLayoutShift`). */
export async function layoutShift(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { cls: number }).cls);
}

/** Opens a path of the app and waits until the app has mounted. */
export async function gotoApp(page: Page, urlPath: string): Promise<void> {
  await page.goto(urlPath);
  await waitForApp(page);
}

let counter = 0;

/** An 11-digit mobile number (1[3-9]…) unique within this run, across workers. */
export function uniquePhone(): string {
  counter += 1;
  const worker = Number(process.env.TEST_WORKER_INDEX ?? 0) % 10;
  const tail = `${Date.now() % 1_000_000}`.padStart(6, '0');
  return `13${worker}${(counter % 100).toString().padStart(2, '0')}${tail}`;
}
