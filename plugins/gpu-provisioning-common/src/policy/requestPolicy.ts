import { DataClassification, GpuRequestInput } from '../types';

/**
 * The GPU request policy as one pure function over plain data, with no
 * services, config readers or Backstage types, so that the backend, the
 * request form and the template picker run the same check.
 */

/** A GPU class as the policy sees it: its id and rates. @public */
export interface PolicyGpuClass {
  /** The class id. */
  id: string;
  /** Price of one GPU-hour. */
  hourlyRate: number;
  /** The MIG profiles of the class, with the price of one instance-hour. */
  migProfiles: Array<{ name: string; hourlyRate: number }>;
}

/** The rules a request is checked against. @public */
export interface RequestPolicyRules {
  /** The configured GPU classes. */
  gpuClasses: PolicyGpuClass[];
  /** Longest grant in hours, extensions included. */
  maxDurationHours: number;
  /** Requests of more GPU-hours than this wait for an approver. */
  approvalThresholdGpuHours: number;
  /** Data classifications each cluster may hold. */
  clusterDataClassifications: Record<string, DataClassification[]>;
  /** What a cluster not in `clusterDataClassifications` may hold. */
  defaultDataClassifications: DataClassification[];
}

/** What a cluster not listed in the policy may hold, unless configured otherwise. @public */
export const DEFAULT_CLUSTER_DATA_CLASSIFICATIONS: DataClassification[] = [
  'public',
  'internal',
];

/** What the clusters offer, as far as the policy needs to know. @public */
export interface PolicyClusters {
  /** Every cluster a request may name. */
  names: string[];
  /**
   * Where each class is installed, when read; without it the availability of
   * a class on a cluster is not checked. Clusters in `unreadable` could not be
   * read and are given the benefit of the doubt.
   */
  capacity?: {
    items: Array<{ cluster: string; gpuClass: string }>;
    unreadable: string[];
  };
}

/** The rule a request breaks. @public */
export type RequestPolicyRule =
  | 'unknown-cluster'
  | 'unknown-gpu-class'
  | 'gpu-class-unavailable'
  | 'unknown-mig-profile'
  | 'max-duration'
  | 'data-classification';

/** One broken rule, with the request field it concerns. @public */
export interface RequestPolicyIssue {
  /** The rule broken. */
  rule: RequestPolicyRule;
  /** The request field the rule concerns. */
  field:
    | 'cluster'
    | 'gpuClass'
    | 'migProfile'
    | 'durationHours'
    | 'dataClassification';
  /** What is wrong, without the field name: `must be at most 720 hours`. */
  message: string;
}

/** The policy's answer for a request. @public */
export interface RequestPolicyDecision {
  /** Every rule the request breaks, each naming its field; empty when it is allowed. */
  problems: string[];
  /** The same as `problems`, structured for callers that word them their own way. */
  issues: RequestPolicyIssue[];
  /** The hourly rate of one GPU (or MIG instance) of what is asked for; 0 for an unknown class. */
  hourlyRate: number;
  /** `count × durationHours`. */
  gpuHours: number;
  /** Whether the request waits for an approver. */
  requiresApproval: boolean;
}

/** The parts of a request the policy reads. @public */
export type PolicyRequest = Pick<
  GpuRequestInput,
  | 'cluster'
  | 'gpuClass'
  | 'migProfile'
  | 'count'
  | 'durationHours'
  | 'dataClassification'
>;

/** The data classifications a cluster may hold. @public */
export function dataClassificationsOf(
  cluster: string,
  rules: Pick<
    RequestPolicyRules,
    'clusterDataClassifications' | 'defaultDataClassifications'
  >,
): DataClassification[] {
  return (
    rules.clusterDataClassifications[cluster] ??
    rules.defaultDataClassifications
  );
}

/** Whether `gpuHours` of GPU time needs an approver's decision. @public */
export function exceedsApprovalThreshold(
  gpuHours: number,
  rules: Pick<RequestPolicyRules, 'approvalThresholdGpuHours'>,
): boolean {
  return gpuHours > rules.approvalThresholdGpuHours;
}

/** The hourly rate of a class, or of its MIG profile when one is named; 0 when unknown. @public */
export function hourlyRateOf(
  request: { gpuClass: string; migProfile?: string },
  rules: Pick<RequestPolicyRules, 'gpuClasses'>,
): number {
  const gpuClass = rules.gpuClasses.find(c => c.id === request.gpuClass);
  const profile = gpuClass?.migProfiles.find(
    m => m.name === request.migProfile,
  );
  return profile?.hourlyRate ?? gpuClass?.hourlyRate ?? 0;
}

/**
 * Checks a request against the policy: the cluster exists, the class is
 * offered there, the MIG profile belongs to the class, the duration is
 * within the maximum and the cluster may hold the request's data.
 *
 * @public
 */
export function checkRequestPolicy(
  request: PolicyRequest,
  rules: RequestPolicyRules,
  clusters: PolicyClusters,
): RequestPolicyDecision {
  const issues: RequestPolicyIssue[] = [];
  const knownCluster = clusters.names.includes(request.cluster);
  if (!knownCluster) {
    issues.push({
      rule: 'unknown-cluster',
      field: 'cluster',
      message: `unknown cluster '${request.cluster}'; one of ${
        clusters.names.join(', ') || '(none configured)'
      }`,
    });
  }
  const gpuClass = rules.gpuClasses.find(c => c.id === request.gpuClass);
  let hourlyRate = gpuClass?.hourlyRate ?? 0;
  if (!gpuClass) {
    issues.push({
      rule: 'unknown-gpu-class',
      field: 'gpuClass',
      message: `unknown GPU class '${
        request.gpuClass
      }'; one of ${rules.gpuClasses.map(c => c.id).join(', ')}`,
    });
  } else if (knownCluster && clusters.capacity) {
    const { items, unreadable } = clusters.capacity;
    const present = items.some(
      item => item.cluster === request.cluster && item.gpuClass === gpuClass.id,
    );
    if (!unreadable.includes(request.cluster) && !present) {
      issues.push({
        rule: 'gpu-class-unavailable',
        field: 'gpuClass',
        message: `${gpuClass.id} is not available on cluster ${request.cluster}`,
      });
    }
  }
  if (gpuClass && request.migProfile) {
    const profile = gpuClass.migProfiles.find(
      m => m.name === request.migProfile,
    );
    if (profile) {
      hourlyRate = profile.hourlyRate;
    } else {
      issues.push({
        rule: 'unknown-mig-profile',
        field: 'migProfile',
        message: gpuClass.migProfiles.length
          ? `${request.migProfile} is not a MIG profile of ${
              gpuClass.id
            }; one of ${gpuClass.migProfiles.map(m => m.name).join(', ')}`
          : `${gpuClass.id} cannot be split into MIG instances`,
      });
    }
  }
  if (request.durationHours > rules.maxDurationHours) {
    issues.push({
      rule: 'max-duration',
      field: 'durationHours',
      message: `must be at most ${rules.maxDurationHours} hours`,
    });
  }
  const allowed = dataClassificationsOf(request.cluster, rules);
  if (knownCluster && !allowed.includes(request.dataClassification)) {
    issues.push({
      rule: 'data-classification',
      field: 'dataClassification',
      message: `${request.cluster} may hold ${allowed.join(
        ', ',
      )} data only, not ${request.dataClassification}`,
    });
  }
  const gpuHours = request.count * request.durationHours;
  return {
    problems: issues.map(issue => `${issue.field}: ${issue.message}`),
    issues,
    hourlyRate,
    gpuHours,
    requiresApproval: exceedsApprovalThreshold(gpuHours, rules),
  };
}
