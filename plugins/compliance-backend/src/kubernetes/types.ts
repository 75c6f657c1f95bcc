/** A Kubernetes object as read, with the fields the checks use. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: any;
  [key: string]: unknown;
}

/** What the checks read from one cluster, in one pass. */
export interface ClusterSnapshot {
  cluster: string;
  readAt: string;
  namespaces: KubeObject[];
  pods: KubeObject[];
  quotas: KubeObject[];
  networkPolicies: KubeObject[];
  clusterRoleBindings: KubeObject[];
  roleBindings: KubeObject[];
  /** Kyverno's `wgpolicyk8s.io/v1alpha2` PolicyReports. */
  policyReports: KubeObject[];
}
