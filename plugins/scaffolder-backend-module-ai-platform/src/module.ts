import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { ScmIntegrations } from '@backstage/integration';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { aiPlatformOrganisationServiceRef } from '@ai-platform/plugin-ai-platform-node';
import { createGpuRequestAction } from './actions/gpuRequestAction';
import { createAwaitGpuApprovalAction } from './approval/awaitGpuApprovalAction';
import { readApprovalWaitSettings } from './approval/approvalWaitSettings';
import { createAwaitApprovalAction } from './approvals/awaitApprovalAction';
import { createRegisterLocalCatalogAction } from './catalog/registerLocalCatalogAction';
import { createPublishLocalGitAction } from './localGit/publishLocalGitAction';
import { createRecordTemplateAction } from './templateProvenance/recordTemplateAction';
import { createUpgradeTemplateAction } from './templateProvenance/upgradeTemplateAction';

/**
 * The AI Platform Portal's scaffolder actions: `gpu:request` with
 * `gpu:request:await-approval`, `ai-platform:approval:await` (a named
 * approver group decides),
 * `ai-platform:template:record` and `ai-platform:template:upgrade`, and, where
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
        urlReader: coreServices.urlReader,
        organisation: aiPlatformOrganisationServiceRef,
        lifecycle: coreServices.lifecycle,
      },
      async init({
        scaffolderActions,
        discovery,
        auth,
        config,
        logger,
        catalog,
        urlReader,
        organisation,
        lifecycle,
      }) {
        // Waiting steps stop (without failing) when the backend stops, so
        // task recovery can resume them on the next start.
        const shutdown = new AbortController();
        // GitHub and GitLab hosts, for fetch:template and for upgrades'
        // pull and merge requests.
        const integrations = ScmIntegrations.fromConfig(config);
        lifecycle.addShutdownHook(() => shutdown.abort());
        const approvalWaitSettings = readApprovalWaitSettings(config);
        scaffolderActions.addActions(
          createGpuRequestAction({ discovery, auth }),
          createAwaitGpuApprovalAction({
            discovery,
            auth,
            settings: approvalWaitSettings,
            shutdown: shutdown.signal,
          }),
          createAwaitApprovalAction({
            discovery,
            auth,
            settings: approvalWaitSettings,
            shutdown: shutdown.signal,
          }),
          createRecordTemplateAction(),
          // Upgrades re-render with the scaffolder's own fetch:template.
          createUpgradeTemplateAction({
            config,
            catalog,
            organisation,
            fetchTemplate: createFetchTemplateAction({
              reader: urlReader,
              integrations,
            }),
            integrations,
          }),
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
