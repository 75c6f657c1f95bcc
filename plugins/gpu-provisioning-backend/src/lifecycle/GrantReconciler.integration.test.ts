import { ClusterSim } from '@ai-platform/cluster-sim';
import {
  createTestDatabases,
  fleetKubernetesConfig,
} from '@ai-platform/test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { readGpuProvisioningConfig } from '../config/GpuProvisioningConfig';
import { DatabaseGrantStore } from '../database/DatabaseGrantStore';
import { testConfig } from '../__fixtures__/config';
import { createKubernetesGrantServices } from '../kubernetes';
import { kubectl } from '../kubernetes/__testUtils__/kubectl';
import { startValidatingSim } from '../kubernetes/__testUtils__/startValidatingSim';
import { ConfigReader } from '@backstage/config';
import { GrantReconciler } from './GrantReconciler';

// The lifecycle loop with the real store (both engines) and the real
// provisioner against the simulated fleet: expiry gives the GPUs back.
jest.setTimeout(120_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'GrantReconciler on %p with the simulated fleet',
  databaseId => {
    let sim: ClusterSim;
    beforeEach(async () => {
      sim = await startValidatingSim();
    });
    afterEach(() => sim?.stop());

    it('reclaims an expired grant: namespace gone, status expired, quota returned', async () => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseGrantStore.create({
        database: mockServices.database({ knex }),
      });
      const config = new ConfigReader({
        ...testConfig,
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

      const { request } = await store.create({
        request: {
          team: 'group:default/vision',
          cluster: 'gpu-prod',
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
        },
        quotaLimit: 8,
      });
      const active = await reconciler.provision(request);
      expect(active.status).toBe('active');
      expect(await store.usage('group:default/vision')).toEqual({ h100: 2 });
      const ns = await kubectl(sim, 'gpu-prod', [
        'get',
        'namespace',
        active.namespace!,
        '-o',
        'json',
      ]);
      expect(ns.metadata.name).toBe(active.namespace);

      const nineHoursLater = new Date(Date.now() + 9 * 3600_000);
      const summary = await reconciler.reconcileOnce(nineHoursLater);
      expect(summary.expired).toBe(1);
      expect((await store.get(request.id))?.status).toBe('expired');
      expect(await store.usage('group:default/vision')).toEqual({ h100: 0 });
      await expect(
        kubectl(sim, 'gpu-prod', ['get', 'namespace', active.namespace!]),
      ).rejects.toThrow(/NotFound/);
    });
  },
);
