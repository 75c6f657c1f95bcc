/**
 * A simulated GPU fleet for the AI Platform Portal's demo mode and tests: a
 * Kubernetes API emulator that kubectl and @kubernetes/client-node accept,
 * with dcgm-exporter and vLLM metrics beside it.
 *
 * @packageDocumentation
 */

export { startClusterSim } from './startClusterSim';
export { createSchemaValidation } from './schemaValidation';
export type { SchemaValidation } from './schemaValidation';
export type {
  ClusterSim,
  ClusterSimOptions,
  SimulatedCluster,
} from './startClusterSim';
export { FaultInjector } from './api/FaultInjector';
export type { FaultRule, FaultMatch, Verb } from './api/FaultInjector';
export { KubernetesApi } from './api/KubernetesApi';
export type { ObjectValidator } from './api/KubernetesApi';
export {
  PROFILE_ANNOTATION,
  SERVED_MODEL_ANNOTATION,
} from './api/controllers/GpuAllocator';
export {
  RUN_SECONDS_ANNOTATION,
  STARTED_AT_ANNOTATION,
} from './api/controllers/scheduler';
export { loadTopology, DEMO_TOPOLOGY_PATH } from './topology/loadTopology';
export type * from './topology/types';
export {
  renderDcgmMetrics,
  writeOpenMetricsHistory,
  historyWindows,
} from './dcgm';
export { renderVllmMetrics } from './vllm';
export { startPrometheus } from './prometheus/startPrometheus';
export { backfillHistory } from './prometheus/backfillHistory';
export {
  servingHolders,
  writeServingHistory,
} from './prometheus/writeServingHistory';
export { renderGatewayMetrics } from './gateway/renderGatewayMetrics';
export type { BackfillResult } from './prometheus/backfillHistory';
export type { PrometheusServer } from './prometheus/startPrometheus';
export { MetricsServer } from './metrics/MetricsServer';
