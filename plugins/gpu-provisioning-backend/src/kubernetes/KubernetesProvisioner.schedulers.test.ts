import { mockServices } from '@backstage/backend-test-utils';
import { ClusterSim } from '@ai-platform/cluster-sim';
import { waitFor } from '@ai-platform/test-utils';
import { GrantSpec } from '../types';
import { clustersFor } from './__testUtils__/clustersFor';
import { kubectl } from './__testUtils__/kubectl';
import { startValidatingSim } from './__testUtils__/startValidatingSim';
import { testProvisioningConfig } from './__testUtils__/testProvisioningConfig';
import { testGrant } from './__testUtils__/testGrant';
import { KubernetesProvisioner } from './KubernetesProvisioner';

// Each file starts its own simulated fleet; under a parallel run that takes a few seconds.
jest.setTimeout(60_000);

const CLUSTER = 'gpu-prod';

const schedulers = [
  {
    scheduler: 'kai',
    resource: 'queues.scheduling.run.ai',
    config: { kai: { parentQueueTemplate: 'team-{team}' } },
    spec: {
      parentQueue: 'team-ml-platform',
      resources: {
        gpu: { quota: 2, limit: 2, overQuotaWeight: 1 },
        cpu: { quota: -1, limit: -1, overQuotaWeight: 1 },
        memory: { quota: -1, limit: -1, overQuotaWeight: 1 },
      },
    },
    drift: { spec: { resources: { gpu: { quota: 8, limit: 8 } } } },
    parentSpec: {
      resources: {
        gpu: { quota: -1, limit: -1, overQuotaWeight: 1 },
        cpu: { quota: -1, limit: -1, overQuotaWeight: 1 },
        memory: { quota: -1, limit: -1, overQuotaWeight: 1 },
      },
    },
  },
  {
    scheduler: 'volcano',
    resource: 'queues.scheduling.volcano.sh',
    config: { volcano: { parentQueueTemplate: 'team-{team}' } },
    spec: {
      parent: 'team-ml-platform',
      capability: { 'nvidia.com/gpu': '2' },
      reclaimable: false,
      weight: 1,
    },
    drift: { spec: { capability: { 'nvidia.com/gpu': '8' } } },
    parentSpec: { weight: 1, reclaimable: false },
  },
] as const;

describe.each(schedulers)(
  'KubernetesProvisioner on a $scheduler cluster',
  ({ scheduler, resource, config, spec, drift, parentSpec }) => {
    let sim: ClusterSim;
    let provisioner: KubernetesProvisioner;
    const logger = mockServices.logger.mock();

    const grantOf = testGrant;
    const ns = (grant: GrantSpec) => grant.request.namespace!;
    const get = (args: string[]) =>
      kubectl(sim, CLUSTER, [...args, '-o', 'json']);
    const queueNames = async () =>
      (await get(['get', resource])).items.map((q: any) => q.metadata.name);

    beforeAll(async () => {
      sim = await startValidatingSim({ seed: 'nodes' });
      provisioner = KubernetesProvisioner.create({
        clusters: clustersFor(sim),
        config: testProvisioningConfig({
          clusters: { [CLUSTER]: { scheduler } },
          ...config,
        }),
        logger,
      });
    });
    afterEach(() => sim.clusters.forEach(c => c.faults.clear()));
    afterAll(() => sim?.stop());

    it('applies a queue that kubectl shows, beside the quota, and removes both', async () => {
      const grant = grantOf();
      await provisioner.apply(grant);

      const queue = await get(['get', resource, ns(grant)]);
      expect(queue.spec).toMatchObject(spec);
      expect(queue.metadata.labels).toMatchObject({
        'app.kubernetes.io/managed-by': 'ai-platform-portal',
        'ai-platform.io/grant-id': grant.request.id,
        'ai-platform.io/team': 'ml-platform',
      });
      expect(queue.metadata.annotations).toMatchObject({
        'ai-platform.io/gpus': '2 x h100',
      });
      const quota = await get([
        'get',
        'resourcequota',
        'gpu-grant',
        '-n',
        ns(grant),
      ]);
      expect(quota.spec.hard['requests.nvidia.com/gpu']).toBe('2');
      expect(await provisioner.inspect(grant)).toEqual({
        namespaceExists: true,
        drifted: [],
      });

      // Idempotent: a second apply changes nothing.
      await provisioner.apply(grant);
      const again = await get(['get', resource, ns(grant)]);
      expect(again.metadata.resourceVersion).toBe(
        queue.metadata.resourceVersion,
      );

      await provisioner.remove(grant);
      expect(await queueNames()).not.toContain(ns(grant));
      await waitFor(async () =>
        (
          await get(['get', 'namespaces'])
        ).items.some((n: any) => n.metadata.name === ns(grant))
          ? undefined
          : true,
      );
      await expect(provisioner.remove(grant)).resolves.toBeUndefined();
    });

    it("warns when the team's parent queue is missing, and not once it exists", async () => {
      logger.warn.mockClear();
      const grant = grantOf();
      await provisioner.apply(grant);
      const queue = await get(['get', resource, ns(grant)]);
      const named = spec as { parentQueue?: string; parent?: string };
      const parent = (named.parentQueue ?? named.parent)!;
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('parent queue of a grant queue does not exist'),
        expect.objectContaining({
          namespace: ns(grant),
          parentQueue: `Queue/${parent}`,
        }),
      );

      // The platform team creates the team's queue: a new grant is quiet.
      await clustersFor(sim)
        .objects(CLUSTER)
        .create({
          apiVersion: queue.apiVersion,
          kind: 'Queue',
          metadata: { name: parent },
          spec: parentSpec,
        });
      logger.warn.mockClear();
      const next = grantOf();
      await provisioner.apply(next);
      expect(logger.warn).not.toHaveBeenCalled();
      await provisioner.remove(next);
      await provisioner.remove(grant);
      await clustersFor(sim)
        .objects(CLUSTER)
        .delete({
          apiVersion: queue.apiVersion,
          kind: 'Queue',
          metadata: { name: parent },
        });
    });

    it('reports a queue changed or deleted with kubectl as drift and takes it back', async () => {
      const grant = grantOf();
      await provisioner.apply(grant);
      await kubectl(sim, CLUSTER, [
        'patch',
        resource,
        ns(grant),
        '--type',
        'merge',
        '-p',
        JSON.stringify(drift),
      ]);
      expect((await provisioner.inspect(grant)).drifted).toEqual([
        `Queue/${ns(grant)}`,
      ]);
      await provisioner.apply(grant);
      expect((await provisioner.inspect(grant)).drifted).toEqual([]);

      await kubectl(sim, CLUSTER, ['delete', resource, ns(grant)]);
      expect((await provisioner.inspect(grant)).drifted).toEqual([
        `Queue/${ns(grant)}`,
      ]);
      await provisioner.apply(grant);
      expect((await get(['get', resource, ns(grant)])).spec).toMatchObject(
        spec,
      );
      await provisioner.remove(grant);
    });

    it('removes the queue of a grant whose namespace is already gone', async () => {
      const grant = grantOf();
      await provisioner.apply(grant);
      await kubectl(sim, CLUSTER, ['delete', 'namespace', ns(grant)]);
      await provisioner.remove(grant);
      expect(await queueNames()).not.toContain(ns(grant));
    });

    it('is all or nothing when the queue fails: nothing is left, and a retry applies everything', async () => {
      const grant = grantOf();
      const rule = sim.cluster(CLUSTER).faults.add({
        type: 'error',
        verb: 'patch',
        resource: 'queues',
        times: 1,
      });
      const failure = provisioner.apply(grant);
      await expect(failure).rejects.toThrow(
        new RegExp(`Could not apply Queue/${ns(grant)} of grant`),
      );
      expect(sim.cluster(CLUSTER).faults.hits.get(rule)).toBe(1);
      expect(await queueNames()).not.toContain(ns(grant));
      await provisioner.apply(grant);
      expect(await provisioner.inspect(grant)).toEqual({
        namespaceExists: true,
        drifted: [],
      });
      await provisioner.remove(grant);
    });

    it('rolls the queue back when the role binding fails', async () => {
      const grant = grantOf();
      sim.cluster(CLUSTER).faults.add({
        type: 'error',
        verb: 'patch',
        resource: 'rolebindings',
        times: 1,
      });
      await expect(provisioner.apply(grant)).rejects.toThrow(
        /Could not apply RoleBinding/,
      );
      expect(await queueNames()).not.toContain(ns(grant));
    });

    it('neither takes over nor deletes a queue of that name that is not the grant', async () => {
      const grant = grantOf();
      const foreign = {
        apiVersion:
          resource === 'queues.scheduling.run.ai'
            ? 'scheduling.run.ai/v2'
            : 'scheduling.volcano.sh/v1beta1',
        kind: 'Queue',
        metadata: { name: ns(grant), labels: { owner: 'platform' } },
        spec: {},
      };
      await clustersFor(sim).objects(CLUSTER).create(foreign);
      await expect(provisioner.apply(grant)).rejects.toThrow(
        /does not belong to grant/,
      );
      await provisioner.remove(grant);
      const live = await get(['get', resource, ns(grant)]);
      expect(live.metadata.labels).toEqual({ owner: 'platform' });
    });
  },
);

describe('KubernetesProvisioner on a volcano cluster with a MIG grant', () => {
  let sim: ClusterSim;
  beforeAll(async () => {
    sim = await startValidatingSim({ seed: 'nodes' });
  });
  afterAll(() => sim?.stop());

  it('holds the MIG instances in the queue capability and the quota', async () => {
    const provisioner = KubernetesProvisioner.create({
      clusters: clustersFor(sim),
      config: testProvisioningConfig({ mode: 'volcano' }),
      logger: mockServices.logger.mock(),
    });
    const grant: GrantSpec = {
      ...testGrant({ migProfile: '1g.10gb', count: 3 }),
      costCenter: undefined,
    };
    const ns = grant.request.namespace!;
    await provisioner.apply(grant);
    const queue = await kubectl(sim, CLUSTER, [
      'get',
      'queues.scheduling.volcano.sh',
      ns,
      '-o',
      'json',
    ]);
    expect(queue.spec.capability).toEqual({ 'nvidia.com/mig-1g.10gb': '3' });
    expect(queue.spec.parent).toBeUndefined();
    const quota = await kubectl(sim, CLUSTER, [
      'get',
      'resourcequota',
      'gpu-grant',
      '-n',
      ns,
      '-o',
      'json',
    ]);
    expect(quota.spec.hard).toMatchObject({
      'requests.nvidia.com/mig-1g.10gb': '3',
      'requests.nvidia.com/gpu': '0',
    });
    expect((await provisioner.inspect(grant)).drifted).toEqual([]);
  });
});
