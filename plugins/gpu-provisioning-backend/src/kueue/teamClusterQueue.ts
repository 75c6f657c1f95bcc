import { KubernetesObject } from '@kubernetes/client-node';
import { KueueCohortConfig } from '../config/kueueCohortConfig';
import { GpuProvisioningConfig } from '../config/GpuProvisioningConfig';
import {
  GRANT_ANNOTATIONS,
  GRANT_LABELS,
  MANAGED_BY,
} from '../kubernetes/grantLabels';
import { quotaLimitOf } from '../policy/quotaLimitOf';
import { clusterQueueName, flavorName } from './clusterQueueName';

export const KUEUE_API_VERSION = 'kueue.x-k8s.io/v1beta2';
const GPU = 'nvidia.com/gpu';

/** A team in a department's cohort. */
export interface CohortTeam {
  /** The team's group ref (comparison key). */
  team: string;
  /** The team's name, from which the ClusterQueue's name is made. */
  teamName: string;
  /** The department's name, from which the cohort's name is made. */
  cohort: string;
  config: KueueCohortConfig;
}

/**
 * The team's ClusterQueue as the portal applies it: one resource group for
 * `nvidia.com/gpu` with a flavor per GPU class, the nominal quota the team's
 * quota of the class, borrowing and lending limits the team's (else the
 * cohort's) and the cohort's reclaim policy. Names come only from
 * `clusterQueueName` and `cohortName`, never from raw catalog data.
 */
export function teamClusterQueue(
  member: CohortTeam,
  config: Pick<
    GpuProvisioningConfig,
    | 'gpuClasses'
    | 'kueueFlavors'
    | 'clusterQueueTemplate'
    | 'defaultQuota'
    | 'teamQuotas'
  >,
): KubernetesObject {
  const own = member.config.teams[member.team] ?? {};
  const flavors = config.gpuClasses.map(gpuClass => {
    const nominal = quotaLimitOf(config, member.team, gpuClass.id);
    const borrowingLimit =
      own.borrowingLimit?.[gpuClass.id] ??
      member.config.borrowingLimit[gpuClass.id];
    const lendingLimit =
      own.lendingLimit?.[gpuClass.id] ??
      member.config.lendingLimit[gpuClass.id];
    return {
      name: flavorName(config.kueueFlavors, gpuClass.id),
      resources: [
        {
          name: GPU,
          nominalQuota: nominal,
          ...(borrowingLimit !== undefined ? { borrowingLimit } : {}),
          // Kueue refuses a lending limit above the nominal quota.
          ...(lendingLimit !== undefined
            ? { lendingLimit: Math.min(lendingLimit, nominal) }
            : {}),
        },
      ],
    };
  });
  return {
    apiVersion: KUEUE_API_VERSION,
    kind: 'ClusterQueue',
    metadata: {
      name: clusterQueueName(config.clusterQueueTemplate, member.teamName),
      labels: { [GRANT_LABELS.managedBy]: MANAGED_BY },
      annotations: { [GRANT_ANNOTATIONS.team]: member.team },
    },
    spec: {
      cohortName: member.cohort,
      namespaceSelector: {},
      queueingStrategy: 'BestEffortFIFO',
      preemption: {
        reclaimWithinCohort: member.config.reclaimWithinCohort,
        withinClusterQueue: 'Never',
      },
      resourceGroups: [{ coveredResources: [GPU], flavors }],
    },
  } as KubernetesObject;
}
