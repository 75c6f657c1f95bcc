import { expect, test } from '@playwright/test';
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

// A fresh create-app app (new frontend system, `app.packages: all`) with the
// suite installed as the package READMEs say: nothing in App.tsx.
const APP = 'default-app';

test.beforeAll(async () => {
  await waitForCatalogEntities([
    'user:default/guest',
    'group:default/guests',
    WEBSITE,
    MODEL,
  ]);
});

test('the suite is discovered: its pages are in the sidebar', async ({
  page,
}) => {
  await signInAsGuest(page);
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  for (const title of [
    'GPU provisioning',
    'GPU usage',
    'Cost',
    'Compliance',
    'Models',
    'Golden paths',
  ]) {
    await expect(nav.getByRole('link', { name: title })).toBeVisible();
  }
  await saveScreenshot(page, APP, 'home');
});

test('a guest opens /gpu and requests GPUs for their team', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/gpu');
  await expect(
    page.getByRole('heading', { name: 'GPU provisioning' }).first(),
  ).toBeVisible();
  await expect(
    page.getByRole('figure', { name: 'Whole GPUs on gpu-prod' }),
  ).toBeVisible();
  await saveScreenshot(page, APP, 'gpu-capacity');

  await page.getByRole('tab', { name: 'Request GPUs' }).click();
  const form = page.getByRole('form', { name: 'GPU request' });
  await expect(form).toBeVisible();
  await form.getByLabel('Team').selectOption('group:default/guests');
  await form.getByLabel('Component or system (optional)').selectOption(WEBSITE);
  await form.getByLabel('Cluster').selectOption('gpu-prod');
  await form.getByLabel('GPU class').selectOption('h100');
  await form.getByLabel('Count').fill('1');
  await form.getByRole('button', { name: '1d' }).click();
  await form.getByLabel('Purpose').selectOption('inference');
  await form.getByLabel('Data classification').selectOption('internal');
  await form
    .getByLabel('Justification')
    .fill('Serving the example website from a vanilla Backstage app');
  // 1 GPU x 24 h x $4.50, from the GPU classes the README configures.
  const summary = page.getByRole('complementary', { name: 'Request summary' });
  await expect(summary).toContainText('108');
  await saveScreenshot(page, APP, 'gpu-request-form');

  await form.getByRole('button', { name: 'Request GPUs' }).click();
  await expect(
    page.getByRole('heading', { name: 'GPUs granted' }),
  ).toBeVisible();
  // The team's namespace for the component: gpu-<team>-<component>-<id>.
  await expect(
    page.getByText(/gpu-guests-example-website-[0-9a-f]{8}/).first(),
  ).toBeVisible();
  await saveScreenshot(page, APP, 'gpu-request-granted');

  await page.goto('/gpu/requests');
  await expect(
    page.getByRole('cell', { name: /active/i }).first(),
  ).toBeVisible();
  await saveScreenshot(page, APP, 'gpu-my-requests');
});

test("the website's page shows the cost, GPU usage, compliance and GPU allocation cards", async ({
  page,
}) => {
  await waitForCost(WEBSITE);
  await waitForCompliance(WEBSITE);
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/example-website');

  const cost = card(page, 'Cost');
  await expect(cost.getByText(/^This month \(/)).toBeVisible();
  await expect(
    cost.getByRole('figure', { name: 'Daily cost over the last three months' }),
  ).toBeVisible();

  const usage = card(page, 'GPU usage');
  // The headline figure (the idle grants table below has a column of that name).
  await expect(
    usage.locator('dt').filter({ hasText: 'GPUs held' }),
  ).toBeVisible();
  await expect(
    usage.getByRole('figure', {
      name: 'GPU utilisation and memory over time',
    }),
  ).toBeVisible();

  const compliance = card(page, 'Compliance');
  await expect(
    compliance.getByText('SOC 2 (Trust Services Criteria)').first(),
  ).toBeVisible();

  const allocations = card(page, 'GPU allocations');
  await expect(
    allocations.getByRole('link', { name: 'Open GPU provisioning' }),
  ).toBeVisible();
  await saveScreenshot(page, APP, 'entity-example-website');

  // The new frontend system's entity page links its tabs in a navigation.
  await page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name: 'Compliance' })
    .click();
  await expect(page.getByRole('heading', { name: 'Checks' })).toBeVisible();
  await saveScreenshot(page, APP, 'entity-example-website-compliance');
});

test("a model's page shows the model cards and tab", async ({ page }) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/resource/example-llm');
  const model = card(page, 'Model');
  await expect(model.getByText('text-generation')).toBeVisible();
  await expect(card(page, 'GPU fit')).toBeVisible();
  await expect(card(page, 'Deployments')).toBeVisible();
  await saveScreenshot(page, APP, 'entity-example-llm');

  await page.goto('/models');
  await expect(page.getByText('Example LLM 8B').first()).toBeVisible();
  await saveScreenshot(page, APP, 'models');
});

test('the fleet, cost, compliance and golden-paths pages render', async ({
  page,
}) => {
  // The compliance heat map needs the first evaluation's results.
  await waitForCompliance(WEBSITE);
  await signInAsGuest(page);
  await page.goto('/gpu-usage');
  await expect(
    page.getByRole('heading', { name: 'GPU usage' }).first(),
  ).toBeVisible();
  await expect(page.getByText('Idle GPUs').first()).toBeVisible();
  await saveScreenshot(page, APP, 'gpu-usage');

  await page.goto('/cost?entityRef=group:default/guests');
  await expect(
    page.getByRole('figure', { name: 'Cost over time' }),
  ).toBeVisible();
  await saveScreenshot(page, APP, 'cost');

  await page.goto('/compliance');
  await expect(
    page.getByRole('table', { name: 'Compliance heat map' }),
  ).toBeVisible();
  await saveScreenshot(page, APP, 'compliance');

  // No suite template is registered here: the fleet page's empty state.
  await page.goto('/golden-paths');
  await expect(page.getByText('No suite templates yet')).toBeVisible();
  await saveScreenshot(page, APP, 'golden-paths');
});
