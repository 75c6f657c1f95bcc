import { KubeObject } from '../../types';
import { FlavorAssignment } from './cohortQuota';

type Obj = Record<string, any>;

export interface Condition {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
  lastTransitionTime: string;
}

function timestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Conditions with one set; its transition time moves only when its status does. */
export function withCondition(
  conditions: Condition[] = [],
  next: Omit<Condition, 'lastTransitionTime'>,
): Condition[] {
  const previous = conditions.find(c => c.type === next.type);
  const unchanged =
    previous?.status === next.status &&
    previous.reason === next.reason &&
    previous.message === next.message;
  if (unchanged) return conditions;
  const lastTransitionTime =
    previous?.status === next.status
      ? previous.lastTransitionTime
      : timestamp();
  return [
    ...conditions.filter(c => c.type !== next.type),
    { ...next, lastTransitionTime },
  ];
}

export function hasCondition(object: KubeObject, type: string): boolean {
  return ((object.status as Obj)?.conditions ?? []).some(
    (c: Condition) => c.type === type && c.status === 'True',
  );
}

/** When the condition last became true, in ms (0 when it is not). */
export function trueSince(object: KubeObject, type: string): number {
  const found = ((object.status as Obj)?.conditions ?? []).find(
    (c: Condition) => c.type === type && c.status === 'True',
  );
  return found ? Date.parse(found.lastTransitionTime) : 0;
}

/** The status of a Workload admitted to a ClusterQueue with these flavors. */
export function admittedStatus(
  workload: KubeObject,
  clusterQueue: string,
  flavors: FlavorAssignment,
  request: Record<string, number>,
): Obj {
  const status = (workload.status ?? {}) as Obj;
  let conditions = withCondition(status.conditions, {
    type: 'QuotaReserved',
    status: 'True',
    reason: 'QuotaReserved',
    message: `Quota reserved in ClusterQueue ${clusterQueue}`,
  });
  conditions = withCondition(conditions, {
    type: 'Admitted',
    status: 'True',
    reason: 'Admitted',
    message: 'The workload is admitted',
  });
  conditions = conditions.filter(
    c => c.type !== 'Evicted' && c.type !== 'Preempted',
  );
  const podSet = ((workload.spec as Obj).podSets ?? [])[0] ?? {};
  return {
    ...status,
    conditions,
    admission: {
      clusterQueue,
      podSetAssignments: [
        {
          name: podSet.name ?? 'main',
          count: podSet.count ?? 1,
          flavors,
          resourceUsage: Object.fromEntries(
            Object.keys(flavors).map(r => [r, String(request[r])]),
          ),
        },
      ],
    },
  };
}

/** The status of a Workload waiting for quota, with Kueue's reason. */
export function pendingStatus(workload: KubeObject, message: string): Obj {
  const status = { ...((workload.status ?? {}) as Obj) };
  delete status.admission;
  let conditions = withCondition(status.conditions, {
    type: 'QuotaReserved',
    status: 'False',
    reason: 'Pending',
    message,
  });
  if (conditions.some(c => c.type === 'Admitted'))
    conditions = withCondition(conditions, {
      type: 'Admitted',
      status: 'False',
      reason: 'NoReservation',
      message: 'The workload has no reservation',
    });
  return { ...status, conditions };
}

/** The status of a Workload preempted to give quota back to its owner. */
export function preemptedStatus(workload: KubeObject, by: KubeObject): Obj {
  const status = { ...((workload.status ?? {}) as Obj) };
  delete status.admission;
  const message = `Preempted to accommodate a workload (UID: ${by.metadata.uid}) due to reclamation within the cohort`;
  let conditions = withCondition(status.conditions, {
    type: 'Evicted',
    status: 'True',
    reason: 'Preempted',
    message,
  });
  conditions = withCondition(conditions, {
    type: 'Preempted',
    status: 'True',
    reason: 'InCohortReclamation',
    message,
  });
  conditions = withCondition(conditions, {
    type: 'QuotaReserved',
    status: 'False',
    reason: 'Preempted',
    message,
  });
  conditions = withCondition(conditions, {
    type: 'Admitted',
    status: 'False',
    reason: 'NoReservation',
    message: 'The workload has no reservation',
  });
  return { ...status, conditions };
}

/** The status of a Workload whose Job finished: it no longer holds quota. */
export function finishedStatus(workload: KubeObject, failed: boolean): Obj {
  const status = (workload.status ?? {}) as Obj;
  return {
    ...status,
    conditions: withCondition(status.conditions, {
      type: 'Finished',
      status: 'True',
      reason: failed ? 'Failed' : 'Succeeded',
      message: failed ? 'Job failed' : 'Job finished successfully',
    }),
  };
}
