import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { AiPlatformPermissionPolicy } from './policy/AiPlatformPermissionPolicy';
import { portalDeciders } from './policy/deciders';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';

/**
 * Installs the AI Platform Portal's permission policy.
 *
 * @public
 */
export const permissionModuleAiPlatform = createBackendModule({
  pluginId: 'permission',
  moduleId: 'ai-platform',
  register(reg) {
    reg.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        policy: policyExtensionPoint,
      },
      async init({ logger, config, auth, catalog, policy }) {
        policy.setPolicy(
          AiPlatformPermissionPolicy.create({
            deciders: portalDeciders({ config, catalog, auth }),
            logger,
          }),
        );
      },
    });
  },
});
