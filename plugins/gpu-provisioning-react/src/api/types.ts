import {
  GpuClassInfo,
  GpuRequestStatus,
  ProvisioningPolicyInfo,
  TeamQuota,
  GpuRequest,
  GpuProvisioningApiComponents,
  GpuProvisioningApiOperations,
} from '@ai-platform/plugin-gpu-provisioning-common';

/**
 * Whose requests to list: the signed-in user's, those of the user's teams, or
 * every request the user may read.
 *
 * @public
 */
export type GpuRequestScope = 'mine' | 'team' | 'all';

/**
 * Filters of {@link GpuProvisioningApi.listRequests}.
 *
 * @public
 */
export interface ListGpuRequestsOptions {
  /** Whose requests to list. */
  scope: GpuRequestScope;
  /** Only requests in this status. */
  status?: GpuRequestStatus;
  /** Only requests of this team (a Group entity ref). */
  team?: string;
  /** Only requests for this Component or System (an entity ref). */
  entityRef?: string;
}

/**
 * The GPU classes as configured, with the policy facts the form shows.
 *
 * @public
 */
export interface GpuClassesResponse {
  /** The configured GPU classes. */
  classes: GpuClassInfo[];
  /** The policy facts the request form shows. */
  policy: ProvisioningPolicyInfo;
}

/**
 * A team's quotas.
 *
 * @public
 */
export interface TeamQuotaResponse {
  /** One entry per quota key. */
  items: TeamQuota[];
}

/**
 * A list of requests.
 *
 * @public
 */
export interface GpuRequestListResponse {
  /** The requests. */
  items: GpuRequest[];
}

/**
 * Options of {@link GpuProvisioningApi.createRequest}.
 *
 * @public
 */
export interface CreateGpuRequestOptions {
  /**
   * Identifies one submission of the form, so that a retried or doubled
   * submission creates one request. Sent as the `Idempotency-Key` header.
   */
  idempotencyKey: string;
}

/**
 * What {@link GpuProvisioningApi.getStartEstimate} asks about: the fields of
 * a request that decide whether and when it starts.
 *
 * @public
 */
export interface StartEstimateOptions {
  /** The team (a Group entity ref) whose quota it would use. */
  team: string;
  /** The cluster to run on. */
  cluster: string;
  /** The GPU class id, e.g. `h100`. */
  gpuClass: string;
  /** A MIG profile of the class, e.g. `1g.10gb`. */
  migProfile?: string;
  /** GPUs or MIG instances. */
  count: number;
  /** How long, in hours. */
  durationHours: number;
  /** When given, the cluster must be cleared for it. */
  dataClassification?: string;
}

/**
 * Whether a request would start now, when, and why: the backend's
 * `StartEstimate` answer, typed from its OpenAPI document.
 *
 * @public
 */
export type StartEstimate =
  GpuProvisioningApiComponents['schemas']['StartEstimate'];

/**
 * Where a granted request's waiting work stands in its cluster's queue: the
 * backend's `QueuePosition` answer, typed from its OpenAPI document.
 *
 * @public
 */
export type QueuePosition =
  GpuProvisioningApiComponents['schemas']['QueuePosition'];

/**
 * Which hours {@link GpuProvisioningApi.getCalendar} reads: a class (or MIG
 * profile) on a cluster, from an hour on, for up to 14 days.
 *
 * @public
 */
export type CalendarOptions =
  GpuProvisioningApiOperations['GetCalendar']['parameters']['query'];

/**
 * A class's hours on a cluster, booked and free against the cluster's
 * capacity and each of the caller's teams' quota: the backend's `Calendar`.
 *
 * @public
 */
export type Calendar = GpuProvisioningApiComponents['schemas']['Calendar'];

/**
 * An active grant with how long its GPUs have been idle, what that costs and
 * where the idle policy stands with it: the backend's `IdleGrant`.
 *
 * @public
 */
export type IdleGrant = GpuProvisioningApiComponents['schemas']['IdleGrant'];

/**
 * `gpuProvisioning.idlePolicy` as configured: the backend's `IdlePolicyInfo`.
 *
 * @public
 */
export type IdlePolicyInfo =
  GpuProvisioningApiComponents['schemas']['IdlePolicyInfo'];

/**
 * The active grants the user may read with their idle state, and the idle
 * policy: the backend's `IdleGrantList`.
 *
 * @public
 */
export type IdleGrantList =
  GpuProvisioningApiComponents['schemas']['IdleGrantList'];

/**
 * What {@link GpuProvisioningApi.notifyIdle} sent: the backend's `IdleNotice`.
 *
 * @public
 */
export type IdleNotice = GpuProvisioningApiComponents['schemas']['IdleNotice'];

/**
 * What the idle policy would warn and release now, and the saving: the
 * backend's `IdlePolicyReport`.
 *
 * @public
 */
export type IdlePolicyReport =
  GpuProvisioningApiComponents['schemas']['IdlePolicyReport'];
