import { expect, test } from '@playwright/test';
import {
  saveScreenshot,
  signInAsGuest,
  waitForBackend,
  waitForCatalogEntities,
} from './portal';

// Serving figures read a day of vLLM, DCGM and gateway history from the demo
// Prometheus; on a loaded two-core machine the first answer can be slow.
const SLOW = { timeout: 120_000 };

test.use({ viewport: { width: 1440, height: 1000 } });

test.beforeAll(async () => {
  await waitForBackend();
  await waitForCatalogEntities([
    'resource:default/llama-3-1-70b-instruct',
    'component:default/shared-llm-inference',
    'component:default/assistant-api',
    'group:default/conversational-ai',
  ]);
});

test("a model's page shows what it costs per 1M tokens and who uses it", async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signInAsGuest(page);
  // The KServe model server that serves the model is discovered on a schedule.
  await expect(async () => {
    await page.goto('/catalog/default/resource/llama-3-1-70b-instruct/serving');
    await expect(
      page.getByRole('region', { name: /^Serving of / }).first(),
    ).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 240_000 });
  const section = page.getByRole('region', { name: /^Serving of / }).first();

  const cost = section.getByRole('definition').filter({ hasText: /\$/ });
  await expect(cost.first()).toBeVisible(SLOW);
  const prices = section.getByLabel(/^Serving cost, last /);
  await expect(prices).toContainText('Cost per 1M input tokens');
  await expect(prices).toContainText('Cost per 1M output tokens');
  await expect(prices).toContainText(/\$\d/);
  await expect(section.getByLabel('How the cost is split')).toContainText(
    /prefill|decode|time/i,
  );
  await expect(
    section.getByRole('figure', {
      name: 'Tokens and requests per second over time',
    }),
  ).toBeVisible();

  // The teams' services that call it through the gateway, and the rest.
  const consumers = section
    .getByRole('table')
    .filter({ hasText: 'Unattributed' });
  await expect(consumers).toBeVisible(SLOW);
  for (const caller of [
    'assistant-api',
    'recs-serving',
    'search-embedding-service',
  ]) {
    await expect(consumers.getByText(caller).first()).toBeVisible();
  }
  await saveScreenshot(page, 'serving-economics-model-page');

  // The explorer carries the same unit price, sortable.
  await page.goto('/models');
  await page.getByRole('button', { name: 'Table' }).click();
  await expect(
    page.getByRole('columnheader', { name: /Cost \/ 1M output tokens/ }),
  ).toBeVisible();
  const row = page.getByRole('row').filter({
    has: page.getByRole('link', {
      name: 'Llama 3.1 70B Instruct',
      exact: true,
    }),
  });
  await expect(row).toContainText(/\$\d/, SLOW);
  await saveScreenshot(page, 'serving-economics-model-explorer');
});

test("a consuming team's cost tab shows the inference it used", async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signInAsGuest(page);
  // conversational-ai's assistant-api calls the shared 70B server.
  await page.goto('/catalog/default/group/conversational-ai/cost');
  const used = page.getByRole('table', {
    name: /^Inference used by /,
  });
  await expect(used).toBeVisible(SLOW);
  // The 70B server, named by the model server entity of its InferenceService.
  await expect(used).toContainText('llama-3-1-70b-instruct', SLOW);
  await expect(used).toContainText('meta-llama/Llama-3.1-70B-Instruct');
  const total = used.getByRole('row').filter({ hasText: /^Total/ });
  await expect(total).toContainText(/\$\d/);
  await used.scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'serving-economics-inference-used');
});

test('an idle grant is released from the idle list on the GPU usage page', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signInAsGuest(page);
  // A grant no pod uses: idle from the moment it is granted.
  await page.goto('/gpu/request');
  const form = page.getByRole('form', { name: 'GPU request' });
  await form.getByLabel('Team').selectOption('group:default/ml-platform');
  await form.getByLabel('Cluster').selectOption('gpu-dev');
  await form.getByLabel('GPU class').selectOption('l40s');
  await form.getByLabel('Count').fill('1');
  await form.getByLabel('Duration (hours)').fill('8');
  await form
    .getByLabel('Justification')
    .fill('Evaluation of the 8B model on L40S, then forgotten');
  await form.getByRole('button', { name: 'Request GPUs' }).click();
  await expect(page.getByRole('heading', { name: 'GPUs granted' })).toBeVisible(
    SLOW,
  );

  await page.goto('/gpu-usage');
  const release = page
    .getByRole('button', { name: 'Release 1 GPU of ml-platform on gpu-dev' })
    .first();
  await expect(release).toBeVisible(SLOW);
  const grants = page.getByRole('table').filter({ has: release });
  const before = await grants
    .getByRole('button', { name: 'Release 1 GPU of ml-platform on gpu-dev' })
    .count();
  // The table draws its rows again as later answers arrive (the GPU classes'
  // names); a scroll caught in between finds its button gone (CI, once).
  await expect(async () => {
    await release.scrollIntoViewIfNeeded({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await saveScreenshot(page, 'idle-grants-list');

  await release.click();
  const dialog = page.getByRole('dialog', {
    name: 'Release 1 GPU of ml-platform on gpu-dev?',
  });
  await expect(dialog).toBeVisible();
  await saveScreenshot(page, 'idle-grant-release-dialog');
  await dialog.getByRole('button', { name: 'Release GPUs' }).click();
  await expect(
    page.getByText('Released 1 GPU of ml-platform on gpu-dev').first(),
  ).toBeVisible();
  await expect(
    page.getByRole('button', {
      name: 'Release 1 GPU of ml-platform on gpu-dev',
    }),
  ).toHaveCount(before - 1);
  await saveScreenshot(page, 'idle-grant-released');
});
