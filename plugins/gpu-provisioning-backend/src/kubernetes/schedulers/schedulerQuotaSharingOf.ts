import {
  QuotaReclaimPolicy,
  QuotaSharingCluster,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { KubernetesObject } from '@kubernetes/client-node';
import { QueueFlavor } from '../../kueue/clusterQueueFlavors';
import { sharingClass } from '../../kueue/quotaSharingOf';
import { GRANT_ANNOTATIONS, GRANT_LABELS, MANAGED_BY } from '../grantLabels';
import { parseQuantity } from '../parseQuantity';
import { queueParentOf } from './queueParent';

type Obj = Record<string, any>;
const GPU = 'nvidia.com/gpu';

function count(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = parseQuantity(value as string | number);
  return parsed === undefined ? undefined : Math.round(parsed);
}

/** A team Queue's quota, limit and use of whole GPUs, as its scheduler reads them. */
function queueFlavor(
  scheduler: 'kai' | 'volcano',
  queue: KubernetesObject,
): QueueFlavor {
  const spec = ((queue as Obj).spec ?? {}) as Obj;
  // Both report the GPUs a queue's pods (and its children's) hold.
  const allocated = ((queue as Obj).status?.allocated ?? {}) as Obj;
  const inUse = count(allocated[GPU] ?? allocated.gpu) ?? 0;
  let nominal: number;
  let limit: number | undefined;
  if (scheduler === 'kai') {
    nominal = Math.max(0, Number(spec.resources?.gpu?.quota ?? 0));
    const kaiLimit = Number(spec.resources?.gpu?.limit ?? -1);
    limit = kaiLimit >= 0 ? kaiLimit : undefined;
  } else {
    nominal =
      count(spec.deserved?.[GPU] ?? spec.guarantee?.resource?.[GPU]) ?? 0;
    limit = count(spec.capability?.[GPU]);
  }
  const team = queue.metadata?.annotations?.[GRANT_ANNOTATIONS.team];
  return {
    clusterQueue: queue.metadata!.name!,
    ...(team ? { team } : {}),
    nominal,
    inUse,
    borrowed: Math.max(0, inUse - nominal),
    ...(limit !== undefined
      ? { borrowingLimit: Math.max(0, limit - nominal) }
      : {}),
  };
}

/**
 * What happens to borrowed GPUs when their owner needs them back, as the
 * schedulers document it: KAI Scheduler's reclaim action (docs/fairness)
 * evicts pods of queues above their quota; Volcano's `reclaim` action does
 * so unless the borrowing queue is `reclaimable: false`.
 */
function reclaimSentence(
  scheduler: 'kai' | 'volcano',
  policy: QuotaReclaimPolicy,
): string {
  if (scheduler === 'kai') {
    return 'When a team needs its own quota back, KAI Scheduler reclaims it at once: pods of queues running above their quota are evicted (lowest priority and newest first), so borrowed GPUs can stop at any time.';
  }
  return policy === 'Never'
    ? 'Borrowed GPUs are never taken back (the queues are not reclaimable): a team that needs its own quota waits until the borrowing pods finish.'
    : 'When a team needs its own quota back, Volcano’s reclaim action evicts pods of queues running above their deserved share (lowest priority and newest first), so borrowed GPUs can stop at any time.';
}

/**
 * A team's quota sharing on a KAI Scheduler or Volcano cluster, in the shape
 * Kueue's has: from the cluster's Queues (one list), the team's queue and
 * the other team queues of its department (the portal-made queues under the
 * same parent) with quota (`nominal`), use, borrowed and lent GPUs. Both
 * count GPUs of every class together, so there is one class: `gpuClass`.
 * `clusterQueue` is the team's Queue and `cohort` its department's.
 * Undefined when the team has no portal-made queue there.
 */
export function schedulerQuotaSharingOf(options: {
  cluster: string;
  scheduler: 'kai' | 'volcano';
  teamQueue: string;
  queues: KubernetesObject[];
  gpuClass: string;
}): QuotaSharingCluster | undefined {
  const { scheduler } = options;
  const ours = (q: KubernetesObject) =>
    q.metadata?.labels?.[GRANT_LABELS.managedBy] === MANAGED_BY &&
    q.metadata?.annotations?.[GRANT_ANNOTATIONS.team] !== undefined;
  const own = options.queues.find(
    q => q.metadata?.name === options.teamQueue && ours(q),
  );
  if (!own) return undefined;
  const department = queueParentOf(own);
  const others = department
    ? options.queues
        .filter(q => q !== own && ours(q) && queueParentOf(q) === department)
        .sort((a, b) => a.metadata!.name!.localeCompare(b.metadata!.name!))
    : [];
  const policy: QuotaReclaimPolicy =
    scheduler === 'volcano' && (own as Obj).spec?.reclaimable === false
      ? 'Never'
      : 'Any';
  return {
    cluster: options.cluster,
    clusterQueue: options.teamQueue,
    ...(department ? { cohort: department } : {}),
    reclaimWithinCohort: policy,
    reclaim: department
      ? reclaimSentence(scheduler, policy)
      : 'This queue is in no department: it neither borrows nor lends GPUs.',
    classes: [
      sharingClass(
        options.gpuClass,
        GPU,
        [own, ...others].map(q => queueFlavor(scheduler, q)),
      ),
    ],
  };
}
