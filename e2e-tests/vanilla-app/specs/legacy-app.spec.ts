import { expect, Locator, test } from '@playwright/test';
import {
  card,
  MODEL,
  saveScreenshot,
  signInAsGuest,
  waitForCatalogEntities,
  waitForCompliance,
  waitForCost,
  WEBSITE,
} from './vanillaApp';

// The frontend of a fresh `create-app --legacy` app with the routes, cards and
// sidebar items the package READMEs' legacy diffs add (the legacy exports).
const APP = 'legacy-app';

test.beforeAll(async () => {
  await waitForCatalogEntities([
    'user:default/guest',
    'group:default/guests',
    WEBSITE,
    MODEL,
  ]);
});

test('the routable pages render', async ({ page }) => {
  // The compliance page draws its heat map once the first evaluation (a
  // scheduled task of the fresh backend) has stored results.
  await waitForCompliance(WEBSITE);
  await signInAsGuest(page);
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  const pages: Array<[string, string, Locator]> = [
    [
      '/gpu/capacity',
      'GPU provisioning',
      page.getByRole('figure', { name: 'Whole GPUs on gpu-prod' }),
    ],
    ['/gpu-usage', 'GPU usage', page.getByText('Idle GPUs').first()],
    [
      '/cost?entityRef=group:default/guests',
      'Cost',
      page.getByRole('figure', { name: 'Cost over time' }),
    ],
    [
      '/compliance',
      'Compliance',
      page.getByRole('table', { name: 'Compliance heat map' }),
    ],
    ['/models', 'Models', page.getByText(/^\d+ of \d+ models?$/)],
    // No suite template is registered here: the fleet page's empty state.
    ['/golden-paths', 'Golden paths', page.getByText('No suite templates yet')],
  ];
  for (const [path, title, content] of pages) {
    await expect(nav.getByRole('link', { name: title })).toBeVisible();
    await page.goto(path);
    await expect(
      page.getByRole('heading', { name: title }).first(),
    ).toBeVisible();
    await expect(content).toBeVisible();
    await saveScreenshot(page, APP, path.slice(1).replace(/[/?=:]+/g, '-'));
  }
});

test("the website's overview shows the suite's cards, and its Compliance tab", async ({
  page,
}) => {
  await waitForCost(WEBSITE);
  await waitForCompliance(WEBSITE);
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/example-website');
  await expect(card(page, 'Cost').getByText(/^This month \(/)).toBeVisible();
  await expect(card(page, 'GPU usage').getByText('GPUs held')).toBeVisible();
  await expect(
    card(page, 'Compliance')
      .getByText('SOC 2 (Trust Services Criteria)')
      .first(),
  ).toBeVisible();
  await expect(
    card(page, 'GPU allocations').getByRole('link', {
      name: 'Open GPU provisioning',
    }),
  ).toBeVisible();
  await saveScreenshot(page, APP, 'entity-example-website');

  await page.getByRole('tab', { name: 'Compliance' }).click();
  await expect(page.getByRole('heading', { name: 'Checks' })).toBeVisible();
});

test("the team's page shows its cards and Cost and Compliance tabs", async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/group/guests');
  await expect(card(page, 'Team GPU usage')).toBeVisible();
  await expect(card(page, 'GPU allocations')).toBeVisible();
  await expect(card(page, 'Cost')).toBeVisible();
  await saveScreenshot(page, APP, 'entity-group-guests');
  await page.getByRole('tab', { name: 'Cost' }).click();
  await expect(page.getByRole('button', { name: 'Export CSV' })).toBeVisible();
  await page.getByRole('tab', { name: 'Compliance' }).click();
  await expect(page.getByText('Trend').first()).toBeVisible();
});

test("a model's page shows its overview card and Model tab", async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/resource/example-llm');
  await expect(card(page, 'Model').getByText('text-generation')).toBeVisible();
  await page.getByRole('tab', { name: 'Model' }).click();
  await expect(card(page, 'GPU fit')).toBeVisible();
  await saveScreenshot(page, APP, 'entity-example-llm');
});
