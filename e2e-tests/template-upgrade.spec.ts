import { expect, test } from '@playwright/test';
import { wordsBrokenInside } from './layout';
import {
  saveScreenshot,
  signInAsGuest,
  waitForBackend,
  waitForCatalogEntities,
} from './portal';

// The demo's project behind its template (demo/catalog/components.yaml):
// recorded as made from genai-application version 0; the template is at 1.
const PROJECT = 'component:default/assistant-api';

test.beforeAll(async () => {
  test.setTimeout(420_000);
  await waitForBackend();
  await waitForCatalogEntities([
    'user:default/guest',
    PROJECT,
    'template:default/genai-application',
    'template:default/template-upgrade',
  ]);
});

test('the entity page offers the template upgrade and opens it prefilled', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/assistant-api');
  const card = page.locator('article, .MuiCard-root').filter({
    has: page.getByText('Template', { exact: true }),
  });
  await expect(
    card.getByText('Template genai-application moved from 0 to 1'),
  ).toBeVisible();
  await expect(card.getByText(/template-upgrade\/1/)).toBeVisible();
  await saveScreenshot(page, 'template-upgrade-entity-card');

  await card.getByRole('button', { name: 'Upgrade' }).click();
  await expect(page).toHaveURL(
    /\/create\/templates\/default\/template-upgrade\?/,
  );
  expect(
    JSON.parse(new URL(page.url()).searchParams.get('formData') ?? '{}'),
  ).toEqual({ entityRef: PROJECT });
  // The first visit compiles the scaffolder's chunks: allow for it.
  await expect(
    page
      .getByRole('heading', { name: /Upgrade a project from its golden path/ })
      .first(),
  ).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('textbox', { name: /^Project/ })).toHaveValue(
    /assistant-api/,
  );
  await saveScreenshot(page, 'template-upgrade-prefilled-form');
});

test('the golden paths page shows which projects are on which template version', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/golden-paths');
  const templates = page.getByRole('list', { name: 'Templates' });
  await expect(templates).toBeVisible();
  // Projects other specs published may also be listed: counts are lower bounds.
  await expect(
    templates.getByText(
      /^genai-application: version 1, \d+ projects?, [1-9]\d* behind/,
    ),
  ).toBeVisible();
  await expect(
    templates.getByText(/^gpu-training-job: version \d+, [1-9]\d* projects?/),
  ).toBeVisible();
  const row = page.getByRole('row').filter({
    has: page.getByRole('link', { name: 'assistant-api' }),
  });
  await expect(row.getByText('Behind')).toBeVisible();
  // The owner's name wraps between words ("Conversation / al AI" before).
  const owner = row.getByRole('link', { name: 'Conversational AI' });
  await expect(owner).toBeVisible();
  expect(await wordsBrokenInside(owner)).toEqual([]);
  await saveScreenshot(page, 'template-upgrade-fleet');
});
