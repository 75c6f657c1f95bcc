import { mockServices } from '@backstage/backend-test-utils';
import { ClusterSim, loadTopology } from '@ai-platform/cluster-sim';
import { GpuClassCapacity } from '@ai-platform/plugin-gpu-provisioning-common';
import { clustersFor } from './__testUtils__/clustersFor';
import { startValidatingSim } from './__testUtils__/startValidatingSim';
import { testProvisioningConfig } from './__testUtils__/testProvisioningConfig';
import { waitFor } from '@ai-platform/test-utils';
import { KubernetesCapacityReader } from './KubernetesCapacityReader';

// Each file starts its own simulated fleet; under a parallel run that takes a few seconds.
jest.setTimeout(30_000);

/** Whole GPUs or MIG instances per class and resource, counted from the topology file. */
function topologyTotals() {
  const fleet = loadTopology();
  const totals: Record<string, number> = {};
  for (const cluster of fleet.clusters) {
    for (const pool of cluster.nodePools) {
      const product = fleet.gpuProducts[pool.gpu].product;
      const add = (resource: string, n: number) => {
        const key = `${cluster.name}/${product}/${resource}`;
        totals[key] = (totals[key] ?? 0) + n;
      };
      if (!pool.mig) {
        add('nvidia.com/gpu', pool.count * pool.gpusPerNode);
      } else {
        for (const [profile, perGpu] of Object.entries(
          pool.mig.instancesPerGpu,
        )) {
          add(
            `nvidia.com/mig-${profile}`,
            pool.count * pool.gpusPerNode * perGpu,
          );
        }
      }
    }
  }
  return totals;
}

/** Devices held by pods, as the emulator's GPU allocator (not the API) knows them. */
function heldDevices(sim: ClusterSim) {
  const held: Record<string, number> = {};
  for (const cluster of sim.clusters) {
    for (const node of cluster.gpus.nodeGpus()) {
      for (const device of node.devices) {
        if (!device.holder) continue;
        const resource = device.mig
          ? `nvidia.com/mig-${device.mig.profile}`
          : 'nvidia.com/gpu';
        const key = `${cluster.name}/${device.product.product}/${resource}`;
        held[key] = (held[key] ?? 0) + 1;
      }
    }
  }
  return held;
}

const PRODUCTS: Record<string, string> = {
  h100: 'NVIDIA-H100-80GB-HBM3',
  a100: 'NVIDIA-A100-SXM4-80GB',
  l40s: 'NVIDIA-L40S',
};
const keyOf = (item: GpuClassCapacity) =>
  `${item.cluster}/${PRODUCTS[item.gpuClass]}/${item.resource}`;

describe('KubernetesCapacityReader', () => {
  let sim: ClusterSim;
  const config = testProvisioningConfig();
  const logger = mockServices.logger.mock();
  const seededGpus = loadTopology()
    .clusters.flatMap(c => c.workloads)
    .reduce((sum, w) => sum + w.replicas * w.gpusPerReplica, 0);

  beforeAll(async () => {
    sim = await startValidatingSim({ seed: 'workloads' });
    // Jobs create their pods asynchronously; wait until every seeded GPU is held.
    await waitFor(() => {
      const held = Object.values(heldDevices(sim)).reduce((a, b) => a + b, 0);
      return held === seededGpus ? true : undefined;
    }, 10_000);
  });
  afterEach(() => sim.clusters.forEach(c => c.faults.clear()));
  afterAll(() => sim?.stop());

  it('counts what the topology has and what its workloads hold', async () => {
    const reader = KubernetesCapacityReader.create({
      clusters: clustersFor(sim),
      config,
      logger,
    });
    const start = Date.now();
    const { items, errors } = await reader.read();
    const elapsed = Date.now() - start;
    expect(errors).toEqual([]);
    expect(elapsed).toBeLessThan(5000);

    const totals = topologyTotals();
    const held = heldDevices(sim);
    expect(Object.fromEntries(items.map(i => [keyOf(i), i.total]))).toEqual(
      totals,
    );
    expect(Object.fromEntries(items.map(i => [keyOf(i), i.inUse]))).toEqual(
      Object.fromEntries(Object.keys(totals).map(k => [k, held[k] ?? 0])),
    );
    for (const item of items) {
      expect(item.granted).toBe(0);
      expect(item.free).toBe(item.total - item.inUse);
    }
  });

  it('matches the demo fleet as written down', async () => {
    const reader = KubernetesCapacityReader.create({
      clusters: clustersFor(sim),
      config,
      logger,
    });
    const { items } = await reader.read();
    const prod = items
      .filter(i => i.cluster === 'gpu-prod')
      .map(i => [
        i.resource,
        i.total,
        i.inUse,
        i.free,
        i.memoryMiB,
        i.hourlyRate,
      ]);
    // Four 8×H100 nodes; the fifth is all MIG (2×1g.10gb, 1×2g.20gb, 1×3g.40gb per GPU).
    // In use: 8 (ranker) + 2×4 (two-tower) + 2×2 (LLM inference) + 4 (idle fine-tune).
    expect(prod).toEqual([
      ['nvidia.com/gpu', 32, 24, 8, 81559, 4.5],
      ['nvidia.com/mig-1g.10gb', 16, 2, 14, 9984, 0.7],
      ['nvidia.com/mig-2g.20gb', 8, 2, 6, 20096, 1.3],
      ['nvidia.com/mig-3g.40gb', 8, 2, 6, 40320, 2.4],
    ]);
    const dev = items.filter(i => i.cluster === 'gpu-dev');
    expect(dev.map(i => [i.gpuClass, i.total])).toEqual([
      ['a100', 16],
      ['l40s', 8],
    ]);
    // 3 notebooks + 1 + 2 (fine-tune) + 1 + 2 (idle notebook) + 1.
    expect(dev.reduce((sum, i) => sum + i.inUse, 0)).toBe(10);
  });

  it('counts limits when requests are absent, and stops counting finished pods', async () => {
    const clusters = clustersFor(sim);
    const reader = KubernetesCapacityReader.create({
      clusters,
      config,
      logger,
    });
    const inUse = async () =>
      (await reader.read()).items.find(
        i => i.cluster === 'gpu-prod' && i.resource === 'nvidia.com/gpu',
      )!.inUse;
    const before = await inUse();
    const core = clusters.core('gpu-prod');
    await core.createNamespace({
      body: { metadata: { name: 'capacity-test' } },
    });
    await core.createNamespacedPod({
      namespace: 'capacity-test',
      body: {
        metadata: {
          name: 'short-job',
          annotations: { 'cluster-sim.ai-platform.io/run-seconds': '1' },
        },
        spec: {
          restartPolicy: 'Never',
          nodeSelector: { 'nvidia.com/gpu.product': PRODUCTS.h100 },
          containers: [
            {
              name: 'main',
              image: 'busybox:1.36',
              resources: { limits: { 'nvidia.com/gpu': '3' } },
            },
          ],
        },
      },
    });
    await waitFor(async () =>
      (await inUse()) === before + 3 ? true : undefined,
    );
    await waitFor(
      async () => ((await inUse()) === before ? true : undefined),
      10_000,
    );
    const pod = await core.readNamespacedPod({
      namespace: 'capacity-test',
      name: 'short-job',
    });
    expect(pod.status?.phase).toBe('Succeeded');
  });

  it('reports a cluster that is down, or unreachable, by name and answers for the others', async () => {
    const reader = KubernetesCapacityReader.create({
      clusters: clustersFor(sim, [
        {
          name: 'gpu-offline',
          url: 'https://127.0.0.1:9',
          authProvider: 'serviceAccount',
          serviceAccountToken: 'x',
        },
        { name: 'gpu-gke', url: 'https://203.0.113.1', authProvider: 'google' },
      ]),
      config,
      logger,
    });
    sim.cluster('gpu-dev').faults.setDown(true);
    const { items, errors } = await reader.read();
    expect(errors.map(e => e.cluster).sort()).toEqual([
      'gpu-dev',
      'gpu-gke',
      'gpu-offline',
    ]);
    expect(errors.find(e => e.cluster === 'gpu-gke')!.message).toMatch(
      /cluster 'gpu-gke' uses the auth provider 'google'/,
    );
    expect(new Set(items.map(i => i.cluster))).toEqual(new Set(['gpu-prod']));
    expect(reader.clusterNames()).toEqual([
      'gpu-prod',
      'gpu-dev',
      'gpu-offline',
      'gpu-gke',
    ]);
  });

  it('reports an API error with the status it came with', async () => {
    const reader = KubernetesCapacityReader.create({
      clusters: clustersFor(sim),
      config,
      logger,
    });
    sim.cluster('gpu-prod').faults.add({
      type: 'error',
      verb: 'list',
      resource: 'pods',
      status: 503,
    });
    const { errors } = await reader.read();
    expect(errors).toEqual([
      {
        cluster: 'gpu-prod',
        message: expect.stringMatching(
          /^503 ServiceUnavailable: injected fault/,
        ),
      },
    ]);
  });

  it('gives up on a cluster that does not answer in time', async () => {
    const reader = KubernetesCapacityReader.create({
      clusters: clustersFor(sim),
      config,
      logger,
      timeoutMs: 200,
    });
    sim
      .cluster('gpu-dev')
      .faults.add({ type: 'latency', ms: 1000, verb: 'list' });
    const { items, errors } = await reader.read();
    expect(errors).toEqual([
      {
        cluster: 'gpu-dev',
        message: expect.stringMatching(/gpu-dev timed out after 200 ms/),
      },
    ]);
    expect(items.some(i => i.cluster === 'gpu-prod')).toBe(true);
  });
});
