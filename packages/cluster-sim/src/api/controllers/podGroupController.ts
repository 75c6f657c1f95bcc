import { KubernetesApi } from '../KubernetesApi';
import { clone } from '../patch';
import {
  isGpuResource,
  isTerminal,
  podLimits,
  podRequests,
} from '../podResources';
import { formatQuantity, parseQuantity } from '../quantity';
import { findResourceByKind, ResourceType } from '../resources';
import { KubeObject } from '../types';
import { Reconciler } from './Reconciler';

type Obj = Record<string, any>;

/** How one batch scheduler groups pods and names their queue. */
interface Scheduler {
  name: 'kai' | 'volcano';
  schedulerName: string;
  podGroups: ResourceType;
  queues: ResourceType;
  /** The pod annotation naming its PodGroup. */
  groupAnnotation: string;
  groupName(pod: KubeObject): string;
  queueOf(pod: KubeObject): string;
  parentOf(queue: Obj): string | undefined;
  /** The queue's hard limit of a resource; undefined when it has none. */
  limitOf(queue: Obj, resource: string): number | undefined;
}

const SCHEDULERS: Scheduler[] = [
  {
    name: 'kai',
    schedulerName: 'kai-scheduler',
    podGroups: findResourceByKind('scheduling.run.ai/v2alpha2', 'PodGroup')!,
    queues: findResourceByKind('scheduling.run.ai/v2', 'Queue')!,
    groupAnnotation: 'pod-group-name',
    // The pod grouper names a group after the pod's top owner (here the pod).
    groupName: pod => `pg-${pod.metadata.name}-${pod.metadata.uid}`,
    queueOf: pod =>
      pod.metadata.labels?.['kai.scheduler/queue'] ?? 'default-queue',
    parentOf: queue => queue.spec?.parentQueue || undefined,
    limitOf: (queue, resource) => {
      if (resource !== 'nvidia.com/gpu') return undefined;
      const limit = Number(queue.spec?.resources?.gpu?.limit ?? -1);
      return limit >= 0 ? limit : undefined;
    },
  },
  {
    name: 'volcano',
    schedulerName: 'volcano',
    podGroups: findResourceByKind('scheduling.volcano.sh/v1beta1', 'PodGroup')!,
    queues: findResourceByKind('scheduling.volcano.sh/v1beta1', 'Queue')!,
    groupAnnotation: 'scheduling.k8s.io/group-name',
    groupName: pod => `podgroup-${pod.metadata.uid}`,
    queueOf: pod =>
      pod.metadata.annotations?.['scheduling.volcano.sh/queue-name'] ??
      'default',
    parentOf: queue => queue.spec?.parent || undefined,
    limitOf: (queue, resource) => {
      const value = queue.spec?.capability?.[resource];
      return value === undefined ? undefined : parseQuantity(value);
    },
  },
];

const MANAGER = 'cluster-sim-podgroups';

/** What the pods ask for of GPU resources, summed. */
function gpuRequests(pods: KubeObject[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const pod of pods) {
    // Requests default to limits, as the apiserver defaults a pod's.
    const perPod = { ...podLimits(pod), ...podRequests(pod) };
    for (const [resource, amount] of Object.entries(perPod)) {
      if (isGpuResource(resource))
        total[resource] = (total[resource] ?? 0) + amount;
    }
  }
  return total;
}

function unschedulableMessage(pods: KubeObject[]): string | undefined {
  for (const pod of pods) {
    const c = ((pod.status as Obj)?.conditions ?? []).find(
      (x: Obj) => x.type === 'PodScheduled' && x.status === 'False',
    );
    if (c?.message) return String(c.message);
  }
  return undefined;
}

/**
 * KAI Scheduler's pod grouper and Volcano's PodGroup controller, as far as
 * the portal reads them: a pod of the scheduler (by `schedulerName`) without
 * a PodGroup gets one of its own (owned by the pod, so it goes with it), in
 * the pod's queue (KAI's `kai.scheduler/queue` label, Volcano's
 * `scheduling.volcano.sh/queue-name` annotation) with the pod's priority
 * class, and the pod is annotated with the group's name; the group is
 * removed when its pod is.
 *
 * Status as the schedulers report it: member counts; for Volcano the phase
 * (`Running` once `minMember` pods run; `Inqueue` when the queue and its
 * parent have room for the group's GPUs beside the running and enqueued
 * groups, taken by priority then creation time; `Pending` otherwise, with an
 * `Unschedulable` condition); for KAI the pods' scheduling message as a
 * scheduling condition. Placement stays with the simulator's scheduler.
 */
export function startPodGroupController(api: KubernetesApi): () => void {
  const pods = findResourceByKind('v1', 'Pod')!;
  const reconcile = (s: Scheduler) => {
    const own = api.store
      .list(pods)
      .filter(p => (p.spec as Obj)?.schedulerName === s.schedulerName);
    for (const pod of own) {
      if (pod.metadata.annotations?.[s.groupAnnotation]) continue;
      if (isTerminal(pod) || pod.metadata.deletionTimestamp) continue;
      const name = s.groupName(pod);
      const spec: Obj = { minMember: 1, queue: s.queueOf(pod) };
      const priorityClassName = (pod.spec as Obj)?.priorityClassName;
      if (priorityClassName) spec.priorityClassName = priorityClassName;
      if (s.name === 'volcano') {
        spec.minResources = Object.fromEntries(
          Object.entries(gpuRequests([pod])).map(([r, n]) => [
            r,
            formatQuantity(n),
          ]),
        );
      }
      if (!api.store.get(s.podGroups, pod.metadata.namespace, name)) {
        api.create(
          s.podGroups,
          s.podGroups.versions[0],
          pod.metadata.namespace,
          {
            apiVersion: `${s.podGroups.group}/${s.podGroups.versions[0]}`,
            kind: 'PodGroup',
            metadata: {
              name,
              namespace: pod.metadata.namespace,
              ownerReferences: [
                {
                  apiVersion: 'v1',
                  kind: 'Pod',
                  name: pod.metadata.name,
                  uid: pod.metadata.uid!,
                  controller: true,
                  blockOwnerDeletion: true,
                },
              ],
            },
            spec,
          },
          { fieldManager: MANAGER },
        );
      }
      const next = clone(pod);
      next.metadata.annotations = {
        ...next.metadata.annotations,
        [s.groupAnnotation]: name,
      };
      api.controllerWrite(pods, next, MANAGER);
    }

    // Kubernetes' garbage collector: a group goes with the pod owning it.
    const podUids = new Set(api.store.list(pods).map(p => p.metadata.uid));
    for (const group of api.store.list(s.podGroups)) {
      const owner = group.metadata.ownerReferences?.find(r => r.kind === 'Pod');
      if (owner && !podUids.has(owner.uid)) {
        api.controllerRemove(
          s.podGroups,
          group.metadata.namespace,
          group.metadata.name,
        );
      }
    }

    const members = new Map<string, KubeObject[]>();
    for (const pod of api.store
      .list(pods)
      .filter(p => (p.spec as Obj)?.schedulerName === s.schedulerName)) {
      const group = pod.metadata.annotations?.[s.groupAnnotation];
      if (!group) continue;
      const key = `${pod.metadata.namespace}/${group}`;
      members.set(key, [...(members.get(key) ?? []), pod]);
    }
    const queues = new Map(
      api.store.list(s.queues).map(q => [q.metadata.name, q as Obj]),
    );
    // GPUs held per queue by running and enqueued groups, for Volcano's enqueue.
    const held = new Map<string, Record<string, number>>();
    const hold = (queue: string, gpus: Record<string, number>) => {
      for (const name of [
        queue,
        queues.get(queue) && s.parentOf(queues.get(queue)!),
      ]) {
        if (!name) continue;
        const h = held.get(name) ?? {};
        for (const [r, n] of Object.entries(gpus)) h[r] = (h[r] ?? 0) + n;
        held.set(name, h);
      }
    };
    /** The queue (the group's or its parent) without room for the GPUs, if any. */
    const short = (queue: string, gpus: Record<string, number>) => {
      const parent = queues.get(queue) && s.parentOf(queues.get(queue)!);
      return [queue, parent].find(name => {
        if (!name) return false;
        const q = queues.get(name);
        if (!q) return false;
        return Object.entries(gpus).some(([r, n]) => {
          const limit = s.limitOf(q, r);
          return limit !== undefined && (held.get(name)?.[r] ?? 0) + n > limit;
        });
      });
    };

    const groups = api.store.list(s.podGroups).map(group => {
      const all =
        members.get(`${group.metadata.namespace}/${group.metadata.name}`) ?? [];
      const live = all.filter(p => !isTerminal(p));
      const bound = live.filter(p => (p.spec as Obj)?.nodeName);
      return { group, pods: all, live, bound };
    });
    // Running groups hold their GPUs first; the others are taken in
    // priority order, then by creation time.
    const priority = (of: KubeObject[]) =>
      Math.max(0, ...of.map(p => Number((p.spec as Obj)?.priority ?? 0)));
    const minMember = (g: KubeObject) =>
      Number((g.spec as Obj)?.minMember ?? 1);
    for (const g of groups) {
      if (g.bound.length && g.bound.length >= minMember(g.group))
        hold(String((g.group.spec as Obj)?.queue), gpuRequests(g.bound));
    }
    const ordered = [...groups].sort(
      (a, b) =>
        priority(b.live) - priority(a.live) ||
        String(a.group.metadata.creationTimestamp).localeCompare(
          String(b.group.metadata.creationTimestamp),
        ) ||
        a.group.metadata.name.localeCompare(b.group.metadata.name),
    );
    for (const g of ordered) {
      const queue = String((g.group.spec as Obj)?.queue ?? '');
      const counts = {
        running: g.bound.length,
        failed: g.pods.filter(p => (p.status as Obj)?.phase === 'Failed')
          .length,
      };
      const message = unschedulableMessage(
        g.live.filter(p => !(p.spec as Obj)?.nodeName),
      );
      let status: Obj;
      if (s.name === 'volcano') {
        const running =
          g.bound.length > 0 && g.bound.length >= minMember(g.group);
        let phase: string;
        let reason: string | undefined;
        if (running) phase = 'Running';
        else if (g.pods.length > 0 && g.live.length === 0) phase = 'Completed';
        else {
          const gpus = gpuRequests(g.live);
          const full = short(queue, gpus);
          if (!full) {
            phase = 'Inqueue';
            hold(queue, gpus);
          } else {
            phase = 'Pending';
            reason = `queue ${full} resource quota insufficient`;
          }
        }
        const why = reason ?? (phase === 'Inqueue' ? message : undefined);
        status = {
          phase,
          ...counts,
          succeeded: g.pods.filter(
            p => (p.status as Obj)?.phase === 'Succeeded',
          ).length,
          ...(why
            ? {
                conditions: [
                  {
                    type: 'Unschedulable',
                    status: 'True',
                    reason: reason ? 'NotEnoughResources' : 'Unschedulable',
                    message: why,
                    transitionID: g.group.metadata.uid,
                  },
                ],
              }
            : {}),
        };
      } else {
        status = {
          ...counts,
          pending: g.live.length - g.bound.length,
          ...(message
            ? {
                schedulingConditions: [
                  {
                    type: 'Unschedulable',
                    nodePool: 'default',
                    reason: 'Unschedulable',
                    message,
                    transitionID: g.group.metadata.uid,
                  },
                ],
              }
            : {}),
        };
      }
      api.controllerUpdateStatus(s.podGroups, { ...g.group, status });
    }
  };

  const reconciler = new Reconciler('podgroups', () => {
    for (const scheduler of SCHEDULERS) reconcile(scheduler);
  });
  const stops = [pods, ...SCHEDULERS.flatMap(s => [s.podGroups, s.queues])].map(
    type => api.store.watch(type, undefined, () => reconciler.enqueue('all')),
  );
  reconciler.enqueue('all');
  return () => {
    reconciler.stop();
    stops.forEach(stop => stop());
  };
}
