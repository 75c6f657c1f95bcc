import {
  GpuDevice,
  GpuHolder,
  GpuProduct,
  NodeGpus,
} from '../../topology/types';

export const L4: GpuProduct = {
  product: 'NVIDIA-L4',
  modelName: 'NVIDIA L4',
  memoryMiB: 23034,
  family: 'ada-lovelace',
  computeMajor: 8,
  computeMinor: 9,
  maxPowerWatts: 72,
};

export const H100: GpuProduct = {
  product: 'NVIDIA-H100-80GB-HBM3',
  modelName: 'NVIDIA H100 80GB HBM3',
  memoryMiB: 81559,
  family: 'hopper',
  computeMajor: 9,
  computeMinor: 0,
  maxPowerWatts: 700,
};

export const A100: GpuProduct = {
  product: 'NVIDIA-A100-SXM4-80GB',
  modelName: 'NVIDIA A100-SXM4-80GB',
  memoryMiB: 81920,
  family: 'ampere',
  computeMajor: 8,
  computeMinor: 0,
  maxPowerWatts: 400,
};

/** A simple synthetic UUID for index i of a node. */
export function uuidFor(hostname: string, index: number, suffix = ''): string {
  const hex = Buffer.from(`${hostname}-${index}${suffix}`)
    .toString('hex')
    .padEnd(32, '0')
    .slice(-32);
  return `GPU-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(
    12,
    16,
  )}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function device(
  hostname: string,
  index: number,
  product: GpuProduct,
  deviceHolder?: GpuHolder,
): GpuDevice {
  return {
    index,
    uuid: uuidFor(hostname, index),
    pciBusId: `00000000:${(0x18 + index * 0x11)
      .toString(16)
      .toUpperCase()
      .padStart(2, '0')}:00.0`,
    device: `nvidia${index}`,
    product,
    holder: deviceHolder,
  };
}

export function holder(
  profile: GpuHolder['profile'],
  pod: string,
  since = new Date('2025-06-01T00:00:00Z'),
  extra: Partial<GpuHolder> = {},
): GpuHolder {
  return {
    namespace: `team-${profile}`,
    pod,
    container: 'main',
    profile,
    since,
    ...extra,
  };
}

/** A node with one GPU per entry of `holders` (undefined: unheld). */
export function nodeWith(
  hostname: string,
  product: GpuProduct,
  holders: Array<GpuHolder | undefined>,
): NodeGpus {
  return {
    cluster: 'test',
    hostname,
    devices: holders.map((h, i) => device(hostname, i, product, h)),
  };
}

/** An A100 node whose GPU 0 is split into 1g.10gb instances. */
export function migNode(
  hostname: string,
  holders: Array<GpuHolder | undefined>,
): NodeGpus {
  const base = device(hostname, 0, A100);
  return {
    cluster: 'test',
    hostname,
    devices: holders.map((h, i) => ({
      ...base,
      mig: { profile: '1g.10gb', instanceId: 7 + i, memoryMiB: 9728 },
      holder: h,
    })),
  };
}
