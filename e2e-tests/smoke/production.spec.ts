import { APIRequestContext, expect, request, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { APP_URL } from '../portalAddress';

/**
 * The backend itself, as oauth2-proxy reaches it (the test's Node requests
 * cannot resolve portal.test, the address the browser uses).
 */
const UPSTREAM_URL = `http://127.0.0.1:${new URL(APP_URL).port}`;

/** A person of the organisation, as oauth2-proxy forwards them after sign-in. */
const USER = 'mei.mlplatform';
const PROXY_HEADERS = {
  'x-forwarded-user': USER,
  'x-forwarded-email': 'mei.mlplatform@acme.example',
};
const SCREENSHOT_DIR = join(__dirname, '..', 'output', 'screenshots', 'smoke');

// The browser reaches the portal as it would behind oauth2-proxy: with the
// headers the proxy adds to every request it lets through.
test.use({ extraHTTPHeaders: PROXY_HEADERS });

/** The identity the backend's oauth2Proxy provider gives for these headers. */
async function signInThroughProxy(api: APIRequestContext) {
  return api.get('/api/auth/oauth2Proxy/refresh', {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
}

/** Requests as oauth2-proxy sends them upstream, with or without a user. */
function upstream(headers: Record<string, string>) {
  return request.newContext({
    baseURL: UPSTREAM_URL,
    extraHTTPHeaders: headers,
  });
}

test.beforeAll(async () => {
  // A fresh portal ingests the organisation from its catalog locations first;
  // until then the user has no entity to sign in as.
  test.setTimeout(300_000);
  const api = await upstream(PROXY_HEADERS);
  await expect
    .poll(async () => (await signInThroughProxy(api)).status(), {
      timeout: 240_000,
      intervals: [2000],
    })
    .toBe(200);
  const identity = await (await signInThroughProxy(api)).json();
  expect(identity.backstageIdentity.identity.userEntityRef).toBe(
    `user:default/${USER}`,
  );
  await api.dispose();
});

test('a user signed in by oauth2-proxy opens every page of the suite', async ({
  page,
}) => {
  await page.goto('/');
  const sidebar = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    sidebar.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();

  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const [path, heading] of [
    ['/catalog', 'Catalog'],
    ['/gpu', 'GPU provisioning'],
    ['/gpu-usage', 'GPU usage'],
    ['/cost', 'Cost'],
    ['/compliance', 'Compliance'],
    ['/models', 'Models'],
  ]) {
    await page.goto(path);
    await expect(
      page.getByRole('heading', { name: heading, exact: true }).first(),
    ).toBeVisible();
    // Loaded with the user's token: no request of the page was refused.
    await expect(page.getByRole('progressbar')).toHaveCount(0, {
      timeout: 60_000,
    });
    await expect(
      page.getByText(/Unauthorized|Forbidden|Missing credentials/),
    ).toHaveCount(0);
    await page.screenshot({
      path: join(SCREENSHOT_DIR, `${path.slice(1)}.png`),
      fullPage: true,
    });
  }

  // The organisation came from the catalog on PostgreSQL: the user's team is there.
  await page.goto(`/catalog/default/user/${USER}`);
  await expect(page.getByText('ML Platform').first()).toBeVisible();
});

test('without the proxy nobody is signed in, and guest sign-in is off', async ({
  browser,
  baseURL,
}) => {
  const api = await upstream({});
  const refresh = await signInThroughProxy(api);
  // The provider's resolver refuses a request without X-Forwarded-User.
  expect(refresh.ok()).toBe(false);
  expect((await refresh.json()).error.message).toContain(
    'Request did not contain a user',
  );
  const guest = await api.get('/api/auth/guest/refresh', {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  expect(guest.status()).toBe(404);
  await api.dispose();

  const context = await browser.newContext({ baseURL, extraHTTPHeaders: {} });
  const page = await context.newPage();
  await page.goto('/');
  await expect(
    page.getByText(/You do not appear to be signed in/),
  ).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'sidebar nav' }),
  ).not.toBeVisible();
  await context.close();
});
