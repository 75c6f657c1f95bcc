import { SchedulerConfig } from '../../config/schedulerConfig';
import { GrantQueue, GrantQueueInput, teamQueueName } from './grantQueue';

export const KAI_QUEUE_VERSION = 'scheduling.run.ai/v2';
/** The pod label that puts a pod in a KAI queue. */
export const KAI_QUEUE_LABEL = 'kai.scheduler/queue';
/** The `schedulerName` of pods KAI Scheduler schedules. */
export const KAI_SCHEDULER_NAME = 'kai-scheduler';

/**
 * A grant's leaf KAI Scheduler Queue under the team's queue: `gpu` quota and
 * limit are the granted GPUs (the limit plus what a sharing department's
 * team may borrow), CPU (millicpus) and memory (megabytes) as
 * configured (-1, unlimited, by default). KAI's `gpu` counts whole GPUs (a MIG instance is a fraction
 * of one), so MIG grants are refused on KAI clusters before they get here.
 * Pods run in it with the label `kai.scheduler/queue: <name>` and
 * `schedulerName: kai-scheduler`.
 */
export function kaiGrantQueue(
  input: GrantQueueInput,
  config: SchedulerConfig['kai'],
): GrantQueue {
  if (input.gpuResource !== 'nvidia.com/gpu') {
    throw new Error(
      `KAI Scheduler queues count whole GPUs; ${input.gpuResource} cannot be granted on a KAI cluster`,
    );
  }
  const resource = (amount: number, limit = amount) => ({
    quota: amount,
    limit,
    overQuotaWeight: 1,
  });
  return {
    apiVersion: KAI_QUEUE_VERSION,
    kind: 'Queue',
    metadata: {
      name: input.name,
      labels: input.labels,
      annotations: input.annotations,
    },
    spec: {
      parentQueue: teamQueueName(
        config.parentQueueTemplate,
        input.teamName,
        'gpuProvisioning.kai.parentQueueTemplate',
      ),
      resources: {
        // A sharing team's grant may borrow above its GPUs; its team's
        // queue and the department's bound it.
        gpu: resource(
          input.count,
          input.count + (input.sharing?.borrowable ?? 0),
        ),
        cpu: resource(config.milliCpu),
        memory: resource(config.memoryMegabytes),
      },
    },
  } as GrantQueue;
}
