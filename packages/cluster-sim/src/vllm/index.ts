export { renderVllmMetrics } from './renderVllmMetrics';
export type { RenderVllmMetricsOptions } from './renderVllmMetrics';
export { vllmServerModel } from './vllmServerModel';
export type {
  LatencyMix,
  RequestCounts,
  VllmServerModel,
} from './vllmServerModel';
export { vllmFamilies } from './vllmFamilies';
export type { VllmFamily } from './vllmFamilies';
