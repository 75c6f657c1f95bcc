/**
 * Scaffolder actions of the AI Platform Portal: `gpu:request` with
 * `gpu:request:await-approval`,
 * `publish:local-git` with `catalog:register-local` for the embedded default,
 * and `ai-platform:template:record` with `ai-platform:template:upgrade` to keep
 * projects on their golden path.
 *
 * @packageDocumentation
 */

export { scaffolderModuleAiPlatform as default } from './module';
export { createGpuRequestAction } from './actions/gpuRequestAction';
