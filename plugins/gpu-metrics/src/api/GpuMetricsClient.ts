import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { GpuMetricsApi } from './GpuMetricsApi';
import {
  EntityUsage,
  FleetHeatmap,
  FleetUsage,
  GpuMetricsApiClient,
  GpuMetricsTypedResponse,
  GroupUsage,
  UsageWindow,
} from '@ai-platform/plugin-gpu-metrics-common';

/**
 * Talks to the `gpu-metrics` backend plugin through its generated client
 * with the app's discovery and fetch APIs, so that the user's credentials go
 * with every call.
 *
 * @public
 */
export class GpuMetricsClient implements GpuMetricsApi {
  private readonly client: GpuMetricsApiClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.client = new GpuMetricsApiClient(options);
  }

  /** {@inheritDoc GpuMetricsApi.getEntityUsage} */
  async getEntityUsage(options: {
    entityRef: string;
    window: UsageWindow;
  }): Promise<EntityUsage> {
    return read(
      this.client.getEntityUsage({
        query: { entityRef: options.entityRef, window: options.window },
      }),
    );
  }

  /** {@inheritDoc GpuMetricsApi.getGroupUsage} */
  async getGroupUsage(options: {
    groupRef: string;
    window: UsageWindow;
  }): Promise<GroupUsage> {
    return read(
      this.client.getGroupUsage({
        query: { groupRef: options.groupRef, window: options.window },
      }),
    );
  }

  /** {@inheritDoc GpuMetricsApi.getFleetUsage} */
  async getFleetUsage(options: { window: UsageWindow }): Promise<FleetUsage> {
    return read(
      this.client.getFleetUsage({ query: { window: options.window } }),
    );
  }

  /** {@inheritDoc GpuMetricsApi.getFleetHeatmap} */
  async getFleetHeatmap(options: {
    window: UsageWindow;
    cluster?: string;
    node?: string;
    offset?: number;
    limit?: number;
  }): Promise<FleetHeatmap> {
    const { window, cluster, node, offset, limit } = options;
    return read(
      this.client.getFleetHeatmap({
        query: { window, cluster, node, offset, limit },
      }),
    );
  }
}

/** The body of a successful answer; a failed one throws with its status. */
async function read<T>(
  pending: Promise<GpuMetricsTypedResponse<T>>,
): Promise<T> {
  const response = await pending;
  if (!response.ok) {
    throw await ResponseError.fromResponse(response as Response);
  }
  return response.json();
}
