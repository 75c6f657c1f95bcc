import permissionModuleAiPlatform from '@ai-platform/plugin-permission-backend-module-ai-platform';
import {
  BackstageCredentials,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PolicyDecision,
  Permission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { JsonObject } from '@backstage/types';

/** Options of {@link suitePermissions}. */
export interface SuitePermissionsOptions {
  /** Root config the policy reads (`aiPlatform.permissions`, `gpuProvisioning.approvers`, ...). */
  config?: JsonObject;
  /** The groups each user is a direct member of, claimed in their token as sign-in resolvers do. */
  memberships?: Record<string, string[]>;
  /** Catalog entities the policy may look users' `memberOf` groups up in; none by default. */
  entities?: Entity[];
  /**
   * Permission names denied to every user whatever the policy says, for tests
   * of a plugin's answer to a denial the portal policy never gives (for
   * example `gpu.request.create`, which it allows to everyone signed in).
   */
  deny?: string[];
}

/**
 * Builds the portal's real permission policy exactly as its backend module
 * does, by installing the module next to a stand-in permission plugin that
 * only collects the policy.
 */
async function realPortalPolicy(
  options: SuitePermissionsOptions,
): Promise<PermissionPolicy> {
  let policy: PermissionPolicy | undefined;
  const policyCollector = createBackendPlugin({
    pluginId: 'permission',
    register(reg) {
      reg.registerExtensionPoint(policyExtensionPoint, {
        setPolicy: p => {
          policy = p;
        },
      });
      reg.registerInit({ deps: {}, async init() {} });
    },
  });
  await startTestBackend({
    features: [
      policyCollector,
      permissionModuleAiPlatform,
      mockServices.rootConfig.factory({ data: options.config ?? {} }),
      catalogServiceMock.factory({ entities: options.entities ?? [] }),
    ],
  });
  if (!policy) throw new Error('The portal permission module set no policy');
  return policy;
}

/**
 * A permissions service that decides with the portal's real
 * `AiPlatformPermissionPolicy`, for plugin tests that do not run the
 * permission backend.
 *
 * @remarks
 * As Backstage's permissions service does, it allows everything to service
 * principals without asking the policy, and asks the policy without a user
 * for callers without identity. A user's ownership claims are their own ref
 * and their `memberships`. `authorize` answers ALLOW or DENY; a conditional
 * decision there is an error (this service does not apply conditions for a
 * resource ref: use `authorizeConditional`, as the suite's plugins do).
 */
export async function suitePermissions(options: SuitePermissionsOptions = {}) {
  const policy = await realPortalPolicy(options);
  const memberships = options.memberships ?? {};
  const denied = new Set(options.deny ?? []);

  const decide = async (
    permission: Permission,
    credentials: BackstageCredentials,
  ): Promise<PolicyDecision> => {
    const principal = credentials.principal as {
      type: string;
      userEntityRef?: string;
    };
    if (principal.type === 'service') return { result: AuthorizeResult.ALLOW };
    const userEntityRef = principal.userEntityRef;
    if (userEntityRef && denied.has(permission.name)) {
      return { result: AuthorizeResult.DENY };
    }
    const user: PolicyQueryUser | undefined = userEntityRef
      ? {
          credentials,
          info: {
            userEntityRef,
            ownershipEntityRefs: [
              userEntityRef,
              ...(memberships[userEntityRef] ?? []),
            ],
          },
        }
      : undefined;
    return policy.handle({ permission }, user);
  };

  return mockServices.permissions.mock({
    authorize: async (requests, { credentials }) =>
      Promise.all(
        requests.map(async ({ permission }) => {
          const decision = await decide(permission, credentials);
          if (decision.result === AuthorizeResult.CONDITIONAL) {
            throw new Error(
              `suitePermissions: ${permission.name} is conditional; use authorizeConditional`,
            );
          }
          return { result: decision.result };
        }),
      ),
    authorizeConditional: async (requests, { credentials }) =>
      Promise.all(
        requests.map(({ permission }) => decide(permission, credentials)),
      ),
  });
}
