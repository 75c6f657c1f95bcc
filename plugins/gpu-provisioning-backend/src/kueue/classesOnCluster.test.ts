import { GpuClassCapacity } from '@ai-platform/plugin-gpu-provisioning-common';
import { classesOnCluster, quotaKeysOnCluster } from './classesOnCluster';

const item = (
  cluster: string,
  gpuClass: string,
  migProfile?: string,
): GpuClassCapacity => ({
  cluster,
  gpuClass,
  displayName: gpuClass,
  resource: migProfile ? `nvidia.com/mig-${migProfile}` : 'nvidia.com/gpu',
  ...(migProfile ? { migProfile } : {}),
  memoryMiB: 1,
  hourlyRate: 1,
  total: 1,
  inUse: 0,
  granted: 0,
  free: 1,
});

const capacity = { clusterNames: () => ['gpu-prod', 'gpu-dev', 'gpu-down'] };
const reading = {
  items: [
    item('gpu-prod', 'h100'),
    item('gpu-prod', 'h100', '1g.10gb'),
    item('gpu-prod', 'h100', '3g.40gb'),
    // Every A100 of gpu-dev is partitioned: no whole GPUs listed.
    item('gpu-dev', 'a100', '1g.10gb'),
  ],
  errors: [{ cluster: 'gpu-down', message: 'connect ECONNREFUSED' }],
};

describe('what a cluster has', () => {
  it('names each class it has GPUs or instances of, and each MIG profile it is partitioned into', () => {
    expect(quotaKeysOnCluster(capacity, reading, 'gpu-prod')).toEqual(
      new Set(['h100', 'h100/1g.10gb', 'h100/3g.40gb']),
    );
    expect(quotaKeysOnCluster(capacity, reading, 'gpu-dev')).toEqual(
      new Set(['a100', 'a100/1g.10gb']),
    );
    expect(classesOnCluster(capacity, reading, 'gpu-prod')).toEqual(
      new Set(['h100']),
    );
  });

  it('cannot say for a cluster the reader does not know or could not read', () => {
    expect(quotaKeysOnCluster(capacity, reading, 'gpu-down')).toBeUndefined();
    expect(quotaKeysOnCluster(capacity, reading, 'elsewhere')).toBeUndefined();
    expect(classesOnCluster(capacity, reading, 'gpu-down')).toBeUndefined();
  });
});
