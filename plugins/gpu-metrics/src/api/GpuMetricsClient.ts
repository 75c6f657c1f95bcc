import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { GpuMetricsApi } from './GpuMetricsApi';
import {
  EntityUsage,
  FleetHeatmap,
  FleetUsage,
  GroupUsage,
  UsageWindow,
} from '@ai-platform/plugin-gpu-metrics-common';

/**
 * Talks to the `gpu-metrics` backend plugin through the app's discovery and
 * fetch APIs, so that the user's credentials go with every call.
 *
 * @public
 */
export class GpuMetricsClient implements GpuMetricsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntityUsage(options: {
    entityRef: string;
    window: UsageWindow;
  }): Promise<EntityUsage> {
    return this.get('/entity', {
      entityRef: options.entityRef,
      window: options.window,
    });
  }

  async getGroupUsage(options: {
    groupRef: string;
    window: UsageWindow;
  }): Promise<GroupUsage> {
    return this.get('/group', {
      groupRef: options.groupRef,
      window: options.window,
    });
  }

  async getFleetUsage(options: { window: UsageWindow }): Promise<FleetUsage> {
    return this.get('/fleet', { window: options.window });
  }

  async getFleetHeatmap(options: {
    window: UsageWindow;
    cluster?: string;
  }): Promise<FleetHeatmap> {
    const query: Record<string, string> = { window: options.window };
    if (options.cluster) {
      query.cluster = options.cluster;
    }
    return this.get('/fleet/heatmap', query);
  }

  private async get<T>(
    path: string,
    query: Record<string, string>,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('gpu-metrics');
    const response = await this.fetchApi.fetch(
      `${baseUrl}${path}?${new URLSearchParams(query)}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
