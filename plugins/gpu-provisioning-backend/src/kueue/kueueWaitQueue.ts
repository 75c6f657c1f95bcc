import {
  KubernetesObject,
  KubernetesObjectApi,
  V1Pod,
} from '@kubernetes/client-node';
import { isNotFound } from '../kubernetes/apiErrors';
import { GRANT_OBJECT_NAMES } from '../kubernetes/grantLabels';
import { podRequest } from '../kubernetes/podRequest';
import { QueuedWork, timeOf } from '../scheduling/queuePosition';
import { cohortRoom } from './clusterQueueFlavors';
import { KUEUE_API_VERSION } from './teamClusterQueue';

type Obj = Record<string, any>;

/** A ClusterQueue's waiting and admitted Workloads, as Kueue reports them. */
export interface KueueWaitQueue {
  /** The ClusterQueue the grant's LocalQueue points at. */
  clusterQueue: string;
  /** Workloads pending admission in it, any namespace. */
  waiting: QueuedWork[];
  /** Admitted Workloads in it: GPUs held per namespace. */
  heldByNamespace: Map<string, number>;
  /** The grant's admitted Workloads. */
  started: number;
  /** What the ClusterQueue can admit of the flavor now: its unused nominal quota plus what it may borrow from its cohort. */
  freeNow: number;
  /** The most the ClusterQueue can admit of the flavor: nominal quota plus borrowing limit (undefined when it may borrow without limit). */
  most?: number;
}

function condition(object: KubernetesObject, type: string): Obj | undefined {
  return ((object as Obj).status?.conditions ?? []).find(
    (c: Obj) => c.type === type,
  );
}

const isTrue = (object: KubernetesObject, type: string) =>
  condition(object, type)?.status === 'True';

/** What all the pods of a Workload ask for of one resource. */
export function workloadGpus(
  workload: KubernetesObject,
  resource: string,
): number {
  let total = 0;
  for (const podSet of ((workload as Obj).spec?.podSets ?? []) as Obj[]) {
    const pod = { spec: podSet.template?.spec ?? { containers: [] } } as V1Pod;
    if (!pod.spec!.containers) pod.spec!.containers = [];
    total += podRequest(pod, resource) * (podSet.count ?? 1);
  }
  return total;
}

/**
 * Reads where a grant's Kueue Workloads stand: its LocalQueue's
 * ClusterQueue, every Workload pending admission there (through the
 * cluster's LocalQueues), the admitted ones, and what the ClusterQueue can
 * admit now, its cohort's lendable quota included. Three list calls and one
 * read; undefined when the grant has no LocalQueue on the cluster.
 *
 * Kueue's visibility API (`pendingworkloads`) gives the same order where it
 * is served; the Workloads themselves are read here because every Kueue
 * installation serves them.
 */
export async function readKueueWaitQueue(
  api: KubernetesObjectApi,
  options: { namespace: string; gpuResource: string; flavor: string },
): Promise<KueueWaitQueue | undefined> {
  const { namespace, gpuResource, flavor } = options;
  let localQueue: KubernetesObject;
  try {
    localQueue = await api.read({
      apiVersion: KUEUE_API_VERSION,
      kind: 'LocalQueue',
      metadata: { name: GRANT_OBJECT_NAMES.localQueue, namespace },
    });
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  const clusterQueue = (localQueue as Obj).spec?.clusterQueue as string;
  const [localQueues, workloads, clusterQueues] = await Promise.all([
    api.list(KUEUE_API_VERSION, 'LocalQueue'),
    api.list(KUEUE_API_VERSION, 'Workload'),
    // All of them: what the queue may borrow depends on its cohort's members.
    api.list(KUEUE_API_VERSION, 'ClusterQueue'),
  ]);
  const queueObject = clusterQueues.items.find(
    q => q.metadata?.name === clusterQueue,
  );
  const queueOf = new Map(
    localQueues.items.map(lq => [
      `${lq.metadata?.namespace}/${lq.metadata?.name}`,
      (lq as Obj).spec?.clusterQueue as string | undefined,
    ]),
  );
  const waiting: QueuedWork[] = [];
  const heldByNamespace = new Map<string, number>();
  let started = 0;
  for (const workload of workloads.items) {
    const ns = workload.metadata?.namespace ?? '';
    const spec = (workload as Obj).spec ?? {};
    if (isTrue(workload, 'Finished')) continue;
    const admittedTo = (workload as Obj).status?.admission?.clusterQueue;
    if (isTrue(workload, 'QuotaReserved')) {
      if (admittedTo !== clusterQueue) continue;
      const gpus = workloadGpus(workload, gpuResource);
      heldByNamespace.set(ns, (heldByNamespace.get(ns) ?? 0) + gpus);
      if (ns === namespace) started++;
      continue;
    }
    if (spec.active === false) continue;
    if (queueOf.get(`${ns}/${spec.queueName}`) !== clusterQueue) continue;
    const message = condition(workload, 'QuotaReserved')?.message;
    waiting.push({
      kind: 'Workload',
      namespace: ns,
      name: workload.metadata?.name ?? '',
      gpus: workloadGpus(workload, gpuResource),
      priority: Number(spec.priority ?? 0),
      createdAt: timeOf(workload.metadata?.creationTimestamp),
      ...(message ? { message: String(message) } : {}),
    });
  }
  return {
    clusterQueue,
    waiting,
    heldByNamespace,
    started,
    ...(queueObject
      ? cohortRoom({
          clusterQueue: queueObject,
          clusterQueues: clusterQueues.items,
          flavor,
          resource: gpuResource,
        })
      : { freeNow: 0 }),
  };
}
