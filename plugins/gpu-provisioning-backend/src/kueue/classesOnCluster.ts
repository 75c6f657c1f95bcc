import { quotaKeyOf } from '../config/GpuProvisioningConfig';
import { CapacityReader } from '../types';

type CapacityReading = Awaited<ReturnType<CapacityReader['read']>>;

/**
 * The GPU classes a cluster has, from one capacity reading (the reader lists
 * a class on a cluster only where it has GPUs or use). Undefined when the
 * reader does not know the cluster or could not read it: nobody can then
 * say, so its quota is shown unfiltered rather than hidden.
 */
export function classesOnCluster(
  capacity: Pick<CapacityReader, 'clusterNames'>,
  reading: CapacityReading,
  cluster: string,
): Set<string> | undefined {
  return itemsOnCluster(capacity, reading, cluster, item => [item.gpuClass]);
}

/**
 * What a cluster has, as quota keys: each class it has (any of its GPUs or
 * MIG instances) and each class/MIG profile it has instances of. Undefined
 * as for {@link classesOnCluster}.
 */
export function quotaKeysOnCluster(
  capacity: Pick<CapacityReader, 'clusterNames'>,
  reading: CapacityReading,
  cluster: string,
): Set<string> | undefined {
  return itemsOnCluster(capacity, reading, cluster, item =>
    item.migProfile ? [item.gpuClass, quotaKeyOf(item)] : [item.gpuClass],
  );
}

function itemsOnCluster(
  capacity: Pick<CapacityReader, 'clusterNames'>,
  reading: CapacityReading,
  cluster: string,
  keysOf: (item: CapacityReading['items'][number]) => string[],
): Set<string> | undefined {
  if (!capacity.clusterNames().includes(cluster)) return undefined;
  if (reading.errors.some(e => e.cluster === cluster)) return undefined;
  return new Set(
    reading.items.filter(i => i.cluster === cluster).flatMap(keysOf),
  );
}
