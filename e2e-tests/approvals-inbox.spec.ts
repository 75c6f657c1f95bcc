import { expect, test } from '@playwright/test';
import { APP_URL } from './portalAddress';
import {
  saveScreenshot,
  scrollToLogLine,
  signInAsGuest,
  signInThroughProxy,
  waitForBackend,
  waitForCatalogEntities,
} from './portal';

// The generic approval: the guest (a member of ml-platform) asks ML Platform
// to publish a model through the model-publish-approval template, and Mei,
// another member of ml-platform signed in through the oauth2Proxy provider
// app-config.e2e.yaml adds, approves it in the golden-paths inbox. The
// guest may not approve their own: the inbox does not show it to them.
const APPROVER = 'mei.mlplatform';
const MODEL = 'llama-3-1-8b-instruct';

test.beforeAll(async () => {
  test.setTimeout(420_000);
  await waitForBackend();
  await waitForCatalogEntities(
    [
      'user:default/guest',
      `user:default/${APPROVER}`,
      'group:default/ml-platform',
      `resource:default/${MODEL}`,
      'template:default/model-publish-approval',
    ],
    300_000,
  );
});

test('a template waits for a named approver group, a member approves in the inbox, and the task goes on', async ({
  page,
  browser,
}) => {
  test.setTimeout(420_000);
  const justification = `Evaluated on the support suite, e2e run ${Date.now().toString(
    36,
  )}`;

  await signInAsGuest(page);
  await page.goto('/create/templates/default/model-publish-approval');
  await expect(
    page.getByRole('heading', { name: /publish a model/i }).first(),
  ).toBeVisible({ timeout: 120_000 });
  await page.getByRole('textbox', { name: /^Model/ }).click();
  await page.getByRole('textbox', { name: /^Model/ }).fill('Llama 3.1 8B');
  await page
    .getByRole('option', { name: /llama-3-1-8b-instruct|Llama 3\.1 8B/i })
    .first()
    .click();
  await page.getByLabel(/^Why/).fill(justification);
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  // The task waits and its log links the inbox.
  await expect(page).toHaveURL(/\/create\/tasks\//, { timeout: 60_000 });
  const showLogs = page.getByRole('button', { name: 'Show Logs' });
  await expect(showLogs).toBeVisible();
  await showLogs.click();
  await expect(
    page
      .getByText(/is waiting for a member of group:default\/ml-platform/)
      .first(),
  ).toBeVisible({ timeout: 120_000 });
  const inboxLink = page.getByRole('link', {
    name: `${APP_URL}/golden-paths/approvals`,
  });
  await scrollToLogLine(inboxLink.first());
  await saveScreenshot(page, 'approvals-inbox-waiting');

  // The requester's own inbox does not offer it to them.
  const own = await page.context().newPage();
  await own.goto('/golden-paths/approvals');
  await expect(
    own
      .getByText('No approvals are waiting for you')
      .or(own.getByRole('row').first()),
  ).toBeVisible({ timeout: 60_000 });
  await expect(
    own.getByRole('row').filter({ hasText: justification }),
  ).toHaveCount(0);
  await own.close();

  const approver = await signInThroughProxy(browser, APPROVER);
  try {
    const inbox = approver.page;
    await inbox.goto(
      (await inboxLink.first().getAttribute('href')) ??
        '/golden-paths/approvals',
    );
    const row = inbox.getByRole('row').filter({ hasText: justification });
    await expect(row).toBeVisible({ timeout: 60_000 });
    // The picker may offer more than one Llama 3.1 8B (fine-tunes the other
    // specs register): whichever was picked, its name is in the title.
    await expect(row).toContainText(/Publish [a-z0-9-]+ to production/);
    await expect(row).toContainText('ml-platform');
    await expect(row).toContainText('guest');
    await saveScreenshot(inbox, 'approvals-inbox-pending');

    await row.getByRole('button', { name: /^Approve/ }).click();
    const dialog = inbox.getByRole('dialog');
    await expect(dialog).toContainText('Approve “Publish ');
    await dialog.getByLabel('Comment').fill('Model card and evals look good');
    const decided = inbox.waitForResponse(
      response =>
        /\/api\/approvals\/approvals\/[0-9a-f-]{36}\/decision$/.test(
          response.url(),
        ) && response.request().method() === 'POST',
    );
    await dialog.getByRole('button', { name: 'Approve' }).click();
    expect((await decided).status()).toBe(200);
    await expect(row).toHaveCount(0);
    await saveScreenshot(inbox, 'approvals-inbox-approved');
  } finally {
    await approver.context.close();
  }

  // The task goes on and ends with the approver named.
  await expect(page.getByRole('link', { name: 'Open the model' })).toBeVisible({
    timeout: 180_000,
  });
  await page.getByRole('textbox', { name: 'Search' }).fill('approved for');
  const approvedBy = page
    .getByText(
      new RegExp(
        `resource:default/[a-z0-9-]+ approved for production by user:default/${APPROVER}`,
      ),
    )
    .first();
  await scrollToLogLine(approvedBy);
  await saveScreenshot(page, 'approvals-inbox-task-done');
});
