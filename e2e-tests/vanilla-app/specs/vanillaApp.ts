import { expect, Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The vanilla app's backend, which also serves its built frontend. */
export const BASE_URL = process.env.VANILLA_BASE_URL ?? 'http://127.0.0.1:7407';

/** Where the screenshots of the vanilla apps are kept. */
export const SCREENSHOT_DIR = join(__dirname, '..', 'output', 'screenshots');

export const WEBSITE = 'component:default/example-website';
export const MODEL = 'resource:default/example-llm';

async function guestToken(): Promise<string> {
  const response = await fetch(`${BASE_URL}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!response.ok) {
    throw new Error(`Guest sign-in failed: ${response.status}`);
  }
  return (await response.json()).backstageIdentity.token;
}

/** Polls a backend path as the guest until `done` says yes. */
async function pollAsGuest(
  what: string,
  path: string,
  done: (status: number, body: any) => boolean,
  timeoutMs: number,
  init: RequestInit = {},
): Promise<void> {
  const token = await guestToken();
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const response = await fetch(`${BASE_URL}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    if (done(response.status, body)) return;
    last = `${response.status} ${text.slice(0, 200)}`;
    if (Date.now() > deadline) {
      throw new Error(`${what} not ready after ${timeoutMs} ms: ${last}`);
    }
    await new Promise(resolve => setTimeout(resolve, 2000));
  }
}

/** Waits until the catalog has processed the given entities. */
export function waitForCatalogEntities(entityRefs: string[]): Promise<void> {
  return pollAsGuest(
    `catalog entities ${entityRefs.join(', ')}`,
    '/api/catalog/entities/by-refs',
    (status, body) =>
      status === 200 && body.items.every((item: unknown) => item !== null),
    120_000,
    { method: 'POST', body: JSON.stringify({ entityRefs }) },
  );
}

/** Waits until the compliance backend has evaluated the entity. */
export function waitForCompliance(entityRef: string): Promise<void> {
  return pollAsGuest(
    `compliance results of ${entityRef}`,
    `/api/compliance/entity?${new URLSearchParams({ entityRef })}`,
    (status, body) => status === 200 && body.frameworks?.length > 0,
    240_000,
  );
}

/** Waits until the cost backend has ingested cost for the entity. */
export function waitForCost(entityRef: string): Promise<void> {
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 89 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  return pollAsGuest(
    `cost of ${entityRef}`,
    `/api/cost/costs?${new URLSearchParams({ entityRef, from, to })}`,
    (status, body) => status === 200 && body.total > 0,
    180_000,
  );
}

/** Signs in with the guest provider of the create-app template. */
export async function signInAsGuest(page: Page): Promise<void> {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  // The sidebar's own element counts as hidden in the legacy layout; its
  // links do not.
  const navLink = page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link')
    .first();
  // The legacy template's sign-in page has `auto`: a returning guest skips it.
  await expect(enter.or(navLink)).toBeVisible();
  if (await enter.isVisible()) await enter.click();
  await expect(navLink).toBeVisible();
}

/** A card of the entity page, by its exact title. */
export function card(page: Page, title: string) {
  return page
    .locator('article, .MuiCard-root')
    .filter({ has: page.getByText(title, { exact: true }) })
    .last();
}

/** Saves a full-page screenshot as output/screenshots/<app>-<name>.png. */
export async function saveScreenshot(
  page: Page,
  app: string,
  name: string,
): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // Backstage scrolls inside its page, so a full-page shot stops at the
  // window: grow the window to the content for the shot.
  const viewport = page.viewportSize();
  const height = await page.evaluate(() =>
    Math.max(
      ...Array.from(document.querySelectorAll('main, main *'))
        .slice(0, 200)
        .map(el => el.scrollHeight),
      document.body.scrollHeight,
    ),
  );
  if (viewport) {
    await page.setViewportSize({
      width: viewport.width,
      height: Math.min(Math.max(height, viewport.height), 4000),
    });
  }
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${app}-${name}.png`) });
  if (viewport) await page.setViewportSize(viewport);
}
