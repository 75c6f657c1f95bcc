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
  complianceEntityEvaluatePermission,
  compliancePermissions,
  complianceScoreReadPermission,
} from '@ai-platform/plugin-compliance-common';
import { EntityRefSet } from './EntityRefSet';
import { PermissionDecider } from './types';
import { GroupLookup, userGroups } from './userGroups';

const OWNED = new Set(compliancePermissions.map(p => p.name));
/**
 * What every signed-in user may do: read, and have an entity re-scored
 * from its current inputs (it writes only what a scheduled run would).
 */
const EVERYONE = new Set([
  complianceScoreReadPermission.name,
  complianceEntityEvaluatePermission.name,
]);

/**
 * Compliance's rules: everyone signed in reads scores, results and evidence
 * and may have an entity re-scored now; only members of `compliance.approvers` groups (or users listed there) grant
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
      if (EVERYONE.has(request.permission.name)) {
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
