// See slow4g.sh. Loads <base>/shop in a fresh Chromium context on emulated slow 4G and
// prints the time from navigation start to the first shop tile on screen, and what went
// over the wire (bytes as the network layer counted them, and the encoding used).
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
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 412, height: 915 } });
  const page = await context.newPage();
  // The moment the first tile is in the document and laid out, in page time.
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      const tile = document.querySelector('[data-testid="item-tile"]');
      if (tile && tile.getBoundingClientRect().height > 0) {
        window.__tileAt = performance.now();
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
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
  const ms = await page.evaluate(() => window.__tileAt);
  times.push(ms);
  console.log(`  run ${i + 1}: shop list visible at ${Math.round(ms)} ms, ${bytes} bytes on the wire (pkg encoding: ${[...encodings].join(',')})`);
  await context.close();
}
await browser.close();
times.sort((a, b) => a - b);
console.log(`  median ${Math.round(times[Math.floor(times.length / 2)])} ms over ${runs} runs`);
