import {
  GpuClassInfo,
  GpuRequestStatus,
  ProvisioningPolicyInfo,
  TeamQuota,
  GpuRequest,
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
