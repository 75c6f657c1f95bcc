/**
 * Types of the GPU usage API, shared by `@ai-platform/plugin-gpu-metrics` and
 * `@ai-platform/plugin-gpu-metrics-backend`.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './permissions';
