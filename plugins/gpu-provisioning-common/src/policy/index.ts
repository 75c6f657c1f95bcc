export {
  checkRequestPolicy,
  dataClassificationsOf,
  exceedsApprovalThreshold,
  hourlyRateOf,
  DEFAULT_CLUSTER_DATA_CLASSIFICATIONS,
} from './requestPolicy';
export type {
  PolicyClusters,
  PolicyGpuClass,
  PolicyRequest,
  RequestPolicyDecision,
  RequestPolicyIssue,
  RequestPolicyRule,
  RequestPolicyRules,
} from './requestPolicy';
