import {
  GpuClassCapacity,
  GpuRequest,
  GpuRequestStatus,
} from '@ai-platform/plugin-gpu-provisioning-common';

// The provisioner contract lives in the -node package, for modules that add
// provisioners; re-exported so the backend's own parts keep importing it here.
export type {
  GrantObjectsState,
  GrantProvisioner,
  GrantSpec,
} from '@ai-platform/plugin-gpu-provisioning-node';

/**
 * The contracts between the parts of the backend: the request service and
 * its store, the Kubernetes side (capacity and provisioning) and the
 * lifecycle loop. Each part is built against these, not against the others.
 */

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
