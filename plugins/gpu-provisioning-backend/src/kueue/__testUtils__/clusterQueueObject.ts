import { KubernetesObject } from '@kubernetes/client-node';

const GPU = 'nvidia.com/gpu';

/** A ClusterQueue with one `h100` flavor of whole GPUs, its quota and its use. */
export function clusterQueue(
  name: string,
  quota: { nominal: number; borrowingLimit?: number; lendingLimit?: number },
  usage: { total: number; borrowed?: number },
  options: { cohort?: string; team?: string; reclaim?: string } = {},
): KubernetesObject {
  const resource: Record<string, unknown> = {
    name: GPU,
    nominalQuota: quota.nominal,
  };
  if (quota.borrowingLimit !== undefined)
    resource.borrowingLimit = quota.borrowingLimit;
  if (quota.lendingLimit !== undefined)
    resource.lendingLimit = String(quota.lendingLimit);
  const flavorsUsage = [
    {
      name: 'h100',
      resources: [
        {
          name: GPU,
          total: String(usage.total),
          borrowed: String(usage.borrowed ?? 0),
        },
      ],
    },
  ];
  return {
    apiVersion: 'kueue.x-k8s.io/v1beta2',
    kind: 'ClusterQueue',
    metadata: {
      name,
      ...(options.team
        ? { annotations: { 'ai-platform.io/team': options.team } }
        : {}),
    },
    spec: {
      // No cohort given: 'research'; an empty one: none.
      ...(options.cohort !== '' && {
        cohortName: options.cohort ?? 'research',
      }),
      preemption: { reclaimWithinCohort: options.reclaim ?? 'Any' },
      resourceGroups: [
        {
          coveredResources: [GPU],
          flavors: [{ name: 'h100', resources: [resource] }],
        },
      ],
    },
    status: { flavorsReservation: flavorsUsage, flavorsUsage },
  } as KubernetesObject;
}
