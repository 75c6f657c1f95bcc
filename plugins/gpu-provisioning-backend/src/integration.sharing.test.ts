import { ClusterSim, createSchemaValidation } from '@ai-platform/cluster-sim';
import {
  createTestDatabases,
  fleetKubernetesConfig,
} from '@ai-platform/test-utils';
import {
  GpuRequest,
  QuotaSharingClass,
  QuotaSharingResponse,
} from '@ai-platform/plugin-gpu-provisioning-common';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { CoreV1Api, KubeConfig, V1Pod } from '@kubernetes/client-node';
import request from 'supertest';
import { testConfig } from './__fixtures__/config';
import { ANA, BO } from './__fixtures__/entities';
import { as, startTestGpuBackend } from './__testUtils__/startTestGpuBackend';
import { kubectl } from './kubernetes/__testUtils__/kubectl';
import { startValidatingSim } from './kubernetes/__testUtils__/startValidatingSim';

// Quota sharing on KAI Scheduler and Volcano clusters, the whole plugin
// against the simulated fleet (which models both schedulers' over-quota
// sharing and validates every queue against their CRDs), on SQLite and
// PostgreSQL: the portal applies the department's and teams' queues, a
// team's pods borrow the idle quota of another, the owner's pods take it
// back by reclaim, GET /quota-sharing shows both, a reservation is applied
// at its start and an expired grant is taken off with its queue.
jest.setTimeout(180_000);

const databases = createTestDatabases();
const BASE = '/api/gpu-provisioning';
const HOUR = 3_600_000;
const DEPARTMENT = 'group:default/ai-division';
const VISION = 'group:default/vision';
const CONVERSATIONAL = 'group:default/conversational-ai';
const EVALS = 'group:default/assistant-evals';

/** The mock scheduler of backend-test-utils runs a task on demand. */
interface MockScheduler {
  triggerTask(id: string): Promise<void>;
}

const schedulers = [
  {
    scheduler: 'kai',
    resource: 'queues.scheduling.run.ai',
    schedulerName: 'kai-scheduler',
    inQueue: (queue: string) => ({
      labels: { 'kai.scheduler/queue': queue },
    }),
    // gpu-prod has H100s only: the queues count them.
    department: {
      resources: { gpu: { quota: 6, limit: 6, overQuotaWeight: 1 } },
    },
    vision: {
      parentQueue: 'ai-division',
      resources: { gpu: { quota: 2, limit: 4, overQuotaWeight: 1 } },
    },
    conversational: {
      parentQueue: 'ai-division',
      resources: { gpu: { quota: 4, limit: 6, overQuotaWeight: 1 } },
    },
    visionGrant: {
      parentQueue: 'vision',
      resources: { gpu: { quota: 2, limit: 4, overQuotaWeight: 1 } },
    },
    reclaim: 'KAI Scheduler reclaims it at once',
  },
  {
    scheduler: 'volcano',
    resource: 'queues.scheduling.volcano.sh',
    schedulerName: 'volcano',
    inQueue: (queue: string) => ({
      annotations: { 'scheduling.volcano.sh/queue-name': queue },
    }),
    department: {
      guarantee: { resource: { 'nvidia.com/gpu': '6' } },
      deserved: { 'nvidia.com/gpu': '6' },
      capability: { 'nvidia.com/gpu': '6' },
    },
    vision: {
      parent: 'ai-division',
      guarantee: { resource: { 'nvidia.com/gpu': '2' } },
      deserved: { 'nvidia.com/gpu': '2' },
      capability: { 'nvidia.com/gpu': '4' },
      reclaimable: true,
    },
    conversational: {
      parent: 'ai-division',
      deserved: { 'nvidia.com/gpu': '4' },
      capability: { 'nvidia.com/gpu': '6' },
      reclaimable: true,
    },
    visionGrant: {
      parent: 'vision',
      deserved: { 'nvidia.com/gpu': '2' },
      capability: { 'nvidia.com/gpu': '4' },
      reclaimable: true,
    },
    reclaim: 'Volcano’s reclaim action evicts pods',
  },
] as const;

function sharingConfig(scheduler: string) {
  return {
    ...testConfig.gpuProvisioning,
    clusters: { 'gpu-prod': { scheduler } },
    policy: {
      ...testConfig.gpuProvisioning.policy,
      // The department holds 6 H100s: vision 2, conversational-ai 4.
      teamQuotas: [
        { team: VISION, quota: { h100: 2 } },
        { team: CONVERSATIONAL, quota: { h100: 4 } },
        { team: EVALS, quota: { h100: 0 } },
      ],
    },
    // The scheduler-neutral key.
    sharing: {
      departments: [
        {
          department: DEPARTMENT,
          reclaimWithinCohort: 'Any',
          borrowingLimit: { h100: 2 },
        },
      ],
    },
  };
}

function grantInput(team: string, count: number) {
  return {
    team,
    cluster: 'gpu-prod',
    gpuClass: 'h100',
    count,
    durationHours: 8,
    purpose: 'training',
    dataClassification: 'internal',
    justification: 'Training runs that share the department quota',
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

const h100Of = (body: QuotaSharingResponse): QuotaSharingClass =>
  body.items
    .find(i => i.cluster === 'gpu-prod')!
    .classes.find(c => c.gpuClass === 'h100')!;

const memberOf = (cls: QuotaSharingClass, queue: string) =>
  cls.members.find(m => m.clusterQueue === queue)!;

describe.each(databases.eachSupportedId())(
  'Quota sharing on KAI Scheduler and Volcano clusters on %p',
  databaseId => {
    let sim: ClusterSim;
    let core: CoreV1Api;
    beforeAll(async () => {
      sim = await startValidatingSim();
      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromFile(sim.kubeconfigPath);
      kubeConfig.setCurrentContext('gpu-prod');
      core = kubeConfig.makeApiClient(CoreV1Api);
    });
    afterAll(() => sim?.stop());

    it.each(schedulers)(
      'on a $scheduler cluster: team queues, borrow, reclaim, the sharing view, a reservation at its start and expiry',
      async ({
        scheduler,
        resource,
        schedulerName,
        inQueue,
        department,
        vision,
        conversational,
        visionGrant,
        reclaim,
      }) => {
        const knex = await databases.init(databaseId);
        const tasks = mockServices.scheduler();
        const trigger = (id: string) =>
          (tasks as unknown as MockScheduler).triggerTask(id);
        const { server } = await startTestGpuBackend({
          knex,
          config: {
            gpuProvisioning: sharingConfig(scheduler),
            kubernetes: fleetKubernetesConfig(sim),
          },
          features: [
            createServiceFactory({
              service: coreServices.scheduler,
              deps: {},
              factory: () => tasks,
            }),
          ],
        });

        // The department's and teams' queues, as kubectl lists them, valid
        // against the scheduler's Queue CRD.
        await trigger('gpu-provisioning-team-queues');
        const queues = async () =>
          new Map<string, any>(
            (
              await kubectl(sim, 'gpu-prod', ['get', resource, '-o', 'json'])
            ).items.map((q: any) => [q.metadata.name, q]),
          );
        const applied = await queues();
        const schemas = createSchemaValidation({ required: true })!;
        for (const name of [
          'ai-division',
          'vision',
          'conversational-ai',
          'assistant-evals',
        ]) {
          expect(applied.get(name)).toBeDefined();
          expect(
            schemas.validator.validate(applied.get(name), {
              strictUnknownFields: true,
            }),
          ).toMatchObject({ valid: true });
        }
        expect(applied.get('ai-division').spec).toMatchObject(department);
        expect(applied.get('vision').spec).toMatchObject(vision);
        expect(applied.get('conversational-ai').spec).toMatchObject(
          conversational,
        );

        const grantOf = async (user: string, team: string, count: number) => {
          const created = await request(server)
            .post(`${BASE}/requests`)
            .set(...as(user))
            .send(grantInput(team, count));
          expect(created.status).toBe(201);
          expect((created.body as GpuRequest).status).toBe('active');
          return created.body as GpuRequest;
        };
        const visionGrantRequest = await grantOf(BO, VISION, 2);
        const visionNs = visionGrantRequest.namespace!;
        const conversationalGrant = await grantOf(ANA, CONVERSATIONAL, 4);
        const conversationalNs = conversationalGrant.namespace!;

        // Vision's grant may borrow 2 above its 2: its queue and its
        // namespace's ResourceQuota say so.
        const leaf = (await queues()).get(visionNs);
        expect(leaf.spec).toMatchObject(visionGrant);
        expect(
          schemas.validator.validate(leaf, { strictUnknownFields: true }),
        ).toMatchObject({ valid: true });
        const quota = await kubectl(sim, 'gpu-prod', [
          'get',
          'resourcequota',
          'gpu-grant',
          '-n',
          visionNs,
          '-o',
          'json',
        ]);
        expect(quota.spec.hard['requests.nvidia.com/gpu']).toBe('4');

        const pod = (name: string, queue: string, gpus: number): V1Pod => ({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name, ...inQueue(queue) },
          spec: {
            schedulerName,
            restartPolicy: 'Never',
            nodeSelector: {
              'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3',
            },
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
        const podIn = (namespace: string, name: string) =>
          kubectl(sim, 'gpu-prod', [
            'get',
            'pod',
            name,
            '-n',
            namespace,
            '-o',
            'json',
          ]);
        const sharing = async (user: string, team: string) => {
          const answer = await request(server)
            .get(`${BASE}/quota-sharing`)
            .query({ team })
            .set(...as(user));
          expect(answer.status).toBe(200);
          return answer.body as QuotaSharingResponse;
        };

        // Vision runs 4 GPUs on its quota of 2: it borrows conversational-ai's idle ones.
        await core.createNamespacedPod({
          namespace: visionNs,
          body: pod('vision-train', visionNs, 4),
        });
        await eventually(
          () => podIn(visionNs, 'vision-train'),
          p => p.status?.phase === 'Running',
          'the borrowing pod to run',
        );
        const lent = h100Of(
          await eventually(
            () => sharing(BO, VISION),
            body => memberOf(h100Of(body), 'vision')?.borrowed === 2,
            'the queues to show the borrowing',
          ),
        );
        expect(lent.members[0]).toEqual({
          clusterQueue: 'vision',
          team: VISION,
          nominal: 2,
          inUse: 4,
          borrowed: 2,
          lent: 0,
          idle: 0,
          borrowingLimit: 2,
        });
        expect(memberOf(lent, 'conversational-ai')).toEqual({
          clusterQueue: 'conversational-ai',
          team: CONVERSATIONAL,
          nominal: 4,
          inUse: 0,
          borrowed: 0,
          lent: 2,
          idle: 2,
          borrowingLimit: 2,
        });
        expect(lent.loans).toEqual([
          {
            fromClusterQueue: 'conversational-ai',
            fromTeam: CONVERSATIONAL,
            toClusterQueue: 'vision',
            toTeam: VISION,
            gpus: 2,
          },
        ]);
        const visionView = await sharing(BO, VISION);
        expect(visionView.errors).toEqual([]);
        expect(visionView.items[0]).toMatchObject({
          cluster: 'gpu-prod',
          clusterQueue: 'vision',
          cohort: 'ai-division',
          reclaimWithinCohort: 'Any',
        });
        expect(visionView.items[0].reclaim).toContain(reclaim);

        // The owner needs its quota: its pods start because vision's
        // borrowed pod is evicted.
        await core.createNamespacedPod({
          namespace: conversationalNs,
          body: pod('assistant-train', conversationalNs, 4),
        });
        await eventually(
          () => podIn(conversationalNs, 'assistant-train'),
          p => p.status?.phase === 'Running',
          "the owner's pod to run",
        );
        const evicted = await podIn(visionNs, 'vision-train');
        expect(evicted.status.phase).toBe('Pending');
        expect(
          evicted.status.conditions.find(
            (c: any) => c.type === 'DisruptionTarget',
          ),
        ).toMatchObject({ status: 'True', reason: 'PreemptionByScheduler' });
        const events = await kubectl(sim, 'gpu-prod', [
          'get',
          'events',
          '-n',
          visionNs,
          '--field-selector',
          'involvedObject.name=vision-train,reason=Evicted',
          '-o',
          'json',
        ]);
        expect(events.items).toHaveLength(1);
        expect(events.items[0].message).toContain(
          `for queue ${conversationalNs}`,
        );

        const reclaimed = h100Of(
          await eventually(
            () => sharing(ANA, CONVERSATIONAL),
            body =>
              memberOf(h100Of(body), 'conversational-ai')?.inUse === 4 &&
              memberOf(h100Of(body), 'vision')?.inUse === 0,
            'the queues to show the reclaim',
          ),
        );
        expect(reclaimed.members[0].clusterQueue).toBe('conversational-ai');
        expect(memberOf(reclaimed, 'conversational-ai')).toMatchObject({
          inUse: 4,
          lent: 0,
          idle: 0,
        });
        expect(memberOf(reclaimed, 'vision')).toMatchObject({
          inUse: 0,
          borrowed: 0,
        });
        expect(reclaimed.loans).toEqual([]);

        // A reservation (after vision's grant, which holds its quota) puts
        // nothing on the cluster before its start, and is applied by the
        // lifecycle once it is due.
        const startAt = new Date(
          (Math.floor(Date.parse(visionGrantRequest.expiresAt!) / HOUR) + 1) *
            HOUR,
        );
        const booked = await request(server)
          .post(`${BASE}/requests`)
          .set(...as(BO))
          .send({ ...grantInput(VISION, 1), startAt: startAt.toISOString() });
        expect(booked.status).toBe(201);
        expect(booked.body.status).toBe('approved');
        const bookedNs = async (id: string) =>
          [...(await queues()).values()].filter(
            q => q.metadata.labels?.['ai-platform.io/grant-id'] === id,
          );
        expect(await bookedNs(booked.body.id)).toEqual([]);
        await knex('gpu_requests')
          .where({ id: booked.body.id })
          .update({
            start_at: new Date(Date.now() - 60_000),
            expires_at: new Date(Date.now() + 8 * HOUR),
          });
        await trigger('gpu-provisioning-lifecycle');
        const started = await request(server)
          .get(`${BASE}/requests/${booked.body.id}`)
          .set(...as(BO));
        expect(started.body.status).toBe('active');
        const [startedQueue] = await bookedNs(booked.body.id);
        expect(startedQueue.spec).toMatchObject({
          [scheduler === 'kai' ? 'parentQueue' : 'parent']: 'vision',
        });

        // Vision's first grant expires: the lifecycle takes its namespace
        // and queue off the cluster and its GPUs go back to the quota.
        const usedBefore = await request(server)
          .get(`${BASE}/quota`)
          .query({ team: VISION })
          .set(...as(BO));
        const h100Used = (body: any) =>
          body.items.find((i: any) => i.gpuClass === 'h100').used;
        expect(h100Used(usedBefore.body)).toBe(3);
        await knex('gpu_requests')
          .where({ id: visionGrantRequest.id })
          .update({ expires_at: new Date(Date.now() - 60_000) });
        await trigger('gpu-provisioning-lifecycle');
        const expired = await request(server)
          .get(`${BASE}/requests/${visionGrantRequest.id}`)
          .set(...as(BO));
        expect(expired.body.status).toBe('expired');
        expect((await queues()).has(visionNs)).toBe(false);
        await eventually(
          async () =>
            (
              await kubectl(sim, 'gpu-prod', [
                'get',
                'namespaces',
                '-o',
                'json',
              ])
            ).items.map((n: any) => n.metadata.name),
          (names: string[]) => !names.includes(visionNs),
          'the expired grant’s namespace to go',
        );
        const usedAfter = await request(server)
          .get(`${BASE}/quota`)
          .query({ team: VISION })
          .set(...as(BO));
        expect(h100Used(usedAfter.body)).toBe(1);

        // Leave the cluster's pods to the next scheduler's run.
        for (const grant of [conversationalGrant, booked.body]) {
          await request(server)
            .post(`${BASE}/requests/${grant.id}/release`)
            .set(...as(grant.team === VISION ? BO : ANA));
        }
      },
    );
  },
);
