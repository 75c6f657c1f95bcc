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
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { JsonObject } from '@backstage/types';
import { testEntities } from '../__fixtures__/entities';
import { gpuMetricsPlugin } from '../plugin';
import permissionModuleAiPlatform from '@ai-platform/plugin-permission-backend-module-ai-platform';

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
 * Starts the real gpu-metrics plugin with the real permission backend (so
 * conditional decisions go through the plugin's own rule), the portal's
 * real permission policy module, the real actions registry and a catalog
 * of the test organisation. Requests without an Authorization header have no
 * credentials (401).
 */
export async function startTestGpuMetricsBackend(options: {
  config?: JsonObject;
  entities?: Entity[];
  auditor?: ReturnType<typeof mockServices.auditor.mock>;
}) {
  const gpuMetrics = (options.config?.gpuMetrics ?? {}) as JsonObject;
  const { server } = await startTestBackend({
    features: [
      gpuMetricsPlugin,
      permissionPlugin,
      permissionModuleAiPlatform,
      permissionsServiceFactory,
      permissionsRegistryServiceFactory,
      actionsRegistryServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          ...options.config,
          gpuMetrics: {
            fleetViewers: ['group:default/fleet-watchers'],
            ...gpuMetrics,
          },
        },
      }),
      oboAwareHttpAuth,
      catalogServiceMock.factory({
        entities: options.entities ?? testEntities,
      }),
      ...(options.auditor ? [options.auditor.factory] : []),
    ],
  });
  return { server };
}

/** The auth header of a test user. */
export function as(userEntityRef: string): [string, string] {
  return ['Authorization', mockCredentials.user.header(userEntityRef)];
}

/** The auth header of a service (another plugin). */
export function asService(): [string, string] {
  return ['Authorization', mockCredentials.service.header()];
}
