/**
 * Types of the GPU usage API, shared by `@ai-platform/plugin-gpu-metrics` and
 * `@ai-platform/plugin-gpu-metrics-backend`.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './serving';
export * from './permissions';
export { GpuMetricsApiClient } from './generated';
export type {
  RequestOptions as GpuMetricsRequestOptions,
  TypedResponse as GpuMetricsTypedResponse,
  components as GpuMetricsApiComponents,
  operations as GpuMetricsApiOperations,
} from './generated';
