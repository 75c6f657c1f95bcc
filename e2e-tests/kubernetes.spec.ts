import { expect, test } from '@playwright/test';
import {
  saveScreenshot,
  signInAsGuest,
  waitForBackend,
  waitForCatalogEntities,
} from './portal';

test.beforeAll(async () => {
  await waitForBackend();
  await waitForCatalogEntities(['component:default/shared-llm-inference']);
});

test('a component shows its pods on the simulated GPU clusters', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/shared-llm-inference/kubernetes');
  // One card per simulated cluster the component runs on, titled from the topology.
  const prod = page.getByRole('button', {
    name: /Production training and serving on H100/,
  });
  const dev = page.getByRole('button', {
    name: /Development, notebooks and experiments/,
  });
  await expect(prod).toContainText('2 pods');
  await expect(dev).toContainText('1 pod');
  await expect(prod).toContainText('No pods with errors');
  await saveScreenshot(page, 'kubernetes-tab-shared-llm-inference');
});
