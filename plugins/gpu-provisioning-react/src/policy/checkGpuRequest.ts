import {
  checkRequestPolicy,
  DataClassification,
  DEFAULT_CLUSTER_DATA_CLASSIFICATIONS,
  GpuClassInfo,
  PolicyClusters,
  ProvisioningPolicyInfo,
  RequestPolicyDecision,
  RequestPolicyRules,
} from '@ai-platform/plugin-gpu-provisioning-common';

/** What the backend tells the frontend about classes and policy (`GET /classes`). @public */
export interface GpuPolicyFacts {
  /** The configured GPU classes. */
  classes: GpuClassInfo[];
  /** The policy's limits. */
  policy: ProvisioningPolicyInfo;
}

/** A request as a form holds it: parts may not be chosen yet. @public */
export interface GpuRequestDraft {
  /** The cluster chosen, if any. */
  cluster?: string;
  /** The GPU class chosen, if any. */
  gpuClass?: string;
  /** The MIG profile chosen, if any. */
  migProfile?: string;
  /** Whole numbers only; anything else counts as 0. */
  count?: number;
  /** Whole hours only; anything else counts as 0. */
  durationHours?: number;
  /** Left out (or empty), the data classification is not checked. */
  dataClassification?: string;
}

/** The backend's policy rules, as `GET /classes` reports them. @public */
export function gpuRequestPolicyRules(
  facts: GpuPolicyFacts,
): RequestPolicyRules {
  return {
    gpuClasses: facts.classes,
    maxDurationHours: facts.policy.maxDurationHours,
    approvalThresholdGpuHours: facts.policy.approvalThresholdGpuHours,
    clusterDataClassifications: facts.policy.clusterDataClassifications,
    defaultDataClassifications: DEFAULT_CLUSTER_DATA_CLASSIFICATIONS,
  };
}

/** The clusters, and which classes each has, from the classes' `clusters`. */
export function gpuRequestPolicyClusters(
  classes: GpuClassInfo[],
): PolicyClusters {
  return {
    names: [...new Set(classes.flatMap(c => c.clusters))].sort(),
    capacity: {
      items: classes.flatMap(c =>
        c.clusters.map(cluster => ({ cluster, gpuClass: c.id })),
      ),
      unreadable: [],
    },
  };
}

function wholeOrZero(value: number | undefined): number {
  return value !== undefined && Number.isInteger(value) ? value : 0;
}

/**
 * The backend's GPU request policy run on a draft, so that the request form
 * and the template field warn about exactly what the backend would refuse or
 * send for approval.
 *
 * @public
 */
export function checkGpuRequest(
  draft: GpuRequestDraft,
  facts: GpuPolicyFacts,
): RequestPolicyDecision {
  const classification = draft.dataClassification || undefined;
  const decision = checkRequestPolicy(
    {
      cluster: draft.cluster ?? '',
      gpuClass: draft.gpuClass ?? '',
      migProfile: draft.migProfile || undefined,
      count: wholeOrZero(draft.count),
      durationHours: wholeOrZero(draft.durationHours),
      // A stand-in when there is none; its verdict is dropped below.
      dataClassification: (classification ?? 'public') as DataClassification,
    },
    gpuRequestPolicyRules(facts),
    gpuRequestPolicyClusters(facts.classes),
  );
  if (classification) return decision;
  const issues = decision.issues.filter(i => i.rule !== 'data-classification');
  return {
    ...decision,
    issues,
    problems: issues.map(i => `${i.field}: ${i.message}`),
  };
}
