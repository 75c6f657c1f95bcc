import {
  CapacityResponse,
  GpuClassInfo,
  ProvisioningPolicyInfo,
  TeamQuota,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { GpuResourceValue } from './types';

/** What the picker tells the user about a choice. */
export interface GpuResourceEstimate {
  /** GPUs (or MIG instances) of the choice free on the cluster now, when known. */
  free?: number;
  /** What the team may still request of the choice, when known. */
  quotaLeft?: number;
  hourlyRate?: number;
  /** count x hours x rate. */
  estimatedCost?: number;
  gpuHours: number;
  requiresApproval: boolean;
  /** Problems that make the request fail or wait, for people. */
  warnings: string[];
}

/** The quota key of a choice: `h100` or `h100/1g.10gb`, as the backend keys quotas. */
export function quotaKeyOf(
  value: Pick<GpuResourceValue, 'gpuClass' | 'migProfile'>,
): string {
  return value.migProfile
    ? `${value.gpuClass}/${value.migProfile}`
    : value.gpuClass;
}

/**
 * Free capacity, quota left, cost and warnings for a choice, from the
 * provisioning backend's classes, capacity and quota answers.
 */
export function gpuResourceEstimate(options: {
  value: Partial<GpuResourceValue>;
  classes: GpuClassInfo[];
  policy?: ProvisioningPolicyInfo;
  capacity?: CapacityResponse;
  quota?: TeamQuota[];
  dataClassification?: string;
}): GpuResourceEstimate {
  const { value, classes, policy, capacity, quota } = options;
  const count = value.count ?? 0;
  const hours = value.durationHours ?? 0;
  const gpuHours = count * hours;
  const warnings: string[] = [];
  const gpuClass = classes.find(c => c.id === value.gpuClass);
  const hourlyRate = value.migProfile
    ? gpuClass?.migProfiles.find(m => m.name === value.migProfile)?.hourlyRate
    : gpuClass?.hourlyRate;
  const free = capacity?.items.find(
    i =>
      i.cluster === value.cluster &&
      i.gpuClass === value.gpuClass &&
      (i.migProfile ?? undefined) === (value.migProfile || undefined),
  )?.free;
  const quotaLeft = value.gpuClass
    ? quota?.find(q => q.gpuClass === quotaKeyOf(value as GpuResourceValue))
        ?.remaining
    : undefined;
  if (free !== undefined && count > free) {
    warnings.push(
      `Only ${free} free on ${value.cluster} now; the workload waits until GPUs free up.`,
    );
  }
  if (quotaLeft !== undefined && count > quotaLeft) {
    warnings.push(
      `Your team has ${quotaLeft} left of its ${quotaKeyOf(
        value as GpuResourceValue,
      )} quota; the request would be refused.`,
    );
  }
  if (policy && hours > policy.maxDurationHours) {
    warnings.push(`At most ${policy.maxDurationHours} hours may be requested.`);
  }
  const allowed =
    value.cluster && policy?.clusterDataClassifications[value.cluster];
  if (
    allowed &&
    options.dataClassification &&
    !allowed.includes(options.dataClassification as any)
  ) {
    warnings.push(
      `${value.cluster} may not hold ${
        options.dataClassification
      } data (allowed: ${allowed.join(', ')}).`,
    );
  }
  return {
    free,
    quotaLeft,
    hourlyRate,
    estimatedCost: hourlyRate !== undefined ? gpuHours * hourlyRate : undefined,
    gpuHours,
    requiresApproval: policy
      ? gpuHours > policy.approvalThresholdGpuHours
      : false,
    warnings,
  };
}
