import { createHash } from 'node:crypto';
import { KubeObject } from '../api/types';
import { ClusterTopology, FleetTopology, GpuProduct, NodePool } from './types';

/** MIG profile details as GPU Feature Discovery labels them (H100 80GB). */
const MIG_PROFILES: Record<
  string,
  { memory: number; multiprocessors: number; slices: number }
> = {
  '1g.10gb': { memory: 9984, multiprocessors: 16, slices: 1 },
  '2g.20gb': { memory: 20096, multiprocessors: 32, slices: 2 },
  '3g.40gb': { memory: 40320, multiprocessors: 60, slices: 3 },
  '4g.40gb': { memory: 40320, multiprocessors: 64, slices: 4 },
  '7g.80gb': { memory: 80896, multiprocessors: 132, slices: 7 },
};

/** The labels NVIDIA GPU Feature Discovery and the GPU Operator put on a node. */
function gpuLabels(
  pool: NodePool,
  product: GpuProduct,
): Record<string, string> {
  const labels: Record<string, string> = {
    'nvidia.com/cuda.driver-version.full': '580.105.08',
    'nvidia.com/cuda.driver-version.major': '580',
    'nvidia.com/cuda.driver-version.minor': '105',
    'nvidia.com/cuda.driver-version.revision': '08',
    'nvidia.com/cuda.runtime-version.full': '13.0',
    'nvidia.com/cuda.runtime-version.major': '13',
    'nvidia.com/cuda.runtime-version.minor': '0',
    'nvidia.com/gfd.timestamp': '1763800000',
    'nvidia.com/gpu.compute.major': String(product.computeMajor),
    'nvidia.com/gpu.compute.minor': String(product.computeMinor),
    'nvidia.com/gpu.count': String(pool.gpusPerNode),
    'nvidia.com/gpu.deploy.container-toolkit': 'true',
    'nvidia.com/gpu.deploy.dcgm': 'true',
    'nvidia.com/gpu.deploy.dcgm-exporter': 'true',
    'nvidia.com/gpu.deploy.device-plugin': 'true',
    'nvidia.com/gpu.deploy.driver': 'true',
    'nvidia.com/gpu.deploy.gpu-feature-discovery': 'true',
    'nvidia.com/gpu.deploy.operator-validator': 'true',
    'nvidia.com/gpu.family': product.family,
    'nvidia.com/gpu.machine':
      pool.labels?.['node.kubernetes.io/instance-type'] ?? 'server',
    'nvidia.com/gpu.memory': String(product.memoryMiB),
    'nvidia.com/gpu.mode': 'compute',
    'nvidia.com/gpu.present': 'true',
    'nvidia.com/gpu.product': product.product,
    'nvidia.com/gpu.replicas': '1',
    'nvidia.com/gpu.sharing-strategy': 'none',
    'nvidia.com/mig.capable': String(
      product.family === 'hopper' || product.family === 'ampere',
    ),
    'feature.node.kubernetes.io/pci-10de.present': 'true',
    'feature.node.kubernetes.io/system-os_release.ID': 'ubuntu',
    'feature.node.kubernetes.io/kernel-version.full': '6.8.0-1021-aws',
  };
  if (pool.mig) {
    labels['nvidia.com/mig.strategy'] = pool.mig.strategy;
    labels['nvidia.com/mig.config'] = 'all-balanced';
    labels['nvidia.com/mig.config.state'] = 'success';
    labels['nvidia.com/gpu.replicas'] = '0';
    for (const [profile, perGpu] of Object.entries(pool.mig.instancesPerGpu)) {
      const details = MIG_PROFILES[profile];
      const prefix = `nvidia.com/mig-${profile}`;
      labels[`${prefix}.count`] = String(perGpu * pool.gpusPerNode);
      labels[`${prefix}.memory`] = String(details?.memory ?? 0);
      labels[`${prefix}.multiprocessors`] = String(
        details?.multiprocessors ?? 0,
      );
      labels[`${prefix}.slices.gi`] = String(details?.slices ?? 1);
      labels[`${prefix}.slices.ci`] = String(details?.slices ?? 1);
      labels[`${prefix}.engines.copy`] = String(details?.slices ?? 1);
      labels[`${prefix}.engines.decoder`] = String(details?.slices ?? 1);
      labels[`${prefix}.engines.encoder`] = '0';
      labels[`${prefix}.engines.jpeg`] = String(details?.slices ?? 1);
      labels[`${prefix}.engines.ofa`] = '0';
      labels[`${prefix}.product`] = `${product.product}-MIG-${profile}`;
      labels[`${prefix}.replicas`] = '1';
      labels[`${prefix}.sharing-strategy`] = 'none';
    }
  } else {
    labels['nvidia.com/mig.strategy'] = 'none';
  }
  return labels;
}

function gpuResources(pool: NodePool): Record<string, string> {
  if (!pool.mig) return { 'nvidia.com/gpu': String(pool.gpusPerNode) };
  const total = Object.values(pool.mig.instancesPerGpu).reduce(
    (a, b) => a + b,
    0,
  );
  if (pool.mig.strategy === 'single') {
    return { 'nvidia.com/gpu': String(total * pool.gpusPerNode) };
  }
  return Object.fromEntries([
    ['nvidia.com/gpu', '0'],
    ...Object.entries(pool.mig.instancesPerGpu).map(([profile, perGpu]) => [
      `nvidia.com/mig-${profile}`,
      String(perGpu * pool.gpusPerNode),
    ]),
  ]);
}

/** The Node objects of a cluster, as the kubelet and GPU Feature Discovery register them. */
export function nodeObjects(
  fleet: FleetTopology,
  cluster: ClusterTopology,
): KubeObject[] {
  let address = 10;
  return cluster.nodePools.flatMap(pool =>
    Array.from({ length: pool.count }, (_, i) => {
      const name = `${pool.namePrefix}-${i}`;
      const product = fleet.gpuProducts[pool.gpu];
      const id = createHash('sha256')
        .update(`${fleet.seed}/${cluster.name}/${name}`)
        .digest('hex');
      const resources = {
        cpu: pool.cpu,
        memory: pool.memory,
        pods: '110',
        'ephemeral-storage': '3758096384Ki',
        ...gpuResources(pool),
      };
      const ip = `10.0.${Math.floor(address / 250)}.${(address++ % 250) + 1}`;
      return {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name,
          labels: {
            'beta.kubernetes.io/arch': 'amd64',
            'beta.kubernetes.io/os': 'linux',
            'kubernetes.io/arch': 'amd64',
            'kubernetes.io/hostname': name,
            'kubernetes.io/os': 'linux',
            'node-role.kubernetes.io/worker': '',
            ...pool.labels,
            ...gpuLabels(pool, product),
          },
        },
        spec: { providerID: `sim://${cluster.name}/${name}` },
        status: {
          capacity: resources,
          allocatable: resources,
          conditions: [
            [
              'MemoryPressure',
              'False',
              'KubeletHasSufficientMemory',
              'kubelet has sufficient memory available',
            ],
            [
              'DiskPressure',
              'False',
              'KubeletHasNoDiskPressure',
              'kubelet has no disk pressure',
            ],
            [
              'PIDPressure',
              'False',
              'KubeletHasSufficientPID',
              'kubelet has sufficient PID available',
            ],
            [
              'Ready',
              'True',
              'KubeletReady',
              'kubelet is posting ready status',
            ],
          ].map(([type, status, reason, message]) => ({
            type,
            status,
            reason,
            message,
            lastHeartbeatTime: new Date()
              .toISOString()
              .replace(/\.\d{3}Z$/, 'Z'),
            lastTransitionTime: new Date()
              .toISOString()
              .replace(/\.\d{3}Z$/, 'Z'),
          })),
          addresses: [
            { type: 'InternalIP', address: ip },
            { type: 'Hostname', address: name },
          ],
          nodeInfo: {
            machineID: id.slice(0, 32),
            systemUUID: `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(
              12,
              16,
            )}-${id.slice(16, 20)}-${id.slice(20, 32)}`,
            bootID: id.slice(32, 64),
            kernelVersion: '6.8.0-1021-aws',
            osImage: 'Ubuntu 22.04.5 LTS',
            containerRuntimeVersion: 'containerd://2.1.4',
            kubeletVersion: 'v1.35.0',
            kubeProxyVersion: 'v1.35.0',
            operatingSystem: 'linux',
            architecture: 'amd64',
          },
        },
      } as KubeObject;
    }),
  );
}
