import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  CapacityResponse,
  GpuRequest,
  GpuProvisioningApiClient,
  GpuRequestInput,
  QuotaSharingResponse,
  TypedResponse,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { GpuProvisioningApi } from './GpuProvisioningApi';
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
 * Talks to the `gpu-provisioning` backend plugin through its generated client
 * with the app's discovery and fetch APIs, so that the user's credentials go
 * with every call.
 *
 * @public
 */
export class GpuProvisioningClient implements GpuProvisioningApi {
  private readonly client: GpuProvisioningApiClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.client = new GpuProvisioningApiClient(options);
  }

  /** {@inheritDoc GpuProvisioningApi.getCapacity} */
  async getCapacity(): Promise<CapacityResponse> {
    return read(this.client.getCapacity());
  }

  /** {@inheritDoc GpuProvisioningApi.getClasses} */
  async getClasses(): Promise<GpuClassesResponse> {
    return read(this.client.getClasses());
  }

  /** {@inheritDoc GpuProvisioningApi.getQuota} */
  async getQuota(options: { team: string }): Promise<TeamQuotaResponse> {
    return read(this.client.getQuota({ query: { team: options.team } }));
  }

  /** {@inheritDoc GpuProvisioningApi.getQuotaSharing} */
  async getQuotaSharing(options: {
    team: string;
  }): Promise<QuotaSharingResponse> {
    return read(this.client.getQuotaSharing({ query: { team: options.team } }));
  }

  /** {@inheritDoc GpuProvisioningApi.getStartEstimate} */
  async getStartEstimate(
    options: StartEstimateOptions,
  ): Promise<StartEstimate> {
    return read(this.client.getStartEstimate({ query: options }));
  }

  /** {@inheritDoc GpuProvisioningApi.getCalendar} */
  async getCalendar(options: CalendarOptions): Promise<Calendar> {
    return read(this.client.getCalendar({ query: options }));
  }

  /** {@inheritDoc GpuProvisioningApi.listRequests} */
  async listRequests(
    options: ListGpuRequestsOptions,
  ): Promise<GpuRequestListResponse> {
    return read(
      this.client.listRequests({
        query: {
          scope: options.scope,
          status: options.status ? [options.status] : undefined,
          team: options.team,
          entityRef: options.entityRef,
        },
      }),
    );
  }

  /** {@inheritDoc GpuProvisioningApi.getRequest} */
  async getRequest(id: string): Promise<GpuRequest> {
    return read(this.client.getRequest({ path: { id } }));
  }

  /** {@inheritDoc GpuProvisioningApi.getQueuePosition} */
  async getQueuePosition(id: string): Promise<QueuePosition> {
    return read(this.client.getQueuePosition({ path: { id } }));
  }

  /** {@inheritDoc GpuProvisioningApi.createRequest} */
  async createRequest(
    input: GpuRequestInput,
    options: CreateGpuRequestOptions,
  ): Promise<GpuRequest> {
    return read(
      this.client.createRequest({
        // The form answers as soon as the request is decided and then
        // follows it, rather than waiting for the cluster.
        header: {
          'Idempotency-Key': options.idempotencyKey,
          Prefer: 'respond-async',
        },
        body: input,
      }),
    );
  }

  /** {@inheritDoc GpuProvisioningApi.approveRequest} */
  async approveRequest(id: string): Promise<GpuRequest> {
    return read(this.client.approveRequest({ path: { id } }));
  }

  /** {@inheritDoc GpuProvisioningApi.rejectRequest} */
  async rejectRequest(
    id: string,
    options: { reason: string },
  ): Promise<GpuRequest> {
    return read(
      this.client.rejectRequest({
        path: { id },
        body: { reason: options.reason },
      }),
    );
  }

  /** {@inheritDoc GpuProvisioningApi.extendRequest} */
  async extendRequest(
    id: string,
    options: { additionalHours: number },
  ): Promise<GpuRequest> {
    return read(
      this.client.extendRequest({
        path: { id },
        body: { additionalHours: options.additionalHours },
      }),
    );
  }

  /** {@inheritDoc GpuProvisioningApi.releaseRequest} */
  async releaseRequest(id: string): Promise<GpuRequest> {
    return read(this.client.releaseRequest({ path: { id } }));
  }

  /** {@inheritDoc GpuProvisioningApi.shrinkRequest} */
  async shrinkRequest(
    id: string,
    options: { count: number },
  ): Promise<GpuRequest> {
    return read(
      this.client.shrinkRequest({
        path: { id },
        body: { count: options.count },
      }),
    );
  }

  /** {@inheritDoc GpuProvisioningApi.notifyIdle} */
  async notifyIdle(id: string): Promise<IdleNotice> {
    return read(this.client.notifyIdleRequest({ path: { id } }));
  }

  /** {@inheritDoc GpuProvisioningApi.keepRequest} */
  async keepRequest(
    id: string,
    options: { hours?: number } = {},
  ): Promise<IdleGrant> {
    return read(
      this.client.keepRequest({
        path: { id },
        body: options.hours === undefined ? {} : { hours: options.hours },
      }),
    );
  }

  /** {@inheritDoc GpuProvisioningApi.listIdleGrants} */
  async listIdleGrants(): Promise<IdleGrantList> {
    return read(this.client.listIdleGrants());
  }

  /** {@inheritDoc GpuProvisioningApi.getIdlePolicyReport} */
  async getIdlePolicyReport(): Promise<IdlePolicyReport> {
    return read(this.client.getIdlePolicyReport());
  }
}

/** The body of a successful answer; a failed one throws with its status. */
async function read<T>(pending: Promise<TypedResponse<T>>): Promise<T> {
  const response = await pending;
  if (!response.ok) {
    throw await ResponseError.fromResponse(response as Response);
  }
  return response.json();
}
