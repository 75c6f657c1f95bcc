import { parseQuantity } from '../../quantity';

type Obj = Record<string, any>;

/** One queue of a batch scheduler, as far as over-quota sharing reads it, for one GPU resource. */
export interface SharingQueue {
  name: string;
  parent?: string;
  /** What the queue deserves (KAI `quota`, Volcano `deserved`/`guarantee`); undefined: none set. */
  quota?: number;
  /** Its hard ceiling (KAI `limit`, Volcano `capability`); undefined: none. */
  limit?: number;
  /** Whether others may take back what it runs above its quota (Volcano `reclaimable`; KAI always). */
  reclaimable: boolean;
}

const nonNegative = (value: unknown): number | undefined => {
  const n = Number(value);
  return value !== undefined && value !== null && n >= 0 ? n : undefined;
};

/** A KAI `scheduling.run.ai/v2` Queue; KAI counts whole `nvidia.com/gpu` as `gpu` (-1: unlimited/unset). */
export function kaiSharingQueue(queue: Obj): SharingQueue {
  const gpu = queue.spec?.resources?.gpu ?? {};
  return {
    name: queue.metadata.name,
    parent: queue.spec?.parentQueue || undefined,
    quota: nonNegative(gpu.quota),
    limit: nonNegative(gpu.limit),
    reclaimable: true,
  };
}

/** A Volcano `scheduling.volcano.sh/v1beta1` Queue, for one resource. */
export function volcanoSharingQueue(
  queue: Obj,
  resource: string,
): SharingQueue {
  const spec = queue.spec ?? {};
  const quantity = (value: unknown) =>
    value === undefined ? undefined : parseQuantity(value as string);
  return {
    name: queue.metadata.name,
    parent: spec.parent || undefined,
    quota: quantity(
      spec.deserved?.[resource] ?? spec.guarantee?.resource?.[resource],
    ),
    limit: quantity(spec.capability?.[resource]),
    // Volcano queues are reclaimable unless they say otherwise.
    reclaimable: spec.reclaimable !== false,
  };
}
