import { expect, test } from '@playwright/test';
import {
  saveScreenshot,
  signInAsGuest,
  waitForBackend,
  waitForCatalogEntities,
} from './portal';

/** The suite's APIs, which its backends publish to the catalog themselves. */
const SUITE_APIS = [
  'api:default/gpu-provisioning-api',
  'api:default/gpu-metrics-api',
  'api:default/cost-api',
  'api:default/compliance-api',
];

test.beforeAll(async () => {
  await waitForBackend();
  await waitForCatalogEntities(SUITE_APIS);
});

test("the GPU provisioning API's page shows its OpenAPI definition", async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/api/gpu-provisioning-api/definition');
  // Swagger UI draws the document read from the backend: its operations.
  const requests = page.locator('.opblock-post', { hasText: '/requests' });
  await expect(requests.first()).toBeVisible();
  await expect(page.getByText('Failed to load API')).toHaveCount(0);
  await saveScreenshot(page, 'api-gpu-provisioning-definition');
});
