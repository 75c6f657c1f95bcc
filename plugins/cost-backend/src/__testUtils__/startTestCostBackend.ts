import { recordingAuditor } from '@ai-platform/test-utils';
import {
  BackstageCredentials,
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import permissionPlugin from '@backstage/plugin-permission-backend';
import permissionModuleAiPlatform from '@ai-platform/plugin-permission-backend-module-ai-platform';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { testEntities } from '../__fixtures__/entities';
import { costPlugin } from '../plugin';

/**
 * The mock HTTP auth, except that a service token issued on behalf of a user
 * (as the permission backend sends to apply conditions) carries the issuing
 * plugin as actor, as real tokens do.
 */
const oboAwareHttpAuth = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory: ({ plugin }): HttpAuthService => {
    const inner = mockServices.httpAuth({
      pluginId: plugin.getId(),
      defaultCredentials: mockCredentials.none(),
    });
    return {
      credentials: (async (
        req: Parameters<HttpAuthService['credentials']>[0],
        options?: Parameters<HttpAuthService['credentials']>[1],
      ) => {
        const credentials: BackstageCredentials = await inner.credentials(
          req,
          options,
        );
        const header = req.headers.authorization ?? '';
        const principal = credentials.principal as { type?: string };
        if (
          principal.type === 'user' &&
          header.includes('mock-service-token')
        ) {
          return {
            ...credentials,
            principal: {
              ...(credentials.principal as BackstageUserPrincipal),
              actor: { type: 'service', subject: 'plugin:permission' },
            },
          } as BackstageCredentials;
        }
        return credentials;
      }) as HttpAuthService['credentials'],
      issueUserCookie: inner.issueUserCookie.bind(inner),
    };
  },
});

/**
 * Starts the real cost plugin with the real permission backend and the
 * portal's policy module (so conditional decisions are evaluated by the
 * plugin's own rules), a catalog of the test org, and recording auditor and
 * notifications.
 */
export async function startTestCostBackend(options: {
  knex: Knex;
  config?: JsonObject;
}) {
  const sent: NotificationSendOptions[] = [];
  const { auditor, events: auditEvents } = recordingAuditor();
  const { server } = await startTestBackend({
    features: [
      costPlugin,
      permissionPlugin,
      permissionModuleAiPlatform,
      permissionsServiceFactory,
      permissionsRegistryServiceFactory,
      actionsRegistryServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          cost: { admins: ['group:default/finance'] },
          ...options.config,
        },
      }),
      mockServices.database.factory({ knex: options.knex }),
      oboAwareHttpAuth,
      catalogServiceMock.factory({ entities: testEntities }),
      auditor.factory,
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          send: async (notification: NotificationSendOptions) => {
            sent.push(notification);
          },
        }),
      }),
    ],
  });
  return { server, sent, auditEvents };
}

/** The auth header of a test user. */
export function as(userEntityRef: string): [string, string] {
  return ['Authorization', mockCredentials.user.header(userEntityRef)];
}
