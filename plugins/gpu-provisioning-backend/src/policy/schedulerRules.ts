import { SchedulerConfig, schedulerOf } from '../config/schedulerConfig';

/** The clusters' schedulers, as the request rules need them. */
export type ClusterSchedulers = Pick<
  SchedulerConfig,
  'mode' | 'clusterSchedulers'
>;

/**
 * What a request asks that its cluster's scheduler cannot hold, as
 * `field: message` problems: a MIG profile on a KAI Scheduler cluster,
 * whose queues count GPUs (a MIG instance is a fraction of one).
 */
export function schedulerProblems(
  input: { cluster: string; migProfile?: string },
  schedulers: ClusterSchedulers | undefined,
): string[] {
  if (
    input.migProfile &&
    schedulers &&
    schedulerOf(schedulers, input.cluster) === 'kai'
  ) {
    return [
      `migProfile: cluster ${input.cluster} schedules with KAI Scheduler, whose queues count whole GPUs; request whole GPUs there`,
    ];
  }
  return [];
}
