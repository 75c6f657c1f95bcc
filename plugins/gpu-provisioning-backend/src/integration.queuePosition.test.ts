import { ClusterSim } from '@ai-platform/cluster-sim';
import {
  createTestDatabases,
  fleetKubernetesConfig,
} from '@ai-platform/test-utils';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import {
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  V1PodSpec,
} from '@kubernetes/client-node';
import request from 'supertest';
import { testConfig } from './__fixtures__/config';
import { BO, EVE } from './__fixtures__/entities';
import { as, startTestGpuBackend } from './__testUtils__/startTestGpuBackend';
import { kubectl } from './kubernetes/__testUtils__/kubectl';
import { startValidatingSim } from './kubernetes/__testUtils__/startValidatingSim';

// GET /requests/{id}/queue-position against the simulated fleet, on SQLite
// and PostgreSQL: on a Kueue cluster a grant's Workloads pending admission
// in the team's ClusterQueue, on a ResourceQuota cluster its pods waiting
// for GPUs, each placed in the order the scheduler takes them.
jest.setTimeout(180_000);

const databases = createTestDatabases();
const BASE = '/api/gpu-provisioning';
const VISION = 'group:default/vision';
const HOUR_MS = 3_600_000;

function grantInput(count: number, durationHours: number) {
  return {
    team: VISION,
    cluster: 'gpu-prod',
    gpuClass: 'h100',
    count,
    durationHours,
    purpose: 'training',
    dataClassification: 'internal',
    justification: 'Training runs that queue for the team quota',
  };
}

/** A pod spec asking for `gpus` H100s, as the restricted namespaces admit it. */
function gpuPodSpec(gpus: number): V1PodSpec {
  return {
    restartPolicy: 'Never',
    nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3' },
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    containers: [
      {
        name: 'train',
        image: 'nvcr.io/nvidia/pytorch:24.05-py3',
        resources: { limits: { 'nvidia.com/gpu': String(gpus) } },
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        },
      },
    ],
  };
}

async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out waiting for ${what}: ${JSON.stringify(value)}`,
      );
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

function clients(sim: ClusterSim) {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(sim.kubeconfigPath);
  kubeConfig.setCurrentContext('gpu-prod');
  return {
    batch: kubeConfig.makeApiClient(BatchV1Api),
    core: kubeConfig.makeApiClient(CoreV1Api),
  };
}

describe.each(databases.eachSupportedId())(
  'Queue positions on %p',
  databaseId => {
    let sim: ClusterSim;
    beforeAll(async () => {
      sim = await startValidatingSim();
    });
    afterAll(() => sim?.stop());

    it('places a grant’s Kueue Workloads pending admission in the team’s ClusterQueue, behind the others', async () => {
      const knex = await databases.init(databaseId);
      const { server, auditEvents } = await startTestGpuBackend({
        knex,
        config: {
          gpuProvisioning: {
            ...testConfig.gpuProvisioning,
            clusters: { 'gpu-prod': { scheduler: 'kueue' } },
            policy: {
              ...testConfig.gpuProvisioning.policy,
              teamQuotas: [{ team: VISION, quota: { h100: 4 } }],
            },
            kueue: {
              cohorts: [
                {
                  department: 'group:default/ai-division',
                  // Vision may not borrow: its jobs wait for its own quota.
                  borrowingLimit: { h100: 0 },
                },
              ],
            },
          },
          kubernetes: fleetKubernetesConfig(sim),
        },
      });
      const grant = async (count: number, hours: number) => {
        const created = await request(server)
          .post(`${BASE}/requests`)
          .set(...as(BO))
          .send(grantInput(count, hours));
        expect(created.status).toBe(201);
        expect((created.body as GpuRequest).status).toBe('active');
        return created.body as GpuRequest;
      };
      const first = await grant(2, 8);
      const second = await grant(2, 24);
      const position = (id: string, user = BO) =>
        request(server)
          .get(`${BASE}/requests/${id}/queue-position`)
          .set(...as(user));

      // Nothing submitted yet.
      const idle = await position(second.id);
      expect(idle.status).toBe(200);
      expect(idle.body).toMatchObject({
        requestId: second.id,
        scheduler: 'kueue',
        state: 'idle',
        queue: 'ClusterQueue vision',
        workloads: [],
      });

      const { batch } = clients(sim);
      const job = (name: string, gpus: number) => ({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {
          name,
          labels: { 'kueue.x-k8s.io/queue-name': 'gpu-grant' },
        },
        spec: { template: { spec: gpuPodSpec(gpus) } },
      });
      const workloadsIn = async (namespace: string): Promise<any[]> =>
        (
          await kubectl(sim, 'gpu-prod', [
            'get',
            'workloads.kueue.x-k8s.io',
            '-n',
            namespace,
            '-o',
            'json',
          ])
        ).items;
      const quotaReserved = (w: any) =>
        w.status?.conditions?.find((c: any) => c.type === 'QuotaReserved')
          ?.status;

      // The first grant's job takes the whole ClusterQueue.
      await batch.createNamespacedJob({
        namespace: first.namespace!,
        body: job('big-run', 4),
      });
      await eventually(
        () => workloadsIn(first.namespace!),
        ws => quotaReserved(ws[0]) === 'True',
        'the first job to be admitted',
      );
      // The second grant's job, then another of the first, wait behind it.
      await batch.createNamespacedJob({
        namespace: second.namespace!,
        body: job('eval-run', 2),
      });
      await eventually(
        () => workloadsIn(second.namespace!),
        ws => quotaReserved(ws[0]) === 'False',
        'the second grant’s job to wait',
      );
      await new Promise(r => setTimeout(r, 1100));
      await batch.createNamespacedJob({
        namespace: first.namespace!,
        body: job('small-run', 1),
      });
      await eventually(
        () => workloadsIn(first.namespace!),
        ws => ws.length === 2 && ws.some(w => quotaReserved(w) === 'False'),
        'the first grant’s second job to wait',
      );

      const next = await position(second.id);
      expect(next.status).toBe(200);
      expect(next.body).toMatchObject({
        state: 'waiting',
        queue: 'ClusterQueue vision',
        position: 1,
        ahead: 0,
        aheadGpus: 0,
        waitingGpus: 2,
        freeNow: 0,
        // The first grant holds the queue's 4 GPUs until it ends.
        nextRelease: { at: first.expiresAt, gpus: 4 },
        workloads: [
          {
            kind: 'Workload',
            name: expect.stringMatching(/^job-eval-run-/),
            gpus: 2,
            position: 1,
            ahead: 0,
            aheadGpus: 0,
            message: expect.stringContaining("couldn't assign flavors"),
          },
        ],
      });
      expect(next.body.summary).toBe(
        'Your job is next in ClusterQueue vision; it asks for 2 H100 GPUs and 0 are free; the next grant to free 4 H100 GPUs ends in about 8 h.',
      );
      expect(next.body.startsWhen).toContain(
        'It starts once 2 more H100 GPUs are free in ClusterQueue vision',
      );

      const behind = await position(first.id);
      expect(behind.body).toMatchObject({
        state: 'waiting',
        position: 2,
        ahead: 1,
        aheadGpus: 2,
        waitingGpus: 1,
        workloads: [
          {
            name: expect.stringMatching(/^job-small-run-/),
            gpus: 1,
            position: 2,
            ahead: 1,
            aheadGpus: 2,
          },
        ],
      });
      expect(behind.body.summary).toBe(
        '1 job ahead of yours in ClusterQueue vision, 2 H100 GPUs; the next grant to free 4 H100 GPUs ends in about 8 h.',
      );
      expect(behind.body.startsWhen).toContain(
        'It starts once 3 more H100 GPUs are free',
      );

      // Whoever may not read the request may not read where it waits.
      expect((await position(second.id, EVE)).status).toBe(403);
      expect(
        (
          await request(server).get(
            `${BASE}/requests/${second.id}/queue-position`,
          )
        ).status,
      ).toBe(401);
      expect(
        (await position('00000000-0000-4000-8000-000000000000')).status,
      ).toBe(404);
      expect(
        auditEvents.filter(e => e.eventId === 'gpu-queue-position-read'),
      ).not.toHaveLength(0);
    });

    it('places a grant’s pods waiting for GPUs on a ResourceQuota cluster, in the scheduler’s order', async () => {
      const knex = await databases.init(databaseId);
      const { server } = await startTestGpuBackend({
        knex,
        config: { kubernetes: fleetKubernetesConfig(sim) },
      });
      const grant = async () => {
        const created = await request(server)
          .post(`${BASE}/requests`)
          .set(...as(BO))
          .send(grantInput(16, 8));
        expect(created.status).toBe(201);
        expect((created.body as GpuRequest).status).toBe('active');
        return created.body as GpuRequest;
      };
      const first = await grant();
      const second = await grant();
      const { core } = clients(sim);
      // No node has 16 H100s: both pods wait, the first one first.
      const pod = (name: string) => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name },
        spec: gpuPodSpec(16),
      });
      await core.createNamespacedPod({
        namespace: first.namespace!,
        body: pod('wide-run'),
      });
      await new Promise(r => setTimeout(r, 1100));
      await core.createNamespacedPod({
        namespace: second.namespace!,
        body: pod('wider-run'),
      });
      const answer = await eventually(
        async () =>
          (
            await request(server)
              .get(`${BASE}/requests/${second.id}/queue-position`)
              .set(...as(BO))
          ).body,
        body => body.workloads?.[0]?.message !== undefined,
        'the scheduler to report the pod unschedulable',
      );
      expect(answer).toMatchObject({
        requestId: second.id,
        scheduler: 'resourcequota',
        state: 'waiting',
        queue: 'the H100 queue on gpu-prod',
        position: 2,
        ahead: 1,
        aheadGpus: 16,
        waitingGpus: 16,
        workloads: [
          {
            kind: 'Pod',
            name: 'wider-run',
            gpus: 16,
            position: 2,
            ahead: 1,
            aheadGpus: 16,
            message: expect.stringContaining('nvidia.com/gpu'),
          },
        ],
      });
      expect(answer.summary).toMatch(
        /^1 pod ahead of yours in the H100 queue on gpu-prod, 16 H100 GPUs; the next grant to free 16 H100 GPUs ends in about 8 h\.$/,
      );
      expect(Date.parse(answer.nextRelease.at)).toBeLessThanOrEqual(
        Date.now() + 8 * HOUR_MS,
      );
    });
  },
);
