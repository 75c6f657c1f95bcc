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

/** A replica's hold on a request it is applying. */
export interface GrantClaim {
  /** The backend process applying it (`replicaId()`). */
  owner: string;
  /** When the claim runs out unless renewed. */
  until: Date;
}

/** The parts of the grant store the lifecycle loop uses. */
export interface LifecycleStore {
  /** One request as stored now, or undefined. */
  get(id: string): Promise<GpuRequest | undefined>;
  /**
   * Requests in any of the statuses. With `dueBefore`, `approved` and
   * `provisioning` requests whose next attempt (after a failed one) is due
   * only later are left out.
   */
  listByStatus(
    statuses: GpuRequestStatus[],
    options?: { dueBefore?: Date },
  ): Promise<GpuRequest[]>;
  /**
   * Moves a request to `to` if it is still in one of `from` (compare and set,
   * safe across replicas); leaving a quota-holding status gives the quota back,
   * leaving `provisioning` ends its claim. Returns the updated request, or
   * undefined when someone else moved it first.
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
  /**
   * Claims an approved request for applying (`approved` → `provisioning`)
   * with its namespace; undefined when someone else moved it first.
   */
  claim(
    id: string,
    claim: GrantClaim,
    namespace: string,
  ): Promise<GpuRequest | undefined>;
  /** Extends a claim its owner still holds; false when it was lost. */
  renewClaim(id: string, claim: GrantClaim): Promise<boolean>;
  /**
   * `provisioning` requests whose claim ran out by `now`: the process
   * applying them stopped. A request claimed before claims were recorded
   * counts once it has not changed for 10 minutes.
   */
  listAbandoned(now: Date): Promise<GpuRequest[]>;
  /**
   * Records a failed provisioning attempt and when the next is due
   * (`retryDelayMs`); returns how many there have been.
   */
  recordFailedAttempt(id: string, error: string): Promise<number>;
  /** When the owners were last warned of expiry, to warn only once. */
  markExpiryWarned(id: string): Promise<boolean>;
  /**
   * Marks that the owners of a reserved window still `approved` were told
   * it starts soon; true only for the first caller, across replicas.
   */
  markStartWarned(id: string): Promise<boolean>;
}

/** Facts about a team the grant's objects carry. */
export type TeamInfoLookup = (
  teamRef: string,
) => Promise<{ teamName: string; costCenter?: string }>;
