import { SchedulerConfig } from '../../config/schedulerConfig';
import { GrantQueue, GrantQueueInput, teamQueueName } from './grantQueue';

export const VOLCANO_QUEUE_VERSION = 'scheduling.volcano.sh/v1beta1';
/** The pod annotation that puts a pod in a Volcano queue (Volcano Jobs set `spec.queue`). */
export const VOLCANO_QUEUE_ANNOTATION = 'scheduling.volcano.sh/queue-name';

/**
 * A grant's Volcano Queue: its capability is the granted GPUs (whole GPUs or
 * MIG instances, in the grant's resource), it lends nothing it holds
 * (`reclaimable: false`), and it sits under the team's queue when
 * `volcano.parentQueueTemplate` is set (hierarchical queues), at the root
 * otherwise.
 */
export function volcanoGrantQueue(
  input: GrantQueueInput,
  config: SchedulerConfig['volcano'],
): GrantQueue {
  const parent =
    config.parentQueueTemplate === undefined
      ? {}
      : {
          parent: teamQueueName(
            config.parentQueueTemplate,
            input.teamName,
            'gpuProvisioning.volcano.parentQueueTemplate',
          ),
        };
  return {
    apiVersion: VOLCANO_QUEUE_VERSION,
    kind: 'Queue',
    metadata: {
      name: input.name,
      labels: input.labels,
      annotations: input.annotations,
    },
    spec: {
      ...parent,
      capability: { [input.gpuResource]: String(input.count) },
      reclaimable: false,
      weight: 1,
    },
  } as GrantQueue;
}
