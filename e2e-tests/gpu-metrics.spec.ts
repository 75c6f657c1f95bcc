import { expect, test } from '@playwright/test';
import {
  saveScreenshot,
  signInAsGuest,
  waitForBackend,
  waitForCatalogEntities,
} from './portal';

test.beforeAll(async () => {
  await waitForBackend();
  await waitForCatalogEntities(['component:default/assistant-llm-finetune']);
});

test("a component's GPU usage card shows its utilisation and wasted GPU-hours", async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/assistant-llm-finetune');
  await expect(
    page.getByText('GPU usage', { exact: true }).first(),
  ).toBeVisible();
  await expect(
    page.getByRole('figure', { name: 'GPU utilisation and memory over time' }),
  ).toBeVisible();
  // The simulation holds four H100s of this component without using them.
  await expect(page.getByText(/GPU-hours wasted/).first()).toBeVisible();
  await saveScreenshot(page, 'gpu-usage-entity-card');
});

test('the fleet page draws the heat map and lists idle GPUs', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/gpu-usage');
  // The heat map is the heaviest query (every GPU over the window): on a
  // loaded two-core machine it can take longer than the default 30 s.
  await expect(
    page.getByRole('figure', { name: 'Utilisation heat map' }),
  ).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText('Idle GPUs').first()).toBeVisible();
  await expect(page.getByText('assistant-llm-finetune').first()).toBeVisible();
  // Idle GPUs link to the entity and team that own them.
  const idleTable = page.getByRole('table').filter({ hasText: 'Wasted' });
  await expect(
    idleTable.getByRole('link', { name: /^recommendations$/i }).first(),
  ).toBeVisible();
  await expect(
    idleTable.getByRole('link', { name: 'recs-two-tower-training' }).first(),
  ).toBeVisible();
  await saveScreenshot(page, 'gpu-usage-fleet');
});
