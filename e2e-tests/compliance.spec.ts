import { expect, test } from '@playwright/test';
import {
  saveScreenshot,
  signInAsGuest,
  waitForBackend,
  waitForCatalogEntities,
  waitForComplianceResults,
} from './portal';

const FULLY_COMPLIANT = 'component:default/search-embedding-service';
const FAILING = 'component:default/assistant-api';

test.beforeAll(async () => {
  test.setTimeout(420_000);
  await waitForBackend();
  await waitForCatalogEntities([FULLY_COMPLIANT, FAILING]);
  await waitForComplianceResults([FULLY_COMPLIANT, FAILING]);
});

test("an entity's scorecard shows its levels, and its tab what fails and how to fix it", async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/search-embedding-service');
  const card = page.locator('article, .MuiCard-root').filter({
    has: page.getByText('Compliance', { exact: true }),
  });
  await expect(
    card.getByText('SOC 2 (Trust Services Criteria)').first(),
  ).toBeVisible();
  await expect(card.getByText('Gold').first()).toBeVisible();
  await expect(card.getByText('Every applicable check passes.')).toBeVisible();
  await saveScreenshot(page, 'compliance-entity-card');

  await page.goto('/catalog/default/component/assistant-api/compliance');
  await expect(page.getByRole('heading', { name: 'Checks' })).toBeVisible();
  await expect(page.getByText('HIPAA Security Rule').first()).toBeVisible();
  await expect(
    page.getByText('Owning team not bound to cluster-admin').first(),
  ).toBeVisible();
  await expect(
    page
      .getByText(/Delete the \(Cluster\)RoleBinding to cluster-admin/)
      .first(),
  ).toBeVisible();
  await saveScreenshot(page, 'compliance-entity-tab');

  // Re-check now: the backend re-scores the entity, and the tab reads it again.
  const recheck = page.getByRole('button', { name: 'Re-check now' });
  const answered = page.waitForResponse(
    r =>
      r.url().endsWith('/api/compliance/entity/evaluations') &&
      r.request().method() === 'POST',
  );
  await recheck.click();
  const answer = await answered;
  expect(answer.status()).toBe(200);
  expect(await answer.json()).toEqual(
    expect.objectContaining({ mode: 'entities', removed: 0 }),
  );
  await expect(recheck).toBeEnabled();
  await expect(page.getByText(/^Re-check failed/)).toHaveCount(0);
  await expect(page.getByText(/^Evaluated /)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Checks' })).toBeVisible();
  await saveScreenshot(page, 'compliance-entity-recheck');

  // The guest is a compliance approver in the e2e config: the waiver dialog opens.
  await page.getByRole('button', { name: 'Waive' }).first().click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expect(page.getByLabel(/Justification/)).toBeVisible();
  await saveScreenshot(page, 'compliance-waiver-dialog');
});

test('the compliance page draws the teams heat map and the framework matrix', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/compliance');
  const heatmap = page.getByRole('table', { name: 'Compliance heat map' });
  await expect(heatmap).toBeVisible();
  await expect(
    heatmap.getByRole('link', { name: 'Conversational AI' }),
  ).toBeVisible();
  await expect(page.getByTestId('heat-search-relevance-soc2')).toHaveText(/\d/);
  await saveScreenshot(page, 'compliance-heatmap');

  await page.getByRole('tab', { name: 'HIPAA Security Rule' }).click();
  const matrix = page.getByRole('table', {
    name: /HIPAA Security Rule controls by team/,
  });
  await expect(matrix).toBeVisible();
  await expect(matrix.getByText('164.312(e)(1)')).toBeVisible();
  await saveScreenshot(page, 'compliance-framework-hipaa');
  await matrix
    .getByRole('button', {
      name: /^164\.312\(e\)\(1\) group:default\/conversational-ai/,
    })
    .click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expect(
    page
      .getByRole('dialog')
      .getByText('k8s-default-deny-network-policy')
      .first(),
  ).toBeVisible();
  await saveScreenshot(page, 'compliance-evidence');
});

test("a group's compliance tab shows its teams and trend", async ({ page }) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/group/products/compliance');
  await expect(
    page.getByRole('table', { name: 'Compliance heat map' }),
  ).toBeVisible();
  await expect(page.getByText('Trend').first()).toBeVisible();
  await saveScreenshot(page, 'compliance-group-tab');
});
