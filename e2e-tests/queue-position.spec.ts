import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { GpuProvisioningApiClient } from '@ai-platform/plugin-gpu-provisioning-common';
import { BACKEND_URL } from './portalAddress';
import {
  DATA_DIR,
  saveScreenshot,
  signInAsGuest,
  waitForBackend,
  waitForCatalogEntities,
} from './portal';

// Issue 18: a granted request whose job waits for GPUs shows, on its row of
// the GPU page, its place in the Kueue ClusterQueue, what is ahead of it and
// what would let it start, refreshed while it waits. The demo schedules
// gpu-dev with Kueue; a Job larger than the team's queue can ever admit waits.
test.use({ viewport: { width: 1600, height: 1000 } });

const TEAM = 'group:default/conversational-ai';
const JOB = 'e2e-queue-position';

function kubectl(args: string[], input?: string): string {
  const kubeconfig = join(
    process.env.CLUSTER_SIM_STATE_DIR ?? join(DATA_DIR, 'cluster-sim'),
    'kubeconfig',
  );
  return execFileSync(
    'kubectl',
    ['--kubeconfig', kubeconfig, '--context', 'gpu-dev', ...args],
    { input, stdio: ['pipe', 'pipe', 'pipe'] },
  ).toString();
}

/** The guest's token, as the portal's sign-in gets it. */
async function guestToken(): Promise<string> {
  const res = await fetch(`${BACKEND_URL}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  expect(res.status).toBe(200);
  return (await res.json()).backstageIdentity.token;
}

/** The portal's GPU provisioning API, through its generated client. */
const gpuProvisioning = new GpuProvisioningApiClient({
  discoveryApi: {
    getBaseUrl: async pluginId => `${BACKEND_URL}/api/${pluginId}`,
  },
});

test.beforeAll(async () => {
  await waitForBackend();
  await waitForCatalogEntities(['user:default/guest', TEAM]);
});

test('an active grant whose job waits for the team’s ClusterQueue shows its place in the queue, live', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const token = await guestToken();
  const res = await gpuProvisioning.createRequest(
    {
      body: {
        team: TEAM,
        cluster: 'gpu-dev',
        gpuClass: 'a100',
        count: 2,
        durationHours: 4,
        purpose: 'training',
        dataClassification: 'internal',
        justification: 'Training run queued behind the team ClusterQueue',
      },
    },
    { token },
  );
  expect(res.status).toBe(201);
  const grant = await res.json();
  expect(grant.status).toBe('active');
  const namespace = grant.namespace!;

  // A Job asking for more A100s than the team's queue can admit: it waits.
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: JOB,
      namespace,
      labels: { 'kueue.x-k8s.io/queue-name': 'gpu-grant' },
    },
    spec: {
      template: {
        spec: {
          restartPolicy: 'Never',
          nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' },
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1000,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'train',
              image: 'nvcr.io/nvidia/pytorch:24.05-py3',
              resources: { limits: { 'nvidia.com/gpu': '64' } },
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
              },
            },
          ],
        },
      },
    },
  };
  kubectl(['apply', '-f', '-'], stringify(job));
  try {
    // The API says where it stands.
    await expect(async () => {
      const answer = await gpuProvisioning.getQueuePosition(
        { path: { id: grant.id } },
        { token },
      );
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({
        scheduler: 'kueue',
        state: 'waiting',
        queue: 'ClusterQueue conversational-ai',
        waitingGpus: 64,
      });
    }).toPass({ timeout: 60_000, intervals: [2_000] });

    // So does the grant's row, without a reload.
    await signInAsGuest(page);
    await page.goto('/gpu/requests');
    const row = page.getByRole('row').filter({ hasText: namespace });
    await expect(
      row.getByText(/^Waiting: #\d+ in ClusterQueue conversational-ai$/),
    ).toBeVisible({ timeout: 60_000 });
    // What would let it start: more free GPUs, or (64 being more than the
    // queue can ever give) a smaller job.
    await expect(row).toContainText(
      /It starts once \d+ more A100 GPUs are free|It cannot start as it is/,
    );
    await saveScreenshot(page, 'queue-position-row');
  } finally {
    kubectl(['delete', 'job', JOB, '-n', namespace, '--wait=false']);
  }
});
