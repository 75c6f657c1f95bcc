import { expect, test } from '@playwright/test';
import {
  saveScreenshot,
  signInAsGuest,
  waitForBackend,
  waitForCatalogEntities,
} from './portal';

// A user in Berlin: a zone away from UTC, so the form's local time and the
// UTC it sends differ, and 24-hour times.
const TIME_ZONE = 'Europe/Berlin';
test.use({
  timezoneId: TIME_ZONE,
  locale: 'en-GB',
  viewport: { width: 1440, height: 900 },
});

test.beforeAll(async () => {
  await waitForBackend();
  await waitForCatalogEntities([
    'user:default/guest',
    'group:default/conversational-ai',
  ]);
});

/** Tomorrow in the test's zone: the cell label's day and the input's date. */
function tomorrow(): { day: string; date: string } {
  const at = new Date(Date.now() + 24 * 3_600_000);
  const day = at.toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: TIME_ZONE,
  });
  // en-CA writes dates as YYYY-MM-DD.
  const date = at.toLocaleDateString('en-CA', { timeZone: TIME_ZONE });
  return { day, date };
}

function teamFreeOf(label: string | null): number {
  const match = /team: (\d+) of \d+/.exec(label ?? '');
  if (!match) throw new Error(`No team figure in "${label}"`);
  return Number(match[1]);
}

test('a developer books GPUs for tomorrow in the calendar and sees the booking scheduled', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/gpu/request');
  const form = page.getByRole('form', { name: 'GPU request' });
  await form.getByLabel('Team').selectOption('group:default/conversational-ai');
  await form.getByLabel('Cluster').selectOption('gpu-prod');
  await form.getByLabel('GPU class').selectOption('h100');
  await form.getByLabel('Count').fill('1');
  await form.getByLabel('Duration (hours)').fill('4');
  await form
    .getByLabel('Justification')
    .fill('Evaluation run of the assistant, booked for tomorrow morning');

  // The calendar: 14 days of H100 on gpu-prod, the team's quota in each hour.
  const calendar = page.getByRole('table', {
    name: 'Capacity by day and hour',
  });
  await expect(calendar).toBeVisible();
  const { day, date } = tomorrow();
  const nine = calendar.getByRole('button', {
    name: new RegExp(`^${day} 09:00: \\d+ of \\d+ free \\(team: \\d+ of 8\\)$`),
  });
  const teamFreeBefore = teamFreeOf(await nine.getAttribute('aria-label'));
  await nine.hover();
  await expect(page.getByTestId('calendar-details')).toHaveText(
    (await nine.getAttribute('aria-label'))!,
  );

  // Clicking a free hour starts the request then, in local time.
  await nine.click();
  await expect(form.getByRole('radio', { name: 'Later' })).toBeChecked();
  await expect(form.getByLabel('Start (your local time)')).toHaveValue(
    `${date}T09:00`,
  );
  const summary = page.getByRole('complementary', { name: 'Request summary' });
  await expect(summary).toContainText('Booked for');
  await expect(summary).toContainText('09:00 – 13:00');
  await saveScreenshot(page, 'gpu-reservation-form');

  await form.getByRole('button', { name: 'Book GPUs' }).click();
  await expect(
    page.getByRole('heading', { name: /^Booked for .*09:00 – 13:00/ }),
  ).toBeVisible();
  await expect(page.getByText('Scheduled').first()).toBeVisible();
  await saveScreenshot(page, 'gpu-reservation-booked');

  // The calendar counts the booking against the team from then on.
  await page.getByRole('button', { name: 'Request more GPUs' }).click();
  await expect(calendar).toBeVisible();
  await expect
    .poll(async () => teamFreeOf(await nine.getAttribute('aria-label')))
    .toBe(teamFreeBefore - 1);
  await nine.scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'gpu-reservation-calendar');

  // My requests: the booking is Scheduled, says when it starts, and can be cancelled.
  await page.goto('/gpu/requests');
  const row = page
    .getByRole('row')
    .filter({ hasText: 'Scheduled' })
    .filter({ hasText: 'starts in' })
    .first();
  await expect(row).toBeVisible();
  await expect(row).toContainText('09:00 – 13:00');
  await saveScreenshot(page, 'gpu-reservation-my-requests');

  // The team's card lists it as scheduled, not as GPUs held.
  await page.goto('/catalog/default/group/conversational-ai');
  await expect(
    page.getByText(/booking(s)? scheduled to start later/),
  ).toBeVisible();
  await saveScreenshot(page, 'gpu-reservation-allocations-card');

  await page.goto('/gpu/requests');
  await row.getByRole('button', { name: 'Cancel booking' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cancel this booking?' });
  await dialog.getByRole('button', { name: 'Cancel booking' }).click();
  await expect(page.getByText('Booking cancelled')).toBeVisible();
});
