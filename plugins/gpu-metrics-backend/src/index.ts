/**
 * GPU metrics backend plugin for the AI Platform Portal.
 *
 * @packageDocumentation
 */
export { gpuMetricsPlugin as default } from './plugin';
