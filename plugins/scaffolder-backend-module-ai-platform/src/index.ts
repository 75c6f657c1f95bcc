/**
 * Scaffolder actions of the AI Platform Portal, such as `gpu:request`.
 *
 * @packageDocumentation
 */

export { scaffolderModuleAiPlatform as default } from './module';
export { createGpuRequestAction } from './actions/gpuRequestAction';
