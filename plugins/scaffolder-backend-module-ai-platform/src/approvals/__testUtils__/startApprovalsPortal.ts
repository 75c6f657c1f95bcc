// The test runs the real approvals plugin beside the scaffolder, as the
// portal does; the module itself only calls it over HTTP.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import approvalsPlugin from '@ai-platform/plugin-approvals-backend';
import {
  actorAuthServiceFactory,
  suitePermissions,
  waitFor,
} from '@ai-platform/test-utils';
import {
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import path from 'node:path';
import request from 'supertest';
import { scaffolderModuleAiPlatform } from '../../module';

/** The portal's address in the inbox links. */
export const APP_BASE_URL = 'http://localhost:3000';

/**
 * The scaffolder, catalog and approvals in one backend on in-memory SQLite:
 * the templates in `templatesDir/<name>/template.yaml` and the entities of
 * `entitiesFile`. Approvals decides with the portal's real permission policy;
 * the scaffolder and catalog allow everything, as with permissions off.
 */
export async function startApprovalsPortal(options: {
  entitiesFile: string;
  templatesDir: string;
}) {
  const config = {
    app: { baseUrl: APP_BASE_URL },
    backend: { baseUrl: 'http://localhost:7007' },
    catalog: {
      rules: [{ allow: ['Group', 'User', 'Template', 'Location'] }],
      locations: [
        { type: 'file', target: options.entitiesFile },
        {
          type: 'file',
          target: path.join(options.templatesDir, '*', 'template.yaml'),
        },
      ],
    },
    aiPlatform: {
      organisation: { cacheSeconds: 0 },
      scaffolder: {
        gpuApproval: {
          firstPollInterval: { milliseconds: 200 },
          maxPollInterval: { milliseconds: 500 },
        },
      },
    },
  };
  const policy = await suitePermissions({ config });
  const allowAll: PermissionsService = {
    authorize: async requests =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    authorizeConditional: async requests =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
  };
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleTemplateKind,
      scaffolderPlugin,
      scaffolderModuleAiPlatform,
      approvalsPlugin,
      actionsRegistryServiceFactory,
      mockServices.rootConfig.factory({ data: config }),
      // Approvals record the scaffolder as the service that asked, as with
      // the real auth service, so the wait can withdraw them as itself.
      actorAuthServiceFactory,
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.user('user:default/guest'),
      }),
      createServiceFactory({
        service: coreServices.permissions,
        deps: { plugin: coreServices.pluginMetadata },
        factory: ({ plugin }) =>
          plugin.getId() === 'approvals' ? policy : allowAll,
      }),
    ],
  });
  const { server } = backend;
  await waitFor(async () => {
    for (const ref of ['user/default/approver', 'group/default/ml-platform']) {
      const res = await request(server).get(
        `/api/catalog/entities/by-name/${ref}`,
      );
      if (res.status !== 200 || !res.body.relations?.length) return undefined;
    }
    return true;
  }, 60_000);
  return { server, stop: () => backend.stop() };
}
