import {
  AuthorizeResult,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  GPU_USAGE_RESOURCE_TYPE,
  gpuMetricsPermissions,
  gpuUsageConditions,
  gpuUsageReadPermission,
} from '@ai-platform/plugin-gpu-metrics-common';
import { EntityRefSet } from './EntityRefSet';
import { refKey } from './entityRefs';
import { PermissionDecider } from './types';
import { GroupLookup, userGroups } from './userGroups';

const OWNED = new Set(gpuMetricsPermissions.map(p => p.name));

/**
 * GPU usage's rules: fleet viewers (members of `gpuMetrics.fleetViewers`
 * groups, or users listed there) and platform admins read the whole fleet
 * and every team's usage; everyone else signed in reads the usage of their
 * own teams and of the teams below them (the gpu-metrics backend's
 * `IS_TEAM_OR_ANCESTOR` rule), and not the fleet.
 */
export function gpuMetricsDecider(options: {
  fleetViewers: EntityRefSet;
  platformAdmins: EntityRefSet;
  groupsOf: GroupLookup;
}): PermissionDecider {
  return {
    name: 'gpu-metrics',
    owns: (permission: Permission) => OWNED.has(permission.name),
    async decide(
      request: PolicyQuery,
      user?: PolicyQueryUser,
    ): Promise<PolicyDecision> {
      if (!user) return { result: AuthorizeResult.DENY };
      const { userEntityRef } = user.info;
      const groups = await userGroups(user, options.groupsOf);
      if (
        options.fleetViewers.includesUserOrGroup(userEntityRef, groups) ||
        options.platformAdmins.includesUserOrGroup(userEntityRef, groups)
      ) {
        return { result: AuthorizeResult.ALLOW };
      }
      if (request.permission.name === gpuUsageReadPermission.name) {
        return {
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'gpu-metrics',
          resourceType: GPU_USAGE_RESOURCE_TYPE,
          conditions: gpuUsageConditions.isTeamOrAncestor({
            groupRefs: groups.map(refKey),
          }),
        };
      }
      // The fleet-wide views.
      return { result: AuthorizeResult.DENY };
    },
  };
}
