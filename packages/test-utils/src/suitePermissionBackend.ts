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
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import permissionModuleAiPlatform, {
  portalPermissionsServiceFactory,
} from '@ai-platform/plugin-permission-backend-module-ai-platform';

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
 * The features a plugin's test backend needs to decide permissions as the
 * portal does: the real permission backend with the portal's policy module
 * (so conditional decisions are applied by the plugin's own rules), the real
 * permissions and actions registries, and HTTP auth that knows the permission
 * backend's on-behalf-of tokens. Set `permission.enabled: true` in the
 * backend's config.
 */
export function suitePermissionBackendFeatures(options?: {
  /**
   * Plugins ask the policy in their own process, as the portal's backend
   * does (`portalPermissionsServiceFactory`); by default they ask the
   * permission backend over HTTP with Backstage's own client.
   */
  decideInProcess?: boolean;
}) {
  return [
    permissionPlugin,
    permissionModuleAiPlatform,
    options?.decideInProcess
      ? portalPermissionsServiceFactory
      : permissionsServiceFactory,
    permissionsRegistryServiceFactory,
    actionsRegistryServiceFactory,
    oboAwareHttpAuth,
  ];
}

/** The `Authorization` header of a test user. */
export function asUser(userEntityRef: string): [string, string] {
  return ['Authorization', mockCredentials.user.header(userEntityRef)];
}

/** The `Authorization` header of a service (another plugin). */
export function asService(): [string, string] {
  return ['Authorization', mockCredentials.service.header()];
}
