import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { CapacityReader } from '../types';

/**
 * The cluster's GPUs (or MIG instances) of a request's class, or undefined
 * when the cluster is not configured or could not be read: the grant is then
 * left to the cluster's scheduler, as an immediate request is.
 */
export async function capacityOfClass(
  capacity: CapacityReader,
  request: Pick<GpuRequest, 'cluster' | 'gpuClass' | 'migProfile'>,
): Promise<number | undefined> {
  if (!capacity.clusterNames().includes(request.cluster)) return undefined;
  const read = await capacity.read();
  if (read.errors.some(e => e.cluster === request.cluster)) return undefined;
  const item = read.items.find(
    i =>
      i.cluster === request.cluster &&
      i.gpuClass === request.gpuClass &&
      (i.migProfile ?? '') === (request.migProfile ?? ''),
  );
  return item?.total ?? 0;
}
