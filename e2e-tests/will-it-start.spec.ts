import { expect, test } from '@playwright/test';
import { BACKEND_URL } from './portalAddress';
import {
  saveScreenshot,
  signInAsGuest,
  waitForBackend,
  waitForCatalogEntities,
} from './portal';

// Issue 18: before submitting, a user whose team's quota is taken sees when
// the request would start and why, in one sentence.
test.use({ viewport: { width: 1440, height: 900 } });

const TEAM = 'group:default/conversational-ai';

test.beforeAll(async () => {
  await waitForBackend();
  await waitForCatalogEntities(['user:default/guest', TEAM]);
});

/** The guest's token, as the portal's sign-in gets it. */
async function guestToken(): Promise<string> {
  const res = await fetch(`${BACKEND_URL}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  expect(res.status).toBe(200);
  return (await res.json()).backstageIdentity.token;
}

test('a user sees "starts in about 2 h" and why before asking for GPUs the team has used up, and books them for then', async ({
  page,
}) => {
  // The team's whole L40S quota (4, the default) taken for the next 2 hours.
  const res = await fetch(`${BACKEND_URL}/api/gpu-provisioning/requests`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await guestToken()}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      team: TEAM,
      cluster: 'gpu-dev',
      gpuClass: 'l40s',
      count: 4,
      durationHours: 2,
      purpose: 'training',
      dataClassification: 'internal',
      justification:
        'Fine-tuning run that holds the team L40S quota for 2 hours',
    }),
  });
  expect(res.status).toBe(201);

  await signInAsGuest(page);
  await page.goto('/gpu/request');
  const form = page.getByRole('form', { name: 'GPU request' });
  await form.getByLabel('Team').selectOption(TEAM);
  await form.getByLabel('Cluster').selectOption('gpu-dev');
  await form.getByLabel('GPU class').selectOption('l40s');
  await form.getByLabel('Count').fill('2');
  await form.getByLabel('Duration (hours)').fill('4');
  await form
    .getByLabel('Justification')
    .fill('Evaluation of the assistant on L40S after the fine-tuning run');

  const summary = page.getByRole('complementary', { name: 'Request summary' });
  // The answer in words, then the reason: the grant that frees the quota and
  // the figures that keep the request from starting now.
  await expect(summary).toContainText('In about 2 h');
  await expect(summary).toContainText(
    "Starts in about 2 h, when 1 grant ends: your team's quota has 0 of 4",
  );
  await expect(summary).toContainText('you asked for 2');
  await summary.scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'will-it-start-in-about-2-h');

  // What would let it start: booking it from when the grant ends.
  await summary.getByRole('button', { name: /^Book it from / }).click();
  await expect(form.getByRole('radio', { name: 'Later' })).toBeChecked();
  await expect(summary).toContainText('Booked for');
  await form.getByRole('button', { name: 'Book GPUs' }).click();
  await expect(
    page.getByRole('heading', { name: /^Booked for / }),
  ).toBeVisible();
  await expect(page.getByText('Scheduled').first()).toBeVisible();
  await saveScreenshot(page, 'will-it-start-booked-when-it-frees');
});
