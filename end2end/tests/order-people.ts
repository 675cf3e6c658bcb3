// People and steps the service-order browser tests share: the demo accounts, signing in,
// a second person's page on the same kind of device, a fresh resident (from people.ts),
// the bell's count.

import { expect } from './fixtures';
import type { Page } from '@playwright/test';

export { PASSWORD, freshResident, personPage, signIn } from './people';
export const LEADER = '13800000002';
export const REVIEWER = '13800000003';
export const SERVICE = '红色帮办代办';

/** The unread count on the bell (0 when it shows none). */
export async function bellCount(page: Page): Promise<number> {
  const count = page.getByTestId('bell-count');
  if (!(await count.isVisible())) return 0;
  return Number(await count.innerText());
}

/** The unread count as the server has it now. */
export async function unread(page: Page): Promise<number> {
  const r = await page.request.get('/api/v1/notifications/unread');
  expect(r.ok()).toBeTruthy();
  return (await r.json()).unread;
}

export async function orderId(page: Page): Promise<number> {
  await expect(page).toHaveURL(/\/services\/orders\/\d+$/);
  return Number(page.url().split('/').pop());
}
