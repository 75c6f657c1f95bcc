import { createApiRef } from '@backstage/core-plugin-api';
import {
  CapacityResponse,
  GpuRequest,
  GpuRequestInput,
  QuotaSharingResponse,
} from '@ai-platform/plugin-gpu-provisioning-common';
import {
  Calendar,
  CalendarOptions,
  CreateGpuRequestOptions,
  GpuClassesResponse,
  GpuRequestListResponse,
  IdleGrant,
  IdleGrantList,
  IdleNotice,
  IdlePolicyReport,
  ListGpuRequestsOptions,
  QueuePosition,
  StartEstimate,
  StartEstimateOptions,
  TeamQuotaResponse,
} from './types';

/**
 * The GPU provisioning backend, as the frontend sees it. Every method throws
 * a `ResponseError` from `@backstage/errors` when the backend refuses.
 *
 * @public
 */
export interface GpuProvisioningApi {
  /** GPU capacity of every cluster, with the clusters that could not be read. */
  getCapacity(): Promise<CapacityResponse>;
  /** The configured GPU classes and the policy facts the request form shows. */
  getClasses(): Promise<GpuClassesResponse>;
  /** What a team may still request, per cluster and class. */
  getQuota(options: { team: string }): Promise<TeamQuotaResponse>;
  /** How a team's Kueue quota is shared in its cohort on each Kueue cluster: nominal, in use, borrowed, lent, who borrows from whom. */
  getQuotaSharing(options: { team: string }): Promise<QuotaSharingResponse>;
  /** Before asking: whether a request would start now, when, and why. */
  getStartEstimate(options: StartEstimateOptions): Promise<StartEstimate>;
  /** Hour by hour, what is booked and free of a class on a cluster, to book a later window. */
  getCalendar(options: CalendarOptions): Promise<Calendar>;
  /** Requests the user may read, filtered. */
  listRequests(
    options: ListGpuRequestsOptions,
  ): Promise<GpuRequestListResponse>;
  /** One request. */
  getRequest(id: string): Promise<GpuRequest>;
  /**
   * For a grant whose jobs wait for GPUs: their place in the cluster's
   * queue, what is ahead of them and what would let them start.
   */
  getQueuePosition(id: string): Promise<QueuePosition>;
  /**
   * Asks for GPUs. Resolves as soon as the request is decided: `approved`
   * (its quota reserved, the cluster being set up; poll {@link
   * GpuProvisioningApi.getRequest} until it is `active`) or
   * `pending-approval` when it waits for an approver.
   */
  createRequest(
    input: GpuRequestInput,
    options: CreateGpuRequestOptions,
  ): Promise<GpuRequest>;
  /** Approves a request that waits for approval. */
  approveRequest(id: string): Promise<GpuRequest>;
  /** Rejects a request that waits for approval, with the reason. */
  rejectRequest(id: string, options: { reason: string }): Promise<GpuRequest>;
  /** Extends a grant. */
  extendRequest(
    id: string,
    options: { additionalHours: number },
  ): Promise<GpuRequest>;
  /** Gives the GPUs back before the grant expires. */
  releaseRequest(id: string): Promise<GpuRequest>;
  /** Keeps fewer GPUs of an active grant (`count` below what it holds), giving the rest back. */
  shrinkRequest(id: string, options: { count: number }): Promise<GpuRequest>;
  /** Tells an idle grant's owners how long it has been idle and what that costs (approvers). */
  notifyIdle(id: string): Promise<IdleNotice>;
  /** Keeps an idle grant: the idle policy leaves it for `hours` (default 24). */
  keepRequest(id: string, options?: { hours?: number }): Promise<IdleGrant>;
  /** Active grants the user may read with their idle hours and cost, most idle first. */
  listIdleGrants(): Promise<IdleGrantList>;
  /** What the idle policy would warn and release now, and the saving; changes nothing. */
  getIdlePolicyReport(): Promise<IdlePolicyReport>;
}

/**
 * The utility API reference of {@link GpuProvisioningApi}.
 *
 * @public
 */
export const gpuProvisioningApiRef = createApiRef<GpuProvisioningApi>({
  id: 'plugin.gpu-provisioning.service',
});
