import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  CapacityResponse,
  GpuRequest,
  GpuRequestInput,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { GpuProvisioningApi } from './GpuProvisioningApi';
import {
  CreateGpuRequestOptions,
  GpuClassesResponse,
  GpuRequestListResponse,
  ListGpuRequestsOptions,
  TeamQuotaResponse,
} from './types';

/**
 * Talks to the `gpu-provisioning` backend plugin through the app's discovery
 * and fetch APIs, so that the user's credentials go with every call.
 *
 * @public
 */
export class GpuProvisioningClient implements GpuProvisioningApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getCapacity(): Promise<CapacityResponse> {
    return this.request('/capacity');
  }

  async getClasses(): Promise<GpuClassesResponse> {
    return this.request('/classes');
  }

  async getQuota(options: { team: string }): Promise<TeamQuotaResponse> {
    return this.request(
      `/quota?${new URLSearchParams({ team: options.team })}`,
    );
  }

  async listRequests(
    options: ListGpuRequestsOptions,
  ): Promise<GpuRequestListResponse> {
    const query = new URLSearchParams({ scope: options.scope });
    if (options.status) query.set('status', options.status);
    if (options.team) query.set('team', options.team);
    if (options.entityRef) query.set('entityRef', options.entityRef);
    return this.request(`/requests?${query}`);
  }

  async getRequest(id: string): Promise<GpuRequest> {
    return this.request(`/requests/${encodeURIComponent(id)}`);
  }

  async createRequest(
    input: GpuRequestInput,
    options: CreateGpuRequestOptions,
  ): Promise<GpuRequest> {
    return this.request('/requests', {
      method: 'POST',
      body: input,
      headers: { 'Idempotency-Key': options.idempotencyKey },
    });
  }

  async approveRequest(id: string): Promise<GpuRequest> {
    return this.request(`/requests/${encodeURIComponent(id)}/approve`, {
      method: 'POST',
    });
  }

  async rejectRequest(
    id: string,
    options: { reason: string },
  ): Promise<GpuRequest> {
    return this.request(`/requests/${encodeURIComponent(id)}/reject`, {
      method: 'POST',
      body: { reason: options.reason },
    });
  }

  async extendRequest(
    id: string,
    options: { additionalHours: number },
  ): Promise<GpuRequest> {
    return this.request(`/requests/${encodeURIComponent(id)}/extend`, {
      method: 'POST',
      body: { additionalHours: options.additionalHours },
    });
  }

  async releaseRequest(id: string): Promise<GpuRequest> {
    return this.request(`/requests/${encodeURIComponent(id)}/release`, {
      method: 'POST',
    });
  }

  private async request<T>(
    path: string,
    init?: { method: 'POST'; body?: unknown; headers?: Record<string, string> },
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('gpu-provisioning');
    const response = await this.fetchApi.fetch(
      `${baseUrl}${path}`,
      init && {
        method: init.method,
        headers: {
          ...(init.body !== undefined && {
            'Content-Type': 'application/json',
          }),
          ...init.headers,
        },
        body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
