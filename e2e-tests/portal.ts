import {
  Browser,
  BrowserContext,
  expect,
  Locator,
  Page,
} from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BACKEND_URL } from './portalAddress';

/** The portal's runtime state folder, as scripts/start lays it out. */
export const DATA_DIR =
  process.env.AI_PLATFORM_DATA_DIR ?? join(__dirname, '..', '.data');

/** Where screenshots are kept, as artefacts of the test run. */
export const SCREENSHOT_DIR = join(__dirname, 'output', 'screenshots');

/** Waits until the backend answers its readiness probe. */
export async function waitForBackend(timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(
        `${BACKEND_URL}/.backstage/health/v1/readiness`,
      );
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Backend not ready at ${BACKEND_URL} after ${timeoutMs} ms`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

/** A backend token for the guest user, as the frontend gets it. */
async function guestToken(): Promise<string> {
  const response = await fetch(`${BACKEND_URL}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!response.ok) {
    throw new Error(`Guest sign-in failed: ${response.status}`);
  }
  return (await response.json()).backstageIdentity.token;
}

/**
 * Waits until the catalog has ingested the given entities: a fresh portal
 * processes its locations in the background after start-up.
 */
export async function waitForCatalogEntities(
  entityRefs: string[],
  timeoutMs = 120_000,
): Promise<void> {
  const token = await guestToken();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(
      `${BACKEND_URL}/api/catalog/entities/by-refs`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ entityRefs, fields: ['metadata.name'] }),
      },
    );
    if (response.ok) {
      const { items } = await response.json();
      if (items.every((item: unknown) => item !== null)) return;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Catalog lacks ${entityRefs.join(', ')} after ${timeoutMs} ms`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

/** Signs in with the guest provider, as a new user of the embedded default does. */
export async function signInAsGuest(page: Page): Promise<void> {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  const sidebar = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    sidebar.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

/**
 * Opens the portal in a browser context of its own, signed in as a person of
 * the demo organisation (a User entity's name, such as `priya.platform`)
 * through the backend's oauth2Proxy provider, which app-config.e2e.yaml turns
 * on: a second identity beside the guest's. The context sends the headers
 * oauth2-proxy adds to the requests it lets through, and the sign-in the
 * e2e portal shows (guest) asks the oauth2Proxy provider instead of the guest
 * one. Both are the same proxied sign-in (`/api/auth/<provider>/refresh`,
 * which the app's oauth2Proxy sign-in page calls too), so every request of
 * the page carries that user's token, as behind oauth2-proxy.
 */
export async function signInThroughProxy(
  browser: Browser,
  user: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    extraHTTPHeaders: {
      'x-forwarded-user': user,
      'x-forwarded-email': `${user}@acme.example`,
    },
  });
  // A portal started without app-config.e2e.yaml has no such provider.
  const probe = await context.request.get(
    `${BACKEND_URL}/api/auth/oauth2Proxy/refresh`,
    { headers: { 'x-requested-with': 'XMLHttpRequest' } },
  );
  if (!probe.ok()) {
    throw new Error(
      `Cannot sign in as ${user} through the oauth2Proxy provider (${probe.status()}): is the portal running with e2e-tests/app-config.e2e.yaml, and is ${user} in its catalog?`,
    );
  }
  await context.route(/\/api\/auth\/guest\/refresh(\?|$)/, route =>
    route.continue({
      url: route
        .request()
        .url()
        .replace('/api/auth/guest/refresh', '/api/auth/oauth2Proxy/refresh'),
    }),
  );
  const page = await context.newPage();
  await signInAsGuest(page);
  return { context, page };
}

/**
 * Scrolls a line of a scaffolder task's log into view. The log viewer
 * re-renders its lines as output and the search filter arrive, so a line
 * found may be replaced before it is scrolled to: it is found again until
 * the scroll holds.
 */
export async function scrollToLogLine(line: Locator) {
  await expect(line).toBeVisible();
  await expect(async () => {
    await line.scrollIntoViewIfNeeded({ timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
}

/** Saves a full-page screenshot under e2e-tests/output/screenshots. */
export async function saveScreenshot(
  page: Page,
  name: string,
): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Waits until the compliance backend has evaluated the given entities: its
 * first full run starts shortly after the catalog has ingested them.
 */
export async function waitForComplianceResults(
  entityRefs: string[],
  timeoutMs = 240_000,
): Promise<void> {
  const token = await guestToken();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const statuses = await Promise.all(
      entityRefs.map(async entityRef => {
        const response = await fetch(
          `${BACKEND_URL}/api/compliance/entity?${new URLSearchParams({
            entityRef,
          })}`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        return response.status;
      }),
    );
    if (statuses.every(s => s === 200)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `No compliance results for ${entityRefs.join(
          ', ',
        )} after ${timeoutMs} ms (${statuses.join(', ')})`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 2000));
  }
}

/**
 * Waits until the cost backend has cost for an entity or group in the last
 * 90 days: the portal ingests the generated demo billing files and prices
 * the GPU grants in the background after start-up.
 */
export async function waitForCostData(
  entityRef: string,
  timeoutMs = 240_000,
): Promise<void> {
  const token = await guestToken();
  const deadline = Date.now() + timeoutMs;
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 89 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  let last = '';
  for (;;) {
    const response = await fetch(
      `${BACKEND_URL}/api/cost/costs?${new URLSearchParams({
        entityRef,
        from,
        to,
      })}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    if (response.ok) {
      const { total } = await response.json();
      if (total > 0) return;
      last = `total ${total}`;
    } else {
      last = `${response.status} ${await response.text()}`;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `No cost for ${entityRef} after ${timeoutMs} ms (${last})`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 2000));
  }
}
