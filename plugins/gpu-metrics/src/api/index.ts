export { gpuMetricsApiRef } from './GpuMetricsApi';
export type { GpuMetricsApi } from './GpuMetricsApi';
export { GpuMetricsClient } from './GpuMetricsClient';
export { USAGE_WINDOWS } from '@ai-platform/plugin-gpu-metrics-common';
export type {
  ClusterError,
  ClusterGpuSummary,
  EntityError,
  EntityUsage,
  FleetHeatmap,
  FleetUsage,
  GpuWorkload,
  GroupEntityUsage,
  GroupTruncation,
  GroupUsage,
  HeatmapRow,
  IdleGpu,
  RightsizingRecommendation,
  UsageAggregate,
  UsageSample,
  UsageWindow,
  UtilisationBucket,
} from '@ai-platform/plugin-gpu-metrics-common';
