import { QuotaReclaimPolicy } from '@ai-platform/plugin-gpu-provisioning-common';

/**
 * What happens to borrowed GPUs when the team that lent them needs them
 * back, in one sentence, from the owner's `preemption.reclaimWithinCohort`
 * as Kueue documents it (concepts/cluster_queue, "Preemption").
 */
export function reclaimSentence(
  policy: QuotaReclaimPolicy,
  inCohort: boolean,
): string {
  if (!inCohort) {
    return 'This queue is in no cohort: it neither borrows nor lends GPUs.';
  }
  switch (policy) {
    case 'Any':
      return 'When a team needs its own quota back, Kueue preempts the workloads borrowing it at once (lowest priority and newest first), so borrowed GPUs can stop at any time.';
    case 'LowerPriority':
      return 'When a team needs its own quota back, Kueue preempts borrowing workloads of lower priority than the one waiting; borrowers of the same or higher priority keep the GPUs until they finish.';
    default:
      return 'Borrowed GPUs are never taken back: a team that needs its own quota waits until the borrowing workloads finish.';
  }
}
