// What a first visit costs on the wire (issue 13): a cold browser opens `/` and `/shop`
// signed out, and every file the site serves until the page is shown (and the network
// is quiet) is counted at the size of its brotli copy in target/site — the bytes a phone
// downloads. The numbers are deterministic for a given build, so this is a size test, not
// a timing test. `make sizes` prints the same total statically.
//
// Issue 13's budget is 160 KB, NOT met yet. The build is at about 274 KB (the main
// module alone is 246 KB: Leptos' reactive and view code for the shell, router, the
// notifications bell, the alarm button, the pages kept in main and the shared messages of
// both languages), so the test only guards against growth while the main module is cut
// further: lower CEILING as it shrinks, down to BUDGET. (Raised from 260 KB when the
// service orders, alarms, statistics, bank and training systems joined; keeping every
// wasm data segment apart so the splitter could move strings to chunks made the main
// module larger, 258 KB, not smaller. Raised from 272 KB when kiosk mode, the signed-out
// session question and the headings' titles and focus joined the shell: 275 KB. Raised
// from 280 KB when the home page began previewing the shop's newest goods and, signed in,
// the projects with places left, and the newcomer's texts (welcome, joining a team, a
// leader's teams) joined every message: 282.4 KB. Raised from 284 KB when the shop's
// search, category and sort moved into the address and the audit log's sentences, the
// time refusals in words and the zero-hour texts joined every message: 285.9 KB.
// Lowered from 288 KB when each area's messages moved into its chunk and the server's own
// texts out of the wasm: 273.9 KB, with refusal reasons on the wire.)

import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, gotoApp } from './fixtures';

const SITE = path.resolve(__dirname, '..', '..', 'target', 'site');
const BUDGET = 160_000;
const CEILING = 276_000;

/** The brotli size of the site file a URL path names (client routes are index.html). */
function brotliSize(urlPath: string): number | undefined {
  const rel = urlPath === '/' || !path.basename(urlPath).includes('.') ? 'index.html' : urlPath.slice(1);
  const file = path.join(SITE, rel);
  if (!fs.existsSync(file)) return undefined;
  const br = `${file}.br`;
  return fs.statSync(fs.existsSync(br) ? br : file).size;
}

/** Records every site file the page fetches; returns them with their brotli sizes. */
function recordSiteFiles(page: Page): Map<string, number> {
  const seen = new Map<string, number>();
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (url.pathname.startsWith('/api/')) return;
    const size = brotliSize(url.pathname);
    if (size !== undefined) seen.set(url.pathname, size);
  });
  return seen;
}

for (const [route, shown] of [
  ['/', (page: Page) => page.getByRole('heading', { level: 1 })],
  ['/shop', (page: Page) => page.getByTestId('item-tile').first()],
] as const) {
  test(`a first visit to ${route} stays within its download budget (brotli)`, async ({ page }, testInfo) => {
    const files = recordSiteFiles(page);
    await gotoApp(page, route);
    await expect(shown(page)).toBeVisible();
    await page.waitForLoadState('networkidle');

    const total = [...files.values()].reduce((a, b) => a + b, 0);
    const lines = [...files].map(([f, n]) => `${f} ${n}`).join('\n');
    await testInfo.attach('first-load', { body: `${lines}\ntotal ${total}\n`, contentType: 'text/plain' });
    console.log(`first load of ${route}: ${total} bytes brotli\n${lines}`);

    // The main module and nothing else: the signed-out home and the shop's list need no
    // area chunk.
    const wasm = [...files.keys()].filter((f) => f.endsWith('.wasm'));
    expect(wasm, 'wasm fetched').toHaveLength(1);
    expect(wasm[0]).toMatch(/^\/pkg\/linli-[0-9a-f]{16}_bg\.wasm$/);
    testInfo.annotations.push({ type: 'budget', description: `${total} of ${BUDGET} bytes` });
    expect(total, `first load of ${route} in bytes (brotli)`).toBeLessThanOrEqual(CEILING);
  });
}
