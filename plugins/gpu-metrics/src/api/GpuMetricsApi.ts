import { createApiRef } from '@backstage/core-plugin-api';
import {
  EntityUsage,
  FleetHeatmap,
  FleetUsage,
  GroupUsage,
  UsageWindow,
} from '@ai-platform/plugin-gpu-metrics-common';

/**
 * The GPU metrics backend, as the frontend sees it. Every method throws a
 * `ResponseError` from `@backstage/errors` when the backend refuses; a 503
 * means that Prometheus could not be reached.
 *
 * @public
 */
export interface GpuMetricsApi {
  /** GPU usage of a Component or System. */
  getEntityUsage(options: {
    entityRef: string;
    window: UsageWindow;
  }): Promise<EntityUsage>;
  /** GPU usage of a Group and each entity it owns. */
  getGroupUsage(options: {
    groupRef: string;
    window: UsageWindow;
  }): Promise<GroupUsage>;
  /** Utilisation per cluster and GPU model, and the idle GPUs. */
  getFleetUsage(options: { window: UsageWindow }): Promise<FleetUsage>;
  /**
   * Utilisation over time in at most 96 buckets: a page of rows per node, of
   * one cluster or of all, or with `node` (and `cluster`) a row per GPU of
   * that node.
   */
  getFleetHeatmap(options: {
    window: UsageWindow;
    cluster?: string;
    node?: string;
    offset?: number;
    limit?: number;
  }): Promise<FleetHeatmap>;
}

/**
 * The utility API reference of {@link GpuMetricsApi}.
 *
 * @public
 */
export const gpuMetricsApiRef = createApiRef<GpuMetricsApi>({
  id: 'plugin.gpu-metrics.service',
});
