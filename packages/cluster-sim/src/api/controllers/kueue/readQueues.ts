import { parseQuantity } from '../../quantity';
import { KubeObject } from '../../types';
import { QueueQuotas, ResourceQuota } from './cohortQuota';

type Obj = Record<string, any>;

function quantity(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  return parseQuantity(value as string | number);
}

/** A ClusterQueue object's quotas, as {@link assignFlavors} reads them. */
export function queueQuotasOf(clusterQueue: KubeObject): QueueQuotas {
  const spec = (clusterQueue.spec ?? {}) as Obj;
  return {
    name: clusterQueue.metadata.name,
    cohort: spec.cohortName || spec.cohort || undefined,
    reclaimWithinCohort: spec.preemption?.reclaimWithinCohort ?? 'Never',
    strictFifo: (spec.queueingStrategy ?? 'StrictFIFO') === 'StrictFIFO',
    groups: ((spec.resourceGroups ?? []) as Obj[]).map(group => ({
      covered: group.coveredResources ?? [],
      flavors: ((group.flavors ?? []) as Obj[]).map(flavor => ({
        name: flavor.name,
        resources: Object.fromEntries(
          ((flavor.resources ?? []) as Obj[]).map(r => {
            const quota: ResourceQuota = { nominal: quantity(r.nominalQuota)! };
            const borrowingLimit = quantity(r.borrowingLimit);
            const lendingLimit = quantity(r.lendingLimit);
            if (borrowingLimit !== undefined)
              quota.borrowingLimit = borrowingLimit;
            if (lendingLimit !== undefined) quota.lendingLimit = lendingLimit;
            return [r.name, quota];
          }),
        ),
      })),
    })),
  };
}
