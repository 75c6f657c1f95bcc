import { AdmissionCheck, KubernetesApi } from '../../KubernetesApi';
import { clone } from '../../patch';
import { formatQuantity, parseQuantity } from '../../quantity';
import { findResourceByKind } from '../../resources';
import { KubeObject } from '../../types';
import { Reconciler } from '../Reconciler';
import { recordEvent } from '../recordEvent';
import {
  Holder,
  QueueQuotas,
  Usage,
  addUsage,
  assignFlavors,
  FlavorSelector,
  reclaimPlan,
  usageKey,
} from './cohortQuota';
import { queueQuotasOf } from './readQueues';
import {
  QUEUE_NAME_LABEL,
  workloadOfJob,
  workloadRequests,
} from './workloadOfJob';
import {
  admittedStatus,
  finishedStatus,
  hasCondition,
  pendingStatus,
  preemptedStatus,
  trueSince,
  withCondition,
} from './workloadStatus';

type Obj = Record<string, any>;

const VERSION = 'v1beta2';
const MANAGER = 'kueue';

/**
 * Kueue's job webhook: a Job sent to a LocalQueue is created suspended, so
 * it starts only when admitted.
 */
export function kueueJobSuspension(): AdmissionCheck {
  return ({ operation, type, object }) => {
    if (operation !== 'CREATE' || type.kind !== 'Job') return;
    if (!object.metadata.labels?.[QUEUE_NAME_LABEL]) return;
    (object.spec as Obj).suspend = true;
  };
}

function jobOutcome(job: KubeObject): 'Complete' | 'Failed' | undefined {
  if (hasCondition(job, 'Complete')) return 'Complete';
  if (hasCondition(job, 'Failed')) return 'Failed';
  return undefined;
}

/**
 * The flavors a Workload's pods may run on: a flavor whose node labels the
 * pods' `nodeSelector` contradicts is skipped, as Kueue's flavor assigner
 * does (only the flavor's label keys are compared).
 */
function flavorSelector(
  workload: KubeObject,
  nodeLabelsOf: Map<string, Record<string, string>>,
): FlavorSelector {
  const podSpec = (workload.spec as Obj).podSets?.[0]?.template?.spec ?? {};
  const selector = (podSpec.nodeSelector ?? {}) as Record<string, string>;
  return flavor =>
    Object.entries(nodeLabelsOf.get(flavor) ?? {}).every(
      ([key, value]) => selector[key] === undefined || selector[key] === value,
    );
}

/**
 * Kueue for the cases the portal uses: a Workload per queued Job, admitted
 * in priority and FIFO order against its ClusterQueue's quota and its
 * cohort's unused quota (borrowing and lending limits), borrowed quota taken
 * back by preemption (`reclaimWithinCohort`), the Job unsuspended with its
 * flavor's node labels, and the queues' usage in their status.
 */
export function startKueueController(api: KubernetesApi): () => void {
  const jobs = findResourceByKind('batch/v1', 'Job')!;
  const kueue = (kind: string) =>
    findResourceByKind(`kueue.x-k8s.io/${VERSION}`, kind)!;
  const workloads = kueue('Workload');
  const clusterQueues = kueue('ClusterQueue');
  const localQueues = kueue('LocalQueue');
  const flavors = kueue('ResourceFlavor');

  const jobOf = (workload: KubeObject) => {
    const owner = workload.metadata.ownerReferences?.find(
      r => r.kind === 'Job',
    );
    const job =
      owner && api.store.get(jobs, workload.metadata.namespace, owner.name);
    return job && job.metadata.uid === owner!.uid ? job : undefined;
  };

  const setStatus = (workload: KubeObject, status: Obj) =>
    api.controllerUpdateStatus(workloads, { ...workload, status });

  /** The Job as Kueue leaves it: suspended, or running on its flavors' nodes. */
  const steerJob = (
    workload: KubeObject,
    suspend: boolean,
    nodeLabels: Record<string, string> = {},
  ) => {
    const job = jobOf(workload);
    if (!job) return;
    const next = clone(job) as KubeObject & { spec: Obj };
    const original = (workload.spec as Obj).podSets?.[0]?.template?.spec;
    next.spec.suspend = suspend;
    next.spec.template = next.spec.template ?? {};
    next.spec.template.spec = {
      ...next.spec.template.spec,
      nodeSelector: { ...original?.nodeSelector, ...nodeLabels },
    };
    if (!Object.keys(next.spec.template.spec.nodeSelector).length)
      delete next.spec.template.spec.nodeSelector;
    if (JSON.stringify(next.spec) !== JSON.stringify(job.spec))
      api.controllerWrite(jobs, next, MANAGER);
  };

  /** Workloads for queued Jobs, finished with their Jobs, gone with them. */
  const syncWorkloads = () => {
    const byJob = new Map<string, KubeObject>();
    for (const w of api.store.list(workloads)) {
      const job = jobOf(w);
      if (!job) {
        api.delete(workloads, VERSION, w.metadata.namespace, w.metadata.name);
        continue;
      }
      byJob.set(job.metadata.uid!, w);
    }
    for (const job of api.store.list(jobs)) {
      if (!job.metadata.labels?.[QUEUE_NAME_LABEL]) continue;
      const outcome = jobOutcome(job);
      let workload = byJob.get(job.metadata.uid!);
      if (!workload) {
        if (outcome) continue;
        workload = api.create(
          workloads,
          VERSION,
          job.metadata.namespace,
          workloadOfJob(job),
          { fieldManager: MANAGER },
        );
      }
      if (outcome && !hasCondition(workload, 'Finished'))
        setStatus(workload, finishedStatus(workload, outcome === 'Failed'));
    }
  };

  const holderOf = (workload: KubeObject): Holder | undefined => {
    const admission = (workload.status as Obj)?.admission;
    if (!admission || !hasCondition(workload, 'QuotaReserved'))
      return undefined;
    const assignment = admission.podSetAssignments?.[0] ?? {};
    return {
      key: `${workload.metadata.namespace}/${workload.metadata.name}`,
      queue: admission.clusterQueue,
      priority: (workload.spec as Obj).priority ?? 0,
      admittedAt: trueSince(workload, 'QuotaReserved'),
      usage: Object.entries(assignment.flavors ?? {}).map(
        ([resource, flavor]) => ({
          flavor: flavor as string,
          resource,
          amount: parseQuantity(assignment.resourceUsage?.[resource] ?? 0),
        }),
      ),
    };
  };

  const admitPending = (queues: QueueQuotas[]) => {
    const byName = new Map(queues.map(q => [q.name, q]));
    const clusterQueueOf = new Map(
      api.store
        .list(localQueues)
        .map(lq => [
          `${lq.metadata.namespace}/${lq.metadata.name}`,
          (lq.spec as Obj)?.clusterQueue as string,
        ]),
    );
    const nodeLabelsOf = new Map(
      api.store
        .list(flavors)
        .map(f => [f.metadata.name, (f.spec as Obj)?.nodeLabels ?? {}]),
    );
    const live = api.store
      .list(workloads)
      .filter(w => !hasCondition(w, 'Finished'));
    const byKey = new Map(
      live.map(w => [`${w.metadata.namespace}/${w.metadata.name}`, w]),
    );
    const usage: Usage = new Map();
    const holders: Holder[] = [];
    for (const w of live) {
      const holder = holderOf(w);
      if (!holder) continue;
      holders.push(holder);
      addUsage(usage, holder);
    }
    const pending = live
      .filter(w => !holderOf(w) && (w.spec as Obj).active !== false)
      .sort(
        (a, b) =>
          ((b.spec as Obj).priority ?? 0) - ((a.spec as Obj).priority ?? 0) ||
          Date.parse(a.metadata.creationTimestamp!) -
            Date.parse(b.metadata.creationTimestamp!),
      );
    const blocked = new Set<string>();
    for (const workload of pending) {
      const queueName = (workload.spec as Obj).queueName as string;
      const cqName = clusterQueueOf.get(
        `${workload.metadata.namespace}/${queueName}`,
      );
      const queue = cqName ? byName.get(cqName) : undefined;
      if (!cqName || !queue) {
        setStatus(
          workload,
          pendingStatus(
            workload,
            cqName
              ? `ClusterQueue ${cqName} doesn't exist`
              : `LocalQueue ${queueName} doesn't exist`,
          ),
        );
        continue;
      }
      // StrictFIFO (the default): nothing passes a head that waits.
      if (blocked.has(queue.name)) continue;
      const request = workloadRequests(workload);
      const priority = (workload.spec as Obj).priority ?? 0;
      const selects = flavorSelector(workload, nodeLabelsOf);
      let fit = assignFlavors(queue, request, usage, queues, selects);
      if (!fit.fits) {
        const victims = reclaimPlan(
          queue,
          request,
          priority,
          usage,
          queues,
          holders,
          selects,
        );
        for (const victim of victims ?? []) {
          const evicted = byKey.get(victim.key)!;
          setStatus(evicted, preemptedStatus(evicted, workload));
          steerJob(evicted, true);
          recordEvent(api, {
            object: evicted,
            type: 'Normal',
            reason: 'Preempted',
            message: `Preempted to accommodate a workload (UID: ${workload.metadata.uid}) due to reclamation within the cohort`,
            component: 'kueue-admission',
          });
          addUsage(usage, victim, -1);
          holders.splice(holders.indexOf(victim), 1);
        }
        if (victims)
          fit = assignFlavors(queue, request, usage, queues, selects);
      }
      if (!fit.fits) {
        setStatus(
          workload,
          pendingStatus(
            workload,
            `couldn't assign flavors to pod set main: ${fit.message}`,
          ),
        );
        if (queue.strictFifo) blocked.add(queue.name);
        continue;
      }
      const admitted = setStatus(
        workload,
        admittedStatus(workload, queue.name, fit.flavors, request),
      );
      const holder = admitted && holderOf(admitted);
      if (holder) {
        holders.push(holder);
        addUsage(usage, holder);
      }
      const labels = Object.assign(
        {},
        ...Object.values(fit.flavors).map(f => nodeLabelsOf.get(f) ?? {}),
      );
      steerJob(workload, false, labels);
      recordEvent(api, {
        object: workload,
        type: 'Normal',
        reason: 'QuotaReserved',
        message: `Quota reserved in ClusterQueue ${queue.name}${
          fit.borrows ? ', borrowing from the cohort' : ''
        }`,
        component: 'kueue-admission',
      });
    }
    const holding = new Set(holders.map(h => h.key));
    return {
      usage,
      holders,
      pending: pending.filter(
        w => !holding.has(`${w.metadata.namespace}/${w.metadata.name}`),
      ),
    };
  };

  /** Each queue's usage and counts, as Kueue reports them in its status. */
  const writeQueueStatuses = (
    queues: QueueQuotas[],
    usage: Usage,
    holders: Holder[],
    pending: KubeObject[],
  ) => {
    const clusterQueueOfPending = (w: KubeObject) => {
      const lq = api.store.get(
        localQueues,
        w.metadata.namespace,
        (w.spec as Obj).queueName,
      );
      return (lq?.spec as Obj)?.clusterQueue as string | undefined;
    };
    for (const queue of queues) {
      const cq = api.store.get(clusterQueues, undefined, queue.name);
      if (!cq) continue;
      const flavorsUsage = queue.groups.flatMap(group =>
        group.flavors.map(flavor => ({
          name: flavor.name,
          resources: Object.entries(flavor.resources).map(([name, quota]) => {
            const total =
              usage.get(usageKey(queue.name, flavor.name, name)) ?? 0;
            return {
              name,
              total: formatQuantity(total),
              borrowed: formatQuantity(Math.max(0, total - quota.nominal)),
            };
          }),
        })),
      );
      const admitted = holders.filter(h => h.queue === queue.name).length;
      const status = cq.status as Obj | undefined;
      api.controllerUpdateStatus(clusterQueues, {
        ...cq,
        status: {
          ...status,
          flavorsReservation: flavorsUsage,
          flavorsUsage,
          pendingWorkloads: pending.filter(
            w => clusterQueueOfPending(w) === queue.name,
          ).length,
          reservingWorkloads: admitted,
          admittedWorkloads: admitted,
          conditions: withCondition(status?.conditions, {
            type: 'Active',
            status: 'True',
            reason: 'Ready',
            message: 'Can admit new workloads',
          }),
        },
      });
    }
  };

  const reconciler = new Reconciler('kueue', () => {
    syncWorkloads();
    const queues = api.store.list(clusterQueues).map(queueQuotasOf);
    const { usage, holders, pending } = admitPending(queues);
    writeQueueStatuses(queues, usage, holders, pending);
  });
  const enqueue = () => reconciler.enqueue('cluster');
  const stops = [jobs, workloads, clusterQueues, localQueues, flavors].map(
    type => api.store.watch(type, undefined, enqueue),
  );
  enqueue();
  return () => {
    reconciler.stop();
    stops.forEach(stop => stop());
  };
}
