import {
  CapacityResponse,
  dataClassificationsOf,
  GpuClassInfo,
  ProvisioningPolicyInfo,
  RequestPolicyIssue,
  TeamQuota,
} from '@ai-platform/plugin-gpu-provisioning-common';
import {
  checkGpuRequest,
  GpuPolicyFacts,
  gpuRequestPolicyRules,
} from '../policy';
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
  /** The policy finds nothing wrong, so the backend would take the choice. */
  acceptable: boolean;
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

/** The picker's sentence for a policy problem; `undefined` for parts not chosen yet. */
function warningOf(
  issue: RequestPolicyIssue,
  facts: GpuPolicyFacts,
  value: Partial<GpuResourceValue>,
  dataClassification: string | undefined,
): string | undefined {
  switch (issue.rule) {
    case 'max-duration':
      return `At most ${facts.policy.maxDurationHours} hours may be requested.`;
    case 'data-classification': {
      const allowed = dataClassificationsOf(
        value.cluster ?? '',
        gpuRequestPolicyRules(facts),
      );
      return `${
        value.cluster
      } may not hold ${dataClassification} data (allowed: ${allowed.join(
        ', ',
      )}).`;
    }
    case 'gpu-class-unavailable':
    case 'unknown-mig-profile':
      return `${issue.message}.`;
    default:
      // An unknown cluster or class is one not chosen yet: the fields say so.
      return undefined;
  }
}

/**
 * Free capacity, quota left, cost and warnings for a choice, from the
 * provisioning backend's classes, capacity and quota answers; the policy's
 * part is the backend's own check, run here.
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
  const facts = policy && { classes, policy };
  const decision =
    facts &&
    checkGpuRequest(
      { ...value, dataClassification: options.dataClassification },
      facts,
    );
  for (const issue of decision?.issues ?? []) {
    const warning = warningOf(issue, facts!, value, options.dataClassification);
    if (warning) warnings.push(warning);
  }
  return {
    free,
    quotaLeft,
    hourlyRate,
    estimatedCost: hourlyRate !== undefined ? gpuHours * hourlyRate : undefined,
    gpuHours,
    requiresApproval: decision?.requiresApproval ?? false,
    acceptable: decision !== undefined && decision.issues.length === 0,
    warnings,
  };
}
