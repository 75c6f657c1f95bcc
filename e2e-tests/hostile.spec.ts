import { expect, Page, test } from '@playwright/test';
import {
  saveScreenshot,
  signInAsGuest,
  waitForBackend,
  waitForCatalogEntities,
} from './portal';

/**
 * Components with hostile annotations (fixtures/hostile-entities.yaml): each
 * page stays usable, and the GPU usage card names the annotation at fault.
 */
const HOSTILE = [
  {
    name: 'hostile-selector',
    heading: 'hostile-selector',
    problem:
      /backstage\.io\/kubernetes-label-selector is not a valid label selector/,
  },
  {
    name: 'hostile-promql',
    heading: 'hostile-promql',
    problem: /backstage\.io\/kubernetes-id is not a valid label value/,
  },
  {
    name: 'hostile-paths',
    heading: 'hostile-paths',
    problem:
      /backstage\.io\/kubernetes-namespace is not a valid namespace name/,
  },
  {
    name: 'hostile-unicode',
    heading: /Ünïcödé/,
    problem: /backstage\.io\/kubernetes-id is not a valid label value/,
  },
];

test.beforeAll(async () => {
  await waitForBackend();
  await waitForCatalogEntities(HOSTILE.map(h => `component:default/${h.name}`));
});

/** The page rendered, and no card or page crashed into Backstage's error boundary. */
async function expectUsable(page: Page) {
  await expect(page.getByText(/Something went wrong/i)).toHaveCount(0);
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

for (const hostile of HOSTILE) {
  test(`${hostile.name}: the component page stays usable and the GPU usage card says what is wrong`, async ({
    page,
  }) => {
    await signInAsGuest(page);
    await page.goto(`/catalog/default/component/${hostile.name}`);
    await expect(
      page.getByRole('heading', { name: hostile.heading }).first(),
    ).toBeVisible();
    await expect(page.getByText(hostile.problem).first()).toBeVisible();
    await expectUsable(page);
    await saveScreenshot(page, `hostile-${hostile.name}`);
  });
}

test("the owning team's GPU usage skips the hostile components and names them", async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/group/conversational-ai');
  await expect(
    page.getByText(/components? skipped: .*backstage\.io\/kubernetes/).first(),
  ).toBeVisible({ timeout: 60_000 });
  await expect(
    page.getByRole('link', { name: 'hostile-selector' }).first(),
  ).toBeVisible();
  await expectUsable(page);
  await saveScreenshot(page, 'hostile-owning-team');
});
