// The kiosk's camera button where the browser has no BarcodeDetector (Debian's chromium,
// Firefox, older Safari): video frames go through a canvas to the app's own Rust QR
// decoder. A member opens their card page; the live QR it draws is rasterised into a
// Y4M video that Chromium's fake camera plays (flags only on a browser this test launches,
// so no other test gets a fake camera); the kiosk taps the camera button and greets the
// member. BarcodeDetector is removed before the app loads, so the fallback is what reads
// even on a Chromium that has one. Each test signs in a kiosk account of its own: the
// language a test switches to is saved on the account.

import { test, expect, screenshot, uniquePhone, waitForApp, watchCsp } from './fixtures';
import { chromium, type APIRequestContext, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';

const PASSWORD = 'linli2026';
const ADMIN = '13800000001';
const USER_PASSWORD = 'linli-test-2026';
const W = 640;
const H = 480;

/** A new account with the kiosk role where the demo admin holds theirs; answers its phone. */
async function newKiosk(request: APIRequestContext): Promise<string> {
  const phone = uniquePhone();
  const reg = await request.post('/api/v1/auth/register', { data: { name: '摄像头收银台', phone, password: USER_PASSWORD } });
  expect(reg.ok(), await reg.text()).toBeTruthy();
  const id: number = (await reg.json()).id;
  const login = await request.post('/api/v1/auth/login', { data: { phone: ADMIN, password: PASSWORD } });
  expect(login.ok(), await login.text()).toBeTruthy();
  const admin = await (await request.get('/api/v1/me')).json();
  const node: number = admin.roles.find((g: { role: string }) => g.role === 'admin').node_id;
  const grant = await request.post(`/api/v1/users/${id}/roles`, { data: { role: 'kiosk', node_id: node } });
  expect(grant.status(), await grant.text()).toBe(201);
  return phone;
}

async function signInKiosk(page: Page, phone: string): Promise<void> {
  await page.goto('/login?next=%2Fkiosk');
  await waitForApp(page);
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill(USER_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByText('请刷积分卡')).toBeVisible();
}

/**
 * The QR code drawn on `page` as a greyscale 640×480 frame: the code 300 px wide in the
 * middle of a mid-grey table, as a camera held over a phone would see it.
 */
async function qrFrame(page: Page): Promise<number[]> {
  return page.locator('svg.qr').evaluate(
    async (svg, [w, h]) => {
      const img = new Image();
      img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(svg));
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#8c8c8c';
      ctx.fillRect(0, 0, w, h);
      ctx.drawImage(img, (w - 300) / 2, (h - 300) / 2, 300, 300);
      const rgba = ctx.getImageData(0, 0, w, h).data;
      const luma: number[] = [];
      for (let i = 0; i < w * h; i++) {
        luma.push(Math.round(0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]));
      }
      return luma;
    },
    [W, H],
  );
}

/** A one-frame YUV4MPEG2 (I420) video of a greyscale frame; Chromium's fake camera loops it. */
function y4m(luma: number[]): Buffer {
  const header = Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\nFRAME\n`, 'ascii');
  const y = Buffer.from(luma);
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  return Buffer.concat([header, y, chroma]);
}

test('the kiosk reads a member’s live card QR with the camera, without BarcodeDetector', async ({ page, request }, testInfo) => {
  const kioskPhone = await newKiosk(request);
  // A member shows the live QR on their phone.
  const phone = uniquePhone();
  const name = `扫码${phone.slice(-4)}`;
  const reg = await page.request.post('/api/v1/auth/register', { data: { name, phone, password: USER_PASSWORD } });
  expect(reg.ok(), await reg.text()).toBeTruthy();
  await page.goto('/points/card');
  await waitForApp(page);
  await expect(page.locator('svg.qr')).toBeVisible();
  const shown = await page.locator('svg.qr').getAttribute('data-qr');
  expect(shown).toMatch(/^linli:tok:/);
  const video = testInfo.outputPath('card-qr.y4m');
  writeFileSync(video, y4m(await qrFrame(page)));

  // The token lapses within a minute: the kiosk's browser starts right away.
  const launch = testInfo.project.use.launchOptions ?? {};
  const browser = await chromium.launch({
    ...launch,
    args: [
      ...(launch.args ?? []),
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
  try {
    const { viewport, userAgent, deviceScaleFactor, isMobile, hasTouch, locale, timezoneId, baseURL } =
      testInfo.project.use;
    const context = await browser.newContext({
      viewport,
      userAgent,
      deviceScaleFactor,
      isMobile,
      hasTouch,
      locale,
      timezoneId,
      baseURL,
    });
    // No BarcodeDetector, and every camera stream kept so the test can see it stopped.
    await context.addInitScript(() => {
      delete (window as { BarcodeDetector?: unknown }).BarcodeDetector;
      const w = window as unknown as { cameraStreams: MediaStream[] };
      w.cameraStreams = [];
      const md = navigator.mediaDevices;
      const get = md.getUserMedia.bind(md);
      md.getUserMedia = async (c) => {
        const s = await get(c);
        w.cameraStreams.push(s);
        return s;
      };
    });
    const errors: string[] = [];
    await watchCsp(context, errors);
    const kiosk = await context.newPage();
    kiosk.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
    kiosk.on('console', (m) => {
      if (m.type() === 'error' && /panicked at|RuntimeError|unreachable/.test(m.text())) errors.push(m.text());
    });

    await signInKiosk(kiosk, kioskPhone);
    expect(await kiosk.evaluate(() => 'BarcodeDetector' in window)).toBe(false);

    // The camera button is there although the browser cannot detect codes itself.
    await screenshot(kiosk, testInfo, 'camera-button');
    await kiosk.getByRole('button', { name: '用摄像头扫码' }).click();
    // Read from the camera: the kiosk greets the member the token names.
    await expect(kiosk.locator('.kiosk-member')).toContainText(`您好，${name}`);
    await expect(kiosk.getByTestId('kiosk-balance')).toHaveText('0');
    await expect(kiosk.getByRole('alert')).toHaveCount(0);
    await screenshot(kiosk, testInfo, 'camera-read');
    // The camera is off once the code is read.
    const live = await kiosk.evaluate(() =>
      (window as unknown as { cameraStreams: MediaStream[] }).cameraStreams.flatMap((s) =>
        s.getTracks().map((t) => t.readyState),
      ),
    );
    expect(live.length).toBeGreaterThan(0);
    expect(live.every((state) => state === 'ended')).toBe(true);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
});

test('without a camera the kiosk says so, in the language on screen', async ({ page, context, request }) => {
  // The test browser has no camera device at all; permission is granted so what fails
  // is finding one.
  await context.grantPermissions(['camera']);
  await signInKiosk(page, await newKiosk(request));
  await page.getByRole('button', { name: '用摄像头扫码' }).click();
  await expect(page.getByRole('alert')).toHaveText('没有找到摄像头，请用扫码器或输入卡号。');
  // The button is back for another try, and the message follows the language switch.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('alert')).toHaveText('No camera was found; use the scanner or type the number.');
  await page.getByRole('button', { name: 'Scan with the camera' }).click();
  await expect(page.getByRole('alert')).toHaveText('No camera was found; use the scanner or type the number.');
  await expect(page.locator('video')).toBeHidden();
});
