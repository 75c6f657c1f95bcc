/**
 * Kueue's quota arithmetic for the cases the portal uses, as Kueue documents
 * it (concepts/cluster_queue, "Cohort", "BorrowingLimit", "LendingLimit"):
 *
 * - a ClusterQueue may use its `nominalQuota` of a (flavor, resource), and
 *   with a cohort up to `nominalQuota + borrowingLimit` (no limit when unset)
 *   while the cohort has unused quota;
 * - the cohort's quota is what its members lend: `lendingLimit`, or the whole
 *   nominal quota when unset; the rest (`nominalQuota - lendingLimit`) is
 *   kept for the queue itself and never lent;
 * - a queue using less than its nominal quota may take it back from queues
 *   that borrow (`preemption.reclaimWithinCohort`).
 */

/** One (flavor, resource) quota of a ClusterQueue. */
export interface ResourceQuota {
  nominal: number;
  /** How much more than `nominal` the queue may borrow; unlimited when absent. */
  borrowingLimit?: number;
  /** How much of `nominal` others may borrow; all of it when absent. */
  lendingLimit?: number;
}

/** A ClusterQueue's quotas, in Kueue's order of resource groups and flavors. */
export interface QueueQuotas {
  name: string;
  cohort?: string;
  groups: Array<{
    covered: string[];
    flavors: Array<{ name: string; resources: Record<string, ResourceQuota> }>;
  }>;
  reclaimWithinCohort: 'Never' | 'LowerPriority' | 'Any';
  /** StrictFIFO (the default): nothing is admitted past a waiting head. */
  strictFifo?: boolean;
}

/** Quota in use, by queue, flavor and resource; see {@link usageKey}. */
export type Usage = Map<string, number>;

export function usageKey(queue: string, flavor: string, resource: string) {
  return `${queue}\u0000${flavor}\u0000${resource}`;
}

/** An admitted workload, as far as quota is concerned. */
export interface Holder {
  key: string;
  queue: string;
  priority: number;
  /** When it was admitted (ms); the newest are preempted first. */
  admittedAt: number;
  /** Flavor of each resource it holds, and how much. */
  usage: Array<{ flavor: string; resource: string; amount: number }>;
}

/** Where a workload's resources fit: the flavor of each resource. */
export type FlavorAssignment = Record<string, string>;

export type FitResult =
  | { fits: true; flavors: FlavorAssignment; borrows: boolean }
  | { fits: false; message: string };

function quotaOf(queue: QueueQuotas, flavor: string, resource: string) {
  for (const group of queue.groups) {
    const found = group.flavors.find(f => f.name === flavor);
    if (found?.resources[resource]) return found.resources[resource];
  }
  return undefined;
}

/** The part of a queue's nominal quota it never lends. */
function keptBack(quota: ResourceQuota): number {
  return quota.lendingLimit === undefined
    ? 0
    : Math.max(0, quota.nominal - quota.lendingLimit);
}

function used(usage: Usage, queue: string, flavor: string, resource: string) {
  return usage.get(usageKey(queue, flavor, resource)) ?? 0;
}

/** Unused quota the cohort's members lend for a (flavor, resource). */
function cohortUnused(
  members: QueueQuotas[],
  flavor: string,
  resource: string,
  usage: Usage,
): number {
  let lent = 0;
  let taken = 0;
  for (const member of members) {
    const quota = quotaOf(member, flavor, resource);
    if (!quota) continue;
    const kept = keptBack(quota);
    lent += quota.nominal - kept;
    taken += Math.max(0, used(usage, member.name, flavor, resource) - kept);
  }
  return lent - taken;
}

/** Members of a queue's cohort, itself included. */
export function cohortOf(
  queue: QueueQuotas,
  queues: QueueQuotas[],
): QueueQuotas[] {
  return queue.cohort ? queues.filter(q => q.cohort === queue.cohort) : [queue];
}

/** How much more of a (flavor, resource) the queue can take now. */
function headroom(
  queue: QueueQuotas,
  flavor: string,
  resource: string,
  usage: Usage,
  queues: QueueQuotas[],
): number {
  const quota = quotaOf(queue, flavor, resource);
  if (!quota) return 0;
  const now = used(usage, queue.name, flavor, resource);
  if (!queue.cohort) return quota.nominal - now;
  const ceiling =
    quota.borrowingLimit === undefined
      ? Infinity
      : quota.nominal + quota.borrowingLimit;
  const kept = keptBack(quota);
  // Its kept-back part first, then the cohort's unused quota.
  const fromKept = Math.max(0, kept - now);
  const fromCohort = cohortUnused(
    cohortOf(queue, queues),
    flavor,
    resource,
    usage,
  );
  return Math.min(ceiling - now, fromKept + fromCohort);
}

/**
 * Whether a workload may run on a flavor's nodes, as Kueue's flavor assigner
 * checks: every flavor node label the pods select on must match. All
 * flavors by default.
 */
export type FlavorSelector = (flavor: string) => boolean;

const anyFlavor: FlavorSelector = () => true;

/**
 * The first flavor of each resource group the workload may run on in which
 * everything it asks for from that group fits, or Kueue's reason why none does.
 */
export function assignFlavors(
  queue: QueueQuotas,
  request: Record<string, number>,
  usage: Usage,
  queues: QueueQuotas[],
  selects: FlavorSelector = anyFlavor,
): FitResult {
  const wanted = Object.entries(request).filter(([, amount]) => amount > 0);
  const flavors: FlavorAssignment = {};
  let borrows = false;
  for (const [resource] of wanted) {
    if (!queue.groups.some(g => g.covered.includes(resource)))
      return {
        fits: false,
        message: `resource ${resource} unavailable in ClusterQueue`,
      };
  }
  for (const group of queue.groups) {
    const asked = wanted.filter(([r]) => group.covered.includes(r));
    if (!asked.length) continue;
    let shortfall: string | undefined;
    const selectable = group.flavors.filter(f => selects(f.name));
    if (!selectable.length)
      return {
        fits: false,
        message: `flavor ${group.flavors
          .map(f => f.name)
          .join(', ')} doesn't match node affinity`,
      };
    const chosen = selectable.find(flavor => {
      for (const [resource, amount] of asked) {
        const room = headroom(queue, flavor.name, resource, usage, queues);
        if (room < amount) {
          shortfall ??= `insufficient unused quota for ${resource} in flavor ${
            flavor.name
          }, ${amount - Math.max(0, room)} more needed`;
          return false;
        }
      }
      return true;
    });
    if (!chosen) return { fits: false, message: shortfall! };
    for (const [resource, amount] of asked) {
      flavors[resource] = chosen.name;
      const quota = chosen.resources[resource];
      if (
        used(usage, queue.name, chosen.name, resource) + amount >
        quota.nominal
      )
        borrows = true;
    }
  }
  return { fits: true, flavors, borrows };
}

/** Adds (or with `sign` -1 removes) a holder's usage. */
export function addUsage(usage: Usage, holder: Holder, sign = 1): void {
  for (const u of holder.usage) {
    const key = usageKey(holder.queue, u.flavor, u.resource);
    usage.set(key, (usage.get(key) ?? 0) + sign * u.amount);
  }
}

/**
 * Workloads of other queues in the cohort to preempt so that a workload
 * fits within its own queue's nominal quota: only those whose queue
 * borrows, lower priority first and then the most recently admitted, and
 * only while their queue still borrows. None when reclaiming is off, the
 * request is above the queue's nominal quota, or preempting would not help.
 */
export function reclaimPlan(
  queue: QueueQuotas,
  request: Record<string, number>,
  priority: number,
  usage: Usage,
  queues: QueueQuotas[],
  holders: Holder[],
  selects: FlavorSelector = anyFlavor,
): Holder[] | undefined {
  if (!queue.cohort || queue.reclaimWithinCohort === 'Never') return undefined;
  const wanted = Object.entries(request).filter(([, amount]) => amount > 0);
  const byName = new Map(queues.map(q => [q.name, q]));
  for (const group of queue.groups) {
    const asked = wanted.filter(([r]) => group.covered.includes(r));
    if (!asked.length) continue;
    for (const flavor of group.flavors) {
      if (!selects(flavor.name)) continue;
      const withinNominal = asked.every(
        ([resource, amount]) =>
          used(usage, queue.name, flavor.name, resource) + amount <=
          (flavor.resources[resource]?.nominal ?? 0),
      );
      if (!withinNominal) continue;
      const trial = new Map(usage);
      const victims: Holder[] = [];
      const candidates = holders
        .filter(
          h =>
            h.queue !== queue.name &&
            byName.get(h.queue)?.cohort === queue.cohort &&
            (queue.reclaimWithinCohort === 'Any' || h.priority < priority) &&
            h.usage.some(
              u =>
                u.flavor === flavor.name &&
                asked.some(([r]) => r === u.resource),
            ),
        )
        .sort((a, b) => a.priority - b.priority || b.admittedAt - a.admittedAt);
      const fits = () =>
        asked.every(
          ([resource, amount]) =>
            headroom(queue, flavor.name, resource, trial, queues) >= amount,
        );
      for (const candidate of candidates) {
        if (fits()) break;
        const lender = byName.get(candidate.queue)!;
        const borrowing = candidate.usage.some(u => {
          const quota = quotaOf(lender, u.flavor, u.resource);
          return (
            quota !== undefined &&
            used(trial, lender.name, u.flavor, u.resource) > quota.nominal
          );
        });
        if (!borrowing) continue;
        addUsage(trial, candidate, -1);
        victims.push(candidate);
      }
      if (fits() && victims.length) return victims;
    }
  }
  return undefined;
}
