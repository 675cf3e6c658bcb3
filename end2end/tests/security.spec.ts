// Browser hardening as Chromium sees it: the page's Content-Security-Policy lets the app
// boot (its inline boot script is allowed by hash) but blocks an injected script, and the
// suite notices the violation; the `__Host-` session cookie is accepted over
// http://127.0.0.1 and signs the person in.

import { test, expect, gotoApp, waitForApp } from './fixtures';

const ADMIN = '13800000001';
const PASSWORD = 'linli2026';

test('the page policy lets the app boot, blocks an injected script, and the violation is caught', async ({
  page,
  cspViolations,
}) => {
  const res = await page.goto('/');
  const csp = res?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  expect(csp).not.toContain('unsafe-inline');
  await waitForApp(page);
  expect(cspViolations).toEqual([]);

  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.injected = true;';
    document.head.append(s);
  });
  await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
  expect(cspViolations.join('\n')).toContain('script-src');
  expect(await page.evaluate(() => (window as { injected?: boolean }).injected)).toBeUndefined();
  // Seen and expected here; anywhere else the fixture fails the test on it.
  cspViolations.length = 0;
});

test('the __Host- session cookie is kept over http://127.0.0.1 and signs in', async ({ page, context }) => {
  await gotoApp(page, '/');
  // The page's own fetch: Chromium sends its Origin, which the server checks.
  const status = await page.evaluate(
    async ([phone, password]) => {
      const r = await fetch('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone, password }),
      });
      return r.status;
    },
    [ADMIN, PASSWORD],
  );
  expect(status).toBe(200);
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === '__Host-linli_session');
  expect(session, JSON.stringify(cookies)).toBeDefined();
  expect(session?.secure).toBe(true);
  expect(session?.httpOnly).toBe(true);
  expect(session?.path).toBe('/');
  const me = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
  expect(me).toBe(200);
});
