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
  COST_RESOURCE_TYPE,
  costBudgetManagePermission,
  costConditions,
  costPermissions,
  costReadPermission,
} from '@ai-platform/plugin-cost-common';
import { EntityRefSet } from './EntityRefSet';
import { refKey } from './entityRefs';
import { PermissionDecider } from './types';
import { GroupLookup, userGroups } from './userGroups';

const OWNED = new Set(costPermissions.map(p => p.name));

/**
 * Cost's rules: admins (members of a `cost.admins` group, or a user listed
 * there) may do everything; a team's costs are read by its members and the
 * members of every group above it; budgets are managed by the members of the
 * groups above the team; ingest and the organisation-wide FOCUS export are
 * for admins only.
 */
export function costDecider(options: {
  admins: EntityRefSet;
  groupsOf: GroupLookup;
}): PermissionDecider {
  return {
    name: 'cost',
    owns: (permission: Permission) => OWNED.has(permission.name),
    async decide(
      request: PolicyQuery,
      user?: PolicyQueryUser,
    ): Promise<PolicyDecision> {
      if (!user) return { result: AuthorizeResult.DENY };
      const groups = await userGroups(user, options.groupsOf);
      if (options.admins.includesUserOrGroup(user.info.userEntityRef, groups)) {
        return { result: AuthorizeResult.ALLOW };
      }
      // The cost backend's rules compare lower-cased refs.
      const groupRefs = groups.map(refKey);
      const { permission } = request;
      if (permission.name === costReadPermission.name) {
        return {
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'cost',
          resourceType: COST_RESOURCE_TYPE,
          conditions: costConditions.isTeamOrAncestor({ groupRefs }),
        };
      }
      if (permission.name === costBudgetManagePermission.name) {
        return {
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'cost',
          resourceType: COST_RESOURCE_TYPE,
          conditions: costConditions.isAncestor({ groupRefs }),
        };
      }
      return { result: AuthorizeResult.DENY };
    },
  };
}
