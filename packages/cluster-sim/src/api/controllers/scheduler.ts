import { KubernetesApi } from '../KubernetesApi';
import { parseQuantity } from '../quantity';
import { isGpuResource, isTerminal, podRequests } from '../podResources';
import { findResourceByKind } from '../resources';
import { KubeObject } from '../types';
import { GpuAllocator, GpuAssignment } from './GpuAllocator';
import { PlacedPod } from './overQuota/OverQuota';
import { QueuedAsk, QueueSharing } from './overQuota/QueueSharing';
import { Reconciler } from './Reconciler';
import { recordEvent } from './recordEvent';

/** Annotation: the pod's containers exit 0 after this many seconds (training that ends). */
export const RUN_SECONDS_ANNOTATION = 'cluster-sim.ai-platform.io/run-seconds';

/**
 * Annotation for seeded demo workloads: when the pod started, so the fleet
 * looks as if it had been running for days (GPU metrics history needs that).
 */
export const STARTED_AT_ANNOTATION = 'cluster-sim.ai-platform.io/started-at';

type Obj = Record<string, any>;

function timestamp(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function condition(type: string, status: 'True' | 'False', extra: Obj = {}) {
  return {
    type,
    status,
    lastProbeTime: null,
    lastTransitionTime: timestamp(),
    ...extra,
  };
}

function nodeReady(node: KubeObject): boolean {
  const conditions = ((node.status as Obj)?.conditions ?? []) as Obj[];
  return (
    !(node.spec as Obj)?.unschedulable &&
    conditions.some(c => c.type === 'Ready' && c.status === 'True')
  );
}

function qosClass(pod: KubeObject): string {
  const containers = ((pod.spec as Obj)?.containers ?? []) as Obj[];
  const all = containers.every(
    c =>
      c.resources?.limits?.cpu !== undefined &&
      c.resources?.limits?.memory !== undefined &&
      (c.resources?.requests?.cpu ?? c.resources.limits.cpu) ===
        c.resources.limits.cpu &&
      (c.resources?.requests?.memory ?? c.resources.limits.memory) ===
        c.resources.limits.memory,
  );
  if (all && containers.length) return 'Guaranteed';
  const any = containers.some(
    c =>
      c.resources?.requests?.cpu ||
      c.resources?.requests?.memory ||
      c.resources?.limits?.cpu ||
      c.resources?.limits?.memory,
  );
  return any ? 'Burstable' : 'BestEffort';
}

/** The pod IP the scheduler gave as its n-th: `10.244.<n / 250>.<n % 250 + 2>`. */
function podIpIndex(pod: KubeObject): number {
  const match = /^10\.244\.(\d+)\.(\d+)$/.exec(
    String((pod.status as Obj)?.podIP ?? ''),
  );
  return match ? Number(match[1]) * 250 + Number(match[2]) - 2 : -1;
}

/**
 * The scheduler and kubelets of the simulated cluster: binds pending pods to
 * nodes with room (CPU, memory, pod count and GPU devices), starts them, ends
 * pods that were given a run time, and reports pods that cannot be placed as
 * `Unschedulable` with the scheduler's message.
 *
 * Pods already running when it starts (a fleet restored from its state file)
 * are taken back as a restarted kubelet would: they keep their devices
 * (`assignments`, the device plugin's checkpoint) and the rest of their run
 * time.
 */
export function startScheduler(
  api: KubernetesApi,
  allocator: GpuAllocator,
  options: { assignments?: GpuAssignment[] } = {},
): () => void {
  const pods = findResourceByKind('v1', 'Pod')!;
  const nodes = findResourceByKind('v1', 'Node')!;
  const timers = new Set<NodeJS.Timeout>();
  const reconciler = new Reconciler('scheduler');
  const reportedUnschedulable = new Set<string>();
  let nextIp = 0;

  const used = (nodeName: string): Record<string, number> => {
    const totals: Record<string, number> = { pods: 0 };
    for (const pod of api.store.list(pods)) {
      if ((pod.spec as Obj)?.nodeName !== nodeName || isTerminal(pod)) continue;
      totals.pods += 1;
      for (const [name, value] of Object.entries(podRequests(pod))) {
        totals[name] = (totals[name] ?? 0) + value;
      }
    }
    return totals;
  };

  const whyNot = (node: KubeObject, pod: KubeObject): string | undefined => {
    if (!nodeReady(node))
      return 'node(s) had untolerated taint {node.kubernetes.io/unschedulable: }';
    const selector = ((pod.spec as Obj)?.nodeSelector ?? {}) as Record<
      string,
      string
    >;
    const labels = node.metadata.labels ?? {};
    if (Object.entries(selector).some(([k, v]) => labels[k] !== v)) {
      return "node(s) didn't match Pod's node affinity/selector";
    }
    const allocatable = ((node.status as Obj)?.allocatable ?? {}) as Record<
      string,
      string
    >;
    const inUse = used(node.metadata.name);
    const requests = { ...podRequests(pod), pods: 1 };
    for (const [name, value] of Object.entries(requests)) {
      if (value === 0) continue;
      const capacity =
        allocatable[name] !== undefined ? parseQuantity(allocatable[name]) : 0;
      if ((inUse[name] ?? 0) + value > capacity) {
        return name === 'pods' ? 'Too many pods' : `Insufficient ${name}`;
      }
    }
    if (!allocator.fits(node.metadata.name, pod)) {
      const gpu = Object.keys(requests).find(isGpuResource);
      return `Insufficient ${gpu}`;
    }
    return undefined;
  };

  const finish = (pod: KubeObject) => {
    const current = api.store.get(
      pods,
      pod.metadata.namespace,
      pod.metadata.name,
    );
    if (!current || isTerminal(current)) return;
    const finished = timestamp();
    const status = current.status as Obj;
    status.phase = 'Succeeded';
    status.conditions = (status.conditions as Obj[]).map(c =>
      c.type === 'Ready' || c.type === 'ContainersReady'
        ? {
            ...c,
            status: 'False',
            reason: 'PodCompleted',
            lastTransitionTime: finished,
          }
        : c,
    );
    status.containerStatuses = (status.containerStatuses as Obj[]).map(c => ({
      ...c,
      ready: false,
      started: false,
      state: {
        terminated: {
          exitCode: 0,
          reason: 'Completed',
          startedAt: c.state?.running?.startedAt,
          finishedAt: finished,
          containerID: c.containerID,
        },
      },
    }));
    api.controllerUpdateStatus(pods, current);
    allocator.release(current.metadata.uid!);
    reconciler.enqueue('pending');
  };

  const finishAfter = (pod: KubeObject, ms: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      finish(pod);
    }, Math.max(0, ms));
    timers.add(timer);
  };

  const start = (pod: KubeObject, node: KubeObject) => {
    allocator.allocate(node.metadata.name, pod);
    const spec = pod.spec as Obj;
    spec.nodeName = node.metadata.name;
    const n = nextIp++;
    const startedAt = Date.parse(
      pod.metadata.annotations?.[STARTED_AT_ANNOTATION] ?? '',
    );
    const started = timestamp(
      Number.isNaN(startedAt) ? new Date() : new Date(startedAt),
    );
    const hostIP = ((node.status as Obj)?.addresses ?? []).find(
      (a: Obj) => a.type === 'InternalIP',
    )?.address;
    pod.status = {
      phase: 'Running',
      conditions: [
        condition('PodReadyToStartContainers', 'True'),
        condition('Initialized', 'True'),
        condition('Ready', 'True'),
        condition('ContainersReady', 'True'),
        condition('PodScheduled', 'True'),
      ],
      hostIP,
      hostIPs: hostIP ? [{ ip: hostIP }] : undefined,
      podIP: `10.244.${Math.floor(n / 250)}.${(n % 250) + 2}`,
      podIPs: [{ ip: `10.244.${Math.floor(n / 250)}.${(n % 250) + 2}` }],
      startTime: started,
      qosClass: qosClass(pod),
      containerStatuses: ((spec.containers ?? []) as Obj[]).map(c => ({
        name: c.name,
        image: c.image ?? '',
        imageID: `${c.image ?? ''}@sha256:${'0'.repeat(64)}`,
        containerID: `containerd://${pod.metadata.uid!.replace(/-/g, '')}${
          c.name
        }`.slice(0, 77),
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: started } },
        lastState: {},
      })),
    };
    const written = api.controllerWrite(pods, pod, 'kube-scheduler');
    if (!written) return;
    allocator.refresh(written);
    recordEvent(api, {
      object: written,
      type: 'Normal',
      reason: 'Scheduled',
      message: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node.metadata.name}`,
      component: 'default-scheduler',
    });
    recordEvent(api, {
      object: written,
      type: 'Normal',
      reason: 'Started',
      message: `Started container ${spec.containers?.[0]?.name ?? ''}`,
      component: 'kubelet',
    });
    const seconds = Number(pod.metadata.annotations?.[RUN_SECONDS_ANNOTATION]);
    if (seconds > 0) finishAfter(written, seconds * 1000);
  };

  /** Takes back the pods that were running before a restart. */
  const adoptRunning = () => {
    const saved = new Map((options.assignments ?? []).map(a => [a.podUid, a]));
    const all = api.store.list(pods);
    for (const pod of all) nextIp = Math.max(nextIp, podIpIndex(pod) + 1);
    const running = all
      .filter(p => !isTerminal(p) && (p.status as Obj)?.phase === 'Running')
      // Pods with saved devices first, so none of theirs goes to another pod.
      .sort(
        (a, b) =>
          Number(saved.has(b.metadata.uid!)) -
            Number(saved.has(a.metadata.uid!)) ||
          (a.metadata.creationTimestamp ?? '').localeCompare(
            b.metadata.creationTimestamp ?? '',
          ),
      );
    for (const pod of running) {
      const nodeName = (pod.spec as Obj)?.nodeName as string | undefined;
      if (nodeName)
        allocator.adopt(nodeName, pod, saved.get(pod.metadata.uid!));
      const seconds = Number(
        pod.metadata.annotations?.[RUN_SECONDS_ANNOTATION],
      );
      if (seconds > 0) {
        // The run time counts from when the pod was scheduled, not from the restart.
        const scheduled = ((pod.status as Obj)?.conditions ?? []).find(
          (c: Obj) => c.type === 'PodScheduled',
        )?.lastTransitionTime;
        const since = Date.parse(scheduled ?? '');
        finishAfter(
          pod,
          seconds * 1000 - (Number.isNaN(since) ? 0 : Date.now() - since),
        );
      }
    }
  };

  const nodesMessage = (reasons: string[]) => {
    const counts = new Map<string, number>();
    for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    const detail = [...counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([r, n]) => `${n} ${r}`)
      .join(', ');
    const total = reasons.length;
    return `0/${total} nodes are available: ${detail}. preemption: 0/${total} nodes are available: ${total} No preemption victims found for incoming pod.`;
  };

  /**
   * Takes a running pod off its node for a queue that reclaims its GPUs: it
   * goes back to Pending (standing in for its workload's controller making
   * it again), with a `DisruptionTarget` condition and an `Evicted` event
   * saying why.
   */
  const evict = (victim: PlacedPod, ask: QueuedAsk, reclaimer: KubeObject) => {
    const current = api.store.get(pods, victim.namespace, victim.name);
    if (!current || isTerminal(current)) return;
    allocator.release(current.metadata.uid!);
    reportedUnschedulable.delete(current.metadata.uid!);
    const message = `${ask.scheduler} reclaimed ${victim.gpus} ${ask.resource} that queue ${victim.queue} used above its quota, for queue ${ask.queue} (pod ${reclaimer.metadata.namespace}/${reclaimer.metadata.name}), which is below its quota`;
    delete (current.spec as Obj).nodeName;
    current.status = {
      phase: 'Pending',
      conditions: [
        condition('PodScheduled', 'False', {
          reason: 'Unschedulable',
          message,
        }),
        condition('DisruptionTarget', 'True', {
          reason: 'PreemptionByScheduler',
          message,
        }),
      ],
    };
    const written = api.controllerWrite(pods, current, 'kube-scheduler');
    if (!written) return;
    recordEvent(api, {
      object: written,
      type: 'Warning',
      reason: 'Evicted',
      message,
      component: ask.scheduler === 'Volcano' ? 'volcano' : 'kai-scheduler',
    });
  };

  const markUnschedulable = (pod: KubeObject, message: string) => {
    const status = (pod.status ?? {}) as Obj;
    const existing = ((status.conditions ?? []) as Obj[]).find(
      c => c.type === 'PodScheduled',
    );
    if (existing?.message === message) return;
    status.phase = 'Pending';
    // An eviction's DisruptionTarget stays to say why the pod waits again.
    status.conditions = [
      ...((status.conditions ?? []) as Obj[]).filter(
        c => c.type === 'DisruptionTarget',
      ),
      condition('PodScheduled', 'False', { reason: 'Unschedulable', message }),
    ];
    pod.status = status;
    const written = api.controllerUpdateStatus(pods, pod);
    if (written && !reportedUnschedulable.has(pod.metadata.uid!)) {
      reportedUnschedulable.add(pod.metadata.uid!);
      recordEvent(api, {
        object: written,
        type: 'Warning',
        reason: 'FailedScheduling',
        message,
        component: 'default-scheduler',
      });
    }
  };

  reconciler.setReconcile(() => {
    const sharing = new QueueSharing(api);
    const allNodes = api.store.list(nodes).filter(n => n.metadata.name);
    const pending = api.store
      .list(pods)
      .filter(p => !isTerminal(p) && (p.status as Obj)?.phase !== 'Running')
      .sort((a, b) =>
        (a.metadata.creationTimestamp ?? '').localeCompare(
          b.metadata.creationTimestamp ?? '',
        ),
      );
    for (const pod of pending) {
      const preset = (pod.spec as Obj)?.nodeName as string | undefined;
      const candidates = preset
        ? allNodes.filter(n => n.metadata.name === preset)
        : allNodes;
      const reasons: string[] = [];
      const findNode = () =>
        candidates.find(n => {
          const reason = whyNot(n, pod);
          if (reason) reasons.push(reason);
          return !reason;
        });
      // KAI's and Volcano's pods run only within their queues' limits.
      const ask = sharing.askOf(pod);
      const blocker = ask && ask.model.limitBlocker(ask);
      let node = blocker ? undefined : findNode();
      if (!node && ask) {
        // Their reclaim: pods of queues above their quota make room.
        const freedOn = (evicted: PlacedPod[], nodeName: string) =>
          evicted
            .filter(
              v =>
                (api.store.get(pods, v.namespace, v.name)?.spec as Obj)
                  ?.nodeName === nodeName,
            )
            .reduce((sum, v) => sum + v.gpus, 0);
        const victims = ask.model.reclaimFor(ask, evicted =>
          candidates.some(n => {
            const reason = whyNot(n, pod);
            if (!reason) return true;
            return (
              reason === `Insufficient ${ask.resource}` &&
              (allocator.free(n.metadata.name)[ask.resource] ?? 0) +
                freedOn(evicted, n.metadata.name) >=
                ask.gpus
            );
          }),
        );
        if (victims) {
          for (const victim of victims) evict(victim, ask, pod);
          reasons.length = 0;
          node = findNode();
        }
      }
      if (node) {
        start(pod, node);
        sharing.placed(pod);
      } else if (blocker && !reasons.length) {
        markUnschedulable(
          pod,
          `${ask!.scheduler}: queue ${blocker.name} has no room for ${
            ask!.gpus
          } ${ask!.resource}: its limit is ${
            blocker.limit
          } and ${ask!.model.usedBy(blocker.name)} are in use`,
        );
      } else {
        markUnschedulable(
          pod,
          nodesMessage(reasons.length ? reasons : ['node(s) were unavailable']),
        );
      }
    }
  });

  const stopNodes = api.store.watch(nodes, undefined, event => {
    if (event.type === 'DELETED')
      allocator.removeNode(event.object.metadata.name);
    else allocator.registerNode(event.object);
    reconciler.enqueue('pending');
  });
  for (const node of api.store.list(nodes)) allocator.registerNode(node);
  adoptRunning();
  const stopPods = api.store.watch(pods, undefined, event => {
    const pod = event.object;
    if (event.type === 'DELETED' || isTerminal(pod)) {
      allocator.release(pod.metadata.uid!);
      reportedUnschedulable.delete(pod.metadata.uid!);
    } else {
      allocator.refresh(pod);
    }
    reconciler.enqueue('pending');
  });
  reconciler.enqueue('pending');
  return () => {
    reconciler.stop();
    stopNodes();
    stopPods();
    timers.forEach(clearTimeout);
  };
}
