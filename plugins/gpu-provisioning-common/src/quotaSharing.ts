/** What Kueue does with borrowed quota when its owner needs it back (`preemption.reclaimWithinCohort`). @public */
export type QuotaReclaimPolicy = 'Never' | 'LowerPriority' | 'Any';

/**
 * One ClusterQueue of a cohort and one GPU class: its quota and what it does
 * with it, counted in the class's unit (whole GPUs, or MIG instances of the
 * class's `migProfile`).
 * @public
 */
export interface QuotaSharingMember {
  /** The Kueue ClusterQueue. */
  clusterQueue: string;
  /** The team it belongs to, when the portal applied it. */
  team?: string;
  /** The queue's own quota of the class. */
  nominal: number;
  /** GPUs (or instances) its admitted workloads hold, borrowed ones included. */
  inUse: number;
  /** GPUs it uses above its nominal quota, from others in the cohort. */
  borrowed: number;
  /** GPUs of its nominal quota others in the cohort use now. */
  lent: number;
  /** Nominal GPUs neither used nor lent: `nominal - min(inUse, nominal) - lent`. */
  idle: number;
  /** How many GPUs it may borrow above its nominal quota; absent: no limit. */
  borrowingLimit?: number;
  /** How many of its nominal GPUs others may borrow; absent: all of them. */
  lendingLimit?: number;
}

/** GPUs (or MIG instances) one queue uses of another's nominal quota. @public */
export interface QuotaLoan {
  /** The lending ClusterQueue. */
  fromClusterQueue: string;
  /** The lending team, when the portal applied its queue. */
  fromTeam?: string;
  /** The borrowing ClusterQueue. */
  toClusterQueue: string;
  /** The borrowing team, when the portal applied its queue. */
  toTeam?: string;
  /** GPUs borrowed. */
  gpus: number;
}

/**
 * A GPU class (Kueue flavor) shared in a cohort: its whole GPUs, or with
 * `migProfile` its instances of that MIG profile (the portal's queues share
 * both in one flavor).
 * @public
 */
export interface QuotaSharingClass {
  /** The class id, or the flavor's name when no configured class has it. */
  gpuClass: string;
  /** The MIG profile (`1g.10gb`) whose instances the figures count; absent: whole GPUs. */
  migProfile?: string;
  /** The Kueue ResourceFlavor. */
  flavor: string;
  /** The team's queue first, then the other members by name. */
  members: QuotaSharingMember[];
  /**
   * Who borrows from whom. Kueue pools a cohort's unused quota without
   * recording lenders, so the portal attributes each borrower's GPUs to the
   * members with the most unused lendable quota first.
   */
  loans: QuotaLoan[];
}

/** A team's quota sharing on one Kueue cluster. @public */
export interface QuotaSharingCluster {
  /** The Kueue cluster. */
  cluster: string;
  /** The team's ClusterQueue there. */
  clusterQueue: string;
  /** Its cohort; absent when it shares with no one. */
  cohort?: string;
  /** The queue's `preemption.reclaimWithinCohort`. */
  reclaimWithinCohort: QuotaReclaimPolicy;
  /** What happens to borrowed GPUs when their owner needs them back, in one sentence. */
  reclaim: string;
  /** Per GPU class (flavor) of the team's queue: whole GPUs, then each MIG profile shared. */
  classes: QuotaSharingClass[];
}

/** `GET /quota-sharing`: the team's cohorts on every Kueue cluster. @public */
export interface QuotaSharingResponse {
  /** The team's group ref. */
  team: string;
  /** Kueue clusters where the team has a ClusterQueue. */
  items: QuotaSharingCluster[];
  /** Kueue clusters that could not be read, and why. */
  errors: Array<{ cluster: string; message: string }>;
}
