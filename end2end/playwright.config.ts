// Browser tests for Linli. `make e2e` (or `make test`) builds the release site and the
// server first; global-setup.ts then starts the real server on a random port with a
// throwaway database and demo data, and global-teardown.ts stops it.
//
// Playwright drives Debian's chromium (`npx playwright install` cannot work here).
// Two projects run every test: a phone (Pixel 7) and a desktop.

import { defineConfig, devices } from '@playwright/test';

const chromium = {
  executablePath: process.env.LINLI_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  outputDir: './test-results',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  // A retry hides nothing: a test that needed one is reported as flaky.
  retries: process.env.CI ? 1 : 0,
  // Two cores: the server and two browsers already fill them.
  workers: 2,
  // Multi-step flows with screenshots on a busy two-core machine need room.
  timeout: 60_000,
  // A hung run must not eat CI's time budget.
  globalTimeout: process.env.CI ? 20 * 60_000 : 0,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['./summary-reporter.ts']],
  use: {
    // Set by global-setup.ts before the workers start (they inherit its environment).
    baseURL: process.env.LINLI_BASE_URL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // The service worker answers page loads and /pkg/ files itself, out of reach of
    // page.route; tests/pwa.spec.ts allows it where it is what is tested.
    serviceWorkers: 'block',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'phone',
      use: { ...devices['Pixel 7'], launchOptions: chromium },
    },
    {
      name: 'desktop',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1366, height: 860 },
        launchOptions: chromium,
      },
    },
  ],
});
