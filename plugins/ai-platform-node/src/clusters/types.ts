import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';

/**
 * Why the suite cannot act on a configured cluster. The cluster stays listed
 * so one bad entry does not hide the others, and callers can word the reason
 * in their own terms.
 *
 * @public
 */
export type ClusterUnusable =
  | {
      /** The cluster authenticates as the signed-in user, which a backend task has not got. */
      reason: 'auth-provider';
      authProvider: string;
      message: string;
    }
  | {
      /** No `serviceAccountToken` and no pod service account to fall back on. */
      reason: 'no-credential';
      message: string;
    };

/**
 * A cluster of `kubernetes.clusterLocatorMethods[type=config].clusters`, as
 * Backstage's Kubernetes plugin describes it, without its credential. The URL
 * is here for building clients and location refs: never put it in an error a
 * user sees.
 *
 * @public
 */
export interface RegisteredCluster
  extends Omit<ClusterDetails, 'authMetadata' | 'skipTLSVerify'> {
  /** `authProvider` or `authMetadata['kubernetes.io/auth-provider']`. */
  authProvider: string;
  /** Whether the cluster's TLS certificate is not verified; `false` when the config leaves it out. */
  skipTLSVerify: boolean;
  /** Set when the suite cannot use the cluster. */
  unusable?: ClusterUnusable;
}
