import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import {
  DATA_DIR,
  SCREENSHOT_DIR,
  saveScreenshot,
  signInAsGuest,
  waitForBackend,
  waitForCatalogEntities,
} from './portal';

const SWEEP_NAMESPACE = 'assistant-eval-sweep';

/**
 * The demo topology seeds the sweep on a fresh fleet; a fleet restored from
 * an older state file gets the same objects here (server-side apply), the Job
 * made again when an older one of another shape is in the way.
 */
function ensureDemoSweep(): void {
  const topology = parse(
    readFileSync(
      join(__dirname, '..', 'packages/cluster-sim/topologies/demo.yaml'),
      'utf8',
    ),
  );
  const objects = topology.clusters
    .find((c: { name: string }) => c.name === 'gpu-dev')
    .objects.filter(
      (o: { metadata: { name: string; namespace?: string } }) =>
        o.metadata.name === SWEEP_NAMESPACE ||
        o.metadata.namespace === SWEEP_NAMESPACE,
    );
  const kubeconfig = join(
    process.env.CLUSTER_SIM_STATE_DIR ?? join(DATA_DIR, 'cluster-sim'),
    'kubeconfig',
  );
  const kubectl = (args: string[], input?: string) =>
    execFileSync(
      'kubectl',
      ['--kubeconfig', kubeconfig, '--context', 'gpu-dev', ...args],
      { input, stdio: ['pipe', 'pipe', 'pipe'] },
    );
  const manifest = objects.map((o: object) => stringify(o)).join('---\n');
  const apply = () =>
    kubectl(
      ['apply', '--server-side', '--field-manager', 'e2e', '-f', '-'],
      manifest,
    );
  try {
    apply();
  } catch {
    kubectl(['delete', 'job', 'eval-sweep', '-n', SWEEP_NAMESPACE, '--wait']);
    apply();
  }
}

// The demo schedules gpu-dev with Kueue and puts the Products department's
// teams in one cohort; the simulated fleet seeds a conversational-ai sweep of
// 10 A100s, 2 above its nominal quota of 8, which Kueue admits by borrowing.
test.use({ viewport: { width: 1440, height: 1000 } });

test.beforeAll(async () => {
  await waitForBackend();
  ensureDemoSweep();
  await waitForCatalogEntities([
    'user:default/guest',
    'group:default/conversational-ai',
    'group:default/computer-vision',
  ]);
});

test('the team page draws the borrowing picture of its Kueue cohort', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signInAsGuest(page);
  await page.goto('/catalog/default/group/conversational-ai');

  const onGpuDev = page.getByRole('region', {
    name: 'Shared quota on gpu-dev',
  });
  // The portal applies the ClusterQueues on start-up and Kueue then admits
  // the sweep; the card shows what the ClusterQueues' statuses say when read.
  const loans = onGpuDev.getByRole('list', {
    name: 'Who borrows NVIDIA A100 80GB GPUs from whom on gpu-dev',
  });
  await expect(async () => {
    await page.reload();
    await expect(loans).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 180_000, intervals: [5_000] });

  await expect(
    onGpuDev.getByRole('heading', { name: 'gpu-dev · cohort products' }),
  ).toBeVisible();
  await expect(loans.getByRole('listitem')).toHaveText([
    'conversational-ai borrows 2 NVIDIA A100 80GB GPUs from computer-vision',
  ]);
  const chart = onGpuDev.getByRole('figure', {
    name: /NVIDIA A100 80GB on gpu-dev/,
  });
  await expect(chart).toContainText(
    'conversational-ai: nominal 8 GPUs, 8 in use, 0 lent, 0 idle, 2 borrowed beyond nominal.',
  );
  await expect(chart).toContainText(
    'computer-vision: nominal 8 GPUs, 0 in use, 2 lent, 6 idle, 0 borrowed beyond nominal.',
  );
  // The legend names each part of the bars.
  for (const part of [
    'In use (own quota)',
    'Lent to others',
    'Idle',
    'Borrowed beyond nominal',
  ]) {
    await expect(chart.getByText(part, { exact: true }).first()).toBeVisible();
  }
  await expect(onGpuDev).toContainText(
    'When the owner needs its GPUs back: When a team needs its own quota back, Kueue preempts the workloads borrowing it at once',
  );

  // gpu-dev has no H100 nodes: the team's H100 quota is not drawn there.
  await expect(onGpuDev.getByRole('figure', { name: /H100/ })).toHaveCount(0);

  await saveScreenshot(page, 'kueue-borrowing-team-page');
  const card = page
    .locator('article, .MuiCard-root')
    .filter({ has: page.getByText('Shared GPU quota', { exact: true }) })
    .filter({ has: onGpuDev })
    .last();
  await card.screenshot({
    path: join(SCREENSHOT_DIR, 'kueue-borrowing-card.png'),
  });
});
