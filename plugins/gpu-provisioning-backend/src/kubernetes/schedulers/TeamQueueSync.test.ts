import { CatalogGroupTree } from '@ai-platform/plugin-ai-platform-node';
import { ClusterSim } from '@ai-platform/cluster-sim';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { KubernetesObject } from '@kubernetes/client-node';
import { clustersFor } from '../__testUtils__/clustersFor';
import { kubectl } from '../__testUtils__/kubectl';
import { startValidatingSim } from '../__testUtils__/startValidatingSim';
import { testProvisioningConfig } from '../__testUtils__/testProvisioningConfig';
import { KubernetesClusters } from '../KubernetesClusters';
import { KAI_QUEUE_VERSION } from './kai';
import { TeamQueueSync } from './TeamQueueSync';
import { VOLCANO_QUEUE_VERSION } from './volcano';

// Each file starts its own simulated fleet; under a parallel run that takes a few seconds.
jest.setTimeout(60_000);

const CLUSTER = 'gpu-prod';
const AI = 'group:default/ai-division';
const RESEARCH = 'group:default/research';

function group(name: string, parent?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [], ...(parent ? { parent } : {}) },
  };
}

const groupTree = CatalogGroupTree.create({
  catalog: catalogServiceMock({
    entities: [
      group('ai-division'),
      group('vision', 'ai-division'),
      group('research'),
      group('lab', 'research'),
      group('robotics', 'research'),
    ],
  }),
  auth: mockServices.auth(),
});

const schedulers = [
  {
    scheduler: 'kai',
    resource: 'queues.scheduling.run.ai',
    grantQueue: {
      apiVersion: KAI_QUEUE_VERSION,
      spec: {
        parentQueue: 'lab',
        resources: {
          gpu: { quota: 1, limit: 1, overQuotaWeight: 1 },
          cpu: { quota: -1, limit: -1, overQuotaWeight: 1 },
          memory: { quota: -1, limit: -1, overQuotaWeight: 1 },
        },
      },
    },
    foreignQueue: { apiVersion: KAI_QUEUE_VERSION, spec: {} },
  },
  {
    scheduler: 'volcano',
    resource: 'queues.scheduling.volcano.sh',
    grantQueue: {
      apiVersion: VOLCANO_QUEUE_VERSION,
      spec: { parent: 'lab', weight: 1 },
    },
    foreignQueue: { apiVersion: VOLCANO_QUEUE_VERSION, spec: { weight: 1 } },
  },
] as const;

describe.each(schedulers)(
  'TeamQueueSync on a $scheduler cluster',
  ({ scheduler, resource, grantQueue, foreignQueue }) => {
    let sim: ClusterSim;
    let clusters: KubernetesClusters;
    const logger = mockServices.logger.mock();

    const syncFor = (departments: string[]) =>
      TeamQueueSync.create({
        objects: name => clusters.objects(name),
        clusters: [CLUSTER],
        config: testProvisioningConfig({
          clusters: { [CLUSTER]: { scheduler } },
          policy: {
            teamQuotas: [
              { team: 'group:default/vision', quota: { h100: 2 } },
              { team: 'group:default/lab', quota: { h100: 1 } },
              { team: 'group:default/robotics', quota: { h100: 1 } },
            ],
          },
          sharing: {
            departments: departments.map(department => ({ department })),
          },
        }),
        groupTree,
        logger,
      });
    const queueNames = async () =>
      (await kubectl(sim, CLUSTER, ['get', resource, '-o', 'json'])).items
        .map((q: KubernetesObject) => q.metadata!.name)
        .sort();

    beforeAll(async () => {
      sim = await startValidatingSim({ seed: 'nodes' });
      clusters = clustersFor(sim);
    });
    afterAll(() => sim?.stop());

    it('removes the queues of a dropped department, keeping those above a grant until it ends', async () => {
      const api = clusters.objects(CLUSTER);
      await api.create({
        apiVersion: foreignQueue.apiVersion,
        kind: 'Queue',
        metadata: { name: 'platform-batch' },
        spec: foreignQueue.spec,
      } as KubernetesObject);

      const both = await syncFor([AI, RESEARCH]).syncOnce();
      expect(both.errors).toEqual([]);
      expect(await queueNames()).toEqual(
        expect.arrayContaining([
          'ai-division',
          'vision',
          'research',
          'lab',
          'robotics',
        ]),
      );

      // A grant of lab's, applied by the lifecycle, under lab's queue.
      await api.create({
        apiVersion: grantQueue.apiVersion,
        kind: 'Queue',
        metadata: {
          name: 'grant-lab-1',
          labels: {
            'app.kubernetes.io/managed-by': 'ai-platform-portal',
            'ai-platform.io/grant-id': 'lab-1',
          },
          annotations: { 'ai-platform.io/team-ref': 'group:default/lab' },
        },
        spec: grantQueue.spec,
      } as KubernetesObject);

      const dropped = await syncFor([AI]).syncOnce();
      expect(dropped.errors).toEqual([]);
      expect(dropped.removed).toEqual([`${CLUSTER}/Queue/robotics`]);
      expect(dropped.staleInUse.sort()).toEqual([
        `${CLUSTER}/Queue/lab`,
        `${CLUSTER}/Queue/research`,
      ]);
      expect(await queueNames()).toEqual(
        [
          'ai-division',
          'vision',
          'research',
          'lab',
          'grant-lab-1',
          'platform-batch',
        ].sort(),
      );

      // The grant ends: the next pass removes the rest, the team first.
      await api.delete({
        apiVersion: grantQueue.apiVersion,
        kind: 'Queue',
        metadata: { name: 'grant-lab-1' },
      });
      const after = await syncFor([AI]).syncOnce();
      expect(after.removed).toEqual([
        `${CLUSTER}/Queue/lab`,
        `${CLUSTER}/Queue/research`,
      ]);
      expect(after.staleInUse).toEqual([]);
      expect(await queueNames()).toEqual(
        ['ai-division', 'vision', 'platform-batch'].sort(),
      );

      // Nothing stale: a pass removes nothing.
      const steady = await syncFor([AI]).syncOnce();
      expect(steady.removed).toEqual([]);
      expect(steady.applied).toBe(2);
    });
  },
);
