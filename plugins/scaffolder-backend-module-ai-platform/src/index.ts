/**
 * Scaffolder actions of the AI Platform Portal: `gpu:request`, and
 * `publish:local-git` with `catalog:register-local` for the embedded default.
 *
 * @packageDocumentation
 */

export { scaffolderModuleAiPlatform as default } from './module';
export { createGpuRequestAction } from './actions/gpuRequestAction';
export { createPublishLocalGitAction } from './localGit/publishLocalGitAction';
export {
  createRegisterLocalCatalogAction,
  localGitCatalogTarget,
  localGitLocationRef,
} from './catalog/registerLocalCatalogAction';
export { validateCatalogEntities } from './catalog/validateCatalogEntities';
