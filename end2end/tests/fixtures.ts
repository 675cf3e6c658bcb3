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
// - every page fails its test on an uncaught exception or a Rust panic (a wasm crash is
//   never silent); `test.use({ allowPageErrors: true })` turns that off for a file;
// - any Content-Security-Policy violation in any page of the test (its own context or
//   one it opens with `browser.newContext`) fails the test, always; a browser launched by
//   hand is watched with `watchCsp(context, list)`;
// - `shot(name)` saves a full-page screenshot to screenshots/<project>/<file>-<name>.png;
// - `gotoApp(page, path)` opens a client route and waits until the wasm app has replaced
//   the static first paint (the element with `data-shell` inside #app); `holdWasm(page)`
//   keeps the wasm back so that static paint can be looked at;
// - `uniquePhone()` gives a valid mainland mobile number no other test uses (the server
//   and its database are shared by all tests of a run).

import { test as base, expect, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import path from 'node:path';

export { expect };

export const SCREENSHOTS = path.resolve(__dirname, '..', 'screenshots');

type Fixtures = {
  allowPageErrors: boolean;
  pageErrors: string[];
  cspViolations: string[];
  shot: (name: string) => Promise<void>;
};

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
        if (m.type() === 'error' && /panicked at|RuntimeError|unreachable/.test(m.text())) {
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

  shot: async ({ page }, use, testInfo) => {
    await use((name: string) => screenshot(page, testInfo, name));
  },
});

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
