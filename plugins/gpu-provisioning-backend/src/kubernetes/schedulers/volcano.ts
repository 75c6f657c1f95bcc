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
 * otherwise. A sharing department's team's grant instead deserves its GPUs,
 * may borrow above them (capability) and is reclaimable as the department
 * says, under the team's queue.
 */
export function volcanoGrantQueue(
  input: GrantQueueInput,
  config: SchedulerConfig['volcano'],
): GrantQueue {
  const { sharing } = input;
  // A sharing team's grants sit under its team queue, `{team}` by default.
  const template =
    config.parentQueueTemplate ?? (sharing ? '{team}' : undefined);
  const parent =
    template === undefined
      ? {}
      : {
          parent: teamQueueName(
            template,
            input.teamName,
            'gpuProvisioning.volcano.parentQueueTemplate',
          ),
        };
  const gpus = (n: number) => ({ [input.gpuResource]: String(n) });
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
      ...(sharing
        ? {
            // It deserves its GPUs and may borrow above them, given back
            // when the department says so.
            deserved: gpus(input.count),
            capability: gpus(input.count + sharing.borrowable),
            reclaimable: sharing.reclaimable,
          }
        : { capability: gpus(input.count), reclaimable: false }),
      weight: 1,
    },
  } as GrantQueue;
}
