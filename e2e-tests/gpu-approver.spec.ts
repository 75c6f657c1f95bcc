import { expect, test } from '@playwright/test';
import {
  saveScreenshot,
  signInAsGuest,
  waitForBackend,
  waitForCatalogEntities,
} from './portal';

test.beforeAll(async () => {
  await waitForBackend();
  await waitForCatalogEntities(['user:default/guest']);
});

// The guest is no GPU approver here (gpuProvisioning.approvers is
// platform-engineering only). The page asks the permission backend, as a
// browser, the basic `gpu.approver` permission, gets a definite DENY (a
// resource permission without a ref would be refused with a 400) and shows
// no Approvals tab; nothing probes the approval queue for a 403.
test('a user who is not a GPU approver gets no Approvals tab, from the permission policy', async ({
  page,
}) => {
  const queueProbes: string[] = [];
  page.on('request', request => {
    if (/\/api\/gpu-provisioning\/requests\?.*scope=all/.test(request.url())) {
      queueProbes.push(request.url());
    }
  });
  await signInAsGuest(page);
  const asked = page.waitForResponse(
    response =>
      response.url().endsWith('/api/permission/authorize') &&
      (response.request().postData() ?? '').includes('"gpu.approver"'),
  );
  await page.goto('/gpu');
  const response = await asked;
  expect(response.status()).toBe(200);
  const sent = JSON.parse(response.request().postData()!) as {
    items: Array<{ id: string; permission: { name: string } }>;
  };
  const id = sent.items.find(i => i.permission.name === 'gpu.approver')!.id;
  const answered = (await response.json()) as {
    items: Array<{ id: string; result: string }>;
  };
  expect(answered.items.find(i => i.id === id)?.result).toBe('DENY');

  await expect(page.getByRole('tab', { name: 'My requests' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Approvals' })).toHaveCount(0);
  expect(queueProbes).toEqual([]);
  await saveScreenshot(page, 'gpu-no-approvals-tab');
});
