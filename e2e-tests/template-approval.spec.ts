import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { APP_URL } from './portalAddress';
import {
  DATA_DIR,
  saveScreenshot,
  scrollToLogLine,
  signInAsGuest,
  signInThroughProxy,
  waitForBackend,
  waitForCatalogEntities,
} from './portal';

// The approver: a member of platform-engineering, the demo's GPU approvers
// (gpuProvisioning.approvers), signed in through the oauth2Proxy provider
// app-config.e2e.yaml adds. The requester is the guest, a member of
// ml-platform, who may not approve their own request.
const APPROVER = 'priya.platform';
const cleanups: Array<() => void> = [];

test.afterAll(() => cleanups.forEach(cleanup => cleanup()));

test.beforeAll(async () => {
  // A fresh portal ingests the demo catalog and the templates first.
  test.setTimeout(420_000);
  await waitForBackend();
  await waitForCatalogEntities(
    [
      'user:default/guest',
      `user:default/${APPROVER}`,
      'group:default/ml-platform',
      'system:default/gpu-fleet',
      'template:default/gpu-training-job',
    ],
    300_000,
  );
});

test('a GPU template waits for an approver, who approves it in the portal, and the project is created', async ({
  page,
  browser,
}) => {
  test.setTimeout(420_000);
  // A fresh name per run: published repositories outlive the in-memory catalog.
  const name = `e2e-approval-${Date.now().toString(36)}`;
  const repo = join(DATA_DIR, 'git-repos', name);
  cleanups.push(() => rmSync(repo, { recursive: true, force: true }));
  const justification = `Fine-tuning run ${name}, from the e2e test`;

  // The requester runs the training template with a request above the
  // approval threshold (200 GPU-hours): 2 H100 for 120 hours.
  await signInAsGuest(page);
  await page.goto('/create/templates/default/gpu-training-job');
  // The first visit compiles the scaffolder's chunks: allow for it.
  await expect(
    page.getByRole('heading', { name: /GPU training job/ }).first(),
  ).toBeVisible({ timeout: 120_000 });
  await page.getByLabel(/^Name/).fill(name);
  await page
    .getByLabel(/^Description/)
    .fill('A training job whose GPUs wait for an approver, from the e2e test');
  await page.getByRole('textbox', { name: /^Owner/ }).click();
  await page.getByRole('textbox', { name: /^Owner/ }).fill('ML Platform');
  await page
    .getByRole('option', { name: /ml-platform|ML Platform/i })
    .first()
    .click();
  await page.getByRole('textbox', { name: /^System/ }).click();
  await page.getByRole('textbox', { name: /^System/ }).fill('GPU Fleet');
  await page
    .getByRole('option', { name: /gpu-fleet|GPU Fleet/i })
    .first()
    .click();
  await page.getByLabel(/^Cost centre/).fill('CC-1400');
  await page.getByRole('button', { name: 'Next' }).click();

  const status = page.getByRole('status', {
    name: 'GPU availability and cost',
  });
  await expect(status).toBeVisible();
  await page.getByLabel(/^Cluster/).selectOption('gpu-prod');
  await page.getByLabel(/^GPU class/).selectOption('h100');
  await page.getByLabel(/^Count/).fill('2');
  await page.getByLabel(/^Hours/).fill('120');
  // 2 GPUs x 120 h x $4.50
  await expect(status).toContainText('$1,080.00');
  await expect(status).not.toContainText('…');
  await expect(
    page.getByText(/an approver must approve the request/),
  ).toBeVisible();
  await page.getByLabel(/^Justification/).fill(justification);
  await saveScreenshot(page, 'template-approval-form');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(
    page.getByText('Local git repository (embedded default)'),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  // The task waits, and its log says where an approver decides.
  await expect(page).toHaveURL(/\/create\/tasks\//, { timeout: 60_000 });
  const showLogs = page.getByRole('button', { name: 'Show Logs' });
  await expect(showLogs).toBeVisible();
  await showLogs.click();
  await expect(
    page.getByText(/is waiting for an approver:/).first(),
  ).toBeVisible({ timeout: 120_000 });
  const approvalsLink = page.getByRole('link', {
    name: `${APP_URL}/gpu/approvals`,
  });
  // The log's long line scrolls sideways: show the link in the screenshot.
  await scrollToLogLine(approvalsLink.first());
  await expect(
    page.getByRole('link', { name: 'Open in the catalog' }),
  ).toHaveCount(0);
  await saveScreenshot(page, 'template-approval-waiting');

  // The approver, in a browser context of their own, opens the link the log
  // gives and approves the request.
  const approver = await signInThroughProxy(browser, APPROVER);
  try {
    const approverPage = approver.page;
    await approverPage.goto(
      (await approvalsLink.first().getAttribute('href')) ?? '/gpu/approvals',
    );
    await expect(
      approverPage.getByRole('tab', { name: 'Approvals' }),
    ).toBeVisible();
    const row = approverPage
      .getByRole('row')
      .filter({ hasText: justification });
    await expect(row).toBeVisible();
    await expect(row).toContainText('guest');
    await expect(row).toContainText('ml-platform');
    await expect(row).toContainText('2 ×');
    await saveScreenshot(approverPage, 'template-approval-queue');
    const approved = approverPage.waitForResponse(
      response =>
        /\/api\/gpu-provisioning\/requests\/[0-9a-f-]{36}\/approve$/.test(
          response.url(),
        ) && response.request().method() === 'POST',
    );
    await row.getByRole('button', { name: 'Approve' }).click();
    expect((await approved).status()).toBe(200);
    await expect(
      approverPage.getByText('Approved 2 GPUs for ml-platform'),
    ).toBeVisible();
    await expect(row).toHaveCount(0);
    await saveScreenshot(approverPage, 'template-approval-approved');
  } finally {
    await approver.context.close();
  }

  // Back with the requester: the task goes on and creates the project.
  const open = page.getByRole('link', { name: 'Open in the catalog' });
  await expect(open).toBeVisible({ timeout: 180_000 });
  // The template's output: the request is granted.
  await expect(
    page.getByText(/is\s*(approved|provisioning|active)\s*in namespace/),
  ).toBeVisible();
  // The wait's log names the approver: the log viewer's search scrolls to it.
  await page.getByRole('textbox', { name: 'Search' }).fill('approved by');
  const approvedBy = page
    .getByText(`approved by user:default/${APPROVER}`)
    .first();
  await scrollToLogLine(approvedBy);
  await saveScreenshot(page, 'template-approval-task-done');
  expect(
    execFileSync('git', ['-C', repo, 'log', '--format=%s'], {
      encoding: 'utf8',
    }),
  ).toMatch(/^Project for GPU request [0-9a-f-]{36}\nInitial commit\n$/);
  expect(
    execFileSync('git', ['-C', repo, 'ls-files'], { encoding: 'utf8' }),
  ).toContain('k8s/job.yaml');
  await open.click();

  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/component/${name}`),
  );
  await expect(page.getByRole('heading', { name }).first()).toBeVisible();
  // The approved grant is provisioned for the new component.
  await expect(
    page.getByRole('list', { name: `GPU grants of ${name}` }),
  ).toContainText('Active', { timeout: 60_000 });
  await saveScreenshot(page, 'template-approval-entity');
});
