import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { AiPlatformPermissionPolicy } from './policy/AiPlatformPermissionPolicy';
import { portalDeciders } from './policy/deciders';

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
      deps: { logger: coreServices.logger, policy: policyExtensionPoint },
      async init({ logger, policy }) {
        policy.setPolicy(
          AiPlatformPermissionPolicy.create({
            deciders: portalDeciders,
            logger,
          }),
        );
      },
    });
  },
});
