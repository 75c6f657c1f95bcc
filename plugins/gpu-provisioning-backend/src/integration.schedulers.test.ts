import { ClusterSim } from '@ai-platform/cluster-sim';
import {
  createTestDatabases,
  fleetKubernetesConfig,
} from '@ai-platform/test-utils';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import request from 'supertest';
import { testConfig } from './__fixtures__/config';
import { BO } from './__fixtures__/entities';
import { as, startTestGpuBackend } from './__testUtils__/startTestGpuBackend';
import { kubectl } from './kubernetes/__testUtils__/kubectl';
import { startValidatingSim } from './kubernetes/__testUtils__/startValidatingSim';

// The whole plugin on clusters scheduled by KAI Scheduler and Volcano: the
// REST API, the real store on SQLite and PostgreSQL, and the real
// provisioner against the simulated fleet, which validates every queue
// against the schedulers' CRDs.
jest.setTimeout(180_000);

const databases = createTestDatabases();
const BASE = '/api/gpu-provisioning';
const HOUR = 3_600_000;
const TEAM = 'group:default/vision';

const oneGpu = {
  team: TEAM,
  cluster: 'gpu-prod',
  gpuClass: 'h100',
  count: 2,
  durationHours: 8,
  purpose: 'training',
  dataClassification: 'internal',
  justification: 'Training the visual search ranking model',
};

const schedulers = [
  {
    scheduler: 'kai',
    resource: 'queues.scheduling.run.ai',
    spec: { parentQueue: 'vision', resources: { gpu: { quota: 2, limit: 2 } } },
  },
  {
    scheduler: 'volcano',
    resource: 'queues.scheduling.volcano.sh',
    spec: { capability: { 'nvidia.com/gpu': '2' }, reclaimable: false },
  },
] as const;

describe.each(databases.eachSupportedId())(
  'GPU provisioning on %p with scheduler queues',
  databaseId => {
    let sim: ClusterSim;
    beforeAll(async () => {
      sim = await startValidatingSim();
    });
    afterAll(() => sim?.stop());

    const start = async (scheduler: string) => {
      const knex = await databases.init(databaseId);
      const { server } = await startTestGpuBackend({
        knex,
        config: {
          gpuProvisioning: {
            ...testConfig.gpuProvisioning,
            clusters: { 'gpu-prod': { scheduler } },
          },
          kubernetes: fleetKubernetesConfig(sim),
        },
      });
      return { knex, server };
    };
    const queues = async (resource: string): Promise<any[]> =>
      (await kubectl(sim, 'gpu-prod', ['get', resource, '-o', 'json'])).items;
    const namespaces = async (): Promise<string[]> =>
      (
        await kubectl(sim, 'gpu-prod', ['get', 'namespaces', '-o', 'json'])
      ).items.map((n: any) => n.metadata.name);

    it.each(schedulers)(
      'grants on a $scheduler cluster: its queue beside the quota, the same quota view, reservations off the cluster, and release takes the queue',
      async ({ scheduler, resource, spec }) => {
        const { server } = await start(scheduler);
        const created = await request(server)
          .post(`${BASE}/requests`)
          .set(...as(BO))
          .send(oneGpu);
        expect(created.status).toBe(201);
        const grant = created.body as GpuRequest;
        expect(grant.status).toBe('active');
        const ns = grant.namespace!;

        const queue = (await queues(resource)).find(
          q => q.metadata.name === ns,
        );
        expect(queue.metadata.labels['ai-platform.io/grant-id']).toBe(grant.id);
        expect(queue.spec).toMatchObject(spec);
        const quota = await kubectl(sim, 'gpu-prod', [
          'get',
          'resourcequota',
          'gpu-grant',
          '-n',
          ns,
          '-o',
          'json',
        ]);
        expect(quota.spec.hard['requests.nvidia.com/gpu']).toBe('2');

        // The team's quota view is the ledger's, whatever the scheduler.
        const view = await request(server)
          .get(`${BASE}/quota`)
          .query({ team: TEAM })
          .set(...as(BO));
        expect(view.status).toBe(200);
        expect(view.body.items).toContainEqual({
          team: TEAM,
          cluster: '*',
          gpuClass: 'h100',
          limit: 64,
          used: 2,
          remaining: 62,
        });

        // A reserved window puts nothing on the cluster before its start.
        const startAt = new Date((Math.floor(Date.now() / HOUR) + 3) * HOUR);
        const booked = await request(server)
          .post(`${BASE}/requests`)
          .set(...as(BO))
          .send({ ...oneGpu, count: 1, startAt: startAt.toISOString() });
        expect(booked.status).toBe(201);
        expect(booked.body.status).toBe('approved');
        expect(
          (await queues(resource)).filter(
            q =>
              q.metadata.labels?.['ai-platform.io/grant-id'] === booked.body.id,
          ),
        ).toEqual([]);

        const released = await request(server)
          .post(`${BASE}/requests/${grant.id}/release`)
          .set(...as(BO));
        expect(released.body.status).toBe('released');
        expect(
          (await queues(resource)).map(q => q.metadata.name),
        ).not.toContain(ns);
        expect(await namespaces()).not.toContain(ns);
      },
    );

    it('refuses a MIG request on a KAI cluster with 400 naming migProfile, before anything is written', async () => {
      const { knex, server } = await start('kai');
      const refused = await request(server)
        .post(`${BASE}/requests`)
        .set(...as(BO))
        .send({ ...oneGpu, migProfile: '1g.10gb' });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toContain(
        'migProfile: cluster gpu-prod schedules with KAI Scheduler, whose queues count whole GPUs',
      );
      const [{ n }] = await knex('gpu_requests').count({ n: '*' });
      expect(Number(n)).toBe(0);

      // Asking before requesting gets the same answer.
      const estimate = await request(server)
        .get(`${BASE}/start-estimate`)
        .query({
          team: TEAM,
          cluster: 'gpu-prod',
          gpuClass: 'h100',
          migProfile: '1g.10gb',
          count: 1,
          durationHours: 8,
        })
        .set(...as(BO));
      expect(estimate.status).toBe(400);
      expect(estimate.body.error.message).toContain(
        'migProfile: cluster gpu-prod schedules with KAI Scheduler',
      );
    });
  },
);
