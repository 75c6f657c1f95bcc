import { GpuProvisioningConfig } from '../../config/GpuProvisioningConfig';
import { SchedulerConfig } from '../../config/schedulerConfig';
import { CohortTeam } from '../../kueue/teamClusterQueue';
import { quotaLimitOf } from '../../policy/quotaLimitOf';
import { GRANT_ANNOTATIONS, GRANT_LABELS, MANAGED_BY } from '../grantLabels';
import { GrantQueue, teamQueueName } from './grantQueue';
import { KAI_QUEUE_VERSION } from './kai';
import { VOLCANO_QUEUE_VERSION } from './volcano';

/** Annotation on a department's queue: the department's group ref. */
export const DEPARTMENT_ANNOTATION = 'ai-platform.io/department';

type Config = Pick<
  GpuProvisioningConfig,
  'gpuClasses' | 'defaultQuota' | 'teamQuotas'
> &
  Pick<SchedulerConfig, 'kai' | 'volcano'>;

/** A team's share in whole GPUs: KAI and Volcano count every class together. */
export interface TeamShare {
  member: CohortTeam;
  /** Its quota: the sum of its quotas of the classes counted. */
  quota: number;
  /** GPUs it may use above its quota; undefined: no limit of its own. */
  borrowingLimit?: number;
}

/**
 * The team's share over the given GPU classes (those the cluster has):
 * quota summed, borrowing limits (the team's, else the department's) summed,
 * unlimited when any counted class has none.
 */
export function teamShare(
  member: CohortTeam,
  config: Pick<GpuProvisioningConfig, 'defaultQuota' | 'teamQuotas'>,
  classIds: string[],
): TeamShare {
  const own = member.config.teams[member.team] ?? {};
  let quota = 0;
  let borrowing: number | undefined = 0;
  for (const id of classIds) {
    quota += quotaLimitOf(config, member.team, id);
    const limit = own.borrowingLimit?.[id] ?? member.config.borrowingLimit[id];
    borrowing =
      borrowing === undefined || limit === undefined
        ? undefined
        : borrowing + limit;
  }
  return {
    member,
    quota,
    ...(borrowing !== undefined ? { borrowingLimit: borrowing } : {}),
  };
}

const owned = (annotations: Record<string, string>) => ({
  labels: { [GRANT_LABELS.managedBy]: MANAGED_BY },
  annotations,
});

/** A department queue's name and ownership, whatever the scheduler. */
const departmentMetadata = (department: string, members: TeamShare[]) => ({
  name: department,
  ...owned({ [DEPARTMENT_ANNOTATION]: members[0].member.config.department }),
});

/** The department's queue name: its cohort name (the department's name as a DNS label). */
function departmentQueue(member: CohortTeam): string {
  return member.cohort;
}

const kaiResource = (quota: number, limit: number) => ({
  quota,
  limit,
  overQuotaWeight: 1,
});
const unlimited = { quota: -1, limit: -1, overQuotaWeight: 1 };

/**
 * KAI Scheduler queues of sharing departments: a department Queue holding
 * its teams' quotas (limit the same, so teams borrow only within their
 * department) and under it each team's Queue, the parent of the team's
 * grant queues: `gpu` quota the team's quota, limit quota plus borrowing
 * limit (-1 when unlimited: the department bounds it).
 */
export function kaiTeamQueues(
  shares: TeamShare[],
  config: Pick<Config, 'kai'>,
): GrantQueue[] {
  return [
    ...departmentsOf(shares).map(([department, members]) => {
      const total = members.reduce((sum, s) => sum + s.quota, 0);
      return {
        apiVersion: KAI_QUEUE_VERSION,
        kind: 'Queue',
        metadata: departmentMetadata(department, members),
        spec: {
          resources: {
            gpu: kaiResource(total, total),
            cpu: unlimited,
            memory: unlimited,
          },
        },
      } as GrantQueue;
    }),
    ...shares.map(
      share =>
        ({
          apiVersion: KAI_QUEUE_VERSION,
          kind: 'Queue',
          metadata: {
            name: teamQueueName(
              config.kai.parentQueueTemplate,
              share.member.teamName,
              'gpuProvisioning.kai.parentQueueTemplate',
            ),
            ...owned({ [GRANT_ANNOTATIONS.team]: share.member.team }),
          },
          spec: {
            parentQueue: departmentQueue(share.member),
            resources: {
              gpu: kaiResource(
                share.quota,
                share.borrowingLimit === undefined
                  ? -1
                  : share.quota + share.borrowingLimit,
              ),
              cpu: unlimited,
              memory: unlimited,
            },
          },
        } as GrantQueue),
    ),
  ];
}

/** The team's Volcano queue name: `volcano.parentQueueTemplate`, `{team}` by default for sharing teams. */
export function volcanoTeamQueueName(
  config: Pick<Config, 'volcano'>,
  teamName: string,
): string {
  return teamQueueName(
    config.volcano.parentQueueTemplate ?? '{team}',
    teamName,
    'gpuProvisioning.volcano.parentQueueTemplate',
  );
}

const GPU = 'nvidia.com/gpu';

/**
 * Volcano queues of sharing departments (hierarchical queues): a department
 * Queue whose guarantee, deserved and capability are its teams' quotas, and
 * under it each team's Queue: guarantee and deserved the team's quota,
 * capability quota plus borrowing limit (none when unlimited), reclaimable
 * unless the department's `reclaimWithinCohort` is `Never`.
 */
export function volcanoTeamQueues(
  shares: TeamShare[],
  config: Pick<Config, 'volcano'>,
): GrantQueue[] {
  const gpus = (n: number) => ({ [GPU]: String(n) });
  return [
    ...departmentsOf(shares).map(([department, members]) => {
      const total = members.reduce((sum, s) => sum + s.quota, 0);
      return {
        apiVersion: VOLCANO_QUEUE_VERSION,
        kind: 'Queue',
        metadata: departmentMetadata(department, members),
        spec: {
          guarantee: { resource: gpus(total) },
          deserved: gpus(total),
          capability: gpus(total),
          weight: 1,
        },
      } as GrantQueue;
    }),
    ...shares.map(
      share =>
        ({
          apiVersion: VOLCANO_QUEUE_VERSION,
          kind: 'Queue',
          metadata: {
            name: volcanoTeamQueueName(config, share.member.teamName),
            ...owned({ [GRANT_ANNOTATIONS.team]: share.member.team }),
          },
          spec: {
            parent: departmentQueue(share.member),
            guarantee: { resource: gpus(share.quota) },
            deserved: gpus(share.quota),
            ...(share.borrowingLimit !== undefined
              ? { capability: gpus(share.quota + share.borrowingLimit) }
              : {}),
            reclaimable: share.member.config.reclaimWithinCohort !== 'Never',
            weight: 1,
          },
        } as GrantQueue),
    ),
  ];
}

function departmentsOf(shares: TeamShare[]): Array<[string, TeamShare[]]> {
  const byDepartment = new Map<string, TeamShare[]>();
  for (const share of shares) {
    const name = departmentQueue(share.member);
    byDepartment.set(name, [...(byDepartment.get(name) ?? []), share]);
  }
  return [...byDepartment];
}
