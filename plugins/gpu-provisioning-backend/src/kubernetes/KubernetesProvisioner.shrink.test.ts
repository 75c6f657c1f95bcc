import { mockServices } from '@backstage/backend-test-utils';
import { ClusterSim } from '@ai-platform/cluster-sim';
import { clustersFor } from './__testUtils__/clustersFor';
import { kubectl } from './__testUtils__/kubectl';
import { startValidatingSim } from './__testUtils__/startValidatingSim';
import { testProvisioningConfig } from './__testUtils__/testProvisioningConfig';
import { testGrant } from './__testUtils__/testGrant';
import { KubernetesProvisioner } from './KubernetesProvisioner';

// Each file starts its own simulated fleet; under a parallel run that takes a few seconds.
jest.setTimeout(60_000);

const CLUSTER = 'gpu-prod';

/**
 * Shrinking a grant applies its objects again with the smaller count (what
 * `POST /requests/{id}/shrink` does through the lifecycle): each scheduler's
 * per-grant bound must follow, read back with kubectl.
 */
describe('KubernetesProvisioner applying a shrunk grant', () => {
  let sim: ClusterSim;
  const get = (args: string[]) =>
    kubectl(sim, CLUSTER, [...args, '-o', 'json']);

  beforeAll(async () => {
    sim = await startValidatingSim({ seed: 'nodes' });
  });
  afterAll(() => sim?.stop());

  const provisionerFor = (scheduler: string) =>
    KubernetesProvisioner.create({
      clusters: clustersFor(sim),
      config: testProvisioningConfig({
        clusters: { [CLUSTER]: { scheduler } },
        kai: { parentQueueTemplate: 'team-{team}' },
        volcano: { parentQueueTemplate: 'team-{team}' },
      }),
      logger: mockServices.logger.mock(),
    });

  it.each([
    ['resourcequota', undefined],
    [
      'kai',
      {
        resource: 'queues.scheduling.run.ai',
        bound: (q: any) => q.spec.resources.gpu.quota,
        shrunk: 1,
      },
    ],
    [
      'volcano',
      {
        resource: 'queues.scheduling.volcano.sh',
        bound: (q: any) => q.spec.capability['nvidia.com/gpu'],
        shrunk: '1',
      },
    ],
  ])(
    'lowers the ResourceQuota (and the grant queue) on a %s cluster',
    async (scheduler, queue) => {
      const provisioner = provisionerFor(scheduler);
      const grant = testGrant({ count: 4 });
      const ns = grant.request.namespace!;
      await provisioner.apply(grant);
      const shrunk = { ...grant, request: { ...grant.request, count: 1 } };
      await provisioner.apply(shrunk);

      const quota = await get(['get', 'resourcequota', 'gpu-grant', '-n', ns]);
      expect(quota.spec.hard['requests.nvidia.com/gpu']).toBe('1');
      const namespace = await get(['get', 'namespace', ns]);
      expect(namespace.metadata.annotations['ai-platform.io/gpus']).toBe(
        '1 x h100',
      );
      const bound = queue
        ? queue.bound(await get(['get', queue.resource, ns]))
        : undefined;
      expect(bound).toBe(queue?.shrunk);
      // The cluster now matches the smaller grant; the larger one is drift.
      expect(await provisioner.inspect(shrunk)).toEqual({
        namespaceExists: true,
        drifted: [],
      });
      expect((await provisioner.inspect(grant)).drifted).not.toEqual([]);
      await provisioner.remove(shrunk);
    },
  );

  it('records the smaller count on a kueue cluster, whose bound is the team ClusterQueue', async () => {
    const provisioner = provisionerFor('kueue');
    const grant = testGrant({ count: 4 });
    const ns = grant.request.namespace!;
    await provisioner.apply(grant);
    const shrunk = { ...grant, request: { ...grant.request, count: 1 } };
    await provisioner.apply(shrunk);
    const namespace = await get(['get', 'namespace', ns]);
    expect(namespace.metadata.annotations['ai-platform.io/gpus']).toBe(
      '1 x h100',
    );
    expect(await provisioner.inspect(shrunk)).toEqual({
      namespaceExists: true,
      drifted: [],
    });
    await provisioner.remove(shrunk);
  });
});
