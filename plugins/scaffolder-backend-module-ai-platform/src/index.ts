/**
 * Scaffolder actions of the AI Platform Portal: `gpu:request`, and
 * `publish:local-git` with `catalog:register-local` for the embedded default.
 *
 * @packageDocumentation
 */

export { scaffolderModuleAiPlatform as default } from './module';
export { createGpuRequestAction } from './actions/gpuRequestAction';
