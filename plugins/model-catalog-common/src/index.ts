/**
 * The model entity convention of the AI Platform Portal: types, the schema of
 * `spec.model`, annotation constants and GPU memory helpers.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './entities';
export * from './gpuMemory';
export * from './modelMetadataSchema';
export type * from './types';
