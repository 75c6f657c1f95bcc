import {
  aiPlatformOrganisationServiceRef,
  CallAuditor,
} from '@ai-platform/plugin-ai-platform-node';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { approvalsPermissions } from '@ai-platform/plugin-approvals-common';
import { DatabaseApprovalStore } from './database/DatabaseApprovalStore';
import { createRouter } from './service/createRouter';
import { DefaultApprovalService } from './service/DefaultApprovalService';

/**
 * Approvals backend: approval requests that the members of a named approver
 * group decide, for templates that wait for an approver
 * (`ai-platform:approval:await`) and the approvals inbox.
 *
 * @public
 */
export const approvalsPlugin = createBackendPlugin({
  pluginId: 'approvals',
  register(env) {
    env.registerInit({
      deps: {
        organisation: aiPlatformOrganisationServiceRef,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
      },
      async init({
        organisation,
        database,
        httpRouter,
        httpAuth,
        auth,
        permissions,
        permissionsRegistry,
        auditor,
      }) {
        permissionsRegistry.addPermissions(approvalsPermissions);
        const store = await DatabaseApprovalStore.create({ database });
        const service = DefaultApprovalService.create({
          store,
          auth,
          permissions,
          organisation,
          auditor: CallAuditor.create({ auditor, auth }),
        });
        httpRouter.use(await createRouter({ service, httpAuth }));
      },
    });
  },
});
