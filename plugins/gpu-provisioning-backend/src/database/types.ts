import {
  GpuRequest,
  GpuRequestInput,
  GpuRequestStatus,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { LifecycleStore } from '../types';
import { HeldInterval } from './intervalPeak';
import { IdleGrantStore } from '../idle/types';

/**
 * A store filter produced from the permission rules: the request's property
 * is one of the values.
 *
 * @alpha
 */
export interface GpuRequestPermissionQuery {
  /** The request property compared. */
  property: 'requestedBy' | 'team';
  /** The values it may have, as comparison keys (`entityRefKey`). */
  values: string[];
}

/** A request as the service hands it to the store to record. */
export interface NewGpuRequest extends GpuRequestInput {
  requestedBy: string;
  /** The service that asked on the user's behalf, e.g. `plugin:scaffolder`. */
  requestedVia?: string;
  /** Requests start in a quota-holding status. */
  status: 'pending-approval' | 'approved';
  gpuHours: number;
  estimatedCost: number;
  requiresApproval: boolean;
  /** When a reserved window starts (ISO 8601); absent: as soon as granted. */
  startAt?: string;
}

/** What to list; every given filter must match. */
export interface GpuRequestListFilter {
  requestedBy?: string;
  /** Any of these teams; an empty array matches nothing. */
  teams?: string[];
  /** Any of these statuses. */
  statuses?: GpuRequestStatus[];
  entityRef?: string;
  /** Conditions of a conditional permission decision, as store filters. */
  permissionFilter?: PermissionCriteria<GpuRequestPermissionQuery>;
}

/** The status changes a transition may also record. */
export type GpuRequestChanges = Partial<
  Pick<
    GpuRequest,
    | 'namespace'
    | 'activeSince'
    | 'expiresAt'
    | 'endedAt'
    | 'lastError'
    | 'decidedBy'
    | 'decidedAt'
    | 'rejectionReason'
  >
>;

/** GPUs held by grants of one class (or MIG profile) on one cluster. */
export interface GrantTotal {
  cluster: string;
  gpuClass: string;
  migProfile?: string;
  count: number;
}

/**
 * The grant store: requests, their life and the quota ledger, each change in
 * one transaction.
 */
export interface GrantStore extends LifecycleStore {
  /**
   * Records a request and reserves its quota in one transaction: now, or
   * with `startAt` over its window (quota and `capacity` at every instant).
   * With an
   * idempotency key the requester used before, returns that request instead
   * (`created: false`). Throws a `ConflictError` naming what is left when the
   * quota does not allow it.
   */
  create(options: {
    request: NewGpuRequest;
    /** GPUs (or MIG instances) of the request's quota key the team may hold. */
    quotaLimit: number;
    /** The cluster's GPUs (or MIG instances) of the class, for reservations. */
    capacity?: number;
    idempotencyKey?: string;
  }): Promise<{ request: GpuRequest; created: boolean }>;

  /** One request, or undefined. */
  get(id: string): Promise<GpuRequest | undefined>;

  /** Several requests, in the order of the ids, undefined where missing. */
  getMany(ids: string[]): Promise<Array<GpuRequest | undefined>>;

  /** Requests matching the filter, newest first. */
  list(filter: GpuRequestListFilter): Promise<GpuRequest[]>;

  /**
   * Moves a request to `to` if it is still in one of `from`; leaving a
   * quota-holding status gives the quota back in the same transaction.
   * Entering a quota-holding status from one that holds none is refused.
   */
  transition(
    id: string,
    from: GpuRequestStatus[],
    to: GpuRequestStatus,
    changes?: GpuRequestChanges,
  ): Promise<GpuRequest | undefined>;

  /**
   * Lengthens a request by `additionalHours` (and its expiry, once active)
   * unless that would exceed `maxDurationHours`; re-estimates its cost at
   * `hourlyRate` and clears the expiry warning. The added hours must fit
   * beside the reservations starting in them: the team's `quotaLimit` when
   * it has reservations, and `capacity` when the class is booked on the
   * cluster; otherwise a `ConflictError` names the quota or capacity and
   * from when it is booked.
   */
  extend(options: {
    id: string;
    additionalHours: number;
    maxDurationHours: number;
    hourlyRate: number;
    quotaLimit: number;
    /** The cluster's GPUs (or MIG instances) of the class, when known. */
    capacity?: number;
  }): Promise<GpuRequest>;

  /** GPUs the team holds now, by quota key, reserved windows open now included. */
  usage(team: string): Promise<Record<string, number>>;

  /** GPUs held by active grants, per cluster and class or MIG profile. */
  activeGrantTotals(): Promise<GrantTotal[]>;

  /**
   * How long grants of a class (or MIG profile) that ended after `since`
   * held their GPUs against the time they had booked: the history behind
   * a start estimate's range.
   */
  endedSpans(options: {
    gpuClass: string;
    migProfile?: string;
    since: Date;
  }): Promise<EndedSpan[]>;

  /**
   * The time intervals over which quota-holding requests of a quota key,
   * of a team or on a cluster, hold GPUs overlapping `[from, to)` (epoch
   * milliseconds); unknown ends are `Infinity`.
   */
  heldIntervals(options: {
    quotaKey: string;
    from: number;
    to: number;
    team?: string;
    cluster?: string;
  }): Promise<HeldInterval[]>;

  /** The idle policy's state of grants and shrinking, on the same database. */
  idleGrants(): IdleGrantStore;
}

/** One ended grant: when it became active, when it was to expire, when it ended. */
export interface EndedSpan {
  activeSince: string;
  expiresAt: string;
  endedAt: string;
}
