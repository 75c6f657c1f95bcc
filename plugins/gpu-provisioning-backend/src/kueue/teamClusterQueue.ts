import { KubernetesObject } from '@kubernetes/client-node';
import { KueueCohortConfig } from '../config/kueueCohortConfig';
import {
  GpuProvisioningConfig,
  gpuResourceOf,
  migResourcesOf,
  quotaKeyOf,
} from '../config/GpuProvisioningConfig';
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
 * The team's ClusterQueue as the portal applies it: one resource group
 * covering `nvidia.com/gpu` and every MIG resource of the configured
 * classes, with a flavor per GPU class (Kueue takes each flavor in one
 * group only, listing every covered resource in the group's order: a class
 * without a profile has 0 of it). The nominal quota of a resource is the
 * team's quota of its key (`h100`, `h100/1g.10gb`), borrowing and lending
 * limits the team's (else the cohort's) for that key, and the reclaim
 * policy the cohort's. Names come only from `clusterQueueName` and
 * `cohortName`, never from raw catalog data.
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
  const migResources = migResourcesOf(config.gpuClasses);
  const quotaOf = (resource: string, quotaKey: string | undefined) => {
    if (quotaKey === undefined) return { name: resource, nominalQuota: 0 };
    const nominal = quotaLimitOf(config, member.team, quotaKey);
    const borrowingLimit =
      own.borrowingLimit?.[quotaKey] ?? member.config.borrowingLimit[quotaKey];
    const lendingLimit =
      own.lendingLimit?.[quotaKey] ?? member.config.lendingLimit[quotaKey];
    return {
      name: resource,
      nominalQuota: nominal,
      ...(borrowingLimit !== undefined ? { borrowingLimit } : {}),
      // Kueue refuses a lending limit above the nominal quota.
      ...(lendingLimit !== undefined
        ? { lendingLimit: Math.min(lendingLimit, nominal) }
        : {}),
    };
  };
  const flavors = config.gpuClasses.map(gpuClass => ({
    name: flavorName(config.kueueFlavors, gpuClass.id),
    resources: [
      quotaOf(GPU, gpuClass.id),
      ...migResources.map(resource => {
        const profile = gpuClass.migProfiles.find(
          m => gpuResourceOf({ migProfile: m.name }) === resource,
        );
        return quotaOf(
          resource,
          profile
            ? quotaKeyOf({ gpuClass: gpuClass.id, migProfile: profile.name })
            : undefined,
        );
      }),
    ],
  }));
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
      resourceGroups: [{ coveredResources: [GPU, ...migResources], flavors }],
    },
  } as KubernetesObject;
}
