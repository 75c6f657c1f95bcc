import { expect, test } from '@playwright/test';
import { wordsBrokenInside } from './layout';
import {
  saveScreenshot,
  signInAsGuest,
  waitForBackend,
  waitForCatalogEntities,
} from './portal';

test.beforeAll(async () => {
  await waitForBackend();
  await waitForCatalogEntities([
    'user:default/guest',
    'group:default/conversational-ai',
  ]);
});

test('a developer requests GPUs in the form and sees the grant active', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/gpu/request');
  const form = page.getByRole('form', { name: 'GPU request' });
  await expect(form).toBeVisible();

  // Only the guest's own teams are offered.
  const team = form.getByLabel('Team');
  await expect(
    team.locator('option', { hasText: 'Conversational AI' }),
  ).toHaveCount(1);
  await expect(
    team.locator('option', { hasText: 'Recommendations' }),
  ).toHaveCount(0);
  await team.selectOption('group:default/conversational-ai');
  await form.getByLabel('Cluster').selectOption('gpu-prod');
  await form.getByLabel('GPU class').selectOption('h100');
  await form.getByLabel('Count').fill('2');
  await form.getByRole('button', { name: '1d' }).click();
  await form.getByLabel('Purpose').selectOption('fine-tuning');
  await form.getByLabel('Data classification').selectOption('confidential');
  await form
    .getByLabel('Justification')
    .fill('LoRA fine-tuning of the assistant on support transcripts');

  // The live summary prices the request as it is typed: 2 GPUs x 24 h x $4.50.
  const summary = page.getByRole('complementary', { name: 'Request summary' });
  await expect(summary).toContainText('48');
  await expect(summary).toContainText('216');
  await saveScreenshot(page, 'gpu-request-form');

  await form.getByRole('button', { name: 'Request GPUs' }).click();
  await expect(
    page.getByRole('heading', { name: 'GPUs granted' }),
  ).toBeVisible();
  await expect(
    page.getByText(/gpu-conversational-ai-[0-9a-f]{8}/).first(),
  ).toBeVisible();
  await expect(
    page
      .getByText(/kubectl --context gpu-prod -n gpu-conversational-ai-/)
      .first(),
  ).toBeVisible();
  await saveScreenshot(page, 'gpu-request-granted');

  await page.goto('/gpu/requests');
  await expect(
    page.getByRole('cell', { name: /active/i }).first(),
  ).toBeVisible();
  await saveScreenshot(page, 'gpu-my-requests');

  // The team's page shows what it holds.
  await page.goto('/catalog/default/group/conversational-ai');
  const card = page.getByText('GPU allocations').first();
  await expect(card).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Open GPU provisioning' }),
  ).toBeVisible();
  await saveScreenshot(page, 'gpu-allocations-card-group');

  // In the page's narrow cards, names wrap between words, never inside one
  // (Backstage's tables break words: "Conversation / al AI").
  const idleGrants = page.getByRole('table').filter({ hasText: 'Idle hours' });
  const teamLink = idleGrants
    .getByRole('link', { name: 'Conversational AI' })
    .first();
  await expect(teamLink).toBeVisible();
  expect(await wordsBrokenInside(teamLink)).toEqual([]);
  const entities = page
    .getByRole('table')
    .filter({ hasText: 'Mean utilisation' })
    .getByRole('link');
  await expect(entities.first()).toBeVisible();
  for (const entity of await entities.all()) {
    expect(await wordsBrokenInside(entity)).toEqual([]);
  }
});

test('the capacity view draws each cluster', async ({ page }) => {
  await signInAsGuest(page);
  await page.goto('/gpu/capacity');
  await expect(
    page.getByRole('figure', { name: 'Whole GPUs on gpu-prod' }),
  ).toBeVisible();
  await expect(
    page.getByRole('figure', { name: 'MIG instances on gpu-prod' }),
  ).toBeVisible();
  await expect(
    page.getByRole('figure', { name: 'Whole GPUs on gpu-dev' }),
  ).toBeVisible();
  await saveScreenshot(page, 'gpu-capacity');
});
