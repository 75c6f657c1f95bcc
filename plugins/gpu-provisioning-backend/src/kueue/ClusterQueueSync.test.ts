import { KubernetesObject } from '@kubernetes/client-node';
import { ClusterSim } from '@ai-platform/cluster-sim';
import { mockServices } from '@backstage/backend-test-utils';
import { clustersFor } from '../kubernetes/__testUtils__/clustersFor';
import { kubectl } from '../kubernetes/__testUtils__/kubectl';
import { startValidatingSim } from '../kubernetes/__testUtils__/startValidatingSim';
import { testProvisioningConfig } from '../kubernetes/__testUtils__/testProvisioningConfig';
import { ClusterQueueSync } from './ClusterQueueSync';
import { KubernetesClusterQueues } from './KubernetesClusterQueues';

jest.setTimeout(60_000);

// ai-division above two teams; vision has a sub-team under a nearer department.
const parents: Record<string, string[]> = {
  'group:default/ai-division': [],
  'group:default/vision': ['group:default/ai-division'],
  'group:default/conversational-ai': ['group:default/ai-division'],
  'group:default/vision-research': ['group:default/vision'],
};
const groupTree = {
  async ancestors(ref: string) {
    const result: string[] = [];
    for (let at = parents[ref]?.[0]; at; at = parents[at]?.[0]) result.push(at);
    return result;
  },
  async descendants(ref: string) {
    const below = Object.keys(parents).filter(g =>
      (parents[g] ?? []).includes(ref),
    );
    const all = [ref];
    for (const child of below) all.push(...(await this.descendants(child)));
    return all;
  },
};

describe('ClusterQueueSync', () => {
  let sim: ClusterSim;
  beforeAll(async () => {
    sim = await startValidatingSim();
  });
  afterAll(() => sim?.stop());

  it('applies each team’s ClusterQueue in its nearest department’s cohort, changes nothing on a second pass and leaves the platform team’s queues alone', async () => {
    const clusters = clustersFor(sim);
    const store = KubernetesClusterQueues.create({ clusters });
    // The platform team's own queue for conversational-ai.
    await clusters.objects('gpu-prod').create({
      apiVersion: 'kueue.x-k8s.io/v1beta2',
      kind: 'ClusterQueue',
      metadata: { name: 'conversational-ai' },
      spec: { namespaceSelector: {}, resourceGroups: [] },
    } as KubernetesObject);
    const logger = mockServices.logger.mock();
    const sync = ClusterQueueSync.create({
      store,
      config: testProvisioningConfig({
        kueue: {
          cohorts: [
            { department: 'group:default/ai-division' },
            {
              department: 'group:default/vision',
              reclaimWithinCohort: 'Never',
            },
          ],
        },
      }),
      groupTree,
      kueueClusters: ['gpu-prod'],
      logger,
    });

    const first = await sync.syncOnce();
    expect(first).toEqual({
      applied: 2,
      notOurs: ['gpu-prod/conversational-ai'],
      removed: [],
      staleInUse: [],
      errors: [],
    });
    const read = async (name: string) =>
      kubectl(sim, 'gpu-prod', [
        'get',
        'clusterqueues.kueue.x-k8s.io',
        name,
        '-o',
        'json',
      ]);
    const vision = await read('vision');
    const research = await read('vision-research');
    expect(vision.spec.cohortName).toBe('ai-division');
    expect(research.spec).toMatchObject({
      cohortName: 'vision',
      preemption: { reclaimWithinCohort: 'Never' },
    });
    expect((await read('conversational-ai')).spec.cohortName).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('was not made by the portal'),
      { cluster: 'gpu-prod', clusterQueue: 'conversational-ai' },
    );

    // Server-side apply of the same queues changes nothing.
    await sync.syncOnce();
    expect((await read('vision')).metadata.resourceVersion).toBe(
      vision.metadata.resourceVersion,
    );
    expect((await read('vision-research')).metadata.resourceVersion).toBe(
      research.metadata.resourceVersion,
    );
  });

  it('reports a cluster it cannot reach and goes on', async () => {
    const sync = ClusterQueueSync.create({
      store: KubernetesClusterQueues.create({ clusters: clustersFor(sim) }),
      config: testProvisioningConfig({
        kueue: { cohorts: [{ department: 'group:default/ai-division' }] },
      }),
      groupTree,
      kueueClusters: ['no-such-cluster', 'gpu-prod'],
      logger: mockServices.logger.mock(),
    });
    const summary = await sync.syncOnce();
    expect(summary.errors).toEqual([
      { cluster: 'no-such-cluster', message: expect.any(String) },
    ]);
    expect(summary.applied).toBe(2);
  });

  it('removes the team queues the config no longer has, keeping one while a grant’s LocalQueue points at it, and never the platform team’s', async () => {
    // A cluster of its own, so the queues are the ones this test makes.
    const own = await startValidatingSim();
    try {
      const clusters = clustersFor(own);
      const store = KubernetesClusterQueues.create({ clusters });
      const api = clusters.objects('gpu-prod');
      const syncWith = (departments: string[]) =>
        ClusterQueueSync.create({
          store,
          config: testProvisioningConfig({
            kueue: { cohorts: departments.map(department => ({ department })) },
          }),
          groupTree,
          kueueClusters: ['gpu-prod'],
          logger: mockServices.logger.mock(),
        });
      const names = async () =>
        (await store.list('gpu-prod')).map(q => q.metadata!.name!).sort();
      // The platform team's own queue, without the portal's label.
      await api.create({
        apiVersion: 'kueue.x-k8s.io/v1beta2',
        kind: 'ClusterQueue',
        metadata: { name: 'platform-batch' },
        spec: { namespaceSelector: {}, resourceGroups: [] },
      } as KubernetesObject);

      // All three teams of ai-division have queues; a grant of vision uses its.
      await syncWith(['group:default/ai-division']).syncOnce();
      expect(await names()).toEqual([
        'conversational-ai',
        'platform-batch',
        'vision',
        'vision-research',
      ]);
      await api.create({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'grant-vision-1' },
      } as KubernetesObject);
      await api.create({
        apiVersion: 'kueue.x-k8s.io/v1beta2',
        kind: 'LocalQueue',
        metadata: { name: 'gpus', namespace: 'grant-vision-1' },
        spec: { clusterQueue: 'vision' },
      } as KubernetesObject);

      // Only the vision department is configured now: vision-research alone.
      const visionOnly = syncWith(['group:default/vision']);
      expect(await visionOnly.syncOnce()).toEqual({
        applied: 1,
        notOurs: [],
        removed: ['gpu-prod/conversational-ai'],
        staleInUse: ['gpu-prod/vision'],
        errors: [],
      });
      expect(await names()).toEqual([
        'platform-batch',
        'vision',
        'vision-research',
      ]);

      // The grant ends (its namespace and LocalQueue go): the queue follows.
      await api.delete({
        apiVersion: 'kueue.x-k8s.io/v1beta2',
        kind: 'LocalQueue',
        metadata: { name: 'gpus', namespace: 'grant-vision-1' },
      } as KubernetesObject);
      expect(await visionOnly.syncOnce()).toMatchObject({
        removed: ['gpu-prod/vision'],
        staleInUse: [],
      });
      expect(await names()).toEqual(['platform-batch', 'vision-research']);
      expect(await visionOnly.syncOnce()).toMatchObject({
        removed: [],
        staleInUse: [],
      });
    } finally {
      await own.stop();
    }
  });
});
