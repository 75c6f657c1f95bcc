import { KubernetesObject } from '@kubernetes/client-node';
import { GRANT_ANNOTATIONS } from '../kubernetes/grantLabels';
import { parseQuantity } from '../kubernetes/parseQuantity';

type Obj = Record<string, any>;

/** One flavor's quota and use of one resource in a ClusterQueue. */
export interface QueueFlavor {
  clusterQueue: string;
  team?: string;
  nominal: number;
  borrowingLimit?: number;
  lendingLimit?: number;
  inUse: number;
  borrowed: number;
}

function count(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = parseQuantity(value as string | number);
  return parsed === undefined ? undefined : Math.round(parsed);
}

/** The cohort a ClusterQueue belongs to (`cohortName`, or v1beta1's `cohort`). */
export function cohortOf(queue: KubernetesObject): string | undefined {
  const spec = ((queue as Obj).spec ?? {}) as Obj;
  return spec.cohortName || spec.cohort || undefined;
}

/**
 * The quota and use of one resource (whole GPUs by default) in each flavor
 * of a ClusterQueue, from its spec and status.
 */
export function queueFlavors(
  queue: KubernetesObject,
  resource: string = 'nvidia.com/gpu',
): Map<string, QueueFlavor> {
  const status = ((queue as Obj).status ?? {}) as Obj;
  const name = queue.metadata!.name!;
  const team = queue.metadata?.annotations?.[GRANT_ANNOTATIONS.team];
  const flavors = new Map<string, QueueFlavor>();
  const quotaOf = (flavor: Obj) =>
    ((flavor.resources ?? []) as Obj[]).find(r => r.name === resource);
  for (const flavor of specFlavors(queue)) {
    const quota = quotaOf(flavor);
    if (!quota) continue;
    const entry: QueueFlavor = {
      clusterQueue: name,
      ...(team ? { team } : {}),
      nominal: count(quota.nominalQuota) ?? 0,
      inUse: 0,
      borrowed: 0,
    };
    const borrowingLimit = count(quota.borrowingLimit);
    const lendingLimit = count(quota.lendingLimit);
    if (borrowingLimit !== undefined) entry.borrowingLimit = borrowingLimit;
    if (lendingLimit !== undefined) entry.lendingLimit = lendingLimit;
    flavors.set(flavor.name, entry);
  }
  // Reserved quota is what admission counts; usage is its admitted part.
  const usage = (status.flavorsReservation ??
    status.flavorsUsage ??
    []) as Obj[];
  for (const flavor of usage) {
    const entry = flavors.get(flavor.name);
    const used = quotaOf(flavor);
    if (!entry || !used) continue;
    entry.inUse = count(used.total) ?? 0;
    entry.borrowed =
      count(used.borrowed) ?? Math.max(0, entry.inUse - entry.nominal);
  }
  return flavors;
}

/** The flavors of a ClusterQueue's spec, in its order. */
function specFlavors(queue: KubernetesObject): Obj[] {
  const spec = ((queue as Obj).spec ?? {}) as Obj;
  return ((spec.resourceGroups ?? []) as Obj[]).flatMap(
    group => (group.flavors ?? []) as Obj[],
  );
}

/** The names of a ClusterQueue's flavors, in its spec's order. */
export function flavorNames(queue: KubernetesObject): string[] {
  return specFlavors(queue)
    .map(flavor => flavor.name)
    .filter((name): name is string => typeof name === 'string');
}

/**
 * The resources one flavor of a ClusterQueue gives quota of, in the order
 * its spec lists them (the portal's queues: whole GPUs, then each MIG
 * resource of the configured classes).
 */
export function flavorResources(
  queue: KubernetesObject,
  flavor: string,
): string[] {
  const entry = specFlavors(queue).find(f => f.name === flavor);
  return ((entry?.resources ?? []) as Obj[])
    .map(r => r.name)
    .filter((name): name is string => typeof name === 'string');
}

/** Unused nominal quota a queue lets others borrow: Kueue never lends the part above `lendingLimit`. */
export function lendable(queue: QueueFlavor): number {
  const kept =
    queue.lendingLimit === undefined
      ? 0
      : Math.max(0, queue.nominal - queue.lendingLimit);
  const ownUse = Math.min(queue.inUse, queue.nominal);
  return queue.nominal - kept - Math.max(0, ownUse - kept);
}

/** The part of a queue's nominal quota its `lendingLimit` keeps from the cohort. */
function guaranteed(queue: QueueFlavor): number {
  return queue.lendingLimit === undefined
    ? 0
    : Math.max(0, queue.nominal - queue.lendingLimit);
}

/**
 * What a ClusterQueue can admit of a flavor's resource now, as Kueue sums
 * it: outside a cohort its unused nominal quota; in a cohort, its unused
 * guaranteed quota (what its `lendingLimit` keeps) plus the cohort's unused
 * lendable quota (every member's nominal less its guaranteed part, less
 * what members use beyond their guaranteed part), within its own borrowing
 * limit. When it may reclaim within its cohort (`reclaimWithinCohort` not
 * `Never`), its own unused nominal quota counts in full: Kueue preempts the
 * borrowers to give it back. `most` is the most it can ever hold (nominal
 * plus borrowing limit; the nominal alone outside a cohort; unknown when
 * it may borrow without limit).
 */
export function cohortRoom(options: {
  clusterQueue: KubernetesObject;
  /** Every ClusterQueue of the cluster; those of other cohorts are ignored. */
  clusterQueues: KubernetesObject[];
  flavor: string;
  resource: string;
}): { freeNow: number; most?: number } {
  const { clusterQueue, flavor, resource } = options;
  const own = queueFlavors(clusterQueue, resource).get(flavor);
  if (!own) return { freeNow: 0, most: 0 };
  const ownFree = Math.max(0, own.nominal - own.inUse);
  const cohort = cohortOf(clusterQueue);
  if (!cohort) return { freeNow: ownFree, most: own.nominal };
  const name = clusterQueue.metadata?.name;
  const members = [
    own,
    ...options.clusterQueues
      .filter(q => q.metadata?.name !== name && cohortOf(q) === cohort)
      .map(q => queueFlavors(q, resource).get(flavor))
      .filter((q): q is QueueFlavor => q !== undefined),
  ];
  let pool = 0;
  for (const member of members) {
    const kept = guaranteed(member);
    pool += member.nominal - kept - Math.max(0, member.inUse - kept);
  }
  let free = Math.max(0, guaranteed(own) - own.inUse) + Math.max(0, pool);
  const reclaim = (clusterQueue as Obj).spec?.preemption?.reclaimWithinCohort;
  if (reclaim === 'Any' || reclaim === 'LowerPriority') {
    free = Math.max(free, ownFree);
  }
  const most =
    own.borrowingLimit === undefined
      ? undefined
      : own.nominal + own.borrowingLimit;
  return {
    freeNow:
      most === undefined ? free : Math.min(free, Math.max(0, most - own.inUse)),
    ...(most !== undefined ? { most } : {}),
  };
}
