import { KubernetesApi } from '../../KubernetesApi';
import { isTerminal } from '../../podResources';
import { formatQuantity } from '../../quantity';
import { findResourceByKind } from '../../resources';
import { Reconciler } from '../Reconciler';
import { podGpus, QUEUE_SCHEDULERS } from './QueueSharing';

type Obj = Record<string, any>;

/**
 * KAI Scheduler's and Volcano's queue status, as far as quota sharing reads
 * it: `status.allocated` holds the GPUs the queue's running pods and its
 * descendants' hold, per GPU resource (both schedulers report a queue's
 * allocation as a resource list, a parent's including its children's).
 */
export function startQueueStatusController(api: KubernetesApi): () => void {
  const pods = findResourceByKind('v1', 'Pod')!;
  const types = QUEUE_SCHEDULERS.map(s => ({
    s,
    type: findResourceByKind(s.queueVersion, 'Queue')!,
  }));
  const reconciler = new Reconciler('queue-status', () => {
    for (const { s, type } of types) {
      const queues = api.store.list(type) as Obj[];
      const byName = new Map(queues.map(q => [q.metadata.name, q]));
      const allocated = new Map<string, Record<string, number>>();
      for (const pod of api.store.list(pods)) {
        if ((pod.spec as Obj)?.schedulerName !== s.schedulerName) continue;
        if (!(pod.spec as Obj)?.nodeName || isTerminal(pod)) continue;
        const gpus = podGpus(pod);
        if (!gpus) continue;
        const seen = new Set<string>();
        for (
          let q = byName.get(s.queueOf(pod));
          q && !seen.has(q.metadata.name);

        ) {
          seen.add(q.metadata.name);
          const a = allocated.get(q.metadata.name) ?? {};
          a[gpus[0]] = (a[gpus[0]] ?? 0) + gpus[1];
          allocated.set(q.metadata.name, a);
          const parent = s.parentOf(q);
          q = parent ? byName.get(parent) : undefined;
        }
      }
      for (const queue of queues) {
        const a = allocated.get(queue.metadata.name) ?? {};
        const status = {
          ...queue.status,
          allocated: Object.fromEntries(
            Object.entries(a).map(([r, n]) => [r, formatQuantity(n)]),
          ),
        };
        api.controllerUpdateStatus(type, { ...(queue as any), status });
      }
    }
  });
  const stops = [pods, ...types.map(t => t.type)].map(type =>
    api.store.watch(type, undefined, () => reconciler.enqueue('all')),
  );
  reconciler.enqueue('all');
  return () => {
    reconciler.stop();
    stops.forEach(stop => stop());
  };
}
