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
import { GroupLookup } from './gpuProvisioningDecider';
import { PermissionDecider } from './types';

const OWNED = new Set(costPermissions.map(p => p.name));

/**
 * Cost's rules: admins (members of a `cost.admins` group, or a user listed
 * there) may do everything; a team's costs are read by its members and the
 * members of every group above it; budgets are managed by the members of the
 * groups above the team; ingest and the organisation-wide FOCUS export are
 * for admins only.
 */
export function costDecider(options: {
  admins: string[];
  groupsOf: GroupLookup;
}): PermissionDecider {
  const admins = new Set(options.admins.map(a => a.toLocaleLowerCase('en-US')));
  return {
    name: 'cost',
    owns: (permission: Permission) => OWNED.has(permission.name),
    async decide(
      request: PolicyQuery,
      user?: PolicyQueryUser,
    ): Promise<PolicyDecision> {
      if (!user) return { result: AuthorizeResult.DENY };
      const claimed = user.info.ownershipEntityRefs.filter(r =>
        r.startsWith('group:'),
      );
      const fromCatalog = await options.groupsOf(user.info.userEntityRef);
      const groups = [
        ...new Set(
          [...claimed, ...fromCatalog].map(g => g.toLocaleLowerCase('en-US')),
        ),
      ];
      const isAdmin =
        admins.has(user.info.userEntityRef.toLocaleLowerCase('en-US')) ||
        groups.some(g => admins.has(g));
      if (isAdmin) return { result: AuthorizeResult.ALLOW };

      const { permission } = request;
      if (permission.name === costReadPermission.name) {
        return {
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'cost',
          resourceType: COST_RESOURCE_TYPE,
          conditions: costConditions.isTeamOrAncestor({ groupRefs: groups }),
        };
      }
      if (permission.name === costBudgetManagePermission.name) {
        return {
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'cost',
          resourceType: COST_RESOURCE_TYPE,
          conditions: costConditions.isAncestor({ groupRefs: groups }),
        };
      }
      return { result: AuthorizeResult.DENY };
    },
  };
}
