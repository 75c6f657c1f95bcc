import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createGpuRequestAction } from './actions/gpuRequestAction';
import { createRegisterLocalCatalogAction } from './catalog/registerLocalCatalogAction';
import { createPublishLocalGitAction } from './localGit/publishLocalGitAction';

/**
 * The AI Platform Portal's scaffolder actions: `gpu:request`, and, where
 * `aiPlatform.scaffolder.localGitRoot` is set (the embedded default),
 * `publish:local-git` with `catalog:register-local`.
 *
 * @public
 */
export const scaffolderModuleAiPlatform = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'ai-platform',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        catalog: catalogServiceRef,
      },
      async init({
        scaffolderActions,
        discovery,
        auth,
        config,
        logger,
        catalog,
      }) {
        scaffolderActions.addActions(
          createGpuRequestAction({ discovery, auth }),
        );
        // Local git publishing is the embedded default's: only where its
        // folder is configured (app-config.demo.yaml), never by default.
        if (config.has('aiPlatform.scaffolder.localGitRoot')) {
          scaffolderActions.addActions(
            createPublishLocalGitAction({ config }),
            createRegisterLocalCatalogAction({ config, catalog, logger }),
          );
        }
      },
    });
  },
});
