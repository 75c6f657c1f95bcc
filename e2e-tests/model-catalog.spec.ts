import { expect, test } from '@playwright/test';
import {
  saveScreenshot,
  signInAsGuest,
  waitForBackend,
  waitForCatalogEntities,
} from './portal';

test.beforeAll(async () => {
  await waitForBackend();
  await waitForCatalogEntities(
    [
      'resource:default/llama-3-1-8b-instruct',
      'resource:default/support-assistant-llama-8b',
      'resource:default/bge-large-en-v1-5',
      // The KServe provider's server for the fine-tune, on the simulated gpu-prod.
      'component:default/support-assistant-conversational-ai-gpu-prod',
    ],
    240_000,
  );
});

test('the model explorer searches and filters models, as cards or a table', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/models');
  await expect(page.getByText(/^\d+ of \d+ models$/)).toBeVisible();
  const total = Number(
    (await page.getByText(/^\d+ of \d+ models$/).textContent())!.split(' ')[0],
  );
  expect(total).toBeGreaterThanOrEqual(12);
  await expect(
    page.getByRole('link', { name: 'Llama 3.1 8B Instruct', exact: true }),
  ).toBeVisible();
  await saveScreenshot(page, 'model-explorer');

  const filters = page.getByRole('complementary', { name: 'Filters' });
  await filters.getByRole('checkbox', { name: /^feature-extraction/ }).check();
  await expect(
    page.getByRole('link', { name: 'BGE Large EN v1.5' }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Llama 3.1 8B Instruct', exact: true }),
  ).toHaveCount(0);
  await filters
    .getByRole('checkbox', { name: /^feature-extraction/ })
    .uncheck();

  // Models that fit on one L40S, licensed for Llama, searched by "instruct".
  await filters.getByRole('checkbox', { name: /^l40s/ }).check();
  await filters.getByRole('checkbox', { name: /^llama3\.1/ }).check();
  await page.getByLabel('Search models').fill('instruct');
  await expect(
    page.getByRole('link', { name: 'Llama 3.1 8B Instruct', exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Llama 3.1 70B Instruct', exact: true }),
  ).toHaveCount(0);
  await page.getByRole('button', { name: 'Table' }).click();
  const table = page.getByRole('table');
  await expect(
    table.getByRole('link', { name: 'Llama 3.1 8B Instruct', exact: true }),
  ).toBeVisible();
  // The fine-tune matches too: its description names its base model.
  await expect(table.getByText('8.0B')).toHaveCount(2);
  await saveScreenshot(page, 'model-explorer-filtered-table');
});

test("a model's page shows its card, lineage, deployments, GPU fit and Deploy", async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/resource/support-assistant-llama-8b/model');
  const card = page.getByTestId('model-card-body');
  await expect(
    card.getByRole('heading', {
      name: 'Support Assistant (Llama 3.1 8B fine-tune)',
    }),
  ).toBeVisible();
  await expect(card.getByText(/LoRA fine-tune of Llama 3\.1 8B/)).toBeVisible();
  // Front matter fills what the entity leaves out.
  await expect(
    page.getByText('acme-support-tickets-2026').first(),
  ).toBeVisible();
  // Lineage and deployments come from catalog relations.
  await expect(
    page.getByRole('link', { name: 'Llama 3.1 8B Instruct' }).first(),
  ).toBeVisible();
  await expect(page.getByText('support-assistant (gpu-prod)')).toBeVisible();
  // GPU fit against the gpu-provisioning backend's classes.
  await expect(page.getByText('NVIDIA L40S (45 GiB)')).toBeVisible();
  await expect(page.getByText('champion')).toBeVisible();
  const deploy = page.getByRole('button', { name: 'Deploy' });
  await expect(deploy).toHaveAttribute(
    'href',
    `/create/templates/default/llm-inference-service?formData=${encodeURIComponent(
      JSON.stringify({ model: 'resource:default/support-assistant-llama-8b' }),
    )}`,
  );
  await saveScreenshot(page, 'model-entity-page');
});

test('models are found by Backstage search', async ({ page }) => {
  // The catalog collator indexes on its schedule (every minute in the e2e
  // config); the first run at start-up may precede the models.
  test.setTimeout(360_000);
  await signInAsGuest(page);
  await expect(async () => {
    await page.goto('/search?query=Llama%20Guard');
    await expect(
      page.getByRole('link', { name: /Llama Guard 3 8B/ }).first(),
    ).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 240_000 });
  await saveScreenshot(page, 'model-search');
});
