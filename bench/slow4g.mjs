// See slow4g.sh. Loads <base>/shop in a fresh Chromium context on emulated slow 4G and
// prints the time from navigation start to the first shop tile on screen (its photo
// shown), then to the app mounted over it, and what went over the wire by then (bytes as
// the network layer counted them, and the encoding used).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('../end2end/node_modules/@playwright/test');

const [base, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const SLOW_4G = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};

const browser = await chromium.launch({
  executablePath: process.env.LINLI_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
});
const times = [];
const appTimes = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 412, height: 915 } });
  const page = await context.newPage();
  // The moment the first tile is in the document and laid out, in page time.
  // The first tile with its photo on screen, and the app mounted (the static shell gone).
  await page.addInitScript(() => {
    const look = () => {
      const tile = document.querySelector('[data-testid="item-tile"]');
      const img = tile?.querySelector('img');
      if (window.__tileAt === undefined && tile && tile.getBoundingClientRect().height > 0 && (!img || img.complete)) {
        window.__tileAt = performance.now();
      }
      if (window.__appAt === undefined && tile && !document.querySelector('#app [data-shell]')) {
        window.__appAt = performance.now();
      }
    };
    new MutationObserver(look).observe(document, { childList: true, subtree: true });
    document.addEventListener('load', look, true);
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  let bytes = 0;
  const encodings = new Set();
  cdp.on('Network.loadingFinished', (e) => (bytes += e.encodedDataLength));
  cdp.on('Network.responseReceived', (e) => {
    const enc = e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'];
    if (e.response.url.includes('/pkg/')) encodings.add(enc ?? 'none');
  });
  await page.goto(`${base}/shop`);
  await page.waitForFunction(() => window.__tileAt !== undefined, null, { timeout: 60_000 });
  const seen = bytes;
  await page.waitForFunction(() => window.__appAt !== undefined, null, { timeout: 60_000 });
  const [ms, app] = await page.evaluate(() => [window.__tileAt, window.__appAt]);
  times.push(ms);
  appTimes.push(app);
  console.log(
    `  run ${i + 1}: shop list with its first photo at ${Math.round(ms)} ms (${seen} bytes on the wire), ` +
      `app mounted at ${Math.round(app)} ms (${bytes} bytes; pkg encoding: ${[...encodings].join(',')})`,
  );
  await context.close();
}
await browser.close();
const median = (xs) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
console.log(`  median over ${runs} runs: shop list ${median(times)} ms, app mounted ${median(appTimes)} ms`);
