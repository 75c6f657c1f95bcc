import { KubernetesApi } from '../../KubernetesApi';
import {
  isGpuResource,
  isTerminal,
  podLimits,
  podRequests,
} from '../../podResources';
import { findResourceByKind } from '../../resources';
import { KubeObject } from '../../types';
import { Ask, OverQuota, PlacedPod } from './OverQuota';
import {
  kaiSharingQueue,
  SharingQueue,
  volcanoSharingQueue,
} from './queueTree';

type Obj = Record<string, any>;

/** How a batch scheduler's pods name their queue and how its queues read. */
export interface QueueScheduler {
  schedulerName: string;
  displayName: string;
  queueVersion: string;
  queueOf(pod: KubeObject): string;
  parentOf(queue: Obj): string | undefined;
  read(queue: Obj, resource: string): SharingQueue;
  /** The GPU resources its queues count. */
  counts(resource: string): boolean;
}

export const QUEUE_SCHEDULERS: QueueScheduler[] = [
  {
    schedulerName: 'kai-scheduler',
    displayName: 'KAI Scheduler',
    queueVersion: 'scheduling.run.ai/v2',
    queueOf: pod =>
      pod.metadata.labels?.['kai.scheduler/queue'] ?? 'default-queue',
    parentOf: queue => queue.spec?.parentQueue || undefined,
    read: queue => kaiSharingQueue(queue),
    // KAI's queues count whole GPUs only.
    counts: resource => resource === 'nvidia.com/gpu',
  },
  {
    schedulerName: 'volcano',
    displayName: 'Volcano',
    queueVersion: 'scheduling.volcano.sh/v1beta1',
    queueOf: pod =>
      pod.metadata.annotations?.['scheduling.volcano.sh/queue-name'] ??
      'default',
    parentOf: queue => queue.spec?.parent || undefined,
    read: (queue, resource) => volcanoSharingQueue(queue, resource),
    counts: isGpuResource,
  },
];

/** The GPUs of one resource a pod asks for (requests default to limits). */
export function podGpus(pod: KubeObject): [string, number] | undefined {
  const perPod = { ...podLimits(pod), ...podRequests(pod) };
  return Object.entries(perPod).find(
    ([resource, n]) => isGpuResource(resource) && n > 0,
  );
}

/** A pending pod's place in its scheduler's queues. */
export interface QueuedAsk extends Ask {
  scheduler: string;
  resource: string;
  model: OverQuota;
}

/**
 * The over-quota models of one scheduling pass, per scheduler and GPU
 * resource, built lazily from the store's queues and running pods.
 */
export class QueueSharing {
  private readonly models = new Map<string, OverQuota>();

  constructor(private readonly api: KubernetesApi) {}

  /** The pod's ask of its queue; undefined for pods no queue scheduler counts. */
  askOf(pod: KubeObject): QueuedAsk | undefined {
    const s = QUEUE_SCHEDULERS.find(
      x => x.schedulerName === (pod.spec as Obj)?.schedulerName,
    );
    const gpus = podGpus(pod);
    if (!s || !gpus || !s.counts(gpus[0])) return undefined;
    return {
      scheduler: s.displayName,
      resource: gpus[0],
      queue: s.queueOf(pod),
      gpus: gpus[1],
      model: this.model(s, gpus[0]),
    };
  }

  private model(s: QueueScheduler, resource: string): OverQuota {
    const key = `${s.schedulerName}/${resource}`;
    let model = this.models.get(key);
    if (!model) {
      const type = findResourceByKind(s.queueVersion, 'Queue')!;
      const queues = this.api.store.list(type).map(q => s.read(q, resource));
      const pods = findResourceByKind('v1', 'Pod')!;
      const placed = this.api.store
        .list(pods)
        .filter(
          p =>
            (p.spec as Obj)?.schedulerName === s.schedulerName &&
            (p.spec as Obj)?.nodeName &&
            !isTerminal(p),
        )
        .flatMap(p => {
          const gpus = podGpus(p);
          return gpus && gpus[0] === resource ? [placedPod(p, s, gpus[1])] : [];
        });
      model = new OverQuota(queues, placed);
      this.models.set(key, model);
    }
    return model;
  }

  /** Counts a pod the scheduler just bound. */
  placed(pod: KubeObject): void {
    const ask = this.askOf(pod);
    const s = QUEUE_SCHEDULERS.find(
      x => x.schedulerName === (pod.spec as Obj)?.schedulerName,
    );
    if (ask && s) ask.model.place(placedPod(pod, s, ask.gpus));
  }
}

function placedPod(
  pod: KubeObject,
  s: QueueScheduler,
  gpus: number,
): PlacedPod {
  return {
    uid: pod.metadata.uid!,
    namespace: pod.metadata.namespace!,
    name: pod.metadata.name,
    queue: s.queueOf(pod),
    gpus,
    priority: Number((pod.spec as Obj)?.priority ?? 0),
    created: pod.metadata.creationTimestamp ?? '',
  };
}
