import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { RELATION_MEMBER_OF } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  GPU_USAGE_RESOURCE_TYPE,
  gpuFleetReadPermission,
  gpuUsageConditions,
  gpuUsageReadPermission,
} from '@ai-platform/plugin-gpu-metrics-common';

/**
 * The GPU metrics part of the portal's policy, as the contract in
 * `@ai-platform/plugin-gpu-metrics-common` describes it: members of a
 * `gpuMetrics.fleetViewers` group (or a listed user) read the fleet and every
 * subject; everyone else reads the usage of their own groups and of the
 * groups below them (a conditional decision the plugin's `IS_TEAM_OR_ANCESTOR`
 * rule evaluates); everything else is denied. Group memberships come from the
 * user's `memberOf` relations in the catalog, as the portal's policy reads
 * them.
 */
export const testPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'gpu-metrics-test-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        policy: policyExtensionPoint,
      },
      async init({ config, auth, catalog, policy }) {
        const lower = (r: string) => r.toLocaleLowerCase('en-US');
        const viewers = new Set(
          (config.getOptionalStringArray('gpuMetrics.fleetViewers') ?? []).map(
            lower,
          ),
        );
        policy.setPolicy({
          async handle(
            request: PolicyQuery,
            user?: PolicyQueryUser,
          ): Promise<PolicyDecision> {
            if (!user) return { result: AuthorizeResult.DENY };
            const entity = await catalog.getEntityByRef(
              user.info.userEntityRef,
              { credentials: await auth.getOwnServiceCredentials() },
            );
            const groups = (entity?.relations ?? [])
              .filter(r => r.type === RELATION_MEMBER_OF)
              .map(r => lower(r.targetRef));
            const isViewer = [lower(user.info.userEntityRef), ...groups].some(
              g => viewers.has(g),
            );
            const { name } = request.permission;
            if (name === gpuFleetReadPermission.name) {
              return {
                result: isViewer ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
              };
            }
            if (name === gpuUsageReadPermission.name) {
              if (isViewer) return { result: AuthorizeResult.ALLOW };
              return {
                result: AuthorizeResult.CONDITIONAL,
                pluginId: 'gpu-metrics',
                resourceType: GPU_USAGE_RESOURCE_TYPE,
                conditions: gpuUsageConditions.isTeamOrAncestor({
                  groupRefs: groups,
                }),
              };
            }
            return { result: AuthorizeResult.DENY };
          },
        });
      },
    });
  },
});
