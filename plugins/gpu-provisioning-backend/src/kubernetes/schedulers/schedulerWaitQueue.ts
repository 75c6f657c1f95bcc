import {
  KubernetesObject,
  KubernetesObjectApi,
  V1Pod,
} from '@kubernetes/client-node';
import { QueuedWork, timeOf } from '../../scheduling/queuePosition';
import { isNotFound } from '../apiErrors';
import { parseQuantity } from '../parseQuantity';
import { podRequest } from '../podRequest';
import { KAI_QUEUE_LABEL, KAI_QUEUE_VERSION, KAI_SCHEDULER_NAME } from './kai';
import { queueParentOf } from './queueParent';
import { VOLCANO_QUEUE_ANNOTATION, VOLCANO_QUEUE_VERSION } from './volcano';

type Obj = Record<string, any>;

/** The `schedulerName` of pods Volcano schedules. */
export const VOLCANO_SCHEDULER_NAME = 'volcano';
/** KAI Scheduler's PodGroups (its pod grouper makes one per workload). */
export const KAI_POD_GROUP_VERSION = 'scheduling.run.ai/v2alpha2';

/** How one scheduler names a pod's queue, a queue's parent and its GPU limit. */
interface SchedulerQueues {
  title: string;
  apiVersion: string;
  /** The PodGroup kind's apiVersion. */
  podGroupVersion: string;
  /** The pod annotation naming its PodGroup. */
  groupAnnotation: string;
  schedulerName: string;
  queueOfPod(pod: V1Pod): string | undefined;
  /** The most GPUs of the resource the queue may hold; undefined when unlimited. */
  limitOf(queue: Obj, resource: string): number | undefined;
}

const KAI: SchedulerQueues = {
  title: 'KAI Scheduler queue',
  apiVersion: KAI_QUEUE_VERSION,
  podGroupVersion: KAI_POD_GROUP_VERSION,
  groupAnnotation: 'pod-group-name',
  schedulerName: KAI_SCHEDULER_NAME,
  queueOfPod: pod => pod.metadata?.labels?.[KAI_QUEUE_LABEL],
  // `gpu.limit` caps the queue, quota and over-quota together; -1 is no limit.
  limitOf: queue => {
    const limit = Number(queue.spec?.resources?.gpu?.limit ?? -1);
    return Number.isFinite(limit) && limit >= 0 ? limit : undefined;
  },
};

const VOLCANO: SchedulerQueues = {
  title: 'Volcano queue',
  apiVersion: VOLCANO_QUEUE_VERSION,
  podGroupVersion: VOLCANO_QUEUE_VERSION,
  groupAnnotation: 'scheduling.k8s.io/group-name',
  schedulerName: VOLCANO_SCHEDULER_NAME,
  queueOfPod: pod => pod.metadata?.annotations?.[VOLCANO_QUEUE_ANNOTATION],
  // `capability` is the hard limit of a queue, per resource.
  limitOf: (queue, resource) =>
    parseQuantity(queue.spec?.capability?.[resource]),
};

/** The pods waiting in a grant's KAI or Volcano queue family. */
export interface SchedulerWaitQueue {
  /** The queue the waiting work is ordered in, as people call it: `KAI Scheduler queue vision`. */
  queue: string;
  /** Whether the grant's own queue is missing from the cluster (the scheduler then starts none of its pods). */
  missing: boolean;
  /** The grant queues (leaves) that share it: the grant's own and its siblings under the parent. */
  leaves: Set<string>;
  /**
   * Work waiting in those queues, any namespace: a PodGroup of several pods
   * as one piece (kind `PodGroup`, for the GPUs of its pods still waiting),
   * a pod alone in its group, or without one, as itself.
   */
  waiting: QueuedWork[];
  /** The grant's PodGroups (or pods without one) with pods holding GPUs. */
  started: number;
  /** GPUs the grant's queue and its parent queue still allow (undefined when neither has a limit). */
  room?: number;
  /** The most the grant's queue and its parent could ever give (undefined when neither has a limit). */
  most?: number;
}

const minOf = (values: Array<number | undefined>): number | undefined => {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length ? Math.min(...known) : undefined;
};

/**
 * Reads where a grant's pods stand in its KAI Scheduler or Volcano queue,
 * with three list calls (the scheduler's Queues, its PodGroups and the pods).
 *
 * The portal gives each grant a leaf queue named after its namespace, under
 * the team's queue when a parent is configured, and the schedulers queue
 * PodGroups, not pods: KAI's pod grouper and Volcano's controller make one
 * per workload (a lone pod gets its own) and annotate its pods with it. Both
 * schedulers divide GPUs between the queues of a parent first (KAI by quota
 * and then over-quota weight, Volcano by capability and weight), and each
 * grant queue's quota is its grant, which the namespace's ResourceQuota keeps
 * its pods within: so a group that waits does so in a queue within its
 * share, and the parent takes the groups as each scheduler orders jobs, by
 * priority (the PodGroup's priority class, which its pods carry) and then
 * the group's creation time; Volcano allocates only enqueued (`Inqueue`)
 * groups, so those come before groups still `Pending` for the queue's
 * capability. The waiting work is therefore every unbound pod of the
 * scheduler in the parent's leaf queues (the grant's own queue alone when it
 * has no parent), in its group's place, and the room is what the grant's
 * queue limit and the parent's limit leave after the pods bound in them.
 * Without a PodGroup (not yet grouped, or no PodGroup API) a pod stands for
 * itself, in the queue its label or annotation names.
 */
export async function readSchedulerWaitQueue(
  api: KubernetesObjectApi,
  options: {
    scheduler: 'kai' | 'volcano';
    /** The grant's queue: its namespace's name. */
    queueName: string;
    namespace: string;
    gpuResource: string;
  },
): Promise<SchedulerWaitQueue> {
  const { queueName, namespace, gpuResource } = options;
  const kind = options.scheduler === 'kai' ? KAI : VOLCANO;
  const [queues, podGroups, pods] = await Promise.all([
    api.list(kind.apiVersion, 'Queue'),
    api.list(kind.podGroupVersion, 'PodGroup').catch(error => {
      if (isNotFound(error)) return { items: [] as KubernetesObject[] };
      throw error;
    }),
    api.list<V1Pod>('v1', 'Pod'),
  ]);
  const byName = new Map<string, Obj>(
    queues.items.map((q: KubernetesObject) => [q.metadata?.name ?? '', q]),
  );
  const groups = new Map<string, Obj>(
    podGroups.items.map((g: KubernetesObject) => [
      `${g.metadata?.namespace}/${g.metadata?.name}`,
      g,
    ]),
  );
  const own = byName.get(queueName);
  const parentName = own ? queueParentOf(own) : undefined;
  const parent = parentName ? byName.get(parentName) : undefined;
  const leaves = new Set(
    parentName
      ? [...byName.values()]
          .filter(q => queueParentOf(q) === parentName)
          .map(q => q.metadata?.name as string)
      : [queueName],
  );
  leaves.add(queueName);

  // By PodGroup (or by pod without one): the pods in it, the waiting work.
  const sizes = new Map<string, number>();
  const entries = new Map<string, QueuedWork>();
  const groupNames = new Map<string, string>();
  const startedWork = new Set<string>();
  let ownHeld = 0;
  let parentHeld = 0;
  for (const pod of pods.items) {
    if (pod.spec?.schedulerName !== kind.schedulerName) continue;
    const ns = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    const groupName = pod.metadata?.annotations?.[kind.groupAnnotation];
    const group = groupName ? groups.get(`${ns}/${groupName}`) : undefined;
    const queue: string | undefined =
      group?.spec?.queue ?? kind.queueOfPod(pod);
    if (!queue || !leaves.has(queue)) continue;
    const gpus = podRequest(pod, gpuResource);
    if (gpus <= 0) continue;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    // The scheduler queues the group: its pods are one piece of work.
    const key = group ? `group ${ns}/${groupName}` : `pod ${ns}/${name}`;
    sizes.set(key, (sizes.get(key) ?? 0) + 1);
    if (pod.spec?.nodeName) {
      parentHeld += gpus;
      if (queue === queueName) ownHeld += gpus;
      if (ns === namespace) startedWork.add(key);
      continue;
    }
    if (pod.metadata?.deletionTimestamp) continue;
    const entry = entries.get(key);
    if (entry) {
      entry.gpus += gpus;
      continue;
    }
    const message =
      groupMessage(group) ??
      pod.status?.conditions?.find(
        c => c.type === 'PodScheduled' && c.status === 'False',
      )?.message;
    entries.set(key, {
      kind: 'Pod',
      namespace: ns,
      name,
      gpus,
      priority: pod.spec?.priority ?? 0,
      createdAt: timeOf(
        group?.metadata?.creationTimestamp ?? pod.metadata?.creationTimestamp,
      ),
      ...(group?.status?.phase === 'Pending' ? { stage: 1 } : {}),
      ...(message ? { message } : {}),
    });
    if (group && groupName) groupNames.set(key, groupName);
  }
  // A group of one pod is shown as that pod, the name its owner knows; a
  // gang of several is shown as its PodGroup, waiting for all its pods' GPUs.
  const waiting: QueuedWork[] = [...entries].map(([key, work]) => {
    const groupName = groupNames.get(key);
    return groupName && (sizes.get(key) ?? 0) > 1
      ? { ...work, kind: 'PodGroup', name: groupName }
      : work;
  });
  const started = startedWork.size;
  const ownLimit = own ? kind.limitOf(own, gpuResource) : undefined;
  const parentLimit = parent ? kind.limitOf(parent, gpuResource) : undefined;
  const room = minOf([
    ownLimit === undefined ? undefined : Math.max(0, ownLimit - ownHeld),
    parentLimit === undefined
      ? undefined
      : Math.max(0, parentLimit - parentHeld),
  ]);
  const most = minOf([ownLimit, parentLimit]);
  return {
    queue: `${kind.title} ${parentName ?? queueName}`,
    missing: !own,
    leaves,
    waiting,
    started,
    ...(room !== undefined ? { room } : {}),
    ...(most !== undefined ? { most } : {}),
  };
}

/** Why a PodGroup waits, as its scheduler says: Volcano's `Unschedulable` condition, KAI's scheduling condition. */
function groupMessage(group: Obj | undefined): string | undefined {
  const found = [
    ...(group?.status?.conditions ?? []),
    ...(group?.status?.schedulingConditions ?? []),
  ].find((c: Obj) => c.type === 'Unschedulable' && c.message);
  return found ? String(found.message) : undefined;
}
