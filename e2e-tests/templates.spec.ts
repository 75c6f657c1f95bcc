import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  DATA_DIR,
  saveScreenshot,
  signInAsGuest,
  waitForBackend,
  waitForCatalogEntities,
} from './portal';

const MODEL = 'resource:default/llama-3-1-8b-instruct';
const cleanups: Array<() => void> = [];

test.afterAll(() => cleanups.forEach(cleanup => cleanup()));

test.beforeAll(async () => {
  // A fresh portal ingests the demo catalog, the models and the templates first.
  test.setTimeout(420_000);
  await waitForBackend();
  await waitForCatalogEntities(
    [
      'user:default/guest',
      'group:default/conversational-ai',
      'system:default/model-serving',
      'template:default/llm-inference-service',
      MODEL,
    ],
    300_000,
  );
});

test('a developer runs llm-inference-service and finds the new server in the catalog with its GPUs granted', async ({
  page,
}) => {
  test.setTimeout(300_000);
  // A fresh name per run: published repositories outlive the in-memory catalog.
  const name = `e2e-llm-${Date.now().toString(36)}`;
  // The repository publish:local-git writes (aiPlatform.scaffolder.localGitRoot),
  // removed afterwards so the demo catalog does not collect test projects.
  const repo = join(DATA_DIR, 'git-repos', name);
  cleanups.push(() => rmSync(repo, { recursive: true, force: true }));
  await signInAsGuest(page);

  // The model page's "Deploy" button opens the template this way.
  await page.goto(
    `/create/templates/default/llm-inference-service?formData=${encodeURIComponent(
      JSON.stringify({ model: MODEL }),
    )}`,
  );
  // The first visit compiles the scaffolder's chunks: allow for it.
  await expect(
    page.getByRole('heading', { name: /LLM inference service/ }).first(),
  ).toBeVisible({ timeout: 120_000 });

  // Project
  await page.getByLabel(/^Name/).fill(name);
  await page
    .getByLabel(/^Description/)
    .fill('Llama 3.1 8B for the support assistant, from the e2e test');
  await page.getByRole('textbox', { name: /^Owner/ }).click();
  await page.getByRole('textbox', { name: /^Owner/ }).fill('Conversational');
  await page
    .getByRole('option', { name: /conversational/i })
    .first()
    .click();
  await page.getByRole('textbox', { name: /^System/ }).click();
  await page.getByRole('textbox', { name: /^System/ }).fill('Model Serving');
  await page
    .getByRole('option', { name: /model-serving|Model Serving/i })
    .first()
    .click();
  await page.getByLabel(/^Cost centre/).fill('CC-1300');
  await page.getByRole('button', { name: 'Next' }).click();

  // GPUs, fed live by GPU provisioning
  const status = page.getByRole('status', {
    name: 'GPU availability and cost',
  });
  await expect(status).toBeVisible();
  await page.getByLabel(/^Cluster/).selectOption('gpu-prod');
  await page.getByLabel(/^GPU class/).selectOption('h100');
  await page.getByLabel(/^Count/).fill('1');
  await page.getByLabel(/^Hours/).fill('24');
  // 1 GPU x 24 h x $4.50
  await expect(status).toContainText('$108.00');
  await expect(status).toContainText(/Team quota left\s*\d+ GPUs/);
  await expect(status).not.toContainText('…');
  await page
    .getByLabel(/^Justification/)
    .fill('Serving the support assistant model for the e2e test');
  await saveScreenshot(page, 'templates-llm-inference-form');
  await page.getByRole('button', { name: 'Next' }).click();

  // Repository: the embedded default publishes to a local git repository.
  await expect(
    page.getByText('Local git repository (embedded default)'),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  const open = page.getByRole('link', { name: 'Open in the catalog' });
  await expect(open).toBeVisible({ timeout: 180_000 });
  await saveScreenshot(page, 'templates-llm-inference-task');
  // Published to a local git repository: the catalog entry first, then the
  // project once the GPUs were granted.
  expect(
    execFileSync('git', ['-C', repo, 'log', '--format=%s'], {
      encoding: 'utf8',
    }),
  ).toMatch(/^Project for GPU request [0-9a-f-]{36}\nInitial commit\n$/);
  expect(
    execFileSync('git', ['-C', repo, 'ls-files'], { encoding: 'utf8' }),
  ).toContain('k8s/inferenceservice.yaml');
  await open.click();

  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/component/${name}`),
  );
  await expect(page.getByRole('heading', { name }).first()).toBeVisible();
  await expect(page.getByText('GPU allocations').first()).toBeVisible();
  // The grant gpu:request made for the new component is active.
  await expect(
    page.getByRole('list', { name: `GPU grants of ${name}` }),
  ).toContainText('Active');
  await expect(page.getByText('model-server').first()).toBeVisible();
  await saveScreenshot(page, 'templates-llm-inference-entity');
});
