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
import { GroupLookup } from './gpuProvisioningDecider';
import { PermissionDecider } from './types';

const OWNED = new Set(compliancePermissions.map(p => p.name));

/**
 * Compliance's rules: everyone signed in reads scores, results and evidence;
 * only members of `compliance.approvers` groups grant or revoke waivers and
 * start evaluations (an approver entry may also name a user).
 */
export function complianceDecider(options: {
  approvers: string[];
  groupsOf: GroupLookup;
}): PermissionDecider {
  const approvers = new Set(
    options.approvers.map(a => a.toLocaleLowerCase('en-US')),
  );
  return {
    name: 'compliance',
    owns: (permission: Permission) => OWNED.has(permission.name),
    async decide(
      request: PolicyQuery,
      user?: PolicyQueryUser,
    ): Promise<PolicyDecision> {
      if (!user) return { result: AuthorizeResult.DENY };
      if (request.permission.name === complianceScoreReadPermission.name)
        return { result: AuthorizeResult.ALLOW };
      const claimed = user.info.ownershipEntityRefs.filter(r =>
        r.startsWith('group:'),
      );
      const groups = [
        user.info.userEntityRef,
        ...claimed,
        ...(await options.groupsOf(user.info.userEntityRef)),
      ].map(g => g.toLocaleLowerCase('en-US'));
      const isApprover = groups.some(g => approvers.has(g));
      // Granting and revoking waivers, starting evaluations.
      return {
        result: isApprover ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      };
    },
  };
}
