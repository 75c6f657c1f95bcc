import { ClusterSim } from '@ai-platform/cluster-sim';
import {
  createTestDatabases,
  fleetKubernetesConfig,
} from '@ai-platform/test-utils';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import {
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  V1Pod,
} from '@kubernetes/client-node';
import request from 'supertest';
import { testConfig } from './__fixtures__/config';
import { BO } from './__fixtures__/entities';
import { as, startTestGpuBackend } from './__testUtils__/startTestGpuBackend';
import { startValidatingSim } from './kubernetes/__testUtils__/startValidatingSim';

// GET /requests/{id}/queue-position on clusters scheduled by KAI Scheduler
// and Volcano, against the simulated fleet (which validates the queues
// against the schedulers' CRDs), on SQLite and PostgreSQL: a grant's pods
// waiting in the team's queue are placed behind the pods of the team's other
// grants that were submitted first, and move up when those go.
jest.setTimeout(180_000);

const databases = createTestDatabases();
const BASE = '/api/gpu-provisioning';
const VISION = 'group:default/vision';

const grantInput = {
  team: VISION,
  cluster: 'gpu-prod',
  gpuClass: 'h100',
  count: 16,
  durationHours: 8,
  purpose: 'training',
  dataClassification: 'internal',
  justification: 'Training runs that queue for the team queue',
};

const schedulers = [
  {
    scheduler: 'kai',
    title: 'KAI Scheduler queue vision',
    schedulerName: 'kai-scheduler',
    // The team's queue the grants' queues sit under: 24 GPUs at most.
    parent: {
      apiVersion: 'scheduling.run.ai/v2',
      kind: 'Queue',
      metadata: { name: 'vision' },
      spec: {
        resources: {
          cpu: { quota: -1, limit: -1, overQuotaWeight: 1 },
          gpu: { quota: 24, limit: 24, overQuotaWeight: 1 },
          memory: { quota: -1, limit: -1, overQuotaWeight: 1 },
        },
      },
    },
    inQueue: (queue: string) => ({
      labels: { 'kai.scheduler/queue': queue },
    }),
    podGroupVersion: 'scheduling.run.ai/v2alpha2',
    // KAI's PodGroup waits with the scheduler's own reason: no node fits.
    waitsBecause: () => expect.stringContaining('nvidia.com/gpu'),
    groupStatus: expect.objectContaining({ pending: 1, running: 0 }),
  },
  {
    scheduler: 'volcano',
    title: 'Volcano queue vision',
    schedulerName: 'volcano',
    parent: {
      apiVersion: 'scheduling.volcano.sh/v1beta1',
      kind: 'Queue',
      metadata: { name: 'vision' },
      spec: { capability: { 'nvidia.com/gpu': '24' }, weight: 1 },
    },
    inQueue: (queue: string) => ({
      annotations: { 'scheduling.volcano.sh/queue-name': queue },
    }),
    podGroupVersion: 'scheduling.volcano.sh/v1beta1',
    // The first group is enqueued (16 of the team's 24); the second is not:
    // it stays Pending for the team queue's capability.
    waitsBecause: () => 'queue vision resource quota insufficient',
    groupStatus: expect.objectContaining({ phase: 'Pending' }),
  },
] as const;

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

describe.each(databases.eachSupportedId())(
  'Queue positions on KAI Scheduler and Volcano clusters on %p',
  databaseId => {
    let sim: ClusterSim;
    let core: CoreV1Api;
    let objects: KubernetesObjectApi;
    beforeAll(async () => {
      sim = await startValidatingSim();
      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromFile(sim.kubeconfigPath);
      kubeConfig.setCurrentContext('gpu-prod');
      core = kubeConfig.makeApiClient(CoreV1Api);
      objects = KubernetesObjectApi.makeApiClient(kubeConfig);
    });
    afterAll(() => sim?.stop());

    it.each(schedulers)(
      'places a grant’s pods in the $scheduler team queue behind the pods submitted before them',
      async ({
        scheduler,
        title,
        schedulerName,
        parent,
        inQueue,
        podGroupVersion,
        waitsBecause,
        groupStatus,
      }) => {
        await objects.create(parent);
        const knex = await databases.init(databaseId);
        const { server } = await startTestGpuBackend({
          knex,
          config: {
            gpuProvisioning: {
              ...testConfig.gpuProvisioning,
              clusters: { 'gpu-prod': { scheduler } },
              volcano: { parentQueueTemplate: '{team}' },
            },
            kubernetes: fleetKubernetesConfig(sim),
          },
        });
        const grant = async () => {
          const created = await request(server)
            .post(`${BASE}/requests`)
            .set(...as(BO))
            .send(grantInput);
          expect(created.status).toBe(201);
          expect((created.body as GpuRequest).status).toBe('active');
          return created.body as GpuRequest;
        };
        const first = await grant();
        const second = await grant();
        const position = async (id: string) => {
          const answer = await request(server)
            .get(`${BASE}/requests/${id}/queue-position`)
            .set(...as(BO));
          expect(answer.status).toBe(200);
          return answer.body;
        };

        expect(await position(second.id)).toMatchObject({
          requestId: second.id,
          scheduler,
          state: 'idle',
          queue: title,
          workloads: [],
        });

        // No node has 16 H100s: both pods wait, the first grant's first.
        const pod = (name: string, grantOf: GpuRequest): V1Pod => ({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name, ...inQueue(grantOf.namespace!) },
          spec: {
            schedulerName,
            restartPolicy: 'Never',
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 1000,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name: 'train',
                image: 'nvcr.io/nvidia/pytorch:24.05-py3',
                resources: { limits: { 'nvidia.com/gpu': '16' } },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ['ALL'] },
                },
              },
            ],
          },
        });
        await core.createNamespacedPod({
          namespace: first.namespace!,
          body: pod('wide-run', first),
        });
        await new Promise(r => setTimeout(r, 1100));
        await core.createNamespacedPod({
          namespace: second.namespace!,
          body: pod('wider-run', second),
        });

        const behind = await eventually(
          () => position(second.id),
          body => body.workloads?.[0]?.message !== undefined,
          'the scheduler to report the pod unschedulable',
        );
        // Each pod was grouped into a PodGroup of its own, in its queue.
        const groups = (await objects.list(
          podGroupVersion,
          'PodGroup',
          second.namespace!,
        )) as { items: any[] };
        expect(groups.items).toEqual([
          expect.objectContaining({
            spec: expect.objectContaining({
              minMember: 1,
              queue: second.namespace,
            }),
            status: groupStatus,
          }),
        ]);
        expect(behind).toMatchObject({
          state: 'waiting',
          queue: title,
          position: 2,
          ahead: 1,
          aheadGpus: 16,
          waitingGpus: 16,
          // The grant's queue allows 16 and the team's 24; nothing holds any.
          freeNow: expect.any(Number),
          nextRelease: { at: first.expiresAt, gpus: 16 },
          workloads: [
            {
              kind: 'Pod',
              name: 'wider-run',
              gpus: 16,
              position: 2,
              ahead: 1,
              aheadGpus: 16,
              message: waitsBecause(),
            },
          ],
        });
        expect(behind.freeNow).toBeLessThanOrEqual(16);
        expect(behind.summary).toBe(
          `1 job ahead of yours in ${title}, 16 H100 GPUs; the next grant to free 16 H100 GPUs ends in about 8 h.`,
        );
        expect(behind.startsWhen).toBe(
          `It starts once ${
            32 - behind.freeNow
          } more H100 GPUs are free in ${title}: as jobs already running finish or are released, or when the next grant to free 16 H100 GPUs ends in about 8 h. Releasing grants you no longer need or asking for fewer GPUs brings it closer.`,
        );

        // The pod ahead goes: the second grant's pod is next.
        await core.deleteNamespacedPod({
          namespace: first.namespace!,
          name: 'wide-run',
          gracePeriodSeconds: 0,
        });
        const next = await eventually(
          () => position(second.id),
          // Volcano enqueues the group once the team queue has room.
          body =>
            body.position === 1 &&
            String(body.workloads[0].message).includes('nvidia.com/gpu'),
          'the pod ahead to go',
        );
        expect(next).toMatchObject({
          state: 'waiting',
          queue: title,
          position: 1,
          ahead: 0,
          aheadGpus: 0,
          workloads: [{ name: 'wider-run', position: 1, ahead: 0 }],
        });
        expect(next.summary).toBe(
          `Your job is next in ${title}; it asks for 16 H100 GPUs and ${
            next.freeNow
          } ${
            next.freeNow === 1 ? 'is' : 'are'
          } free; the next grant to free 16 H100 GPUs ends in about 8 h.`,
        );
        expect(await position(first.id)).toMatchObject({
          state: 'idle',
          queue: title,
          workloads: [],
        });
        await core.deleteNamespacedPod({
          namespace: second.namespace!,
          name: 'wider-run',
          gracePeriodSeconds: 0,
        });
      },
    );

    it('counts what the team’s KAI queue leaves after its other grants’ running pods', async () => {
      // A smaller team queue: 20 GPUs at most.
      await objects.create({
        ...schedulers[0].parent,
        metadata: { name: 'vision-small' },
        spec: {
          resources: {
            ...schedulers[0].parent.spec.resources,
            gpu: { quota: 20, limit: 20, overQuotaWeight: 1 },
          },
        },
      });
      const knex = await databases.init(databaseId);
      const { server } = await startTestGpuBackend({
        knex,
        config: {
          gpuProvisioning: {
            ...testConfig.gpuProvisioning,
            clusters: { 'gpu-prod': { scheduler: 'kai' } },
            kai: { parentQueueTemplate: '{team}-small' },
          },
          kubernetes: fleetKubernetesConfig(sim),
        },
      });
      const grant = async (count: number) => {
        const created = await request(server)
          .post(`${BASE}/requests`)
          .set(...as(BO))
          .send({ ...grantInput, count });
        expect(created.status).toBe(201);
        return created.body as GpuRequest;
      };
      const holder = await grant(8);
      const waiter = await grant(16);
      const kaiPod = (name: string, queue: string, gpus: number): V1Pod => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, labels: { 'kai.scheduler/queue': queue } },
        spec: {
          schedulerName: 'kai-scheduler',
          restartPolicy: 'Never',
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
        },
      });
      // The first grant's pod fits a node and runs: 8 of the team's 20.
      await core.createNamespacedPod({
        namespace: holder.namespace!,
        body: kaiPod('serving', holder.namespace!, 8),
      });
      await eventually(
        () =>
          core.readNamespacedPod({
            namespace: holder.namespace!,
            name: 'serving',
          }),
        p => Boolean(p.spec?.nodeName),
        'the first grant’s pod to run',
      );
      await core.createNamespacedPod({
        namespace: waiter.namespace!,
        body: kaiPod('wide-run', waiter.namespace!, 16),
      });
      const position = async (id: string) =>
        (
          await request(server)
            .get(`${BASE}/requests/${id}/queue-position`)
            .set(...as(BO))
        ).body;
      const waiting = await eventually(
        () => position(waiter.id),
        body => body.state === 'waiting',
        'the second grant’s pod to wait',
      );
      const title = 'KAI Scheduler queue vision-small';
      expect(waiting).toMatchObject({
        scheduler: 'kai',
        queue: title,
        position: 1,
        ahead: 0,
        // The team queue's 20 less the 8 running: 12 (the grant's own queue
        // would allow 16, the cluster has 24 H100s free).
        freeNow: 12,
        nextRelease: { at: holder.expiresAt, gpus: 8 },
      });
      expect(waiting.summary).toBe(
        `Your job is next in ${title}; it asks for 16 H100 GPUs and 12 are free; the next grant to free 8 H100 GPUs ends in about 8 h.`,
      );
      expect(waiting.startsWhen).toBe(
        `It starts once 4 more H100 GPUs are free in ${title}: as jobs already running finish or are released, or when the next grant to free 8 H100 GPUs ends in about 8 h. Releasing grants you no longer need or asking for fewer GPUs brings it closer.`,
      );
      expect(await position(holder.id)).toMatchObject({
        state: 'running',
        queue: title,
        summary: `All 1 job of this grant started; none waits in ${title}.`,
      });

      // Without its queue KAI starts nothing of the grant; the answer says so.
      await objects.delete({
        apiVersion: 'scheduling.run.ai/v2',
        kind: 'Queue',
        metadata: { name: waiter.namespace! },
      });
      expect(await position(waiter.id)).toMatchObject({
        state: 'idle',
        queue: `KAI Scheduler queue ${waiter.namespace}`,
        workloads: [],
        summary:
          "The grant's KAI Scheduler queue is missing from gpu-prod, so the scheduler starts none of its pods; the lifecycle loop applies it again.",
      });
      for (const [namespace, name] of [
        [holder.namespace!, 'serving'],
        [waiter.namespace!, 'wide-run'],
      ]) {
        await core.deleteNamespacedPod({
          namespace,
          name,
          gracePeriodSeconds: 0,
        });
      }
    });
  },
);
