import { expect, test } from '@playwright/test';
import {
  saveScreenshot,
  signInAsGuest,
  waitForBackend,
  waitForCatalogEntities,
  waitForCostData,
} from './portal';

test.beforeAll(async () => {
  await waitForBackend();
  await waitForCatalogEntities([
    'group:default/products',
    'component:default/assistant-api',
  ]);
  await waitForCostData('group:default/products');
});

test("a manager sees the Products department's cost with its child teams", async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/group/products/cost');
  await expect(
    page.getByRole('figure', { name: 'Spend by team over time' }),
  ).toBeVisible();
  // The department's child teams, each with its spend, in the teams table.
  const teams = page.getByRole('table').filter({ hasText: 'Monthly budget' });
  await expect(
    teams.getByRole('link', { name: /Conversational AI|conversational-ai/ }),
  ).toBeVisible();
  await expect(
    teams.getByRole('link', { name: /Search Relevance|search-relevance/ }),
  ).toBeVisible();
  await expect(teams.getByText(/^\$[\d,]+\.\d\d$/).first()).toBeVisible();
  await expect(page.getByText('Top services')).toBeVisible();
  await expect(page.getByText('Idle GPU waste').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Export CSV' })).toBeVisible();
  await saveScreenshot(page, 'cost-group-products');

  // The CSV export downloads the same report.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  expect((await download).suggestedFilename()).toMatch(
    /^cost-default-products-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/,
  );
});

test('a component shows its cost card', async ({ page }) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/assistant-api');
  await expect(
    page.getByRole('figure', { name: 'Daily cost over the last three months' }),
  ).toBeVisible();
  await expect(page.getByText(/^This month \(/)).toBeVisible();
  await expect(page.getByText('Idle GPU waste this month')).toBeVisible();
  await expect(
    page.getByRole('list', { name: 'Cost by service' }),
  ).toBeVisible();
  await saveScreenshot(page, 'cost-entity-card');
});

test('the cost explorer charts the spend and ranks the top spenders', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto(
    '/cost?entityRef=group:default/products&granularity=week&splitBy=childTeam',
  );
  await expect(
    page.getByRole('figure', { name: 'Cost over time' }),
  ).toBeVisible();
  await expect(page.getByText('Breakdown')).toBeVisible();
  await expect(page.getByText('Top spenders')).toBeVisible();
  // The sidebar links to the explorer.
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Cost', exact: true }),
  ).toBeVisible();
  await saveScreenshot(page, 'cost-explorer');
});
