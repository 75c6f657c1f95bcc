import { expect, test } from '@playwright/test';
import {
  saveScreenshot,
  signInAsGuest,
  waitForBackend,
  waitForCatalogEntities,
} from './portal';

test.beforeAll(async ({ browser }) => {
  // Printed so the test output shows which browser really ran.
  // eslint-disable-next-line no-console
  console.log(`Browser: ${browser.browserType().name()} ${browser.version()}`);
  await waitForBackend();
  await waitForCatalogEntities([
    'group:default/acme',
    'group:default/recommendations',
    'user:default/guest',
  ]);
});

test('a guest signs in and finds the demo organisation in the catalog', async ({
  page,
}) => {
  await signInAsGuest(page);
  await expect(page).toHaveTitle(/AI Platform Portal/);
  await expect(page).toHaveURL(/\/catalog/);

  await page.goto('/catalog?filters[kind]=group&filters[user]=all');
  const table = page.getByRole('table');
  for (const team of [
    'Acme AI',
    'Infrastructure',
    'Products',
    'Platform Engineering',
    'GPU Infrastructure',
    'Conversational AI',
    'Recommendations',
  ]) {
    await expect(
      table.getByRole('link', { name: team, exact: true }),
    ).toBeVisible();
  }
  await saveScreenshot(page, 'catalog-demo-groups');

  await table.getByRole('link', { name: 'Products', exact: true }).click();
  await expect(
    page.getByRole('heading', { name: 'Products' }).first(),
  ).toBeVisible();
  await expect(page.getByText('Conversational AI').first()).toBeVisible();
  await saveScreenshot(page, 'group-products');
});

test('an unknown address shows the not-found page, not the catalog', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/no-such-page');
  await expect(page.getByText(/404/).first()).toBeVisible();
  await expect(page).toHaveURL(/\/no-such-page$/);
});
