import {
  QuotaLoan,
  QuotaReclaimPolicy,
  QuotaSharingClass,
  QuotaSharingCluster,
  QuotaSharingMember,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { KubernetesObject } from '@kubernetes/client-node';
import { gpuKindOfResource } from '../config/GpuProvisioningConfig';
import {
  cohortOf,
  flavorNames,
  flavorResources,
  lendable,
  QueueFlavor,
  queueFlavors,
} from './clusterQueueFlavors';
import { reclaimSentence } from './reclaimSentence';

type Obj = Record<string, any>;

function reclaimOf(queue: KubernetesObject): QuotaReclaimPolicy {
  const value = (queue as Obj).spec?.preemption?.reclaimWithinCohort;
  return value === 'Any' || value === 'LowerPriority' ? value : 'Never';
}

/**
 * Kueue pools the cohort's unused quota and does not record lenders, so
 * loans are attributed: each borrower (most borrowed first) takes from the
 * members with the most unused lendable quota left.
 */
function attributeLoans(queues: QueueFlavor[]): QuotaLoan[] {
  const left = new Map(queues.map(q => [q.clusterQueue, lendable(q)]));
  const loans: QuotaLoan[] = [];
  const borrowers = queues
    .filter(q => q.borrowed > 0)
    .sort(
      (a, b) =>
        b.borrowed - a.borrowed || a.clusterQueue.localeCompare(b.clusterQueue),
    );
  for (const borrower of borrowers) {
    let need = borrower.borrowed;
    while (need > 0) {
      const lender = queues
        .filter(
          q =>
            q.clusterQueue !== borrower.clusterQueue &&
            left.get(q.clusterQueue)! > 0,
        )
        .sort(
          (a, b) =>
            left.get(b.clusterQueue)! - left.get(a.clusterQueue)! ||
            a.clusterQueue.localeCompare(b.clusterQueue),
        )[0];
      if (!lender) break;
      const gpus = Math.min(need, left.get(lender.clusterQueue)!);
      left.set(lender.clusterQueue, left.get(lender.clusterQueue)! - gpus);
      need -= gpus;
      const existing = loans.find(
        l =>
          l.fromClusterQueue === lender.clusterQueue &&
          l.toClusterQueue === borrower.clusterQueue,
      );
      if (existing) {
        existing.gpus += gpus;
      } else {
        loans.push({
          fromClusterQueue: lender.clusterQueue,
          ...(lender.team ? { fromTeam: lender.team } : {}),
          toClusterQueue: borrower.clusterQueue,
          ...(borrower.team ? { toTeam: borrower.team } : {}),
          gpus,
        });
      }
    }
  }
  return loans;
}

function memberOf(queue: QueueFlavor, loans: QuotaLoan[]): QuotaSharingMember {
  const lent = loans
    .filter(l => l.fromClusterQueue === queue.clusterQueue)
    .reduce((sum, l) => sum + l.gpus, 0);
  const { clusterQueue, team, nominal, inUse, borrowed } = queue;
  return {
    clusterQueue,
    ...(team ? { team } : {}),
    nominal,
    inUse,
    borrowed,
    lent,
    idle: Math.max(0, nominal - Math.min(inUse, nominal) - lent),
    ...(queue.borrowingLimit !== undefined
      ? { borrowingLimit: queue.borrowingLimit }
      : {}),
    ...(queue.lendingLimit !== undefined
      ? { lendingLimit: queue.lendingLimit }
      : {}),
  };
}

/**
 * One GPU class of a sharing group: its queues (the team's first) as members
 * with their loans attributed, whatever the scheduler.
 */
export function sharingClass(
  gpuClass: string,
  flavor: string,
  queues: QueueFlavor[],
  migProfile?: string,
): QuotaSharingClass {
  const loans = attributeLoans(queues);
  return {
    gpuClass,
    ...(migProfile ? { migProfile } : {}),
    flavor,
    members: queues.map(q => memberOf(q, loans)),
    loans,
  };
}

/**
 * The GPU resources of a flavor the view shows, in the queue's order, each
 * with every member's quota and use of it: whole GPUs whenever the team's
 * queue lists them, and a MIG profile when some member has quota of it or
 * uses it (the portal lists every configured profile in every flavor, with
 * 0 for a class that lacks it).
 */
function sharedResources(
  own: KubernetesObject,
  members: KubernetesObject[],
  flavor: string,
): Array<{ migProfile?: string; queues: QueueFlavor[] }> {
  return flavorResources(own, flavor).flatMap(resource => {
    const kind = gpuKindOfResource(resource);
    if (!kind) return [];
    const queues = members
      .map(q => queueFlavors(q, resource).get(flavor))
      .filter((q): q is QueueFlavor => q !== undefined);
    if (!kind.migProfile) return [{ queues }];
    const used = queues.some(q => q.nominal > 0 || q.inUse > 0);
    return used ? [{ migProfile: kind.migProfile, queues }] : [];
  });
}

/**
 * A team's quota sharing on one cluster, from that cluster's ClusterQueues
 * (one list, their specs and statuses): per GPU flavor, and in it per
 * resource (whole GPUs, and each MIG profile in use or with quota), the
 * team's queue and the other members of its cohort with nominal quota, use,
 * borrowed and lent GPUs or instances and limits, who borrows from whom,
 * and what reclaiming does.
 * Undefined when the team has no ClusterQueue there.
 */
export function quotaSharingOf(options: {
  cluster: string;
  clusterQueue: string;
  clusterQueues: KubernetesObject[];
  /** The GPU class of each flavor; flavors not listed keep their own name. */
  classOfFlavor: Record<string, string>;
}): QuotaSharingCluster | undefined {
  const own = options.clusterQueues.find(
    q => q.metadata?.name === options.clusterQueue,
  );
  if (!own) return undefined;
  const cohort = cohortOf(own);
  // The team's queue first, then the others by name.
  const others = cohort
    ? options.clusterQueues
        .filter(q => q !== own && cohortOf(q) === cohort)
        .sort((a, b) => a.metadata!.name!.localeCompare(b.metadata!.name!))
    : [];
  const members = [own, ...others];
  const classes: QuotaSharingClass[] = [];
  for (const flavor of flavorNames(own)) {
    for (const { migProfile, queues } of sharedResources(
      own,
      members,
      flavor,
    )) {
      classes.push(
        sharingClass(
          options.classOfFlavor[flavor] ?? flavor,
          flavor,
          queues,
          migProfile,
        ),
      );
    }
  }
  const reclaimWithinCohort = reclaimOf(own);
  return {
    cluster: options.cluster,
    clusterQueue: options.clusterQueue,
    ...(cohort ? { cohort } : {}),
    reclaimWithinCohort,
    reclaim: reclaimSentence(reclaimWithinCohort, cohort !== undefined),
    classes,
  };
}
