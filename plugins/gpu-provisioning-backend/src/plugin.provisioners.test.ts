import {
  GrantObjectsState,
  GrantProvisioner,
  GrantSpec,
  gpuProvisionersExtensionPoint,
} from '@ai-platform/plugin-gpu-provisioning-node';
import {
  createTestDatabases,
  recordingAuditor,
  suitePermissions,
} from '@ai-platform/test-utils';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { Knex } from 'knex';
import request from 'supertest';
import { testConfig } from './__fixtures__/config';
import { ANA, testEntities, testMemberships } from './__fixtures__/entities';
import { FakeCluster } from './__testUtils__/FakeCluster';
import { as } from './__testUtils__/startTestGpuBackend';
import { gpuProvisioningPlugin } from './plugin';

// The built-in Kubernetes provisioner is the in-memory stand-in, as in
// plugin.test.ts; the module's provisioner is a real backend module's.
const mockCluster = FakeCluster.create();
jest.mock('./kubernetes', () => ({
  createKubernetesGrantServices: () => ({
    capacity: mockCluster,
    provisioner: mockCluster,
    // No Kueue cluster: quota sharing answers no items.
    kueueClusters: [],
  }),
}));

jest.setTimeout(60_000);

/** A module's provisioner that records the grants it is handed. */
class RecordingProvisioner implements GrantProvisioner {
  readonly applied: GrantSpec[] = [];
  readonly removed: GrantSpec[] = [];
  readonly inspected: GrantSpec[] = [];

  async apply(grant: GrantSpec) {
    this.applied.push(grant);
  }

  async remove(grant: GrantSpec) {
    this.removed.push(grant);
  }

  async inspect(grant: GrantSpec): Promise<GrantObjectsState> {
    this.inspected.push(grant);
    return { namespaceExists: true, drifted: [] };
  }
}

function provisionerModule(
  id: string,
  clusters: string[],
  provisioner: GrantProvisioner,
) {
  return createBackendModule({
    pluginId: 'gpu-provisioning',
    moduleId: id,
    register(reg) {
      reg.registerInit({
        deps: { provisioners: gpuProvisionersExtensionPoint },
        async init({ provisioners }) {
          provisioners.addProvisioner({ id, clusters, provisioner });
        },
      });
    },
  });
}

/** The plugin's dependencies as startTestGpuBackend provides them, with one scheduler the test can trigger. */
async function pluginFeatures(options: {
  knex?: Knex;
  scheduler?: ReturnType<typeof mockServices.scheduler>;
}) {
  const { auditor } = recordingAuditor();
  const permissions = await suitePermissions({
    config: testConfig,
    memberships: testMemberships,
  });
  const scheduler = options.scheduler;
  return [
    gpuProvisioningPlugin,
    mockServices.rootConfig.factory({ data: testConfig }),
    ...(options.knex
      ? [mockServices.database.factory({ knex: options.knex })]
      : []),
    ...(scheduler
      ? [
          createServiceFactory({
            service: coreServices.scheduler,
            deps: {},
            factory: () => scheduler,
          }),
        ]
      : []),
    mockServices.httpAuth.factory({
      defaultCredentials: mockCredentials.none(),
    }),
    catalogServiceMock.factory({ entities: testEntities }),
    permissions.factory,
    auditor.factory,
    createServiceFactory({
      service: notificationService,
      deps: {},
      factory: () => ({ send: async () => {} }),
    }),
    actionsRegistryServiceFactory,
  ];
}

/** The mock scheduler of backend-test-utils can run a task on demand. */
interface MockScheduler {
  triggerTask(id: string): Promise<void>;
}

const databases = createTestDatabases();

const BASE = '/api/gpu-provisioning';

const onDev = {
  team: 'group:default/conversational-ai',
  entityRef: 'component:default/assistant-api',
  cluster: 'gpu-dev',
  gpuClass: 'l40s',
  count: 1,
  durationHours: 8,
  purpose: 'fine-tuning',
  dataClassification: 'internal',
  justification: 'Evaluating the assistant on the new benchmark',
};
const onProd = { ...onDev, cluster: 'gpu-prod', gpuClass: 'h100' };

describe.each(databases.eachSupportedId())(
  'gpu-provisioning with a module provisioner on %p',
  databaseId => {
    let knex: Knex;
    let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
    const scheduler = mockServices.scheduler();
    const module = new RecordingProvisioner();

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      ({ server } = await startTestBackend({
        features: [
          ...(await pluginFeatures({ knex, scheduler })),
          provisionerModule('volcano', ['gpu-dev'], module),
        ],
      }));
    });

    beforeEach(async () => {
      await knex('gpu_requests').delete();
      await knex('gpu_quota_usage').delete();
      for (const recorded of [
        module.applied,
        module.removed,
        module.inspected,
        mockCluster.applied,
        mockCluster.removed,
      ]) {
        recorded.length = 0;
      }
    });

    const create = (body: object) =>
      request(server)
        .post(`${BASE}/requests`)
        .set(...as(ANA))
        .send(body);
    const reconcile = () =>
      (scheduler as unknown as MockScheduler).triggerTask(
        'gpu-provisioning-lifecycle',
      );

    it('hands a grant on its cluster to the module: applied, inspected, released', async () => {
      const created = await create(onDev);
      expect(created.status).toBe(201);
      expect(created.body.status).toBe('active');
      expect(module.applied).toEqual([
        expect.objectContaining({
          teamName: 'conversational-ai',
          request: expect.objectContaining({
            id: created.body.id,
            cluster: 'gpu-dev',
          }),
        }),
      ]);
      expect(mockCluster.applied).toEqual([]);

      await reconcile();
      expect(module.inspected).toEqual([
        expect.objectContaining({
          request: expect.objectContaining({ id: created.body.id }),
        }),
      ]);

      const released = await request(server)
        .post(`${BASE}/requests/${created.body.id}/release`)
        .set(...as(ANA));
      expect(released.status).toBe(200);
      expect(released.body.status).toBe('released');
      expect(module.removed).toEqual([
        expect.objectContaining({
          request: expect.objectContaining({ id: created.body.id }),
        }),
      ]);
      expect(mockCluster.removed).toEqual([]);
    });

    it('has the module remove an expired grant from its cluster', async () => {
      const created = await create(onDev);
      expect(created.body.status).toBe('active');
      await knex('gpu_requests')
        .where({ id: created.body.id })
        .update({ expires_at: new Date(Date.now() - 60_000) });

      await reconcile();

      expect(module.removed).toEqual([
        expect.objectContaining({
          request: expect.objectContaining({ id: created.body.id }),
        }),
      ]);
      expect(mockCluster.removed).toEqual([]);
      const read = await request(server)
        .get(`${BASE}/requests/${created.body.id}`)
        .set(...as(ANA));
      expect(read.body.status).toBe('expired');
    });

    it('keeps grants on other clusters with the built-in provisioner', async () => {
      const created = await create(onProd);
      expect(created.status).toBe(201);
      expect(created.body.status).toBe('active');
      expect(mockCluster.applied).toEqual([
        expect.objectContaining({
          request: expect.objectContaining({
            id: created.body.id,
            cluster: 'gpu-prod',
          }),
        }),
      ]);

      await request(server)
        .post(`${BASE}/requests/${created.body.id}/release`)
        .set(...as(ANA))
        .expect(200);
      expect(mockCluster.removed).toHaveLength(1);
      expect(module.applied).toEqual([]);
      expect(module.removed).toEqual([]);
    });
  },
);

describe('gpu-provisioning provisioner modules', () => {
  it('refuses to start when two modules claim the same cluster', async () => {
    await expect(
      startTestBackend({
        features: [
          ...(await pluginFeatures({})),
          provisionerModule(
            'kai',
            ['gpu-prod', 'gpu-dev'],
            new RecordingProvisioner(),
          ),
          provisionerModule('volcano', ['gpu-dev'], new RecordingProvisioner()),
        ],
      }),
    ).rejects.toThrow(
      "GPU provisioners 'kai' and 'volcano' both claim cluster 'gpu-dev'",
    );
  });
});
