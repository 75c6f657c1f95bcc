import { ClusterSim } from '@ai-platform/cluster-sim';
import {
  createTestDatabases,
  fleetKubernetesConfig,
} from '@ai-platform/test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { readGpuProvisioningConfig } from '../config/GpuProvisioningConfig';
import { DatabaseGrantStore } from '../database/DatabaseGrantStore';
import { NewGpuRequest } from '../database/types';
import { testConfig } from '../__fixtures__/config';
import { createKubernetesGrantServices } from '../kubernetes';
import { kubectl } from '../kubernetes/__testUtils__/kubectl';
import { startValidatingSim } from '../kubernetes/__testUtils__/startValidatingSim';
import { GrantReconciler } from './GrantReconciler';

// The lifecycle loop with the real store (both engines) and the real
// provisioner on KAI Scheduler and Volcano clusters of the simulated fleet,
// which validates every queue against the schedulers' CRDs.
jest.setTimeout(120_000);

const databases = createTestDatabases();
const HOUR = 3_600_000;
const CLUSTER = 'gpu-prod';

const schedulers = [
  { scheduler: 'kai', resource: 'queues.scheduling.run.ai' },
  { scheduler: 'volcano', resource: 'queues.scheduling.volcano.sh' },
] as const;

const cases = databases
  .eachSupportedId()
  .flatMap(([databaseId]) => schedulers.map(s => ({ databaseId, ...s })));

describe.each(cases)(
  'GrantReconciler on $databaseId with a $scheduler cluster',
  ({ databaseId, scheduler, resource }) => {
    let sim: ClusterSim;
    beforeAll(async () => {
      sim = await startValidatingSim();
    });
    afterAll(() => sim?.stop());

    const setUp = async () => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseGrantStore.create({
        database: mockServices.database({ knex }),
      });
      const config = new ConfigReader({
        ...testConfig,
        gpuProvisioning: {
          ...testConfig.gpuProvisioning,
          clusters: { [CLUSTER]: { scheduler } },
        },
        kubernetes: fleetKubernetesConfig(sim, {
          titles: true,
          skipMetricsLookup: true,
        }),
      });
      const provisioning = readGpuProvisioningConfig(config);
      const { provisioner } = createKubernetesGrantServices({
        config,
        provisioning,
        logger: mockServices.logger.mock(),
      });
      const reconciler = GrantReconciler.create({
        store,
        provisioner,
        config: provisioning,
        logger: mockServices.logger.mock(),
        auditor: mockServices.auditor.mock(),
        teamInfo: async () => ({ teamName: 'vision' }),
      });
      return { store, reconciler };
    };
    const request = (extra: Partial<NewGpuRequest> = {}): NewGpuRequest => ({
      team: 'group:default/vision',
      cluster: CLUSTER,
      gpuClass: 'h100',
      count: 2,
      durationHours: 8,
      purpose: 'training',
      dataClassification: 'internal',
      justification: 'Training the visual search ranking model',
      requestedBy: 'user:default/bo.builder',
      status: 'approved',
      gpuHours: 16,
      estimatedCost: 72,
      requiresApproval: false,
      ...extra,
    });
    const queues = async (): Promise<any[]> =>
      (await kubectl(sim, CLUSTER, ['get', resource, '-o', 'json'])).items;
    const namespaces = async (): Promise<string[]> =>
      (
        await kubectl(sim, CLUSTER, ['get', 'namespaces', '-o', 'json'])
      ).items.map((n: any) => n.metadata.name);
    const gpusOf = (queue: any) =>
      scheduler === 'kai'
        ? queue.spec.resources.gpu.limit
        : Number(queue.spec.capability['nvidia.com/gpu']);

    it('provisions a grant with its queue and quota, and reclaims both when it expires', async () => {
      const { store, reconciler } = await setUp();
      const created = await store.create({
        request: request(),
        quotaLimit: 8,
      });
      const active = await reconciler.provision(created.request);
      expect(active.status).toBe('active');
      const queue = (await queues()).find(
        q => q.metadata.name === active.namespace,
      );
      expect(gpusOf(queue)).toBe(2);
      expect(queue.metadata.labels['ai-platform.io/grant-id']).toBe(active.id);
      const quota = await kubectl(sim, CLUSTER, [
        'get',
        'resourcequota',
        'gpu-grant',
        '-n',
        active.namespace!,
        '-o',
        'json',
      ]);
      expect(quota.spec.hard['requests.nvidia.com/gpu']).toBe('2');

      const summary = await reconciler.reconcileOnce(
        new Date(Date.now() + 9 * HOUR),
      );
      expect(summary.expired).toBe(1);
      expect((await store.get(active.id))?.status).toBe('expired');
      expect(await store.usage('group:default/vision')).toEqual({ h100: 0 });
      expect((await queues()).map(q => q.metadata.name)).not.toContain(
        active.namespace,
      );
      expect(await namespaces()).not.toContain(active.namespace);
    });

    it('puts nothing on the cluster for a reserved window until it starts, then its queue, gone at its end', async () => {
      const { store, reconciler } = await setUp();
      const startAt = new Date((Math.floor(Date.now() / HOUR) + 3) * HOUR);
      const { request: booked } = await store.create({
        request: request({ count: 3, startAt: startAt.toISOString() }),
        quotaLimit: 8,
        capacity: 64,
      });
      const before = await reconciler.reconcileOnce(
        new Date(startAt.getTime() - 1),
      );
      expect(before.provisioned).toBe(0);
      expect((await store.get(booked.id))?.status).toBe('approved');
      const managed = (await queues()).filter(
        q => q.metadata.labels?.['ai-platform.io/grant-id'] === booked.id,
      );
      expect(managed).toEqual([]);
      const labelled = await kubectl(sim, CLUSTER, [
        'get',
        'namespaces',
        '-l',
        `ai-platform.io/grant-id=${booked.id}`,
        '-o',
        'json',
      ]);
      expect(labelled.items).toEqual([]);

      expect((await reconciler.reconcileOnce(startAt)).provisioned).toBe(1);
      const active = (await store.get(booked.id))!;
      expect(active.status).toBe('active');
      const queue = (await queues()).find(
        q => q.metadata.name === active.namespace,
      );
      expect(gpusOf(queue)).toBe(3);
      expect(await namespaces()).toContain(active.namespace);

      const end = new Date(startAt.getTime() + 8 * HOUR);
      expect((await reconciler.reconcileOnce(end)).expired).toBe(1);
      expect((await queues()).map(q => q.metadata.name)).not.toContain(
        active.namespace,
      );
      expect(await namespaces()).not.toContain(active.namespace);
    });
  },
);
