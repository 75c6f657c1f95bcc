import {
  GpuClassCapacity,
  GpuRequest,
  GpuRequestStatus,
} from '@ai-platform/plugin-gpu-provisioning-common';

/**
 * The contracts between the parts of the backend: the request service and
 * its store, the Kubernetes side (capacity and provisioning) and the
 * lifecycle loop. Each part is built against these, not against the others.
 */

/** What a grant needs on its cluster, derived from the request and the team. */
export interface GrantSpec {
  request: GpuRequest;
  /** The team's name (the Group entity's `metadata.name`). */
  teamName: string;
  /** The team's cost centre from its Group entity annotation, if any. */
  costCenter?: string;
}

/** The Kubernetes objects of a grant, as last seen on the cluster. */
export interface GrantObjectsState {
  namespaceExists: boolean;
  /** Objects whose spec differs from what the grant should have (drift). */
  drifted: string[];
}

/** Puts grants on clusters and takes them off. */
export interface GrantProvisioner {
  /**
   * Applies the grant's namespace, quota (or LocalQueue), RoleBinding and
   * NetworkPolicy with server-side apply. Idempotent. All or nothing: if any
   * object fails, the objects this call created are removed and it throws.
   */
  apply(grant: GrantSpec): Promise<void>;
  /** Removes the grant's namespace (and with it every object in it). Idempotent. */
  remove(grant: GrantSpec): Promise<void>;
  /** Compares the cluster's objects with the grant's. */
  inspect(grant: GrantSpec): Promise<GrantObjectsState>;
}

/** Reads GPU capacity from the clusters. */
export interface CapacityReader {
  /** Per cluster and class: total, in use by pods, free; `granted` is filled by the caller. */
  read(): Promise<{
    items: GpuClassCapacity[];
    errors: Array<{ cluster: string; message: string }>;
  }>;
  /** Cluster names from the `kubernetes` config. */
  clusterNames(): string[];
}

/** The parts of the grant store the lifecycle loop uses. */
export interface LifecycleStore {
  /** One request as stored now, or undefined. */
  get(id: string): Promise<GpuRequest | undefined>;
  /** Requests in any of the statuses. */
  listByStatus(statuses: GpuRequestStatus[]): Promise<GpuRequest[]>;
  /**
   * Moves a request to `to` if it is still in one of `from` (compare and set,
   * safe across replicas); leaving a quota-holding status gives the quota back.
   * Returns the updated request, or undefined when someone else moved it first.
   */
  transition(
    id: string,
    from: GpuRequestStatus[],
    to: GpuRequestStatus,
    changes?: Partial<
      Pick<
        GpuRequest,
        'namespace' | 'activeSince' | 'expiresAt' | 'endedAt' | 'lastError'
      >
    >,
  ): Promise<GpuRequest | undefined>;
  /** Records a failed provisioning attempt; returns how many there have been. */
  recordFailedAttempt(id: string, error: string): Promise<number>;
  /** When the owners were last warned of expiry, to warn only once. */
  markExpiryWarned(id: string): Promise<boolean>;
}

/** Facts about a team the grant's objects carry. */
export type TeamInfoLookup = (
  teamRef: string,
) => Promise<{ teamName: string; costCenter?: string }>;
