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
  compliancePermissions,
  complianceScoreReadPermission,
} from '@ai-platform/plugin-compliance-common';
import { EntityRefSet } from './EntityRefSet';
import { PermissionDecider } from './types';
import { GroupLookup, userGroups } from './userGroups';

const OWNED = new Set(compliancePermissions.map(p => p.name));

/**
 * Compliance's rules: everyone signed in reads scores, results and evidence;
 * only members of `compliance.approvers` groups (or users listed there) grant
 * or revoke waivers and start evaluations.
 */
export function complianceDecider(options: {
  approvers: EntityRefSet;
  groupsOf: GroupLookup;
}): PermissionDecider {
  return {
    name: 'compliance',
    owns: (permission: Permission) => OWNED.has(permission.name),
    async decide(
      request: PolicyQuery,
      user?: PolicyQueryUser,
    ): Promise<PolicyDecision> {
      if (!user) return { result: AuthorizeResult.DENY };
      if (request.permission.name === complianceScoreReadPermission.name) {
        return { result: AuthorizeResult.ALLOW };
      }
      // Granting and revoking waivers, starting evaluations.
      const groups = await userGroups(user, options.groupsOf);
      const isApprover = options.approvers.includesUserOrGroup(
        user.info.userEntityRef,
        groups,
      );
      return {
        result: isApprover ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      };
    },
  };
}
