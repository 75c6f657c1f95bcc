import { KubernetesObject } from '@kubernetes/client-node';

/**
 * The queue a KAI Scheduler queue (`spec.parentQueue`) or a Volcano queue
 * (`spec.parent`) sits under; undefined for a top queue. Each scheduler's
 * queues have only their own field, so one reader serves both; what the
 * cluster holds is read defensively (a name must be non-empty text).
 */
export function queueParentOf(queue: KubernetesObject): string | undefined {
  const spec = (queue as { spec?: { parentQueue?: unknown; parent?: unknown } })
    .spec;
  const name = spec?.parentQueue || spec?.parent;
  return typeof name === 'string' && name !== '' ? name : undefined;
}
